"""Tables from other programs: encodings announced by a byte order mark, hierarchy links kept honest."""

from __future__ import annotations

import pytest

import gtgraph
from gtgraph import FormatError

ROWS = "document,code,text\nP01,feelings/calm,calm\nP01,safe,safe\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_unicode_with_a_byte_order_mark_is_read(tmp_path, encoding):
    """UTF-16 and UTF-32 files with a byte order mark read like UTF-8 ones."""
    data = ROWS.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        data = "\ufeff".encode(encoding) + data
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    p = gtgraph.read_segments_csv(path, separator="/", texts={"P01": "calm, safe"})
    assert sorted(p.codes.names()) == ["calm", "safe"]
    assert [c.name for c in p.parents("calm")] == ["feelings"]


def test_utf16_without_a_mark_is_a_clear_error(tmp_path):
    """UTF-16 without a mark is not read as Windows-1252: the error says what to pass."""
    path = tmp_path / "t.csv"
    path.write_bytes(ROWS.encode("utf-16-le"))
    with pytest.raises(FormatError, match="encoding='utf-16-le'"):
        gtgraph.read_segments_csv(path)
    p = gtgraph.read_segments_csv(path, encoding="utf-16-le", errors="ignore")
    assert len(p.segments) == 2


def test_link_closing_a_cycle_is_reported(tmp_path):
    """separator='/': a path whose link would close a cycle is kept out, with a warning."""
    path = tmp_path / "t.csv"
    path.write_text("document,code,text\nP01,x/y/one,calm\nP01,y/x/two,safe\n")
    report: list[gtgraph.FormatWarning] = []
    p = gtgraph.read_segments_csv(path, separator="/", errors="ignore", report=report)
    found = {w.what: w for w in report}
    assert "hierarchy" in found
    assert [c.name for c in p.parents("y")] == ["x"]
    assert p.parents("x") == ()
    with pytest.warns(gtgraph.FormatWarning, match="hierarchy links"):
        gtgraph.read_segments_csv(path, separator="/", texts={"P01": "calm, safe"})
