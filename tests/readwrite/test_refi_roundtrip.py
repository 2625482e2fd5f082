"""Round trips through REFI-QDA: read_qdpx(write_qdpx(p)) holds what p holds."""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gtgraph
from gtgraph.errors import GtGraphError
from gtgraph.model import STAGES, Dimension, RelationType
from gtgraph.readwrite import read_qdc, read_qdpx, write_qdc, write_qdpx

_spec = importlib.util.spec_from_file_location(
    "refi_helpers", Path(__file__).with_name("refi_helpers.py")
)
helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(helpers)

# Characters XML 1.0 can carry (REFI-QDA is XML): no control characters but
# tab, newline and carriage return; no surrogates; no U+FFFE/U+FFFF.
_chars = st.characters(
    blacklist_categories=("Cs",),
    blacklist_characters=[chr(c) for c in range(32) if c not in (9, 10, 13)]
    + ["\ufffe", "\uffff"],
)
_text = st.text(_chars, max_size=30)
_name = st.text(_chars, min_size=1, max_size=12).map(str.strip).filter(bool)
_colour = st.none() | st.sampled_from(["#1f77b4", "#ABCDEF", "#f00"])
_value = (
    st.none()
    | _text
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.booleans()
    | st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1))
)
_attributes = st.dictionaries(_name, _value, max_size=3)
_coder = st.none() | st.sampled_from(["HB", "AB", "Ana María"])


@st.composite
def projects(draw):
    """Arbitrary projects built through the public API."""
    p = gtgraph.Project(title=draw(_text))
    if draw(st.booleans()):
        p.add_relation_type(
            RelationType(
                draw(_name).join(["custom ", ""]),
                symmetric=draw(st.booleans()),
                description=draw(_text),
            )
        )
    for name in draw(st.lists(_name, unique=True, max_size=3)):
        participant = p.add_participant(name)
        attributes = draw(_attributes)
        if attributes:
            p.update(participant.id, kind="participant", attributes=attributes)
    participants = [x.id for x in p.participants]
    for name in draw(st.lists(_name, unique=True, max_size=3)):
        p.add_source(
            name,
            draw(st.none() | st.text(_chars, max_size=60)),
            participant=draw(st.none() | st.sampled_from(participants))
            if participants
            else None,
            kind=draw(st.sampled_from(["interview", "field notes", "document"])),
            attributes=draw(_attributes),
            path=draw(st.none() | st.just("transcripts/a.docx")),
        )
    for name in draw(st.lists(_name, unique=True, max_size=5)):
        p.add_code(
            name,
            definition=draw(_text),
            stage=draw(st.sampled_from(STAGES)),
            in_vivo=draw(st.booleans()),
            colour=draw(_colour),
        )
    for name in draw(st.lists(_name, unique=True, max_size=4)):
        category = p.add_category(
            name,
            definition=draw(_text),
            theme=draw(st.booleans()),
            core=draw(st.booleans()),
            colour=draw(_colour),
        )
        for prop in draw(st.lists(_name, unique=True, max_size=2)):
            dims = draw(st.lists(st.tuples(_name, _text, _text), max_size=2))
            p.add_property(
                category.id,
                prop,
                dimensions=[Dimension(*d) for d in dims],
                definition=draw(_text),
            )
    concepts = [x.id for x in (*p.codes, *p.categories)]
    categories = [x.id for x in p.categories]
    if categories and concepts:
        for child, parent in draw(
            st.lists(
                st.tuples(st.sampled_from(concepts), st.sampled_from(categories)),
                max_size=6,
            )
        ):
            with contextlib.suppress(GtGraphError):
                p.categorize(child, parent)
    codes = [x.id for x in p.codes]
    for source in list(p.sources):
        for _ in range(draw(st.integers(0, 3))):
            chosen = (
                draw(st.lists(st.sampled_from(codes), unique=True, max_size=2))
                if codes
                else []
            )
            coder = draw(_coder)
            if source.text is None:
                quote = draw(_name)
                p.code(source.id, codes=chosen, coder=coder, quote=quote)
            else:
                start = draw(st.integers(0, len(source.text)))
                end = draw(st.integers(start, len(source.text)))
                p.code(source.id, start, end, chosen, coder=coder)
    segments = [s.id for s in p.segments]
    types = sorted(p.relation_types)
    if concepts:
        for _ in range(draw(st.integers(0, 3))):
            with contextlib.suppress(GtGraphError):
                p.relate(
                    draw(st.sampled_from(concepts)),
                    draw(st.sampled_from(types)),
                    draw(st.sampled_from(concepts)),
                    evidence=draw(
                        st.lists(st.sampled_from(segments), unique=True, max_size=2)
                    )
                    if segments
                    else (),
                    counter_evidence=draw(
                        st.lists(st.sampled_from(segments), unique=True, max_size=1)
                    )
                    if segments
                    else (),
                )
    if segments and categories:
        category = p.categories[draw(st.sampled_from(categories))]
        if category.properties:
            p.add_evidence(
                category.id,
                [draw(st.sampled_from(segments))],
                property=category.properties[0].name,
            )
    things = [
        *concepts,
        *segments,
        *participants,
        *(s.id for s in p.sources),
        *(r.id for r in p.relationships),
    ]
    for title in draw(st.lists(_name, unique=True, max_size=3)):
        about = (
            draw(st.lists(st.sampled_from(things), unique=True, max_size=3))
            if things
            else []
        )
        p.memo(about, draw(_text), title=title, author=draw(_coder))
    return p


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects())
def test_qdpx_round_trip(tmp_path_factory, project):
    """Writing any project to .qdpx and reading it back gives the same content."""
    path = tmp_path_factory.mktemp("rt") / "p.qdpx"
    write_qdpx(project, path)
    report = []
    again = read_qdpx(path, errors="raise", report=report)
    assert report == []
    assert helpers.canonical(again) == helpers.canonical(project)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects(), st.sampled_from(["nvivo", "atlasti", "maxqda", "qualcoder"]))
def test_qdpx_round_trip_for_every_target(tmp_path_factory, project, target):
    """Written for any program, a project reads back the same (the unit is noted)."""
    path = tmp_path_factory.mktemp("rt") / "p.qdpx"
    write_qdpx(project, path, target=target)
    again = read_qdpx(path, errors="raise")
    assert helpers.canonical(again) == helpers.canonical(project)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(
        st.characters(codec="utf-8", categories=("L", "N", "So", "Zs")),
        min_size=1,
        max_size=40,
    ),
    st.data(),
)
def test_nvivo_positions_are_utf16_units(tmp_path_factory, text, data):
    """With target="nvivo" each written span, decoded as UTF-16 units, is the quote."""
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    p = gtgraph.Project()
    source = p.add_source("s", text=text)
    p.code(source, start, end, codes="c", coder="HB")
    path = tmp_path_factory.mktemp("rt") / "p.qdpx"
    write_qdpx(p, path, target="nvivo")
    with zipfile.ZipFile(path) as archive:
        qde = archive.read("project.qde").decode()
        member = next(n for n in archive.namelist() if n.startswith("sources/"))
        units = archive.read(member).decode().encode("utf-16-le")
    a = int(qde.split('startPosition="')[1].split('"')[0])
    b = int(qde.split('endPosition="')[1].split('"')[0])
    assert units[2 * a : 2 * b].decode("utf-16-le") == text[start:end]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects())
def test_qdc_round_trip_keeps_the_codebook(tmp_path_factory, project):
    """A codebook written and read back keeps codes, categories and the hierarchy."""
    path = tmp_path_factory.mktemp("rt") / "p.qdc"
    write_qdc(project, path)
    again = read_qdc(path, errors="raise")
    assert [
        (c.name, c.definition, c.stage, c.in_vivo, c.colour) for c in again.codes
    ] == [
        (c.name, c.definition, c.stage, c.in_vivo, c.colour) for c in project.codes
    ] or sorted(c.name for c in again.codes) == sorted(c.name for c in project.codes)
    by_name = {c.name: c for c in again.categories}
    for category in project.categories:
        got = by_name[category.name]
        assert (got.definition, got.theme, got.core, got.colour) == (
            category.definition,
            category.theme,
            category.core,
            category.colour,
        )
        assert [(p.name, p.definition, p.dimensions) for p in got.properties] == [
            (p.name, p.definition, p.dimensions) for p in category.properties
        ]
    for record in (*project.codes, *project.categories):
        kind = record.KIND
        assert sorted(
            x.name for x in again.parents(again.get(record.name, kind=kind))
        ) == sorted(x.name for x in project.parents(record.id))


def test_written_files_are_deterministic(tmp_path):
    """The same project gives byte-identical archives."""
    p = gtgraph.Project(title="t")
    s = p.add_source("a", text="some text here")
    p.code(s, 0, 4, ["x"], coder="HB", created="2024-01-01T00:00:00Z")
    write_qdpx(p, tmp_path / "1.qdpx")
    write_qdpx(p, tmp_path / "2.qdpx")
    assert (tmp_path / "1.qdpx").read_bytes() == (tmp_path / "2.qdpx").read_bytes()


def test_archive_layout(tmp_path):
    """The archive holds project.qde, sources/<guid>.txt (lower case) in UTF-8 LF, and gtgraph.json."""
    p = gtgraph.Project(title="t")
    p.add_source("a", text="line one\r\nline two \U0001f600")
    write_qdpx(p, tmp_path / "p.qdpx")
    with zipfile.ZipFile(tmp_path / "p.qdpx") as archive:
        names = archive.namelist()
        text_member = next(n for n in names if n.startswith("sources/"))
        data = archive.read(text_member)
        qde = archive.read("project.qde")
    assert sorted(
        n if not n.startswith("sources/") else "sources/*" for n in names
    ) == ["gtgraph.json", "project.qde", "sources/*"]
    assert data == "line one\nline two \U0001f600".encode()
    guid = text_member[len("sources/") : -len(".txt")]
    assert guid == guid.lower()
    assert len(guid) == 36
    assert f'plainTextPath="internal://{guid}.txt"'.encode() in qde
    assert not qde.startswith(b"\xef\xbb\xbf")


def test_no_empty_containers(tmp_path):
    """An empty project writes no empty container elements."""
    write_qdpx(gtgraph.Project(title="empty"), tmp_path / "e.qdpx")
    qde = zipfile.ZipFile(tmp_path / "e.qdpx").read("project.qde").decode()
    for tag in (
        "Users",
        "CodeBook",
        "Variables",
        "Cases",
        "Sources",
        "Notes",
        "Links",
        "Sets",
    ):
        assert f"<{tag}" not in qde


def test_write_is_atomic_on_failure(tmp_path, monkeypatch):
    """A failed write leaves the old file and no temporary file behind."""
    target = tmp_path / "p.qdpx"
    target.write_bytes(b"old")

    def boom(*args, **kwargs):
        del args, kwargs
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", boom)
    with pytest.raises(gtgraph.GtGraphError, match="No space left"):
        write_qdpx(gtgraph.Project(title="t"), target)
    assert target.read_bytes() == b"old"
    assert sorted(x.name for x in tmp_path.iterdir() if not x.name.startswith(".")) == [
        "p.qdpx"
    ]


def test_write_into_missing_folder(tmp_path):
    """Writing into a folder that does not exist is an error naming it."""
    with pytest.raises(gtgraph.GtGraphError, match="does not exist"):
        write_qdpx(gtgraph.Project(title="t"), tmp_path / "nope" / "p.qdpx")


@pytest.fixture(scope="module")
def schemas():
    """The REFI-QDA Project and Codebook schemas from ../shared."""
    xmlschema = pytest.importorskip("xmlschema")
    if not helpers.XSD.is_dir():
        pytest.skip("../shared/data/refi/xsd is absent")
    return (
        xmlschema.XMLSchema(str(helpers.XSD / "Project-mrt2019.xsd")),
        xmlschema.XMLSchema(str(helpers.XSD / "Codebook.xsd")),
    )


@pytest.mark.needs_shared
class TestSchemaValid:
    """Written project.qde and .qdc files validate against the official XSDs."""

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.function_scoped_fixture,
        ],
    )
    @given(project=projects())
    def test_written_files_validate(self, schemas, tmp_path, project):
        """Every written project.qde and .qdc is valid under the REFI-QDA 1.0 schemas."""
        project_schema, codebook_schema = schemas
        write_qdpx(project, tmp_path / "p.qdpx")
        write_qdc(project, tmp_path / "p.qdc")
        qde = zipfile.ZipFile(tmp_path / "p.qdpx").read("project.qde")
        project_schema.validate(io.BytesIO(qde))
        codebook_schema.validate(str(tmp_path / "p.qdc"))


def test_empty_codebook_round_trip(tmp_path):
    """A codebook without codes is written valid (one placeholder) and read back empty."""
    write_qdc(gtgraph.Project(title="t"), tmp_path / "e.qdc")
    again = read_qdc(tmp_path / "e.qdc")
    assert (len(again.codes), len(again.categories)) == (0, 0)


def test_control_characters_replaced_with_warning(tmp_path):
    """Characters XML cannot carry are replaced, and the writer says so."""
    p = gtgraph.Project(title="t")
    p.add_code("form\x0cfeed")
    with pytest.warns(
        gtgraph.FormatWarning, match="1 characters that XML cannot carry"
    ):
        write_qdpx(p, tmp_path / "c.qdpx")
    assert read_qdpx(tmp_path / "c.qdpx").codes.names() == ["form\ufffdfeed"]


def test_segment_ids_come_back(tmp_path):
    """A project gtgraph wrote comes back with its segments' ids, so evidence and memos still point at them."""
    from gtgraph.demo import build_project

    p = build_project()
    path = tmp_path / "study.qdpx"
    write_qdpx(p, path)
    q = read_qdpx(path, errors="ignore")
    ours = {s.id: (s.source, s.start, s.end, s.quote, s.coder) for s in p.segments}
    theirs = {s.id: (s.source, s.start, s.end, s.quote, s.coder) for s in q.segments}
    assert theirs == ours
    assert [r.evidence for r in q.relationships] == [
        r.evidence for r in p.relationships
    ]
