"""Merging, splitting and removing elements: the cascades behind those Project methods.

Each function runs inside an open change of the project, so any error rolls every
step back.  Event details go into *out*, which becomes the event's arguments.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from gtgraph.errors import CycleError, ValidationError
from gtgraph.project._base import _union
from gtgraph.project._store import coders_of

if TYPE_CHECKING:
    from gtgraph.model import Code, Relationship
    from gtgraph.project._base import Key
    from gtgraph.project._editing import EditingMixin as Project

__all__ = ["merge_codes", "remove", "split_code"]


def merge_codes(
    project: Project, codes: list[Key], into: Key, out: dict[str, Any]
) -> Code:
    """Merge *codes* into *into* (see :meth:`gtgraph.Project.merge_codes`)."""
    store = project._store  # noqa: SLF001 - this module is the Project's own machinery
    ids = list(dict.fromkeys(project._resolve(c, ("code",))[1] for c in codes))  # noqa: SLF001
    if not ids:
        raise ValidationError("give at least one code to merge")
    if (
        isinstance(into, str)
        and not store.id_in_use(into)
        and into.strip() not in store.names["code"]
    ):
        target = project._add_code(into, "", "focused", False, None, None).id  # noqa: SLF001
        out["created_code"] = target
    else:
        target = project._resolve(into, ("code",), role="code (to merge into)")[1]  # noqa: SLF001
    merged = [i for i in ids if i != target]
    if not merged:
        raise ValidationError("nothing to merge: the only code given is the target")
    out.update(
        into_id=target,
        merged=merged,
        merged_names=[store.records["code"][m].name for m in merged],
    )
    gone = set(merged)

    # Codings: each segment carries the target once, keeping the first coder.
    for sid, row in list(store.segments.items()):
        if gone.isdisjoint(row[3]):
            continue
        coder_of: dict[str, str | None] = {}
        for code, coder in coders_of(row).items():
            coder_of.setdefault(target if code in gone else code, coder)
        project._set_codes(sid, list(coder_of), coder_of)  # noqa: SLF001

    # Categories: the target joins every category of the merged codes.
    for code in merged:
        for parent in store.parents_of(code):
            store.remove_parent(code, parent)
            if parent not in store.parents.get(target, {}):
                store.add_parent(target, parent)

    _repoint_relationships(project, gone, target, out)
    _repoint_memos(project, gone, [target])
    for code in merged:
        store.delete("code", code)
    return store.records["code"][target]  # type: ignore[no-any-return]


def _repoint_relationships(
    project: Project, gone: set[str], target: str, out: dict[str, Any]
) -> None:
    store = project._store  # noqa: SLF001
    types = project.relation_types
    dropped: list[str] = []
    folded: list[str] = []
    for rel in list(store.iter_records("relationship")):
        if rel.source not in gone and rel.target not in gone:
            continue
        source = target if rel.source in gone else rel.source
        dest = target if rel.target in gone else rel.target
        if source == dest:
            _drop_about(project, {rel.id})
            store.delete("relationship", rel.id)
            dropped.append(rel.id)
            continue
        twin = _twin(project, rel, source, dest, symmetric=types[rel.type].symmetric)
        if twin is not None:
            store.put("relationship", _fold(twin, rel))
            _repoint_memos(project, {rel.id}, [twin.id])
            store.delete("relationship", rel.id)
            folded.append(rel.id)
            continue
        store.put("relationship", attrs.evolve(rel, source=source, target=dest))
    if dropped:
        out["dropped_relationships"] = dropped
    if folded:
        out["folded_relationships"] = folded
    _check_acyclic(project)


def _twin(
    project: Project, rel: Relationship, source: str, dest: str, *, symmetric: bool
) -> Relationship | None:
    for other in project._store.iter_records("relationship"):  # noqa: SLF001
        if other.id == rel.id or other.type != rel.type:
            continue
        if (other.source, other.target) == (source, dest) or (
            symmetric and (other.source, other.target) == (dest, source)
        ):
            return other  # type: ignore[no-any-return]
    return None


def _fold(keep: Relationship, extra: Relationship) -> Relationship:
    return attrs.evolve(
        keep,
        evidence=_union(keep.evidence, extra.evidence),
        counter_evidence=_union(keep.counter_evidence, extra.counter_evidence),
        memo=keep.memo if keep.memo is not None else extra.memo,
    )


def _check_acyclic(project: Project) -> None:
    """Refuse a restructuring that closes a cycle of a transitive or acyclic type."""
    import networkx as nx

    types = project.relation_types
    by_type: dict[str, list[tuple[str, str]]] = {}
    for rel in project._store.iter_records("relationship"):  # noqa: SLF001
        if types[rel.type].forbids_cycles:
            by_type.setdefault(rel.type, []).append((rel.source, rel.target))
    for name, edges in by_type.items():
        graph: nx.DiGraph[str] = nx.DiGraph(edges)
        if not nx.is_directed_acyclic_graph(graph):
            cycle = nx.find_cycle(graph)
            names = " -> ".join(project._display(u) for u, _ in cycle)  # noqa: SLF001
            raise CycleError(
                f"this change would close a cycle of {name!r} relationships "
                f"({names} -> {project._display(cycle[0][0])}), which that type does not allow"  # noqa: SLF001
            )


def _repoint_memos(project: Project, gone: set[str], replacement: list[str]) -> None:
    store = project._store  # noqa: SLF001
    for memo in list(store.iter_records("memo")):
        if gone.isdisjoint(memo.about):
            continue
        about: list[str] = []
        for item in memo.about:
            for new in replacement if item in gone else [item]:
                if new not in about:
                    about.append(new)
        store.put("memo", attrs.evolve(memo, about=tuple(about)))


def split_code(
    project: Project,
    code: Key,
    parts: dict[str, list[Key]],
    keep: bool,
    out: dict[str, Any],
) -> tuple[Code, ...]:
    """Split *code* into new codes (see :meth:`gtgraph.Project.split_code`)."""
    store = project._store  # noqa: SLF001
    _, cid = project._resolve(code, ("code",))  # noqa: SLF001
    original = store.records["code"][cid]
    if not parts:
        raise ValidationError("say which segments go to which new code: parts is empty")
    new_ids: list[str] = []
    moves: dict[str, list[str]] = {}
    for name, segments in parts.items():
        sids = project._segment_ids(segments, "segment")  # noqa: SLF001
        for sid in sids:
            if cid not in store.segments[sid][3]:
                raise ValidationError(
                    f"segment {sid} is not coded with {original.name!r}, so it cannot "
                    "move to a part of it"
                )
        new = project._add_code(name, "", original.stage, False, None, None)  # noqa: SLF001
        new_ids.append(new.id)
        for sid in sids:
            moves.setdefault(sid, []).append(new.id)
    if not keep:
        remaining = [
            sid
            for sid, row in store.segments.items()
            if cid in row[3] and sid not in moves
        ]
        if remaining:
            raise ValidationError(
                f"{len(remaining)} segment(s) of {original.name!r} are in no part; "
                "assign them to a part, or pass keep=True to keep the code for them"
            )
        related = [
            r.id
            for r in store.iter_records("relationship")
            if cid in (r.source, r.target)
        ]
        if related:
            raise ValidationError(
                f"{original.name!r} has relationships ({', '.join(related)}); move or "
                "remove them first, or pass keep=True"
            )
    for sid, targets in moves.items():
        row = store.segments[sid]
        coder_of = coders_of(row)
        codes: list[str] = []
        for existing in row[3]:
            for new_code in targets if existing == cid else [existing]:
                if new_code not in codes:
                    codes.append(new_code)
                    coder_of.setdefault(new_code, coder_of[cid])
        project._set_codes(sid, codes, coder_of)  # noqa: SLF001
    for parent in store.parents_of(cid):
        for new_id in new_ids:
            store.add_parent(new_id, parent)
    if not keep:
        _repoint_memos(project, {cid}, new_ids)
        for parent in store.parents_of(cid):
            store.remove_parent(cid, parent)
        store.delete("code", cid)
    out.update(code_id=cid, code_name=original.name, new_codes=new_ids)
    return tuple(store.records["code"][n] for n in new_ids)


def remove(project: Project, kind: str, rid: str, out: dict[str, Any]) -> None:
    """Remove an element and what depends on it (see :meth:`gtgraph.Project.remove`)."""
    store = project._store  # noqa: SLF001
    out.update(id=rid, kind=kind, name=project._display(rid))  # noqa: SLF001
    if kind == "segment":
        _drop_segment_refs(project, {rid})
        _drop_about(project, {rid})
        store.delete_segments([rid])
        return
    if kind == "code":
        n = 0
        for sid, row in list(store.segments.items()):
            if rid in row[3]:
                project._set_codes(sid, [c for c in row[3] if c != rid])  # noqa: SLF001
                n += 1
        out["codings_removed"] = n
        _unlink_concept(project, rid, out)
    elif kind == "category":
        _unlink_concept(project, rid, out)
    elif kind == "participant":
        for source in list(store.iter_records("source")):
            if source.participant == rid:
                store.put("source", attrs.evolve(source, participant=None))
    elif kind == "source":
        sids = [sid for sid, row in store.segments.items() if row[0] == rid]
        _drop_segment_refs(project, set(sids))
        _drop_about(project, set(sids))
        store.delete_segments(sids)
        out["segments_removed"] = len(sids)
    elif kind == "memo":
        for rel in list(store.iter_records("relationship")):
            if rel.memo == rid:
                store.put("relationship", attrs.evolve(rel, memo=None))
    _drop_about(project, {rid})
    store.delete(kind, rid)


def _unlink_concept(project: Project, rid: str, out: dict[str, Any]) -> None:
    store = project._store  # noqa: SLF001
    for parent in store.parents_of(rid):
        store.remove_parent(rid, parent)
    for child in store.children_of(rid):
        store.remove_parent(child, rid)
    related = [
        r.id for r in store.iter_records("relationship") if rid in (r.source, r.target)
    ]
    for rel_id in related:
        _drop_about(project, {rel_id})
        store.delete("relationship", rel_id)
    if related:
        out["relationships_removed"] = related


def _drop_segment_refs(project: Project, sids: set[str]) -> None:
    store = project._store  # noqa: SLF001
    if not sids:
        return
    for rel in list(store.iter_records("relationship")):
        if sids.isdisjoint(rel.evidence) and sids.isdisjoint(rel.counter_evidence):
            continue
        store.put(
            "relationship",
            attrs.evolve(
                rel,
                evidence=_without(rel.evidence, sids),
                counter_evidence=_without(rel.counter_evidence, sids),
            ),
        )
    for cat in list(store.iter_records("category")):
        if all(sids.isdisjoint(p.evidence) for p in cat.properties):
            continue
        props = tuple(
            attrs.evolve(p, evidence=_without(p.evidence, sids)) for p in cat.properties
        )
        store.put("category", attrs.evolve(cat, properties=props))


def _drop_about(project: Project, ids: set[str]) -> None:
    store = project._store  # noqa: SLF001
    for memo in list(store.iter_records("memo")):
        if not ids.isdisjoint(memo.about):
            store.put("memo", attrs.evolve(memo, about=_without(memo.about, ids)))


def _without(items: Iterable[str], drop: set[str]) -> tuple[str, ...]:
    return tuple(i for i in items if i not in drop)
