"""The ``gtgraph`` command: each subcommand parses its options, calls one API function, prints.

Exit codes: 0 on success, 1 when a check finds problems (``check --strict``), 2 for a
usage or input error (a one-line message; ``--debug`` shows the traceback).
"""

from __future__ import annotations

import importlib
import json
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, cast

import click

from gtgraph._version import __version__
from gtgraph.errors import GtGraphError

if TYPE_CHECKING:
    from gtgraph.project import Project

__all__ = ["main"]

#: Input formats by file extension: what they hold, and the function of
#: ``gtgraph.readwrite`` that reads them.
_READ_WITH = {
    ".gtg.json": ("gtgraph project file", "load"),
    ".json": ("gtgraph project file", "load"),
    ".qdpx": ("REFI-QDA project (NVivo, ATLAS.ti, MAXQDA, QualCoder)", "read_qdpx"),
    ".qde": ("REFI-QDA project XML", "read_qdpx"),
    ".qdc": ("REFI-QDA codebook", "read_qdc"),
    ".csv": (
        "table of coded excerpts (also Taguette's highlights export)",
        "read_segments_csv",
    ),
    ".sqlite3": ("Taguette project database", "read_taguette"),
    ".sqlite": ("Taguette project database", "read_taguette"),
    ".db": ("Taguette project database", "read_taguette"),
}
#: Output formats by file extension: what they hold, and the function
#: (``module:name``) that writes them; None for the diagrams (see ``_write_diagram``).
_WRITE_WITH: dict[str, tuple[str, str | None]] = {
    ".gtg.json": ("gtgraph project file", "gtgraph.readwrite:save"),
    ".qdpx": ("REFI-QDA project", "gtgraph.readwrite:write_qdpx"),
    ".qdc": ("REFI-QDA codebook", "gtgraph.readwrite:write_qdc"),
    ".csv": (
        "table of coded segments (one row per segment and code)",
        "gtgraph.readwrite:write_segments_csv",
    ),
    ".dot": ("Graphviz DOT text of the diagram", None),
    ".gv": ("Graphviz DOT text of the diagram", None),
    ".svg": ("diagram (needs Graphviz)", None),
    ".png": ("diagram (needs Graphviz)", None),
    ".pdf": ("diagram (needs Graphviz)", None),
    ".mmd": ("Mermaid text of the diagram", None),
    ".graphml": (
        "the project graph for yEd, Gephi or Cytoscape",
        "gtgraph.drawing:write_graphml",
    ),
    ".gexf": ("the project graph for Gephi", "gtgraph.drawing:write_gexf"),
    ".json": ("the project graph as node-link JSON", "gtgraph.drawing:write_json"),
}
#: Input formats by file extension.
READERS = {ext: what for ext, (what, _) in _READ_WITH.items()}
#: Output formats by file extension.
WRITERS = {ext: what for ext, (what, _) in _WRITE_WITH.items()}
#: What `gtgraph draw` writes: diagram text, or a diagram rendered with Graphviz.
_DRAWINGS = tuple(ext for ext, (_, name) in _WRITE_WITH.items() if name is None)
#: The type of a file argument.
_FILE = click.Path(dir_okay=False, path_type=Path)


class _Settings:
    """What the top-level options say."""

    def __init__(self, *, quiet: int, verbose: int, debug: bool) -> None:
        self.level = verbose - quiet
        self.debug = debug

    def say(self, message: str, *, level: int = 0, err: bool = True) -> None:
        """Print *message* (to stderr by default) unless quieter than *level*."""
        if self.level >= level:
            click.echo(message, err=err)


class InputError(click.ClickException):
    """A file the command cannot use (missing, or of a format it does not read)."""

    exit_code = 2


class _Group(click.Group):
    """Turns the errors a user can cause into a one-line message and exit code 2."""

    def main(  # type: ignore[override]
        self,
        args: list[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.ClickException as error:
            context = getattr(error, "ctx", None)
            hint = (
                f" (see '{context.command_path} --help')"
                if isinstance(error, click.UsageError) and context
                else ""
            )
            click.echo(f"gtgraph: error: {error.format_message()}{hint}", err=True)
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("Aborted.", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (GtGraphError, OSError) as error:
            settings = ctx.find_object(_Settings)
            if settings is not None and settings.debug:
                raise
            click.echo(f"gtgraph: error: {_one_line(error)}", err=True)
            ctx.exit(2)


def _one_line(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        where = f"{error.filename}: " if error.filename else ""
        return f"{where}{error.strerror}"
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _fail(message: str) -> NoReturn:
    raise click.UsageError(message)


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return ".gtg.json" if name.endswith(".gtg.json") else path.suffix.lower()


@contextmanager
def _status(settings: _Settings, message: str) -> Iterator[None]:
    """Show a spinner on a terminal while slow work runs (when rich is installed)."""
    if settings.level < 0 or not sys.stderr.isatty():
        yield
        return
    try:
        from rich.console import Console
    except ImportError:
        yield
        return
    with Console(stderr=True).status(message):
        yield


def _read(
    path: Path, settings: _Settings, read: Callable[[Path], Project] | None = None
) -> Project:
    """Read a project with *read*, or in any format gtgraph reads, by extension."""
    if not path.exists():
        _input_error(f"{path}: no such file")
    if read is None:
        kind = _suffix(path)
        if kind not in _READ_WITH:
            _input_error(
                f"{path}: cannot tell the format from the extension {kind or '(none)'!r}; "
                f"gtgraph reads {', '.join(sorted(READERS))}"
            )
        read = _function("gtgraph.readwrite:" + _READ_WITH[kind][1])
    with (
        _status(settings, f"Reading {path.name}"),
        warnings.catch_warnings(record=True) as caught,
    ):
        warnings.simplefilter("always")
        project = read(path)
    for warning in caught:
        settings.say(f"gtgraph: warning: {warning.message}")
    return project


def _function(where: str) -> Any:
    """Import the function named ``module:name``."""
    module, _, name = where.partition(":")
    return getattr(importlib.import_module(module), name)


def _input_error(message: str) -> NoReturn:
    raise InputError(message)


def _write_text(text: str, out: str) -> None:
    """Write *text* to the file *out*, or to standard output when *out* is '-'."""
    if out == "-":
        click.echo(text, nl=not text.endswith("\n"))
        return
    from gtgraph.readwrite._files import atomic_write

    atomic_write(Path(out), text.encode("utf-8"))


def _write_project(project: Project, out: Path) -> None:
    """Write *project* in the format the extension of *out* names."""
    kind = _suffix(out)
    if kind not in _WRITE_WITH:
        _input_error(
            f"cannot write {out.name!r}: gtgraph writes {', '.join(sorted(WRITERS))} "
            "(name the output file with one of these extensions)"
        )
    writer = _WRITE_WITH[kind][1]
    if writer is None:
        _write_diagram(project, out)
    else:
        _function(writer)(project, out)


def _write_diagram(
    project: Project, out: Path, *, engine: str = "dot", **options: Any
) -> None:
    """Write the diagram as DOT or Mermaid text, or render it with Graphviz."""
    from gtgraph.drawing import render, to_dot, to_mermaid

    kind = out.suffix.lower()
    if kind in (".dot", ".gv"):
        _write_text(to_dot(project, **options), str(out))
    elif kind == ".mmd":
        options.pop("legend", None)  # Mermaid diagrams carry no key
        _write_text(to_mermaid(project, **options), str(out))
    else:
        render(project, out, engine=engine, **options)


def _examples(*lines: str) -> str:
    return "\n\n\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


# ---------------------------------------------------------------------------- the group


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="gtgraph")
@click.option("-q", "--quiet", count=True, help="Print less (warnings are hidden).")
@click.option("-v", "--verbose", count=True, help="Print more.")
@click.option("--debug", is_flag=True, help="Show the full traceback of an error.")
@click.pass_context
def main(ctx: click.Context, quiet: int, verbose: int, debug: bool) -> None:
    """Grounded theory as a typed graph: saturation, diagrams, REFI-QDA exchange.

    FILE arguments may be gtgraph project files (.gtg.json), REFI-QDA projects
    (.qdpx) or codebooks (.qdc), tables of coded excerpts (.csv) or Taguette
    databases (.sqlite3).  Exit codes: 0 success, 1 findings, 2 usage or input
    error.

    \b
    Start with the bundled example:
      gtgraph demo
    """
    ctx.obj = _Settings(quiet=quiet, verbose=verbose, debug=debug)


pass_settings = click.make_pass_decorator(_Settings)


@main.command(epilog=_examples("gtgraph demo", "gtgraph demo --out study-demo"))
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
    theory checks, and writes the project file, the codebook, the theory diagram
    and the saturation plot into OUT.
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
    click.echo("\nWrote " + ", ".join(str(p) for p in written))


def _save_plot(report: Any, path: Path) -> None:
    figure = report.plot()
    figure.savefig(path, dpi=150, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(figure)


@main.command(
    epilog=_examples("gtgraph info study.gtg.json", "gtgraph info export.qdpx -v")
)
@click.argument("file", type=_FILE)
@pass_settings
def info(settings: _Settings, file: Path) -> None:
    """Summarise a project: counts, coders, relation types, last change."""
    project = _read(file, settings)
    click.echo(project.summary())
    coders = project.coders
    click.echo(f"  coders         {', '.join(coders) if coders else '(none recorded)'}")
    used = sorted({r.type for r in project.relationships})
    click.echo(f"  relation types {', '.join(used) if used else '(none used)'}")
    history = project.history
    if len(history):
        last = history[-1]
        click.echo(
            f"  last change    {last.when} {last.op}"
            + (f" by {last.who}" if last.who else "")
        )
    if settings.level > 0:
        from gtgraph.graph import grounding_counts

        counts = grounding_counts(project)
        click.echo("\nCodes (segments / participants):")
        for code in project.codes:
            segments, participants, _ = counts.get(code.id, (0, 0, 0))
            click.echo(f"  {code.name}  ({segments} / {participants})")


@main.command(
    epilog=_examples(
        "gtgraph check study.gtg.json",
        "gtgraph check study.gtg.json --strict",
        "gtgraph check study.gtg.json --rule memo-about-nothing --format json",
    )
)
@click.argument("file", type=_FILE)
@click.option(
    "--strict", is_flag=True, help="Exit with 1 when there is any error or warning."
)
@click.option(
    "--rule",
    "rules",
    multiple=True,
    help="Run only this rule (repeatable); see the checks reference.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How to print the findings.",
)
@pass_settings
def check(
    settings: _Settings, file: Path, strict: bool, rules: tuple[str, ...], fmt: str
) -> None:
    """Run the theory checks: codes in no category, thin relationships, cycles, ...

    Each finding has a severity (error, warning, info), the rule that found it and
    a message that names the elements and says what to do.
    """
    from gtgraph.checks import check as run_checks

    findings = run_checks(_read(file, settings), rules=rules or None)
    if fmt == "json":
        data = [
            {
                "severity": f.severity,
                "rule": f.rule,
                "message": f.message,
                "subjects": list(f.subjects),
            }
            for f in findings
        ]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        for f in findings:
            colour = {"error": "red", "warning": "yellow"}.get(f.severity)
            click.echo(f"{click.style(f.severity, fg=colour)}  [{f.rule}] {f.message}")
        counts = {
            s: sum(1 for f in findings if f.severity == s)
            for s in ("error", "warning", "info")
        }
        click.echo(
            ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items()),
            err=True,
        )
    if strict and any(f.severity in ("error", "warning") for f in findings):
        click.get_current_context().exit(1)


@main.command(
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


@main.command(
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


@main.command(
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


@main.command(
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


@main.command(
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


def run(argv: list[str] | None = None) -> int:
    """Run the command with *argv* and return its exit code (for embedding and tests)."""
    try:
        main.main(args=argv, prog_name="gtgraph")
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else 1
    return 0
