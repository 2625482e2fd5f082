"""A Project method never ends in a TypeError: values of unforeseen types are the user's mistake.

Every check of gtgraph raises a :class:`~gtgraph.GtGraphError`.  A value that no
check foresaw (an object where a name belongs, a list where a mapping does) could
otherwise surface as a ``TypeError`` or ``KeyError`` from deep inside; the
methods that take values from users are wrapped so that it becomes a
:class:`~gtgraph.ValidationError` naming the method, and the project is as it
was (a change that had begun is rolled back).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from gtgraph.errors import GtGraphError, ValidationError

__all__ = ["WRONG_VALUE", "guard_user_errors"]

#: What a value of an unforeseen type raises inside a change.
WRONG_VALUE = (
    TypeError,
    ValueError,
    AttributeError,
    LookupError,
    ArithmeticError,
    RecursionError,
)


def guard_user_errors(method: Callable[..., Any]) -> Callable[..., Any]:
    """Report a value of an unforeseen type, met anywhere in *method*, as a ValidationError.

    Every check of gtgraph raises a GtGraphError; a value no check foresaw (an
    object where a name belongs, a list where a mapping does) could otherwise
    surface as a TypeError from deep inside.  Nothing has changed when it does:
    the change, if one had begun, was rolled back.
    """

    @functools.wraps(method)
    def guarded(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except GtGraphError:
            raise
        except WRONG_VALUE as error:
            raise ValidationError(
                f"{method.__name__}: an argument has a value of the wrong type or "
                f"form ({type(error).__name__}: {error}); check the arguments"
            ) from error

    return guarded
