"""Worked example: a constructivist grounded-theory study of peer support.

ILLUSTRATIVE, FICTIONAL DATA.  Every interview, participant, code and memo here
was invented for this example.  Nothing is taken from any real study, service,
participant or thesis.

The study is shaped like a clinical-psychology doctorate: ten service-users
(P01 to P10, with pseudonyms) talk about the relationship they built with their
professional peer support worker in mental-health services.  One researcher (HB)
codes every interview; a second coder (RK) codes parts of three of them, so that
inter-coder agreement can be computed.

The analysis runs in the stages a researcher works through (Charmaz 2014):

``initial``
    participants and transcripts, in interview order; line-by-line initial codes
    applied to phrases of the transcripts; early memos.
``focused``
    initial codes merged into focused codes with definitions; the second coder.
``categories``
    categories with definitions, properties, dimensions and their evidence.
``themes``
    three overarching themes; the process of disclosure as linked stages.
``final``
    the core category, the remaining relationships (causes, conditions,
    consequences, a contradiction) with evidence and counter-evidence, memos.

In a real study the stages overlap (later interviews are coded with the focused
codes already at hand); here they are kept apart so that each can be looked at,
and drawn, on its own: ``build_project("categories")`` returns the project as it
stood after that stage.

Data: ``gtgraph/demo/data/`` holds the transcripts and the participants' sheet
(``participants.csv``); the coding plan is :mod:`gtgraph.demo.coding_plan`.  They
ship with gtgraph, so ``gtgraph demo`` works wherever gtgraph is installed.

Run it as a script to print a summary and save the project file::

    python examples/peer_support.py [--out DIR] [--stage STAGE]
    python -m gtgraph.demo.peer_support [--out DIR] [--stage STAGE]

The saved file is the same, byte for byte, on every run: every change is stamped
with a fixed date (the interview or analysis date) instead of the time of the run.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from functools import partial
from pathlib import Path

import gtgraph
from gtgraph.demo import coding_plan as coding

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
TITLE = "Peer support relationships in mental-health services (illustrative, fictional data)"
FILE_NAME = "peer-support.gtg.json"
STAGES = ("initial", "focused", "categories", "themes", "final")
HB = "HB"  # the researcher: every interview
RK = "RK"  # the second coder: parts of three interviews


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------


def _at(project: gtgraph.Project, when: str) -> None:
    """Stamp the changes that follow with the fixed time *when* (ISO 8601)."""
    # A fixed clock makes the saved file identical from run to run.
    project.clock = lambda: when


def _stamp(day: dt.date, hour: int = 10) -> str:
    return f"{day.isoformat()}T{hour:02d}:00:00Z"


def _while(project: gtgraph.Project, participant: str) -> AbstractContextManager[None]:
    """Record the changes made in the block as made while analysing *participant*'s interview."""
    return project.analysing(interview(participant))


def read_participants() -> list[dict[str, str]]:
    """Return the rows of the participants' sheet, in interview order."""
    with (DATA / "participants.csv").open(encoding="utf-8", newline="") as sheet:
        return list(csv.DictReader(sheet))


def interview(participant: str) -> str:
    """Return the name of a participant's interview (source)."""
    return f"{participant} interview"


def excerpt(
    project: gtgraph.Project, participant: str, phrase: str, *, coder: str = HB
) -> gtgraph.Segment:
    """Return the segment of *participant*'s interview, by *coder*, containing *phrase*.

    Used to cite evidence: a property or relationship is grounded in segments
    that were coded already.
    """
    source = project.sources[interview(participant)]
    found = [
        segment
        for segment in project.segments
        if segment.source == source.id
        and segment.coder == coder
        and phrase in segment.quote
    ]
    if len(found) != 1:
        msg = (
            f"{len(found)} segments of {source.name!r} coded by {coder} contain "
            f"{phrase!r}; give a phrase that picks out exactly one"
        )
        raise LookupError(msg)
    return found[0]


# ----------------------------------------------------------------------------
# Stage 1: initial coding, interview by interview
# ----------------------------------------------------------------------------

#: Memos written while coding, after the interview named.  (about, title, text)
EARLY_MEMOS: dict[str, tuple[Sequence[str] | None, str, str]] = {
    "P01": (
        ["being on the same planet"],
        "Being on the same planet",
        (
            "Dawn's phrase for what happened when Kath said she had bipolar too: "
            "everyone else is 'on their planet looking down at you'. The image is "
            "spatial: staff look down, the worker stands beside her. It arrives in the "
            "first minutes of the first meeting. Is the speed of the disclosure part of "
            "its effect? Keep the code in vivo and watch for other images of sameness."
        ),
    ),
    "P03": (
        ["matching disclosures", "she'd been there too"],
        "Disclosure answers disclosure",
        (
            "Priya, like Dawn and Marcus, describes a disclosure that is answered: the "
            "worker shows her scars and says 'I used to do that too'; Dawn's spending is "
            "met by Kath's credit cards; Marcus's police story by Lee's. Disclosure "
            "looks reciprocal and stepwise rather than a single event. Compare who goes "
            "first, and what is disclosed at each step."
        ),
    ),
    "P04": (
        None,
        "Questions for the next interviews",
        (
            "Theoretical sampling. So far two community, one inpatient and one crisis "
            "team participant. Ask the next inpatients whether the worker felt like "
            "staff or like a patient, and ask everyone about limits: notes, phone "
            "numbers, what the worker would not share. Gareth talked more about "
            "fishing than about illness; ask what came after the first disclosures."
        ),
    ),
    "P07": (
        ["not identifying with the worker", "noticing different experiences", "P07"],
        "A negative case: Mei",
        (
            "Karen disclosed her depression, but Mei hears voices and did not feel "
            "understood: 'Depression isn't the same thing at all'. Disclosure alone does "
            "not produce sameness; it has to land on a recognisably similar experience. "
            "Karen also limited what she shared 'because of boundaries'. Mei valued "
            "practical help and time, and began to trust Karen over a recipe, which is "
            "wider disclosure without a shared diagnosis. Mei's interview added six new "
            "codes, as many as each of the two before it, where the curve had been "
            "falling: a deviant case widens the codebook."
        ),
    ),
}


def initial_coding(project: gtgraph.Project) -> None:
    """Add the participants and their interviews, and code them line by line (HB)."""
    for row in read_participants():
        pid = row["participant"]
        interviewed = dt.date.fromisoformat(row["interviewed"])
        _at(project, _stamp(interviewed))
        project.add_participant(
            pid,
            pseudonym=row["pseudonym"],
            gender=row["gender"],
            age_band=row["age_band"],
            service=row["service"],
            months_with_worker=int(row["months_with_worker"]),
        )
        path = DATA / "transcripts" / f"{pid}.txt"
        source = project.add_source(
            interview(pid),
            text=path.read_text(encoding="utf-8"),
            participant=pid,
            attributes={"interviewed": interviewed, "interviewer": HB},
            path=path.relative_to(HERE).as_posix(),
        )
        # Coded three days after the interview.
        _at(project, _stamp(interviewed + dt.timedelta(days=3)))
        for phrase, codes in coding.INITIAL_CODING[pid]:
            with project.analysing(source):
                for name in codes:
                    if name in coding.IN_VIVO and name not in project.codes:
                        project.add_code(name, in_vivo=True)
            project.code(source, quote=phrase, codes=codes, coder=HB)
        if pid in EARLY_MEMOS:
            about, title, text = EARLY_MEMOS[pid]
            project.memo(about, text, title=title)


# ----------------------------------------------------------------------------
# Stage 2: focused coding, and a second coder
# ----------------------------------------------------------------------------


def focused_coding(project: gtgraph.Project) -> None:
    """Merge initial codes into focused codes; RK codes parts of three interviews."""
    _at(project, "2024-06-03T10:00:00Z")
    for name, (definition, initial) in coding.FOCUSED_CODES.items():
        if list(initial) != [name]:
            project.merge_codes(initial, into=name)
        project.update(
            name,
            stage="focused",
            definition=definition,
            in_vivo=name in coding.IN_VIVO,
        )
    project.memo(
        ["arriving wary", *coding.SET_ASIDE],
        "Focused coding kept 32 codes. 'Arriving wary' (dread, reluctance, not "
        "knowing what a peer worker is) is in six of the ten accounts, but it describes "
        "the start, not the relationship: a context for the first disclosure rather "
        "than a part of it. Left outside the categories for now. Five initial codes "
        "are set aside (long history with services, fearing readmission, reaching a "
        "crisis, wanting more of the worker, building trust): each appears once, and "
        "'building trust' is better seen as an outcome of wider disclosure.",
        title="Arriving wary",
    )

    # The second coder applies the focused codebook, independently, to parts of
    # three interviews chosen for their range (inpatient, inpatient, community).
    _at(project, "2024-06-10T14:00:00Z")
    project.actor = RK
    for pid, entries in coding.SECOND_CODING.items():
        for phrase, codes in entries:
            unknown = [c for c in codes if c not in project.codes]
            if unknown:
                msg = f"{RK} used codes not in the codebook: {unknown}"
                raise ValueError(msg)
            project.code(interview(pid), quote=phrase, codes=codes, coder=RK)
    project.actor = HB


# ----------------------------------------------------------------------------
# Stage 3: categories, properties and dimensions
# ----------------------------------------------------------------------------

#: Category -> (definition, its focused codes).
CATEGORIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "Disclosure of mental-health difficulties": (
        (
            "The worker's telling of their own mental-health difficulties, and the "
            "participant's opening up in return."
        ),
        (
            "disclosing mental-health difficulties",
            "swapping experiences of symptoms and treatment",
            "opening up to the worker",
            "feeling safe from judgement",
        ),
    ),
    "Disclosure of experiences as a service-user": (
        (
            "The worker's telling of having used services (wards, sections, teams), "
            "recognised by the participant as their own experience."
        ),
        (
            "disclosing experiences of services",
            "recognising own experience of services",
        ),
    ),
    "Wider disclosure of life experiences, interests and values": (
        (
            "Talk that goes beyond illness and services: family, history, interests, "
            "faith and values, and the common ground found there."
        ),
        ("talking about life beyond illness", "finding common ground"),
    ),
    "Shared identity": (
        (
            "Seeing oneself and the worker as the same kind of person, with the same "
            "lived experience: 'being on the same planet'."
        ),
        (
            "being on the same planet",
            "she'd been there too",
            "knowing without explaining",
            "finding the worker credible",
            "not identifying with the worker",
        ),
    ),
    "In-group identity with the worker": (
        (
            "Placing the worker among 'us', the service-users, rather than among "
            "'them', the staff."
        ),
        ("one of us", "worker being on our side", "not like other staff"),
    ),
    "Relating as equals": (
        (
            "A relationship of two people on a level: asked rather than told, known as "
            "a person, disclosure given and returned."
        ),
        (
            "feeling equal",
            "being treated as a person, not a label",
            "matching disclosures",
        ),
    ),
    "Informality and flexibility": (
        (
            "Meeting outside clinical settings and routines, with time, humour and "
            "practical help."
        ),
        ("meeting informally", "receiving practical help"),
    ),
    "Professional boundaries": (
        (
            "The limits of the worker's role (rules, notes, what may be shared) as the "
            "participant meets and makes sense of them."
        ),
        (
            "coming up against boundaries",
            "understanding boundaries as protection",
            "feeling the relationship as one-sided",
            "mates but not mates",
        ),
    ),
    "The worker as living proof of recovery": (
        (
            "The worker's own life as evidence that recovery is possible, and the hope "
            "borrowed from it."
        ),
        ("living proof", "borrowing hope from the worker"),
    ),
    "Rebuilding a sense of self": (
        "Regaining a sense of oneself as a person with a present and a future.",
        ("getting a bit of me back", "imagining a future role"),
    ),
    "Reconnecting with life beyond services": (
        (
            "Taking up activities, study and work, and preparing for the end of the "
            "relationship."
        ),
        ("taking up new opportunities", "ending and moving on"),
    ),
}


#: Category -> the interview being analysed when it was raised: one where its
#: focused codes appear, read again with the focused codebook at hand.
RAISED_WHILE: dict[str, str] = {
    "Disclosure of mental-health difficulties": "P01",
    "Disclosure of experiences as a service-user": "P02",
    "Wider disclosure of life experiences, interests and values": "P04",
    "Shared identity": "P01",
    "In-group identity with the worker": "P02",
    "Relating as equals": "P03",
    "Informality and flexibility": "P04",
    "Professional boundaries": "P03",
    "The worker as living proof of recovery": "P02",
    "Rebuilding a sense of self": "P01",
    "Reconnecting with life beyond services": "P04",
}


def categories(project: gtgraph.Project) -> None:
    """Raise focused codes into categories, with properties and dimensions.

    Each category, property and dimension is created while analysing the
    interview that prompted it (:data:`RAISED_WHILE`; a property: the
    interview of its first evidence), so the history shows where it arose.
    """
    _at(project, "2024-06-24T10:00:00Z")
    for name, (definition, codes) in CATEGORIES.items():
        with _while(project, RAISED_WHILE[name]):
            project.add_category(name, definition=definition)
            for code in codes:
                project.categorize(code, name)

    ex = partial(excerpt, project)

    mh = "Disclosure of mental-health difficulties"
    with _while(project, "P04"):
        project.add_property(
            mh,
            "depth",
            dimensions=[("superficial", "intimate")],
            definition="How much of the difficulty the worker reveals.",
            evidence=[
                ex("P04", "didn't make a big thing of it"),
                ex("P07", "She said she'd had depression"),
                ex("P03", "showed me her arms"),
            ],
        )
    with _while(project, "P01"):
        project.add_property(
            mh,
            "timing",
            dimensions=[("first meeting", "after several meetings")],
            definition="When in the relationship the worker first discloses.",
            evidence=[
                ex("P01", "the first thing she said"),
                ex("P08", "in the first week"),
                ex("P02", "Second or third time"),
            ],
        )
    # Found while writing the memo on depth and timing: who starts it varies too.
    with _while(project, "P03"):
        project.add_dimension(mh, "timing", ("initiative", "prompted", "volunteered"))
        project.add_evidence(mh, ex("P03", "She showed me her arms"), property="timing")

    with _while(project, "P01"):
        project.add_property(
            "Wider disclosure of life experiences, interests and values",
            "breadth",
            dimensions=[("illness only", "whole life")],
            evidence=[ex("P01", "Her allotment"), ex("P08", "two lads")],
        )
    with _while(project, "P07"):
        project.add_property(
            "Shared identity",
            "strength",
            dimensions=[("absent", "complete")],
            definition="How fully the participant sees themselves in the worker.",
            evidence=[
                ex("P07", "wouldn't say she's like me"),
                ex("P06", "that was me"),
                ex("P01", "same planet"),
            ],
        )
    with _while(project, "P09"):
        project.add_property(
            "Shared identity",
            "basis",
            dimensions=[
                ("same diagnosis", "shared experience of distress and services")
            ],
            evidence=[
                ex("P09", "psychosis at uni"),
                ex("P08", "not just the diagnosis"),
            ],
        )
    with _while(project, "P10"):
        project.add_property(
            "Relating as equals",
            "reciprocity",
            dimensions=[("one-way", "mutual")],
            definition="Whether disclosure and help flow both ways.",
            evidence=[
                ex("P10", "He'd share stuff"),
                ex("P01", "maxed out two credit cards"),
                ex("P03", "one-sided"),
            ],
        )
    with _while(project, "P03"):
        project.add_property(
            "Professional boundaries",
            "felt effect",
            dimensions=[("distancing", "protective")],
            evidence=[ex("P03", "one-sided"), ex("P08", "made it safer")],
        )
    with _while(project, "P03"):
        project.add_property(
            "Professional boundaries",
            "explicitness",
            dimensions=[("met by surprise", "explained at the start")],
            evidence=[ex("P03", "it's the rules"), ex("P10", "at the start")],
        )
    with _while(project, "P02"):
        project.add_property(
            "The worker as living proof of recovery",
            "credibility",
            dimensions=[("doubted", "believed")],
            evidence=[ex("P02", "I actually believed him"), ex("P09", "I believe Amy")],
        )
    project.memo(
        mh,
        "Depth and timing vary independently. Kath told Dawn in the first minutes "
        "but briefly; Jo showed Priya her scars one hot day, almost without words, and it was "
        "the most intimate disclosure in the data. Early, brief disclosures open the "
        "door; later, deeper ones are answered by the participant's own. A second "
        "dimension of timing: whether the disclosure was prompted (Priya saw the "
        "scars) or volunteered (Dawn, Leon, Dev).",
        title="Depth and timing of disclosure",
    )


# ----------------------------------------------------------------------------
# Stage 4: themes, and the process of disclosure
# ----------------------------------------------------------------------------

#: Theme -> (definition, its categories).  The first theme is a process.
THEMES: dict[str, tuple[str, tuple[str, ...]]] = {
    "The process of disclosure": (
        (
            "How disclosure of mental-health difficulties, of experiences as a "
            "service-user, and wider disclosure of life experiences, interests and "
            "values build, step by step, a shared identity and an in-group identity "
            "with the worker."
        ),
        (
            "Disclosure of mental-health difficulties",
            "Disclosure of experiences as a service-user",
            "Wider disclosure of life experiences, interests and values",
        ),
    ),
    "A different kind of professional relationship": (
        (
            "A relationship unlike those with other professionals: equal, informal and "
            "flexible, yet bounded by the worker's role."
        ),
        (
            "Relating as equals",
            "Informality and flexibility",
            "Professional boundaries",
        ),
    ),
    "Hope and recovery": (
        (
            "What the relationship makes possible: hope borrowed from the worker's "
            "recovery, a rebuilt sense of self, and a life beyond services."
        ),
        (
            "The worker as living proof of recovery",
            "Rebuilding a sense of self",
            "Reconnecting with life beyond services",
        ),
    ),
}


#: Theme -> the (later) interview being analysed when it was drawn together.
THEME_RAISED_WHILE: dict[str, str] = {
    "The process of disclosure": "P05",
    "A different kind of professional relationship": "P06",
    "Hope and recovery": "P09",
}

#: The interviews being analysed when the relationships were drawn, in the
#: order drawn: five while grouping the themes, seven at the final stage.
RELATED_WHILE: tuple[str, ...] = (
    # themes
    "P05",  # Disclosure of mental-health difficulties precedes ... service-user
    "P08",  # ... service-user precedes Wider disclosure
    "P06",  # Disclosure of mental-health difficulties leads to Shared identity
    "P08",  # Wider disclosure leads to Shared identity
    "P09",  # Shared identity leads to In-group identity
    # final
    "P06",  # Shared identity is condition for Relating as equals
    "P09",  # Shared identity is condition for ... living proof of recovery
    "P08",  # living proof is cause of Rebuilding a sense of self
    "P10",  # Reconnecting ... is consequence of Rebuilding a sense of self
    "P07",  # Informality is condition for Wider disclosure
    "P10",  # Relating as equals contradicts Professional boundaries
    "P07",  # Professional boundaries intervenes in Wider disclosure
)


def themes(project: gtgraph.Project) -> None:
    """Group the categories into three themes; link the stages of disclosure.

    Each theme is drawn together while analysing a later interview
    (:data:`THEME_RAISED_WHILE`), each relationship while analysing the
    interview given in :data:`RELATED_WHILE`.
    """
    _at(project, "2024-07-08T10:00:00Z")
    for name, (definition, members) in THEMES.items():
        with _while(project, THEME_RAISED_WHILE[name]):
            project.add_category(name, definition=definition, theme=True)
            for category in members:
                project.categorize(category, name)

    ex = partial(excerpt, project)

    mh = "Disclosure of mental-health difficulties"
    services = "Disclosure of experiences as a service-user"
    wider = "Wider disclosure of life experiences, interests and values"
    with _while(project, RELATED_WHILE[0]):
        first = project.relate(
            mh,
            "precedes",
            services,
            evidence=[
                ex("P02", "he'd been sectioned"),
                ex("P05", "She'd been through the meal plans"),
                ex("P10", "repeat his story"),
            ],
        )
    with _while(project, RELATED_WHILE[1]):
        second = project.relate(
            services,
            "precedes",
            wider,
            evidence=[
                ex("P04", "Villa fan"),
                ex("P09", "Then about uni"),
                ex("P08", "Over time we talked"),
            ],
        )
    with _while(project, RELATED_WHILE[2]):
        project.relate(
            mh,
            "leads to",
            "Shared identity",
            evidence=[
                ex("P01", "same planet"),
                ex("P03", "she'd been there too"),
                ex("P06", "speaking the same language"),
                ex("P09", "exactly the same thing"),
            ],
            counter_evidence=[ex("P07", "Depression isn't the same thing")],
        )
    with _while(project, RELATED_WHILE[3]):
        project.relate(
            wider,
            "leads to",
            "Shared identity",
            evidence=[
                ex("P08", "a lot in common"),
                ex("P10", "He's a Sikh too"),
                ex("P04", "same things I do"),
            ],
        )
    with _while(project, RELATED_WHILE[4]):
        project.relate(
            "Shared identity",
            "leads to",
            "In-group identity with the worker",
            evidence=[
                ex("P02", "one of us that got out"),
                ex("P05", "she was one of us"),
                ex("P09", "Like she's one of us"),
            ],
        )
    project.memo(
        ["The process of disclosure", first, second],
        "The disclosures come in a recognisable order. Illness first (often in the "
        "first meeting), then services: the ward, the section, the crisis team, "
        "which participants recognise as their own. Only then the rest of life: "
        "football, allotments, children, faith. Each step widens what the two have "
        "in common, and the last step makes the worker a whole person rather than a "
        "diagnosis. The order is not fixed (Mei and Karen found common ground in "
        "cooking with no talk of services at all), so 'precedes' states the usual "
        "course, not a rule.",
        title="Disclosure as a process",
    )


# ----------------------------------------------------------------------------
# Stage 5: the core category, theoretical relationships, final memos
# ----------------------------------------------------------------------------


def final(project: gtgraph.Project) -> None:
    """Name the core category and relate the themes through it."""
    _at(project, "2024-07-29T10:00:00Z")

    ex = partial(excerpt, project)

    project.update("Shared identity", core=True)
    with _while(project, RELATED_WHILE[5]):
        project.relate(
            "Shared identity",
            "is condition for",
            "Relating as equals",
            evidence=[
                ex("P03", "More equal"),
                ex("P10", "two people sat together"),
                ex("P06", "It's my plan"),
            ],
        )
    with _while(project, RELATED_WHILE[6]):
        project.relate(
            "Shared identity",
            "is condition for",
            "The worker as living proof of recovery",
            evidence=[
                ex("P05", "she'd been where I was"),
                ex("P09", "I believe Amy"),
                ex("P02", "I actually believed him"),
            ],
        )
    with _while(project, RELATED_WHILE[7]):
        project.relate(
            "The worker as living proof of recovery",
            "is cause of",
            "Rebuilding a sense of self",
            evidence=[
                ex("P01", "If she can do it"),
                ex("P06", "If Nat can manage"),
                ex("P08", "that could be me"),
            ],
        )
    with _while(project, RELATED_WHILE[8]):
        project.relate(
            "Reconnecting with life beyond services",
            "is consequence of",
            "Rebuilding a sense of self",
            evidence=[
                ex("P04", "fishing club"),
                ex("P05", "recovery college"),
                ex("P09", "back to uni"),
                ex("P10", "applying for jobs"),
            ],
        )
    with _while(project, RELATED_WHILE[9]):
        project.relate(
            "Informality and flexibility",
            "is condition for",
            "Wider disclosure of life experiences, interests and values",
            evidence=[
                ex("P04", "cafe near the park"),
                ex("P07", "We both like cooking"),
            ],
        )
    with _while(project, RELATED_WHILE[10]):
        tension = project.relate(
            "Relating as equals",
            "contradicts",
            "Professional boundaries",
            evidence=[
                ex("P03", "you're still staff"),
                ex("P06", "mates but not mates"),
                ex("P06", "going in the notes"),
            ],
            counter_evidence=[
                ex("P08", "it was still equal"),
                ex("P10", "any less equal"),
            ],
        )
    # A memo about a relationship, set as the relationship's own memo.
    # (relate(..., memo="text") does both in one step, with a default title.)
    note = project.memo(
        tension,
        "Boundaries and equality pull against each other for Priya (no phone "
        "number: 'you're still staff') and Alex (notes 'on my file'). For Leon "
        "and Dev they do not: boundaries explained at the start made the "
        "relationship safer and 'still equal'. The contradiction seems to depend "
        "on the explicitness of the boundary (met by surprise vs explained at the "
        "start), a property of Professional boundaries, rather than on the "
        "boundary itself.",
        title="Boundaries against equality",
    )
    project.update(tension, memo=note)
    with _while(project, RELATED_WHILE[11]):
        tentative = project.relate(
            "Professional boundaries",
            "intervenes in",
            "Wider disclosure of life experiences, interests and values",
            evidence=[ex("P07", "careful what she shared")],
        )
    note = project.memo(
        tentative,
        "Tentative: only Mei's account so far. Karen's caution about sharing "
        "kept their talk to practical matters and recipes. Alex's 'holding "
        "back' is about the participant's own disclosure, not the worker's. "
        "Look for this in any further interviews before keeping the link.",
        title="A tentative link: guarded sharing",
    )
    project.update(tentative, memo=note)
    project.memo(
        "Shared identity",
        "Why Shared identity is the core category. It is where the process of "
        "disclosure arrives, it is the condition for relating as equals and for the "
        "worker's recovery to count as proof. It is coded in nine of the ten "
        "interviews, in Mei's as its absence; Gareth never names sameness, but his "
        "common ground with Steve (football, fishing, 'the same things I do') does "
        "the same work. It also explains the variation: where it is absent (Mei), the "
        "relationship is valued but ordinary, practical and less hopeful. An "
        "abstract integrating core ('connecting through lived experience') was "
        "considered, but it only renamed Shared identity. Saturation: interviews "
        "8 to 10 added three, two and two new initial codes, against seventeen in "
        "the first; the properties of Professional boundaries are the thinnest.",
        title="Choosing the core category",
    )


# ----------------------------------------------------------------------------
# Building the project
# ----------------------------------------------------------------------------

_STEPS = {
    "initial": initial_coding,
    "focused": focused_coding,
    "categories": categories,
    "themes": themes,
    "final": final,
}


def build_project(stage: str = "final") -> gtgraph.Project:
    """Return the example project as it stood after *stage* of the analysis.

    Parameters
    ----------
    stage : str
        One of ``"initial"``, ``"focused"``, ``"categories"``, ``"themes"``,
        ``"final"`` (default).

    Returns
    -------
    gtgraph.Project
        A new project; building it twice gives equal project files.
    """
    if stage not in STAGES:
        msg = f"unknown stage {stage!r}; use one of {', '.join(STAGES)}"
        raise ValueError(msg)
    project = gtgraph.Project(title=TITLE, actor=HB)
    for name in STAGES:
        _STEPS[name](project)
        if name == stage:
            break
    return project


# ----------------------------------------------------------------------------
# What a researcher wants to see
# ----------------------------------------------------------------------------


def codes_per_interview(
    project: gtgraph.Project, *, coder: str = HB
) -> list[tuple[str, int, int, int]]:
    """Return (interview, segments, codes used, new codes) per interview, in order.

    A code is new in the first interview (in interview order) where *coder*
    applied it: the counts behind a saturation curve.
    """
    seen: set[str] = set()
    rows = []
    for source in project.sources:
        segments = [
            s for s in project.segments if s.source == source.id and s.coder == coder
        ]
        used = {code.name for s in segments for code in project.codes_of(s)}
        rows.append((source.name, len(segments), len(used), len(used - seen)))
        seen |= used
    return rows


def _tree(
    project: gtgraph.Project, category: gtgraph.Category, depth: int
) -> Iterable[str]:
    grounding = project.grounding(category)
    flags = ("core " if category.core else "") + ("theme " if category.theme else "")
    label = f"{'    ' * depth}{flags and f'[{flags.strip()}] '}{category.name}"
    yield (
        f"  {label:<72} {grounding.participants:>2} participants "
        f"{grounding.segments:>3} segments"
    )
    for child in project.children(category):
        if isinstance(child, gtgraph.Category):
            yield from _tree(project, child, depth + 1)


def report(project: gtgraph.Project, initial: gtgraph.Project) -> str:
    """Return the tables printed by the script."""
    lines = [project.summary(), ""]
    lines.append(
        f"Codes per interview (coder {HB}): initial codes as first applied, and "
        "codes of the current codebook"
    )
    lines.append(
        f"  {'interview':<14} {'segments':>8} {'initial used':>13} {'initial new':>12}"
        f" {'codebook used':>14} {'codebook new':>13}"
    )
    now = codes_per_interview(project)
    first = codes_per_interview(initial)
    for (name, segments, used, new), (_, _, used0, new0) in zip(
        now, first, strict=True
    ):
        lines.append(
            f"  {name:<14} {segments:>8} {used0:>13} {new0:>12} {used:>14} {new:>13}"
        )
    lines.append(
        f"  {'total':<14} {sum(r[1] for r in now):>8} {'':>13} "
        f"{sum(r[3] for r in first):>12} {'':>14} {sum(r[3] for r in now):>13}"
    )

    by_coder: dict[str, set[str]] = {}
    count: dict[str, int] = {}
    for segment in project.segments:
        coder = segment.coder or "?"
        by_coder.setdefault(coder, set()).add(segment.source)
        count[coder] = count.get(coder, 0) + 1
    lines.append(
        "  coders: "
        + "; ".join(
            f"{coder} {count[coder]} segments in {len(sources)} interviews"
            for coder, sources in sorted(by_coder.items())
        )
    )

    cats = list(project.categories)
    if cats:
        lines += ["", "Categories (grounded in participants and segments)"]
        top = [c for c in cats if not project.parents(c)]
        top.sort(key=lambda c: (not c.core, not c.theme))
        for category in top:
            lines.extend(_tree(project, category, 0))
    if len(project.relationships):
        lines += ["", "Relationships (evidence: participants / segments)"]
        for rel in project.relationships:
            grounding = project.grounding(rel)
            counter = (
                f", counter-evidence {len(rel.counter_evidence)}"
                if rel.counter_evidence
                else ""
            )
            lines.append(
                f"  {project.get(rel.source).name} --{rel.type}--> "
                f"{project.get(rel.target).name}  "
                f"({grounding.participants} / {grounding.segments}{counter})"
            )
    if len(project.memos):
        lines += ["", "Memos"]
        lines.extend(
            f"  {(memo.created or '')[:10]}  {memo.title}" for memo in project.memos
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Build the project, print what a researcher wants to see, save the file."""
    parser = argparse.ArgumentParser(
        description="Build the peer-support example project (illustrative, "
        "fictional data), print a summary and save it."
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(),
        help="folder to save the project file in (default: the current folder)",
    )
    parser.add_argument(
        "--stage",
        choices=STAGES,
        default="final",
        help="stop after this stage of the analysis (default: final)",
    )
    args = parser.parse_args(argv)
    project = build_project(args.stage)
    initial = project if args.stage == "initial" else build_project("initial")
    print(report(project, initial))
    args.out.mkdir(parents=True, exist_ok=True)
    name = FILE_NAME if args.stage == "final" else f"peer-support-{args.stage}.gtg.json"
    path = args.out / name
    project.save(path)
    print(f"\nSaved {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
