"""Bootstrap intervals (Chao et al. 2014, as iNEXT): reproducible, consistent, and covering."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gtgraph.saturation import (
    Incidence,
    SaturationError,
    coverage,
    expected_codes,
    rarefaction,
    share_observed,
    sources_for_coverage,
    sources_needed,
)
from gtgraph.saturation._bootstrap import (
    bootstrap,
    curves,
    default_sizes,
    detection_probabilities,
)
from gtgraph.saturation._intervals import needed_per_replicate

R7 = Incidence.from_frequencies(5, [3, 1, 2, 1, 5, 1])


class TestDetectionProbabilities:
    def test_r7_by_hand(self):
        """The seen codes' probabilities follow iNEXT's EstiBootComm.Sam, computed by hand."""
        # T = 5, Q1 = 3, Q2 = 1: Q0 = 4/5 * 9/2 = 3.6; A = 18/(18+3) = 6/7;
        # a = 3/5 * 6/7 = 18/35; b = sum y/5 (1 - y/5)^5 over y = (3,1,2,1,5,1)
        y = np.array([3, 1, 2, 1, 5, 1]) / 5
        b = float(np.sum(y * (1 - y) ** 5))
        a = 18 / 35
        expected = y * (1 - a / b * (1 - y) ** 5)
        probs = detection_probabilities(R7)
        assert len(probs) == 6 + 4  # ceil(3.6) unseen codes
        assert probs[:6] == pytest.approx(expected)
        assert probs[6:] == pytest.approx([a / 4] * 4)

    def test_no_unseen_without_uniques(self):
        """Without uniques there is nothing unseen and the probabilities are Y/T."""
        inc = Incidence.from_frequencies(4, [2, 3, 4])
        assert detection_probabilities(inc) == pytest.approx([0.5, 0.75, 1.0])


@st.composite
def frequencies(draw):
    """Incidence frequencies of 1-30 codes over 2-15 units."""
    units = draw(st.integers(2, 15))
    freqs = draw(st.lists(st.integers(1, units), min_size=1, max_size=30))
    return Incidence.from_frequencies(units, freqs)


class TestVectorisedEqualsScalar:
    @given(frequencies())
    def test_curves(self, inc):
        """The per-replicate curves, applied to the data, equal the scalar functions."""
        t = inc.T
        counts = np.bincount(inc.y, minlength=t + 1)[None, :]
        counts[:, 0] = 0
        sizes = np.array([1, 1.5, t - 0.5, t, t + 1, t + 2.5, 2 * t], dtype=float)
        codes, cover, _ = curves(counts, t, sizes)
        for k, size in enumerate(sizes):
            assert codes[0, k] == pytest.approx(expected_codes(inc, size), abs=1e-9)
            assert cover[0, k] == pytest.approx(coverage(inc, size), abs=1e-9)

    @given(frequencies(), st.sampled_from([0.5, 0.8, 0.9, 0.95, 0.99]))
    def test_sources_needed(self, inc, goal):
        """The per-replicate units needed equal sources_for_coverage on the data."""
        counts = np.bincount(inc.y, minlength=inc.T + 1)[None, :]
        counts[:, 0] = 0
        got = needed_per_replicate(counts, inc.T, goal)[0]
        want = sources_for_coverage(inc, goal)
        assert got == pytest.approx(want, abs=1e-7) or (
            math.isinf(got) and math.isinf(want)
        )


class TestRarefaction:
    def test_reproducible_with_a_seed(self):
        """The same seed gives the same rows; another seed other intervals."""
        a = rarefaction(R7, seed=3)
        assert a == rarefaction(R7, seed=3)
        assert a != rarefaction(R7, seed=4)

    def test_rows(self):
        """Rows run from 1 to 2T with the methods labelled as iNEXT labels them."""
        rows = rarefaction(R7, seed=1)
        assert [r.t for r in rows] == list(range(1, 11))
        assert [r.method for r in rows[3:6]] == [
            "interpolated",
            "observed",
            "extrapolated",
        ]
        # point values from the methods note, case R7
        assert [round(r.codes, 4) for r in rows[:5]] == [2.6, 3.8, 4.7, 5.4, 6.0]
        assert rows[-1].codes == pytest.approx(7.9344, abs=1e-4)
        assert rows[4].coverage == pytest.approx(0.802198, abs=1e-6)
        # the share is the expected codes divided by the Chao2 total of 9.6
        assert rows[4].share == pytest.approx(6 / 9.6)

    def test_positive_width_at_the_last_unit(self):
        """The band at the units analysed is not zero width."""
        row = next(r for r in rarefaction(R7, seed=1) if r.method == "observed")
        assert row.codes_low < row.codes < row.codes_high
        assert row.coverage_low < row.coverage < row.coverage_high

    def test_bounds_in_range(self):
        """Codes are never below zero; coverage and share stay in [0, 1]."""
        for r in rarefaction(R7, seed=2, replicates=50):
            assert r.codes_low >= 0
            assert 0 <= r.coverage_low <= r.coverage <= r.coverage_high <= 1
            assert 0 <= r.share_low <= r.share <= r.share_high <= 1

    def test_zero_replicates(self):
        """Without replicates the intervals have zero width."""
        for r in rarefaction(R7, replicates=0):
            assert r.codes_low == r.codes == r.codes_high

    def test_default_sizes_for_many_units(self):
        """Past 20 units the sizes are iNEXT's 40 knots, always with T and 2T."""
        sizes = default_sizes(200)
        assert 200 in sizes
        assert sizes[0] == 1
        assert sizes[-1] == 400
        assert len(sizes) <= 40

    @pytest.mark.parametrize(
        "options",
        [{"t": [-1]}, {"t": [math.inf]}, {"conf": 1.5}, {"replicates": -1}],
    )
    def test_bad_options(self, options):
        """Bad sizes, levels and replicate counts are refused."""
        with pytest.raises(SaturationError):
            rarefaction(R7, **options)

    def test_dropped_replicates(self):
        """Replicates in which nothing is seen are dropped, as iNEXT drops them."""
        inc = Incidence.from_frequencies(3, [1])
        boot = bootstrap(inc, 200, 1)
        assert 0 < boot.replicates < 200
        assert (boot.counts[:, 1:].sum(axis=1) > 0).all()


def _true_codes(p, t):
    return float(np.sum(1.0 - (1.0 - p) ** t))


# A simulated study: S codes with known detection probabilities drawn from a
# Beta(a, b) distribution, T units, each code present in a unit with its
# probability.  The 95% band for the expected number of codes at T and at 2T
# is checked against the true expectation sum(1 - (1 - p)^t).
#
# Tolerance: the band is iNEXT's normal approximation around a bootstrap
# standard deviation, not an exact interval, and 40 studies give a binomial
# standard error of about 3.5 points at 95%.  Over these ranges its coverage
# was 82-100% when explored; the property asks for at least 75% of the 40
# studies, which a band that was systematically too narrow (say 60%) fails.
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    codes=st.integers(20, 100),
    units=st.integers(8, 20),
    a=st.floats(0.5, 2.0),
    b=st.floats(2.0, 8.0),
    seed=st.integers(0, 2**31 - 1),
)
def test_band_covers_the_true_expectation(codes, units, a, b, seed):
    """The 95% band at T and 2T contains the true expected codes in most studies."""
    rng = np.random.default_rng(seed)
    p = rng.beta(a, b, size=codes)
    studies = 40
    hits = np.zeros(2)
    for _ in range(studies):
        present = rng.random((codes, units)) < p[:, None]
        inc = Incidence.from_sources(
            [set(np.flatnonzero(present[:, j]).tolist()) for j in range(units)]
        )
        rows = rarefaction(
            inc, t=[units, 2 * units], replicates=100, seed=int(rng.integers(2**31))
        )
        for k, (row, t) in enumerate(zip(rows, (units, 2 * units), strict=True)):
            hits[k] += row.codes_low <= _true_codes(p, t) <= row.codes_high
    assert (hits / studies >= 0.75).all(), hits / studies


class TestShareAndNeeded:
    def test_share(self):
        """The share found is S_obs / Chao2 with an interval around it."""
        share = share_observed(R7, seed=1)
        assert share.value == pytest.approx(6 / 9.6)
        assert share.low < share.value < share.high
        assert share_observed(R7, seed=1) == share

    def test_needed(self):
        """Units needed for 90% coverage: 9.4249 (methods note), with an interval."""
        needed = sources_needed(R7, 0.9, seed=1)
        assert needed.value == pytest.approx(9.4249, abs=1e-4)
        assert needed.low < needed.value < needed.high

    def test_nothing_coded(self):
        """Without any code both are undefined rather than wrong."""
        empty = Incidence.from_frequencies(3, [])
        assert share_observed(empty).value is None
        assert sources_needed(empty).value is None
