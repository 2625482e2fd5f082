"""Draw the peer-support example (illustrative, fictional data) at every level.

Writes SVG, PNG and PDF of the code-, category- and theme-level diagrams, and the
category-level diagram with grounding counts and saturation marks::

    python examples/peer_support_diagrams.py [--out DIR]

With ``--docs`` it refreshes the SVGs shown in the documentation and README
(``docs/images/``).  Needs the Graphviz ``dot`` program.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import gtgraph

HERE = Path(__file__).resolve().parent
DOCS_IMAGES = HERE.parent / "docs" / "images"


def example() -> ModuleType:
    """Import the worked example module that sits beside this script."""
    spec = importlib.util.spec_from_file_location(
        "gtgraph_peer_support_example", HERE / "peer_support.py"
    )
    if spec is None or spec.loader is None:
        msg = "cannot load examples/peer_support.py"
        raise ImportError(msg)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def draw(out: Path, formats: Sequence[str] = ("svg", "png", "pdf")) -> list[Path]:
    """Render the example at each level into *out*; return the files written."""
    project = example().build_project()
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for level in ("codes", "categories", "themes"):
        for fmt in formats:
            path = out / f"peer-support-{level}.{fmt}"
            written.append(gtgraph.render(project, path, level=level, legend=True))
    report = project.saturation(level="category")
    for fmt in formats:
        path = out / f"peer-support-evidence.{fmt}"
        written.append(
            gtgraph.render(
                project,
                path,
                level="categories",
                show_evidence=True,
                saturation=report,
                legend=True,
            )
        )
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Draw the diagrams; with --docs, refresh the documentation's SVGs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("out"), help="output folder")
    parser.add_argument(
        "--docs", action="store_true", help="write the SVGs into docs/images"
    )
    args = parser.parse_args(argv)
    if args.docs:
        written = draw(DOCS_IMAGES, formats=("svg",))
    else:
        written = draw(args.out)
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
