r"""Quoting of user text for DOT, HTML-like labels, Mermaid and GraphML/GEXF values.

Every piece of user text (a code name, a memo title, a relation type) reaches a
diagram only through one of these functions.  Each returns text whose *drawn*
form is exactly the input, with two deliberate losses: control characters (which
no output format can carry; they make SVG invalid XML) are removed, and ``\r\n``
and ``\r`` become ``\n``.

The rules, checked against Graphviz and Mermaid by the property tests:

* DOT IDs are written bare only when they match the DOT grammar's plain
  identifier or numeral and are not a keyword; otherwise they are quoted, and in a
  quoted string only ``"`` (and ``\``, which would otherwise escape the closing
  quote) need escaping.
* Labels are Graphviz *escString*: a backslash starts an escape (``\N``, ``\l``,
  ``\n``), so backslashes are doubled; Graphviz also decodes HTML entities in plain
  labels, so ``&`` is written ``&amp;``.
* HTML-like labels are XML, and Graphviz still substitutes ``\N`` inside them, so
  they need both XML escaping and doubled backslashes.
* Mermaid labels are quoted, and every character that is not a letter, a digit or
  plain punctuation is written as a ``#NNN;`` entity.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from typing import Any

__all__ = [
    "clean_text",
    "dot_id",
    "dot_label",
    "html_label",
    "html_text",
    "mermaid_text",
    "plain_value",
]

# Characters no XML 1.0 document may hold: C0 controls other than tab and newline
# (carriage returns are normalised first), DEL is allowed by XML but is invisible
# and Graphviz copies it raw, lone surrogates, and the non-characters U+FFFE/FFFF.
_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_PLAIN_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_NUMERAL = re.compile(r"-?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)\Z")
_KEYWORDS = frozenset({"node", "edge", "graph", "digraph", "subgraph", "strict"})
_MERMAID_SAFE = frozenset(" _-.,:;!?()/+*=@")


def clean_text(text: str) -> str:
    r"""Return *text* without control characters, with line ends as ``\n``.

    Removed: C0 control characters other than tab and newline, DEL, lone
    surrogates and U+FFFE/U+FFFF, none of which an SVG, GraphML or GEXF file
    can hold.  ``\r\n`` and ``\r`` become ``\n``.

    Examples
    --------
    >>> from gtgraph.drawing._quoting import clean_text
    >>> clean_text("a\x00b\r\nc\rd\te")
    'ab\nc\nd\te'
    """
    return _UNWANTED.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


@functools.lru_cache(maxsize=4096)
def dot_id(text: str) -> str:
    r"""Return *text* as a DOT ID: bare when the grammar allows, quoted otherwise.

    Use it for identifiers and for attribute values that are not drawn as text
    (shapes, colours, font names).  Text that is drawn goes through
    :func:`dot_label` instead.

    Examples
    --------
    >>> from gtgraph.drawing._quoting import dot_id
    >>> print(dot_id("box"), dot_id("1.5"), dot_id("-2"), dot_id("_a1"))
    box 1.5 -2 _a1
    >>> print(dot_id("rounded,filled"), dot_id("#1f77b4"), dot_id(""))
    "rounded,filled" "#1f77b4" ""
    >>> print(dot_id("node"), dot_id("Graph"), dot_id("café"))
    "node" "Graph" "café"
    >>> print(dot_id('say "hi"'), dot_id("ends with \\"))
    "say \"hi\"" "ends with \\"
    >>> print(dot_id("Code: trust"), dot_id("two\nlines"))
    "Code: trust" "two\nlines"
    """
    text = clean_text(text)
    if _NUMERAL.match(text) or (
        _PLAIN_ID.match(text) and text.lower() not in _KEYWORDS
    ):
        return text
    return _quoted_string(text)


def dot_label(text: str) -> str:
    r"""Return *text* as a quoted Graphviz escString label drawn exactly as *text*.

    Backslashes are doubled (so ``\N``, ``\l`` or a trailing backslash are drawn
    as typed), ``"`` is escaped, ``&`` is written ``&amp;`` (Graphviz decodes
    entities such as ``&amp;`` in labels), and a newline becomes the centred line
    break ``\n``.

    Examples
    --------
    >>> from gtgraph.drawing._quoting import dot_label
    >>> print(dot_label("being on the same planet"))
    "being on the same planet"
    >>> print(dot_label('"they just get it"'))
    "\"they just get it\""
    >>> print(dot_label("C:\\new \\N end\\"))
    "C:\\new \\N end\\"
    >>> print(dot_label("<3 love it> & &amp;"))
    "<3 love it> &amp; &amp;amp;"
    >>> print(dot_label("two\nlines\x01"))
    "two\nlines"
    >>> print(dot_label(""))
    ""
    """
    return _quoted_string(clean_text(text).replace("&", "&amp;"))


def _quoted_string(text: str) -> str:
    r"""Return *text* as a DOT quoted string: ``\`` and ``"`` escaped, newlines ``\n``."""
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + text.replace("\n", "\\n") + '"'


def html_text(text: str) -> str:
    r"""Return *text* escaped for use inside an HTML-like label.

    XML special characters become entities, ``]`` becomes ``&#93;`` (Graphviz's
    scanner stops an HTML string at a bare ``]`` in some positions), backslashes are
    doubled (Graphviz substitutes ``\N`` even in HTML labels), tabs become spaces
    and newlines become ``<BR/>``.

    Examples
    --------
    >>> from gtgraph.drawing._quoting import html_text
    >>> print(html_text('<b>bold?</b> & "x" [1]'))
    &lt;b&gt;bold?&lt;/b&gt; &amp; &quot;x&quot; [1&#93;
    >>> print(html_text("a\\N\nb\tc"))
    a\\N<BR/>b c
    """
    text = clean_text(text).replace("\t", " ")
    text = (
        text.replace("\\", "\\\\")
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("]", "&#93;")
    )
    return text.replace("\n", "<BR/>")


def html_label(text: str) -> str:
    r"""Return *text* as a whole HTML-like label ``<...>`` drawn exactly as *text*.

    Blank text cannot be an HTML-like label (``< >`` is a syntax error), so it is
    returned as a quoted label instead.

    Examples
    --------
    >>> from gtgraph.drawing._quoting import html_label
    >>> print(html_label("guilt <when saying no>"))
    <guilt &lt;when saying no&gt;>
    >>> print(html_label(" "))
    " "
    """
    if not clean_text(text).strip():
        return dot_label(text)
    return "<" + html_text(text) + ">"


def mermaid_text(text: str) -> str:
    r"""Return *text* as a quoted Mermaid label drawn exactly as *text*.

    Letters, digits, spaces and plain punctuation are kept; every other character
    is written as a decimal entity ``#NNN;`` and a newline as ``<br/>``.  Empty text
    is written as one space, because ``n0[""]`` does not parse.

    Examples
    --------
    >>> from gtgraph.drawing._quoting import mermaid_text
    >>> print(mermaid_text("shared identity"))
    "shared identity"
    >>> print(mermaid_text('"in vivo" & <b> #1'))
    "#34;in vivo#34; #38; #60;b#62; #35;1"
    >>> print(mermaid_text("end\nline"), mermaid_text(""))
    "end<br/>line" "#32;"
    """
    out = [
        "<br/>"
        if char == "\n"
        else char
        if char.isalnum() or char in _MERMAID_SAFE
        else f"#{ord(char)};"
        for char in clean_text(text)
    ]
    return '"' + ("".join(out) or "#32;") + '"'


def plain_value(value: Any) -> str | int | float | bool | None:
    r"""Return *value* as a str, int, float or bool that GraphML and GEXF can hold.

    None stays None (the caller drops the attribute); booleans, integers and
    finite floats are kept; strings lose their control characters; dates become
    ISO 8601 strings; lists and tuples are joined with ``"; "``, sets likewise in
    sorted order; mappings become JSON; anything else becomes its ``str()``.

    Examples
    --------
    >>> from gtgraph.drawing._quoting import plain_value
    >>> plain_value(True), plain_value(3), plain_value(0.5)
    (True, 3, 0.5)
    >>> plain_value(["a", "b\x01", 2]), plain_value({"b", "a"})
    ('a; b; 2', 'a; b')
    >>> plain_value({"k": [1, 2]}), plain_value(None)
    ('{"k": [1, 2]}', None)
    >>> import datetime
    >>> plain_value(datetime.date(2026, 1, 31)), plain_value(float("nan"))
    ('2026-01-31', 'nan')
    """
    if value is None:
        return None
    if isinstance(value, (bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, Mapping):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
        return clean_text(text)
    if isinstance(value, AbstractSet):
        return "; ".join(sorted(str(plain_value(v)) for v in value))
    if isinstance(value, (list, tuple)):
        return "; ".join(str(plain_value(v)) for v in value if v is not None)
    return clean_text(str(value))
