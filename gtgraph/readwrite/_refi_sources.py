"""Write a project's sources and selections as REFI-QDA ``Sources``.

Text sources are ``TextSource`` s with an ``internal://<GUID>.txt`` file (UTF-8,
LF, no byte order mark); their segments are ``PlainTextSelection`` s whose
positions are counted in the target program's unit (see
:mod:`gtgraph.readwrite._offsets`).  Sources read from PDF, picture, audio and
video elements are written back as the element they were read from, with the
selections of every kind, transcripts and sync points unchanged; only what
gtgraph analyses is rewritten from the project: the codings of each selection
(from the segment the selection became), the PDF's text representation and its
text selections, the memos (``NoteRef``) and the attributes
(``VariableValue``).  A selection keeps its GUID, name, users and dates, and a
coding its GUID, user and date.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from gtgraph.model import Segment
from gtgraph.readwrite._offsets import OffsetMap
from gtgraph.readwrite._qdamodel import RawNode, norm_guid
from gtgraph.readwrite._xmlwrite import XmlWriter

if TYPE_CHECKING:
    from gtgraph.model import Source
    from gtgraph.readwrite._refi_write import Exporter

__all__ = ["GUID_ATTRIBUTES", "SourceWriter", "write_raw"]

#: Attributes whose values are GUIDs (written in one spelling).
GUID_ATTRIBUTES = frozenset(
    {
        "guid",
        "targetGUID",
        "originGUID",
        "representedGUID",
        "sourceVertex",
        "targetVertex",
        "creatingUser",
        "modifyingUser",
        "creatingUserGUID",
        "modifyingUserGUID",
        "fromSyncPoint",
        "toSyncPoint",
    }
)
_MEDIA_SELECTIONS = frozenset(
    {"PDFSelection", "PictureSelection", "AudioSelection", "VideoSelection"}
)
_AUDIT = ("creatingUser", "creationDateTime", "modifyingUser", "modifiedDateTime")


def _attrs(
    given: dict[str, str] | dict[str, str | None], **override: str | None
) -> list[tuple[str, str | None]]:
    """Return *given* attributes with GUIDs normalised and *override* applied."""
    result: dict[str, str | None] = dict(given)
    result.update(override)
    return [
        (k, norm_guid(v) if k in GUID_ATTRIBUTES and v is not None else v)
        for k, v in result.items()
    ]


def write_raw(w: XmlWriter, node: RawNode) -> None:
    """Write a kept element and everything inside it, GUIDs normalised.

    Built without recursion, as the kept element comes from a file.
    """
    stack: list[tuple[RawNode, bool]] = [(node, False)]
    while stack:
        item, closing = stack.pop()
        tag, attributes, text, children = item
        if closing:
            w.end(tag)
        elif children:
            w.start(tag, _attrs(attributes))
            stack.append((item, True))
            stack.extend((child, False) for child in reversed(children))
        elif text:
            w.leaf(tag, text, _attrs(attributes))
        else:
            w.empty(tag, _attrs(attributes))


@attrs.define
class _Plan:
    """A selection to write: its GUID, first segment, kept attributes and codes."""

    guid: str
    segment: Segment
    given: dict[str, str | None] | None
    #: An empty description the selection came with (NVivo writes one on each).
    description: str | None = None
    segments: list[Segment] = attrs.field(factory=list)
    #: (segment, code id, coder, kept [GUID, user, date] of the coding or None)
    codes: list[tuple[Segment, str, str | None, list[Any] | None]] = attrs.field(
        factory=list
    )


def _coded(node: RawNode) -> str | None:
    """Return the code GUID a raw ``Coding`` refers to."""
    for child in node[3]:
        if child[0] == "CodeRef":
            return norm_guid(child[1].get("targetGUID"))
    return None


class SourceWriter:
    """Writes the ``Sources`` of one export."""

    def __init__(self, exporter: Exporter, model: str) -> None:
        self.x = exporter
        self.model = model
        kept = exporter.kept
        sources = kept.get("sources")
        self.kept_sources: dict[str, Any] = sources if isinstance(sources, dict) else {}
        selections = kept.get("selections")
        self.kept_selections: dict[str, Any] = (
            selections if isinstance(selections, dict) else {}
        )
        self.files: dict[str, bytes] = {}

    # -- selections -------------------------------------------------------------

    def plan(self, segments: Iterable[Segment]) -> list[_Plan]:
        """Return the selections to write for *segments*, in order.

        A segment goes back as the selections it was read from (several
        selections of one passage become one segment; one selection coded by
        several users becomes a segment per user): each code goes with the
        selection that carried it, a code added in gtgraph with the first.
        """
        x = self.x
        plans: dict[str, _Plan] = {}
        for segment in segments:
            entries = self.kept_selections.get(segment.id) or []
            codes = x.codes_of.get(segment.id, [])
            homes: list[tuple[str, dict[str, Any] | None]] = [
                (str(e["guid"]), e) for e in entries if isinstance(e, dict)
            ] or [(x.guid(segment.id), None)]
            assigned: dict[str, list[tuple[str, str | None, list[Any] | None]]] = {
                guid: [] for guid, _ in homes
            }
            for code, coder in codes:
                for guid, entry in homes:
                    given = entry["codings"].get(code) if entry is not None else None
                    if given is not None:
                        assigned[guid].append((code, coder, given))
                        break
                else:
                    assigned[homes[0][0]].append((code, coder, None))
            for n, (guid, entry) in enumerate(homes):
                if n and not assigned[guid]:
                    continue  # its codes were taken off the passage in gtgraph
                key = guid
                plan = plans.get(key)
                span = (segment.start, segment.end)
                if plan is not None and (plan.segment.start, plan.segment.end) != span:
                    # one coder's copy of the passage was moved in gtgraph
                    key = x.guid(f"{segment.id}:{guid}", "selection")
                    plan = plans.get(key)
                if plan is None:
                    given = (
                        None
                        if entry is None or key != guid
                        else dict(entry.get("attrs", {}))
                    )
                    plan = plans[key] = _Plan(key, segment, given)
                    if given is not None and entry is not None:
                        plan.description = entry.get("description")
                plan.segments.append(segment)
                plan.codes.extend((segment, *item) for item in assigned[guid])
        return list(plans.values())

    def codings(
        self,
        w: XmlWriter,
        plan: _Plan,
        raw: dict[str, dict[str, str | None]],
    ) -> None:
        """Write one ``Coding`` per code of the selection; GUIDs, users, dates kept."""
        x = self.x
        written: set[str] = set()
        for segment, code, coder, kept in plan.codes:
            code_guid = x.guid(code)
            if code_guid in written:
                continue
            written.add(code_guid)
            given = raw.get(code_guid)
            if given is None and kept is not None:
                guid, user, created = kept
                given = {
                    "guid": guid,
                    "creatingUser": user,
                    "creationDateTime": created,
                }
            if given is None:
                given = {
                    "guid": x.guid(f"{segment.id}\x00{code}", "coding"),
                    "creatingUser": x.user(coder),
                    "creationDateTime": x.datetime(segment.created),
                }
            w.start("Coding", _attrs({k: v for k, v in given.items() if v}))
            w.empty("CodeRef", [("targetGUID", code_guid)])
            w.end("Coding")

    def note_refs(self, w: XmlWriter, plan: _Plan) -> None:
        if plan.guid != self.x.guid(plan.segment.id):
            return  # a second selection of the passage: the memos go with the first
        for segment in plan.segments:
            self.x.note_refs(w, segment.id)

    def text_selection(
        self, w: XmlWriter, plan: _Plan, offsets: OffsetMap | None
    ) -> None:
        """Write a ``PlainTextSelection``."""
        x = self.x
        segment = plan.segment
        if segment.start is not None and segment.end is not None:
            start, end = segment.start, segment.end
            if offsets is not None:
                start, end = offsets.to_producer(start), offsets.to_producer(end)
            position = {"startPosition": str(start), "endPosition": str(end)}
        elif plan.given is not None and "startPosition" in plan.given:
            position = {}  # the text is missing: the positions go back as they came
        else:
            x.meta.setdefault("segments", {}).setdefault(plan.guid, {})[
                "quote_only"
            ] = True
            position = {"startPosition": "0", "endPosition": "0"}
        if plan.given is not None:
            given: dict[str, str | None] = dict(plan.given)
        else:
            given = {
                "name": segment.quote,
                "creatingUser": x.user(segment.coder),
                "creationDateTime": x.datetime(segment.created),
            }
            if segment.created is not None and given["creationDateTime"] is None:
                x.meta.setdefault("segments", {}).setdefault(plan.guid, {})[
                    "created"
                ] = segment.created
        given.update(position)
        given = {k: v for k, v in given.items() if v is not None}
        given["guid"] = plan.guid
        w.start("PlainTextSelection", _attrs(given))
        self.description(w, segment.id, plan.description)
        self.codings(w, plan, {})
        self.note_refs(w, plan)
        w.end("PlainTextSelection")

    def description(self, w: XmlWriter, target: str, fallback: str | None) -> bool:
        """Write the ``Description`` of *target* (a memo made from one, or *fallback*)."""
        memo = self.x.described.get(target)
        if memo is not None:
            w.leaf("Description", memo.text)
            return True
        if fallback is not None:
            w.leaf("Description", fallback)
            return True
        return False

    # -- sources ------------------------------------------------------------------

    def offsets(self, text: str | None) -> OffsetMap | None:
        if text is None or self.model in ("codepoints", "lines"):
            return None  # gtgraph's own offsets: the text is written with LF
        return OffsetMap(text, self.model)

    def text_file(self, guid: str, text: str) -> str:
        self.files[f"sources/{guid}.txt"] = text.encode("utf-8")
        return f"internal://{guid}.txt"

    def source(self, w: XmlWriter, source: Source, segments: list[Segment]) -> None:
        """Write one source (a ``TextSource``, or the media element it came from)."""
        x = self.x
        guid = x.guid(source.id)
        kept = self.kept_sources.get(source.id, {})
        extra = x.meta.setdefault("sources", {}).setdefault(guid, {})
        extra["order"] = source.order
        if source.kind != "interview":
            extra["kind"] = source.kind
        if source.path is not None:
            extra["path"] = source.path
        if "transcript_of" in kept:
            # written inside its media source, as it came
            del x.meta["sources"][guid]
            if segments:
                x.reporter.add(
                    "transcript-segments",
                    "segments coded on transcripts in gtgraph were not written "
                    "(REFI-QDA places them by sync points)",
                    source.name,
                )
            return
        raw = kept.get("raw")
        if isinstance(raw, list):
            self.media(w, source, raw, segments)
            return
        path = None
        if source.text is None:
            extra["no_text"] = True
        else:
            path = self.text_file(guid, source.text)
        given = dict(kept.get("attrs", {}))
        given.update(guid=guid, name=x.name_of(source), plainTextPath=path)
        w.start("TextSource", _attrs({k: v for k, v in given.items() if v is not None}))
        self.description(w, source.id, kept.get("description"))
        offsets = self.offsets(source.text)
        for plan in self.plan(segments):
            self.text_selection(w, plan, offsets)
        self.tail(w, source)
        w.end("TextSource")

    def tail(self, w: XmlWriter, source: Source) -> None:
        """Write the source's ``NoteRef`` s and ``VariableValue`` s."""
        x = self.x
        x.note_refs(w, source.id)
        x.values(w, source.attributes, "sources", x.guid(source.id))

    def media(
        self, w: XmlWriter, source: Source, raw: RawNode, segments: list[Segment]
    ) -> None:
        """Write a PDF, picture, audio or video source back as it was read."""
        x = self.x
        by_guid: dict[str, _Plan] = {}
        text_plans: list[_Plan] = []
        selections = {
            norm_guid(child[1].get("guid"))
            for child in raw[3]
            if child[0] in _MEDIA_SELECTIONS
        }
        whole = set(self.kept_sources.get(source.id, {}).get("whole", ()))
        for plan in self.plan(segments):
            first = plan.segment
            by_guid.setdefault(plan.guid, plan)
            if first.start is not None or "startPosition" in (plan.given or {}):
                text_plans.append(plan)
            elif plan.guid not in selections and first.id not in whole:
                x.reporter.add(
                    "media-segment",
                    "segments of media sources that are no selection of the file they "
                    "came from were not written",
                    f"{source.name}: {first.quote[:40]!r}",
                )
        tag, attributes, _text, children = raw
        w.start(
            tag,
            _attrs(attributes, guid=x.guid(source.id), name=x.name_of(source)),
        )
        emitted_text = False
        described = self.description(w, source.id, None)
        for child in children:
            kind = child[0]
            if kind == "Description" and described:
                continue
            if kind in _MEDIA_SELECTIONS:
                self.media_selection(w, child, by_guid)
            elif kind == "Representation":
                self.representation(w, child, source, text_plans)
                emitted_text = True
            elif kind == "Coding":
                if _coded(child) in x.live:
                    write_raw(w, child)
                else:
                    x.reporter.add(
                        "dropped-coding",
                        "codings of codes no longer in the project were not written",
                        f"{source.name}",
                    )
            elif kind not in ("NoteRef", "VariableValue"):
                write_raw(w, child)
        if text_plans and not emitted_text:
            x.reporter.add(
                "media-text",
                "text segments of media sources without a text representation were "
                "not written",
                source.name,
            )
        self.tail(w, source)
        w.end(tag)

    def media_selection(
        self, w: XmlWriter, node: RawNode, by_guid: dict[str, _Plan]
    ) -> None:
        x = self.x
        tag, attributes, _text, children = node
        guid = norm_guid(attributes.get("guid")) or ""
        plan = by_guid.get(guid)
        if plan is None:
            x.reporter.add(
                "deleted-selection",
                "selections whose segment was deleted in gtgraph were not written",
                f"{tag} {attributes.get('name') or guid}",
            )
            return
        w.start(tag, _attrs(attributes))
        described = self.description(w, plan.segment.id, None)
        raw_codings: dict[str, dict[str, str | None]] = {}
        for child in children:
            if child[0] == "Description" and described:
                continue
            if child[0] == "Coding":
                code = _coded(child)
                if code is not None:
                    raw_codings.setdefault(code, child[1])
            elif child[0] != "NoteRef":
                write_raw(w, child)
        self.codings(w, plan, raw_codings)
        self.note_refs(w, plan)
        w.end(tag)

    def representation(
        self,
        w: XmlWriter,
        node: RawNode,
        source: Source,
        plans: list[_Plan],
    ) -> None:
        """Write a PDF's text representation from the source's text and segments."""
        attributes = dict(node[1])
        guid = norm_guid(attributes.get("guid")) or self.x.guid(source.id, "text")
        if source.text is not None:
            attributes.pop("richTextPath", None)
            attributes["plainTextPath"] = self.text_file(guid, source.text)
        attributes["guid"] = guid
        w.start("Representation", _attrs(attributes))
        for child in node[3]:
            if child[0] in ("Description", "PlainTextContent") and source.text is None:
                write_raw(w, child)
        offsets = self.offsets(source.text)
        for plan in plans:
            self.text_selection(w, plan, offsets)
        w.end("Representation")
