"""Inter-coder agreement against published worked examples and hand computation.

Provenance of the expected numbers:

- Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability.
  https://repository.upenn.edu/asc_papers/43 -- section A (binary, two observers,
  published alpha = 0.095), section B (nominal, two observers, alpha = 0.692),
  section C (nominal, four observers, missing values, alpha = 0.743).
- The random reliability data below: alpha computed with the ``krippendorff``
  package, version 0.9.0 (PyPI), ``krippendorff.alpha(reliability_data=...,
  level_of_measurement="nominal")`` = -0.17101325352714825.
- Cohen's kappa for the table a=20, b=5, c=10, d=15: worked by hand
  (p_o = 35/50 = 0.7, p_e = (25*30 + 25*20)/50**2 = 0.5, kappa = 0.2/0.5 = 0.4); the
  same table is the worked example of the Wikipedia article "Cohen's kappa".
- The project examples: worked by hand in each test's comments.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import gtgraph
from gtgraph import ValidationError
from gtgraph.reliability import Table, agreement, cohen_kappa, krippendorff_alpha

KRIPPENDORFF_A = (
    [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
    [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
)
KRIPPENDORFF_B = (
    ["a", "a", "b", "b", "d", "c", "c", "c", "e", "d", "d", "a"],
    ["b", "a", "b", "b", "b", "c", "c", "c", "e", "d", "d", "d"],
)
KRIPPENDORFF_C = (
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
)
# Drawn once with random.Random(7): three coders, values 0-2, "." for missing.
RANDOM_DATA = tuple(
    [None if c == "." else int(c) for c in row]
    for row in (
        "21.00020100..010.0010.01012.10210120001.",
        ".2..2211102.2.200.121..00222..002.002.2.",
        "20.210.01211...01..21.2.2.11011110.12201",
    )
)


class TestCoefficients:
    def test_krippendorff_binary(self):
        """Section A of Krippendorff (2011): alpha = 0.095."""
        assert krippendorff_alpha(KRIPPENDORFF_A) == pytest.approx(0.095, abs=5e-4)
        # exactly 1 - 19 * 4 / (14 * 6)
        assert krippendorff_alpha(KRIPPENDORFF_A) == pytest.approx(1 - 76 / 84)

    def test_krippendorff_nominal(self):
        """Section B of Krippendorff (2011): alpha = 0.692."""
        assert krippendorff_alpha(KRIPPENDORFF_B) == pytest.approx(0.692, abs=5e-4)

    def test_krippendorff_missing_values(self):
        """Section C of Krippendorff (2011): four observers, missing data, alpha = 0.743."""
        assert krippendorff_alpha(KRIPPENDORFF_C) == pytest.approx(0.743, abs=5e-4)

    def test_krippendorff_package_value(self):
        """Random data with missing values match the krippendorff package."""
        assert krippendorff_alpha(RANDOM_DATA) == pytest.approx(-0.17101325352714825)

    def test_krippendorff_undefined(self):
        """No variation, or no pairable values, leaves alpha undefined."""
        assert krippendorff_alpha([[1, 1, 1], [1, 1, 1]]) is None
        assert krippendorff_alpha([[1, None], [None, 2]]) is None
        assert krippendorff_alpha([]) is None
        with pytest.raises(ValidationError, match="different lengths"):
            krippendorff_alpha([[1, 2], [1]])

    def test_table_alpha_is_the_general_formula(self):
        """The 2x2 shortcut equals the general formula on the same decisions."""
        table = Table(both=1, only_a=1, only_b=3, neither=5)  # section A
        assert table.alpha == pytest.approx(krippendorff_alpha(KRIPPENDORFF_A))

    def test_cohen_kappa(self):
        """a=20, b=5, c=10, d=15 gives kappa 0.4 (worked by hand)."""
        assert cohen_kappa(Table(20, 5, 10, 15)) == pytest.approx(0.4)
        # Section A as a table: p_o = 0.6, p_e = 0.2*0.4 + 0.8*0.6 = 0.56
        assert cohen_kappa(Table(1, 1, 3, 5)) == pytest.approx(0.04 / 0.44)

    def test_cohen_kappa_undefined(self):
        """Kappa is undefined with no units or when chance agreement is certain."""
        assert cohen_kappa(Table()) is None
        assert cohen_kappa(Table(both=4)) is None
        assert Table().percent is None
        assert Table(both=4).alpha is None


def binary_sources() -> gtgraph.Project:
    """Krippendorff's section A as ten sources: A codes c in 2 and 9; B in 1, 2, 3, 6."""
    p = gtgraph.Project()
    for i in range(1, 11):
        s = p.add_source(f"s{i}", text="x")
        if i in (2, 9):
            p.code(s, 0, 1, codes="c", coder="A")
        if i in (1, 2, 3, 6):
            p.code(s, 0, 1, codes="c", coder="B")
    return p


def spans_project() -> gtgraph.Project:
    """One 20-character text; A: [0,5) x, [10,15) y; B: [2,7) x, [10,15) x, [17,20) y."""
    p = gtgraph.Project()
    s = p.add_source("s", text="0123456789abcdefghij")
    p.add_code("x")
    p.add_code("y")
    p.code(s, 0, 5, codes="x", coder="A")
    p.code(s, 10, 15, codes="y", coder="A")
    p.code(s, 2, 7, codes="x", coder="B")
    p.code(s, 10, 15, codes="x", coder="B")
    p.code(s, 17, 20, codes="y", coder="B")
    return p


class TestAgreement:
    def test_source_units_reproduce_krippendorff_a(self):
        """Source-level decisions on section A's data give its published alpha."""
        p = binary_sources()
        result = agreement(p, "A", "B", unit="source", sources=p.sources)
        assert result.units == 10
        assert result.percent == pytest.approx(0.6)
        assert result.alpha == pytest.approx(0.095, abs=5e-4)
        assert result.kappa == pytest.approx(0.04 / 0.44)
        assert result.per_code["c"].table == Table(1, 1, 3, 5)

    def test_default_sources_are_those_both_coded(self):
        """By default only sources both coders coded are compared; others are listed."""
        result = agreement(binary_sources(), "A", "B", unit="source")
        assert result.sources == ("s2",)
        assert result.skipped_sources == ("s1", "s3", "s6", "s9")

    def test_segment_units(self):
        """Overlapping passages form units; unmarked text is no unit.

        Units: [0,7) (A x, B x), [10,15) (A y, B x), [17,20) (B y).
        x: both, only B, neither -> percent 2/3, kappa (2/3-4/9)/(5/9) = 0.4,
        alpha 1 - 5*1/(3*3) = 4/9.  y: neither, only A, only B -> percent 1/3,
        kappa (1/3-5/9)/(4/9) = -0.5, alpha 1 - 5*2/(4*2) = -0.25.  Pooled
        table (1, 1, 2, 2): percent 0.5, kappa 0, alpha 1 - 11*3/35 = 2/35.
        """
        result = agreement(spans_project(), "A", "B")
        assert result.units == 3
        x, y = result.per_code["x"], result.per_code["y"]
        assert x.table == Table(1, 0, 1, 1)
        assert (x.percent, x.kappa, x.alpha) == pytest.approx((2 / 3, 0.4, 4 / 9))
        assert y.table == Table(0, 1, 1, 1)
        assert (y.percent, y.kappa, y.alpha) == pytest.approx((1 / 3, -0.5, -0.25))
        assert (result.percent, result.kappa, result.alpha) == pytest.approx(
            (0.5, 0.0, 2 / 35)
        )
        # brute force: the same decisions as reliability data
        assert x.alpha == pytest.approx(krippendorff_alpha([[1, 0, 0], [1, 1, 0]]))
        assert [str(d) for d in result.disagreements] == [
            "s 10-15: only B coded 'x': \"abcde\"",
            "s 10-15: only A coded 'y': \"abcde\"",
            "s 17-20: only B coded 'y': \"hij\"",
        ]

    def test_character_units(self):
        """Every character by code is a decision; uncoded characters agree on absence.

        x: A covers [0,5), B [2,7) and [10,15): both 3, only A 2, only B 7,
        neither 20-12 = 8; percent 11/20, kappa (0.55-0.5)/0.5 = 0.1.
        y: A [10,15), B [17,20): both 0, only A 5, only B 3, neither 12;
        percent 0.6, kappa (0.6-0.675)/0.325.
        """
        result = agreement(spans_project(), "A", "B", unit="character")
        assert result.units == 20
        x, y = result.per_code["x"], result.per_code["y"]
        assert x.table == Table(3, 2, 7, 8)
        assert (x.percent, x.kappa) == pytest.approx((0.55, 0.1))
        assert y.table == Table(0, 5, 3, 12)
        assert (y.percent, y.kappa) == pytest.approx((0.6, -0.075 / 0.325))
        assert result.percent == pytest.approx(23 / 40)
        assert [(d.code, d.coder, d.quote) for d in result.disagreements] == [
            ("x", "A", "01"),
            ("x", "B", "56"),
            ("x", "B", "abcde"),
            ("y", "A", "abcde"),
            ("y", "B", "hij"),
        ]

    def test_source_units(self):
        """Per source, a coder applied a code if they did anywhere in it."""
        result = agreement(spans_project(), "A", "B", unit="source")
        assert result.per_code["x"].table == Table(both=1)
        assert result.per_code["x"].kappa is None  # every decision the same
        assert result.percent == 1.0

    def test_identical_coders(self):
        """Two coders who coded alike agree perfectly."""
        p = spans_project()
        for g in list(p.segments):
            if g.coder == "A":
                p.code(g.source, g.start, g.end, codes=p.codes_of(g), coder="C")
        for unit in ("segment", "source", "character"):
            result = agreement(p, "A", "C", unit=unit)
            assert result.percent == 1.0
            assert result.disagreements == ()
            assert result.kappa in (1.0, None)

    def test_quote_only_segments(self):
        """Segments of a source without text are matched by their quotes."""
        p = gtgraph.Project()
        s = p.add_source("notes", text=None)
        p.code(s, quote="she had been there", codes="x", coder="A")
        p.code(s, quote="she had been there", codes="x", coder="B")
        p.code(s, quote="I was scared", codes="y", coder="B")
        result = agreement(p, "A", "B")
        assert result.units == 2
        assert result.per_code["y"].table == Table(0, 0, 1, 1)
        assert result.disagreements[0].quote == "I was scared"
        char = agreement(p, "A", "B", unit="character")
        assert char.units == 0
        assert char.skipped_sources == ("notes",)
        assert char.percent is None

    def test_codes_option_and_frame(self):
        """A subset of codes can be compared; the figures convert to a DataFrame."""
        result = agreement(spans_project(), "A", "B", codes=["y"])
        assert list(result.per_code) == ["y"]
        frame = result.to_frame()
        assert list(frame.columns) == [
            "both",
            "only A",
            "only B",
            "neither",
            "percent",
            "kappa",
            "alpha",
        ]
        assert frame.loc["y", "only B"] == 1

    def test_str(self):
        """The result prints as a short report."""
        text = str(agreement(spans_project(), "A", "B"))
        assert text.splitlines()[:2] == [
            "agreement of A and B by segment (3 units in 1 source(s))",
            "  percent 0.500  kappa 0.000  alpha 0.057",
        ]
        assert text.endswith("3 disagreement(s)")

    @pytest.mark.parametrize(
        ("args", "kwargs", "match"),
        [
            (("A", "B"), {"unit": "word"}, "unknown unit"),
            (("A", "A"), {}, "two different coders"),
            (("A", "Z"), {}, "coder 'Z' has coded nothing"),
        ],
    )
    def test_errors(self, args, kwargs, match):
        """Unknown units, one coder twice, or a coder without codings are refused."""
        with pytest.raises(ValidationError, match=match):
            agreement(spans_project(), *args, **kwargs)

    @given(
        st.lists(
            st.tuples(
                st.integers(0, 15),
                st.integers(0, 5),
                st.sets(st.sampled_from("xyz"), min_size=1),
            ),
            min_size=1,
            max_size=8,
        ),
        st.sampled_from(["segment", "source", "character"]),
    )
    def test_identical_coders_property(self, spans, unit):
        """Whatever they coded, two coders who coded alike have agreement 1."""
        p = gtgraph.Project()
        s = p.add_source("s", text="t" * 20)
        for start, length, codes in spans:
            for coder in ("A", "B"):
                p.code(s, start, start + length, codes=sorted(codes), coder=coder)
        result = agreement(p, "A", "B", unit=unit)
        assert result.percent in (1.0, None)
        assert result.kappa in (1.0, None)
        assert result.alpha in (1.0, None)
        for row in result.per_code.values():
            assert row.percent in (1.0, None)
            assert row.kappa in (1.0, None)

    @given(st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1, max_size=30))
    def test_pooled_matches_reliability_data(self, decisions):
        """Source-level figures equal the coefficients of the decisions as data."""
        p = gtgraph.Project()
        for i, (a, b) in enumerate(decisions):
            s = p.add_source(f"s{i}", text="x")
            if a:
                p.code(s, 0, 1, codes="c", coder="A")
            if b:
                p.code(s, 0, 1, codes="c", coder="B")
        if not any(a for a, _ in decisions) or not any(b for _, b in decisions):
            return
        result = agreement(p, "A", "B", unit="source", sources=p.sources)
        data = [[int(a) for a, _ in decisions], [int(b) for _, b in decisions]]
        expected = krippendorff_alpha(data)
        if expected is None:
            assert result.alpha is None
        else:
            assert result.alpha == pytest.approx(expected)
        agree = sum(a == b for a, b in decisions) / len(decisions)
        assert result.percent == pytest.approx(agree)


def test_public_name():
    """gtgraph.agreement is the function of gtgraph.reliability."""
    assert gtgraph.agreement is agreement
