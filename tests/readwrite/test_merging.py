"""Tests for gtgraph.merge and the three-way merge: two coders' files as one."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from strategies import projects

import gtgraph
from gtgraph.errors import GtGraphError, ValidationError
from gtgraph.readwrite import dumps, loads
from gtgraph.readwrite.merging import merge3

# Three interviews of two sentences each: six passages that both coders code.
TEXTS = {
    "P01": "I was nervous at first. She had been there too.",
    "P02": "We laughed about it later. Nobody else understood.",
    "P03": "It felt like a weight lifted. I could say anything.",
}
# The codes each coder gave each passage (source, sentence index): the table
# from which kappa is worked out by hand in test_kappa_by_hand.
HB = {("P01", 0): "A", ("P01", 1): "A", ("P02", 0): "B",
      ("P02", 1): "A", ("P03", 0): "B", ("P03", 1): "B"}  # fmt: skip
RK = {("P01", 0): "A", ("P01", 1): "B", ("P02", 0): "B",
      ("P02", 1): "A", ("P03", 0): "A", ("P03", 1): "B"}  # fmt: skip


def sentence(text, i):
    cut = text.index(". ") + 1
    return (0, cut) if i == 0 else (cut + 1, len(text))


def coded(coder, plan, names=None, order=None):
    p = gtgraph.Project(title=f"{coder}'s coding", actor=coder)
    for src in order or TEXTS:
        p.add_source((names or {}).get(src, src), text=TEXTS[src], participant=src)
    for (src, i), code in plan.items():
        start, end = sentence(TEXTS[src], i)
        p.code((names or {}).get(src, src), start, end, codes=code)
    return p


def test_kappa_by_hand():
    """Merged, the two coders' kappa is the one worked out by hand: 1/3.

    Units are the six passages; each code is a yes/no decision on each, twelve
    decisions.  Code A: both 2, HB only 1, RK only 1, neither 2; code B the
    same.  Pooled: p_o = 8/12, each coder says yes to half, so p_e = 1/2 and
    kappa = (2/3 - 1/2) / (1 - 1/2) = 1/3 (Cohen 1960).
    """
    hb = coded("HB", HB)
    # RK named the sources differently and added them in another order: they
    # are matched by their text.
    rk = coded("RK", RK, names={"P01": "int-1", "P02": "int-2", "P03": "int-3"},
               order=["P03", "P01", "P02"])  # fmt: skip
    with pytest.raises(ValidationError):
        gtgraph.agreement(hb, "HB", "RK")
    merged, report = gtgraph.merge(hb, rk)
    assert report.clean
    assert [s.name for s in merged.sources] == ["P01", "P02", "P03"]
    assert merged.coders == ["HB", "RK"]
    result = gtgraph.agreement(merged, "HB", "RK")
    assert result.kappa == pytest.approx(1 / 3)
    assert result.percent == pytest.approx(8 / 12)
    assert result.per_code["A"].kappa == pytest.approx(1 / 3)
    # The inputs are unchanged, and the result saves and loads back.
    assert hb.coders == ["HB"]
    assert rk.coders == ["RK"]
    again = loads(dumps(merged))
    assert gtgraph.agreement(again, "HB", "RK").kappa == pytest.approx(1 / 3)


def test_history_kept_and_attributed():
    """The first project's history is kept; the second coder's codings are events by RK."""
    hb, rk = coded("HB", HB), coded("RK", RK)
    merged, _ = gtgraph.merge(hb, rk)
    events = list(merged.history)
    assert len(events) > len(list(hb.history))
    assert [e.who for e in events[: len(list(hb.history))]] == ["HB"] * len(
        list(hb.history)
    )
    assert {e.who for e in events[len(list(hb.history)) :]} == {"RK"}


def test_conflicts_listed_not_resolved_silently():
    """Different definitions, categories and contradicting relationships are reported."""
    hb, rk = coded("HB", HB), coded("RK", RK)
    hb.update("A", kind="code", definition="feeling nervous")
    rk.update("A", kind="code", definition="shared experience")
    hb.categorize("A", "Fear")
    rk.categorize("A", "Belonging")
    hb.add_category("Trust")
    rk.add_category("Trust")
    rk.add_category("Fear")
    hb.relate("Fear", "leads to", "Trust")
    rk.relate("Trust", "leads to", "Fear")
    merged, report = gtgraph.merge(hb, rk)
    kinds = sorted(c.kind for c in report.conflicts)
    assert kinds == ["categories", "definition", "relationship"]
    definition = next(c for c in report.conflicts if c.kind == "definition")
    assert "'feeling nervous'" in definition.ours
    assert "'shared experience'" in definition.theirs
    assert merged.codes["A"].definition == "feeling nervous"
    # A code may sit in two categories: both are kept, and said.
    assert sorted(c.name for c in merged.parents("A")) == ["Belonging", "Fear"]
    # "leads to" is acyclic: the reverse cannot be added and the report says so.
    rel = next(c for c in report.conflicts if c.kind == "relationship")
    assert rel.kept.startswith("ours only")
    assert len(merged.relationships) == 1
    assert "3 conflict(s)" in str(report)


def test_empty_definition_is_filled_not_a_conflict():
    """A definition one side left empty is taken from the other."""
    hb, rk = coded("HB", HB), coded("RK", RK)
    rk.update("B", kind="code", definition="a turning point")
    merged, report = gtgraph.merge(hb, rk)
    assert report.clean
    assert merged.codes["B"].definition == "a turning point"


def test_memos_and_new_sources_come_along():
    """Memos and sources only one side has are added, with their authors."""
    hb, rk = coded("HB", HB), coded("RK", RK)
    rk.add_source("P04", text="A fourth interview.")
    rk.code("P04", 0, 6, codes="C")
    rk.memo("C", "Only RK saw this.", author="RK")
    merged, report = gtgraph.merge(hb, rk)
    assert "P04" in merged.sources
    memo = next(iter(merged.memos))
    assert (memo.text, memo.author) == ("Only RK saw this.", "RK")
    assert report.added["memos"] == 1
    assert report.added["sources"] == 1


def test_needs_two():
    """A merge of one project is an error that says so."""
    with pytest.raises(GtGraphError, match="two or more"):
        gtgraph.merge(gtgraph.Project())


class TestThreeWay:
    def test_both_sides_add(self):
        """Codings added on each side since the base are both kept."""
        base = coded("HB", {})
        ours = loads(dumps(base))
        theirs = loads(dumps(base))
        ours.code("P01", 0, 23, codes="A", coder="HB")
        theirs.code("P02", 0, 26, codes="B", coder="RK")
        merged, report = merge3(base, ours, theirs)
        assert report.clean
        assert sorted(
            (merged.get(s.source).name, s.coder) for s in merged.segments
        ) == [("P01", "HB"), ("P02", "RK")]

    def test_removal_on_one_side(self):
        """A coding removed on one side is removed; one kept unchanged is not resurrected."""
        base = coded("HB", {("P01", 0): "A", ("P02", 0): "B"})
        ours = loads(dumps(base))
        theirs = loads(dumps(base))
        seg = next(s for s in theirs.segments if theirs.get(s.source).name == "P01")
        theirs.uncode(seg.id, "A")
        merged, report = merge3(base, ours, theirs)
        assert report.removed == {"codings": 1}
        assert [c.name for c in merged.codes if merged.segments_of(c.id)] == ["B"]

    def test_changed_on_both_sides(self):
        """A definition changed differently on both sides is a conflict; ours is kept."""
        base = coded("HB", HB)
        ours = loads(dumps(base))
        theirs = loads(dumps(base))
        ours.update("A", kind="code", definition="ours")
        theirs.update("A", kind="code", definition="theirs")
        theirs.update("B", kind="code", definition="only theirs")
        merged, report = merge3(base, ours, theirs)
        assert [c.kind for c in report.conflicts] == ["definition"]
        assert merged.codes["A"].definition == "ours"
        assert merged.codes["B"].definition == "only theirs"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects())
def test_merging_a_copy_adds_nothing(project):
    """A project merged with a copy of itself is clean and has the same content."""
    copy = loads(dumps(project))
    merged, report = gtgraph.merge(project, copy)
    assert report.clean, str(report)
    assert report.added == {}
    assert sorted(merged.codes.names()) == sorted(project.codes.names())
    assert len(merged.segments) == len(project.segments)
    assert len(merged.codings) == len(project.codings)
    assert len(merged.relationships) == len(project.relationships)
    assert len(merged.memos) == len(project.memos)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects())
def test_three_way_merge_of_unchanged_copies_changes_nothing(project):
    """When neither side changed anything, the three-way merge adds and removes nothing."""
    merged, report = merge3(project, loads(dumps(project)), loads(dumps(project)))
    assert report.clean, str(report)
    assert (report.added, report.removed) == ({}, {})
    assert len(merged.codings) == len(project.codings)
