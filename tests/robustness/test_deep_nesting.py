"""Deep hierarchies: one documented limit, the same everywhere; never a RecursionError.

The limit is ``gtgraph.model.MAX_HIERARCHY_DEPTH`` (100 levels).  The API refuses a
link past it; load() refuses a file past it; the readers drop (with a warning) or
refuse links past it; and a project at the limit is written and read back by
every writer.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

import gtgraph
from gtgraph import FormatError, GtGraphError, ValidationError
from gtgraph.model import MAX_HIERARCHY_DEPTH
from gtgraph.readwrite import dumps, loads

DEEP = 5000


def chain(levels: int) -> gtgraph.Project:
    """A code under *levels* nested categories (the code is *levels* links deep)."""
    p = gtgraph.Project(title="deep")
    s = p.add_source("S", text="calm here")
    p.code(s, 0, 4, codes=["c0"])
    prev = "c0"
    for i in range(1, levels + 1):
        p.add_category(f"k{i}")
        p.categorize(prev, f"k{i}")
        prev = f"k{i}"
    return p


@pytest.fixture(scope="module")
def deepest() -> gtgraph.Project:
    return chain(MAX_HIERARCHY_DEPTH)


def test_the_limit_is_one_hundred_levels():
    """The documented limit."""
    assert MAX_HIERARCHY_DEPTH == 100


def test_api_refuses_one_level_more(deepest):
    """Putting the top category under another is refused, naming the limit; nothing changes."""
    p = loads(dumps(deepest))
    before = dumps(p)
    p.add_category("top")
    with pytest.raises(ValidationError, match="101 levels deep, more than the 100"):
        p.categorize(f"k{MAX_HIERARCHY_DEPTH}", "top")
    p.undo()
    assert dumps(p) == before


def test_api_refuses_deep_subtree_under_deep_parent():
    """Joining two chains of 60 is refused: 60 + 1 + 60 levels."""
    p = chain(60)
    p.add_code("other")
    prev = "other"
    for i in range(1, 61):
        p.add_category(f"j{i}")
        p.categorize(prev, f"j{i}")
        prev = f"j{i}"
    with pytest.raises(ValidationError, match="levels deep"):
        p.categorize("k60", "j1")


def test_api_stops_a_5000_level_build_at_the_limit():
    """Building 5,000 levels one by one raises ValidationError at level 101, never RecursionError."""
    p = gtgraph.Project()
    p.add_category("k0")
    prev = "k0"

    def build() -> None:
        previous = prev
        for i in range(1, DEEP):
            p.add_category(f"k{i}", parents=[previous])
            previous = f"k{i}"

    with pytest.raises(ValidationError, match="more than the 100"):
        build()
    assert len(p.categories) == MAX_HIERARCHY_DEPTH + 1


def _deep_doc(levels: int) -> str:
    doc = json.loads(dumps(gtgraph.Project(title="deep")))
    doc["categories"] = [
        {
            "id": f"cat{i}",
            "name": f"k{i}",
            "definition": "",
            "properties": [],
            "theme": False,
            "core": False,
            "colour": None,
        }
        for i in range(levels + 1)
    ]
    doc["hierarchy"] = [[f"cat{i}", f"cat{i + 1}"] for i in range(levels)]
    doc["next_id"] = levels + 2
    return json.dumps(doc)


def test_load_refuses_5000_levels():
    """A file nesting 5,000 levels is a FormatError naming the limit."""
    with pytest.raises(FormatError, match="5000 levels below a top-level category"):
        loads(_deep_doc(DEEP), name="deep.gtg.json")


def test_load_accepts_the_limit():
    """A file at exactly the limit loads."""
    p = loads(_deep_doc(MAX_HIERARCHY_DEPTH), name="deep.gtg.json")
    assert len(p.categories) == MAX_HIERARCHY_DEPTH + 1


def test_load_refuses_5000_nested_json_lists():
    """JSON nested 5,000 deep (in a setting) is a FormatError, not a RecursionError."""
    doc = json.loads(dumps(gtgraph.Project()))
    nested = "[" * DEEP + "]" * DEEP
    text = json.dumps(doc).replace(
        '"settings": {}', '"settings": {"x": ' + nested + "}"
    )
    with pytest.raises(FormatError):
        loads(text, name="nested.gtg.json")


def _nested_codes_qde(levels: int) -> str:
    opening = "".join(
        f'<Code guid="00000000-0000-0000-0000-{i:012d}" name="k{i}" isCodable="true">'
        for i in range(levels)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="deep"><CodeBook><Codes>'
        + opening
        + "</Code>" * levels
        + "</Codes></CodeBook></Project>"
    )


@pytest.mark.parametrize("suffix", [".qde", ".qdc"])
def test_refi_reader_refuses_5000_levels(tmp_path, suffix):
    """A REFI-QDA file nesting 5,000 codes is refused with a FormatError."""
    path = tmp_path / f"deep{suffix}"
    text = _nested_codes_qde(DEEP)
    if suffix == ".qdc":
        text = text.replace("<Project", "<CodeBook").replace(
            "</Project>", "</CodeBook>"
        )
        text = text.replace("<CodeBook><Codes>", "<Codes>", 1)
        text = text.replace("</Codes></CodeBook></CodeBook>", "</Codes></CodeBook>")
    path.write_text(text)
    reader = gtgraph.read_qdc if suffix == ".qdc" else gtgraph.read_qdpx
    with pytest.raises(FormatError):
        reader(path)


def test_csv_paths_deeper_than_the_limit_keep_it(tmp_path):
    """A code path of 1,000 parts: links past the limit are dropped with a warning."""
    path = tmp_path / "deep.csv"
    # 1,000 rather than 5,000 parts: each new category costs a pass over the
    # hierarchy, and the limit is met at part 101 either way.
    name = "/".join(f"k{i}" for i in range(1000))
    path.write_text(f"document,code,text\nP01,{name},calm\n")
    report: list = []
    p = gtgraph.read_segments_csv(path, separator="/", errors="ignore", report=report)
    assert "hierarchy" in {w.what for w in report}
    assert loads(dumps(p)) == p


WRITERS = {
    "native": lambda p, _d: loads(dumps(p)),
    "qdpx": lambda p, d: gtgraph.read_qdpx(gtgraph.write_qdpx(p, d / "a.qdpx")),
    "qdc": lambda p, d: gtgraph.read_qdc(gtgraph.write_qdc(p, d / "a.qdc")),
    "dot codes": lambda p, _d: gtgraph.to_dot(p, level="codes"),
    "dot categories": lambda p, _d: gtgraph.to_dot(p, level="categories"),
    "mermaid": lambda p, _d: gtgraph.to_mermaid(p),
    "codebook": lambda p, _d: gtgraph.readwrite.codebook_markdown(p),
    "csv": lambda p, _d: gtgraph.readwrite.segments_csv(p),
    "graphml": lambda p, d: gtgraph.drawing.write_graphml(p, d / "a.graphml"),
    "check": lambda p, _d: p.check(),
    "saturation": lambda p, _d: p.saturation(),
    "provenance": lambda p, _d: gtgraph.provenance(p, "c0"),
}


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_every_operation_works_at_the_limit(deepest, tmp_path: Path, name):
    """At the limit every writer and analysis works (and what is written reads back)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = WRITERS[name](deepest, tmp_path)
        except RecursionError:  # pragma: no cover - the defect
            pytest.fail(f"{name} raised RecursionError at {MAX_HIERARCHY_DEPTH} levels")
        except GtGraphError as error:  # pragma: no cover - should work
            pytest.fail(f"{name} refused a project at the limit: {error}")
    if isinstance(result, gtgraph.Project):
        assert [c.name for c in result.parents("c0")] == ["k1"]
        depth, node = 0, "c0"
        while parents := result.parents(node):
            node, depth = parents[0].name, depth + 1
        assert depth == MAX_HIERARCHY_DEPTH
