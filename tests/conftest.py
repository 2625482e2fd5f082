"""Shared test configuration: Hypothesis profiles, markers and data locations."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
#: Third-party data (REFI-QDA samples, published incidence data), beside the checkout.
SHARED = ROOT.parent / "shared"

settings.register_profile(
    "dev", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "long", max_examples=5000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def chromium() -> str | None:
    """Return the path of the system's Chromium when the browser tests can use it."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        return None
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found is not None:
            return found
    return None


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Skip tests that need Graphviz, Chromium or the shared data where they are absent."""
    del config
    no_dot = shutil.which(os.environ.get("GTGRAPH_DOT", "dot")) is None
    no_browser = chromium() is None
    no_shared = not SHARED.is_dir()
    for item in items:
        if no_dot and "needs_dot" in item.keywords:
            item.add_marker(pytest.mark.skip(reason="Graphviz (dot) is not installed"))
        if no_browser and "needs_browser" in item.keywords:
            item.add_marker(
                pytest.mark.skip(
                    reason="Chromium is not installed (apt-get install chromium) "
                    "or the playwright package is missing"
                )
            )
        if no_shared and "needs_shared" in item.keywords:
            item.add_marker(
                pytest.mark.skip(reason=f"the shared data folder {SHARED} is absent")
            )


@pytest.fixture
def shared() -> Path:
    """The folder of third-party data; the test is skipped when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"the shared data folder {SHARED} is absent")
    return SHARED
