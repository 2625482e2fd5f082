"""The same text coded twice is said, found by check(), and can be merged."""

from __future__ import annotations

import warnings

import pytest

import gtgraph
from gtgraph.errors import DuplicateCodingWarning

TEXT = "She had been there too, she knew the ward. I felt heard."
SENTENCE = TEXT.index(".") + 1  # the first sentence with its full stop


def project():
    p = gtgraph.Project(actor="HB")
    p.add_source("P01", text=TEXT)
    return p


def test_code_warns_on_near_duplicate():
    """Coding a sentence with and without its full stop warns, naming both spans."""
    p = project()
    p.code("P01", 0, SENTENCE - 1, codes="shared experience")
    with pytest.warns(DuplicateCodingWarning, match=r"0-41 and 0-42"):
        p.code("P01", 0, SENTENCE, codes="shared experience")


def test_other_coder_or_code_or_far_span_is_no_duplicate():
    """A second coder, another code, or a span sharing less than 90 % is not warned."""
    p = project()
    p.code("P01", 0, SENTENCE, codes="shared experience")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p.code("P01", 0, SENTENCE, codes="shared experience", coder="RK")
        p.code("P01", 0, SENTENCE - 1, codes="knowing the ward")
        p.code("P01", 0, 22, codes="shared experience")  # 22 of 42: 52 %


def test_check_lists_and_merge_segments_cleans_up():
    """check() reports the pair; merge_segments leaves one segment with both codes."""
    p = project()
    a = p.code("P01", 0, SENTENCE - 1, codes="shared experience")
    p.relate(p.add_category("Belonging"), "is associated with", p.add_category("Trust"))
    with pytest.warns(DuplicateCodingWarning):
        b = p.code("P01", 0, SENTENCE, codes=["shared experience", "knowing the ward"])
    rel = next(iter(p.relationships))
    p.add_evidence(rel, b)
    findings = [f for f in p.check() if f.rule == "duplicate-coding"]
    assert len(findings) == 1
    assert set(findings[0].subjects[:2]) == {a.id, b.id}
    merged = p.merge_segments(a, b)
    assert [c.name for c in p.codes_of(merged)] == [
        "shared experience",
        "knowing the ward",
    ]
    assert len(p.segments) == 1
    assert p.relationships[rel.id].evidence == (a.id,)
    assert not [f for f in p.check() if f.rule == "duplicate-coding"]
    p.undo()
    assert len(p.segments) == 2


def test_merge_segments_of_two_sources_refused():
    """Segments of two sources cannot be merged."""
    p = project()
    p.add_source("P02", text="Other words.")
    a = p.code("P01", 0, 5, codes="x")
    b = p.code("P02", 0, 5, codes="x")
    with pytest.raises(gtgraph.ValidationError, match="one source"):
        p.merge_segments(a, b)
