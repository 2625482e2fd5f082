"""The rules a loaded project must keep: those the API enforces, applied to a file.

:func:`gtgraph.load` (and every reader that restores a gtgraph project) accepts
only what the API could have built.  After the records are read, the semantics
the API checks when each change is made are checked again, over the whole file:

* relation types: a user-defined type may not share its name with another
  user-defined type, nor with a type of an enabled vocabulary unless it has the
  same semantics (the API's :meth:`~gtgraph.Project.add_relation_type` refuses
  both); its flags are true or false;
* relationships: two different ends; no relationship twice (a symmetric one not
  in either direction); no cycle of a transitive or acyclic type (``precedes``,
  ``is part of``);
* history rows: a known operation whose arguments have the types that operation
  records (:data:`EVENT_ARGUMENTS`), and only values a project may hold.

Each problem is a :class:`~gtgraph.FormatError` naming the file and the record.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from typing import Any

from gtgraph import relations as _relations
from gtgraph.errors import FormatError
from gtgraph.model import Relationship, RelationType
from gtgraph.model._values import value_problem

__all__ = [
    "EVENT_ARGUMENTS",
    "check_history",
    "check_relation_types",
    "check_relationships",
]


def _opt_str(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _strs(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _opt_strs(value: Any) -> bool:
    return value is None or _strs(value)


def _flag(value: Any) -> bool:
    return value is True or value is False


def _object(value: Any) -> bool:
    return isinstance(value, dict)


def _parts(value: Any) -> bool:
    return isinstance(value, (dict, list))


def _any(_value: Any) -> bool:
    return True


#: The type of each argument that gtgraph itself works out and records (the ids it
#: created or changed, the names it replaced), which the history's readers rely
#: on.  Arguments the user passed are recorded as given and need only be values
#: a project may hold.  An argument a row does not hold is not required (older
#: files record fewer), except those in :data:`REQUIRED_ARGUMENTS`.
ARGUMENT_TYPES: Mapping[str, Callable[[Any], bool]] = {
    **dict.fromkeys(
        (
            "category_id",
            "code_id",
            "code_name",
            "created_code",
            "created_participant",
            "id",
            "into_id",
            "kind",
            "memo",
            "name",
            "new_name",
            "old_name",
            "relationship",
            "relationship_id",
            "segment",
            "segment_id",
            "source_id",
            "target_id",
        ),
        _opt_str,
    ),
    **dict.fromkeys(
        (
            "about_ids",
            "code_ids",
            "created_categories",
            "created_codes",
            "merged",
            "merged_names",
            "new_codes",
            "segment_ids",
        ),
        _opt_strs,
    ),
    "created_segment": _flag,
    "fields": _object,
    "parts": _parts,
}

#: The operations a history may hold, with the arguments each one must record.
REQUIRED_ARGUMENTS: Mapping[str, tuple[str, ...]] = {
    "add_category": (),
    "add_code": (),
    "add_dimension": (),
    "add_evidence": (),
    "add_participant": (),
    "add_property": (),
    "add_relation_type": (),
    "add_source": (),
    "categorize": (),
    "code": (),
    "code_many": (),
    "configure": (),
    "enable_vocabulary": (),
    "memo": (),
    "merge_codes": (),
    "relate": (),
    "remove": (),
    "rename": ("id", "old_name", "new_name"),
    "set_title": (),
    "split_code": (),
    "uncategorize": (),
    "uncode": (),
    "update": (),
}

#: Everything the history check knows: operations and argument types.
EVENT_ARGUMENTS = (REQUIRED_ARGUMENTS, ARGUMENT_TYPES)


_SHOWN = 60


def _fail(name: str, where: str, problem: str) -> FormatError:
    return FormatError(f"{name}: {where}: {problem}")


def check_history(name: str, rows: list[Any], start: int = 0) -> None:
    """Check history rows (already of the right shape) as strictly as records.

    Raises
    ------
    FormatError
        Naming the row, for an unknown operation, a missing or mistyped argument,
        or a value a project may not hold.

    Examples
    --------
    >>> from gtgraph.readwrite._native_rules import check_history
    >>> check_history("f", [[1, "2024-01-01T00:00:00Z", None, "rename",
    ...                      {"id": "cod1", "old_name": "a", "new_name": "b"}]])
    >>> check_history("f", [[1, "2024-01-01T00:00:00Z", None, "merge_codes",
    ...                      {"merged": 5}]])
    Traceback (most recent call last):
    ...
    gtgraph.errors.FormatError: f: history[0] (merge_codes): its argument 'merged' has the wrong type (5)
    """
    for i, row in enumerate(rows, start):
        op, args = row[3], row[4]
        where = f"history[{i}] ({op})"
        required = REQUIRED_ARGUMENTS.get(op)
        if required is None:
            raise _fail(
                name,
                f"history[{i}]",
                f"the operation {op!r} is not one gtgraph records; the file was not "
                "written by gtgraph, or is damaged",
            )
        missing = [key for key in required if key not in args]
        if missing:
            raise _fail(name, where, f"the argument {missing[0]!r} is missing")
        for key, value in args.items():
            check = ARGUMENT_TYPES.get(key, _any)
            if not check(value):
                shown = repr(value)
                shown = shown if len(shown) <= _SHOWN else shown[: _SHOWN - 3] + "..."
                raise _fail(
                    name, where, f"its argument {key!r} has the wrong type ({shown})"
                )
        for column, value in ((1, row[1]), (2, row[2]), (4, args)):
            problem = value_problem(value)
            if problem is not None:
                raise _fail(name, f"history[{i}][{column}]", problem)


def check_relation_types(
    name: str, vocabularies: list[str], custom: list[RelationType]
) -> None:
    """Refuse user-defined types that clash with each other or an enabled built-in one.

    Examples
    --------
    >>> from gtgraph.model import RelationType
    >>> from gtgraph.readwrite._native_rules import check_relation_types
    >>> check_relation_types("f", ["process"], [RelationType("precedes", symmetric=True)])
    Traceback (most recent call last):
    ...
    gtgraph.errors.FormatError: f: relation_types[0]: a relation type named 'precedes' is enabled already (vocabulary 'process') with other semantics
    """
    builtin: dict[str, tuple[str, RelationType]] = {}
    for vocab in vocabularies:
        for rtype in _relations.vocabulary(vocab):
            builtin.setdefault(rtype.name, (vocab, rtype))
    seen: set[str] = set()
    for i, rtype in enumerate(custom):
        where = f"relation_types[{i}]"
        if rtype.name in seen:
            raise _fail(
                name, where, f"the relation type {rtype.name!r} is defined twice"
            )
        seen.add(rtype.name)
        for field in ("symmetric", "transitive", "acyclic"):
            if not _flag(getattr(rtype, field)):
                raise _fail(
                    name,
                    where,
                    f"{field} must be true or false, not {getattr(rtype, field)!r}",
                )
        clash = builtin.get(rtype.name)
        if clash is not None and clash[1] != rtype:
            raise _fail(
                name,
                where,
                f"a relation type named {rtype.name!r} is enabled already (vocabulary "
                f"{clash[0]!r}) with other semantics",
            )


def check_relationships(
    name: str, relationships: list[Relationship], types: Mapping[str, RelationType]
) -> None:
    """Refuse self-relationships, duplicates and cycles of types that forbid them.

    The same rules as :meth:`gtgraph.Project.relate`, checked over all
    relationships at once (in linear time, plus one search for a cycle per type).

    Examples
    --------
    >>> from gtgraph import relations
    >>> from gtgraph.model import Relationship
    >>> from gtgraph.readwrite._native_rules import check_relationships
    >>> types = {t.name: t for t in relations.vocabulary("process")}
    >>> rels = [Relationship("r1", "a", "precedes", "b"), Relationship("r2", "b", "precedes", "a")]
    >>> check_relationships("f", rels, types)
    Traceback (most recent call last):
    ...
    gtgraph.errors.FormatError: f: relationships[1] (r2): it closes a cycle of 'precedes' relationships (a -> b -> a), which that type does not allow
    """
    from gtgraph.readwrite._native_check import find_cycle

    pairs: dict[tuple[str, str, str], str] = {}
    edges: dict[str, dict[str, dict[str, None]]] = {}
    first: dict[tuple[str, str, str], int] = {}
    for i, rel in enumerate(relationships):
        where = f"relationships[{i}] ({rel.id})"
        if rel.source == rel.target:
            raise _fail(name, where, f"both its ends are {rel.source!r}")
        rtype = types[rel.type]
        key = (rel.type, rel.source, rel.target)
        keys = [key]
        if rtype.symmetric:
            keys.append((rel.type, rel.target, rel.source))
        for k in keys:
            if k in pairs:
                raise _fail(
                    name,
                    where,
                    f"it repeats {pairs[k]} ({rel.source} {rel.type} {rel.target})",
                )
        pairs[key] = rel.id
        first[key] = i
        if rtype.forbids_cycles:
            edges.setdefault(rel.type, {}).setdefault(rel.source, {})[rel.target] = None
    for type_name, succ in edges.items():
        cycle = find_cycle(succ)
        if cycle:
            # Name the relationship that closes the cycle: the last one read.
            closing = max(
                first[(type_name, a, b)] for a, b in itertools.pairwise(cycle)
            )
            rel = relationships[closing]
            raise _fail(
                name,
                f"relationships[{closing}] ({rel.id})",
                f"it closes a cycle of {type_name!r} relationships "
                f"({' -> '.join(cycle)}), which that type does not allow",
            )
