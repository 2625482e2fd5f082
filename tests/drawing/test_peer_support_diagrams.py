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
    project = script.example().build_project()
    root = ET.fromstring((tmp_path / "peer-support-categories.svg").read_bytes())  # noqa: S314
    drawn = " ".join(" ".join(t.itertext()) for t in root.iter(SVG + "text"))
    drawn = " ".join(drawn.split())
    for category in project.categories:
        assert " ".join(category.name.split()) in drawn
