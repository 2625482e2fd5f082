"""The ``gtgraph convert``, ``codebook`` and ``import-taguette`` commands: moving a project between formats."""

from __future__ import annotations

from pathlib import Path

import click

from gtgraph.cli._common import (
    _FILE,
    _examples,
    _fail,
    _read,
    _Settings,
    _write_project,
    _write_text,
    pass_settings,
)

__all__ = ["codebook", "convert", "import_taguette"]


@click.command(
    epilog=_examples(
        "gtgraph convert export.qdpx study.gtg.json",
        "gtgraph convert study.gtg.json for-nvivo.qdpx",
        "gtgraph convert study.gtg.json codebook.qdc",
        "gtgraph convert highlights.csv study.gtg.json",
    )
)
@click.argument("source", type=_FILE)
@click.argument("target", type=_FILE)
@pass_settings
def convert(settings: _Settings, source: Path, target: Path) -> None:
    """Convert a project between formats, chosen by the file extensions.

    Reads .gtg.json, .qdpx, .qde, .qdc, .csv and Taguette databases.  Writes
    .gtg.json, .qdpx, .qdc, .csv (one row per segment and code), the diagram
    (.dot, .mmd, and .svg, .png, .pdf with Graphviz) and the project graph
    (.graphml, .gexf, node-link .json).
    """
    project = _read(source, settings)
    _write_project(project, target)
    settings.say(f"Wrote {target}", level=1)


@click.command(
    epilog=_examples(
        "gtgraph codebook study.gtg.json -o codebook.md",
        "gtgraph codebook study.gtg.json -o codebook.csv --quotes",
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
    default=False,
    show_default=True,
    help="Include an example quote per code (participants' words: off unless asked).",
)
@pass_settings
def codebook(settings: _Settings, file: Path, output: str, quotes: bool) -> None:
    """Write the codebook: code, definition, categories, participants, segments, a quote."""
    from gtgraph.readwrite import codebook_markdown, write_codebook
    from gtgraph.readwrite._codebook import CODEBOOK_SUFFIXES

    project = _read(file, settings)
    if output == "-":
        _write_text(codebook_markdown(project, quotes=quotes) + "\n", "-")
    elif Path(output).suffix.lower() in CODEBOOK_SUFFIXES:
        write_codebook(project, output, quotes=quotes)
        settings.say(f"Wrote {output}", level=1)
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
    settings.say(f"Wrote {target}", level=1)
