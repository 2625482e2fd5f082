"""Map a REFI-QDA project's records onto a :class:`gtgraph.Project`.

The texts of the sources have been fetched from the archive by the caller.
Codes, categories and sets are read by :class:`~gtgraph.readwrite._refi_build.Builder`;
this module adds the rest:

* ``Set`` of sources: a source attribute named after the set (``key: value``
  attributes for ATLAS.ti's ``"gender: male"`` sets); the set is kept.
* ``Case`` with a name: a participant, its ``VariableValue`` s its attributes,
  its ``SourceRef`` s the sources it gave; nameless cases (MAXQDA) carry
  source attributes.
* ``PlainTextSelection`` with ``Coding`` s: segments; positions converted by
  :mod:`gtgraph.readwrite._offsets`.  Selections of pictures, PDFs and media
  become segments that carry only a label as their quote; the whole element
  of such a source is kept (see :mod:`gtgraph.readwrite._refi_keep`).
* ``Note`` + ``NoteRef``: memos about the elements that refer to them; a
  ``Link`` between a note and another element also makes the memo about it.
* ``Link`` between two codes or categories: a typed relationship (name = type;
  ``OneWay`` directed; ``Bidirectional`` both ways; ``Associative`` undirected);
  ``Evidence`` links from a relationship (or its memo) to a selection: the
  relationship's evidence.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from gtgraph.errors import GtGraphError
from gtgraph.model import RelationType
from gtgraph.project import Project
from gtgraph.readwrite._offsets import (
    MODELS,
    OffsetMap,
    choose_model,
    models_for_origin,
    name_matches,
)
from gtgraph.readwrite._qdamodel import (
    QdaCode,
    QdaCoding,
    QdaProject,
    QdaSelection,
    QdaSource,
    QdaValue,
)
from gtgraph.readwrite._refi_build import (
    Builder,
    Request,
    SourceText,
    ordered,
    unique_name,
)
from gtgraph.readwrite._refi_keep import COUNTER_EVIDENCE, EVIDENCE, store_kept
from gtgraph.readwrite._report import Reporter

__all__ = ["build_project"]


# -- projects ------------------------------------------------------------------------


#: The gtgraph source kind of each REFI-QDA source element.
_SOURCE_KINDS = {
    "TextSource": "interview",
    "PDFSource": "document",
    "PictureSource": "picture",
    "AudioSource": "audio",
    "VideoSource": "video",
}


#: Attributes of sources kept for the way back (who made and changed them, when).
_AUDIT = frozenset(
    {"creatingUser", "creationDateTime", "modifyingUser", "modifiedDateTime"}
)
#: Attributes of selections kept for the way back: their name, users and dates.
_SELECTION_KEPT = _AUDIT | {"name", "startPosition", "endPosition"}


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


class _ProjectBuilder(Builder):
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
        units = meta.get("units")
        self.models = (
            (units, *(m for m in MODELS if m != units))
            if isinstance(units, str) and units in MODELS
            else models_for_origin(qp.origin)
        )
        self.kept_sources: dict[str, dict[str, Any]] = {}
        self.kept_selections: dict[str, list[dict[str, Any]]] = {}
        self.undated = 0
        self.kept_links: list[dict[str, Any]] = []
        self.kept_descriptions: dict[str, str] = {}
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

    def read_source_sets(self) -> None:
        for qset in self.qp.sets:
            if not qset.sources:
                continue
            name = qset.name.strip() or qset.guid
            key, sep, value = name.partition(": ")
            attribute: list[Any]
            if sep and key.strip() and value.strip():
                text = value.strip()
                attribute = [
                    key.strip(),
                    int(text) if re.fullmatch(r"-?\d{1,15}", text) else text,
                ]
            else:
                attribute = [name, True]
            for member in qset.sources:
                attributes = self.source_attributes.setdefault(member, {})
                attributes[attribute[0]] = attribute[1]
            self.set_roles.setdefault(qset.guid, {})["attribute"] = attribute
            self.r.add(
                "source-sets",
                "sets of sources also became source attributes named after the set "
                "('key: value' sets became attributes; the sets are written back)",
                repr(name),
            )

    # -- sources and selections ------------------------------------------------------

    def read_sources(self) -> None:
        items = ordered(
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
        name = self.unique(qs.name or "", "source", fallback or qs.guid)
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
        self.identify(record.id, qs.guid)
        self.keep_source(record.id, qs)
        if qs.transcripts:
            self.r.add(
                "transcripts",
                "transcripts of audio and video sources are kept only for the way back "
                "(their text is not analysed)",
                repr(name),
            )
        if qs.description and qs.description.strip():
            self.pending_descriptions.append(
                (record.id, f"Description of {name}", qs.description)
            )
        requests: list[Request] = []
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

    def keep_source(self, source_id: str, qs: QdaSource) -> None:
        """Keep the source's users and dates, and the whole element of a media source."""
        entry: dict[str, Any] = {
            "attrs": {k: v for k, v in qs.xml_attrs.items() if k in _AUDIT},
        }
        if qs.raw is not None:
            entry["raw"] = qs.raw
        self.kept_sources.setdefault(source_id, {}).update(entry)

    def keep_selection(self, segment_id: str, request: Request) -> None:
        """Keep a selection's GUID, name, users and dates, and its codings' identities.

        Several selections of the same passage become one segment (with all their
        codes); each is kept, so that each goes back as it came.
        """
        selection = request.selection
        codings: dict[str, list[str | None]] = {}
        for coding in request.codings:
            code_id = self.codable.get(coding.code or "")
            if code_id is not None and coding.guid is not None:
                codings.setdefault(code_id, [coding.guid, coding.user, coding.created])
        entries = self.kept_selections.setdefault(segment_id, [])
        if any(e["guid"] == selection.guid for e in entries):
            return
        entries.append(
            {
                "guid": selection.guid,
                "attrs": {
                    k: v for k, v in selection.xml_attrs.items() if k in _SELECTION_KEPT
                },
                "codings": codings,
            }
        )
        if selection.description is not None and not selection.description.strip():
            entries[-1]["description"] = selection.description
        self.identify(segment_id, selection.guid)
        if selection.created is None:
            self.undated += 1

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
        }
        return {k: v for k, v in data.items() if v}

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
    ) -> list[Request]:
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
        requests: list[Request] = []
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
            requests.append(Request(selection, source_name, codings, span))
        if len(groups) > 1:
            self.r.add(
                "coders",
                "selections coded by several users became one segment per coder",
                f"{source_name}",
            )
        return requests

    def place(self, requests: list[Request]) -> None:
        """Code the planned spans in one change, then attach notes and comments.

        When a span cannot be placed, the spans are coded one by one instead, so
        that only the selections that fail are dropped (with a warning).
        """
        try:
            segments: list[Any] = self.p.code_many([r.span for r in requests])
        except GtGraphError:
            segments = []
            for request in requests:
                try:
                    segments.append(self.p.code_many([request.span])[0])
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
            self.keep_selection(segment.id, request)
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
                segment = self.p.code(
                    source_id,
                    codes=[code_id],
                    coder=self.user(coding.user),
                    quote=f"[whole of {name}]",
                )
            else:
                segment = self.p.code(
                    source_id, 0, len(text), [code_id], coder=self.user(coding.user)
                )
            self.kept_sources.setdefault(source_id, {}).setdefault("whole", []).append(
                segment.id
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
            rel_id = next((r.id for r in self.p.relationships if r.memo == memo), None)
        if rel_id is None:
            self.r.add(
                "dangling",
                "references to missing elements were skipped",
                f"evidence link {link.guid}",
            )
            return
        segment = self.segments[str(link.target)]
        record = self.p.relationships[rel_id]
        field = "evidence" if link.name == EVIDENCE else "counter_evidence"
        current = getattr(record, field)
        if segment not in current:
            self.p.update(rel_id, kind="relationship", **{field: [*current, segment]})

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
