"""The records of a grounded-theory project (attrs, frozen): pure data.

Nothing here imports networkx or pydot; the records are created and changed only
through :class:`gtgraph.Project`.
"""

from gtgraph.model._frozen import AttributeValue, FrozenAttributes, freeze_attributes
from gtgraph.model._records import (
    KINDS,
    STAGES,
    Category,
    Code,
    Coding,
    Dimension,
    Event,
    Kind,
    Memo,
    Participant,
    Property,
    Relationship,
    RelationType,
    Segment,
    Source,
)
from gtgraph.model._turns import Turn, check_turns
from gtgraph.model._values import MAX_HIERARCHY_DEPTH, MAX_INT

__all__ = [
    "KINDS",
    "MAX_HIERARCHY_DEPTH",
    "MAX_INT",
    "STAGES",
    "AttributeValue",
    "Category",
    "Code",
    "Coding",
    "Dimension",
    "Event",
    "FrozenAttributes",
    "Kind",
    "Memo",
    "Participant",
    "Property",
    "RelationType",
    "Relationship",
    "Segment",
    "Source",
    "Turn",
    "check_turns",
    "freeze_attributes",
]
