"""Theory checks: each rule on small projects whose findings are known."""

from __future__ import annotations

from pathlib import Path

import pytest
from study import seg

import gtgraph
from gtgraph.checks import RULES, SEVERITIES, check, name_key
from gtgraph.errors import ValidationError

ROOT = Path(__file__).resolve().parents[2]


def run(project: gtgraph.Project, rule: str) -> list[gtgraph.checks.Finding]:
    findings = check(project, rules=[rule])
    assert all(f.rule == rule for f in findings)
    return findings


def concepts() -> gtgraph.Project:
    """Four categories A, B, C, D, each with one code a, b, c, d and a property."""
    p = gtgraph.Project()
    s = p.add_source("i1", text="abcd", participant="P01")
    for i, name in enumerate("abcd"):
        p.code(s, i, i + 1, codes=name)
        p.categorize(name, name.upper())
        p.add_property(name.upper(), "p", dimensions=[("lo", "hi")])
    return p


class TestRegistry:
    def test_every_rule_is_documented(self):
        """Each rule has a severity, a description and a rationale citing sources."""
        assert len(RULES) == 15
        for rule_id, rule in RULES.items():
            assert rule.id == rule_id
            assert rule.severity in SEVERITIES
            assert rule.description.endswith(".")
            assert len(rule.rationale) > 100
            assert any(str(year) in rule.rationale for year in range(1960, 2030))

    def test_reference_page_lists_every_rule(self):
        """The reference page gives every rule, its severity and its rationale."""
        page = (ROOT / "docs" / "reference" / "checks.md").read_text(encoding="utf-8")
        flat = " ".join(page.split())
        for rule_id, rule in RULES.items():
            assert f"### `{rule_id}`" in page
            assert f"**{rule.severity}**: {rule.description}" in flat
            assert " ".join(rule.rationale.split()) in flat

    def test_finding_str(self):
        """A finding prints as severity, rule and message."""
        f = gtgraph.checks.Finding("info", "memo-about-nothing", "memo 'x'", ("mem1",))
        assert str(f) == "info [memo-about-nothing] memo 'x'"


class TestCodes:
    def test_code_without_category(self, study):
        """Only the code in no category is found."""
        (f,) = run(study, "code-without-category")
        assert f.subjects == (study.codes["no shared experience"].id,)
        assert f.severity == "warning"
        assert "'no shared experience'" in f.message

    @pytest.mark.parametrize(
        ("names", "groups"),
        [
            (["Trust", "trust"], 1),
            (["feeling safe", "feeling  safe"], 1),
            (["feeling-safe", "feeling_safe", "feeling safe"], 1),
            (["story", "stories"], 1),
            (["feeling", "feelings"], 1),
            (["box", "boxes"], 1),
            (["process", "processes"], 1),
            (["trust", "safety"], 0),
            (["bus", "bu"], 0),
            (["diagnosis", "diagnosi"], 0),
        ],
    )
    def test_duplicate_code_names(self, names, groups):
        """Case, spacing and simple plural variants are found; other names are not."""
        p = gtgraph.Project()
        for name in names:
            p.add_code(name)
        findings = run(p, "duplicate-code-names")
        assert len(findings) == groups
        if groups:
            assert findings[0].subjects == tuple(c.id for c in p.codes)

    def test_name_key(self):
        """The shared form ignores case, spacing, hyphens and plural endings."""
        assert name_key("  Disclosing   Diagnoses ") == "disclosing diagnose"
        assert name_key("classes") == "class"
        assert name_key("his") == "his"


class TestCategories:
    def test_category_without_codes(self, study):
        """A category with no code at any depth is found; a theme over codes is not."""
        study.add_category("Empty")
        (f,) = run(study, "category-without-codes")
        assert f.subjects == (study.categories["Empty"].id,)

    def test_category_without_properties(self):
        """Categories with no property are found."""
        p = concepts()
        p.add_category("E")
        (f,) = run(p, "category-without-properties")
        assert f.subjects == (p.categories["E"].id,)

    def test_property_without_dimensions(self):
        """A property with no dimension is found, naming the property."""
        p = concepts()
        p.add_property("A", "depth")
        (f,) = run(p, "property-without-dimensions")
        assert f.subjects == (p.categories["A"].id,)
        assert "'depth'" in f.message

    def test_core_categories(self):
        """No core is information; two cores are an error; one is fine."""
        p = concepts()
        assert [f.severity for f in run(p, "no-core-category")] == ["info"]
        assert run(p, "several-core-categories") == []
        p.update("A", core=True)
        assert run(p, "no-core-category") == []
        p.update("B", core=True)
        (f,) = run(p, "several-core-categories")
        assert f.severity == "error"
        assert f.subjects == (p.categories["A"].id, p.categories["B"].id)

    def test_no_core_category_without_categories(self):
        """A project without categories has no core to miss."""
        assert run(gtgraph.Project(), "no-core-category") == []

    def test_connected_to_core(self):
        """Connection runs through relationships, and through a category's family."""
        p = concepts()
        p.update("A", core=True)
        p.relate("B", "is cause of", "A")  # B: directly related
        p.relate("c", "is associated with", "b")  # C: through its code c
        # D: not related at all
        (f,) = run(p, "not-connected-to-core")
        assert f.subjects == (p.categories["D"].id,)

    def test_siblings_are_not_connected(self):
        """Sharing a parent with the core does not connect a category to it."""
        p = concepts()
        p.update("A", core=True)
        for name in "ABCD":
            p.categorize(name, "Theme")
        findings = run(p, "not-connected-to-core")
        assert {f.subjects[0] for f in findings} == {p.categories[n].id for n in "BCD"}

    def test_subcategory_of_related_category(self):
        """A subcategory of a category related to the core is connected."""
        p = concepts()
        p.update("A", core=True)
        p.categorize("C", "B")
        p.relate("B", "leads to", "A")
        findings = run(p, "not-connected-to-core")
        assert [f.subjects[0] for f in findings] == [p.categories["D"].id]

    def test_no_core_no_connection_findings(self):
        """Without a core category the connection rule is silent."""
        assert run(concepts(), "not-connected-to-core") == []


class TestRelationships:
    def test_without_evidence(self, study):
        """A relationship without evidence is found; one with evidence is not."""
        rel = study.relate("trust", "is associated with", "shared experience")
        (f,) = run(study, "relationship-without-evidence")
        assert f.subjects == (rel.id,)
        assert f"project.add_evidence({rel.id!r}" in f.message

    def test_one_participant(self, study):
        """Evidence from one participant only is found, naming the participant."""
        (f,) = run(study, "relationship-one-participant")
        assert "(P02)" in f.message
        rel = next(iter(study.relationships))
        study.add_evidence(rel, seg(study, "Interview 1", "she had been there too"))
        assert run(study, "relationship-one-participant") == []

    def test_contradicted(self, study):
        """Counter-evidence from more participants than support it is an error."""
        rel = next(iter(study.relationships))  # supported by P02 only
        study.add_evidence(
            rel, seg(study, "Interview 3", "I was nervous"), counter=True
        )
        assert run(study, "relationship-contradicted") == []  # one against one
        study.add_evidence(
            rel, seg(study, "Interview 1", "I was nervous at first"), counter=True
        )
        (f,) = run(study, "relationship-contradicted")
        assert f.severity == "error"
        assert "contradicted by 2 participant(s) but supported by 1" in f.message

    def test_contradictory_pair(self):
        """'contradicts' together with a causal type between the same pair is found."""
        p = concepts()
        a = p.relate("A", "contradicts", "B")
        b = p.relate("B", "is cause of", "A")
        p.relate("C", "contradicts", "D")
        p.relate("C", "is associated with", "D")
        (f,) = run(p, "contradictory-relationships")
        ids = {p.categories["A"].id, p.categories["B"].id}
        assert set(f.subjects) == ids | {a.id, b.id}

    def test_causal_cycle(self):
        """A cycle of causal links is a warning, naming the concepts in order."""
        p = concepts()
        p.relate("A", "is cause of", "B")
        p.relate("B", "is condition for", "C")
        p.relate("C", "is cause of", "A")
        (f,) = run(p, "causal-cycle")
        assert f.severity == "warning"
        assert "'A' -> 'B' -> 'C' -> 'A'" in f.message

    def test_consequence_points_backwards(self):
        """'A is consequence of B' runs from B to A, so with 'A is cause of B' it cycles."""
        p = concepts()
        p.relate("A", "is cause of", "B")
        assert run(p, "causal-cycle") == []
        p.relate("A", "is consequence of", "B")
        assert len(run(p, "causal-cycle")) == 1

    def test_no_cycle_through_symmetric_or_structural(self):
        """Symmetric and structural types do not make causal cycles."""
        p = concepts()
        p.relate("A", "is cause of", "B")
        p.relate("B", "is associated with", "A")
        p.relate("B", "is property of", "A")
        assert run(p, "causal-cycle") == []


class TestMemos:
    def test_memo_about_nothing(self, study):
        """A memo about nothing is information; a memo about a code is fine."""
        study.memo("trust", "Trust comes after disclosure.")
        loose = study.memo(None, "Something to follow up.")
        (f,) = run(study, "memo-about-nothing")
        assert (f.severity, f.subjects) == ("info", (loose.id,))


class TestCheck:
    def test_all_rules_sorted_by_severity(self, study):
        """Errors come first, then warnings, then information."""
        study.update("Anxiety", core=True)
        study.memo(None, "loose")
        severities = [f.severity for f in check(study)]
        assert severities == sorted(severities, key=SEVERITIES.index)
        assert severities[0] == "error"
        assert severities[-1] == "info"

    def test_disabled_checks(self, study):
        """Rules switched off in the project's settings do not run."""
        study.configure(disabled_checks=["category-without-properties"])
        rules = {f.rule for f in check(study)}
        assert "category-without-properties" not in rules
        assert "code-without-category" in rules

    def test_rules_override_settings(self, study):
        """Rules named explicitly run even if the project switched them off."""
        study.configure(disabled_checks=["code-without-category"])
        assert len(check(study, rules="code-without-category")) == 1

    def test_unknown_rules(self, study):
        """Unknown rule ids are refused, with a suggestion, given or configured."""
        with pytest.raises(ValidationError, match="did you mean 'causal-cycle'"):
            check(study, rules=["causal-cycles"])
        study.configure(disabled_checks=["no-such-rule"])
        with pytest.raises(ValidationError, match="disabled_checks setting"):
            check(study)
        study.configure(disabled_checks="causal-cycle")
        with pytest.raises(ValidationError, match="must be a list"):
            check(study)

    def test_clean_project(self):
        """A developed, integrated, grounded theory has no findings."""
        p = concepts()
        p.update("A", core=True)
        segs = list(p.segments)
        p.add_participant("P02")
        s2 = p.add_source("i2", text="abcd", participant="P02")
        more = [p.code(s2, i, i + 1, codes=n) for i, n in enumerate("abcd")]
        for name, (x, y) in zip(
            "BCD", zip(segs[1:], more[1:], strict=True), strict=True
        ):
            p.relate(name, "leads to", "A", evidence=[x, y])
        assert check(p) == []
