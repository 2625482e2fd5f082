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
from gtgraph.readwrite import (
    FileChangedError,
    FileLockedError,
    FormatWarning,
    load,
    save,
)

if TYPE_CHECKING:
    # Submodules as attributes, for type checkers (redundant aliases re-export).
    from gtgraph import checks as checks
    from gtgraph import drawing as drawing
    from gtgraph import evolution as evolution
    from gtgraph import graph as graph
    from gtgraph import privacy as privacy
    from gtgraph import queries as queries
    from gtgraph import reliability as reliability
    from gtgraph import sampling as sampling
    from gtgraph import saturation as saturation
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
    from gtgraph.readwrite.merging import merge
    from gtgraph.readwrite.refi import read_qdc, read_qdpx, write_qdc, write_qdpx
    from gtgraph.readwrite.tables import read_segments_csv
    from gtgraph.readwrite.taguette import read_taguette
    from gtgraph.readwrite.transcripts import read_transcripts
    from gtgraph.reliability import agreement
    from gtgraph.report import write_html
    from gtgraph.sampling import suggest_sampling

# Names whose modules import heavy libraries (networkx, numpy, pydot) load on
# first use (PEP 562), so that `import gtgraph` stays fast.  One entry a line.
_LAZY = {
    "agreement": "gtgraph.reliability",
    "as_of": "gtgraph.evolution",
    "check": "gtgraph.checks",
    "diff": "gtgraph.evolution",
    "merge": "gtgraph.readwrite.merging",
    "provenance": "gtgraph.evolution",
    "pseudonymize": "gtgraph.privacy",
    "read_qdc": "gtgraph.readwrite.refi",
    "read_qdpx": "gtgraph.readwrite.refi",
    "read_segments_csv": "gtgraph.readwrite.tables",
    "read_taguette": "gtgraph.readwrite.taguette",
    "read_transcripts": "gtgraph.readwrite.transcripts",
    "render": "gtgraph.drawing",
    "suggest_sampling": "gtgraph.sampling",
    "to_dot": "gtgraph.drawing",
    "to_mermaid": "gtgraph.drawing",
    "to_networkx": "gtgraph.graph",
    "to_pydot": "gtgraph.drawing",
    "write_gexf": "gtgraph.drawing",
    "write_graphml": "gtgraph.drawing",
    "write_json": "gtgraph.drawing",
    "write_qdc": "gtgraph.readwrite.refi",
    "write_qdpx": "gtgraph.readwrite.refi",
    "write_html": "gtgraph.report",
}
#: Submodules that load on first use: ``gtgraph.queries`` works after
#: ``import gtgraph``.  One entry a line.
_LAZY_MODULES = (
    "checks",
    "drawing",
    "evolution",
    "graph",
    "privacy",
    "queries",
    "reliability",
    "sampling",
    "saturation",
)


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


def __dir__() -> list[str]:
    # Tab completion shows the lazy names and submodules before their first use.
    return sorted({*globals(), *__all__, *_LAZY, *_LAZY_MODULES})


__all__ = [
    "Category",
    "Code",
    "Coding",
    "CycleError",
    "Dimension",
    "Event",
    "FileChangedError",
    "FileLockedError",
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
    "merge",
    "model",
    "provenance",
    "pseudonymize",
    "read_qdc",
    "read_qdpx",
    "read_segments_csv",
    "read_taguette",
    "read_transcripts",
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
    "write_html",
    "write_json",
    "write_qdc",
    "write_qdpx",
]
