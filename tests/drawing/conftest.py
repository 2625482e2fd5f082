"""Test set-up for the diagram tests: skip Graphviz tests where dot is absent."""

from __future__ import annotations

import shutil

import pytest


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip a test marked ``needs_dot`` when the Graphviz dot program is missing."""
    if item.get_closest_marker("needs_dot") is not None and shutil.which("dot") is None:
        pytest.skip("Graphviz (dot) is not installed")
