"""Checking ``gtgraph.json``, gtgraph's own data inside a ``.qdpx``, before it is used.

A ``.qdpx`` written by gtgraph carries, beside the REFI-QDA ``project.qde``, a
member ``gtgraph.json`` with what REFI-QDA cannot hold (ids, order, evidence,
relation types).  An archive from someone else may carry a hostile one.  It is
checked as strictly as a project file before anything is read from it: every
value must be one a project may hold (:func:`gtgraph.model._values.value_problem`:
no lone surrogates, finite numbers within ±(2**53 - 1)), and each entry the reader
uses must have its type (lists of GUIDs are lists of strings, tables are objects).
A problem is a :class:`~gtgraph.FormatError` naming the member and the entry.
Entries the reader does not use are left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from gtgraph.errors import FormatError
from gtgraph.model._values import value_problem

__all__ = ["check_meta"]


def _strs(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _str_table(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())


def _list_table(value: Any) -> bool:
    return isinstance(value, dict) and all(_strs(v) for v in value.values())


def _opt_str(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _opt_int(value: Any) -> bool:
    return value is None or type(value) is int


def _flag(value: Any) -> bool:
    return value is True or value is False


def _object(value: Any) -> bool:
    return isinstance(value, dict)


def _list(value: Any) -> bool:
    return isinstance(value, list)


#: The type of each top-level entry the reader uses.
TOP: Mapping[str, Callable[[Any], bool]] = {
    "ids": _str_table,
    "order": _list_table,
    "parents": _list_table,
    "sets": _object,
    "project": _object,
    "namespace": _opt_str,
}

#: Tables of entries by GUID, and the type of each field of an entry.
TABLES = ("participants", "sources", "segments", "memos", "relationships")
FIELDS: Mapping[str, Callable[[Any], bool]] = {
    "evidence": _strs,
    "counter_evidence": _strs,
    "about": _strs,
    "memo": _opt_str,
    "created": _opt_str,
    "quote": _opt_str,
    "kind": _opt_str,
    "path": _opt_str,
    "order": _opt_int,
    "no_text": _flag,
    "quote_only": _flag,
    "types": _str_table,
}

#: Fields of ``project``.
PROJECT: Mapping[str, Callable[[Any], bool]] = {
    "vocabularies": _strs,
    "relation_types": _list,
    "actor": _opt_str,
}


def check_meta(meta: dict[str, Any], *, where: str) -> None:
    """Raise FormatError naming the entry of ``gtgraph.json`` that cannot be used.

    Parameters
    ----------
    meta : dict
        The parsed member.
    where : str
        The archive and member, for messages.

    Examples
    --------
    >>> from gtgraph.readwrite._meta_check import check_meta
    >>> check_meta({"relationships": {"G1": {"evidence": ["G2"]}}}, where="a.qdpx: gtgraph.json")
    >>> check_meta({"relationships": {"G1": {"evidence": [[1]]}}}, where="a.qdpx: gtgraph.json")
    Traceback (most recent call last):
    ...
    gtgraph.errors.FormatError: a.qdpx: gtgraph.json: relationships.G1.evidence has the wrong type ([[1]]); the archive's own gtgraph data is damaged or hostile
    """
    problem = value_problem(meta)
    if problem is not None:
        raise FormatError(
            f"{where}: {problem}; the archive's own gtgraph data is damaged"
        )
    for key, check in TOP.items():
        if key in meta:
            _expect(check, meta[key], key, where)
    for key, check in PROJECT.items():
        project = meta.get("project")
        if isinstance(project, dict) and key in project:
            _expect(check, project[key], f"project.{key}", where)
    for table in TABLES:
        if table not in meta:
            continue
        entries = meta[table]
        _expect(_object, entries, table, where)
        for guid, entry in entries.items():
            _expect(_object, entry, f"{table}.{guid}", where)
            for field, check in FIELDS.items():
                if field in entry:
                    _expect(check, entry[field], f"{table}.{guid}.{field}", where)


def _expect(check: Callable[[Any], bool], value: Any, name: str, where: str) -> None:
    if not check(value):
        shown = repr(value)
        shown = shown if len(shown) <= _SHOWN else shown[: _SHOWN - 3] + "..."
        raise FormatError(
            f"{where}: {name} has the wrong type ({shown}); the archive's own gtgraph "
            "data is damaged or hostile"
        )


_SHOWN = 60
