"""What an examiner reads: after the point, categories, flags, sensitivity and power."""

from __future__ import annotations

import math

import pytest

import gtgraph
from gtgraph.demo import build_project
from gtgraph.saturation import (
    Incidence,
    francis,
    fugard_potts_prevalence,
    guest,
    report,
    sensitivity,
)
from gtgraph.saturation._categories import NO_CATEGORY, verdict_floor

# New codes per interview of reference case R1 (saturation-methods.md).
R1 = [20, 8, 5, 4, 4, 3, 1, 0, 1, 0, 0, 0]

# Published table (Fugard & Potts 2015, Table 1; R5 in the methods note):
# the smallest n with 80% power to see a theme of prevalence p at least k times.
FUGARD_POTTS = {
    (0.05, 1): 32,
    (0.05, 2): 59,
    (0.10, 1): 16,
    (0.10, 2): 29,
    (0.10, 5): 66,
    (0.25, 3): 16,
    (0.50, 10): 24,
}


def _units(new):
    units, k = [], 0
    for n in new:
        units.append(set(range(k, k + n)))
        k += n
    return Incidence.from_sources(units)


def _project(units):
    """A project whose i-th source is coded with the codes in units[i]."""
    p = gtgraph.Project(title="t")
    for i, codes in enumerate(units, 1):
        src = p.add_source(f"S{i:02d}", text="x" * (len(codes) + 1))
        for j, code in enumerate(sorted(codes)):
            p.code(src, start=j, end=j + 1, codes=code)
    return p


@pytest.fixture(scope="module")
def demo():
    """The demo study's report, as `gtgraph demo` prints it."""
    return report(build_project(), seed=1)


class TestDemo:
    def test_after_the_point(self, demo):
        """Sources 7, 9 and 10 bring five codes after the Guest point; the last run fails."""
        # new codes per source 16, 8, 3, 4, 1, 0, 3, 0, 1, 1; base 31; point 4+2
        assert demo.new_per_unit == (16, 8, 3, 4, 1, 0, 3, 0, 1, 1)
        assert demo.guest.label == "4+2"
        assert demo.guest.new_after == 5
        assert demo.guest.new_after_units == (7, 9, 10)
        assert demo.guest.holds_at_end is False
        # the last run, sources 9-10: 2 new codes of the 31 in the base
        assert demo.guest.last_run.new == 2
        assert demo.guest.last_run.ratio == pytest.approx(2 / 31)

    def test_report_says_so_in_words(self, demo):
        """The printed report names the sources after the point and the failing last run."""
        text = str(demo)
        short = text.split("In short")[1].split("New codes per source", maxsplit=1)[0]
        assert "5 new codes arrived after it" in short
        assert "P07 interview (3), P09 interview (1), P10 interview (1)" in short
        assert "does not meet the threshold" in short
        assert "not saturated at the last source" in short
        assert "saturated at 4+2" not in text

    def test_category_table(self, demo):
        """A row for the codes in no category; no category called saturated trivially."""
        loose = demo.uncategorised
        assert loose.category == NO_CATEGORY
        assert loose.uncategorised
        assert NO_CATEGORY not in {row.category for row in demo.categories}
        assert loose.codes == 6
        assert loose.verdict is None
        # the late codes: sources 5, 7, 9 and 10 each add one
        assert loose.new_codes == (2, 0, 0, 0, 1, 0, 1, 0, 1, 1)
        assert len(demo.categories) == 14
        for row in demo.categories:
            # every demo category has fewer than 20 codes in its base
            assert row.codes < verdict_floor("guest", 0.05)
            assert row.verdict is None
            assert not row.saturated
            assert "allows no new code" in row.no_verdict
        assert "saturated" not in "".join(str(r.verdict) for r in demo.categories)
        text = str(demo)
        assert NO_CATEGORY in text
        assert "No verdict for categories with fewer than 20 codes" in text

    def test_francis_not_applied_over_orders(self, demo):
        """Over random orders a rule that cannot run says so, not 'never in 100%'."""
        assert demo.permuted.francis.reason is not None
        text = str(demo)
        assert "Francis: not applied in any order" in text
        assert "100.0% of orders" not in text
        assert "francis" in demo.flags

    def test_band_at_the_last_source_has_width(self, demo):
        """The bootstrap band at the last source is not zero width."""
        last = next(b for b in demo.bands if b.t == len(demo.units))
        assert last.method == "observed"
        assert last.codes_low < demo.observed < last.codes_high
        assert last.coverage_low < demo.coverage < last.coverage_high

    def test_markdown_has_the_tables(self, demo):
        """The Markdown form has the sensitivity, category and flag sections."""
        md = demo.to_markdown()
        assert "### Sensitivity to the rules' settings" in md
        assert f"| {NO_CATEGORY} | 6 |" in md
        assert "### Flags" in md


class TestAfterThePoint:
    @pytest.mark.parametrize(
        ("new", "after", "units", "holds"),
        [
            # R1: 6+2, then unit 9 adds one; the last run 11-12 adds none
            (R1, 1, (9,), True),
            # met at 4+2 and nothing after
            ([10, 10, 10, 10, 0, 0, 0, 0], 0, (), True),
            # met at 4+2, then a late burst: the last run fails
            ([10, 10, 10, 10, 0, 0, 0, 5, 5], 10, (8, 9), False),
        ],
    )
    def test_guest(self, new, after, units, holds):
        """new_after counts codes after N+r; holds_at_end judges the last run."""
        result = guest(_units(new))
        assert result.saturated
        assert result.new_after == after
        assert result.new_after_units == units
        assert result.holds_at_end is holds

    def test_not_saturated_and_not_applied(self):
        """Without a point new_after is None; without enough units so is holds_at_end."""
        never = guest(_units([1, 1, 1, 1, 1, 1, 1]))
        assert (never.new_after, never.holds_at_end) == (None, False)
        short = guest(_units([3, 1]))
        assert (short.new_after, short.holds_at_end, short.last_run) == (
            None,
            None,
            None,
        )

    def test_francis(self):
        """Francis 10+3 met at 13, then unit 14 adds one and the last window fails."""
        result = francis(_units([5] * 10 + [0, 0, 0, 1]))
        assert (result.point, result.new_after, result.new_after_units) == (
            13,
            1,
            (14,),
        )
        assert result.holds_at_end is False


class TestSensitivity:
    def test_r1_grid(self):
        """The grid reproduces the R1 table of the methods note (b=4: 6+2, 7+3, 9+2, 9+3)."""
        rows = sensitivity(
            _units(R1), bases=(4, 5, 6), runs=(2, 3), thresholds=(0, 0.05)
        )
        got = {(r.base, r.run, r.threshold): r.label for r in rows if r.rule == "guest"}
        assert got[(4, 2, 0.05)] == "6+2"
        assert got[(4, 3, 0.05)] == "7+3"
        assert got[(4, 2, 0.0)] == "9+2"
        assert got[(4, 3, 0.0)] == "9+3"
        assert got[(5, 2, 0.05)] == "6+2"
        assert got[(6, 2, 0.05)] == "6+2"
        (fr,) = [r for r in rows if r.rule == "francis"]
        # 10 + 3 needs 13 units; R1 has 12
        assert "13 units" in fr.reason
        assert (fr.saturated, fr.holds_at_end) == (False, None)

    def test_report_includes_the_chosen_setting(self):
        """The report's grid always holds the setting it was asked for."""
        r = report(
            _project([{"a", "b"}, {"b", "c"}] * 5), base=3, run=1, permutations=0
        )
        assert any(s.base == 3 and s.run == 1 for s in r.sensitivity)


class TestFlags:
    def test_jackknife_below_observed(self):
        """A second-order jackknife below the observed count is flagged and left out."""
        # 10 sources; "a" and "b" everywhere; c, d, e each in exactly two sources
        units = [{"a", "b"} for _ in range(10)]
        for i, code in enumerate("cde"):
            units[2 * i].add(code)
            units[2 * i + 1].add(code)
        r = report(_project(units), permutations=0, replicates=0)
        # jack2 = 5 + 0 - 3 (10-2)^2 / (10 * 9) = 2.87, below S_obs = 5
        assert r.estimates["Jackknife 2"].value == pytest.approx(5 - 3 * 64 / 90)
        assert "estimate:Jackknife 2" in r.flags
        text = str(r)
        assert "below the 5 observed; left out" in text
        span = text.split("put the total at ", maxsplit=1)[1]
        low = float(span.split(" to ", maxsplit=1)[0])
        assert low >= 5

    def test_coverage_of_one_by_convention(self):
        """Coverage 1 with Q1 = 1 and Q2 = 0, right after a new code, is flagged."""
        units = [{"a", "b"}, {"a", "b"}, {"a", "b"}, {"a", "b", "c"}]
        r = report(_project(units), permutations=0, replicates=0)
        assert (r.uniques, r.duplicates, r.coverage) == (1, 0, 1.0)
        assert "convention" in r.flags["coverage"]
        assert "the last source still added 1 new code" in r.flags["coverage"]
        assert "[flagged, see below]" in str(r)

    def test_single_source(self):
        """One source: coverage and the sources needed are flagged, not printed as numbers."""
        r = report(_project([{"a", "b"}]), permutations=10, seed=1)
        assert r.sources_for_coverage is None
        assert "single source" in r.flags["sources_for_coverage"]
        assert "Sources for 95% coverage: not estimable" in str(r)

    def test_rule_not_applied_over_orders(self):
        """Guest with too few units is 'not applied' over random orders too."""
        r = report(_project([{"a"}, {"b"}, {"a", "c"}]), permutations=20, seed=1)
        assert r.permuted.guest.reason is not None
        assert "Guest: not applied in any order" in str(r)


class TestRetrospectivePower:
    @pytest.mark.parametrize(("case", "n"), FUGARD_POTTS.items())
    def test_inverts_the_published_table(self, case, n):
        """n participants detect prevalence p, n - 1 do not: the inverse lies between."""
        p, k = case
        assert (
            fugard_potts_prevalence(n, k=k) <= p < fugard_potts_prevalence(n - 1, k=k)
        )

    def test_k1_closed_form(self):
        """For k = 1 the prevalence is 1 - 0.2^(1/n)."""
        assert fugard_potts_prevalence(10) == pytest.approx(1 - 0.2 ** (1 / 10))

    def test_in_the_report(self, demo):
        """The report states the smallest prevalence ten sources would detect."""
        assert demo.detectable_prevalence == pytest.approx(1 - 0.2 ** (1 / 10))
        assert "14.9% of the population had an 80% chance" in str(demo)

    def test_bad_arguments(self):
        """n below k is refused with a message naming k."""
        with pytest.raises(gtgraph.GtGraphError, match="at least k = 3"):
            fugard_potts_prevalence(2, k=3)
        assert math.isfinite(fugard_potts_prevalence(1))
