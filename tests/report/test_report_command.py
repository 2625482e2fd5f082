"""The ``gtgraph report`` command and the report that ``gtgraph demo`` writes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import ROOT

from gtgraph.cli import main
from gtgraph.demo import build_project


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    path = tmp_path_factory.mktemp("report-cli") / "study.gtg.json"
    build_project().save(path)
    return path


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="gtgraph")


def data_of(page: str) -> dict:
    found = re.search(
        r'<script type="application/json" id="gt-data">(.*?)</script>', page, re.DOTALL
    )
    return json.loads(found[1])


@pytest.mark.needs_dot
def test_report_writes_one_html_file(study, tmp_path):
    """gtgraph report writes the page, with the diagram and the saturation section."""
    out = tmp_path / "report.html"
    result = invoke("report", study, "-o", out, "--seed", "3")
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert 'id="diagram-categories"' in page and "<svg" in page
    assert 'id="saturation"' in page
    assert '<th scope="row">seed</th><td><code>3</code>' in page
    assert f"Wrote {out}" in result.output
    assert list(tmp_path.iterdir()) == [out]


def test_report_options(study, tmp_path):
    """--no-quotes, --no-memos, --pseudonymize, --level and --no-saturation reach the page."""
    out = tmp_path / "r.html"
    project = build_project()
    result = invoke(
        "report",
        study,
        "-o",
        out,
        "--no-quotes",
        "--no-memos",
        "--pseudonymize",
        "--level",
        "themes",
        "--no-saturation",
    )
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    data = data_of(page)
    assert data["memos"] == {}
    assert all(segment[1] == "" for segment in data["segments"])
    assert 'id="saturation"' not in page
    assert 'id="diagram-themes"' in page and 'id="diagram-categories"' not in page
    # every participant's name is replaced by a pseudonym
    names = {p.name for p in project.participants}
    shown = {source[1] for source in data["sources"]}
    assert len(shown) == len(names) and not shown & names
    quote = next(iter(project.segments)).quote
    assert quote not in page


def test_report_refuses_other_extensions(study, tmp_path):
    """An output that is not .html is refused with one line, and nothing is written."""
    result = invoke("report", study, "-o", tmp_path / "report.pdf")
    assert result.exit_code == 2
    assert "use a .html file" in result.output
    assert not (tmp_path / "report.pdf").exists()


def test_report_of_a_missing_file(tmp_path):
    """A missing project file is a one-line input error."""
    result = invoke("report", tmp_path / "none.gtg.json", "-o", tmp_path / "r.html")
    assert result.exit_code == 2
    assert "no such file" in result.output


@pytest.mark.needs_dot
def test_demo_writes_the_report(tmp_path):
    """gtgraph demo writes gtgraph-demo/report.html, one file of at most 2 MB."""
    result = invoke("demo", "--out", tmp_path / "demo")
    assert result.exit_code == 0, result.output
    report = tmp_path / "demo" / "report.html"
    assert report.stat().st_size <= 2_000_000
    page = report.read_text(encoding="utf-8")
    assert "Shared identity" in page and "<svg" in page
    assert str(report) in result.output


def test_demo_report_without_graphviz(tmp_path):
    """Without Graphviz the demo's report still opens and says how to install it."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PATH": "/nonexistent",
        "GTGRAPH_DOT": "",
        "GRAPHVIZ_DOT": "",
    }
    done = subprocess.run(
        [sys.executable, "-m", "gtgraph", "demo", "--out", str(tmp_path / "demo")],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "demo" / "report.html").read_text(encoding="utf-8")
    assert "Graphviz is not installed" in page
    assert "<svg" in page or "matplotlib" in page  # the plot, when matplotlib is there
    assert 'data-concept="' in page  # the concept list still opens every panel
