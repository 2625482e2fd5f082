"""The bundled worked example (gtgraph.demo, run by examples/peer_support.py) builds a coherent study."""

from __future__ import annotations

import hashlib
import itertools
import os
import subprocess
import sys
from collections import Counter
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

import gtgraph
from gtgraph.readwrite import dumps

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "peer_support.py"
DATA = ROOT / "gtgraph" / "demo" / "data"
STAGES = ("initial", "focused", "categories", "themes", "final")
THREE_DISCLOSURES = {
    "Disclosure of mental-health difficulties",
    "Disclosure of experiences as a service-user",
    "Wider disclosure of life experiences, interests and values",
}


@cache
def example() -> ModuleType:
    from gtgraph.demo import peer_support

    return peer_support


@cache
def built(stage: str = "final") -> gtgraph.Project:
    """One build per stage for the read-only tests (they must not change it)."""
    project: gtgraph.Project = example().build_project(stage)
    return project


def hb_segments(project: gtgraph.Project) -> list[gtgraph.Segment]:
    return [s for s in project.segments if s.coder == "HB"]


def participants_of(project: gtgraph.Project, segment_ids) -> set[str]:
    names = set()
    for sid in segment_ids:
        participant = project.participant_of(sid)
        assert participant is not None
        names.add(participant.name)
    return names


def new_codes_per_interview(project: gtgraph.Project) -> list[int]:
    """New codes per interview, in interview order, counted from scratch."""
    order = {s.id: s.order for s in project.sources}
    first_seen: dict[str, int] = {}
    for segment in hb_segments(project):
        for code in project.codes_of(segment):
            when = order[segment.source]
            first_seen[code.name] = min(first_seen.get(code.name, when), when)
    counts = Counter(first_seen.values())
    return [counts.get(o, 0) for o in sorted(order.values())]


def test_ten_participants_and_sources_in_interview_order():
    """The study has ten participants P01..P10, each with one interview, in order."""
    project = built()
    names = [f"P{i:02d}" for i in range(1, 11)]
    assert sorted(p.name for p in project.participants) == names
    assert [s.name for s in project.sources] == [f"{n} interview" for n in names]
    assert [s.order for s in project.sources] == list(range(1, 11))
    for source in project.sources:
        participant = project.participant_of(source)
        assert participant is not None
        assert source.name == f"{participant.name} interview"
        attributes = participant.attributes
        assert attributes["service"] in {"community", "inpatient", "crisis team"}
        assert isinstance(attributes["months_with_worker"], int)
        assert {"pseudonym", "gender", "age_band"} <= set(attributes)


def test_data_marked_illustrative_and_fictional():
    """The module, the coding plan and every transcript say the data are fictional."""
    assert "ILLUSTRATIVE, FICTIONAL DATA" in (example().__doc__ or "")
    assert "ILLUSTRATIVE, FICTIONAL DATA" in (example().coding.__doc__ or "")
    for source in built().sources:
        assert source.text is not None
        assert source.text.startswith("ILLUSTRATIVE, FICTIONAL DATA")


def test_transcripts_are_short_interview_excerpts():
    """Each transcript is 250-500 words of alternating I: and P: turns."""
    for path in sorted((DATA / "transcripts").glob("P*.txt")):
        text = path.read_text(encoding="utf-8")
        body = text[text.index("\nI: ") + 1 :]
        assert 250 <= len(body.split()) <= 500, path.name
        turns = [line[:2] for line in body.splitlines() if line]
        assert set(turns) == {"I:", "P:"}, path.name
        assert all(a != b for a, b in itertools.pairwise(turns)), path.name


def test_three_themes_first_is_process_of_disclosure():
    """Three themes; the first is 'The process of disclosure' with its three subcategories."""
    project = built()
    themes = [c for c in project.categories if c.theme]
    assert len(themes) == 3
    assert themes[0].name == "The process of disclosure"
    assert {c.name for c in project.children(themes[0])} == THREE_DISCLOSURES
    for theme in themes[1:]:
        children = project.children(theme)
        assert 2 <= len(children) <= 4
        assert all(isinstance(c, gtgraph.Category) for c in children)


def test_exactly_one_core_category():
    """One core category, not itself a theme, the end point of the disclosure process."""
    project = built()
    cores = [c for c in project.categories if c.core]
    assert [c.name for c in cores] == ["Shared identity"]
    assert not cores[0].theme
    arrows = {
        (project.get(r.source).name, r.type, project.get(r.target).name)
        for r in project.relationships
    }
    assert (
        "Disclosure of mental-health difficulties",
        "leads to",
        "Shared identity",
    ) in arrows
    assert (
        "Shared identity",
        "leads to",
        "In-group identity with the worker",
    ) in arrows


def test_every_category_has_codes():
    """Every category holds codes (directly or through its subcategories) and a definition."""
    project = built()
    assert len(project.categories) >= 10
    for category in project.categories:
        below = project.descendants(category)
        assert any(isinstance(x, gtgraph.Code) for x in below), category.name
        assert category.definition, category.name
        assert project.segments_of(category), category.name


def test_relationships_typed_and_grounded_in_several_participants():
    """8-14 typed relationships; each has evidence, most from two or more participants."""
    project = built()
    rels = list(project.relationships)
    assert 8 <= len(rels) <= 14
    spread = [len(participants_of(project, r.evidence)) for r in rels]
    assert min(spread) >= 1
    assert sum(n >= 2 for n in spread) > len(rels) / 2
    for rel, n in zip(rels, spread, strict=True):
        assert project.grounding(rel).participants == n
    types = {r.type for r in rels}
    assert {
        "precedes",
        "leads to",
        "is cause of",
        "is condition for",
        "is consequence of",
        "contradicts",
    } <= types
    contradictions = [r for r in rels if r.type == "contradicts"]
    assert any(r.counter_evidence for r in contradictions)
    for rel in contradictions:
        # Counter-evidence comes from other participants than the evidence.
        assert participants_of(project, rel.counter_evidence).isdisjoint(
            participants_of(project, rel.evidence)
        )


def test_disclosure_stages_form_a_process():
    """The three disclosure stages precede one another in order."""
    project = built()
    precedes = [
        (project.get(r.source).name, project.get(r.target).name)
        for r in project.relationships
        if r.type == "precedes"
    ]
    assert precedes == [
        (
            "Disclosure of mental-health difficulties",
            "Disclosure of experiences as a service-user",
        ),
        (
            "Disclosure of experiences as a service-user",
            "Wider disclosure of life experiences, interests and values",
        ),
    ]


def test_properties_have_dimensions_and_evidence():
    """Properties carry dimensions and evidence; depth runs superficial to intimate."""
    project = built()
    properties = [p for c in project.categories for p in c.properties]
    assert len(properties) >= 6
    assert all(p.dimensions and p.evidence for p in properties)
    disclosure = project.categories["Disclosure of mental-health difficulties"]
    depth = disclosure.property("depth")
    assert depth is not None
    assert [(d.low, d.high) for d in depth.dimensions] == [("superficial", "intimate")]
    timing = disclosure.property("timing")
    assert timing is not None
    assert len(timing.dimensions) == 2
    reciprocity = project.categories["Relating as equals"].property("reciprocity")
    assert reciprocity is not None
    assert len(participants_of(project, reciprocity.evidence)) >= 2


def test_memos_dated_and_about_the_analysis():
    """6-10 dated memos, about codes, categories and relationships, one about nothing yet."""
    project = built()
    memos = list(project.memos)
    assert 6 <= len(memos) <= 10
    assert all(m.created and m.created[:4] == "2024" for m in memos)
    assert [m.created for m in memos] == sorted(m.created or "" for m in memos)
    assert sum(not m.about for m in memos) == 1
    kinds = {project.get(x).KIND for m in memos for x in m.about}
    assert {"code", "category", "relationship"} <= kinds
    assert all(not m.title.startswith("Memo ") for m in memos)


def test_coding_plan_is_coherent():
    """Every initial code is gathered into exactly one focused code or set aside."""
    coding = example().coding
    used = {
        c for entries in coding.INITIAL_CODING.values() for _, cs in entries for c in cs
    }
    gathered = Counter(
        c for _, initial in coding.FOCUSED_CODES.values() for c in initial
    )
    assert all(n == 1 for n in gathered.values())
    assert set(gathered) | set(coding.SET_ASIDE) == used
    assert not set(gathered) & set(coding.SET_ASIDE)
    assert coding.IN_VIVO.issubset(used | set(coding.FOCUSED_CODES))


def test_initial_coding_line_by_line():
    """About 150 segments, 8-16 per interview, some with two codes, some in vivo codes."""
    project = built("initial")
    segments = hb_segments(project)
    assert len(segments) == len(project.segments)
    assert 130 <= len(segments) <= 170
    per_source = Counter(s.source for s in segments)
    assert len(per_source) == 10
    assert all(8 <= n <= 16 for n in per_source.values())
    doubles = sum(len(project.codes_of(s)) == 2 for s in segments)
    assert doubles >= 10
    assert all(c.stage == "initial" for c in project.codes)
    assert sum(c.in_vivo for c in project.codes) >= 5
    for segment in segments:
        source = project.source_of(segment)
        assert source.text is not None
        assert source.text[segment.start : segment.end] == segment.quote


def test_new_codes_per_interview_fall_as_the_data_saturate():
    """New initial codes per interview fall: the first five add more than the last five."""
    counts = new_codes_per_interview(built("initial"))
    assert len(counts) == 10
    assert sum(counts[:5]) > sum(counts[5:])
    assert counts[0] == max(counts)
    assert sum(counts[-3:]) <= counts[0] / 2
    assert sum(counts) == len(built("initial").codes)
    rows = example().codes_per_interview(built("initial"))
    assert [row[3] for row in rows] == counts


def test_focused_coding_merges_and_promotes():
    """Focused codes replace initial ones; a few initial codes are set aside."""
    project = built("focused")
    stages = Counter(c.stage for c in project.codes)
    assert stages["focused"] == len(example().coding.FOCUSED_CODES)
    assert stages["initial"] == len(example().coding.SET_ASIDE)
    assert len(project.codes) < len(built("initial").codes) / 2
    assert all(c.definition for c in project.codes if c.stage == "focused")
    # Merging keeps every coded segment of the first coder.
    assert len(hb_segments(project)) == len(hb_segments(built("initial")))


def test_second_coder_overlaps_first_coder_partially():
    """RK codes parts of three interviews: some spans and codes agree, some do not."""
    project = built()
    rk = [s for s in project.segments if s.coder == "RK"]
    assert len({s.source for s in rk}) == 3
    hb = {(s.source, s.start, s.end): s for s in hb_segments(project)}
    same_span = [
        (s, hb[s.source, s.start, s.end])
        for s in rk
        if (s.source, s.start, s.end) in hb
    ]
    codes = project.codes_of
    agree = [a for a, b in same_span if set(codes(a)) == set(codes(b))]
    differ = [a for a, b in same_span if not set(codes(a)) & set(codes(b))]
    assert agree
    assert differ
    assert len(same_span) < len(rk)  # some spans of RK's own
    assert all(c.name in project.codes for s in rk for c in codes(s))


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_builds(stage):
    """Each stage builds, and is where the analysis stood at that point."""
    project = built(stage)
    categories = list(project.categories)
    themes = [c for c in categories if c.theme]
    cores = [c for c in categories if c.core]
    expected = {
        "initial": (0, 0, 0, 0),
        "focused": (0, 0, 0, 0),
        "categories": (11, 0, 0, 0),
        "themes": (14, 3, 0, 5),
        "final": (14, 3, 1, len(built().relationships)),
    }[stage]
    assert (len(categories), len(themes), len(cores), len(project.relationships)) == (
        expected
    )
    assert len(project.participants) == 10
    # Each stage's history is the beginning of the final history.
    history = list(project.history)
    assert history == list(built().history)[: len(history)]


def test_unknown_stage_is_refused():
    """An unknown stage name raises ValueError naming the stages."""
    with pytest.raises(ValueError, match="initial, focused"):
        example().build_project("axial")


def test_build_is_deterministic():
    """Two builds give the same project file, text for text."""
    first = dumps(example().build_project())
    second = dumps(example().build_project())
    assert first == second
    assert first == dumps(built())


def test_script_writes_a_loadable_reproducible_file(tmp_path):
    """The script prints the summary and saves the same file under any hash seed."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    digests = []
    for seed in ("0", "4242"):
        out = tmp_path / seed
        result = subprocess.run(
            [sys.executable, str(EXAMPLE), "--out", str(out)],
            env={**env, "PYTHONHASHSEED": seed},
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert "participants   10" in result.stdout
        assert "Shared identity" in result.stdout
        path = out / "peer-support.gtg.json"
        digests.append(hashlib.sha256(path.read_bytes()).hexdigest())
    assert digests[0] == digests[1]
    loaded = gtgraph.load(path)
    assert loaded == built()
    assert path.read_text(encoding="utf-8") == dumps(built())


def test_report_gives_concept_creation_per_interview_from_the_history():
    """Categories, properties, dimensions and relationships arise in interviews.

    The expected counts are tallied by hand from the demo's plan: the
    interview each category, theme, property (its first evidence),
    dimension and relationship was created under.
    """
    from gtgraph.saturation import report

    history = report(built(), permutations=10).history
    assert history.available
    assert history.units == tuple(f"P{i:02d} interview" for i in range(1, 11))
    #                                 P01 P02 P03 P04 P05 P06 P07 P08 P09 P10
    assert history.created["category"] == (3, 3, 2, 3, 1, 1, 0, 0, 1, 0)
    assert history.created["property"] == (2, 1, 2, 1, 0, 0, 1, 0, 1, 1)
    assert history.created["dimension"] == (0, 0, 1, 0, 0, 0, 0, 0, 0, 0)
    assert history.created["relationship"] == (0, 0, 0, 0, 1, 2, 2, 3, 2, 2)
    for level in ("category", "property", "dimension", "relationship"):
        assert history.outside[level] == 0, level


def test_each_category_raised_while_analysing_an_interview_with_its_codes():
    project = built()
    plan = example().RAISED_WHILE
    for name, (_, codes) in example().CATEGORIES.items():
        source = project.sources[f"{plan[name]} interview"]
        used = {
            code.name
            for segment in hb_segments(project)
            if segment.source == source.id
            for code in project.codes_of(segment)
        }
        assert used & set(codes), name
