"""Every value that enters a project can be saved and loaded back: one check at the boundary.

Hypothesis puts values of every JSON-able and near-JSON-able Python type (dates,
datetimes with and without zones, big ints, NaN, lone surrogates, bytes, nested
containers, arbitrary objects) into each argument of every public method that
takes user data.  Each call must either raise a GtGraphError and leave the project
exactly as it was, or succeed; after success, saving and loading gives an equal
project.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gtgraph
from gtgraph import GtGraphError
from gtgraph.model import RelationType
from gtgraph.readwrite import dumps, loads

ZONES = [dt.timezone.utc, dt.timezone(dt.timedelta(hours=-3, minutes=-30))]
ZONES += [zoneinfo.ZoneInfo("Europe/Berlin")]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=2**53 - 2, max_value=2**53 + 2),
    st.sampled_from([10**5000 // 10**4000, -(2**63), 2**64]),
    st.floats(),  # NaN and infinities included
    st.text(max_size=8),  # lone surrogates included
    st.sampled_from(["bad\ud800name", "\udfff", "a\x00b", "", "  ", "calm"]),
    st.binary(max_size=4),
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=st.sampled_from(ZONES)),
    st.times(),
    st.just(object()),
    st.decimals(allow_nan=True),
    st.complex_numbers(max_magnitude=10),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.tuples(inner, inner),
        st.dictionaries(st.text(max_size=4), inner, max_size=3),
        st.frozensets(st.integers(0, 3), max_size=2),
    ),
    max_leaves=6,
)


def hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def study() -> gtgraph.Project:
    p = gtgraph.Project(title="Boundary", actor="HB", vocabularies=["process", "atlas"])
    p.add_participant("P01", site="north")
    s = p.add_source("S1", text="I felt calm and safe there.", participant="P01")
    seg = p.code(s, 7, 11, codes=["calm"])
    p.code(s, 16, 20, codes=["safe"])
    p.add_category("Feelings", parents=())
    p.categorize("calm", "Feelings")
    p.add_property("Feelings", "intensity")
    p.relate("calm", "precedes", "safe", evidence=[seg])
    p.memo("calm", "Calm comes first.", title="On calm")
    return p


#: One template per argument a user fills: (method, call with the value in place).
CALLS: dict[str, Callable[[gtgraph.Project, Any], Any]] = {
    "add_participant name": lambda p, v: p.add_participant(v),
    "add_participant attribute": lambda p, v: p.add_participant("P02", age=v),
    "add_participant id": lambda p, v: p.add_participant("P02", id=v),
    "add_source name": lambda p, v: p.add_source(v, text="t"),
    "add_source text": lambda p, v: p.add_source("S2", v),
    "add_source participant": lambda p, v: p.add_source("S2", "t", participant=v),
    "add_source order": lambda p, v: p.add_source("S2", "t", order=v),
    "add_source kind": lambda p, v: p.add_source("S2", "t", kind=v),
    "add_source attributes": lambda p, v: p.add_source("S2", "t", attributes=v),
    "add_source attribute": lambda p, v: p.add_source("S2", "t", attributes={"a": v}),
    "add_source path": lambda p, v: p.add_source("S2", None, path=v),
    "add_code name": lambda p, v: p.add_code(v),
    "add_code definition": lambda p, v: p.add_code("new", definition=v),
    "add_code stage": lambda p, v: p.add_code("new", stage=v),
    "add_code in_vivo": lambda p, v: p.add_code("new", in_vivo=v),
    "add_code colour": lambda p, v: p.add_code("new", colour=v),
    "code start": lambda p, v: p.code("S1", v, 5, codes=["calm"]),
    "code end": lambda p, v: p.code("S1", 0, v, codes=["calm"]),
    "code codes": lambda p, v: p.code("S1", 0, 5, codes=v),
    "code coder": lambda p, v: p.code("S1", 0, 5, codes=["calm"], coder=v),
    "code created": lambda p, v: p.code("S1", 0, 5, codes=["calm"], created=v),
    "code quote": lambda p, v: p.code("S1", codes=["calm"], quote=v),
    "code_many spans": lambda p, v: p.code_many([("S1", 0, 5, v)]),
    "code_many coder": lambda p, v: p.code_many([("S1", 0, 5, ["calm"])], coder=v),
    "uncode codes": lambda p, v: p.uncode(p.segments[0].id, v),
    "add_category name": lambda p, v: p.add_category(v),
    "add_category theme": lambda p, v: p.add_category("New", theme=v),
    "add_category core": lambda p, v: p.add_category("New", core=v),
    "add_category definition": lambda p, v: p.add_category("New", definition=v),
    "categorize parent": lambda p, v: p.categorize("safe", v),
    "add_property name": lambda p, v: p.add_property("Feelings", v),
    "add_property dimensions": lambda p, v: p.add_property(
        "Feelings", "x", dimensions=v
    ),
    "add_property definition": lambda p, v: p.add_property(
        "Feelings", "x", definition=v
    ),
    "add_dimension": lambda p, v: p.add_dimension("Feelings", "intensity", v),
    "rename": lambda p, v: p.rename("calm", v),
    "update definition": lambda p, v: p.update("calm", definition=v),
    "update stage": lambda p, v: p.update("calm", stage=v),
    "update theme": lambda p, v: p.update("Feelings", theme=v),
    "update attributes": lambda p, v: p.update("P01", attributes={"site": v}),
    "update order": lambda p, v: p.update("S1", order=v),
    "update memo text": lambda p, v: p.update("On calm", text=v),
    "update memo author": lambda p, v: p.update("On calm", author=v),
    "merge_codes into": lambda p, v: p.merge_codes(["safe"], into=v),
    "merge_codes definition": lambda p, v: p.merge_codes(
        ["safe"], into="calm", definition=v
    ),
    "split_code part name": lambda p, v: p.split_code(
        "calm", {v: []} if hashable(v) else v
    ),
    "split_code parts": lambda p, v: p.split_code("calm", v),
    "relate type": lambda p, v: p.relate("safe", v, "calm"),
    "relate id": lambda p, v: p.relate("safe", "is associated with", "calm", id=v),
    "add_evidence property": lambda p, v: p.add_evidence(
        "Feelings", p.segments[0].id, property=v
    ),
    "memo text": lambda p, v: p.memo("calm", v),
    "memo title": lambda p, v: p.memo("calm", "text", title=v),
    "memo author": lambda p, v: p.memo("calm", "text", author=v),
    "memo created": lambda p, v: p.memo("calm", "text", created=v),
    "add_relation_type name": lambda p, v: p.add_relation_type(v),
    "add_relation_type symbol": lambda p, v: p.add_relation_type("hinders", symbol=v),
    "add_relation_type inverse": lambda p, v: p.add_relation_type("hinders", inverse=v),
    "add_relation_type description": lambda p, v: p.add_relation_type(
        "hinders", description=v
    ),
    "add_relation_type acyclic": lambda p, v: p.add_relation_type("hinders", acyclic=v),
    "add_relation_type symmetric": lambda p, v: p.add_relation_type(
        "hinders", symmetric=v
    ),
    "add_relation_type transitive": lambda p, v: p.add_relation_type(
        "hinders", transitive=v
    ),
    "add_relation_type record flag": lambda p, v: p.add_relation_type(
        RelationType("hinders", acyclic=v)
    ),
    "add_relation_type endpoints": lambda p, v: p.add_relation_type(
        "hinders", endpoints=v
    ),
    "enable_vocabulary": lambda p, v: p.enable_vocabulary(v),
    "set_title": lambda p, v: p.set_title(v),
    "configure": lambda p, v: p.configure(option=v),
    "actor": lambda p, v: (setattr(p, "actor", v), p.add_code("by actor")),
}


def check_call(name: str, value: Any) -> None:
    p = study()
    before = dumps(p)
    try:
        CALLS[name](p, value)
    except GtGraphError:
        if name == "actor":
            p.actor = "HB"
        assert dumps(p) == before, f"{name} failed but changed the project"
        return
    # As save() does: raises if something unsaveable was accepted.
    data = dumps(p).encode("utf-8")
    assert loads(data) == p, f"{name} with {value!r} did not load back equal"


@pytest.mark.parametrize("name", sorted(CALLS))
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(value=values)
def test_value_refused_unchanged_or_saved_equal(name, value):
    """Each call raises GtGraphError leaving the project unchanged, or saves and loads equal."""
    check_call(name, value)


class TestReproducers:
    """The shortest reproducers of values that were accepted but could not be saved."""

    def test_datetime_attribute_saves_and_loads(self, tmp_path):
        """A datetime attribute (the data loss): saved, loaded back equal."""
        p = gtgraph.Project()
        naive = dt.datetime(2020, 1, 2, 10, 30)  # noqa: DTZ001 - the reproducer is naive
        p.add_participant("P01", when=naive)
        p.save(tmp_path / "f.gtg.json")
        q = gtgraph.load(tmp_path / "f.gtg.json")
        assert q == p
        assert q.participants["P01"].attributes["when"] == naive

    def test_zoned_datetime_keeps_its_offset(self, tmp_path):
        """A timezone-aware value keeps its offset (the instant and the local time)."""
        when = dt.datetime(
            2020, 7, 2, 10, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin")
        )
        p = gtgraph.Project()
        p.add_participant("P01", when=when)
        p.save(tmp_path / "f.gtg.json")
        back = gtgraph.load(tmp_path / "f.gtg.json").participants["P01"].attributes
        assert back["when"] == when
        assert back["when"].utcoffset() == dt.timedelta(hours=2)

    @pytest.mark.parametrize(
        "call",
        [
            lambda p: p.add_code("bad\ud800name"),
            lambda p: p.add_source("S", text="bad\ud800text"),
            lambda p: p.memo(None, "bad\ud800memo"),
            lambda p: p.add_participant("P", **{"bad\ud800key": 1}),
            lambda p: p.set_title("bad\ud800title"),
            lambda p: (setattr(p, "actor", "bad\ud800actor"), p.add_code("x")),
            lambda p: p.add_participant("P", n=10**5000 // 10**4000),
            lambda p: p.add_relation_type("r", acyclic=float("nan")),
            lambda p: p.add_relation_type("r", acyclic="yes"),
            lambda p: p.add_relation_type("r", acyclic=object()),
        ],
    )
    def test_refused_before_the_history(self, call):
        """Surrogates, huge numbers, non-boolean flags: refused, nothing recorded."""
        p = gtgraph.Project()
        with pytest.raises(GtGraphError):
            call(p)
        p.actor = None
        assert len(p.history) == 0
        assert loads(dumps(p)) == p
