"""The package's lazy names (PEP 562): every public name is there after ``import gtgraph``."""

from __future__ import annotations

import subprocess
import sys

import pytest

import gtgraph

SUBMODULES = [
    "checks",
    "drawing",
    "evolution",
    "graph",
    "privacy",
    "queries",
    "reliability",
    "sampling",
    "saturation",
]


def test_submodules_after_plain_import():
    """``gtgraph.queries`` and the other submodules work after ``import gtgraph`` alone."""
    code = (
        "import gtgraph, sys\n"
        f"for name in {SUBMODULES!r}:\n"
        "    assert f'gtgraph.{name}' not in sys.modules, name\n"
        "    assert getattr(gtgraph, name).__name__ == f'gtgraph.{name}'\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert done.stdout.strip() == "ok", done.stderr


def test_dir_lists_every_public_name_without_importing():
    """``dir(gtgraph)`` shows the lazy names and submodules and imports none of them."""
    code = (
        "import gtgraph, sys\n"
        "names = dir(gtgraph)\n"
        "heavy = [m for m in ('networkx', 'numpy', 'pydot') if m in sys.modules]\n"
        "print(sorted(names)); print(heavy)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    names_line, heavy_line = done.stdout.strip().splitlines()
    for name in [
        "render",
        "agreement",
        "merge",
        "read_transcripts",
        "queries",
        "Project",
    ]:
        assert repr(name) in names_line
    assert heavy_line == "[]"


def test_every_listed_name_resolves():
    """Each name in ``dir(gtgraph)`` and ``__all__`` is an attribute that resolves."""
    for name in {*dir(gtgraph), *gtgraph.__all__}:
        assert getattr(gtgraph, name) is not None, name


def test_unknown_name_is_attribute_error():
    """A name the package does not have raises AttributeError naming it."""
    with pytest.raises(AttributeError, match="no_such_thing"):
        gtgraph.no_such_thing  # noqa: B018 - the attribute access is the test
