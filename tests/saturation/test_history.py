"""The analysis as it happened: concept creation and meaning per source, from the history."""

from __future__ import annotations

import pytest

import gtgraph
from gtgraph.saturation import report

TEXT = "alpha beta gamma delta epsilon"


def _built_source_by_source():
    """Three interviews analysed in turn, each inside project.analysing()."""
    p = gtgraph.Project(title="t")
    for name in ("P01", "P02", "P03"):
        p.add_source(name, text=TEXT)
    # P01: two codes, a category with a property
    p.code("P01", start=0, end=5, codes="feeling judged")
    p.code("P01", start=6, end=10, codes="peer credibility")
    with p.analysing("P01"):
        p.categorize("feeling judged", "Stigma")
        p.add_property("Stigma", "source")
    # P02: one new code, a dimension, a relationship, a definition edit
    p.code("P02", start=0, end=5, codes="feeling judged")
    p.code("P02", start=11, end=16, codes="hope")
    with p.analysing("P02"):
        p.add_dimension("Stigma", "source", ("source", "self", "others"))
        p.categorize("hope", "Recovery")
        p.relate("Stigma", "precedes", "Recovery")
        p.update("feeling judged", definition="Being looked down on.")
    # P03: nothing new created, a memo about hope
    p.code("P03", start=11, end=16, codes="hope")
    with p.analysing("P03"):
        p.memo("hope", "Hope follows from seeing the worker's recovery.")
    return p


class TestCreation:
    def test_per_source(self):
        """Creation is counted per source from the events, at every level."""
        r = report(_built_source_by_source(), permutations=0, replicates=0)
        h = r.history
        assert h.available
        assert h.units == ("P01", "P02", "P03")
        assert h.created["code"] == (2, 1, 0)
        assert h.created["category"] == (1, 1, 0)
        assert h.created["property"] == (1, 0, 0)
        assert h.created["dimension"] == (0, 1, 0)
        assert h.created["relationship"] == (0, 1, 0)
        assert h.last_new("code") == 2
        assert all(n == 0 for n in h.outside.values())
        text = str(r)
        assert "The analysis as it happened" in text
        assert "last new in P02" in text

    def test_in_the_methods_paragraph(self):
        """The methods paragraph says when the last concept of each kind was created."""
        text = report(
            _built_source_by_source(), permutations=0, replicates=0
        ).methods_text()
        assert "the last new code while analysing P02" in text
        assert "the last new category while analysing P02" in text
        assert "the last new property while analysing P01" in text
        assert "the last new relationship while analysing P02" in text

    def test_outside_any_source(self):
        """A category made outside any analysing block is counted as such."""
        p = _built_source_by_source()
        p.add_category("Later thoughts")
        r = report(p, permutations=0, replicates=0)
        assert r.history.outside["category"] == 1
        assert "1 created while no source was being analysed" in str(r)

    def test_imported_project_cannot(self, tmp_path):
        """A project read from REFI-QDA has no such record, and the report says so."""
        path = tmp_path / "x.qdpx"
        gtgraph.write_qdpx(_built_source_by_source(), path)
        imported = gtgraph.read_qdpx(path)
        r = report(imported, permutations=0, replicates=0)
        assert not r.history.available
        assert "imported" in r.history.reason
        assert r.meaning is None
        assert "The history cannot show this" in str(r)
        assert "The history cannot show this" in r.to_markdown()

    def test_saved_and_loaded(self, tmp_path):
        """The record survives saving and loading, so the report is the same."""
        p = _built_source_by_source()
        path = tmp_path / "p.gtg.json"
        p.save(path)
        q = gtgraph.Project.load(path)
        assert [e.analysing for e in q.history] == [e.analysing for e in p.history]
        a = report(p, permutations=0, replicates=0)
        b = report(q, permutations=0, replicates=0)
        assert a.history == b.history


class TestMeaning:
    def test_table(self):
        """Per code: first source, sources, prevalence, last change of meaning."""
        r = report(_built_source_by_source(), permutations=0, replicates=0)
        rows = {m.code: m for m in r.meaning}
        judged = rows["feeling judged"]
        # first in P01, in 2 of 3 sources; the definition edited during P02
        assert (judged.first, judged.units) == ("P01", 2)
        assert judged.prevalence == pytest.approx(2 / 3)
        assert (judged.last_change, judged.change) == ("P02", "definition")
        hope = rows["hope"]
        assert (hope.first, hope.last_change, hope.change) == ("P02", "P03", "memo")
        credibility = rows["peer credibility"]
        assert (credibility.last_change, credibility.changes) == (None, 0)
        md = r.to_markdown()
        assert "| feeling judged | P01 | 2 | 67% | P02 | definition |" in md

    def test_property_of_the_category(self):
        """A property or dimension given to a code's category changes its meaning."""
        p = _built_source_by_source()
        with p.analysing("P03"):
            p.add_property("Stigma", "visibility")
        rows = {m.code: m for m in report(p, permutations=0, replicates=0).meaning}
        assert rows["feeling judged"].last_change == "P03"
        assert rows["feeling judged"].change == "property of its category"
