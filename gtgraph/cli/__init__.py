"""The ``gtgraph`` command: each subcommand parses its options, calls one API function, prints.

Exit codes: 0 on success, 1 when a check finds problems (``check --strict``), 2 for a
usage or input error (a one-line message; ``--debug`` shows the traceback).

The group and its top-level options live here; each command group has its own
module (``_demo``, ``_inspect``, ``_saturation``, ``_draw``, ``_report``,
``_convert``, ``_team``) over the helpers they share (``_common``).
"""

from __future__ import annotations

import click

from gtgraph._version import __version__
from gtgraph.cli._common import (  # noqa: F401 - READERS, WRITERS, InputError stay importable here
    READERS,
    WRITERS,
    InputError,
    _Group,
    _Settings,
)
from gtgraph.cli._convert import codebook, convert, import_taguette
from gtgraph.cli._demo import demo
from gtgraph.cli._draw import draw
from gtgraph.cli._inspect import check, info
from gtgraph.cli._report import report
from gtgraph.cli._saturation import saturation
from gtgraph.cli._team import add_sources, merge, merge_driver

__all__ = ["main"]


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


for _command in (
    demo,
    info,
    check,
    saturation,
    draw,
    report,
    convert,
    codebook,
    import_taguette,
    add_sources,
    merge,
    merge_driver,
):
    main.add_command(_command)


def run(argv: list[str] | None = None) -> int:
    """Run the command with *argv* and return its exit code (for embedding and tests)."""
    try:
        main.main(args=argv, prog_name="gtgraph")
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else 1
    return 0
