"""The ``gtgraph convert``, ``codebook`` and ``import-taguette`` commands: moving a project between formats."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import click

from gtgraph.cli._common import (
    _FILE,
    _check_output,
    _examples,
    _fail,
    _read,
    _Settings,
    _status,
    _suffix,
    _write_project,
    _write_text,
    _wrote,
    pass_settings,
)

if TYPE_CHECKING:
    from gtgraph.project import Project

__all__ = ["codebook", "convert", "import_taguette"]

#: The programs ``--target`` names (see :func:`gtgraph.write_qdpx`).
_PROGRAMS = ("nvivo", "atlasti", "maxqda", "qualcoder", "generic")
#: The levels ``--graph`` draws the network at.
_LEVELS = ("codes", "categories", "themes")


def _write_qdpx(
    project: Project, out: Path, program: str | None, level: str | None
) -> None:
    """Write a ``.qdpx`` for *program* with the theory as a network at *level*."""
    from gtgraph.readwrite import write_qdpx

    _check_output(out)
    write_qdpx(project, out, target=program, graph=level)


@click.command(
    epilog=_examples(
        "gtgraph convert export.qdpx study.gtg.json",
        "gtgraph convert study.gtg.json for-nvivo.qdpx --target nvivo",
        "gtgraph convert study.gtg.json for-atlas.qdpx --target atlasti --graph categories",
        "gtgraph convert study.gtg.json codebook.qdc",
        "gtgraph convert highlights.csv study.gtg.json",
    )
)
@click.argument("source", type=_FILE)
@click.argument("target", type=_FILE)
@click.option(
    "--target",
    "program",
    type=click.Choice(_PROGRAMS),
    default=None,
    help=(
        "For .qdpx output: the program that will read the file, which sets the "
        "unit of text positions (UTF-16 code units for nvivo, code points for the "
        "others). Default: the program the project was read from, else generic."
    ),
)
@click.option(
    "--graph",
    "level",
    type=click.Choice(_LEVELS),
    default=None,
    help=(
        "For .qdpx output: also write the theory as a REFI-QDA network (Graph) "
        "with a vertex per code, category or theme, as the diagram draws them."
    ),
)
@pass_settings
def convert(
    settings: _Settings,
    source: Path,
    target: Path,
    program: str | None,
    level: str | None,
) -> None:
    """Convert a project between formats, chosen by the file extensions.

    Reads .gtg.json, .qdpx, .qde, .qdc, .csv and Taguette databases.  Writes
    .gtg.json, .qdpx, .qdc, .csv (one row per segment and code), the diagram
    (.dot, .mmd, and .svg, .png, .pdf with Graphviz) and the project graph
    (.graphml, .gexf, node-link .json).  --target and --graph apply to .qdpx
    output only.
    """
    qdpx = _suffix(target) == ".qdpx"
    options = program is not None or level is not None
    if options and not qdpx:
        _fail(
            f"--target and --graph apply to .qdpx output, not {target.name!r}: "
            "name the output file with .qdpx or leave the options out"
        )
    project = _read(source, settings)
    with (
        _status(settings, f"Writing {target.name}"),
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        if qdpx and options:
            _write_qdpx(project, target, program, level)
        else:
            _write_project(project, target)
    for warning in caught:
        # The speaker turns are said below, with the rest the format cannot keep.
        if getattr(warning.message, "what", "") != "speaker-turns":
            settings.say(f"gtgraph: warning: {warning.message}")
    for loss in losses(project, _suffix(target)):
        settings.say(f"gtgraph: warning: {target.name} cannot keep {loss}")
    _wrote(settings, target)


def losses(project: Project, suffix: str) -> list[str]:
    """Say what of *project* a file with *suffix* cannot keep (empty when nothing).

    The project file keeps everything.  A REFI-QDA project keeps the codes,
    categories, sources, segments, memos and relationships but not the history
    or speaker turns; a codebook keeps only codes and categories; a table of
    segments keeps segments and their codes; diagrams and graph files keep the
    theory, not the data.
    """
    history = f"the history ({len(project.history)} events)"
    turns = sum(1 for s in project.sources if s.turns)
    said_turns = f"the speaker turns of {turns} source(s)"
    data = {
        "sources": len(project.sources),
        "segments": len(project.segments),
        "memos": len(project.memos),
        "relationships": len(project.relationships),
    }
    kept_by = {
        ".gtg.json": set(),
        ".qdpx": {"history", "turns"},
        ".qdc": {"history", "turns", "sources", "segments", "memos", "relationships"},
        ".csv": {"history", "turns", "memos", "relationships"},
    }
    lost = kept_by.get(suffix, {"history", "turns", "sources", "segments", "memos"})
    out = []
    if "history" in lost and len(project.history):
        out.append(history)
    if "turns" in lost and turns:
        out.append(said_turns)
    out.extend(f"the {n} {what}" for what, n in data.items() if what in lost and n)
    return out


@click.command(
    epilog=_examples(
        "gtgraph codebook study.gtg.json -o codebook.md",
        "gtgraph codebook study.gtg.json -o codebook.csv --no-quotes",
    )
)
@click.argument("file", type=_FILE)
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    help="A .md or .csv file, or '-' for the terminal (Markdown).",
)
@click.option(
    "--quotes/--no-quotes",
    default=True,
    show_default=True,
    help="An example quote per code (participants' words: --no-quotes for a "
    "codebook that leaves the team).",
)
@pass_settings
def codebook(settings: _Settings, file: Path, output: str, quotes: bool) -> None:
    """Write the codebook: codes (definition, categories, counts, a quote) and categories."""
    from gtgraph.readwrite import codebook_markdown, write_codebook
    from gtgraph.readwrite._codebook import CODEBOOK_SUFFIXES

    project = _read(file, settings)
    if output == "-":
        _write_text(codebook_markdown(project, quotes=quotes) + "\n", "-")
    elif Path(output).suffix.lower() in CODEBOOK_SUFFIXES:
        _check_output(Path(output))
        write_codebook(project, output, quotes=quotes)
        _wrote(settings, output)
    else:
        _fail(
            f"cannot write a codebook to {output!r}: use a .md or .csv file name, or '-'"
        )


@click.command(
    "import-taguette",
    epilog=_examples(
        "gtgraph import-taguette taguette.sqlite3 study.gtg.json",
        "gtgraph import-taguette taguette.sqlite3 for-atlas.qdpx",
    ),
)
@click.argument("database", type=_FILE)
@click.argument("target", type=_FILE)
@pass_settings
def import_taguette(settings: _Settings, database: Path, target: Path) -> None:
    """Import a Taguette project database and save it in any format gtgraph writes."""
    from gtgraph.readwrite import read_taguette

    _write_project(_read(database, settings, read_taguette), target)
    _wrote(settings, target)
