"""The project file's records read back: one function per kind, checking each field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from gtgraph.model import (
    Category,
    Code,
    Dimension,
    FrozenAttributes,
    Memo,
    Participant,
    Property,
    Relationship,
    Source,
    check_turns,
)


def _text(value: Any, field: str, *, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{field} must be a string{' or null' if optional else ''}")
    return value


def _flag(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{field} must be true or false")
    return value


def _ids(value: Any, field: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{field} must be a list of ids")
    return tuple(value)


_DATES: dict[str, Callable[[str], Any]] = {
    "date": dt.date.fromisoformat,
    "datetime": dt.datetime.fromisoformat,
}


def _read_attributes(value: Any) -> FrozenAttributes:
    if not isinstance(value, dict):
        raise ValueError("attributes must be an object")
    out: dict[str, Any] = {}
    for key, item in value.items():
        if isinstance(item, dict):
            kind = next(iter(item), None)
            if len(item) != 1 or kind not in _DATES or not isinstance(item[kind], str):
                raise ValueError(
                    f"attribute {key!r} must be a plain value, a date or a datetime"
                )
            out[key] = _DATES[kind](item[kind])
        else:
            out[key] = item
    from gtgraph.model import freeze_attributes

    return freeze_attributes(out)


def _colour(value: Any) -> str | None:
    from gtgraph.project._base import _COLOUR

    if value is not None and (not isinstance(value, str) or not _COLOUR.match(value)):
        raise ValueError(f"colour {value!r} is not '#rrggbb' or '#rgb'")
    return value


def _participant(d: dict[str, Any]) -> Participant:
    return Participant(d["id"], d["name"], _read_attributes(d.get("attributes", {})))


def _source(d: dict[str, Any]) -> Source:
    order = d.get("order", 0)
    if isinstance(order, bool) or not isinstance(order, int):
        raise ValueError("order must be a whole number")
    return Source(
        d["id"],
        d["name"],
        _text(d.get("text"), "text", optional=True),
        _text(d.get("participant"), "participant", optional=True),
        order,
        _text(d.get("kind", "interview"), "kind"),
        _read_attributes(d.get("attributes", {})),
        _text(d.get("path"), "path", optional=True),
        check_turns(d.get("turns", []), d.get("text")),
    )


def _code(d: dict[str, Any]) -> Code:
    from gtgraph.model import STAGES

    stage = d.get("stage", "initial")
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}")
    return Code(
        d["id"],
        d["name"],
        _text(d.get("definition", ""), "definition"),
        stage,
        _flag(d.get("in_vivo", False), "in_vivo"),
        _colour(d.get("colour")),
    )


def _category(d: dict[str, Any]) -> Category:
    props = d.get("properties", [])
    if not isinstance(props, list):
        raise ValueError("properties must be a list")
    built: list[Property] = []
    for p in props:
        dims = p.get("dimensions", [])
        if not isinstance(dims, list) or not all(
            isinstance(x, list) and len(x) == 3 and all(isinstance(y, str) for y in x)  # noqa: PLR2004
            for x in dims
        ):
            raise ValueError("dimensions must be [name, low, high] lists of strings")
        built.append(
            Property(
                _text(p["name"], "property name"),
                _text(p.get("definition", ""), "definition"),
                tuple(Dimension(*x) for x in dims),
                _ids(p.get("evidence", []), "evidence"),
            )
        )
    return Category(
        d["id"],
        d["name"],
        _text(d.get("definition", ""), "definition"),
        tuple(built),
        _flag(d.get("theme", False), "theme"),
        _flag(d.get("core", False), "core"),
        _colour(d.get("colour")),
    )


def _relationship(d: dict[str, Any]) -> Relationship:
    return Relationship(
        d["id"],
        _text(d["source"], "source"),
        _text(d["type"], "type"),
        _text(d["target"], "target"),
        _ids(d.get("evidence", []), "evidence"),
        _ids(d.get("counter_evidence", []), "counter_evidence"),
        _text(d.get("memo"), "memo", optional=True),
    )


def _memo(d: dict[str, Any]) -> Memo:
    return Memo(
        d["id"],
        _text(d["title"], "title"),
        _text(d.get("text", ""), "text"),
        _ids(d.get("about", []), "about"),
        _text(d.get("author"), "author", optional=True),
        _text(d.get("created"), "created", optional=True),
    )


_FROM_JSON: dict[str, Callable[[dict[str, Any]], Any]] = {
    "participant": _participant,
    "source": _source,
    "code": _code,
    "category": _category,
    "relationship": _relationship,
    "memo": _memo,
}
