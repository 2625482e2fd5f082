"""The documentation covers the public API and the command."""

from __future__ import annotations

import importlib
import re

import pytest
from conftest import ROOT

import gtgraph
from gtgraph.cli import main

DOCS = ROOT / "docs"

#: The modules whose public names (``__all__``) must be documented.
MODULES = ["gtgraph", "gtgraph.saturation", "gtgraph.readwrite"]

#: Names that are modules or constants documented with their module, not one by one.
DOCUMENTED_WITH_MODULE = {
    "model",
    "relations",
    "saturation",
    "__version__",
    "FORMAT_VERSION",
}


def docs_text() -> str:
    return "\n".join(
        p.read_text(encoding="utf-8")
        for p in DOCS.rglob("*.md")
        if "_build" not in p.parts
    )


def public_names() -> list[tuple[str, str]]:
    return [
        (module, name)
        for module in MODULES
        for name in importlib.import_module(module).__all__
        if name not in DOCUMENTED_WITH_MODULE
    ]


@pytest.mark.parametrize(("module", "name"), public_names())
def test_public_name_is_documented(module, name):
    """Every public name has an autodoc entry (or a mention) in the docs."""
    text = docs_text()
    pattern = (
        rf"(::\s+[\w.]*\b{name}\b"  # an autodoc directive
        rf"|:members:[^\n]*\b{name}\b"  # a member list
        rf"|`[\w.~]*\b{name}(\(\))?`)"  # a cross-reference in the prose
    )
    assert re.search(pattern, text), f"{module}.{name} is not documented"


def test_cli_reference_is_generated():
    """The command reference is generated from the click group, so every command is in it."""
    page = (DOCS / "reference" / "cli.md").read_text(encoding="utf-8")
    assert ".. click:: gtgraph.cli:main" in page
    assert ":nested: full" in page


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help(command):
    """Every command has a help text of its own (which the reference shows)."""
    assert (main.commands[command].help or "").strip()


def test_every_page_is_in_a_toctree():
    """No page is left out of the navigation."""
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    for page in DOCS.rglob("*.md"):
        if "_build" in page.parts or page.name == "index.md":
            continue
        rel = page.relative_to(DOCS).with_suffix("").as_posix()
        assert rel in index, f"{rel} is not in a toctree"


def test_version_in_docs_config():
    """The docs take their version from the package."""
    assert "gtgraph.__version__" in (DOCS / "conf.py").read_text(encoding="utf-8")
    assert gtgraph.__version__
