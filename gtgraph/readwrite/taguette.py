"""Taguette projects: read the SQLite database Taguette exports.

Taguette (https://www.taguette.org) keeps a project in an SQLite database
(``File > Export project`` gives a ``.sqlite3`` file) with tables ``projects``,
``documents`` (the text as HTML), ``tags`` (hierarchical names such as
``interesting.places``), ``highlights`` (positions as **UTF-8 byte offsets
into the text of the stored HTML**, tags not counted) and ``highlight_tags``;
``commands`` records who added each highlight.

:func:`read_taguette` turns documents into sources (their HTML into plain text
with a line break after each paragraph), tags into codes (with the dotted path
as categories), highlights into segments (byte offsets converted to code-point
offsets of the plain text, and checked against the highlight's stored snippet),
and the user who added a highlight into its coder.

.. warning::
   The database is opened read-only and immutable, only the tables above are
   queried, and only a genuine SQLite file is opened; a broken file raises
   :class:`~gtgraph.errors.FormatError`.
"""

from __future__ import annotations

import bisect
import json
import os
import re
import sqlite3
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote as url_quote

from gtgraph.errors import FormatError, GtGraphError
from gtgraph.project import Project
from gtgraph.readwrite._batch import code_all
from gtgraph.readwrite._hierarchy import code_from_path
from gtgraph.readwrite._offsets import locate
from gtgraph.readwrite._report import FormatWarning, Reporter, check_errors

__all__ = ["HtmlText", "read_taguette"]

_SQLITE_MAGIC = b"SQLite format 3\x00"
_BLOCKS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "blockquote",
        "pre",
        "hr",
        "section",
        "article",
        "header",
        "footer",
        "dd",
        "dt",
        "dl",
        "figure",
        "figcaption",
    ]
)
_SKIP = frozenset(("script", "style", "head", "title"))
_WS = re.compile(r"\s+")


class HtmlText(HTMLParser):
    r"""The plain text of an HTML document, with Taguette's byte offsets mapped into it.

    Taguette counts positions in UTF-8 bytes of the document's text nodes,
    without the tags.  The plain text adds a line break where a block (a
    paragraph, a list item, a line break) ends, which Taguette does not count.

    Examples
    --------
    >>> from gtgraph.readwrite.taguette import HtmlText
    >>> doc = HtmlText("<p>Café au lait</p><p>Bien sûr</p>")
    >>> doc.text
    'Café au lait\nBien sûr\n'
    >>> doc.to_text(len("Café au lait".encode()) + len("Bien".encode()))
    17
    """

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self._pieces: list[str] = []
        self._data: list[str] = []  # the text nodes, in order
        self._bytes: list[int] = []  # Taguette byte offset where each piece starts
        self._chars: list[int] = []  # code-point offset in .text where it starts
        self._byte = 0
        self._char = 0
        self._skip = 0
        self._pending = False
        self.feed(html.replace("\r\n", "\n").replace("\r", "\n"))
        self.close()
        self._flush()
        self.text = "".join(self._pieces)

    def _newline(self) -> None:
        # Wait for the next text: a text node starting with a line break needs none.
        if self._pieces and not self._pieces[-1].endswith("\n"):
            self._pending = True

    def _flush(self, data: str = "") -> None:
        if self._pending and not data.startswith("\n"):
            self._pieces.append("\n")
            self._char += 1
        self._pending = False

    def handle_starttag(
        self, tag: str, attrs: Sequence[tuple[str, str | None]]
    ) -> None:
        """Start skipping scripts and styles; break the line at <br>."""
        del attrs
        if tag in _SKIP:
            self._skip += 1
        elif tag == "br":
            self._newline()

    def handle_endtag(self, tag: str) -> None:
        """Break the line after a block."""
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCKS:
            self._newline()

    def handle_data(self, data: str) -> None:
        """Keep a text node, with where it starts in bytes and in code points."""
        if self._skip or not data:
            return
        self._flush(data)
        self._bytes.append(self._byte)
        self._chars.append(self._char)
        self._pieces.append(data)
        self._data.append(data)
        self._byte += len(data.encode("utf-8"))
        self._char += len(data)

    @property
    def size(self) -> int:
        """The length of the text in Taguette's units (UTF-8 bytes of text nodes)."""
        return self._byte

    def to_text(self, byte: int, *, end: bool = False) -> int:
        """Convert a Taguette byte offset to a code-point offset into :attr:`text`."""
        byte = min(max(byte, 0), self._byte)
        if not self._bytes:
            return 0
        i = bisect.bisect_right(self._bytes, byte) - 1
        if end and i > 0 and self._bytes[i] == byte:
            i -= 1  # an end at a piece boundary belongs to the piece before it
        i = max(i, 0)
        piece = self._data[i]
        within = byte - self._bytes[i]
        prefix = piece.encode("utf-8")[:within].decode("utf-8", errors="ignore")
        return self._chars[i] + len(prefix)


def _plain(html: str) -> str:
    return _WS.sub(" ", HtmlText(html).text).strip()


def _connect(path: Path) -> sqlite3.Connection:
    try:
        with path.open("rb") as stream:
            head = stream.read(16)
    except FileNotFoundError as error:
        raise FormatError(f"{path}: no such file") from error
    except OSError as error:
        raise FormatError(f"{path}: cannot be read ({error.strerror})") from error
    if head != _SQLITE_MAGIC:
        raise FormatError(
            f"{path.name}: not an SQLite database, so not a Taguette project export"
        )
    uri = f"file:{url_quote(str(path.resolve()))}?mode=ro&immutable=1"
    try:
        connection = sqlite3.connect(uri, uri=True)
        connection.execute("PRAGMA trusted_schema=OFF")
        connection.execute("PRAGMA query_only=ON")
    except sqlite3.Error as error:
        raise FormatError(
            f"{path.name}: the database cannot be opened ({error})"
        ) from error
    return connection


def read_taguette(
    path: str | os.PathLike[str],
    *,
    project: int | str | None = None,
    separator: str | None = ".",
    errors: str = "warn",
    report: list[FormatWarning] | None = None,
) -> Project:
    """Read a Taguette project database (its ``.sqlite3`` export) into a project.

    Parameters
    ----------
    path : str or path-like
        The SQLite file.
    project : int or str, optional
        Which project, by id or name, when the database holds several (a Taguette
        server's database); the only one otherwise.
    separator : str or None
        Tag names are split into categories on this string (Taguette's
        hierarchy: ``"interesting.places"`` is the code ``places`` in the
        category ``interesting``); None keeps the full names.
    errors : {"warn", "raise", "ignore"}
        What to do with what cannot be represented.
    report : list, optional
        Receives one :class:`gtgraph.FormatWarning` per kind of loss.

    Returns
    -------
    Project

    Raises
    ------
    FormatError
        If the file is not a Taguette database or the project is not in it.

    Examples
    --------
    >>> import gtgraph, pathlib, sqlite3, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.sqlite3"
    >>> db = sqlite3.connect(path)
    >>> _ = db.executescript('''
    ...   CREATE TABLE projects (id INTEGER PRIMARY KEY, name TEXT, description TEXT);
    ...   CREATE TABLE documents (id INTEGER PRIMARY KEY, name TEXT, description TEXT,
    ...     project_id INTEGER, contents TEXT);
    ...   CREATE TABLE tags (id INTEGER PRIMARY KEY, project_id INTEGER, path TEXT, description TEXT);
    ...   CREATE TABLE highlights (id INTEGER PRIMARY KEY, document_id INTEGER,
    ...     start_offset INTEGER, end_offset INTEGER, snippet TEXT);
    ...   CREATE TABLE highlight_tags (highlight_id INTEGER, tag_id INTEGER);
    ...   INSERT INTO projects VALUES (1, 'Study', '');
    ...   INSERT INTO documents VALUES (1, 'P01', '', 1, '<p>Déjà vu again</p>');
    ...   INSERT INTO tags VALUES (1, 1, 'memory.recall', 'Remembering.');
    ...   INSERT INTO highlights VALUES (1, 1, 0, 6, 'Déjà');
    ...   INSERT INTO highlight_tags VALUES (1, 1);''')
    >>> db.commit(); db.close()
    >>> p = gtgraph.read_taguette(path)
    >>> [(s.quote, [c.name for c in p.codes_of(s)]) for s in p.segments]
    [('Déjà', ['recall'])]
    >>> [c.name for c in p.parents("recall")]
    ['memory']
    """
    mode = check_errors(errors)
    file = Path(path)
    reporter = Reporter(file.name)
    connection = _connect(file)
    try:
        result = _read(connection, file, project, separator, reporter)
    except sqlite3.Error as error:
        raise FormatError(
            f"{file.name}: not a readable Taguette database ({error})"
        ) from error
    except UnicodeDecodeError as error:
        raise FormatError(
            f"{file.name}: the database holds text that is not UTF-8 ({error.reason} "
            f"at byte {error.start}); it was not written by Taguette"
        ) from error
    except GtGraphError:
        raise
    except (TypeError, ValueError, ArithmeticError, LookupError) as error:
        # a NULL, non-numeric or infinite id (REAL 9e999), or another value of the
        # wrong type
        raise FormatError(
            f"{file.name}: a table holds a value of the wrong type ({error}); "
            "is this a Taguette database?"
        ) from error
    finally:
        connection.close()
    reporter.finish(errors=mode, report=report)
    return result


def _pick_project(
    connection: sqlite3.Connection, name: str, wanted: int | str | None
) -> tuple[int, str, str]:
    rows = connection.execute(
        "SELECT id, name, description FROM projects ORDER BY id"
    ).fetchall()
    if wanted is not None:
        rows = [r for r in rows if wanted in (r[0], r[1])]
        if not rows:
            raise FormatError(f"{name}: there is no project {wanted!r} in the database")
    if not rows:
        raise FormatError(f"{name}: the database holds no project")
    if len(rows) > 1:
        listed = ", ".join(f"{r[0]} ({r[1]!r})" for r in rows[:10])
        raise FormatError(
            f"{name}: the database holds several projects ({listed}); choose one with project="
        )
    pid, title, description = rows[0]
    return int(pid), str(title or ""), str(description or "")


def _coders(
    connection: sqlite3.Connection, pid: int, tables: set[str]
) -> dict[int, str]:
    if "commands" not in tables:
        return {}
    coders: dict[int, str] = {}
    rows = connection.execute(
        "SELECT user_login, payload FROM commands WHERE project_id = ? ORDER BY id",
        (pid,),
    )
    for login, payload in rows:
        try:
            data = (
                json.loads(payload)
                if isinstance(payload, str) and len(payload) < 2**20
                else None
            )
        except (ValueError, RecursionError):
            continue
        if isinstance(data, dict) and data.get("type") == "highlight_add":
            highlight = data.get("highlight_id")
            if isinstance(highlight, int) and isinstance(login, str):
                coders.setdefault(highlight, login)
    return coders


def _read(
    connection: sqlite3.Connection,
    file: Path,
    wanted: int | str | None,
    separator: str | None,
    reporter: Reporter,
) -> Project:
    tables = {
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type='table'"
        )
    }
    missing = {"projects", "documents", "tags", "highlights", "highlight_tags"} - tables
    if missing:
        raise FormatError(
            f"{file.name}: not a Taguette project database (no table {', '.join(sorted(missing))})"
        )
    pid, title, description = _pick_project(connection, file.name, wanted)
    result = Project(title=title)
    tags: dict[int, str] = {}
    rows = connection.execute(
        "SELECT id, path, description FROM tags WHERE project_id = ? ORDER BY id",
        (pid,),
    ).fetchall()
    for row in rows:
        tags[int(row[0])] = code_from_path(
            result,
            str(row[1] or "").strip() or f"tag {row[0]}",
            separator,
            definition=str(row[2] or ""),
            reporter=reporter,
        )
    coders = _coders(connection, pid, tables)
    documents = connection.execute(
        "SELECT id, name, description, contents FROM documents WHERE project_id = ? ORDER BY id",
        (pid,),
    ).fetchall()
    taken: set[str] = set()
    for doc_id, name, doc_description, contents in documents:
        label = str(name or "").strip() or f"document {doc_id}"
        while label in taken:
            label += " (2)"
        taken.add(label)
        html = HtmlText(str(contents or ""))
        source = result.add_source(label, html.text, kind="document")
        if doc_description and str(doc_description).strip():
            result.memo(
                source.id, str(doc_description), title=f"Description of {label}"
            )
        highlights = connection.execute(
            "SELECT id, start_offset, end_offset, snippet FROM highlights WHERE document_id = ? "
            "ORDER BY start_offset, id",
            (doc_id,),
        ).fetchall()
        spans: list[tuple[dict[str, Any], str]] = []
        for hid, start, end, snippet in highlights:
            codes = [
                tags[t]
                for (t,) in connection.execute(
                    "SELECT tag_id FROM highlight_tags WHERE highlight_id = ? ORDER BY tag_id",
                    (hid,),
                )
                if t in tags
            ]
            _highlight(
                source.id,
                label,
                html,
                int(hid),
                start,
                end,
                str(snippet or ""),
                codes,
                coders.get(int(hid)),
                reporter,
                spans,
            )
        code_all(
            result,
            spans,
            lambda label, error: reporter.add(
                "bad-highlight",
                "highlights that could not be coded were skipped",
                f"{label}: {error}",
            ),
        )
    if description.strip():
        result.memo(None, description, title="Project description")
    return result


def _highlight(
    source_id: str,
    label: str,
    html: HtmlText,
    hid: int,
    start: Any,
    end: Any,
    snippet: str,
    codes: list[str],
    coder: str | None,
    reporter: Reporter,
    spans: list[tuple[dict[str, Any], str]],
) -> None:
    if not isinstance(start, int) or not isinstance(end, int):
        reporter.add(
            "bad-highlight",
            "highlights without whole-number positions were skipped",
            f"{label} #{hid}",
        )
        return
    if end < start:
        start, end = end, start
    if start < 0 or end > html.size:
        reporter.add(
            "out-of-range",
            "highlights reaching outside their document were clamped",
            f"{label} #{hid}",
        )
    a, b = html.to_text(start), html.to_text(end, end=True)
    wanted = _plain(snippet)
    got = _WS.sub(" ", html.text[a:b]).strip()
    if wanted and got != wanted:
        found = locate(html.text, wanted)
        if found is not None:
            a, b = found
            reporter.add(
                "relocated",
                "highlights whose positions did not match their snippet were placed by the snippet's text",
                f"{label} #{hid}",
            )
        else:
            reporter.add(
                "unverified",
                "highlights whose snippet could not be found were kept at their converted positions",
                f"{label} #{hid}",
            )
    span = {"source": source_id, "start": a, "end": b, "codes": codes, "coder": coder}
    spans.append((span, f"{label} #{hid}"))
