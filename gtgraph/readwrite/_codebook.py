"""The codebook: one row per code, for a thesis appendix or a spreadsheet.

Each row gives the code, its definition, its categories, how many participants and
segments ground it, and, when asked with ``quotes=True``, one example quote (the
first segment coded with it).  Participants' words can be sensitive health data,
so the quote column stays empty unless you ask for it.

CSV files are written for spreadsheets: a cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is prefixed with ``'`` so that Excel,
LibreOffice and Google Sheets show it as text instead of running it as a formula
(CSV formula injection).
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from gtgraph.errors import ValidationError
from gtgraph.readwrite._files import atomic_write

if TYPE_CHECKING:
    from gtgraph.project import Project

__all__ = [
    "CodebookRow",
    "codebook",
    "codebook_csv",
    "codebook_markdown",
    "write_codebook",
]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@attrs.frozen
class CodebookRow:
    """One code in the codebook.

    Attributes
    ----------
    code : str
        The code's name.
    definition : str
        Its definition.
    categories : tuple of str
        The categories it sits in.
    stage : str
        Its coding stage.
    in_vivo : bool
        Whether it is an in-vivo code.
    participants : int
        How many participants ground it.
    segments : int
        How many segments are coded with it.
    example : str
        An example quote (empty when quotes are left out or there is none).
    """

    code: str
    definition: str
    categories: tuple[str, ...]
    stage: str
    in_vivo: bool
    participants: int
    segments: int
    example: str


#: Codebook formats by file extension, as :func:`write_codebook` reads them.
CODEBOOK_SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".csv": "csv"}


def codebook(project: Project, *, quotes: bool = False) -> list[CodebookRow]:
    """Return the codebook of *project*: one row per code, in the order codes were made.

    Parameters
    ----------
    project : Project
        The project.
    quotes : bool
        Include an example quote per code.  Off by default: participants' words
        are sensitive, so ask for them when the codebook stays within the team.

    Returns
    -------
    list of CodebookRow

    Examples
    --------
    >>> import gtgraph
    >>> from gtgraph.readwrite import codebook
    >>> p = gtgraph.Project()
    >>> s = p.add_source("P01", text="She had been there too.", participant="P01")
    >>> _ = p.code(s, quote="been there too", codes="shared experience")
    >>> p.categorize("shared experience", "Shared identity")
    >>> row = codebook(p, quotes=True)[0]
    >>> row.code, row.categories, row.participants, row.example
    ('shared experience', ('Shared identity',), 1, 'been there too')
    """
    from gtgraph.graph import grounding_counts

    counts = grounding_counts(project)
    examples: dict[str, str] = {}
    if quotes:
        # The first segment of each code: build a segment's record (for its
        # quote) only when it is the first of one of its codes.
        for sid, _, code_ids in project.segments.iter_codes():
            first = [c for c in code_ids if c not in examples]
            if first:
                examples.update(dict.fromkeys(first, project.segments[sid].quote))
    rows = []
    for code in project.codes:
        segments, participants, _ = counts.get(code.id, (0, 0, 0))
        rows.append(
            CodebookRow(
                code.name,
                code.definition,
                tuple(c.name for c in project.parents(code)),
                code.stage,
                code.in_vivo,
                participants,
                segments,
                examples.get(code.id, ""),
            )
        )
    return rows


_HEADER = (
    "code",
    "definition",
    "categories",
    "stage",
    "in vivo",
    "participants",
    "segments",
    "example quote",
)


def _cells(row: CodebookRow) -> list[str]:
    return [
        row.code,
        row.definition,
        "; ".join(row.categories),
        row.stage,
        "yes" if row.in_vivo else "no",
        str(row.participants),
        str(row.segments),
        row.example,
    ]


def spreadsheet_safe(cell: str) -> str:
    """Prefix a cell a spreadsheet would run as a formula with ``'``."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def codebook_csv(project: Project, *, quotes: bool = False) -> str:
    """Return the codebook as CSV text, safe to open in a spreadsheet.

    Examples
    --------
    >>> import gtgraph
    >>> from gtgraph.readwrite import codebook_csv
    >>> p = gtgraph.Project()
    >>> _ = p.add_code("=HYPERLINK(1)", definition="+1")
    >>> print(codebook_csv(p).splitlines()[1])
    '=HYPERLINK(1),'+1,,initial,no,0,0,
    """
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, lineterminator="\r\n"
    )  # RFC 4180: a CR in a cell gets quoted
    writer.writerow(_HEADER)
    for row in codebook(project, quotes=quotes):
        writer.writerow([spreadsheet_safe(cell) for cell in _cells(row)])
    return buffer.getvalue()


def _md(cell: str) -> str:
    return cell.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def codebook_markdown(project: Project, *, quotes: bool = False) -> str:
    r"""Return the codebook as a Markdown table (for a thesis appendix).

    Examples
    --------
    >>> import gtgraph
    >>> from gtgraph.readwrite import codebook_markdown
    >>> p = gtgraph.Project()
    >>> _ = p.add_code("trust | safety", definition="Feeling safe.")
    >>> print(codebook_markdown(p))
    | code | definition | categories | stage | in vivo | participants | segments | example quote |
    |---|---|---|---|---|---|---|---|
    | trust \| safety | Feeling safe. |  | initial | no | 0 | 0 |  |
    """
    lines = ["| " + " | ".join(_HEADER) + " |", "|" + "---|" * len(_HEADER)]
    lines.extend(
        "| " + " | ".join(_md(c) for c in _cells(row)) + " |"
        for row in codebook(project, quotes=quotes)
    )
    return "\n".join(lines)


def write_codebook(
    project: Project,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,  # noqa: A002 - the word users know
    quotes: bool = False,
) -> None:
    """Write the codebook to *path* as Markdown (``.md``) or CSV (``.csv``).

    Parameters
    ----------
    project : Project
        The project.
    path : str or path-like
        Where to write.
    format : {"markdown", "csv"}, optional
        Taken from the extension when not given.
    quotes : bool
        Include an example quote per code (off by default).

    Raises
    ------
    ValidationError
        If the format is neither Markdown nor CSV.

    Examples
    --------
    >>> import gtgraph, tempfile, pathlib
    >>> from gtgraph.readwrite import write_codebook
    >>> p = gtgraph.Project()
    >>> _ = p.add_code("trust")
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "codebook.csv"
    >>> write_codebook(p, out)
    >>> out.read_text().splitlines()[1]
    'trust,,,initial,no,0,0,'
    """
    target = Path(path)
    fmt = format or CODEBOOK_SUFFIXES.get(target.suffix.lower(), "")
    if fmt == "markdown":
        text = codebook_markdown(project, quotes=quotes) + "\n"
    elif fmt == "csv":
        text = codebook_csv(project, quotes=quotes)
    else:
        raise ValidationError(
            f"cannot tell the codebook format of {target.name!r}; use a .md or .csv "
            "file name, or format='markdown' or 'csv'"
        )
    atomic_write(target, text.encode("utf-8"))
