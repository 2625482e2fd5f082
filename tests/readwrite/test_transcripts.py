"""Tests for gtgraph.readwrite.transcripts: transcripts in, with speaker turns."""

from __future__ import annotations

import re
import zipfile

import pytest

from gtgraph.errors import FormatError
from gtgraph.model import Turn
from gtgraph.readwrite.transcripts import (
    PARTICIPANT_PATTERN,
    SPEAKER_PATTERN,
    find_turns,
    read_transcript,
)

# The conversation every format below carries, written out by hand: the
# expected text and turns are read off these lines, not off the reader.
LINES = [
    "Interviewer: Comment ça s'est passé, au début ?",
    "P03: Difficile. J'avais peur 😟 — vraiment.",
    "Interviewer: Et ensuite ?",
    "P03: Ensuite, ça allait mieux 🙂.",
]
EXPECTED_TEXT = "\n".join(LINES)


def expected_turns(text=EXPECTED_TEXT):
    """Turns found by hand: each line is one turn, label included."""
    out = []
    offset = 0
    for line in text.split("\n"):
        out.append(Turn(line.split(":")[0], offset, offset + len(line)))
        offset += len(line) + 1
    return out


def _assert_conversation(t):
    assert t.text == EXPECTED_TEXT
    assert list(t.turns) == expected_turns()
    for turn, line in zip(t.turns, LINES, strict=True):
        assert t.text[turn.start : turn.end] == line
    assert t.speakers == ["Interviewer", "P03"]


ODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def _odt_paragraph(line):
    # Split the line into a span and a run of two spaces (text:s) to test the
    # joining of runs: "Interviewer:" + span + the rest.
    head, _, rest = line.partition(": ")
    first, _, tail = rest.partition(" ")
    return (
        f'<text:p><text:span text:style-name="b">{head}</text:span>:'
        f"<text:s/>{first}<text:note><text:note-body><text:p>footnote</text:p>"
        f"</text:note-body></text:note> {tail}</text:p>"
    )


def write_odt(path, lines, content=None, compression=zipfile.ZIP_DEFLATED):
    body = "".join(_odt_paragraph(line) for line in lines)
    xml = content or (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODT_NS}>'
        f"<office:body><office:text>{body}</office:text></office:body>"
        "</office:document-content>"
    )
    with zipfile.ZipFile(path, "w", compression) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", xml)
    return path


class TestFormats:
    def test_docx_made_by_word_library(self, tmp_path):
        """A .docx written by python-docx gives its paragraphs and speaker turns."""
        docx = pytest.importorskip("docx", reason="python-docx writes the test file")
        document = docx.Document()
        for line in LINES:
            paragraph = document.add_paragraph()
            label, _, rest = line.partition(": ")
            paragraph.add_run(label + ":").bold = True
            paragraph.add_run(" " + rest)
        document.save(tmp_path / "P03 entretien.docx")
        t = read_transcript(tmp_path / "P03 entretien.docx")
        _assert_conversation(t)
        assert t.participant == "P03"
        assert t.name == "P03 entretien"

    def test_odt(self, tmp_path):
        """An .odt's paragraphs are read with spans, spaces, and without notes."""
        t = read_transcript(write_odt(tmp_path / "p03.odt", LINES))
        _assert_conversation(t)
        assert t.participant == "p03"

    def test_vtt_voices(self, tmp_path):
        """WebVTT voices become labelled turns; one voice's cues join."""
        cues = [
            ("Interviewer", LINES[0].split(": ", 1)[1]),
            ("P03", "Difficile. J'avais peur 😟"),
            ("P03", "— vraiment."),
            ("Interviewer", LINES[2].split(": ", 1)[1]),
            ("P03", LINES[3].split(": ", 1)[1]),
        ]
        body = "".join(
            f"00:00:{i:02d}.000 --> 00:00:{i + 1:02d}.000\n<v {who}>{words}</v>\n\n"
            for i, (who, words) in enumerate(cues)
        )
        (tmp_path / "P03.vtt").write_text("WEBVTT\n\n" + body, encoding="utf-8")
        _assert_conversation(read_transcript(tmp_path / "P03.vtt"))

    def test_srt_labels(self, tmp_path):
        """SubRip cues with "Name:" labels become turns; a label-less cue continues one."""
        lines = [*LINES[:3], "P03: Ensuite,", "ça allait mieux 🙂."]
        body = "".join(
            f"{i + 1}\r\n00:00:{i:02d},000 --> 00:00:{i + 1:02d},500\r\n{line}\r\n\r\n"
            for i, line in enumerate(lines)
        )
        (tmp_path / "P03.srt").write_bytes(body.encode("utf-8"))
        t = read_transcript(tmp_path / "P03.srt")
        assert t.text == "\n".join(lines)
        last = t.turns[-1]
        assert t.text[last.start : last.end] == "P03: Ensuite,\nça allait mieux 🙂."
        assert [x.speaker for x in t.turns] == [
            "Interviewer",
            "P03",
            "Interviewer",
            "P03",
        ]

    def test_rtf(self, tmp_path):
        """RTF escapes (code page and Unicode) come out as the characters they stand for."""
        pytest.importorskip("striprtf", reason="striprtf reads RTF")
        rtf = (
            r"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}}\f0 "
            r"Interviewer: \u199?a va ?\par "
            r"P03: Tr\'e8s bien \u-10179?\u-8704?.\par}"
        )
        (tmp_path / "P03.rtf").write_text(rtf, encoding="ascii")
        t = read_transcript(tmp_path / "P03.rtf")
        assert t.text.rstrip("\n") == "Interviewer: Ça va ?\nP03: Très bien 😀."
        assert [x.speaker for x in t.turns] == ["Interviewer", "P03"]

    def test_txt_utf16_and_md(self, tmp_path):
        """UTF-16 with a byte-order mark and Markdown read like UTF-8 text."""
        (tmp_path / "P03.txt").write_bytes(EXPECTED_TEXT.encode("utf-16"))
        _assert_conversation(read_transcript(tmp_path / "P03.txt"))
        (tmp_path / "P03.md").write_text(EXPECTED_TEXT + "\n", encoding="utf-8-sig")
        t = read_transcript(tmp_path / "P03.md")
        assert t.text == EXPECTED_TEXT + "\n"
        assert list(t.turns) == expected_turns()


class TestHostile:
    def test_zip_bomb_docx(self, tmp_path):
        """A .docx whose document inflates a thousandfold is refused."""
        with zipfile.ZipFile(tmp_path / "bomb.docx", "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("word/document.xml", b"<" + bytes(20 * 2**20))
        with pytest.raises(
            FormatError, match=r"bomb\.docx.*compress|bomb\.docx.*ratio"
        ):
            read_transcript(tmp_path / "bomb.docx")

    def test_entities_docx(self, tmp_path):
        """A .docx that declares entities (billion laughs) is refused."""
        xml = (
            '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            '<w:document xmlns:w="urn:w"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p>'
            "</w:body></w:document>"
        )
        with zipfile.ZipFile(tmp_path / "laughs.docx", "w") as z:
            z.writestr("word/document.xml", xml)
        with pytest.raises(FormatError, match=r"laughs\.docx"):
            read_transcript(tmp_path / "laughs.docx")

    def test_entities_odt(self, tmp_path):
        """An .odt whose content.xml declares an entity is refused."""
        xml = (
            '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            f"<office:document-content {ODT_NS}><text:p>&x;</text:p>"
            "</office:document-content>"
        )
        with pytest.raises(FormatError, match=r"x\.odt: content\.xml"):
            read_transcript(write_odt(tmp_path / "x.odt", [], content=xml))

    def test_deep_odt_does_not_recurse(self, tmp_path):
        """Spans nested 100,000 deep are read without recursion."""
        depth = 100_000
        xml = (
            f"<office:document-content {ODT_NS}><text:p>"
            + "<text:span>" * depth
            + "deep"
            + "</text:span>" * depth
            + "</text:p></office:document-content>"
        )
        odt = write_odt(
            tmp_path / "deep.odt", [], content=xml, compression=zipfile.ZIP_STORED
        )
        t = read_transcript(odt)
        assert t.text == "deep"

    @pytest.mark.parametrize("suffix", [".txt", ".vtt", ".srt", ".md"])
    def test_invalid_utf8(self, tmp_path, suffix):
        """Bytes that are not UTF-8 are a FormatError naming the byte, never guessed."""
        path = tmp_path / f"P01{suffix}"
        path.write_bytes(b"WEBVTT\n\nI: caf\xe9\n")
        with pytest.raises(FormatError, match=r"P01.*byte 14 is not UTF-8"):
            read_transcript(path)

    @pytest.mark.parametrize(
        ("name", "data", "message"),
        [
            ("a.docx", b"just text", "not a readable zip archive"),
            ("a.odt", b"PK\x03\x04broken", "not a readable zip archive"),
            ("a.vtt", b"not a subtitle file", "not a valid WebVTT file"),
            ("a.srt", b"1\nnonsense\n", r"not a valid SubRip \(\.srt\) file"),
            ("a.rtf", b"plain words", "not an RTF document"),
            ("a.pdf", b"%PDF-1.7", "not a transcript this reads"),
        ],
    )
    def test_wrong_kind(self, tmp_path, name, data, message):
        """A file that is not what its name says gets one clear FormatError."""
        (tmp_path / name).write_bytes(data)
        with pytest.raises(FormatError, match=message):
            read_transcript(tmp_path / name)

    def test_folder_and_missing(self, tmp_path):
        """A folder or a missing file is named in a FormatError."""
        (tmp_path / "x.txt").mkdir()
        with pytest.raises(FormatError, match="is a folder"):
            read_transcript(tmp_path / "x.txt")
        with pytest.raises(FormatError, match="no such file"):
            read_transcript(tmp_path / "missing.txt")


class TestTurns:
    def test_lines_before_first_label_have_no_turn(self):
        """A preamble belongs to no turn; blank lines do not end a turn early."""
        text, turns = find_turns(
            [(None, "Interview 3, 2024"), (None, ""), (None, "R: yes"), (None, "")]
        )
        assert text == "Interview 3, 2024\n\nR: yes\n"
        assert turns == (Turn("R", 19, 25),)

    def test_no_speaker_pattern(self):
        """speaker=None finds no turns."""
        assert find_turns([(None, "P01: hi")], None)[1] == ()

    @pytest.mark.parametrize(
        ("line", "speaker"),
        [
            ("P03: yes", "P03"),
            ("Dr O\u2019Neil: well", "Dr O\u2019Neil"),
            ("Interviewer:", "Interviewer"),
            ("00:01:02 noise", None),
            ("A sentence that has five words: no", None),
            ("http://example.org", None),
        ],
    )
    def test_speaker_pattern(self, line, speaker):
        """The default label is one to four words, a colon and a space."""
        match = re.match(SPEAKER_PATTERN, line)
        assert (match.group("speaker") if match else None) == speaker

    @pytest.mark.parametrize(
        ("stem", "participant"),
        [
            ("P03 interview", "P03"),
            ("p12_2024-05-01", "p12"),
            ("notes", None),
            ("7b", "7"),
        ],
    )
    def test_participant_pattern(self, stem, participant):
        """The participant is letters then digits at the start of the file name."""
        match = re.search(PARTICIPANT_PATTERN, stem)
        assert (match.group("participant") if match else None) == participant

    def test_participant_rule_callable(self, tmp_path):
        """A function of the path can name the participant."""
        (tmp_path / "interview-anna.txt").write_text("A: hi", encoding="utf-8")
        t = read_transcript(
            tmp_path / "interview-anna.txt", participant=lambda p: p.stem.split("-")[1]
        )
        assert t.participant == "anna"


class TestSavedTurns:
    def _file_with_turns(self, turns):
        import json

        import gtgraph
        from gtgraph.readwrite import dumps

        p = gtgraph.Project()
        p.add_source("P01", text="I: hi\nP01: yes")
        doc = json.loads(dumps(p))
        doc["sources"][0]["turns"] = turns
        return json.dumps(doc)

    def test_turns_load(self):
        """Turns in a project file load as Turn records."""
        from gtgraph.readwrite import loads

        p = loads(self._file_with_turns([["I", 0, 5], ["P01", 6, 14]]))
        assert p.sources["P01"].turns == (Turn("I", 0, 5), Turn("P01", 6, 14))

    @pytest.mark.parametrize(
        ("turns", "message"),
        [
            ([["I", 0, 99]], "ends after the text"),
            ([["I", 6, 14], ["P01", 0, 5]], "must start after the turn before it"),
            ([["", 0, 5]], r"turns\[0\] must be \[speaker, start, end\]"),
            ([["I", 0, True]], r"must be \[speaker, start, end\]"),
            ("I 0 5", "turns must be a list"),
        ],
    )
    def test_bad_turns_refused(self, turns, message):
        """A file whose turns do not fit the text is a FormatError naming the source."""
        from gtgraph.readwrite import loads

        with pytest.raises(FormatError, match=message):
            loads(self._file_with_turns(turns))


class TestIntoProject:
    def test_read_folder(self, tmp_path):
        """A folder's transcripts become sources in natural order, with turns and participants."""
        import gtgraph

        for name in ["P10.txt", "P2.txt", "P1.txt"]:
            (tmp_path / name).write_text(
                f"I: hi\n{name[:-4]}: hello 👋", encoding="utf-8"
            )
        (tmp_path / "notes.pdf").write_bytes(b"%PDF")
        with pytest.warns(gtgraph.FormatWarning, match="notes.pdf"):
            p = gtgraph.read_transcripts(tmp_path)
        assert [s.name for s in p.sources] == ["P1", "P2", "P10"]
        assert [s.order for s in p.sources] == [1, 2, 3]
        s = p.sources["P10"]
        assert p.get(s.participant).name == "P10"
        assert [(t.speaker, s.text[t.start : t.end]) for t in s.turns] == [
            ("I", "I: hi"),
            ("P10", "P10: hello 👋"),
        ]

    def test_name_taken_leaves_project_unchanged(self, tmp_path):
        """A transcript whose name is taken changes nothing."""
        import gtgraph
        from gtgraph.errors import ValidationError

        (tmp_path / "A1.txt").write_text("x", encoding="utf-8")
        (tmp_path / "B1.txt").write_text("y", encoding="utf-8")
        p = gtgraph.Project()
        p.add_source("B1", text="other")
        with pytest.raises(ValidationError, match="B1"):
            gtgraph.read_transcripts(tmp_path, project=p)
        assert p.sources.names() == ["B1"]

    def test_add_source_path_and_save_load(self, tmp_path):
        """add_source(path=...) reads a transcript; its turns survive save and load."""
        import gtgraph

        (tmp_path / "P03.srt").write_text(
            "1\n00:00:01,000 --> 00:00:02,000\nInterviewer: Ça va ?\n\n"
            "2\n00:00:02,000 --> 00:00:03,000\nP03: Oui 😀\n",
            encoding="utf-8",
        )
        p = gtgraph.Project()
        s = p.add_source(path=tmp_path / "P03.srt", participant="Anna")
        assert (s.name, p.get(s.participant).name) == ("P03", "Anna")
        p.save(tmp_path / "p.gtg.json")
        again = gtgraph.load(tmp_path / "p.gtg.json", actor="HB")
        assert again.sources["P03"].turns == s.turns
        assert again.sources["P03"].text == "Interviewer: Ça va ?\nP03: Oui 😀"

    def test_add_source_bad_turns(self):
        """Turns outside the text are refused, and the project stays as it was."""
        import gtgraph
        from gtgraph.errors import ValidationError

        p = gtgraph.Project()
        with pytest.raises(ValidationError, match="ends after the text"):
            p.add_source("x", text="short", turns=[("A", 0, 50)])
        assert len(p.sources) == 0


def test_segments_by_speaker(tmp_path):
    """queries.segments(speaker=...) keeps what that speaker said."""
    import gtgraph
    from gtgraph import queries

    (tmp_path / "P01.txt").write_text(
        "I: Was it hard?\nP01: It was hard.\nI: And now?", encoding="utf-8"
    )
    p = gtgraph.read_transcripts(tmp_path)
    p.code("P01", quote="Was it hard", codes="asking")
    p.code("P01", quote="It was hard", codes="struggling")
    p.code("P01", quote="And now", codes="asking")
    table = queries.segments(p, speaker="P01")
    assert [s.quote for s in table] == ["It was hard"]
    assert [s.quote for s in queries.segments(p, "asking", speaker="I")] == [
        "Was it hard",
        "And now",
    ]
