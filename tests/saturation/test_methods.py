"""The methods paragraph and the information power a project records."""

from __future__ import annotations

import pytest

import gtgraph
from gtgraph.demo import build_project
from gtgraph.saturation import (
    SaturationError,
    information_power,
    record_information_power,
    report,
)

DIMS = {
    "aim": "narrow",
    "specificity": "dense",
    "theory": "none",
    "dialogue": "strong",
    "strategy": "cross-case",
}


@pytest.fixture(scope="module")
def demo():
    """The demo study's report, with information power recorded."""
    p = build_project()
    record_information_power(p, **DIMS, note="Ten users of one service.")
    return report(p, seed=1)


class TestMethodsText:
    def test_states_the_report_numbers(self, demo):
        """The paragraph gives the numbers the report shows, with their intervals."""
        text = demo.methods_text()
        chao = demo.estimates["Chao2"]
        assert f"{chao.value:.1f} codes (Chao2; 95% confidence interval" in text
        assert f"{chao.ci_low:.1f}-{chao.ci_high:.1f}" in text
        share = demo.share_observed
        assert (
            f"about {share.value:.0%} (95% interval {share.low:.0%}-{share.high:.0%})"
            in text
        )
        end = next(b for b in demo.bands if b.t == 10)
        assert f"{demo.coverage:.3f} (95% interval {end.coverage_low:.3f}-" in text
        needed = demo.sources_needed
        assert (
            f"{needed.value:.1f} sources in total (95% interval {needed.low:.1f}-"
            in text
        )
        assert "first met at 4+2" in text
        assert "5 further codes arrived after it" in text
        assert "above the threshold" in text

    def test_parameters_order_and_sensitivity(self, demo):
        """What was measured, in what order, with which settings and how sensitive."""
        text = demo.methods_text()
        assert "at the level of codes, with sources as the sampling units" in text
        assert "P01 interview, P02 interview" in text
        assert (
            "base of 4 sources, runs of 2 and a new-information threshold of 5%" in text
        )
        assert "| Guest | base 6, run 2, threshold 5% | met at 7+2 | 1 | no |" in text
        assert "seed 1" in text

    def test_limits_reporting_items_and_references(self, demo):
        """It says what the numbers do not show, which items it answers, and cites."""
        text = demo.methods_text()
        assert "do not show" in text
        assert "COREQ item 22" in text
        assert "SRQR item 8" in text
        refs = text.split("References")[1]
        for doi in (
            "10.1371/journal.pone.0232076",
            "10.1177/1525822X17749386",
            "10.1080/13645579.2015.1005453",
            "10.1177/1049732315617444",
            "10.1093/intqhc/mzm042",
            "10.1097/ACM.0000000000000388",
        ):
            assert doi in refs

    def test_information_power(self, demo):
        """The recorded dimensions appear in the paragraph."""
        text = demo.methods_text()
        assert "Information power (Malterud et al. 2016)" in text
        assert "study aim narrow" in text
        assert "Ten users of one service." in text

    def test_without_information_power(self):
        """A project without the dimensions leaves them and Malterud out."""
        p = gtgraph.Project(title="t")
        s = p.add_source("I1", text="abc")
        p.code(s, start=0, end=1, codes="a")
        text = report(p, permutations=0, replicates=0).methods_text()
        assert "Malterud" not in text


class TestInformationPower:
    def test_saved_and_loaded(self, tmp_path):
        """The dimensions are project settings: they survive save and load."""
        p = gtgraph.Project(title="t")
        recorded = record_information_power(p, **DIMS)
        path = tmp_path / "p.gtg.json"
        p.save(path)
        assert information_power(gtgraph.Project.load(path)) == recorded

    def test_bad_value_leaves_the_project_unchanged(self):
        """A value outside the two poles is refused, and nothing is recorded."""
        p = gtgraph.Project(title="t")
        with pytest.raises(SaturationError, match="'narrow' or 'broad'"):
            record_information_power(p, **{**DIMS, "aim": "medium"})
        assert information_power(p) is None
        assert len(p.history) == 0
