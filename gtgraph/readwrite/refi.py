"""REFI-QDA: exchange codebooks (``.qdc``) and projects (``.qdpx``) with other QDA programs.

REFI-QDA is the exchange standard of NVivo, ATLAS.ti, MAXQDA, QualCoder, Taguette
and others (https://www.qdasoftware.org, specification 1.5, schemas
``urn:QDA-XML:codebook:1.0`` and ``urn:QDA-XML:project:1.0``).  A codebook is one
XML file; a project is a zip archive holding ``project.qde`` and a ``sources``
folder.

Reading tolerates what real programs write (see the import how-to for the list):
any ``urn:QDA-XML`` namespace or none, GUIDs in any case with or without braces,
text positions counted in UTF-16 units (NVivo) or with CRLF counted once
(ATLAS.ti, MAXQDA), byte order marks, a ``Sources`` folder in any letter case,
paths without ``internal://``, empty containers, nameless sources and cases.
Whatever cannot be represented is reported as a
:class:`gtgraph.FormatWarning` (warned, and appended to the *report*
list when one is given); ``errors="raise"`` turns losses into a
:class:`~gtgraph.errors.FormatError`.

.. warning::
   Files from others are untrusted.  The XML is parsed without DTDs, entities or
   external references, the archive's member names, count, sizes and compression
   ratios are checked, and sizes are bounded; a hostile or broken file raises
   :class:`~gtgraph.errors.FormatError`.  Paths to files outside the archive
   (``relative:///``, ``absolute:///``) are never opened.

Pictures, PDFs, audio and video are kept with their selections of every kind,
transcripts and sync points, and written back unchanged; gtgraph analyses a PDF's
text representation like any text, and the codings of the other selections as
segments whose quote is a label.  Network diagrams (``Graph``) and groups of
notes are kept for the way back only.  See the how-to "Take a project from
NVivo / ATLAS.ti to gtgraph and back".
"""

from __future__ import annotations

import io
import json
import os
import warnings
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from gtgraph.errors import FormatError, ValidationError
from gtgraph.project import Project
from gtgraph.readwrite import _files
from gtgraph.readwrite._qdamodel import QdaProject, QdaSource, norm_guid
from gtgraph.readwrite._qdaxml import parse_codebook, parse_project
from gtgraph.readwrite._refi_build import SourceText, build_codebook
from gtgraph.readwrite._refi_graph import GRAPH_LEVELS
from gtgraph.readwrite._refi_notes import build_project
from gtgraph.readwrite._refi_write import META_FORMAT, META_MEMBER, Exporter
from gtgraph.readwrite._report import FormatWarning, Reporter, check_errors
from gtgraph.readwrite._safexml import MAX_XML_BYTES, parse_xml
from gtgraph.readwrite._safezip import SafeZip
from gtgraph.readwrite._speed import paused_gc
from gtgraph.readwrite._texts import decode_text, docx_text, resolve_member

__all__ = ["read_qdc", "read_qdpx", "write_qdc", "write_qdpx"]

_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP = b"PK\x05\x06"
_MAX_META = 256 * 2**20
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def _read_file(path: Path, limit: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > limit:
            raise FormatError(
                f"{path.name}: the file is {size} bytes, more than the {limit} accepted"
            )
        return path.read_bytes()
    except FileNotFoundError as error:
        raise FormatError(f"{path}: no such file") from error
    except IsADirectoryError as error:
        raise FormatError(f"{path}: is a folder, not a file") from error
    except OSError as error:
        raise FormatError(f"{path}: cannot be read ({error.strerror})") from error


def read_qdc(
    path: str | os.PathLike[str],
    *,
    separator: str | None = None,
    errors: str = "warn",
    report: list[FormatWarning] | None = None,
) -> Project:
    r"""Read a REFI-QDA codebook (``.qdc``) as a project holding codes and categories.

    Nested codes become the hierarchy: a ``Code`` with codes inside it, or marked
    ``isCodable="false"``, becomes a category; the others become codes.
    ``Description`` s become definitions, and each ``Set`` becomes a category
    holding its member codes (in addition to their place in the tree).

    Parameters
    ----------
    path : str or path-like
        The ``.qdc`` file.
    separator : str, optional
        Split flat names into a hierarchy on this string, e.g. ``"::"`` for
        ATLAS.ti 8 (``"Coke::diet Coke"``) or ``"\\"`` for Taguette.
    errors : {"warn", "raise", "ignore"}
        What to do with what cannot be represented: warn with
        :class:`FormatWarning` (default), raise :class:`~gtgraph.errors.FormatError`,
        or say nothing.  Either way it is appended to *report*.
    report : list, optional
        Receives one :class:`FormatWarning` per kind of loss.

    Returns
    -------
    Project
        Titled after the file.

    Raises
    ------
    FormatError
        If the file is not a readable REFI-QDA codebook (the message names the
        line and the problem), or, with ``errors="raise"``, if anything in it
        cannot be represented.

    Examples
    --------
    >>> import gtgraph, pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "book.qdc"
    >>> _ = path.write_text(
    ...     '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
    ...     '<Code guid="A0000000-0000-0000-0000-000000000001" name="Feelings" isCodable="false">'
    ...     '<Code guid="A0000000-0000-0000-0000-000000000002" name="calm" isCodable="true">'
    ...     '<Description>At ease.</Description></Code></Code></Codes></CodeBook>')
    >>> p = gtgraph.read_qdc(path)
    >>> p.codes["calm"].definition, [c.name for c in p.parents("calm")]
    ('At ease.', ['Feelings'])
    """
    mode = check_errors(errors)
    file = Path(path)
    reporter = Reporter(file.name)
    root = parse_xml(_read_file(file, MAX_XML_BYTES), where=file.name)
    book = parse_codebook(root, where=file.name, reporter=reporter)
    project = build_codebook(
        book, title=file.stem, reporter=reporter, separator=separator
    )
    reporter.finish(errors=mode, report=report)
    return project


def write_qdc(project: Project, path: str | os.PathLike[str]) -> Path:
    """Write the project's codes and categories as a REFI-QDA codebook (``.qdc``).

    Categories are written as codes with ``isCodable="false"`` holding their
    codes and subcategories; a code or category with several parents is nested
    under its first and listed in a ``Set`` named after each other parent.
    Definitions are the ``Description`` s; stages, in-vivo flags, theme and core
    flags, properties and dimensions follow in a marked block (see the export
    how-to).  The file is replaced atomically.

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import gtgraph, pathlib, tempfile
    >>> p = gtgraph.Project(title="t")
    >>> _ = p.add_code("calm", definition="At ease.")
    >>> p.categorize("calm", "Feelings")
    >>> path = gtgraph.write_qdc(p, pathlib.Path(tempfile.mkdtemp()) / "book.qdc")
    >>> q = gtgraph.read_qdc(path)
    >>> [c.name for c in q.parents("calm")]
    ['Feelings']
    """
    exporter = Exporter(project)
    text = exporter.codebook_xml()
    written = _files.resolve(path)
    _files.safe_write(written, text.encode("utf-8"))
    _warn_replaced(exporter, written)
    return written


# -- projects --------------------------------------------------------------------------


class _Archive:
    """The qde document and its sources, from a .qdpx archive or a bare .qde."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip: SafeZip | None = None
        try:
            with path.open("rb") as stream:
                head = stream.read(4)
        except FileNotFoundError as error:
            raise FormatError(f"{path}: no such file") from error
        except OSError as error:
            raise FormatError(f"{path}: cannot be read ({error.strerror})") from error
        if head in (_ZIP_MAGIC, _EMPTY_ZIP):
            self.zip = SafeZip(path)
            self.qde_name = self._find_qde()
            self.where = f"{path.name}: {self.qde_name}"
            self.qde = self.zip.read(self.qde_name, limit=MAX_XML_BYTES)
        else:
            self.where = path.name
            self.qde = _read_file(path, MAX_XML_BYTES)

    def _find_qde(self) -> str:
        names = [] if self.zip is None else self.zip.names()
        top = [n for n in names if "/" not in n and n.casefold().endswith(".qde")]
        exact = [n for n in top if n.casefold() == "project.qde"]
        if exact:
            return exact[0]
        if len(top) == 1:
            return top[0]
        if not top:
            raise FormatError(
                f"{self.path.name}: the archive holds no project.qde (nor any .qde at its "
                "root); is it a REFI-QDA project?"
            )
        raise FormatError(
            f"{self.path.name}: the archive holds several .qde files ({', '.join(top)}) "
            "and none is named project.qde"
        )

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()

    def meta(self, reporter: Reporter) -> dict[str, Any]:
        if self.zip is None or self.zip.find(META_MEMBER) is None:
            return {}
        data = self.zip.read(META_MEMBER, limit=_MAX_META)
        try:
            meta = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            meta = None
        if not isinstance(meta, dict) or meta.get("format") != META_FORMAT:
            reporter.add(
                "bad-meta",
                "unreadable parts of gtgraph's own data were skipped",
                META_MEMBER,
            )
            return {}
        return meta

    def member_text(self, path: str | None, reporter: Reporter) -> str | None:
        if path is None or self.zip is None:
            return None
        member = resolve_member(self.zip, path)
        if member is None:
            return None
        data = self.zip.read(member)
        if member.casefold().endswith(".docx"):
            return docx_text(data, where=f"{self.path.name}: {member}")
        return decode_text(data, where=f"{self.path.name}: {member}", reporter=reporter)

    def source_text(self, source: QdaSource, reporter: Reporter) -> SourceText:
        """Fetch the plain text of a source; say whether its offsets can be trusted."""
        holder = source.representation if source.kind == "PDFSource" else source
        if holder is None:
            return None, False
        if holder.content is not None:
            return holder.content, True
        if holder.kind in ("PictureSource", "AudioSource", "VideoSource"):
            return None, False
        text = self.member_text(holder.plain_path, reporter)
        if text is not None and text.strip():
            return text, True
        rich = holder.rich_path
        if rich and rich.casefold().endswith(".docx"):
            rich_text = self.member_text(rich, reporter)
            if rich_text is not None and rich_text.strip():
                reporter.add(
                    "docx-text",
                    "sources without usable plain text took their text from the .docx",
                    source.name or source.guid,
                )
                return rich_text, False
            if text is not None:
                reporter.add(
                    "empty-text",
                    "sources whose plain text and .docx are both empty were kept with that "
                    "empty text",
                    source.name or source.guid,
                )
        if text is not None:
            return text, True
        where = holder.plain_path or rich or ""
        if self.zip is None and where:
            reporter.add(
                "no-archive",
                "sources could not be read because a bare .qde comes without its sources folder",
                source.name or source.guid,
            )
        elif where.lower().startswith(("relative:", "absolute:")):
            reporter.add(
                "external",
                "sources stored outside the archive were not opened (gtgraph never follows "
                "paths in files from others); their text is missing",
                source.name or source.guid,
            )
        elif where:
            reporter.add(
                "missing-text",
                "sources whose text is missing or empty in the archive were kept without text",
                source.name or source.guid,
            )
        return None, False


def _texts(
    archive: _Archive, qp: QdaProject, reporter: Reporter
) -> dict[str, SourceText]:
    texts: dict[str, SourceText] = {}
    for source in qp.sources:
        texts[source.guid] = archive.source_text(source, reporter)
        for child in source.raw[3] if source.raw is not None else ():
            if child[0] != "Transcript":
                continue
            inline = [c[2] for c in child[3] if c[0] == "PlainTextContent"]
            text = (
                inline[0]
                if inline
                else archive.member_text(child[1].get("plainTextPath"), reporter)
            )
            guid = norm_guid(child[1].get("guid"))
            if text is not None and guid is not None:
                texts[f"transcript:{guid}"] = (text, True)
    for note in qp.notes:
        if note.content is None:
            texts[note.guid] = (
                archive.member_text(note.plain_path, reporter)
                or archive.member_text(note.rich_path, reporter),
                True,
            )
    return texts


def read_qdpx(
    path: str | os.PathLike[str],
    *,
    separator: str | None = None,
    errors: str = "warn",
    report: list[FormatWarning] | None = None,
) -> Project:
    r"""Read a REFI-QDA project (``.qdpx``, or a bare ``project.qde``).

    Users become coders; named ``Case`` s participants (``VariableValue`` s their
    attributes); text sources sources, with their text; ``PlainTextSelection`` s
    with their ``Coding`` s segments, positions converted to gtgraph's (code
    points of the LF-normalised text); ``Note`` s memos about the elements whose
    ``NoteRef`` s (or ``Link`` s) point at them; ``Link`` s between two codes or
    categories typed relationships (the link's name is the relation type);
    ``Set`` s of codes categories that cut across the tree.  A file written by
    gtgraph comes back with its ids and everything REFI-QDA can carry.

    The project keeps, and saves, what the program the file came from needs
    to recognise its work on the way back (see :func:`write_qdpx`): GUIDs,
    the producer, selections' names, users and dates, PDF, picture, audio and
    video sources whole, sets, network diagrams and links between notes and
    selections.  Every element renamed on import (two codes of one name) is
    reported.

    Parameters
    ----------
    path : str or path-like
        The ``.qdpx`` archive (or a ``.qde`` document, whose sources are then
        missing).
    separator : str, optional
        Split flat code names into a hierarchy on this string (``"::"`` for
        ATLAS.ti 8).
    errors : {"warn", "raise", "ignore"}
        What to do with what cannot be represented (see :func:`read_qdc`).
    report : list, optional
        Receives one :class:`FormatWarning` per kind of loss.

    Returns
    -------
    Project

    Raises
    ------
    FormatError
        If the file is not a readable REFI-QDA project, is hostile (entities,
        unsafe member names, zip bombs) or broken (the message names the member,
        line and problem); with ``errors="raise"``, if anything cannot be
        represented.

    Examples
    --------
    >>> import gtgraph, pathlib, tempfile
    >>> p = gtgraph.Project(title="Peer support")
    >>> s = p.add_source("P01", text="I felt heard.\nShe had been there too.", participant="P01")
    >>> _ = p.code(s, quote="She had been there too", codes="shared experience", coder="HB")
    >>> path = gtgraph.write_qdpx(p, pathlib.Path(tempfile.mkdtemp()) / "study.qdpx")
    >>> q = gtgraph.read_qdpx(path)
    >>> [(seg.quote, seg.coder) for seg in q.segments]
    [('She had been there too', 'HB')]
    """
    mode = check_errors(errors)
    file = Path(path)
    archive = _Archive(file)
    with paused_gc():
        try:
            reporter = Reporter(file.name)
            root = parse_xml(archive.qde, where=archive.where)
            qp = parse_project(root, where=archive.where, reporter=reporter)
            meta = archive.meta(reporter)
            texts = _texts(archive, qp, reporter)
        finally:
            archive.close()
        project = build_project(
            qp, texts=texts, reporter=reporter, meta=meta, separator=separator
        )
    reporter.finish(errors=mode, report=report)
    return project


#: Deflate level of archives written: the fastest, as transcripts are large and
#: text compresses well at any level (a few percent larger than the default).
ZIP_LEVEL = 1


def zip_bytes(members: Mapping[str, bytes]) -> bytes:
    """Return a zip archive of *members* (name -> bytes), reproducibly dated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=ZIP_LEVEL)
    return buffer.getvalue()


def write_qdpx(
    project: Project,
    path: str | os.PathLike[str],
    *,
    target: str | None = None,
    graph: str | None = None,
    report: list[FormatWarning] | None = None,
) -> Path:
    """Write the project as a REFI-QDA project archive (``.qdpx``).

    The archive holds ``project.qde`` (valid against the REFI-QDA 1.0 project
    schema), one ``sources/<GUID>.txt`` per source with text (UTF-8, LF, no byte
    order mark; end exclusive) and ``gtgraph.json``, gtgraph's own bookkeeping
    that other programs do not open.  Coders become ``User`` s, participants
    ``Case`` s with ``VariableValue`` s, segments ``PlainTextSelection`` s with
    one ``Coding`` per code, memos ``Note`` s with ``NoteRef`` s from what they
    are about, every relationship a ``Link`` named after its type (``OneWay``,
    or ``Bidirectional`` for symmetric types) and a ``Link`` named ``Evidence``
    (or ``Counter-evidence``) from its memo, or from its own ``Link``, to each
    segment grounding it.

    Everything read from another program goes back with the GUID it came with
    (GUIDs are written in lower case); what gtgraph created gets a GUID derived
    from its id that never changes.  PDF, picture, audio and video sources,
    ``Set`` s and ``Graph`` s read from a file are written back as they came,
    with the codings of their selections as they are now; original names of
    elements renamed on import, and the names, users and dates of selections
    and codings, are restored.  The file is replaced atomically.

    Parameters
    ----------
    project : Project
        The project to write.
    path : str or path-like
        The ``.qdpx`` file.
    target : {"nvivo", "atlasti", "maxqda", "qualcoder", "generic"}, optional
        The program that will read the file, which sets the unit of text
        positions: UTF-16 code units for NVivo, code points for the others
        (the text is written with LF line endings, so ATLAS.ti's and MAXQDA's
        way of counting line endings agrees).  By default, the program the
        project was read from, else ``"generic"``.
    graph : {"codes", "categories", "themes"}, optional
        Also write the theory as a REFI-QDA ``Graph`` (a network view ATLAS.ti
        opens): a vertex per concept drawn at this level of
        :func:`gtgraph.drawing.to_dot`, an edge per relationship between them, named
        after its type.
    report : list, optional
        Receives one :class:`FormatWarning` per kind of thing left out or
        changed on the way (also warned).

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    ValidationError
        If *target* or *graph* is not one of the values above.

    Examples
    --------
    >>> import gtgraph, pathlib, tempfile, zipfile
    >>> p = gtgraph.Project(title="t")
    >>> _ = p.add_source("P01", text="We were alike.")
    >>> path = gtgraph.write_qdpx(p, pathlib.Path(tempfile.mkdtemp()) / "t.qdpx")
    >>> sorted(n.split("/")[0] for n in zipfile.ZipFile(path).namelist())
    ['gtgraph.json', 'project.qde', 'sources']
    """
    written = _files.resolve(path)
    if graph is not None and graph not in GRAPH_LEVELS:
        raise ValidationError(
            f"graph={graph!r} is not a level; choose one of {', '.join(GRAPH_LEVELS)}"
        )
    exporter = Exporter(project, target=target, file=written.name)
    qde, files = exporter.project_xml(graph)
    members = {"project.qde": qde.encode("utf-8"), **files}
    members[META_MEMBER] = json.dumps(
        exporter.meta, ensure_ascii=False, sort_keys=True, indent=1
    ).encode("utf-8")
    _files.safe_write(written, zip_bytes(members))
    _warn_replaced(exporter, written)
    exporter.reporter.finish(errors="warn", report=report)
    return written


def _warn_replaced(exporter: Exporter, path: Path) -> None:
    if exporter.replaced:
        warnings.warn(
            FormatWarning(
                f"{path.name}: {exporter.replaced} characters that XML cannot carry "
                "(control characters) were written as U+FFFD",
                file=path.name,
                what="xml-characters",
                count=exporter.replaced,
            ),
            stacklevel=3,
        )
