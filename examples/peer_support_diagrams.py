"""Draw the peer-support example (illustrative, fictional data) at every level.

Writes SVG, PNG and PDF of the code-, category- and theme-level diagrams, and the
category-level diagram with grounding counts and saturation marks::

    python examples/peer_support_diagrams.py [--out DIR]

It also draws the theory after each stage of the analysis (``stage-<stage>``), as
the tutorial shows it.  With ``--docs`` it refreshes the SVGs shown in the
documentation and README (``docs/images/``).  Needs the Graphviz ``dot`` program.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import gtgraph
from gtgraph.demo import STAGES, build_project

HERE = Path(__file__).resolve().parent
DOCS_IMAGES = HERE.parent / "docs" / "images"


def draw(out: Path, formats: Sequence[str] = ("svg", "png", "pdf")) -> list[Path]:
    """Render the example at each level into *out*; return the files written."""
    project = build_project()
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for level in ("codes", "categories", "themes"):
        for fmt in formats:
            path = out / f"peer-support-{level}.{fmt}"
            # The code level of a whole study is a poster, not a page: drawn at
            # its natural size (page=None) rather than scaled to A4.
            page = None if level == "codes" else "a4"
            written.append(
                gtgraph.render(project, path, level=level, legend=True, page=page)
            )
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
                page=None,  # the counts on every element make it a poster too
            )
        )
    return written


#: The level each stage is best seen at: codes until they are raised into themes.
STAGE_LEVELS = {
    "initial": "codes",
    "focused": "codes",
    "categories": "codes",
    "themes": "categories",
    "final": "categories",
}


def draw_stages(out: Path, formats: Sequence[str] = ("svg",)) -> list[Path]:
    """Render the theory after each stage of coding into *out* (``stage-<stage>``)."""
    written = []
    for stage in STAGES:
        project = build_project(stage)
        for fmt in formats:
            path = out / f"stage-{stage}.{fmt}"
            written.append(
                gtgraph.render(
                    project,
                    path,
                    level=STAGE_LEVELS[stage],
                    legend=stage == "final",
                    page=None if STAGE_LEVELS[stage] == "codes" else "a4",
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
        written = draw(DOCS_IMAGES, formats=("svg",)) + draw_stages(DOCS_IMAGES)
    else:
        written = draw(args.out) + draw_stages(args.out, ("svg", "png", "pdf"))
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
