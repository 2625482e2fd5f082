"""Typos do not change the theory silently: near names raise "did you mean"."""

from __future__ import annotations

import pytest

import gtgraph
from gtgraph.errors import NotFoundError, RelationTypeError


@pytest.fixture
def project():
    p = gtgraph.Project(actor="HB")
    p.add_source("P01", text="I celebrate small wins. I still doubt it.")
    p.code("P01", 0, 22, codes="celebrating small wins")
    p.categorize("celebrating small wins", "Living with doubt")
    return p


def test_categorize_near_category_names_it(project):
    """A parent that nearly matches an existing category is refused, naming it."""
    with pytest.raises(NotFoundError, match="did you mean 'Living with doubt'"):
        project.categorize("celebrating small wins", "Living with doubts")
    assert project.categories.names() == ["Living with doubt"]


def test_create_true_creates_anyway(project):
    """create=True makes the near name as a new category; add_category does too."""
    project.categorize("celebrating small wins", "Living with doubts", create=True)
    project.add_category("living with Doubt!")
    assert len(project.categories) == 3


def test_code_near_code_name(project):
    """Coding with a near code name is refused; a plainly new name is created."""
    with pytest.raises(NotFoundError, match="did you mean 'celebrating small wins'"):
        project.code("P01", 24, 41, codes="Celebrating small win")
    project.code("P01", 24, 41, codes="doubting")
    assert project.codes.names() == ["celebrating small wins", "doubting"]
    project.code("P01", 24, 41, codes="celebrating smal wins", create=True)
    assert len(project.codes) == 3


def test_failed_code_leaves_project_unchanged(project):
    """A refused name leaves no segment behind."""
    before = len(project.segments)
    with pytest.raises(NotFoundError):
        project.code("P01", 24, 41, codes=["doubting", "celebrating small win"])
    assert len(project.segments) == before
    assert "doubting" not in project.codes


def test_relate_causes_suggests_is_cause_of(project):
    """An everyday word for a relation type suggests the type's name."""
    project.add_category("Hope")
    with pytest.raises(RelationTypeError, match="did you mean 'is cause of'"):
        project.relate("Living with doubt", "causes", "Hope")


def test_update_near_name_suggests(project):
    """update() of a misspelt name says which one was meant."""
    with pytest.raises(NotFoundError, match="did you mean 'Living with doubt'"):
        project.update("living with doubts", definition="x")
