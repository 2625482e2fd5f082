"""Properties that hold for any incidence data (Hypothesis)."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gtgraph.saturation import (
    Incidence,
    accumulation,
    chao2,
    coverage,
    expected_codes,
    francis,
    guest,
    ice,
    jackknife,
    sources_for_coverage,
)
from gtgraph.saturation._rules import francis_points, guest_points

units_strategy = st.lists(
    st.frozensets(st.integers(min_value=0, max_value=14), max_size=6),
    min_size=1,
    max_size=9,
)
coded_units = units_strategy.filter(any)


@settings(max_examples=60)
@given(coded_units, st.floats(min_value=0, max_value=40, allow_nan=False))
def test_coverage_is_a_proportion(units, t):
    """0 <= coverage <= 1 at T and at any size."""
    inc = Incidence.from_sources(units)
    assert 0.0 <= coverage(inc) <= 1.0
    assert 0.0 <= coverage(inc, t) <= 1.0 + 1e-12


@settings(max_examples=60)
@given(units_strategy)
def test_estimators_not_below_observed(units):
    """Chao2 (both forms), jack1 and ICE never fall below S_obs."""
    inc = Incidence.from_sources(units)
    observed = inc.S_obs
    assert chao2(inc).value >= observed
    assert chao2(inc, bias_corrected=True).value >= observed
    assert jackknife(inc).value >= observed
    assert ice(inc).value >= observed - 1e-9
    for est in (chao2(inc), jackknife(inc), ice(inc)):
        if est.ci_low is not None and est.ci_high is not None:
            assert est.ci_low <= est.ci_high
            assert est.ci_low >= observed - 1e-9


@settings(max_examples=60)
@given(units_strategy)
def test_expected_curve_is_monotone_and_ends_at_observed(units):
    """expected_codes is non-decreasing in t and equals S_obs at T."""
    inc = Incidence.from_sources(units)
    grid = [x / 4 for x in range(4 * (2 * inc.T + 2))]
    values = [expected_codes(inc, t) for t in grid]
    assert all(b >= a - 1e-9 for a, b in itertools.pairwise(values))
    assert expected_codes(inc, inc.T) == pytest.approx(inc.S_obs, abs=1e-9)
    assert expected_codes(inc, 0) == 0.0


@settings(max_examples=25, deadline=None)
@given(coded_units, st.integers(min_value=0, max_value=2**32 - 1))
def test_permutation_mean_converges_to_expected(units, seed):
    """The mean curve over many random orders approaches the exact expectation."""
    inc = Incidence.from_sources(units)
    draws = 4000
    acc = accumulation(inc, order="permute", permutations=draws, seed=seed)
    expected = accumulation(inc, order="expected").curve
    # each curve value lies in [0, S_obs], so its s.d. is at most S_obs / 2
    tolerance = 5 * (inc.S_obs / 2) / math.sqrt(draws)
    assert np.allclose(acc.curve, expected, atol=tolerance, rtol=0)
    assert acc.lower is not None
    assert acc.upper is not None
    # The mean need not lie between the 2.5th and 97.5th percentiles (when
    # fewer than 2.5% of orders fall short, both percentiles are S_obs while
    # the mean is below it), so only the band's own order and range are checked.
    assert all(
        0 <= lo <= hi <= inc.S_obs for lo, hi in zip(acc.lower, acc.upper, strict=True)
    )
    assert all(0 <= m <= inc.S_obs for m in acc.curve)


@settings(max_examples=60)
@given(
    units_strategy, st.frozensets(st.integers(min_value=0, max_value=20), max_size=6)
)
def test_adding_a_unit_never_lowers_observed(units, extra):
    """S_obs after adding a unit is at least S_obs before, and the as-coded curve grows."""
    before = Incidence.from_sources(units)
    after = Incidence.from_sources([*units, extra])
    assert after.S_obs >= before.S_obs
    curve = accumulation(after).curve
    assert all(b >= a for a, b in itertools.pairwise(curve))
    assert curve[-1] == after.S_obs


@settings(max_examples=60)
@given(units_strategy)
def test_frequencies_give_the_same_order_free_answers(units):
    """Order-free methods agree between from_sources and from_frequencies."""
    inc = Incidence.from_sources(units)
    freq = Incidence.from_frequencies(inc.T, inc.freqs)
    assert chao2(freq) == chao2(inc)
    assert ice(freq) == ice(inc)
    assert expected_codes(freq, inc.T / 2) == expected_codes(inc, inc.T / 2)


@settings(max_examples=60)
@given(
    st.lists(st.integers(min_value=0, max_value=4), min_size=0, max_size=14),
    st.integers(min_value=1, max_value=5),
    st.integers(min_value=1, max_value=3),
    st.sampled_from([0.0, 0.05, 0.2]),
)
def test_vectorised_rules_match_the_scalar_rules(new, base, run, threshold):
    """The rules applied to many orders at once agree with guest() and francis()."""
    units, start = [], 0
    for n in new:
        units.append(set(range(start, start + n)))
        start += n
    inc = Incidence.from_sources(units)
    row = np.array([new], dtype=np.int64).reshape(1, len(new))
    g = guest(inc, base=base, run=run, threshold=threshold)
    assert guest_points(row, base=base, run=run, threshold=threshold)[0] == (
        g.point or 0
    )
    f = francis(inc, initial=base, stop=run)
    assert francis_points(row, initial=base, stop=run)[0] == (f.point or 0)


@settings(max_examples=30, deadline=None)
@given(coded_units, st.integers(min_value=0, max_value=1000))
def test_permutations_are_reproducible(units, seed):
    """The same seed gives the same permuted result."""
    inc = Incidence.from_sources(units)
    first = accumulation(inc, order="permute", permutations=50, seed=seed)
    again = accumulation(inc, order="permute", permutations=50, seed=seed)
    assert first == again


@settings(max_examples=60)
@given(coded_units, st.floats(min_value=0.01, max_value=0.999))
def test_sources_for_coverage_inverts_coverage(units, target):
    """The coverage at sources_for_coverage(target) is the target (above one unit)."""
    inc = Incidence.from_sources(units)
    t = sources_for_coverage(inc, target)
    assert t >= 1.0
    if t > 1.0 and math.isfinite(t):
        assert coverage(inc, t) == pytest.approx(target, abs=1e-9)
