"""The HTML report of a 100,000-segment project, next to ``json.dumps`` of its panels' data.

The target is that the report is written in about 5 seconds: as a ratio, at
most :data:`RATIO` times the reference measured side by side.

The figure is :func:`gtgraph.write_html` with its defaults (saturation report
and plot, category and theme diagrams through Graphviz, every quote kept for
the panels); the reference serialises the same panel data with plain
``json.dumps``, the least any page carrying those quotes must do.  With
Chromium installed, the page is also opened and a panel with thousands of
quotes shown, to check that it stays usable (quotes are rendered on demand).

    python benchmarks/bench_report.py            # 100,000 segments
    python benchmarks/bench_report.py --quick    # 20,000 segments
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import Result, median_time, side_by_side, table
from synthetic import make_project

import gtgraph
from gtgraph.report._data import panel_data

#: The target, as a ratio to the reference measured in the same run: 5 seconds
#: where ``json.dumps`` of the 25 MB of panel data takes 0.4 s (an unloaded
#: 2-core machine), so that the target holds on slower and busier machines too.
RATIO = 12


def _browser_results(path: Path, project: gtgraph.Project, size: str) -> list[Result]:
    """Open the report in Chromium and open the panel of its most grounded category."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return []
    if chromium is None:
        return []
    biggest = max(project.categories, key=lambda c: project.grounding(c).segments)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            args=["--headless", "--no-sandbox", "--disable-gpu"],
        )
        page = browser.new_page()
        start = time.perf_counter()
        page.goto(path.resolve().as_uri())
        page.wait_for_load_state("load")
        opened = time.perf_counter() - start
        start = time.perf_counter()
        page.goto(f"{path.resolve().as_uri()}#concept={biggest.id}")
        page.wait_for_selector("#panel .quote-item")
        panel = time.perf_counter() - start
        shown = page.locator("#panel .quote-item").count()
        browser.close()
    grounded = project.grounding(biggest).segments
    return [
        Result(
            "open the report in Chromium", size, opened, "", None, "<= 5 s", opened <= 5
        ),
        Result(
            f"open a panel of {grounded:,} quotes ({shown} shown)",
            size,
            panel,
            "",
            None,
            "<= 2 s",
            panel <= 2,
        ),
    ]


def benchmarks(*, quick: bool = False) -> list[Result]:
    """Time write_html for 100,000 segments against json.dumps of its data."""
    segments = 20_000 if quick else 100_000
    project = make_project(
        segments=segments,
        sources=200,
        codes=500,
        categories=50,
        relationships=200,
        words=(2_000, 4_000),
    )
    size = f"{segments:,} segments, 500 codes, 50 categories, 200 sources"
    folder = Path(tempfile.mkdtemp(prefix="gtgraph-bench-"))
    target = folder / "report.html"
    data = panel_data(project).to_json_data()
    gtgraph.write_html(project, target, saturation={"seed": 1})  # warm imports
    ours, ref = side_by_side(
        lambda: gtgraph.write_html(project, target, saturation={"seed": 1}),
        lambda: json.dumps(data, ensure_ascii=False),
        repeat=3,
    )
    panels = median_time(lambda: panel_data(project), repeat=3)
    results = [
        Result(
            "HTML report (write_html)",
            size,
            ours,
            "json.dumps of the panels' data",
            ref,
            f"<= {RATIO}x reference",
            ours <= RATIO * ref,
        ),
        Result(
            "the panels' data (one pass over the segments)",
            size,
            panels,
            "json.dumps of the panels' data",
            ref,
            "",
            True,
        ),
    ]
    results += _browser_results(target, project, size)
    print(f"report size: {target.stat().st_size / 1e6:.1f} MB", file=sys.stderr)
    shutil.rmtree(folder)
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20,000 segments")
    print(table(benchmarks(quick=parser.parse_args().quick)))
