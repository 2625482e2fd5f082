"""Format versions: every released version's fixture loads; migrations run in order."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import shutil
from pathlib import Path

import pytest

import gtgraph
from gtgraph import FormatError
from gtgraph.readwrite import _format, _native
from gtgraph.readwrite._native import FORMAT_VERSION, MIGRATIONS, migration

FORMATS = Path(__file__).resolve().parents[1] / "data" / "formats"
FIXTURES = sorted(
    FORMATS.glob("v*.gtg.json"), key=lambda p: int(p.name[1:].split(".")[0])
)


def make_fixtures():
    spec = importlib.util.spec_from_file_location(
        "make_fixtures", FORMATS / "make_fixtures.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_version_has_a_fixture():
    """Versions 1 to the current one each have a committed fixture."""
    versions = [int(p.name[1:].split(".")[0]) for p in FIXTURES]
    assert versions == list(range(1, FORMAT_VERSION + 1))


def test_every_older_version_has_a_migration():
    """Every version before the current one has its upgrade registered."""
    assert sorted(MIGRATIONS) == list(range(1, FORMAT_VERSION))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_fixture_loads_with_its_content(path):
    """Each fixture loads in this gtgraph with the content make_fixtures.py put in it."""
    p = gtgraph.load(path)
    assert p.title == "Peer support – fixture"
    assert p.participants.names() == ["P01", "P02"]
    attributes = p.participants["P01"].attributes
    assert attributes["interviewed"] == dt.date(2016, 3, 1)
    assert attributes["years_in_service"] == 7
    assert attributes["peer_worker"] is True
    assert attributes["site"] is None
    assert [s.name for s in p.sources] == [
        "Interview 1",
        "Field notes week 2",
        "Focus group",
    ]
    assert p.sources["Field notes week 2"].text is None
    assert p.sources["Interview 1"].text.endswith("信頼 😀")
    # seven code() calls made seven segments; the quote-only one keeps its quote
    assert len(p.segments) == 7
    quotes = [s.quote for s in p.segments if s.start is None]
    assert quotes == ["sat apart at first"]
    assert sorted(p.codes.names()) == sorted(
        [
            "feeling heard",
            "shared experience",
            "disclosure",
            "being on the same planet",
            "distance",
            "not judged",
        ]
    )
    assert p.codes["being on the same planet"].in_vivo
    assert p.codes["disclosure"].colour == "#a3c"
    assert {c.name for c in p.parents("not judged")} == {"Feeling understood", "Safety"}
    assert p.categories["Shared identity"].core
    assert p.categories["The process of disclosure"].theme
    depth = p.categories["Shared identity"].property("depth")
    assert [(d.name, d.low, d.high) for d in depth.dimensions] == [
        ("depth", "superficial", "intimate")
    ]
    assert "is a strategy for" in p.relation_types
    assert len(p.relationships) == 4
    assert len(p.memos) == 3
    # configure, a relation type, 2 participants, 3 sources, 7 codings, 3 updates,
    # a code, 7 categorizations, an update, a category, 2 properties, 4 relations,
    # 2 memos, a merge, a rename, a coding, a removal, categorize and uncategorize
    assert len(p.history) == 41
    there = next(s for s in p.segments if s.coder == "RK" and s.start == 14)
    coders = {c.code: c.coder for c in p.codings if c.segment == there.id}
    assert coders == {
        p.codes["shared experience"].id: "RK",
        p.codes["disclosure"].id: "HB",
    }


def test_current_fixture_is_what_this_gtgraph_writes():
    """The fixture of the current version is what this gtgraph writes: a change to the file layout needs a new version."""
    module = make_fixtures()
    current = module.fixture_path()
    assert current.read_text(encoding="utf-8") == _native.dumps(
        module.complete_project()
    ), (
        "the project file layout changed: raise FORMAT_VERSION, register a "
        "migration from the old version, and run tests/data/formats/make_fixtures.py"
    )


def test_newer_version_refused_naming_it(tmp_path):
    """A file from a newer gtgraph names its version and says to upgrade."""
    doc = json.loads(FIXTURES[-1].read_text(encoding="utf-8"))
    doc["format_version"] = FORMAT_VERSION + 1
    path = tmp_path / "future.gtg.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(
        FormatError,
        match=rf"future\.gtg\.json: written by a newer gtgraph \(format version "
        rf"{FORMAT_VERSION + 1}; this gtgraph reads versions up to {FORMAT_VERSION}\); "
        "upgrade gtgraph",
    ):
        gtgraph.load(path)


@pytest.mark.parametrize("version", [0, -1, "1", 1.0, None, True, [1]])
def test_invalid_version_refused(version):
    """A version that is not a whole number >= 1 is a FormatError naming it."""
    doc = json.loads(FIXTURES[0].read_text(encoding="utf-8"))
    doc["format_version"] = version
    with pytest.raises(FormatError, match="format_version"):
        gtgraph.readwrite.loads(json.dumps(doc))


@pytest.fixture
def version_3(monkeypatch):
    """Pretend this gtgraph writes format version 3, with an empty registry."""
    monkeypatch.setattr(_format, "FORMAT_VERSION", 3)
    registry: dict = {}
    monkeypatch.setattr(_format, "MIGRATIONS", registry)
    return registry


def test_migrations_run_in_order(version_3):
    """A version-1 file goes through 1->2 then 2->3, each seeing the previous result."""
    calls = []

    @migration(1)
    def one_to_two(doc):
        calls.append(("1->2", doc["format_version"]))
        doc["title"] += " (v2)"
        return doc

    @migration(2)
    def two_to_three(doc):
        calls.append(("2->3", doc["format_version"]))
        doc["title"] += " (v3)"
        return doc

    p = gtgraph.load(FIXTURES[0])
    assert calls == [("1->2", 1), ("2->3", 2)]
    assert p.title == "Peer support – fixture (v2) (v3)"
    assert '"format_version": 3' in _native.dumps(p)


def test_missing_migration_is_a_format_error(version_3):
    """A gap in the registry is a FormatError naming the versions."""
    migration(1)(lambda doc: doc)
    with pytest.raises(FormatError, match="version 2 to version 3"):
        gtgraph.load(FIXTURES[0])


def test_failing_migration_is_a_format_error(version_3):
    """A migration that meets a malformed document gives a FormatError, not its KeyError."""

    @migration(1)
    def needs_a_key(doc):
        doc["no such key"]
        return doc

    migration(2)(lambda doc: doc)
    with pytest.raises(
        FormatError, match=r"from format version 1 to 2 \(missing 'no such key'\)"
    ):
        gtgraph.load(FIXTURES[0])


def test_migration_registered_once(version_3):
    """Registering two upgrades from one version is a programming error."""
    migration(1)(lambda doc: doc)
    with pytest.raises(ValueError, match="already registered"):
        migration(1)(lambda doc: doc)


def test_saving_an_upgraded_file_keeps_the_old_version_as_backup(version_3, tmp_path):
    """Saving a project read from an old version writes the current one; the .bak keeps the old file."""
    migration(1)(lambda doc: doc)
    migration(2)(lambda doc: doc)
    path = tmp_path / "study.gtg.json"
    shutil.copyfile(FIXTURES[0], path)
    p = gtgraph.load(path)
    p.save(path)
    assert json.loads(path.read_text(encoding="utf-8"))["format_version"] == 3
    backup = tmp_path / "study.gtg.json.bak"
    assert backup.read_bytes() == FIXTURES[0].read_bytes()
