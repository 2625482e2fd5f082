"""The ``gtgraph draw`` command: the theory as a Graphviz diagram."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from gtgraph.cli._common import (
    _DRAWINGS,
    _FILE,
    _examples,
    _input_error,
    _read,
    _Settings,
    _status,
    _write_diagram,
    _write_text,
    pass_settings,
)

__all__ = ["draw"]


@click.command(
    epilog=_examples(
        "gtgraph draw study.gtg.json -o theory.svg",
        "gtgraph draw study.gtg.json -o codes.pdf --level codes --legend",
        "gtgraph draw study.gtg.json -o theory.dot",
        "gtgraph draw big.gtg.json -o overview.svg --engine sfdp",
    )
)
@click.argument("file", type=_FILE)
@click.option(
    "-o",
    "--output",
    required=True,
    help="A .svg, .png or .pdf (rendered with Graphviz), .dot or .mmd file, or '-' for DOT text.",
)
@click.option(
    "--level",
    type=click.Choice(["codes", "categories", "themes"]),
    default="categories",
    show_default=True,
    help="Codes inside their categories, categories and themes, or themes only.",
)
@click.option(
    "--engine",
    type=click.Choice(["dot", "neato", "fdp", "sfdp"]),
    default="dot",
    show_default=True,
    help="The Graphviz layout program (sfdp for very large diagrams; it draws no boxes).",
)
@click.option(
    "--legend/--no-legend",
    default=False,
    show_default=True,
    help="Add a key to the shapes and relation types.",
)
@click.option(
    "--evidence",
    is_flag=True,
    help="Show how many participants and segments ground each element.",
)
@click.option(
    "--title", default=None, help="A title above the diagram (default: none)."
)
@click.option(
    "--rankdir",
    type=click.Choice(["LR", "TB", "RL", "BT"]),
    default="LR",
    show_default=True,
    help="The direction of the flow.",
)
@click.option(
    "--as-of",
    "as_of",
    type=click.IntRange(0),
    default=None,
    help="Draw the theory as the first N sources ground it.",
)
@pass_settings
def draw(
    settings: _Settings,
    file: Path,
    output: str,
    level: str,
    engine: str,
    legend: bool,
    evidence: bool,
    title: str | None,
    rankdir: str,
    as_of: int | None,
) -> None:
    """Draw the theory as a diagram with Graphviz.

    The format follows the output file's extension.  Codes, categories, themes
    and the core category get their own shapes; relationships are drawn by
    type (causal solid, conditional dashed, process bold, contradictions red).
    """
    project = _read(file, settings)
    options: dict[str, Any] = {
        "level": level,
        "legend": legend,
        "show_evidence": evidence,
        "title": title,
        "rankdir": rankdir,
        "as_of": as_of,
    }
    if output == "-":
        from gtgraph.drawing import to_dot

        _write_text(to_dot(project, **options), "-")
        return
    target = Path(output)
    if target.suffix.lower() not in _DRAWINGS:
        _input_error(
            f"cannot draw to {target.name!r}: use .svg, .png, .pdf, .dot or .mmd"
        )
    with _status(settings, "Laying out the diagram"):
        _write_diagram(project, target, engine=engine, **options)
    settings.say(f"Wrote {target}", level=1)
