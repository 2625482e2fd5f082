"""Map REFI-QDA records onto a :class:`gtgraph.Project`.

The records come from :mod:`gtgraph.readwrite._qdaxml`; the texts of the
sources have been fetched from the archive by the caller.  Everything is built
through the Project's public methods, so every import is validated and recorded
in the history like any other change.  What cannot be represented is recorded
in the :class:`~gtgraph.readwrite._report.Reporter`.

How REFI-QDA maps onto gtgraph:

* ``Code`` with nested codes, or ``isCodable="false"``: a category; a leaf
  ``Code``: a code.  A parent code that was itself applied to data becomes a
  category *and* a code of the same name inside it.
* ``Description``: the definition (gtgraph's own marked block, see
  :mod:`gtgraph.readwrite._gtblock`, restores stages, flags and properties).
* ``Set`` of codes: a category holding its members as extra parents (a set
  named like an existing category adds to it); ``Set`` of sources: a true/false
  source attribute named after the set, or ``key: value`` attributes for
  ATLAS.ti's ``"gender: male"`` sets.
* ``Case`` with a name: a participant, its ``VariableValue`` s its attributes,
  its ``SourceRef`` s the sources it gave; nameless cases (MAXQDA) carry
  source attributes.
* ``PlainTextSelection`` with ``Coding`` s: segments; positions converted by
  :mod:`gtgraph.readwrite._offsets`.  Selections of pictures, PDFs and media
  become segments that carry only a label as their quote.
* ``Note`` + ``NoteRef``: memos about the elements that refer to them; a
  ``Link`` between a note and another element also makes the memo about it.
* ``Link`` between two codes or categories: a typed relationship (name = type;
  ``OneWay`` directed; ``Bidirectional`` both ways; ``Associative`` undirected).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from gtgraph.errors import GtGraphError
from gtgraph.model import Dimension, RelationType
from gtgraph.project import Project
from gtgraph.readwrite._gtblock import split_block
from gtgraph.readwrite._hierarchy import put_under
from gtgraph.readwrite._offsets import (
    OffsetMap,
    choose_model,
    models_for_origin,
    name_matches,
)
from gtgraph.readwrite._qdaxml import (
    QdaCode,
    QdaCodebook,
    QdaCoding,
    QdaProject,
    QdaSelection,
    QdaSource,
    QdaValue,
)
from gtgraph.readwrite._report import Reporter

__all__ = ["EMPTY_CODEBOOK", "build_codebook", "build_project"]

#: The name of the one code gtgraph writes into a codebook that has none (the
#: schema requires at least one).
EMPTY_CODEBOOK = "(no codes)"

#: A dimension is written as [name, low pole, high pole].
_DIMENSION_FIELDS = 3

#: Text of a source as fetched by the caller: (raw text or None, verifiable offsets).
SourceText = tuple["str | None", bool]


def _unique(name: str, taken: set[str], fallback: str) -> str:
    name = name.strip() or fallback
    if name not in taken:
        taken.add(name)
        return name
    n = 2
    while f"{name} ({n})" in taken:
        n += 1
    taken.add(f"{name} ({n})")
    return f"{name} ({n})"


def _ordered(items: Sequence[Any], key: Any, order: Sequence[str]) -> list[Any]:
    """Sort *items* by the position of key(item) in *order* (others last, stable)."""
    position = {g: i for i, g in enumerate(order)}
    last = len(position)
    return sorted(items, key=lambda item: position.get(key(item), last))


@attrs.frozen
class _Request:
    """A segment to code for a selection (one per coder of the selection)."""

    selection: QdaSelection
    source_name: str
    codings: list[QdaCoding]
    span: dict[str, Any]


class _Builder:
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
            {str(k).upper(): v for k, v in ids.items() if isinstance(v, str)}
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

    # -- helpers ---------------------------------------------------------------

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
        return [str(v).upper() for v in values] if isinstance(values, list) else []

    def user(self, guid: str | None) -> str | None:
        return None if guid is None else self.users.get(guid, guid)

    def meta_for(self, section: str, guid: str) -> dict[str, Any]:
        table = self.meta.get(section)
        if isinstance(table, dict):
            entry = table.get(guid) or table.get(guid.lower())
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
        for code in _ordered(categories, lambda c: c.guid, self.order_of("category")):
            self.category(code, also_code=code.codable and code.guid in coded)
        for code in _ordered(leaves, lambda c: c.guid, self.order_of("code")):
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
            _unique(name, self.names["code"], "(unnamed code)"),
            definition=definition,
            stage=stage if isinstance(stage, str) else "initial",
            in_vivo=extras.get("in_vivo") is True,
            colour=code.color,
            id=self.given_id(code.guid),
        )
        self.concept[code.guid] = record.id
        self.codable[code.guid] = record.id
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
                _unique(name, self.names["category"], "(unnamed category)"),
                definition=definition,
                theme=extras.get("theme") is True,
                core=extras.get("core") is True,
                colour=code.color,
                id=self.given_id(code.guid),
            )
        self.concept[code.guid] = record.id
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
                _unique(record.name, self.names["code"], "(unnamed code)"),
                definition=definition,
                colour=record.colour,
            )
            self.p.categorize(inner.id, record.id)
            self.codable[code.guid] = inner.id

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
                [str(g).upper() for g in order.get(child, [])]
                if isinstance(order.get(child), list)
                else []
            )
            for parent in _ordered(list(dict.fromkeys(parents)), lambda g: g, known):
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
            category_id = self.concept.get(str(target).upper()) if target else None
            if category_id is None:
                existing = (
                    self.p.categories.get(qset.name.strip())
                    if qset.name.strip()
                    else None
                )
                if existing is not None:
                    category_id = existing.id
                else:
                    record = self.p.add_category(
                        _unique(qset.name, self.names["category"], "(unnamed set)"),
                        definition=qset.description or "",
                    )
                    category_id = record.id
            self.concept.setdefault(qset.guid, category_id)
            # Order extra parents by the category's own GUID, as gtgraph recorded
            # the order of a code's parents under the categories' GUIDs.
            key = str(target).upper() if target else qset.guid
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
                    "sets of notes were dropped (gtgraph has no groups of memos)",
                    repr(qset.name),
                )

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
                    self.segments[str(g).upper()]
                    for g in item.get("evidence", [])
                    if str(g).upper() in self.segments
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
    builder = _Builder(project, reporter, {}, separator)
    codes = book.codes
    if (book.origin or "").startswith("gtgraph") and [
        (c.name, c.codable, c.children) for c in codes
    ] == [(EMPTY_CODEBOOK, False, ())]:
        codes = ()  # the placeholder gtgraph writes for a codebook without codes
    builder.read_codes(codes, set())
    builder.read_code_sets(book.sets)
    builder.read_properties()
    return project


# -- projects ------------------------------------------------------------------------


#: The gtgraph source kind of each REFI-QDA source element.
_SOURCE_KINDS = {
    "TextSource": "interview",
    "PDFSource": "document",
    "PictureSource": "picture",
    "AudioSource": "audio",
    "VideoSource": "video",
}


def _attribute_value(value: QdaValue, hint: str | None) -> Any:
    raw = value.value
    if hint == "none":
        return None
    if isinstance(raw, str) and hint:
        try:
            if hint == "int":
                return int(raw)
            if hint == "float":
                return float(raw)
            if hint == "bool":
                return {"True": True, "False": False}[raw]
            if hint == "date":
                return dt.date.fromisoformat(raw)
        except (ValueError, KeyError):
            return raw
    return raw


class _ProjectBuilder(_Builder):
    def __init__(
        self,
        project: Project,
        qp: QdaProject,
        texts: Mapping[str, SourceText],
        reporter: Reporter,
        meta: Mapping[str, Any],
        separator: str | None,
    ) -> None:
        super().__init__(project, reporter, meta, separator)
        self.qp = qp
        self.texts = texts
        self.variables = {v.guid: v for v in qp.variables}
        for user in qp.users:
            self.users[user.guid] = (
                user.name or user.id or user.guid
            ).strip() or user.guid
        self.source_participant: dict[str, str] = {}
        self.source_attributes: dict[str, dict[str, Any]] = {}
        self.models = models_for_origin(qp.origin)
        # (memo target, title, text) of the descriptions that become memos
        self.pending_descriptions: list[tuple[str, str, str]] = []

    def values(
        self, values: Iterable[QdaValue], hints: Mapping[str, Any]
    ) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for value in values:
            variable = self.variables.get(value.variable)
            if variable is None:
                self.r.add(
                    "dangling",
                    "references to missing elements were skipped",
                    f"variable {value.variable}",
                )
                continue
            name = variable.name.strip() or variable.guid
            hint = hints.get(name)
            result[name] = _attribute_value(
                value, hint if isinstance(hint, str) else None
            )
        for name, hint in hints.items():
            if hint == "none" and isinstance(name, str) and name:
                result.setdefault(name, None)
        return result

    def read_cases(self) -> None:
        cases = _ordered(
            list(self.qp.cases), lambda c: c.guid, self.order_of("participant")
        )
        for case in cases:
            hints = self.meta_for("participants", case.guid).get("types", {})
            attributes = self.values(
                case.values, hints if isinstance(hints, dict) else {}
            )
            if not (case.name or "").strip():
                for source in case.sources:
                    self.source_attributes.setdefault(source, {}).update(attributes)
                if not case.sources and attributes:
                    self.r.add(
                        "case",
                        "nameless cases without sources were dropped",
                        f"line {case.line}",
                    )
                continue
            record = self.p.add_participant(
                _unique(case.name or "", self.names["participant"], "(unnamed case)"),
                id=self.given_id(case.guid),
            )
            if attributes:
                self.p.update(record.id, kind="participant", attributes=attributes)
            self.participants[case.guid] = record.id
            for source in case.sources:
                if source in self.source_participant:
                    self.r.add(
                        "case-sources",
                        "sources in several cases were kept with their first case only",
                        source,
                    )
                    continue
                self.source_participant[source] = record.id
            if case.selections:
                self.r.add(
                    "case-selections",
                    "cases' references to selections were dropped",
                    repr(case.name),
                )
            if case.codes:
                self.r.add(
                    "case-codes",
                    "cases' references to codes were dropped",
                    repr(case.name),
                )
            if case.description:
                self.r.add(
                    "case-description",
                    "descriptions of cases were dropped",
                    repr(case.name),
                )

    def read_source_sets(self) -> None:
        for qset in self.qp.sets:
            if not qset.sources:
                continue
            name = qset.name.strip() or qset.guid
            key, sep, value = name.partition(": ")
            for member in qset.sources:
                attributes = self.source_attributes.setdefault(member, {})
                if sep and key.strip() and value.strip():
                    text = value.strip()
                    attributes[key.strip()] = (
                        int(text) if re.fullmatch(r"-?\d{1,15}", text) else text
                    )
                else:
                    attributes[name] = True
            self.r.add(
                "source-sets",
                "sets of sources became true/false source attributes named after the set "
                "('key: value' sets became attributes)",
                repr(name),
            )

    # -- sources and selections ------------------------------------------------------

    def read_sources(self) -> None:
        items = _ordered(
            list(self.qp.sources), lambda s: s.guid, self.order_of("source")
        )
        for source in items:
            self.source(source)

    def source(self, qs: QdaSource) -> None:
        meta = self.meta_for("sources", qs.guid)
        raw, verifiable = self.texts.get(qs.guid, (None, False))
        selections = list(qs.selections)
        kind = _SOURCE_KINDS[qs.kind]
        if qs.kind == "PDFSource" and qs.representation is not None:
            selections = [s for s in selections if s.kind != "PDFSelection"] + list(
                qs.representation.selections
            )
            dropped = [s for s in qs.selections if s.kind == "PDFSelection"]
            twins = {s.guid for s in qs.representation.selections}
            for s in dropped:
                if s.guid not in twins:
                    selections.append(s)
        if meta.get("no_text") is True:
            raw = None
        if isinstance(meta.get("kind"), str):
            kind = meta["kind"]
        fallback = (
            (qs.plain_path or qs.path or "")
            .replace("internal://", "")
            .rsplit("/", 1)[-1]
        )
        name = _unique(qs.name or "", self.names["source"], fallback or qs.guid)
        attributes = dict(self.source_attributes.get(qs.guid, {}))
        hints = meta.get("types", {})
        attributes.update(
            self.values(qs.values, hints if isinstance(hints, dict) else {})
        )
        order = meta.get("order")
        path = meta.get("path") if "path" in meta else qs.path
        text = None
        offsets: OffsetMap | None = None
        maps: dict[str, OffsetMap] = {}
        if raw is not None:
            text_selections = [
                (s.start, s.end, s.name)
                for s in selections
                if s.kind == "PlainTextSelection"
                and s.start is not None
                and s.end is not None
            ]
            model, maps, _ = choose_model(raw, text_selections, self.models)
            offsets = maps[model]
            text = offsets.text
        record = self.p.add_source(
            name,
            text,
            participant=self.source_participant.get(qs.guid),
            order=order
            if isinstance(order, int) and not isinstance(order, bool)
            else None,
            kind=kind,
            attributes=attributes or None,
            path=path if isinstance(path, str) and path else None,
            id=self.given_id(qs.guid),
        )
        self.sources[qs.guid] = record.id
        if qs.transcripts:
            self.r.add(
                "transcripts",
                "transcripts of audio and video sources were dropped",
                repr(name),
            )
        if qs.description and qs.description.strip():
            self.pending_descriptions.append(
                (record.id, f"Description of {name}", qs.description)
            )
        requests: list[_Request] = []
        for selection in selections:
            requests += self.selection(
                record.id, name, selection, offsets, maps, verifiable
            )
        if requests:
            self.place(requests)
        for coding in qs.codings:
            self.whole_source(record.id, name, text, coding)
        for note in qs.notes:
            self.about.setdefault(note, []).append(record.id)

    def span(
        self,
        selection: QdaSelection,
        offsets: OffsetMap,
        maps: Mapping[str, OffsetMap],
        source_name: str,
    ) -> tuple[int, int]:
        start, end = selection.start or 0, selection.end or 0
        if end < start:
            self.r.add(
                "inverted",
                "selections whose end came before their start were swapped",
                f"{source_name} {start}..{end}",
            )
            start, end = end, start
        if start < 0 or end > offsets.length:
            self.r.add(
                "out-of-range",
                "selections reaching outside their source's text were clamped into it",
                f"{source_name} {start}..{end} (text length {offsets.length})",
            )
        a, b = offsets.to_gtgraph(start), offsets.to_gtgraph(end)
        if name_matches(selection.name, offsets.text[a:b]) is False:
            for other in maps.values():
                x, y = other.to_gtgraph(start), other.to_gtgraph(end)
                if other is not offsets and name_matches(
                    selection.name, other.text[x:y]
                ):
                    self.r.add(
                        "model-fallback",
                        "selections matching their name only under another way of counting "
                        "positions were read that way",
                        f"{source_name} {start}..{end} ({other.model})",
                    )
                    return x, y
        return a, b

    def selection(
        self,
        source_id: str,
        source_name: str,
        selection: QdaSelection,
        offsets: OffsetMap | None,
        maps: Mapping[str, OffsetMap],
        verifiable: bool,
    ) -> list[_Request]:
        """Plan the segment(s) of a selection: one per coder, coded by :meth:`place`."""
        meta = self.meta_for("segments", selection.guid)
        groups: dict[str | None, list[QdaCoding]] = {}
        for coding in selection.codings:
            groups.setdefault(self.user(coding.user or selection.user), []).append(
                coding
            )
        if not groups:
            groups[self.user(selection.user)] = []
        created = (
            meta.get("created")
            if isinstance(meta.get("created"), str)
            else selection.created
        )
        start: int | None = None
        end: int | None = None
        quote: str | None = None
        if (
            selection.kind == "PlainTextSelection"
            and offsets is not None
            and meta.get("quote_only") is not True
        ):
            start, end = self.span(selection, offsets, maps, source_name)
            if not verifiable:
                self.r.add(
                    "unverifiable",
                    "selections of sources whose plain text was missing (taken from the "
                    ".docx instead) may be misplaced",
                    source_name,
                )
        else:
            quote = meta.get("quote") if isinstance(meta.get("quote"), str) else None
            quote = quote or selection.text or self.label(selection)
            if (
                selection.kind == "PlainTextSelection"
                and meta.get("quote_only") is not True
            ):
                self.r.add(
                    "no-text",
                    "selections of sources whose text is missing became segments holding "
                    "only their name as quote",
                    f"{source_name}: {quote[:40]!r}",
                )
            elif selection.kind != "PlainTextSelection":
                self.r.add(
                    "media-selection",
                    "selections of pictures, PDF pages and media became segments whose quote is a label",
                    f"{source_name}: {quote[:40]!r}",
                )
        requests: list[_Request] = []
        for coder, codings in groups.items():
            code_ids = []
            for coding in codings:
                code_id = self.codable.get(coding.code or "")
                if code_id is None:
                    self.r.add(
                        "dangling",
                        "references to missing elements were skipped",
                        f"coding {coding.guid} -> code {coding.code}",
                    )
                    continue
                code_ids.append(code_id)
                for note in coding.notes:
                    self.about.setdefault(note, [])
            span = {
                "source": source_id,
                "start": start,
                "end": end,
                "codes": code_ids,
                "coder": coder,
                "quote": quote,
                "created": created or None,
            }
            if not requests:
                # a file gtgraph wrote gives the segment its id back
                given = self.given_id(selection.guid)
                if given is not None:
                    span["id"] = given
            requests.append(_Request(selection, source_name, codings, span))
        if len(groups) > 1:
            self.r.add(
                "coders",
                "selections coded by several users became one segment per coder",
                f"{source_name}",
            )
        return requests

    def place(self, requests: list[_Request]) -> None:
        """Code the planned spans in one change, then attach notes and comments.

        When a span cannot be placed, the spans are coded one by one instead, so
        that only the selections that fail are dropped (with a warning).
        """
        try:
            segments: list[Any] = self.p.code_many(
                [r.span for r in requests], create=True
            )
        except GtGraphError:
            segments = []
            for request in requests:
                try:
                    segments.append(self.p.code_many([request.span], create=True)[0])
                except GtGraphError as error:  # noqa: PERF203 - the rare slow path
                    self.r.add(
                        "selection",
                        "selections that could not be placed were dropped",
                        str(error).removeprefix("span 0: "),
                    )
                    segments.append(None)
        dropped: set[str] = set()
        for request, segment in zip(requests, segments, strict=True):
            guid = request.selection.guid
            if segment is None:
                dropped.add(guid)
                continue
            if guid in dropped:
                continue
            self.segments.setdefault(guid, segment.id)
            for coding in request.codings:
                for note in coding.notes:
                    self.about.setdefault(note, []).append(segment.id)
        done: set[str] = set()
        for request in requests:
            selection = request.selection
            segment_id = self.segments.get(selection.guid)
            if (
                segment_id is None
                or selection.guid in dropped
                or selection.guid in done
            ):
                continue
            done.add(selection.guid)
            for note in selection.notes:
                self.about.setdefault(note, []).append(segment_id)
            if selection.description and selection.description.strip():
                self.pending_descriptions.append(
                    (
                        segment_id,
                        f"Comment on {request.source_name}",
                        selection.description,
                    )
                )

    @staticmethod
    def label(selection: QdaSelection) -> str:
        if selection.name and selection.name.strip():
            return selection.name.strip()
        if selection.start is not None:
            return f"[{selection.kind} {selection.start}-{selection.end}]"
        return f"[{selection.kind} {selection.guid}]"

    def whole_source(
        self, source_id: str, name: str, text: str | None, coding: QdaCoding
    ) -> None:
        code_id = self.codable.get(coding.code or "")
        if code_id is None:
            self.r.add(
                "dangling",
                "references to missing elements were skipped",
                f"coding {coding.guid}",
            )
            return
        try:
            if text is None:
                self.p.code(
                    source_id,
                    codes=[code_id],
                    coder=self.user(coding.user),
                    quote=f"[whole of {name}]",
                )
            else:
                self.p.code(
                    source_id, 0, len(text), [code_id], coder=self.user(coding.user)
                )
        except GtGraphError as error:
            self.r.add(
                "selection",
                "selections that could not be placed were dropped",
                str(error),
            )
            return
        self.r.add(
            "whole-source",
            "codings of whole sources became segments spanning the whole text",
            name,
        )

    # -- notes, links -----------------------------------------------------------------

    def collect_code_notes(self, codes: Iterable[QdaCode]) -> None:
        stack = list(codes)
        while stack:
            code = stack.pop()
            stack.extend(code.children)
            target = self.concept.get(code.guid)
            for note in code.notes:
                if target is not None:
                    self.about.setdefault(note, []).append(target)

    def read_notes(self) -> None:
        notes = _ordered(list(self.qp.notes), lambda n: n.guid, self.order_of("memo"))
        titles = self.names["memo"]
        for note in notes:
            meta = self.meta_for("memos", note.guid)
            raw, _ = self.texts.get(note.guid, (None, True))
            if note.content is not None:
                text = note.content  # exactly as the XML carries it
            else:
                text = (
                    "" if raw is None else raw.replace("\r\n", "\n").replace("\r", "\n")
                )
            if (
                note.description
                and note.description.strip()
                and note.description != text
            ):
                text = f"{note.description}\n\n{text}" if text else note.description
            created = (
                meta.get("created")
                if isinstance(meta.get("created"), str)
                else note.created
            )
            record = self.p.memo(
                None,
                text,
                title=_unique(note.name or "", titles, "(untitled note)"),
                author=self.user(note.user),
                created=created or None,
                id=self.given_id(note.guid),
            )
            self.memos[note.guid] = record.id
            for ref in note.notes:
                self.about.setdefault(ref, []).append(record.id)

    def read_links(self) -> None:
        items = _ordered(
            list(self.qp.links), lambda link: link.guid, self.order_of("relationship")
        )
        for link in items:
            if link.origin is None or link.target is None:
                self.r.add(
                    "link-ends",
                    "links missing an end were dropped",
                    f"line {link.line}",
                )
                continue
            a, b = self.concept.get(link.origin), self.concept.get(link.target)
            if a is not None and b is not None:
                self.relationship(link, a, b)
                continue
            note, other = (
                (link.origin, link.target)
                if link.origin in self.memos
                else (link.target, link.origin)
            )
            element = self.element(other)
            if note in self.memos and element is not None:
                self.about.setdefault(note, []).append(element)
                for ref in link.notes:
                    self.about.setdefault(ref, []).append(element)
                continue
            self.r.add(
                "links",
                "links that join neither two codes nor a note and another element were dropped",
                f"{link.name or 'unnamed'!r} (line {link.line})",
            )

    def element(self, guid: str) -> str | None:
        for table in (
            self.concept,
            self.segments,
            self.sources,
            self.memos,
            self.participants,
            self.relationships,
        ):
            if guid in table:
                return table[guid]
        return None

    def relation_type(self, name: str, direction: str) -> str | None:
        types = self.p.relation_types
        if name in types:
            return name
        symmetric = direction != "OneWay"
        try:
            self.p.add_relation_type(
                RelationType(
                    name,
                    symmetric=symmetric,
                    description="Imported from a REFI-QDA link.",
                )
            )
        except GtGraphError as error:
            self.r.add(
                "link-type",
                "links whose name cannot be a relation type were dropped",
                str(error),
            )
            return None
        self.r.add(
            "new-type",
            "link names that are not enabled relation types were added as new types",
            repr(name),
        )
        return name

    def relationship(self, link: Any, a: str, b: str) -> None:
        meta = self.meta_for("relationships", link.guid)
        name = (link.name or "").strip() or "is associated with"
        rtype = self.relation_type(name, link.direction)
        if rtype is None:
            return
        evidence = [
            self.segments[g] for g in meta.get("evidence", []) if g in self.segments
        ]
        counter = [
            self.segments[g]
            for g in meta.get("counter_evidence", [])
            if g in self.segments
        ]
        memo = self.memos.get(str(meta.get("memo", "")).upper())
        ends = [(a, b)]
        symmetric = self.p.relation_types[rtype].symmetric
        if link.direction == "Bidirectional" and not symmetric:
            ends.append((b, a))
            self.r.add(
                "bidirectional",
                "bidirectional links of a directed type became two relationships",
                repr(name),
            )
        elif link.direction == "Associative" and not symmetric:
            self.r.add(
                "associative",
                "associative links of a directed type were read as one-way",
                repr(name),
            )
        for i, (x, y) in enumerate(ends):
            try:
                record = self.p.relate(
                    x,
                    rtype,
                    y,
                    evidence=evidence,
                    counter_evidence=counter,
                    id=self.given_id(link.guid) if i == 0 else None,
                )
                if memo is not None:
                    record = self.p.update(record.id, kind="relationship", memo=memo)
            except GtGraphError as error:
                self.r.add(
                    "relationship",
                    "links that would break a relation rule were dropped",
                    str(error),
                )
                continue
            if i == 0:
                self.relationships[link.guid] = record.id
            for ref in link.notes:
                self.about.setdefault(ref, []).append(record.id)

    def read_memo_targets(self) -> None:
        for note, memo_id in self.memos.items():
            meta = self.meta_for("memos", note)
            exact = meta.get("about")
            if isinstance(exact, list):
                about = [self.element(str(g).upper()) for g in exact]
                targets = [t for t in about if t is not None]
            else:
                targets = list(dict.fromkeys(self.about.get(note, [])))
            if targets:
                try:
                    self.p.update(memo_id, kind="memo", about=targets)
                except GtGraphError as error:
                    self.r.add(
                        "memo-about",
                        "memo targets that could not be kept were dropped",
                        str(error),
                    )
        for ref in self.about:
            if ref not in self.memos:
                self.r.add(
                    "dangling",
                    "references to missing elements were skipped",
                    f"note {ref}",
                )

    def read_descriptions(self) -> None:
        titles = self.names["memo"]
        for target, title, text in self.pending_descriptions:
            self.p.memo(target, text, title=_unique(title, titles, "(untitled note)"))
        if self.pending_descriptions:
            self.r.add(
                "descriptions",
                "descriptions of sources and selections became memos about them",
                self.pending_descriptions[0][1],
            )


def _add_relation_type(project: Project, fields: Any, reporter: Reporter) -> None:
    try:
        project.add_relation_type(RelationType(**fields))
    except (GtGraphError, TypeError) as error:
        reporter.add(
            "bad-meta",
            "unreadable parts of gtgraph's own data were skipped",
            str(error),
        )


def build_project(
    qp: QdaProject,
    *,
    texts: Mapping[str, SourceText],
    reporter: Reporter,
    meta: Mapping[str, Any] | None = None,
    separator: str | None = None,
) -> Project:
    """Build a Project from a REFI-QDA project and its sources' texts."""
    meta = meta or {}
    settings = meta.get("project")
    settings = settings if isinstance(settings, dict) else {}
    vocabularies = settings.get("vocabularies")
    kwargs: dict[str, Any] = {}
    if isinstance(vocabularies, list) and all(isinstance(v, str) for v in vocabularies):
        kwargs["vocabularies"] = vocabularies
    try:
        project = Project(title=qp.name, **kwargs)
    except GtGraphError:
        project = Project(title=qp.name)
    types = settings.get("relation_types")
    for fields in types if isinstance(types, list) else []:
        _add_relation_type(project, fields, reporter)
    b = _ProjectBuilder(project, qp, texts, reporter, meta, separator)
    coded: set[str] = set()
    for source in qp.sources:
        for coding in source.codings:
            coded.add(coding.code or "")
        for selection in (
            *source.selections,
            *(source.representation.selections if source.representation else ()),
        ):
            coded.update(c.code or "" for c in selection.codings)
    b.read_codes(qp.codes, coded)
    b.read_code_sets(qp.sets)
    b.read_cases()
    b.read_source_sets()
    b.read_sources()
    b.read_properties()
    b.collect_code_notes(qp.codes)
    b.read_notes()
    b.read_links()
    b.read_memo_targets()
    b.read_descriptions()
    if qp.description and qp.description.strip():
        project.memo(
            None,
            qp.description,
            title=_unique("Project description", b.names["memo"], "Project"),
        )
    if qp.graphs:
        reporter.add(
            "graphs",
            "network diagrams (Graphs) were dropped; gtgraph draws its own",
            f"{qp.graphs} graph(s)",
        )
    actor = settings.get("actor")
    if isinstance(actor, str):
        project.actor = actor
    return project
