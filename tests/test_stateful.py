"""Random sequences of Project operations keep every invariant of the model."""

from __future__ import annotations

import warnings
from typing import Any

import networkx as nx
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)
from strategies import names

import gtgraph
from gtgraph.errors import DuplicateCodingWarning
from gtgraph.readwrite import dumps, loads

RELATION_TYPES = [
    "is cause of",
    "contradicts",
    "is part of",
    "precedes",
    "is associated with",
    "is a",
]


class ProjectMachine(RuleBasedStateMachine):
    """Applies random operations; failed ones must change nothing."""

    @initialize()
    def start(self) -> None:
        self.project = gtgraph.Project(title="machine", actor="HB")
        self.successes = 0
        self.undone = 0

    # -- helpers -------------------------------------------------------------

    def attempt(self, call: Any, *args: Any, **kwargs: Any) -> Any:
        before = dumps(self.project)
        try:
            with warnings.catch_warnings():
                # random spans may nearly repeat one another: allowed, and pointed out
                warnings.simplefilter("ignore", DuplicateCodingWarning)
                result = call(*args, **kwargs)
        except gtgraph.GtGraphError:
            assert dumps(self.project) == before, "a failed call changed the project"
            return None
        self.successes += 1
        return result

    def pick(self, data: st.DataObject, kind: str) -> Any:
        view = {
            "participant": self.project.participants,
            "source": self.project.sources,
            "code": self.project.codes,
            "category": self.project.categories,
            "memo": self.project.memos,
            "relationship": self.project.relationships,
        }.get(kind)
        items = list(view) if view is not None else list(self.project.segments)
        return data.draw(st.sampled_from(items)) if items else None

    def concept(self, data: st.DataObject) -> Any:
        items = list(self.project.codes) + list(self.project.categories)
        return data.draw(st.sampled_from(items)) if items else None

    # -- rules -----------------------------------------------------------------

    @rule(name=names)
    def add_participant(self, name: str) -> None:
        self.attempt(self.project.add_participant, name, site="north")

    @rule(
        name=names,
        text=st.none() | st.text(max_size=40) | st.text(min_size=10, max_size=60),
        participant=st.none() | names,
    )
    def add_source(self, name: str, text: str | None, participant: str | None) -> None:
        self.attempt(self.project.add_source, name, text=text, participant=participant)

    @rule(name=names)
    def add_code(self, name: str) -> None:
        self.attempt(self.project.add_code, name)

    @rule(name=names, theme=st.booleans())
    def add_category(self, name: str, theme: bool) -> None:
        self.attempt(self.project.add_category, name, theme=theme)

    @rule(
        data=st.data(),
        codes=st.lists(names, max_size=2),
        coder=st.sampled_from(["HB", "RK"]),
    )
    def code(self, data: st.DataObject, codes: list[str], coder: str) -> None:
        source = self.pick(data, "source")
        if source is None:
            return
        if source.text is None:
            self.attempt(
                self.project.code,
                source,
                codes=codes,
                quote=data.draw(names),
                coder=coder,
            )
        else:
            n = len(source.text)
            if data.draw(st.booleans()):  # mostly valid spans, sometimes anything
                end = data.draw(st.integers(0, n))
                start = data.draw(st.integers(0, end))
            else:
                start, end = (
                    data.draw(st.integers(-2, n + 2)),
                    data.draw(st.integers(-2, n + 2)),
                )
            self.attempt(
                self.project.code, source, start, end, codes=codes, coder=coder
            )

    @rule(data=st.data())
    def categorize(self, data: st.DataObject) -> None:
        child, parent = self.concept(data), self.pick(data, "category")
        if child is not None and parent is not None:
            self.attempt(self.project.categorize, child, parent)

    @rule(data=st.data(), rtype=st.sampled_from(RELATION_TYPES))
    def relate(self, data: st.DataObject, rtype: str) -> None:
        a, b = self.concept(data), self.concept(data)
        if a is None or b is None:
            return
        seg = self.pick(data, "segment")
        self.attempt(
            self.project.relate, a, rtype, b, evidence=[] if seg is None else [seg]
        )

    @rule(data=st.data(), text=st.text(max_size=20))
    def memo(self, data: st.DataObject, text: str) -> None:
        about = data.draw(
            st.sampled_from(["concept", "relationship", "segment", "nothing"])
        )
        target = {"concept": lambda: self.concept(data), "nothing": lambda: None}.get(
            about, lambda: self.pick(data, about)
        )()
        self.attempt(self.project.memo, target, text)

    @rule(data=st.data(), new=names)
    def rename(self, data: st.DataObject, new: str) -> None:
        target = self.concept(data)
        if target is not None:
            self.attempt(self.project.rename, target, new)

    @rule(data=st.data(), into=names)
    def merge(self, data: st.DataObject, into: str) -> None:
        codes = list(self.project.codes)
        if codes:
            chosen = data.draw(st.lists(st.sampled_from(codes), min_size=1, max_size=3))
            self.attempt(self.project.merge_codes, chosen, into=into)

    @rule(data=st.data(), name=names, keep=st.booleans())
    def split(self, data: st.DataObject, name: str, keep: bool) -> None:
        code = self.pick(data, "code")
        if code is None:
            return
        segs = self.project.segments_of(code)
        part = data.draw(st.lists(st.sampled_from(segs), max_size=2)) if segs else []
        self.attempt(self.project.split_code, code, {name: part}, keep=keep)

    @rule(
        data=st.data(),
        kind=st.sampled_from(
            [
                "participant",
                "source",
                "code",
                "category",
                "memo",
                "relationship",
                "segment",
            ]
        ),
    )
    def remove(self, data: st.DataObject, kind: str) -> None:
        target = self.pick(data, kind)
        if target is not None:
            self.attempt(self.project.remove, target)

    @precondition(lambda self: len(self.project._undo) > 0)
    @rule(data=st.data())
    def undo(self, data: st.DataObject) -> None:
        n = data.draw(st.integers(1, len(self.project._undo)))
        self.project.undo(n)
        self.undone += n

    # -- invariants ----------------------------------------------------------------

    @invariant()
    def history_counts_changes(self) -> None:
        assert len(self.project.history) == self.successes - self.undone
        assert [e.seq for e in self.project.history] == list(
            range(1, len(self.project.history) + 1)
        )

    @invariant()
    def no_dangling_ids(self) -> None:
        p = self.project
        store = p._store
        for src in p.sources:
            assert src.participant is None or src.participant in p.participants
        for seg in p.segments:
            assert seg.source in p.sources
        for coding in p.codings:
            assert coding.code in p.codes
        for rel in p.relationships:
            assert store.kind_of[rel.source] in ("code", "category")
            assert store.kind_of[rel.target] in ("code", "category")
            assert all(s in p.segments for s in (*rel.evidence, *rel.counter_evidence))
            assert rel.memo is None or rel.memo in p.memos
        for memo in p.memos:
            assert all(store.id_in_use(x) for x in memo.about)
        for child, parents in store.parents.items():
            assert store.kind_of[child] in ("code", "category")
            assert all(store.kind_of[x] == "category" for x in parents)

    @invariant()
    def hierarchy_acyclic(self) -> None:
        store = self.project._store
        graph = nx.DiGraph([(c, x) for c, ps in store.parents.items() for x in ps])
        assert nx.is_directed_acyclic_graph(graph)

    @invariant()
    def relation_rules_hold(self) -> None:
        p = self.project
        seen: set[tuple[str, str, str]] = set()
        for rel in p.relationships:
            rtype = p.relation_types[rel.type]
            key = (rel.source, rel.type, rel.target)
            assert key not in seen
            if rtype.symmetric:
                assert (rel.target, rel.type, rel.source) not in seen, (
                    "symmetric link stored twice"
                )
            seen.add(key)
            assert rel.source != rel.target
        for rtype in p.relation_types.values():
            if rtype.forbids_cycles:
                graph = nx.DiGraph(
                    [
                        (r.source, r.target)
                        for r in p.relationships
                        if r.type == rtype.name
                    ]
                )
                assert nx.is_directed_acyclic_graph(graph)

    @invariant()
    def segments_inside_text(self) -> None:
        for seg in self.project.segments:
            text = self.project.get(seg.source).text
            if text is None:
                assert seg.start is None and seg.end is None and seg.quote
            else:
                assert 0 <= seg.start <= seg.end <= len(text)
                assert seg.quote == text[seg.start : seg.end]

    @invariant()
    def names_unique_ids_unique(self) -> None:
        p = self.project
        all_ids = [
            r.id
            for view in (
                p.participants,
                p.sources,
                p.codes,
                p.categories,
                p.memos,
                p.relationships,
            )
            for r in view
        ]
        all_ids += [s.id for s in p.segments]
        assert len(all_ids) == len(set(all_ids))
        for view in (p.participants, p.sources, p.codes, p.categories, p.memos):
            assert len(view.names()) == len(set(view.names()))

    @invariant()
    def round_trips(self) -> None:
        text = dumps(self.project)
        again = loads(text)
        assert again == self.project
        assert dumps(again) == text


ProjectMachine.TestCase.settings = settings(
    ProjectMachine.TestCase.settings,
    max_examples=300,
    stateful_step_count=40,
    deadline=None,
)
TestProjectMachine = ProjectMachine.TestCase
