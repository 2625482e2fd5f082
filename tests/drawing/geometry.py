"""Measure a diagram as Graphviz drew it: text boxes, edge paths, cluster titles, key.

The helper renders DOT text to SVG with the real ``dot`` program and reads the
SVG back.  It measures what a reader of a printed page sees:

* every text's box, from the ``<text>`` anchor, baseline and font size, with its
  width from the DejaVu Sans font metrics (Pillow) where the font is installed,
  else 0.6 em a character;
* every edge's path (its Bézier curves, sampled) and arrowheads;
* every cluster's title text;
* the key's box (the title of the borderless box ``cluster_key``, a table);
* the figure's size, and the factor that fits it to a page.

These are approximations of the drawn glyphs (ascent 0.8 em above the
baseline, descent 0.25 em below it); the tests that use them allow a small
tolerance where two boxes only touch.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

SVG = "{http://www.w3.org/2000/svg}"
CM = 72 / 2.54  # points per centimetre

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")
_LABEL_NODE = re.compile(r"l\d+")
_FONTS = Path("/usr/share/fonts/truetype/dejavu")


@dataclass(frozen=True)
class Box:
    """An axis-aligned box in graph units (points), y growing downwards."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def area(self) -> float:
        return max(0.0, self.x1 - self.x0) * max(0.0, self.y1 - self.y0)

    def shrunk(self, by: float) -> Box:
        return Box(self.x0 + by, self.y0 + by, self.x1 - by, self.y1 - by)

    def overlaps(self, other: Box) -> bool:
        return (
            self.x0 < other.x1
            and other.x0 < self.x1
            and self.y0 < other.y1
            and other.y0 < self.y1
        )

    def distance_to(self, x: float, y: float) -> float:
        dx = max(self.x0 - x, 0.0, x - self.x1)
        dy = max(self.y0 - y, 0.0, y - self.y1)
        return math.hypot(dx, dy)

    def crosses_segment(self, a: tuple[float, float], b: tuple[float, float]) -> bool:
        """Return True when the segment from *a* to *b* passes through the box."""
        # Liang-Barsky clipping.
        (x0, y0), (x1, y1) = a, b
        dx, dy = x1 - x0, y1 - y0
        lo, hi = 0.0, 1.0
        for p, q in (
            (-dx, x0 - self.x0),
            (dx, self.x1 - x0),
            (-dy, y0 - self.y0),
            (dy, self.y1 - y0),
        ):
            if p == 0:
                if q < 0:
                    return False
                continue
            t = q / p
            if p < 0:
                lo = max(lo, t)
            else:
                hi = min(hi, t)
            if lo > hi:
                return False
        return True


@dataclass(frozen=True)
class Text:
    """One line of drawn text and the element it belongs to."""

    text: str
    size: float
    box: Box
    owner: str  # the <title> of the node, edge or cluster group
    kind: str  # "node", "edge", "cluster" or "graph"


@dataclass
class Edge:
    """An edge as drawn: its sampled path, arrowheads and label lines."""

    title: str
    points: list[tuple[float, float]] = field(default_factory=list)
    heads: list[list[tuple[float, float]]] = field(default_factory=list)
    labels: list[Text] = field(default_factory=list)

    def segments(self) -> Iterator[tuple[tuple[float, float], tuple[float, float]]]:
        yield from itertools.pairwise(self.points)
        for polygon in self.heads:
            yield from itertools.pairwise(polygon)

    def distance_to(self, box: Box) -> float:
        """Return the shortest distance from *box* to the edge's line."""
        if any(box.crosses_segment(a, b) for a, b in self.segments()):
            return 0.0
        best = math.inf
        for (ax, ay), (bx, by) in self.segments():
            for t in (i / 8 for i in range(9)):
                best = min(
                    best, box.distance_to(ax + (bx - ax) * t, ay + (by - ay) * t)
                )
        return best


@dataclass
class Geometry:
    """What :func:`measure` found in one SVG drawing."""

    width: float  # pt, as drawn (after Graphviz's own size= scaling)
    height: float
    scale: float  # Graphviz's scale from graph units to drawn points
    texts: list[Text]
    edges: list[Edge]
    cluster_titles: dict[str, list[Text]]
    clusters: dict[str, Box]
    nodes: dict[str, Box]
    legend: Box | None

    def fit(self, page: tuple[float, float] | None) -> float:
        """Return the factor that fits the drawing into *page* (cm), at most 1."""
        if page is None:
            return 1.0
        return min(1.0, page[0] * CM / self.width, page[1] * CM / self.height)

    def smallest_text(self, page: tuple[float, float] | None = None) -> float:
        """Return the smallest printed font size (pt) once fitted to *page*."""
        sizes = [t.size for t in self.texts if t.text.strip()]
        return min(sizes, default=math.inf) * self.scale * self.fit(page)

    def overlapping_texts(self, gap: float = 1.0) -> list[tuple[Text, Text]]:
        """Return the pairs of texts that overlap or run together.

        Two texts run together when less than *gap* points apart side by
        side; lines stacked in one label may touch (their boxes include the
        descent and ascent, so they are trimmed by *gap* top and bottom).
        """
        texts = [t for t in self.texts if t.text.strip()]
        texts.sort(key=lambda t: t.box.x0)

        def grown(box: Box) -> Box:
            return Box(box.x0 - gap / 2, box.y0 + gap, box.x1 + gap / 2, box.y1 - gap)

        found = []
        for i, a in enumerate(texts):
            first = grown(a.box)
            for b in texts[i + 1 :]:
                if b.box.x0 - gap >= a.box.x1:
                    break
                if first.overlaps(grown(b.box)):
                    found.append((a, b))
        return found

    def label_reach(self) -> list[tuple[str, float, float]]:
        """Return each edge label with its distance to its own line and to the nearest other.

        A label is an edge's own text (``label``/``xlabel``) or the text of a
        label node ``l<N>`` that the edge is drawn through (``a -> lN -> b``).
        """
        labels: dict[str, tuple[Box, list[Edge]]] = {}
        for edge in self.edges:
            if edge.labels:
                labels[edge.title] = (_union([t.box for t in edge.labels]), [edge])
        for text in self.texts:
            if text.kind == "node" and _LABEL_NODE.fullmatch(text.owner):
                own = [e for e in self.edges if text.owner in e.title.split("->")]
                box, _ = labels.get(text.owner, (text.box, own))
                labels[text.owner] = (_union([box, text.box]), own)
        out = []
        for name, (box, own) in labels.items():
            mine = min((e.distance_to(box) for e in own), default=math.inf)
            others = min(
                (e.distance_to(box) for e in self.edges if e not in own),
                default=math.inf,
            )
            out.append((name, mine, others))
        return out

    def edges_crossing_titles(self) -> list[tuple[str, str]]:
        """Return (edge, cluster) pairs where an edge runs through a cluster's title."""
        found = []
        for edge in self.edges:
            for cluster, titles in self.cluster_titles.items():
                for title in titles:
                    box = title.box.shrunk(0.5)
                    if any(box.crosses_segment(a, b) for a, b in edge.segments()):
                        found.append((edge.title, cluster))
                        break
        return found

    def label_distances(self) -> list[tuple[str, float]]:
        """Return each labelled edge with the distance (pt) from its label to its line."""
        out = []
        for edge in self.edges:
            if edge.labels and edge.points:
                box = _union([t.box for t in edge.labels])
                out.append((edge.title, edge.distance_to(box)))
        return out

    def texts_crossed_by_edges(self) -> list[tuple[str, str]]:
        """Return (edge, text) pairs where an edge runs through a text not its own."""
        found = []
        for edge in self.edges:
            for text in self.texts:
                if text.owner == edge.title or not text.text.strip():
                    continue
                if text.kind not in {"edge", "cluster"}:
                    continue  # node texts sit inside their node; edges stop at it
                box = text.box.shrunk(1.0)
                if any(box.crosses_segment(a, b) for a, b in edge.segments()):
                    found.append((edge.title, text.text))
        return found

    def legend_share(self) -> float:
        """Return the key's area as a share of the figure's area (0 without a key)."""
        if self.legend is None:
            return 0.0
        scaled = self.legend.area * self.scale * self.scale
        return scaled / (self.width * self.height)

    @property
    def aspect(self) -> float:
        """Width divided by height."""
        return self.width / self.height


def _union(boxes: list[Box]) -> Box:
    return Box(
        min(b.x0 for b in boxes),
        min(b.y0 for b in boxes),
        max(b.x1 for b in boxes),
        max(b.y1 for b in boxes),
    )


@functools.cache
def _font(bold: bool, italic: bool, size: float):  # type: ignore[no-untyped-def]
    try:
        from PIL import ImageFont
    except ImportError:
        return None
    name = (
        "DejaVuSans"
        + ("-Bold" if bold else "")
        + (("Oblique" if bold else "-Oblique") if italic else "")
    )
    path = _FONTS / f"{name}.ttf"
    if not path.exists():
        return None
    # Measured at 10x the size for sub-point precision.
    return ImageFont.truetype(str(path), round(size * 10))


def text_width(
    text: str, size: float, *, bold: bool = False, italic: bool = False
) -> float:
    """Return the width (pt) of *text* set in DejaVu Sans at *size* points."""
    font = _font(bold, italic, size)
    if font is None:
        return 0.6 * size * len(text)
    return float(font.getlength(text)) / 10


def _numbers(text: str) -> list[float]:
    return [float(n) for n in _NUMBER.findall(text)]


def _path_points(d: str) -> list[tuple[float, float]]:
    """Sample the cubic Bézier path Graphviz writes (``M x,y C x,y x,y x,y ...``)."""
    values = _numbers(d)
    pts = list(zip(values[::2], values[1::2], strict=False))
    if not pts:
        return []
    out = [pts[0]]
    for i in range(1, len(pts) - 2, 3):
        p0, p1, p2, p3 = pts[i - 1], pts[i], pts[i + 1], pts[i + 2]
        for step in range(1, 9):
            t = step / 8
            u = 1 - t
            out.append(
                (
                    u**3 * p0[0]
                    + 3 * u * u * t * p1[0]
                    + 3 * u * t * t * p2[0]
                    + t**3 * p3[0],
                    u**3 * p0[1]
                    + 3 * u * u * t * p1[1]
                    + 3 * u * t * t * p2[1]
                    + t**3 * p3[1],
                )
            )
    return out


def _polygon(points: str) -> list[tuple[float, float]]:
    values = _numbers(points)
    return list(zip(values[::2], values[1::2], strict=False))


def _bounds(element: ET.Element) -> Box | None:
    pts: list[tuple[float, float]] = []
    for shape in element.iter():
        if shape.tag == f"{SVG}polygon":
            pts += _polygon(shape.get("points", ""))
        elif shape.tag == f"{SVG}path":
            pts += _path_points(shape.get("d", ""))
    if not pts:
        return None
    return Box(
        min(p[0] for p in pts),
        min(p[1] for p in pts),
        max(p[0] for p in pts),
        max(p[1] for p in pts),
    )


def _text(element: ET.Element, owner: str, kind: str) -> Text:
    content = "".join(element.itertext())
    size = float(element.get("font-size", "14"))
    x = float(element.get("x", "0"))
    y = float(element.get("y", "0"))
    bold = element.get("font-weight") == "bold"
    italic = element.get("font-style") == "italic"
    width = text_width(content, size, bold=bold, italic=italic)
    anchor = element.get("text-anchor", "start")
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return Text(
        content,
        size,
        Box(left, y - 0.8 * size, left + width, y + 0.25 * size),
        owner,
        kind,
    )


def measure(svg: bytes | str) -> Geometry:
    """Read Graphviz's SVG output and measure it (see the module documentation)."""
    root = ET.fromstring(svg)  # noqa: S314  (SVG Graphviz drew from our own DOT)
    width = _numbers(root.get("width", "0"))[0]
    height = _numbers(root.get("height", "0"))[0]
    graph = root.find(f"{SVG}g")
    assert graph is not None
    scale = _numbers(graph.get("transform", "scale(1)"))[0]
    texts: list[Text] = []
    edges: list[Edge] = []
    titles: dict[str, list[Text]] = {}
    clusters: dict[str, Box] = {}
    nodes: dict[str, Box] = {}
    legend: Box | None = None
    for group in graph.iter(f"{SVG}g"):
        kind = group.get("class")
        if kind not in {"node", "edge", "cluster"}:
            continue
        title_element = group.find(f"{SVG}title")
        title = "".join(title_element.itertext()) if title_element is not None else ""
        own = [_text(t, title, kind) for t in group.iter(f"{SVG}text")]
        texts += own
        if kind == "cluster":
            titles[title] = own
            box = _bounds(group)
            if box is not None:
                clusters[title] = box
                if title == "cluster_key":  # drawn without an outline: the table
                    legend = _union([box, *(t.box for t in own)])
        elif kind == "node":
            box = _bounds(group)
            if box is not None:
                nodes[title] = box
        else:
            edge = Edge(title, labels=own)
            for shape in group.iter():
                if shape.tag == f"{SVG}path":
                    edge.points += _path_points(shape.get("d", ""))
                elif shape.tag == f"{SVG}polygon":
                    edge.heads.append(_polygon(shape.get("points", "")))
            edges.append(edge)
    for t in graph.findall(f"{SVG}text"):
        texts.append(_text(t, "", "graph"))
    return Geometry(width, height, scale, texts, edges, titles, clusters, nodes, legend)


def render_svg(dot: str) -> bytes:
    """Lay out *dot* with the real ``dot`` program and return the SVG."""
    done = subprocess.run(
        ["dot", "-Tsvg"],
        input=dot.encode("utf-8"),
        capture_output=True,
        check=True,
        timeout=300,
    )
    return done.stdout
