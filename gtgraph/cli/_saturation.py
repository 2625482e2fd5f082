"""The ``gtgraph saturation`` command: how saturated the analysis is."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

import click

from gtgraph.cli._common import (
    _FILE,
    _examples,
    _read,
    _save_plot,
    _Settings,
    _status,
    _write_text,
    pass_settings,
)

__all__ = ["saturation"]


@click.command(
    epilog=_examples(
        "gtgraph saturation study.gtg.json",
        "gtgraph saturation study.gtg.json --level category --by participant",
        "gtgraph saturation study.gtg.json --format markdown -o appendix.md",
        "gtgraph saturation study.gtg.json --plot curve.png",
    )
)
@click.argument("file", type=_FILE)
@click.option(
    "--level",
    type=click.Choice(["code", "category", "relationship", "property"]),
    default="code",
    show_default=True,
    help="What is counted.",
)
@click.option(
    "--by",
    type=click.Choice(["source", "participant"]),
    default="source",
    show_default=True,
    help="The sampling unit.",
)
@click.option(
    "--method",
    type=click.Choice(["guest", "francis"]),
    default="guest",
    show_default=True,
    help="The stopping rule applied to each category.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="How to print the report.",
)
@click.option(
    "--permutations",
    type=click.IntRange(0),
    default=1000,
    show_default=True,
    help="Random orders for the order-free stopping points.",
)
@click.option(
    "--seed", type=int, default=None, help="Seed for the random orders (reproducible)."
)
@click.option(
    "--plot",
    type=_FILE,
    help="Also save the accumulation plot (PNG, PDF, SVG); needs matplotlib.",
)
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    help="Where to write the report ('-' for the terminal).",
)
@pass_settings
def saturation(
    settings: _Settings,
    file: Path,
    level: str,
    by: str,
    method: str,
    fmt: str,
    permutations: int,
    seed: int | None,
    plot: Path | None,
    output: str,
) -> None:
    """Report how saturated the analysis is, by the methods researchers cite.

    Prints the Guest and Francis stopping rules (as analysed and over random
    orders), Chao2, jackknife and ICE estimates of the total, sample coverage,
    a per-category table and the caveats that go with them.
    """
    from gtgraph.saturation import report

    project = _read(file, settings)
    with _status(settings, "Assessing saturation"):
        result = report(
            project,
            level=cast("Any", level),
            by=cast("Any", by),
            rule=cast("Any", method),
            permutations=permutations,
            seed=seed,
        )
    if fmt == "json":
        text = json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"
    elif fmt == "markdown":
        text = result.to_markdown() + "\n"
    else:
        text = str(result) + "\n"
    _write_text(text, output)
    if plot is not None:
        _save_plot(result, plot)
        settings.say(f"Wrote {plot}", level=1)
