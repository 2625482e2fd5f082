"""Sphinx configuration for the gtgraph documentation."""

from __future__ import annotations

import gtgraph

project = "gtgraph"
author = "The gtgraph developers"
copyright = "2026, The gtgraph developers"  # noqa: A001 - Sphinx's name
release = gtgraph.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "numpydoc",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "sphinx_click",
]
myst_enable_extensions = ["colon_fence", "deflist", "dollarmath"]
myst_heading_anchors = 3
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build"]
templates_path: list[str] = []

autodoc_member_order = "bysource"
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

# Types from other projects, named in docstrings; the docs build offline, so no
# intersphinx inventories are fetched.
nitpick_ignore = [
    ("py:class", "networkx.MultiDiGraph"),
    ("py:class", "pydot.Dot"),
    ("py:class", "datetime.date"),
    ("py:class", "pathlib.Path"),
    ("py:func", "numpy.random.default_rng"),
    ("py:class", "numpy.ndarray"),
]

html_theme = "furo"
html_title = f"gtgraph {release}"
html_static_path: list[str] = []
