r"""Which values a project may hold: the one check every value passes on its way in.

A value is accepted only if it can be saved and loaded back to an equal value.
The same function, :func:`value_problem`, decides this for values given through
the API and for values read from any file, so that what one accepts the other
accepts too:

* **strings** hold Unicode characters only: a lone UTF-16 surrogate
  (``"\ud800"``), which cannot be encoded in UTF-8, is refused.  Control
  characters, NUL among them, are data: the project file holds them, and the
  REFI-QDA writer replaces those XML cannot hold, with a warning.
* **whole numbers** lie within ``±(2**53 - 1)`` (:data:`MAX_INT`), the range in
  which every JSON reader (JavaScript's among them, RFC 7493 "I-JSON") reads
  them exactly; ``True`` and ``False`` are not numbers.
* **real numbers** are finite (no NaN or infinity, which JSON cannot hold).
* **flags** are ``True`` or ``False``: not 0, 1, "yes" or NaN.
* **dates** are :class:`datetime.date`; **timestamps** are
  :class:`datetime.datetime`, naive or with a time zone (the offset is kept; a
  named zone is kept as its offset at that instant).  Subclasses (a pandas
  ``Timestamp``) are refused with a hint to convert them, as they would come
  back as another type.
* **containers** (settings, event arguments) are lists and dicts with string
  keys, nested at most :data:`MAX_NESTING` deep.
* **hierarchies** of categories are at most :data:`MAX_HIERARCHY_DEPTH` levels
  deep.

Examples
--------
>>> from gtgraph.model._values import value_problem
>>> value_problem("calm") is None
True
>>> value_problem("bad\ud800name")
'it holds a lone surrogate (\\ud800), which is not a character'
>>> value_problem(10**20)
'the whole number 100000000000000000000 lies outside ±(2**53 - 1), the range JSON readers take'
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping

from gtgraph.errors import ValidationError

__all__ = [
    "MAX_HIERARCHY_DEPTH",
    "MAX_INT",
    "MAX_NESTING",
    "check_flag",
    "check_str",
    "check_text",
    "check_value",
    "record_problem",
    "value_problem",
]

#: The largest whole number a project holds (and its negative the smallest).
MAX_INT = 2**53 - 1
#: How deeply lists and dicts may nest inside a setting or an event argument.
MAX_NESTING = 100
#: The most levels a hierarchy may have: no code or category lies more than this
#: many links below a top-level category.  The API, :func:`gtgraph.load`, the
#: readers and the writers apply the same limit, so that whatever is written can
#: be read back (a REFI-QDA file nests XML elements for each level, and XML
#: readers bound the depth they accept).
MAX_HIERARCHY_DEPTH = 100

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _text_problem(value: str) -> str | None:
    if not value.isascii():
        found = _LONE_SURROGATE.search(value)
        if found is not None:
            return (
                f"it holds a lone surrogate ({ascii(found.group())[1:-1]}), "
                "which is not a character"
            )
    return None


def _scalar_problem(value: object) -> str | None:
    if value is None or value is True or value is False:
        return None
    # Subclasses of str, int and float (numpy's float64, an IntEnum) are saved as
    # the plain value and compare equal to it when loaded back.
    if isinstance(value, str):
        return _text_problem(value)
    if isinstance(value, int):
        if -MAX_INT <= value <= MAX_INT:
            return None
        digits = len(str(abs(value)))
        shown = str(value) if digits < _SHOWN_DIGITS else f"of {digits} digits"
        return (
            f"the whole number {shown} lies outside ±(2**53 - 1), "
            "the range JSON readers take"
        )
    if isinstance(value, float):
        if math.isfinite(value):
            return None
        return f"{value} is not a finite number, which a project file cannot hold"
    kind = type(value)
    if kind is dt.date or kind is dt.datetime:
        return None
    if isinstance(value, dt.datetime):
        return (
            f"a {kind.__name__} is not a datetime.datetime; convert it "
            "(pandas: value.to_pydatetime())"
        )
    if isinstance(value, dt.date):
        return f"a {kind.__name__} is not a datetime.date; convert it first"
    return f"a value of type {kind.__name__} cannot be saved"


_SHOWN_DIGITS = 40


def value_problem(
    value: object, *, containers: bool = True, plain_json: bool = False
) -> str | None:
    """Return why *value* cannot be saved and loaded back equal, or None if it can.

    Parameters
    ----------
    value : object
        A scalar (str, int, float, bool, None, :class:`datetime.date`,
        :class:`datetime.datetime`) or, with *containers*, lists, tuples and
        string-keyed dicts of them.
    containers : bool
        Accept lists, tuples and dicts (walked without recursion, at most
        :data:`MAX_NESTING` deep).
    plain_json : bool
        Accept only what JSON holds as it is (no dates, no tuples), for values
        kept as given, such as settings.

    Returns
    -------
    str or None
        A sentence saying what is wrong (naming the place inside a container),
        or None.

    Examples
    --------
    >>> from gtgraph.model._values import value_problem
    >>> value_problem({"a": [1, 2.5, None, "x"]}) is None
    True
    >>> value_problem({"a": [1, float("nan")]})
    "at ['a'][1]: nan is not a finite number, which a project file cannot hold"
    >>> value_problem(b"bytes")
    'a value of type bytes cannot be saved'
    """
    stack: list[tuple[str, object, int]] = [("", value, 0)]
    while stack:
        where, item, depth = stack.pop()
        if plain_json and isinstance(item, (tuple, dt.date)):
            return (
                f"at {where or 'the top'}: a {type(item).__name__} is not a JSON "
                "value (use a list, or the ISO text of a date)"
            )
        if containers and isinstance(item, (list, tuple, Mapping)):
            if depth >= MAX_NESTING:
                return f"at {where or 'the top'}: nested more than {MAX_NESTING} deep"
            if isinstance(item, Mapping):
                for key, inner in item.items():
                    if type(key) is not str:
                        return (
                            f"at {where or 'the top'}: the key {key!r} is not a string"
                        )
                    problem = _text_problem(key)
                    if problem is not None:
                        return f"at {where or 'the top'}: the key {key!r}: {problem}"
                    stack.append((f"{where}[{key!r}]", inner, depth + 1))
            else:
                stack.extend(
                    (f"{where}[{i}]", inner, depth + 1) for i, inner in enumerate(item)
                )
            continue
        problem = _scalar_problem(item)
        if problem is not None:
            return f"at {where}: {problem}" if where else problem
    return None


def check_value(value: object, what: str, *, containers: bool = True) -> None:
    """Raise :class:`~gtgraph.ValidationError` naming *what* if *value* cannot be saved.

    Examples
    --------
    >>> from gtgraph.model._values import check_value
    >>> check_value(float("inf"), "attribute 'score'")
    Traceback (most recent call last):
    ...
    gtgraph.errors.ValidationError: attribute 'score' cannot be saved: inf is not a finite number, which a project file cannot hold
    """
    problem = value_problem(value, containers=containers)
    if problem is not None:
        raise ValidationError(f"{what} cannot be saved: {problem}")


def check_text(value: object, what: str) -> None:
    r"""Refuse a text (a source's text, a memo, a definition) that cannot be saved.

    Examples
    --------
    >>> from gtgraph.model._values import check_text
    >>> check_text("a\x00b", "the text")  # NUL is allowed in texts
    """
    if isinstance(value, str):
        problem = _text_problem(value)
        if problem is not None:
            raise ValidationError(f"{what} {value[:40]!r} cannot be saved: {problem}")


def check_str(value: object, what: str) -> None:
    """Refuse a value that is not a string, or a string that cannot be saved.

    Examples
    --------
    >>> from gtgraph.model._values import check_str
    >>> check_str(3, "symbol")
    Traceback (most recent call last):
    ...
    gtgraph.errors.ValidationError: 'symbol' must be a string, not 3
    """
    if not isinstance(value, str):
        raise ValidationError(f"{what!r} must be a string, not {value!r}")
    check_text(value, what)


def check_flag(value: object, what: str) -> bool:
    """Return *value* if it is ``True`` or ``False``; refuse anything else.

    Examples
    --------
    >>> from gtgraph.model._values import check_flag
    >>> check_flag(True, "acyclic")
    True
    >>> check_flag("yes", "acyclic")
    Traceback (most recent call last):
    ...
    gtgraph.errors.ValidationError: acyclic must be True or False, not 'yes'
    """
    if value is True or value is False:
        return value
    raise ValidationError(f"{what} must be True or False, not {value!r}")


def hierarchy_depths(parents: Mapping[str, Iterable[str]]) -> dict[str, int]:
    """Return each element's depth: the most links from it up to a top-level category.

    *parents* maps each child to its parents and must be acyclic.  The walk keeps
    its own stack, so any depth is measured without recursion.

    Examples
    --------
    >>> from gtgraph.model._values import hierarchy_depths
    >>> sorted(hierarchy_depths({"code": ["A", "B"], "A": ["B"], "B": []}).items())
    [('A', 1), ('B', 0), ('code', 2)]
    """
    depth: dict[str, int] = {}
    for root in parents:
        if root in depth:
            continue
        stack = [root]
        entered: set[str] = set()
        while stack:
            node = stack[-1]
            if node in depth:
                stack.pop()
                continue
            pending = [p for p in parents.get(node, ()) if p not in depth]
            if pending and node not in entered:
                entered.add(node)
                stack.extend(pending)
                continue
            if pending:  # a parent still pending after its turn: a cycle
                msg = f"the hierarchy has a cycle through {node!r}"
                raise ValueError(msg)
            stack.pop()
            depth[node] = max((depth[p] + 1 for p in parents.get(node, ())), default=0)
    return depth


def record_problem(record: object) -> str | None:
    r"""Return why a record (with its nested properties and dimensions) cannot be saved.

    Every string, number and attribute in the record's fields is checked with
    :func:`value_problem`, without recursion.

    Examples
    --------
    >>> from gtgraph.model import Dimension
    >>> from gtgraph.model._values import record_problem
    >>> record_problem(Dimension("intensity", "low", "high")) is None
    True
    >>> record_problem(Dimension("bad\ud800"))
    'name: it holds a lone surrogate (\\ud800), which is not a character'
    """
    stack: list[tuple[str, object]] = [("", record)]
    while stack:
        where, value = stack.pop()
        fields = getattr(type(value), "__attrs_attrs__", None)
        if fields is not None:
            stack.extend(
                (f"{where}.{f.name}" if where else f.name, getattr(value, f.name))
                for f in fields
            )
        elif isinstance(value, (tuple, list, frozenset)):
            stack.extend((f"{where}[{i}]", v) for i, v in enumerate(value))
        else:
            problem = value_problem(value)
            if problem is not None:
                return f"{where}: {problem}"
    return None
