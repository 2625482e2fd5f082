"""The change history: querying it, following merges and splits, and undoing exactly."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import projects

import gtgraph
from gtgraph import ValidationError
from gtgraph.checks import RULES
from gtgraph.readwrite import dumps


@pytest.fixture
def chain() -> gtgraph.Project:
    p = gtgraph.Project(actor="HB")
    s = p.add_source(
        "i1", text="I told her about my diagnosis. I told her about my kids."
    )
    a = p.code(s, 0, 29, codes="telling")
    b = p.code(s, 31, 55, codes="sharing")
    p.actor = "RK"
    p.merge_codes(["telling", "sharing"], into="disclosing")
    p.split_code(
        "disclosing", {"disclosing diagnosis": [a], "disclosing family life": [b]}
    )
    p.categorize("disclosing diagnosis", "Disclosure")
    p.rename("Disclosure", "Disclosing")
    return p


class TestQueries:
    def test_where(self, chain):
        """Events can be picked by operation and by who made them."""
        assert [e.op for e in chain.history.where(who="HB")] == [
            "add_source",
            "code",
            "code",
        ]
        assert [e.seq for e in chain.history.where(op="code")] == [2, 3]
        assert [e.op for e in chain.history.where(op="rename", who="RK")] == ["rename"]
        assert chain.history.where(op="rename", who="HB") == []

    def test_about_follows_merges_and_splits(self, chain):
        """A code's events include those of the codes it was merged and split from."""
        ops = [e.op for e in chain.history.about("disclosing diagnosis")]
        assert ops == ["code", "code", "merge_codes", "split_code", "categorize"]
        # The sibling shares the lineage but not the categorization.
        ops = [e.op for e in chain.history.about("disclosing family life")]
        assert ops == ["code", "code", "merge_codes", "split_code"]

    def test_about_category(self, chain):
        """A category's events: its creation by categorize, and its rename."""
        cat = chain.categories["Disclosing"]
        assert [e.op for e in chain.history.about(cat.id)] == ["categorize", "rename"]
        assert chain.history.about("Disclosing") == chain.history.about(cat.id)

    def test_about_removed_element(self, chain):
        """A removed element is found by its id."""
        cid = chain.codes["disclosing"].id
        chain.remove("disclosing")
        assert chain.history.about(cid)[-1].op == "remove"

    def test_sequence(self, chain):
        """The history is a sequence of events, oldest first."""
        assert len(chain.history) == 7
        assert chain.history[0].op == "add_source"
        assert [e.seq for e in chain.history[-2:]] == [6, 7]
        assert repr(chain.history) == "<history of 7 events>"


class TestUndo:
    def test_undo_restores_the_state_and_the_id_counter(self, chain):
        """Undoing the last changes restores the project and the next id exactly."""
        before = dumps(chain)
        chain.add_code("a")
        chain.relate("a", "is associated with", "disclosing")
        chain.undo(2)
        assert dumps(chain) == before
        assert chain.add_code("b").id == chain.codes["b"].id

    def test_failed_change_is_not_undone(self, chain):
        """A refused change leaves nothing to undo."""
        before = dumps(chain)
        with pytest.raises(gtgraph.CycleError):
            chain.categorize("Disclosing", "Disclosing")
        chain.add_code("a")
        chain.undo()
        assert dumps(chain) == before

    def test_undo_bounds(self, chain):
        """undo(0) does nothing; more than was done, or a bad count, is refused."""
        before = dumps(chain)
        chain.undo(0)
        assert dumps(chain) == before
        with pytest.raises(ValidationError, match="can be undone"):
            chain.undo(8)
        with pytest.raises(ValidationError, match="number of changes"):
            chain.undo(-1)


def _mutate(project: gtgraph.Project, data: st.DataObject) -> bool:
    """Make one random change; return whether it was made."""
    codes = [c.id for c in project.codes]
    cats = [c.id for c in project.categories]
    concepts = codes + cats
    segs = [s.id for s in project.segments]
    rels = [r.id for r in project.relationships]
    texted = [s for s in project.sources if s.text]
    ops = ["add_code", "add_category", "configure", "set_title", "add_source"]
    if concepts:
        ops += ["rename", "remove", "memo", "update"]
    if concepts and cats:
        ops += ["categorize", "add_property"]
    if len(concepts) >= 2:
        ops.append("relate")
    if len(codes) >= 2:
        ops.append("merge_codes")
    if texted:
        ops.append("code")
    if segs:
        ops += ["uncode", "split_code"]
    if rels and segs:
        ops.append("add_evidence")
    op = data.draw(st.sampled_from(ops))
    pick = lambda items: data.draw(st.sampled_from(items))
    name = data.draw(st.text(min_size=1, max_size=6).map(str.strip).filter(bool))
    undoable = len(project._undo)
    with contextlib.suppress(gtgraph.GtGraphError):
        if op == "add_code":
            project.add_code(name)
        elif op == "add_category":
            project.add_category(name, theme=data.draw(st.booleans()))
        elif op == "configure":
            project.configure(disabled_checks=[pick(list(RULES))])
        elif op == "set_title":
            project.set_title(name)
        elif op == "add_source":
            project.add_source(
                name, text=name * 3, participant=pick([None, "P01", name])
            )
        elif op == "rename":
            project.rename(pick(concepts), name)
        elif op == "remove":
            project.remove(pick(concepts + segs + rels))
        elif op == "memo":
            project.memo(pick(concepts), name)
        elif op == "update":
            target = pick(concepts)
            if target in codes:
                project.update(
                    target, stage=pick(["initial", "focused"]), definition=name
                )
            else:
                project.update(target, core=data.draw(st.booleans()))
        elif op == "categorize":
            project.categorize(pick(concepts), pick(cats))
        elif op == "add_property":
            project.add_property(pick(cats), name, dimensions=[(name, name + "!")])
        elif op == "relate":
            a, b = data.draw(
                st.lists(st.sampled_from(concepts), min_size=2, max_size=2)
            )
            project.relate(
                a,
                pick(sorted(project.relation_types)),
                b,
                evidence=data.draw(st.lists(st.sampled_from(segs), max_size=2))
                if segs
                else [],
            )
        elif op == "merge_codes":
            merged = data.draw(st.lists(st.sampled_from(codes), min_size=1, max_size=3))
            project.merge_codes(merged, into=pick([*codes, name]))
        elif op == "code":
            source = pick(texted)
            end = data.draw(st.integers(0, len(source.text or "")))
            start = data.draw(st.integers(0, end))
            project.code(source, start, end, codes=[pick([*codes, name])])
        elif op == "uncode":
            project.uncode(pick(segs))
        elif op == "split_code":
            sid = pick(segs)
            coded = project.codes_of(sid)
            if coded:
                project.split_code(coded[0], {name: [sid]})
        elif op == "add_evidence":
            project.add_evidence(
                pick(rels), pick(segs), counter=data.draw(st.booleans())
            )
    return len(project._undo) > undoable


@settings(max_examples=40)
@given(projects(), st.data())
def test_undo_n_restores_the_saved_state(project, data):
    """After n changes, undo(n) gives back the saved project, every value alike."""
    saved = dumps(project)
    n = 0
    for _ in range(data.draw(st.integers(1, 8))):
        n += _mutate(project, data)
    project.undo(n)
    assert dumps(project) == saved


def test_undo_keeps_the_hierarchy_order():
    """Undoing a removal restores the project file byte for byte."""
    p = gtgraph.Project()
    p.add_code("a")
    p.categorize("a", "A")
    p.categorize("A", "B")
    before = dumps(p)
    p.remove("a")
    p.undo()
    assert dumps(p) == before
