"""Accumulation curves and the distribution of stopping points over random orders."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest

from gtgraph.saturation import Accumulation, Incidence, PointDistribution, accumulation
from gtgraph.saturation._accumulation import _distribution, permutation_orders


def test_as_coded_curve(r7):
    """The as-coded curve is the running count of distinct codes, unit by unit."""
    acc = accumulation(r7)
    assert acc.order == "as_coded"
    assert acc.curve == (3.0, 4.0, 5.0, 6.0, 6.0)
    assert acc.new == (3.0, 1.0, 1.0, 1.0, 0.0)
    assert acc.lower is None
    assert acc.guest is None


def test_expected_new_codes(r7):
    """The expected new codes per unit are the differences of Mao's tau."""
    acc = accumulation(r7, order="expected")
    assert acc.new == pytest.approx([2.6, 1.2, 0.9, 0.7, 0.6])


def test_permute_record(r7):
    """A permuted curve carries its band, its settings and both point distributions."""
    acc = accumulation(r7, order="permute", permutations=300, seed=7)
    assert isinstance(acc, Accumulation)
    assert acc.permutations == 300
    assert acc.seed == 7
    assert len(acc.curve) == len(acc.lower or ()) == len(acc.upper or ()) == 5
    assert acc.curve[-1] == 6.0
    assert isinstance(acc.guest, PointDistribution)
    assert isinstance(acc.francis, PointDistribution)
    # five units are too few for Francis 10+3: never saturated in any order
    assert acc.francis.never == 1.0
    assert acc.francis.median is None


def test_orders_are_permutations():
    """Every drawn order is a permutation of the units, and the seed fixes them."""
    orders = permutation_orders(6, 50, seed=3)
    assert orders.shape == (50, 6)
    assert all(sorted(row) == list(range(6)) for row in orders.tolist())
    assert np.array_equal(orders, permutation_orders(6, 50, seed=3))
    assert not np.array_equal(orders, permutation_orders(6, 50, seed=4))


def test_point_quantiles_are_order_statistics():
    """Quantiles treat never-saturated orders as later than any point."""
    dist = _distribution("guest", np.array([3, 0, 5, 4], dtype=np.int64))
    assert dist == PointDistribution("guest", 4.0, 3.0, 5.0, 0.25)
    mostly_never = _distribution("francis", np.array([0, 0, 0, 9], dtype=np.int64))
    assert mostly_never.median is None
    assert mostly_never.q1 == 9.0
    assert mostly_never.q3 is None
    assert mostly_never.never == 0.75


def test_guest_distribution_against_all_orders():
    """With every order enumerated, the share never saturated matches a brute force."""
    units = [{1, 2, 3}, {3, 4}, {1, 5}, {2}, {6}, {1}]
    inc = Incidence.from_sources(units)
    never = 0
    orders = list(itertools.permutations(range(6)))
    for order in orders:
        seen: set[int] = set()
        new = []
        for u in order:
            new.append(len(units[u] - seen))
            seen |= units[u]
        base = sum(new[:2])
        if not any(sum(new[s : s + 1]) / base <= 0 for s in range(2, 6)):
            never += 1
    acc = accumulation(
        inc, order="permute", permutations=20000, seed=11, base=2, run=1, threshold=0
    )
    assert acc.guest is not None
    share = Fraction(never, len(orders))
    # 20000 draws: the s.d. of a share is at most 0.0036
    assert acc.guest.never == pytest.approx(float(share), abs=0.02)


def test_labels_are_kept():
    """Unit labels given to from_sources are kept."""
    inc = Incidence.from_sources([{"a"}, {"b"}], labels=["P01", "P02"])
    assert inc.labels == ("P01", "P02")
    assert inc.units == (frozenset({"a"}), frozenset({"b"}))
    assert inc.codes == ("a", "b")
    assert repr(inc) == "Incidence(T=2, S_obs=2, U=2)"
