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
took = time.perf_counter() - start
print(json.dumps([took, sorted(m for m in %r if m in sys.modules)]))
"""


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
    runs = sorted(
        json.loads(_fresh(_SCRIPT % (_HEAVY,))) for _ in range(3 if quick else 7)
    )
    took, heavy = runs[len(runs) // 2]
    loaded = f"; loads {', '.join(heavy)}" if heavy else "; no heavy library loaded"
    return [
        Result(
            "import gtgraph",
            f"fresh interpreter{loaded}",
            took,
            "(absolute target)",
            None,
            "<= 0.3 s, no matplotlib/pandas",
            took <= 0.3 and not {"matplotlib", "pandas"} & set(heavy),
        )
    ]
