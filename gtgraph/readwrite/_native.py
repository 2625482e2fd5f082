"""The gtgraph project file: one UTF-8 JSON document (``.gtg.json``).

The file is written for people and for version control as much as for the
program: keys come in a fixed order, every record and every segment sits on a
line of its own, and records keep the order they were made in, so that changing
one code changes one line of a ``git diff``.

Layout (``format_version`` 1)::

    {
    "format": "gtgraph-project",
    "format_version": 1,
    "title": "...",
    "settings": {...},
    "vocabularies": ["atlas", ...],
    "relation_types": [...],          # the project's own relation types
    "next_id": 42,
    "participants": [ {...}, ... ],   # one record per line
    "sources": [ ... ], "codes": [ ... ], "categories": [ ... ],
    "hierarchy": [ [child id, parent id], ... ],
    "relationships": [ ... ], "memos": [ ... ],
    "segment_columns": ["id", "source", "start", "end", "codes", "coder",
                        "coding_coders", "created", "quote"],
    "segments": [ [...], ... ],       # one row per line
    "history_columns": ["seq", "when", "who", "op", "args"],
    "history": [ [...], ... ]
    }

The history has one event per line, oldest first; in memory each event's
arguments stay the JSON text written here (see ``gtgraph.project._history``),
so saving joins lines rather than encoding a million dicts.

A segment's ``quote`` is null when it is the source's text between ``start`` and
``end`` (the usual case); ``coding_coders`` is null when every code was applied by
the segment's coder.  Attribute values that are dates are written
``{"date": "YYYY-MM-DD"}``.

Loading checks everything (types, unique ids and names, references, offsets
inside the texts, an acyclic hierarchy, finite numbers, real characters) before
the project is handed over, and raises :class:`~gtgraph.FormatError` naming the
file and the place; nothing is half-loaded.  Files of an earlier format version
are upgraded on the way in by the functions registered in
:data:`~gtgraph.readwrite._native.MIGRATIONS`.

Saving goes through :func:`gtgraph.readwrite._files.safe_write`: under a lock,
after checking that the file did not change on disk since it was loaded, to a
temporary file in the same folder that is flushed, synced and then renamed over
the target, keeping the previous version as ``<name>.bak``.  An interrupted
save leaves the old file intact.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import logging
import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gtgraph.errors import FormatError, GtGraphError, ValidationError
from gtgraph.model import (
    Category,
    Code,
    Memo,
    Participant,
    Relationship,
    Source,
)
from gtgraph.readwrite import _files
from gtgraph.readwrite._speed import paused_gc

if TYPE_CHECKING:
    from gtgraph.project import Project

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "MIGRATIONS",
    "dumps",
    "load",
    "loads",
    "migrate",
    "migration",
    "save",
]

from gtgraph.readwrite import _format
from gtgraph.readwrite._format import (
    FORMAT_NAME,
    FORMAT_VERSION,
    HISTORY_COLUMNS,
    MIGRATIONS,
    SECTIONS,
    SEGMENT_COLUMNS,
    migrate,
    migration,
)
from gtgraph.readwrite._native_parse import parse as _parse

_log = logging.getLogger("gtgraph")

_ROW_SEP = "],["
_encode = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), allow_nan=False
).encode
_encode_record = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode


# ---------------------------------------------------------------------- writing


def dumps(project: Project) -> str:
    """Return the project file's text for *project*.

    Examples
    --------
    >>> import gtgraph
    >>> p = gtgraph.Project(title="t")
    >>> _ = p.add_code("trust")
    >>> text = gtgraph.readwrite.dumps(p)
    >>> gtgraph.readwrite.loads(text) == p
    True
    >>> print(next(line for line in text.splitlines() if '"trust"' in line))
    {"id": "cod1", "name": "trust", "definition": "", "stage": "initial", "in_vivo": false, "colour": null}
    """
    return "".join(_parts(project))


#: Segments encoded at once when writing: large projects are written a block at a
#: time, so that the file's text never sits in memory whole.
_WRITE_ROWS = 20_000


def _parts(project: Project) -> Iterator[str]:
    """Yield the text of the project file in pieces, in order."""
    store = project._store  # noqa: SLF001 - the file format reads the project's own state
    meta = store.meta
    yield "".join(
        [
            "{\n",
            f'"format": "{FORMAT_NAME}",\n',
            f'"format_version": {_format.FORMAT_VERSION},\n',
            f'"title": {_encode_record(meta.get("title", ""))},\n',
            f'"settings": {_encode_record(meta.get("settings", {}))},\n',
            f'"vocabularies": {_encode_record(list(meta.get("vocabularies", [])))},\n',
            f'"relation_types": {_lines(meta.get("relation_types", []))},\n',
            f'"next_id": {store.next_id},\n',
        ]
    )
    # Record by record: the sources hold the transcripts, most of a file's text
    # after the segments.
    for kind, key in SECTIONS:
        to_json = _TO_JSON[kind]
        records = iter(store.records[kind].values())
        first = next(records, None)
        if first is None:
            yield f'"{key}": [],\n'
            continue
        yield f'"{key}": [\n' + _encode_record(to_json(first))
        for record in records:
            yield ",\n" + _encode_record(to_json(record))
        yield "\n],\n"
    hierarchy = [[c, p] for c, ps in store.parents.items() for p in ps]
    yield (
        f'"hierarchy": {_rows(hierarchy)},\n'
        f'"segment_columns": {_encode_record(list(SEGMENT_COLUMNS))},\n'
    )
    items = iter(store.segments.items())
    block = [(sid, *row) for sid, row in itertools.islice(items, _WRITE_ROWS)]
    if not block:
        yield '"segments": [],\n'
    else:
        yield '"segments": [\n'
        while block:
            following = [
                (sid, *row) for sid, row in itertools.islice(items, _WRITE_ROWS)
            ]
            yield _rows(block)[2:-2] + (",\n" if following else "\n")
            block = following
        yield "],\n"
    yield f'"history_columns": {_encode_record(list(HISTORY_COLUMNS))},\n'
    history = store.history
    if not len(history):
        yield '"history": []\n}\n'
        return
    # The events are held as JSON text already (see gtgraph.project._history): a block
    # of rows is joined, never decoded.
    yield '"history": [\n'
    for start in range(0, len(history), _WRITE_ROWS):
        text = ",\n".join(history.json_rows(start, start + _WRITE_ROWS))
        last = start + _WRITE_ROWS >= len(history)
        yield text + ("\n" if last else ",\n")
    yield "]\n}\n"


def _lines(items: list[Any]) -> str:
    if not items:
        return "[]"
    return "[\n" + ",\n".join(map(_encode_record, items)) + "\n]"


def _rows(rows: list[Any]) -> str:
    """Encode rows one per line, with the C encoder in one pass where it is safe."""
    if not rows:
        return "[]"
    text = _encode(rows)
    # Between rows the compact encoding has exactly one "],[" each; more means a
    # string or a nested value holds that sequence too, so encode row by row.
    if text.count(_ROW_SEP) == len(rows) - 1:
        return "[\n" + text[1:-1].replace(_ROW_SEP, "],\n[") + "\n]"
    return "[\n" + ",\n".join(map(_encode, rows)) + "\n]"


def _attributes(attributes: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _attribute(v) for k, v in attributes.items()}


def _attribute(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    return value


def _participant_json(r: Participant) -> dict[str, Any]:
    return {"id": r.id, "name": r.name, "attributes": _attributes(r.attributes)}


def _source_json(r: Source) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": r.id,
        "name": r.name,
        "participant": r.participant,
        "order": r.order,
        "kind": r.kind,
        "path": r.path,
        "attributes": _attributes(r.attributes),
        "text": r.text,
    }
    if r.turns:  # written only when there are turns: older files stay as they were
        out["turns"] = [[t.speaker, t.start, t.end] for t in r.turns]
    return out


def _code_json(r: Code) -> dict[str, Any]:
    return {
        "id": r.id,
        "name": r.name,
        "definition": r.definition,
        "stage": r.stage,
        "in_vivo": r.in_vivo,
        "colour": r.colour,
    }


def _category_json(r: Category) -> dict[str, Any]:
    return {
        "id": r.id,
        "name": r.name,
        "definition": r.definition,
        "theme": r.theme,
        "core": r.core,
        "colour": r.colour,
        "properties": [
            {
                "name": p.name,
                "definition": p.definition,
                "dimensions": [[d.name, d.low, d.high] for d in p.dimensions],
                "evidence": list(p.evidence),
            }
            for p in r.properties
        ],
    }


def _relationship_json(r: Relationship) -> dict[str, Any]:
    return {
        "id": r.id,
        "source": r.source,
        "type": r.type,
        "target": r.target,
        "evidence": list(r.evidence),
        "counter_evidence": list(r.counter_evidence),
        "memo": r.memo,
    }


def _memo_json(r: Memo) -> dict[str, Any]:
    return {
        "id": r.id,
        "title": r.title,
        "about": list(r.about),
        "author": r.author,
        "created": r.created,
        "text": r.text,
    }


_TO_JSON: dict[str, Callable[[Any], dict[str, Any]]] = {
    "participant": _participant_json,
    "source": _source_json,
    "code": _code_json,
    "category": _category_json,
    "relationship": _relationship_json,
    "memo": _memo_json,
}


def save(
    project: Project,
    path: str | os.PathLike[str],
    *,
    force: bool = False,
    backup: bool = True,
    lock_timeout: float = 10.0,
) -> None:
    """Save *project* to *path* as a gtgraph project file (``.gtg.json``).

    Saving never loses work:

    * The file is written atomically: to a temporary file in the same folder,
      flushed and synced to disk, then renamed over *path*.  A save that is
      interrupted (the program killed, the disk full) leaves the previous file
      as it was.
    * The previous version is kept beside it as ``<name>.bak`` (for example
      ``study.gtg.json.bak``), replaced at each save.
    * Two processes saving the same file take turns: the second waits up to
      *lock_timeout* seconds for the first to finish, then raises
      :class:`~gtgraph.FileLockedError`.
    * If the file changed on disk since this project was loaded from it or last
      saved to it (another program or another gtgraph session wrote it), the
      save is refused with :class:`~gtgraph.FileChangedError`, unless
      *force* is true.

    A symbolic link at *path* is followed: the file it points to is replaced,
    and the link keeps working.  An existing file keeps its permissions.

    Parameters
    ----------
    project : Project
        The project.
    path : str or path-like
        Where to write; ``.gtg.json`` is the conventional extension.
    force : bool
        Overwrite the file even if it changed on disk since it was loaded.
    backup : bool
        Keep the previous version as ``<name>.bak``.
    lock_timeout : float
        Seconds to wait while another process saves the same file.

    Raises
    ------
    FileChangedError
        If the file changed on disk since it was loaded or saved, and *force* is
        false.  Nothing is written.
    FileLockedError
        If another process is still saving the same file after *lock_timeout*.
    GtGraphError
        If the folder does not exist or cannot be written, or the project holds
        a value that cannot be saved.

    Examples
    --------
    >>> import gtgraph, tempfile, pathlib
    >>> p = gtgraph.Project(title="Peer support")
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> gtgraph.save(p, folder / "study.gtg.json")
    >>> gtgraph.load(folder / "study.gtg.json") == p
    True
    >>> p.set_title("Peer support relationships")
    >>> gtgraph.save(p, folder / "study.gtg.json")
    >>> gtgraph.load(folder / "study.gtg.json.bak").title
    'Peer support'
    """
    target = _files.resolve(path)
    try:
        stamp = _files.safe_write(
            target,
            (part.encode("utf-8") for part in _parts(project)),
            expected=_files.stamp_for(project, target),
            force=force,
            backup=backup,
            lock_timeout=lock_timeout,
        )
    except GtGraphError:
        raise
    except UnicodeEncodeError as error:
        raise GtGraphError(
            f"cannot save to {target}: a text holds a character that is not valid "
            f"Unicode ({error.reason}); fix the text and save again"
        ) from None
    except ValueError as error:  # NaN or infinite numbers
        raise GtGraphError(
            f"cannot save to {target}: a value cannot be written to the file ({error}); "
            "replace NaN or infinite numbers in attributes and settings"
        ) from None
    except RecursionError:
        raise GtGraphError(
            f"cannot save to {target}: a setting or history entry is nested too deeply"
        ) from None
    _files.remember(project, target, stamp)


# ---------------------------------------------------------------------- reading


def load(path: str | os.PathLike[str], *, actor: str | None = None) -> Project:
    """Load a gtgraph project file.

    The loaded project knows who is working in it (its ``actor``, recorded as the
    coder of new segments and in the history): *actor* when given; else the
    environment variable ``GTGRAPH_ACTOR``; else the last person who worked in
    the file, which is said once in a log line (logger ``gtgraph``, level INFO).

    Files written by earlier versions of gtgraph are upgraded as they are read
    (see :data:`~gtgraph.readwrite._native.MIGRATIONS`); saving then writes the
    current version, and the
    ``.bak`` keeps the old one.  The project remembers the file's stamp, so that
    :func:`save` can refuse to overwrite changes made on disk meanwhile.

    Parameters
    ----------
    path : str or path-like
        A file written by :func:`save`.
    actor : str, optional
        Who is working now (a name or initials).

    Returns
    -------
    Project

    Raises
    ------
    FormatError
        If the file is not a gtgraph project, is malformed or truncated, breaks a
        rule of the model, or was written by a newer gtgraph; the message names
        the file and the place.

    Examples
    --------
    >>> import gtgraph, tempfile, pathlib
    >>> bad = pathlib.Path(tempfile.mkdtemp()) / "bad.gtg.json"
    >>> _ = bad.write_text('{"format": "gtgraph-project", "format_version": 99}')
    >>> gtgraph.load(bad)
    Traceback (most recent call last):
    ...
    gtgraph.errors.FormatError: .../bad.gtg.json: written by a newer gtgraph (format version 99; this gtgraph reads versions up to 1); upgrade gtgraph to open it
    """
    file = Path(path)
    try:
        data, stamp = _files.read_stamped(file)
    except OSError as error:
        raise FormatError(f"{file}: cannot read the file ({error.strerror})") from None
    # Hand the bytes over, so that they are freed once decoded (large files).
    box = [data]
    del data
    project = _loads(box, str(file))
    _files.remember(project, _files.resolve(file), stamp)
    project.actor = _actor(project, actor, file)
    return project


def _actor(project: Project, given: str | None, file: Path) -> str | None:
    """Return who works in a loaded project: given, from the environment, or the last."""
    if given is not None:
        if not isinstance(given, str) or not given.strip():
            raise ValidationError(f"actor must be a name or initials, not {given!r}")
        return given
    from_environment = os.environ.get("GTGRAPH_ACTOR", "").strip()
    if from_environment:
        return from_environment
    history = project.history
    last = next(
        (history[i].who for i in range(len(history) - 1, -1, -1) if history[i].who),
        None,
    )
    if last is None:
        coders = project.coders
        last = coders[-1] if len(coders) == 1 else None
    if last is None:
        _log.warning(
            "%s: nobody is named as working in this project; new work is recorded "
            "without a name until you set project.actor (or load it with actor=..., "
            "or set GTGRAPH_ACTOR)",
            file,
        )
        return None
    _log.info(
        "%s: working as %r, the last person who worked in the file "
        "(load it with actor=... or set GTGRAPH_ACTOR to work as someone else)",
        file,
        last,
    )
    return last


def loads(data: str | bytes, *, name: str = "<string>") -> Project:
    """Build a project from the text of a project file (see :func:`gtgraph.load`).

    Examples
    --------
    >>> import gtgraph
    >>> gtgraph.readwrite.loads('{"format": "gtgraph-project"')
    Traceback (most recent call last):
    ...
    gtgraph.errors.FormatError: <string>: not valid JSON at line 1, column 29 (Expecting ',' delimiter); the file may be truncated or damaged
    """
    if isinstance(data, (bytes, bytearray, memoryview)):
        data = bytes(data)
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise FormatError(
                f"{name}: not UTF-8 text (byte {error.start}); is this a gtgraph project file?"
            ) from None
    elif not isinstance(data, str):
        raise FormatError(f"{name}: expected the text of a project file, not {data!r}")
    with paused_gc():
        return _parse(data, name)


def _loads(box: list[Any], name: str) -> Project:
    """Do what :func:`loads` does with the data in *box*, emptying it as it goes."""
    data = box.pop()
    if isinstance(data, bytes) and not data.startswith(b"\xef\xbb\xbf"):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return loads(data, name=name)  # names the bad byte
        del data
        return loads(text, name=name)
    return loads(data, name=name)
