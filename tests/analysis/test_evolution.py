"""Replaying a project source by source, diffing projects, and telling provenance."""

from __future__ import annotations

import json
from typing import ClassVar

import pytest
from study import build_study, seg

import gtgraph
from gtgraph import NotFoundError, ValidationError
from gtgraph.evolution import Change, as_of, diff, provenance
from gtgraph.readwrite import dumps, loads


def names(project):
    return (
        project.sources.names(),
        project.participants.names(),
        project.codes.names(),
        project.categories.names(),
        len(project.segments),
        len(project.relationships),
    )


class TestAsOf:
    def test_replay_the_study(self, study):
        """Each k keeps what the first k interviews ground (see tests/study.py)."""
        assert names(as_of(study, 0)) == ([], [], [], [], 0, 0)
        assert names(as_of(study, 1)) == (
            ["Interview 1"],
            ["P01"],
            ["feeling nervous", "shared experience", "trust"],
            ["Shared identity", "Anxiety"],
            3,
            0,  # Disclosure is not grounded yet, so neither is its relationship
        )
        assert names(as_of(study, 2)) == (
            ["Interview 1", "Interview 2"],
            ["P01", "P02"],
            ["feeling nervous", "shared experience", "trust", "disclosing diagnosis"],
            ["Shared identity", "Disclosure", "Anxiety", "The process of disclosure"],
            5,
            1,
        )
        assert as_of(study, 3) == study

    def test_hierarchy_follows(self, study):
        """Hierarchy links to removed elements go; the others stay."""
        early = as_of(study, 1)
        assert [c.name for c in early.parents("trust")] == ["Shared identity"]
        assert early.graph.number_of_edges() == 3 + 1  # 3 memberships, 1 source link

    def test_source_as_k(self, study):
        """A source stands for the sources up to and including it."""
        assert as_of(study, "Interview 2") == as_of(study, 2)
        assert as_of(study, study.sources["Interview 1"]) == as_of(study, 1)

    def test_order_not_insertion(self, study):
        """Sources are taken in their order, not the order they were added."""
        study.add_source("Pilot", text="I was nervous.", participant="P00", order=0)
        first = as_of(study, 1)
        assert first.sources.names() == ["Pilot"]
        assert first.participants.names() == ["P00"]

    def test_elements_not_grounded_anywhere_stay(self, study):
        """A-priori codes, empty categories, loose participants and unevidenced links stay."""
        study.add_code("hope")
        study.add_code("despair")
        study.add_category("Recovery")
        study.add_participant("P09")
        study.relate("hope", "contradicts", "despair")
        start = as_of(study, 0)
        assert start.codes.names() == ["hope", "despair"]
        assert start.categories.names() == ["Recovery"]
        assert start.participants.names() == ["P09"]
        assert len(start.relationships) == 1

    def test_evidence_is_trimmed(self, study):
        """Later evidence is dropped; a link or property grounded only later goes."""
        early_seg = seg(study, "Interview 1", "she had been there too")
        late_seg = seg(study, "Interview 2", "He had been there too")
        study.add_property("Shared identity", "shared", evidence=[early_seg, late_seg])
        study.add_property("Shared identity", "late", evidence=[late_seg])
        study.add_property("Shared identity", "unevidenced")
        rel = study.relate(
            "trust",
            "is associated with",
            "shared experience",
            evidence=[early_seg, late_seg],
            counter_evidence=[late_seg],
        )
        study.relate("trust", "is cause of", "shared experience", evidence=[late_seg])
        early = as_of(study, 1)
        props = early.categories["Shared identity"].properties
        assert [(p.name, p.evidence) for p in props] == [
            ("shared", (early_seg.id,)),
            ("unevidenced", ()),
        ]
        (kept,) = early.relationships
        assert (kept.id, kept.evidence, kept.counter_evidence) == (
            rel.id,
            (early_seg.id,),
            (),
        )

    def test_memos_follow_their_subjects(self, study):
        """A memo loses subjects that go, and goes when all its subjects do."""
        both = study.memo(["trust", "disclosing diagnosis"], "trust and disclosure")
        late = study.memo("disclosing diagnosis", "about disclosure")
        on_late = study.memo(late, "a memo on a memo")
        loose = study.memo(None, "to follow up")
        rel = next(iter(study.relationships))
        study.update(rel, memo=late)
        early = as_of(study, 1)
        assert early.memos.names() == [both.title, loose.title]
        assert early.memos[both.title].about == (study.codes["trust"].id,)
        assert on_late.title not in early.memos

    def test_snapshot_is_independent_and_valid(self, study):
        """The snapshot is a valid project of its own; the original is untouched."""
        before = dumps(study)
        early = as_of(study, 2)
        early.add_code("new")
        early.rename("trust", "trusting")
        assert dumps(study) == before
        assert loads(dumps(early)) == early
        assert len(early.history) == len(study.history) + 2

    def test_history_is_the_projects(self, study):
        """The snapshot keeps the project's history; it has nothing to undo."""
        early = as_of(study, 1)
        assert list(early.history) == list(study.history)
        with pytest.raises(ValidationError, match="can be undone"):
            early.undo()

    @pytest.mark.parametrize("k", [-1, 4, True])
    def test_bad_k(self, study, k):
        """k must be a number of sources from 0 to their count, or a source."""
        with pytest.raises(ValidationError, match="as_of takes"):
            as_of(study, k)

    def test_unknown_source(self, study):
        """An unknown source name is reported."""
        with pytest.raises(NotFoundError):
            as_of(study, "Interview 9")


class TestDiff:
    def test_same_project(self, study):
        """A project does not differ from itself or from its saved copy."""
        assert not diff(study, study)
        assert not diff(study, loads(dumps(study)))
        assert str(diff(study, study)) == "no differences"
        assert diff(study, study).counts == {}

    def test_next_interview(self, study):
        """From one interview to the next: additions and regroundings, counted."""
        d = diff(as_of(study, 1), as_of(study, 2))
        assert str(d).splitlines() == [
            (
                "participants: 1 added; sources: 1 added; codes: 1 added, 1 regrounded; "
                "categories: 2 added, 1 regrounded; relationships: 1 added; "
                "segments: 2 added"
            ),
            "+ participant 'P02'",
            "+ source 'Interview 2'",
            "+ code 'disclosing diagnosis'",
            "~ code 'shared experience' regrounded: 1 -> 2 segments, 1 -> 2 participants",
            "+ category 'Disclosure'",
            "+ category 'The process of disclosure'",
            "~ category 'Shared identity' regrounded: 2 -> 3 segments, 1 -> 2 participants",
            "+ relationship 'Disclosure' leads to 'Shared identity'",
        ]
        assert d.counts == {
            "participants added": 1,
            "sources added": 1,
            "codes added": 1,
            "codes regrounded": 1,
            "categories added": 1 + 1,
            "categories regrounded": 1,
            "relationships added": 1,
            "segments added": 2,
        }
        assert [c.name for c in d.of("category", "added")] == [
            "'Disclosure'",
            "'The process of disclosure'",
        ]
        assert len(d) == 8

    def test_removed_is_the_reverse(self, study):
        """Going back, the additions are removals."""
        d = diff(as_of(study, 2), as_of(study, 1))
        assert d.counts["codes removed"] == 1
        assert d.counts["segments removed"] == 2

    def test_rename_regroup_change(self, study):
        """Renames are found by id; regrouping and field changes are named."""
        later = loads(dumps(study))
        later.rename("trust", "trusting")
        later.uncategorize("trusting", "Shared identity")
        later.categorize("trusting", "Anxiety")
        later.update("feeling nervous", definition="Anxious before meeting.")
        d = diff(study, later)
        lines = str(d).splitlines()
        assert "~ code 'trusting' renamed: 'trust' -> 'trusting'" in lines
        assert (
            "~ code 'trusting' regrouped: in 'Shared identity' -> in 'Anxiety'" in lines
        )
        assert "~ code 'feeling nervous' changed: definition" in lines
        assert (
            "~ category 'Anxiety' regrounded: 2 -> 3 segments, 2 -> 2 participants"
            in lines
        )
        renamed = d.of(change="renamed")[0]
        assert (renamed.a, renamed.b) == (study.codes["trust"].id,) * 2

    def test_removed_code_recodes_segments(self, study):
        """Removing a code removes it and recodes its segments."""
        later = loads(dumps(study))
        later.remove("no shared experience")
        d = diff(study, later)
        assert d.counts == {"codes removed": 1, "segments recoded": 1}

    def test_match_by_name(self):
        """Projects built separately are matched by name when ids differ."""
        a = gtgraph.Project()
        a.add_code("trust", id="c1")
        a.add_code("safety", id="c2")
        a.relate("c1", "is associated with", "c2", id="r1")
        b = gtgraph.Project()
        b.add_code("safety", id="k2")
        b.add_code("trust", id="k1")
        b.relate("k2", "is associated with", "k1", id="r9")
        assert not diff(a, b)

    def test_match_segments_by_span(self):
        """Segments, evidence and properties of separately built projects match by span."""

        def build(shift: bool) -> gtgraph.Project:
            p = gtgraph.Project(clock=lambda: "2026-03-01T10:00:00Z")
            if shift:
                p.add_code("unused")  # shifts every generated id after it
            s = p.add_source("i1", text="I trust her. She had been there.")
            a = p.code(s, 0, 11, codes="trust")
            b = p.code(s, 13, 31, codes="shared experience")
            p.categorize("trust", "Relating")
            p.add_property(
                "Relating", "depth", dimensions=[("low", "high")], evidence=[a]
            )
            p.relate(
                "trust", "is associated with", "shared experience", evidence=[a, b]
            )
            if shift:
                p.remove("unused")
            return p

        a, b = build(shift=False), build(shift=True)
        assert {s.id for s in a.segments}.isdisjoint({s.id for s in b.segments})
        assert not diff(a, b)
        b.uncode(next(iter(b.segments)), "trust")
        assert diff(a, b).counts == {
            "codes regrounded": 1,
            "categories regrounded": 1,
            "segments recoded": 1,
        }

    def test_id_match_wins(self):
        """An id in both projects is the same element, renamed if names differ."""
        a = gtgraph.Project()
        a.add_code("trust", id="c1")
        b = gtgraph.Project()
        b.add_code("fear", id="c1")
        b.add_code("trust", id="c2")
        d = diff(a, b)
        assert [str(c) for c in d] == [
            "+ code 'trust'",
            "~ code 'fear' renamed: 'trust' -> 'fear'",
        ]

    def test_relationship_changes(self, study):
        """A relationship's type and evidence changes are found."""
        later = loads(dumps(study))
        rel = next(iter(later.relationships))
        later.update(rel, type="is cause of")
        later.add_evidence(rel, seg(later, "Interview 1", "she had been there too"))
        later.add_evidence(
            rel, seg(later, "Interview 3", "I was nervous"), counter=True
        )
        lines = str(diff(study, later)).splitlines()
        assert (
            "~ relationship 'Disclosure' is cause of 'Shared identity' changed: type"
            in lines
        )
        assert (
            "~ relationship 'Disclosure' is cause of 'Shared identity' regrounded: "
            "evidence 1 -> 2 segments, counter-evidence 0 -> 1 segments" in lines
        )

    def test_relationship_ends_changed(self, study):
        """A relationship whose ends changed (by id) says what it was."""
        later = loads(dumps(study))
        later.merge_codes(["trust"], into="shared experience")
        a = gtgraph.Project()
        a.add_code("x", id="x")
        a.add_code("y", id="y")
        a.add_code("z", id="z")
        a.relate("x", "is cause of", "y", id="r")
        b = loads(dumps(a))
        b.remove("r")
        b.relate("x", "is cause of", "z", id="r")
        (change,) = diff(a, b)
        assert (
            str(change)
            == "~ relationship 'x' is cause of 'z' changed: was 'x' is cause of 'y'"
        )

    def test_project_settings(self, study):
        """Title and settings changes are listed."""
        later = loads(dumps(study))
        later.set_title("Peer support relationships")
        later.configure(disabled_checks=["causal-cycle"])
        assert [str(c) for c in diff(study, later)] == [
            "~ project settings changed: {} -> {'disabled_checks': ['causal-cycle']}",
            "~ project title changed: 'Peer support' -> 'Peer support relationships'",
        ]

    def test_change_str(self):
        """A change prints with a sign for additions and removals."""
        assert str(Change("code", "added", None, "c1", "'x'")) == "+ code 'x'"
        assert str(Change("code", "removed", "c1", None, "'x'")) == "- code 'x'"


class TestProvenance:
    @pytest.fixture
    def chain(self):
        p = gtgraph.Project(actor="HB")
        p.clock = lambda: "2026-03-01T10:00:00Z"
        s = p.add_source(
            "i1", text="I told her about my diagnosis. I told her about my kids."
        )
        a = p.code(s, 0, 29, codes="telling")
        b = p.code(s, 31, 55, codes="sharing")
        p.merge_codes(["telling", "sharing"], into="disclosing")
        p.rename("disclosing", "disclosing to the worker")
        p.split_code(
            "disclosing to the worker",
            {"disclosing diagnosis": [a], "disclosing family life": [b]},
            keep=False,
        )
        p.categorize("disclosing diagnosis", "Disclosure")
        return p

    STORY: ClassVar[list[str]] = [
        "2026-03-01 10:00 HB: created code 'telling' while coding 'i1'",
        "2026-03-01 10:00 HB: created code 'sharing' while coding 'i1'",
        "2026-03-01 10:00 HB: merged codes 'telling', 'sharing' into 'disclosing' (a new code)",
        "2026-03-01 10:00 HB: renamed code 'disclosing' to 'disclosing to the worker'",
        (
            "2026-03-01 10:00 HB: split code 'disclosing to the worker' into "
            "'disclosing diagnosis', 'disclosing family life'"
        ),
        "2026-03-01 10:00 HB: put 'disclosing diagnosis' into 'Disclosure' (a new category)",
    ]

    def test_code_story(self, chain):
        """A code's story follows the merges and the split it came from."""
        story = provenance(chain, "disclosing diagnosis")
        assert list(story.lines) == self.STORY
        assert [e.op for e in story.events] == [
            "code",
            "code",
            "merge_codes",
            "rename",
            "split_code",
            "categorize",
        ]

    def test_category_story(self, chain):
        """A category's story includes how the codes below it came about."""
        story = provenance(chain, "Disclosure")
        assert str(story).splitlines() == [
            f"category 'Disclosure' ({chain.categories['Disclosure'].id})",
            *(f"  {line}" for line in self.STORY),
        ]

    def test_codings_are_counted(self, chain):
        """Coding events are counted, not told."""
        s = chain.sources["i1"]
        chain.code(s, 0, 6, codes="disclosing diagnosis")
        chain.code(s, 7, 9, codes="disclosing diagnosis")
        story = provenance(chain, "disclosing diagnosis")
        assert story.codings == 2
        assert str(story).endswith("and 2 coding event(s)")

    def test_removed_element_by_id(self, chain):
        """An element that no longer exists is told by its id, named from the history."""
        gone = chain.history.where(op="merge_codes")[0].args["merged"][0]
        story = provenance(chain, gone)
        assert (story.name, story.kind) == ("telling", "element")
        assert story.lines[0] == self.STORY[0]

    def test_other_operations(self):
        """Updates, removals, relationships, properties and memos read as sentences."""
        p = gtgraph.Project(actor="HB")
        p.clock = lambda: "2026-03-01T10:00:00Z"
        p.add_category("Shared identity", theme=True, core=True)
        p.add_category("Disclosure")
        p.update("Shared identity", definition="Being alike")
        p.add_property("Shared identity", "strength")
        p.add_dimension("Shared identity", "strength", ("weak", "strong"))
        p.relate("Disclosure", "leads to", "Shared identity")
        p.memo("Shared identity", "A memo.", title="On sameness")
        p.set_title("x")
        text = [
            line.split(": ", 1)[1] for line in provenance(p, "Shared identity").lines
        ]
        assert text == [
            "created category 'Shared identity' as a theme and the core",
            "changed definition of 'Shared identity'",
            "added property 'strength' to 'Shared identity'",
            "added a dimension to property 'strength' of 'Shared identity'",
            "related 'Disclosure' leads to 'Shared identity'",
            "wrote memo 'On sameness'",
        ]
        p.remove("Disclosure")
        story = provenance(p, p.history.where(op="remove")[0].args["id"])
        assert story.lines[-1].endswith("removed category 'Disclosure'")

    def test_no_events(self):
        """An element loaded without history says so."""
        p = gtgraph.Project()
        p.add_code("x")
        doc = json.loads(dumps(p))
        doc["history"] = []
        bare = loads(json.dumps(doc))
        assert str(provenance(bare, "x")).endswith(
            "(no recorded events: it came with the project file)"
        )

    def test_unknown(self, study):
        """A key that is neither an element nor in the history is not found."""
        with pytest.raises(NotFoundError):
            provenance(study, "nothing")


def test_public_names():
    """The evolution functions are reachable from the package."""
    assert gtgraph.as_of is as_of
    assert gtgraph.diff is diff
    assert gtgraph.provenance is provenance
    assert build_study() == build_study()
