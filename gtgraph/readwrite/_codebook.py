"""The codebook: one row per code, for a thesis appendix or a spreadsheet.

Each row gives the code, its definition, its categories, how many participants and
segments ground it, and one example quote (the first segment coded with it); a
second table gives each category and theme with its definition, its parents and
its properties with their dimensions.  Participants' words can be sensitive
health data: pass ``quotes=False`` (``--no-quotes`` on the command line) for a
codebook that leaves the team.

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
    "CategoryRow",
    "CodebookRow",
    "codebook",
    "codebook_categories",
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


@attrs.frozen
class CategoryRow:
    """One category or theme in the codebook.

    Attributes
    ----------
    name : str
        The category's name.
    kind : str
        ``"category"``, ``"theme"`` or ``"core category"``.
    definition : str
        Its definition.
    parents : tuple of str
        The categories and themes it sits in.
    properties : tuple of str
        Each property as ``"name (definition): low to high"``.
    participants : int
        How many participants ground it (through the codes below it).
    segments : int
        How many segments ground it.
    """

    name: str
    kind: str
    definition: str
    parents: tuple[str, ...]
    properties: tuple[str, ...]
    participants: int
    segments: int


#: Codebook formats by file extension, as :func:`write_codebook` reads them.
CODEBOOK_SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".csv": "csv"}


def codebook(project: Project, *, quotes: bool = True) -> list[CodebookRow]:
    """Return the codebook of *project*: one row per code, in the order codes were made.

    Parameters
    ----------
    project : Project
        The project.
    quotes : bool
        Include an example quote per code (the default).  Participants' words
        are sensitive: pass False for a codebook that leaves the team.

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
    >>> row = codebook(p)[0]
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


def codebook_categories(project: Project) -> list[CategoryRow]:
    """Return the categories and themes of *project*, in the order they were made.

    Examples
    --------
    >>> import gtgraph
    >>> from gtgraph.readwrite import codebook_categories
    >>> p = gtgraph.Project()
    >>> _ = p.add_category("Disclosure", definition="Telling others.")
    >>> _ = p.add_property("Disclosure", "depth", dimensions=[("superficial", "intimate")])
    >>> _ = p.add_category("Becoming a peer", theme=True)
    >>> p.categorize("Disclosure", "Becoming a peer")
    >>> row = codebook_categories(p)[0]
    >>> row.kind, row.definition, row.parents, row.properties
    ('category', 'Telling others.', ('Becoming a peer',), ('depth: superficial to intimate',))
    """
    from gtgraph.graph import grounding_counts

    counts = grounding_counts(project)
    rows = []
    for cat in project.categories:
        segments, participants, _ = counts.get(cat.id, (0, 0, 0))
        kind = "core category" if cat.core else "theme" if cat.theme else "category"
        properties = tuple(
            prop.name
            + (f" ({prop.definition})" if prop.definition else "")
            + (
                ": " + ", ".join(f"{d.low} to {d.high}" for d in prop.dimensions)
                if prop.dimensions
                else ""
            )
            for prop in cat.properties
        )
        rows.append(
            CategoryRow(
                cat.name,
                kind,
                cat.definition,
                tuple(c.name for c in project.parents(cat)),
                properties,
                participants,
                segments,
            )
        )
    return rows


_CATEGORY_HEADER = (
    "category",
    "kind",
    "definition",
    "parents",
    "properties",
    "participants",
    "segments",
)


def _category_cells(row: CategoryRow) -> list[str]:
    return [
        row.name,
        row.kind,
        row.definition,
        "; ".join(row.parents),
        "; ".join(row.properties),
        str(row.participants),
        str(row.segments),
    ]


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


def codebook_csv(project: Project, *, quotes: bool = True) -> str:
    """Return the codebook as CSV text, safe to open in a spreadsheet.

    The codes' table comes first; when the project has categories, their table
    follows after an empty row, with its own header row.

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
    categories = codebook_categories(project)
    if categories:
        writer.writerow([])
        writer.writerow(_CATEGORY_HEADER)
        for cat in categories:
            writer.writerow([spreadsheet_safe(c) for c in _category_cells(cat)])
    return buffer.getvalue()


def _md(cell: str) -> str:
    return cell.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def codebook_markdown(project: Project, *, quotes: bool = True) -> str:
    r"""Return the codebook as Markdown tables (for a thesis appendix).

    The codes' table comes first; when the project has categories, a heading
    "Categories and themes" and their table follow.

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
    categories = codebook_categories(project)
    if categories:
        lines += ["", "## Categories and themes", ""]
        lines.append("| " + " | ".join(_CATEGORY_HEADER) + " |")
        lines.append("|" + "---|" * len(_CATEGORY_HEADER))
        lines.extend(
            "| " + " | ".join(_md(c) for c in _category_cells(row)) + " |"
            for row in categories
        )
    return "\n".join(lines)


def write_codebook(
    project: Project,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,  # noqa: A002 - the word users know
    quotes: bool = True,
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
        Include an example quote per code (the default; False leaves them out).

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
