"""The gtgraph command: every subcommand, its help, exit codes and outputs."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner
from conftest import ROOT
from taguette_db import make

import gtgraph
from gtgraph.cli import main
from gtgraph.demo import build_project

COMMANDS = sorted(main.commands)


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "study.gtg.json"
    build_project().save(path)
    return path


def command(*args, **kwargs):
    """Run ``python -m gtgraph`` in a child process (finding this checkout's gtgraph)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), **kwargs.pop("env", {})}
    return subprocess.run(
        [sys.executable, "-m", "gtgraph", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        **kwargs,
    )


def invoke(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="gtgraph")


@pytest.mark.parametrize("command", COMMANDS)
def test_help_with_examples(command):
    """Every subcommand has help with at least one example."""
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.output
    assert f"gtgraph {command}" in result.output


def test_top_level_help_lists_every_command():
    """gtgraph --help names every subcommand."""
    result = invoke("--help")
    assert result.exit_code == 0
    for command in COMMANDS:
        assert command in result.output


def test_version():
    """--version prints the version."""
    assert gtgraph.__version__ in invoke("--version").output


def test_demo_writes_its_files(tmp_path):
    """gtgraph demo prints the summary and the saturation report and writes files."""
    result = invoke("demo", "--out", tmp_path / "demo")
    assert result.exit_code == 0, result.output
    assert (
        "The process of disclosure"
        in gtgraph.load(tmp_path / "demo" / "peer-support.gtg.json").categories
    )
    assert "participants   10" in result.output
    assert "Guest et al. (2020)" in result.output
    assert (tmp_path / "demo" / "codebook.md").read_text().startswith("| code |")


def test_info(study):
    """info summarises the project."""
    result = invoke("info", study)
    assert result.exit_code == 0
    assert "codes          37" in result.output
    assert "coders         HB, RK" in result.output
    verbose = invoke("-v", "info", study)
    assert "being on the same planet" in verbose.output


@pytest.mark.parametrize(
    ("fmt", "check"),
    [
        ("text", lambda out: out.startswith("Saturation of categories by source")),
        ("markdown", lambda out: out.startswith("## Saturation")),
        ("json", lambda out: json.loads(out)["level"] == "category"),
    ],
)
def test_saturation_formats(study, fmt, check):
    """saturation prints text, Markdown or JSON."""
    result = invoke(
        "saturation",
        study,
        "--level",
        "category",
        "--format",
        fmt,
        "--seed",
        "3",
        "--permutations",
        "50",
    )
    assert result.exit_code == 0, result.output
    assert check(result.output)


def test_saturation_to_file_and_plot(study, tmp_path):
    """saturation writes the report and the plot to files."""
    pytest.importorskip("matplotlib")
    out, plot = tmp_path / "s.md", tmp_path / "s.png"
    result = invoke(
        "saturation",
        study,
        "--format",
        "markdown",
        "-o",
        out,
        "--plot",
        plot,
        "--seed",
        "1",
    )
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("## Saturation")
    assert plot.read_bytes().startswith(b"\x89PNG")


def test_convert_round_trip(study, tmp_path):
    """convert writes REFI-QDA and reads it back."""
    qdpx, back = tmp_path / "s.qdpx", tmp_path / "back.gtg.json"
    assert invoke("convert", study, qdpx).exit_code == 0
    assert invoke("convert", qdpx, back).exit_code == 0
    project = gtgraph.load(back)
    assert project.codes.names() == gtgraph.load(study).codes.names()


def test_convert_through_a_codebook_and_to_diagram_text(study, tmp_path):
    """convert writes and reads a REFI-QDA codebook, and writes .gv and .mmd text."""
    qdc, back = tmp_path / "c.qdc", tmp_path / "back.gtg.json"
    assert invoke("convert", study, qdc).exit_code == 0
    assert qdc.read_text(encoding="utf-8").startswith("<?xml")
    assert invoke("convert", qdc, back).exit_code == 0
    assert set(gtgraph.load(back).codes.names()) == set(
        gtgraph.load(study).codes.names()
    )
    for name, head in (("t.gv", "digraph"), ("t.mmd", "flowchart")):
        assert invoke("convert", study, tmp_path / name).exit_code == 0
        assert (tmp_path / name).read_text().startswith(head)


def test_convert_to_csv_and_codebook(study, tmp_path):
    """convert writes a segments table; codebook writes Markdown and CSV."""
    assert invoke("convert", study, tmp_path / "segments.csv").exit_code == 0
    assert (
        (tmp_path / "segments.csv")
        .read_text()
        .startswith("id,document,participant,code")
    )
    assert (
        invoke("codebook", study, "-o", tmp_path / "c.csv", "--no-quotes").exit_code
        == 0
    )
    assert (tmp_path / "c.csv").read_text().startswith("code,definition")
    result = invoke("codebook", study)
    assert "| being on the same planet |" in result.output


def test_import_taguette(tmp_path):
    """import-taguette converts a Taguette database."""
    db = make(tmp_path / "t.sqlite3")
    out = tmp_path / "t.gtg.json"
    result = invoke("import-taguette", db, out)
    assert result.exit_code == 0, result.output
    assert "food" in gtgraph.load(out).categories


@pytest.mark.parametrize(
    "args",
    [
        ("info", "missing.gtg.json"),
        ("info", "notes.txt"),
        ("convert", "missing.qdpx", "x.gtg.json"),
        ("saturation", "x.gtg.json", "--level", "nonsense"),
        ("codebook", "x.gtg.json", "-o", "codebook.docx"),
        ("import-taguette", "missing.sqlite3", "x.gtg.json"),
        ("nonsense",),
    ],
)
def test_bad_input_exits_2_with_one_line(args, tmp_path, study):
    """Bad paths, formats and options exit with 2 and a one-line message."""
    args = [str(study) if a == "x.gtg.json" else a for a in args]
    (tmp_path / "notes.txt").write_text("hello")
    result = command(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("gtgraph: error: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_corrupt_file_is_an_input_error(tmp_path):
    """A damaged project file gives exit 2 and names the place; --debug shows the traceback."""
    bad = tmp_path / "bad.gtg.json"
    bad.write_text('{"format": "gtgraph-project", "format_version": 1, "codes": [1]}')
    result = command("info", bad)
    assert result.returncode == 2
    assert "codes[0]" in result.stderr
    debug = command("--debug", "info", bad)
    assert "Traceback" in debug.stderr


def test_output_to_stdout_and_quiet(study, tmp_path):
    """'-' writes to standard output; -q hides reader warnings."""
    result = invoke(
        "-q", "saturation", study, "--format", "json", "-o", "-", "--permutations", "0"
    )
    assert result.exit_code == 0
    assert len(json.loads(result.output)["units"]) == 10


def test_no_colour_when_piped(study):
    """Output has no terminal escape codes when it is not a terminal."""
    result = command("info", study, env={"TERM": "xterm-256color"})
    assert "\x1b[" not in result.stdout


def test_python_dash_m():
    """python -m gtgraph runs the command."""
    result = command("--help")
    assert result.returncode == 0
    assert "Usage: gtgraph" in result.stdout


def test_commands_are_click_commands():
    """Each subcommand is a click command over one API call (sanity of the group)."""
    assert all(isinstance(cmd, click.Command) for cmd in main.commands.values())


def test_check_and_strict(study):
    """check prints the findings; --strict exits with 1 when there are warnings."""
    result = invoke("check", study)
    assert result.exit_code == 0
    assert "[code-without-category]" in result.output
    assert invoke("check", study, "--strict").exit_code == 1
    only = invoke("check", study, "--rule", "memo-about-nothing", "--format", "json")
    assert {f["rule"] for f in json.loads(only.output)} == {"memo-about-nothing"}


def test_project_methods_delegate():
    """Project.check, as_of and provenance give what the functions give."""
    project = build_project()
    assert project.check() == gtgraph.check(project)
    assert project.as_of(3) == gtgraph.as_of(project, 3)
    assert project.provenance("Shared identity") == gtgraph.provenance(
        project, "Shared identity"
    )


@pytest.mark.needs_dot
@pytest.mark.parametrize("name", ["t.svg", "t.png", "t.pdf"])
def test_draw_renders(study, tmp_path, name):
    """draw renders SVG, PNG and PDF with Graphviz."""
    out = tmp_path / name
    result = invoke("draw", study, "-o", out, "--legend", "--level", "codes")
    assert result.exit_code == 0, result.output
    head = out.read_bytes()[:8]
    assert head.startswith((b"<?xml", b"<svg", b"\x89PNG", b"%PDF"))


def test_draw_text_outputs(study, tmp_path):
    """draw writes DOT and Mermaid text, and DOT to the terminal with -o -."""
    assert invoke("draw", study, "-o", tmp_path / "t.dot").exit_code == 0
    assert (tmp_path / "t.dot").read_text().startswith("digraph")
    assert invoke("draw", study, "-o", tmp_path / "t.mmd").exit_code == 0
    assert (tmp_path / "t.mmd").read_text().startswith("flowchart")
    assert invoke("draw", study, "-o", "-", "--level", "themes").output.startswith(
        "digraph"
    )


@pytest.mark.parametrize("name", ["g.graphml", "g.gexf", "g.json"])
def test_convert_graph_exports(study, tmp_path, name):
    """convert writes the project graph for Gephi, yEd and Cytoscape."""
    out = tmp_path / name
    assert invoke("convert", study, out).exit_code == 0
    assert out.stat().st_size > 0


def test_without_graphviz(study, tmp_path):
    """Without Graphviz, draw says how to install it and demo still writes the DOT text."""
    env = {"PATH": "/nonexistent", "GTGRAPH_DOT": "", "GRAPHVIZ_DOT": ""}
    result = command("draw", study, "-o", tmp_path / "t.svg", env=env)
    assert result.returncode == 2
    assert "apt-get install graphviz" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    demo = command("demo", "--out", tmp_path / "demo", env=env)
    assert demo.returncode == 0, demo.stderr
    assert (
        (tmp_path / "demo" / "peer-support-categories.dot")
        .read_text()
        .startswith("digraph")
    )
    assert "install graphviz" in demo.stderr.lower()


def _qde(path):
    import zipfile

    from defusedxml import ElementTree

    return ElementTree.fromstring(zipfile.ZipFile(path).read("project.qde"))


def test_convert_target_sets_the_position_unit_and_graph_adds_a_network(tmp_path):
    """convert --target nvivo counts UTF-16 units; --graph writes the theory as a Graph."""
    text = "Vorher 😀😀 dann: we were alike."
    quote = "we were alike"
    start = text.index(quote)
    p = gtgraph.Project(title="t")
    p.add_source("P01", text=text)
    p.code("P01", start, start + len(quote), ["alike"])
    p.add_category("Being alike")
    p.add_category("Trust")
    p.relate("Being alike", "leads to", "Trust")
    study = tmp_path / "s.gtg.json"
    p.save(study)
    ns = "{urn:QDA-XML:project:1.0}"
    written = {}
    for program in ("nvivo", "generic"):
        out = tmp_path / f"{program}.qdpx"
        args = ["convert", study, out, "--target", program, "--graph", "categories"]
        result = invoke(*args)
        assert result.exit_code == 0, result.output
        root = _qde(out)
        (sel,) = root.iter(f"{ns}PlainTextSelection")
        written[program] = int(sel.get("startPosition")), int(sel.get("endPosition"))
        vertices = {v.get("name") for v in root.iter(f"{ns}Vertex")}
        edges = [e.get("name") for e in root.iter(f"{ns}Edge")]
        assert vertices == {"Being alike", "Trust"}
        assert edges == ["leads to"]
    # two astral characters before the quote: two UTF-16 units each, one code point
    units = len(text[:start].encode("utf-16-le")) // 2
    assert written["nvivo"] == (units, units + len(quote))
    assert written["generic"] == (start, start + len(quote))
    assert units == start + 2


def test_convert_target_without_qdpx_output_is_a_usage_error(study, tmp_path):
    """--target and --graph are refused, with a reason, for output other than .qdpx."""
    out = tmp_path / "s.csv"
    result = invoke("convert", study, out, "--target", "nvivo")
    assert result.exit_code == 2
    assert ".qdpx" in result.output
    assert not out.exists()
    result = invoke("convert", study, tmp_path / "s.qdpx", "--graph", "rivers")
    assert result.exit_code == 2
    assert "rivers" in result.output
