"""Write participants' and sources' attributes as REFI-QDA ``Variables`` and ``Cases``.

Each attribute name is one ``Variable`` typed by its values (Boolean, Integer,
Float, Date, or Text when they differ); participants are ``Case`` s holding their
``VariableValue`` s and a ``SourceRef`` to each source they gave.  A value that
had to be written as text records its Python type in ``gtgraph.json`` so that
gtgraph reads it back as it was.  Attributes that stand for a ``Set`` read
from another program are written as that set instead.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gtgraph.readwrite._refi_write import Exporter
    from gtgraph.readwrite._xmlwrite import XmlWriter

__all__ = ["attribute_types", "write_cases", "write_values", "write_variables"]

_TYPES = {bool: "Boolean", int: "Integer", float: "Float", str: "Text", dt.date: "Date"}
_HINTS = {bool: "bool", int: "int", float: "float", dt.date: "date"}


def _type_of(value: Any) -> type:
    if isinstance(value, bool):
        return bool
    if isinstance(value, int):
        return int
    if isinstance(value, float):
        return float
    if isinstance(value, dt.datetime):
        return str
    if isinstance(value, dt.date):
        return dt.date
    return str


def _decimal(value: float) -> str:
    text = format(Decimal(repr(value)), "f")
    return text if "." in text else text + ".0"


def attribute_types(x: Exporter) -> dict[str, str]:
    """Return each attribute name's REFI-QDA type (one type per name)."""
    seen: dict[str, set[type]] = {}
    for record in (*x.p.participants, *x.p.sources):
        for name, value in record.attributes.items():
            if name in x.set_attributes:
                continue
            kinds = seen.setdefault(name, set())
            if value is not None:
                kinds.add(_type_of(value))
                if isinstance(value, float) and not math.isfinite(value):
                    kinds.add(str)
    result = {}
    for name, kinds in seen.items():
        only = next(iter(kinds)) if len(kinds) == 1 else str
        result[name] = _TYPES[only]
    return result


def write_variables(x: Exporter, w: XmlWriter, types: dict[str, str]) -> None:
    """Write a ``Variable`` per attribute name."""
    if not types:
        return
    w.start("Variables")
    for name, kind in types.items():
        w.empty(
            "Variable",
            [
                ("guid", x.guid(name, "variable")),
                ("name", name),
                ("typeOfVariable", kind),
            ],
        )
    w.end("Variables")


def write_values(
    x: Exporter,
    w: XmlWriter,
    attributes: Any,
    types: dict[str, str],
    section: str,
    guid: str,
) -> None:
    hints: dict[str, str] = {}
    for name, value in attributes.items():
        if name in x.set_attributes:
            continue  # written back as the set it came from
        kind = types[name]
        if value is None:
            hints[name] = "none"
            continue
        w.start("VariableValue")
        w.empty("VariableRef", [("targetGUID", x.guid(name, "variable"))])
        natural = _type_of(value)
        if kind == "Text":
            if natural is not str:
                hints[name] = _HINTS[natural]
            w.leaf(
                "TextValue",
                value
                if isinstance(value, str)
                else (value.isoformat() if isinstance(value, dt.date) else str(value)),
            )
        elif kind == "Boolean":
            w.leaf("BooleanValue", "true" if value else "false")
        elif kind == "Integer":
            w.leaf("IntegerValue", str(value))
        elif kind == "Float":
            w.leaf("FloatValue", _decimal(value))
        else:
            w.leaf("DateValue", value.isoformat())
        w.end("VariableValue")
    if hints:
        x.meta.setdefault(section, {}).setdefault(guid, {})["types"] = hints


def write_cases(x: Exporter, w: XmlWriter, types: dict[str, str]) -> None:
    """Write each participant as a ``Case`` with its values and sources."""
    participants = list(x.p.participants)
    x.remember_order("participant", (r.id for r in participants))
    if not participants:
        return
    sources_of: dict[str, list[str]] = {}
    for source in x.p.sources:
        if source.participant is not None:
            sources_of.setdefault(source.participant, []).append(source.id)
    w.start("Cases")
    for record in participants:
        guid = x.guid(record.id)
        w.start("Case", [("guid", guid), ("name", x.name_of(record))])
        write_values(x, w, record.attributes, types, "participants", guid)
        for source_id in sources_of.get(record.id, ()):
            w.empty("SourceRef", [("targetGUID", x.guid(source_id))])
        w.end("Case")
    w.end("Cases")
