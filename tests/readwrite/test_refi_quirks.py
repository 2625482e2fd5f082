"""Each quirk of real REFI-QDA files (format notes, section 7) is tolerated.

The fixtures under tests/data/refi/ were written for these tests; the README
there says which quirk each one carries.  Expected values are hand-counted.
"""

from __future__ import annotations

import importlib.util
import io
import random
import zipfile
from pathlib import Path

import pytest

import gtgraph
from gtgraph.readwrite import FormatWarning, read_qdc, read_qdpx, write_qdpx

_spec = importlib.util.spec_from_file_location(
    "refi_helpers", Path(__file__).with_name("refi_helpers.py")
)
helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(helpers)
FIXTURES = helpers.FIXTURES


def pack(folder, target, *, directories=False, extra=None):
    """Zip a fixture folder into a .qdpx (optionally with explicit directory entries)."""
    folder = FIXTURES / folder
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        seen = set()
        for path in sorted(folder.rglob("*")):
            if path.is_dir():
                continue
            name = path.relative_to(folder).as_posix()
            parent = name.rpartition("/")[0]
            if directories and parent and parent not in seen:
                archive.writestr(parent + "/", b"")
                seen.add(parent)
            archive.writestr(name, path.read_bytes())
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return target


def read(folder, tmp_path, **options):
    report = []
    project = read_qdpx(
        pack(folder, tmp_path / f"{folder}.qdpx", **options),
        errors="ignore",
        report=report,
    )
    return project, {w.what: w for w in report}


def spans(project):
    return sorted(
        (s.start, s.end, s.quote, tuple(c.name for c in project.codes_of(s)), s.coder)
        for s in project.segments
        if s.start is not None
    )


def test_q01_qde_named_after_project(tmp_path):
    """Quirk 1: a single .qde not named project.qde (ATLAS.ti 26's Trial.qde) is read."""
    project, _ = read("atlas_like", tmp_path)
    assert project.title == "Atlas-like"


def test_q01_several_qde_without_project_qde(tmp_path):
    """Quirk 1: several root .qde files and no project.qde is a clear FormatError."""
    path = pack(
        "atlas_like", tmp_path / "two.qdpx", extra={"Other.qde": b"<Project name='x'/>"}
    )
    with pytest.raises(gtgraph.FormatError, match=r"several \.qde"):
        read_qdpx(path)


def test_q02_sources_folder_case_root_and_directory_entries(tmp_path):
    """Quirk 2: 'Sources/', an empty '.root' and directory entries do not matter."""
    project, _ = read("nvivo_like", tmp_path, directories=True)
    assert (
        project.sources["comments"].text
        == "Line one \U0001f600 happy\nSecond line here\n"
    )


def test_q03_bare_plain_text_path(tmp_path):
    """Quirk 3: plainTextPath="board.txt" (no internal://) is found in sources/."""
    project, _ = read("qc_like", tmp_path)
    assert project.sources["board.txt"].text.startswith("Speaker 1: thank you.")


@pytest.mark.parametrize(
    "name",
    ["codebook_ns_colon.qdc", "codebook_ns_0_4.qdc", "codebook_no_namespace.qdc"],
)
def test_q04_namespace_variants(name):
    """Quirk 4: codebook:1:0, codebook:0:4 and no namespace all read the same codebook."""
    project = read_qdc(FIXTURES / name)
    assert [(c.name, c.definition) for c in project.codes] == [("code1", "description")]


def test_q04_wrong_namespace_refused():
    """Quirk 4: a namespace that is not urn:QDA-XML:* is a FormatError naming it."""
    with pytest.raises(gtgraph.FormatError, match="urn:example:not-refi"):
        read_qdc(FIXTURES / "codebook_wrong_namespace.qdc")


def test_q05_prologs(tmp_path):
    """Quirk 5: BOM before <?xml, CRLF, standalone and no declaration at all are read."""
    assert read_qdc(FIXTURES / "codebook_bom.qdc").codes.names() == ["code1"]
    project, _ = read("qc_like", tmp_path)  # no XML declaration
    assert len(project.segments) == 1
    project, _ = read("nvivo_like", tmp_path)  # CRLF, unused xmlns:xsd
    assert len(project.segments) == 2


def test_q06_text_encodings(tmp_path):
    """Quirk 6: BOM + CRLF text is read without the BOM and with LF line ends."""
    project, _ = read("nvivo_like", tmp_path)
    text = project.sources["comments"].text
    assert not text.startswith("\ufeff")
    assert "\r" not in text


def test_q06_utf16_text(tmp_path):
    """Quirk 6: a UTF-16 text file with its BOM is decoded."""
    folder = tmp_path / "u16"
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "A.txt").write_bytes("héllo wörld".encode("utf-16"))
    (folder / "project.qde").write_text(
        '<Project xmlns="urn:QDA-XML:project:1.0" name="u"><Sources>'
        '<TextSource guid="A0000000-0000-4000-8000-000000000001" name="a" plainTextPath="internal://A.txt"/>'
        "</Sources></Project>"
    )
    path = tmp_path / "u16.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        for item in folder.rglob("*.*"):
            archive.write(item, item.relative_to(folder).as_posix())
    assert read_qdpx(path).sources["a"].text == "héllo wörld"


def test_q07_nvivo_utf16_offsets(tmp_path):
    """Quirk 7: NVivo positions are UTF-16 units with CRLF as 2 (hand-counted spans)."""
    project, _ = read("nvivo_like", tmp_path)
    # UTF-16 12..17 is "happy" (the emoji takes 2 units); 19..30 is "Second line"
    assert spans(project) == [
        (11, 16, "happy", ("joy",), "Gergo"),
        (17, 28, "Second line", ("place",), "Gergo"),
    ]


def test_q07_atlas_crlf_once_and_clamping(tmp_path):
    """Quirk 7: ATLAS.ti counts CRLF once; out-of-range selections are clamped and reported."""
    project, warnings = read("atlas_like", tmp_path)
    text = project.sources["Interview.docx"].text
    found = {s[2]: s for s in spans(project)}
    assert found["I had cornflakes and milk."][:2] == (22, 48)
    assert "out-of-range" in warnings
    assert max(s.end for s in project.segments if s.end is not None) == len(text)


def test_q08_guid_spellings(tmp_path):
    """Quirk 8: braced, lower- and mixed-case GUIDs and non-GUID ids resolve to each other."""
    project, _ = read("nvivo_like", tmp_path)
    assert {c.name for s in project.segments for c in project.codes_of(s)} == {
        "joy",
        "place",
    }
    project, _ = read("qc_like", tmp_path)  # guid="1", "2", ...
    assert [c.name for s in project.segments for c in project.codes_of(s)] == ["thanks"]


def test_q09_placeholders(tmp_path):
    """Quirk 9: empty names and Descriptions are ignored; nameless sources are named by file."""
    project, _ = read("nvivo_like", tmp_path)
    assert len(project.memos) == 1  # the note only: no memo from empty Descriptions
    project, _ = read("qc_like", tmp_path)
    assert project.sources.names() == ["board.txt"]
    project, _ = read("atlas_like", tmp_path)
    assert "5293A7DD-8139-4811-88E4-3357E3AA64E1.mp4" in project.sources.names()


def _docx(paragraphs):
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "word/document.xml",
            f'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>',
        )
    return buffer.getvalue()


def test_q09_one_byte_txt_falls_back_to_docx(tmp_path):
    """Quirk 9: a one-byte .txt beside a .docx takes the .docx text, flagged unverifiable."""
    path = tmp_path / "mac15.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "project.qde",
            '<Project xmlns="urn:QDA-XML:project:1.0" origin="NVivo for Mac 15.0.0" name="m"><Sources>'
            '<TextSource guid="e65f5ee2-9a55-47f1-bb0b-4921d8ce15c4" name="e65f5ee2-9a55-47f1-bb0b-4921d8ce15c4"'
            ' richTextPath="internal://e65f5ee2-9a55-47f1-bb0b-4921d8ce15c4.docx"'
            ' plainTextPath="internal://e65f5ee2-9a55-47f1-bb0b-4921d8ce15c4.txt"/></Sources></Project>',
        )
        archive.writestr("sources/e65f5ee2-9a55-47f1-bb0b-4921d8ce15c4.txt", "\n")
        archive.writestr(
            "sources/e65f5ee2-9a55-47f1-bb0b-4921d8ce15c4.docx",
            _docx(["First para", "Second"]),
        )
        archive.writestr("sources/.root", "")
    report = []
    project = read_qdpx(path, errors="ignore", report=report)
    assert (
        project.sources.get("e65f5ee2-9a55-47f1-bb0b-4921d8ce15c4").text
        == "First para\nSecond"
    )
    assert [w.what for w in report] == ["docx-text"]


def test_q10_empty_sets_tolerated():
    """Quirk 10: Taguette's schema-invalid empty <Sets/> is read without complaint."""
    report = []
    project = read_qdc(FIXTURES / "codebook_taguette_like.qdc", report=report)
    assert project.codes.names() == ["interesting", "people", "interesting\\places"]
    assert report == []


def test_q11_flat_hierarchies_split_on_request(tmp_path):
    """Quirk 11: '::' (ATLAS.ti 8) and backslash (Taguette) paths become hierarchy on request."""
    path = pack("atlas_like", tmp_path / "a.qdpx")
    flat = read_qdpx(path, errors="ignore")
    assert "Coke::diet Coke" in flat.codes
    nested = read_qdpx(path, errors="ignore", separator="::")
    assert [c.name for c in nested.parents(nested.codes["diet Coke"].id)] == ["Coke"]
    assert "Coke" in nested.codes  # the code Coke, applied to data, stays a code
    book = read_qdc(FIXTURES / "codebook_taguette_like.qdc", separator="\\")
    assert [c.name for c in book.parents(book.codes["places"].id)] == ["interesting"]


def test_q12_variables_as_sets_and_nameless_cases(tmp_path):
    """Quirk 12: 'gender: male' sets and nameless cases become source attributes."""
    project, warnings = read("atlas_like", tmp_path)
    assert project.sources["Interview.docx"].attributes == {"gender": "male", "age": 67}
    project, warnings = read("maxqda_like", tmp_path)
    first, second = list(project.sources)
    assert first.attributes == {
        "year": 2024,
        "peer reviewed": True,
        "ICLS 2024 papers": True,
    }
    assert first.participant is None
    assert project.participant_of(second).name == "Author A"
    assert project.participants["Author A"].attributes == {"year": "not a number"}
    assert "bad-value" in warnings


def test_q13_memo_forms(tmp_path):
    """Quirk 13: selection Descriptions, inline notes, and file notes joined by a Link are memos."""
    project, _ = read("atlas_like", tmp_path)
    comment = next(m for m in project.memos if m.title.startswith("Comment on"))
    assert comment.text == "Mabel is not the only one."
    assert project.segments[comment.about[0]].quote == "I had cornflakes and milk."
    ad = project.memos["My favourite ad"]
    assert project.segments[ad.about[0]].quote == "00:17.70 \u2013 00:17.70"
    project, _ = read("nvivo_like", tmp_path)
    memo = project.memos["On joy"]
    assert memo.text == "Memo kept in a file.\nSecond memo line."
    assert [project.segments[x].quote for x in memo.about] == ["happy"]
    assert memo.author == "Gergo"


def test_q14_links(tmp_path):
    """Quirk 14: code links are typed relationships; other links are reported, not dropped silently."""
    project, warnings = read("atlas_like", tmp_path)
    found = sorted(
        (project.get(r.source).name, r.type, project.get(r.target).name)
        for r in project.relationships
    )
    assert found == [
        ("Coke", "goes with", "cornflakes"),
        ("rushed", "is cause of", "cornflakes"),
    ]
    assert project.relation_types["goes with"].symmetric
    assert warnings["links"].count == 1  # source-to-source
    assert warnings["link-ends"].count == 1  # a link without a target
    assert "graphs" in warnings


def test_q15_zero_length_and_inverted(tmp_path):
    """Quirk 15: zero-length selections are kept; inverted ones are swapped and reported."""
    project, warnings = read("atlas_like", tmp_path)
    found = spans(project)
    assert (5, 5, "", ("Coke::diet Coke",), None) in found
    assert (10, 20, "was rushed", ("rushed",), None) in found
    assert warnings["inverted"].count == 1


def test_q16_duplicate_source_names(tmp_path):
    """Quirk 16: sources sharing a name are kept apart, the later ones renamed."""
    project, _ = read("maxqda_like", tmp_path)
    assert project.sources.names() == ["ICLS 2024", "ICLS 2024 (2)"]
    assert [s.text for s in project.sources] == ["First paper.\n", "Second paper.\n"]


def test_q17_base_path_never_kept(tmp_path):
    """Quirk 17: basePath (a private local path) is not carried into the project or its export."""
    project, _ = read("atlas_like", tmp_path)
    write_qdpx(project, tmp_path / "out.qdpx")
    with zipfile.ZipFile(tmp_path / "out.qdpx") as archive:
        everything = b"".join(archive.read(n) for n in archive.namelist())
    assert b"sebpe" not in everything
    assert b"basePath" not in everything


def test_q18_members_streamed_with_limits(tmp_path):
    """Quirk 18: a large text member is read in bounded chunks and a bomb is refused (see test_safezip)."""
    path = tmp_path / "big.qdpx"
    rng = random.Random(0)  # noqa: S311 - reproducible test text, not secrets
    words = ["peer", "support", "trust", "worker", "planet", "same", "felt", "heard"]
    text = " ".join(
        rng.choice(words) + str(rng.randrange(1000)) for _ in range(200_000)
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "project.qde",
            '<Project xmlns="urn:QDA-XML:project:1.0" name="big"><Sources>'
            '<TextSource guid="B0000000-0000-4000-8000-000000000001" name="b" plainTextPath="internal://b.txt"/>'
            "</Sources></Project>",
        )
        archive.writestr("sources/b.txt", text)
    assert len(read_qdpx(path).sources["b"].text) == len(text)


def test_losses_are_warned(tmp_path):
    """By default every kind of loss is a FormatWarning naming the file."""
    path = pack("atlas_like", tmp_path / "a.qdpx")
    with pytest.warns(FormatWarning) as caught:
        read_qdpx(path)
    messages = [str(w.message) for w in caught]
    assert all(m.startswith("a.qdpx: ") for m in messages)
    assert any("links that join neither two codes" in m for m in messages)


def test_errors_raise(tmp_path):
    """errors='raise' turns the losses into one FormatError listing them."""
    path = pack("atlas_like", tmp_path / "a.qdpx")
    with pytest.raises(gtgraph.FormatError, match="cannot be represented"):
        read_qdpx(path, errors="raise")


def test_bad_errors_option():
    """An unknown errors= value is refused."""
    with pytest.raises(gtgraph.ValidationError, match="errors must be"):
        read_qdc(FIXTURES / "codebook_bom.qdc", errors="loud")
