"""The ``gtgraph draw`` command: the theory as a Graphviz diagram."""

from __future__ import annotations

import warnings
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
        "gtgraph draw study.gtg.json -o codes.pdf --level codes --page none",
        "gtgraph draw study.gtg.json -o fig.png --page letter --dpi 300",
        "gtgraph draw study.gtg.json -o part.svg --include 'Hope and recovery'",
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
    "--include",
    multiple=True,
    metavar="NAME",
    help="Draw only this code, category or theme and what is inside it (repeatable).",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="NAME",
    help="Leave out this code, category or theme and what is inside it (repeatable).",
)
@click.option(
    "--edge-labels",
    type=click.Choice(["auto", "node", "label", "xlabel", "none"]),
    default="auto",
    show_default=True,
    help="Where relationship names go: on their lines (node), beside them (label), "
    "placed after layout (xlabel, fast), or nowhere (none: the key explains the lines).",
)
@click.option(
    "--legend/--no-legend",
    default=None,
    help="Add a key to the shapes and relation types "
    "[default: at category and theme level when several relation types are drawn].",
)
@click.option(
    "--page",
    default="a4",
    show_default=True,
    metavar="PAGE",
    help="The text block to fit: a4 (16 x 24 cm), letter (16.5 x 22.9 cm), "
    "a4-landscape, letter-landscape, WIDTHxHEIGHT in cm (e.g. 12x18), or none "
    "for the natural size.",
)
@click.option(
    "--dpi",
    type=click.IntRange(30, 2400),
    default=None,
    help="Resolution of a PNG (default 150; 300 for print).",
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
    default=None,
    help="The direction of the flow [default: top to bottom, or left to right "
    "when that fits the page better].",
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
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    edge_labels: str,
    legend: bool | None,
    page: str,
    dpi: int | None,
    evidence: bool,
    title: str | None,
    rankdir: str | None,
    as_of: int | None,
) -> None:
    """Draw the theory as a diagram with Graphviz, fitted to a page.

    The format follows the output file's extension.  Codes, categories, themes
    and the core category get their own shapes; each relation type has its own
    line pattern, colour and arrowhead.  The diagram is fitted to the page's
    text block with no type smaller than 7 pt; when it cannot be, a warning
    says what to do.  Prints the file written, its size and how it fits.
    """
    project = _read(file, settings)
    options: dict[str, Any] = {
        "level": level,
        "include": list(include) or None,
        "exclude": list(exclude) or None,
        "edge_labels": edge_labels,
        "legend": legend,
        "show_evidence": evidence,
        "title": title,
        "rankdir": rankdir,
        "as_of": as_of,
        "page": _page(page),
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
    kind = target.suffix.lower()
    if kind in (".dot", ".gv", ".mmd"):
        if kind == ".mmd":
            for option in ("legend", "page"):
                options.pop(option)  # Mermaid diagrams carry no key and no page
            if options["edge_labels"] not in {"label", "none"}:
                options["edge_labels"] = "label"
        _write_diagram(project, target, engine=engine, **options)
        settings.say(f"Wrote {target}")
        return
    from gtgraph.drawing import LayoutWarning, render_report

    with (
        _status(settings, "Laying out the diagram"),
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always", LayoutWarning)
        done = render_report(project, target, engine=engine, dpi=dpi, **options)
    for warning in caught:
        if issubclass(warning.category, LayoutWarning):
            settings.say(f"gtgraph: warning: {_as_options(str(warning.message))}")
        else:  # pragma: no cover - other warnings go on as they came
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )
    settings.say(f"Wrote {done.summary()}")


#: The advice of layout warnings, in the command's own words.
_OPTIONS = (
    ("level='categories' or 'themes'", "--level categories or themes"),
    ("include=/exclude=", "--include/--exclude"),
    ("page='a4-landscape' or page=None", "--page a4-landscape or --page none"),
    ("auto_engine=False", "--engine dot"),
    ("edge_labels='xlabel'", "--edge-labels xlabel"),
)


def _as_options(message: str) -> str:
    for python, command in _OPTIONS:
        message = message.replace(python, command)
    return message


def _page(text: str) -> str | tuple[float, float] | None:
    """Read --page: a name, WIDTHxHEIGHT in centimetres, or none."""
    value = text.strip().lower()
    if value in {"none", "natural"}:
        return None
    if "x" in value:
        width, _, height = value.partition("x")
        try:
            return (float(width), float(height))
        except ValueError:
            pass
    from gtgraph.drawing import PAGES

    if value not in PAGES:
        raise click.BadParameter(
            f"{text!r} is not a page; use {', '.join(PAGES)}, WIDTHxHEIGHT in "
            "centimetres (e.g. 12x18) or none",
            param_hint="--page",
        )
    return value
