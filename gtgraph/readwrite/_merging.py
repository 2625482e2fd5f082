"""The work of a merge: projects' content keyed by what elements are, and applying it.

See :mod:`gtgraph.readwrite.merging` for the rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from gtgraph.errors import GtGraphError

if TYPE_CHECKING:
    from gtgraph.model import Segment
    from gtgraph.project import Project

__all__ = ["Conflict", "MergeReport", "Merger"]

Span = tuple[str, int | None, int | None, str | None]

_PLURAL = {"code": "codes", "category": "categories"}
_SINGULAR = {
    "categories": "category",
    "codes": "code",
    "codings": "coding",
    "dimensions": "dimension",
    "hierarchy links": "hierarchy link",
    "memos": "memo",
    "properties": "property",
    "relationships": "relationship",
    "sources": "source",
}


@attrs.frozen
class Conflict:
    """Something two projects say differently, and what the merge kept.

    Attributes
    ----------
    kind : str
        ``"definition"``, ``"categories"``, ``"relationship"``, ``"memo"``,
        ``"source"`` or ``"changed on both sides"``.
    name : str
        The element (a code, category, relationship or memo).
    ours, theirs : str
        What each side says.
    kept : str
        What the merged project holds.
    """

    kind: str
    name: str
    ours: str
    theirs: str
    kept: str

    def __str__(self) -> str:
        return (
            f"{self.kind}: {self.name}: ours {self.ours}; theirs {self.theirs}; "
            f"kept {self.kept}"
        )


@attrs.define
class MergeReport:
    """What a merge brought in, and the conflicts it could not decide.

    Attributes
    ----------
    added : dict
        Counts of what was added, by kind of element.
    removed : dict
        Counts of what was removed (three-way merges only: removed on the other
        side since the common version).
    conflicts : list of Conflict
        Everything that needs a person's decision.
    """

    added: dict[str, int] = attrs.field(factory=dict)
    removed: dict[str, int] = attrs.field(factory=dict)
    conflicts: list[Conflict] = attrs.field(factory=list)

    @property
    def clean(self) -> bool:
        """True when there is no conflict."""
        return not self.conflicts

    def count(self, what: str, *, removed: bool = False) -> None:
        """Count one element added (or removed)."""
        table = self.removed if removed else self.added
        table[what] = table.get(what, 0) + 1

    def __str__(self) -> str:
        def counts(table: Mapping[str, int]) -> str:
            return ", ".join(
                f"{n} {what if n != 1 else _SINGULAR.get(what, what)}"
                for what, n in sorted(table.items())
            )

        lines = [f"added: {counts(self.added) or 'nothing'}"]
        if self.removed:
            lines.append(f"removed: {counts(self.removed)}")
        if self.conflicts:
            lines.append(
                f"{len(self.conflicts)} conflict(s), resolved in favour of ours:"
            )
            lines.extend(f"  - {c}" for c in self.conflicts)
        else:
            lines.append("no conflicts")
        return "\n".join(lines)


# ------------------------------------------------------------------ merging


# ------------------------------------------------------------------ content


@attrs.define
class _Content:
    """A project's content keyed by what elements are, not by their ids."""

    sources: dict[str, Any] = attrs.field(factory=dict)  # name -> Source
    codes: dict[str, tuple[Any, ...]] = attrs.field(factory=dict)
    categories: dict[str, tuple[Any, ...]] = attrs.field(factory=dict)
    properties: dict[tuple[str, str], tuple[Any, ...]] = attrs.field(factory=dict)
    hierarchy: set[tuple[str, str, str]] = attrs.field(factory=set)
    codings: dict[tuple[Any, ...], str | None] = attrs.field(factory=dict)
    relationships: dict[tuple[str, ...], tuple[Any, ...]] = attrs.field(factory=dict)
    memos: dict[tuple[Any, ...], tuple[Any, ...]] = attrs.field(factory=dict)


def _content(project: Project, names: Mapping[str, str]) -> _Content:
    """Read *project*'s content; *names* maps its source names to the merged ones."""
    c = _Content()
    for s in project.sources:
        c.sources[names.get(s.name, s.name)] = s
    for code in project.codes:
        c.codes[code.name] = (code.definition, code.stage, code.in_vivo, code.colour)
    for cat in project.categories:
        c.categories[cat.name] = (cat.definition, cat.theme, cat.core, cat.colour)
        for prop in cat.properties:
            dims = tuple((d.name, d.low, d.high) for d in prop.dimensions)
            c.properties[cat.name, prop.name] = (prop.definition, dims)
    for concept in [*project.codes, *project.categories]:
        for parent in project.parents(concept.id):
            c.hierarchy.add((concept.KIND, concept.name, parent.name))
    spans = {seg.id: _span(project, seg, names) for seg in project.segments}
    created = {seg.id: seg.created for seg in project.segments}
    for coding in project.codings:
        code = project.get(coding.code).name
        coding_key = (*spans[coding.segment], code, coding.coder)
        c.codings[coding_key] = created[coding.segment]
    for rel in project.relationships:
        a, b = project.get(rel.source), project.get(rel.target)
        key = (a.KIND, a.name, rel.type, b.KIND, b.name)
        evidence = frozenset(spans[s] for s in rel.evidence)
        counter = frozenset(spans[s] for s in rel.counter_evidence)
        c.relationships[key] = (evidence, counter)
    for memo in project.memos:
        about = frozenset(_about(project, k) for k in memo.about)
        c.memos[memo.author, memo.created, memo.title] = (memo.text, about)
    return c


def _span(project: Project, seg: Segment, names: Mapping[str, str]) -> Span:
    src = project.get(seg.source).name
    quote = seg.quote if seg.start is None else None
    return (names.get(src, src), seg.start, seg.end, quote)


def _about(project: Project, key: str) -> tuple[str, str]:
    record = project.get(key)
    return (record.KIND, record.name)


def _source_names(project: Project, into: Project) -> dict[str, str]:
    """Map *project*'s source names to those of the sources with the same text in *into*.

    A source of the same name and text maps to itself; otherwise a text that
    only one source of *into* has names it.  Texts several sources share
    (empty texts, for example) are matched by name only.
    """
    same_text: dict[str, list[str]] = {}
    for s in into.sources:
        if s.text is not None:
            same_text.setdefault(s.text, []).append(s.name)
    out = {}
    for s in project.sources:
        if s.text is None:
            continue
        candidates = same_text.get(s.text, [])
        if s.name in candidates:
            out[s.name] = s.name
        elif len(candidates) == 1:
            out[s.name] = candidates[0]
    return out


class Merger:
    """Apply what *theirs* has (since *base*, if given) to *merged*."""

    def __init__(
        self,
        merged: Project,
        base: Project | None,
        theirs: Project,
        report: MergeReport,
    ) -> None:
        self.merged = merged
        self.report = report
        self.theirs = theirs
        self.three_way = base is not None
        self.their_names = _source_names(theirs, merged)
        self.base = (
            _content(base, _source_names(base, merged))
            if base is not None
            else _Content()
        )
        self.ours = _content(merged, {})
        self.new = _content(theirs, self.their_names)
        self.spans = {_span(merged, s, {}): s.id for s in merged.segments}

    def conflict(self, kind: str, name: str, ours: Any, theirs: Any, kept: str) -> None:
        self.report.conflicts.append(Conflict(kind, name, str(ours), str(theirs), kept))

    def run(self) -> None:
        self.sources()
        self.vocabulary()
        self.records("code", self.base.codes, self.ours.codes, self.new.codes)
        self.records(
            "category", self.base.categories, self.ours.categories, self.new.categories
        )
        self.properties()
        self.hierarchy()
        self.codings()
        self.relationships()
        self.memos()

    # -- sources and relation types: added, never removed

    def sources(self) -> None:
        for name, s in self.new.sources.items():
            if name in self.ours.sources:
                ours = self.ours.sources[name]
                if s.text is not None and ours.text != s.text:
                    new_name = self._free_name(name)
                    self.conflict(
                        "source",
                        name,
                        "a different text",
                        "a different text",
                        f"both, theirs as {new_name!r}",
                    )
                    self._add_source(s, new_name)
                continue
            if name in self.base.sources:
                continue  # removed by ours since the common version: stays removed
            self._add_source(s, name)

    def _free_name(self, name: str) -> str:
        n = 2
        while f"{name} ({n})" in self.merged.sources:
            n += 1
        return f"{name} ({n})"

    def _add_source(self, s: Any, name: str) -> None:
        participant = self.theirs.get(s.participant).name if s.participant else None
        self.merged.add_source(
            name,
            text=s.text,
            participant=participant,
            kind=s.kind,
            attributes=dict(s.attributes),
            path=s.path,
        )
        self.their_names[s.name] = name
        self.report.count("sources")

    def vocabulary(self) -> None:
        for vocab in self.theirs.vocabularies:
            if vocab not in self.merged.vocabularies:
                self.merged.enable_vocabulary(vocab)
        for name, rtype in self.theirs.relation_types.items():
            if name not in self.merged.relation_types:
                self.merged.add_relation_type(rtype)

    # -- codes and categories: added, changed, removed

    def records(
        self,
        kind: str,
        base: Mapping[str, tuple[Any, ...]],
        ours: Mapping[str, tuple[Any, ...]],
        theirs: Mapping[str, tuple[Any, ...]],
    ) -> None:
        fields = (
            ("definition", "stage", "in_vivo", "colour")
            if kind == "code"
            else ("definition", "theme", "core", "colour")
        )
        for name, value in theirs.items():
            if name not in ours:
                if name in base:
                    continue  # ours removed it
                add = (
                    self.merged.add_code if kind == "code" else self.merged.add_category
                )
                add(name, **dict(zip(fields, value, strict=True)))
                self.report.count(_PLURAL[kind])
                continue
            mine = ours[name]
            old = base.get(name)
            changes = {}
            for field, o, t, b in zip(
                fields, mine, value, old or (None,) * 4, strict=True
            ):
                if t in (o, b):
                    continue
                if o == b or (old is None and o in ("", None)):
                    changes[field] = t
                elif not (old is None and t in ("", None)):
                    kind_ = (
                        "definition"
                        if field == "definition"
                        else "changed on both sides"
                    )
                    self.conflict(
                        kind_, f"{kind} {name!r} ({field})", repr(o), repr(t), "ours"
                    )
            if changes:
                self.merged.update(name, kind=kind, **changes)
        for name in base:
            if name in ours and name not in theirs and ours[name] == base[name]:
                self._remove_concept(kind, name)

    def _remove_concept(self, kind: str, name: str) -> None:
        used = {k for k in self.ours.codings if k[4] == name} - set(self.base.codings)
        if kind == "code" and used:
            self.conflict(
                "changed on both sides",
                f"code {name!r}",
                f"{len(used)} new coding(s)",
                "removed the code",
                "ours",
            )
            return
        self.merged.remove(name, kind=kind)
        self.report.count(_PLURAL[kind], removed=True)

    def properties(self) -> None:
        for (cat, prop), (definition, dims) in self.new.properties.items():
            if cat not in self.merged.categories:
                continue
            mine = self.ours.properties.get((cat, prop))
            if mine is None:
                if (cat, prop) not in self.base.properties:
                    self.merged.add_property(
                        cat, prop, definition=definition, dimensions=dims
                    )
                    self.report.count("properties")
                continue
            for dim in dims:
                if dim not in mine[1]:
                    self.merged.add_dimension(cat, prop, dim)
                    self.report.count("dimensions")
            if definition != mine[0] and definition and mine[0]:
                self.conflict(
                    "definition",
                    f"property {prop!r} of {cat!r}",
                    repr(mine[0]),
                    repr(definition),
                    "ours",
                )

    def hierarchy(self) -> None:
        parents: dict[tuple[str, str], set[str]] = {}
        for kind, child, parent in self.ours.hierarchy:
            parents.setdefault((kind, child), set()).add(parent)
        for edge in self.new.hierarchy - self.ours.hierarchy - self.base.hierarchy:
            kind, child, parent = edge
            if child not in self._view(kind) or parent not in self.merged.categories:
                continue
            mine = parents.get((kind, child), set()) - {parent}
            if kind == "code" and mine:
                self.conflict(
                    "categories",
                    f"code {child!r}",
                    "in " + ", ".join(repr(m) for m in sorted(mine)),
                    f"in {parent!r}",
                    "the code in both",
                )
            try:
                self.merged.categorize(
                    self._key(kind, child), self._key("category", parent)
                )
            except GtGraphError as error:
                self.conflict(
                    "categories",
                    f"{kind} {child!r}",
                    "",
                    f"in {parent!r}",
                    f"ours ({error})",
                )
                continue
            self.report.count("hierarchy links")
        for edge in (self.base.hierarchy & self.ours.hierarchy) - self.new.hierarchy:
            kind, child, parent = edge
            self.merged.uncategorize(
                self._key(kind, child), self._key("category", parent)
            )
            self.report.count("hierarchy links", removed=True)

    def _view(self, kind: str) -> Any:
        return self.merged.codes if kind == "code" else self.merged.categories

    def _key(self, kind: str, name: str) -> str:
        return str(self._view(kind)[name].id)

    # -- codings

    def _segment(self, span: Span, created: str | None = None) -> str:
        sid = self.spans.get(span)
        if sid is None:
            src, start, end, quote = span
            seg = self.merged.code(src, start, end, quote=quote, created=created)
            sid = self.spans[span] = seg.id
        return sid

    def codings(self) -> None:
        actor = self.merged.actor
        try:
            for key, created in self.new.codings.items():
                if key in self.ours.codings or key in self.base.codings:
                    continue
                src, start, end, quote, code, coder = key
                self.merged.actor = coder
                seg = self.merged.code(
                    src,
                    start,
                    end,
                    codes=[code],
                    coder=coder,
                    quote=quote,
                    created=created,
                )
                self.spans.setdefault((src, start, end, quote), seg.id)
                self.report.count("codings")
            for key in set(self.base.codings) & set(self.ours.codings) - set(
                self.new.codings
            ):
                src, start, end, quote, code, _ = key
                sid = self.spans.get((src, start, end, quote))
                if sid is not None and code in self.merged.codes:
                    self.merged.uncode(sid, code)
                    self.report.count("codings", removed=True)
        finally:
            self.merged.actor = actor

    # -- relationships and memos

    def relationships(self) -> None:
        for key, (evidence, counter) in self.new.relationships.items():
            a_kind, a, rtype, b_kind, b = key
            if key in self.ours.relationships:
                mine = self.ours.relationships[key]
                more = (evidence - mine[0], counter - mine[1])
                rel = self._relationship(key)
                for segs, is_counter in ((more[0], False), (more[1], True)):
                    if segs:
                        ids = [self._segment(s) for s in segs]
                        self.merged.add_evidence(rel, ids, counter=is_counter)
                continue
            if key in self.base.relationships:
                continue
            if a not in self._view(a_kind) or b not in self._view(b_kind):
                continue
            contradiction = None
            for other in self.ours.relationships:
                same = other[0:2] == key[0:2] and other[3:5] == key[3:5]
                reverse = other[0:2] == key[3:5] and other[3:5] == key[0:2]
                if (same and other[2] != rtype) or (reverse and other[2] == rtype):
                    contradiction = f"{other[1]!r} {other[2]} {other[4]!r}"
            kept = "both"
            try:
                self.merged.relate(
                    self._key(a_kind, a),
                    rtype,
                    self._key(b_kind, b),
                    evidence=[self._segment(s) for s in evidence],
                    counter_evidence=[self._segment(s) for s in counter],
                )
            except GtGraphError as error:
                kept = f"ours only ({error})"
            if contradiction is not None or kept != "both":
                self.conflict(
                    "relationship",
                    f"{a!r} and {b!r}",
                    contradiction or "none",
                    f"{a!r} {rtype} {b!r}",
                    kept,
                )
            if kept != "both":
                continue
            self.report.count("relationships")
        for key in set(self.base.relationships) & set(self.ours.relationships) - set(
            self.new.relationships
        ):
            self.merged.remove(self._relationship(key))
            self.report.count("relationships", removed=True)

    def _relationship(self, key: tuple[str, ...]) -> str:
        a = self._key(key[0], key[1])
        b = self._key(key[3], key[4])
        for rel in self.merged.relationships:
            if rel.source == a and rel.target == b and rel.type == key[2]:
                return str(rel.id)
        raise GtGraphError(f"no relationship {key[1]!r} {key[2]} {key[4]!r}")

    def memos(self) -> None:
        for key, (text, about) in self.new.memos.items():
            author, created, title = key
            mine = self.ours.memos.get(key)
            if mine is None:
                if key in self.base.memos:
                    continue
                keys = [
                    self._key(kind, name)
                    for kind, name in about
                    if name in self._view(kind)
                ]
                self.merged.memo(
                    keys or None, text, title=title, author=author, created=created
                )
                self.report.count("memos")
            elif mine[0] != text:
                old = self.base.memos.get(key)
                if old is not None and old[0] == mine[0]:
                    self.merged.update(self._memo(key), kind="memo", text=text)
                elif old is None or old[0] != text:
                    self.conflict(
                        "memo", repr(title), "one text", "another text", "ours"
                    )

    def _memo(self, key: tuple[Any, ...]) -> str:
        for memo in self.merged.memos:
            if (memo.author, memo.created, memo.title) == key:
                return str(memo.id)
        raise GtGraphError(
            f"no memo {key[2]!r}"
        )  # pragma: no cover - keys come from it
