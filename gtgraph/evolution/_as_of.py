"""Replay: the project as its first *k* sources ground it."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

import attrs

from gtgraph.errors import ValidationError
from gtgraph.project._analysis import Index

if TYPE_CHECKING:
    from gtgraph.project import Project
    from gtgraph.project._base import Key
    from gtgraph.project._store import Store

__all__ = ["as_of"]


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
