"""The open reference cases R1, R2, R5 and R7 of saturation-methods.md, exactly.

R1 and R2 are constructed new-codes-per-unit vectors consistent with Guest et al.
(2020) and Francis et al. (2010); R5 is Fugard & Potts (2015, Table 1); R7 is a toy
6 codes x 5 units matrix whose values are checked here by brute force and exact
rational arithmetic, written independently of the library.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import pytest

from gtgraph.saturation import (
    accumulation,
    chao2,
    coverage,
    expected_codes,
    francis,
    fugard_potts_power,
    fugard_potts_sample_size,
    guest,
    jackknife,
)
from gtgraph.saturation._accumulation import new_counts_for_orders

R1 = [20, 8, 5, 4, 4, 3, 1, 0, 1, 0, 0, 0]


class TestGuestR1:
    @pytest.mark.parametrize(
        "row",
        [
            # b, r, theta, expected, B, new codes per run (from the table of R1)
            (4, 2, 0.05, "6+2", 37, [7, 4, 1]),
            (4, 3, 0.05, "7+3", 37, [8, 4, 2, 1]),
            (4, 2, 0.0, "9+2", 37, [7, 4, 1, 1, 1, 0]),
            (4, 3, 0.0, "9+3", 37, [8, 4, 2, 1, 1, 0]),
            (5, 2, 0.05, "6+2", 41, [4, 1]),
            (6, 2, 0.05, "6+2", 44, [1]),
        ],
    )
    def test_table(self, from_new, row):
        """Each row of R1 gives the published label, base count and run ratios."""
        base, run, threshold, label, base_codes, run_new = row
        result = guest(from_new(R1), base=base, run=run, threshold=threshold)
        assert result.saturated
        assert result.label == label
        assert result.point == int(label.split("+")[0])
        assert result.base_codes == base_codes
        assert [r.new for r in result.runs] == run_new
        assert [r.ratio for r in result.runs] == [n / base_codes for n in run_new]
        assert result.runs[0].start == base + 1
        assert result.runs[0].end == base + run

    def test_published_percentages(self, from_new):
        """The fragments 19%, 11% and 2.7% of the paper are the first three ratios."""
        ratios = [r.ratio for r in guest(from_new(R1)).runs]
        assert [round(100 * x, 1) for x in ratios] == [18.9, 10.8, 2.7]

    def test_too_few_units(self, from_new):
        """With T < base + run the rule is not applied and says why."""
        result = guest(from_new([3, 2, 1, 0, 0]), base=4, run=2)
        assert not result.saturated
        assert result.point is None
        assert result.label is None
        assert result.runs == ()
        assert "6 units" in (result.reason or "")

    def test_empty_base(self, from_new):
        """A base without codes makes the ratio undefined: not saturated, with a reason."""
        result = guest(from_new([0, 0, 0, 0, 5, 0, 0]))
        assert not result.saturated
        assert result.base_codes == 0
        assert "undefined" in (result.reason or "")

    def test_threshold_is_inclusive(self, from_new):
        """A ratio of exactly 0.05 (1 new code over a base of 20) counts as saturated."""
        result = guest(from_new([5, 5, 5, 5, 1, 0, 3]))
        assert result.runs[0].ratio == 0.05
        assert result.label == "4+2"

    def test_not_saturated_reports_all_runs(self, from_new):
        """When no run reaches the threshold every run is reported."""
        result = guest(from_new([5, 5, 5, 5, 3, 3, 3, 3]))
        assert not result.saturated
        assert [r.new for r in result.runs] == [6, 6, 6]


class TestFrancisR2:
    @pytest.mark.parametrize(
        ("new", "point"),
        [
            # 17 interviews, 44 codes: Study 2 of Francis et al., saturated at 17
            ([13, 6, 5, 3, 4, 2, 2, 1, 3, 1, 1, 0, 2, 1, 0, 0, 0], 17),
            ([5] * 10 + [0, 0, 0, 1], 13),
            ([5] * 10 + [0, 1, 0, 1, 0, 0, 1], None),
        ],
    )
    def test_cases(self, from_new, new, point):
        """The three R2 vectors saturate at 17, at 13, and never."""
        result = francis(from_new(new))
        assert result.point == point
        assert result.saturated is (point is not None)

    def test_study_two_counts(self, from_new):
        """The constructed Study 2 vector has 17 units and 44 codes."""
        inc = from_new([13, 6, 5, 3, 4, 2, 2, 1, 3, 1, 1, 0, 2, 1, 0, 0, 0])
        assert (inc.T, inc.S_obs) == (17, 44)

    def test_too_few_units(self, from_new):
        """Fewer than initial + stop units: not applied, with a reason."""
        result = francis(from_new([5] * 12))
        assert not result.saturated
        assert "13 units" in (result.reason or "")


# Fugard & Potts (2015), Table 1 (80% power), as transcribed in R5; the cell
# (0.10, 2) -> 29 is quoted in the paper's abstract.
R5_TABLE = {
    0.05: [32, 59, 85, 110, 134, 249, 471, 687],
    0.10: [16, 29, 42, 54, 66, 124, 234, 343],
    0.25: [6, 11, 16, 21, 26, 49, 93, 136],
    0.50: [3, 5, 8, 10, 12, 24, 45, 66],
    0.95: [1, 2, 3, 4, 6, 11, 22, 33],
}
R5_KS = [1, 2, 3, 4, 5, 10, 20, 30]


def _exact_power(n: int, p: float, k: int) -> Fraction:
    """P(Binomial(n, p) >= k) in exact rational arithmetic."""
    q = Fraction(p)
    return 1 - sum(math.comb(n, j) * q**j * (1 - q) ** (n - j) for j in range(k))


class TestFugardPottsR5:
    @pytest.mark.parametrize(
        ("p", "k", "n"),
        [
            (p, k, n)
            for p, row in R5_TABLE.items()
            for k, n in zip(R5_KS, row, strict=True)
        ],
    )
    def test_table_one(self, p, k, n):
        """Every cell of Table 1 is the smallest n with 80% power."""
        assert fugard_potts_sample_size(p, k=k) == n

    @pytest.mark.parametrize(
        ("power", "p", "ns"),
        [
            (0.90, 0.10, [22, 38, 52, 65, 78]),
            (0.95, 0.10, [29, 46, 61, 76, 89]),
            (0.80, 0.01, [161, 299, 427, 551, 671]),
        ],
    )
    def test_computed_rows(self, power, p, ns):
        """The computed rows of R5 (k = 1..5) hold."""
        assert [
            fugard_potts_sample_size(p, k=k, power=power) for k in range(1, 6)
        ] == ns

    @pytest.mark.parametrize(
        ("n", "p", "k", "value"), [(15, 0.25, 2, 0.9198), (200, 0.06, 5, 0.9936)]
    )
    def test_power_examples(self, n, p, k, value):
        """The power examples of R5 hold to four decimals."""
        assert round(fugard_potts_power(n, p, k=k), 4) == value

    @pytest.mark.parametrize(
        ("n", "p", "k"), [(29, 0.1, 2), (28, 0.1, 2), (134, 0.05, 5), (6, 0.95, 5)]
    )
    def test_power_matches_exact_sum(self, n, p, k):
        """The power equals the exact rational binomial tail to 1e-12."""
        assert fugard_potts_power(n, p, k=k) == pytest.approx(
            float(_exact_power(n, p, k)), abs=1e-12
        )

    def test_boundary_cells(self):
        """n is minimal: one participant fewer falls short of 80%, exactly computed."""
        for p, row in R5_TABLE.items():
            for k, n in zip(R5_KS, row, strict=True):
                if k <= 5:
                    assert _exact_power(n, p, k) >= Fraction(8, 10)
                    assert _exact_power(n - 1, p, k) < Fraction(8, 10)


def _mao_tau_exact(freqs: list[int], units: int, t: int) -> Fraction:
    """Sum over codes of 1 - C(T-Y, t) / C(T, t), exactly."""
    return sum(
        (1 - Fraction(math.comb(units - y, t), math.comb(units, t)) for y in freqs),
        Fraction(0),
    )


def _coverage_exact(freqs: list[int], units: int, t: int) -> Fraction:
    """1 - sum_i Y_i/U C(T-Y_i, t)/C(T-1, t), exactly (t < T)."""
    total = sum(freqs)
    return 1 - sum(
        (
            Fraction(y, total)
            * Fraction(math.comb(units - y, t), math.comb(units - 1, t))
            for y in freqs
        ),
        Fraction(0),
    )


class TestOrderFreeR7:
    def test_summary(self, r7):
        """T, Y, U, S_obs and the Q_k of R7."""
        assert (r7.T, r7.S_obs, r7.U) == (5, 6, 13)
        assert sorted(r7.freqs) == sorted((3, 1, 2, 1, 5, 1))
        assert r7.frequency_counts == {1: 3, 2: 1, 3: 1, 5: 1}

    def test_mean_over_all_orders(self, r7, r7_units):
        """The mean accumulation curve over all 120 orders is [2.6, 3.8, 4.7, 5.4, 6.0]."""
        totals = [Fraction(0)] * 5
        orders = list(itertools.permutations(range(5)))
        for order in orders:
            seen: set[str] = set()
            for position, unit in enumerate(order):
                seen |= r7_units[unit]
                totals[position] += len(seen)
        brute = [x / len(orders) for x in totals]
        assert brute == [
            Fraction(13, 5),
            Fraction(19, 5),
            Fraction(47, 10),
            Fraction(27, 5),
            6,
        ]
        curve = accumulation(r7, order="expected").curve
        assert curve == pytest.approx([float(x) for x in brute], rel=1e-14)
        assert [expected_codes(r7, t) for t in range(1, 6)] == pytest.approx(
            curve, rel=1e-14
        )
        assert [_mao_tau_exact(list(r7.freqs), 5, t) for t in range(1, 6)] == brute

    def test_vectorised_orders_match_sets(self, r7, r7_units):
        """The vectorised first-appearance counts equal a set-based loop for all 120 orders."""
        import numpy as np

        orders = np.array(list(itertools.permutations(range(5))), dtype=np.int64)
        rows = new_counts_for_orders(r7, orders)
        for order, row in zip(orders, rows, strict=True):
            seen: set[str] = set()
            expected = []
            for unit in order:
                expected.append(len(r7_units[unit] - seen))
                seen |= r7_units[unit]
            assert row.tolist() == expected
        assert rows.cumsum(axis=1).mean(axis=0).tolist() == pytest.approx(
            [2.6, 3.8, 4.7, 5.4, 6.0]
        )

    def test_coverage(self, r7):
        """Coverage at T (DataInfo 0.8022), at t = 1..4 and at t = 10."""
        assert round(coverage(r7), 6) == 0.802198
        assert round(coverage(r7), 4) == 0.8022
        assert [round(coverage(r7, t), 6) for t in range(1, 5)] == [
            0.538462,
            0.653846,
            0.730769,
            0.769231,
        ]
        for t in range(1, 5):
            assert coverage(r7, t) == pytest.approx(
                float(_coverage_exact(list(r7.freqs), 5, t)), rel=1e-14
            )
        # 1 - (Q1/U) A^(t*+1) with A = 18/21 (T Q0 = 5 * 3.6, Q1 = 3), written out
        assert coverage(r7, 10) == pytest.approx(
            1 - Fraction(3, 13) * Fraction(6, 7) ** 6, rel=1e-14
        )
        assert round(coverage(r7, 10), 6) == 0.908484
        assert coverage(r7) == pytest.approx(
            1 - Fraction(3, 13) * Fraction(6, 7), rel=1e-14
        )

    def test_estimators(self, r7):
        """Chao2 = 9.6, Chao2-bc = 7.2, jack1 = 8.4, jack2 = 9.75."""
        assert chao2(r7).value == pytest.approx(9.6, rel=1e-15)
        assert chao2(r7, bias_corrected=True).value == pytest.approx(7.2, rel=1e-15)
        assert jackknife(r7).value == pytest.approx(8.4, rel=1e-15)
        assert jackknife(r7, order=2).value == pytest.approx(9.75, rel=1e-15)

    def test_extrapolation(self, r7):
        """S(10) = 7.9344: 6 + 3.6 (1 - (6/7)^5)."""
        assert round(expected_codes(r7, 10), 4) == 7.9344
        assert expected_codes(r7, 10) == pytest.approx(
            6 + 3.6 * (1 - (6 / 7) ** 5), rel=1e-14
        )
