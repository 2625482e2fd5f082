"""Differences between two projects, or two states of one."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from gtgraph.model import Property
from gtgraph.project._analysis import Index

if TYPE_CHECKING:
    from gtgraph.model import Relationship
    from gtgraph.project import Project

__all__ = ["Change", "Diff", "diff"]


_KIND_ORDER = (
    "project",
    "participant",
    "source",
    "code",
    "category",
    "relationship",
    "memo",
)
_CHANGE_ORDER = ("added", "removed", "renamed", "regrouped", "changed", "regrounded")
_PLURAL = {
    "project": "project",
    "participant": "participants",
    "source": "sources",
    "code": "codes",
    "category": "categories",
    "relationship": "relationships",
    "memo": "memos",
}
_FIELDS = {
    "participant": ("attributes",),
    "source": ("text", "participant", "order", "kind", "attributes", "path"),
    "code": ("definition", "stage", "in_vivo", "colour"),
    "category": ("definition", "theme", "core", "colour", "properties"),
    "memo": ("text", "about", "author"),
    "relationship": ("type", "memo"),
}
_SIGN = {"added": "+", "removed": "-"}


@attrs.frozen
class Change:
    """One difference between two projects.

    Attributes
    ----------
    kind : str
        ``"code"``, ``"category"``, ``"relationship"``, ``"participant"``,
        ``"source"``, ``"memo"`` or ``"project"`` (title, settings, vocabularies).
    change : str
        ``"added"``, ``"removed"``, ``"renamed"``, ``"regrouped"`` (its parent
        categories differ), ``"changed"`` (other fields differ) or
        ``"regrounded"`` (its segment or participant counts, or a relationship's
        evidence, differ).
    a, b : str or None
        The element's id in the first and in the second project (None where it
        is absent).
    name : str
        Its name (in the second project when it is there).
    detail : str
        What changed, readably.
    """

    kind: str
    change: str
    a: str | None
    b: str | None
    name: str
    detail: str = ""

    def __str__(self) -> str:
        sign = _SIGN.get(self.change, "~")
        text = f"{sign} {self.kind} {self.name}"
        if self.change not in _SIGN:
            text += f" {self.change}"
        return f"{text}: {self.detail}" if self.detail else text


@attrs.frozen
class Diff:
    """What differs between two projects.  Falsy when nothing does.

    Attributes
    ----------
    changes : tuple of Change
        By kind (project, participants, sources, codes, categories,
        relationships, memos), then by change, then by name.
    segments : mapping of str to int
        How many segments were ``"added"``, ``"removed"`` or ``"recoded"`` (the
        same segment id with other codes or another span).

    Examples
    --------
    >>> import gtgraph
    >>> p = gtgraph.Project()
    >>> _ = p.add_code("trust")
    >>> q = gtgraph.as_of(p, 0)
    >>> bool(gtgraph.diff(p, q))
    False
    >>> _ = q.rename("trust", "trusting")
    >>> _ = q.add_code("safety")
    >>> d = gtgraph.diff(p, q)
    >>> d.counts
    {'codes added': 1, 'codes renamed': 1}
    >>> print(d)
    codes: 1 added, 1 renamed
    + code 'safety'
    ~ code 'trusting' renamed: 'trust' -> 'trusting'
    """

    changes: tuple[Change, ...]
    segments: Mapping[str, int] = attrs.field(factory=dict, hash=False)

    def __bool__(self) -> bool:
        return bool(self.changes) or any(self.segments.values())

    def __len__(self) -> int:
        return len(self.changes)

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    @property
    def counts(self) -> dict[str, int]:
        """Number of changes by kind and change, e.g. ``{"codes added": 2}`` (no zeros)."""
        out: dict[str, int] = {}
        for c in self.changes:
            key = f"{_PLURAL[c.kind]} {c.change}"
            out[key] = out.get(key, 0) + 1
        for change in ("added", "removed", "recoded"):
            if self.segments.get(change):
                out[f"segments {change}"] = self.segments[change]
        return out

    def of(self, kind: str | None = None, change: str | None = None) -> list[Change]:
        """Return the changes of one kind and/or one change type."""
        return [
            c
            for c in self.changes
            if (kind is None or c.kind == kind)
            and (change is None or c.change == change)
        ]

    def __str__(self) -> str:
        if not self:
            return "no differences"
        summary: dict[str, list[str]] = {}
        for kind in _KIND_ORDER:
            for change in _CHANGE_ORDER:
                n = len(self.of(kind, change))
                if n:
                    summary.setdefault(_PLURAL[kind], []).append(f"{n} {change}")
        seg = [
            f"{self.segments[c]} {c}"
            for c in ("added", "removed", "recoded")
            if self.segments.get(c)
        ]
        if seg:
            summary["segments"] = seg
        lines = ["; ".join(f"{k}: {', '.join(v)}" for k, v in summary.items())]
        lines.extend(str(c) for c in self.changes)
        return "\n".join(lines)


class _Side:
    """One project of a diff, with what the comparison needs."""

    def __init__(self, project: Project) -> None:
        from gtgraph.graph import grounding_counts

        self.project = project
        self.store = project._store  # noqa: SLF001 - a diff reads both projects' compact state
        self.counts = grounding_counts(project)
        index = Index(project)
        self.name = index.name
        self.rel_name = index.rel_name

    def label(self, kind: str, record: Any) -> str:
        """Return a relationship as its ends and type, anything else as its quoted name."""
        return self.rel_name(record) if kind == "relationship" else repr(record.name)


def diff(a: Project, b: Project) -> Diff:
    """Return what differs from project *a* to project *b*.

    Elements are matched by id first (so a renamed element is recognised), then
    by name among those left (so two projects built separately can be
    compared), and relationships left over by their ends and type.

    Parameters
    ----------
    a, b : Project
        The earlier and the later project (e.g. ``as_of(p, 5)`` and
        ``as_of(p, 6)``, or a project file before and after a session).

    Returns
    -------
    Diff
        Falsy when nothing differs; ``str()`` is a readable change list;
        ``counts`` counts the changes.  Participants, sources and memos are
        compared for additions, removals, renames and other changes; codes and
        categories also for regrouping (a change of parent categories, after
        matching) and regrounding (a change in the number of segments or
        participants that ground them); relationships for their ends and type,
        and for their evidence.  Histories are not compared.

    Examples
    --------
    >>> import gtgraph
    >>> p = gtgraph.Project()
    >>> a = p.add_source("Interview 1", text="I was nervous.", participant="P01")
    >>> b = p.add_source("Interview 2", text="I was nervous too.", participant="P02")
    >>> _ = p.code(a, 0, 13, codes="feeling nervous")
    >>> _ = p.code(b, 0, 13, codes="feeling nervous")
    >>> print(gtgraph.diff(gtgraph.as_of(p, 1), p))
    participants: 1 added; sources: 1 added; codes: 1 regrounded; segments: 1 added
    + participant 'P02'
    + source 'Interview 2'
    ~ code 'feeling nervous' regrounded: 1 -> 2 segments, 1 -> 2 participants
    """
    left, right = _Side(a), _Side(b)
    changes: list[Change] = []
    changes.extend(_project_changes(left, right))
    mapping: dict[str, str] = {}
    for kind in ("participant", "source", "code", "category", "memo"):
        mapping.update(_match(left, right, kind))
    segments = _match_segments(left, right, mapping)
    mapping.update(segments)
    mapping.update(_match_relationships(left, right, mapping))
    for kind in ("participant", "source", "code", "category", "relationship", "memo"):
        changes.extend(_changes(left, right, kind, mapping))
    changes.sort(
        key=lambda c: (
            _KIND_ORDER.index(c.kind),
            _CHANGE_ORDER.index(c.change),
            c.name,
        )
    )
    return Diff(tuple(changes), _segment_changes(left, right, segments, mapping))


def _project_changes(left: _Side, right: _Side) -> Iterator[Change]:
    for key in ("title", "settings", "vocabularies", "relation_types"):
        before, after = left.store.meta.get(key), right.store.meta.get(key)
        if before != after:
            yield Change(
                "project", "changed", None, None, key, f"{before!r} -> {after!r}"
            )


def _pair(
    ta: Mapping[str, Any],
    tb: Mapping[str, Any],
    keys_b: Callable[[Any], Iterable[Hashable]],
    key_a: Callable[[Any], Hashable],
) -> dict[str, str]:
    """Match the ids of *ta* to those of *tb*: the same id, else the same key."""
    found = {rid: rid for rid in ta if rid in tb}
    taken = set(found.values())
    by_key: dict[Hashable, str] = {}
    for rid, item in tb.items():
        if rid not in taken:
            for key in keys_b(item):
                by_key.setdefault(key, rid)
    for rid, item in ta.items():
        if rid in found:
            continue
        other = by_key.get(key_a(item))
        if other is not None and other not in taken:
            found[rid] = other
            taken.add(other)
    return found


def _match(left: _Side, right: _Side, kind: str) -> dict[str, str]:
    """Match records by id, then by name."""
    return _pair(
        left.store.records[kind],
        right.store.records[kind],
        lambda record: (record.name,),
        lambda record: record.name,
    )


def _match_relationships(
    left: _Side, right: _Side, mapping: Mapping[str, str]
) -> dict[str, str]:
    """Match relationships by id, then by their (matched) ends and type."""
    types = right.project.relation_types

    def ends(rel: Relationship) -> list[Hashable]:
        rtype = types.get(rel.type)
        keys: list[Hashable] = [(rel.source, rel.type, rel.target)]
        if rtype is not None and rtype.symmetric:
            keys.append((rel.target, rel.type, rel.source))
        return keys

    return _pair(
        left.store.records["relationship"],
        right.store.records["relationship"],
        ends,
        lambda rel: (
            mapping.get(rel.source, ""),
            rel.type,
            mapping.get(rel.target, ""),
        ),
    )


def _changes(
    left: _Side, right: _Side, kind: str, mapping: Mapping[str, str]
) -> Iterator[Change]:
    ta, tb = left.store.records[kind], right.store.records[kind]
    matched_b: set[str] = set()
    for rid, before in ta.items():
        other = mapping.get(rid)
        if other is None or other not in tb:
            yield Change(kind, "removed", rid, None, left.label(kind, before))
            continue
        matched_b.add(other)
        after = tb[other]
        label = right.label(kind, after)
        if kind == "relationship":
            ends = (mapping.get(before.source), mapping.get(before.target))
            if ends != (after.source, after.target) and (
                ends[::-1] != (after.source, after.target)
                or not _symmetric(right, after.type)
            ):
                yield Change(
                    kind, "changed", rid, other, label, f"was {left.rel_name(before)}"
                )
        elif before.name != after.name:
            yield Change(
                kind, "renamed", rid, other, label, f"{before.name!r} -> {after.name!r}"
            )
        if kind in ("code", "category"):
            yield from _regrouped(left, right, kind, rid, other, label, mapping)
        fields = [
            f
            for f in _FIELDS[kind]
            if _comparable(getattr(before, f), mapping) != getattr(after, f)
        ]
        if fields:
            yield Change(kind, "changed", rid, other, label, ", ".join(fields))
        yield from _regrounded(left, right, kind, before, after, label, mapping)
    for rid, after in tb.items():
        if rid not in matched_b:
            yield Change(kind, "added", None, rid, right.label(kind, after))


def _symmetric(side: _Side, type_name: str) -> bool:
    rtype = side.project.relation_types.get(type_name)
    return bool(rtype and rtype.symmetric)


def _comparable(value: Any, mapping: Mapping[str, str]) -> Any:
    """Translate ids in a field of the first project into the second's ids."""
    if isinstance(value, str):
        return mapping.get(value, value)
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        return tuple(mapping.get(v, v) for v in value)
    if isinstance(value, tuple) and all(isinstance(v, Property) for v in value):
        return tuple(
            attrs.evolve(p, evidence=_comparable(p.evidence, mapping)) for p in value
        )
    return value


def _regrouped(
    left: _Side,
    right: _Side,
    kind: str,
    rid: str,
    other: str,
    label: str,
    mapping: Mapping[str, str],
) -> Iterator[Change]:
    was = left.store.parents_of(rid)
    after = right.store.parents_of(other)
    if {mapping.get(p, f"?{p}") for p in was} != set(after):
        old = ", ".join(repr(left.name(p)) for p in was)
        new = ", ".join(repr(right.name(p)) for p in after)
        yield Change(
            kind,
            "regrouped",
            rid,
            other,
            label,
            f"in {old or '(no category)'} -> in {new or '(no category)'}",
        )


def _regrounded(
    left: _Side,
    right: _Side,
    kind: str,
    before: Any,
    after: Any,
    label: str,
    mapping: Mapping[str, str],
) -> Iterator[Change]:
    if kind in ("code", "category"):
        n_a, p_a, _ = left.counts.get(before.id, (0, 0, 0))
        n_b, p_b, _ = right.counts.get(after.id, (0, 0, 0))
        if (n_a, p_a) != (n_b, p_b):
            yield Change(
                kind,
                "regrounded",
                before.id,
                after.id,
                label,
                f"{n_a} -> {n_b} segments, {p_a} -> {p_b} participants",
            )
    elif kind == "relationship":
        parts = []
        for field, word in (
            ("evidence", "evidence"),
            ("counter_evidence", "counter-evidence"),
        ):
            old = {mapping.get(s, f"?{s}") for s in getattr(before, field)}
            new = set(getattr(after, field))
            if old != new:
                parts.append(f"{word} {len(old)} -> {len(new)} segments")
        if parts:
            yield Change(
                kind, "regrounded", before.id, after.id, label, ", ".join(parts)
            )


def _match_segments(
    left: _Side, right: _Side, mapping: Mapping[str, str]
) -> dict[str, str]:
    """Match segments by id, then by source, span, coder and quote."""
    return _pair(
        left.store.segments,
        right.store.segments,
        lambda row: ((row[0], row[1], row[2], row[4], row[7]),),
        lambda row: (mapping.get(row[0]), row[1], row[2], row[4], row[7]),
    )


def _segment_changes(
    left: _Side,
    right: _Side,
    segments: Mapping[str, str],
    mapping: Mapping[str, str],
) -> dict[str, int]:
    sa, sb = left.store.segments, right.store.segments
    matched = set(segments.values())
    recoded = 0
    for sid, other in segments.items():
        before, after = sa[sid], sb[other]
        codes = {mapping.get(c, f"?{c}") for c in before[3]}
        span = (mapping.get(before[0]), before[1], before[2])
        if (codes, span) != (set(after[3]), after[:3]):
            recoded += 1
    return {
        "added": sum(1 for s in sb if s not in matched),
        "removed": sum(1 for s in sa if s not in segments),
        "recoded": recoded,
    }
