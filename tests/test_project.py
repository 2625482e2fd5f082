"""The Project API: each operation, each error path, and rollback on failure."""

from __future__ import annotations

from typing import Any

import pytest

import gtgraph
from gtgraph import CycleError, NotFoundError, RelationTypeError, ValidationError
from gtgraph.readwrite import dumps

TEXT = "I was nervous at first. She told me she had been there too. That changed it."


@pytest.fixture
def project() -> gtgraph.Project:
    p = gtgraph.Project(title="Peer support", actor="HB")
    p.add_participant("P01", service="community", months=8)
    p.add_source("P01 interview", text=TEXT, participant="P01")
    return p


def unchanged(
    project: gtgraph.Project, call: Any, error: type[Exception], match: str = ""
) -> None:
    """Assert *call* raises *error* and leaves *project* byte-for-byte as it was."""
    before = dumps(project)
    undoable = len(project._undo)
    with pytest.raises(error, match=match):
        call()
    assert dumps(project) == before
    assert len(project._undo) == undoable


class TestParticipantsAndSources:
    def test_participant_attributes(self, project):
        """Attributes are kept and read-only."""
        par = project.participants["P01"]
        assert par.attributes == {"service": "community", "months": 8}
        with pytest.raises(TypeError):
            par.attributes["service"] = "x"  # type: ignore[index]

    def test_duplicate_participant(self, project):
        """A second participant with the same name is refused, naming it."""
        unchanged(
            project, lambda: project.add_participant("P01"), ValidationError, "P01"
        )

    def test_bad_attribute_value(self, project):
        """Attribute values of other types are refused."""
        unchanged(
            project,
            lambda: project.add_participant("P02", tags=["a"]),
            ValidationError,
            "tags",
        )

    def test_source_creates_participant(self, project):
        """A new participant name given with a source creates the participant."""
        src = project.add_source("P02 interview", text="x", participant="P02")
        assert project.participant_of(src).name == "P02"
        assert [e.op for e in project.history][-1] == "add_source"

    def test_source_order_defaults_to_next(self, project):
        """Sources are numbered in the order they are added unless given."""
        a = project.add_source("b", text="")
        b = project.add_source("c", text="", order=0)
        assert (a.order, b.order) == (2, 0)
        assert project.sources.names() == ["c", "P01 interview", "b"]

    def test_text_is_normalised(self, project):
        """CRLF and CR become LF and a leading BOM is dropped."""
        src = project.add_source("win", text="\ufeffa\r\nb\rc")
        assert src.text == "a\nb\nc"

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"text": 3}, "text must be a string"),
            ({"order": "1"}, "order"),
            ({"order": True}, "order"),
            ({"kind": ""}, "kind"),
            ({"participant": 5}, "participant"),
        ],
    )
    def test_bad_source(self, project, kwargs, match):
        """Wrong-typed source fields are refused and nothing changes."""
        unchanged(
            project, lambda: project.add_source("new", **kwargs), ValidationError, match
        )

    def test_empty_name(self, project):
        """Names must have a visible character."""
        unchanged(
            project, lambda: project.add_code("  "), ValidationError, "non-empty name"
        )

    def test_names_are_stripped(self, project):
        """Surrounding spaces are not part of a name."""
        assert project.add_code("  trust ").name == "trust"
        unchanged(
            project,
            lambda: project.add_code("trust"),
            ValidationError,
            "already exists",
        )


class TestCoding:
    def test_offsets(self, project):
        """A segment's quote is the text between its offsets."""
        seg = project.code(
            "P01 interview", 0, 22, codes=["feeling nervous"], coder="RK"
        )
        assert seg.quote == "I was nervous at first"
        assert seg.coder == "RK"
        assert [c.name for c in project.codes_of(seg)] == ["feeling nervous"]

    def test_quote_located(self, project):
        """A quote that occurs once is found in the text."""
        seg = project.code(
            "P01 interview", quote="she had been there too", codes="shared experience"
        )
        assert TEXT[seg.start : seg.end] == "she had been there too"
        assert seg.coder == "HB"  # the project's actor

    def test_quote_checked_against_offsets(self, project):
        """A quote given with offsets must match the text there."""
        unchanged(
            project,
            lambda: project.code("P01 interview", 0, 5, codes="x", quote="I wax"),
            ValidationError,
            "is not the text",
        )

    @pytest.mark.parametrize(
        ("start", "end", "quote", "match"),
        [
            (5, 2, None, "before the start"),
            (-1, 2, None, "outside the text"),
            (0, 10_000, None, "outside the text"),
            (None, None, "not in there", "does not occur"),
            (None, None, "e", "more than once"),
            (None, None, None, "give start and end"),
            (3, None, None, "both start and end"),
            (1.5, 3, None, "whole number"),
        ],
    )
    def test_bad_offsets(self, project, start, end, quote, match):
        """Bad spans are refused with a message that says what to do."""
        unchanged(
            project,
            lambda: project.code("P01 interview", start, end, codes="x", quote=quote),
            ValidationError,
            match,
        )

    def test_same_span_reuses_segment(self, project):
        """Coding a span again by the same coder adds codes to its segment."""
        a = project.code("P01 interview", 0, 5, codes="a")
        b = project.code("P01 interview", 0, 5, codes=["b", "a"])
        assert a.id == b.id
        assert [c.name for c in project.codes_of(a)] == ["a", "b"]
        c = project.code("P01 interview", 0, 5, codes="a", coder="RK")
        assert c.id != a.id
        assert len(project.codings) == 3

    def test_category_is_not_a_code(self, project):
        """A category's name cannot be used to code a segment."""
        project.add_category("Shared identity")
        unchanged(
            project,
            lambda: project.code("P01 interview", 0, 5, codes="Shared identity"),
            ValidationError,
            "is a category",
        )

    def test_quote_only_source(self, project):
        """A source without text takes segments that carry only their quote."""
        src = project.add_source("excerpts", text=None)
        seg = project.code(src, quote="we were equals", codes="equality")
        assert (seg.start, seg.end, seg.quote) == (None, None, "we were equals")
        unchanged(
            project,
            lambda: project.code(src, 0, 2, codes="x"),
            ValidationError,
            "no text",
        )

    def test_uncode(self, project):
        """Codes can be taken off a segment, and only codes it carries."""
        seg = project.code("P01 interview", 0, 5, codes=["a", "b"])
        project.uncode(seg, "a")
        assert [c.name for c in project.codes_of(seg)] == ["b"]
        unchanged(
            project, lambda: project.uncode(seg, "a"), ValidationError, "not coded"
        )


class TestLookup:
    def test_by_id_and_name(self, project):
        """Elements are found by id or by name."""
        code = project.add_code("trust")
        assert project.get("trust") is project.get(code.id)
        assert project.get(code) == code
        assert "trust" in project and code.id in project and "nope" not in project

    def test_ambiguous_name_needs_kind(self, project):
        """A name used by two kinds needs kind=."""
        project.add_code("trust")
        project.add_category("trust")
        with pytest.raises(ValidationError, match="kind="):
            project.get("trust")
        assert project.get("trust", kind="category").name == "trust"

    def test_not_found_suggests(self, project):
        """An unknown name raises NotFoundError with close names."""
        project.add_code("trusting")
        with pytest.raises(NotFoundError, match="did you mean 'trusting'"):
            project.get("trustin")
        with pytest.raises(NotFoundError, match="no code"):
            project.get("P01", kind="code")

    def test_unknown_kind(self, project):
        """An unknown kind is a usage error."""
        with pytest.raises(ValidationError, match="unknown kind"):
            project.get("x", kind="theme")

    def test_wrong_kind_by_id(self, project):
        """An id of another kind is refused."""
        with pytest.raises(ValidationError, match="is a participant"):
            project.get(project.participants["P01"].id, kind="code")

    def test_segments_by_id(self, project):
        """Segments are found by id."""
        seg = project.code("P01 interview", 0, 5, codes="a")
        assert project.get(seg.id) == seg
        assert project.segments[seg.id] == seg


class TestHierarchy:
    def test_poly_hierarchy(self, project):
        """A code can sit in several categories."""
        project.add_code("peer")
        project.categorize("peer", "A")
        project.categorize("peer", "B")
        assert [c.name for c in project.parents("peer")] == ["A", "B"]
        assert [c.name for c in project.children("A")] == ["peer"]

    def test_cycle_refused(self, project):
        """A category cannot end up inside itself."""
        project.categorize(project.add_category("A"), "B")
        project.categorize("B", "C")
        unchanged(project, lambda: project.categorize("C", "A"), CycleError, "cycle")
        unchanged(project, lambda: project.categorize("A", "A"), CycleError, "cycle")

    def test_parent_must_be_category(self, project):
        """Codes cannot hold children."""
        project.add_code("a")
        project.add_code("b")
        unchanged(
            project, lambda: project.categorize("a", "b"), ValidationError, "is a code"
        )

    def test_ancestors_descendants(self, project):
        """Ancestors and descendants follow the hierarchy transitively."""
        project.add_code("a")
        project.categorize("a", "Sub")
        project.categorize("Sub", "Theme")
        assert [c.name for c in project.ancestors("a")] == ["Sub", "Theme"]
        assert [c.name for c in project.descendants("Theme")] == ["Sub", "a"]

    def test_uncategorize_unknown_link(self, project):
        """Removing a link that does not exist is an error."""
        project.add_code("a")
        project.add_category("A")
        unchanged(
            project,
            lambda: project.uncategorize("a", "A"),
            ValidationError,
            "is not in",
        )

    def test_segments_of_category(self, project):
        """A category's segments are those of the codes beneath it."""
        project.code("P01 interview", 0, 5, codes="a")
        project.code("P01 interview", 6, 10, codes="b")
        project.categorize("a", "Sub")
        project.categorize("Sub", "Theme")
        project.categorize("b", "Theme")
        assert len(project.segments_of("Theme")) == 2
        assert len(project.segments_of("Theme", descendants=False)) == 1


class TestProperties:
    def test_dimension_forms(self, project):
        """Dimensions are given as pairs, triples, names or records."""
        project.add_category("Disclosure")
        prop = project.add_property(
            "Disclosure",
            "depth",
            dimensions=[
                ("superficial", "intimate"),
                ("pace", "slow", "fast"),
                "timing",
                gtgraph.Dimension("scope", "one topic", "whole life"),
            ],
        )
        assert [(d.name, d.low, d.high) for d in prop.dimensions] == [
            ("depth", "superficial", "intimate"),
            ("pace", "slow", "fast"),
            ("timing", "", ""),
            ("scope", "one topic", "whole life"),
        ]

    def test_duplicate_property_and_dimension(self, project):
        """Property names are unique per category, dimension names per property."""
        project.add_category("Disclosure")
        project.add_property("Disclosure", "depth", dimensions=["d"])
        unchanged(
            project,
            lambda: project.add_property("Disclosure", "depth"),
            ValidationError,
            "already",
        )
        unchanged(
            project,
            lambda: project.add_dimension("Disclosure", "depth", "d"),
            ValidationError,
            "already",
        )
        unchanged(
            project,
            lambda: project.add_dimension("Disclosure", "width", "d"),
            NotFoundError,
            "no property",
        )

    def test_property_evidence(self, project):
        """Segments can ground a property."""
        seg = project.code("P01 interview", 0, 5, codes="a")
        project.add_category("Disclosure")
        project.add_property("Disclosure", "depth")
        project.add_evidence("Disclosure", seg, property="depth")
        assert project.categories["Disclosure"].property("depth").evidence == (seg.id,)


class TestRelationships:
    @pytest.fixture
    def cats(self, project):
        for name in ("Disclosure", "Shared identity", "Hope"):
            project.add_category(name)
        return project

    def test_atlas_names(self, cats):
        """ATLAS.ti's relation names work out of the box."""
        rel = cats.relate("Disclosure", "is cause of", "Shared identity")
        assert (cats._display(rel.source), rel.type, cats._display(rel.target)) == (
            "Disclosure",
            "is cause of",
            "Shared identity",
        )

    def test_unknown_type_suggests(self, cats):
        """A misspelt type is refused with a suggestion."""
        unchanged(
            cats,
            lambda: cats.relate("Disclosure", "is cause off", "Hope"),
            RelationTypeError,
            "did you mean 'is cause of'",
        )

    def test_type_not_enabled(self):
        """A built-in type of a vocabulary the project did not enable is refused."""
        p = gtgraph.Project(vocabularies=["process"])
        p.add_category("A")
        p.add_category("B")
        unchanged(
            p,
            lambda: p.relate("A", "is cause of", "B"),
            RelationTypeError,
            "enable_vocabulary",
        )
        p.enable_vocabulary("atlas")
        assert p.relate("A", "is cause of", "B").type == "is cause of"

    def test_symmetric_stored_once(self, cats):
        """A symmetric relationship is stored once and found from both ends."""
        rel = cats.relate("Disclosure", "contradicts", "Hope")
        unchanged(
            cats,
            lambda: cats.relate("Hope", "contradicts", "Disclosure"),
            ValidationError,
            "exists already",
        )
        g = cats.graph
        assert g.edges[rel.source, rel.target, rel.id]["symmetric"] is True
        assert len([r for r in cats.relationships if r.type == "contradicts"]) == 1

    def test_directed_duplicate(self, cats):
        """The same directed relationship cannot be added twice, but the reverse can."""
        cats.relate("Disclosure", "is cause of", "Hope")
        unchanged(
            cats,
            lambda: cats.relate("Disclosure", "is cause of", "Hope"),
            ValidationError,
            "exists already",
        )
        cats.relate(
            "Hope", "is cause of", "Disclosure"
        )  # causal feedback loops are allowed

    @pytest.mark.parametrize("rtype", ["is part of", "is a", "precedes", "leads to"])
    def test_acyclic_types(self, cats, rtype):
        """Transitive and acyclic types cannot close a cycle."""
        cats.relate("Disclosure", rtype, "Shared identity")
        cats.relate("Shared identity", rtype, "Hope")
        unchanged(
            cats, lambda: cats.relate("Hope", rtype, "Disclosure"), CycleError, "cycle"
        )

    def test_self_relationship(self, cats):
        """Both ends must differ."""
        unchanged(
            cats,
            lambda: cats.relate("Hope", "is cause of", "Hope"),
            ValidationError,
            "two different",
        )

    def test_endpoint_kinds(self, cats):
        """A type restricted to categories refuses codes."""
        cats.add_relation_type(
            "is a stage of theme", endpoints={"category"}, style="process"
        )
        cats.add_code("trust")
        unchanged(
            cats,
            lambda: cats.relate("trust", "is a stage of theme", "Hope"),
            ValidationError,
            "is a code",
        )

    def test_endpoints_must_exist(self, cats):
        """Relating an unknown name is an error, not a new category."""
        unchanged(
            cats,
            lambda: cats.relate("Disclosure", "leads to", "Nope"),
            NotFoundError,
            "Nope",
        )

    def test_evidence_and_memo(self, cats, project):
        """Evidence, counter-evidence and a memo are kept with the relationship."""
        seg = cats.code("P01 interview", 0, 5, codes="a")
        seg2 = cats.code("P01 interview", 6, 10, codes="a")
        rel = cats.relate(
            "Disclosure",
            "leads to",
            "Shared identity",
            evidence=[seg],
            counter_evidence=seg2.id,
            memo="Disclosure came first.",
        )
        assert rel.evidence == (seg.id,) and rel.counter_evidence == (seg2.id,)
        memo = cats.get(rel.memo)
        assert memo.text == "Disclosure came first." and memo.about == (rel.id,)
        cats.add_evidence(rel, [seg2])
        assert cats.get(rel.id).evidence == (seg.id, seg2.id)

    def test_custom_type_rules(self, cats):
        """Badly defined relation types are refused."""
        with pytest.raises(RelationTypeError, match="style"):
            cats.add_relation_type("x", style="wavy")
        with pytest.raises(RelationTypeError, match="symmetric"):
            cats.add_relation_type("y", symmetric=True, transitive=True)
        with pytest.raises(RelationTypeError, match="other semantics"):
            cats.add_relation_type("contradicts", symmetric=False)


class TestMemos:
    def test_about_several(self, project):
        """A memo can be about several elements, or nothing."""
        a = project.add_code("a")
        b = project.add_category("B")
        memo = project.memo([a, "B"], "They go together.", title="On a and B")
        assert memo.about == (a.id, b.id)
        loose = project.memo(None, "An idea.")
        assert loose.about == () and loose.title == "Memo 2"

    def test_duplicate_title(self, project):
        """Memo titles are unique."""
        project.memo(None, "x", title="T")
        unchanged(
            project,
            lambda: project.memo(None, "y", title="T"),
            ValidationError,
            "already exists",
        )


class TestEditing:
    def test_rename(self, project):
        """Renaming keeps the id and frees the old name."""
        code = project.add_code("trust")
        project.rename(code, "trusting")
        assert project.get("trusting").id == code.id
        assert "trust" not in project.codes
        project.add_code("other")
        unchanged(
            project,
            lambda: project.rename("other", "trusting"),
            ValidationError,
            "already exists",
        )

    def test_rename_segment(self, project):
        """Segments have no names."""
        seg = project.code("P01 interview", 0, 5, codes="a")
        unchanged(
            project, lambda: project.rename(seg, "x"), ValidationError, "no names"
        )

    @pytest.mark.parametrize(
        ("fields", "match"),
        [
            ({"stage": "late"}, "unknown coding stage"),
            ({"colour": "red"}, "#rrggbb"),
            ({"in_vivo": "yes"}, "True or False"),
            ({"name": "x"}, "rename"),
            ({"definition": 3}, "string"),
        ],
    )
    def test_bad_update(self, project, fields, match):
        """Bad field values are refused."""
        project.add_code("trust")
        unchanged(
            project, lambda: project.update("trust", **fields), ValidationError, match
        )

    def test_update_source_text(self, project):
        """A source's text can change only while no segment has offsets into it."""
        project.update("P01 interview", text="New text")
        project.code("P01 interview", 0, 3, codes="a")
        unchanged(
            project,
            lambda: project.update("P01 interview", text="x"),
            ValidationError,
            "offsets",
        )

    def test_update_relationship_type(self, project):
        """Changing a relationship's type re-checks its rules."""
        project.add_category("A")
        project.add_category("B")
        rel = project.relate("A", "is cause of", "B")
        project.relate("B", "precedes", "A")
        assert project.update(rel, type="is condition for").type == "is condition for"
        unchanged(
            project, lambda: project.update(rel, type="precedes"), CycleError, "cycle"
        )


class TestRestructuring:
    def test_merge(self, project):
        """Merging keeps codings, categories, relationships and memos."""
        s1 = project.code("P01 interview", 0, 5, codes=["a", "b"], coder="RK")
        s2 = project.code("P01 interview", 6, 10, codes="b")
        project.categorize("a", "A")
        project.categorize("b", "B")
        project.add_category("C")
        project.relate("a", "is cause of", "C")
        project.relate("b", "is cause of", "C", evidence=[s2])
        project.relate("a", "contradicts", "b")
        memo = project.memo("b", "note")
        merged = project.merge_codes(["a", "b"], into="ab")
        assert [c.name for c in project.codes_of(s1)] == ["ab"]
        assert [c.coder for c in project.codings if c.segment == s1.id] == ["RK"]
        assert len(project.segments_of("ab")) == 2
        assert [c.name for c in project.parents("ab")] == ["A", "B"]
        rels = list(project.relationships)
        assert (
            len(rels) == 1
            and rels[0].source == merged.id
            and rels[0].evidence == (s2.id,)
        )
        assert project.get(memo.id).about == (merged.id,)
        assert project.codes.names() == ["ab"]
        assert [e.op for e in project.history.about("ab")][-1] == "merge_codes"
        assert {"code", "categorize", "relate", "memo", "merge_codes"} <= {
            e.op for e in project.history.about("ab")
        }

    def test_merge_cycle_refused(self, project):
        """A merge that would close a cycle of an acyclic type is refused."""
        for name in ("a", "x", "b"):
            project.add_code(name)
        project.relate("a", "precedes", "x")
        project.relate("x", "precedes", "b")
        unchanged(
            project,
            lambda: project.merge_codes(["a", "b"], into="a"),
            CycleError,
            "cycle",
        )

    def test_merge_nothing(self, project):
        """Merging a code into itself is refused."""
        project.add_code("a")
        unchanged(
            project,
            lambda: project.merge_codes(["a"], into="a"),
            ValidationError,
            "nothing to merge",
        )

    def test_split(self, project):
        """Splitting moves chosen segments to new codes in the same categories."""
        s1 = project.code("P01 interview", 0, 5, codes="talk")
        s2 = project.code("P01 interview", 6, 10, codes="talk")
        project.categorize("talk", "Disclosure")
        new = project.split_code("talk", {"talk about illness": [s1]})
        assert [c.name for c in project.codes_of(s1)] == ["talk about illness"]
        assert [c.name for c in project.codes_of(s2)] == ["talk"]
        assert [c.name for c in project.parents(new[0])] == ["Disclosure"]
        unchanged(
            project,
            lambda: project.split_code("talk", {"x": []}, keep=False),
            ValidationError,
            "in no part",
        )
        unchanged(
            project,
            lambda: project.split_code("talk", {"y": [s1]}),
            ValidationError,
            "not coded",
        )

    def test_remove_cascades(self, project):
        """Removing a code removes its codings and relationships; memos stay."""
        seg = project.code("P01 interview", 0, 5, codes=["a", "b"])
        project.add_category("C")
        rel = project.relate("a", "is cause of", "C", evidence=[seg])
        memo = project.memo(["a", rel], "note")
        project.remove("a")
        assert [c.name for c in project.codes_of(seg)] == ["b"]
        assert len(project.relationships) == 0
        assert project.get(memo.id).about == ()

    def test_remove_source_and_segment(self, project):
        """Removing a source removes its segments and their place in evidence."""
        seg = project.code("P01 interview", 0, 5, codes="a")
        project.add_category("C")
        rel = project.relate("a", "is cause of", "C", evidence=[seg])
        project.remove("P01 interview")
        assert len(project.segments) == 0
        assert project.get(rel.id).evidence == ()

    def test_remove_participant(self, project):
        """Removing a participant keeps its sources."""
        project.remove("P01")
        assert project.sources["P01 interview"].participant is None


class TestUndoAndHistory:
    def test_history_records_every_change(self, project):
        """Each successful change adds one event with its actor; failures add none."""
        n = len(project.history)
        project.add_code("a")
        with pytest.raises(ValidationError):
            project.add_code("a")
        assert len(project.history) == n + 1
        event = project.history[-1]
        assert (event.op, event.who, event.args["name"]) == ("add_code", "HB", "a")
        assert event.seq == n + 1

    def test_undo_restores_exactly(self, project):
        """Undoing n changes gives back the same project, byte for byte."""
        before = dumps(project)
        seg = project.code("P01 interview", 0, 5, codes="a")
        project.categorize("a", "A")
        project.merge_codes(["a"], into="b")
        project.remove(seg)
        project.undo(4)
        assert dumps(project) == before

    def test_undo_limit(self, project):
        """Only changes made since the project was loaded can be undone."""
        loaded = gtgraph.readwrite.loads(dumps(project))
        with pytest.raises(ValidationError, match="can be undone"):
            loaded.undo()

    def test_settings(self, project):
        """Settings are saved and can be removed."""
        project.configure(disabled_checks=["x"])
        assert project.settings == {"disabled_checks": ["x"]}
        project.configure(disabled_checks=None)
        assert project.settings == {}
        unchanged(
            project, lambda: project.configure(bad=object()), ValidationError, "JSON"
        )


def test_repr_and_summary(project):
    """The project prints its counts."""
    assert repr(project).startswith("<Project 'Peer support': 1 participant, 1 source")
    assert "participants   1" in project.summary()


def test_grounding_counts(project):
    """Grounding counts segments, distinct participants and sources."""
    other = project.add_source("P02", text="same here", participant="P02")
    orphan = project.add_source("notes", text="field notes")
    project.code("P01 interview", 0, 5, codes="a")
    project.code("P01 interview", 6, 10, codes="a")
    project.code(other, 0, 4, codes="a")
    project.code(orphan, 0, 5, codes="a")
    assert project.grounding("a") == gtgraph.Grounding(
        segments=4, participants=3, sources=3
    )


class TestResearcherConveniences:
    def test_grounding_by_coder(self, project):
        """A second coder's codings can be left out of the counts."""
        other = project.add_source("P02", text="same here", participant="P02")
        project.code("P01 interview", 0, 5, codes="a", coder="HB")
        project.code(other, 0, 4, codes="a", coder="RK")
        assert project.grounding("a").participants == 2
        assert project.grounding("a", coder="HB") == gtgraph.Grounding(1, 1, 1)
        assert [s.coder for s in project.segments_of("a", coder="RK")] == ["RK"]

    def test_merge_sets_stage_and_definition(self, project):
        """A merge can set the merged code's stage and definition in one change."""
        project.add_code("a")
        project.add_code("b")
        merged = project.merge_codes(
            ["a"], into="b", stage="focused", definition="Both."
        )
        assert (merged.stage, merged.definition) == ("focused", "Both.")
        assert project.codes["b"].stage == "focused"
        assert project.history[-1].op == "merge_codes"

    def test_fixed_codebook(self, project):
        """With create=False a misspelt code is an error, not a new code."""
        project.add_code("trust")
        unchanged(
            project,
            lambda: project.code("P01 interview", 0, 5, codes="trsut", create=False),
            NotFoundError,
            "did you mean 'trust'",
        )
        seg = project.code("P01 interview", 0, 5, codes="trust", create=False)
        assert [c.name for c in project.codes_of(seg)] == ["trust"]

    def test_code_many_names_the_span(self, project):
        """A failing span in a batch is named and nothing is coded."""
        unchanged(
            project,
            lambda: project.code_many(
                [("P01 interview", 0, 5, ["a"]), ("P01 interview", 9, 2, ["b"])]
            ),
            ValidationError,
            "span 1",
        )
        unchanged(
            project,
            lambda: project.code_many([("P01 interview", 0, 5)]),
            ValidationError,
            "span 0",
        )
        unchanged(
            project,
            lambda: project.code_many(
                [{"source": "P01 interview", "quote": "I was", "color": 1}]
            ),
            ValidationError,
            "unknown key",
        )

    def test_relate_with_an_existing_memo(self, project):
        """A titled memo written first can be attached to a relationship."""
        project.add_category("A")
        project.add_category("B")
        note = project.memo("A", "Why A leads to B.", title="A to B")
        rel = project.relate("A", "leads to", "B", memo=note)
        assert rel.memo == note.id
        assert project.get(note.id).about == (project.categories["A"].id, rel.id)

    def test_fixed_clock(self):
        """A fixed clock makes the saved file reproducible."""

        def build():
            p = gtgraph.Project(clock=lambda: "2024-01-19T10:00:00Z")
            s = p.add_source("a", text="abc")
            p.code(s, 0, 1, codes="x")
            p.memo(None, "note")
            return dumps(p)

        assert build() == build()
        assert "2024-01-19T10:00:00Z" in build()


def test_segment_ids_can_be_given(project):
    """Readers can keep a file's segment ids; a given id is never merged by span."""
    a = project.code("P01 interview", 0, 5, codes="x", id="sel-1")
    b = project.code("P01 interview", 0, 5, codes="x", id="sel-2")
    assert (a.id, b.id) == ("sel-1", "sel-2")
    unchanged(
        project,
        lambda: project.code("P01 interview", 0, 5, codes="x", id="sel-1"),
        ValidationError,
        "already used",
    )
    (c,) = project.code_many(
        [{"source": "P01 interview", "start": 1, "end": 3, "codes": "x", "id": "sel-3"}]
    )
    assert c.id == "sel-3"
