"""The layout constants and the upgrades (migrations) of the gtgraph project file."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gtgraph.errors import FormatError

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "HISTORY_COLUMNS",
    "MIGRATIONS",
    "SECTIONS",
    "SEGMENT_COLUMNS",
    "migrate",
    "migration",
    "why",
]

FORMAT_NAME = "gtgraph-project"
#: The version of the project file this gtgraph writes.
FORMAT_VERSION = 1

SEGMENT_COLUMNS = (
    "id",
    "source",
    "start",
    "end",
    "codes",
    "coder",
    "coding_coders",
    "created",
    "quote",
)
HISTORY_COLUMNS = ("seq", "when", "who", "op", "args")
#: The record sections, in the file's order: (kind, key).
SECTIONS = (
    ("participant", "participants"),
    ("source", "sources"),
    ("code", "codes"),
    ("category", "categories"),
    ("relationship", "relationships"),
    ("memo", "memos"),
)


def why(error: BaseException) -> str:
    """Say what an error means in a message (a KeyError names the missing key)."""
    if isinstance(error, KeyError):
        return f"missing {error.args[0]!r}"
    return str(error)


# ------------------------------------------------------------------- migrations

#: Upgrades of the project file: ``MIGRATIONS[n]`` turns a parsed document of
#: format version *n* into one of version *n* + 1.  Loading applies them in
#: order, from the file's version up to ``FORMAT_VERSION``.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def migration(
    version: int,
) -> Callable[
    [Callable[[dict[str, Any]], dict[str, Any]]],
    Callable[[dict[str, Any]], dict[str, Any]],
]:
    """Register the function that upgrades a document of *version* to the next.

    A migration takes the parsed JSON document (a dict) of format version
    *version* and returns the document in the layout of *version* + 1; it may
    change the dict in place.  It need not set ``format_version``.  Whatever
    it produces is then checked as any file is.

    Examples
    --------
    Suppose format version 2 renamed ``"title"`` to ``"name"``; the upgrade would
    be registered as::

        @migration(1)
        def _title_becomes_name(doc):
            doc["name"] = doc.pop("title", "")
            return doc
    """

    def register(
        step: Callable[[dict[str, Any]], dict[str, Any]],
    ) -> Callable[[dict[str, Any]], dict[str, Any]]:
        if version in MIGRATIONS:
            msg = f"a migration from format version {version} is already registered"
            raise ValueError(msg)
        MIGRATIONS[version] = step
        return step

    return register


def migrate(
    doc: dict[str, Any], version: int, *, name: str = "<string>"
) -> dict[str, Any]:
    """Upgrade a parsed document from format *version* to ``FORMAT_VERSION``.

    Raises
    ------
    FormatError
        If a step is missing, or fails on this document (naming both versions).

    Examples
    --------
    >>> from gtgraph.readwrite._native import FORMAT_VERSION, migrate
    >>> migrate({"format_version": FORMAT_VERSION}, FORMAT_VERSION)["format_version"] == FORMAT_VERSION
    True
    """
    for step_from in range(version, FORMAT_VERSION):
        step = MIGRATIONS.get(step_from)
        if step is None:
            raise FormatError(
                f"{name}: this gtgraph cannot upgrade a project file of format "
                f"version {step_from} to version {step_from + 1}; open it with an "
                "older gtgraph and save it again"
            )
        try:
            upgraded = step(doc)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as error:
            raise FormatError(
                f"{name}: cannot upgrade the file from format version {step_from} "
                f"to {step_from + 1} ({why(error)}); the file may be damaged"
            ) from None
        if not isinstance(upgraded, dict):
            raise FormatError(  # pragma: no cover - a migration's own mistake
                f"{name}: upgrading from format version {step_from} gave no document"
            )
        doc = upgraded
        doc["format_version"] = step_from + 1
    return doc
