"""Properties of the analyses on any valid project (Hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import projects

from gtgraph import queries
from gtgraph.checks import RULES, check
from gtgraph.evolution import as_of, diff
from gtgraph.readwrite import dumps, loads
from gtgraph.sampling import suggest_sampling


def _ids(project) -> set[str]:
    return {
        r.id
        for kind in (
            "participants",
            "sources",
            "codes",
            "categories",
            "relationships",
            "memos",
        )
        for r in getattr(project, kind)
    } | {s.id for s in project.segments}


@given(projects())
def test_as_of_all_sources_is_the_project(project):
    """After every source, the project is itself."""
    assert as_of(project, len(project.sources)) == project
    assert dumps(as_of(project, len(project.sources))) == dumps(project)


@given(projects())
def test_as_of_nothing_has_no_segments(project):
    """Before any source there are no sources, segments or codings."""
    start = as_of(project, 0)
    assert len(start.segments) == 0
    assert len(start.sources) == 0
    assert len(start.codings) == 0


@settings(max_examples=30)
@given(projects())
def test_as_of_is_a_valid_growing_project(project):
    """Each snapshot reloads as itself, holds the first k sources' segments, and grows with k."""
    ordered = [s.id for s in project.sources]
    previous: set[str] = set()
    for k in range(len(ordered) + 1):
        snapshot = as_of(project, k)
        assert loads(dumps(snapshot)) == snapshot
        expected = {s.id for s in project.segments if s.source in ordered[:k]}
        assert {s.id for s in snapshot.segments} == expected
        ids = _ids(snapshot)
        assert previous <= ids
        previous = ids


@given(projects())
def test_diff_of_a_project_with_itself_is_empty(project):
    """A project does not differ from itself or its reloaded copy."""
    assert not diff(project, project)
    assert not diff(project, loads(dumps(project)))
    assert str(diff(project, project)) == "no differences"


@settings(max_examples=30)
@given(projects(), st.data())
def test_diff_from_a_snapshot_lists_the_added_codes(project, data):
    """The codes added since the first k sources are the codes the snapshot lacks."""
    k = data.draw(st.integers(0, len(project.sources)))
    d = diff(as_of(project, k), project)
    missing = {c.id for c in project.codes} - {c.id for c in as_of(project, k).codes}
    assert {c.b for c in d.of("code", "added")} == missing
    assert not d.of(change="removed")


@settings(max_examples=30)
@given(projects())
def test_checks_name_existing_subjects(project):
    """Every finding comes from a known rule and names elements of the project."""
    ids = _ids(project)
    for finding in check(project):
        assert finding.rule in RULES
        assert finding.severity == RULES[finding.rule].severity
        assert set(finding.subjects) <= ids


@settings(max_examples=30)
@given(projects())
def test_sampling_is_ranked(project):
    """Suggestions are sorted by score, each with a reason."""
    found = suggest_sampling(project)
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
    assert all(s.reasons for s in found)
    assert {s.id for s in found} <= {c.id for c in project.categories}


@settings(max_examples=30)
@given(projects())
def test_matrix_totals(project):
    """A code by participant count matrix adds up to the number of codings."""
    m = queries.matrix(project)
    assert sum(map(sum, m.values)) == len(project.codings)
    co = queries.cooccurrence(project, by="segment")
    for code in project.codes:
        n = sum(1 for s in project.segments if code in project.codes_of(s))
        i = co.codes.index(code.name)
        assert co.counts[i][i] == n
