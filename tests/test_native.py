"""The project file: round trips, stable text, malformed files, atomic saving."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import projects

import gtgraph
from gtgraph import FormatError
from gtgraph.readwrite import FORMAT_VERSION, dumps, load, loads, save


@given(projects())
@settings(max_examples=40)
def test_round_trip(project):
    """Saving and loading gives back an equal project, and the same text."""
    text = dumps(project)
    again = loads(text)
    assert again == project
    assert dumps(again) == text
    assert again.summary() == project.summary()


@given(projects())
@settings(max_examples=10)
def test_round_trip_through_a_file(tmp_path_factory, project):
    """save then load through a real file gives back an equal project."""
    path = tmp_path_factory.mktemp("rt") / "p.gtg.json"
    project.save(path)
    assert gtgraph.Project.load(path) == project
    assert gtgraph.load(path) == project


def small() -> gtgraph.Project:
    p = gtgraph.Project(title="small", actor="HB")
    p.clock = lambda: "2026-01-01T00:00:00Z"
    s = p.add_source("P01", text="I felt heard. She understood.", participant="P01")
    p.code(s, 0, 12, codes=["feeling heard"])
    p.code(s, 14, 28, codes=["being understood"])
    p.categorize("feeling heard", "Feeling understood")
    p.add_category("Hope")
    p.relate("Feeling understood", "leads to", "Hope")
    p.memo("Hope", "A memo.")
    return p


def test_one_code_change_is_a_small_diff():
    """Changing one code changes its line, and adds a line to the history."""
    p = small()
    before = dumps(p).splitlines()
    p.update("feeling heard", definition="Being listened to.")
    after = dumps(p).splitlines()
    changed = [line.rstrip(",") for line in after if line not in before]
    # the code's line, the new history line, and a comma after the old last one
    assert len(changed) == 3
    assert '"definition": "Being listened to."' in changed[0]
    assert changed[1] == before[-3]
    assert changed[2].startswith("[") and '"update"' in changed[2]


def test_every_record_on_its_own_line():
    """Records and segments sit on lines of their own, in a stable order."""
    text = dumps(small())
    doc = json.loads(text)
    assert doc["format_version"] == FORMAT_VERSION
    for seg in doc["segments"]:
        line = json.dumps(seg, ensure_ascii=False, separators=(",", ":"))
        assert line in [x.rstrip(",") for x in text.splitlines()]
    assert dumps(small()) == text


def test_rows_with_separator_in_strings():
    """A quote or name holding '],[' is written and read back exactly."""
    p = gtgraph.Project()
    s = p.add_source("a],[b", text=None)
    p.code(s, quote="x],[y", codes="c],[d", coder="],[")
    assert loads(dumps(p)) == p


def doc() -> dict:
    return json.loads(dumps(small()))


@pytest.mark.parametrize(
    ("mutate", "match"),
    [
        (lambda d: d.update(format="other"), "not a gtgraph project file"),
        (lambda d: d.update(format_version=2), "newer gtgraph .format version 2"),
        (lambda d: d.update(format_version="1"), "format_version"),
        (lambda d: d["codes"].append(dict(d["codes"][0])), "used twice"),
        (lambda d: d["codes"][1].update(name="feeling heard"), "named 'feeling heard'"),
        (lambda d: d["codes"][0].update(stage="late"), r"codes\[0\].*unknown stage"),
        (lambda d: d["codes"][0].pop("name"), r"codes\[0\].*missing 'name'"),
        (
            lambda d: d["sources"][0].update(participant="nobody"),
            "participant 'nobody' does not exist",
        ),
        (
            lambda d: d["segments"][0].__setitem__(3, 999),
            r"segments\[0\]: offsets 0..999",
        ),
        (
            lambda d: d["segments"][0].__setitem__(1, "nowhere"),
            r"segments\[0\]: its source 'nowhere'",
        ),
        (
            lambda d: d["segments"][0].__setitem__(4, ["cod999"]),
            r"segments\[0\]: its codes",
        ),
        (lambda d: d["segments"][0].pop(), r"segments\[0\]: must be a list of 9"),
        (
            lambda d: d["hierarchy"].append(
                [d["hierarchy"][0][1], d["hierarchy"][0][1]]
            ),
            "cycle",
        ),
        (lambda d: d["hierarchy"].append(["cat999", "x"]), r"hierarchy\[1\]"),
        (
            lambda d: d["relationships"][0].update(type="nope"),
            "not an enabled relation type",
        ),
        (lambda d: d["relationships"][0].update(evidence=["seg999"]), "not a segment"),
        (lambda d: d["memos"][0].update(about=["x1"]), "which does not exist"),
        (lambda d: d["history"][0].__setitem__(0, 7), r"history\[0\]"),
        (lambda d: d.update(vocabularies=["mine"]), "unknown relation vocabulary"),
        (lambda d: d["participants"][0].update(attributes={"a": [1]}), "participants"),
        (lambda d: d.update(segments={}), "segments: must be a list"),
    ],
)
def test_malformed_files(mutate, match):
    """Every broken rule gives a FormatError that names the place."""
    d = doc()
    mutate(d)
    with pytest.raises(FormatError, match=match):
        loads(json.dumps(d), name="study.gtg.json")


@pytest.mark.parametrize("cut", [1, 10, 100, 500, -2])
def test_truncated_file(cut):
    """A truncated file is reported as damaged, not half-loaded."""
    text = dumps(small())
    with pytest.raises(FormatError, match="not valid JSON"):
        loads(text[:cut])


def test_not_utf8_and_not_json():
    """Binary junk and non-objects are refused."""
    with pytest.raises(FormatError, match="UTF-8"):
        loads(b"\xff\xfe\x00")
    with pytest.raises(FormatError, match="top level"):
        loads("[1, 2]")
    with pytest.raises(FormatError, match="too deeply"):
        loads("[" * 100_000 + "]" * 100_000)


def test_missing_file(tmp_path):
    """A missing file is a FormatError naming it."""
    with pytest.raises(FormatError, match="cannot read"):
        load(tmp_path / "missing.gtg.json")


def test_bom_is_accepted(tmp_path):
    """A file an editor saved with a byte-order mark still loads."""
    path = tmp_path / "bom.gtg.json"
    path.write_bytes(b"\xef\xbb\xbf" + dumps(small()).encode())
    assert load(path) == small()


def test_save_is_atomic(tmp_path, monkeypatch):
    """A save that fails before the final rename leaves the old file intact."""
    path = tmp_path / "p.gtg.json"
    save(small(), path)
    old = path.read_bytes()
    bigger = small()
    bigger.add_code("new code")

    def broken_replace(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(gtgraph.GtGraphError, match="No space left"):
        save(bigger, path)
    assert path.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.gtg.json"]


def test_save_into_missing_folder(tmp_path):
    """Saving into a folder that does not exist says so."""
    with pytest.raises(gtgraph.GtGraphError, match="does not exist"):
        save(small(), tmp_path / "nowhere" / "p.gtg.json")


def test_dates_round_trip():
    """Date attributes are written tagged and read back as dates."""
    import datetime as dt

    p = gtgraph.Project()
    p.add_participant("P01", interviewed=dt.date(2016, 3, 1))
    text = dumps(p)
    assert '{"date": "2016-03-01"}' in text
    assert loads(text).participants["P01"].attributes["interviewed"] == dt.date(
        2016, 3, 1
    )


def test_file_is_utf8_without_escapes(tmp_path):
    """Non-ASCII text is written as UTF-8, not as escapes."""
    p = gtgraph.Project(title="信頼 – confiança")
    path = tmp_path / "u.gtg.json"
    save(p, path)
    assert "信頼 – confiança" in Path(path).read_text(encoding="utf-8")


def many_segments(n: int = 40) -> gtgraph.Project:
    p = gtgraph.Project(clock=lambda: "2026-01-01T00:00:00Z")
    s = p.add_source("P01", text="abcdefghij" * 10)
    p.code_many([(s, i, i + 5, [f"code {i % 7}"]) for i in range(n)])
    p.memo(None, "after the segments")
    return p


@pytest.mark.parametrize("block", [1, 40, 100, 1 << 21])
def test_segments_read_in_blocks(monkeypatch, block):
    """The segments section is read a block of lines at a time, with the same result."""
    from gtgraph.readwrite import _native_parse

    monkeypatch.setattr(_native_parse, "_BLOCK_CHARS", block)
    monkeypatch.setattr(_native_parse, "_BLOCKS_ABOVE", 0)
    p = many_segments()
    assert loads(dumps(p)) == p


@pytest.fixture
def small_blocks(monkeypatch):
    """Read segments about three lines at a time, so that errors fall in later blocks."""
    from gtgraph.readwrite import _native_parse

    monkeypatch.setattr(_native_parse, "_BLOCK_CHARS", 100)
    monkeypatch.setattr(_native_parse, "_BLOCKS_ABOVE", 0)


@pytest.mark.usefixtures("small_blocks")
@given(st.integers(0, 10**9), st.sampled_from(["}", "x", '"', "[", ",", "\\n"]))
@settings(max_examples=80)
def test_json_errors_name_the_same_place_as_json(where, junk):
    """A damaged file's error names the line and column json itself reports."""
    text = dumps(many_segments())
    i = where % len(text)
    damaged = text[:i] + junk.replace("\\n", "\n") + text[i + 1 :]
    try:
        json.loads(damaged)
    except json.JSONDecodeError as error:
        expected = f"line {error.lineno}, column {error.colno}"
    else:
        return  # still valid JSON: other tests cover what it means
    with pytest.raises(FormatError) as raised:
        loads(damaged)
    assert expected in str(raised.value)


@pytest.mark.usefixtures("small_blocks")
def test_rows_spread_over_lines_still_load():
    """A valid file whose segment rows another tool spread over several lines loads too."""
    p = many_segments()
    text = dumps(p)
    spread = text.replace('],\n["seg', '],\n[\n"seg', 5).replace(',"src', ',\n"src', 5)
    json.loads(spread)  # still valid JSON
    assert loads(spread) == p
    pretty = json.dumps(json.loads(text), indent=1)
    assert loads(pretty) == p


@pytest.mark.parametrize("block", [1, 3, 7])
def test_segments_written_in_blocks(monkeypatch, block):
    """Writing the segments a block at a time gives the very same text."""
    from gtgraph.readwrite import _native

    p = many_segments(20)
    whole = dumps(p)
    monkeypatch.setattr(_native, "_WRITE_ROWS", block)
    assert dumps(p) == whole


def test_failure_while_writing_keeps_the_old_file(tmp_path):
    """A value that cannot be written, met half-way through, leaves the old file and no temporary file."""
    path = tmp_path / "p.gtg.json"
    p = many_segments()
    save(p, path)
    before = path.read_bytes()
    s = p.sources["P01"]
    seg = p.code(s, 0, 3, codes="x", coder="HB")
    # The API refuses a lone surrogate; put one in behind its back, as damage would.
    row = p._store.segments[seg.id]
    p._store.segments[seg.id] = (*row[:4], "\ud800", *row[5:])
    with pytest.raises(gtgraph.GtGraphError, match="not valid Unicode"):
        save(p, path)
    assert path.read_bytes() == before
    assert sorted(x.name for x in tmp_path.iterdir() if not x.name.startswith(".")) == [
        "p.gtg.json"
    ]
