"""Hostile and broken REFI-QDA files give FormatError, never another exception."""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import io
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gtgraph
from gtgraph.readwrite import read_qdc, read_qdpx, write_qdpx

_spec = importlib.util.spec_from_file_location(
    "test_safezip_helpers", Path(__file__).with_name("test_safezip.py")
)
zips = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(zips)

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&xxe;"/>"""

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE Project [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&d;"/>"""


archive = zips._zip  # the zip helper of the archive tests


@pytest.mark.parametrize(("label", "qde"), [("xxe", XXE), ("laughs", LAUGHS)])
def test_entities_in_archive_refused(tmp_path, label, qde):
    """XXE and billion laughs inside project.qde are refused, naming archive, member and line."""
    path = archive(tmp_path / f"{label}.qdpx", {"project.qde": qde})
    with pytest.raises(
        gtgraph.FormatError,
        match=rf"{label}\.qdpx: project\.qde: line 2: a document type",
    ):
        read_qdpx(path)


def test_entities_in_bare_files_refused(tmp_path):
    """A bare .qde or .qdc with a DTD is refused too."""
    (tmp_path / "x.qde").write_bytes(XXE)
    (tmp_path / "x.qdc").write_bytes(LAUGHS.replace(b"Project", b"CodeBook"))
    with pytest.raises(gtgraph.FormatError, match="DTD"):
        read_qdpx(tmp_path / "x.qde")
    with pytest.raises(gtgraph.FormatError, match="DTD"):
        read_qdc(tmp_path / "x.qdc")


def test_zip_slip_refused_and_nothing_written(tmp_path):
    """A member named ../../x is refused; reading writes nothing anywhere."""
    target = tmp_path / "inner"
    target.mkdir()
    path = archive(
        target / "slip.qdpx",
        {
            "project.qde": b'<Project name="p"/>',
            "../../evil.txt": b"x",
            "sources/../../../evil2": b"y",
        },
    )
    before = sorted(tmp_path.rglob("*"))
    with pytest.raises(gtgraph.FormatError, match="climbs out"):
        read_qdpx(path)
    assert sorted(tmp_path.rglob("*")) == before


def test_one_gib_member_refused(tmp_path):
    """A source member inflating to 1 GiB (written as ~1 MB, never inflated on disk) is refused."""
    data, crc = zips._zeros_deflated(2**30)
    path = tmp_path / "bomb.qdpx"
    zips._write_zip(path, [("sources/big.txt", data, crc, 2**30)])
    with pytest.raises(gtgraph.FormatError, match="zip bomb"):
        read_qdpx(path)


def test_truncated_archive(tmp_path):
    """A .qdpx cut short is a FormatError."""
    project = gtgraph.Project(title="t")
    project.add_source("a", text="word " * 2000)
    write_qdpx(project, tmp_path / "whole.qdpx")
    data = (tmp_path / "whole.qdpx").read_bytes()
    for cut in (10, len(data) // 2, len(data) - 10):
        (tmp_path / "cut.qdpx").write_bytes(data[:cut])
        with pytest.raises(gtgraph.FormatError, match=r"cut\.qdpx"):
            read_qdpx(tmp_path / "cut.qdpx")


def test_wrong_namespace(tmp_path):
    """A project in another namespace is refused, naming the namespace."""
    path = archive(
        tmp_path / "ns.qdpx", {"project.qde": b'<Project xmlns="urn:evil" name="p"/>'}
    )
    with pytest.raises(gtgraph.FormatError, match="urn:evil"):
        read_qdpx(path)


def test_no_qde_in_archive(tmp_path):
    """An archive without a .qde says what it lacks."""
    path = archive(tmp_path / "none.qdpx", {"readme.txt": b"hi"})
    with pytest.raises(gtgraph.FormatError, match=r"no project\.qde"):
        read_qdpx(path)


def test_missing_required_attribute_names_line(tmp_path):
    """A Code without its guid is a FormatError naming the line and the attribute."""
    qde = b'<Project xmlns="urn:QDA-XML:project:1.0" name="p">\n<CodeBook><Codes>\n<Code name="x" isCodable="true"/></Codes></CodeBook></Project>'
    path = archive(tmp_path / "bad.qdpx", {"project.qde": qde})
    with pytest.raises(gtgraph.FormatError, match=r"line 3: <Code> has no 'guid'"):
        read_qdpx(path)


def test_bad_position_names_line(tmp_path):
    """A selection position that is not a number is a FormatError naming the line."""
    qde = (
        b'<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources>\n'
        b'<TextSource guid="A0000000-0000-4000-8000-000000000001"><PlainTextContent>abc</PlainTextContent>\n'
        b'<PlainTextSelection guid="A0000000-0000-4000-8000-000000000002" startPosition="x" endPosition="2"/>'
        b"</TextSource></Sources></Project>"
    )
    path = archive(tmp_path / "bad.qdpx", {"project.qde": qde})
    with pytest.raises(
        gtgraph.FormatError, match=r"line 3: <PlainTextSelection> has startPosition='x'"
    ):
        read_qdpx(path)


def test_external_paths_never_opened(tmp_path):
    """absolute:/// and relative:/// sources are not read from the reader's disk."""
    secret = tmp_path / "secret.txt"
    secret.write_text("private")
    qde = (
        f'<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources>'
        f'<TextSource guid="A0000000-0000-4000-8000-000000000001" name="s" plainTextPath="absolute:///{secret}"/>'
        f'<TextSource guid="A0000000-0000-4000-8000-000000000002" name="r" plainTextPath="relative:///secret.txt"/>'
        f"</Sources></Project>"
    ).encode()
    path = archive(tmp_path / "ext.qdpx", {"project.qde": qde})
    report = []
    project = read_qdpx(path, errors="ignore", report=report)
    assert [s.text for s in project.sources] == [None, None]
    assert [w.what for w in report] == ["external"]


def test_missing_file():
    """A path that does not exist is a FormatError."""
    with pytest.raises(gtgraph.FormatError, match="no such file"):
        read_qdpx("/nonexistent/x.qdpx")
    with pytest.raises(gtgraph.FormatError, match="no such file"):
        read_qdc("/nonexistent/x.qdc")


@functools.cache
def _valid_bytes():
    project = gtgraph.Project(title="fuzz")
    s = project.add_source("a", text="I felt heard. We were alike.", participant="P1")
    seg = project.code(s, 0, 12, ["heard"], coder="HB", created="2024-01-01T00:00:00Z")
    project.categorize("heard", "Being understood")
    project.relate("heard", "is part of", "Being understood", evidence=[seg])
    project.memo("heard", "note", title="m", created="2024-01-01T00:00:00Z")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "v.qdpx"
        write_qdpx(project, path)
        return path.read_bytes()


def _valid_archive(tmp_path):
    del tmp_path
    raw = _valid_bytes()
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        return raw, {n: z.read(n) for n in z.namelist()}


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_mutated_qde_gives_project_or_format_error(tmp_path, data):
    """Random edits of a valid project.qde either read or raise FormatError, nothing else."""
    _, members = _valid_archive(tmp_path)
    qde = bytearray(members["project.qde"])
    for _ in range(data.draw(st.integers(1, 6))):
        position = data.draw(st.integers(0, len(qde) - 1))
        action = data.draw(st.sampled_from(["flip", "delete", "insert"]))
        if action == "flip":
            qde[position] = data.draw(
                st.sampled_from(b'<>"/=&;#x 0123456789-abcdefABCDEF\x00\xff')
            )
        elif action == "delete":
            del qde[position : position + data.draw(st.integers(1, 40))]
        else:
            qde[position:position] = data.draw(
                st.sampled_from(
                    [
                        b"<Code guid='1' name='n' isCodable='true'/>",
                        b"</Codes>",
                        b'startPosition="-5"',
                        b"&#0;",
                        b"<Link/>",
                        b"\xef\xbb\xbf",
                    ]
                )
            )
    members["project.qde"] = bytes(qde)
    path = archive(tmp_path / "m.qdpx", members)
    try:
        result = read_qdpx(path, errors="ignore")
    except gtgraph.FormatError:
        return
    assert isinstance(result, gtgraph.Project)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_mutated_archive_bytes_give_project_or_format_error(tmp_path, data):
    """Random byte damage to a valid archive either reads or raises FormatError."""
    raw, _ = _valid_archive(tmp_path)
    damaged = bytearray(raw)
    for _ in range(data.draw(st.integers(1, 8))):
        damaged[data.draw(st.integers(0, len(damaged) - 1))] = data.draw(
            st.integers(0, 255)
        )
    (tmp_path / "d.qdpx").write_bytes(bytes(damaged))
    with contextlib.suppress(gtgraph.FormatError):
        read_qdpx(tmp_path / "d.qdpx", errors="ignore")
