"""Edge cases: empty data, a single unit, no uniques or duplicates, bad arguments."""

from __future__ import annotations

import math

import pytest

from gtgraph.errors import GtGraphError, ValidationError
from gtgraph.saturation import (
    Estimate,
    Incidence,
    OrderUnknownError,
    SaturationError,
    accumulation,
    chao2,
    coverage,
    expected_codes,
    francis,
    fugard_potts_power,
    fugard_potts_sample_size,
    guest,
    ice,
    jackknife,
    sources_for_coverage,
    sources_for_fraction,
)

Z = 1.959963984540054


class TestErrors:
    def test_hierarchy(self):
        """Both errors are ValidationErrors, hence GtGraphErrors."""
        assert issubclass(SaturationError, ValidationError)
        assert issubclass(OrderUnknownError, SaturationError)
        assert issubclass(OrderUnknownError, GtGraphError)

    @pytest.mark.parametrize(
        ("call", "name"),
        [
            (guest, "guest"),
            (francis, "francis"),
            (lambda inc: inc.new_per_unit, "new_per_unit"),
            (accumulation, "as_coded"),
            (lambda inc: accumulation(inc, order="permute", permutations=3), "permute"),
        ],
    )
    def test_order_unknown_names_the_method(self, call, name):
        """Order-dependent methods on frequency-only incidence raise, naming the method."""
        inc = Incidence.from_frequencies(5, [3, 1, 2])
        with pytest.raises(OrderUnknownError, match=name):
            call(inc)

    def test_order_free_methods_work_on_frequencies(self):
        """Estimators, coverage and the expected curve need no order."""
        inc = Incidence.from_frequencies(5, [3, 1, 2, 1, 5, 1])
        assert accumulation(inc, order="expected").curve[-1] == pytest.approx(6.0)
        assert coverage(inc) > 0
        assert chao2(inc).value > 6

    @pytest.mark.parametrize(
        ("units", "freqs", "match"),
        [
            (3, [4], "between 0 and T"),
            (3, [-1], "between 0 and T"),
            (3, [1.5], "whole number"),
            (-1, [], "negative"),
            (2.0, [1], "whole number"),
            (3, [True], "whole number"),
        ],
    )
    def test_bad_frequencies(self, units, freqs, match):
        """Frequencies outside [0, T] or not whole numbers are refused with a message."""
        with pytest.raises(SaturationError, match=match):
            Incidence.from_frequencies(units, freqs)

    def test_labels_must_match_units(self):
        """One label per unit."""
        with pytest.raises(SaturationError, match="one label per unit"):
            Incidence.from_sources([{"a"}, {"b"}], labels=["only one"])

    @pytest.mark.parametrize(
        "call",
        [
            lambda inc: chao2(inc, conf=1.0),
            lambda inc: chao2(inc, conf=0.0),
            lambda inc: jackknife(inc, order=3),
            lambda inc: ice(inc, k=0),
            lambda inc: ice(inc, k=2.5),
            lambda inc: coverage(inc, -1),
            lambda inc: coverage(inc, math.inf),
            lambda inc: expected_codes(inc, -0.5),
            lambda inc: sources_for_coverage(inc, 0.0),
            lambda inc: sources_for_coverage(inc, 1.2),
            lambda inc: sources_for_fraction(inc, 0.0),
            lambda inc: sources_for_fraction(inc, 1.5),
            lambda inc: accumulation(inc, order="random"),
            lambda inc: accumulation(inc, order="permute", permutations=0),
            lambda inc: guest(inc, base=0),
            lambda inc: guest(inc, threshold=2),
            lambda inc: francis(inc, stop=0),
            lambda inc: inc.Q(0),
        ],
    )
    def test_bad_arguments(self, call):
        """Out-of-range options raise SaturationError."""
        inc = Incidence.from_sources([{"a", "b"}, {"b"}, {"c"}])
        with pytest.raises(SaturationError):
            call(inc)

    @pytest.mark.parametrize(
        "call",
        [
            lambda: fugard_potts_power(-1, 0.5),
            lambda: fugard_potts_power(10, 0.0),
            lambda: fugard_potts_power(10, 1.5),
            lambda: fugard_potts_power(10, 0.5, k=0),
            lambda: fugard_potts_sample_size(0.5, power=1.0),
            lambda: fugard_potts_sample_size(0.5, power=0.0),
        ],
    )
    def test_bad_power_arguments(self, call):
        """Out-of-range prevalence, k, n or power raise SaturationError."""
        with pytest.raises(SaturationError):
            call()


class TestEmpty:
    @pytest.fixture(params=["sources", "frequencies", "empty units"])
    def empty(self, request):
        if request.param == "sources":
            return Incidence.from_sources([])
        if request.param == "frequencies":
            return Incidence.from_frequencies(0, [])
        return Incidence.from_sources([set(), set()])

    def test_summary(self, empty):
        """No codes: S_obs = U = 0 and every Q_k is 0."""
        assert (empty.S_obs, empty.U, empty.Q(1)) == (0, 0, 0)

    def test_estimators_are_zero_without_interval(self, empty):
        """Every estimator returns 0 with no standard error or interval."""
        for est in (
            chao2(empty),
            chao2(empty, bias_corrected=True),
            jackknife(empty),
            ice(empty),
        ):
            assert est == Estimate(0.0, None, None, None)

    def test_coverage_is_undefined(self, empty):
        """Coverage without incidences raises, naming the problem."""
        with pytest.raises(SaturationError, match="undefined"):
            coverage(empty)
        with pytest.raises(SaturationError, match="undefined"):
            sources_for_coverage(empty, 0.9)

    def test_curves(self, empty):
        """The expected number of codes is 0 at every size."""
        assert expected_codes(empty, 0) == 0.0
        assert expected_codes(empty, 7.5) == 0.0
        assert sources_for_fraction(empty, 0.9) == 0.0
        assert accumulation(empty, order="expected").curve == (0.0,) * empty.T

    def test_units_without_codes(self):
        """Units that hold no code still count as units and in the curves."""
        inc = Incidence.from_sources([set(), set()])
        assert inc.T == 2
        assert inc.new_per_unit == (0, 0)
        assert accumulation(inc).curve == (0.0, 0.0)
        acc = accumulation(inc, order="permute", permutations=5, seed=0)
        assert acc.curve == (0.0, 0.0)
        assert acc.guest is not None
        assert acc.guest.never == 1.0


class TestSingleUnit:
    @pytest.fixture
    def one(self):
        return Incidence.from_sources([{"a", "b", "c"}])

    def test_estimators_add_nothing(self, one):
        """With one unit the (T-1)/T factor is 0: Chao2, Chao2-bc, jack1 and ICE equal S_obs."""
        assert chao2(one).value == 3.0
        assert chao2(one, bias_corrected=True).value == 3.0
        assert jackknife(one).value == 3.0
        assert ice(one).value == 3.0

    def test_second_order_jackknife_needs_two_units(self, one):
        """The second-order jackknife is undefined for one unit."""
        with pytest.raises(SaturationError, match="at least 2 units"):
            jackknife(one, order=2)

    def test_coverage_convention(self, one):
        """iNEXT's convention gives coverage 1 for a single unit (nothing known about misses)."""
        assert coverage(one) == 1.0
        assert coverage(one, 0.5) == pytest.approx(0.5)

    def test_rules_not_applicable(self, one):
        """Guest and Francis need more units and say so."""
        assert not guest(one).saturated
        assert not francis(one).saturated
        assert guest(one).reason is not None

    def test_sources_for_coverage_is_at_least_one(self, one):
        """The number of units is clamped to at least 1, as in iNEXT."""
        assert sources_for_coverage(one, 0.3) == 1.0


class TestNoUniques:
    @pytest.fixture
    def inc(self):
        # Q1 = 0, Q2 = 2, Q3 = 1; T = 4
        return Incidence.from_frequencies(4, [2, 2, 3])

    def test_chao2_is_observed_with_poisson_interval(self, inc):
        """Chao2 = S_obs and the interval is iNEXT's one for the observed count."""
        est = chao2(inc)
        assert est.value == 3.0
        e = math.exp
        var = (
            2 * (e(-2) - e(-4)) + (e(-3) - e(-6)) - (2 * 2 * e(-2) + 3 * e(-3)) ** 2 / 4
        )
        p = (2 * e(-2) + e(-3)) / 3
        assert est.se == pytest.approx(math.sqrt(var), rel=1e-12)
        assert est.ci_low == pytest.approx(
            max(3, 3 / (1 - p) - Z * math.sqrt(var) / (1 - p))
        )
        assert est.ci_high == pytest.approx(3 / (1 - p) + Z * math.sqrt(var) / (1 - p))

    def test_full_coverage_and_no_extrapolation(self, inc):
        """Without uniques coverage is 1 and the curve stops at S_obs."""
        assert coverage(inc) == 1.0
        assert coverage(inc, 9) == 1.0
        assert expected_codes(inc, 9) == 3.0
        assert sources_for_fraction(inc, 0.99) == 0.0
        assert sources_for_coverage(inc, 1.0) == 4.0

    def test_jackknife_and_ice(self, inc):
        """Jack1 adds nothing; jack2 subtracts duplicates; ICE adds nothing."""
        assert jackknife(inc).value == 3.0
        assert jackknife(inc, order=2).value == pytest.approx(3 - 2 * 4 / 12)
        assert ice(inc).value == pytest.approx(3.0)


class TestNoDuplicates:
    @pytest.fixture
    def inc(self):
        # Q1 = 4, Q2 = 0, Q3 = 1; T = 6
        return Incidence.from_frequencies(6, [1, 1, 1, 1, 3])

    def test_chao2_uses_the_bias_corrected_form(self, inc):
        """With Q2 = 0 and Q1 > 1, Chao2 = S_obs + (T-1)/T Q1(Q1-1)/2."""
        est = chao2(inc)
        c = 5 / 6
        assert est.value == pytest.approx(5 + c * 4 * 3 / 2)
        var = c * 4 * 3 / 2 + c * c * 4 * 49 / 4 - c * c * 256 / (4 * est.value)
        assert est.se == pytest.approx(math.sqrt(var))
        assert chao2(inc, bias_corrected=True).value == pytest.approx(est.value)

    def test_coverage_weight(self, inc):
        """A = (T-1)(Q1-1) / ((T-1)(Q1-1) + 2) when Q2 = 0."""
        a = 5 * 3 / (5 * 3 + 2)
        assert coverage(inc) == pytest.approx(1 - 4 / 7 * a)
        assert coverage(inc, 8) == pytest.approx(1 - 4 / 7 * a**3)
        t = sources_for_coverage(inc, 0.95)
        assert t == pytest.approx(
            6 + (math.log(7 / 4) + math.log(0.05)) / math.log(a) - 1
        )

    def test_one_unique_no_duplicate(self):
        """Q1 = 1 and Q2 = 0: Chao2 adds nothing and coverage is 1."""
        inc = Incidence.from_frequencies(4, [1, 3, 4])
        assert chao2(inc).value == 3.0
        assert coverage(inc) == 1.0


class TestCoverageInversion:
    def test_target_one_is_unreachable(self):
        """A target of full coverage is reached only in the limit."""
        inc = Incidence.from_frequencies(5, [3, 1, 2, 1, 5, 1])
        assert sources_for_coverage(inc, 1.0) == math.inf

    def test_reference_coverage_gives_all_units(self):
        """Asking for the coverage at T gives T."""
        inc = Incidence.from_frequencies(5, [3, 1, 2, 1, 5, 1])
        assert sources_for_coverage(inc, coverage(inc)) == 5.0

    def test_fraction_one_is_unreachable(self):
        """All of the estimated codes are found only in the limit."""
        inc = Incidence.from_frequencies(5, [3, 1, 2, 1, 5, 1])
        assert sources_for_fraction(inc, 1.0) == math.inf

    def test_fraction_already_reached(self):
        """g S <= S_obs needs no more units."""
        inc = Incidence.from_frequencies(5, [3, 1, 2, 1, 5, 1])
        assert sources_for_fraction(inc, 6 / 9.6) == 0.0

    def test_fraction_inverts_extrapolation(self):
        """The extrapolated curve at T + t* reaches g times Chao2."""
        inc = Incidence.from_frequencies(5, [3, 1, 2, 1, 5, 1])
        t = sources_for_fraction(inc, 0.9)
        assert expected_codes(inc, 5 + t) == pytest.approx(0.9 * 9.6, rel=1e-12)


class TestPowerLimits:
    def test_fewer_than_k(self):
        """Fewer participants than k have no chance."""
        assert fugard_potts_power(2, 0.9, k=3) == 0.0

    def test_certain_theme(self):
        """A theme everyone holds is seen k times by k participants."""
        assert fugard_potts_power(3, 1.0, k=3) == 1.0
        assert fugard_potts_sample_size(1.0, k=7) == 7

    def test_large_n_does_not_underflow(self):
        """Large samples of a rare theme are handled in log space."""
        n = fugard_potts_sample_size(0.001, k=30, power=0.95)
        assert (
            fugard_potts_power(n, 0.001, k=30)
            >= 0.95
            > fugard_potts_power(n - 1, 0.001, k=30)
        )


def test_coverage_of_no_units_is_exactly_zero():
    """At t = 0 nothing has been seen: coverage is 0, not a rounding error below it."""
    from gtgraph.saturation import Incidence, coverage

    units = [
        {0, 1, 3},
        {0, 1, 5},
        {0, 3, 7, 8},
        {0, 1, 2, 6, 7},
        {1, 2, 4, 6, 8},
        {0, 2, 3, 4, 5, 9},
    ]
    assert coverage(Incidence.from_sources(units), 0.0) == 0.0
