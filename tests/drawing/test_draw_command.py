"""The ``gtgraph draw`` command's page, selection, label, key and resolution options."""

from __future__ import annotations

import re
import struct

import pytest
from click.testing import CliRunner
from drawing.geometry import CM, measure

from gtgraph.cli import main
from gtgraph.demo import build_project


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    path = tmp_path_factory.mktemp("draw") / "study.gtg.json"
    build_project().save(path)
    return path


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="gtgraph")


@pytest.mark.needs_dot
def test_draw_says_what_it_wrote(study, tmp_path):
    """Success prints the file, its printed size, the page and the smallest type."""
    out = tmp_path / "t.svg"
    result = invoke("draw", study, "-o", out)
    assert result.exit_code == 0, result.output
    said = re.fullmatch(
        r"Wrote (.+): ([\d.]+) x ([\d.]+) cm, fits the 16 x 24 cm page, "
        r"smallest type ([\d.]+) pt\n",
        result.output,
    )
    assert said is not None, result.output
    assert said.group(1) == str(out)
    g = measure(out.read_bytes())
    # the size printed is the size drawn (Graphviz rounds to whole points)
    assert float(said.group(2)) == pytest.approx(g.width / CM, abs=0.1)
    assert float(said.group(3)) == pytest.approx(g.height / CM, abs=0.1)
    assert float(said.group(4)) >= 7


@pytest.mark.needs_dot
def test_page_option(study, tmp_path):
    """--page takes a name, WIDTHxHEIGHT in cm, or none; the drawing fits it."""
    out = tmp_path / "t.svg"
    assert invoke("draw", study, "-o", out, "--page", "12x30").exit_code == 0
    g = measure(out.read_bytes())
    assert g.width <= 12 * CM + 1
    assert g.height <= 30 * CM + 1
    result = invoke("draw", study, "-o", out, "--page", "none")
    assert "cm page" not in result.output  # the natural size, no page to fit
    result = invoke("draw", study, "-o", out, "--page", "a3")
    assert result.exit_code == 2
    assert "'a3' is not a page" in result.output
    assert "a4, letter" in result.output


@pytest.mark.needs_dot
def test_too_large_a_diagram_warns_in_the_commands_words(study, tmp_path):
    """The whole code level on A4 warns with the options to use, and still draws."""
    out = tmp_path / "codes.svg"
    result = invoke("draw", study, "-o", out, "--level", "codes")
    assert result.exit_code == 0
    assert "gtgraph: warning: the diagram does not fit" in result.output
    assert "--level categories or themes" in result.output
    assert "--include/--exclude" in result.output
    assert "is scaled down to the 16 x 24 cm page" in result.output
    assert out.exists()


def test_include_exclude_edge_labels_and_legend(study):
    """--include/--exclude select elements; --edge-labels and --legend reach the DOT."""
    hope = invoke("draw", study, "-o", "-", "--include", "Hope and recovery")
    assert "Rebuilding a" in hope.output
    assert "Shared" not in hope.output
    without = invoke("draw", study, "-o", "-", "--exclude", "Hope and recovery")
    assert "Rebuilding a" not in without.output
    assert "Shared" in without.output
    plain = invoke("draw", study, "-o", "-", "--edge-labels", "none", "--no-legend")
    assert "leads to" not in plain.output
    keyed = invoke("draw", study, "-o", "-", "--edge-labels", "none")
    assert "Key" in keyed.output  # no names on the lines: the key explains them
    assert "leads to" in keyed.output
    bad = invoke("draw", study, "-o", "-", "--include", "no such thing")
    assert bad.exit_code != 0


@pytest.mark.needs_dot
@pytest.mark.parametrize("dpi", [72, 300])
def test_dpi_sets_the_png_resolution(study, tmp_path, dpi):
    """--dpi renders a PNG with that many pixels per inch of the printed size."""
    out = tmp_path / "t.png"
    result = invoke("draw", study, "-o", out, "--dpi", dpi, "--level", "themes")
    assert result.exit_code == 0, result.output
    width_cm = float(re.search(r": ([\d.]+) x", result.output).group(1))
    data = out.read_bytes()
    width_px = struct.unpack(">I", data[16:20])[0]  # the PNG header's IHDR width
    assert width_px == pytest.approx(width_cm / 2.54 * dpi, rel=0.03)
