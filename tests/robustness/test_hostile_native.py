"""The catalogue of hostile project files: each attack, refused or read harmlessly.

docs/reference/hostile-inputs.md lists these tests by name.
"""

from __future__ import annotations

import builtins
import io
import json
import os

import pytest
from fuzzing import INVALID_UTF8, check_project, native_corpus

import gtgraph
from gtgraph import FormatError
from gtgraph.readwrite import dumps, loads


def fixture_doc() -> dict:
    return json.loads(native_corpus()[0])


def text_with(doc: dict, placeholder: str, raw: str) -> str:
    """Write *doc* and put the raw JSON text *raw* where the string *placeholder* is."""
    text = json.dumps(doc, ensure_ascii=False)
    assert f'"{placeholder}"' in text
    return text.replace(f'"{placeholder}"', raw)


def load_or_refuse(text: str | bytes) -> gtgraph.Project | None:
    """Load; a loaded project must pass the harness check; None when refused."""
    try:
        project = loads(text, name="hostile.gtg.json")
    except FormatError:
        return None
    check_project(project)
    return project


# ------------------------------------------------------------------------ numbers


@pytest.mark.parametrize(
    "where",
    ["next_id", "order", "start", "attribute", "setting", "history"],
)
def test_huge_integer_refused(where):
    """An integer of 5,000 digits anywhere is a FormatError, not a ValueError from int()."""
    doc = fixture_doc()
    slot = {
        "next_id": lambda d: d.update(next_id="<<N>>"),
        "order": lambda d: d["sources"][0].update(order="<<N>>"),
        "start": lambda d: d["segments"][0].__setitem__(2, "<<N>>"),
        "attribute": lambda d: d["participants"][0]["attributes"].update(n="<<N>>"),
        "setting": lambda d: d["settings"].update(n="<<N>>"),
        "history": lambda d: d["history"][0][4].update(n="<<N>>"),
    }[where]
    slot(doc)
    with pytest.raises(FormatError, match="too large to read"):
        loads(text_with(doc, "<<N>>", "1" * 5000), name="hostile.gtg.json")


@pytest.mark.parametrize("where", ["order", "attribute"])
@pytest.mark.parametrize("number", [2**53, -(2**53), 10**300])
def test_integers_beyond_the_interchange_range_refused(where, number):
    """Whole numbers outside ±(2**53 - 1), which the API refuses too, are refused on load."""
    doc = fixture_doc()
    if where == "order":
        doc["sources"][0]["order"] = number
    else:
        doc["participants"][0]["attributes"]["n"] = number
    with pytest.raises(FormatError, match=r"outside ±\(2\*\*53 - 1\)"):
        loads(json.dumps(doc), name="hostile.gtg.json")


def test_largest_integers_within_the_range_round_trip():
    """2**53 - 1 and its negative are read, and come back the same."""
    doc = fixture_doc()
    doc["sources"][0]["order"] = 2**53 - 1
    doc["participants"][0]["attributes"]["n"] = -(2**53 - 1)
    project = load_or_refuse(json.dumps(doc))
    assert project is not None
    assert project.sources["Interview 1"].order == 2**53 - 1
    assert loads(gtgraph.readwrite.dumps(project)) == project


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999", "-1e400"])
@pytest.mark.parametrize("where", ["attribute", "setting", "history"])
def test_non_finite_numbers_refused(number, where):
    """NaN and infinities (which JSON parsers accept but cannot write back) are refused."""
    doc = fixture_doc()
    {
        "attribute": lambda d: d["participants"][0]["attributes"].update(x="<<N>>"),
        "setting": lambda d: d["settings"].update(x="<<N>>"),
        "history": lambda d: d["history"][0][4].update(x="<<N>>"),
    }[where](doc)
    with pytest.raises(FormatError, match="finite"):
        loads(text_with(doc, "<<N>>", number), name="hostile.gtg.json")


def test_finite_floats_kept():
    """Ordinary and extreme finite floats are read exactly."""
    doc = fixture_doc()
    doc["participants"][0]["attributes"].update(a=1e308, b=-0.0, c=5e-324)
    project = load_or_refuse(json.dumps(doc))
    assert project is not None
    attributes = project.participants["P01"].attributes
    assert (attributes["a"], attributes["b"], attributes["c"]) == (1e308, 0.0, 5e-324)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (-1, 5),
        (0, 10**30),
        (10**30, 10**30 + 1),
        (12, 0),  # start and end swapped
        (0.0, 12),
        (True, 12),
        ("0", 12),
        (None, 12),
        (0, 2**63),
    ],
)
def test_absurd_offsets_refused(start, end):
    """Negative, enormous, swapped, non-integer or missing offsets name the segment."""
    doc = fixture_doc()
    doc["segments"][0][2:4] = [start, end]
    with pytest.raises(FormatError, match=r"segments\[0\]"):
        loads(json.dumps(doc), name="hostile.gtg.json")


# ---------------------------------------------------------------- text, encoding


@pytest.mark.parametrize("bad", INVALID_UTF8, ids=lambda b: b.hex())
def test_invalid_utf8_refused(bad):
    """Bytes that are not UTF-8, inside a string or between tokens, give FormatError."""
    data = native_corpus()[0]
    inside = data.replace(b'"Interview 1"', b'"Interview ' + bad + b'"', 1)
    with pytest.raises(FormatError, match="not UTF-8"):
        loads(inside)
    with pytest.raises(FormatError, match="not UTF-8"):
        loads(bad + data)


@pytest.mark.parametrize(
    "escape", ["\\ud800", "\\udfff", "\\ud83d", "x\\ude00y", "\\ude00\\ud83d"]
)
def test_lone_surrogate_refused(escape):
    """An escaped unpaired surrogate (not a character; unsavable as UTF-8) is refused, naming the place."""
    doc = fixture_doc()
    doc["codes"][0]["name"] = "<<S>>"
    with pytest.raises(FormatError, match=r": codes\[0\]\.name: .*surrogate"):
        loads(text_with(doc, "<<S>>", f'"{escape}"'), name="hostile.gtg.json")


def test_surrogate_pairs_and_escapes_accepted():
    """A correctly escaped astral character (a surrogate pair) is just that character."""
    doc = fixture_doc()
    doc["codes"][0]["name"] = "<<S>>"
    project = load_or_refuse(
        text_with(doc, "<<S>>", '"smile \\ud83d\\ude00 \\\\ud800"')
    )
    assert project is not None
    assert "smile 😀 \\ud800" in project.codes.names()


@pytest.mark.parametrize(
    "text",
    ["", " ", "\n", "null", "0", '"text"', "[]", "{}", "\ufeff", "\x00", "{" * 5],
)
def test_empty_and_trivial_documents_refused(text):
    """Empty files, bare values and a lone byte-order mark are not projects."""
    with pytest.raises(FormatError):
        loads(text)
    with pytest.raises(FormatError):
        loads(text.encode("utf-8"))


def test_nul_and_control_characters_in_strings_are_data():
    """NUL and control characters inside strings are read as text and saved back."""
    doc = fixture_doc()
    doc["codes"][0]["definition"] = "a\x00b\x1bc\u2028"
    project = load_or_refuse(json.dumps(doc))
    assert project is not None
    assert project.codes["feeling heard"].definition == "a\x00b\x1bc\u2028"


# ------------------------------------------------------------------------ nesting


def test_deep_nesting_beyond_the_parser_refused():
    """Nesting deeper than the interpreter's recursion limit is a FormatError."""
    doc = fixture_doc()
    doc["settings"]["deep"] = "<<D>>"
    text = text_with(doc, "<<D>>", "[" * 100_000 + "]" * 100_000)
    with pytest.raises(FormatError, match="nested too deeply"):
        loads(text)


@pytest.mark.parametrize("depth", [50, 500, 900])
@pytest.mark.parametrize("where", ["settings", "history", "attribute"])
def test_deep_nesting_within_the_parser(depth, where):
    """Deep but parseable values are refused, or read and saved back (never a RecursionError)."""
    doc = fixture_doc()
    {
        "settings": lambda d: d["settings"].update(deep="<<D>>"),
        "history": lambda d: d["history"][0][4].update(deep="<<D>>"),
        "attribute": lambda d: d["participants"][0]["attributes"].update(deep="<<D>>"),
    }[where](doc)
    project = load_or_refuse(text_with(doc, "<<D>>", "[" * depth + "]" * depth))
    if where == "attribute":
        assert project is None  # attributes hold plain values only


def test_long_hierarchy_chain_and_cycle():
    """A 20,000-category chain is refused past the depth limit (no recursion); a 20,000-long cycle is found."""
    doc = json.loads(dumps(gtgraph.Project()))
    n = 20_000
    doc["categories"] = [
        {"id": f"c{i}", "name": f"category {i}", "properties": []} for i in range(n)
    ]
    doc["hierarchy"] = [[f"c{i}", f"c{i + 1}"] for i in range(n - 1)]
    with pytest.raises(FormatError, match="19999 levels below a top-level category"):
        loads(json.dumps(doc))
    doc["hierarchy"].append([f"c{n - 1}", "c0"])
    with pytest.raises(FormatError, match="cycle"):
        loads(json.dumps(doc))


# ------------------------------------------------------- ids, references, columns


@pytest.mark.parametrize(
    ("mutate", "match"),
    [
        (lambda d: d["codes"][0].update(id=d["sources"][0]["id"]), "used twice"),
        (lambda d: d["segments"][1].__setitem__(0, d["segments"][0][0]), "used twice"),
        (
            lambda d: d["segments"][0].__setitem__(0, d["codes"][0]["id"]),
            "used by another element",
        ),
        (lambda d: d["memos"][2].update(id=d["segments"][0][0]), "used by another"),
        (lambda d: d["participants"].append(dict(d["participants"][0])), "used twice"),
        (
            lambda d: d["categories"][1].update(name=d["categories"][0]["name"]),
            "named",
        ),
        (lambda d: d["segments"][0][4].append(d["segments"][0][4][0]), "applied twice"),
        (lambda d: d["hierarchy"].append(list(d["hierarchy"][0])), "appears twice"),
    ],
)
def test_duplicate_ids_and_names_refused(mutate, match):
    """An id used twice (in any two sections) or a name used twice is a FormatError."""
    doc = fixture_doc()
    mutate(doc)
    with pytest.raises(FormatError, match=match):
        loads(json.dumps(doc))


@pytest.mark.parametrize(
    ("mutate", "match"),
    [
        (lambda d: d["sources"][0].update(participant="par999"), "participant"),
        (lambda d: d["segments"][0].__setitem__(1, "src999"), "source"),
        (lambda d: d["segments"][0].__setitem__(4, ["cod999"]), "codes"),
        (lambda d: d["segments"][0].__setitem__(1, d["codes"][0]["id"]), "source"),
        (lambda d: d["hierarchy"].append(["cod6", "cod8"]), "not a category"),
        (lambda d: d["hierarchy"].append(["src3", "cat21"]), "not a code or category"),
        (lambda d: d["relationships"][0].update(source="cat999"), "end"),
        (lambda d: d["relationships"][0].update(target="src3"), "end"),
        (lambda d: d["relationships"][0].update(memo="mem999"), "memo"),
        (lambda d: d["relationships"][0].update(evidence=["seg999"]), "not a segment"),
        (lambda d: d["relationships"][0].update(counter_evidence=["cod6"]), "segment"),
        (
            lambda d: d["categories"][1]["properties"][0].update(evidence=["x"]),
            "not a segment",
        ),
        (lambda d: d["memos"][0].update(about=["nothing"]), "does not exist"),
        (lambda d: d["relationships"][1].update(type="no such type"), "relation type"),
    ],
)
def test_dangling_references_refused(mutate, match):
    """A reference to nothing, or to an element of the wrong kind, is a FormatError."""
    doc = fixture_doc()
    mutate(doc)
    with pytest.raises(FormatError, match=match):
        loads(json.dumps(doc))


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d["segment_columns"].reverse(),
        lambda d: d["segment_columns"].__setitem__(slice(2, 4), ["end", "start"]),
        lambda d: d["history_columns"].reverse(),
        lambda d: [row.reverse() for row in d["segments"]],
        lambda d: [row.reverse() for row in d["history"]],
        lambda d: [row.reverse() for row in d["hierarchy"]],
        lambda d: d.update(codes=d["categories"], categories=d["codes"]),
        lambda d: d.update(sources=d["participants"], participants=d["sources"]),
    ],
)
def test_swapped_columns_and_sections_refused(mutate):
    """Columns or sections in the wrong order are refused, never read as something else."""
    doc = fixture_doc()
    mutate(doc)
    with pytest.raises(FormatError):
        loads(json.dumps(doc))


def test_duplicate_json_keys_last_wins_and_is_checked():
    """A key written twice in one object counts once (the last, as in every JSON reader), then is checked."""
    text = native_corpus()[0].decode()
    twice = text.replace(
        '"name": "feeling heard"', '"name": "x", "name": "feeling heard"'
    )
    assert load_or_refuse(twice) == loads(text)
    clash = text.replace('"name": "feeling heard"', '"name": "x", "name": "disclosure"')
    with pytest.raises(FormatError, match="named 'disclosure'"):
        loads(clash)


# ------------------------------------------------------------------- truncation


def test_truncated_at_every_byte():
    """The fixture cut at every byte is a FormatError (never half-loaded, never another error)."""
    data = native_corpus()[0]
    for cut in range(len(data) - 1):
        try:
            loads(data[:cut])
        except FormatError:
            continue
        # Only the final newline (or nothing) may be missing for a cut file to load.
        assert data[cut:].strip() == b""


# ------------------------------------------------------------ paths and files


@pytest.mark.parametrize(
    "name",
    [
        "../../../../etc/passwd",
        "/etc/passwd",
        "C:\\Windows\\win.ini",
        "\\\\server\\share\\x",
        "~/.ssh/id_rsa",
        "con",
        "a/../../b",
        "file:///etc/passwd",
    ],
)
def test_path_like_names_and_paths_are_only_data(monkeypatch, name):
    """Source names and paths that look like paths are kept as text; loading opens no file."""
    doc = fixture_doc()
    doc["sources"][0].update(name=name, path=name)
    text = json.dumps(doc)
    opened = []

    def no_open(*args, **kwargs):
        opened.append(args[0] if args else kwargs)
        raise AssertionError("loading opened a file")

    monkeypatch.setattr(builtins, "open", no_open)
    monkeypatch.setattr(io, "open", no_open)
    monkeypatch.setattr(os, "open", no_open)
    project = loads(text)
    monkeypatch.undo()
    assert opened == []
    assert project.sources[name].path == name
    check_project(project)


# ------------------------------------------------------------- known core gap


def test_attribute_named_kind_draws():
    """A participant attribute named 'kind' (allowed by the API and the file) does not break the graph."""
    project = gtgraph.Project()
    project.add_participant("P01", kind="carer")
    node = project.graph.nodes[project.participants["P01"].id]
    assert (node["kind"], node["attributes"]) == ("participant", {"kind": "carer"})
