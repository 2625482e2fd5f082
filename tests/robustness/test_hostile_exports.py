"""Hostile content on the way out: spreadsheet formulas, path-like names, quotes left out."""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from pathlib import PurePosixPath

import pytest
from hypothesis import given
from hypothesis import strategies as st

import gtgraph
from gtgraph.readwrite import codebook_csv, segments_csv, write_qdpx

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMULAS = [
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1",
    '=HYPERLINK("http://x","y")',
]


def hostile_project(text: str) -> gtgraph.Project:
    p = gtgraph.Project()
    name = text.strip() or "blank"
    s = p.add_source(f"{name} source", text=f"{text} said so", participant=f"{name} P")
    p.code(s, 0, len(text), codes=[f"{name} code"], coder=f"{name} coder")
    p.update(f"{name} code", definition=text)
    p.add_code(name, definition=text)
    return p


def cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


@pytest.mark.parametrize("formula", FORMULAS)
def test_csv_formula_injection_neutralised(formula):
    """No cell of an exported CSV starts with a character that makes a spreadsheet run it."""
    p = hostile_project(formula)
    for export in (segments_csv, codebook_csv):
        text = export(p)
        found = cells(text)
        assert any(formula.strip() in c for c in found)  # the content is there ...
        assert not [c for c in found if c.startswith(FORMULA_START)]  # ... as text


# A carriage return inside a cell is the known gap below
# (test_carriage_return_cannot_start_a_row); it is left out here, and so are lone
# surrogates, which a project refuses (see test_hostile_values).
@given(
    st.text(
        st.characters(blacklist_characters="\r", blacklist_categories=("Cs",)),
        min_size=1,
        max_size=20,
    )
)
def test_csv_cells_never_start_a_formula(text):
    """Whatever the names, definitions and quotes hold, no CSV cell starts a formula."""
    p = gtgraph.Project()
    s = p.add_source("s", text=text)
    with_name = text.strip()
    if with_name:
        p.code(s, 0, len(text), codes=[with_name])
        p.update(with_name, definition=text)
    for export in (segments_csv, codebook_csv):
        assert not [c for c in cells(export(p)) if c.startswith(FORMULA_START)]


@pytest.mark.parametrize("export", [segments_csv, codebook_csv])
def test_carriage_return_cannot_start_a_row(export):
    """A carriage return inside a name or definition cannot start a row whose first cell is a formula."""
    p = gtgraph.Project()
    s = p.add_source("s", text="abc")
    p.code(s, 0, 3, codes=["x\r=cmd|' /C calc'!A0"])
    p.update("x\r=cmd|' /C calc'!A0", definition="y\r=1+1")
    rows = list(csv.reader(io.StringIO(export(p), newline="")))
    assert not [c for row in rows for c in row if c.startswith(FORMULA_START)]


def test_csv_exports_can_leave_quotes_out():
    """With quotes=False the participants' words are not in the CSV exports."""
    p = hostile_project("my secret words")
    assert "secret" in segments_csv(p)
    assert "said so" not in segments_csv(p, quotes=False)
    assert "said so" not in codebook_csv(p, quotes=False)


@pytest.mark.parametrize(
    "name",
    [
        "../../../../tmp/evil",
        "/etc/passwd",
        "C:\\Windows\\win.ini",
        "..\\..\\evil",
        "sources/../../x",
        "a\x00b",
        "con",
    ],
)
def test_qdpx_member_names_never_come_from_source_names(tmp_path, name):
    """Source names and paths never become names of archive members (no zip-slip on export)."""
    p = gtgraph.Project()
    p.add_source(name, text="x", path=name)
    out = tmp_path / "out" / "p.qdpx"
    out.parent.mkdir()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        write_qdpx(p, out)
    with zipfile.ZipFile(out) as archive:
        members = archive.namelist()
    for member in members:
        path = PurePosixPath(member)
        assert not path.is_absolute()
        assert ".." not in path.parts
        assert "\\" not in member and ":" not in member
    assert sorted(f.name for f in tmp_path.rglob("*")) == ["out", "p.qdpx"]
