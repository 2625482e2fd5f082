"""load() accepts only what the API could have built, and names the record otherwise."""

from __future__ import annotations

import json

import attrs
import pytest

import gtgraph
from gtgraph import FormatError
from gtgraph.readwrite import dumps, loads


def study() -> gtgraph.Project:
    p = gtgraph.Project(title="Rules", vocabularies=["process", "atlas"])
    for name in ("a", "b", "c", "d"):
        p.add_code(name)
    p.relate("a", "precedes", "b")
    p.relate("b", "precedes", "c")
    p.relate("a", "is associated with", "c")
    p.rename("c", "c2")
    p.merge_codes(["d"], into="d merged")
    return p


def doc_of(p: gtgraph.Project) -> dict:
    return json.loads(dumps(p))


def refused(doc: dict, *patterns: str) -> str:
    with pytest.raises(FormatError) as caught:
        loads(json.dumps(doc), name="hostile.gtg.json")
    message = str(caught.value)
    assert message.startswith("hostile.gtg.json: ")
    for pattern in patterns:
        assert pattern in message, message
    return message


def test_the_study_itself_loads():
    """The fixture is a valid project: everything refused below is the change made."""
    p = study()
    assert loads(dumps(p)) == p


class TestRelationships:
    def test_self_relationship(self):
        """A relationship whose two ends are the same code is refused (the API refuses it)."""
        p = study()
        doc = doc_of(p)
        doc["relationships"][0]["target"] = doc["relationships"][0]["source"]
        refused(doc, "relationships[0]", "both its ends")
        with pytest.raises(gtgraph.ValidationError):
            p.relate("a", "precedes", "a")

    def test_duplicate_relationship(self):
        """The same relationship twice (same ends, same type) is refused, naming the copy."""
        doc = doc_of(study())
        copy = dict(doc["relationships"][0], id="rel99")
        doc["relationships"].append(copy)
        refused(doc, "relationships[3] (rel99)", "repeats")

    def test_symmetric_relationship_reversed_is_a_duplicate(self):
        """A symmetric relationship stored in both directions is refused."""
        doc = doc_of(study())
        rel = doc["relationships"][2]
        doc["relationships"].append(
            dict(rel, id="rel99", source=rel["target"], target=rel["source"])
        )
        refused(doc, "(rel99)", "repeats")

    def test_precedes_cycle(self):
        """A cycle of an acyclic type is refused; merge_codes would fail on it later."""
        doc = doc_of(study())
        first = doc["relationships"][0]
        last = doc["relationships"][1]
        doc["relationships"].append(
            dict(first, id="rel99", source=last["target"], target=first["source"])
        )
        refused(doc, "(rel99)", "cycle of 'precedes'")

    def test_custom_type_named_like_an_enabled_builtin(self):
        """A user-defined 'precedes' that is symmetric clashes with the enabled one."""
        doc = doc_of(study())
        builtin = gtgraph.relations.BUILTIN_TYPES["precedes"]
        other = attrs.evolve(builtin, symmetric=True, transitive=False, acyclic=False)
        doc["relation_types"] = [dict(attrs.asdict(other), endpoints=["code"])]
        refused(doc, "relation_types[0]", "other semantics")

    @pytest.mark.parametrize("flag", [float("nan"), "yes", 1, None])
    def test_relation_type_flags_must_be_booleans(self, flag):
        """Flags of a user-defined type are true or false in the file too."""
        p = gtgraph.Project(vocabularies=[])
        p.add_relation_type("hinders", style="causal")
        doc = doc_of(p)
        doc["relation_types"][0]["acyclic"] = flag
        text = json.dumps(doc).replace("NaN", '"NaN"')
        with pytest.raises(FormatError, match=r"relation_types\[0\]"):
            loads(text, name="hostile.gtg.json")


class TestHistory:
    def test_merged_must_be_a_list_of_ids(self):
        """``{"op": "merge_codes", "args": {"merged": 5}}`` is refused, naming the row."""
        doc = doc_of(study())
        row = next(r for r in doc["history"] if r[3] == "merge_codes")
        row[4]["merged"] = 5
        refused(doc, f"history[{row[0] - 1}] (merge_codes)", "'merged'")

    def test_rename_needs_its_old_name(self):
        """A rename without ``old_name`` (provenance reads it) is refused."""
        doc = doc_of(study())
        row = next(r for r in doc["history"] if r[3] == "rename")
        del row[4]["old_name"]
        refused(doc, "(rename)", "'old_name' is missing")

    def test_unknown_operation(self):
        """An operation gtgraph never records is refused."""
        doc = doc_of(study())
        doc["history"][0][3] = "format_disk"
        refused(doc, "history[0]", "'format_disk'")

    def test_loaded_history_serves_provenance(self):
        """What loads can be asked for its provenance without a TypeError."""
        p = loads(dumps(study()))
        assert gtgraph.provenance(p, "a") is not None


def test_later_calls_do_not_fail_on_loaded_state():
    """The defect: a loaded precedes cycle made an unrelated merge_codes raise."""
    p = study()
    q = loads(dumps(p))
    q.merge_codes(["b"], into="b merged")
    assert "b merged" in q.codes


def test_enabling_a_vocabulary_that_clashes_is_refused():
    """The API refuses what load() refuses: a built-in type over an own one of other semantics."""
    p = gtgraph.Project(vocabularies=[])
    p.add_relation_type("precedes", symmetric=True)
    with pytest.raises(gtgraph.RelationTypeError, match="other semantics"):
        p.enable_vocabulary("process")
    assert p.vocabularies == ()
    assert loads(dumps(p)) == p
