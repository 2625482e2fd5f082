"""gtgraph: grounded theory as a typed, validated graph.

Codes, categories, memos and the typed relationships between them form one graph,
grounded in excerpts of the data.  The one object users hold is
:class:`gtgraph.Project`; analyses are functions that take it.

For example:

>>> import gtgraph
>>> p = gtgraph.Project(title="t")
>>> s = p.add_source("P01", text="She had been there too.", participant="P01")
>>> seg = p.code(s, quote="been there too", codes="shared experience")
>>> p.codes.names()
['shared experience']
"""

from typing import TYPE_CHECKING, Any

from gtgraph import model, relations
from gtgraph._version import __version__
from gtgraph.errors import (
    CycleError,
    FormatError,
    GtGraphError,
    NotFoundError,
    RelationTypeError,
    RenderError,
    ValidationError,
)
from gtgraph.model import (
    Category,
    Code,
    Coding,
    Dimension,
    Event,
    Memo,
    Participant,
    Property,
    Relationship,
    RelationType,
    Segment,
    Source,
)
from gtgraph.project import Grounding, Project
from gtgraph.readwrite import load, save

if TYPE_CHECKING:
    from gtgraph.checks import check
    from gtgraph.evolution import as_of, diff, provenance
    from gtgraph.graph import to_networkx
    from gtgraph.reliability import agreement
    from gtgraph.sampling import suggest_sampling

# Names whose modules import heavy libraries (networkx, numpy, pydot) load on first
# use, so that `import gtgraph` stays fast.
_LAZY = {
    "to_networkx": "gtgraph.graph",
    "agreement": "gtgraph.reliability",
    "as_of": "gtgraph.evolution",
    "check": "gtgraph.checks",
    "diff": "gtgraph.evolution",
    "provenance": "gtgraph.evolution",
    "suggest_sampling": "gtgraph.sampling",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'gtgraph' has no attribute {name!r}"
        raise AttributeError(msg)
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "Category",
    "Code",
    "Coding",
    "CycleError",
    "Dimension",
    "Event",
    "FormatError",
    "Grounding",
    "GtGraphError",
    "Memo",
    "NotFoundError",
    "Participant",
    "Project",
    "Property",
    "RelationType",
    "RelationTypeError",
    "Relationship",
    "RenderError",
    "Segment",
    "Source",
    "ValidationError",
    "__version__",
    "agreement",
    "as_of",
    "check",
    "diff",
    "load",
    "model",
    "provenance",
    "relations",
    "save",
    "suggest_sampling",
    "to_networkx",
]
