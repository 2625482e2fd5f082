"""Parse XML from strangers: no DTDs, no entities, bounded size and depth.

REFI-QDA files come from other people's computers.  The parser used here is
defusedxml's expat parser with document type declarations, entity declarations
and external references all refused, so neither "billion laughs" entity
expansion nor external entities (XXE) can do anything.  The byte size and the
nesting depth are bounded, a UTF-8 byte order mark is accepted, and every
element comes back as a small :class:`XmlNode` with its *local* name (the
namespace is kept aside), its attributes, its text and the line it starts on,
so that messages can name the place of a problem.

Every problem is a :class:`~gtgraph.errors.FormatError` naming the file (and
member) and the line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from gtgraph.errors import FormatError

__all__ = ["MAX_DEPTH", "MAX_XML_BYTES", "QDA_NAMESPACE", "XmlNode", "parse_xml"]

#: Largest XML document accepted, in bytes.
MAX_XML_BYTES = 512 * 2**20
#: Deepest element nesting accepted.
MAX_DEPTH = 400

#: REFI-QDA namespaces: ``urn:QDA-XML:project:1.0``, ``urn:QDA-XML:codebook:1:0`` ...
QDA_NAMESPACE = re.compile(r"^urn:QDA-XML:(project|codebook):.*$", re.IGNORECASE)


class XmlNode:
    """One element: local name, namespace, attributes, text, children and line.

    Examples
    --------
    >>> from gtgraph.readwrite._safexml import parse_xml
    >>> root = parse_xml(b'<a xmlns="urn:x"><b k="v">hi</b></a>', where="t.xml")
    >>> root.tag, root.ns, root.children[0].attrs, root.children[0].text
    ('a', 'urn:x', {'k': 'v'}, 'hi')
    """

    __slots__ = ("attrs", "children", "line", "ns", "tag", "text")

    def __init__(self, tag: str, ns: str, attrs: dict[str, str], line: int) -> None:
        self.tag = tag
        self.ns = ns
        self.attrs = attrs
        self.line = line
        self.text = ""
        self.children: list[XmlNode] = []

    def __repr__(self) -> str:
        return f"<XmlNode {self.tag} line {self.line}>"

    def iter(self, tag: str | None = None) -> Iterator[XmlNode]:
        """Yield this node and its descendants (document order), optionally by tag."""
        stack = [self]
        while stack:
            node = stack.pop()
            if tag is None or node.tag == tag:
                yield node
            stack.extend(reversed(node.children))

    def find(self, tag: str) -> XmlNode | None:
        """Return the first child with local name *tag*, or None."""
        for child in self.children:
            if child.tag == tag:
                return child
        return None

    def get(self, name: str, default: str | None = None) -> str | None:
        """Return attribute *name* (matched on its local name), or *default*."""
        return self.attrs.get(name, default)


class _Builder:
    """Parser target that builds XmlNode trees and records line numbers."""

    def __init__(self, where: str, max_depth: int) -> None:
        self.where = where
        self.max_depth = max_depth
        self.stack: list[XmlNode] = []
        self.root: XmlNode | None = None
        self.locator: Any = None

    def start(self, tag: str, attrib: list[str]) -> None:
        """Expat's start handler: *tag* is ``namespace}local`` or ``local``.

        It is installed on the parser directly, bypassing ElementTree's own
        handler: this runs for every element of documents with hundreds of
        thousands of them.  *attrib* is ``[name, value, name, value, ...]``.
        """
        line = self.locator.CurrentLineNumber if self.locator is not None else 0
        if len(self.stack) >= self.max_depth:
            raise FormatError(
                f"{self.where}: line {line}: elements are nested more than "
                f"{self.max_depth} deep, which is refused"
            )
        ns, _, local = tag.rpartition("}")
        attrs = {
            attrib[i].rpartition("}")[2]: attrib[i + 1]
            for i in range(0, len(attrib), 2)
        }
        node = XmlNode(local, ns, attrs, line)
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node
        self.stack.append(node)

    def end(self, tag: str) -> None:
        del tag
        self.stack.pop()

    def data(self, text: str) -> None:
        if self.stack:
            self.stack[-1].text += text

    def close(self) -> XmlNode | None:
        return self.root


def parse_xml(
    data: bytes,
    *,
    where: str,
    max_bytes: int = MAX_XML_BYTES,
    max_depth: int = MAX_DEPTH,
) -> XmlNode:
    r"""Parse untrusted XML bytes into an :class:`XmlNode` tree.

    Parameters
    ----------
    data : bytes
        The document (a UTF-8 byte order mark is accepted).
    where : str
        How to name the document in messages (``"p.qdpx: project.qde"``).
    max_bytes, max_depth : int
        Bounds on the size in bytes and on the nesting depth.

    Returns
    -------
    XmlNode
        The root element.

    Raises
    ------
    FormatError
        If the document is too large or too deep, is not well-formed, or declares
        a DTD, an entity or an external reference.

    Examples
    --------
    >>> from gtgraph.readwrite._safexml import parse_xml
    >>> parse_xml(b"\xef\xbb\xbf<Project name='p'/>", where="x.qde").get("name")
    'p'
    >>> from gtgraph.errors import FormatError
    >>> try:
    ...     parse_xml(b'<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', where="x.qde")
    ... except FormatError as error:
    ...     print(error)
    x.qde: line 1: a document type declaration (DTD), entity or external reference ...
    """
    if len(data) > max_bytes:
        raise FormatError(
            f"{where}: the XML is {len(data)} bytes, more than the {max_bytes} accepted"
        )
    builder = _Builder(where, max_depth)
    parser = DefusedXMLParser(
        target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    expat = parser.parser
    builder.locator = expat
    # Straight from expat to the builder (ElementTree's own handlers would only
    # rewrite the names first); the parser keeps defusedxml's refusal handlers.
    expat.StartElementHandler = builder.start
    expat.EndElementHandler = builder.end
    try:
        parser.feed(data)
        root: XmlNode | None = builder.close()
        parser.close()
    except FormatError:
        raise
    except DefusedXmlException as error:
        line = getattr(expat, "CurrentLineNumber", 0)
        raise FormatError(
            f"{where}: line {line}: a document type declaration (DTD), entity or "
            f"external reference was found ({type(error).__name__}); these are refused "
            "in files from others"
        ) from error
    except ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        raise FormatError(
            f"{where}: line {line}, column {column}: the XML is not well-formed "
            f"({error.msg if hasattr(error, 'msg') else error})"
        ) from error
    except (ValueError, LookupError, RecursionError, MemoryError) as error:
        raise FormatError(f"{where}: the XML cannot be read ({error})") from error
    if root is None:  # pragma: no cover - expat refuses a document without a root
        raise FormatError(f"{where}: the document has no root element")
    return root


def check_qda_root(root: XmlNode, expected: tuple[str, ...], *, where: str) -> str:
    """Check the root's local name and namespace; return the local name.

    Any ``urn:QDA-XML:(project|codebook):*`` namespace is accepted, and so is no
    namespace at all; another namespace is refused.

    Examples
    --------
    >>> from gtgraph.readwrite._safexml import parse_xml, check_qda_root
    >>> root = parse_xml(b'<CodeBook xmlns="urn:QDA-XML:codebook:1:0"/>', where="c.qdc")
    >>> check_qda_root(root, ("CodeBook",), where="c.qdc")
    'CodeBook'
    """
    if root.tag not in expected:
        wanted = " or ".join(f"<{name}>" for name in expected)
        raise FormatError(
            f"{where}: line {root.line}: the root element is <{root.tag}>, not {wanted}; "
            "this is not a REFI-QDA file of the expected kind"
        )
    if root.ns and not QDA_NAMESPACE.match(root.ns):
        raise FormatError(
            f"{where}: line {root.line}: the namespace {root.ns!r} is not a REFI-QDA "
            "namespace (urn:QDA-XML:project:1.0 or urn:QDA-XML:codebook:1.0)"
        )
    return root.tag
