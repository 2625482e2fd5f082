"""The last line of defence of a reader: no exception but FormatError from a file.

Readers check what they read explicitly and name the place of each problem.  A
value of an unexpected type that slips past those checks would surface as a
``TypeError`` or ``KeyError`` from deep inside the reader; this guard turns it
into a :class:`~gtgraph.FormatError` that names the file, so that a hostile or
damaged file never shows a user a traceback.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from gtgraph.errors import FormatError, GtGraphError

__all__ = ["unexpected_as_format_error"]

#: The exceptions a malformed value can raise inside a reader.
UNEXPECTED = (
    TypeError,
    ValueError,
    LookupError,
    AttributeError,
    ArithmeticError,
    RecursionError,
)


@contextlib.contextmanager
def unexpected_as_format_error(name: str) -> Iterator[None]:
    """Turn an unexpected exception inside the block into a FormatError naming *name*.

    Examples
    --------
    >>> from gtgraph.readwrite._guard import unexpected_as_format_error
    >>> with unexpected_as_format_error("study.qdpx"):
    ...     {}["missing"]
    Traceback (most recent call last):
    ...
    gtgraph.errors.FormatError: study.qdpx: cannot be read: it holds a value of an unexpected shape (KeyError: 'missing'); the file is damaged or was not written by a program gtgraph knows
    """
    try:
        yield
    except GtGraphError:
        raise
    except UNEXPECTED as error:
        raise FormatError(
            f"{name}: cannot be read: it holds a value of an unexpected shape "
            f"({type(error).__name__}: {error}); the file is damaged or was not "
            "written by a program gtgraph knows"
        ) from error
