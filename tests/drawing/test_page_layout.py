"""Diagrams as they print: measured on the SVG Graphviz draws (see ``geometry``).

The measures are those of a reader of a printed page: type size once the
figure is fitted to the page's text block, texts that overlap or run
together, lines through a box's title, labels away from their line, and the
room the key takes.
"""

from __future__ import annotations

import random
import warnings
from collections import Counter

import pytest
from drawing.geometry import (
    CM,
    Box,
    Edge,
    Geometry,
    Text,
    measure,
    text_width,
)
from hypothesis import given, settings
from hypothesis import strategies as st

import gtgraph
from gtgraph.demo import build_project
from gtgraph.drawing import LayoutWarning, render, to_dot
from gtgraph.drawing._page import PAGES, fit_factor, page_size
from gtgraph.drawing._styles import relation_look
from gtgraph.relations import BUILTIN_TYPES

A4 = (16.0, 24.0)
#: A label is within reach of its line when it is this close (points) to it,
#: and closer to it than to any other line.
REACH = 3.0


@pytest.fixture(scope="module")
def demo():
    return build_project()


def drawn(project, tmp_path, name="d.svg", **options) -> Geometry:
    path = render(project, tmp_path / name, **options)
    return measure(path.read_bytes())


def assert_reads_well(g: Geometry) -> None:
    """No overlapping texts, no line through a box title, every label by its line."""
    overlapping = [(a.text, b.text) for a, b in g.overlapping_texts()]
    assert overlapping == []
    assert g.edges_crossing_titles() == []
    for name, own, other in g.label_reach():
        assert own <= REACH, (name, own)
        assert own < other, (name, own, other)


# -- the helper itself ---------------------------------------------------------


def test_text_width_follows_the_font_metrics():
    """DejaVu Sans sets 'iiii' narrower than 'MMMM', and width grows with size."""
    assert text_width("iiii", 10) < text_width("MMMM", 10)
    assert text_width("abc", 20) == pytest.approx(2 * text_width("abc", 10), rel=0.05)


def test_helper_finds_a_line_through_a_box_title():
    """A line through a box's title is found; one passing beside it is not."""
    title = Text("A box", 14, Box(0, -14, 40, 0), "cluster_a", "cluster")
    through = Edge("x->y", points=[(20, -30), (20, 30)])
    beside = Edge("y->z", points=[(60, -30), (60, 30)])
    g = Geometry(
        100, 100, 1.0, [title], [through, beside], {"cluster_a": [title]}, {}, {}, None
    )
    assert g.edges_crossing_titles() == [("x->y", "cluster_a")]
    assert g.texts_crossed_by_edges() == [("x->y", "A box")]


@pytest.mark.needs_dot
def test_helper_finds_texts_that_run_together():
    """Two plain-text nodes pinned one on the other overlap; apart they do not."""
    on_top = 'graph { node [shape=plaintext]; a [label="hello", pos="0,0!"]; b [label="world", pos="10,0!"]; }'
    apart = 'graph { node [shape=plaintext]; a [label="hello", pos="0,0!"]; b [label="world", pos="200,0!"]; }'
    import subprocess

    def neato(source: str) -> bytes:
        return subprocess.run(
            ["neato", "-n", "-Tsvg"],
            input=source.encode(),
            capture_output=True,
            check=True,
        ).stdout

    assert len(measure(neato(on_top)).overlapping_texts()) == 1
    assert measure(neato(apart)).overlapping_texts() == []


def test_pages_are_text_blocks():
    """The named pages are the text blocks of A4 and US Letter with thesis margins."""
    assert PAGES["a4"] == (16.0, 24.0)  # 21 x 29.7 cm less 2.5 cm margins and a caption
    assert PAGES["letter"] == pytest.approx((6.5 * 2.54, 9 * 2.54), abs=0.05)
    assert page_size((10, 12)) == (10.0, 12.0)
    for bad in ("a5", (0, 3), ("x", 1), 3):
        with pytest.raises(gtgraph.RenderError, match="page="):
            page_size(bad)
    # 16 cm is 453.5 pt: a 907 pt wide drawing is halved
    assert fit_factor((16 * CM * 2, 10.0), A4) == pytest.approx(0.5)


# -- the demo ------------------------------------------------------------------


@pytest.mark.needs_dot
def test_demo_categories_fit_a4_and_read_well(demo, tmp_path):
    """With the defaults the demo's category diagram prints on A4 at 7 pt or more."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", LayoutWarning)
        g = drawn(demo, tmp_path)
    assert g.width <= 16 * CM + 1
    assert g.height <= 24 * CM + 1
    assert g.smallest_text(A4) >= 7.0
    assert_reads_well(g)
    assert 0 < g.legend_share() <= 0.2  # a key, by default, and a small one
    assert g.texts_crossed_by_edges() == []


@pytest.mark.needs_dot
@pytest.mark.parametrize("page", ["letter", (18.0, 24.0)])
def test_demo_categories_fit_other_pages(demo, tmp_path, page):
    """Other pages are fitted the same way: 7 pt type, nothing overlapping."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", LayoutWarning)
        g = drawn(demo, tmp_path, page=page)
    size = page_size(page)
    assert g.smallest_text(size) >= 7.0
    assert g.width <= size[0] * CM + 1
    assert g.height <= size[1] * CM + 1
    assert_reads_well(g)


@pytest.mark.needs_dot
def test_demo_themes_tell_the_story(demo, tmp_path):
    """The theme level joins the themes and the core by their categories' relationships."""
    text = to_dot(demo, level="themes")
    assert "leads to (2)" in text  # both disclosure categories lead to the core
    g = drawn(demo, tmp_path, level="themes")
    names = [t.text for t in g.texts]
    assert "leads to (2)" in names
    assert "intervenes in" in names
    assert len(g.edges) >= 2 * 4  # each relationship drawn through its label
    assert_reads_well(g)


@pytest.mark.needs_dot
def test_demo_codes_have_a_page_like_shape(demo, tmp_path):
    """The code level of the demo is between twice as tall and twice as wide."""
    g = drawn(demo, tmp_path, level="codes", page=None)
    assert 0.5 <= g.aspect <= 2.0
    assert_reads_well(g)


@pytest.mark.needs_dot
def test_demo_codes_on_a4_warn_what_to_do(demo, tmp_path):
    """The whole code level does not fit A4 at 7 pt: a LayoutWarning says what to do."""
    with pytest.warns(LayoutWarning, match="level=.*include=.*two") as caught:
        drawn(demo, tmp_path, level="codes")
    assert "16 x 24 cm" in str(caught[0].message)


@pytest.mark.needs_dot
def test_edges_between_categories_leave_the_box(tmp_path):
    """At code level a relationship between categories is clipped at both boxes."""
    p = gtgraph.Project()
    for code, category in [("a1", "A"), ("a2", "A"), ("b1", "B"), ("b2", "B")]:
        p.add_code(code)
        p.categorize(code, category)
    p.relate("A", "is cause of", "B")
    text = to_dot(p, level="codes", edge_labels="none")
    assert "ltail=cluster_0" in text
    assert "lhead=cluster_1" in text
    g = drawn(p, tmp_path, level="codes", edge_labels="none")
    (edge,) = [e for e in g.edges if e.points]
    start = edge.points[0]
    a, b = g.clusters["cluster_0"], g.clusters["cluster_1"]
    # the line starts on A's border and ends (with its arrowhead) at B's border
    assert min(abs(start[1] - a.y1), abs(start[1] - a.y0)) <= 2
    head = edge.heads[-1]
    assert min(abs(y - b.y0) for _, y in head) <= 2


# -- relation types ------------------------------------------------------------


def test_no_two_builtin_relation_types_look_alike():
    """Every built-in type has its own (line pattern, colour, arrowhead, tail mark)."""
    looks = Counter(
        relation_look(gtgraph.drawing.DEFAULT_STYLE, t.style, t.name)
        for t in BUILTIN_TYPES.values()
    )
    assert max(looks.values()) == 1
    # and also without colour, for greyscale prints
    grey = Counter((line, head, tail) for line, _, head, tail in looks)
    assert max(grey.values()) == 1


def test_palette_is_okabe_ito():
    """Relation colours come from Okabe & Ito's colour-blind-safe palette."""
    okabe_ito = {
        "#000000", "#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7",
    }  # fmt: skip
    colours = {
        relation_look(gtgraph.drawing.DEFAULT_STYLE, t.style, t.name)[1]
        for t in BUILTIN_TYPES.values()
    }
    assert colours <= okabe_ito


@settings(max_examples=20)
@given(st.lists(st.sampled_from(sorted(BUILTIN_TYPES)), min_size=1, max_size=8),
       st.integers(0, 12), st.booleans())  # fmt: skip
def test_types_in_one_diagram_never_share_a_look(builtin, own, symmetric):
    """Built-in and user-defined types drawn together all look different."""
    p = gtgraph.Project()
    names = [f"c{i}" for i in range(2 * (len(builtin) + own) + 2)]
    for name in names:
        p.add_category(name)
    kinds = list(builtin)
    for i in range(own):
        p.add_relation_type(f"own {i}", symmetric=symmetric and i % 2 == 0)
        kinds.append(f"own {i}")
    for i, kind in enumerate(kinds):
        p.relate(names[2 * i], kind, names[2 * i + 1])
    from gtgraph.drawing._api import _prepare

    diagram, settings_ = _prepare(p)
    looks = {
        e.relation: relation_look(settings_.style, e.family, e.relation)
        for e in diagram.edges
    }
    assert len(set(looks.values())) == len(looks)


def test_user_type_is_directed_with_an_arrowhead():
    """add_relation_type("causes") then relate draws an arrowhead, not a plain line."""
    p = gtgraph.Project()
    p.add_category("A")
    p.add_category("B")
    p.add_relation_type("causes")
    p.relate("A", "causes", "B")
    text = to_dot(p, edge_labels="none")
    line = next(x for x in text.splitlines() if "->" in x)
    assert "dir=none" not in line
    assert "arrowhead=none" not in line
    assert "arrowhead=" in line


@pytest.mark.needs_dot
def test_user_type_arrowhead_is_drawn(tmp_path):
    """Graphviz draws the user type's arrowhead (a polygon at the head)."""
    p = gtgraph.Project()
    p.add_category("A")
    p.add_category("B")
    p.add_relation_type("causes")
    p.relate("A", "causes", "B")
    g = drawn(p, tmp_path, edge_labels="none")
    (edge,) = g.edges
    assert edge.heads  # the arrowhead


def test_symmetric_types_have_the_same_mark_at_both_ends():
    """contradicts has its bar at both ends; is associated with has none."""
    p = gtgraph.Project()
    for name in "ABCD":
        p.add_category(name)
    p.relate("A", "contradicts", "B")
    p.relate("C", "is associated with", "D")
    lines = [x for x in to_dot(p, edge_labels="none").splitlines() if "->" in x]
    assert "dir=both" in lines[0]
    assert "arrowtail=tee" in lines[0]
    assert "arrowhead=tee" in lines[0]
    assert "dir=none" in lines[1]


# -- larger and hostile theories -------------------------------------------------


def synthetic(categories: int, seed: int = 3) -> gtgraph.Project:
    """Categories in themes of ten, related by a mix of built-in types."""
    rng = random.Random(seed)  # noqa: S311  (a reproducible test theory)
    p = gtgraph.Project(title="synthetic")
    kinds = [
        "leads to",
        "is condition for",
        "is cause of",
        "intervenes in",
        "contradicts",
    ]
    for t in range(categories // 10):
        p.add_category(f"Theme number {t}", theme=True)
    for i in range(categories):
        p.add_category(f"Category {i} with a longer name")
        p.categorize(f"Category {i} with a longer name", f"Theme number {i // 10}")
    for _ in range(categories):
        a, b = rng.sample(range(categories), 2)
        if a > b:
            a, b = b, a
        try:
            p.relate(
                f"Category {a} with a longer name",
                rng.choice(kinds),
                f"Category {b} with a longer name",
            )
        except gtgraph.ValidationError:
            continue
    return p


@pytest.mark.needs_dot
@pytest.mark.slow
def test_hundred_categories_read_well_and_warn(tmp_path):
    """100 categories: no text overlaps, every name on its line; too large for A4, it warns.

    (In a diagram this dense some lines pass through other boxes' titles and
    other lines' names; the warning's advice, a part per page, avoids that.)
    """
    p = synthetic(100)
    with pytest.warns(LayoutWarning, match="include="):
        g = drawn(p, tmp_path)
    assert g.overlapping_texts() == []
    reach = g.label_reach()
    assert len(reach) >= 80
    assert [x for x in reach if x[1] > REACH] == []


@pytest.mark.needs_dot
def test_hostile_names_read_well(tmp_path):
    """Names full of DOT and HTML syntax are drawn exactly and laid out cleanly."""
    p = gtgraph.Project()
    hostile = [
        'say "hi" \\N',
        "<b>bold</b> & co",
        "node",
        "a:b;c{d}",
        "日本 🎉 𠮷",
        "\\",
    ]
    p.add_category('Theme <1> & "2"', theme=True)
    for name in hostile:
        p.add_category(name)
        p.categorize(name, 'Theme <1> & "2"')
    p.add_category("outside ]")
    for name in hostile:
        p.relate(name, "is condition for", "outside ]")
    g = drawn(p, tmp_path)
    texts = " ".join(t.text for t in g.texts)
    for name in [*hostile, "outside ]"]:
        assert name.replace(" ", "") in texts.replace(" ", "")
    assert_reads_well(g)
    assert g.smallest_text(A4) >= 7.0
