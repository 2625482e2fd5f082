"""The Mermaid writer over the plain diagram structure."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from gtgraph.drawing import DEFAULT_STYLE
from gtgraph.drawing._diagram import Cluster, Diagram, Edge, Node
from gtgraph.drawing._dot import DotSettings
from gtgraph.drawing._mermaid import diagram_to_mermaid

QUOTED = r'"[^"]*"'
ID = r"(?:n|c)\d+"
NODE = re.compile(rf"\s*(n\d+)(\{{\{{|\(\[|\(|\[|>)({QUOTED})(\}}\}}|\]\)|\)|\])")
BOX = re.compile(rf"\s*subgraph (c\d+) \[({QUOTED})\]")
EDGE = re.compile(
    rf"\s*({ID}) (-->|---|-\.->|-\.-|-\.-[xo]|==>|===|==[xo]|--[xo]|x--x|o--o)(?:\|({QUOTED})\|)? ({ID})"
)
STYLE = re.compile(
    r"\s*(classDef \w+ |class \w+ |style n\d+ |linkStyle [\d,]+ )[\w:#.,% -]*"
)


def decode(quoted):
    """Undo Mermaid quoting: strip quotes, <br/> to newline, #NNN; to characters."""
    body = quoted[1:-1].replace("<br/>", "\n")
    return re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), body)


def clean(text):
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        ch
        for ch in text
        if ch in "\t\n"
        or (
            not (ord(ch) < 0x20 or ord(ch) == 0x7F or 0xD800 <= ord(ch) <= 0xDFFF)
            and ch not in "\ufffe\uffff"
        )
    )


def parse(text):
    """Read the flowchart back line by line; every line must match a known form."""
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    nodes, boxes, edges, depth = {}, {}, [], 0
    for line in lines[1:]:
        if m := NODE.fullmatch(line):
            nodes[m.group(1)] = decode(m.group(3))
        elif m := BOX.fullmatch(line):
            boxes[m.group(1)] = decode(m.group(2))
            depth += 1
        elif line.strip() == "end":
            depth -= 1
            assert depth >= 0
        elif m := EDGE.fullmatch(line):
            label = decode(m.group(3)) if m.group(3) else None
            edges.append((m.group(1), m.group(2), label, m.group(4)))
        else:
            assert STYLE.fullmatch(line), line
    assert depth == 0
    return nodes, boxes, edges


texts = st.text(st.characters(codec="utf-8"), max_size=10) | st.lists(
    st.sampled_from(
        ['"', "#", "end", "<br/>", "`", "|", "]", "}", "%%", "\n", "a", "&", ";"]
    ),
    max_size=5,
).map("".join)


@st.composite
def diagrams(draw):
    boxes = [
        Cluster(
            f"B{i}",
            draw(texts),
            "theme",
            draw(st.sampled_from([None, *[f"B{j}" for j in range(i)]])),
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    nodes = [
        Node(
            f"N{i}",
            draw(texts),
            draw(
                st.sampled_from(
                    ["core", "theme", "category", "code", "in_vivo", "memo"]
                )
            ),
            cluster=draw(st.sampled_from([None, *[b.key for b in boxes]])),
        )
        for i in range(draw(st.integers(1, 4)))
    ]
    keys = [n.key for n in nodes] + [b.key for b in boxes]
    edges = draw(
        st.lists(
            st.builds(
                Edge,
                st.sampled_from(keys),
                st.sampled_from(keys),
                st.sampled_from(list(DEFAULT_STYLE.families)),
                st.none(),
                st.none() | texts,
                st.booleans(),
            ),
            max_size=4,
        )
    )
    return Diagram(nodes, boxes, edges)


@settings(max_examples=150)
@given(diagrams())
def test_every_label_survives(diagram):
    """Any unicode label is written in a parseable form and decodes back exactly."""
    nodes, boxes, edges = parse(diagram_to_mermaid(diagram, DotSettings(wrap=None)))
    final = diagram.without_empty_clusters()
    assert [nodes[f"n{i}"] for i in range(len(final.nodes))] == [
        clean(n.label) or " " for n in final.nodes
    ]
    assert [boxes[f"c{i}"] for i in range(len(final.clusters))] == [
        clean(b.label) or " " for b in final.clusters
    ]
    assert [e[2] for e in edges] == [
        (clean(e.label) or None) if e.label else None for e in final.edges
    ]
    assert "end" not in nodes
    assert "end" not in boxes


def test_arrows_per_family():
    """Each family gets its Mermaid arrow: solid, dashed, thick, crossed or plain line.

    A contradiction's bar becomes Mermaid's cross, at both ends when symmetric.
    """
    nodes = (Node("a", "a", "code"), Node("b", "b", "code"))
    cases = {
        ("causal", True): "-->",
        ("conditional", True): "-.->",
        ("process", True): "==>",
        ("association", False): "---",
        ("contradiction", False): "x--x",
        ("contradiction", True): "--x",
        ("membership", True): "-.-",
        ("about", True): "-.-",
    }
    for (family, directed), arrow in cases.items():
        text = diagram_to_mermaid(
            Diagram(nodes, edges=(Edge("a", "b", family, directed=directed),)),
            DotSettings(),
        )
        assert f"  n0 {arrow} n1" in text.splitlines(), (family, text)


def test_contradiction_colour():
    """The contradiction family's colour (Okabe-Ito reddish purple) reaches the link style."""
    diagram = Diagram(
        (Node("a", "a", "code"), Node("b", "b", "code")),
        edges=(Edge("a", "b", "contradiction", "contradicts", directed=False),),
    )
    assert "linkStyle 0 stroke:#CC79A7,color:#444444" in diagram_to_mermaid(
        diagram, DotSettings()
    )


def test_title_is_yaml_front_matter():
    """A title becomes front matter, JSON-quoted so any text is a valid YAML string."""
    diagram = Diagram((Node("a", "a", "code"),), title='Theory: "v1" \\ ü')
    lines = diagram_to_mermaid(diagram, DotSettings()).splitlines()
    assert lines[:3] == ["---", 'title: "Theory: \\"v1\\" \\\\ \\u00fc"', "---"]
