"""Reporting what an import could not represent: :class:`FormatWarning` and its collector."""

from __future__ import annotations

import warnings
from typing import Literal

from gtgraph.errors import FormatError, ValidationError

__all__ = ["Errors", "FormatWarning", "Reporter"]

#: What a reader does with a loss: warn (default), raise FormatError, or only record it.
Errors = Literal["warn", "raise", "ignore"]

_EXAMPLES = 3


class FormatWarning(UserWarning):
    """A file was read, but part of it could not be represented exactly or was dropped.

    Readers emit one warning per kind of loss, with how many elements it
    concerns and a few examples, and also append it to the ``report`` list they
    are given.

    Attributes
    ----------
    file : str
        The file read.
    what : str
        A short key naming the kind of loss (``"pdf-selection"``).
    count : int
        How many elements it concerns.
    examples : tuple of str
        A few of them, named.

    Examples
    --------
    >>> from gtgraph.readwrite import FormatWarning
    >>> w = FormatWarning("x.qdpx: 2 links dropped", file="x.qdpx", what="link", count=2)
    >>> str(w), w.count
    ('x.qdpx: 2 links dropped', 2)
    """

    def __init__(
        self,
        message: str,
        *,
        file: str = "",
        what: str = "",
        count: int = 1,
        examples: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message)
        self.file = file
        self.what = what
        self.count = count
        self.examples = examples


class Reporter:
    """Collects losses by kind while a file is read, then reports them once each."""

    def __init__(self, file: str) -> None:
        self.file = file
        self._messages: dict[str, str] = {}
        self._items: dict[str, list[str]] = {}

    def add(self, what: str, message: str, example: str = "") -> None:
        """Record one element of kind *what*; *message* describes the kind."""
        self._messages.setdefault(what, message)
        self._items.setdefault(what, []).append(example)

    def warnings(self) -> list[FormatWarning]:
        """Return one :class:`FormatWarning` per kind recorded."""
        result = []
        for what, items in self._items.items():
            examples = tuple(e for e in items if e)[:_EXAMPLES]
            count = len(items)
            text = f"{self.file}: {self._messages[what]}"
            if count > 1:
                text += f" ({count} times)"
            if examples:
                text += "; e.g. " + ", ".join(examples)
            result.append(
                FormatWarning(
                    text, file=self.file, what=what, count=count, examples=examples
                )
            )
        return result

    def finish(
        self, *, errors: Errors, report: list[FormatWarning] | None, stacklevel: int = 3
    ) -> None:
        """Deliver the warnings: append to *report*, then warn, raise or stay quiet."""
        found = self.warnings()
        if report is not None:
            report.extend(found)
        if not found:
            return
        if errors == "raise":
            lines = "\n".join(f"  - {w}" for w in found)
            raise FormatError(
                f"{self.file}: parts of the file cannot be represented "
                f"(errors='raise'):\n{lines}"
            )
        if errors == "warn":
            for warning in found:
                warnings.warn(warning, stacklevel=stacklevel + 1)


def check_errors(errors: str) -> Errors:
    """Validate the *errors* option of a reader."""
    if errors not in ("warn", "raise", "ignore"):
        raise ValidationError(
            f"errors must be 'warn', 'raise' or 'ignore', not {errors!r}"
        )
    return errors  # type: ignore[return-value]
