"""The saturation command's settings, sensitivity grid and methods paragraph."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from gtgraph.cli import main
from gtgraph.demo import build_project


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    """The demo study saved to a file."""
    path = tmp_path_factory.mktemp("saturation-cli") / "study.gtg.json"
    build_project().save(path)
    return path


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="gtgraph")


def test_rule_settings(study):
    """--base, --run and --threshold reach the Guest rule; --initial/--stop Francis."""
    result = invoke(
        "saturation", study, "--format", "json", "--seed", "1", "--permutations", "0",
        "--base", "6", "--run", "3", "--threshold", "0", "--initial", "6", "--stop", "2",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    guest = data["guest"]
    assert (guest["base"], guest["run"], guest["threshold"]) == (6, 3, 0.0)
    francis = data["francis"]
    assert (francis["initial"], francis["stop"]) == (6, 2)
    # new codes per source 16 8 3 4 1 0 3 0 1 1: after 6, units 8-9 (0, 1) and
    # 9-10 (1, 1) add codes, so no 2-unit window is empty
    assert francis["saturated"] is False
    assert francis["holds_at_end"] is False


def test_sensitivity(study):
    """--sensitivity prints the grid alone, with the chosen setting in it."""
    result = invoke("saturation", study, "--sensitivity", "--base", "5", "--seed", "1")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == [
        "rule", "settings", "outcome", "new", "after", "the", "point", "last", "run", "meets",
    ]  # fmt: skip
    assert any("base 5, run 2, threshold 5%" in line for line in lines)
    assert any(
        line.startswith("Guest    base 4, run 2, threshold 5%  met at 4+2")
        for line in lines
    )
    as_json = invoke(
        "saturation", study, "--sensitivity", "--format", "json", "--seed", "1"
    )
    rows = json.loads(as_json.output)
    assert {r["rule"] for r in rows} == {"guest", "francis"}


def test_methods(study, tmp_path):
    """--methods writes the methods paragraph, with the seed recorded."""
    out = tmp_path / "methods.md"
    result = invoke("saturation", study, "--methods", "--seed", "7", "-o", out)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("## Saturation (methods)")
    assert "seed 7" in text
    assert "COREQ item 22" in text


def test_sensitivity_and_methods_together_is_an_error(study):
    """The two single-section outputs cannot be combined."""
    result = invoke("saturation", study, "--sensitivity", "--methods")
    assert result.exit_code == 2
    assert "not both" in result.output


@pytest.mark.parametrize(
    "args",
    [("--threshold", "5"), ("--base", "0"), ("--stop", "0"), ("--replicates", "-1")],
)
def test_bad_settings(study, args):
    """Out-of-range settings are refused before any work, naming the option."""
    result = invoke("saturation", study, *args)
    assert result.exit_code == 2
    assert args[0] in result.output
