"""Theoretical sampling guidance on the hand-built study, with scores worked by hand.

The study (tests/study.py): P01 (community, f), P02 (community, m), P03
(inpatient, f).  With min_participants=3:

- Disclosure: P02 only, 2*(3-1)/3; no properties, 1; its relationship rests on
  one participant, 0.5; no inpatient and no female participant, 2*0.25.
  Total 10/3.
- The process of disclosure: the same without the relationship: 17/6.
- Shared identity: P01, P02, 2/3; no properties, 1; the relationship, 0.5; no
  inpatient, 0.25.  Total 29/12.
- Anxiety: P01, P03, 2/3; no properties, 1; no male participant, 0.25.
  Total 23/12.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import gtgraph
from gtgraph import ValidationError
from gtgraph.sampling import SamplingSuggestion, suggest_sampling


def developed() -> gtgraph.Project:
    """Two categories grounded in three participants each, fully developed."""
    p = gtgraph.Project()
    segs = []
    for i in range(3):
        p.add_participant(f"P{i}", site="north" if i % 2 else "south")
        s = p.add_source(f"i{i}", text="ab", participant=f"P{i}")
        segs.append(p.code(s, 0, 1, codes="a"))
        segs.append(p.code(s, 1, 2, codes="b"))
    for code, cat in (("a", "A"), ("b", "B")):
        p.categorize(code, cat)
        p.add_property(cat, "depth", dimensions=[("low", "high")])
        p.add_property(cat, "scope", dimensions=[("narrow", "wide")])
    p.relate("A", "leads to", "B", evidence=segs[:4])
    return p


class TestSuggestSampling:
    def test_ranking(self, study):
        """Categories come thinnest first, with the scores worked out above."""
        found = suggest_sampling(study)
        assert [(s.category, s.score) for s in found] == [
            ("Disclosure", pytest.approx(10 / 3)),
            ("The process of disclosure", pytest.approx(17 / 6)),
            ("Shared identity", pytest.approx(29 / 12)),
            ("Anxiety", pytest.approx(23 / 12)),
        ]

    def test_reasons_and_wanted(self, study):
        """Each suggestion says why, whom to seek and what to ask."""
        first = suggest_sampling(study)[0]
        assert isinstance(first, SamplingSuggestion)
        assert (first.participants, first.segments, first.properties) == (1, 1, 0)
        assert first.reasons == (
            "grounded in 1 participant(s) only (P02); 3 wanted",
            "has no properties yet",
            "relationship 'Disclosure' leads to 'Shared identity' rests on 1 participant(s)",
            "no participant with gender = f speaks to it (2 in the study: P01, P03)",
            "no participant with service = inpatient speaks to it (1 in the study: P03)",
        )
        assert first.wanted == (
            "participants with gender = f",
            "participants with service = inpatient",
        )
        assert len(first.questions) == 3
        assert str(first).splitlines()[0] == (
            "Disclosure (score 3.33; 1 participant(s), 1 segment(s), 0 propert(y/ies))"
        )
        assert (
            "  seek: participants with gender = f; participants with service = inpatient"
            in str(first)
        )

    def test_developed_categories_are_not_listed(self):
        """Categories without any sign of thinness are left out."""
        assert suggest_sampling(developed()) == []

    def test_properties_and_dimensions(self):
        """One property, and properties without developed dimensions, count."""
        p = developed()
        p.add_category("C")
        p.categorize("a", "C")
        p.add_property("C", "depth", dimensions=["depth"])  # a dimension without poles
        (c,) = suggest_sampling(p)
        assert c.category == "C"
        assert c.reasons == (
            "has one property only ('depth')",
            "properties without a developed dimension: 'depth'",
        )
        assert c.score == pytest.approx(0.5 + 0.5)

    def test_relationship_without_evidence(self):
        """A relationship without evidence is thin too."""
        p = developed()
        p.relate("B", "is associated with", "A")
        found = suggest_sampling(p)
        assert [s.category for s in found] == ["A", "B"]
        assert found[0].reasons == (
            "relationship 'B' is associated with 'A' has no evidence yet",
        )

    def test_saturation_mapping(self, study):
        """An unsaturated category (by name or id) weighs 1.5 more."""
        found = suggest_sampling(
            study, saturation={"Anxiety": False, "Disclosure": True}
        )
        assert found[0].category == "Anxiety"
        assert found[0].score == pytest.approx(23 / 12 + 1.5)
        assert "not saturated yet by the saturation rule given" in found[0].reasons
        by_id = {study.categories["Anxiety"].id: False}
        assert suggest_sampling(study, saturation=by_id)[0].category == "Anxiety"

    def test_saturation_report(self, study):
        """A report with a categories table of (category, saturated) rows is read."""
        report = SimpleNamespace(
            categories=(
                SimpleNamespace(category="Anxiety", saturated=False),
                SimpleNamespace(category="Unknown", saturated=False),
            )
        )
        assert suggest_sampling(study, saturation=report)[0].category == "Anxiety"

    def test_project_saturation_report(self, study):
        """The project's own saturation report is read, with why a rule cannot tell."""
        report = study.saturation()
        unsaturated = {row.category for row in report.categories if not row.saturated}
        found = suggest_sampling(study, saturation=report)
        flagged = {
            s.category
            for s in found
            if any(r.startswith("not shown to be saturated: needs") for r in s.reasons)
        }
        assert flagged == unsaturated == {c.name for c in study.categories}
        plain = {s.category: s.score for s in suggest_sampling(study)}
        for s in found:
            assert s.score == pytest.approx(plain[s.category] + 1.5)

    @pytest.mark.parametrize(
        "saturation",
        [42, SimpleNamespace(categories=(SimpleNamespace(name="Anxiety"),))],
    )
    def test_bad_saturation(self, study, saturation):
        """Saturation of an unknown shape is refused with a message."""
        with pytest.raises(ValidationError, match="saturation="):
            suggest_sampling(study, saturation=saturation)

    def test_chosen_attributes(self, study):
        """attributes= limits which attributes are looked at."""
        first = suggest_sampling(study, attributes="gender")[0]
        assert first.wanted == ("participants with gender = f",)

    def test_identifiers_and_measurements_are_not_kinds(self):
        """Attributes with a different value for each of many participants are ignored."""
        p = gtgraph.Project()
        for i in range(6):
            p.add_participant(f"P{i}", age=20 + i, code_name=f"x{i}", score=i / 2)
        s = p.add_source("i", text="a", participant="P0")
        p.code(s, 0, 1, codes="a")
        p.categorize("a", "A")
        p.add_property("A", "depth", dimensions=[("low", "high")])
        p.add_property("A", "scope", dimensions=[("narrow", "wide")])
        (only,) = suggest_sampling(p)
        assert only.wanted == ()
        assert only.reasons == ("grounded in 1 participant(s) only (P0); 3 wanted",)

    def test_limit_and_minimum(self, study):
        """limit= shortens the list; min_participants= moves the threshold."""
        assert len(suggest_sampling(study, limit=2)) == 2
        lenient = suggest_sampling(study, min_participants=1)
        assert all("wanted" not in r for s in lenient for r in s.reasons)
        with pytest.raises(ValidationError, match="min_participants"):
            suggest_sampling(study, min_participants=0)

    def test_empty_project(self):
        """A project without categories has nothing to suggest."""
        assert suggest_sampling(gtgraph.Project()) == []


def test_public_name():
    """gtgraph.suggest_sampling is the function of gtgraph.sampling."""
    assert gtgraph.suggest_sampling is suggest_sampling
