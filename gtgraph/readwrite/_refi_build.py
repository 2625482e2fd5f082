"""Map REFI-QDA codes and sets onto a :class:`gtgraph.Project`: the shared builder.

The records come from :mod:`gtgraph.readwrite._qdaxml`.  Everything is built
through the Project's public methods, so every import is validated and recorded
in the history like any other change.  What cannot be represented, and every
name changed on the way, is recorded in the
:class:`~gtgraph.readwrite._report.Reporter`.  :class:`Builder` reads codes,
categories and sets (all a codebook holds); the project reader
(:mod:`gtgraph.readwrite._refi_read`) extends it to sources, selections, notes
and links.

* ``Code`` with nested codes, or ``isCodable="false"``: a category; a leaf
  ``Code``: a code.  A parent code that was itself applied to data becomes a
  category *and* a code of the same name inside it (written back as one code).
* ``Description``: the definition (gtgraph's own marked block, see
  :mod:`gtgraph.readwrite._gtblock`, restores stages, flags and properties).
* ``Set`` of codes: a category holding its members as extra parents (a set
  named like an existing category adds to it); the set itself is kept and
  written back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from gtgraph.errors import GtGraphError
from gtgraph.model import Dimension
from gtgraph.project import Project
from gtgraph.readwrite._gtblock import split_block
from gtgraph.readwrite._hierarchy import put_under
from gtgraph.readwrite._qdamodel import (
    QdaCode,
    QdaCodebook,
    QdaCoding,
    QdaSelection,
    QdaSet,
)
from gtgraph.readwrite._refi_keep import store_kept
from gtgraph.readwrite._report import Reporter

__all__ = [
    "EMPTY_CODEBOOK",
    "Builder",
    "Request",
    "SourceText",
    "build_codebook",
    "ordered",
    "unique_name",
]

#: The name of the one code gtgraph writes into a codebook that has none (the
#: schema requires at least one).
EMPTY_CODEBOOK = "(no codes)"

#: A dimension is written as [name, low pole, high pole].
_DIMENSION_FIELDS = 3

#: Text of a source as fetched by the caller: (raw text or None, verifiable offsets).
SourceText = tuple["str | None", bool]


def unique_name(name: str, taken: set[str], fallback: str) -> str:
    name = name.strip() or fallback
    if name not in taken:
        taken.add(name)
        return name
    n = 2
    while f"{name} ({n})" in taken:
        n += 1
    taken.add(f"{name} ({n})")
    return f"{name} ({n})"


def ordered(items: Sequence[Any], key: Any, order: Sequence[str]) -> list[Any]:
    """Sort *items* by the position of key(item) in *order* (others last, stable)."""
    position = {g: i for i, g in enumerate(order)}
    last = len(position)
    return sorted(items, key=lambda item: position.get(key(item), last))


@attrs.frozen
class Request:
    """A segment to code for a selection (one per coder of the selection)."""

    selection: QdaSelection
    source_name: str
    codings: list[QdaCoding]
    span: dict[str, Any]


class Builder:
    """State while one REFI-QDA project or codebook becomes a Project."""

    def __init__(
        self,
        project: Project,
        reporter: Reporter,
        meta: Mapping[str, Any],
        separator: str | None,
    ) -> None:
        self.p = project
        self.r = reporter
        self.meta = meta
        self.separator = separator
        ids = meta.get("ids")
        self.ids: dict[str, str] = (
            {str(k).lower(): v for k, v in ids.items() if isinstance(v, str)}
            if isinstance(ids, dict)
            else {}
        )
        order = meta.get("order")
        self.order: dict[str, list[str]] = order if isinstance(order, dict) else {}
        # guid -> gtgraph id, by role
        self.concept: dict[str, str] = {}  # codes and categories (links, notes, sets)
        self.codable: dict[str, str] = {}  # the code that codings of a guid apply
        self.segments: dict[str, str] = {}
        self.sources: dict[str, str] = {}
        self.participants: dict[str, str] = {}
        self.memos: dict[str, str] = {}
        self.relationships: dict[str, str] = {}
        self.users: dict[str, str] = {}
        self.names: dict[str, set[str]] = {
            k: set() for k in ("code", "category", "participant", "source", "memo")
        }
        self.pending_properties: list[tuple[str, list[Any]]] = []
        self.about: dict[str, list[str]] = {}  # memo guid -> element ids
        # kept for the way back (see gtgraph.readwrite._refi_keep)
        self.guids: dict[str, str] = {}  # gtgraph id -> GUID it came with
        self.renamed: list[tuple[str, str, str]] = []  # (kind, original, given)
        self.coded_parents: dict[str, str] = {}  # inner code id -> category id
        self.set_roles: dict[str, dict[str, Any]] = {}  # set GUID -> what it became

    # -- helpers ---------------------------------------------------------------

    def unique(self, name: str, kind: str, fallback: str) -> str:
        """Return *name*, or a numbered variant when a *kind* already has it (reported)."""
        given = unique_name(name, self.names[kind], fallback)
        if name.strip() and given != name.strip():
            self.renamed.append((kind, name, given))
            self.r.add(
                "renamed",
                "elements sharing their name with another of their kind were renamed "
                "(the original names are written back on export)",
                f"{kind} {name!r} -> {given!r}",
            )
        return given

    def identify(self, rid: str, guid: str) -> None:
        """Remember that element *rid* came with *guid*."""
        self.guids.setdefault(rid, guid)

    def kept_names(self) -> dict[str, list[str]]:
        """Return ``{id: [original name, name given]}`` of the renamed elements."""
        views: dict[str, Any] = {
            "code": self.p.codes,
            "category": self.p.categories,
            "participant": self.p.participants,
            "source": self.p.sources,
            "memo": self.p.memos,
        }
        result = {}
        for kind, original, given in self.renamed:
            record = views[kind].get(given)
            if record is not None:
                result[record.id] = [original, given]
        return result

    def given_id(self, guid: str) -> str | None:
        wanted = self.ids.get(guid)
        if wanted is None or self.in_use(wanted):
            return None
        return wanted

    def in_use(self, key: str) -> bool:
        """Say whether *key* is already the id of an element of the project."""
        return self.p._store.id_in_use(key)  # noqa: SLF001 - a cheap check per element

    def order_of(self, kind: str) -> list[str]:
        values = self.order.get(kind, [])
        return [str(v).lower() for v in values] if isinstance(values, list) else []

    def user(self, guid: str | None) -> str | None:
        return None if guid is None else self.users.get(guid, guid)

    def meta_for(self, section: str, guid: str) -> dict[str, Any]:
        table = self.meta.get(section)
        if isinstance(table, dict):
            entry = table.get(guid) or table.get(guid.upper())
            if isinstance(entry, dict):
                return entry
        return {}

    # -- codes ---------------------------------------------------------------------

    def read_codes(self, codes: Sequence[QdaCode], coded: set[str]) -> None:
        flat: list[tuple[QdaCode, str | None]] = []
        stack: list[tuple[QdaCode, str | None]] = [(c, None) for c in reversed(codes)]
        while stack:
            code, parent = stack.pop()
            flat.append((code, parent))
            stack.extend((c, code.guid) for c in reversed(code.children))
        seen: set[str] = set()
        categories: list[QdaCode] = []
        leaves: list[QdaCode] = []
        edges: list[tuple[str, str]] = []
        for code, parent in flat:
            if code.guid in seen:
                self.r.add(
                    "duplicate-guid",
                    "codes repeating another code's GUID were skipped",
                    f"{code.name!r} (line {code.line})",
                )
                continue
            seen.add(code.guid)
            if parent is not None:
                edges.append((code.guid, parent))
            if code.children or not code.codable:
                categories.append(code)
            else:
                leaves.append(code)
        for code in ordered(categories, lambda c: c.guid, self.order_of("category")):
            self.category(code, also_code=code.codable and code.guid in coded)
        for code in ordered(leaves, lambda c: c.guid, self.order_of("code")):
            self.code(code)
        self.hierarchy(edges)

    def unpack(self, code: QdaCode) -> tuple[str, dict[str, Any], str, list[str]]:
        """Return a code's definition, gtgraph's extras, name and path's category."""
        definition, extras = split_block(code.description or "")
        name = code.name
        parents: list[str] = []
        if self.separator and self.separator in name:
            *path, name = [part.strip() for part in name.split(self.separator)]
            parents = self.path_categories(path)
        return definition, extras or {}, name, parents

    def code(self, code: QdaCode) -> None:
        definition, extras, name, parents = self.unpack(code)
        stage = extras.get("stage", "initial")
        record = self.p.add_code(
            self.unique(name, "code", "(unnamed code)"),
            definition=definition,
            stage=stage if isinstance(stage, str) else "initial",
            in_vivo=extras.get("in_vivo") is True,
            colour=code.color,
            id=self.given_id(code.guid),
        )
        self.concept[code.guid] = record.id
        self.codable[code.guid] = record.id
        self.identify(record.id, code.guid)
        for parent in parents:
            self.p.categorize(record.id, parent)

    def path_categories(self, path: list[str]) -> list[str]:
        """Categories for a flat name's path ("A::B::c"), nested; return the last."""
        parent: str | None = None
        for part in path:
            if not part:
                continue
            found = self.p.categories.get(part)
            if found is None:
                self.names["category"].add(part)
                found = self.p.add_category(part)
            self.put_under(found.id, parent)
            parent = found.id
        return [] if parent is None else [parent]

    def category(self, code: QdaCode, *, also_code: bool) -> None:
        definition, extras, name, parents = self.unpack(code)
        name = name.strip() or "(unnamed category)"
        existing = self.p.categories.get(name) if self.separator else None
        if existing is not None:
            record = existing  # made already as the path of a flat name
        else:
            record = self.p.add_category(
                self.unique(name, "category", "(unnamed category)"),
                definition=definition,
                theme=extras.get("theme") is True,
                core=extras.get("core") is True,
                colour=code.color,
                id=self.given_id(code.guid),
            )
        self.concept[code.guid] = record.id
        self.identify(record.id, code.guid)
        for parent in parents:
            self.p.categorize(record.id, parent)
        properties = extras.get("properties")
        if isinstance(properties, list) and properties:
            self.pending_properties.append((record.id, properties))
        if also_code:
            self.r.add(
                "parent-coded",
                "parent codes that were applied to data became a category and a code "
                "of the same name inside it",
                repr(record.name),
            )
            inner = self.p.add_code(
                unique_name(record.name, self.names["code"], "(unnamed code)"),
                definition=definition,
                colour=record.colour,
            )
            self.p.categorize(inner.id, record.id)
            self.codable[code.guid] = inner.id
            self.coded_parents[inner.id] = record.id

    def hierarchy(self, edges: list[tuple[str, str]]) -> None:
        wanted: dict[str, list[str]] = {}
        for child, parent in edges:
            wanted.setdefault(child, []).append(parent)
        self.apply_parents(wanted)

    def apply_parents(self, wanted: Mapping[str, list[str]]) -> None:
        order = self.meta.get("parents")
        order = order if isinstance(order, dict) else {}
        for child, parents in wanted.items():
            child_id = self.concept.get(child)
            if child_id is None:
                continue
            known = (
                [str(g).lower() for g in order.get(child, [])]
                if isinstance(order.get(child), list)
                else []
            )
            for parent in ordered(list(dict.fromkeys(parents)), lambda g: g, known):
                parent_id = self.concept.get(parent)
                if parent_id is not None and parent_id != child_id:
                    self.put_under(child_id, parent_id)

    def put_under(self, child: str, parent: str | None) -> None:
        """Put *child* inside *parent*, reporting a link that would break a rule."""
        error = put_under(self.p, child, parent)
        if error is not None:
            self.r.add(
                "hierarchy",
                "hierarchy links that would break a rule were dropped",
                str(error),
            )

    def read_code_sets(self, sets: Iterable[Any]) -> None:
        """Read sets of codes as extra parents (a set named like a category joins it)."""
        wanted: dict[str, list[str]] = {}
        own = self.meta.get("sets")
        own = own if isinstance(own, dict) else {}
        for qset in sets:
            if not qset.codes:
                continue
            target = own.get(qset.guid)
            category_id = self.concept.get(str(target).lower()) if target else None
            if category_id is None:
                existing = (
                    self.p.categories.get(qset.name.strip())
                    if qset.name.strip()
                    else None
                )
                if existing is not None:
                    category_id = existing.id
                    made = False
                else:
                    record = self.p.add_category(
                        self.unique(qset.name, "category", "(unnamed set)"),
                        definition=qset.description or "",
                    )
                    category_id = record.id
                    made = True
                self.set_roles.setdefault(qset.guid, {}).update(
                    category=category_id, made=made
                )
            self.concept.setdefault(qset.guid, category_id)
            # Order extra parents by the category's own GUID, as gtgraph recorded
            # the order of a code's parents under the categories' GUIDs.
            key = str(target).lower() if target else qset.guid
            self.concept.setdefault(key, category_id)
            for member in qset.codes:
                if member not in self.concept:
                    self.r.add(
                        "dangling",
                        "references to missing elements were skipped",
                        f"set {qset.name!r} member {member}",
                    )
                    continue
                wanted.setdefault(member, []).append(key)
        self.apply_parents(wanted)
        for qset in sets:
            if qset.notes:
                self.r.add(
                    "set-notes",
                    "sets of notes are kept only for the way back (gtgraph has no "
                    "groups of memos)",
                    repr(qset.name),
                )

    def kept_sets(self, sets: Iterable[QdaSet]) -> list[dict[str, Any]]:
        """Return the sets read from others, with what each became, for the way back."""
        result = []
        for qset in sets:
            role = self.set_roles.get(qset.guid)
            if role is None and qset.codes and not qset.sources and not qset.notes:
                continue  # a set gtgraph wrote for a code's extra parents
            entry: dict[str, Any] = {
                "guid": qset.guid,
                "name": qset.name,
                "description": qset.description,
                "codes": list(qset.codes),
                "sources": list(qset.sources),
                "notes": list(qset.notes),
            }
            entry.update(role or {})
            result.append(entry)
        return result

    def read_properties(self) -> None:
        for category_id, properties in self.pending_properties:
            for item in properties:
                if not isinstance(item, dict) or not isinstance(item.get("name"), str):
                    self.r.add(
                        "bad-block",
                        "unreadable entries of gtgraph's description blocks were skipped",
                        category_id,
                    )
                    continue
                dimensions = [
                    Dimension(*dim)
                    for dim in item.get("dimensions", [])
                    if isinstance(dim, list)
                    and len(dim) == _DIMENSION_FIELDS
                    and all(isinstance(x, str) for x in dim)
                ]
                evidence = [
                    self.segments[str(g).lower()]
                    for g in item.get("evidence", [])
                    if str(g).lower() in self.segments
                ]
                try:
                    self.p.add_property(
                        category_id,
                        item["name"],
                        dimensions=dimensions,
                        definition=str(item.get("definition", "")),
                        evidence=evidence,
                    )
                except GtGraphError as error:
                    self.r.add(
                        "bad-block",
                        "unreadable entries of gtgraph's description blocks were skipped",
                        str(error),
                    )


def build_codebook(
    book: QdaCodebook,
    *,
    title: str,
    reporter: Reporter,
    separator: str | None = None,
) -> Project:
    """Build a Project holding the codes and categories of a codebook."""
    project = Project(title=title)
    builder = Builder(project, reporter, {}, separator)
    codes = book.codes
    if (book.origin or "").startswith("gtgraph") and [
        (c.name, c.codable, c.children) for c in codes
    ] == [(EMPTY_CODEBOOK, False, ())]:
        codes = ()  # the placeholder gtgraph writes for a codebook without codes
    builder.read_codes(codes, set())
    builder.read_code_sets(book.sets)
    builder.read_properties()
    gtgraph_made = (book.origin or "").startswith("gtgraph")
    kept = {
        "version": 1,
        "producer": None if gtgraph_made else book.origin,
        "guids": builder.guids,
        "names": builder.kept_names(),
        "sets": builder.kept_sets(book.sets),
    }
    store_kept(project, {k: v for k, v in kept.items() if v})
    return project
