"""Tests for gtgraph.readwrite._safexml: XML from strangers."""

from __future__ import annotations

import pytest

from gtgraph.errors import FormatError
from gtgraph.readwrite._safexml import check_qda_root, parse_xml

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&xxe;"/>"""

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<Project name="&lol9;"/>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE Project SYSTEM "http://example.invalid/evil.dtd">
<Project name="p"/>"""

PARAMETER = b"""<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY % p SYSTEM "http://example.invalid/p.dtd"> %p;]>
<Project name="p"/>"""


@pytest.mark.parametrize("data", [XXE, LAUGHS, EXTERNAL_DTD, PARAMETER])
def test_dtds_and_entities_refused(data):
    """XXE, billion laughs and external DTDs are refused before any expansion."""
    with pytest.raises(
        FormatError, match=r"p\.qde: line 2: a document type declaration"
    ):
        parse_xml(data, where="p.qde")


def test_malformed_names_line_and_column():
    """A well-formedness error names the line and column."""
    with pytest.raises(
        FormatError, match=r"p\.qde: line 3, column \d+: the XML is not well-formed"
    ):
        parse_xml(b"<Project>\n<Codes>\n</Project>", where="p.qde")


def test_truncated_xml():
    """A document cut short is a FormatError."""
    with pytest.raises(FormatError, match="not well-formed"):
        parse_xml(b'<Project name="p"><Users>', where="p.qde")


def test_size_bound():
    """Documents over the byte limit are refused without parsing."""
    with pytest.raises(FormatError, match="more than the 100 accepted"):
        parse_xml(b"<a>" + b"x" * 200 + b"</a>", where="p.qde", max_bytes=100)


def test_depth_bound():
    """Deeply nested elements are refused, naming the line."""
    data = b"<a>" * 50 + b"</a>" * 50
    with pytest.raises(FormatError, match="nested more than 10 deep"):
        parse_xml(data, where="p.qde", max_depth=10)


def test_bom_and_crlf_accepted():
    """A UTF-8 BOM before the declaration and CRLF line ends are read."""
    data = b'\xef\xbb\xbf<?xml version="1.0" encoding="utf-8"?>\r\n<Project name="p">\r\n<Users/></Project>'
    root = parse_xml(data, where="p.qde")
    assert root.tag == "Project"
    assert root.children[0].line == 3


def test_utf16_document_read():
    """A UTF-16 document with its BOM is decoded."""
    data = '<?xml version="1.0" encoding="utf-16"?><Project name="é"/>'.encode("utf-16")
    assert parse_xml(data, where="p.qde").get("name") == "é"


def test_local_names_and_namespaced_attributes():
    """Tags lose their namespace; xsi attributes are kept by local name."""
    data = (
        b'<p:Project xmlns:p="urn:QDA-XML:project:1.0" '
        b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        b'xsi:schemaLocation="urn:QDA-XML:project:1:0 Project.xsd" name="n"/>'
    )
    root = parse_xml(data, where="p.qde")
    assert (root.tag, root.ns) == ("Project", "urn:QDA-XML:project:1.0")
    assert root.get("schemaLocation") == "urn:QDA-XML:project:1:0 Project.xsd"


@pytest.mark.parametrize(
    "namespace",
    [
        "urn:QDA-XML:project:1.0",
        "urn:QDA-XML:project:1:0",
        "urn:QDA-XML:codebook:0:4",
        "",
    ],
)
def test_qda_namespaces_accepted(namespace):
    """Every urn:QDA-XML variant, and no namespace, is accepted."""
    xmlns = f' xmlns="{namespace}"' if namespace else ""
    root = parse_xml(f"<Project{xmlns}/>".encode(), where="p.qde")
    assert check_qda_root(root, ("Project",), where="p.qde") == "Project"


def test_wrong_namespace_refused():
    """A root in another namespace is refused, naming it."""
    root = parse_xml(b'<Project xmlns="urn:example:other"/>', where="p.qde")
    with pytest.raises(FormatError, match="urn:example:other"):
        check_qda_root(root, ("Project",), where="p.qde")


def test_wrong_root_refused():
    """A document whose root is not the expected element is refused."""
    root = parse_xml(b"<html/>", where="p.qde")
    with pytest.raises(FormatError, match="<html>"):
        check_qda_root(root, ("Project",), where="p.qde")
