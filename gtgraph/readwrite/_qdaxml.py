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
import functools
import math
import re

import attrs

from gtgraph.errors import FormatError
from gtgraph.project._base import _COLOUR
from gtgraph.readwrite._report import Reporter
from gtgraph.readwrite._safexml import QDA_NAMESPACE, XmlNode, check_qda_root

__all__ = [
    "QdaCase",
    "QdaCode",
    "QdaCodebook",
    "QdaCoding",
    "QdaLink",
    "QdaProject",
    "QdaSelection",
    "QdaSet",
    "QdaSource",
    "QdaUser",
    "QdaValue",
    "QdaVariable",
    "norm_guid",
    "parse_codebook",
    "parse_project",
]

_GUID = re.compile(
    r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$"
)


@functools.lru_cache(maxsize=1 << 16)  # the same code and user GUIDs recur
def norm_guid(value: str | None) -> str | None:
    """Return a GUID in one spelling (upper case, no braces); other tokens stripped.

    Hand-made files sometimes carry non-GUIDs (``guid="1"``); they are kept as
    they are, so references between elements still resolve.

    Examples
    --------
    >>> from gtgraph.readwrite._qdaxml import norm_guid
    >>> norm_guid("{1ff58b12-6f6f-4b0c-8be5-bbdc91f55294}")
    '1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294'
    >>> norm_guid(" 1 ")
    '1'
    """
    if value is None:
        return None
    value = value.strip()
    match = _GUID.match(value)
    if match:
        return match.group(1).upper()
    return value or None


@attrs.frozen
class QdaUser:
    """A ``User``: who coded or wrote."""

    guid: str
    name: str | None
    id: str | None


@attrs.frozen
class QdaCode:
    """A ``Code``, with its nested codes."""

    guid: str
    name: str
    codable: bool
    color: str | None
    description: str | None
    notes: tuple[str, ...]
    children: tuple[QdaCode, ...]
    line: int


@attrs.frozen
class QdaSet:
    """A ``Set``: a grouping of codes, sources or notes that cuts across the tree."""

    guid: str
    name: str
    description: str | None
    codes: tuple[str, ...]
    sources: tuple[str, ...]
    notes: tuple[str, ...]
    line: int


@attrs.frozen
class QdaVariable:
    """A ``Variable`` declaration."""

    guid: str
    name: str
    type: str
    description: str | None


@attrs.frozen
class QdaValue:
    """A ``VariableValue``: a variable's GUID and its typed value."""

    variable: str
    value: str | int | float | bool | dt.date | None
    line: int


@attrs.frozen
class QdaCase:
    """A ``Case``: a participant (or a nameless holder of file variables)."""

    guid: str
    name: str | None
    description: str | None
    codes: tuple[str, ...]
    values: tuple[QdaValue, ...]
    sources: tuple[str, ...]
    selections: tuple[str, ...]
    line: int


@attrs.frozen
class QdaCoding:
    """A ``Coding``: one code applied by one user."""

    guid: str | None
    code: str | None
    user: str | None
    created: str | None
    notes: tuple[str, ...]
    line: int


@attrs.frozen
class QdaSelection:
    """A selection of any kind; text selections have ``start``/``end``."""

    kind: str
    guid: str
    name: str | None
    start: int | None
    end: int | None
    description: str | None
    codings: tuple[QdaCoding, ...]
    notes: tuple[str, ...]
    user: str | None
    created: str | None
    text: str | None
    line: int


@attrs.frozen
class QdaSource:
    """A source of any kind (text, PDF, picture, audio, video) or a ``Note``."""

    kind: str
    guid: str
    name: str | None
    plain_path: str | None
    rich_path: str | None
    path: str | None
    content: str | None
    description: str | None
    selections: tuple[QdaSelection, ...]
    codings: tuple[QdaCoding, ...]
    notes: tuple[str, ...]
    values: tuple[QdaValue, ...]
    user: str | None
    created: str | None
    representation: QdaSource | None
    transcripts: int
    line: int


@attrs.frozen
class QdaLink:
    """A ``Link`` between two GUID-identified objects."""

    guid: str
    name: str | None
    direction: str
    color: str | None
    origin: str | None
    target: str | None
    notes: tuple[str, ...]
    line: int


@attrs.frozen
class QdaProject:
    """A whole ``Project``."""

    name: str
    origin: str | None
    created: str | None
    user: str | None
    users: tuple[QdaUser, ...]
    codes: tuple[QdaCode, ...]
    variables: tuple[QdaVariable, ...]
    cases: tuple[QdaCase, ...]
    sources: tuple[QdaSource, ...]
    notes: tuple[QdaSource, ...]
    links: tuple[QdaLink, ...]
    sets: tuple[QdaSet, ...]
    graphs: int
    description: str | None
    project_notes: tuple[str, ...]


@attrs.frozen
class QdaCodebook:
    """A ``CodeBook`` (``.qdc``)."""

    origin: str | None
    codes: tuple[QdaCode, ...]
    sets: tuple[QdaSet, ...]


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
    )


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
    graphs = len(_list(ctx, parts.get("Graphs"), "Graph"))
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
