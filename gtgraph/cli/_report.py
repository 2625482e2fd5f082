"""The ``gtgraph report`` command: the self-contained HTML report of a project."""

from __future__ import annotations

from pathlib import Path

import click

from gtgraph.cli._common import (
    _FILE,
    _examples,
    _input_error,
    _read,
    _Settings,
    _status,
    pass_settings,
)

__all__ = ["report"]


@click.command(
    epilog=_examples(
        "gtgraph report study.gtg.json -o report.html",
        "gtgraph report study.gtg.json -o for-supervisor.html --pseudonymize",
        "gtgraph report study.gtg.json -o no-quotes.html --no-quotes --no-memos",
    )
)
@click.argument("file", type=_FILE)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("report.html"),
    show_default=True,
    help="The HTML file to write.",
)
@click.option(
    "--pseudonymize",
    is_flag=True,
    help="Replace participants' names with pseudonyms (for a report that leaves the team).",
)
@click.option(
    "--quotes/--no-quotes",
    default=True,
    show_default=True,
    help="Include participants' words (counts stay either way).",
)
@click.option(
    "--memos/--no-memos", default=True, show_default=True, help="Include the memos."
)
@click.option(
    "--level",
    "levels",
    type=click.Choice(["categories", "themes", "codes"]),
    multiple=True,
    help="A diagram level to include (repeat for several; the first is shown first). "
    "Default: all three, without codes above 300 codes.",
)
@click.option(
    "--seed",
    type=int,
    default=None,
    help="Seed of the saturation report's random orders (default: drawn and recorded).",
)
@click.option("--no-saturation", is_flag=True, help="Leave out the saturation section.")
@pass_settings
def report(
    settings: _Settings,
    file: Path,
    output: Path,
    pseudonymize: bool,
    quotes: bool,
    memos: bool,
    levels: tuple[str, ...],
    seed: int | None,
    no_saturation: bool,
) -> None:
    """Write the theory, its evidence and its saturation as one HTML file.

    The file opens in any modern browser without a network or other files:
    the diagram (each concept opens onto its definition, codes, quotes with
    who said them, memos and relationships), the saturation report with its
    plot, the theory checks, a searchable codebook, what each source added,
    and the exact parameters.
    """
    from gtgraph.report import write_html

    if output.suffix.lower() not in {".html", ".htm"}:
        _input_error(f"cannot write a report to {output.name!r}: use a .html file")
    project = _read(file, settings)
    saturation: dict[str, int] | bool = (
        False if no_saturation else ({} if seed is None else {"seed": seed})
    )
    with _status(settings, "Writing the report"):
        write_html(
            project,
            output,
            levels=levels or None,
            quotes=quotes,
            memos=memos,
            pseudonymize=pseudonymize,
            saturation=saturation,
        )
    settings.say(f"Wrote {output}")
