"""The compact history behaves exactly as a plain list of events.

Two checks, both with Hypothesis:

- :class:`EventLog` against a Python list of rows, under random appends, pops,
  copies, reads and slices with arbitrary JSON arguments;
- two projects driven by the same random operations, one keeping its history
  in the compact log and one in :class:`PlainLog` (a plain list of rows, as the
  history was first kept), give the same ``history``, ``about``, ``provenance``,
  ``as_of``, ``diff``, ``undo`` and agreement.
"""

from __future__ import annotations

import contextlib
import copy
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import initialize, precondition, rule
from test_stateful import ProjectMachine

import gtgraph
from gtgraph.project._history import EventLog, encode_args
from gtgraph.readwrite import dumps, loads

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=8,
)
rows = st.tuples(
    st.sampled_from(["2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z", "é"]),
    st.none() | st.sampled_from(["HB", "RK", ""]),
    st.sampled_from(["code", "add_code", "merge_codes", '"quoted"']),
    st.dictionaries(st.text(max_size=6), json_values, max_size=4),
)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("append"), rows),
        st.tuples(st.just("pop"), st.none()),
        st.tuples(st.just("copy"), st.none()),
        st.tuples(st.just("slice"), st.tuples(st.integers(-5, 5), st.integers(-5, 5))),
    ),
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(steps)
def test_event_log_is_a_list_of_rows(operations: list[tuple[str, Any]]) -> None:
    log, plain = EventLog(), []
    for op, value in operations:
        if op == "append":
            when, who, name, args = value
            row = [len(plain) + 1, when, who, name, args]
            log.append(copy.deepcopy(row))
            plain.append(row)
        elif op == "pop" and plain:
            assert log.pop() == plain.pop()
        elif op == "copy":
            other = log.copy()
            assert other == log
            other.append([len(plain) + 1, "t", None, "x", {}])
            assert len(log) == len(plain)  # the copy is independent
        elif op == "slice":
            a, b = value
            assert log[a:b] == plain[a:b]
        assert len(log) == len(plain)
        assert list(log) == plain
        assert log == plain
        assert list(log.ops()) == [r[3] for r in plain]
        if plain:
            assert log[-1] == plain[-1]
            assert log[0] == plain[0]
        text = ",\n".join(log.json_rows(0, len(log)))
        assert loads_rows(text) == plain


def loads_rows(text: str) -> list[Any]:
    import json

    return json.loads("[" + text + "]")


def test_rows_read_are_copies() -> None:
    log = EventLog([[1, "t", "HB", "code", {"codes": ["a"]}]])
    log[0][4]["codes"].append("b")
    assert log[0][4] == {"codes": ["a"]}
    assert encode_args({"a": [1, "é"]}) == '{"a":[1,"é"]}'


def test_a_change_whose_event_cannot_be_saved_is_rolled_back() -> None:
    """Arguments are encoded before the change is kept: a failure changes nothing."""
    p = gtgraph.Project(actor="HB")
    p.add_code("trust")
    before = dumps(p)
    with (
        pytest.raises(gtgraph.ValidationError, match="cannot be saved"),
        p._change("add_code", weight=float("nan")),
    ):
        p._store.put("code", attrs.evolve(p.codes["trust"], definition="changed"))
    assert dumps(p) == before
    assert len(p.history) == 1


def test_code_many_is_one_event_found_by_about() -> None:
    p = gtgraph.Project(actor="HB")
    s = p.add_source("i1", text="I felt heard. She understood.")
    p.add_code("heard")
    p.code_many([(s, 0, 12, ["heard"]), (s, 14, 28, ["understood"])])
    assert [e.op for e in p.history] == ["add_source", "add_code", "code_many"]
    heard = p.codes["heard"].id
    assert [e.op for e in p.history.about("heard")] == ["add_code", "code_many"]
    assert p.history[-1].args["code_ids"] == [heard, p.codes["understood"].id]
    p.undo()
    assert len(p.segments) == 0
    assert "understood" not in p.codes


class PlainLog(list):  # type: ignore[type-arg]
    """The history as first kept: a list of rows ``[seq, when, who, op, args]``."""

    def append_event(self, when: str, who: str | None, op: str, text: str) -> None:
        import json

        self.append([len(self) + 1, when, who, op, json.loads(text)])

    def copy(self) -> PlainLog:  # type: ignore[override]
        return PlainLog(copy.deepcopy(list(self)))

    def ops(self) -> Any:
        return (row[3] for row in self)

    def args_text(self, i: int) -> str:
        return encode_args(self[i][4])

    def who(self, i: int) -> Any:
        return self[i][2]

    def changes(self, ops: Any) -> Any:
        return ((row[3], row[4]) for row in self if row[3] in ops)

    def json_rows(self, start: int, stop: int) -> Any:
        import json

        return (
            json.dumps(r, ensure_ascii=False, separators=(",", ":"))
            for r in self[start:stop]
        )

    def __getitem__(self, index: Any) -> Any:
        return copy.deepcopy(super().__getitem__(index))

    def __iter__(self) -> Any:
        return (copy.deepcopy(r) for r in super().__iter__())


def _agreement(project: gtgraph.Project) -> str:
    try:
        return repr(gtgraph.agreement(project, "HB", "RK"))
    except gtgraph.GtGraphError as error:
        return str(error)


class TwinMachine(ProjectMachine):
    """Every operation runs on two projects: compact history and plain list."""

    @initialize()
    def start(self) -> None:  # type: ignore[override]
        super().start()
        self.project.clock = lambda: "2026-01-01T00:00:00Z"
        self.plain = gtgraph.Project(title="machine", actor="HB")
        self.plain.clock = self.project.clock
        self.plain._store.history = PlainLog()

    def attempt(self, call: Any, *args: Any, **kwargs: Any) -> Any:
        twin = getattr(self.plain, call.__name__)
        with contextlib.suppress(gtgraph.GtGraphError):
            twin(*args, **kwargs)
        return super().attempt(call, *args, **kwargs)

    @precondition(lambda self: len(self.project._undo) > 0)
    @rule(data=st.data())
    def undo(self, data: Any) -> None:  # type: ignore[override]
        before = len(self.project._undo)
        super().undo(data)
        self.plain.undo(before - len(self.project._undo))

    def teardown(self) -> None:
        compact, plain = self.project, self.plain
        assert list(compact.history) == list(plain.history)
        assert dumps(compact) == dumps(plain)
        for code in list(compact.codes) + list(compact.categories):
            assert compact.history.about(code.id) == plain.history.about(code.id)
            assert compact.provenance(code.id) == plain.provenance(code.id)
        n = len(compact.sources)
        for k in range(n + 1):
            assert compact.as_of(k) == plain.as_of(k)
            if k:
                assert gtgraph.diff(compact.as_of(k - 1), compact.as_of(k)) == (
                    gtgraph.diff(plain.as_of(k - 1), plain.as_of(k))
                )
        assert _agreement(compact) == _agreement(plain)
        again = loads(dumps(compact))
        assert list(again.history) == list(plain.history)
        super().teardown()


TestTwinMachine = TwinMachine.TestCase
TestTwinMachine.settings = settings(
    max_examples=60, stateful_step_count=30, deadline=None
)


@pytest.fixture
def large_text(monkeypatch: pytest.MonkeyPatch) -> str:
    """A project file above the size where the history is read by blocks, in tiny blocks."""
    from gtgraph.readwrite import _native_parse

    monkeypatch.setattr(_native_parse, "_BLOCK_CHARS", 300)
    p = gtgraph.Project(actor="HB")
    p.clock = lambda: "2026-01-01T00:00:00Z"
    text = "word " * 250_000  # a long transcript puts the file above 1 MiB
    s = p.add_source("long", text=text)
    for i in range(60):
        p.code(s, i * 10, i * 10 + 4, [f"code {i % 7}", 'é "quoted"'])
    p.rename("code 1", "code one")
    text = dumps(p)
    assert len(text) > _native_parse._HISTORY_BLOCKS_ABOVE
    return text


def test_history_read_by_blocks_keeps_every_event(large_text: str) -> None:
    p = loads(large_text)
    assert dumps(p) == large_text
    events = [[e.seq, e.when, e.who, e.op, dict(e.args)] for e in p.history]
    import json

    doc = json.loads(large_text)
    assert events == doc["history"]


def test_history_lines_laid_out_by_hand_still_load(large_text: str) -> None:
    """Rows with spaces (not as gtgraph writes them) load the same and save canonically."""
    spaced = large_text.replace('"HB","code",{', '"HB", "code", {')
    assert spaced != large_text
    assert dumps(loads(spaced)) == large_text


def test_a_damaged_history_line_names_its_place(large_text: str) -> None:
    lines = large_text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("[30,"))
    lines[at] = lines[at][:-3]  # cut the end of one event
    damaged = "\n".join(lines)
    import json

    with pytest.raises(json.JSONDecodeError) as where:
        json.loads(damaged)
    place = f"line {where.value.lineno}, column {where.value.colno}"
    assert where.value.lineno in (at + 1, at + 2)  # the cut line or the next
    with pytest.raises(gtgraph.FormatError, match=place):
        loads(damaged)


def test_about_finds_ids_written_with_escapes() -> None:
    """An id written with JSON escapes in a file is still found by about()."""
    p = gtgraph.Project(actor="HB")
    p.add_code("trust")
    text = dumps(p).replace('"code":"cod1"}', '"code":"\\u0063od1"}')
    assert "\\u0063od1" in text
    again = loads(text)
    assert [e.op for e in again.history.about("trust")] == ["add_code"]
