"""Reading large files quickly: pause the cycle collector while a file is read."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["paused_gc"]


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cycle collector for the duration of the block.

    Readers create hundreds of thousands of objects, none of them garbage yet; the
    collector would walk them all again and again (a large share of the time a
    big file takes to read).  Reference counting still frees memory as usual, and
    the collector runs again as before afterwards.

    Examples
    --------
    >>> import gc
    >>> from gtgraph.readwrite._speed import paused_gc
    >>> with paused_gc():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
