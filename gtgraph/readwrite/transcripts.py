r"""Interview transcripts in: .txt, .md, .docx, .odt, .rtf, .vtt and .srt files.

A transcript becomes one :class:`~gtgraph.Source` whose text is what was
said, one paragraph a line, and whose ``turns`` say who spoke where.

Formats
-------
``.txt``, ``.md``
    UTF-8 text (a byte-order mark is dropped) or UTF-16 with a byte-order mark;
    anything else is refused, never guessed.
``.docx``
    Word documents: the text of the body's paragraphs (tabs and line breaks
    kept; deleted text, field codes, headers, footers and comments left out).
``.odt``
    OpenDocument text: paragraphs and headings (notes and tracked changes left
    out); ``content.xml`` is parsed with defusedxml.
``.rtf``
    Rich Text, turned into plain text by the ``striprtf`` package.
``.vtt``, ``.srt``
    Subtitles from video calls, read by the ``webvtt-py`` package: the cues'
    words, without timings or markup; consecutive cues of one speaker form one
    paragraph.

Speaker turns
-------------
A paragraph that starts with a label and a colon (``Interviewer: ...``,
``P03: ...``, ``Dr Smith: ...``: one to four words, followed by ``:`` and a
space) starts a turn of that speaker, which runs to the next label; paragraphs
before the first label belong to no turn.  WebVTT voices (``<v P03>``) are
written into the text as ``P03: `` labels, so that every transcript reads the
same way.  Pass ``speaker=`` a regular expression with a group named
``speaker`` to use other labels, or None to find no turns.

Participants
------------
By default the participant is the first run of letters and digits that ends in
a digit at the start of the file name: ``P03 interview.docx`` and
``p03_2024-05-01.vtt`` give ``P03`` and ``p03``; a name without one gives no
participant.  Pass ``participant=`` another regular expression (its group
``participant``, or the whole match) or a function of the file's path.

Safety
------
Files from other people are not trusted: ``.docx`` and ``.odt`` are opened as
bounded zip archives (member count, size and compression ratio checked, so a
zip bomb is refused), XML is parsed without DTDs or entities, and a file that
is not valid in its format, or text that is not valid UTF-8 or UTF-16, is a
:class:`~gtgraph.errors.FormatError` that names the file.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from gtgraph.errors import FormatError, ValidationError
from gtgraph.model import Turn
from gtgraph.readwrite._report import FormatWarning
from gtgraph.readwrite._transcript_formats import (
    CUE_SUFFIXES,
    TEXT_SUFFIXES,
    cues,
    paragraphs,
)

if TYPE_CHECKING:
    from gtgraph.project import Project

__all__ = [
    "PARTICIPANT_PATTERN",
    "SPEAKER_PATTERN",
    "SUFFIXES",
    "Transcript",
    "find_turns",
    "read_transcript",
    "read_transcripts",
]

#: The file suffixes read as transcripts.
SUFFIXES = TEXT_SUFFIXES + CUE_SUFFIXES

#: A speaker label: one to four words at the start of a line, then a colon and
#: a space (or the end of the line).
SPEAKER_PATTERN = (
    r"^[ \t]*(?P<speaker>[^\W_][\w.'\u2019-]*(?: [\w.'\u2019-]+){0,3})[ \t]*:(?=\s|$)"
)

#: The participant in a file name: letters then digits at its start (``P03``).
PARTICIPANT_PATTERN = r"^(?P<participant>[^\W\d_]*\d+)"

ParticipantRule = str | Callable[[Path], "str | None"] | None


@attrs.frozen
class Transcript:
    """A transcript read from a file, before it becomes a source.

    Attributes
    ----------
    name : str
        The file name without its suffix.
    text : str
        The text, LF line endings, one paragraph a line.
    turns : tuple of Turn
        The speaker turns.
    participant : str or None
        The participant found in the file name.
    path : str
        The file it was read from.
    """

    name: str
    text: str = attrs.field(repr=False)
    turns: tuple[Turn, ...]
    participant: str | None
    path: str

    @property
    def speakers(self) -> list[str]:
        """The speakers, in the order they first speak."""
        return list(dict.fromkeys(t.speaker for t in self.turns))


def find_turns(
    lines: Iterable[tuple[str | None, str]], speaker: str | None = SPEAKER_PATTERN
) -> tuple[str, tuple[Turn, ...]]:
    r"""Join ``(speaker, line)`` pairs into a text and find its speaker turns.

    A line whose speaker is given, or whose start matches *speaker* (a regular
    expression with a group ``speaker``), starts a turn that runs to the end of
    the last non-blank line before the next turn.  A given speaker is written
    into the text as a ``"Speaker: "`` label.

    Examples
    --------
    >>> from gtgraph.readwrite.transcripts import find_turns
    >>> text, turns = find_turns([(None, "Interviewer: How was it?"),
    ...                           (None, "P03: Hard."), (None, "Really hard."),
    ...                           ("P03", "Then better.")])
    >>> print(text)
    Interviewer: How was it?
    P03: Hard.
    Really hard.
    P03: Then better.
    >>> [(t.speaker, text[t.start:t.end]) for t in turns]
    [('Interviewer', 'Interviewer: How was it?'), ('P03', 'P03: Hard.\nReally hard.'), ('P03', 'P03: Then better.')]
    """
    label = re.compile(speaker) if speaker is not None else None
    parts: list[str] = []
    turns: list[Turn] = []
    current: tuple[str, int] | None = None  # speaker, start
    last_end = 0  # end of the last non-blank line
    offset = 0
    for given, line in lines:
        if given is not None:
            line = f"{given}: {line}"  # noqa: PLW2901 - the label becomes text
            who: str | None = given
            start = offset
        else:
            match = label.match(line) if label is not None else None
            who = match.group("speaker").strip() if match else None
            start = offset + (len(line) - len(line.lstrip())) if match else 0
        if who is not None:
            if current is not None and last_end > current[1]:
                turns.append(Turn(current[0], current[1], last_end))
            current = (who, start)
        parts.append(line)
        if line.strip():
            last_end = offset + len(line.rstrip())
        offset += len(line) + 1
    if current is not None and last_end > current[1]:
        turns.append(Turn(current[0], current[1], last_end))
    return "\n".join(parts), tuple(turns)


def _participant(path: Path, rule: ParticipantRule) -> str | None:
    if rule is None:
        return None
    if callable(rule):
        return rule(path)
    match = re.search(rule, path.stem)
    if match is None:
        return None
    groups = match.groupdict()
    return groups.get("participant") or match.group(0)


def read_transcript(
    path: str | os.PathLike[str],
    *,
    participant: ParticipantRule = PARTICIPANT_PATTERN,
    speaker: str | None = SPEAKER_PATTERN,
) -> Transcript:
    r"""Read one transcript file.

    Parameters
    ----------
    path : str or path-like
        A ``.txt``, ``.md``, ``.docx``, ``.odt``, ``.rtf``, ``.vtt`` or ``.srt``
        file.
    participant : str, callable or None
        How to find the participant in the file name (see the module notes).
    speaker : str or None
        The regular expression of a speaker label; None finds no turns.

    Returns
    -------
    Transcript

    Raises
    ------
    FormatError
        If the file is missing, a folder, of another kind, not valid in its
        format, hostile, or not valid UTF-8/UTF-16 text.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from gtgraph.readwrite.transcripts import read_transcript
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "P03 first.txt"
    >>> _ = f.write_text("Interviewer: Ça va ?\nP03: Oui 🙂", encoding="utf-8")
    >>> t = read_transcript(f)
    >>> t.name, t.participant, t.speakers
    ('P03 first', 'P03', ['Interviewer', 'P03'])
    """
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in SUFFIXES:
        raise FormatError(
            f"{file}: not a transcript this reads (a {suffix or 'suffix-less'} file); "
            f"use one of {', '.join(SUFFIXES)}"
        )
    try:
        data = file.read_bytes()
    except IsADirectoryError as error:
        raise FormatError(f"{file}: is a folder, not a transcript file") from error
    except FileNotFoundError as error:
        raise FormatError(f"{file}: no such file") from error
    except OSError as error:
        raise FormatError(f"{file}: cannot be read ({error.strerror})") from error
    where = str(file)
    if suffix in CUE_SUFFIXES:
        lines = _cue_lines(cues(data, suffix, where=where))
    else:
        lines = [
            (None, line) for line in paragraphs(data, suffix, where=where).split("\n")
        ]
    text, turns = find_turns(lines, speaker)
    return Transcript(file.stem, text, turns, _participant(file, participant), where)


def _cue_lines(
    items: list[tuple[str | None, str]],
) -> list[tuple[str | None, str]]:
    # Consecutive cues of one voice are one paragraph; cues without a voice stay
    # one a line, so that labels in their text are found.
    out: list[tuple[str | None, str]] = []
    for voice, words in items:
        if voice is not None and out and out[-1][0] == voice:
            out[-1] = (voice, f"{out[-1][1]} {words}")
        else:
            out.append((voice, words))
    return out


def _natural(path: Path) -> list[object]:
    # P2 before P10: digits compare as numbers.
    return [int(p) if p.isdigit() else p.lower() for p in re.split(r"(\d+)", path.name)]


def _files(
    folder_or_paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
) -> list[Path]:
    if isinstance(folder_or_paths, (str, os.PathLike)):
        given = Path(folder_or_paths)
        if not given.is_dir():
            return [given]
        found = sorted(
            (f for f in given.iterdir() if not f.name.startswith(".")), key=_natural
        )
        skipped = [f.name for f in found if f.suffix.lower() not in SUFFIXES]
        if skipped:
            warnings.warn(
                FormatWarning(
                    f"{given}: {len(skipped)} file(s) that are not transcripts were "
                    f"left out: {', '.join(skipped)}"
                ),
                stacklevel=3,
            )
        return [f for f in found if f.suffix.lower() in SUFFIXES]
    return [Path(p) for p in folder_or_paths]


def read_transcripts(
    folder_or_paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    project: Project | None = None,
    participant: ParticipantRule = PARTICIPANT_PATTERN,
    speaker: str | None = SPEAKER_PATTERN,
    kind: str = "interview",
) -> Project:
    r"""Add transcripts to a project as sources, with their speaker turns.

    Every file is read before the project changes: a file that cannot be read,
    or a name already taken by a source, leaves the project as it was.

    Parameters
    ----------
    folder_or_paths : path or iterable of paths
        A folder (its transcript files, in natural order of their names: ``P2``
        before ``P10``; other files are left out with a
        :class:`~gtgraph.FormatWarning`), one file, or files in the
        order given.  The order becomes the sources' ``order``.
    project : Project, optional
        The project to add to; a new one otherwise.
    participant : str, callable or None
        How to find the participant in a file name (see the module notes).
    speaker : str or None
        The regular expression of a speaker label; None finds no turns.
    kind : str
        The sources' kind.

    Returns
    -------
    Project
        *project*, or the new project.

    Raises
    ------
    FormatError
        If a file cannot be read (see :func:`~gtgraph.readwrite.transcripts.read_transcript`).
    ValidationError
        If a transcript's name is already a source's name, or two files have
        the same name.

    Examples
    --------
    >>> import pathlib, tempfile, gtgraph
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "P01.txt").write_text("I: Hello.\nP01: Hi.", encoding="utf-8")
    >>> p = gtgraph.read_transcripts(folder)
    >>> source = p.sources["P01"]
    >>> [(t.speaker, source.text[t.start:t.end]) for t in source.turns]
    [('I', 'I: Hello.'), ('P01', 'P01: Hi.')]
    """
    files = _files(folder_or_paths)
    read = [read_transcript(f, participant=participant, speaker=speaker) for f in files]
    if project is None:
        from gtgraph.project import Project

        project = Project()
    names = [t.name for t in read]
    for t in read:
        if names.count(t.name) > 1:
            raise ValidationError(
                f"two transcripts are named {t.name!r}; rename one file and read again"
            )
        if t.name in project.sources:
            raise ValidationError(
                f"{t.path}: a source named {t.name!r} is already in the project; "
                "rename the file or the source"
            )
    for t in read:
        project.add_source(
            t.name,
            text=t.text,
            participant=t.participant,
            kind=kind,
            path=t.path,
            turns=t.turns,
        )
    return project
