"""Write XML by hand: fixed element order, exact escaping, no surprises.

REFI-QDA schemas fix the order of child elements, and text must survive a
round trip exactly (carriage returns, tabs and newlines in attributes are
written as character references so parsers do not normalise them away).
Characters XML 1.0 cannot carry at all are replaced by U+FFFD and counted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["XmlWriter", "xml_clean"]

_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TEXT_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_ATTR_ESCAPES = {**_TEXT_ESCAPES, '"': "&quot;", "\n": "&#10;", "\t": "&#9;"}
_TEXT_RE = re.compile("[&<>\r]")
_ATTR_RE = re.compile('[&<>"\r\n\t]')
# Anything an attribute value may need changed: most values (GUIDs, numbers,
# plain names) have none, and are then written as they are after one search.
_ATTR_SPECIAL = re.compile(
    '[&<>"\r\n\t]|[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]'
)


def xml_clean(text: str) -> tuple[str, int]:
    r"""Return *text* with characters XML cannot carry replaced, and how many.

    Examples
    --------
    >>> from gtgraph.readwrite._xmlwrite import xml_clean
    >>> xml_clean("a\x00b")
    ('a\ufffdb', 1)
    """
    return _ILLEGAL.subn("\ufffd", text)


class XmlWriter:
    r"""Build an indented XML document as text.

    Examples
    --------
    >>> from gtgraph.readwrite._xmlwrite import XmlWriter
    >>> w = XmlWriter()
    >>> w.start("A", [("x", "1\n2"), ("y", None)])
    >>> w.leaf("B", "a<b")
    >>> w.end("A")
    >>> print(w.getvalue())
    <?xml version="1.0" encoding="utf-8"?>
    <A x="1&#10;2">
      <B>a&lt;b</B>
    </A>
    """

    def __init__(self) -> None:
        self._parts: list[str] = ['<?xml version="1.0" encoding="utf-8"?>\n']
        self._depth = 0
        #: How many characters had to be replaced because XML cannot carry them.
        self.replaced = 0

    def _clean(self, text: str) -> str:
        cleaned, count = xml_clean(text)
        self.replaced += count
        return cleaned

    def _attrs(self, attrs: Iterable[tuple[str, str | None]]) -> str:
        out = []
        for name, value in attrs:
            if value is None:
                continue
            if _ATTR_SPECIAL.search(value) is None:
                out.append(f' {name}="{value}"')
                continue
            escaped = _ATTR_RE.sub(
                lambda m: _ATTR_ESCAPES[m.group()], self._clean(value)
            )
            out.append(f' {name}="{escaped}"')
        return "".join(out)

    def _indent(self) -> str:
        return "  " * self._depth

    def start(self, tag: str, attrs: Iterable[tuple[str, str | None]] = ()) -> None:
        """Open element *tag*."""
        self._parts.append(f"{self._indent()}<{tag}{self._attrs(attrs)}>\n")
        self._depth += 1

    def end(self, tag: str) -> None:
        """Close element *tag*."""
        self._depth -= 1
        self._parts.append(f"{self._indent()}</{tag}>\n")

    def empty(self, tag: str, attrs: Iterable[tuple[str, str | None]] = ()) -> None:
        """Write an element with no content."""
        self._parts.append(f"{self._indent()}<{tag}{self._attrs(attrs)}/>\n")

    def leaf(
        self, tag: str, text: str, attrs: Iterable[tuple[str, str | None]] = ()
    ) -> None:
        """Write an element holding only *text* (kept exactly, no indentation)."""
        escaped = _TEXT_RE.sub(lambda m: _TEXT_ESCAPES[m.group()], self._clean(text))
        self._parts.append(
            f"{self._indent()}<{tag}{self._attrs(attrs)}>{escaped}</{tag}>\n"
        )

    def getvalue(self) -> str:
        """Return the document."""
        return "".join(self._parts)
