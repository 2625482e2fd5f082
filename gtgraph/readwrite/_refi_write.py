"""Turn a :class:`gtgraph.Project` into REFI-QDA XML (``project.qde``, ``.qdc``).

The writer follows the strictest importers: the default namespace
``urn:QDA-XML:project:1.0`` (or ``codebook:1.0``) with the schema location,
UTF-8 without a byte order mark, the schema's element order, upper-case GUIDs
without braces, no empty container elements, and ``internal://<GUID>.txt``
sources holding UTF-8 text with LF line endings, whose positions are code points
with an exclusive end (exactly gtgraph's offsets).

GUIDs are derived from gtgraph ids (UUID version 5 in a namespace derived from
the project's title), so the same project always gives the same file.  What
REFI-QDA has no element for is written so that gtgraph reads it back exactly
and other programs ignore it:

* a code's stage and in-vivo flag, a category's theme and core flags and its
  properties and dimensions: a marked block at the end of the ``Description``
  (:mod:`gtgraph.readwrite._gtblock`);
* a category holding a code or category that also sits elsewhere (several
  parents): the element is nested under its first parent, and a ``Set`` named
  after each other parent lists it;
* ids, source order and kind, typed attributes, memo targets, relationship
  evidence: ``gtgraph.json`` in the archive (see :func:`bookkeeping`), which
  other programs never open.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import uuid
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from gtgraph import relations
from gtgraph.model import Category, Coding, Memo, Segment
from gtgraph.project import Project
from gtgraph.project._base import relation_type_to_dict
from gtgraph.readwrite._gtblock import join_block
from gtgraph.readwrite._refi_read import EMPTY_CODEBOOK
from gtgraph.readwrite._xmlwrite import XmlWriter

__all__ = ["Exporter"]

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
PROJECT_LOCATION = (
    f"{PROJECT_NS} http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"
)
CODEBOOK_LOCATION = (
    f"{CODEBOOK_NS} http://schema.qdasoftware.org/versions/Codebook/v1.0/Codebook.xsd"
)
#: The bookkeeping member of archives gtgraph writes.
META_MEMBER = "gtgraph.json"
META_FORMAT = "gtgraph-refi"

_XSD_DATETIME = re.compile(
    r"^-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$"
)
_TYPES = {bool: "Boolean", int: "Integer", float: "Float", str: "Text", dt.date: "Date"}
_HINTS = {bool: "bool", int: "int", float: "float", dt.date: "date"}


def origin() -> str:
    """Return the ``origin`` written into files: ``gtgraph <version>``."""
    from gtgraph._version import __version__

    return f"gtgraph {__version__}"


def _datetime(value: str | None) -> str | None:
    if value is None:
        return None
    if _XSD_DATETIME.match(value):
        try:
            dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return value
    return None


def _type_of(value: Any) -> type:
    if isinstance(value, bool):
        return bool
    if isinstance(value, int):
        return int
    if isinstance(value, float):
        return float
    if isinstance(value, dt.datetime):
        return str
    if isinstance(value, dt.date):
        return dt.date
    return str


def _decimal(value: float) -> str:
    text = format(Decimal(repr(value)), "f")
    return text if "." in text else text + ".0"


class Exporter:
    """Everything needed to write one project, with its GUIDs."""

    def __init__(self, project: Project) -> None:
        self.p = project
        self.ns = uuid.uuid5(uuid.NAMESPACE_URL, f"urn:gtgraph:project:{project.title}")
        self.meta: dict[str, Any] = {
            "format": META_FORMAT,
            "version": 1,
            "namespace": str(self.ns).upper(),
            "ids": {},
            "order": {},
        }
        self.replaced = 0
        # (kind, key) -> GUID: the same codes, users and segments recur throughout
        self._guids: dict[tuple[str, str], str] = {}
        self.children: dict[str, list[str]] = {}
        self.first_parent: dict[str, str] = {}
        self.extra_parents: dict[str, list[str]] = {}
        for record in (*project.categories, *project.codes):
            parents = [c.id for c in project.parents(record.id)]
            if parents:
                self.first_parent[record.id] = parents[0]
                self.children.setdefault(parents[0], []).append(record.id)
                for other in parents[1:]:
                    self.extra_parents.setdefault(other, []).append(record.id)
                if len(parents) > 1:
                    self.meta.setdefault("parents", {})[self.guid(record.id)] = [
                        self.guid(x) for x in parents
                    ]
        self.notes_about: dict[str, list[str]] = {}
        for memo in project.memos:
            for target in memo.about:
                self.notes_about.setdefault(target, []).append(memo.id)

    # -- ids ---------------------------------------------------------------------

    def guid(self, key: str, kind: str = "id") -> str:
        """Return the GUID of element id *key* (and remember the id)."""
        value = self._guids.get((kind, key))
        if value is None:
            value = str(uuid.uuid5(self.ns, f"{kind}:{key}")).upper()
            self._guids[kind, key] = value
            if kind == "id":
                self.meta["ids"][value] = key
        return value

    def user(self, name: str | None) -> str | None:
        return None if name is None else self.guid(name, "user")

    def remember_order(self, kind: str, ids: Iterable[str]) -> None:
        self.meta["order"][kind] = [self.guid(i) for i in ids]

    def note_refs(self, w: XmlWriter, target: str) -> None:
        for memo_id in self.notes_about.get(target, ()):
            w.empty("NoteRef", [("targetGUID", self.guid(memo_id))])

    # -- codebook ------------------------------------------------------------------

    def _code_element(self, w: XmlWriter, rid: str, *, notes: bool) -> None:
        record = self.p.get(rid)
        if isinstance(record, Category):
            extras: dict[str, Any] = {}
            if record.theme:
                extras["theme"] = True
            if record.core:
                extras["core"] = True
            if record.properties:
                extras["properties"] = [
                    self._property(prop, notes=notes) for prop in record.properties
                ]
            codable = "false"
        else:
            extras = {}
            if record.stage != "initial":
                extras["stage"] = record.stage
            if record.in_vivo:
                extras["in_vivo"] = True
            codable = "true"
        description = join_block(record.definition, extras)
        attrs = [
            ("guid", self.guid(rid)),
            ("name", record.name),
            ("isCodable", codable),
            ("color", record.colour),  # '#rrggbb' or '#rgb': REFI-QDA's RGBType
        ]
        children = self.children.get(rid, [])
        refs = self.notes_about.get(rid, []) if notes else []
        if not description and not children and not refs:
            w.empty("Code", attrs)
            return
        w.start("Code", attrs)
        if description:
            w.leaf("Description", description)
        if notes:
            self.note_refs(w, rid)
        for child in children:
            self._code_element(w, child, notes=notes)
        w.end("Code")

    def _property(self, prop: Any, *, notes: bool) -> dict[str, Any]:
        item: dict[str, Any] = {"name": prop.name}
        if prop.definition:
            item["definition"] = prop.definition
        if prop.dimensions:
            item["dimensions"] = [[d.name, d.low, d.high] for d in prop.dimensions]
        if prop.evidence and notes:
            item["evidence"] = [self.guid(s) for s in prop.evidence]
        return item

    def roots(self) -> list[str]:
        return [
            r.id
            for r in (*self.p.categories, *self.p.codes)
            if r.id not in self.first_parent
        ]

    def codes(self, w: XmlWriter, *, notes: bool) -> bool:
        roots = self.roots()
        if not roots:
            return False
        w.start("Codes")
        for rid in roots:
            self._code_element(w, rid, notes=notes)
        w.end("Codes")
        return True

    def sets(self, w: XmlWriter, *, member_attr: str) -> None:
        if not self.extra_parents:
            return
        w.start("Sets")
        table = self.meta.setdefault("sets", {})
        for category in self.p.categories:
            members = self.extra_parents.get(category.id)
            if not members:
                continue
            set_guid = self.guid(category.id, "set")
            table[set_guid] = self.guid(category.id)
            w.start("Set", [("guid", set_guid), ("name", category.name)])
            for member in members:
                w.empty("MemberCode", [(member_attr, self.guid(member))])
            w.end("Set")
        w.end("Sets")

    def codebook_xml(self) -> str:
        w = XmlWriter()
        w.start(
            "CodeBook",
            [
                ("xmlns", CODEBOOK_NS),
                ("xmlns:xsi", XSI),
                ("xsi:schemaLocation", CODEBOOK_LOCATION),
                ("origin", origin()),
            ],
        )
        if not self.codes(w, notes=False):
            # Codes must hold at least one Code: a codebook with nothing in it says so.
            w.start("Codes")
            w.empty(
                "Code",
                [
                    ("guid", self.guid("(empty)", "placeholder")),
                    ("name", EMPTY_CODEBOOK),
                    ("isCodable", "false"),
                ],
            )
            w.end("Codes")
        self.sets(w, member_attr="guid")
        w.end("CodeBook")
        self.replaced += w.replaced
        return w.getvalue()

    # -- project -------------------------------------------------------------------

    def users(
        self, w: XmlWriter, segments: list[Segment], codings: list[Coding]
    ) -> None:
        names: dict[str, None] = {}
        for segment in segments:
            if segment.coder is not None:
                names[segment.coder] = None
        for coding in codings:
            if coding.coder is not None:
                names[coding.coder] = None
        for memo in self.p.memos:
            if memo.author is not None:
                names[memo.author] = None
        if not names:
            return
        w.start("Users")
        for name in names:
            w.empty("User", [("guid", self.user(name)), ("name", name)])
        w.end("Users")

    def variables(self) -> dict[str, str]:
        """Return each attribute name's REFI-QDA type (one type per name)."""
        seen: dict[str, set[type]] = {}
        for record in (*self.p.participants, *self.p.sources):
            for name, value in record.attributes.items():
                kinds = seen.setdefault(name, set())
                if value is not None:
                    kinds.add(_type_of(value))
                    if isinstance(value, float) and not math.isfinite(value):
                        kinds.add(str)
        result = {}
        for name, kinds in seen.items():
            only = next(iter(kinds)) if len(kinds) == 1 else str
            result[name] = _TYPES[only]
        return result

    def variables_xml(self, w: XmlWriter, types: dict[str, str]) -> None:
        if not types:
            return
        w.start("Variables")
        for name, kind in types.items():
            w.empty(
                "Variable",
                [
                    ("guid", self.guid(name, "variable")),
                    ("name", name),
                    ("typeOfVariable", kind),
                ],
            )
        w.end("Variables")

    def values(
        self,
        w: XmlWriter,
        attributes: Any,
        types: dict[str, str],
        section: str,
        guid: str,
    ) -> None:
        hints: dict[str, str] = {}
        for name, value in attributes.items():
            kind = types[name]
            if value is None:
                hints[name] = "none"
                continue
            w.start("VariableValue")
            w.empty("VariableRef", [("targetGUID", self.guid(name, "variable"))])
            natural = _type_of(value)
            if kind == "Text":
                if natural is not str:
                    hints[name] = _HINTS[natural]
                w.leaf(
                    "TextValue",
                    value
                    if isinstance(value, str)
                    else (
                        value.isoformat() if isinstance(value, dt.date) else str(value)
                    ),
                )
            elif kind == "Boolean":
                w.leaf("BooleanValue", "true" if value else "false")
            elif kind == "Integer":
                w.leaf("IntegerValue", str(value))
            elif kind == "Float":
                w.leaf("FloatValue", _decimal(value))
            else:
                w.leaf("DateValue", value.isoformat())
            w.end("VariableValue")
        if hints:
            self.meta.setdefault(section, {}).setdefault(guid, {})["types"] = hints

    def cases(self, w: XmlWriter, types: dict[str, str]) -> None:
        participants = list(self.p.participants)
        self.remember_order("participant", (r.id for r in participants))
        if not participants:
            return
        sources_of: dict[str, list[str]] = {}
        for source in self.p.sources:
            if source.participant is not None:
                sources_of.setdefault(source.participant, []).append(source.id)
        w.start("Cases")
        for record in participants:
            guid = self.guid(record.id)
            w.start("Case", [("guid", guid), ("name", record.name)])
            self.values(w, record.attributes, types, "participants", guid)
            for source_id in sources_of.get(record.id, ()):
                w.empty("SourceRef", [("targetGUID", self.guid(source_id))])
            w.end("Case")
        w.end("Cases")

    def sources(
        self,
        w: XmlWriter,
        types: dict[str, str],
        segments: list[Segment],
        codings: list[Coding],
    ) -> dict[str, bytes]:
        files: dict[str, bytes] = {}
        sources = list(self.p.sources)
        self.remember_order("source", (s.id for s in sources))
        segments_of: dict[str, list[Segment]] = {}
        for segment in segments:
            segments_of.setdefault(segment.source, []).append(segment)
        self.remember_order("segment", (s.id for s in segments))
        codes_of: dict[str, list[tuple[str, str | None]]] = {}
        for coding in codings:
            codes_of.setdefault(coding.segment, []).append((coding.code, coding.coder))
        if not sources:
            return files
        w.start("Sources")
        for source in sources:
            guid = self.guid(source.id)
            extra = self.meta.setdefault("sources", {}).setdefault(guid, {})
            extra["order"] = source.order
            if source.kind != "interview":
                extra["kind"] = source.kind
            if source.path is not None:
                extra["path"] = source.path
            path = None
            if source.text is None:
                extra["no_text"] = True
            else:
                path = f"internal://{guid}.txt"
                files[f"sources/{guid}.txt"] = source.text.encode("utf-8")
            w.start(
                "TextSource",
                [("guid", guid), ("name", source.name), ("plainTextPath", path)],
            )
            for segment in segments_of.get(source.id, ()):
                self.selection(w, segment, codes_of.get(segment.id, []))
            self.note_refs(w, source.id)
            self.values(w, source.attributes, types, "sources", guid)
            w.end("TextSource")
        w.end("Sources")
        return files

    def selection(
        self, w: XmlWriter, segment: Segment, codes: list[tuple[str, str | None]]
    ) -> None:
        guid = self.guid(segment.id)
        created = _datetime(segment.created)
        extra: dict[str, Any] = {}
        if segment.created is not None and created is None:
            extra["created"] = segment.created
        start, end = segment.start, segment.end
        if start is None or end is None:
            extra["quote_only"] = True
            start = end = 0
        if extra:
            self.meta.setdefault("segments", {})[guid] = extra
        w.start(
            "PlainTextSelection",
            [
                ("guid", guid),
                ("name", segment.quote),
                ("startPosition", str(start)),
                ("endPosition", str(end)),
                ("creatingUser", self.user(segment.coder)),
                ("creationDateTime", created),
            ],
        )
        for code, coder in codes:
            w.start(
                "Coding",
                [
                    ("guid", self.guid(f"{segment.id}\x00{code}", "coding")),
                    ("creatingUser", self.user(coder)),
                    ("creationDateTime", created),
                ],
            )
            w.empty("CodeRef", [("targetGUID", self.guid(code))])
            w.end("Coding")
        self.note_refs(w, segment.id)
        w.end("PlainTextSelection")

    def notes(self, w: XmlWriter) -> None:
        memos: list[Memo] = list(self.p.memos)
        self.remember_order("memo", (m.id for m in memos))
        if not memos:
            return
        w.start("Notes")
        table = self.meta.setdefault("memos", {})
        for memo in memos:
            guid = self.guid(memo.id)
            created = _datetime(memo.created)
            extra: dict[str, Any] = {"about": [self.guid(x) for x in memo.about]}
            if memo.created is not None and created is None:
                extra["created"] = memo.created
            table[guid] = extra
            w.start(
                "Note",
                [
                    ("guid", guid),
                    ("name", memo.title),
                    ("creatingUser", self.user(memo.author)),
                    ("creationDateTime", created),
                ],
            )
            w.leaf("PlainTextContent", memo.text)
            self.note_refs(w, memo.id)
            w.end("Note")
        w.end("Notes")

    def links(self, w: XmlWriter) -> None:
        relationships = list(self.p.relationships)
        self.remember_order("relationship", (r.id for r in relationships))
        participant_memos = [
            (memo_id, target)
            for target, memo_ids in self.notes_about.items()
            if target in self.p.participants
            for memo_id in memo_ids
        ]
        if not relationships and not participant_memos:
            return
        types = self.p.relation_types
        table = self.meta.setdefault("relationships", {})
        w.start("Links")
        for rel in relationships:
            guid = self.guid(rel.id)
            extra: dict[str, Any] = {}
            if rel.evidence:
                extra["evidence"] = [self.guid(s) for s in rel.evidence]
            if rel.counter_evidence:
                extra["counter_evidence"] = [self.guid(s) for s in rel.counter_evidence]
            if rel.memo is not None:
                extra["memo"] = self.guid(rel.memo)
            if extra:
                table[guid] = extra
            rtype = types.get(rel.type)
            symmetric = rtype is not None and rtype.symmetric
            attrs = [
                ("guid", guid),
                ("name", rel.type),
                ("direction", "Bidirectional" if symmetric else "OneWay"),
                ("originGUID", self.guid(rel.source)),
                ("targetGUID", self.guid(rel.target)),
            ]
            refs = list(
                dict.fromkeys(
                    [
                        *([rel.memo] if rel.memo else []),
                        *self.notes_about.get(rel.id, []),
                    ]
                )
            )
            if refs:
                w.start("Link", attrs)
                for memo_id in refs:
                    w.empty("NoteRef", [("targetGUID", self.guid(memo_id))])
                w.end("Link")
            else:
                w.empty("Link", attrs)
        for memo_id, target in participant_memos:
            w.empty(
                "Link",
                [
                    ("guid", self.guid(f"{memo_id}\x00{target}", "memo-link")),
                    ("name", "is about"),
                    ("direction", "OneWay"),
                    ("originGUID", self.guid(memo_id)),
                    ("targetGUID", self.guid(target)),
                ],
            )
        w.end("Links")

    def project_xml(self) -> tuple[str, dict[str, bytes]]:
        p = self.p
        w = XmlWriter()
        w.start(
            "Project",
            [
                ("xmlns", PROJECT_NS),
                ("xmlns:xsi", XSI),
                ("xsi:schemaLocation", PROJECT_LOCATION),
                ("name", p.title),
                ("origin", origin()),
            ],
        )
        segments, codings = list(p.segments), list(p.codings)
        self.users(w, segments, codings)
        self.remember_order("category", (c.id for c in p.categories))
        self.remember_order("code", (c.id for c in p.codes))
        roots = self.roots()
        if roots:
            w.start("CodeBook")
            self.codes(w, notes=True)
            w.end("CodeBook")
        types = self.variables()
        self.variables_xml(w, types)
        self.cases(w, types)
        files = self.sources(w, types, segments, codings)
        self.notes(w)
        self.links(w)
        self.sets(w, member_attr="targetGUID")
        for memo in p.memos:
            if not memo.about:
                w.empty("NoteRef", [("targetGUID", self.guid(memo.id))])
        w.end("Project")
        self.replaced += w.replaced
        custom = [
            relation_type_to_dict(t)
            for t in p.relation_types.values()
            if relations.BUILTIN_TYPES.get(t.name) != t
        ]
        self.meta["project"] = {
            "vocabularies": list(p.vocabularies),
            "relation_types": custom,
            "actor": p.actor,
        }
        return w.getvalue(), files
