"""The quoting functions: every label is drawn exactly by real Graphviz."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gtgraph.drawing._quoting import (
    clean_text,
    dot_id,
    dot_label,
    html_label,
    mermaid_text,
    plain_value,
)

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = [
    *'"\\:<>{}[]|;,=#/&\n\r\t -.',
    "&amp;",
    "&#65;",
    "&lt;",
    "&foo;",
    "node",
    "edge",
    "graph",
    "strict",
    "subgraph",
    "\\N",
    "\\l",
    "\\n",
    "\\G",
    "\x00",
    "\x01",
    "\x1f",
    "\x7f",
    "é",
    "日",
    "🎉",
    "¼",
    "𠮷",
    "]",
    "<b>",
    "`",
    "end",
]
texts = st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=12),
    st.lists(st.sampled_from([*HOSTILE, "a", "b", "1"]), max_size=6).map("".join),
)


def normal(text: str) -> str:
    """The text as drawn, ignoring how whitespace is laid out on lines."""
    return " ".join(text.split())


def expected(text: str) -> str:
    """What a label should draw: the text minus control characters (independent of the code)."""
    allowed = "".join(
        ch
        for ch in text.replace("\r\n", "\n").replace("\r", "\n")
        if ch in "\t\n"
        or (ord(ch) >= 0x20 and ord(ch) != 0x7F and not 0xD800 <= ord(ch) <= 0xDFFF)
    )
    return normal(allowed.replace("\ufffe", "").replace("\uffff", ""))


def drawn_texts(svg: bytes) -> dict[str, str]:
    """Map each node's id (the SVG <title>) to the text Graphviz drew for it."""
    root = ET.fromstring(svg)  # noqa: S314  (SVG written by Graphviz from our own DOT)
    out = {}
    for group in root.iter(SVG + "g"):
        if group.get("class") == "node":
            title = group.find(SVG + "title")
            assert title is not None
            texts = [" ".join(t.itertext()) for t in group.iter(SVG + "text")]
            out[title.text or ""] = normal(" ".join(texts))
    return out


def render_svg(source: str) -> bytes:
    done = subprocess.run(
        ["dot", "-Tsvg"], input=source.encode(), capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr.decode()
    assert not done.stderr, done.stderr.decode()
    return done.stdout


@pytest.mark.needs_dot
@settings(max_examples=40)
@given(st.lists(texts, min_size=1, max_size=5))
def test_labels_drawn_exactly(labels):
    """Quoted and HTML-like labels of any unicode text are drawn exactly by dot."""
    lines = ["digraph {"]
    for i, label in enumerate(labels):
        lines.append(f"  a{i} [label={dot_label(label)}];")
        lines.append(f"  b{i} [label={html_label(label)}];")
    lines.append("}")
    drawn = drawn_texts(render_svg("\n".join(lines)))
    for i, label in enumerate(labels):
        assert drawn[f"a{i}"] == expected(label)
        assert drawn[f"b{i}"] == expected(label)


@pytest.mark.needs_dot
@settings(max_examples=25)
@given(st.lists(texts, min_size=1, max_size=4, unique_by=clean_text))
def test_dot_ids_name_distinct_nodes(names):
    """Any text quoted by dot_id is one node id, never a keyword, port or attribute."""
    lines = ["digraph {"]
    lines += [f"  {dot_id(name)} [label=x];" for name in names]
    lines.append("}")
    done = subprocess.run(
        ["dot", "-Tcanon"],
        input="\n".join(lines).encode(),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert not done.stderr
    canon = done.stdout.decode()
    assert canon.count("[label=x]") == len(names)


@settings(max_examples=200)
@given(texts)
def test_mermaid_text_decodes_back(text):
    """A Mermaid label holds only safe characters and decodes back to the text."""
    quoted = mermaid_text(text)
    assert quoted.startswith('"')
    assert quoted.endswith('"')
    body = quoted[1:-1]
    assert re.fullmatch(r"[\w .,:;!?()/+*=@#<>-]*", body)
    assert '"' not in body
    decoded = re.sub(
        r"#(\d+);", lambda m: chr(int(m.group(1))), body.replace("<br/>", "\n")
    )
    want = clean_text(text)
    assert decoded == (want or " ")


@settings(max_examples=200)
@given(
    st.recursive(
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats()
        | st.text(st.characters(codec="utf-8"))
        | st.dates(),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(st.text(max_size=3), inner, max_size=3)
        ),
        max_leaves=6,
    )
)
def test_plain_value_is_writable(value):
    """plain_value gives None or a str/int/float/bool with no XML-invalid character."""
    result = plain_value(value)
    if value is None:
        assert result is None
        return
    assert isinstance(result, (str, int, float, bool))
    if isinstance(result, str):
        assert not re.search(
            "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", result
        )


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("", '""'),
        ("\\", '"\\\\"'),
        ('"in vivo"', '"\\"in vivo\\""'),
        ("\\N", '"\\\\N"'),
        ("&amp;", '"&amp;amp;"'),
        ("a\nb", '"a\\nb"'),
        ("a\r\nb\rc", '"a\\nb\\nc"'),
    ],
)
def test_dot_label_cases(text, quoted):
    """dot_label escapes the failure cases found by fuzzing pydot (hand-written DOT)."""
    assert dot_label(text) == quoted


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("node", '"node"'),
        ("EDGE", '"EDGE"'),
        ("Code: trust", '"Code: trust"'),
        ('A"', '"A\\""'),
        ("1abc", '"1abc"'),
        ("abc1", "abc1"),
        ("-.5", "-.5"),
    ],
)
def test_dot_id_cases(text, quoted):
    """dot_id quotes keywords, ports, quotes and leading digits (DOT grammar by hand)."""
    assert dot_id(text) == quoted
