"""A small hand-built study whose query, check and replay answers are worked out by hand."""

from __future__ import annotations

import gtgraph

INTERVIEW_1 = "I was nervous at first. She told me she had been there too. After that I trusted her."
INTERVIEW_2 = "He had been there too. I told him about my diagnosis."
INTERVIEW_3 = "I was nervous. Nobody on the ward had been there."


def build_study() -> gtgraph.Project:
    """Three interviews, five codes, four categories, one relationship.

    ==============  ===========  ======================================
    source          participant  codes (quote)
    ==============  ===========  ======================================
    Interview 1     P01          feeling nervous ("I was nervous at first"),
                                 shared experience ("she had been there too"),
                                 trust ("After that I trusted her")
    Interview 2     P02          shared experience ("He had been there too"),
                                 disclosing diagnosis ("I told him about my diagnosis")
    Interview 3     P03          feeling nervous ("I was nervous"),
                                 no shared experience ("Nobody on the ward had been there")
    ==============  ===========  ======================================

    Categories: Shared identity (core) <- shared experience, trust; Disclosure <-
    disclosing diagnosis; Anxiety <- feeling nervous; The process of disclosure
    (theme) <- Disclosure.  Relationship: Disclosure leads to Shared identity,
    with one segment of Interview 2 as evidence.
    """
    p = gtgraph.Project(title="Peer support", actor="HB")
    p.clock = lambda: "2026-03-01T10:00:00Z"
    p.add_participant("P01", service="community", gender="f")
    p.add_participant("P02", service="community", gender="m")
    p.add_participant("P03", service="inpatient", gender="f")
    s1 = p.add_source("Interview 1", text=INTERVIEW_1, participant="P01")
    s2 = p.add_source("Interview 2", text=INTERVIEW_2, participant="P02")
    s3 = p.add_source("Interview 3", text=INTERVIEW_3, participant="P03")
    p.code(s1, quote="I was nervous at first", codes="feeling nervous")
    p.code(s1, quote="she had been there too", codes="shared experience")
    p.code(s1, quote="After that I trusted her", codes="trust")
    p.code(s2, quote="He had been there too", codes="shared experience")
    p.code(s2, quote="I told him about my diagnosis", codes="disclosing diagnosis")
    p.code(s3, quote="I was nervous", codes="feeling nervous")
    p.code(s3, quote="Nobody on the ward had been there", codes="no shared experience")
    p.add_category("Shared identity", core=True)
    p.categorize("shared experience", "Shared identity")
    p.categorize("trust", "Shared identity")
    p.categorize("disclosing diagnosis", "Disclosure")
    p.categorize("feeling nervous", "Anxiety")
    p.add_category("The process of disclosure", theme=True)
    p.categorize("Disclosure", "The process of disclosure")
    p.relate(
        "Disclosure",
        "leads to",
        "Shared identity",
        evidence=[seg(p, "Interview 2", "I told him about my diagnosis")],
    )
    return p


def seg(project: gtgraph.Project, source: str, quote: str) -> gtgraph.Segment:
    """Return the segment of *source* whose quote is *quote*."""
    (found,) = [
        s
        for s in project.segments
        if s.quote == quote and s.source == project.sources[source].id
    ]
    return found
