"""Saturation of a project: incidence at each level, the report and its forms."""

from __future__ import annotations

import json
import math
import sys

import pytest

import gtgraph
from gtgraph.errors import RenderError
from gtgraph.saturation import (
    SaturationError,
    SaturationReport,
    chao2,
    coverage,
    francis,
    guest,
    incidence,
    report,
)
from gtgraph.saturation._categories import NO_CATEGORY

# New codes per interview of reference case R1 (Guest et al. 2020): 12 interviews.
R1 = [20, 8, 5, 4, 4, 3, 1, 0, 1, 0, 0, 0]


def _study(new_per_source, *, participants=None, uncoded=0, order=None):
    """A project whose i-th source introduces new_per_source[i] codes and repeats code 0."""
    p = gtgraph.Project(title="study")
    n = 0
    sources = []
    for i, new in enumerate(new_per_source):
        participant = None if participants is None else participants[i]
        src = p.add_source(
            f"Interview {i + 1}",
            text="x" * (new + 2),
            participant=participant,
            order=None if order is None else order[i],
        )
        sources.append(src)
        codes = [f"code {n + j}" for j in range(new)]
        n += new
        for j, code in enumerate(codes):
            p.code(src, start=j, end=j + 1, codes=code)
        if n and not codes:
            # repeat an existing code so that the source counts as analysed
            p.code(src, start=0, end=1, codes="code 0")
    for i in range(uncoded):
        p.add_source(f"Not coded {i + 1}", text="nothing coded here")
    return p


class TestIncidence:
    def test_sources_in_order(self):
        """Units are the coded sources in order, labelled by name."""
        p = _study([2, 1, 0], uncoded=1)
        inc = incidence(p)
        assert inc.labels == ("Interview 1", "Interview 2", "Interview 3")
        assert inc.new_per_unit == (2, 1, 0)
        assert inc.codes == ("code 0", "code 1", "code 2")

    def test_source_order_is_respected(self):
        """Sources are taken in their `order`, not the order they were added."""
        p = _study([2, 1], order=[2, 1])
        assert incidence(p).labels == ("Interview 2", "Interview 1")
        assert incidence(p).new_per_unit == (1, 2)

    def test_by_participant(self):
        """By participant, a participant's sources are pooled, in first-appearance order."""
        p = _study([2, 1, 1, 0], participants=["P02", "P01", "P02", None])
        inc = incidence(p, by="participant")
        assert inc.labels == ("P02", "P01", "Interview 4")
        assert inc.new_per_unit == (3, 1, 0)

    def test_categories(self):
        """A category is observed where any code under it, at any depth, is."""
        p = _study([2, 1, 1])
        p.categorize("code 0", "Support")
        p.categorize("code 2", "Support")
        p.categorize("code 3", "Belonging")
        p.categorize("Belonging", "Identity")
        inc = incidence(p, level="category")
        assert [sorted(u) for u in inc.units or ()] == [
            ["Support"],
            ["Support"],
            ["Belonging", "Identity"],
        ]

    def test_relationships(self):
        """A relationship is observed in the units holding its evidence."""
        p = _study([2, 1, 1])
        seg = next(s for s in p.segments if s.source == p.sources["Interview 3"].id)
        p.relate("code 0", "is cause of", "code 3", evidence=[seg])
        inc = incidence(p, level="relationship")
        assert inc.new_per_unit == (0, 0, 1)
        assert inc.codes == ("code 0 is cause of code 3",)

    def test_properties(self):
        """A property is observed in the units holding its evidence."""
        p = _study([2, 1])
        p.categorize("code 0", "Support")
        seg = next(s for s in p.segments if s.source == p.sources["Interview 2"].id)
        p.add_property("Support", "depth", evidence=[seg])
        inc = incidence(p, level="property")
        assert inc.codes == ("Support: depth",)
        assert inc.new_per_unit == (0, 1)

    @pytest.mark.parametrize(
        ("level", "by"), [("theme", "source"), ("code", "interview")]
    )
    def test_bad_options(self, level, by):
        """An unknown level or unit is refused."""
        with pytest.raises(SaturationError):
            incidence(_study([1]), level=level, by=by)


@pytest.fixture(scope="module")
def r1():
    """The report of a project with the new-codes vector of R1."""
    return report(_study(R1), permutations=200, seed=11)


@pytest.fixture(scope="module")
def with_category():
    """A report of R1 with one category over the first six codes."""
    p = _study(R1)
    for i in range(6):
        p.categorize(f"code {i}", "Support")
    return report(p, permutations=100, seed=3)


class TestReport:
    def test_numbers_match_the_methods(self, r1):
        """The report's figures are those of the methods on the project's incidence."""
        inc = incidence(_study(R1))
        assert r1.new_per_unit == tuple(R1)
        assert r1.observed == inc.S_obs == sum(R1)
        assert r1.guest == guest(inc)
        assert r1.guest.label == "6+2"
        assert r1.francis == francis(inc)
        assert r1.estimates["Chao2"] == chao2(inc)
        assert r1.coverage == coverage(inc)
        assert len(r1.units) == 12
        assert r1.extrapolation[0] == (12.0, pytest.approx(inc.S_obs))
        assert r1.extrapolation[-1][0] == 24.0

    def test_permutations_and_seed(self, r1):
        """The random orders are recorded and reproducible from the seed."""
        assert r1.seed == 11
        assert r1.permuted is not None
        assert r1.permuted.permutations == 200
        again = report(_study(R1), permutations=200, seed=11)
        assert again.permuted == r1.permuted

    def test_seed_is_drawn_and_recorded(self):
        """Without a seed one is drawn, recorded, and reproduces the result."""
        first = report(_study(R1), permutations=50)
        assert isinstance(first.seed, int)
        again = report(_study(R1), permutations=50, seed=first.seed)
        assert again.permuted == first.permuted

    def test_no_permutations(self):
        """permutations=0 skips the random orders."""
        r = report(_study(R1), permutations=0, replicates=0)
        assert r.permuted is None
        assert r.seed is None
        assert r.replicates == 0
        assert all(b.codes_low == b.codes == b.codes_high for b in r.bands)
        assert "random orders" not in str(r)

    def test_category_table(self):
        """Each row counts what the category gained per source; small ones get no verdict."""
        p = _study(R1)
        # R1: interview 1 brings codes 0-19, 2: 20-27, 3: 28-32, 4: 33-36,
        # 5: 37-40, 6: 41-43, 7: 44, 9: 45.
        for i in range(10):
            p.categorize(f"code {i}", "Early")
        for i in [*range(10, 40), 45]:
            p.categorize(f"code {i}", "Big")
        for i in (40, 41, 42, 45):
            p.categorize(f"code {i}", "Late")
        r = report(p, permutations=0, recent=4)
        rows = {row.category: row for row in r.categories}
        early = rows["Early"]
        assert (early.codes, early.new_codes, early.last_new_code) == (
            10,
            (10,) + (0,) * 11,
            1,
        )
        # 10 codes in the base: one new code would be 10% > 5%, so no verdict
        assert early.verdict is None
        assert "10 codes in the base" in (early.no_verdict or "")
        big = rows["Big"]
        # base 10+8+5+4 = 27; run 5-6 adds 3 (11%), run 6-7 adds 0: met at 5+2,
        # then interview 9 adds code 45
        assert big.new_codes == (10, 8, 5, 4, 3, 0, 0, 0, 1, 0, 0, 0)
        assert big.verdict == "met at 5+2, but 1 new code after it"
        assert not big.saturated
        late = rows["Late"]
        assert (late.codes, late.added_in_last, late.verdict) == (4, 1, None)
        assert "undefined" in (late.no_verdict or "")
        loose = r.uncategorised
        assert loose.uncategorised
        assert loose.category == NO_CATEGORY
        assert (loose.codes, loose.new_codes[5], loose.new_codes[6]) == (2, 1, 1)

    def test_francis_rule_in_table(self):
        """The table can use the Francis rule instead, counting the last `stop` units."""
        p = _study([3] * 10 + [0, 0, 0, 1])
        for i in range(30):
            p.categorize(f"code {i}", "First")
        for i in range(3):
            p.categorize(f"code {i}", "Small")
        r = report(p, permutations=0, rule="francis")
        assert r.rule == "francis"
        assert r.recent == 3
        rows = {row.category: row for row in r.categories}
        assert rows["First"].verdict == "saturated at 13"
        assert rows["First"].saturated
        assert rows["Small"].verdict is None
        assert "almost automatically" in (rows["Small"].no_verdict or "")

    def test_caveats(self, r1):
        """The caveats say that code saturation is not theoretical saturation, and why."""
        text = " ".join(r1.caveats)
        assert "not theoretical saturation" in text
        assert "exchangeable" in text
        assert "order" in text

    def test_skipped_and_unattributed_sources_are_reported(self):
        """Uncoded sources and sources without a participant are named in the caveats."""
        p = _study([2, 1], participants=["P01", None], uncoded=2)
        r = report(p, by="participant", permutations=0)
        text = " ".join(r.caveats)
        assert "Not coded 1, Not coded 2" in text
        assert "Interview 2" in text

    def test_single_unit_and_empty(self):
        """A single unit and an uncoded project report without failing, with caveats."""
        one = report(_study([3]), permutations=10, seed=1)
        assert one.estimates["Jackknife 2"] is None
        assert "single source" in one.flags["coverage"]
        assert one.sources_for_coverage is None
        assert one.sources_needed is None
        assert "not estimable" in str(one)
        empty = report(gtgraph.Project(title="empty"), permutations=10, seed=1)
        assert empty.observed == 0
        assert empty.coverage is None
        assert any("Nothing is coded" in c for c in empty.caveats)
        assert "Saturation of codes" in str(empty)

    @pytest.mark.parametrize(
        "options",
        [
            {"level": "themes"},
            {"rule": "other"},
            {"target_coverage": 0},
            {"fraction": 1.5},
        ],
    )
    def test_bad_options(self, options):
        """Unknown levels or rules and out-of-range targets are refused."""
        with pytest.raises(SaturationError):
            report(_study(R1), permutations=0, **options)


class TestForms:
    @pytest.fixture
    def r(self, with_category):
        return with_category

    def test_str(self, r):
        """str() reads as a summary: rules, estimates, coverage, categories, caveats."""
        text = str(r)
        assert text.startswith("Saturation of codes by source: 12 sources, 46 codes")
        assert "threshold first met at 6+2" in text
        assert "after it 1 new code arrived (Interview 9 (1))" in text
        assert "Chao2" in text
        assert "Sample coverage" in text
        assert "Support" in text
        assert "Caveats" in text

    def test_markdown(self, r):
        """to_markdown() gives headed Markdown tables with one row per unit."""
        md = r.to_markdown()
        assert md.startswith("## Saturation of codes by source\n")
        assert "| estimator | estimate | s.e. | 95% interval |" in md
        assert "| 12 | Interview 12 | 0 | 46 |" in md
        assert "### Caveats" in md

    def test_dict_is_json(self, r):
        """to_dict() is plain JSON-ready data with the same numbers."""
        data = json.loads(json.dumps(r.to_dict(), allow_nan=False))
        assert data["observed"] == 46
        assert data["guest"]["label"] == "6+2"
        assert data["estimates"]["Chao2"]["value"] == pytest.approx(
            r.estimates["Chao2"].value
        )
        assert data["new_per_unit"] == R1

    def test_infinite_values_become_none(self):
        """Non-finite numbers are written as null."""
        r = report(_study(R1), permutations=0, fraction=1.0)
        assert r.sources_for_fraction == math.inf
        assert r.to_dict()["sources_for_fraction"] is None

    def test_is_a_report(self, r):
        """report() returns a SaturationReport."""
        assert isinstance(r, SaturationReport)

    def test_plot(self, r):
        """plot() draws two panels: the curves and the new codes per unit."""
        pytest.importorskip("matplotlib")
        import matplotlib as mpl

        mpl.use("Agg")
        import matplotlib.pyplot as plt

        figure = r.plot()
        try:
            left, right = figure.axes
            assert left.get_title() == "Codes found as sources are added"
            assert right.get_title() == "New codes per source"
            assert len(left.lines) >= 3
        finally:
            plt.close(figure)

    def test_plot_without_matplotlib(self, r, monkeypatch):
        """Without matplotlib, plot() names the extra to install."""
        monkeypatch.setitem(sys.modules, "matplotlib", None)
        monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
        with pytest.raises(RenderError, match=r"gtgraph\[plot\]"):
            r.plot()
