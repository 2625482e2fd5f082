"""Find and decode the text of REFI-QDA sources inside an archive.

Paths come as ``internal://<file>`` (in the archive's ``sources`` folder, any
letter case), as bare file names (qc 1.3.2), or as ``relative:///`` and
``absolute:///`` URLs to files outside the archive, which are never opened: a
file from a stranger must not make gtgraph read the reader's own disk.  Text
files may carry a byte order mark; ``.docx`` files are read for their
paragraphs' text when no usable plain text exists (NVivo for Mac 15 ships
one-byte ``.txt`` files).
"""

from __future__ import annotations

import codecs
import io
from urllib.parse import unquote

from gtgraph.errors import FormatError
from gtgraph.readwrite._report import Reporter
from gtgraph.readwrite._safexml import parse_xml
from gtgraph.readwrite._safezip import SafeZip

__all__ = ["decode_text", "docx_text", "resolve_member"]


def resolve_member(archive: SafeZip, path: str | None) -> str | None:
    """Return the archive member a source path points to, or None.

    Examples
    --------
    >>> import zipfile, tempfile, pathlib
    >>> from gtgraph.readwrite._safezip import SafeZip
    >>> from gtgraph.readwrite._texts import resolve_member
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with zipfile.ZipFile(folder / "p.qdpx", "w") as z:
    ...     z.writestr("Sources/AB.txt", "x")
    >>> with SafeZip(folder / "p.qdpx") as archive:
    ...     resolve_member(archive, "internal://ab.TXT"), resolve_member(archive, "AB.txt")
    ('Sources/AB.txt', 'Sources/AB.txt')
    """
    if not path:
        return None
    lowered = path.strip().lower()
    if lowered.startswith(("relative:", "absolute:", "file:", "http:", "https:")):
        return None
    name = path.strip()
    if lowered.startswith("internal://"):
        name = name[len("internal://") :]
    candidates = dict.fromkeys([name, unquote(name)])
    for candidate in candidates:
        for prefix in ("sources/", ""):
            found = archive.find(prefix + candidate.lstrip("/"))
            if found is not None:
                return found
    wanted = {c.rsplit("/", 1)[-1].casefold() for c in candidates}
    for member in archive.names():
        if member.rsplit("/", 1)[-1].casefold() in wanted:
            return member
    return None


def decode_text(data: bytes, *, where: str, reporter: Reporter) -> str:
    r"""Decode a text file: UTF-8 (BOM stripped) or UTF-16 with a BOM.

    Bytes that are not UTF-8 are replaced by U+FFFD and reported.

    Examples
    --------
    >>> from gtgraph.readwrite._report import Reporter
    >>> from gtgraph.readwrite._texts import decode_text
    >>> decode_text(b"\xef\xbb\xbfhi", where="a.txt", reporter=Reporter("p"))
    'hi'
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        reporter.add(
            "bad-encoding",
            "source texts that are not valid UTF-8 were read with U+FFFD for the bad bytes",
            where,
        )
        return data.decode("utf-8-sig", errors="replace")


_BLOCKS = {"p"}
_BREAKS = {"br", "cr"}


def docx_text(data: bytes, *, where: str) -> str:
    r"""Return the plain text of a ``.docx``: one line per paragraph.

    Raises
    ------
    FormatError
        If the document is not a readable ``.docx`` (the message names it).

    Examples
    --------
    >>> import io, zipfile
    >>> from gtgraph.readwrite._texts import docx_text
    >>> body = ('<w:document xmlns:w="urn:w"><w:body><w:p><w:r><w:t>Hello</w:t></w:r>'
    ...         '<w:r><w:tab/><w:t>world</w:t></w:r></w:p><w:p><w:r><w:t>Bye</w:t></w:r></w:p>'
    ...         '</w:body></w:document>')
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w") as z:
    ...     z.writestr("word/document.xml", body)
    >>> docx_text(buffer.getvalue(), where="a.docx")
    'Hello\tworld\nBye'
    """
    with SafeZip(io.BytesIO(data), label=where) as archive:
        member = archive.find("word/document.xml")
        if member is None:
            raise FormatError(f"{where}: not a .docx (it has no word/document.xml)")
        root = parse_xml(archive.read(member), where=f"{where}: {member}")
    paragraphs: list[str] = []
    for paragraph in root.iter("p"):
        pieces: list[str] = []
        stack = list(reversed(paragraph.children))
        while stack:
            node = stack.pop()
            if node.tag == "t":
                pieces.append(node.text)
            elif node.tag == "tab":
                pieces.append("\t")
            elif node.tag in _BREAKS:
                pieces.append("\n")
            elif node.tag in ("delText", "instrText") or node.tag in _BLOCKS:
                continue  # deleted text, field codes; nested paragraphs come on their own
            else:
                stack.extend(reversed(node.children))
        paragraphs.append("".join(pieces))
    return "\n".join(paragraphs)
