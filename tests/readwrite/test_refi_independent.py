"""Another program reads gtgraph's REFI-QDA files: qc (``qualitative-coding`` on PyPI).

qc 1.7.8 is an independent REFI-QDA reader (cproctor/qualitative-coding).  It
validates ``project.qde`` against the REFI-QDA schema, then imports users,
codes, text sources and codings into its own corpus; it places a coding on the
line named by a selection's ``line:N`` name, and otherwise on line 0 (its own
limitation).  Its release ships a stray ``breakpoint()``, switched off here
with ``PYTHONBREAKPOINT=0``.
"""

from __future__ import annotations

import importlib.util
import warnings
import zipfile
from pathlib import Path

import pytest
from defusedxml import ElementTree

import gtgraph
from gtgraph.readwrite import FormatWarning, read_qdpx, write_qdpx

_spec = importlib.util.spec_from_file_location(
    "refi_helpers", Path(__file__).with_name("refi_helpers.py")
)
helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(helpers)

pytest.importorskip(
    "qualitative_coding.refi_qda.reader",
    reason="qc (pip install qualitative-coding) is not installed",
)


def _qc_read(path, folder, monkeypatch):
    """What qc sees in a .qdpx: documents, codebook names, (code, coder, line, doc)."""
    from qualitative_coding.refi_qda.reader import REFIQDAReader

    monkeypatch.setenv("PYTHONBREAKPOINT", "0")
    folder.mkdir()
    monkeypatch.chdir(folder)  # qc writes its settings into the working folder
    reader = REFIQDAReader(str(path.resolve()))
    reader.unpack_project(folder)
    corpus = reader.corpus
    with corpus.session():
        documents = sorted(d.file_path for d in corpus.get_documents())
        codes = sorted(corpus.get_codebook().flatten(names=True))
        lines = sorted(tuple(row) for row in corpus.get_coded_lines())
    return documents, codes, lines


def _write(project, path, **options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FormatWarning)
        return write_qdpx(project, path, **options)


def test_qc_sees_the_same_sources_codes_and_codings(tmp_path, monkeypatch):
    """qc reads a gtgraph project's sources, codes and who coded what with which code."""
    p = gtgraph.Project(title="Peer support")
    s1 = p.add_source("P01", text="I felt heard.\nShe had been there too.")
    s2 = p.add_source("P02", text="Nobody listened.")
    p.code(s1, quote="felt heard", codes="being heard", coder="HB")
    p.code(s1, quote="had been there", codes=["shared experience"], coder="RK")
    p.code(s2, quote="Nobody listened", codes="not heard", coder="HB")
    p.categorize("being heard", "Being understood")
    p.categorize("not heard", "Being understood")
    out = _write(p, tmp_path / "study.qdpx")
    documents, codes, lines = _qc_read(out, tmp_path / "qc", monkeypatch)
    assert documents == ["P01.txt", "P02.txt"]
    assert codes == sorted(r.name for r in (*p.codes, *p.categories))
    source_name = {s.id: s.name for s in p.sources}
    expected = sorted(
        (
            p.codes[c.code].name,
            c.coder,
            f"{source_name[p.segments[c.segment].source]}.txt",
        )
        for c in p.codings
    )
    assert sorted((code, coder, doc) for code, coder, _, doc in lines) == expected


def _expected_qc_lines(sample):
    """(code name, coder, line, document) of each coding of a qc file, from its XML."""
    with zipfile.ZipFile(sample) as archive:
        root = ElementTree.fromstring(archive.read("project.qde"))

    def local(tag):
        return tag.rsplit("}", 1)[-1]

    users = {
        u.attrib["guid"].lower(): u.attrib["name"]
        for u in root.iter()
        if local(u.tag) == "User"
    }
    codes = {
        c.attrib["guid"].lower(): c.attrib["name"]
        for c in root.iter()
        if local(c.tag) == "Code"
    }
    rows = set()
    for source in root.iter():
        if local(source.tag) != "TextSource":
            continue
        document = source.attrib["plainTextPath"].rsplit("/", 1)[-1]
        for selection in source:
            if local(selection.tag) != "PlainTextSelection":
                continue
            line = int(selection.attrib["name"].removeprefix("line:"))
            for coding in selection:
                if local(coding.tag) != "Coding":
                    continue
                (ref,) = [r for r in coding if local(r.tag) == "CodeRef"]
                code = codes[ref.attrib["targetGUID"].lower()]
                rows.add(
                    (code, users[coding.attrib["creatingUser"].lower()], line, document)
                )
    return sorted(rows)


@pytest.mark.needs_shared
def test_qc_reads_its_own_project_back_after_a_trip(tmp_path, monkeypatch):
    """qc's demo, taken through gtgraph, gives qc the same coded lines it holds."""
    sample = helpers.SAMPLES / "qc" / "qc_demo_qc-1.3.2.qdpx"
    project = read_qdpx(sample, errors="ignore")
    out = _write(project, tmp_path / "demo.qdpx")
    _, codes, lines = _qc_read(out, tmp_path / "qc", monkeypatch)
    expected = _expected_qc_lines(sample)
    assert len(expected) > 150
    assert lines == expected
    assert len(codes) == 262
