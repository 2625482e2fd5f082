"""What a project keeps for the way back to REFI-QDA: identities, units, media, sets, graphs.

A project read from a REFI-QDA file remembers, in the ``"refi"`` entry of its
settings (saved in the project file), what gtgraph's model has no place for but
the program that made the file needs to recognise its own work:

``namespace``
    The UUID from which the GUIDs of records gtgraph creates are derived
    (UUID version 5 of the record's id), so they never change.
``producer``
    The program that wrote the file (its ``origin``), which sets the unit of
    text positions on the way back.
``guids``
    The GUID each record came with (codes, categories, sources, segments,
    memos, participants, relationships), by gtgraph id.
``users``
    The GUID of each user, by name.
``names``
    Original names of elements renamed on import (duplicates), by id, as
    ``[original, name given]``.
``sources``
    Per source id: the source element's attributes (users, dates) and, for
    PDF, picture, audio and video sources, the whole element (``raw``).
``selections``
    Per segment id: the selection's attributes (name, users, dates) and its
    codings' GUIDs, users and dates by code id.
``sets``
    Every ``Set`` as read, with what it became (a category, a source
    attribute).
``graphs``
    Every ``Graph`` as read.
``links``
    ``Link`` s that did not become relationships (a note and a selection...).
``descriptions``
    Memos made from descriptions of sources and selections, by memo id, with
    the id of what they describe (written back as descriptions).

Nothing here is needed to analyse the project; it is only written back.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gtgraph.project import Project

__all__ = [
    "COUNTER_EVIDENCE",
    "EVIDENCE",
    "KEY",
    "Guids",
    "kept",
    "namespace_of",
    "store_kept",
]

#: The settings entry holding what is kept.
KEY = "refi"
#: Names of the Links from a relationship (or its memo) to its evidence.
EVIDENCE = "Evidence"
COUNTER_EVIDENCE = "Counter-evidence"

_GUID = re.compile(
    r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE
)


def kept(project: Project) -> dict[str, Any]:
    """Return what *project* keeps for REFI-QDA (an empty dict if nothing).

    Examples
    --------
    >>> import gtgraph
    >>> from gtgraph.readwrite._refi_keep import kept
    >>> kept(gtgraph.Project())
    {}
    """
    value = project.settings.get(KEY)
    return value if isinstance(value, dict) else {}


def store_kept(project: Project, data: dict[str, Any]) -> None:
    """Replace what *project* keeps for REFI-QDA by *data* (JSON-compatible).

    This is import bookkeeping, set once while a file becomes a project; it is
    not an analytic change, so it is not recorded in the history.
    """
    settings = dict(project.settings)
    settings[KEY] = data
    project._store.set_meta("settings", settings)  # noqa: SLF001 - readers build projects


def namespace_of(project: Project) -> uuid.UUID:
    """Return the namespace of the GUIDs of records gtgraph created in *project*.

    It is the one kept in the project when there is one; otherwise it is derived
    from the project's first recorded change (when, who, what), which neither
    saving, loading nor :meth:`~gtgraph.Project.set_title` changes.

    Examples
    --------
    >>> import gtgraph
    >>> from gtgraph.readwrite._refi_keep import namespace_of
    >>> p = gtgraph.Project(title="a", clock=lambda: "2024-01-19T10:00:00Z")
    >>> _ = p.add_code("trust")
    >>> before = namespace_of(p)
    >>> p.set_title("b")
    >>> namespace_of(p) == before
    True
    """
    given = kept(project).get("namespace")
    if isinstance(given, str) and _GUID.match(given):
        return uuid.UUID(given)
    first = next(iter(project.history), None)
    if first is None:
        seed = "empty"
    else:
        seed = json.dumps(
            [first.when, first.who, first.op, dict(first.args)],
            sort_keys=True,
            ensure_ascii=False,
            default=str,
        )
    return uuid.uuid5(uuid.NAMESPACE_URL, f"urn:gtgraph:project:{seed}")


class Guids:
    """The GUID of every element of one project: kept ones first, else derived.

    Examples
    --------
    >>> import gtgraph
    >>> from gtgraph.readwrite._refi_keep import Guids
    >>> p = gtgraph.Project(clock=lambda: "2024-01-19T10:00:00Z")
    >>> code = p.add_code("trust")
    >>> guids = Guids(p)
    >>> guids.of(code.id) == guids.of(code.id) == guids.of(code.id).lower()
    True
    >>> import uuid
    >>> guids.of(code.id) == str(uuid.uuid5(guids.namespace, f"id:{code.id}"))
    True
    """

    def __init__(self, project: Project) -> None:
        data = kept(project)
        self.namespace = namespace_of(project)
        given = data.get("guids")
        self.known: dict[str, str] = given if isinstance(given, dict) else {}
        users = data.get("users")
        self.users: dict[str, str] = users if isinstance(users, dict) else {}
        self._made: dict[tuple[str, str], str] = {}
        self._sha1 = hashlib.sha1(self.namespace.bytes, usedforsecurity=False)

    def of(self, key: str, kind: str = "id") -> str:
        """Return the GUID of element *key* (an id, or a name for other kinds)."""
        if kind == "id":
            found = self.known.get(key)
            if found is not None:
                return found
        elif kind == "user":
            found = self.users.get(key)
            if found is not None:
                return found
        made = self._made.get((kind, key))
        if made is None:
            made = self._made[kind, key] = self._uuid5(f"{kind}:{key}")
        return made

    def _uuid5(self, name: str) -> str:
        """Return ``str(uuid.uuid5(self.namespace, name))``, without the UUID object.

        A project has a GUID per segment and coding: this is on the hot path.
        """
        hasher = self._sha1.copy()
        hasher.update(name.encode("utf-8"))
        digest = bytearray(hasher.digest()[:16])
        digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
        digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
        h = digest.hex()
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
