"""Read REFI-QDA XML (``project.qde``, ``.qdc``) into plain intermediate records.

This module knows the REFI-QDA element tree and nothing of gtgraph's model: it
turns an :class:`~gtgraph.readwrite._safexml.XmlNode` tree into frozen records
(:class:`QdaProject`, :class:`QdaCodebook` and their parts), normalising what
tools write differently (GUID case and braces, booleans, namespaces, the
``guid``/``targetGUID`` spelling of set members) and recording in a
:class:`~gtgraph.readwrite._report.Reporter` whatever it has to leave out.
Mapping the records onto a :class:`gtgraph.Project` is done elsewhere.

Elements are matched on their local names, so any ``urn:QDA-XML:*`` namespace
(or none) is read; elements of other namespaces are skipped with a warning.
"""

from __future__ import annotations

import datetime as dt
import math

from gtgraph.errors import FormatError
from gtgraph.project._base import _COLOUR
from gtgraph.readwrite._qdamodel import (
    QdaCase,
    QdaCode,
    QdaCodebook,
    QdaCoding,
    QdaLink,
    QdaProject,
    QdaSelection,
    QdaSet,
    QdaSource,
    QdaUser,
    QdaValue,
    QdaVariable,
    RawNode,
    norm_guid,
)
from gtgraph.readwrite._report import Reporter
from gtgraph.readwrite._safexml import QDA_NAMESPACE, XmlNode, check_qda_root

__all__ = ["parse_codebook", "parse_project", "raw_node"]

# -- helpers ------------------------------------------------------------------------


class _Ctx:
    """What the parse functions share: where we are, and the reporter."""

    def __init__(self, where: str, reporter: Reporter) -> None:
        self.where = where
        self.reporter = reporter

    def fail(self, node: XmlNode, problem: str) -> FormatError:
        return FormatError(f"{self.where}: line {node.line}: <{node.tag}> {problem}")

    def required(self, node: XmlNode, name: str) -> str:
        value = node.get(name)
        if value is None:
            raise self.fail(node, f"has no {name!r} attribute, which REFI-QDA requires")
        return value

    def guid(self, node: XmlNode, name: str = "guid") -> str:
        value = norm_guid(self.required(node, name))
        if value is None:
            raise self.fail(node, f"has an empty {name!r}")
        return value

    def integer(self, node: XmlNode, name: str) -> int:
        value = self.required(node, name).strip()
        try:
            return int(value)
        except ValueError:
            try:
                number = float(value)
            except ValueError:
                raise self.fail(
                    node, f"has {name}={value!r}, which is not a whole number"
                ) from None
            if not math.isfinite(number):
                raise self.fail(
                    node, f"has {name}={value!r}, which is not a number"
                ) from None
            return int(number)

    def boolean(self, node: XmlNode, name: str, default: bool | None = None) -> bool:
        value = node.get(name)
        if value is None:
            if default is None:
                raise self.fail(
                    node, f"has no {name!r} attribute, which REFI-QDA requires"
                )
            return default
        text = value.strip().lower()
        if text in ("true", "1"):
            return True
        if text in ("false", "0"):
            return False
        raise self.fail(node, f"has {name}={value!r}; use true or false")

    def children(self, node: XmlNode) -> list[XmlNode]:
        """Children in a REFI-QDA namespace (or none); others are reported."""
        result = []
        for child in node.children:
            if child.ns and not QDA_NAMESPACE.match(child.ns):
                self.reporter.add(
                    "foreign-element",
                    "elements of other namespaces were skipped",
                    f"<{child.tag}> (line {child.line})",
                )
                continue
            result.append(child)
        return result


def _own_text(node: XmlNode) -> str:
    # REFI-QDA has no mixed content: the whitespace between child elements is layout.
    return "" if node.children and not node.text.strip() else node.text


def raw_node(node: XmlNode) -> RawNode:
    """Return *node* and everything inside it as a JSON-compatible :data:`RawNode`.

    GUID-valued attributes are kept exactly as written; the writer normalises
    them.  Built without recursion (the depth comes from the file).

    Examples
    --------
    >>> from gtgraph.readwrite._safexml import parse_xml
    >>> from gtgraph.readwrite._qdaxml import raw_node
    >>> raw_node(parse_xml(b'<a k="v"><b>hi</b></a>', where="t.xml"))
    ['a', {'k': 'v'}, '', [['b', {}, 'hi', []]]]
    """
    top: RawNode = [node.tag, dict(node.attrs), _own_text(node), []]
    stack = [(node, top)]
    while stack:
        current, raw = stack.pop()
        for child in current.children:
            item: RawNode = [child.tag, dict(child.attrs), _own_text(child), []]
            raw[3].append(item)
            stack.append((child, item))
    return top


def _text(node: XmlNode | None) -> str | None:
    return None if node is None else node.text


def _refs(
    ctx: _Ctx, node: XmlNode, tag: str, attr: str = "targetGUID"
) -> tuple[str, ...]:
    result = []
    for child in node.children:
        if child.tag == tag:
            value = norm_guid(child.get(attr))
            if value is None and attr == "targetGUID":
                value = norm_guid(child.get("guid"))
            if value is None:
                ctx.reporter.add(
                    "empty-ref",
                    "references without a target were skipped",
                    f"<{tag}> (line {child.line})",
                )
                continue
            result.append(value)
    return tuple(result)


def _color(ctx: _Ctx, node: XmlNode) -> str | None:
    value = node.get("color")
    if value is None:
        return None
    value = value.strip()
    if _COLOUR.match(value):  # the colours gtgraph accepts
        return value
    ctx.reporter.add(
        "bad-colour",
        "colours that are not #RRGGBB were dropped",
        f"{value!r} (line {node.line})",
    )
    return None


# -- codes and sets --------------------------------------------------------------------


def _code(ctx: _Ctx, node: XmlNode) -> QdaCode:
    children = []
    description = None
    for child in ctx.children(node):
        if child.tag == "Code":
            children.append(_code(ctx, child))
        elif child.tag == "Description":
            description = child.text
    return QdaCode(
        guid=ctx.guid(node),
        name=ctx.required(node, "name"),
        codable=ctx.boolean(node, "isCodable", default=True),
        color=_color(ctx, node),
        description=description,
        notes=_refs(ctx, node, "NoteRef"),
        children=tuple(children),
        line=node.line,
    )


def _codes(ctx: _Ctx, container: XmlNode | None) -> tuple[QdaCode, ...]:
    if container is None:
        return ()
    codes = container.find("Codes")
    if codes is None:
        return ()
    return tuple(
        _code(ctx, child) for child in ctx.children(codes) if child.tag == "Code"
    )


def _set(ctx: _Ctx, node: XmlNode) -> QdaSet:
    codes = []
    for child in node.children:
        if child.tag == "MemberCode":
            value = norm_guid(child.get("targetGUID") or child.get("guid"))
            if value is not None:
                codes.append(value)
    return QdaSet(
        guid=ctx.guid(node),
        name=node.get("name") or "",
        description=_text(node.find("Description")),
        codes=tuple(codes),
        sources=_refs(ctx, node, "MemberSource"),
        notes=_refs(ctx, node, "MemberNote"),
        line=node.line,
    )


def _sets(ctx: _Ctx, container: XmlNode | None) -> tuple[QdaSet, ...]:
    if container is None:
        return ()
    return tuple(
        _set(ctx, child) for child in ctx.children(container) if child.tag == "Set"
    )


# -- variables and cases -----------------------------------------------------------------

_VALUE_TAGS = (
    "TextValue",
    "BooleanValue",
    "IntegerValue",
    "FloatValue",
    "DateValue",
    "DateTimeValue",
)


def _typed(tag: str, raw: str) -> str | int | float | bool | dt.date:
    text = raw.strip()
    if tag == "BooleanValue":
        if text.lower() not in ("true", "1", "false", "0"):
            raise ValueError(text)
        return text.lower() in ("true", "1")
    if tag == "IntegerValue":
        return int(text)
    if tag == "FloatValue":
        return float(text)
    if tag == "DateValue":
        return dt.date.fromisoformat(text[:10])
    if tag == "DateTimeValue":
        return text
    return raw


def _value(ctx: _Ctx, node: XmlNode) -> QdaValue | None:
    ref = node.find("VariableRef")
    variable = None if ref is None else norm_guid(ref.get("targetGUID"))
    if variable is None:
        ctx.reporter.add(
            "bad-value",
            "variable values without a variable were dropped",
            f"line {node.line}",
        )
        return None
    for child in node.children:
        if child.tag not in _VALUE_TAGS:
            continue
        value: str | int | float | bool | dt.date | None
        try:
            value = _typed(child.tag, child.text)
        except ValueError:
            ctx.reporter.add(
                "bad-value",
                "variable values that do not fit their type were kept as text",
                f"{child.tag} {child.text.strip()!r} (line {child.line})",
            )
            value = child.text
        return QdaValue(variable, value, node.line)
    return QdaValue(variable, None, node.line)


def _values(ctx: _Ctx, node: XmlNode) -> tuple[QdaValue, ...]:
    result = []
    for child in node.children:
        if child.tag == "VariableValue":
            value = _value(ctx, child)
            if value is not None:
                result.append(value)
    return tuple(result)


def _variable(ctx: _Ctx, node: XmlNode) -> QdaVariable:
    return QdaVariable(
        guid=ctx.guid(node),
        name=node.get("name") or "",
        type=node.get("typeOfVariable") or "Text",
        description=_text(node.find("Description")),
    )


def _case(ctx: _Ctx, node: XmlNode) -> QdaCase:
    return QdaCase(
        guid=ctx.guid(node),
        name=node.get("name"),
        description=_text(node.find("Description")),
        codes=_refs(ctx, node, "CodeRef"),
        values=_values(ctx, node),
        sources=_refs(ctx, node, "SourceRef"),
        selections=_refs(ctx, node, "SelectionRef"),
        line=node.line,
    )


# -- sources, selections, notes ------------------------------------------------------------


def _coding(ctx: _Ctx, node: XmlNode) -> QdaCoding:
    ref = node.find("CodeRef")
    code = None if ref is None else norm_guid(ref.get("targetGUID"))
    return QdaCoding(
        guid=norm_guid(node.get("guid")),
        code=code,
        user=norm_guid(node.get("creatingUser")),
        created=node.get("creationDateTime"),
        notes=_refs(ctx, node, "NoteRef"),
        line=node.line,
    )


def _codings(ctx: _Ctx, node: XmlNode) -> tuple[QdaCoding, ...]:
    return tuple(_coding(ctx, c) for c in node.children if c.tag == "Coding")


_SELECTION_TAGS = (
    "PlainTextSelection",
    "PDFSelection",
    "PictureSelection",
    "AudioSelection",
    "VideoSelection",
    "TranscriptSelection",
)


def _selection(ctx: _Ctx, node: XmlNode) -> QdaSelection:
    start = end = None
    text = None
    if node.tag == "PlainTextSelection":
        start = ctx.integer(node, "startPosition")
        end = ctx.integer(node, "endPosition")
    elif node.tag in ("AudioSelection", "VideoSelection"):
        start = ctx.integer(node, "begin")
        end = ctx.integer(node, "end")
    representation = node.find("Representation")
    if representation is not None:
        text = _text(representation.find("PlainTextContent"))
    return QdaSelection(
        kind=node.tag,
        guid=ctx.guid(node),
        name=node.get("name"),
        start=start,
        end=end,
        description=_text(node.find("Description")),
        codings=_codings(ctx, node),
        notes=_refs(ctx, node, "NoteRef"),
        user=norm_guid(node.get("creatingUser")),
        created=node.get("creationDateTime"),
        text=text,
        line=node.line,
        xml_attrs=node.attrs,
    )


#: Sources kept whole for the way back (gtgraph analyses only their text, if any).
_MEDIA_TAGS = frozenset({"PDFSource", "PictureSource", "AudioSource", "VideoSource"})

_SOURCE_TAGS = (
    "TextSource",
    "PDFSource",
    "PictureSource",
    "AudioSource",
    "VideoSource",
)


def _source(ctx: _Ctx, node: XmlNode) -> QdaSource:
    selections = []
    representation = None
    transcripts = 0
    for child in ctx.children(node):
        if child.tag in _SELECTION_TAGS:
            selections.append(_selection(ctx, child))
        elif child.tag == "Representation":
            representation = _source(ctx, child)
        elif child.tag == "Transcript":
            transcripts += 1
    return QdaSource(
        kind=node.tag,
        guid=ctx.guid(node),
        name=node.get("name"),
        plain_path=node.get("plainTextPath"),
        rich_path=node.get("richTextPath"),
        path=node.get("path") or node.get("currentPath"),
        content=_text(node.find("PlainTextContent")),
        description=_text(node.find("Description")),
        selections=tuple(selections),
        codings=_codings(ctx, node),
        notes=_refs(ctx, node, "NoteRef"),
        values=_values(ctx, node),
        user=norm_guid(node.get("creatingUser")),
        created=node.get("creationDateTime"),
        representation=representation,
        transcripts=transcripts,
        line=node.line,
        xml_attrs=node.attrs,
        raw=raw_node(node) if node.tag in _MEDIA_TAGS else None,
    )


def _link(ctx: _Ctx, node: XmlNode) -> QdaLink:
    direction = (node.get("direction") or "Associative").strip()
    if direction not in ("Associative", "OneWay", "Bidirectional"):
        ctx.reporter.add(
            "bad-direction",
            "link directions other than Associative, OneWay or Bidirectional were read as Associative",
            f"{direction!r} (line {node.line})",
        )
        direction = "Associative"
    return QdaLink(
        guid=ctx.guid(node),
        name=node.get("name"),
        direction=direction,
        color=_color(ctx, node),
        origin=norm_guid(node.get("originGUID")),
        target=norm_guid(node.get("targetGUID")),
        notes=_refs(ctx, node, "NoteRef"),
        line=node.line,
    )


def _users(ctx: _Ctx, node: XmlNode | None) -> tuple[QdaUser, ...]:
    if node is None:
        return ()
    return tuple(
        QdaUser(ctx.guid(u), u.get("name"), u.get("id"))
        for u in ctx.children(node)
        if u.tag == "User"
    )


def _list(ctx: _Ctx, node: XmlNode | None, tag: str) -> list[XmlNode]:
    if node is None:
        return []
    return [child for child in ctx.children(node) if child.tag == tag]


def parse_project(root: XmlNode, *, where: str, reporter: Reporter) -> QdaProject:
    """Read a ``Project`` element tree into a :class:`QdaProject`.

    Raises
    ------
    FormatError
        If the root is not a REFI-QDA ``Project`` or a required attribute is
        missing or malformed (the message names the line).

    Examples
    --------
    >>> from gtgraph.readwrite._safexml import parse_xml
    >>> from gtgraph.readwrite._report import Reporter
    >>> from gtgraph.readwrite._qdaxml import parse_project
    >>> root = parse_xml(b'<Project xmlns="urn:QDA-XML:project:1.0" name="p"/>', where="p.qde")
    >>> parse_project(root, where="p.qde", reporter=Reporter("p.qde")).name
    'p'
    """
    check_qda_root(root, ("Project",), where=where)
    ctx = _Ctx(where, reporter)
    parts = {child.tag: child for child in ctx.children(root)}
    container = parts.get("Sources")
    sources = [
        _source(ctx, child)
        for child in ([] if container is None else ctx.children(container))
        if child.tag in _SOURCE_TAGS
    ]
    graphs = tuple(raw_node(g) for g in _list(ctx, parts.get("Graphs"), "Graph"))
    return QdaProject(
        name=root.get("name") or "",
        origin=root.get("origin"),
        created=root.get("creationDateTime"),
        user=norm_guid(root.get("creatingUserGUID")),
        users=_users(ctx, parts.get("Users")),
        codes=_codes(ctx, parts.get("CodeBook")),
        variables=tuple(
            _variable(ctx, v) for v in _list(ctx, parts.get("Variables"), "Variable")
        ),
        cases=tuple(_case(ctx, c) for c in _list(ctx, parts.get("Cases"), "Case")),
        sources=tuple(sources),
        notes=tuple(_source(ctx, n) for n in _list(ctx, parts.get("Notes"), "Note")),
        links=tuple(_link(ctx, n) for n in _list(ctx, parts.get("Links"), "Link")),
        sets=_sets(ctx, parts.get("Sets")),
        graphs=graphs,
        description=_text(parts.get("Description")),
        project_notes=_refs(ctx, root, "NoteRef"),
    )


def parse_codebook(root: XmlNode, *, where: str, reporter: Reporter) -> QdaCodebook:
    """Read a ``CodeBook`` element tree (``.qdc``) into a :class:`QdaCodebook`.

    A project file given by mistake is read for its codebook too.

    Examples
    --------
    >>> from gtgraph.readwrite._safexml import parse_xml
    >>> from gtgraph.readwrite._report import Reporter
    >>> from gtgraph.readwrite._qdaxml import parse_codebook
    >>> xml = b'<CodeBook><Codes><Code guid="1" name="a" isCodable="true"/></Codes></CodeBook>'
    >>> book = parse_codebook(parse_xml(xml, where="c.qdc"), where="c.qdc", reporter=Reporter("c"))
    >>> [code.name for code in book.codes]
    ['a']
    """
    check_qda_root(root, ("CodeBook",), where=where)
    ctx = _Ctx(where, reporter)
    return QdaCodebook(
        origin=root.get("origin"),
        codes=_codes(ctx, root),
        sets=_sets(ctx, root.find("Sets")),
    )
