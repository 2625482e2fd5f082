"""An immutable dictionary for the attributes held in records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, NoReturn, TypeAlias

from gtgraph.errors import ValidationError
from gtgraph.model._values import check_text, value_problem

__all__ = ["AttributeValue", "FrozenAttributes", "freeze_attributes"]

#: The types an attribute of a participant, a source or an event may hold: dates
#: are :class:`datetime.date`, timestamps :class:`datetime.datetime` (see
#: :mod:`gtgraph.model._values` for the exact rules).
AttributeValue: TypeAlias = "str | int | float | bool | dt.date | dt.datetime | None"


class FrozenAttributes(dict[str, Any]):
    """A ``dict`` that cannot be changed, so records stay immutable and hashable.

    It compares equal to a plain ``dict`` with the same items and serialises to
    JSON as one.

    Examples
    --------
    >>> from gtgraph.model import FrozenAttributes
    >>> a = FrozenAttributes({"age": 34})
    >>> a == {"age": 34}
    True
    >>> a["age"] = 35
    Traceback (most recent call last):
    ...
    TypeError: attributes are read-only; change them through the Project (project.update)
    """

    __slots__ = ()

    def _refuse(self, *args: object, **kwargs: object) -> NoReturn:
        del args, kwargs
        raise TypeError(
            "attributes are read-only; change them through the Project (project.update)"
        )

    __setitem__ = _refuse
    __delitem__ = _refuse
    __ior__ = _refuse
    clear = _refuse
    pop = _refuse
    popitem = _refuse
    setdefault = _refuse
    update = _refuse

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(sorted((k, _hashable(v)) for k, v in self.items())))

    def __repr__(self) -> str:
        return dict.__repr__(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenAttributes, (dict(self),))


def _hashable(value: object) -> object:
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


def freeze_attributes(
    value: Mapping[str, Any] | Iterable[tuple[str, Any]] | None,
) -> FrozenAttributes:
    """Return *value* as :class:`FrozenAttributes`, checking keys and value types.

    Parameters
    ----------
    value : mapping or iterable of pairs or None
        Attribute names (non-empty strings) and values (str, int within
        ±(2**53 - 1), finite float, bool, :class:`datetime.date`,
        :class:`datetime.datetime` or None).

    Returns
    -------
    FrozenAttributes

    Raises
    ------
    ValidationError
        If a name is not a non-empty string or a value is of another type.

    Examples
    --------
    >>> from gtgraph.model import freeze_attributes
    >>> freeze_attributes({"site": "north", "age": 41})
    {'site': 'north', 'age': 41}
    """
    if isinstance(value, FrozenAttributes):
        return value
    items = dict(value or {})
    for key, item in items.items():
        if not isinstance(key, str) or not key:
            msg = f"attribute names must be non-empty strings, not {key!r}"
            raise ValidationError(msg)
        check_text(key, "the attribute name")
        problem = value_problem(item, containers=False)
        if problem is None:
            continue
        if isinstance(item, (list, tuple, dict, set, frozenset, bytes, bytearray)) or (
            problem.startswith("a value of type")
        ):
            msg = (
                f"attribute {key!r} has a value of type {type(item).__name__}; use "
                "str, int, float, bool, datetime.date, datetime.datetime or None"
            )
        elif isinstance(item, float):
            msg = (
                f"attribute {key!r} is {item}, which a project file cannot hold; "
                "use None for a missing value"
            )
        else:
            msg = f"attribute {key!r} cannot be saved: {problem}"
        raise ValidationError(msg)
    return FrozenAttributes(items)
