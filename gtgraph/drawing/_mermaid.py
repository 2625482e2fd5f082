"""Writing a :class:`~gtgraph.drawing._diagram.Diagram` as a Mermaid flowchart.

Mermaid diagrams render on GitHub, GitLab and in many Markdown tools.  Ids are
synthetic (``n0``, ``c0``: never the keyword ``end``), every label is quoted
and escaped with :func:`~gtgraph.drawing._quoting.mermaid_text`, and colours
come from the same :class:`~gtgraph.drawing.Style` tables as the DOT output.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Mapping

from gtgraph.drawing._attributes import _saturation_layer
from gtgraph.drawing._diagram import Diagram
from gtgraph.drawing._dot import DotSettings, edge_attributes, wrap_text
from gtgraph.drawing._quoting import clean_text, mermaid_text
from gtgraph.drawing._styles import Style, merge_attributes

__all__ = ["diagram_to_mermaid"]

_SHAPES = {
    "core": ("{{", "}}"),
    "theme": ("([", "])"),
    "category": ("(", ")"),
    "subcategory": ("(", ")"),
    "code": ("[", "]"),
    "in_vivo": ("[", "]"),
    "memo": (">", "]"),
}
_SAFE_COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}\Z|[A-Za-z]+\Z")
_DIRECTIONS = {"LR": "LR", "RL": "RL", "TB": "TB", "BT": "BT"}


def _css(attributes: Mapping[str, str]) -> str:
    """Mermaid style properties from Graphviz node attributes (safe colours only)."""
    pairs = []
    for gv, css in (("fillcolor", "fill"), ("color", "stroke"), ("fontcolor", "color")):
        value = attributes.get(gv, "")
        if _SAFE_COLOUR.match(value):
            pairs.append(f"{css}:{value}")
    tokens = attributes.get("style", "").split(",")
    if "dashed" in tokens:
        pairs.append("stroke-dasharray:5 4")
    if "penwidth" in attributes:
        with contextlib.suppress(ValueError):
            pairs.append(f"stroke-width:{float(attributes['penwidth']):g}px")
    return ",".join(pairs)


def _arrow(attributes: Mapping[str, str]) -> str:
    """Return the Mermaid link for an edge's line pattern and ends.

    Mermaid has three line patterns (solid, dotted, thick) and three ends
    (arrow, circle, cross): a bar (``tee``) becomes a cross, a dot a circle.
    """
    tokens = attributes.get("style", "").split(",")
    head = attributes.get("arrowhead", "normal")
    direction = attributes.get("dir", "forward")
    directed = direction != "none" and head != "none"
    if "bold" in tokens:
        line, plain = "==", "==="
    elif "dashed" in tokens or "dotted" in tokens:
        line, plain = "-.-", "-.-"
    else:
        line, plain = "--", "---"
    if not directed:
        return plain
    end = {"tee": "x", "dot": "o", "odot": "o"}.get(head, ">")
    if direction == "both" and line == "--" and end != ">":
        return f"{end}--{end}"  # a symmetric relation: the same mark at both ends
    if line == "-.-":
        return "-.->" if end == ">" else f"-.-{end}"
    if line == "==":
        return "==>" if end == ">" else f"=={end}"
    return f"--{end}"


def _label_text(label: str, detail: str | None, wrap: int | None) -> str:
    text = wrap_text(clean_text(label), wrap)
    if detail:
        text = f"{text}\n{detail}" if text else detail
    return text


def diagram_to_mermaid(diagram: Diagram, settings: DotSettings) -> str:
    """Return *diagram* as the text of a Mermaid flowchart.

    Examples
    --------
    >>> from gtgraph.drawing._diagram import Diagram, Edge, Node
    >>> from gtgraph.drawing._dot import DotSettings
    >>> from gtgraph.drawing._mermaid import diagram_to_mermaid
    >>> d = Diagram((Node("a", "end", "category"), Node("b", 'say "hi"', "code")),
    ...             edges=(Edge("b", "a", "causal", "is cause of", "is cause of"),))
    >>> print(diagram_to_mermaid(d, DotSettings()))
    flowchart LR
      n0("end")
      n1["say #34;hi#34;"]
      n1 -->|"is cause of"| n0
      classDef category fill:#dce8f5,stroke:#4a78a8,color:#333333,stroke-width:1.2px
      classDef code fill:white,stroke:#9a9a9a,color:#333333,stroke-width:1px
      class n0 category
      class n1 code
      linkStyle 0 stroke:#D55E00,color:#444444
    """
    diagram = diagram.without_empty_clusters()
    style = settings.style
    ids = {box.key: f"c{i}" for i, box in enumerate(diagram.clusters)}
    ids.update({node.key: f"n{i}" for i, node in enumerate(diagram.nodes)})
    out: list[str] = []
    if diagram.title is not None and clean_text(diagram.title).strip():
        # JSON strings (ASCII-escaped) are valid YAML double-quoted scalars.
        out += ["---", f"title: {json.dumps(clean_text(diagram.title))}", "---"]
    out.append(f"flowchart {_DIRECTIONS.get(settings.rankdir, 'LR')}")

    children: dict[str | None, list[str]] = {}
    for box in diagram.clusters:
        children.setdefault(box.parent, []).append(box.key)
    members: dict[str | None, list[int]] = {}
    for i, node in enumerate(diagram.nodes):
        members.setdefault(node.cluster, []).append(i)
    boxes = {box.key: box for box in diagram.clusters}

    def write(parent: str | None, indent: str) -> None:
        for key in children.get(parent, ()):
            box = boxes[key]
            text = _label_text(box.label, box.detail, None)
            out.append(f"{indent}subgraph {ids[key]} [{mermaid_text(text)}]")
            write(key, indent + "  ")
            out.append(f"{indent}end")
        for i in members.get(parent, ()):
            node = diagram.nodes[i]
            left, right = _SHAPES.get(node.kind, ("[", "]"))
            text = _label_text(node.label, node.detail, settings.wrap)
            out.append(f"{indent}n{i}{left}{mermaid_text(text)}{right}")

    write(None, "  ")

    colours: dict[str, list[int]] = {}
    for i, edge in enumerate(diagram.edges):
        attributes = {**style.edge, **edge_attributes(edge, settings)}
        arrow = _arrow(attributes)
        text = _label_text(edge.label or "", edge.detail, settings.wrap)
        label = ""
        if text and settings.edge_labels != "none":
            label = f"|{mermaid_text(text)}|"
        out.append(f"  {ids[edge.source]} {arrow}{label} {ids[edge.target]}")
        css = _link_css(attributes)
        colours.setdefault(css, []).append(i)

    out += _classes(diagram, style)
    out += [
        f"  linkStyle {','.join(map(str, numbers))} {css}"
        for css, numbers in colours.items()
        if css
    ]
    return "\n".join(out) + "\n"


def _link_css(attributes: Mapping[str, str]) -> str:
    pairs = []
    for gv, css in (("color", "stroke"), ("fontcolor", "color")):
        value = attributes.get(gv, "")
        if _SAFE_COLOUR.match(value):
            pairs.append(f"{css}:{value}")
    return ",".join(pairs)


def _classes(diagram: Diagram, style: Style) -> list[str]:
    out = []
    kinds = sorted({n.kind for n in diagram.nodes})
    for kind in kinds:
        attributes = {**style.node, **style.kinds.get(kind, {})}
        css = _css(attributes)
        if style.emphasis.get(kind, ""):
            if "bold" in style.emphasis[kind]:
                css += ",font-weight:bold"
            if "italic" in style.emphasis[kind]:
                css += ",font-style:italic"
        out.append(f"  classDef {kind} {css}")
    box_kinds = sorted({c.kind for c in diagram.clusters})
    for kind in box_kinds:
        css = _css(merge_attributes(style.clusters.get(kind)))
        out.append(f"  classDef box_{kind} {css}")
    for i, node in enumerate(diagram.nodes):
        out.append(f"  class n{i} {node.kind}")
    for i, box in enumerate(diagram.clusters):
        out.append(f"  class c{i} box_{box.kind}")
    for i, node in enumerate(diagram.nodes):
        own = merge_attributes(
            {"color": node.colour}
            if node.colour and _SAFE_COLOUR.match(node.colour)
            else None,
            _saturation_layer(style, node.saturated),
        )
        if own:
            out.append(f"  style n{i} {_css(own)}")
    return out
