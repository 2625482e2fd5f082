"""Turn a :class:`gtgraph.Project` into REFI-QDA XML (``project.qde``, ``.qdc``).

The writer follows the strictest importers: the default namespace
``urn:QDA-XML:project:1.0`` (or ``codebook:1.0``) with the schema location,
UTF-8 without a byte order mark, the schema's element order, lower-case GUIDs
without braces, no empty container elements, and ``internal://<GUID>.txt``
sources holding UTF-8 text with LF line endings, whose positions are counted
in the target program's unit with an exclusive end (:data:`TARGETS`).

Every element read from another program goes back with the GUID it came with;
the others get GUIDs derived from their gtgraph ids
(:class:`~gtgraph.readwrite._refi_keep.Guids`), so the same project always
gives the same file.  What was kept for the way back (media sources, sets,
graphs, names, users and dates; see :mod:`gtgraph.readwrite._refi_keep`) is
written back.  What REFI-QDA has no element for is written so that gtgraph
reads it back exactly and other programs ignore it:

* a code's stage and in-vivo flag, a category's theme and core flags and its
  properties and dimensions: a marked block at the end of the ``Description``
  (:mod:`gtgraph.readwrite._gtblock`);
* a category holding a code or category that also sits elsewhere (several
  parents): the element is nested under its first parent, and a ``Set`` named
  after each other parent lists it;
* ids, source order and kind, typed attributes, memo targets, relationship
  evidence, the unit of positions: ``gtgraph.json`` in the archive, which
  other programs never open.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from gtgraph import relations
from gtgraph.errors import ValidationError
from gtgraph.model import Category, Coding, Memo, Segment
from gtgraph.project import Project
from gtgraph.project._relation_types import relation_type_to_dict
from gtgraph.readwrite._gtblock import join_block
from gtgraph.readwrite._refi_build import EMPTY_CODEBOOK
from gtgraph.readwrite._refi_graph import theory_graph
from gtgraph.readwrite._refi_keep import Guids, kept
from gtgraph.readwrite._refi_links import write_links, write_notes
from gtgraph.readwrite._refi_sources import SourceWriter, write_raw
from gtgraph.readwrite._refi_values import (
    attribute_types,
    write_cases,
    write_values,
    write_variables,
)
from gtgraph.readwrite._report import Reporter
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


#: The programs a project can be written for, and the unit of text positions
#: each counts in (see :mod:`gtgraph.readwrite._offsets`).
TARGETS: dict[str, str] = {
    "nvivo": "utf16",
    "atlasti": "lines",
    "maxqda": "lines",
    "qualcoder": "codepoints",
    "qc": "codepoints",
    "generic": "codepoints",
}


def target_for(producer: str | None) -> str:
    """Return the target program matching a producer's name ("generic" if none).

    Examples
    --------
    >>> from gtgraph.readwrite._refi_write import target_for
    >>> target_for("NVivo for Mac 12.7.0"), target_for("ATLAS.ti 8.4.0"), target_for(None)
    ('nvivo', 'atlasti', 'generic')
    """
    text = (producer or "").casefold().replace(".", "")
    for name in ("nvivo", "atlasti", "maxqda", "qualcoder"):
        if name in text:
            return name
    if text.startswith("qc "):
        return "qc"
    return "generic"


class Exporter:
    """Everything needed to write one project, with its GUIDs."""

    def __init__(
        self,
        project: Project,
        *,
        target: str | None = None,
        file: str = "",
    ) -> None:
        self.p = project
        self.kept = kept(project)
        self.guids = Guids(project)
        producer = self.kept.get("producer")
        self.producer = producer if isinstance(producer, str) else None
        if target is None:
            target = target_for(self.producer)
        if target not in TARGETS:
            raise ValidationError(
                f"target={target!r} is not a program gtgraph writes for; choose one of "
                f"{', '.join(TARGETS)}"
            )
        self.target = target
        self.units = TARGETS[target]
        self.reporter = Reporter(file)
        self.meta: dict[str, Any] = {
            "format": META_FORMAT,
            "version": 1,
            "ids": {},
            "order": {},
            "units": self.units,
        }
        if self.producer:
            self.meta["producer"] = self.producer
        self.replaced = 0
        self.types: dict[str, str] = {}
        self.codes_of: dict[str, list[tuple[str, str | None]]] = {}
        self.live: set[str] = set()
        names = self.kept.get("names")
        self.original: dict[str, str] = {}
        for rid, pair in (names if isinstance(names, dict) else {}).items():
            record = project.get(rid) if self._exists(rid) else None
            current = getattr(record, "name", None) or getattr(record, "title", None)
            if record is not None and current == pair[1]:
                self.original[rid] = pair[0]
        # Categories made from sets are written as the sets, not as codes.
        self.set_categories: dict[str, dict[str, Any]] = {}
        sets = self.kept.get("sets")
        self.kept_sets: list[dict[str, Any]] = sets if isinstance(sets, list) else []
        # Source attributes that only stand for a set are written as the set.
        self.set_attributes = {
            str(e["attribute"][0])
            for e in self.kept_sets
            if isinstance(e.get("attribute"), list) and not e.get("variable")
        }
        for entry in self.kept_sets:
            category = entry.get("category")
            if (
                entry.get("made")
                and isinstance(category, str)
                and self._exists(category)
            ):
                self.set_categories[category] = entry
        # A parent code applied to data was read as a category and a code inside
        # it: both are written back as the one code they were.
        self.alias: dict[str, str] = {}
        coded = self.kept.get("coded_parents")
        for inner, outer in (coded if isinstance(coded, dict) else {}).items():
            if (
                self._exists(inner)
                and self._exists(outer)
                and outer in [c.id for c in project.parents(inner)]
            ):
                self.alias[inner] = outer
        self.children: dict[str, list[str]] = {}
        self.first_parent: dict[str, str] = {}
        self.extra_parents: dict[str, list[str]] = {}
        self.members: dict[str, list[str]] = {}
        for record in (*project.categories, *project.codes):
            if record.id in self.alias:
                continue
            parents = [c.id for c in project.parents(record.id)]
            for parent in parents:
                if parent in self.set_categories:
                    self.members.setdefault(parent, []).append(record.id)
            parents = [c for c in parents if c not in self.set_categories]
            if record.id in self.set_categories:
                continue
            if parents:
                self.first_parent[record.id] = parents[0]
                self.children.setdefault(parents[0], []).append(record.id)
                for other in parents[1:]:
                    self.extra_parents.setdefault(other, []).append(record.id)
                if len(parents) > 1:
                    self.meta.setdefault("parents", {})[self.guid(record.id)] = [
                        self.guid(x) for x in parents
                    ]
        # Memos made from descriptions go back as the descriptions they were.
        self.described: dict[str, Memo] = {}
        described = self.kept.get("descriptions")
        for memo_id, target_id in (
            described if isinstance(described, dict) else {}
        ).items():
            memo = project.memos.get(memo_id) if self._exists(memo_id) else None
            if memo is not None and memo.about == (target_id,):
                self.described[target_id] = memo
        skip = {m.id for m in self.described.values()}
        self.notes_about: dict[str, list[str]] = {}
        for memo in project.memos:
            if memo.id in skip:
                continue
            for target_id in memo.about:
                self.notes_about.setdefault(target_id, []).append(memo.id)
        descriptions = self.kept.get("note_descriptions")
        self.note_descriptions: dict[str, str] = (
            descriptions if isinstance(descriptions, dict) else {}
        )
        links = self.kept.get("links")
        self.kept_links: list[dict[str, Any]] = links if isinstance(links, list) else []
        self.linked = {
            (str(k.get("origin")), str(k.get("target"))) for k in self.kept_links
        } | {(str(k.get("target")), str(k.get("origin"))) for k in self.kept_links}

    def _exists(self, rid: str) -> bool:
        return self.p._store.id_in_use(rid)  # noqa: SLF001 - a cheap check per element

    def name_of(self, record: Any) -> str:
        """Return the name to write: the original one of an element renamed on import."""
        return str(self.original.get(record.id, record.name))

    def datetime(self, value: str | None) -> str | None:
        """Return *value* if it is an ``xsd:dateTime``, else None."""
        return _datetime(value)

    # -- ids ---------------------------------------------------------------------

    def guid(self, key: str, kind: str = "id") -> str:
        """Return the GUID of element id *key* (and remember the id)."""
        if kind == "id":
            key = self.alias.get(key, key)
            value = self.guids.of(key)
            self.meta["ids"][value] = key
            return value
        return self.guids.of(key, kind)

    def user(self, name: str | None) -> str | None:
        return None if name is None else self.guids.of(name, "user")

    def remember_order(self, kind: str, ids: Iterable[str]) -> None:
        self.meta["order"][kind] = [self.guid(i) for i in ids]

    def note_refs(self, w: XmlWriter, target: str) -> None:
        for memo_id in self.notes_about.get(target, ()):
            guid = self.guid(memo_id)
            if (guid, self.guid(target)) in self.linked:
                continue  # the Link it was read from says it
            w.empty("NoteRef", [("targetGUID", guid)])

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
            codable = "true" if rid in self.alias.values() else "false"
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
            ("name", self.name_of(record)),
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
            and r.id not in self.alias
            and r.id not in self.set_categories
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
        """Write the sets read from others, then a set per extra parent of a code."""
        codebook = member_attr == "guid"
        foreign = [e for e in self.kept_sets if not codebook or e.get("codes")]
        if not self.extra_parents and not foreign:
            return
        w.start("Sets")
        for entry in foreign:
            self.kept_set(w, entry, member_attr=member_attr, codebook=codebook)
        table = self.meta.setdefault("sets", {})
        for category in self.p.categories:
            members = self.extra_parents.get(category.id)
            if not members:
                continue
            set_guid = self.guid(category.id, "set")
            table[set_guid] = self.guid(category.id)
            w.start("Set", [("guid", set_guid), ("name", self.name_of(category))])
            for member in members:
                w.empty("MemberCode", [(member_attr, self.guid(member))])
            w.end("Set")
        w.end("Sets")

    def kept_set(
        self, w: XmlWriter, entry: dict[str, Any], *, member_attr: str, codebook: bool
    ) -> None:
        """Write a set read from another program, with its members as they are now."""
        category = entry.get("category")
        codes: list[str]
        if isinstance(category, str) and category in self.set_categories:
            codes = [self.guid(m) for m in self.members.get(category, [])]
        else:
            codes = [g for g in entry.get("codes", []) if g in self.live]
        sources: list[str] = []
        notes: list[str] = []
        if not codebook:
            attribute = entry.get("attribute")
            if isinstance(attribute, list) and len(attribute) == 2:  # noqa: PLR2004
                key, value = attribute
                sources = [
                    self.guid(s.id)
                    for s in self.p.sources
                    if key in s.attributes and s.attributes[key] == value
                ]
            else:
                sources = [g for g in entry.get("sources", []) if g in self.live]
            notes = [g for g in entry.get("notes", []) if g in self.live]
        lost = len(entry.get("notes", [])) - len(notes) if not codebook else 0
        if lost > 0:
            self.reporter.add(
                "set-members",
                "members of sets that are no longer in the project were left out",
                repr(entry.get("name")),
            )
        w.start("Set", [("guid", str(entry["guid"])), ("name", str(entry["name"]))])
        if entry.get("description"):
            w.leaf("Description", str(entry["description"]))
        for guid in codes:
            w.empty("MemberCode", [(member_attr, guid)])
        for guid in sources:
            w.empty("MemberSource", [("targetGUID", guid)])
        for guid in notes:
            w.empty("MemberNote", [("targetGUID", guid)])
        w.end("Set")

    def codebook_xml(self) -> str:
        self.find_live()
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
        # Users of the file read keep their place even when they coded nothing:
        # the dates and users kept on sources and selections refer to them.
        for name in self.guids.users:
            names[name] = None
        if not names:
            return
        w.start("Users")
        for name in names:
            w.empty("User", [("guid", self.user(name)), ("name", name)])
        w.end("Users")

    def values(
        self,
        w: XmlWriter,
        attributes: Any,
        section: str,
        guid: str,
    ) -> None:
        """Write the ``VariableValue`` s of a source or case."""
        write_values(self, w, attributes, self.types, section, guid)

    def sources(self, w: XmlWriter, segments: list[Segment]) -> dict[str, bytes]:
        sources = list(self.p.sources)
        self.remember_order("source", (s.id for s in sources))
        self.remember_order("segment", (s.id for s in segments))
        writer = SourceWriter(self, self.units)
        sources = [s for s in sources if not writer.left_out(s, report=True)]
        for source in sources:
            if source.turns:
                self.reporter.add(
                    "speaker-turns",
                    "speaker turns were left out (REFI-QDA has no place for them; "
                    "the text is written whole)",
                    f"{source.name} ({len(source.turns)} turns)",
                )
        if not sources:
            return writer.files
        segments_of: dict[str, list[Segment]] = {}
        for segment in segments:
            segments_of.setdefault(segment.source, []).append(segment)
        w.start("Sources")
        for source in sources:
            writer.source(w, source, segments_of.get(source.id, []))
        w.end("Sources")
        return writer.files

    def find_live(self, segments: Iterable[Segment] = ()) -> None:
        """Note the GUIDs of everything in the project (kept references are checked)."""
        p = self.p
        for view in (p.codes, p.categories, p.memos, p.participants):
            self.live.update(self.guid(r.id) for r in view)
        writer = SourceWriter(self, self.units)
        self.live.update(self.guid(s.id) for s in p.sources if not writer.left_out(s))
        kept_selections = self.kept.get("selections")
        kept_selections = kept_selections if isinstance(kept_selections, dict) else {}
        for segment in segments:
            self.live.add(self.guid(segment.id))
            for entry in kept_selections.get(segment.id, ()):
                self.live.add(str(entry.get("guid")))

    def graphs(self, w: XmlWriter, level: str | None) -> None:
        """Write the graphs read from others and, if asked, the theory at *level*."""
        raws = self.kept.get("graphs")
        kept_graphs = raws if isinstance(raws, list) else []
        if not kept_graphs and level is None:
            return
        w.start("Graphs")
        for raw in kept_graphs:
            write_raw(w, raw)
        if level is not None:
            theory_graph(self, w, level)
        w.end("Graphs")

    def project_xml(self, level: str | None = None) -> tuple[str, dict[str, bytes]]:
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
        for coding in codings:
            self.codes_of.setdefault(coding.segment, []).append(
                (coding.code, coding.coder)
            )
        self.find_live(segments)
        self.users(w, segments, codings)
        self.remember_order("category", (c.id for c in p.categories))
        self.remember_order("code", (c.id for c in p.codes))
        roots = self.roots()
        if roots:
            w.start("CodeBook")
            self.codes(w, notes=True)
            w.end("CodeBook")
        self.types = attribute_types(self)
        write_variables(self, w, self.types)
        write_cases(self, w, self.types)
        files = self.sources(w, segments)
        write_notes(self, w)
        write_links(self, w)
        self.sets(w, member_attr="targetGUID")
        self.graphs(w, level)
        description = self.kept.get("project_description")
        if isinstance(description, str):
            w.leaf("Description", description)
        known = self.guids.known
        project_notes = set(self.kept.get("project_notes", ()))
        for memo in p.memos:
            # a note read from a file goes back to the project's notes only if it was there
            if not memo.about and (
                memo.id not in known or known[memo.id] in project_notes
            ):
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
