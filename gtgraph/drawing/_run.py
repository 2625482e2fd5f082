"""Finding and running the Graphviz program.

Graphviz is run as a separate program, with an argument list (never a shell
string), the DOT text on standard input, the image on standard output, and a
timeout.  Only the ``dot`` program is needed: other layout engines are chosen
with its ``-K`` option.

The program is looked up in this order: the ``GTGRAPH_DOT`` environment
variable, the ``GRAPHVIZ_DOT`` environment variable (each a path or a command
name), then ``dot`` on the ``PATH``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import warnings
from collections.abc import Sequence

from gtgraph.errors import RenderError

__all__ = [
    "ENGINES",
    "GraphvizNotFoundError",
    "GraphvizWarning",
    "find_dot",
    "run_graphviz",
]

#: The Graphviz layout engines ``render`` accepts.  ``dot`` and ``fdp`` draw
#: category boxes (clusters); ``sfdp``, ``twopi`` and ``circo`` drop them.
ENGINES: tuple[str, ...] = (
    "dot",
    "neato",
    "fdp",
    "sfdp",
    "twopi",
    "circo",
    "osage",
    "patchwork",
)

#: Environment variables naming the Graphviz ``dot`` program, in order of precedence.
ENV_VARS: tuple[str, ...] = ("GTGRAPH_DOT", "GRAPHVIZ_DOT")

_INSTALL = (
    "install Graphviz (Debian/Ubuntu: apt-get install graphviz; macOS: "
    "brew install graphviz; conda: conda install graphviz; Windows: "
    "https://graphviz.org/download/), or set GTGRAPH_DOT to the path of its "
    "'dot' program; note that 'pip install graphviz' installs only a Python "
    "wrapper, not Graphviz itself"
)
_FORMAT = re.compile(r"[A-Za-z0-9_.:-]+\Z")


class GraphvizNotFoundError(RenderError):
    """The Graphviz ``dot`` program could not be found; the message says how to install it.

    Examples
    --------
    >>> from gtgraph.drawing import GraphvizNotFoundError
    >>> import gtgraph
    >>> issubclass(GraphvizNotFoundError, gtgraph.RenderError)
    True
    """


class GraphvizWarning(UserWarning):
    """Graphviz succeeded but printed warnings (shown as the warning's message).

    Examples
    --------
    >>> from gtgraph.drawing import GraphvizWarning
    >>> issubclass(GraphvizWarning, UserWarning)
    True
    """


def check_engine(engine: str) -> None:
    """Raise RenderError unless *engine* is one of :data:`ENGINES`."""
    if engine not in ENGINES:
        raise RenderError(
            f"{engine!r} is not a Graphviz layout engine; choose one of "
            f"{', '.join(ENGINES)}"
        )


def find_dot() -> str:
    """Return the path of the Graphviz ``dot`` program.

    Returns
    -------
    str
        From ``GTGRAPH_DOT``, else ``GRAPHVIZ_DOT``, else ``dot`` on the ``PATH``.

    Raises
    ------
    GraphvizNotFoundError
        If an environment variable names no executable program, or there is no
        ``dot`` on the ``PATH``; the message says how to install Graphviz.

    Examples
    --------
    >>> from gtgraph.drawing import find_dot
    >>> find_dot()  # doctest: +SKIP
    '/usr/bin/dot'
    """
    for var in ENV_VARS:
        value = os.environ.get(var)
        if value:
            found = shutil.which(value)
            if found is None:
                raise GraphvizNotFoundError(
                    f"the environment variable {var} is {value!r}, which is not an "
                    f"executable program; point it at Graphviz's 'dot' program or "
                    f"unset it, and {_INSTALL}"
                )
            return found
    found = shutil.which("dot")
    if found is None:
        raise GraphvizNotFoundError(
            f"Graphviz's 'dot' program was not found on the PATH; {_INSTALL}"
        )
    return found


def run_graphviz(
    source: str,
    *,
    format: str = "svg",  # noqa: A002  (the Graphviz word, as in render())
    engine: str = "dot",
    timeout: float | None = 120.0,
    args: Sequence[str] = (),
) -> bytes:
    r"""Lay out and draw DOT text with Graphviz and return the output bytes.

    Parameters
    ----------
    source : str
        The DOT text.
    format : str
        A Graphviz output format (``"svg"``, ``"png"``, ``"pdf"``, ``"canon"``, ...).
    engine : str
        A layout engine from :data:`ENGINES`.
    timeout : float or None
        Seconds to wait for Graphviz; None waits for ever.
    args : sequence of str
        Further command-line arguments (e.g. ``["-Gdpi=150"]``).

    Returns
    -------
    bytes
        What Graphviz wrote to standard output.

    Raises
    ------
    GraphvizNotFoundError
        If Graphviz is not installed.
    RenderError
        If the engine or format is not valid, Graphviz fails (the message holds
        Graphviz's own output), or it takes longer than *timeout*.

    Warns
    -----
    GraphvizWarning
        When Graphviz succeeds but prints warnings.

    Examples
    --------
    >>> from gtgraph.drawing import run_graphviz
    >>> run_graphviz("digraph { a -> b }", format="canon").decode()  # doctest: +SKIP
    'digraph {\n\tnode [label="\\N"];\n\ta -> b;\n}\n'
    """
    check_engine(engine)
    if not _FORMAT.match(format):
        raise RenderError(
            f"{format!r} is not a Graphviz output format; use e.g. svg, png or pdf"
        )
    command = [find_dot(), f"-K{engine}", f"-T{format}", *args]
    try:
        done = subprocess.run(  # noqa: S603  (an argument list, no shell)
            command,
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise RenderError(
            f"Graphviz ({engine}) did not finish within {timeout} s; draw fewer "
            f"elements (include=/exclude=, or a higher level), use fast=True, "
            f"engine='sfdp', or pass a longer timeout"
        ) from None
    except OSError as error:
        raise GraphvizNotFoundError(
            f"Graphviz's 'dot' program at {command[0]!r} could not be run "
            f"({error.strerror or error}); {_INSTALL}"
        ) from None
    message = done.stderr.decode("utf-8", "replace").strip()
    if done.returncode != 0:
        raise RenderError(
            f"Graphviz ({engine}, -T{format}) failed with exit status "
            f"{done.returncode}: {message or '(no message)'}"
        )
    if message:
        warnings.warn(f"Graphviz: {message}", GraphvizWarning, stacklevel=2)
    return done.stdout
