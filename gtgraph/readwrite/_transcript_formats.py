"""Plain text out of transcript files: .txt, .md, .docx, .odt, .rtf, .vtt, .srt.

Each reader takes the file's bytes and returns its text as paragraphs (one line
each), or, for subtitles, as cues with their speakers.  Files from other people
are not trusted: ``.docx`` and ``.odt`` are zip archives opened through
:class:`~gtgraph.readwrite._safezip.SafeZip` (bounded size, member count and
compression ratio) and their XML is parsed by
:func:`~gtgraph.readwrite._safexml.parse_xml` (defusedxml: no DTD, no entity,
no external reference); text files must be UTF-8 (with or without a byte-order
mark) or UTF-16 with a byte-order mark.  Every problem is a
:class:`~gtgraph.errors.FormatError` naming the file.
"""

from __future__ import annotations

import codecs
import io
import xml.etree.ElementTree as ET
from collections.abc import Callable

from gtgraph.errors import FormatError, GtGraphError
from gtgraph.readwrite._safezip import SafeZip
from gtgraph.readwrite._texts import docx_text

__all__ = ["CUE_SUFFIXES", "TEXT_SUFFIXES", "cues", "decode_strict", "paragraphs"]

#: Largest transcript file read, in bytes (a long interview is well under 1 MB).
MAX_BYTES = 64 * 2**20

#: Suffixes read as paragraphs of text.
TEXT_SUFFIXES = (".txt", ".md", ".docx", ".odt", ".rtf")
#: Suffixes read as timed cues (subtitles).
CUE_SUFFIXES = (".vtt", ".srt")


def decode_strict(data: bytes, *, where: str) -> str:
    r"""Decode UTF-8 (byte-order mark dropped) or UTF-16 with a byte-order mark.

    Raises
    ------
    FormatError
        If the bytes are neither: the message says where the first bad byte is.

    Examples
    --------
    >>> from gtgraph.readwrite._transcript_formats import decode_strict
    >>> decode_strict("Café".encode(), where="a.txt")
    'Café'
    >>> decode_strict(b"Caf\xe9", where="a.txt")
    Traceback (most recent call last):
    ...
    gtgraph.errors.FormatError: a.txt: byte 3 is not UTF-8 (b'\xe9'); save the file as UTF-8 and read it again
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise FormatError(
                f"{where}: not valid UTF-16 at byte {error.start}; save the file "
                "as UTF-8 and read it again"
            ) from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = error.object[error.start : error.end]
        raise FormatError(
            f"{where}: byte {error.start} is not UTF-8 ({bad!r}); save the file as "
            "UTF-8 and read it again"
        ) from error


def _plain(data: bytes, where: str) -> str:
    return decode_strict(data, where=where)


def _docx(data: bytes, where: str) -> str:
    return docx_text(data, where=where)


# OpenDocument text: paragraphs (p) and headings (h) hold the text; s is a run
# of spaces (attribute c), tab and line-break are what they say.  Notes, change
# tracking and annotations are not part of what was said.
_ODT_SKIP = {"note", "tracked-changes", "annotation"}
_ODT_SPACES = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}c"


def _local(tag: object) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _odt(data: bytes, where: str) -> str:
    import defusedxml
    import defusedxml.ElementTree

    with SafeZip(io.BytesIO(data), label=where) as archive:
        member = archive.find("content.xml")
        if member is None:
            raise FormatError(f"{where}: not an .odt (it has no content.xml)")
        xml = archive.read(member)
    try:
        root = defusedxml.ElementTree.fromstring(xml, forbid_dtd=True)
    except (defusedxml.DefusedXmlException, ET.ParseError, ValueError) as error:
        raise FormatError(
            f"{where}: {member} is not safe, well-formed XML ({error})"
        ) from error
    lines: list[str] = []
    pending = [root]
    while pending:  # a loop, not recursion: nesting depth is the file's to choose
        node = pending.pop()
        tag = _local(node.tag)
        if tag in ("p", "h"):
            lines.append(_odt_paragraph(node))
        elif tag not in _ODT_SKIP:
            pending.extend(reversed(node))
    return "\n".join(lines)


def _odt_paragraph(paragraph: ET.Element) -> str:
    pieces: list[str] = [paragraph.text or ""]
    # Each entry is an element to open, or a tail (a str) to write after one.
    stack: list[ET.Element | str] = []
    for child in reversed(paragraph):
        stack.extend((child.tail or "", child))
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            pieces.append(item)
            continue
        tag = _local(item.tag)
        if tag == "s":
            count = item.get(_ODT_SPACES, "1")
            pieces.append(" " * (int(count) if count.isdigit() else 1))
        elif tag == "tab":
            pieces.append("\t")
        elif tag == "line-break":
            pieces.append("\n")
        elif tag not in _ODT_SKIP:
            pieces.append(item.text or "")
            for child in reversed(item):
                stack.extend((child.tail or "", child))
    return "".join(pieces)


def _rtf(data: bytes, where: str) -> str:
    try:
        from striprtf.striprtf import rtf_to_text
    except ImportError as error:  # pragma: no cover - depends on the installation
        raise GtGraphError(
            f"{where}: reading .rtf needs the optional striprtf package; "
            "install it with: pip install 'gtgraph[transcripts]'"
        ) from error
    if not data.lstrip().startswith(b"{\\rtf"):
        raise FormatError(f"{where}: not an RTF document (it does not start '{{\\rtf')")
    try:
        # RTF is 7-bit text; bytes above 127 are read in the declared code page.
        text: str = rtf_to_text(data.decode("latin-1"), errors="strict")  # type: ignore[no-untyped-call,unused-ignore]
        # RTF writes characters beyond the BMP (emoji) as two \\u escapes, one
        # per UTF-16 surrogate, which striprtf leaves apart: join them.
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    except (UnicodeError, ValueError, LookupError, IndexError) as error:
        raise FormatError(f"{where}: not a readable RTF document ({error})") from error
    return text


_PARAGRAPHS: dict[str, Callable[[bytes, str], str]] = {
    ".txt": _plain,
    ".md": _plain,
    ".docx": _docx,
    ".odt": _odt,
    ".rtf": _rtf,
}


def paragraphs(data: bytes, suffix: str, *, where: str) -> str:
    r"""Return the text of a ``.txt``, ``.md``, ``.docx``, ``.odt`` or ``.rtf`` file.

    Line endings are LF; paragraphs are lines.

    Examples
    --------
    >>> from gtgraph.readwrite._transcript_formats import paragraphs
    >>> paragraphs(b"I: Hello\r\nP01: Hi", ".txt", where="a.txt")
    'I: Hello\nP01: Hi'
    """
    _check_size(data, where)
    text = _PARAGRAPHS[suffix](data, where)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _check_size(data: bytes, where: str) -> None:
    if len(data) > MAX_BYTES:
        raise FormatError(
            f"{where}: {len(data)} bytes is more than the {MAX_BYTES} read as one "
            "transcript; split the file"
        )


def cues(data: bytes, suffix: str, *, where: str) -> list[tuple[str | None, str]]:
    r"""Return the cues of a ``.vtt`` or ``.srt`` file as ``(speaker, text)``.

    The speaker is the WebVTT voice (``<v P03>``) when there is one; otherwise
    None (a ``"P03: ..."`` label in the cue text is found later, like in any
    text).  Markup inside cues is dropped; a cue's lines are joined by spaces.

    Raises
    ------
    FormatError
        If the file is not valid WebVTT or SubRip.

    Examples
    --------
    >>> from gtgraph.readwrite._transcript_formats import cues
    >>> vtt = "WEBVTT\n\n00:00.000 --> 00:01.000\n<v P03>Je suis là</v>\n"
    >>> cues(vtt.encode(), ".vtt", where="a.vtt")
    [('P03', 'Je suis là')]
    """
    _check_size(data, where)
    text = decode_strict(data, where=where)
    try:
        import webvtt
        from webvtt.errors import MalformedFileError
    except ImportError as error:  # pragma: no cover - depends on the installation
        raise GtGraphError(
            f"{where}: reading {suffix} needs the optional webvtt-py package; "
            "install it with: pip install 'gtgraph[transcripts]'"
        ) from error
    buffer = io.StringIO(text.replace("\r\n", "\n").replace("\r", "\n"))
    try:
        captions = webvtt.from_buffer(buffer, format=suffix.lstrip("."))
    except (MalformedFileError, ValueError, IndexError, AttributeError) as error:
        kind = "WebVTT" if suffix == ".vtt" else "SubRip (.srt)"
        raise FormatError(f"{where}: not a valid {kind} file ({error})") from error
    out: list[tuple[str | None, str]] = []
    for caption in captions.captions:
        line = " ".join(part.strip() for part in caption.text.splitlines())
        if line.strip():
            voice = getattr(caption, "voice", None)
            out.append((voice.strip() if voice else None, line.strip()))
    return out
