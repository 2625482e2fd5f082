"""Drawing projects: levels, options, rendering, determinism and the Jupyter bundle."""

from __future__ import annotations

import json
import math
import shutil
import xml.etree.ElementTree as ET

import attrs
import pytest

import gtgraph
from gtgraph.drawing import (
    GraphvizNotFoundError,
    LayoutWarning,
    Style,
    render,
    repr_mimebundle,
    run_graphviz,
    to_dot,
    to_mermaid,
    to_pydot,
)

SVG = "{http://www.w3.org/2000/svg}"

TINY = Style(
    graph={},
    node={},
    edge={},
    kinds={"core": {"shape": "hexagon"}, "category": {"shape": "box"}},
    clusters={"theme": {"color": "brown"}},
    families={"process": {"style": "bold"}, "causal": {}},
    relations={},
    saturation={"unsaturated": {"style": "dashed"}, "saturated": {"peripheries": "2"}},
    emphasis={},
    detail={},
)


def small_project():
    """A theme of two categories leading to a core category (no segments)."""
    p = gtgraph.Project(title="Peer support")
    p.add_category("The process of disclosure", theme=True)
    p.add_category("Disclosing difficulties")
    p.add_category("Disclosing service use")
    p.categorize("Disclosing difficulties", "The process of disclosure")
    p.categorize("Disclosing service use", "The process of disclosure")
    p.add_category("Shared identity", core=True)
    p.relate("The process of disclosure", "leads to", "Shared identity")
    return p


def grounded_project():
    """Two participants, three segments, codes under categories and a relationship."""
    p = gtgraph.Project(title="t")
    a = p.add_source(
        "i1", text="I felt heard. She had been there. Same planet.", participant="P1"
    )
    b = p.add_source("i2", text="She knew. Not like staff.", participant="P2")
    s1 = p.code(a, quote="I felt heard", codes="feeling heard")
    s2 = p.code(a, quote="She had been there", codes="shared experience")
    s3 = p.code(b, quote="She knew", codes="feeling heard")
    p.code(b, quote="Not like staff", codes="one of us")
    p.categorize("feeling heard", "Being understood")
    p.categorize("shared experience", "Shared identity")
    p.categorize("one of us", "Shared identity")
    p.relate(
        "Shared identity", "is condition for", "Being understood", evidence=[s1, s2, s3]
    )
    return p


def names_in(text):
    """The labels of the nodes of a DOT text, as Graphviz reads them (JSON)."""
    return json.loads(run_graphviz(text, format="json"))


# -- DOT text ------------------------------------------------------------------


def test_golden_category_level():
    """The category-level DOT of a small project, written out by hand."""
    # Left to right, names laid out by Graphviz, no page: the options of the
    # text below (the defaults are checked in test_default_options).
    text = to_dot(
        small_project(),
        style=TINY,
        rankdir="LR",
        edge_labels="label",
        wrap=20,
        page=None,
    )
    assert text == (
        "digraph gtgraph {\n"
        "  graph [rankdir=LR];\n"
        "  subgraph cluster_0 {\n"
        # box titles wrap at wrap + 4 characters (24 here)
        "    graph [label=<The process of"
        '<BR ALIGN="LEFT"/>disclosure<BR ALIGN="LEFT"/>>, color=brown];\n'
        "    n0 [label=<Disclosing<BR/>difficulties>, shape=box];\n"
        "    n1 [label=<Disclosing service<BR/>use>, shape=box];\n"
        "  }\n"
        "  n2 [label=<Shared identity>, shape=hexagon];\n"
        "  n1 -> n2 [label=<leads to>, style=bold, ltail=cluster_0];\n"
        "  n0 -> n2 [style=invis];\n"
        "}\n"
    )


def test_golden_themes_level_with_title_and_marks():
    """Themes level: the theme and the core, a title, saturation marks, by hand."""
    text = to_dot(
        small_project(),
        level="themes",
        style=TINY,
        title=True,
        saturation={"The process of disclosure": False, "Shared identity": True},
        rankdir="TB",
        edge_labels="label",
        wrap=20,
        page=None,
    )
    assert text == (
        "digraph gtgraph {\n"
        "  graph [rankdir=TB];\n"
        "  n0 [label=<The process of<BR/>disclosure>, style=dashed];\n"
        "  n1 [label=<Shared identity>, shape=hexagon, peripheries=2];\n"
        "  n0 -> n1 [label=<leads to>, style=bold];\n"
        "  label=<<B>Peer support</B>>;\n"
        "  fontsize=16;\n"
        "}\n"
    )


@pytest.mark.needs_dot
def test_code_level_nests_codes_in_categories():
    """At code level each code is drawn inside its category's box."""
    p = grounded_project()
    data = names_in(to_dot(p, level="codes", wrap=None))
    objects = data["objects"]
    label = {o["name"]: o.get("label", "") for o in objects}
    boxes = {
        o["label"]: sorted(label[objects[i]["name"]] for i in o.get("nodes", []))
        for o in objects
        if o["name"].startswith("cluster")
    }
    # Graphviz's JSON gives HTML-like labels without their outer <>.
    assert boxes == {
        'Being understood<BR ALIGN="LEFT"/>': ["feeling heard"],
        'Shared identity<BR ALIGN="LEFT"/>': ["one of us", "shared experience"],
    }


def test_levels_choose_elements():
    """Codes appear only at code level; plain categories not at themes level."""
    p = grounded_project()
    p.add_category("Connection", theme=True)
    p.categorize("Shared identity", "Connection")
    codes = to_dot(p, level="codes", wrap=None)
    cats = to_dot(p, level="categories", wrap=None)
    themes = to_dot(p, level="themes", wrap=None)
    assert "feeling heard" in codes
    assert "feeling heard" not in cats
    assert "Being understood" in cats
    assert "Connection" in themes
    assert "Being understood" not in themes
    with pytest.raises(gtgraph.RenderError, match="level='concepts'"):
        to_dot(p, level="concepts")


def test_subcategory_sits_in_its_parents_theme_with_a_line():
    """A subcategory is drawn in the theme of its category, joined to the category."""
    p = small_project()
    p.add_category("When to disclose")
    p.categorize("When to disclose", "Disclosing difficulties")
    text = to_dot(p, style=TINY, wrap=None)
    inside = text.split("subgraph cluster_0 {")[1].split("  }")[0]
    assert "n3 [label=<When to disclose>];" in inside
    assert "n3 -> n0;" in text  # TINY has no subcategory style: a plain line


def test_second_parent_gets_a_membership_line():
    """A code in two categories sits in one box and is joined to the other by a line."""
    p = grounded_project()
    p.categorize("one of us", "Being understood")
    text = to_dot(p, level="codes")
    assert text.count("one of us") == 1
    assert (
        'n2 -> n1 [color="#b0b0b0", style=dashed, arrowhead=none, lhead=cluster_1];'
        in text
    )


def test_include_and_exclude():
    """include draws the named elements and their insides; exclude removes them."""
    p = grounded_project()
    only = to_dot(p, level="codes", include="Shared identity", wrap=None)
    assert "shared experience" in only
    assert "feeling heard" not in only
    assert "is condition for" not in only  # its other end is not drawn
    without = to_dot(p, level="codes", exclude=["Shared identity"], wrap=None)
    assert "shared experience" not in without
    assert "feeling heard" in without
    by_rule = to_dot(
        p, level="codes", exclude=lambda r: r.name.startswith("one"), wrap=None
    )
    assert "one of us" not in by_rule
    assert "shared experience" in by_rule
    record = p.get("feeling heard")
    assert "feeling heard" not in to_dot(p, level="codes", exclude=[record], wrap=None)
    with pytest.raises(gtgraph.NotFoundError):
        to_dot(p, include=["no such thing"])
    with pytest.raises(gtgraph.RenderError, match="include="):
        to_dot(p, include=[3])


def test_show_evidence_counts():
    """Counts of segments and participants, by hand from the three coded segments."""
    p = grounded_project()
    text = to_dot(p, level="codes", show_evidence=True)
    # feeling heard: "I felt heard" (P1) and "She knew" (P2)
    assert "feeling heard<BR/><FONT" in text
    assert ">2 segments · 2 participants</FONT>" in text
    # one of us: one segment from P2
    assert ">1 segment · 1 participant</FONT>" in text
    # the relationship: three segments, two participants; width 1.1 + 0.8 log2(3)
    assert "3 segments · 2 participants" in text
    width = 1.1 + 0.8 * math.log2(1 + 2)
    assert f"penwidth={width:.3g}" in text


def test_saturation_report_shapes():
    """Saturation marks come from a mapping, rows with attributes or rows as dicts."""

    @attrs.frozen
    class Row:
        category: str
        saturated: bool

    @attrs.frozen
    class Report:
        categories: tuple

    p = small_project()
    want = to_dot(p, style=TINY, saturation={"Disclosing difficulties": False})
    report = Report((Row("Disclosing difficulties", False),))
    assert to_dot(p, style=TINY, saturation=report) == want
    rows = Report(({"name": "Disclosing difficulties", "saturated": False},))
    assert to_dot(p, style=TINY, saturation=rows) == want
    assert "style=dashed" in want
    with pytest.raises(gtgraph.NotFoundError):
        to_dot(p, saturation={"Nonexistent": True})
    with pytest.raises(gtgraph.RenderError, match="True or False"):
        to_dot(p, saturation={"Disclosing difficulties": "yes"})
    with pytest.raises(gtgraph.RenderError, match="saturation="):
        to_dot(p, saturation=3)


def test_legend_option():
    """legend=True adds the key (the bottom title of a borderless box around all).

    By default the key is drawn at category level when two or more relation
    types are drawn, or one without names on the lines; never at code level.
    """
    p = small_project()
    assert "Key" not in to_dot(p)  # one relation type, named on its line
    assert "Key" in to_dot(p, edge_labels="none")
    text = to_dot(p, legend=True)
    key = text.split("subgraph cluster_key {")[1].split("\n")[1]
    assert key.startswith("    graph [label=<<TABLE")
    assert "leads to" in key
    assert "labelloc=b, labeljust=r, peripheries=0" in key
    assert "Key" not in to_dot(p, legend=False, edge_labels="none")
    p.add_category("Feeling safe")
    p.relate("Feeling safe", "is condition for", "Shared identity")
    assert "Key" in to_dot(p)
    assert "Key" not in to_dot(p, level="codes")


def test_rankdir_and_bad_options():
    """rankdir reaches the graph; wrong option values are refused with the choices."""
    p = small_project()
    assert "rankdir=BT" in to_dot(p, rankdir="BT")
    with pytest.raises(gtgraph.RenderError, match="rankdir="):
        to_dot(p, rankdir="down")
    with pytest.raises(gtgraph.RenderError, match="edge_labels="):
        to_dot(p, edge_labels="above")
    with pytest.raises(gtgraph.RenderError, match="wrap="):
        to_dot(p, wrap=0)
    with pytest.raises(gtgraph.RenderError, match="not a table"):
        to_dot(p, style={"nodes": {}})


def test_title_options():
    """title=True uses the project's title, a string is used as given, None draws none."""
    p = small_project()
    assert "<B>Peer support</B>" in to_dot(p, title=True)
    assert "<B>Figure 1</B>" in to_dot(p, title="Figure 1")
    assert "fontsize=16;" not in to_dot(p)


def test_memos_option():
    """memos=True draws each memo about a drawn element, joined by a dotted line."""
    p = small_project()
    p.memo("Shared identity", "They stress sameness.\nMore later.", title="On sameness")
    p.memo(None, "about nothing", title="Loose")
    assert "On sameness" not in to_dot(p)
    text = to_dot(p, memos=True)
    assert "On sameness" in text
    assert "Loose" not in text
    assert "shape=note" in text
    assert "style=dotted" in text


def test_auto_fast_and_edge_labels(monkeypatch):
    """Above the documented sizes, fast settings and xlabels are chosen."""
    import gtgraph.drawing._api as api

    p = small_project()
    assert "nslimit" not in to_dot(p)
    assert "label=<leads to>" in to_dot(p)
    monkeypatch.setattr(api, "FAST_LAYOUT_NODES", 2)
    fast = to_dot(p)
    assert "nslimit=1" in fast
    assert "xlabel=<leads to>" in fast
    monkeypatch.setattr(api, "FAST_LAYOUT_NODES", 100)
    monkeypatch.setattr(api, "LABEL_EDGES", 0)
    assert "xlabel=<leads to>" in to_dot(p)
    assert "nslimit" not in to_dot(p, fast=False)


def test_same_project_same_bytes(tmp_path):
    """The same project gives the same DOT text, also after saving and loading."""
    first = to_dot(grounded_project(), level="codes", legend=True, show_evidence=True)
    second = to_dot(grounded_project(), level="codes", legend=True, show_evidence=True)
    assert first == second
    path = tmp_path / "p.gtg.json"
    gtgraph.save(grounded_project(), path)
    loaded = to_dot(gtgraph.load(path), level="codes", legend=True, show_evidence=True)
    assert loaded == first


@pytest.mark.needs_dot
def test_to_pydot_is_faithful():
    """to_pydot's text is the same graph as to_dot's, for Graphviz."""
    p = grounded_project()
    p.add_code('"just like me" \\N & <b>')
    options = {"level": "codes", "legend": True, "show_evidence": True, "title": True}
    ours = run_graphviz(to_dot(p, **options), format="canon")
    theirs = run_graphviz(to_pydot(p, **options).to_string(), format="canon")
    assert ours == theirs


# -- rendering -----------------------------------------------------------------


@pytest.mark.needs_dot
@pytest.mark.parametrize(
    ("name", "magic"),
    [
        ("d.svg", b"<?xml"),
        ("d.png", b"\x89PNG"),
        ("d.pdf", b"%PDF"),
        ("d.gv", b"digraph"),
    ],
)
def test_render_formats(tmp_path, name, magic):
    """render writes SVG, PNG, PDF or DOT text, chosen by the extension."""
    path = render(grounded_project(), tmp_path / name, level="codes", legend=True)
    assert path.read_bytes().startswith(magic)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


@pytest.mark.needs_dot
def test_render_format_argument_and_mermaid(tmp_path):
    """format= overrides the extension; .mmd writes Mermaid text."""
    render(small_project(), tmp_path / "out.img", format="svg")
    assert (tmp_path / "out.img").read_bytes().startswith(b"<?xml")
    render(small_project(), tmp_path / "out.mmd")
    assert (tmp_path / "out.mmd").read_text(encoding="utf-8").startswith("flowchart LR")
    with pytest.raises(gtgraph.RenderError, match="extension"):
        render(small_project(), tmp_path / "noextension")


def test_render_without_graphviz(monkeypatch, tmp_path):
    """Without dot, render says how to install Graphviz and writes nothing."""
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delenv("GTGRAPH_DOT", raising=False)
    monkeypatch.delenv("GRAPHVIZ_DOT", raising=False)
    with pytest.raises(GraphvizNotFoundError, match="apt-get install graphviz"):
        render(small_project(), tmp_path / "d.svg")
    assert not (tmp_path / "d.svg").exists()
    render(small_project(), tmp_path / "d.gv")  # DOT text needs no Graphviz
    assert (tmp_path / "d.gv").exists()


def test_render_env_var_pointing_nowhere(monkeypatch, tmp_path):
    """GTGRAPH_DOT naming no program is reported by name."""
    monkeypatch.setenv("GTGRAPH_DOT", str(tmp_path / "nothing"))
    with pytest.raises(GraphvizNotFoundError, match="GTGRAPH_DOT"):
        render(small_project(), tmp_path / "d.svg")


@pytest.mark.needs_dot
def test_large_diagrams_switch_engine(monkeypatch, tmp_path):
    """Above the documented size dot is replaced by sfdp, with a LayoutWarning."""
    import gtgraph.drawing._render as api

    monkeypatch.setattr(api, "SWITCH_ENGINE_NODES", 2)
    with pytest.warns(LayoutWarning, match="sfdp"):
        render(small_project(), tmp_path / "d.svg")
    assert (tmp_path / "d.svg").read_bytes().startswith(b"<?xml")
    render(small_project(), tmp_path / "e.svg", auto_engine=False)  # no warning


@pytest.mark.needs_dot
@pytest.mark.parametrize("engine", ["neato", "fdp", "sfdp", "circo", "twopi"])
def test_other_engines(tmp_path, engine):
    """Every other layout engine draws the diagram without Graphviz warnings."""
    render(grounded_project(), tmp_path / "d.svg", engine=engine, level="codes")
    ET.fromstring((tmp_path / "d.svg").read_bytes())  # noqa: S314  (our own Graphviz output)


def test_unknown_engine(tmp_path):
    """An unknown engine is refused before anything runs."""
    with pytest.raises(gtgraph.RenderError, match="layout engine"):
        render(small_project(), tmp_path / "d.svg", engine="graphviz")


# -- Mermaid -------------------------------------------------------------------


def test_mermaid_of_a_project():
    """Themes become subgraphs, a category named end keeps a synthetic id."""
    p = small_project()
    p.add_category("end")
    p.relate("end", "is cause of", "Shared identity")
    text = to_mermaid(p)
    assert '  subgraph c0 ["The process of disclosure"]' in text
    assert '    n0("Disclosing<br/>difficulties")' in text
    assert '  n3("end")' in text
    assert '  n3 -->|"is cause of"| n2' in text
    assert '  c0 ==>|"leads to"| n2' in text
    with pytest.raises(gtgraph.RenderError, match="Mermaid"):
        to_mermaid(p, edge_labels="xlabel")


# -- Jupyter -------------------------------------------------------------------


@pytest.mark.needs_dot
def test_jupyter_bundle_is_svg():
    """The bundle holds the SVG of the category diagram and the project's repr."""
    p = small_project()
    bundle = repr_mimebundle(p)
    assert set(bundle) == {"image/svg+xml", "text/plain"}
    assert bundle["text/plain"] == repr(p)
    root = ET.fromstring(bundle["image/svg+xml"].encode())  # noqa: S314
    texts = {"".join(t.itertext()) for t in root.iter(SVG + "text")}
    assert {"Shared", "identity"} <= texts  # wrapped at 14 characters
    assert repr_mimebundle(p)["image/svg+xml"] == bundle["image/svg+xml"]  # cached


def test_jupyter_include_exclude():
    """The MIME types asked for, minus those excluded, are returned."""
    p = small_project()
    assert set(repr_mimebundle(p, include=["text/plain"])) == {"text/plain"}
    only_md = repr_mimebundle(p, include=["text/markdown"])
    assert only_md["text/markdown"].startswith("```dot\ndigraph gtgraph {")
    assert "image/svg+xml" not in repr_mimebundle(p, exclude=["image/svg+xml"])


def test_jupyter_without_graphviz(monkeypatch, tmp_path):
    """Without Graphviz the bundle falls back to Markdown with the DOT text, never raising."""
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("GTGRAPH_DOT", raising=False)
    monkeypatch.delenv("GRAPHVIZ_DOT", raising=False)
    p = small_project()
    p.add_category("another one")  # a new DOT text, not in the cache
    bundle = repr_mimebundle(p)
    assert "image/svg+xml" not in bundle
    assert "apt-get install graphviz" in bundle["text/markdown"]
    assert "```dot\ndigraph gtgraph {" in bundle["text/markdown"]
    assert bundle["text/plain"].startswith(repr(p))


def test_jupyter_never_raises():
    """A broken object or an empty project still gives a text bundle."""

    class Broken:
        @property
        def categories(self):
            raise RuntimeError("boom")

        def __repr__(self):
            return "<Broken>"

    bundle = repr_mimebundle(Broken())
    assert bundle["text/plain"] == "<Broken>\n(no diagram: boom)"
    empty = repr_mimebundle(gtgraph.Project(title="e"))
    assert "no codes or categories" in empty["text/markdown"]


# -- exports -------------------------------------------------------------------


def test_graphml_of_a_project(tmp_path):
    """A project's graph is written as GraphML that networkx reads back."""
    import networkx as nx

    p = grounded_project()
    p.add_code("bell\x07 code")
    p.memo(["feeling heard", "one of us"], "note", title="m")
    path = tmp_path / "p.graphml"
    gtgraph.write_graphml(p, path)
    back = nx.read_graphml(path)
    labels = {d["label"] for _, d in back.nodes(data=True)}
    assert {"feeling heard", "Shared identity", "bell code", "m"} <= labels
    memo = next(d for _, d in back.nodes(data=True) if d["kind"] == "memo")
    assert memo["about"].count(";") == 1
    types = {d.get("type") for *_, d in back.edges(data=True)}
    assert "is condition for" in types


def test_gexf_of_a_project(tmp_path):
    """A project's graph is written as GEXF with the relation under `relation`."""
    import networkx as nx

    path = tmp_path / "p.gexf"
    gtgraph.write_gexf(grounded_project(), path)
    back = nx.read_gexf(path)
    relations = {d.get("relation") for *_, d in back.edges(data=True)}
    assert "is condition for" in relations


def test_exports_reject_options_for_graphs(tmp_path):
    """Options for the project graph make no sense with a ready graph."""
    import networkx as nx

    with pytest.raises(gtgraph.RenderError, match="grounding="):
        gtgraph.write_graphml(nx.Graph(), tmp_path / "g.graphml", grounding=True)


def test_top_level_names():
    """The drawing functions are reachable from the gtgraph package."""
    for name in ("to_dot", "to_pydot", "render", "to_mermaid", "write_graphml"):
        assert getattr(gtgraph, name) is getattr(gtgraph.drawing, name)
    assert shutil.which  # the module imports cleanly without Graphviz


def test_retry_when_dot_cannot_rank(monkeypatch, tmp_path):
    """When dot gives up ranking laid-out labels, render retries with xlabels and warns."""
    import re

    import gtgraph.drawing._render as api

    seen = []

    def fake(source, **options):
        seen.append(source)
        if re.search(r"-> \w+ \[label=<", source):
            raise gtgraph.RenderError("Graphviz failed: Error: trouble in init_rank")
        if options.get("format") == "plain":
            return b"graph 1 2 1\n"  # a 2 x 1 inch layout, which fits the page
        return b"<svg/>"

    monkeypatch.setattr(api, "run_graphviz", fake)
    with pytest.warns(LayoutWarning, match="xlabel"):
        render(small_project(), tmp_path / "d.svg", edge_labels="label")
    assert (tmp_path / "d.svg").read_bytes() == b"<svg/>"
    assert "xlabel=<leads to>" in seen[-1]

    def always(source, **_options):
        raise gtgraph.RenderError("Graphviz failed: Error: trouble in init_rank")

    monkeypatch.setattr(api, "run_graphviz", always)
    with (
        pytest.warns(LayoutWarning),
        pytest.raises(gtgraph.RenderError, match="trouble"),
    ):
        render(small_project(), tmp_path / "e.svg", edge_labels="label")
    assert not (tmp_path / "e.svg").exists()


def test_as_of_draws_the_early_theory():
    """as_of=k draws only what the first k sources ground (hand-built: one code per source)."""
    p = gtgraph.Project()
    a = p.add_source("i1", text="early words", participant="P1")
    b = p.add_source("i2", text="later words", participant="P2")
    p.code(a, quote="early", codes="early code")
    p.code(b, quote="later", codes="later code")
    p.categorize("early code", "Theme")
    p.categorize("later code", "Theme")
    assert "later code" in to_dot(p, level="codes")
    first = to_dot(p, level="codes", as_of=1)
    assert "early code" in first
    assert "later code" not in first
    assert to_dot(p, level="codes", as_of=2) == to_dot(p, level="codes")
    assert "later code" not in to_mermaid(p, level="codes", as_of="i1")
