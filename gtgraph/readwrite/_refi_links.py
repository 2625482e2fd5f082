"""Write a project's memos and relationships as REFI-QDA ``Notes`` and ``Links``.

Memos are ``Note`` s with their text inline (memos made from descriptions of
sources and selections go back as those descriptions instead); what a memo is
about points at it with a ``NoteRef`` (a participant, which has no
``NoteRef``, with a ``Link`` named "is about").  Relationships are ``Link`` s
named after their type, and each segment grounding one is reached by a
``Link`` named ``Evidence`` (or ``Counter-evidence``) from the relationship's
memo, or from its own ``Link`` when it has no memo.  ``Link`` s read from
another program that are no relationship are written back as they came.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gtgraph.model import Memo
from gtgraph.readwrite._refi_keep import COUNTER_EVIDENCE, EVIDENCE

if TYPE_CHECKING:
    from gtgraph.readwrite._refi_write import Exporter
    from gtgraph.readwrite._xmlwrite import XmlWriter

__all__ = ["write_links", "write_notes"]


def write_notes(x: Exporter, w: XmlWriter) -> None:
    """Write every memo (but those written as descriptions) as a ``Note``."""
    skip = {m.id for m in x.described.values()}
    memos: list[Memo] = [m for m in x.p.memos if m.id not in skip]
    x.remember_order("memo", (m.id for m in memos))
    if not memos:
        return
    w.start("Notes")
    table = x.meta.setdefault("memos", {})
    for memo in memos:
        guid = x.guid(memo.id)
        created = x.datetime(memo.created)
        extra: dict[str, Any] = {"about": [x.guid(a) for a in memo.about]}
        if memo.created is not None and created is None:
            extra["created"] = memo.created
        table[guid] = extra
        w.start(
            "Note",
            [
                ("guid", guid),
                ("name", x.original.get(memo.id, memo.title)),
                ("creatingUser", x.user(memo.author)),
                ("creationDateTime", created),
            ],
        )
        text = memo.text
        description = x.note_descriptions.get(memo.id)
        if description is not None and text.startswith(description):
            w.leaf("Description", description)
            text = text[len(description) :].removeprefix("\n\n")
        w.leaf("PlainTextContent", text)
        x.note_refs(w, memo.id)
        w.end("Note")
    w.end("Notes")


def write_links(x: Exporter, w: XmlWriter) -> None:
    """Write relationships, their evidence and the links kept from others."""
    relationships = list(x.p.relationships)
    x.remember_order("relationship", (r.id for r in relationships))
    participant_memos = [
        (memo_id, target)
        for target, memo_ids in x.notes_about.items()
        if target in x.p.participants
        for memo_id in memo_ids
    ]
    others = [
        k
        for k in x.kept_links
        if k.get("origin") in x.live and k.get("target") in x.live
    ]
    if not relationships and not participant_memos and not others:
        return
    types = x.p.relation_types
    table = x.meta.setdefault("relationships", {})
    w.start("Links")
    for link in others:
        _kept_link(x, w, link)
    for rel in relationships:
        guid = x.guid(rel.id)
        extra: dict[str, Any] = {}
        if rel.evidence:
            extra["evidence"] = [x.guid(s) for s in rel.evidence]
        if rel.counter_evidence:
            extra["counter_evidence"] = [x.guid(s) for s in rel.counter_evidence]
        if rel.memo is not None:
            extra["memo"] = x.guid(rel.memo)
        if extra:
            table[guid] = extra
        rtype = types.get(rel.type)
        symmetric = rtype is not None and rtype.symmetric
        attrs = [
            ("guid", guid),
            ("name", rel.type),
            ("direction", "Bidirectional" if symmetric else "OneWay"),
            ("originGUID", x.guid(rel.source)),
            ("targetGUID", x.guid(rel.target)),
        ]
        refs = list(
            dict.fromkeys(
                [
                    *([rel.memo] if rel.memo else []),
                    *x.notes_about.get(rel.id, []),
                ]
            )
        )
        if refs:
            w.start("Link", attrs)
            for memo_id in refs:
                w.empty("NoteRef", [("targetGUID", x.guid(memo_id))])
            w.end("Link")
        else:
            w.empty("Link", attrs)
    for rel in relationships:
        _evidence_links(x, w, rel)
    for memo_id, target in participant_memos:
        w.empty(
            "Link",
            [
                ("guid", x.guid(f"{memo_id}\x00{target}", "memo-link")),
                ("name", "is about"),
                ("direction", "OneWay"),
                ("originGUID", x.guid(memo_id)),
                ("targetGUID", x.guid(target)),
            ],
        )
    w.end("Links")


def _kept_link(x: Exporter, w: XmlWriter, link: dict[str, Any]) -> None:
    """Write a link read from another program that is no relationship."""
    attrs = [
        ("guid", str(link["guid"])),
        ("name", link.get("name")),
        ("direction", link.get("direction")),
        ("color", link.get("color")),
        ("originGUID", str(link["origin"])),
        ("targetGUID", str(link["target"])),
    ]
    notes = [g for g in link.get("notes", []) if g in x.live]
    if not notes:
        w.empty("Link", attrs)
        return
    w.start("Link", attrs)
    for guid in notes:
        w.empty("NoteRef", [("targetGUID", guid)])
    w.end("Link")


def _evidence_links(x: Exporter, w: XmlWriter, rel: Any) -> None:
    """Write a Link from the relationship's memo (or its Link) to each evidence.

    Programs that keep links carry a relationship's grounding this way even
    without gtgraph's own bookkeeping.
    """
    origin_guid = x.guid(rel.memo) if rel.memo else x.guid(rel.id)
    for name, segments in (
        (EVIDENCE, rel.evidence),
        (COUNTER_EVIDENCE, rel.counter_evidence),
    ):
        for segment in segments:
            w.empty(
                "Link",
                [
                    ("guid", x.guid(f"{rel.id}\x00{name}\x00{segment}", "link")),
                    ("name", name),
                    ("direction", "OneWay"),
                    ("originGUID", origin_guid),
                    ("targetGUID", x.guid(segment)),
                ],
            )
