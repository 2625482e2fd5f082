"""Tables of coded excerpts (CSV): one row per excerpt and code.

Many tools export coded data as a table: the document, the code, the coded text
and sometimes its position and coder.  :func:`read_segments_csv` turns such a
table into a project.  It recognises common column names (``document``,
``code`` or ``tag``, ``text`` or ``content``, ``start``/``end``, ``coder``,
``participant``, and an ``id`` shared by the rows of one excerpt), including the
highlights table Taguette exports (``id, document, tag, content``: one row per
highlight and tag, without positions).

Without positions, an excerpt is located in its document's text when the text
is given (``texts=``); otherwise it stays a quote-only segment of a source
without text.

.. warning::
   Tables from others are untrusted: the file size and the field size are
   bounded and a malformed file raises :class:`~gtgraph.errors.FormatError`
   naming the line.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from gtgraph.errors import FormatError
from gtgraph.project import Project
from gtgraph.project._base import normalise_text
from gtgraph.readwrite._batch import code_all
from gtgraph.readwrite._hierarchy import code_from_path
from gtgraph.readwrite._offsets import locate
from gtgraph.readwrite._report import FormatWarning, Reporter, check_errors

__all__ = ["read_segments_csv", "segments_csv", "write_segments_csv"]

_MAX_BYTES = 512 * 2**20
_MAX_FIELD = 64 * 2**20

#: Column names recognised for each role, compared case-insensitively.
ALIASES: dict[str, tuple[str, ...]] = {
    "document": (
        "document",
        "doc",
        "source",
        "file",
        "filename",
        "file name",
        "document name",
        "transcript",
        "interview",
    ),
    "code": ("code", "codes", "tag", "tags", "tag path", "node", "label"),
    "text": (
        "text",
        "content",
        "quote",
        "quotation",
        "excerpt",
        "snippet",
        "segment",
        "coded text",
        "selection",
    ),
    "start": (
        "start",
        "start_offset",
        "start offset",
        "begin",
        "from",
        "startposition",
    ),
    "end": ("end", "end_offset", "end offset", "stop", "to", "endposition"),
    "coder": ("coder", "user", "author", "annotator", "coded by"),
    "participant": ("participant", "case", "respondent", "interviewee"),
    "id": (
        "id",
        "highlight",
        "highlight id",
        "highlight_id",
        "segment id",
        "segment_id",
        "excerpt id",
    ),
}


@contextlib.contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    old = csv.field_size_limit()
    csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(old)


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _by_bom(data: bytes) -> str | None:
    """Return the UTF-16 or UTF-32 encoding a byte order mark announces, or None.

    Examples
    --------
    >>> from gtgraph.readwrite.tables import _by_bom
    >>> _by_bom("a,b".encode("utf-16")), _by_bom(b"a,b")
    ('utf-16', None)
    """
    for bom, name in _BOMS:  # UTF-32 first: its little-endian mark begins with UTF-16's
        if data.startswith(bom):
            return name
    return None


def _decode(data: bytes, encoding: str | None, reporter: Reporter) -> str:
    if encoding is not None:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as error:
            raise FormatError(
                f"{reporter.file}: cannot be decoded as {encoding} ({error})"
            ) from error
    unicode = _by_bom(data)
    if unicode is not None:
        try:
            return data.decode(unicode)
        except UnicodeDecodeError as error:
            raise FormatError(
                f"{reporter.file}: starts with a {unicode.upper()} byte order mark but "
                f"cannot be decoded as {unicode.upper()} ({error.reason} at byte "
                f"{error.start}); save it again as UTF-8"
            ) from error
    if b"\x00" in data[:4096]:
        raise FormatError(
            f"{reporter.file}: holds NUL bytes, so it is probably UTF-16 or UTF-32 "
            "without a byte order mark; pass encoding='utf-16-le' (or the encoding it "
            "was saved in), or save it again as UTF-8"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        reporter.add(
            "encoding",
            "the table is not UTF-8 and was read as Windows-1252; pass encoding=... if that is wrong",
        )
        return data.decode("cp1252", errors="replace")


def _columns(
    header: list[str], given: Mapping[str, str] | None, file: str
) -> dict[str, int]:
    folded = [h.strip().casefold() for h in header]
    found: dict[str, int] = {}
    for role, names in ALIASES.items():
        wanted = (
            [given[role].strip().casefold()] if given and role in given else list(names)
        )
        for name in wanted:
            if name in folded:
                found[role] = folded.index(name)
                break
        else:
            if given and role in given:
                raise FormatError(
                    f"{file}: line 1: there is no column {given[role]!r}; the columns are {header}"
                )
    missing = [r for r in ("document", "text") if r not in found]
    if missing or ("code" not in found):
        needed = ", ".join(missing + ([] if "code" in found else ["code"]))
        raise FormatError(
            f"{file}: line 1: no column for {needed} among {header}; name them with "
            "columns={'document': ..., 'code': ..., 'text': ...}"
        )
    return found


def _load_texts(
    texts: Mapping[str, str | os.PathLike[str]] | str | os.PathLike[str] | None,
) -> Any:
    if texts is None:
        return {}
    if isinstance(texts, Mapping):
        return texts
    folder = Path(texts)
    if not folder.is_dir():
        raise FormatError(
            f"{folder}: texts= must be a mapping of document names to texts, or a folder"
        )
    files = sorted(p for p in folder.iterdir() if p.is_file())
    return {p.stem: p for p in files} | {p.name: p for p in files}


def _text_of(value: str | os.PathLike[str]) -> str:
    if isinstance(value, str):
        return value
    path = Path(value)
    try:
        data = path.read_bytes()
        return data.decode(_by_bom(data) or "utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise FormatError(
            f"{path}: the document text cannot be read ({error})"
        ) from error


def read_segments_csv(
    path: str | os.PathLike[str],
    *,
    texts: Mapping[str, str | os.PathLike[str]] | str | os.PathLike[str] | None = None,
    columns: Mapping[str, str] | None = None,
    delimiter: str | None = None,
    encoding: str | None = None,
    separator: str | None = None,
    title: str | None = None,
    errors: str = "warn",
    report: list[FormatWarning] | None = None,
) -> Project:
    r"""Read a table of coded excerpts (CSV) into a project.

    Parameters
    ----------
    path : str or path-like
        The CSV file (comma, semicolon or tab separated; a header row names the
        columns).
    texts : mapping or folder, optional
        The documents' texts, by document name: strings, paths of text files, or
        a folder holding ``<document>.txt`` files.  Excerpts are located in these
        texts; documents without a text become sources without text whose
        segments carry only their quote.
    columns : mapping, optional
        Column names for the roles ``document``, ``code``, ``text``, ``start``,
        ``end``, ``coder``, ``participant`` and ``id`` when the defaults do not
        find them (see ``gtgraph.readwrite.tables.ALIASES``).
    delimiter : str, optional
        The field separator (detected when not given).
    encoding : str, optional
        The file's encoding (default UTF-8 with or without BOM, falling back to
        Windows-1252 with a warning).
    separator : str, optional
        Split code names into a hierarchy on this string (``"."`` or ``"/"``).
    title : str, optional
        The project's title (default: the file name).
    errors : {"warn", "raise", "ignore"}
        What to do with rows that cannot be represented.
    report : list, optional
        Receives one :class:`gtgraph.FormatWarning` per kind of loss.

    Returns
    -------
    Project

    Raises
    ------
    FormatError
        If the file is not a readable table or lacks a document, code or text
        column (the message names the line).

    Examples
    --------
    >>> import gtgraph, pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "highlights.csv").write_text(
    ...     "id,document,tag,content\n1,P01,trust,she had been there\n1,P01,peers,she had been there\n")
    >>> p = gtgraph.read_segments_csv(folder / "highlights.csv",
    ...                               texts={"P01": "I think she had been there too."})
    >>> [(s.start, s.end, [c.name for c in p.codes_of(s)]) for s in p.segments]
    [(8, 26, ['trust', 'peers'])]
    """
    mode = check_errors(errors)
    file = Path(path)
    reporter = Reporter(file.name)
    try:
        size = file.stat().st_size
    except FileNotFoundError as error:
        raise FormatError(f"{file}: no such file") from error
    except OSError as error:
        raise FormatError(f"{file}: cannot be read ({error.strerror})") from error
    if size > _MAX_BYTES:
        raise FormatError(
            f"{file.name}: the file is {size} bytes, more than the {_MAX_BYTES} accepted"
        )
    content = _decode(file.read_bytes(), encoding, reporter)
    if delimiter is None:
        try:
            delimiter = (
                csv.Sniffer().sniff(content[:65536], delimiters=",;\t").delimiter
            )
        except csv.Error:
            delimiter = ","
    documents = dict(_load_texts(texts).items())
    project = Project(title=file.stem if title is None else title)
    rows: list[tuple[int, list[str]]] = []
    with _field_limit(_MAX_FIELD):
        reader = csv.reader(
            io.StringIO(content, newline=""), delimiter=delimiter, strict=True
        )
        try:
            header = next(reader, None)
            if header is None:
                raise FormatError(f"{file.name}: the table is empty")
            index = _columns(header, columns, file.name)
            rows.extend(
                (reader.line_num, row)
                for row in reader
                if any(cell.strip() for cell in row)
            )
        except csv.Error as error:
            raise FormatError(
                f"{file.name}: line {reader.line_num}: {error}"
            ) from error
    _build(project, rows, index, documents, reporter, separator)
    reporter.finish(errors=mode, report=report)
    return project


def _cell(row: list[str], index: Mapping[str, int], role: str) -> str:
    position = index.get(role)
    if position is None or position >= len(row):
        return ""
    return row[position]


def _build(
    project: Project,
    rows: list[tuple[int, list[str]]],
    index: Mapping[str, int],
    documents: Mapping[str, Any],
    reporter: Reporter,
    separator: str | None,
) -> None:
    # Rows sharing an id (and document) are one excerpt with several codes.
    excerpts: dict[tuple[str, str], dict[str, Any]] = {}
    for line, row in rows:
        document = _cell(row, index, "document").strip()
        if not document:
            reporter.add(
                "no-document", "rows without a document were skipped", f"line {line}"
            )
            continue
        key_id = _cell(row, index, "id").strip() or f"line {line}"
        entry = excerpts.setdefault(
            (document, key_id),
            {
                "line": line,
                "text": _cell(row, index, "text"),
                "start": _cell(row, index, "start").strip(),
                "end": _cell(row, index, "end").strip(),
                "coder": _cell(row, index, "coder").strip() or None,
                "participant": _cell(row, index, "participant").strip(),
                "codes": [],
            },
        )
        code = _cell(row, index, "code").strip()
        if code and code not in entry["codes"]:
            entry["codes"].append(code)
    cursors: dict[str, int] = {}
    spans: list[tuple[dict[str, Any], str]] = []
    for (document, _), entry in excerpts.items():
        source = project.sources.get(document)
        if source is None:
            raw = documents.get(document)
            text = None if raw is None else _text_of(raw)
            source = project.add_source(
                document, text, participant=entry["participant"] or None
            )
            if text is None:
                reporter.add(
                    "no-text",
                    "documents whose text was not given became sources without text, their "
                    "excerpts quote-only segments",
                    repr(document),
                )
        codes = [
            code_from_path(project, name, separator, reporter=reporter)
            for name in entry["codes"]
        ]
        line = entry["line"]
        quote = normalise_text(entry["text"]) or ""
        if source.text is None:
            if not quote.strip():
                reporter.add(
                    "empty",
                    "excerpts without text or position were skipped",
                    f"line {line}",
                )
                continue
            spans.append(
                (
                    {
                        "source": source.id,
                        "codes": codes,
                        "coder": entry["coder"],
                        "quote": quote,
                    },
                    f"line {line}",
                )
            )
            continue
        span = _span(
            source.text, entry, quote, cursors.get(source.id, 0), reporter, line
        )
        if span is None:
            continue
        cursors[source.id] = span[0]
        spans.append(
            (
                {
                    "source": source.id,
                    "start": span[0],
                    "end": span[1],
                    "codes": codes,
                    "coder": entry["coder"],
                },
                f"line {line}",
            )
        )
    # one change (one history event) for all the rows, as one import
    code_all(
        project,
        spans,
        lambda label, error: reporter.add(
            "row", "rows that could not be coded were skipped", f"{label}: {error}"
        ),
    )


def _span(
    text: str,
    entry: Mapping[str, Any],
    quote: str,
    cursor: int,
    reporter: Reporter,
    line: int,
) -> tuple[int, int] | None:
    if entry["start"] and entry["end"]:
        try:
            start, end = int(entry["start"]), int(entry["end"])
        except ValueError:
            reporter.add(
                "bad-offsets",
                "positions that are not whole numbers were ignored",
                f"line {line}",
            )
        else:
            if 0 <= start <= end <= len(text) and (
                not quote or text[start:end] == quote
            ):
                return start, end
            reporter.add(
                "offsets-mismatch",
                "positions that do not match the excerpt's text were replaced by locating the text",
                f"line {line}",
            )
    if not quote.strip():
        reporter.add(
            "empty", "excerpts without text or position were skipped", f"line {line}"
        )
        return None
    span = locate(text, quote, cursor)
    if span is None:
        reporter.add(
            "not-found",
            "excerpts not found in their document's text were skipped",
            f"line {line}: {quote[:40]!r}",
        )
    return span


def segments_csv(project: Project, *, quotes: bool = True) -> str:
    """Return the coded segments as CSV text: one row per segment and code.

    The columns are ``id, document, participant, code, start, end, coder, text``,
    the layout :func:`gtgraph.read_segments_csv` reads.  Cells that a spreadsheet would
    run as a formula (starting with ``=``, ``+``, ``-``, ``@``) are prefixed with
    ``'``.  Pass ``quotes=False`` to leave the participants' words out.

    Examples
    --------
    >>> import gtgraph
    >>> from gtgraph.readwrite.tables import segments_csv
    >>> p = gtgraph.Project()
    >>> s = p.add_source("P01", text="She had been there too.", participant="P01")
    >>> _ = p.code(s, quote="been there too", codes=["shared experience"], coder="HB")
    >>> print(segments_csv(p))
    id,document,participant,code,start,end,coder,text
    seg4,P01,P01,shared experience,8,22,HB,been there too
    <BLANKLINE>
    """
    from gtgraph.readwrite._codebook import spreadsheet_safe

    buffer = io.StringIO()
    writer = csv.writer(
        buffer, lineterminator="\r\n"
    )  # RFC 4180: a CR in a cell gets quoted
    writer.writerow(
        ("id", "document", "participant", "code", "start", "end", "coder", "text")
    )
    for coding in project.codings:
        segment = project.segments[coding.segment]
        source = project.sources[segment.source]
        participant = project.participant_of(source)
        cells = [
            segment.id,
            source.name,
            "" if participant is None else participant.name,
            project.codes[coding.code].name,
            "" if segment.start is None else str(segment.start),
            "" if segment.end is None else str(segment.end),
            coding.coder or "",
            segment.quote if quotes else "",
        ]
        writer.writerow([spreadsheet_safe(cell) for cell in cells])
    return buffer.getvalue()


def write_segments_csv(
    project: Project, path: str | os.PathLike[str], *, quotes: bool = True
) -> None:
    """Write the coded segments to a CSV file (see :func:`segments_csv`).

    Examples
    --------
    >>> import gtgraph, tempfile, pathlib
    >>> from gtgraph.readwrite import write_segments_csv
    >>> p = gtgraph.Project()
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "segments.csv"
    >>> write_segments_csv(p, out)
    >>> out.read_text().splitlines()
    ['id,document,participant,code,start,end,coder,text']
    """
    from gtgraph.readwrite._files import atomic_write

    atomic_write(Path(path), segments_csv(project, quotes=quotes).encode("utf-8"))
