"""gtgraph: grounded theory as a typed, validated graph.

Codes, categories, memos and the typed relationships between them form one graph,
grounded in excerpts of the data.  The one object users hold is
:class:`gtgraph.Project`.

Examples
--------
>>> import gtgraph
>>> p = gtgraph.Project(title="t")
"""

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

__all__ = [
    "CycleError",
    "FormatError",
    "GtGraphError",
    "NotFoundError",
    "RelationTypeError",
    "RenderError",
    "ValidationError",
    "__version__",
]
