"""How long ``import gtgraph`` takes, in a fresh interpreter, next to starting Python."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from _harness import Result

_HEAVY = ("matplotlib", "pandas", "numpy", "networkx", "pydot", "lxml")
_SCRIPT = """
import json, sys, time
start = time.perf_counter()
import gtgraph
%s
took = time.perf_counter() - start
print(json.dumps([took, sorted(m for m in %r if m in sys.modules)]))
"""
#: Listing the package (tab completion) must not import the lazy names' modules.
_LIST = "names = dir(gtgraph)"


def _fresh(code: str) -> str:
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return done.stdout


def benchmarks(*, quick: bool = False) -> list[Result]:
    """Time ``import gtgraph`` (median of several fresh interpreters)."""
    repeat = 3 if quick else 7
    plain: list[tuple[float, list[str]]] = []
    listed: list[tuple[float, list[str]]] = []
    for _ in range(repeat):  # alternating, so that both see the same machine
        plain.append(tuple(json.loads(_fresh(_SCRIPT % ("", _HEAVY)))))
        listed.append(tuple(json.loads(_fresh(_SCRIPT % (_LIST, _HEAVY)))))
    plain.sort()
    listed.sort()
    took, heavy = plain[len(plain) // 2]
    took_listed, heavy_listed = listed[len(listed) // 2]
    loaded = f"; loads {', '.join(heavy)}" if heavy else "; no heavy library loaded"
    return [
        Result(
            "import gtgraph",
            f"fresh interpreter{loaded}",
            took,
            "(absolute target)",
            None,
            "<= 0.15 s, no matplotlib/pandas",
            took <= 0.15 and not {"matplotlib", "pandas"} & set(heavy),
        ),
        Result(
            "import gtgraph; dir(gtgraph)",
            "fresh interpreter; every public name listed",
            took_listed,
            "import gtgraph",
            took,
            "<= 1.1 x, nothing heavy imported",
            took_listed <= 1.1 * took and heavy_listed == heavy,
        ),
    ]
