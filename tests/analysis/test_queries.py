"""Constant-comparison queries on a hand-built study with answers worked out by hand."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st
from study import seg

import gtgraph
from gtgraph import queries
from gtgraph.errors import GtGraphError, NotFoundError, ValidationError


class TestSegments:
    def test_code(self, study):
        """A code's segments come back in source order, then by position."""
        table = queries.segments(study, "feeling nervous")
        assert table.quotes() == ["I was nervous at first", "I was nervous"]

    def test_category_includes_descendants(self, study):
        """A category stands for every code below it, subcategories included."""
        assert queries.segments(study, "Shared identity").quotes() == [
            "she had been there too",
            "After that I trusted her",
            "He had been there too",
        ]
        assert queries.segments(study, "The process of disclosure").quotes() == [
            "I told him about my diagnosis"
        ]

    def test_several_codes_are_a_union(self, study):
        """Several codes keep the segments with any of them, once each."""
        table = queries.segments(study, ["trust", "Shared identity"])
        assert len(table) == 3

    def test_all_segments(self, study):
        """Without a code every segment is returned."""
        assert len(queries.segments(study)) == 7

    def test_participant_and_source(self, study):
        """Segments can be narrowed to participants and to sources."""
        assert queries.segments(study, participant="P03").quotes() == [
            "I was nervous",
            "Nobody on the ward had been there",
        ]
        assert queries.segments(
            study, participant=["P01", "P02"], code="trust"
        ).quotes() == ["After that I trusted her"]
        assert len(queries.segments(study, source="Interview 2")) == 2

    def test_where_attribute_value(self, study):
        """An attribute filter keeps segments of participants with that value."""
        table = queries.segments(
            study, "feeling nervous", where={"service": "community"}
        )
        assert table.quotes() == ["I was nervous at first"]

    def test_where_value_set_and_function(self, study):
        """A filter value may be a set of values or a test of the value."""
        assert queries.segments(study, where={"service": {"inpatient"}}).quotes() == [
            "I was nervous",
            "Nobody on the ward had been there",
        ]
        assert len(queries.segments(study, where={"gender": lambda v: v == "m"})) == 2

    def test_where_missing_attribute(self, study):
        """A participant without the attribute does not match it."""
        assert len(queries.segments(study, where={"age": 30})) == 0

    def test_where_source_attribute(self):
        """A source's own attributes are used when its participant lacks one."""
        p = gtgraph.Project()
        s = p.add_source("i1", text="abc", attributes={"wave": 2})
        p.code(s, 0, 3, codes="x")
        assert len(queries.segments(p, where={"wave": 2})) == 1
        assert len(queries.segments(p, where={"wave": 1})) == 0

    def test_where_function_of_segment(self, study):
        """where= may be a test of the segment itself."""
        table = queries.segments(study, where=lambda s: "nervous" in s.quote)
        assert table.quotes() == ["I was nervous at first", "I was nervous"]

    def test_bad_where(self, study):
        """Anything else as where= is refused with a message."""
        with pytest.raises(ValidationError, match="where="):
            queries.segments(study, where=3)  # type: ignore[arg-type]

    def test_coder(self, study):
        """Segments can be narrowed to the coder who applied the codes."""
        i1 = study.sources["Interview 1"]
        study.code(
            i1, quote="I was nervous at first", codes="feeling nervous", coder="RK"
        )
        assert len(queries.segments(study, "feeling nervous", coder="RK")) == 1
        assert len(queries.segments(study, "feeling nervous", coder="HB")) == 2
        assert len(queries.segments(study, coder=["RK", "HB"])) == 8

    def test_uncoded_segment_counts_as_its_coder(self):
        """A segment without codes belongs to its own coder."""
        p = gtgraph.Project()
        s = p.add_source("i1", text="abcdef")
        p.code(s, 0, 3, coder="HB")
        assert len(queries.segments(p, coder="HB")) == 1
        assert len(queries.segments(p, coder="RK")) == 0

    def test_unknown_names(self, study):
        """Unknown codes, participants and sources are reported by name."""
        with pytest.raises(NotFoundError, match="no such"):
            queries.segments(study, "no such code")
        with pytest.raises(NotFoundError):
            queries.segments(study, participant="P99")

    def test_ambiguous_name(self):
        """A name used by two kinds must be told apart."""
        p = gtgraph.Project()
        p.add_code("P01")
        p.add_participant("P01")
        with pytest.raises(ValidationError, match="kind="):
            queries.compare(p, "P01", "P01")

    def test_table_is_evidence(self, study):
        """The segments found can be given as evidence for a relationship."""
        table = queries.segments(study, "trust")
        rel = study.relate(
            "trust", "is associated with", "shared experience", evidence=table
        )
        assert rel.evidence == tuple(table.ids())

    def test_str_and_frame(self, study):
        """The table reads as a list, and as a DataFrame with names."""
        table = queries.segments(study, "disclosing diagnosis")
        assert str(table) == (
            "1 segment\n"
            'P02 | Interview 2 23-52 [HB]: "I told him about my diagnosis" (disclosing diagnosis)'
        )
        frame = table.to_frame()
        assert list(frame.columns) == [
            "id",
            "source",
            "participant",
            "start",
            "end",
            "coder",
            "codes",
            "quote",
        ]
        assert frame.iloc[0]["participant"] == "P02"
        assert frame.iloc[0]["codes"] == "disclosing diagnosis"
        assert table[0:1] == table.segments


STUDY_MATRIX = {
    # code: (P01, P02, P03), from the table in tests/study.py
    "feeling nervous": (1, 0, 1),
    "shared experience": (1, 1, 0),
    "trust": (1, 0, 0),
    "disclosing diagnosis": (0, 1, 0),
    "no shared experience": (0, 0, 1),
}


class TestMatrix:
    def test_code_by_participant(self, study):
        """Codes against participants count segments, with every code a row."""
        m = queries.matrix(study)
        assert m.rows == tuple(STUDY_MATRIX)
        assert m.columns == ("P01", "P02", "P03")
        assert m.values == tuple(STUDY_MATRIX.values())
        assert m.row("trust") == {"P01": 1, "P02": 0, "P03": 0}
        assert m.column("P03") == {
            "feeling nervous": 1,
            "shared experience": 0,
            "trust": 0,
            "disclosing diagnosis": 0,
            "no shared experience": 1,
        }

    def test_presence(self, study):
        """Presence marks cells with any segment as 1."""
        i1 = study.sources["Interview 1"]
        study.code(i1, quote="She told me", codes="trust")
        assert queries.matrix(study)["trust", "P01"] == 2
        assert queries.matrix(study, value="presence")["trust", "P01"] == 1

    def test_category_by_attribute(self, study):
        """Categories count each segment once, against attribute values."""
        m = queries.matrix(study, rows="category", columns="attribute:service")
        assert m.columns == ("community", "inpatient")
        assert dict(zip(m.rows, m.values, strict=True)) == {
            "Shared identity": (3, 0),
            "Disclosure": (1, 0),
            "Anxiety": (1, 1),
            "The process of disclosure": (1, 0),
        }

    def test_source_by_coder(self, study):
        """Sources can be rows and coders columns."""
        i3 = study.sources["Interview 3"]
        study.code(i3, quote="I was nervous", codes="feeling nervous", coder="RK")
        m = queries.matrix(study, rows="source", columns="coder")
        assert m.columns == ("HB", "RK")
        assert m.values == ((3, 0), (2, 0), (2, 1))

    def test_no_participant_and_missing_attribute(self):
        """Segments without a participant or attribute get their own column."""
        p = gtgraph.Project()
        p.add_participant("P01", site="north")
        p.add_participant("P02")
        a = p.add_source("a", text="xyz", participant="P01")
        b = p.add_source("b", text="xyz", participant="P02")
        c = p.add_source("c", text="xyz")
        for s in (a, b, c):
            p.code(s, 0, 3, codes="x")
        assert queries.matrix(p).columns == ("P01", "P02", "(no participant)")
        m = queries.matrix(p, columns="attribute:site")
        assert dict(zip(m.columns, m.values[0], strict=True)) == {
            "north": 1,
            "(missing)": 2,
        }

    def test_matches_brute_force(self, study):
        """Every cell equals a count made from the public records directly."""
        m = queries.matrix(study, rows="category", columns="participant")
        for cat, par in itertools.product(m.rows, m.columns):
            under = {c.id for c in study.descendants(cat) if c.KIND == "code"}
            expected = sum(
                1
                for s in study.segments
                if under & {c.id for c in study.codes_of(s)}
                and study.participant_of(s).name == par
            )
            assert m[cat, par] == expected

    def test_str_and_frame(self, study):
        """The matrix prints as an aligned table and converts to a DataFrame."""
        m = queries.matrix(study, rows="category", columns="attribute:service")
        assert (
            str(m).splitlines()[0] == "category                   community  inpatient"
        )
        frame = m.to_frame()
        assert frame.loc["Anxiety", "inpatient"] == 1
        assert frame.index.name == "category"

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"rows": "theme"}, "matrix dimension"),
            ({"columns": "attribute:"}, "matrix dimension"),
            ({"value": "mean"}, "unknown matrix value"),
        ],
    )
    def test_bad_arguments(self, study, kwargs, match):
        """Unknown dimensions and values are refused, naming the choices."""
        with pytest.raises(ValidationError, match=match):
            queries.matrix(study, **kwargs)

    def test_bad_cell(self, study):
        """Asking for a row or column the matrix lacks is an error, not a KeyError."""
        m = queries.matrix(study)
        with pytest.raises(ValidationError, match="not a row"):
            m["nothing", "P01"]
        with pytest.raises(ValidationError, match="not a column"):
            m["trust", "P99"]


def overlap_project() -> gtgraph.Project:
    """Text of 10 characters: A=[0,5) {x}, B=[3,8) {y}, C=[4,6) {x,y}, D=[8,10) {y}."""
    p = gtgraph.Project()
    s = p.add_source("s", text="abcdefghij")
    p.add_code("x")
    p.add_code("y")
    p.code(s, 0, 5, codes="x")
    p.code(s, 3, 8, codes="y")
    p.code(s, 4, 6, codes=["x", "y"])
    p.code(s, 8, 10, codes="y")
    return p


class TestCooccurrence:
    def test_overlap_counts_segment_pairs(self):
        """x and y meet in A-B, A-C, B-C and in C itself; B and D only touch."""
        co = queries.cooccurrence(overlap_project())
        assert co["x", "y"] == co["y", "x"] == 4
        assert (co["x", "x"], co["y", "y"]) == (2, 3)
        assert co.pairs() == [queries.CooccurrencePair("x", "y", 4, None)]

    def test_segment_and_source(self):
        """On the same segment they meet once; in the same source once."""
        p = overlap_project()
        assert queries.cooccurrence(p, by="segment")["x", "y"] == 1
        source = queries.cooccurrence(p, by="source")
        assert source["x", "y"] == 1
        # the c-coefficient is 1 / (1 + 1 - 1): they always occur together
        assert source.pairs()[0].coefficient == 1.0

    def test_study_by_participant(self, study):
        """By participant: P01 joins three codes, P02 two, P03 two."""
        co = queries.cooccurrence(study, by="participant")
        assert co["feeling nervous", "shared experience"] == 1
        assert co["shared experience", "disclosing diagnosis"] == 1
        assert co["feeling nervous", "disclosing diagnosis"] == 0
        assert co["feeling nervous", "feeling nervous"] == 2
        pair = next(
            q
            for q in co.pairs()
            if {q.a, q.b} == {"feeling nervous", "shared experience"}
        )
        # the c-coefficient: one shared participant of 2 + 2 - 1 in all
        assert pair.coefficient == pytest.approx(1 / 3)
        assert len(co.pairs()) == 5
        assert co.pairs(minimum=2) == []

    def test_selected_codes_and_frame(self, study):
        """A subset of codes can be tabulated; the table converts to a DataFrame."""
        co = queries.cooccurrence(
            study, by="source", codes=["trust", "feeling nervous"]
        )
        assert co.codes == ("trust", "feeling nervous")
        assert co.to_frame().loc["trust", "feeling nervous"] == 1
        assert str(co).splitlines()[0] == "code             trust  feeling nervous"

    def test_quote_only_segments_meet_themselves(self):
        """Segments without offsets meet only the codes on themselves."""
        p = gtgraph.Project()
        s = p.add_source("notes", text=None)
        p.code(s, quote="one", codes=["x", "y"])
        p.code(s, quote="two", codes=["y", "z"])
        co = queries.cooccurrence(p)
        assert (co["x", "y"], co["y", "z"], co["x", "z"]) == (1, 1, 0)

    def test_bad_unit(self, study):
        """An unknown unit is refused."""
        with pytest.raises(ValidationError, match="co-occurrence unit"):
            queries.cooccurrence(study, by="sentence")
        with pytest.raises(ValidationError, match="not a code"):
            queries.cooccurrence(study)["trust", "nothing"]

    @given(
        st.lists(
            st.tuples(
                st.integers(0, 20),
                st.integers(0, 8),
                st.sets(st.sampled_from("abc"), min_size=1),
            ),
            max_size=12,
        )
    )
    def test_overlap_matches_brute_force(self, spans):
        """Overlap counts equal a count over every pair of segments."""
        p = gtgraph.Project()
        s = p.add_source("s", text="x" * 30)
        for name in "abc":
            p.add_code(name)
        for start, length, codes in spans:
            p.code(s, start, start + length, codes=sorted(codes))
        co = queries.cooccurrence(p)
        rows = [(g.start, g.end, {c.name for c in p.codes_of(g)}) for g in p.segments]
        for a, b in itertools.combinations("abc", 2):
            expected = 0
            for i, j in itertools.combinations_with_replacement(range(len(rows)), 2):
                (s1, e1, c1), (s2, e2, c2) = rows[i], rows[j]
                meets = (a in c1 and b in c2) or (b in c1 and a in c2)
                if meets and (i == j or max(s1, s2) < min(e1, e2)):
                    expected += 1
            assert co[a, b] == expected


class TestCompare:
    def test_codes(self, study):
        """Two codes side by side, participant by participant."""
        c = queries.compare(study, "shared experience", "feeling nervous")
        assert c.kind == "code"
        assert [(r.label, len(r.a), len(r.b)) for r in c.rows] == [
            ("P01", 1, 1),
            ("P02", 1, 0),
            ("P03", 0, 1),
        ]
        assert (c.shared, c.only_a, c.only_b, c.both) == (
            ("P01",),
            ("P02",),
            ("P03",),
            (),
        )

    def test_categories_and_shared_segments(self, study):
        """Categories compare through their codes; segments with both are listed."""
        i1 = study.sources["Interview 1"]
        both = study.code(i1, quote="After that I trusted her", codes="feeling nervous")
        c = queries.compare(study, "Shared identity", "Anxiety")
        assert [(r.label, len(r.a), len(r.b)) for r in c.rows] == [
            ("P01", 2, 2),
            ("P02", 1, 0),
            ("P03", 0, 1),
        ]
        assert c.both == (both,)

    def test_participants(self, study):
        """Two participants side by side, code by code."""
        c = queries.compare(study, "P01", "P03")
        assert c.kind == "participant"
        assert c.shared == ("feeling nervous",)
        assert c.only_a == ("shared experience", "trust")
        assert c.only_b == ("no shared experience",)
        assert c.rows[0].a[0].quote == "I was nervous at first"
        assert c.rows[0].b[0].quote == "I was nervous"

    def test_str_and_frame(self, study):
        """The comparison prints as a table and converts to a DataFrame."""
        c = queries.compare(study, "P01", "P02")
        assert str(c).splitlines()[0] == (
            "'P01' and 'P02': 1 code shared, 2 only with 'P01', 1 only with 'P02'"
        )
        frame = c.to_frame()
        assert frame.loc["shared experience", "P02"] == 1
        assert frame.index.name == "code"

    def test_mixed_kinds(self, study):
        """A code and a participant cannot be compared."""
        with pytest.raises(ValidationError, match="different kinds"):
            queries.compare(study, "trust", "P01")

    def test_kind_resolves_ambiguity(self):
        """kind= tells a code from a participant of the same name."""
        p = gtgraph.Project()
        s = p.add_source("i1", text="abcdef", participant="P01")
        p.code(s, 0, 3, codes="P01")
        p.code(s, 3, 6, codes="other")
        c = queries.compare(p, "P01", "other", kind="code")
        assert c.rows[0].label == "P01"


def test_frame_needs_pandas(study, monkeypatch):
    """Without pandas, to_frame says which extra to install."""
    import importlib

    real = importlib.import_module

    def refuse(name, *args):
        if name == "pandas":
            raise ImportError(name)
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", refuse)
    with pytest.raises(GtGraphError, match=r"gtgraph\[pandas\]"):
        queries.matrix(study).to_frame()


def test_segment_helper(study):
    """The test helper finds segments by quote (used by the other test files)."""
    assert seg(study, "Interview 2", "He had been there too").start == 0
