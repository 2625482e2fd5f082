"""GraphML, GEXF and JSON exports: any attribute value is written and read back."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gtgraph
from gtgraph.drawing import writable_graph, write_gexf, write_graphml, write_json

BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**62), 2**62)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(codec="utf-8"), max_size=8)
    | st.dates()
    | st.datetimes(),
    lambda inner: st.lists(inner, max_size=3) | st.tuples(inner, inner),
    max_leaves=4,
)
names = st.sampled_from(
    ["name", "colour", "about", "weight", "type", "start", "memo", "x"]
)


@st.composite
def graphs(draw):
    graph = nx.MultiDiGraph()
    n = draw(st.integers(1, 5))
    for i in range(n):
        graph.add_node(
            draw(st.sampled_from([i, f"c{i}", f"é{i}"])),
            **draw(st.dictionaries(names, values, max_size=4)),
        )
    nodes = list(graph)
    for _ in range(draw(st.integers(0, 5))):
        graph.add_edge(
            draw(st.sampled_from(nodes)),
            draw(st.sampled_from(nodes)),
            **draw(st.dictionaries(names, values, max_size=3)),
        )
    return graph


def check_plain(graph):
    for _, data in graph.nodes(data=True):
        for value in data.values():
            assert isinstance(value, (str, int, float, bool))
            assert not (isinstance(value, str) and BAD_XML.search(value))


@settings(max_examples=40)
@given(graphs())
def test_graphml_round_trip(graph):
    """Any attribute values are written to GraphML and read back as written."""
    plain = writable_graph(graph)
    check_plain(plain)
    buffer = io.BytesIO()
    write_graphml(graph, buffer)
    back = nx.read_graphml(io.BytesIO(buffer.getvalue()), force_multigraph=True)
    assert sorted(back.nodes) == sorted(plain.nodes)
    for node, data in plain.nodes(data=True):
        assert back.nodes[node] == pytest.approx(data) if data else True
    assert back.number_of_edges() == plain.number_of_edges()


@settings(max_examples=40)
@given(graphs())
def test_gexf_round_trip(graph):
    """Any attribute values are written to GEXF (reserved names renamed) and read back."""
    buffer = io.BytesIO()
    write_gexf(graph, buffer)
    back = nx.read_gexf(io.BytesIO(buffer.getvalue()))
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    for *_, data in back.edges(data=True):
        assert "type" not in data or data["type"] in {
            "directed",
            "undirected",
            "mutual",
        }


@settings(max_examples=40)
@given(graphs())
def test_json_round_trip(graph):
    """Node-link JSON of any graph reads back into the same nodes and edges."""
    out = io.StringIO()
    write_json(graph, out)
    back = nx.node_link_graph(json.loads(out.getvalue()), edges="edges")
    assert sorted(back.nodes) == sorted(str(n) for n in graph.nodes)
    assert back.number_of_edges() == graph.number_of_edges()


def test_one_type_per_attribute():
    """An attribute that is int on one node and str on another becomes str on both."""
    graph = nx.DiGraph()
    graph.add_node("a", w=1, f=1)
    graph.add_node("b", w="x", f=2.5)
    graph.add_node("c", w=True)
    plain = writable_graph(graph)
    assert [plain.nodes[n]["w"] for n in "abc"] == ["1", "x", "true"]
    assert [plain.nodes[n].get("f") for n in "abc"] == [1.0, 2.5, None]


def test_values_by_hand():
    """Lists, dates, None and control characters are converted as documented."""
    graph = nx.Graph()
    graph.add_node(
        "a", tags=["x", "y"], when=dt.date(2026, 2, 3), memo=None, text="a\x02b"
    )
    assert dict(writable_graph(graph).nodes["a"]) == {
        "tags": "x; y",
        "when": "2026-02-03",
        "text": "ab",
        "label": "a",
    }


def test_gexf_colour_and_renames():
    """GEXF gets a viz colour from a hex colour, and relation type as `relation`."""
    graph = nx.MultiDiGraph()
    graph.add_node("a", name="A", colour="#ff8000", start=3)
    graph.add_edge("a", "a", type="is cause of")
    plain = writable_graph(graph, gexf=True)
    assert plain.nodes["a"]["viz"] == {"color": {"r": 255, "g": 128, "b": 0}}
    assert plain.nodes["a"]["start_offset"] == 3
    assert next(iter(plain.edges(data=True)))[2] == {"relation": "is cause of"}


def test_unknown_json_format():
    """An unknown JSON format is refused with the choices."""
    with pytest.raises(gtgraph.RenderError, match="node-link"):
        write_json(nx.Graph(), io.StringIO(), format="dot")


def test_cytoscape_json(tmp_path):
    """Cytoscape JSON names nodes by their label."""
    graph = nx.MultiDiGraph()
    graph.add_node("c1", name="trust")
    path = tmp_path / "g.cyjs"
    write_json(graph, path, format="cytoscape")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["elements"]["nodes"][0]["data"]["label"] == "trust"
