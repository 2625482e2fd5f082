"""What every ``gtgraph`` subcommand shares: settings, errors, reading and writing by extension."""

from __future__ import annotations

import importlib
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from gtgraph.errors import GtGraphError

if TYPE_CHECKING:
    from gtgraph.project import Project

__all__ = ["READERS", "WRITERS", "InputError", "pass_settings"]

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


#: Hands a subcommand the settings of the top-level options.
pass_settings = click.make_pass_decorator(_Settings)


def _save_plot(report: Any, path: Path) -> None:
    figure = report.plot()
    figure.savefig(path, dpi=150, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(figure)
