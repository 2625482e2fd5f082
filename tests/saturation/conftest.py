"""Fixtures shared by the saturation tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from gtgraph.saturation import Incidence

#: Reference case R7 of saturation-methods.md: 6 codes (rows) x 5 interviews.
R7_MATRIX = (
    (1, 1, 0, 0, 1),
    (1, 0, 0, 0, 0),
    (0, 1, 1, 0, 0),
    (0, 0, 0, 1, 0),
    (1, 1, 1, 1, 1),
    (0, 0, 1, 0, 0),
)


def _units_from_new(new: Sequence[int]) -> Incidence:
    """Build incidence whose unit j introduces new[j] codes and repeats none."""
    units: list[set[int]] = []
    start = 0
    for n in new:
        units.append(set(range(start, start + n)))
        start += n
    return Incidence.from_sources(units)


@pytest.fixture
def from_new() -> Callable[[Sequence[int]], Incidence]:
    """Return a builder of incidence from a new-codes-per-unit vector."""
    return _units_from_new


@pytest.fixture
def r7_units() -> list[set[str]]:
    """Return the units of reference case R7 as sets of code names."""
    return [
        {f"c{i + 1}" for i, row in enumerate(R7_MATRIX) if row[j]} for j in range(5)
    ]


@pytest.fixture
def r7(r7_units: list[set[str]]) -> Incidence:
    """Return the incidence of reference case R7."""
    return Incidence.from_sources(r7_units)
