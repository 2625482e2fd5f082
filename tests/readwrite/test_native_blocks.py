"""Large project files are read a block of segment rows at a time: damage is still found."""

from __future__ import annotations

import json

import pytest

import gtgraph
from gtgraph.readwrite import _native_parse, dumps, loads


@pytest.fixture
def small_blocks(monkeypatch):
    """Read the segments about two rows at a time, even in a small file."""
    monkeypatch.setattr(_native_parse, "_BLOCK_CHARS", 60)
    monkeypatch.setattr(_native_parse, "_BLOCKS_ABOVE", 0)


def _text():
    p = gtgraph.Project()
    s = p.add_source("s", text="abcdefghij" * 4)
    for i in range(30):
        p.code(s, i, i + 5, codes=[f"c{i % 3}"], coder="HB")
    return dumps(p)


def _json_place(text):
    with pytest.raises(json.JSONDecodeError) as error:
        json.loads(text)
    return f"line {error.value.lineno}, column {error.value.colno}"


def _damaged_rows():
    """Each comma between segment rows left out, doubled, and one after the last row."""
    text = _text()
    first = text.index('"segments": [\n') + len('"segments": [\n')
    last = text.index("\n],\n", first)
    commas = [i for i in range(first, last) if text.startswith("],\n[", i)]
    yield from (text[: i + 1] + text[i + 2 :] for i in commas)
    yield from (text[: i + 1] + "," + text[i + 1 :] for i in commas)
    yield text[:last] + "," + text[last:]


@pytest.mark.usefixtures("small_blocks")
@pytest.mark.parametrize("damaged", list(_damaged_rows()))
def test_commas_between_blocks_are_checked(damaged):
    """A missing or extra comma between rows is refused where json places it."""
    with pytest.raises(gtgraph.FormatError, match="not valid JSON") as raised:
        loads(damaged)
    assert _json_place(damaged) in str(raised.value)


@pytest.mark.usefixtures("small_blocks")
def test_blocks_read_what_json_reads():
    """Read a block at a time, the segments are those of the whole text."""
    text = _text()
    whole = json.loads(text)["segments"]
    assert [s.id for s in loads(text).segments] == [row[0] for row in whole]
