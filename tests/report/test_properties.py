"""Properties of the report's data on arbitrary projects (Hypothesis)."""

from __future__ import annotations

import json

from hypothesis import given
from strategies import projects

import gtgraph
from gtgraph.report import to_html
from gtgraph.report._data import growth, panel_data
from gtgraph.report._html import json_for_script


@given(projects())
def test_counts_equal_project_grounding(project):
    """Every concept's counts are those Project.grounding gives, by another route."""
    data = panel_data(project)
    for record in [*project.codes, *project.categories]:
        g = project.grounding(record)
        assert data.concepts[record.id]["grounding"] == [
            g.segments,
            g.participants,
            g.sources,
        ]


@given(projects())
def test_growth_is_the_difference_of_as_of(project):
    """Each source's new codes are the codes as_of(k) grounds beyond as_of(k - 1)."""

    def grounded(p):
        return {c.name for c in p.codes if p.grounding(c).segments}

    before: set[str] = set()
    for k, row in enumerate(growth(project), start=1):
        now = grounded(gtgraph.as_of(project, k))
        assert set(row.new_codes) == now - before
        before = now


@given(projects())
def test_page_data_round_trips(project):
    """The data embedded in the page parses back to exactly the panels' data."""
    data = panel_data(project).to_json_data()
    assert json.loads(json_for_script(data)) == json.loads(json.dumps(data))
    page = to_html(project, saturation=False, levels=[], date="2026-01-01")
    assert page.count("<script") == 2
