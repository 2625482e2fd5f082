"""The ``gtgraph saturation`` command: how saturated the analysis is."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

import attrs
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
        "gtgraph saturation study.gtg.json --base 6 --run 3 --threshold 0",
        "gtgraph saturation study.gtg.json --sensitivity",
        "gtgraph saturation study.gtg.json --methods -o methods.md",
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
    "--base",
    type=click.IntRange(1),
    default=4,
    show_default=True,
    help="Guest rule: the first BASE sources whose codes are the denominator.",
)
@click.option(
    "--run",
    type=click.IntRange(1),
    default=2,
    show_default=True,
    help="Guest rule: the number of sources in each run after the base.",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1),
    default=0.05,
    show_default=True,
    help="Guest rule: the share of new codes a run may add (0.05 is 5%).",
)
@click.option(
    "--initial",
    type=click.IntRange(0),
    default=10,
    show_default=True,
    help="Francis rule: the initial analysis sample.",
)
@click.option(
    "--stop",
    type=click.IntRange(1),
    default=3,
    show_default=True,
    help="Francis rule: sources in a row without a new code.",
)
@click.option(
    "--sensitivity",
    is_flag=True,
    help="Print only the rules over a grid of their settings.",
)
@click.option(
    "--methods",
    is_flag=True,
    help="Print a methods paragraph with tables and references (Markdown).",
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
    "--replicates",
    type=click.IntRange(0),
    default=200,
    show_default=True,
    help="Bootstrap replicates for the intervals.",
)
@click.option(
    "--seed",
    type=int,
    default=None,
    help="Seed for the random orders and the bootstrap (reproducible).",
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
    base: int,
    run: int,
    threshold: float,
    initial: int,
    stop: int,
    sensitivity: bool,
    methods: bool,
    fmt: str,
    permutations: int,
    replicates: int,
    seed: int | None,
    plot: Path | None,
    output: str,
) -> None:
    """Report how saturated the analysis is, by the methods researchers cite.

    Prints the Guest and Francis stopping rules (as analysed, over random orders
    and over a grid of their settings) with what came after their points, the
    Chao2, jackknife and ICE estimates of the total, sample coverage and the
    share of codes found with bootstrap intervals, the per-category table, the
    concepts created per source from the history, and the flags and caveats
    that go with them.
    """
    from gtgraph.saturation import report

    if sensitivity and methods:
        raise click.UsageError("give --sensitivity or --methods, not both")
    project = _read(file, settings)
    with _status(settings, "Assessing saturation"):
        result = report(
            project,
            level=cast("Any", level),
            by=cast("Any", by),
            rule=cast("Any", method),
            base=base,
            run=run,
            threshold=threshold,
            initial=initial,
            stop=stop,
            permutations=permutations,
            replicates=replicates,
            seed=seed,
        )
    if methods:
        text = result.methods_text()
    elif sensitivity:
        text = _sensitivity(result, fmt)
    elif fmt == "json":
        text = json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"
    elif fmt == "markdown":
        text = result.to_markdown() + "\n"
    else:
        text = str(result) + "\n"
    _write_text(text, output)
    if plot is not None:
        _save_plot(result, plot)
        settings.say(f"Wrote {plot}", level=1)


def _sensitivity(result: Any, fmt: str) -> str:
    """Return the sensitivity grid alone, in the chosen format."""
    from gtgraph.saturation._markdown import table
    from gtgraph.saturation._phrases import sensitivity_cells

    if fmt == "json":
        data = [attrs.asdict(row) for row in result.sensitivity]
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    header = ["rule", "settings", "outcome", "new after the point", "last run meets"]
    rows = [sensitivity_cells(row) for row in result.sensitivity]
    if fmt == "markdown":
        return "\n".join(table(header, rows)) + "\n"
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    return (
        "\n".join(
            "  ".join(f"{v:<{w}}" for v, w in zip(values, widths, strict=True)).rstrip()
            for values in [header, *rows]
        )
        + "\n"
    )
