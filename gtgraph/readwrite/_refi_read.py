"""Map a REFI-QDA project's cases, sources and selections onto a :class:`gtgraph.Project`.

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
from gtgraph.project import Project
from gtgraph.readwrite._offsets import (
    MODELS,
    OffsetMap,
    choose_model,
    models_for_origin,
    name_matches,
)
from gtgraph.readwrite._qdamodel import (
    QdaCoding,
    QdaProject,
    QdaSelection,
    QdaSource,
    QdaValue,
    norm_guid,
)
from gtgraph.readwrite._refi_build import (
    Builder,
    Request,
    SourceText,
    ordered,
)
from gtgraph.readwrite._report import Reporter

__all__ = ["SourceBuilder"]


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


class SourceBuilder(Builder):
    """Reads cases, sources and selections (and keeps them for the way back)."""

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
        # note GUID -> the relationship whose Link refers to it
        self.noted_relationships: dict[str, str] = {}
        self.kept_descriptions: dict[str, str] = {}
        # memo id -> the Description its note came with (put before its text)
        self.note_descriptions: dict[str, str] = {}
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
                "transcripts of audio and video sources are kept for the way back; "
                "those with text also became sources of kind 'transcript'",
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
        self.transcripts(record.id, qs)

    def transcripts(self, source_id: str, qs: QdaSource) -> None:
        """Make a text source of each transcript with text, so it can be analysed.

        The transcript goes back inside its media source as it came (with its
        sync points); segments coded on it in gtgraph cannot (REFI-QDA places
        transcript selections by sync points), which the writer reports.
        """
        parent = self.p.sources[source_id]
        for n, child in enumerate(qs.raw[3] if qs.raw is not None else (), 1):
            guid = norm_guid(child[1].get("guid")) if child[0] == "Transcript" else None
            raw, _ = self.texts.get(f"transcript:{guid}", (None, False))
            if guid is None or raw is None:
                continue
            title = (child[1].get("name") or "").strip() or f"transcript {n}"
            record = self.p.add_source(
                self.unique(f"{parent.name}: {title}", "source", guid),
                OffsetMap(raw, "codepoints").text,
                participant=parent.participant,
                kind="transcript",
                id=self.given_id(guid),
            )
            self.sources[guid] = record.id
            self.identify(record.id, guid)
            self.kept_sources[record.id] = {"transcript_of": source_id}

    def keep_source(self, source_id: str, qs: QdaSource) -> None:
        """Keep the source's users and dates, and the whole element of a media source."""
        entry: dict[str, Any] = {
            "attrs": {k: v for k, v in qs.xml_attrs.items() if k in _AUDIT},
        }
        if qs.raw is not None:
            entry["raw"] = qs.raw
        if qs.description is not None and not qs.description.strip():
            entry["description"] = qs.description  # a placeholder (NVivo)
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
