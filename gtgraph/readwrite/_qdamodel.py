"""Plain records of a REFI-QDA document, as :mod:`gtgraph.readwrite._qdaxml` reads it.

They know nothing of gtgraph's model.  GUIDs are in one spelling (lower case,
no braces, see :func:`norm_guid`).  Sources of kinds gtgraph cannot analyse
(PDF, picture, audio, video) also carry their element as a *raw* tree
(:data:`RawNode`), so that they can be written back unchanged.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

import attrs

__all__ = [
    "QdaCase",
    "QdaCode",
    "QdaCodebook",
    "QdaCoding",
    "QdaLink",
    "QdaProject",
    "QdaSelection",
    "QdaSet",
    "QdaSource",
    "QdaUser",
    "QdaValue",
    "QdaVariable",
    "RawNode",
    "norm_guid",
]

#: An element kept as it was: ``[tag, {attribute: value}, text, [children]]``
#: (JSON-compatible, so it is saved in the project file).
RawNode = list[Any]

_GUID = re.compile(
    r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$"
)


@functools.lru_cache(maxsize=1 << 16)  # the same code and user GUIDs recur
def norm_guid(value: str | None) -> str | None:
    """Return a GUID in one spelling (lower case, no braces); other tokens stripped.

    Hand-made files sometimes carry non-GUIDs (``guid="1"``); they are kept as
    they are, so references between elements still resolve.

    Examples
    --------
    >>> from gtgraph.readwrite._qdaxml import norm_guid
    >>> norm_guid("{1ff58b12-6f6f-4b0c-8be5-bbdc91f55294}")
    '1ff58b12-6f6f-4b0c-8be5-bbdc91f55294'
    >>> norm_guid(" 1 ")
    '1'
    """
    if value is None:
        return None
    value = value.strip()
    match = _GUID.match(value)
    if match:
        return match.group(1).lower()
    return value or None


@attrs.frozen
class QdaUser:
    """A ``User``: who coded or wrote."""

    guid: str
    name: str | None
    id: str | None


@attrs.frozen
class QdaCode:
    """A ``Code``, with its nested codes."""

    guid: str
    name: str
    codable: bool
    color: str | None
    description: str | None
    notes: tuple[str, ...]
    children: tuple[QdaCode, ...]
    line: int


@attrs.frozen
class QdaSet:
    """A ``Set``: a grouping of codes, sources or notes that cuts across the tree."""

    guid: str
    name: str
    description: str | None
    codes: tuple[str, ...]
    sources: tuple[str, ...]
    notes: tuple[str, ...]
    line: int


@attrs.frozen
class QdaVariable:
    """A ``Variable`` declaration."""

    guid: str
    name: str
    type: str
    description: str | None


@attrs.frozen
class QdaValue:
    """A ``VariableValue``: a variable's GUID and its typed value."""

    variable: str
    value: str | int | float | bool | dt.date | None
    line: int


@attrs.frozen
class QdaCase:
    """A ``Case``: a participant (or a nameless holder of file variables)."""

    guid: str
    name: str | None
    description: str | None
    codes: tuple[str, ...]
    values: tuple[QdaValue, ...]
    sources: tuple[str, ...]
    selections: tuple[str, ...]
    line: int


@attrs.frozen
class QdaCoding:
    """A ``Coding``: one code applied by one user."""

    guid: str | None
    code: str | None
    user: str | None
    created: str | None
    notes: tuple[str, ...]
    line: int


@attrs.frozen
class QdaSelection:
    """A selection of any kind; text selections have ``start``/``end``."""

    kind: str
    guid: str
    name: str | None
    start: int | None
    end: int | None
    description: str | None
    codings: tuple[QdaCoding, ...]
    notes: tuple[str, ...]
    user: str | None
    created: str | None
    text: str | None
    line: int
    #: The element's attributes as written (name, users, dates), kept for the way back.
    xml_attrs: dict[str, str] = attrs.field(factory=dict, eq=False, repr=False)


@attrs.frozen
class QdaSource:
    """A source of any kind (text, PDF, picture, audio, video) or a ``Note``."""

    kind: str
    guid: str
    name: str | None
    plain_path: str | None
    rich_path: str | None
    path: str | None
    content: str | None
    description: str | None
    selections: tuple[QdaSelection, ...]
    codings: tuple[QdaCoding, ...]
    notes: tuple[str, ...]
    values: tuple[QdaValue, ...]
    user: str | None
    created: str | None
    representation: QdaSource | None
    transcripts: int
    line: int
    #: The element's attributes as written (users, dates), kept for the way back.
    xml_attrs: dict[str, str] = attrs.field(factory=dict, eq=False, repr=False)
    #: The whole element, for sources gtgraph cannot analyse (PDF, media).
    raw: RawNode | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen
class QdaLink:
    """A ``Link`` between two GUID-identified objects."""

    guid: str
    name: str | None
    direction: str
    color: str | None
    origin: str | None
    target: str | None
    notes: tuple[str, ...]
    line: int


@attrs.frozen
class QdaProject:
    """A whole ``Project``."""

    name: str
    origin: str | None
    created: str | None
    user: str | None
    users: tuple[QdaUser, ...]
    codes: tuple[QdaCode, ...]
    variables: tuple[QdaVariable, ...]
    cases: tuple[QdaCase, ...]
    sources: tuple[QdaSource, ...]
    notes: tuple[QdaSource, ...]
    links: tuple[QdaLink, ...]
    sets: tuple[QdaSet, ...]
    graphs: tuple[RawNode, ...]
    description: str | None
    project_notes: tuple[str, ...]


@attrs.frozen
class QdaCodebook:
    """A ``CodeBook`` (``.qdc``)."""

    origin: str | None
    codes: tuple[QdaCode, ...]
    sets: tuple[QdaSet, ...]
