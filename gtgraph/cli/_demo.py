"""The ``gtgraph demo`` command: run the bundled example study."""

from __future__ import annotations

from pathlib import Path

import click

from gtgraph.cli._common import (
    _examples,
    _save_plot,
    _Settings,
    _status,
    _write_diagram,
    pass_settings,
)
from gtgraph.errors import GtGraphError

__all__ = ["demo"]


@click.command(epilog=_examples("gtgraph demo", "gtgraph demo --out study-demo"))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("gtgraph-demo"),
    show_default=True,
    help="Folder to write the files into.",
)
@pass_settings
def demo(settings: _Settings, out: Path) -> None:
    """Run the bundled example study and write its files.

    Builds the fictional peer-support study (ten interviews coded into three
    themes and a core category), prints its summary, saturation report and
    theory checks, and writes the project file, the codebook, the theory diagram,
    the saturation plot and the HTML report (report.html) into OUT.
    """
    from gtgraph.demo import build_project
    from gtgraph.readwrite import write_codebook

    with _status(settings, "Building the example study"):
        project = build_project()
    out.mkdir(parents=True, exist_ok=True)
    click.echo(project.summary())
    with _status(settings, "Assessing saturation"):
        report = project.saturation(seed=1)
    click.echo("\n" + str(report))
    from gtgraph.checks import check as run_checks

    findings = run_checks(project)
    click.echo(f"\nTheory checks ({len(findings)} findings)")
    for f in findings:
        click.echo(f"  {f.severity:<7}  [{f.rule}] {f.message}")
    written = [out / "peer-support.gtg.json", out / "codebook.md"]
    project.save(written[0])
    write_codebook(project, written[1])
    plot = out / "saturation.png"
    try:
        _save_plot(report, plot)
        written.append(plot)
    except GtGraphError as error:
        settings.say(f"gtgraph: note: no saturation plot ({error})")
    from gtgraph.drawing import GraphvizNotFoundError

    dot = out / "peer-support-categories.dot"
    _write_diagram(project, dot, legend=True)
    written.append(dot)
    try:
        svg = out / "peer-support-categories.svg"
        _write_diagram(project, svg, legend=True)
        written.append(svg)
    except GraphvizNotFoundError:
        settings.say(
            "gtgraph: note: no SVG diagram, because Graphviz is not installed "
            "(apt-get install graphviz, brew install graphviz or conda install graphviz); "
            f"the DOT text is in {dot}"
        )
    from gtgraph.report import write_html

    with _status(settings, "Writing the HTML report"):
        written.append(write_html(project, out / "report.html", saturation=report))
    click.echo("\nWrote " + ", ".join(str(p) for p in written))
