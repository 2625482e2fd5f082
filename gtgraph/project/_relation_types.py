"""Relation types as the project file keeps them, and the check every one passes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from gtgraph import relations as _relations
from gtgraph.errors import RelationTypeError
from gtgraph.model import RelationType
from gtgraph.model._values import check_str as _check_str
from gtgraph.model._values import check_text

__all__ = [
    "CONCEPTS",
    "_check_relation_type",
    "relation_type_from_dict",
    "relation_type_to_dict",
]

#: The kinds of record a relationship may join.
CONCEPTS = ("code", "category")


def relation_type_to_dict(rtype: RelationType) -> dict[str, Any]:
    """Return a JSON-friendly dict of a relation type (for the project file)."""
    data = attrs.asdict(rtype)
    data["endpoints"] = sorted(rtype.endpoints)
    return data


def relation_type_from_dict(data: Mapping[str, Any]) -> RelationType:
    """Return the relation type a :func:`relation_type_to_dict` dict describes."""
    return RelationType(**data)


def _check_relation_type(rtype: RelationType) -> None:
    if not isinstance(rtype.name, str) or not rtype.name.strip():
        raise RelationTypeError("a relation type needs a non-empty name")
    check_text(rtype.name, "the relation type name")
    for flag in ("symmetric", "transitive", "acyclic"):
        value = getattr(rtype, flag)
        if value is not True and value is not False:
            raise RelationTypeError(
                f"relation type {rtype.name!r}: {flag} must be True or False, "
                f"not {value!r}"
            )
    if not isinstance(rtype.style, str) or rtype.style not in _relations.STYLES:
        raise RelationTypeError(
            f"unknown relation style {rtype.style!r}; use one of {', '.join(_relations.STYLES)}"
        )
    if not rtype.endpoints or not rtype.endpoints <= set(CONCEPTS):
        raise RelationTypeError(
            f"a relation type's endpoints are 'code' and/or 'category', not {sorted(rtype.endpoints)}"
        )
    if rtype.symmetric and (rtype.transitive or rtype.acyclic):
        raise RelationTypeError(
            f"relation type {rtype.name!r} cannot be both symmetric and transitive or acyclic"
        )
    for field in ("symbol", "inverse", "description"):
        _check_str(getattr(rtype, field), field)
        check_text(getattr(rtype, field), f"the relation type's {field}")
