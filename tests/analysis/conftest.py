"""Fixtures of the analysis tests."""

from __future__ import annotations

import pytest
from study import build_study

import gtgraph


@pytest.fixture
def study() -> gtgraph.Project:
    """The hand-built three-interview study of tests/study.py."""
    return build_study()
