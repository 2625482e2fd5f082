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
    FileWriteError,
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
from gtgraph.readwrite import (
    FileChangedError,
    FileLockedError,
    FormatWarning,
    load,
    save,
)

if TYPE_CHECKING:
    from gtgraph import saturation
    from gtgraph.checks import check
    from gtgraph.drawing import (
        render,
        to_dot,
        to_mermaid,
        to_pydot,
        write_gexf,
        write_graphml,
        write_json,
    )
    from gtgraph.evolution import as_of, diff, provenance
    from gtgraph.graph import to_networkx
    from gtgraph.privacy import pseudonymize
    from gtgraph.readwrite.refi import read_qdc, read_qdpx, write_qdc, write_qdpx
    from gtgraph.readwrite.tables import read_segments_csv
    from gtgraph.readwrite.taguette import read_taguette
    from gtgraph.reliability import agreement
    from gtgraph.sampling import suggest_sampling

# Names whose modules import heavy libraries (networkx, numpy, pydot) load on first
# use, so that `import gtgraph` stays fast.
_LAZY = {
    "to_networkx": "gtgraph.graph",
    "render": "gtgraph.drawing",
    "to_dot": "gtgraph.drawing",
    "to_mermaid": "gtgraph.drawing",
    "to_pydot": "gtgraph.drawing",
    "write_gexf": "gtgraph.drawing",
    "write_graphml": "gtgraph.drawing",
    "write_json": "gtgraph.drawing",
    "agreement": "gtgraph.reliability",
    "as_of": "gtgraph.evolution",
    "check": "gtgraph.checks",
    "diff": "gtgraph.evolution",
    "provenance": "gtgraph.evolution",
    "pseudonymize": "gtgraph.privacy",
    "read_qdc": "gtgraph.readwrite.refi",
    "read_qdpx": "gtgraph.readwrite.refi",
    "read_segments_csv": "gtgraph.readwrite.tables",
    "read_taguette": "gtgraph.readwrite.taguette",
    "suggest_sampling": "gtgraph.sampling",
    "write_qdc": "gtgraph.readwrite.refi",
    "write_qdpx": "gtgraph.readwrite.refi",
}
#: Subpackages that load on first use.
_LAZY_MODULES = {"saturation"}


def __getattr__(name: str) -> Any:
    import importlib

    if name in _LAZY_MODULES:
        return importlib.import_module(f"gtgraph.{name}")
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'gtgraph' has no attribute {name!r}"
        raise AttributeError(msg)
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
    "FileChangedError",
    "FileLockedError",
    "FileWriteError",
    "FormatError",
    "FormatWarning",
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
    "pseudonymize",
    "read_qdc",
    "read_qdpx",
    "read_segments_csv",
    "read_taguette",
    "relations",
    "render",
    "saturation",
    "save",
    "suggest_sampling",
    "to_dot",
    "to_mermaid",
    "to_networkx",
    "to_pydot",
    "write_gexf",
    "write_graphml",
    "write_json",
    "write_qdc",
    "write_qdpx",
]
