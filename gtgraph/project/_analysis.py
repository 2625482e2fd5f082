"""Indexes over a project's state that the analysis functions share.

The analyses (queries, checks, evolution, agreement, sampling) read a project's
compact state directly: walking the hierarchy or the segments through the public
records would be slow on projects with hundreds of thousands of segments.  An
:class:`Index` is a read-only snapshot built in one pass; it must not outlive a
change to the project.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from gtgraph.errors import GtGraphError

if TYPE_CHECKING:
    from gtgraph.model import Relationship
    from gtgraph.project import Project
    from gtgraph.project._store import SegmentRow, Store

__all__ = ["MISSING", "Index", "attribute_of", "require_pandas"]

#: Label of a missing attribute value (or of no participant) in tables.
MISSING = "(missing)"


def require_pandas() -> Any:
    """Return the pandas module, or raise a GtGraphError naming the extra."""
    import importlib

    try:
        # Imported by name: pandas is optional and ships no type information.
        return importlib.import_module("pandas")
    except ImportError:
        raise GtGraphError(
            'this needs pandas, which is not installed; install it with pip install "gtgraph[pandas]"'
        ) from None


class Index:
    """Lookups over one state of a project, built once per analysis call."""

    def __init__(self, project: Project) -> None:
        store: Store = project._store  # noqa: SLF001 - analyses read the project's compact state, which the public records would make slow
        self.project = project
        self.store = store
        self.sources = store.records["source"]
        self.participants = store.records["participant"]
        self.codes = store.records["code"]
        self.categories = store.records["category"]
        self.segments: Mapping[str, SegmentRow] = store.segments
        self.parents = store.parents
        self._ancestors: dict[str, tuple[str, ...]] = {}
        self._codes_under: dict[str, frozenset[str]] = {}

    # -- names ------------------------------------------------------------------

    def name(self, rid: str) -> str:
        """Return the display name of an element id (the id itself if unknown)."""
        return self.project._display(rid)  # noqa: SLF001 - the project's own id-to-name lookup

    def rel_name(self, rel: Relationship) -> str:
        """Return a relationship as its ends' names and its type."""
        return f"{self.name(rel.source)!r} {rel.type} {self.name(rel.target)!r}"

    def case_of_source(self, source: str) -> str:
        """Return the participant id of a source, or the source id when it has none."""
        return self.sources[source].participant or source

    def cases(self, segments: Iterable[str]) -> set[str]:
        """Return the participants (or participant-less sources) behind segment ids."""
        return {self.case_of_source(self.segments[s][0]) for s in segments}

    # -- hierarchy -------------------------------------------------------------------

    def ancestors(self, node: str) -> tuple[str, ...]:
        """Ids of every category above *node* (cached)."""
        cached = self._ancestors.get(node)
        if cached is None:
            cached = tuple(self.project._walk(node, up=True))  # noqa: SLF001 - the project's own hierarchy walk
            self._ancestors[node] = cached
        return cached

    def descendants(self, node: str) -> list[str]:
        """Ids of every code and category below *node* (breadth first)."""
        return self.project._walk(node, up=False)  # noqa: SLF001 - the project's own hierarchy walk

    def codes_under(self, node: str) -> frozenset[str]:
        """Return the code ids a code (itself) or a category (every code below) stands for."""
        cached = self._codes_under.get(node)
        if cached is None:
            if node in self.codes:
                cached = frozenset((node,))
            else:
                cached = frozenset(d for d in self.descendants(node) if d in self.codes)
            self._codes_under[node] = cached
        return cached


def attribute_of(index: Index, source: str, name: str) -> Any:
    """Return attribute *name* of a source's participant, else of the source, else MISSING."""
    src = index.sources[source]
    if src.participant is not None:
        attributes = index.participants[src.participant].attributes
        if name in attributes:
            return attributes[name]
    if name in src.attributes:
        return src.attributes[name]
    return MISSING
