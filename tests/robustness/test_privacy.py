"""pseudonymize: names and chosen attributes replaced consistently, segments kept on their words."""

from __future__ import annotations

import datetime as dt

import pytest
from fuzzing import check_project
from hypothesis import given
from hypothesis import strategies as st

import gtgraph
from gtgraph import ValidationError, pseudonymize
from gtgraph.readwrite import dumps


def study() -> gtgraph.Project:
    p = gtgraph.Project(title="Maria and Ahmed: peer support")
    p.clock = lambda: "2024-05-01T09:00:00Z"
    p.add_participant("Maria", town="Leeds", born=dt.date(1980, 2, 3), band="35-44")
    p.add_participant("Ahmed", town="Hull", born=None, band="35-44")
    s1 = p.add_source(
        "Interview with Maria",
        text="Interviewer: Thanks, Maria. Maria: Ahmed helped me in Leeds.",
        participant="Maria",
        path="/home/hb/Maria.docx",
        attributes={"town": "Leeds"},
    )
    s2 = p.add_source("Ahmed notes", text=None, participant="Ahmed")
    helped = p.code(s1, quote="Ahmed helped me", codes="Maria's helper")
    p.code(s2, quote="Ahmed sat apart from Maria", codes="distance")
    p.update("Maria's helper", definition="What Maria says Ahmed did.")
    p.categorize("Maria's helper", "Support")
    p.add_property("Support", "from Ahmed", dimensions=[("Maria", "low", "high")])
    p.memo("Support", "Maria trusted Ahmed.", title="Ahmed")
    p.relate("Maria's helper", "is associated with", "distance", evidence=[helped])
    p.update(
        "Maria",
        attributes={"town": "York", "born": dt.date(1980, 2, 3), "band": "35-44"},
    )
    return p


def test_names_gone_everywhere():
    """No participant name (nor the place named in the mapping) is left anywhere in the copy's file."""
    shared = pseudonymize(study(), {"Leeds": "[city]"}, attributes=["town"], seed=1)
    text = dumps(shared)
    for secret in ("Maria", "Ahmed", "Leeds", "Hull", "York"):
        assert secret not in text
    check_project(shared)


def test_replacements_are_consistent():
    """One name becomes one pseudonym in every place it occurs."""
    shared = pseudonymize(study(), {"Maria": "Rosa", "Ahmed": "Sam"})
    assert shared.participants.names() == ["Rosa", "Sam"]
    assert shared.title == "Rosa and Sam: peer support"
    assert [s.name for s in shared.sources] == ["Interview with Rosa", "Sam notes"]
    assert shared.sources["Interview with Rosa"].path == "/home/hb/Rosa.docx"
    assert (
        shared.sources["Interview with Rosa"].participant
        == shared.participants["Rosa"].id
    )
    assert shared.codes.names() == ["Rosa's helper", "distance"]
    assert shared.codes["Rosa's helper"].definition == "What Rosa says Sam did."
    prop = shared.categories["Support"].property("from Sam")
    assert prop.dimensions[0].name == "Rosa"
    memo = next(iter(shared.memos))
    assert (memo.title, memo.text) == ("Sam", "Rosa trusted Sam.")
    quotes = [s.quote for s in shared.segments if s.start is None]
    assert quotes == ["Sam sat apart from Rosa"]
    assert shared.history[0].args["name"] == "Rosa"


def test_texts_and_offsets():
    """Names in transcripts are replaced and every segment still covers the same words."""
    original = study()
    shared = pseudonymize(original, {"Maria": "P7", "Ahmed": "Participant 12"})
    text = shared.sources["Interview with P7"].text
    assert text == "Interviewer: Thanks, P7. P7: Participant 12 helped me in Leeds."
    seg = next(s for s in shared.segments if s.start is not None)
    assert text[seg.start : seg.end] == "Participant 12 helped me"


def test_original_unchanged():
    """The project itself is not changed."""
    p = study()
    before = dumps(p)
    pseudonymize(p, attributes=["town", "born"], seed=3)
    assert dumps(p) == before


def test_generated_pseudonyms():
    """Participants left out of the mapping get P01, P02, ... in a seeded random order."""
    p = gtgraph.Project()
    names = [f"Person{i}" for i in range(12)]
    for name in names:
        p.add_participant(name)
    shared = pseudonymize(p, {"Person3": "Zed"}, seed=5)
    got = shared.participants.names()
    assert sorted(got) == sorted(["Zed", *[f"P{i:02d}" for i in range(1, 12)]])
    assert got[3] == "Zed"
    assert pseudonymize(p, {"Person3": "Zed"}, seed=5).participants.names() == got
    orders = {tuple(pseudonymize(p, seed=s).participants.names()) for s in range(5)}
    assert len(orders) > 1  # the numbers do not simply follow the order of interviews


def test_generated_pseudonyms_skip_names_in_use():
    """A generated pseudonym never repeats a given one or a real name."""
    p = gtgraph.Project()
    for name in ("P01", "Maria", "Ahmed"):
        p.add_participant(name)
    shared = pseudonymize(p, {"Maria": "P02"}, seed=0)
    names = shared.participants.names()
    assert len(set(names)) == 3
    assert names[1] == "P02"
    assert "P01" not in names  # the real P01 was renamed too, and its name not reused


def test_swapped_names():
    """A mapping that swaps two names is applied at once, not one after the other."""
    p = gtgraph.Project()
    p.add_participant("Ann")
    p.add_participant("Bob")
    p.add_source("Ann and Bob", text="Ann met Bob.")
    shared = pseudonymize(p, {"Ann": "Bob", "Bob": "Ann"})
    assert shared.participants.names() == ["Bob", "Ann"]
    assert shared.sources["Bob and Ann"].text == "Bob met Ann."


def test_whole_words_and_exact_case():
    """Names are replaced as whole words with their exact case only."""
    p = gtgraph.Project()
    p.add_participant("Al")
    p.add_participant("Will")
    p.add_source("s", text="Al drank. Alcohol, will, Will. al! (Al) Al's Al_x")
    shared = pseudonymize(p, {"Al": "A", "Will": "W"})
    assert (
        next(iter(shared.sources)).text == "A drank. Alcohol, will, W. al! (A) A's Al_x"
    )


def test_longest_name_first():
    """A full name is replaced as one before its first name alone."""
    p = gtgraph.Project()
    p.add_participant("Maria")
    p.add_source("s", text="Maria Lopez and Maria")
    shared = pseudonymize(p, {"Maria": "P1", "Maria Lopez": "P1 L."})
    assert next(iter(shared.sources)).text == "P1 L. and P1"


def test_other_words_in_the_mapping():
    """Keys that are not participants (a place, a relative) are replaced too."""
    shared = pseudonymize(study(), {"Leeds": "[city]"}, seed=0)
    text = next(iter(shared.sources)).text
    assert text.endswith("helped me in [city].")


def test_segment_boundaries_inside_a_name():
    """A segment that starts or ends inside a name grows to cover the whole pseudonym."""
    p = gtgraph.Project()
    p.add_participant("Maria")
    s = p.add_source("s", text="Hello Maria here")
    p.code(s, 8, 11, codes="inside")  # "ria"
    p.code(s, 0, 8, codes="ends inside")  # "Hello Ma"
    p.code(s, 9, 14, codes="starts inside")  # "ia he"
    p.code(s, 6, 11, codes="exact")  # "Maria"
    p.code(s, 12, 16, codes="after")  # "here"
    p.code(s, 8, 8, codes="empty inside")
    shared = pseudonymize(p, {"Maria": "P01X"})
    text = next(iter(shared.sources)).text
    assert text == "Hello P01X here"
    got = {
        shared.codes_of(seg)[0].name: text[seg.start : seg.end]
        for seg in shared.segments
    }
    assert got == {
        "inside": "P01X",
        "ends inside": "Hello P01X",
        "starts inside": "P01X he",
        "exact": "P01X",
        "after": "here",
        "empty inside": "",
    }
    empty = next(
        s for s in shared.segments if shared.codes_of(s)[0].name == "empty inside"
    )
    assert empty.start == empty.end == 6


words = st.sampled_from(
    ["Maria", "Ahmed", "said", "I", "felt", "heard", "Mariam", "ok."]
)


@given(
    text_words=st.lists(words, min_size=1, max_size=30),
    cuts=st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1)), max_size=6),
    new_names=st.tuples(
        st.sampled_from(["X", "Participant 2", "P03", "Zoë Q"]),
        st.sampled_from(["Y", "Someone Else Entirely", "P04"]),
    ),
)
def test_offsets_move_with_the_words(text_words, cuts, new_names):
    """Segments cut at word boundaries cover the same words after replacement (word-by-word oracle)."""
    mapping = {"Maria": new_names[0], "Ahmed": new_names[1]}
    p = gtgraph.Project()
    p.add_participant("Maria")
    p.add_participant("Ahmed")
    text = " ".join(text_words)
    s = p.add_source("s", text=text)
    starts = [0]
    for w in text_words:
        starts.append(starts[-1] + len(w) + 1)
    expected = {}
    for n, (x, y) in enumerate(cuts):
        # whole words a..b-1, or an empty segment before word a
        a = min(int(x * len(text_words)), len(text_words) - 1)
        b = min(a + int(y * (len(text_words) - a + 1)), len(text_words))
        start = starts[a]
        end = starts[b] - 1 if b > a else start
        p.code(s, start, end, codes=f"c{n}")
        expected[f"c{n}"] = " ".join(mapping.get(w, w) for w in text_words[a:b])
    shared = pseudonymize(p, mapping)
    new_text = next(iter(shared.sources)).text
    assert new_text == " ".join(mapping.get(w, w) for w in text_words)
    for seg in shared.segments:
        for code in shared.codes_of(seg):
            assert new_text[seg.start : seg.end] == expected[code.name]


def test_attributes_replaced_by_tokens():
    """Chosen attributes become tokens, one per value across participants and sources; missing stays missing."""
    shared = pseudonymize(study(), attributes=["town", "born"], seed=2)
    maria, ahmed = (shared.participants[n] for n in shared.participants.names())
    source = next(iter(shared.sources))
    # Maria now lives in York, Ahmed in Hull, and the interview was in Leeds.
    towns = [
        maria.attributes["town"],
        ahmed.attributes["town"],
        source.attributes["town"],
    ]
    assert sorted(towns) == ["town 1", "town 2", "town 3"]
    assert maria.attributes["born"] == "born 1"
    assert ahmed.attributes.get("born") is None
    assert maria.attributes["band"] == ahmed.attributes["band"] == "35-44"  # not chosen
    text = dumps(shared)
    for secret in ("1980-02-03", "Hull", "York", '"Leeds"'):
        assert secret not in text


def test_attribute_tokens_consistent_with_history():
    """The same value gets the same token in records and in the history."""
    shared = pseudonymize(study(), attributes=["town"], seed=4)
    added = shared.history[0].args["attributes"]["town"]  # Maria, added in Leeds
    source = next(iter(shared.sources))
    assert source.attributes["town"] == added  # the interview was in Leeds too
    moved = next(
        e
        for e in shared.history
        if e.op == "update" and e.args["kind"] == "participant"
    )
    maria = shared.participants[shared.participants.names()[0]]
    assert moved.args["fields"]["attributes"]["town"] == maria.attributes["town"]
    assert maria.attributes["town"] != added


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"mapping": {"Maria": "X", "Ahmed": "X"}}, "both be called 'X'"),
        ({"mapping": {"Maria": ""}}, "non-empty"),
        ({"mapping": {"Maria": 7}}, "non-empty string"),
        ({"mapping": {"": "x"}}, "must be words"),
        ({"attributes": ["twon"]}, "no participant or source has the attribute 'twon'"),
    ],
)
def test_refusals(kwargs, match):
    """Ambiguous pseudonyms, empty ones and unknown attributes are refused before anything is made."""
    with pytest.raises(ValidationError, match=match):
        pseudonymize(study(), **kwargs)


def test_clash_after_replacement():
    """Two names that become equal after replacement give a ValidationError naming the clash."""
    p = gtgraph.Project()
    p.add_participant("Maria")
    p.add_code("Maria helps")
    p.add_code("Rosa helps")
    with pytest.raises(
        ValidationError, match=r"named 'Rosa helps'.*choose other pseudonyms"
    ):
        pseudonymize(p, {"Maria": "Rosa"})


def test_empty_project():
    """A project without participants is copied as it is."""
    p = gtgraph.Project(title="empty")
    assert pseudonymize(p) == p
