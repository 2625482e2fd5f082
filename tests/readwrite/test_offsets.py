"""Tests for gtgraph.readwrite._offsets: producers' text positions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gtgraph.project._base import normalise_text
from gtgraph.readwrite._offsets import (
    OffsetMap,
    choose_model,
    models_for_origin,
    name_matches,
)

EMOJI = "\U0001f600"


def _utf16_len(text):
    return len(text.encode("utf-16-le")) // 2


def test_nvivo_windows_units():
    """UTF-16 units with CRLF as 2 map to code points of the LF text (hand-counted)."""
    raw = "\ufeffAb" + EMOJI + "\r\ncd"
    offsets = OffsetMap(raw, "utf16")
    # producer units: A=0 b=1 emoji=2,3 CR=4 LF=5 c=6 d=7 end=8
    assert offsets.text == "Ab" + EMOJI + "\ncd"
    assert [offsets.to_gtgraph(p) for p in (0, 2, 4, 6, 8)] == [0, 2, 3, 4, 6]
    assert offsets.length == 8
    assert not offsets.aligned(3)
    assert not offsets.aligned(5)


def test_atlas_lines_model():
    """Code points with CRLF counted once equal offsets into the LF text."""
    raw = "a\r\nb" + EMOJI + "c"
    offsets = OffsetMap(raw, "lines")
    assert offsets.text[offsets.to_gtgraph(2) : offsets.to_gtgraph(4)] == "b" + EMOJI


def test_codepoints_raw_model():
    """Raw code points count CR and LF separately."""
    offsets = OffsetMap("a\r\nb", "codepoints")
    assert offsets.to_gtgraph(3) == 2
    assert offsets.to_producer(2) == 3


def test_clamped_into_range():
    """Positions beyond the text are clamped to its end."""
    offsets = OffsetMap("abc", "utf16")
    assert offsets.to_gtgraph(99) == 3
    assert offsets.to_gtgraph(-4) == 0


_texts = st.text(
    alphabet=st.sampled_from(["a", " ", "\r", "\n", "\r\n", EMOJI, "é", "\ufeff"]).map(
        str
    ),
    max_size=40,
).map(lambda s: s)


@given(
    st.lists(st.sampled_from(["a", " ", "\r\n", "\n", "\r", EMOJI, "é"]), max_size=30)
)
def test_round_trip_every_model(pieces):
    """to_producer inverts to_gtgraph at every aligned position, for every model."""
    raw = "".join(pieces)
    for model in ("utf16", "lines", "codepoints", "utf16-lines"):
        offsets = OffsetMap(raw, model)
        assert offsets.text == normalise_text(raw)
        for offset in range(len(offsets.text) + 1):
            assert offsets.to_gtgraph(offsets.to_producer(offset)) == offset


@given(st.lists(st.sampled_from(["a", " ", "\r\n", "\n", EMOJI, "é"]), max_size=30))
def test_utf16_matches_independent_encoding(pieces):
    """The utf16 model agrees with counting UTF-16 units by encoding each prefix."""
    raw = "".join(pieces)
    offsets = OffsetMap(raw, "utf16")
    text = offsets.text
    for offset in range(len(text) + 1):
        # Rebuild the raw prefix that produces text[:offset]; CRLF in raw is one "\n".
        consumed, produced = 0, 0
        while produced < offset:
            consumed += 2 if raw.startswith("\r\n", consumed) else 1
            produced += 1
        assert offsets.to_producer(offset) == _utf16_len(raw[:consumed])


def test_origin_preferences():
    """The producer's name orders the models as the format notes recommend."""
    assert models_for_origin("NVivo for Mac 12.7.0")[0] == "utf16"
    assert models_for_origin("ATLAS.ti 8.4.0")[0] == "lines"
    assert models_for_origin("MAXQDA 24")[0] == "lines"
    assert models_for_origin(None)[0] == "codepoints"
    assert sorted(models_for_origin("qc 1.3.2")) == sorted(
        ["utf16", "lines", "codepoints", "utf16-lines"]
    )


def test_name_checks():
    """Selection names prove, disprove or say nothing about a reading."""
    assert name_matches("Oh, that was great.", "Oh,  that\nwas great.")
    assert name_matches("Oh, that was…", "Oh, that was great.")
    assert not name_matches("Oh, that was…", "h, that was great.")
    assert name_matches("", "x") is None
    assert name_matches("abc", "abc") is None


def test_name_evidence_overrides_origin():
    """An ATLAS.ti-style name settles the model even against the producer's default."""
    raw = "one\r\ntwo three\r\nfour five"
    # "four five" starts at 16 in raw code points, at 14 with CRLF counted once
    model, maps, evidence = choose_model(
        raw, [(16, 25, "four five")], ["lines", "codepoints"]
    )
    assert model == "codepoints"
    assert evidence == 1
    assert (
        maps[model].text[maps[model].to_gtgraph(16) : maps[model].to_gtgraph(25)]
        == "four five"
    )


def test_word_boundaries_decide_without_names():
    """Without names, a model wins over the default only by a clear margin of boundaries."""
    raw = (EMOJI + " word ") * 20
    # selections of "word" under UTF-16 units: each repeat is 8 units; "word" at 3..7
    selections = [(8 * i + 3, 8 * i + 7, "") for i in range(20)]
    model, _, _ = choose_model(raw, selections, ["codepoints", "utf16"])
    assert model == "utf16"


def test_identical_models_keep_preference():
    """Where no CRLF or astral character exists, the preferred model is kept."""
    model, _, _ = choose_model("plain text", [(0, 5, "plain")], ["lines", "utf16"])
    assert model == "lines"
