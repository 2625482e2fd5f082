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
import os
import re
from collections.abc import Callable, Iterable, Iterator, KeysView, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from gtgraph import relations as _relations
from gtgraph._store import Store
from gtgraph.errors import FormatError, GtGraphError
from gtgraph.model import (
    Category,
    Code,
    Dimension,
    FrozenAttributes,
    Memo,
    Participant,
    Property,
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
            f'"format_version": {FORMAT_VERSION},\n',
            f'"title": {_encode_record(meta.get("title", ""))},\n',
            f'"settings": {_encode_record(meta.get("settings", {}))},\n',
            f'"vocabularies": {_encode_record(list(meta.get("vocabularies", [])))},\n',
            f'"relation_types": {_lines(meta.get("relation_types", []))},\n',
            f'"next_id": {store.next_id},\n',
        ]
    )
    # Record by record: the sources hold the transcripts, most of a file's text
    # after the segments.
    for kind, key in _SECTIONS:
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
    yield (
        f'"history_columns": {_encode_record(list(HISTORY_COLUMNS))},\n'
        f'"history": {_rows(store.history)}\n'
        "}\n"
    )


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
    return {
        k: {"date": v.isoformat()} if isinstance(v, dt.date) else v
        for k, v in attributes.items()
    }


def _participant_json(r: Participant) -> dict[str, Any]:
    return {"id": r.id, "name": r.name, "attributes": _attributes(r.attributes)}


def _source_json(r: Source) -> dict[str, Any]:
    return {
        "id": r.id,
        "name": r.name,
        "participant": r.participant,
        "order": r.order,
        "kind": r.kind,
        "path": r.path,
        "attributes": _attributes(r.attributes),
        "text": r.text,
    }


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
_SECTIONS = (
    ("participant", "participants"),
    ("source", "sources"),
    ("code", "codes"),
    ("category", "categories"),
    ("relationship", "relationships"),
    ("memo", "memos"),
)


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


def atomic_write(target: Path, data: bytes) -> None:
    """Write *data* to *target* atomically (locked; temporary file, fsync, rename)."""
    _files.safe_write(_files.resolve(target), data, backup=False)


# ---------------------------------------------------------------------- reading


def load(path: str | os.PathLike[str]) -> Project:
    """Load a gtgraph project file.

    Files written by earlier versions of gtgraph are upgraded as they are read
    (see :data:`~gtgraph.readwrite._native.MIGRATIONS`); saving then writes the
    current version, and the
    ``.bak`` keeps the old one.  The project remembers the file's stamp, so that
    :func:`save` can refuse to overwrite changes made on disk meanwhile.

    Parameters
    ----------
    path : str or path-like
        A file written by :func:`save`.

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
    return project


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


def _no_constant(value: str) -> Any:
    raise _NotFinite(value)


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (_INF, -_INF):
        raise _NotFinite(text)
    return value


class _NotFinite(ValueError):
    """A number JSON allows to be written but a project file may not hold."""


_INF = float("inf")
_decode = json.JSONDecoder(
    parse_float=_finite_float, parse_constant=_no_constant
).decode
# A backslash escape of a UTF-16 surrogate; decoded UTF-8 cannot hold one otherwise.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _parse(data: str, name: str, *, blocks: bool = True) -> Project:
    surrogates = bool(_SURROGATE_ESCAPE.search(data))
    section = None
    if blocks and not surrogates and len(data) > _BLOCKS_ABOVE:
        section = _segments_section(data)
    try:
        if section is None:
            doc = _decode(data)
        else:
            # The segments, most of a large file, are parsed a block of lines at a
            # time while they are stored (see _SegmentLines): far less memory.
            head = data[: section.start - 1] + "],\n" + data[section.end + 4 :]
            try:
                doc = _decode(head)
            except json.JSONDecodeError as error:
                if error.lineno > section.line:
                    error.lineno += section.lines + 1
                raise
            doc["segments"] = section
    except json.JSONDecodeError as error:
        raise FormatError(
            f"{name}: not valid JSON at line {error.lineno}, column {error.colno} "
            f"({error.msg}); the file may be truncated or damaged"
        ) from None
    except _NotFinite as error:
        raise FormatError(
            f"{name}: holds the number {error.args[0]}, which a project file may not "
            "(numbers must be finite); the file was not written by gtgraph, or is damaged"
        ) from None
    except ValueError as error:  # an integer with thousands of digits
        raise FormatError(
            f"{name}: holds a number too large to read ({error}); the file was not "
            "written by gtgraph, or is damaged"
        ) from None
    except RecursionError:
        raise FormatError(
            f"{name}: nested too deeply to be a gtgraph project file"
        ) from None
    if surrogates:
        where = _find_lone_surrogate(doc)
        if where is not None:
            raise FormatError(
                f"{name}: {where}: holds an unpaired UTF-16 surrogate escape "
                "(\\ud800-\\udfff), which is not a character; the file is damaged"
            )
    from gtgraph.project import Project

    try:
        return Project._from_store(_Reader(name).read(doc))  # noqa: SLF001
    except _NotOurLayout:
        return _parse(data, name, blocks=False)


_OPEN = '\n"segments": [\n'
_CLOSE = '\n],\n"'
#: About how many characters of segment rows are parsed at once when reading the
#: segments a block at a time (a block ends at the end of a line).
_BLOCK_CHARS = 1 << 21
#: Files whose segments take fewer characters are parsed whole (a little faster);
#: larger ones a block at a time (far less memory).
_BLOCKS_ABOVE = 1 << 26


@attrs.define
class _SegmentLines:
    """The segments section of a file in gtgraph's own layout, still as text.

    :func:`dumps` writes one segment per line between ``"segments": [`` and
    ``],``; a raw line break cannot occur inside a JSON string, so those markers
    find the section exactly.  Iterating parses it a block of lines at a time.
    """

    text: str
    start: int  # index of the first row
    end: int  # index of the line break before the closing "],"

    @property
    def line(self) -> int:
        """The line (from 1) that opens the section (``"segments": [``)."""
        return self.text.count("\n", 0, self.start)

    @property
    def lines(self) -> int:
        """How many lines of rows the section has."""
        return self.text.count("\n", self.start, self.end) + 1

    def __iter__(self) -> Iterator[Any]:
        text, position, first = self.text, self.start, self.line + 1
        while position < self.end:
            cut = text.find("\n", min(position + _BLOCK_CHARS, self.end), self.end)
            if cut < 0:
                cut = self.end
            block = text[position:cut].rstrip().rstrip(",")
            try:
                rows = _decode("[" + block + "]")
            except json.JSONDecodeError:
                # Damaged (or not laid out as gtgraph writes): let the whole text
                # name the place exactly, as json itself would.
                try:
                    _decode(text)
                except json.JSONDecodeError as error:
                    raise _BlockError(error.msg, error.lineno, error.colno) from None
                raise _NotOurLayout from None
            first += block.count("\n") + 1
            position = cut + 1
            yield from rows


class _NotOurLayout(Exception):
    """The segments section is valid JSON but not one row per line: parse it whole."""


class _BlockError(ValueError):
    """A JSON error inside the segments section, with its line in the whole file."""

    def __init__(self, msg: str, lineno: int, colno: int) -> None:
        super().__init__(msg)
        self.msg, self.lineno, self.colno = msg, lineno, colno


def _segments_section(text: str) -> _SegmentLines | None:
    """Find the segments section of a file in gtgraph's own layout, or None."""
    opening = text.find(_OPEN)
    if opening < 0:
        return None
    start = opening + len(_OPEN)
    end = text.find(_CLOSE, start)
    if end < 0:
        return None
    return _SegmentLines(text, start, end)


def _find_lone_surrogate(doc: Any) -> str | None:
    """Return where a string (or a key) holds a lone surrogate, or None."""
    stack: list[tuple[str, Any]] = [("", doc)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            if _LONE_SURROGATE.search(value):
                return where or "the document"
        elif isinstance(value, list):
            stack.extend((f"{where}[{i}]", v) for i, v in enumerate(value))
        elif isinstance(value, dict):
            for key, item in value.items():
                inner = f"{where}.{key}" if where else key
                if _LONE_SURROGATE.search(key):
                    return f"the key {inner!r}"
                stack.append((inner, item))
    return None


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
                f"to {step_from + 1} ({_why(error)}); the file may be damaged"
            ) from None
        if not isinstance(upgraded, dict):
            raise FormatError(  # pragma: no cover - a migration's own mistake
                f"{name}: upgrading from format version {step_from} gave no document"
            )
        doc = upgraded
        doc["format_version"] = step_from + 1
    return doc


class _Reader:
    """Builds and checks a Store from a parsed document."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.store = Store()

    def fail(self, where: str, problem: str) -> FormatError:
        return FormatError(f"{self.name}: {where}: {problem}")

    def read(self, doc: Any) -> Store:
        if not isinstance(doc, dict):
            raise FormatError(
                f"{self.name}: not a gtgraph project file (the top level is not an object)"
            )
        if doc.get("format") != FORMAT_NAME:
            raise FormatError(
                f'{self.name}: not a gtgraph project file (its "format" is '
                f"{doc.get('format')!r}, not {FORMAT_NAME!r})"
            )
        version = doc.get("format_version")
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise FormatError(
                f'{self.name}: "format_version" must be a whole number >= 1, not {version!r}'
            )
        if version > FORMAT_VERSION:
            raise FormatError(
                f"{self.name}: written by a newer gtgraph (format version {version}; this "
                f"gtgraph reads versions up to {FORMAT_VERSION}); upgrade gtgraph to open it"
            )
        doc = migrate(doc, version, name=self.name)
        try:
            self._read(doc)
        except FormatError:
            raise
        except (GtGraphError, TypeError, ValueError, KeyError, AttributeError) as error:
            # A value of the wrong shape that slipped past the explicit checks.
            raise FormatError(
                f"{self.name}: malformed project file ({error})"
            ) from None
        return self.store

    def _read(self, doc: dict[str, Any]) -> None:
        store = self.store
        title = doc.get("title", "")
        if not isinstance(title, str):
            raise self.fail("title", "must be a string")
        settings = doc.get("settings", {})
        if not isinstance(settings, dict):
            raise self.fail("settings", "must be an object")
        vocabs = self._list(doc, "vocabularies")
        for i, vocab in enumerate(vocabs):
            if vocab not in _relations.VOCABULARIES:
                raise self.fail(
                    f"vocabularies[{i}]", f"unknown relation vocabulary {vocab!r}"
                )
        custom = self._list(doc, "relation_types")
        for i, data in enumerate(custom):
            try:
                from gtgraph._base import (
                    _check_relation_type,
                    relation_type_from_dict,
                )

                _check_relation_type(relation_type_from_dict(data))
            except (TypeError, GtGraphError) as error:  # noqa: PERF203 - the error names the type
                raise self.fail(f"relation_types[{i}]", str(error)) from None
        store.meta.update(
            title=title, settings=settings, vocabularies=vocabs, relation_types=custom
        )
        next_id = doc.get("next_id", 1)
        if isinstance(next_id, bool) or not isinstance(next_id, int) or next_id < 1:
            raise self.fail("next_id", "must be a whole number >= 1")
        store.next_id = next_id
        for kind, key in _SECTIONS:
            build = _FROM_JSON[kind]
            for i, item in enumerate(self._list(doc, key)):
                where = f"{key}[{i}]"
                if not isinstance(item, dict):
                    raise self.fail(where, "must be an object")
                try:
                    record = build(item)
                except (KeyError, TypeError, ValueError, GtGraphError) as error:
                    raise self.fail(
                        where, f"malformed {kind} ({_why(error)})"
                    ) from None
                self._add_record(kind, record, where)
        self._check_records()
        self._read_hierarchy(self._list(doc, "hierarchy"))
        self._read_segments(doc)
        self._check_evidence()
        self._read_history(doc)

    def _list(self, doc: dict[str, Any], key: str) -> list[Any]:
        value = doc.get(key, [])
        if not isinstance(value, list):
            raise self.fail(key, "must be a list")
        return value

    def _add_record(self, kind: str, record: Any, where: str) -> None:
        store = self.store
        for field in ("id", "name"):
            value = getattr(record, field)
            if not isinstance(value, str) or not value.strip():
                raise self.fail(
                    where, f"the {field} must be a non-empty string, not {value!r}"
                )
        if store.id_in_use(record.id):
            raise self.fail(where, f"the id {record.id!r} is used twice")
        if record.name in store.names[kind]:
            raise self.fail(where, f"two {kind} records are named {record.name!r}")
        store.records[kind][record.id] = record
        store.names[kind][record.name] = record.id
        store.kind_of[record.id] = kind

    def _check_records(self) -> None:
        store = self.store
        kind_of = store.kind_of
        from gtgraph.project import Project

        types = Project._from_store(store).relation_types  # noqa: SLF001
        for i, src in enumerate(store.records["source"].values()):
            if (
                src.participant is not None
                and kind_of.get(src.participant) != "participant"
            ):
                raise self.fail(
                    f"sources[{i}] ({src.id})",
                    f"its participant {src.participant!r} does not exist",
                )
        for i, rel in enumerate(store.records["relationship"].values()):
            where = f"relationships[{i}] ({rel.id})"
            rtype = types.get(rel.type)
            if rtype is None:
                raise self.fail(
                    where, f"its type {rel.type!r} is not an enabled relation type"
                )
            for end in (rel.source, rel.target):
                if kind_of.get(end) not in rtype.endpoints:
                    raise self.fail(
                        where, f"its end {end!r} is not a code or category it may join"
                    )
            if rel.memo is not None and kind_of.get(rel.memo) != "memo":
                raise self.fail(where, f"its memo {rel.memo!r} does not exist")

    def _read_hierarchy(self, rows: list[Any]) -> None:
        store = self.store
        kind_of = store.kind_of
        for i, row in enumerate(rows):
            where = f"hierarchy[{i}]"
            if not (isinstance(row, list) and len(row) == 2):  # noqa: PLR2004
                raise self.fail(where, "must be a [child id, parent id] pair")
            child, parent = row
            if kind_of.get(child) not in ("code", "category"):
                raise self.fail(where, f"{child!r} is not a code or category")
            if kind_of.get(parent) != "category":
                raise self.fail(where, f"{parent!r} is not a category")
            if parent in store.parents.get(child, {}):
                raise self.fail(where, "the same link appears twice")
            store.parents.setdefault(child, {})[parent] = None
        cycle = find_cycle(store.parents)
        if cycle:
            raise self.fail(
                "hierarchy", f"the categories form a cycle ({' -> '.join(cycle)})"
            )

    def _read_segments(self, doc: dict[str, Any]) -> None:
        columns = doc.get("segment_columns", list(SEGMENT_COLUMNS))
        if columns != list(SEGMENT_COLUMNS):
            raise self.fail("segment_columns", f"must be {list(SEGMENT_COLUMNS)}")
        given = doc.get("segments", [])
        rows: Iterable[Any] = (
            given if isinstance(given, _SegmentLines) else self._list(doc, "segments")
        )
        store = self.store
        lengths = {
            s.id: None if s.text is None else len(s.text)
            for s in store.records["source"].values()
        }
        known = store.records["code"].keys()

        def slow(i: int, row: Any, done: Mapping[str, Any]) -> tuple[Any, ...]:
            return self._segment_row(i, row, lengths, known, done)

        try:
            segments = _build_segments(rows, lengths, known, slow)
        except _BlockError as error:
            raise FormatError(
                f"{self.name}: not valid JSON at line {error.lineno}, column "
                f"{error.colno} ({error.msg}); the file may be truncated or damaged"
            ) from None
        clash = segments.keys() & store.kind_of.keys()
        if clash:
            raise self.fail(
                "segments", f"the id {min(clash)!r} is used by another element too"
            )
        store.segments = segments

    def _segment_row(
        self,
        i: int,
        row: Any,
        lengths: Mapping[str, int | None],
        known: KeysView[str],
        segments: Mapping[str, Any],
    ) -> tuple[Any, ...]:
        """Check one unusual segment row: return it as stored, or raise naming it."""
        where = f"segments[{i}]"
        width = len(SEGMENT_COLUMNS)
        if not _is_row(row):
            raise self.fail(
                where,
                f"must be a list of {width} values ({', '.join(SEGMENT_COLUMNS)})",
            )
        sid, src, start, end, codes, coder, coders, created, quote = row
        if not isinstance(sid, str) or not sid or sid in segments:
            raise self.fail(where, f"the id {sid!r} is missing or used twice")
        if not isinstance(src, str) or src not in lengths:
            raise self.fail(where, f"its source {src!r} does not exist")
        length = lengths[src]
        if length is None:
            if start is not None or end is not None or not isinstance(quote, str):
                raise self.fail(
                    where,
                    "a segment of a source without text has no offsets and needs a quote",
                )
        elif not (
            type(start) is int and type(end) is int and 0 <= start <= end <= length
        ):
            raise self.fail(
                where,
                f"offsets {start!r}..{end!r} are not inside the text of {src!r} ({length} characters)",
            )
        elif quote is not None:
            raise self.fail(where, "a segment of a source with text stores no quote")
        if type(codes) is not list or not all(
            isinstance(c, str) and c in known for c in codes
        ):
            raise self.fail(
                where, f"its codes {codes!r} are not a list of existing code ids"
            )
        if len(set(codes)) != len(codes):
            raise self.fail(where, "a code is applied twice")
        for value, what in ((coder, "coder"), (created, "created")):
            if value is not None and not isinstance(value, str):
                raise self.fail(where, f"the {what} must be a string or null")
        if coders is not None:
            if (
                type(coders) is not list
                or len(coders) != len(codes)
                or not all(c is None or isinstance(c, str) for c in coders)
            ):
                raise self.fail(
                    where, "coding_coders must be null or one coder (or null) per code"
                )
            coders = tuple(coders)
        return (src, start, end, tuple(codes), coder, coders, created, quote)

    def _check_evidence(self) -> None:
        store = self.store
        known = store.segments
        for i, rel in enumerate(store.records["relationship"].values()):
            for sid in (*rel.evidence, *rel.counter_evidence):
                if sid not in known:
                    raise self.fail(
                        f"relationships[{i}] ({rel.id})",
                        f"its evidence {sid!r} is not a segment",
                    )
        for i, cat in enumerate(store.records["category"].values()):
            for prop in cat.properties:
                for sid in prop.evidence:
                    if sid not in known:
                        raise self.fail(
                            f"categories[{i}] ({cat.id})",
                            f"property {prop.name!r} cites {sid!r}, which is not a segment",
                        )
        for i, memo in enumerate(store.records["memo"].values()):
            for target in memo.about:
                if not store.id_in_use(target):
                    raise self.fail(
                        f"memos[{i}] ({memo.id})",
                        f"it is about {target!r}, which does not exist",
                    )

    def _read_history(self, doc: dict[str, Any]) -> None:
        columns = doc.get("history_columns", list(HISTORY_COLUMNS))
        if columns != list(HISTORY_COLUMNS):
            raise self.fail("history_columns", f"must be {list(HISTORY_COLUMNS)}")
        rows = self._list(doc, "history")
        for i, row in enumerate(rows):
            if not (
                isinstance(row, list)
                and len(row) == len(HISTORY_COLUMNS)
                and row[0] == i + 1
                and isinstance(row[1], str)
                and (row[2] is None or isinstance(row[2], str))
                and isinstance(row[3], str)
                and isinstance(row[4], dict)
            ):
                raise self.fail(
                    f"history[{i}]",
                    f"must be [{i + 1}, when, who or null, operation, {{arguments}}]",
                )
        self.store.history = rows


def _build_segments(
    rows: Iterable[Any],
    lengths: Mapping[str, int | None],
    known: KeysView[str],
    slow: Callable[[int, Any, Mapping[str, Any]], tuple[Any, ...]],
) -> dict[str, Any]:
    """Check and store segment rows; *slow* handles (or rejects) unusual rows.

    The common case, a segment of a source with text whose codes were applied by
    its coder, is checked inline, with builtins bound to locals: this loop is
    most of the time a large project takes to load.
    """
    segments: dict[str, Any] = {}
    has_codes = set(known).issuperset
    # Share one string object per source id, code id, coder and timestamp (the JSON
    # parser makes a new one for every occurrence): a third less memory for large
    # projects.
    source_id = {k: k for k in lengths}.__getitem__
    code_id = {k: k for k in known}.__getitem__
    strings: dict[str | None, str | None] = {}
    shared = strings.setdefault
    str_, int_, list_, tuple_, type_, len_, set_, map_ = (
        str,
        int,
        list,
        tuple,
        type,
        len,
        set,
        map,
    )
    i = -1
    for row in rows:
        i += 1
        try:
            sid, src, start, end, codes, coder, coders, created, quote = row
            length = lengths[src]
        except (TypeError, ValueError, KeyError):
            slow(i, row, segments)  # raises, naming the fault
            raise  # pragma: no cover - slow() raises for such a row
        if (
            type_(sid) is not str_
            or not sid
            or type_(start) is not int_
            or type_(end) is not int_
            or length is None
            or not 0 <= start <= end <= length
            or quote is not None
            or coders is not None
            or type_(codes) is not list_
            or not has_codes(codes)
            or (len_(codes) > 1 and len_(set_(codes)) != len_(codes))
        ):
            segments[sid] = slow(i, row, segments)
        else:
            segments[sid] = (
                source_id(src),
                start,
                end,
                tuple_(map_(code_id, codes)),
                shared(coder, coder),
                None,
                shared(created, created),
                None,
            )
    # Checked once for all rows rather than row by row: the coders and times are
    # few distinct values, and a repeated id shows as a row that overwrote another.
    if not all(s is None or type(s) is str for s in strings) or len(segments) != i + 1:
        return _check_rows_again(rows, slow)
    return segments


def _check_rows_again(
    rows: Iterable[Any], slow: Callable[[int, Any, Mapping[str, Any]], tuple[Any, ...]]
) -> dict[str, Any]:
    """Check every row with *slow*, which names the first faulty one."""
    segments: dict[str, Any] = {}
    for i, row in enumerate(rows):
        segments[row[0]] = slow(i, row, segments)
    return segments


def _is_row(row: Any) -> bool:
    return isinstance(row, list) and len(row) == len(SEGMENT_COLUMNS)


def find_cycle(edges: Mapping[str, Iterable[str]]) -> list[str]:
    """Return the nodes of a cycle in a graph given as ``{node: successors}``, or ``[]``.

    Examples
    --------
    >>> from gtgraph.readwrite._native import find_cycle
    >>> find_cycle({"a": ["b"], "b": ["c"]})
    []
    >>> find_cycle({"a": ["b"], "b": ["a"]})
    ['a', 'b', 'a']
    """
    done: set[str] = set()
    for root in edges:
        if root in done:
            continue
        path: list[str] = [root]
        on_path = {root}
        stack = [iter(edges.get(root, ()))]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                stack.pop()
                node = path.pop()
                on_path.discard(node)
                done.add(node)
                continue
            if nxt in on_path:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in done:
                path.append(nxt)
                on_path.add(nxt)
                stack.append(iter(edges.get(nxt, ())))
    return []


def _why(error: BaseException) -> str:
    if isinstance(error, KeyError):
        return f"missing {error.args[0]!r}"
    return str(error)


def _text(value: Any, field: str, *, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{field} must be a string{' or null' if optional else ''}")
    return value


def _flag(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{field} must be true or false")
    return value


def _ids(value: Any, field: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{field} must be a list of ids")
    return tuple(value)


def _read_attributes(value: Any) -> FrozenAttributes:
    if not isinstance(value, dict):
        raise ValueError("attributes must be an object")
    out: dict[str, Any] = {}
    for key, item in value.items():
        if isinstance(item, dict):
            if set(item) != {"date"}:
                raise ValueError(f"attribute {key!r} must be a plain value or a date")
            out[key] = dt.date.fromisoformat(item["date"])
        else:
            out[key] = item
    from gtgraph.model import freeze_attributes

    return freeze_attributes(out)


def _colour(value: Any) -> str | None:
    from gtgraph._base import _COLOUR

    if value is not None and (not isinstance(value, str) or not _COLOUR.match(value)):
        raise ValueError(f"colour {value!r} is not '#rrggbb' or '#rgb'")
    return value


def _participant(d: dict[str, Any]) -> Participant:
    return Participant(d["id"], d["name"], _read_attributes(d.get("attributes", {})))


def _source(d: dict[str, Any]) -> Source:
    order = d.get("order", 0)
    if isinstance(order, bool) or not isinstance(order, int):
        raise ValueError("order must be a whole number")
    return Source(
        d["id"],
        d["name"],
        _text(d.get("text"), "text", optional=True),
        _text(d.get("participant"), "participant", optional=True),
        order,
        _text(d.get("kind", "interview"), "kind"),
        _read_attributes(d.get("attributes", {})),
        _text(d.get("path"), "path", optional=True),
    )


def _code(d: dict[str, Any]) -> Code:
    from gtgraph.model import STAGES

    stage = d.get("stage", "initial")
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}")
    return Code(
        d["id"],
        d["name"],
        _text(d.get("definition", ""), "definition"),
        stage,
        _flag(d.get("in_vivo", False), "in_vivo"),
        _colour(d.get("colour")),
    )


def _category(d: dict[str, Any]) -> Category:
    props = d.get("properties", [])
    if not isinstance(props, list):
        raise ValueError("properties must be a list")
    built: list[Property] = []
    for p in props:
        dims = p.get("dimensions", [])
        if not isinstance(dims, list) or not all(
            isinstance(x, list) and len(x) == 3 and all(isinstance(y, str) for y in x)  # noqa: PLR2004
            for x in dims
        ):
            raise ValueError("dimensions must be [name, low, high] lists of strings")
        built.append(
            Property(
                _text(p["name"], "property name"),
                _text(p.get("definition", ""), "definition"),
                tuple(Dimension(*x) for x in dims),
                _ids(p.get("evidence", []), "evidence"),
            )
        )
    return Category(
        d["id"],
        d["name"],
        _text(d.get("definition", ""), "definition"),
        tuple(built),
        _flag(d.get("theme", False), "theme"),
        _flag(d.get("core", False), "core"),
        _colour(d.get("colour")),
    )


def _relationship(d: dict[str, Any]) -> Relationship:
    return Relationship(
        d["id"],
        _text(d["source"], "source"),
        _text(d["type"], "type"),
        _text(d["target"], "target"),
        _ids(d.get("evidence", []), "evidence"),
        _ids(d.get("counter_evidence", []), "counter_evidence"),
        _text(d.get("memo"), "memo", optional=True),
    )


def _memo(d: dict[str, Any]) -> Memo:
    return Memo(
        d["id"],
        _text(d["title"], "title"),
        _text(d.get("text", ""), "text"),
        _ids(d.get("about", []), "about"),
        _text(d.get("author"), "author", optional=True),
        _text(d.get("created"), "created", optional=True),
    )


_FROM_JSON: dict[str, Callable[[dict[str, Any]], Any]] = {
    "participant": _participant,
    "source": _source,
    "code": _code,
    "category": _category,
    "relationship": _relationship,
    "memo": _memo,
}
