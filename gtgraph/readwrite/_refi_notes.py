"""Map a REFI-QDA project onto a :class:`gtgraph.Project`: notes, links, and the whole.

:class:`ProjectBuilder` adds to the source reader
(:mod:`gtgraph.readwrite._refi_read`) what refers to everything else: ``Note`` s
become memos about what refers to them (``NoteRef``, or a ``Link`` between a
note and another element), ``Link`` s between two codes or categories typed
relationships, ``Evidence`` links their grounding, and descriptions of sources
and selections memos.  :func:`build_project` runs the readers in order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from gtgraph.errors import GtGraphError
from gtgraph.model import RelationType
from gtgraph.project import Project
from gtgraph.readwrite._qdamodel import QdaCode, QdaProject
from gtgraph.readwrite._refi_build import SourceText, ordered, unique_name
from gtgraph.readwrite._refi_keep import COUNTER_EVIDENCE, EVIDENCE, store_kept
from gtgraph.readwrite._refi_read import SourceBuilder
from gtgraph.readwrite._report import Reporter

__all__ = ["ProjectBuilder", "build_project"]


class ProjectBuilder(SourceBuilder):
    """Reads a whole project: cases and sources, then notes, links and memo targets."""

    def read_cases(self) -> None:
        cases = ordered(
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
                self.unique(case.name or "", "participant", "(unnamed case)"),
                id=self.given_id(case.guid),
            )
            if attributes:
                self.p.update(record.id, kind="participant", attributes=attributes)
            self.participants[case.guid] = record.id
            self.identify(record.id, case.guid)
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

    def kept(self, qp: QdaProject) -> dict[str, Any]:
        """Return what the project keeps for the way back (see ``_refi_keep``)."""
        producer = self.meta.get("producer")
        if not isinstance(producer, str) or not producer:
            gtgraph_made = (qp.origin or "").startswith("gtgraph")
            producer = None if gtgraph_made else qp.origin
        users: dict[str, str] = {}
        for guid, name in self.users.items():
            users.setdefault(name, guid)
        data: dict[str, Any] = {
            "version": 1,
            "producer": producer,
            "guids": self.guids,
            "users": users,
            "names": self.kept_names(),
            "coded_parents": self.coded_parents,
            "sources": self.kept_sources,
            "selections": self.kept_selections,
            "sets": self.kept_sets(qp.sets),
            "graphs": list(qp.graphs),
            "links": self.kept_links,
            "descriptions": self.kept_descriptions,
            "note_descriptions": self.note_descriptions,
            "project_notes": list(qp.project_notes),
            "project_description": qp.description
            if qp.description is not None and not qp.description.strip()
            else None,
        }
        return {k: v for k, v in data.items() if v or v == ""}

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
        notes = ordered(list(self.qp.notes), lambda n: n.guid, self.order_of("memo"))
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
                title=self.unique(note.name or "", "memo", "(untitled note)"),
                author=self.user(note.user),
                created=created or None,
                id=self.given_id(note.guid),
            )
            self.memos[note.guid] = record.id
            self.identify(record.id, note.guid)
            if note.description is not None and text.startswith(note.description):
                self.note_descriptions[record.id] = note.description
            for ref in note.notes:
                self.about.setdefault(ref, []).append(record.id)

    def read_links(self) -> None:
        items = ordered(
            list(self.qp.links), lambda link: link.guid, self.order_of("relationship")
        )
        evidence = []
        for link in items:
            if link.origin is None or link.target is None:
                self.r.add(
                    "link-ends",
                    "links missing an end were dropped",
                    f"line {link.line}",
                )
                continue
            if (
                link.name in (EVIDENCE, COUNTER_EVIDENCE)
                and link.target in self.segments
            ):
                evidence.append(link)
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
            self.kept_links.append(
                {
                    "guid": link.guid,
                    "name": link.name,
                    "direction": link.direction,
                    "color": link.color,
                    "origin": link.origin,
                    "target": link.target,
                    "notes": list(link.notes),
                }
            )
            element = self.element(other)
            if note in self.memos and element is not None:
                self.about.setdefault(note, []).append(element)
                for ref in link.notes:
                    self.about.setdefault(ref, []).append(element)
                continue
            self.r.add(
                "links",
                "links that join neither two codes nor a note and another element "
                "are kept only for the way back",
                f"{link.name or 'unnamed'!r} (line {link.line})",
            )
        for link in evidence:
            self.evidence(link)

    def evidence(self, link: Any) -> None:
        """Add the selection an ``Evidence`` link points at to its relationship."""
        origin = str(link.origin)
        rel_id = self.relationships.get(origin)
        if rel_id is None and origin in self.memos:
            memo = self.memos[origin]
            rel_id = next(
                (r.id for r in self.p.relationships if r.memo == memo),
                self.noted_relationships.get(origin),
            )
        if rel_id is None:
            self.r.add(
                "dangling",
                "references to missing elements were skipped",
                f"evidence link {link.guid}",
            )
            return
        segment = self.segments[str(link.target)]
        record = self.p.relationships[rel_id]
        counter = link.name == COUNTER_EVIDENCE
        current = record.counter_evidence if counter else record.evidence
        if segment not in current:
            self.p.add_evidence(rel_id, segment, counter=counter)

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
        memo = self.memos.get(str(meta.get("memo", "")).lower())
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
                self.identify(record.id, link.guid)
            for ref in link.notes:
                self.about.setdefault(ref, []).append(record.id)
                self.noted_relationships.setdefault(ref, record.id)

    def read_memo_targets(self) -> None:
        for note, memo_id in self.memos.items():
            meta = self.meta_for("memos", note)
            exact = meta.get("about")
            if isinstance(exact, list):
                about = [self.element(str(g).lower()) for g in exact]
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
            record = self.p.memo(
                target, text, title=unique_name(title, titles, "(untitled note)")
            )
            self.kept_descriptions[record.id] = target
        if self.pending_descriptions:
            self.r.add(
                "descriptions",
                "descriptions of sources and selections became memos about them "
                "(written back as descriptions)",
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
    b = ProjectBuilder(project, qp, texts, reporter, meta, separator)
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
            title=unique_name("Project description", b.names["memo"], "Project"),
        )
    if qp.graphs:
        reporter.add(
            "graphs",
            "network diagrams (Graphs) are kept only for the way back (gtgraph draws "
            "its own)",
            f"{len(qp.graphs)} graph(s)",
        )
    if b.undated:
        reporter.add(
            "undated",
            "selections without a creation date were dated at the time of import in "
            "gtgraph (they are written back without one)",
            f"{b.undated} selection(s)",
        )
    store_kept(project, b.kept(qp))
    actor = settings.get("actor")
    if isinstance(actor, str):
        project.actor = actor
    return project
