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


# -- pictures drawn by the build -------------------------------------------------

#: The page presets the how-to on diagrams shows, each drawn from the worked
#: example when the docs are built: (file name, options of gtgraph.render).
PAGE_PICTURES = [
    ("page-a4.svg", {"page": "a4"}),
    ("page-letter.svg", {"page": "letter"}),
    ("page-natural.svg", {"page": None}),
    ("page-a4-themes.svg", {"page": "a4", "level": "themes"}),
]

_MISSING = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="360" height="40">'
    '<text x="8" y="24" font-family="sans-serif" font-size="13">'
    "Graphviz (dot) was not installed when these docs were built.</text></svg>\n"
)


def draw_page_pictures(app: object) -> None:
    """Draw the worked example at each page preset into docs/images/pages/."""
    del app  # Sphinx passes it; the pictures do not depend on it
    import shutil
    import warnings
    from pathlib import Path

    from gtgraph.demo import build_project

    out = Path(__file__).parent / "images" / "pages"
    out.mkdir(parents=True, exist_ok=True)
    project = build_project()
    for name, options in PAGE_PICTURES:
        if shutil.which("dot") is None:
            (out / name).write_text(_MISSING, encoding="utf-8")
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a picture of the fit, not a check of it
            gtgraph.render(project, out / name, **options)


def setup(app: object) -> None:
    """Draw the pictures of the page presets before the pages are read."""
    app.connect("builder-inited", draw_page_pictures)  # type: ignore[attr-defined]
