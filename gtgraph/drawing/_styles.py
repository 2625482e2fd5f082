"""The look of diagrams: tables of Graphviz attributes, and user overrides.

A :class:`Style` is a set of tables, each mapping a name to Graphviz attributes:

``graph``, ``node``, ``edge``
    Defaults for the whole diagram, every node and every edge.
``kinds``
    Node kind -> node attributes.  Kinds: ``core``, ``theme``, ``category``,
    ``subcategory``, ``code``, ``in_vivo`` (an in-vivo code), ``memo``.
``clusters``
    Box kind -> cluster attributes: ``core``, ``theme`` and ``category`` boxes,
    and ``uncategorised`` (the box of codes in no category, at code level).
``families``
    Relation style family -> edge attributes.  The families of
    :data:`gtgraph.relations.STYLES` (``association``, ``structure``, ``causal``,
    ``conditional``, ``process``, ``strategy``, ``contradiction``) plus the
    structural edges ``membership`` (a code in a second category),
    ``subcategory`` (a subcategory to its category) and ``about`` (a memo to
    what it is about).
``relations``
    Relation type name -> edge attributes, applied on top of its family.
``saturation``
    ``saturated`` / ``unsaturated`` -> attributes added to a category's node
    when a saturation report is drawn (by default a double outline and a dashed
    outline); ``saturated_box`` / ``unsaturated_box`` likewise for boxes, which
    Graphviz draws with a single outline (thick and dashed by default).
``emphasis``
    Node or box kind -> ``"bold"``, ``"italic"``, ``"bold italic"`` or ``""``:
    how its name is set.
``detail``
    ``point-size`` and ``color`` of the small second line (evidence counts).

The ``kinds`` entry of a node replaces the ``node`` defaults attribute by
attribute; a ``relations`` entry replaces its family's attributes likewise.  The
``saturation`` layer is added on top, and its ``style`` tokens are combined with
the node's (``{"style": "dashed"}`` adds a dashed outline to
``"rounded,filled"``).  Symmetric relation types are drawn without arrowheads
whatever their family says.

Users change the look by passing a mapping with the same keys to any drawing
function (``style={"kinds": {"code": {"fillcolor": "white"}}}``); a value of
None removes an attribute.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

from gtgraph.errors import RenderError

__all__ = [
    "BUILTIN_RELATIONS",
    "DEFAULT_STYLE",
    "FONT",
    "OKABE_ITO",
    "USER_COLOURS",
    "USER_LOOKS",
    "Style",
    "merge_attributes",
    "relation_look",
    "resolve_style",
    "with_relation_looks",
]

#: The default font: DejaVu Sans covers Latin, Greek, Cyrillic and many symbols;
#: Graphviz falls back through fontconfig for other scripts in PNG and PDF.
FONT = "DejaVu Sans"

Attributes = Mapping[str, str]
Table = Mapping[str, Attributes]

_INK = "#333333"
_GREY = "#6b6b6b"


def _freeze_attributes(value: Mapping[str, Any]) -> Attributes:
    return MappingProxyType({str(k): str(v) for k, v in value.items()})


def _freeze_table(value: Mapping[str, Mapping[str, Any]]) -> Table:
    return MappingProxyType({str(k): _freeze_attributes(v) for k, v in value.items()})


@attrs.frozen
class Style:
    """Tables of Graphviz attributes that give diagrams their look.

    See the module documentation for the meaning of each table.

    Examples
    --------
    >>> from gtgraph.drawing import DEFAULT_STYLE
    >>> DEFAULT_STYLE.families["conditional"]["style"]
    'dashed'
    >>> custom = DEFAULT_STYLE.updated({"kinds": {"code": {"fillcolor": "white"}}})
    >>> custom.kinds["code"]["fillcolor"], custom.kinds["code"]["shape"]
    ('white', 'box')
    """

    graph: Attributes = attrs.field(converter=_freeze_attributes)
    node: Attributes = attrs.field(converter=_freeze_attributes)
    edge: Attributes = attrs.field(converter=_freeze_attributes)
    kinds: Table = attrs.field(converter=_freeze_table)
    clusters: Table = attrs.field(converter=_freeze_table)
    families: Table = attrs.field(converter=_freeze_table)
    relations: Table = attrs.field(converter=_freeze_table)
    saturation: Table = attrs.field(converter=_freeze_table)
    emphasis: Mapping[str, str] = attrs.field(converter=_freeze_attributes)
    detail: Attributes = attrs.field(converter=_freeze_attributes)

    def updated(self, overrides: Mapping[str, Any]) -> Style:
        """Return a copy with *overrides* (a mapping shaped like the tables) applied.

        Raises
        ------
        RenderError
            If a table name is unknown.

        Examples
        --------
        >>> from gtgraph.drawing import DEFAULT_STYLE
        >>> s = DEFAULT_STYLE.updated({"graph": {"rankdir": "TB", "splines": None}})
        >>> s.graph["rankdir"], "splines" in s.graph
        ('TB', False)
        """
        fields = {f.name: getattr(self, f.name) for f in attrs.fields(Style)}
        flat = {"graph", "node", "edge", "emphasis", "detail"}
        for name, change in overrides.items():
            if name not in fields:
                close = difflib.get_close_matches(str(name), list(fields), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise RenderError(
                    f"{name!r} is not a table of a diagram style{hint} "
                    f"(tables: {', '.join(fields)})"
                )
            if not isinstance(change, Mapping):
                raise RenderError(
                    f"the style table {name!r} must be a mapping, not "
                    f"{type(change).__name__}"
                )
            if name in flat:
                fields[name] = _merge_flat(fields[name], change)
            else:
                table = dict(fields[name])
                for key, attributes in change.items():
                    if attributes is None:
                        table.pop(key, None)
                        continue
                    if not isinstance(attributes, Mapping):
                        raise RenderError(
                            f"style[{name!r}][{key!r}] must be a mapping of Graphviz "
                            f"attributes, not {type(attributes).__name__}"
                        )
                    table[key] = _merge_flat(table.get(key, {}), attributes)
                fields[name] = table
        return Style(**fields)


def _merge_flat(base: Mapping[str, Any], change: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in change.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


def merge_attributes(*layers: Mapping[str, str] | None) -> dict[str, str]:
    """Merge attribute layers, later ones winning, with ``style`` tokens combined.

    Examples
    --------
    >>> from gtgraph.drawing._styles import merge_attributes
    >>> merge_attributes({"style": "rounded,filled", "color": "red"},
    ...                  {"style": "dashed", "color": "blue"})
    {'style': 'rounded,filled,dashed', 'color': 'blue'}
    """
    merged: dict[str, str] = {}
    for layer in layers:
        if not layer:
            continue
        for key, value in layer.items():
            if key == "style" and merged.get("style"):
                tokens = [t for t in merged["style"].split(",") if t]
                tokens += [t for t in value.split(",") if t and t not in tokens]
                merged["style"] = ",".join(tokens)
            else:
                merged[key] = value
    return merged


#: The colour-blind-safe palette of Okabe and Ito (2008), without its yellow,
#: which is too light for lines on white.  Its colours differ in lightness as
#: well as hue, and every relation type also has its own line and arrowhead,
#: so relation types stay apart in greyscale.
OKABE_ITO: Mapping[str, str] = MappingProxyType(
    {
        "black": "#000000",
        "orange": "#E69F00",
        "sky blue": "#56B4E9",
        "bluish green": "#009E73",
        "blue": "#0072B2",
        "vermillion": "#D55E00",
        "reddish purple": "#CC79A7",
    }
)


def _look(line: str, head: str, *, tail: str | None = None) -> dict[str, str]:
    """Attributes of a relation's line: its pattern, arrowhead and tail mark."""
    out = {"arrowhead": head}
    if line != "solid":
        out["style"] = line
    if tail is not None:
        out["dir"] = "both"
        out["arrowtail"] = tail
    return out


#: Each built-in relation type's line pattern and arrowhead, on top of its
#: family's colour: no two built-in types share both, so that they can be
#: told apart in greyscale.  Symmetric types have the same mark at both ends.
#: *is consequence of* points its arrow at its source (the consequence), so
#: that every causal arrow points from cause to effect.
BUILTIN_RELATIONS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "is associated with": _look("solid", "none"),
        "covaries with": _look("dashed", "none"),
        "is part of": _look("solid", "odiamond"),
        "is a": _look("solid", "onormal"),
        "is property of": _look("solid", "odot"),
        "is degree of": _look("solid", "obox"),
        "is type of": _look("dashed", "onormal"),
        "is cause of": _look("solid", "normal"),
        "is consequence of": _look("solid", "odot", tail="normal"),
        "is causal condition for": _look("dashed", "normal"),
        "is context for": _look("dotted", "normal"),
        "intervenes in": _look("dashed", "vee"),
        "is contingency of": _look("dotted", "vee"),
        "is condition for": _look("dashed", "dot"),
        "is stage of": _look("bold", "box"),
        "precedes": _look("bold", "onormal"),
        "leads to": _look("bold", "normal"),
        "is strategy for": _look("solid", "vee"),
        "contradicts": _look("solid", "tee"),
    }
)

#: Line patterns and arrowheads given, in this order, to relation types a
#: project defines itself (none of them is a built-in type's).
USER_LOOKS: tuple[tuple[str, str], ...] = (
    ("solid", "diamond"),
    ("dashed", "odiamond"),
    ("dotted", "onormal"),
    ("solid", "box"),
    ("dashed", "obox"),
    ("dotted", "diamond"),
    ("dashed", "odot"),
    ("dotted", "box"),
    ("solid", "dot"),
    ("dotted", "odiamond"),
    ("dashed", "box"),
    ("dotted", "dot"),
    ("solid", "inv"),
    ("dashed", "inv"),
    ("dotted", "inv"),
    ("dashed", "diamond"),
)

#: Colours given in turn to relation types a project defines itself.
USER_COLOURS: tuple[str, ...] = tuple(OKABE_ITO.values())


#: The default look: quiet colours that print well in greyscale, one font.
DEFAULT_STYLE = Style(
    graph={
        "fontname": FONT,
        "fontsize": "12",
        "fontcolor": _INK,
        "nodesep": "0.12",
        "ranksep": "0.3",
        "newrank": "true",
        "pad": "0.2",
        "compound": "true",
        "outputorder": "edgesfirst",
        "labelloc": "t",
        "labeljust": "l",
    },
    node={
        "fontname": FONT,
        "fontsize": "12",
        "fontcolor": _INK,
        "shape": "box",
        "style": "rounded,filled",
        "penwidth": "1.2",
        "margin": "0.14,0.06",
    },
    edge={
        "fontname": FONT,
        "fontsize": "12",
        "fontcolor": "#444444",
        "color": "#555555",
        "arrowsize": "0.7",
        "penwidth": "1.1",
    },
    kinds={
        "core": {
            "fillcolor": "#28517f",
            "color": "#1b3a5c",
            "fontcolor": "white",
            "fontsize": "13",
            "penwidth": "2",
            "margin": "0.2,0.1",
        },
        "theme": {
            "fillcolor": "#f6ecd9",
            "color": "#a88b52",
            "fontsize": "13",
            "penwidth": "1.6",
        },
        "category": {"fillcolor": "#dce8f5", "color": "#4a78a8"},
        "subcategory": {"fillcolor": "#eef4fa", "color": "#8eadcf", "fontsize": "12"},
        "code": {
            "shape": "box",
            "style": "filled",
            "fillcolor": "white",
            "color": "#9a9a9a",
            "fontsize": "11",
            "penwidth": "1",
        },
        "in_vivo": {
            "shape": "box",
            "style": "filled,dashed",
            "fillcolor": "#fffdf5",
            "color": "#9a8a5a",
            "fontsize": "11",
            "penwidth": "1",
        },
        "memo": {
            "shape": "note",
            "style": "filled",
            "fillcolor": "#fff7c2",
            "color": "#c9b45a",
            "fontsize": "11",
            "penwidth": "1",
        },
    },
    clusters={
        "core": {
            "style": "rounded,filled,bold",
            "fillcolor": "#eaf0f7",
            "color": "#1b3a5c",
            "penwidth": "2",
            "fontsize": "13",
            "margin": "8",
        },
        "theme": {
            "style": "rounded,filled",
            "fillcolor": "#fbf6ec",
            "color": "#a88b52",
            "penwidth": "1.4",
            "fontsize": "13",
            "margin": "8",
        },
        "uncategorised": {
            "style": "rounded,dashed",
            "color": "#9a9a9a",
            "fontcolor": "#6b6b6b",
            "penwidth": "1.2",
            "fontsize": "13",
            "margin": "10",
        },
        "category": {
            "style": "rounded,filled",
            "fillcolor": "#eef4fa",
            "color": "#4a78a8",
            "penwidth": "1.2",
            "fontsize": "13",
            "margin": "10",
        },
    },
    families={
        "association": {"color": OKABE_ITO["black"]},
        "structure": {"arrowhead": "onormal", "color": OKABE_ITO["sky blue"]},
        "causal": {"arrowhead": "normal", "color": OKABE_ITO["vermillion"]},
        "conditional": {
            "style": "dashed",
            "arrowhead": "normal",
            "color": OKABE_ITO["blue"],
        },
        "process": {
            "style": "bold",
            "penwidth": "2.2",
            "arrowhead": "normal",
            "color": OKABE_ITO["bluish green"],
        },
        "strategy": {"arrowhead": "vee", "color": OKABE_ITO["orange"]},
        "contradiction": {
            "arrowhead": "tee",
            "color": OKABE_ITO["reddish purple"],
            "penwidth": "1.4",
        },
        "membership": {"style": "dashed", "color": "#b0b0b0", "arrowhead": "none"},
        "subcategory": {"color": "#8eadcf", "arrowhead": "none", "penwidth": "1.2"},
        "about": {"style": "dotted", "color": "#c9b45a", "arrowhead": "none"},
    },
    relations=BUILTIN_RELATIONS,
    saturation={
        "saturated": {"peripheries": "2"},
        "unsaturated": {"style": "dashed"},
        "saturated_box": {"penwidth": "2.6"},
        "unsaturated_box": {"style": "dashed"},
    },
    emphasis={
        "core": "bold",
        "theme": "bold",
        "in_vivo": "italic",
        "uncategorised": "italic",
    },
    detail={"point-size": "10", "color": _GREY},
)


def resolve_style(style: Style | Mapping[str, Any] | None) -> Style:
    """Return the style to draw with: the default, a :class:`Style`, or overrides.

    Examples
    --------
    >>> from gtgraph.drawing._styles import resolve_style, DEFAULT_STYLE
    >>> resolve_style(None) is DEFAULT_STYLE
    True
    >>> resolve_style({"edge": {"color": "black"}}).edge["color"]
    'black'
    """
    if style is None:
        return DEFAULT_STYLE
    if isinstance(style, Style):
        return style
    if isinstance(style, Mapping):
        return DEFAULT_STYLE.updated(style)
    raise RenderError(
        f"style must be a gtgraph.drawing.Style or a mapping of style tables, not "
        f"{type(style).__name__}"
    )


def relation_look(style: Style, family: str, relation: str | None) -> tuple[str, ...]:
    """Return what tells a relation type apart: line pattern, colour and ends.

    Examples
    --------
    >>> from gtgraph.drawing._styles import DEFAULT_STYLE, relation_look
    >>> relation_look(DEFAULT_STYLE, "process", "leads to")
    ('bold', '#009E73', 'normal', '')
    """
    merged = {
        **style.edge,
        **style.families.get(family, {}),
        **style.relations.get(relation or "", {}),
    }
    tokens = [t for t in merged.get("style", "solid").split(",") if t]
    line = next((t for t in ("dotted", "dashed", "bold") if t in tokens), "solid")
    tail = merged.get("arrowtail", "") if merged.get("dir") in {"both", "back"} else ""
    return (line, merged.get("color", ""), merged.get("arrowhead", "normal"), tail)


def with_relation_looks(
    style: Style, relations: Mapping[str, tuple[str, bool]]
) -> Style:
    """Return *style* with a look of its own for every relation type that has none.

    *relations* maps each relation type drawn to its (family, symmetric).  A
    type without an entry in ``style.relations`` that is not built in (one the
    project defines itself) gets the first line pattern and arrowhead of :data:`USER_LOOKS`
    that, with its colour, no other type drawn has.  Its colour is its
    family's, or the next of :data:`USER_COLOURS` when that look is taken.

    Examples
    --------
    >>> from gtgraph.drawing._styles import DEFAULT_STYLE, with_relation_looks
    >>> s = with_relation_looks(DEFAULT_STYLE, {"causes": ("association", False)})
    >>> dict(s.relations["causes"])
    {'arrowhead': 'diamond'}
    """
    new = [
        name
        for name in relations
        if name not in style.relations and name not in BUILTIN_RELATIONS
    ]
    if not new:
        return style
    taken = {
        relation_look(style, family, name)[:3]
        for name, (family, _symmetric) in relations.items()
        if name not in new
    }
    added: dict[str, dict[str, str]] = {}
    for index, name in enumerate(sorted(new)):
        family = relations[name][0]
        base = merge_attributes(style.edge, style.families.get(family))
        colours = [base.get("color", "#000000")]
        colours += [USER_COLOURS[(index + k) % len(USER_COLOURS)] for k in range(7)]
        chosen: dict[str, str] = {}
        for colour in colours:
            for line, head in USER_LOOKS:
                look = (line, colour, head)
                if look not in taken:
                    chosen = {"arrowhead": head}
                    if line != "solid":
                        chosen["style"] = line
                    if colour != base.get("color"):
                        chosen["color"] = colour
                    taken.add(look)
                    break
            if chosen:
                break
        added[name] = chosen
    return style.updated({"relations": added})
