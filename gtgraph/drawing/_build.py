"""From a project and the drawing options to a :class:`Diagram` (nodes, boxes, edges).

The three levels
----------------
``"codes"``
    Codes inside boxes of their categories; categories inside their parent
    categories and themes; relationships between any of them.
``"categories"``
    Categories, themes and the core category, with the relationships between
    them.  Themes are boxes holding their categories; a subcategory sits beside
    its category, joined to it by a light line.
``"themes"``
    Themes and the core category only, with the relationships between them.

At code level, codes in no category are gathered in a box of their own (when
any category is drawn).

Placement rules: an element is drawn inside the box of one of its parents; when
it has several, the deepest one (not an ancestor of another), then the first
in id order.  Its other parents are joined to it by a dashed *membership* line
(codes) or a *subcategory* line (categories).  A box with nothing drawn inside
it is drawn as a node.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from gtgraph.drawing._diagram import Cluster, Diagram, Edge, Node
from gtgraph.drawing._dot import penwidth_for
from gtgraph.errors import RenderError
from gtgraph.project._analysis import Index
from gtgraph.project._base import _plural
from gtgraph.relations import BUILTIN_TYPES

if TYPE_CHECKING:
    from gtgraph.model import Category, Code
    from gtgraph.project import Project

__all__ = ["LEVELS", "Selector", "project_diagram", "saturation_marks"]

#: The levels of detail a diagram can be drawn at.
LEVELS: tuple[str, ...] = ("codes", "categories", "themes")

#: Names or ids (one, or an iterable of them) or a predicate on records.
Selector = str | Iterable[Any] | Callable[[Any], bool] | None

_DIGITS = re.compile(r"(\d+)")
#: Key of the box of codes in no category (an id never has surrounding spaces).
UNCATEGORISED = " uncategorised "


def natural_key(text: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key putting ``cod2`` before ``cod10``.

    Examples
    --------
    >>> from gtgraph.drawing._build import natural_key
    >>> sorted(["cod10", "cod2", "cat1"], key=natural_key)
    ['cat1', 'cod2', 'cod10']
    """
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in _DIGITS.split(text)
        if part
    )


def _matcher(
    project: Project, selector: Selector, option: str
) -> Callable[[Any], bool]:
    """Turn names, ids, records or a predicate into a test on records."""
    if selector is None:
        return lambda _record: False
    if callable(selector):
        return selector
    items = [selector] if isinstance(selector, str) else list(selector)
    ids = set()
    for item in items:
        if hasattr(item, "id"):
            ids.add(item.id)
            continue
        if not isinstance(item, str):
            raise RenderError(
                f"{option}= takes names, ids, records or a predicate, not "
                f"{type(item).__name__} {item!r}"
            )
        ids.add(project.get(item).id)
    return lambda record: record.id in ids


def saturation_marks(project: Project, saturation: Any) -> dict[str, bool]:
    """Return ``{category id: saturated}`` from a saturation report or a mapping.

    Accepted (the *saturation protocol*):

    * a mapping of category name (or id) to bool;
    * an object with a ``categories`` attribute that is such a mapping, or a
      mapping of name to a row, or a sequence of rows, where a row is an object
      or a mapping with a ``saturated`` flag and (in a sequence) the category's
      name under ``category`` or ``name``.  A
      :class:`gtgraph.saturation.SaturationReport` is such an object.

    Raises
    ------
    NotFoundError
        If a name is not a category of the project.
    RenderError
        If the object follows none of these shapes.
    """
    table = getattr(saturation, "categories", saturation)
    pairs: list[tuple[Any, Any]]
    if isinstance(table, Mapping):
        pairs = list(table.items())
    elif isinstance(table, Iterable) and not isinstance(table, (str, bytes)):
        pairs = [(_field(row, ("category", "name", "id")), row) for row in table]
    else:
        raise RenderError(
            "saturation= takes a mapping of category name to True/False, or an "
            "object (such as a SaturationReport) whose `categories` holds rows "
            f"with `category` and `saturated`; got {type(saturation).__name__}"
        )
    marks = {}
    for name, value in pairs:
        flag = value
        if isinstance(value, Mapping) or hasattr(value, "saturated"):
            flag = _field(value, ("saturated",))
        if not isinstance(flag, bool):
            raise RenderError(
                f"the saturation of category {name!r} must be True or False, "
                f"not {flag!r}"
            )
        marks[project.get(name, kind="category").id] = flag
    return marks


def _field(row: Any, names: Collection[str]) -> Any:
    for name in names:
        if isinstance(row, Mapping) and name in row:
            return row[name]
        if hasattr(row, name):
            return getattr(row, name)
    raise RenderError(
        f"a saturation row needs a field {' or '.join(names)}; got {row!r}"
    )


def _evidence_detail(segments: int, participants: int, against: int = 0) -> str:
    text = f"{_plural(segments, 'segment')} · {_plural(participants, 'participant')}"
    if against:
        text += f" · {against} against"
    return text


def _theme_edges(
    project: Project, index: Index, drawn: set[str], types: Mapping[str, Any]
) -> list[Edge]:
    """Return the relationships between the insides of themes, one edge per type.

    At theme level a relationship between two categories (or codes) is drawn
    between the themes (or the core category) they are in, when those
    differ: all such relationships of one type between the same two themes
    become one edge named with the type and, when more than one, their number.
    """

    def shown(key: str) -> str | None:
        if key in drawn:
            return key
        return next((a for a in index.ancestors(key) if a in drawn), None)

    counts: dict[tuple[str, str, str], int] = {}
    for rel in project.relationships:
        if rel.source in drawn and rel.target in drawn:
            continue  # drawn as itself
        source, target = shown(rel.source), shown(rel.target)
        if source is None or target is None or source == target:
            continue
        rtype = types.get(rel.type) or BUILTIN_TYPES.get(rel.type)
        if (
            rtype is not None
            and rtype.symmetric
            and natural_key(target) < natural_key(source)
        ):
            source, target = target, source
        key = (source, target, rel.type)
        counts[key] = counts.get(key, 0) + 1
    edges = []
    for (source, target, name), count in sorted(
        counts.items(),
        key=lambda item: (natural_key(item[0][0]), natural_key(item[0][1]), item[0][2]),
    ):
        rtype = types.get(name) or BUILTIN_TYPES.get(name)
        family = rtype.style if rtype is not None else "association"
        directed = rtype.directed if rtype is not None else True
        label = name if count == 1 else f"{name} ({count})"
        edges.append(Edge(source, target, family, name, label, directed))
    return edges


def project_diagram(
    project: Project,
    *,
    level: str = "categories",
    include: Selector = None,
    exclude: Selector = None,
    show_evidence: bool = False,
    saturation: Any = None,
    memos: bool = False,
    title: str | bool | None = None,
) -> Diagram:
    """Return the diagram of *project* at *level* (see the module documentation).

    Examples
    --------
    >>> import gtgraph
    >>> from gtgraph.drawing._build import project_diagram
    >>> p = gtgraph.Project()
    >>> _ = p.add_code("feeling heard")
    >>> p.categorize("feeling heard", "Being understood")
    >>> d = project_diagram(p, level="codes")
    >>> [(n.label, n.kind, n.cluster) for n in d.nodes], [c.label for c in d.clusters]
    ([('feeling heard', 'code', 'cat2')], ['Being understood'])
    """
    if level not in LEVELS:
        raise RenderError(
            f"level={level!r} is not a level; choose one of {', '.join(LEVELS)}"
        )
    codes: list[Code] = sorted(project.codes, key=lambda r: natural_key(r.id))
    categories: list[Category] = sorted(
        project.categories, key=lambda r: natural_key(r.id)
    )
    records: dict[str, Code | Category] = {r.id: r for r in codes}
    records.update({r.id: r for r in categories})
    index = Index(project)
    parents = index.parents

    wanted = _matcher(project, include, "include")
    unwanted = _matcher(project, exclude, "exclude")
    # Predicates see codes and categories only; memos are left out by id or title.
    excluded_memos = (
        set()
        if exclude is None or callable(exclude)
        else {m.id for m in project.memos if unwanted(m)}
    )

    def kept(key: str) -> bool:
        chain = [records[k] for k in (key, *index.ancestors(key))]
        if include is not None and not any(wanted(r) for r in chain):
            return False
        return not any(unwanted(r) for r in chain)

    if level == "codes":
        concepts: list[Code | Category] = [*codes, *categories]
        boxable = {c.id for c in categories}
    elif level == "categories":
        concepts = list(categories)
        boxable = {c.id for c in categories if c.theme}
    else:
        concepts = [c for c in categories if c.theme or c.core]
        boxable = {c.id for c in categories if c.theme}
    drawn = [r for r in concepts if kept(r.id)]
    drawn_ids = {r.id for r in drawn}

    home_cache: dict[str, str | None] = {}

    def home(key: str) -> str | None:
        """Return the box an element is drawn in (its deepest boxable drawn parent)."""
        if key in home_cache:
            return home_cache[key]
        home_cache[key] = None  # guards against (refused) cycles
        ups = [p for p in parents.get(key, ()) if p in drawn_ids]
        boxes = [p for p in ups if p in boxable]
        found: str | None = None
        if boxes:
            deepest = [
                b
                for b in boxes
                if not any(b in index.ancestors(o) for o in boxes if o != b)
            ]
            found = min(deepest, key=natural_key)
        elif ups:
            found = home(min(ups, key=natural_key))
        home_cache[key] = found
        return found

    homes = {r.id: home(r.id) for r in drawn}
    boxes = {h for h in homes.values() if h is not None}
    # A box inside a box: its own home must be a box too, which holds by
    # construction (homes are boxable, drawn parents).

    counts: Mapping[str, Mapping[str, Any]] = {}
    graph = None
    if show_evidence:
        graph = project.graph
        counts = {k: graph.nodes[k] for k in drawn_ids}
    marks = saturation_marks(project, saturation) if saturation is not None else {}

    def kind_of(record: Code | Category) -> str:
        if record.KIND == "code":
            return "in_vivo" if getattr(record, "in_vivo", False) else "code"
        if getattr(record, "core", False):
            return "core"
        if getattr(record, "theme", False):
            return "theme"
        ups = [p for p in parents.get(record.id, ()) if p in drawn_ids]
        if any(not getattr(records[p], "theme", False) for p in ups):
            return "subcategory"
        return "category"

    def detail(key: str) -> str | None:
        if not show_evidence or key not in counts:
            return None
        row = counts[key]
        return _evidence_detail(
            int(row.get("segments", 0)), int(row.get("participants", 0))
        )

    nodes: list[Node] = []
    clusters: list[Cluster] = []
    for record in drawn:
        common: dict[str, Any] = {
            "colour": record.colour,
            "detail": detail(record.id),
            "saturated": marks.get(record.id),
            "tooltip": record.definition or None,
        }
        if record.id in boxes:
            box_kind = (
                "core"
                if getattr(record, "core", False)
                else ("theme" if getattr(record, "theme", False) else "category")
            )
            clusters.append(
                Cluster(record.id, record.name, box_kind, homes[record.id], **common)
            )
        else:
            nodes.append(
                Node(
                    record.id, record.name, kind_of(record), homes[record.id], **common
                )
            )

    if level == "codes":
        loose = [
            n for n in nodes if n.kind in {"code", "in_vivo"} and n.cluster is None
        ]
        if loose and any(r.KIND == "category" for r in drawn):
            # Codes in no category are gathered in a box of their own, so that
            # the diagram shows what is still to be categorised.
            clusters.append(
                Cluster(UNCATEGORISED, "Codes in no category", "uncategorised")
            )
            nodes = [
                attrs.evolve(n, cluster=UNCATEGORISED) if n in loose else n
                for n in nodes
            ]

    edges: list[Edge] = []
    for record in drawn:
        inside = set()
        box = homes[record.id]
        while box is not None:
            inside.add(box)
            box = homes[box]
        for parent in parents.get(record.id, ()):
            if parent not in drawn_ids or parent in inside:
                continue
            family = "membership" if record.KIND == "code" else "subcategory"
            edges.append(Edge(record.id, parent, family))

    types = project.relation_types
    for rel in sorted(project.relationships, key=lambda r: natural_key(r.id)):
        if rel.source not in drawn_ids or rel.target not in drawn_ids:
            continue
        rtype = types.get(rel.type) or BUILTIN_TYPES.get(rel.type)
        family = rtype.style if rtype is not None else "association"
        directed = rtype.directed if rtype is not None else True
        extra: dict[str, Any] = {}
        if graph is not None:
            data = graph.edges[rel.source, rel.target, rel.id]
            participants = int(data.get("participants", 0))
            extra["detail"] = _evidence_detail(
                int(data.get("segments", 0)),
                participants,
                int(data.get("counter_segments", 0)),
            )
            extra["penwidth"] = penwidth_for(participants)
        edges.append(
            Edge(rel.source, rel.target, family, rel.type, rel.type, directed, **extra)
        )

    if level == "themes":
        edges += _theme_edges(project, index, drawn_ids, types)

    if memos:
        for memo in sorted(project.memos, key=lambda r: natural_key(r.id)):
            if memo.id in excluded_memos:
                continue
            about = [a for a in memo.about if a in drawn_ids]
            if not about:
                continue
            nodes.append(Node(memo.id, memo.title, "memo", tooltip=memo.text or None))
            edges.extend(Edge(memo.id, a, "about") for a in about)

    if title is True:
        heading: str | None = project.title or None
    elif isinstance(title, str):
        heading = title
    else:
        heading = None
    return Diagram(tuple(nodes), tuple(clusters), tuple(edges), heading)
