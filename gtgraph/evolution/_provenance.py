"""Provenance: the events in a project's history that led to an element."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from gtgraph.errors import GtGraphError
from gtgraph.evolution._diff import _PLURAL
from gtgraph.project._views import ids_in, lineage

if TYPE_CHECKING:
    from gtgraph.model import Event
    from gtgraph.project import Project
    from gtgraph.project._base import Key

__all__ = ["Provenance", "provenance"]


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
