"""The DOT writer over the plain diagram structure (no project involved)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pydot
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gtgraph.drawing import DEFAULT_STYLE, Style, run_graphviz
from gtgraph.drawing._diagram import Cluster, Diagram, Edge, Node
from gtgraph.drawing._dot import DotSettings, build_dot, dot_text, to_pydot_graph

SVG = "{http://www.w3.org/2000/svg}"

TINY_STYLE = Style(
    graph={"fontname": "F"},
    node={"shape": "box"},
    edge={},
    kinds={"category": {"fillcolor": "blue"}, "code": {"shape": "plain"}},
    clusters={"theme": {"color": "red"}},
    families={"causal": {"arrowhead": "normal"}},
    relations={},
    saturation={},
    emphasis={"theme": "bold"},
    detail={},
)


def write(diagram, **options):
    return dot_text(build_dot(diagram, DotSettings(**options)))


def layout(source):
    """Graphviz's own reading of the DOT text, as JSON (no warnings allowed)."""
    return json.loads(run_graphviz(source, format="json"))


def test_golden_small_diagram():
    """A theme box, a node outside it and a box-to-node edge, as hand-written DOT."""
    diagram = Diagram(
        nodes=(Node("c1", "A & B", "category", cluster="t1"), Node("c2", "C", "code")),
        clusters=(Cluster("t1", "T", "theme"),),
        edges=(Edge("t1", "c2", "causal", "is cause of", label="is cause of"),),
    )
    assert write(diagram, style=TINY_STYLE) == (
        "digraph gtgraph {\n"
        "  graph [fontname=F, rankdir=LR];\n"
        "  node [shape=box];\n"
        "  subgraph cluster_0 {\n"
        '    graph [label=<<B>T</B><BR ALIGN="LEFT"/>>, color=red];\n'
        "    n0 [label=<A &amp; B>, fillcolor=blue];\n"
        "  }\n"
        "  n1 [label=<C>, shape=plain];\n"
        "  n0 -> n1 [xlabel=<is cause of>, arrowhead=normal, ltail=cluster_0];\n"
        "}\n"
    )


def test_golden_symmetric_edge_inside_a_box_and_title():
    """A symmetric link inside a box has no arrowhead; the title comes last."""
    diagram = Diagram(
        nodes=(
            Node("a", "a", "category", cluster="t"),
            Node("b", "b", "category", cluster="t"),
        ),
        clusters=(Cluster("t", "T", "theme"),),
        edges=(Edge("a", "b", "association", "covaries with", directed=False),),
        title='Theory "v1"',
    )
    assert write(diagram, style=TINY_STYLE, rankdir="TB") == (
        "digraph gtgraph {\n"
        "  graph [fontname=F, rankdir=TB];\n"
        "  node [shape=box];\n"
        "  subgraph cluster_0 {\n"
        '    graph [label=<<B>T</B><BR ALIGN="LEFT"/>>, color=red];\n'
        "    n0 [label=<a>, fillcolor=blue];\n"
        "    n1 [label=<b>, fillcolor=blue];\n"
        "  }\n"
        "  n0 -> n1 [dir=none];\n"
        "  label=<<B>Theory &quot;v1&quot;</B>>;\n"
        "  fontsize=16;\n"
        "}\n"
    )


def test_same_diagram_same_bytes():
    """Writing the same diagram twice gives identical text."""
    make = lambda: Diagram(
        nodes=tuple(Node(f"k{i}", f"name {i}", "code") for i in range(20)),
        edges=tuple(Edge(f"k{i}", f"k{i + 1}", "causal") for i in range(19)),
    )
    assert write(make(), legend=True) == write(make(), legend=True)


@pytest.mark.needs_dot
def test_nested_boxes_hold_their_nodes():
    """Nested boxes become nested clusters holding exactly their nodes."""
    diagram = Diagram(
        nodes=(
            Node("x", "x", "code", cluster="inner"),
            Node("y", "y", "code", cluster="outer"),
            Node("z", "z", "code"),
        ),
        clusters=(
            Cluster("outer", "Outer", "theme"),
            Cluster("inner", "Inner", "category", parent="outer"),
        ),
    )
    data = layout(write(diagram))
    objects = data["objects"]
    by_name = {o["name"]: o for o in objects}
    outer, inner = by_name["cluster_0"], by_name["cluster_1"]
    names = lambda c: sorted(objects[i]["name"] for i in c.get("nodes", []))
    assert names(inner) == ["n0"]
    assert names(outer) == ["n0", "n1"]
    assert objects[outer["subgraphs"][0]]["name"] == "cluster_1"


def test_empty_box_is_drawn_as_a_node():
    """A box with nothing in it becomes a node of its kind inside its parent."""
    diagram = Diagram(
        nodes=(Node("a", "A", "category", cluster="t"),),
        clusters=(
            Cluster("t", "T", "theme"),
            Cluster("e", "Empty", "theme", parent="t"),
        ),
        edges=(Edge("a", "e", "causal"),),
    )
    text = write(diagram, style=TINY_STYLE)
    assert "subgraph cluster_1" not in text
    assert "n1 [label=<<B>Empty</B>>];" in text
    assert "n0 -> n1" in text


@pytest.mark.needs_dot
def test_edges_between_boxes_are_clipped_and_ordered():
    """A box-to-box relation is clipped at both borders and puts the second box after the first."""
    a = [Node(f"a{i}", f"a{i}", "category", cluster="A") for i in range(3)]
    b = [Node(f"b{i}", f"b{i}", "category", cluster="B") for i in range(3)]
    diagram = Diagram(
        nodes=(*a, *b),
        clusters=(Cluster("A", "A", "theme"), Cluster("B", "B", "theme")),
        edges=(
            Edge("b0", "b1", "causal"),
            Edge("A", "B", "process", "leads to", label="leads to"),
        ),
    )
    text = write(diagram)
    assert "ltail=cluster_0, lhead=cluster_1" in text
    objects = layout(text)["objects"]
    x = {o["name"]: float(o["pos"].split(",")[0]) for o in objects if "pos" in o}
    assert max(x[f"n{i}"] for i in range(3)) < min(x[f"n{i}"] for i in range(3, 6))


@pytest.mark.needs_dot
def test_edge_from_a_box_to_its_own_member_draws_without_warning():
    """An edge between a box and a node inside it is not clipped (Graphviz would warn)."""
    diagram = Diagram(
        nodes=(
            Node("a", "A", "category", cluster="t"),
            Node("b", "B", "category", cluster="t"),
        ),
        clusters=(Cluster("t", "T", "theme"),),
        edges=(
            Edge("t", "b", "causal"),
            Edge("b", "t", "causal"),
            Edge("t", "t", "causal"),
        ),
    )
    text = write(diagram)
    assert "lhead" not in text
    assert "ltail" not in text
    run_graphviz(text)  # filterwarnings=error turns any Graphviz warning into a failure


@pytest.mark.needs_dot
def test_many_boxes_ordered_through_a_hub():
    """Big box-to-box orderings go through one invisible hub node and still order the boxes."""
    a = [Node(f"a{i}", f"a{i}", "code", cluster="A") for i in range(6)]
    b = [Node(f"b{i}", f"b{i}", "code", cluster="B") for i in range(6)]
    diagram = Diagram(
        nodes=(*a, *b),
        clusters=(Cluster("A", "A", "theme"), Cluster("B", "B", "theme")),
        edges=(Edge("A", "B", "causal"),),
    )
    text = write(diagram)
    # the hub node, its 6 + 6 edges, and in each box of 6 loose codes (more
    # than GRID_NODES) a grid of 3 chains of depth 2 across the page: 3 edges
    assert text.count("style=invis") == 1 + 12 + 2 * 3
    objects = layout(text)["objects"]
    x = {o["name"]: float(o["pos"].split(",")[0]) for o in objects if "pos" in o}
    assert max(x[f"n{i}"] for i in range(6)) < min(x[f"n{i}"] for i in range(6, 12))


@pytest.mark.needs_dot
@pytest.mark.parametrize("blank", ["", " ", "\n", "\n\n", "\x01\n"])
def test_blank_names_draw_nothing(blank):
    """Blank box, node and edge text is left out (Graphviz 2.43 crashes on a label of line breaks)."""
    diagram = Diagram(
        nodes=(Node("a", blank, "category", cluster="t"), Node("b", "B", "code")),
        clusters=(Cluster("t", blank, "theme"),),
        edges=(
            Edge("b", "a", "causal", label=blank),
            Edge("a", "b", "causal", label="x"),
        ),
    )
    for mode in ("label", "xlabel"):
        text = write(diagram, edge_labels=mode)
        assert text.count('label=""') == 2
        run_graphviz(text)


def test_fast_settings_and_edge_label_modes():
    """fast=True adds the fast layout settings; edge_labels picks label, xlabel or none."""
    diagram = Diagram(
        nodes=(Node("a", "A", "code"), Node("b", "B", "code")),
        edges=(Edge("a", "b", "causal", label="rel"),),
    )
    fast = write(diagram, fast=True)
    for setting in ("splines=line", "nslimit=1", "mclimit=0.1", "searchsize=10"):
        assert setting in fast
    assert "splines" not in write(diagram)
    assert "n0 -> n1 [label=<rel>" in write(diagram, edge_labels="label")
    assert "n0 -> n1 [xlabel=<rel>" in write(diagram, edge_labels="xlabel")
    assert "rel" not in write(diagram, edge_labels="none")


@pytest.mark.needs_dot
def test_legend_lists_kinds_and_relations():
    """The key names each kind drawn and each relation type used, once."""
    diagram = Diagram(
        nodes=(
            Node("a", "A", "core"),
            Node("b", "B", "category", saturated=False),
            Node("c", "C", "code"),
        ),
        edges=(
            Edge("a", "b", "causal", "is cause of"),
            Edge("b", "a", "causal", "is cause of"),
            Edge("b", "c", "contradiction", "contradicts <&>", directed=False),
        ),
    )
    svg = run_graphviz(write(diagram, legend=True))
    root = ET.fromstring(svg)  # noqa: S314  (SVG written by Graphviz from our own DOT)
    legend = next(
        g
        for g in root.iter(SVG + "g")
        if g.get("class") == "cluster" and g.find(SVG + "title").text == "cluster_key"
    )
    texts = ["".join(t.itertext()) for t in legend.iter(SVG + "text")]
    for word in ("Key", "core category", "category", "code"):
        assert word in texts
    assert "not yet saturated (dashed outline)" in texts  # a swatch and its outline
    assert texts.count("is cause of") == 1
    assert texts.count("contradicts <&>") == 1
    assert "saturated" not in texts  # only unsaturated marks were drawn


@pytest.mark.needs_dot
def test_pydot_graph_is_the_same_graph():
    """to_pydot_graph's text and the DOT text are the same graph to Graphviz."""
    diagram = Diagram(
        nodes=(
            Node("a", 'say "hi" \\N', "category", cluster="t", detail="3 segments"),
            Node("b", "node", "code", cluster="u", tooltip="a & b"),
            Node("c", "Code: trust", "core"),
        ),
        clusters=(
            Cluster("t", "T <1>", "theme"),
            Cluster("u", "U", "category", parent="t"),
        ),
        edges=(Edge("t", "c", "causal", "is cause of", label="a\\b"),),
        title="graph",
    )
    graph = build_dot(diagram, DotSettings(legend=True))
    ours = run_graphviz(dot_text(graph), format="canon")
    theirs = run_graphviz(to_pydot_graph(graph).to_string(), format="canon")
    assert ours == theirs


# pydot's parser calls pyparsing names that pyparsing 3.3 deprecates (not ours).
@pytest.mark.filterwarnings("ignore:.*deprecated - use")
def test_pydot_parses_the_text_back():
    """pydot's parser reads the DOT text back with the same nodes and edges."""
    diagram = Diagram(
        nodes=(
            Node("a", "¼ 𠮷 \\", "category", cluster="t"),
            Node("b", "edge", "code"),
        ),
        clusters=(Cluster("t", '"quoted"', "theme"),),
        edges=(Edge("a", "b", "causal", label="x:y"),),
    )
    text = write(diagram)
    (parsed,) = pydot.graph_from_dot_data(text)
    defaults = {"graph", "node", "edge"}
    found = [*parsed.get_subgraphs()[0].get_nodes(), *parsed.get_nodes()]
    nodes = {
        n.get_name(): n.get("label") for n in found if n.get_name() not in defaults
    }
    assert nodes == {
        "n0": "<¼ 𠮷 \\\\>",  # the backslash doubled, as Graphviz needs in HTML labels
        "n1": "<edge>",
    }
    assert [(e.get_source(), e.get_destination()) for e in parsed.get_edges()] == [
        ("n0", "n1")
    ]
    assert parsed.get_edges()[0].get("xlabel") == "<x:y>"


def test_user_style_override():
    """A style mapping changes one attribute and keeps the rest of the theme."""
    diagram = Diagram(nodes=(Node("a", "A", "code"),))
    custom = DEFAULT_STYLE.updated({"kinds": {"code": {"fillcolor": "#ff0000"}}})
    text = write(diagram, style=custom)
    assert 'fillcolor="#ff0000"' in text
    assert 'color="#9a9a9a"' in text


def test_project_colours():
    """A hex colour outlines a node and tints its fill; a named colour only outlines it."""
    diagram = Diagram(
        nodes=(
            Node("a", "A", "category", colour="#000000"),
            Node("b", "B", "category", colour="tomato"),
            Node("c", "C", "core", colour="#ffffff"),
        )
    )
    text = write(diagram, style=TINY_STYLE)
    # 80 % of the way to white from black is 204 = 0xcc
    assert 'n0 [label=<A>, fillcolor="#cccccc", color="#000000"];' in text
    assert "n1 [label=<B>, fillcolor=blue, color=tomato];" in text
    assert (
        'n2 [label=<C>, fillcolor="#ffffff", color="#ffffff", fontcolor="#222222"];'
        in text
    )


# -- property: every label of an arbitrary diagram is drawn exactly --------------

HOSTILE = [
    *'"\\:<>{}[]|;,=#/&\n\t -.',
    "&amp;",
    "&#65;",
    "node",
    "\\N",
    "\\l",
    "\x01",
    "é",
    "🎉",
    "]",
]
texts = st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=10),
    st.lists(st.sampled_from([*HOSTILE, "a", "1"]), max_size=5).map("".join),
)


def normal(text):
    return " ".join(text.split())


def clean(text):
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        ch for ch in text if ch in "\t\n" or not (ord(ch) < 0x20 or ord(ch) == 0x7F)
    )


@st.composite
def diagrams(draw):
    n_boxes = draw(st.integers(0, 3))
    boxes = []
    for i in range(n_boxes):
        parent = draw(
            st.none() | st.sampled_from([f"B{j}" for j in range(i)] or [None])
        )
        boxes.append(
            Cluster(
                f"B{i}",
                draw(texts),
                draw(st.sampled_from(["theme", "category"])),
                parent,
            )
        )
    n_nodes = draw(st.integers(1, 5))
    nodes = [
        Node(
            f"N{i}",
            draw(texts),
            draw(
                st.sampled_from(
                    [
                        "core",
                        "theme",
                        "category",
                        "subcategory",
                        "code",
                        "in_vivo",
                        "memo",
                    ]
                )
            ),
            cluster=draw(st.none() | st.sampled_from([b.key for b in boxes] or [None])),
            detail=draw(st.none() | texts.filter(lambda t: bool(clean(t).strip()))),
            saturated=draw(st.none() | st.booleans()),
            tooltip=draw(st.none() | texts),
        )
        for i in range(n_nodes)
    ]
    keys = [n.key for n in nodes] + [b.key for b in boxes]
    edges = draw(
        st.lists(
            st.builds(
                Edge,
                st.sampled_from(keys),
                st.sampled_from(keys),
                st.sampled_from(list(DEFAULT_STYLE.families)),
                st.none() | texts,
                st.none() | texts,
                st.booleans(),
            ),
            max_size=4,
        )
    )
    return Diagram(nodes, boxes, edges, title=draw(st.none() | texts))


@pytest.mark.needs_dot
@settings(max_examples=30)
@given(diagrams(), st.sampled_from(["label", "xlabel"]), st.booleans())
def test_every_label_drawn_exactly(diagram, edge_labels, legend):
    """Node, box, edge and title text of any unicode is drawn exactly in the SVG."""
    source = write(diagram, edge_labels=edge_labels, legend=legend)
    root = ET.fromstring(run_graphviz(source))  # noqa: S314  (SVG written by Graphviz from our own DOT)
    drawn = {}
    edges = []
    for group in root.iter(SVG + "g"):
        kind = group.get("class")
        if kind not in {"node", "cluster", "edge"}:
            continue
        text = normal(
            " ".join(" ".join(t.itertext()) for t in group.iter(SVG + "text"))
        )
        name = group.find(SVG + "title").text
        if kind == "edge":
            edges.append(text)
        else:
            drawn[name] = text
    final = diagram.without_empty_clusters()
    ids = {b.key: f"cluster_{i}" for i, b in enumerate(final.clusters)}
    ids.update({n.key: f"n{i}" for i, n in enumerate(final.nodes)})
    for item in (*final.nodes, *final.clusters):
        want = normal(clean(item.label) + " " + clean(item.detail or ""))
        if ids[item.key] in drawn or want:
            assert drawn.get(ids[item.key], "") == want
    want_edges = [
        normal(clean(edge.label or "") + " " + clean(edge.detail or ""))
        for edge in final.edges
    ]
    visible = [e for e in edges if e]
    assert sorted(visible) == sorted(w for w in want_edges if w)
    if diagram.title is not None and clean(diagram.title).strip():
        top = root.find(SVG + "g").findall(
            SVG + "text"
        )  # the graph's own text: the title
        assert normal(" ".join("".join(t.itertext()) for t in top)) == normal(
            clean(diagram.title)
        )


def test_symmetric_edges_follow_the_flow():
    """A symmetric edge is written in the direction the directed edges run (no back-pull)."""
    diagram = Diagram(
        nodes=(Node("x", "x", "code"), Node("y", "y", "code")),
        edges=(Edge("x", "y", "causal"), Edge("y", "x", "association", directed=False)),
    )
    lines = write(diagram, style=TINY_STYLE).splitlines()
    assert lines[-2] == "  n0 -> n1 [dir=none];"  # declared y - x, drawn from x


def test_no_ordering_edges_that_would_close_a_cycle():
    """Boxes related both ways get no invisible ordering edges (dot cannot rank them)."""
    a = [Node(f"a{i}", "a", "code", cluster="A") for i in range(2)]
    b = [Node(f"b{i}", "b", "code", cluster="B") for i in range(2)]
    boxes = (Cluster("A", "A", "theme"), Cluster("B", "B", "theme"))
    one_way = Diagram((*a, *b), boxes, (Edge("A", "B", "causal"),))
    both_ways = Diagram(
        (*a, *b), boxes, (Edge("A", "B", "causal"), Edge("b0", "a1", "causal"))
    )
    assert "style=invis" in write(one_way)
    assert "style=invis" not in write(both_ways)
    assert "style=invis" not in write(one_way, fast=True)
