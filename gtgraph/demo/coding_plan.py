"""The coding plan of the peer-support example: which phrase got which code.

ILLUSTRATIVE, FICTIONAL DATA.  The interviews and this coding were invented for
the gtgraph worked example; they are not taken from any real study or thesis.

This file holds the bulky, tabular part of the analysis, the part a researcher
would otherwise keep in a spreadsheet:

``INITIAL_CODING``
    Line-by-line initial codes (gerunds, Charmaz 2014) by the first coder, HB,
    interview by interview.  Each entry is ``(phrase, [codes])``: the phrase is
    copied from the transcript and must occur there exactly once, so gtgraph can
    find its character offsets.
``IN_VIVO``
    Codes that are the participants' own words.
``FOCUSED_CODES``
    The focused codes, each with its definition and the initial codes it gathers.
``SET_ASIDE``
    Initial codes not carried forward (kept in the project, outside every category).
``SECOND_CODING``
    A second coder, RK, applying the focused codebook independently to parts of
    three interviews, for inter-coder agreement.

The analytic steps after focused coding (categories, properties, themes, the core
category, relationships and memos) are written out as calls in
:mod:`gtgraph.demo.peer_support`.
"""

from __future__ import annotations

#: Phrase -> initial codes, per interview, in interview order (coder HB).
INITIAL_CODING: dict[str, list[tuple[str, list[str]]]] = {
    "P01": [
        (
            "I'd been with the community team for, God, years really, on and off since I was nineteen",
            ["having a long history with services"],
        ),
        (
            "oh here we go, another person to tell my life story to. I was dreading it, honestly",
            ["dreading another professional"],
        ),
        (
            "the first thing she said, nearly the first thing, was that she had bipolar as well",
            ["worker disclosing own diagnosis"],
        ),
        (
            "you don't hear that from staff, do you? They've got their lanyard and their notepad and you're the one with the problem",
            ["contrasting worker with staff"],
        ),
        ("It was like being on the same planet for once", ["being on the same planet"]),
        (
            "She knew what the lithium does to you, the shaking, the weight. I didn't have to explain it.",
            ["knowing without explaining", "sharing medication experiences"],
        ),
        ("I didn't have to put on a show", ["dropping the act"]),
        (
            "I told her things I'd never told my CPN",
            ["telling the worker more than other staff"],
        ),
        (
            "She'd done the same, she told me, maxed out two credit cards one summer",
            ["matching disclosures"],
        ),
        ("We had a laugh about it actually", ["laughing together"]),
        (
            "later on we talked about other stuff, not illness stuff. Her allotment, my grandkids",
            ["talking about life beyond illness"],
        ),
        (
            "she's working, she's got a life, she's been well for years. She's living proof, isn't she?",
            ["living proof"],
        ),
        (
            "If she can do it then maybe I'm not finished",
            ["borrowing hope from the worker"],
        ),
        (
            "Now I've started thinking about volunteering myself",
            ["imagining a future role"],
        ),
        (
            "it still feels like losing a friend. Well, not a friend exactly. Something in between",
            ["anticipating the ending", "being more than staff, less than a friend"],
        ),
    ],
    "P02": [
        (
            "I thought he was another nurse, to be honest. Or a student",
            ["not knowing what a peer worker is"],
        ),
        (
            "Second or third time we talked, he told me he'd been sectioned. Here, on this ward, like eight years ago.",
            ["worker disclosing own admission"],
        ),
        (
            "That's when I started listening to him properly",
            ["disclosure opening the relationship"],
        ),
        (
            "the doctors read about it in books. He'd been in the seclusion room.",
            ["valuing lived over learned knowledge", "contrasting worker with staff"],
        ),
        (
            "Nobody can tell you about that unless they've lived it",
            ["valuing lived over learned knowledge"],
        ),
        (
            "So when he said it gets better, I actually believed him",
            ["finding the worker credible", "borrowing hope from the worker"],
        ),
        (
            "At first just the voices, and the meds, the side effects",
            ["sharing medication experiences"],
        ),
        (
            "He told me what helped him with the voices, like the headphones thing",
            ["sharing coping strategies"],
        ),
        (
            "He said he'd been brought in by the police too",
            ["matching disclosures", "disclosing shameful experiences"],
        ),
        ("I didn't feel like such a... like such a criminal", ["feeling less ashamed"]),
        (
            "He's not like staff. Staff are staff, they've got the keys",
            ["contrasting worker with staff"],
        ),
        ("he's on our side", ["worker being on our side"]),
        ("He's one of us that got out, basically", ["one of us that got out"]),
        ("He's proof you don't have to stay stuck in here", ["living proof"]),
        (
            "what's he saying about me in there? Whose side is he on really?",
            ["questioning the worker's loyalty"],
        ),
        ("He never went behind my back", ["being kept informed"]),
    ],
    "P03": [
        (
            "I didn't want anyone, I was really closed off",
            ["being closed off at first"],
        ),
        ("She showed me her arms", ["worker disclosing self-harm"]),
        ("she said, yeah, I used to do that too", ["matching disclosures"]),
        ("Because she'd been there too.", ["she'd been there too"]),
        ("She wasn't going to be shocked by me", ["not fearing judgement"]),
        (
            "With the others I'd say I'm fine, I'm fine, because you get scared they'll put you in hospital",
            ["hiding distress from services"],
        ),
        (
            "With Jo I'd actually say, last night was bad",
            ["telling the worker more than other staff"],
        ),
        (
            "she'd talk about what got her through the bad nights. Not like advice, more like, this is what I did",
            ["sharing coping strategies"],
        ),
        (
            "More equal. She'd ask my opinion, like what I thought would help",
            ["being asked, not told", "feeling equal"],
        ),
        (
            "She'd tell me about her dog, her sister's wedding. The normal stuff.",
            ["talking about life beyond illness"],
        ),
        ("I felt like a person and not a risk", ["being seen as a person"]),
        (
            "she said she couldn't give it, it's the rules",
            ["coming up against boundaries"],
        ),
        (
            "I thought we were friends, but you're still staff. It felt a bit one-sided after that.",
            ["feeling the relationship as one-sided"],
        ),
        (
            "She explained it was to protect both of us, and I get it now",
            ["understanding boundaries as protection"],
        ),
        (
            "If she got through it, maybe I can",
            ["borrowing hope from the worker"],
        ),
    ],
    "P04": [
        ("My GP pushed me into it really", ["being referred reluctantly"]),
        ("I'm not one for talking", ["being closed off at first"]),
        (
            "He didn't come at me with forms, that was the first thing. We went to a cafe near the park.",
            ["meeting informally"],
        ),
        (
            "He said he'd had depression after his divorce, been off work for a year.",
            ["worker disclosing own diagnosis"],
        ),
        (
            "He didn't make a big thing of it. Just mentioned it, like you would.",
            ["disclosing in passing"],
        ),
        (
            "He told me what it was like going to his first appointment at the mental health team, feeling like a failure walking in there. I'd felt exactly that.",
            [
                "worker disclosing experiences of services",
                "recognising own experience of services",
            ],
        ),
        (
            "Then it turned out he's a Villa fan, same as me, and he fishes.",
            ["finding common interests"],
        ),
        ("It didn't feel like therapy", ["meeting informally"]),
        (
            "It made me feel like a normal bloke again, not a case.",
            ["being seen as a person"],
        ),
        ("Not just a number on somebody's list", ["not just a number"]),
        (
            "with the psychiatrist it's ten minutes and how's your mood out of ten",
            ["contrasting worker with staff"],
        ),
        (
            "He believes in the same things I do, family, turning up when you say you will.",
            ["sharing values"],
        ),
        (
            "I'm back at the fishing club. Steve came with me the first couple of times, then I went on my own.",
            ["returning to old activities"],
        ),
        (
            "I'd stopped seeing myself as somebody who does things, if that makes sense. Now I'm getting a bit of me back.",
            ["getting a bit of me back"],
        ),
    ],
    "P05": [
        ("I thought she was an OT at first", ["not knowing what a peer worker is"]),
        (
            "She said she'd been an inpatient, she'd had an eating disorder for most of her twenties.",
            ["worker disclosing own admission", "worker disclosing own diagnosis"],
        ),
        (
            "And I thought, no way, because she looked so well.",
            ["being surprised by the worker's wellness"],
        ),
        (
            "Mealtimes on the ward were hell for me. She'd been through the meal plans, the being watched while you eat.",
            ["worker disclosing experiences of services"],
        ),
        (
            "She said being watched was the worst bit for her too. Nobody else understood that.",
            ["matching disclosures"],
        ),
        ("The nurses think they're being kind", ["contrasting worker with staff"]),
        ("Like she was on my side of the fence", ["worker being on our side"]),
        (
            "On the ward it's very much us and them, patients and staff.",
            ["experiencing us and them on the ward"],
        ),
        (
            "Helen was staff, technically, but she was one of us.",
            ["seeing the worker as one of us"],
        ),
        (
            "She'd sit with us in the lounge, not in the office.",
            ["worker choosing patients' spaces"],
        ),
        (
            "we'd talk about her like she was part of our group",
            ["seeing the worker as one of us"],
        ),
        ("you're not your illness, you're Sandra", ["being seen as a person"]),
        (
            "coming from her it meant something, because she'd been where I was",
            ["finding the worker credible", "she'd been there too"],
        ),
        ("She wasn't there enough. Two days a week.", ["wanting more of the worker"]),
        (
            "I've joined a recovery college course.",
            ["taking up new opportunities"],
        ),
        (
            "I'm thinking maybe one day I could do what she does",
            ["imagining a future role"],
        ),
    ],
    "P06": [
        (
            "It's... friendly but professional, I'd say.",
            ["being more than staff, less than a friend"],
        ),
        ("We go for walks mostly, along the canal.", ["meeting informally"]),
        (
            "Nat told me pretty early on they'd had OCD, really bad, couldn't leave the house for a while.",
            ["worker disclosing own diagnosis"],
        ),
        (
            "Which, that was me. I was checking the cooker for hours.",
            ["recognising self in the worker"],
        ),
        ("I didn't have to feel embarrassed about it", ["feeling less ashamed"]),
        ("It's like speaking the same language", ["speaking the same language"]),
        (
            "Nat would just nod, because they knew exactly what that means",
            ["knowing without explaining"],
        ),
        (
            "With my therapist I'd spend half the session explaining",
            ["contrasting worker with staff"],
        ),
        (
            "Nat asks me what I want to do with our time. It's my plan, not theirs.",
            ["being asked, not told", "feeling equal"],
        ),
        (
            "Nat will say when they don't know something, which no doctor ever does",
            ["worker admitting not knowing"],
        ),
        (
            "Nat writes notes, and I know they go on my file. So there's a line.",
            ["coming up against boundaries"],
        ),
        ("we're mates but not mates", ["mates but not mates"]),
        (
            "I'd share something really personal and then remember, oh, this is going in the notes",
            ["holding back disclosure"],
        ),
        (
            "Nat showed me what they'd written, and it was all in my words",
            ["being kept informed"],
        ),
        (
            "Seeing Nat holding down a job with OCD. If Nat can manage, I can.",
            ["borrowing hope from the worker"],
        ),
        (
            "I've started doing the exposure stuff properly because of that",
            ["engaging with treatment"],
        ),
    ],
    "P07": [
        (
            "She helped me fill in the benefits forms, she came with me to the housing office.",
            ["receiving practical help"],
        ),
        ("She said she'd had depression.", ["worker disclosing own diagnosis"]),
        (
            "she said she had to be careful what she shared, because of boundaries, and she doesn't really go into it",
            ["worker limiting disclosure", "coming up against boundaries"],
        ),
        ("I don't need to know her business", ["not needing the worker's story"]),
        (
            "Mine's different. I hear things, I've got a psychosis diagnosis. Depression isn't the same thing at all.",
            ["noticing different experiences"],
        ),
        (
            "So I didn't think, oh, she understands me.",
            ["not identifying with the worker"],
        ),
        ("We both like cooking.", ["finding common interests"]),
        (
            "She brought me a recipe once, for a Malaysian curry, because I'd told her my mum used to make it.",
            ["being seen as a person"],
        ),
        (
            "That's when I started to trust her a bit more, actually.",
            ["building trust"],
        ),
        (
            "She's less rushed. She's got time. The crisis team nurses are in and out in fifteen minutes, looking at their watch.",
            ["contrasting worker with staff"],
        ),
        (
            "She told me she works part-time and that's enough for her, she doesn't push herself.",
            ["living proof"],
        ),
        (
            "I always thought it had to be all or nothing with work.",
            ["imagining a future role"],
        ),
        (
            "But I wouldn't say she's like me. Not really.",
            ["not identifying with the worker"],
        ),
    ],
    "P08": [
        (
            "another one who's going to tell me I'm attention-seeking",
            ["dreading another professional"],
        ),
        (
            "Because of the label. Personality disorder. The minute they see that on your notes, that's how they treat you.",
            ["being defined by a label"],
        ),
        (
            "Dean had the same diagnosis. He told me in the first week.",
            ["worker disclosing own diagnosis"],
        ),
        (
            "he told me how staff used to talk about him when he was on the ward, the same stuff, attention-seeking",
            ["worker disclosing experiences of services"],
        ),
        (
            "he actually knows. He'd been on the receiving end of it.",
            ["recognising self in the worker"],
        ),
        (
            "Over time we talked about our kids, he's got two lads same as me. About growing up round here.",
            ["talking about life beyond illness"],
        ),
        (
            "About what it's like when your dad's a drinker.",
            ["sharing painful life history"],
        ),
        (
            "We'd got a lot in common, not just the diagnosis.",
            ["recognising self in the worker"],
        ),
        (
            "I didn't mind from him because I knew he wasn't judging",
            ["not fearing judgement"],
        ),
        (
            "he couldn't be my mate on Facebook and that",
            ["coming up against boundaries"],
        ),
        (
            "I was fine with that, to be honest. I think it made it safer.",
            ["understanding boundaries as protection"],
        ),
        (
            "Dean was clear from the start what he could and couldn't do, and it was still equal. The boundaries didn't change that.",
            ["feeling equal", "understanding boundaries as protection"],
        ),
        ("I've not self-harmed in six months.", ["noticing own progress"]),
        (
            "Dean showed me you can have this diagnosis and still have a job, a family, a life.",
            ["living proof"],
        ),
        (
            "I look at him and think, that could be me in a few years.",
            ["imagining a future role", "borrowing hope from the worker"],
        ),
    ],
    "P09": [
        (
            "I'd just been discharged after my first episode and I was terrified of going back in.",
            ["fearing readmission"],
        ),
        (
            "She told me she'd had psychosis at uni, same age as me.",
            ["worker disclosing own diagnosis", "recognising self in the worker"],
        ),
        (
            "Like somebody opening a window. I thought I was the only one, that my life was over.",
            ["feeling less alone"],
        ),
        (
            "here's this woman who's had exactly the same thing, the paranoia, thinking the telly's talking to you",
            ["recognising self in the worker"],
        ),
        (
            "The hospital first, because I was still shaken up. She'd been in the same unit, she knew the staff.",
            ["worker disclosing experiences of services"],
        ),
        (
            "Then about uni, because I'd dropped out and she'd dropped out too and gone back.",
            ["talking about life beyond illness", "matching disclosures"],
        ),
        ("And music, we like the same bands.", ["finding common interests"]),
        (
            "It was nice to talk about something that wasn't my illness.",
            ["talking about life beyond illness"],
        ),
        (
            "Like she's one of us. I go to the hearing voices group now and she comes sometimes and you'd never know she's staff.",
            ["seeing the worker as one of us"],
        ),
        (
            "We're all in it together. It's like a little club.",
            ["seeing the worker as one of us"],
        ),
        (
            "She has to do the notes, but she does them with me, so I don't mind.",
            ["coming up against boundaries", "being kept informed"],
        ),
        (
            "I've applied to go back to uni in September.",
            ["taking up new opportunities"],
        ),
        ("She's living proof.", ["living proof"]),
        (
            "I didn't believe the doctors when they said people recover, but I believe Amy because she's been there too.",
            ["finding the worker credible", "valuing lived over learned knowledge"],
        ),
    ],
    "P10": [
        (
            "I was in a bad way after I lost my job. I'd stopped going out, I wasn't eating.",
            ["reaching a crisis"],
        ),
        (
            "He told me straight off he'd been suicidal himself, after his business went under.",
            ["worker disclosing own diagnosis"],
        ),
        ("I didn't have to pretend with him.", ["dropping the act"]),
        (
            "He told me about dealing with the crisis team himself, years ago, how he hated having to repeat his story to every new face. I had exactly the same gripe.",
            [
                "worker disclosing experiences of services",
                "recognising own experience of services",
            ],
        ),
        (
            "we talked about work, what it means to a man to provide, his faith, my family",
            ["sharing values"],
        ),
        (
            "He's a Sikh too, actually, so there was a lot we understood about each other without saying it.",
            ["sharing cultural background", "knowing without explaining"],
        ),
        ("He never talked down to me.", ["feeling equal"]),
        (
            "It's two people sat together, not a professional and a patient.",
            ["feeling equal", "contrasting worker with staff"],
        ),
        ("He'd share stuff and I'd share stuff.", ["matching disclosures"]),
        (
            "He told me at the start he'd have to tell the team if I was at risk.",
            ["coming up against boundaries"],
        ),
        (
            "It didn't make it any less equal. Actually it made me trust him more because he was upfront.",
            ["understanding boundaries as protection", "feeling equal"],
        ),
        ("Paul runs his own thing again now.", ["living proof"]),
        ("I've started applying for jobs.", ["taking up new opportunities"]),
        (
            "he's helping me plan for when we finish, so it doesn't just stop dead",
            ["anticipating the ending"],
        ),
    ],
}

#: Codes named in the participants' own words (in vivo codes).
IN_VIVO: frozenset[str] = frozenset(
    {
        "being on the same planet",
        "living proof",
        "one of us that got out",
        "she'd been there too",
        "not just a number",
        "getting a bit of me back",
        "speaking the same language",
        "mates but not mates",
        "one of us",
    }
)

#: Focused code -> (definition, the initial codes it gathers).  A focused code
#: that gathers only itself is an initial code promoted as it stands.
FOCUSED_CODES: dict[str, tuple[str, list[str]]] = {
    # Disclosure of mental-health difficulties
    "disclosing mental-health difficulties": (
        (
            "The worker tells the participant about their own mental-health difficulties: "
            "a diagnosis, symptoms, self-harm or suicidal feelings."
        ),
        [
            "worker disclosing own diagnosis",
            "worker disclosing self-harm",
            "disclosing in passing",
        ],
    ),
    "swapping experiences of symptoms and treatment": (
        (
            "Worker and participant compare what symptoms, medication and coping were "
            "like for each of them."
        ),
        ["sharing medication experiences", "sharing coping strategies"],
    ),
    "opening up to the worker": (
        "The participant tells the worker what they hide from other staff.",
        [
            "telling the worker more than other staff",
            "dropping the act",
            "disclosing shameful experiences",
            "hiding distress from services",
            "disclosure opening the relationship",
        ],
    ),
    "feeling safe from judgement": (
        "Expecting neither shock nor blame from the worker, and feeling less ashamed.",
        ["not fearing judgement", "feeling less ashamed"],
    ),
    # Disclosure of experiences as a service-user
    "disclosing experiences of services": (
        (
            "The worker tells of having been a service-user: admissions, sections, "
            "being on a ward, dealing with teams."
        ),
        [
            "worker disclosing own admission",
            "worker disclosing experiences of services",
        ],
    ),
    "recognising own experience of services": (
        "The participant hears their own experience of services in the worker's story.",
        ["recognising own experience of services"],
    ),
    # Wider disclosure of life experiences, interests and values
    "talking about life beyond illness": (
        "Conversations about family, work, study and history, not about illness.",
        ["talking about life beyond illness", "sharing painful life history"],
    ),
    "finding common ground": (
        "Discovering shared interests, values or background.",
        [
            "finding common interests",
            "sharing values",
            "sharing cultural background",
        ],
    ),
    # Shared identity
    "being on the same planet": (
        "Feeling that the worker lives in the same world of experience as oneself.",
        ["being on the same planet", "speaking the same language"],
    ),
    "she'd been there too": (
        "Recognising oneself in the worker: they have lived what the participant lives.",
        [
            "she'd been there too",
            "recognising self in the worker",
            "feeling less alone",
        ],
    ),
    "knowing without explaining": (
        "The worker understands without the participant having to explain.",
        ["knowing without explaining"],
    ),
    "finding the worker credible": (
        "Believing the worker because their knowledge is lived, not learned.",
        ["finding the worker credible", "valuing lived over learned knowledge"],
    ),
    "not identifying with the worker": (
        "The participant does not see themselves in the worker (negative case).",
        [
            "not identifying with the worker",
            "noticing different experiences",
            "not needing the worker's story",
        ],
    ),
    # In-group identity with the worker
    "one of us": (
        "Seeing the worker as a member of the service-users' group, not of the staff's.",
        [
            "one of us that got out",
            "seeing the worker as one of us",
            "worker choosing patients' spaces",
        ],
    ),
    "worker being on our side": (
        "The worker sides with service-users where it is 'us and them'.",
        ["worker being on our side", "experiencing us and them on the ward"],
    ),
    "not like other staff": (
        "Contrasting the worker with other professionals.",
        ["contrasting worker with staff"],
    ),
    # Relating as equals
    "feeling equal": (
        "Experiencing the relationship as one between equals.",
        ["feeling equal", "being asked, not told", "worker admitting not knowing"],
    ),
    "being treated as a person, not a label": (
        "Being known as a person rather than a diagnosis, a risk or a case.",
        ["being seen as a person", "not just a number", "being defined by a label"],
    ),
    "matching disclosures": (
        "One person's disclosure is answered by a similar one from the other.",
        ["matching disclosures"],
    ),
    # Informality and flexibility
    "meeting informally": (
        "Meeting in cafes, on walks or at home, without forms; laughing together.",
        ["meeting informally", "laughing together"],
    ),
    "receiving practical help": (
        "The worker helps with forms, housing and appointments.",
        ["receiving practical help"],
    ),
    # Professional boundaries
    "coming up against boundaries": (
        "Meeting the limits of the worker's role: rules, notes, what they may share.",
        [
            "coming up against boundaries",
            "worker limiting disclosure",
            "holding back disclosure",
            "questioning the worker's loyalty",
        ],
    ),
    "understanding boundaries as protection": (
        "Seeing the limits as keeping both people safe, especially when explained.",
        ["understanding boundaries as protection", "being kept informed"],
    ),
    "feeling the relationship as one-sided": (
        "A limit makes the participant feel that the closeness was not mutual.",
        ["feeling the relationship as one-sided"],
    ),
    "mates but not mates": (
        "The relationship sits between a professional one and a friendship.",
        ["mates but not mates", "being more than staff, less than a friend"],
    ),
    # The worker as living proof of recovery
    "living proof": (
        "The worker's life shows that recovery is possible.",
        ["living proof", "being surprised by the worker's wellness"],
    ),
    "borrowing hope from the worker": (
        "If the worker could recover, so can I.",
        ["borrowing hope from the worker"],
    ),
    # Rebuilding a sense of self
    "getting a bit of me back": (
        "Regaining a sense of oneself as someone who does things.",
        [
            "getting a bit of me back",
            "noticing own progress",
            "engaging with treatment",
        ],
    ),
    "imagining a future role": (
        "Picturing a future of work, volunteering or peer work.",
        ["imagining a future role"],
    ),
    # Reconnecting with life beyond services
    "taking up new opportunities": (
        "Returning to activities, study and work, or starting new ones.",
        ["taking up new opportunities", "returning to old activities"],
    ),
    "ending and moving on": (
        "Anticipating and planning for the end of the relationship.",
        ["anticipating the ending"],
    ),
    # Not yet placed in a category (see the memo "Arriving wary")
    "arriving wary": (
        "Coming to peer support reluctant, closed off or unsure what it is.",
        [
            "dreading another professional",
            "being closed off at first",
            "not knowing what a peer worker is",
            "being referred reluctantly",
        ],
    ),
}

#: Initial codes not carried forward into the focused codebook.
SET_ASIDE: tuple[str, ...] = (
    "having a long history with services",
    "fearing readmission",
    "reaching a crisis",
    "wanting more of the worker",
    "building trust",
)

#: Phrase -> focused codes, per interview: the second coder's independent coding
#: of parts of three interviews with the focused codebook.  Some phrases are the
#: first coder's, some overlap them, some are new; some codes agree, some do not.
SECOND_CODING: dict[str, list[tuple[str, list[str]]]] = {
    "P02": [
        (
            "Second or third time we talked, he told me he'd been sectioned. Here, on this ward, like eight years ago.",
            ["disclosing experiences of services"],
        ),
        (
            "Nobody can tell you about that unless they've lived it",
            ["she'd been there too"],
        ),
        (
            "He told me what helped him with the voices, like the headphones thing",
            ["swapping experiences of symptoms and treatment"],
        ),
        ("I was ashamed of that.", ["opening up to the worker"]),
        (
            "I didn't feel like such a... like such a criminal",
            ["opening up to the worker"],
        ),
        (
            "He's not like staff. Staff are staff, they've got the keys. He hasn't got keys.",
            ["not like other staff"],
        ),
        ("He's one of us that got out, basically", ["one of us"]),
        (
            "He's proof you don't have to stay stuck in here for the rest of your life.",
            ["living proof", "borrowing hope from the worker"],
        ),
    ],
    "P05": [
        (
            "She said she'd been an inpatient, she'd had an eating disorder for most of her twenties.",
            ["disclosing mental-health difficulties"],
        ),
        (
            "She said being watched was the worst bit for her too. Nobody else understood that.",
            ["knowing without explaining"],
        ),
        ("Like she was on my side of the fence", ["worker being on our side"]),
        (
            "Helen was staff, technically, but she was one of us.",
            ["one of us"],
        ),
        (
            "you're not your illness, you're Sandra",
            ["being treated as a person, not a label"],
        ),
        (
            "I've joined a recovery college course. Helen told me about it.",
            ["taking up new opportunities"],
        ),
        (
            "I'm thinking maybe one day I could do what she does",
            ["living proof"],
        ),
    ],
    "P09": [
        (
            "She told me she'd had psychosis at uni, same age as me.",
            ["disclosing mental-health difficulties", "she'd been there too"],
        ),
        ("And music, we like the same bands.", ["finding common ground"]),
        (
            "It was nice to talk about something that wasn't my illness.",
            ["talking about life beyond illness"],
        ),
        ("Like she's one of us.", ["one of us"]),
        ("We're all in it together. It's like a little club.", ["one of us"]),
        (
            "She has to do the notes, but she does them with me, so I don't mind.",
            ["coming up against boundaries"],
        ),
        (
            "I've applied to go back to uni in September.",
            ["getting a bit of me back"],
        ),
        ("She's living proof.", ["living proof"]),
    ],
}
