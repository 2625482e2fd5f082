"""Tests for gtgraph.model._names: which names are near enough to be a typo."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gtgraph.model._names import edit_distance, key, near_names


def full_distance(a, b):
    """Optimal string alignment distance, the textbook full table (no band)."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(
                d[i - 1][j] + 1,
                d[i][j - 1] + 1,
                d[i - 1][j - 1] + (a[i - 1] != b[j - 1]),
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


@given(st.text("abcé", max_size=9), st.text("abcé", max_size=9))
def test_banded_distance_equals_full_table(a, b):
    """The banded distance equals the full table's, capped at limit + 1."""
    assert edit_distance(a, b, 2) == min(full_distance(a, b), 3)


@pytest.mark.parametrize(
    ("name", "pool", "expected"),
    [
        ("Living with doubts", ["Living with doubt"], ["Living with doubt"]),
        ("living with doubt", ["Living with doubt"], ["Living with doubt"]),
        ("Living  with-doubt", ["Living with doubt"], ["Living with doubt"]),
        (
            "celebrating smal wins",
            ["celebrating small wins"],
            ["celebrating small wins"],
        ),
        (
            "selebrating smal wins",
            ["celebrating small wins"],
            ["celebrating small wins"],
        ),
        ("stories", ["story"], ["story"]),
        ("hopes", ["hope"], ["hope"]),
        ("hope", ["rope", "hopeful"], []),
        ("hopful", ["hopeful"], ["hopeful"]),
        ("code 12", ["code 13", "code 1"], []),
        ("Living with fear", ["Living with doubt"], []),
        ("trust", ["truths"], []),
    ],
)
def test_near_names(name, pool, expected):
    """Case, spacing, punctuation, plurals and one or two slips are near; other words are not."""
    assert near_names(name, pool) == expected


def test_key_folds_case_space_punctuation():
    """The comparison key ignores case, spacing and punctuation."""
    assert key("  Shared-identity!! ") == key("shared identity")
