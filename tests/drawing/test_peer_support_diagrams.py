"""The worked example renders at every level to SVG, PNG and PDF."""

from __future__ import annotations

import importlib.util
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SVG = "{http://www.w3.org/2000/svg}"
MAGIC = {"svg": b"<?xml", "png": b"\x89PNG", "pdf": b"%PDF"}


def load_script():
    spec = importlib.util.spec_from_file_location(
        "gtgraph_peer_support_diagrams", ROOT / "examples" / "peer_support_diagrams.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.needs_dot
def test_every_level_in_every_format(tmp_path):
    """Codes, categories and themes (and the evidence view) come out as SVG, PNG and PDF."""
    script = load_script()
    written = script.draw(tmp_path)
    assert len(written) == 4 * 3
    for path in written:
        assert path.read_bytes().startswith(MAGIC[path.suffix[1:]]), path
    from gtgraph.demo import build_project

    project = build_project()
    root = ET.fromstring((tmp_path / "peer-support-categories.svg").read_bytes())  # noqa: S314
    drawn = " ".join(" ".join(t.itertext()) for t in root.iter(SVG + "text"))
    drawn = " ".join(drawn.split())
    for category in project.categories:
        assert " ".join(category.name.split()) in drawn


@pytest.mark.needs_dot
def test_each_stage_is_drawn(tmp_path):
    """The theory after each stage of coding renders, as the tutorial shows it."""
    from gtgraph.demo import STAGES

    written = load_script().draw_stages(tmp_path)
    assert [p.name for p in written] == [f"stage-{s}.svg" for s in STAGES]
    for path in written:
        ET.fromstring(path.read_bytes())  # noqa: S314 - our own output


def test_many_loose_codes_are_laid_out_in_a_grid():
    """A box of many unconnected codes is spread over several ranks, not one long column."""
    import gtgraph

    p = gtgraph.Project()
    for i in range(30):
        p.add_code(f"code {i}")
    dot = gtgraph.to_dot(p, level="codes", rankdir="LR")
    invisible = [line for line in dot.splitlines() if "->" in line and "invis" in line]
    # 30 codes in depth-3 chains for a left-to-right layout: 10 chains of 3 nodes
    assert len(invisible) == 30 - 10
    # top to bottom: ranks are rows, so 9 rows (about sqrt(3 * 30)) of 4 chains
    tall = gtgraph.to_dot(p, level="codes", rankdir="TB")
    assert len([x for x in tall.splitlines() if "->" in x and "invis" in x]) == 30 - 4
