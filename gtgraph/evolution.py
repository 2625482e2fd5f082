"""How an analysis evolves: the project after the first k sources, differences, provenance.

- :func:`as_of` returns the project as the first *k* sources (in their
  ``order``) ground it, so that saturation, checks and diagrams can be replayed
  interview by interview;
- :func:`diff` lists what differs between two projects (or two states of one):
  codes, categories and relationships added, removed, renamed, regrouped and
  regrounded, with counts;
- :func:`provenance` tells where an element came from: the creations, merges,
  splits, renames and categorizations in the project's history that led to it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from gtgraph.errors import GtGraphError, ValidationError
from gtgraph.model import Property
from gtgraph.project._analysis import Index
from gtgraph.project._views import ids_in, lineage

if TYPE_CHECKING:
    from gtgraph.model import Event, Relationship
    from gtgraph.project import Project
    from gtgraph.project._base import Key
    from gtgraph.project._store import Store

__all__ = ["Change", "Diff", "Provenance", "as_of", "diff", "provenance"]


# ---------------------------------------------------------------------- as_of


def as_of(project: Project, k: int | Key) -> Project:
    """Return the project as the first *k* sources ground it.

    The sources are taken in their ``order`` (as :attr:`Project.sources
    <gtgraph.Project.sources>` lists them).  The result is the present analysis
    restricted to the early data: a new, independent project in which

    - the later sources, their segments and codings are gone, and so are the
      participants all of whose sources are later (participants with no source
      at all stay);
    - a code, category, relationship or property that the data ground only
      through later sources is gone: a code whose every segment is in a later
      source, a category none of whose codes (at any depth) keeps a segment, a
      relationship whose supporting segments are all in later sources (or
      whose end is gone), a property whose evidence is all in later sources.
      Elements that no segment grounds in the full project either (a-priori
      codes, empty categories, relationships without evidence) stay, because
      their existence does not depend on the data;
    - evidence and counter-evidence from later sources are dropped, hierarchy
      links to removed elements are dropped, and a memo all of whose subjects
      are gone is gone (a memo about nothing stays);
    - names, definitions, flags, the settings and the history are those of the
      present project.

    So ``as_of(p, len(p.sources)) == p``, and ``as_of(p, 0)`` has no segments.
    Replaying ``k = 1, 2, ...`` shows when each code, category and relationship
    of the present theory first found support in the data, which is what
    saturation curves and diagrams drawn interview by interview need.  It does
    not reconstruct what the analyst had coded at that time (codes renamed,
    merged or split later appear under their present names); use
    :func:`provenance` and the history for that.

    Parameters
    ----------
    project : Project
        The project (left unchanged).
    k : int or source
        How many sources to keep (0 to the number of sources), or a source: keep
        the sources up to and including it.

    Returns
    -------
    Project
        A new project; changing it does not change *project*.

    Raises
    ------
    ValidationError
        If *k* is negative or larger than the number of sources.
    NotFoundError
        If *k* names no source.

    See Also
    --------
    diff : what changed from one source to the next.

    Examples
    --------
    >>> import gtgraph
    >>> p = gtgraph.Project()
    >>> a = p.add_source("Interview 1", text="I was nervous.", participant="P01")
    >>> b = p.add_source("Interview 2", text="She had been there too.", participant="P02")
    >>> _ = p.code(a, 0, 13, codes="feeling nervous")
    >>> _ = p.code(b, 4, 22, codes="shared experience")
    >>> p.categorize("shared experience", "Shared identity")
    >>> first = gtgraph.as_of(p, 1)
    >>> first.codes.names(), first.categories.names(), first.sources.names()
    (['feeling nervous'], [], ['Interview 1'])
    >>> gtgraph.as_of(p, 2) == p
    True
    """
    ordered = list(project.sources)
    if isinstance(k, bool):
        raise ValidationError(f"as_of takes a number of sources or a source, not {k!r}")
    if not isinstance(k, int):
        source = project.get(k, kind="source")
        k = next(i for i, s in enumerate(ordered) if s.id == source.id) + 1
    if k < 0 or k > len(ordered):
        raise ValidationError(
            f"as_of takes a number of sources from 0 to {len(ordered)}, not {k}"
        )
    store = _copy_store(project._store)  # noqa: SLF001 - a snapshot is built from the project's compact state; the public API would record every removal
    _prune(store, {s.id for s in ordered[:k]}, Index(project))
    from gtgraph.project import Project

    return Project._from_store(store, actor=project.actor)  # noqa: SLF001 - the constructor for a store that is already valid


def _copy_store(store: Store) -> Store:
    from gtgraph.project._store import Store

    new = Store()
    new.records = {kind: dict(table) for kind, table in store.records.items()}
    new.names = {kind: dict(table) for kind, table in store.names.items()}
    new.kind_of = dict(store.kind_of)
    new.parents = {child: dict(ps) for child, ps in store.parents.items()}
    new.segments = dict(store.segments)
    new.meta = copy.deepcopy(store.meta)
    new.history = store.history.copy()
    new.next_id = store.next_id
    return new


def _prune(store: Store, keep_sources: set[str], index: Index) -> None:
    """Remove from *store* everything only the sources not in *keep_sources* ground.

    *index* is over the project *store* is a copy of; only its hierarchy is read,
    which is the same in both until the end.
    """
    records = store.records
    gone: set[str] = set()
    dropped_segments = {
        sid for sid, row in store.segments.items() if row[0] not in keep_sources
    }
    if not dropped_segments and len(keep_sources) == len(records["source"]):
        return
    grounded_before: set[str] = set()
    grounded_after: set[str] = set()
    for sid, row in store.segments.items():
        grounded_before.update(row[3])
        if sid not in dropped_segments:
            grounded_after.update(row[3])
    store.segments = {
        sid: row for sid, row in store.segments.items() if sid not in dropped_segments
    }
    gone |= dropped_segments

    later = {sid for sid in records["source"] if sid not in keep_sources}
    gone |= later
    with_sources: dict[str, bool] = {}
    for src in records["source"].values():
        if src.participant is not None:
            kept = src.id in keep_sources
            with_sources[src.participant] = (
                with_sources.get(src.participant, False) or kept
            )
    gone |= {pid for pid, kept in with_sources.items() if not kept}
    gone |= grounded_before - grounded_after

    # Categories: grounded before (some code below has a segment) but not now.
    for cat in records["category"]:
        below = index.codes_under(cat)
        if below & grounded_before and not below & grounded_after:
            gone.add(cat)

    for rel in list(records["relationship"].values()):
        evidence = tuple(s for s in rel.evidence if s not in gone)
        counter = tuple(s for s in rel.counter_evidence if s not in gone)
        if rel.source in gone or rel.target in gone or (rel.evidence and not evidence):
            gone.add(rel.id)
        elif evidence != rel.evidence or counter != rel.counter_evidence:
            records["relationship"][rel.id] = attrs.evolve(
                rel, evidence=evidence, counter_evidence=counter
            )
    for cat in list(records["category"].values()):
        if cat.id in gone:
            continue
        props = []
        for prop in cat.properties:
            evidence = tuple(s for s in prop.evidence if s not in gone)
            if prop.evidence and not evidence:
                continue
            props.append(attrs.evolve(prop, evidence=evidence))
        if tuple(props) != cat.properties:
            records["category"][cat.id] = attrs.evolve(cat, properties=tuple(props))

    changed = True
    while changed:  # a memo about a memo that goes, goes with it
        changed = False
        for memo in records["memo"].values():
            if memo.id not in gone and memo.about and set(memo.about) <= gone:
                gone.add(memo.id)
                changed = True
    for memo in list(records["memo"].values()):
        if memo.id not in gone and not gone.isdisjoint(memo.about):
            about = tuple(x for x in memo.about if x not in gone)
            records["memo"][memo.id] = attrs.evolve(memo, about=about)
    for rel in list(records["relationship"].values()):
        if rel.id not in gone and rel.memo in gone:
            records["relationship"][rel.id] = attrs.evolve(rel, memo=None)

    for kind, table in records.items():
        removed = [rid for rid in table if rid in gone]
        for rid in removed:
            del store.names[kind][table.pop(rid).name]
            del store.kind_of[rid]
    hierarchy: dict[str, dict[str, None]] = {}
    for child, ps in store.parents.items():
        if child in gone:
            continue
        kept_parents = {p: None for p in ps if p not in gone}
        if kept_parents:
            hierarchy[child] = kept_parents
    store.parents = hierarchy
    store.version += 1  # invalidate any index built from the state before


# ---------------------------------------------------------------------- diff

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


# ---------------------------------------------------------------------- provenance

_STRUCTURAL = frozenset(
    {
        "add_code",
        "add_category",
        "categorize",
        "uncategorize",
        "rename",
        "merge_codes",
        "split_code",
        "remove",
    }
)
_CODING = frozenset({"code", "code_many", "uncode", "add_evidence"})


@attrs.frozen
class Provenance:
    """Where an element came from: the events of the history that made it.

    Attributes
    ----------
    id, name, kind : str
        The element.
    events : tuple of Event
        The events, oldest first: every change to the element and to the
        elements it came from (codes merged into it, the code it was split
        from), except codings; for a category also the creations, merges,
        splits, renames and categorizations of the codes and categories below it.
    codings : int
        How many coding events (coding segments, adding evidence) touched it;
        they are counted, not listed.
    lines : tuple of str
        One sentence per event.

    Examples
    --------
    >>> import gtgraph
    >>> p = gtgraph.Project(actor="HB")
    >>> p.clock = lambda: "2026-03-01T10:00:00Z"
    >>> _ = p.add_code("telling her about my diagnosis")
    >>> _ = p.add_code("talking about my illness")
    >>> _ = p.merge_codes(["telling her about my diagnosis", "talking about my illness"],
    ...                   into="disclosing diagnosis")
    >>> p.categorize("disclosing diagnosis", "Disclosure")
    >>> print(gtgraph.provenance(p, "Disclosure"))
    category 'Disclosure' (cat4)
      2026-03-01 10:00 HB: created code 'telling her about my diagnosis'
      2026-03-01 10:00 HB: created code 'talking about my illness'
      2026-03-01 10:00 HB: merged codes 'telling her about my diagnosis', 'talking about my illness' into 'disclosing diagnosis' (a new code)
      2026-03-01 10:00 HB: put 'disclosing diagnosis' into 'Disclosure' (a new category)
    """

    id: str
    name: str
    kind: str
    events: tuple[Event, ...]
    codings: int
    lines: tuple[str, ...]

    def __str__(self) -> str:
        head = f"{self.kind} {self.name!r} ({self.id})"
        body = [f"  {line}" for line in self.lines]
        if self.codings:
            body.append(f"  and {self.codings} coding event(s)")
        if not body:
            body.append("  (no recorded events: it came with the project file)")
        return "\n".join([head, *body])


def provenance(project: Project, key: Key, *, kind: str | None = None) -> Provenance:
    """Tell where a code, category or other element came from, from the history.

    Parameters
    ----------
    project : Project
        The project.
    key : str or record
        The element (its id or name).  An element that no longer exists can be
        named by its id.
    kind : str, optional
        The kind, when the name is used by several kinds.

    Returns
    -------
    Provenance
        ``str()`` tells the story, one dated sentence per event.

    Examples
    --------
    >>> import gtgraph
    >>> p = gtgraph.Project(actor="HB")
    >>> p.clock = lambda: "2026-03-01T10:00:00Z"
    >>> _ = p.add_code("trust")
    >>> _ = p.rename("trust", "trusting the worker")
    >>> print(gtgraph.provenance(p, "trusting the worker"))
    code 'trusting the worker' (cod1)
      2026-03-01 10:00 HB: created code 'trust'
      2026-03-01 10:00 HB: renamed code 'trust' to 'trusting the worker'
    """
    events = list(project.history)
    try:
        record = project.get(key, kind=kind)
        rid, name, element_kind = record.id, record.name, record.KIND
    except GtGraphError:
        if not isinstance(key, str) or not any(key in ids_in(e.args) for e in events):
            raise
        rid, name, element_kind = (
            key,
            _historical_names(events).get(key, key),
            "element",
        )
    own = lineage(((e.op, e.args) for e in events), {rid})
    below: set[str] = set()
    if element_kind == "category":
        below = lineage(
            ((e.op, e.args) for e in events), {d.id for d in project.descendants(rid)}
        )
    chosen: list[Event] = []
    codings = 0
    for event in events:
        ids = ids_in(event.args)
        created = set(event.args.get("created_codes", None) or ())
        if event.op in _CODING and created & (own | below):
            chosen.append(event)  # the element (or one below) was created by coding
        elif ids & own:
            if event.op in _CODING:
                codings += 1
            else:
                chosen.append(event)
        elif ids & below and event.op in _STRUCTURAL:
            chosen.append(event)
    lines = tuple(_sentences(project, events, chosen))
    return Provenance(rid, name, element_kind, tuple(chosen), codings, lines)


def _historical_names(events: Iterable[Event]) -> dict[str, str]:
    """Id -> the last name the history gives it (for elements since removed)."""
    names: dict[str, str] = {}
    for event in events:
        args = event.args
        for out_key in ("code", "category", "participant", "source"):
            rid = args.get(out_key)
            if event.op == f"add_{out_key}" and isinstance(rid, str):
                names[rid] = str(args.get("name"))
        if event.op == "rename" and isinstance(args.get("id"), str):
            names[args["id"]] = str(args.get("new_name"))
        if event.op == "merge_codes":
            for rid, name in zip(
                args.get("merged", []), args.get("merged_names", []), strict=False
            ):
                names[rid] = str(name)
        if event.op == "split_code" and isinstance(args.get("code_id"), str):
            names[args["code_id"]] = str(args.get("code_name"))
            parts = list(args.get("parts", {}))
            for rid, name in zip(args.get("new_codes", []), parts, strict=False):
                names[rid] = str(name)
        if event.op == "remove" and isinstance(args.get("id"), str):
            names[args["id"]] = str(args.get("name"))
        for rid in args.get("created_categories", []) or []:
            if isinstance(rid, str) and rid not in names and event.op == "categorize":
                names[rid] = str(args.get("parent_name", rid))
    return names


def _sentences(
    project: Project, events: list[Event], chosen: list[Event]
) -> Iterator[str]:
    """Tell *chosen* events in order, naming each element as it was named then."""
    names = _historical_names(events)
    for kind_name in ("code", "category", "participant", "source", "memo"):
        for element in getattr(project, _PLURAL[kind_name]):
            names[element.id] = element.name
    for event in events:  # an element's name before its first rename
        if event.op == "rename" and isinstance(event.args.get("id"), str):
            names.setdefault(f"first:{event.args['id']}", str(event.args["old_name"]))
    running = {
        rid: names.get(f"first:{rid}", name)
        for rid, name in names.items()
        if not rid.startswith("first:")
    }
    wanted = {id(e) for e in chosen}
    for event in events:
        args = event.args
        if event.op == "merge_codes" and isinstance(args.get("created_code"), str):
            running[args["created_code"]] = str(args.get("into"))
        for key in ("code", "category", "participant", "source"):
            if event.op == f"add_{key}" and isinstance(args.get(key), str):
                running[args[key]] = str(args.get("name"))
        if id(event) in wanted:
            yield _sentence(event, running)
        if event.op == "rename" and isinstance(args.get("id"), str):
            running[args["id"]] = str(args.get("new_name"))
        if event.op == "split_code":
            parts = list(args.get("parts", {}))
            for rid, part in zip(args.get("new_codes", []), parts, strict=False):
                running[rid] = str(part)


def _sentence(event: Event, names: Mapping[str, str]) -> str:
    args = event.args

    def n(rid: Any) -> str:
        return repr(names.get(rid, rid)) if isinstance(rid, str) else repr(rid)

    op = event.op
    if op == "add_code":
        text = f"created code {args.get('name')!r}"
    elif op == "add_category":
        flags = [
            w for w, f in (("a theme", "theme"), ("the core", "core")) if args.get(f)
        ]
        text = f"created category {args.get('name')!r}" + (
            f" as {' and '.join(flags)}" if flags else ""
        )
    elif op == "categorize":
        new = " (a new category)" if args.get("created_categories") else ""
        text = f"put {n(args.get('child'))} into {n(args.get('parent'))}{new}"
    elif op == "uncategorize":
        text = f"took {n(args.get('child'))} out of {n(args.get('parent'))}"
    elif op == "rename":
        text = (
            f"renamed {args.get('kind')} {args.get('old_name')!r} to "
            f"{args.get('new_name')!r}"
        )
    elif op == "merge_codes":
        merged = ", ".join(repr(m) for m in args.get("merged_names", []))
        new = " (a new code)" if args.get("created_code") else ""
        text = f"merged codes {merged} into {n(args.get('into_id'))}{new}"
    elif op == "split_code":
        parts = ", ".join(repr(p) for p in args.get("parts", {}))
        text = f"split code {args.get('code_name')!r} into {parts}"
    elif op == "remove":
        text = f"removed {args.get('kind')} {args.get('name')!r}"
    elif op == "update":
        fields = ", ".join(args.get("fields", {}))
        text = f"changed {fields} of {n(args.get('id'))}"
    elif op == "relate":
        text = (
            f"related {n(args.get('source_id'))} {args.get('type')} "
            f"{n(args.get('target_id'))}"
        )
    elif op == "add_property":
        text = f"added property {args.get('name')!r} to {n(args.get('category'))}"
    elif op == "add_dimension":
        text = (
            f"added a dimension to property {args.get('property')!r} of "
            f"{n(args.get('category'))}"
        )
    elif op == "memo":
        text = f"wrote memo {n(args.get('memo'))}"
    elif op in _CODING and args.get("created_codes"):
        created = ", ".join(n(c) for c in args["created_codes"])
        where = args.get("source") if op == "code" else None
        plural = "s" if len(args["created_codes"]) > 1 else ""
        text = f"created code{plural} {created} while coding" + (
            f" {n(where)}" if isinstance(where, str) else ""
        )
    else:
        text = op.replace("_", " ")
    when = event.when.replace("T", " ")[:16]
    who = f" {event.who}" if event.who else ""
    return f"{when}{who}: {text}"
