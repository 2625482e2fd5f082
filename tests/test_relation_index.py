"""The duplicate and cycle checks of ``relate`` stay right through removal and undo."""

from __future__ import annotations

import pytest

import gtgraph
from gtgraph.errors import CycleError, ValidationError


def _project():
    p = gtgraph.Project(title="t")
    for name in ("A", "B", "C"):
        p.add_category(name)
    return p


def test_a_duplicate_is_refused_until_removed_or_undone():
    """A second identical relationship is refused; after removal or undo it is allowed."""
    p = _project()
    rel = p.relate("A", "leads to", "B")
    with pytest.raises(ValidationError, match="exists already"):
        p.relate("A", "leads to", "B")
    p.remove(rel.id)
    assert len(p.relationships) == 0
    p.relate("A", "leads to", "B")
    p.undo()
    assert len(p.relationships) == 0
    p.relate("A", "leads to", "B")
    assert len(p.relationships) == 1
    p.undo()
    p.undo()  # the removal undone: the first relationship is back
    assert [r.id for r in p.relationships] == [rel.id]
    with pytest.raises(ValidationError, match="exists already"):
        p.relate("A", "leads to", "B")
    # the same ends with a different type are a different relationship
    p.relate("A", "is part of", "B")
    assert len(p.relationships) == 2


def test_a_cycle_is_refused_for_a_type_that_forbids_it_and_undo_lifts_it():
    """is part of is transitive: A in B in C refuses C in A, until B in C is undone."""
    p = _project()
    p.relate("A", "is part of", "B")
    p.relate("B", "is part of", "C")
    with pytest.raises(CycleError):
        p.relate("C", "is part of", "A")
    assert len(p.relationships) == 2
    p.undo()
    p.relate("C", "is part of", "A")
    assert len(p.relationships) == 2


def test_a_loaded_project_knows_its_relationships(tmp_path):
    """After save and load, the duplicate check sees the relationships read from the file."""
    p = _project()
    p.relate("A", "leads to", "B")
    path = tmp_path / "t.gtg.json"
    p.save(path)
    q = gtgraph.load(path, actor="me")
    with pytest.raises(ValidationError, match="exists already"):
        q.relate("A", "leads to", "B")
