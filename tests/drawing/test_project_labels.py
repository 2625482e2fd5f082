"""Property: any unicode names in a project are drawn exactly by real Graphviz."""

from __future__ import annotations

import contextlib
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter

import pydot
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import gtgraph
from gtgraph.drawing import run_graphviz, to_dot
from gtgraph.relations import STYLES

LABEL_NODE = re.compile(r"l\d+\Z")
HUB = re.compile(r"[hg]\d+\Z")  # invisible hub nodes of ordering and grids
AGGREGATED = re.compile(r" \(\d+\)\Z")
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = [
    *'"\\:<>{}[]|;,=#/&\n\t .',
    "&amp;",
    "&#65;",
    "node",
    "edge",
    "graph",
    "\\N",
    "\\l",
    "\x01",
    "é",
    "日",
    "🎉",
    "𠮷",
    "]",
    "<b>",
    "end",
]
names = st.one_of(
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=10),
    st.lists(st.sampled_from([*HOSTILE, "a", "1"]), min_size=1, max_size=5).map(
        "".join
    ),
)


def normal(text):
    return " ".join(text.split())


def clean(text):
    """The text minus what no SVG can hold (written independently of the code)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        ch
        for ch in text
        if ch in "\t\n"
        or not (ord(ch) < 0x20 or ord(ch) == 0x7F or ch in "\ufffe\uffff")
    )


def add(make, *args, **kwargs):
    """Call a Project method, skipping the example when the core refuses the name."""
    try:
        return make(*args, **kwargs)
    except gtgraph.ValidationError:
        assume(False)
        raise


@st.composite
def projects(draw):
    p = gtgraph.Project(title=draw(names))
    themes = [
        add(p.add_category, n, theme=True)
        for n in draw(st.lists(names, max_size=2, unique_by=str.strip))
    ]
    cats = [
        add(p.add_category, n, core=(i == 0 and draw(st.booleans())))
        for i, n in enumerate(
            draw(st.lists(names, min_size=1, max_size=3, unique_by=str.strip))
        )
    ]
    codes = [
        add(p.add_code, n, in_vivo=draw(st.booleans()))
        for n in draw(st.lists(names, max_size=3, unique_by=str.strip))
    ]
    for cat in cats:
        if themes and draw(st.booleans()):
            p.categorize(cat.id, draw(st.sampled_from(themes)).id)
    for code in codes:
        if draw(st.booleans()):
            p.categorize(code.id, draw(st.sampled_from(cats)).id)
    rname = draw(names)
    rtype = add(
        p.add_relation_type,
        gtgraph.RelationType(
            rname, style=draw(st.sampled_from(STYLES)), symmetric=draw(st.booleans())
        ),
    )
    concepts = [*themes, *cats, *codes]
    for _ in range(draw(st.integers(0, 3))):
        a, b = draw(st.sampled_from(concepts)), draw(st.sampled_from(concepts))
        with contextlib.suppress(gtgraph.ValidationError):  # refused cycles, kinds
            p.relate(a.id, rtype.name, b.id)
    for title in draw(st.lists(names, max_size=2, unique_by=str.strip)):
        with contextlib.suppress(gtgraph.ValidationError):  # titles the core refuses
            p.memo([draw(st.sampled_from(concepts)).id], "text", title=title)
    return p


def intended(p, level):
    """The labels that should be drawn, chosen from the records by the documented rules."""
    cats = list(p.categories)
    if level == "codes":
        drawn = [*p.codes, *cats]
    elif level == "categories":
        drawn = cats
    else:
        drawn = [c for c in cats if c.theme or c.core]
    ids = {r.id for r in drawn}
    labels = [r.name for r in drawn]
    labels += [m.title for m in p.memos if any(a in ids for a in m.about)]
    if level == "codes" and cats and any(not p.parents(c) for c in p.codes):
        labels.append("Codes in no category")
    edges = [r.type for r in p.relationships if r.source in ids and r.target in ids]
    # an edge whose label cleans to nothing has no text to find in the SVG
    edge_texts = [normal(clean(x)) for x in edges]
    return Counter(normal(clean(x)) for x in labels), Counter(
        t for t in edge_texts if t
    )


@pytest.mark.needs_dot
@settings(max_examples=25)
@given(projects(), st.sampled_from(["codes", "categories", "themes"]), st.booleans())
def test_project_labels_drawn_exactly(p, level, legend):
    """Every name, memo title, relation type and the title is drawn exactly in the SVG."""
    text = to_dot(p, level=level, legend=legend, memos=True, title=True)
    root = ET.fromstring(run_graphviz(text))  # noqa: S314  (our own Graphviz output)
    boxes_and_nodes, edges = Counter(), Counter()
    for group in root.iter(SVG + "g"):
        kind = group.get("class")
        name = group.find(SVG + "title")
        if kind not in {"node", "cluster", "edge"} or name.text == "cluster_key":
            continue
        drawn = normal(
            " ".join("".join(t.itertext()) for t in group.iter(SVG + "text"))
        )
        # A relationship's name is drawn in a node (l0, l1, ...) on its line.
        if kind == "edge" or (kind == "node" and LABEL_NODE.match(name.text)):
            if drawn:
                edges[drawn] += 1
        elif drawn or not HUB.match(name.text):
            boxes_and_nodes[drawn] += 1
    want_nodes, want_edges = intended(p, level)
    assert boxes_and_nodes == want_nodes
    if level == "themes":
        # Relationships inside themes are also drawn between the themes, one
        # line per type named "type (n)" for n of them: every direct one is
        # drawn, and nothing that is not a relationship's type.
        types = {normal(clean(r.type)) for r in p.relationships}
        drawn_types = Counter(AGGREGATED.sub("", e) for e in edges.elements())
        assert want_edges <= drawn_types
        assert set(drawn_types) <= types
    else:
        assert edges == want_edges
    top = root.find(SVG + "g").findall(SVG + "text")
    assert normal(" ".join("".join(t.itertext()) for t in top)) == normal(
        clean(p.title)
    )


def pydot_view(graph):
    """Nodes with labels and edges of a parsed pydot graph, through its subgraphs."""
    nodes, edges = {}, []
    stack = [graph]
    while stack:
        g = stack.pop()
        nodes.update(
            {
                n.get_name(): n.get("label")
                for n in g.get_nodes()
                if n.get_name() not in {"graph", "node", "edge"}
            }
        )
        edges += [(e.get_source(), e.get_destination()) for e in g.get_edges()]
        stack += g.get_subgraphs()
    return nodes, sorted(edges)


def graphviz_view(text):
    """Nodes with labels and edges as Graphviz itself reads the DOT text."""
    data = json.loads(run_graphviz(text, format="json0"))
    objects = data.get("objects", [])
    nodes = {
        o["name"]: o.get("label")
        for o in objects
        if "nodes" not in o
        and "subgraphs" not in o
        and not o["name"].startswith(("cluster_", "legend_rank"))
    }
    edges = sorted(
        (objects[e["tail"]]["name"], objects[e["head"]]["name"])
        for e in data.get("edges", [])
    )
    return nodes, edges


@pytest.mark.needs_dot
@pytest.mark.filterwarnings(
    "ignore:.*deprecated - use"
)  # pydot's parser on pyparsing 3.3
@settings(max_examples=15)
@given(projects(), st.sampled_from(["codes", "categories"]))
def test_to_dot_parses_back(p, level):
    """pydot and Graphviz read the DOT text back as the same nodes, labels and edges."""
    text = to_dot(p, level=level, memos=True)
    (parsed,) = pydot.graph_from_dot_data(text)
    ours_nodes, ours_edges = pydot_view(parsed)
    theirs_nodes, theirs_edges = graphviz_view(text)
    assert ours_edges == theirs_edges
    assert set(ours_nodes) == set(theirs_nodes)
    for name, label in ours_nodes.items():
        if label.startswith("<"):  # Graphviz's JSON drops the outer <> of HTML labels
            assert theirs_nodes[name] == label[1:-1]
