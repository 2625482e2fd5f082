"""The incidence built from the segment store equals the one a per-segment loop gives.

The reference below walks the project's public API segment by segment, in the
order the docs define (units in source order, or participants in the order they
first appear; within a unit its sources in order, each source's segments in the
order they were made), and builds the incidence with
:meth:`Incidence.from_sources`.  The store-based construction must agree with it
on every level, for random projects.
"""

from __future__ import annotations

import contextlib

from hypothesis import given, settings
from hypothesis import strategies as st

import gtgraph
from gtgraph.saturation import Incidence, incidence

_TEXT = "abcdefghijklmnopqrstuvwxyz"


def _reference(project: gtgraph.Project, level: str, by: str) -> Incidence:
    segments_of: dict[str, list[gtgraph.Segment]] = {}
    for segment in project.segments:
        segments_of.setdefault(segment.source, []).append(segment)
    labels: list[str] = []
    units: list[list[gtgraph.Segment]] = []
    slot: dict[str, int] = {}
    for source in project.sources:
        if source.id not in segments_of:
            continue
        if by == "source" or source.participant is None:
            labels.append(source.name)
            units.append(list(segments_of[source.id]))
        elif source.participant in slot:
            units[slot[source.participant]].extend(segments_of[source.id])
        else:
            slot[source.participant] = len(units)
            labels.append(project.participants[source.participant].name)
            units.append(list(segments_of[source.id]))
    names: list[list[str]] = []
    for unit in units:
        found: dict[str, None] = {}
        for segment in unit:
            if level == "code":
                found.update(dict.fromkeys(c.name for c in project.codes_of(segment)))
            elif level == "relationship":
                for rel in project.relationships:
                    if segment.id in rel.evidence:
                        src = project.get(rel.source).name
                        tgt = project.get(rel.target).name
                        found[f"{src} {rel.type} {tgt}"] = None
        names.append(list(found))
    if level == "category":
        # categories in each unit come code by code (codes in first appearance)
        names = []
        for unit in units:
            codes = dict.fromkeys(c.id for seg in unit for c in project.codes_of(seg))
            ordered: dict[str, None] = {}
            for code in codes:
                for category in project.categories:
                    if code in {d.id for d in project.descendants(category)}:
                        ordered[category.name] = None
            names.append(list(ordered))
    return Incidence.from_sources(names, labels=labels)


spans = st.lists(
    st.tuples(
        st.integers(0, 4),  # source
        st.integers(0, 20),  # start
        st.integers(0, 5),  # length
        st.lists(st.integers(0, 6), max_size=3),  # codes
    ),
    max_size=25,
)


@st.composite
def projects(draw: st.DrawFn) -> gtgraph.Project:
    p = gtgraph.Project(actor="A")
    p.clock = lambda: "2026-01-01T00:00:00Z"
    people = draw(st.lists(st.sampled_from(["P1", "P2", None]), min_size=5, max_size=5))
    for i, person in enumerate(people):
        p.add_source(f"s{i}", text=_TEXT, participant=person)
    for c in range(7):
        p.add_code(f"c{c}")
    for c in range(3):
        p.add_category(f"k{c}")
    for c, k in draw(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 2)))):
        p.categorize(f"c{c}", f"k{k}")
    for s, start, n, codes in draw(spans):
        p.code(f"s{s}", start, start + n, [f"c{c}" for c in codes])
    seg_ids = [seg.id for seg in p.segments]
    if seg_ids:
        for a, b, picks in draw(
            st.lists(
                st.tuples(
                    st.integers(0, 2),
                    st.integers(0, 2),
                    st.lists(st.sampled_from(seg_ids)),
                ),
                max_size=3,
            )
        ):
            if a != b:
                with contextlib.suppress(gtgraph.GtGraphError):
                    p.relate(f"k{a}", "is associated with", f"k{b}", evidence=picks)
    return p


@settings(max_examples=60, deadline=None)
@given(
    projects(),
    st.sampled_from(["code", "category", "relationship"]),
    st.sampled_from(["source", "participant"]),
)
def test_store_incidence_matches_a_segment_loop(project, level, by):
    ours = incidence(project, level=level, by=by)
    theirs = _reference(project, level, by)
    assert ours.labels == theirs.labels
    assert ours.codes == theirs.codes
    assert ours.units == theirs.units
    assert ours.freqs == theirs.freqs
    assert ours.new_per_unit == theirs.new_per_unit


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.frozensets(st.integers(0, 6), max_size=4), max_size=8),
    st.randoms(use_true_random=False),
)
def test_from_pairs_in_any_order_matches_from_sources(units, rnd):
    """Pairs given in any order give the incidence from_sources gives for the units."""
    import numpy as np

    theirs = Incidence.from_sources([sorted(u) for u in units])
    number = {c: i for i, c in enumerate(theirs.codes or ())}
    pairs = [(u, number[c]) for u, codes in enumerate(units) for c in codes]
    rnd.shuffle(pairs)
    ours = Incidence.from_pairs(
        len(units),
        np.array([u for u, _ in pairs], dtype=np.int64),
        np.array([c for _, c in pairs], dtype=np.int64),
        tuple(theirs.codes or ()),
    )
    assert ours == theirs
    assert ours.units == theirs.units
    assert ours.new_per_unit == theirs.new_per_unit
    assert ours.freqs == theirs.freqs
