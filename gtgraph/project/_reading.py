"""The read side of a Project: collections, lookups and structure queries."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from gtgraph.model import (
    Category,
    Code,
    Memo,
    Participant,
    Relationship,
    Segment,
    Source,
)
from gtgraph.project._views import (
    CodingView,
    History,
    RecordView,
    SegmentView,
    segment_from_row,
)

if TYPE_CHECKING:
    import networkx as nx

    from gtgraph.project import Project
from gtgraph.project._base import (
    RECORD_TYPES,
    Grounding,
    Key,
    ProjectPart,
    _plural,
)

__all__ = ["ReadingMixin"]


class ReadingMixin(ProjectPart):
    """The read side of a Project: collections, lookups and structure queries."""

    @property
    def title(self) -> str:
        """The study's title (set it with :meth:`~gtgraph.Project.set_title`)."""
        return str(self._store.meta.get("title", ""))

    @property
    def participants(self) -> RecordView[Participant]:
        """The participants (cases), in the order they were added."""
        return RecordView(self._store, "participant")

    @property
    def sources(self) -> RecordView[Source]:
        """The sources, in their ``order`` (ties in the order they were added)."""
        return RecordView(
            self._store, "source", lambda rs: sorted(rs, key=lambda s: s.order)
        )

    @property
    def codes(self) -> RecordView[Code]:
        """The codes, in the order they were added."""
        return RecordView(self._store, "code")

    @property
    def categories(self) -> RecordView[Category]:
        """The categories (themes and the core category included)."""
        return RecordView(self._store, "category")

    @property
    def memos(self) -> RecordView[Memo]:
        """The memos, in the order they were written."""
        return RecordView(self._store, "memo")

    @property
    def relationships(self) -> RecordView[Relationship]:
        """The typed relationships between codes and categories."""
        return RecordView(self._store, "relationship")

    @property
    def segments(self) -> SegmentView:
        """The coded segments (excerpts), in the order they were made."""
        return SegmentView(self._store)

    @property
    def codings(self) -> CodingView:
        """Every application of a code to a segment."""
        return CodingView(self._store)

    @property
    def history(self) -> History:
        """Every change, oldest first; see :meth:`History.about <gtgraph.project._views.History.about>`."""
        return History(self._store, self._lineage)

    @property
    def coders(self) -> list[str]:
        """The names of everyone who coded a segment, sorted."""
        found: set[str] = set()
        for row in self._store.segments.values():
            if row[4] is not None:
                found.add(row[4])
            if row[5] is not None:
                found.update(c for c in row[5] if c is not None)
        return sorted(found)

    @property
    def vocabularies(self) -> tuple[str, ...]:
        """The names of the enabled relation vocabularies."""
        return tuple(self._store.meta["vocabularies"])

    @property
    def graph(self) -> nx.MultiDiGraph[str]:
        """The theory as a read-only :class:`networkx.MultiDiGraph`.

        See :func:`gtgraph.graph.to_networkx` for the nodes and edges it holds.
        """
        cached = self._graph_cache
        if cached is not None and cached[0] == self._store.version:
            return cached[1]  # type: ignore[no-any-return]
        import networkx as nx

        from gtgraph.graph import to_networkx

        graph: nx.MultiDiGraph[str] = nx.freeze(to_networkx(cast("Project", self)))
        self._graph_cache = (self._store.version, graph)
        return graph

    def __len__(self) -> int:
        return len(self._store.kind_of) + len(self._store.segments)

    def summary(self) -> str:
        """Return a short, readable summary of the project.

        Examples
        --------
        >>> import gtgraph
        >>> p = gtgraph.Project(title="Peer support")
        >>> _ = p.add_category("The process of disclosure", theme=True)
        >>> print(p.summary())
        Peer support
          participants   0
          sources        0
          segments       0 (0 codings)
          codes          0
          categories     1 (1 theme, no core category)
          relationships  0
          memos          0
        """
        cats = list(self.categories)
        themes = sum(1 for c in cats if c.theme)
        cores = [c.name for c in cats if c.core]
        core = f"core: {', '.join(cores)}" if cores else "no core category"
        lines = [
            self.title or "(untitled project)",
            f"  participants   {len(self.participants)}",
            f"  sources        {len(self.sources)}",
            f"  segments       {len(self.segments)} ({len(self.codings)} codings)",
            f"  codes          {len(self.codes)}",
            f"  categories     {len(cats)} ({_plural(themes, 'theme')}, {core})",
            f"  relationships  {len(self.relationships)}",
            f"  memos          {len(self.memos)}",
        ]
        return "\n".join(lines)

    def get(self, key: Key, kind: str | None = None) -> Any:
        """Return the element with id or name *key*.

        Parameters
        ----------
        key : str or record
            An id, a name (names are unique per kind), or a record of this project.
        kind : str, optional
            One of ``"participant"``, ``"source"``, ``"segment"``, ``"code"``,
            ``"category"``, ``"memo"``, ``"relationship"``; needed when a name is
            used by two kinds.

        Returns
        -------
        record
            The current record (a :class:`~gtgraph.Code`, ...).

        Raises
        ------
        NotFoundError
            If nothing (of that kind) has that id or name.
        ValidationError
            If *kind* is unknown, or the name is used by several kinds and *kind*
            was not given.

        Examples
        --------
        >>> import gtgraph
        >>> p = gtgraph.Project()
        >>> code = p.add_code("trust")
        >>> p.get("trust") == p.get(code.id) == code
        True
        >>> _ = p.add_category("trust")
        >>> p.get("trust", kind="category").name
        'trust'
        """
        found_kind, rid = self._resolve(key, None if kind is None else (kind,))
        return self._record(found_kind, rid)

    def __contains__(self, key: object) -> bool:
        # An id, a name of any kind, or a record of this project (cheap: no lookup
        # error is built, so this is fine in loops).
        store = self._store
        if isinstance(key, RECORD_TYPES):
            if not store.id_in_use(key.id):
                return False
            return bool(self._record(key.KIND, key.id) == key)
        if not isinstance(key, str):
            return False
        return store.id_in_use(key) or any(
            key in names for names in store.names.values()
        )

    def parents(self, key: Key) -> tuple[Category, ...]:
        """Return the categories directly above a code or category.

        Examples
        --------
        >>> import gtgraph
        >>> p = gtgraph.Project()
        >>> _ = p.add_code("trust")
        >>> p.categorize("trust", "Relating as equals")
        >>> [c.name for c in p.parents("trust")]
        ['Relating as equals']
        """
        _, rid = self._concept(key, "code or category")
        return tuple(
            self._store.records["category"][p] for p in self._store.parents_of(rid)
        )

    def children(self, key: Key) -> tuple[Code | Category, ...]:
        """Return the codes and categories directly under a category."""
        _, rid = self._resolve(key, ("category",))
        return tuple(self._concept_record(c) for c in self._store.children_of(rid))

    def ancestors(self, key: Key) -> tuple[Category, ...]:
        """Every category above a code or category (breadth first)."""
        _, rid = self._concept(key, "code or category")
        return tuple(
            self._store.records["category"][a] for a in self._walk(rid, up=True)
        )

    def descendants(self, key: Key) -> tuple[Code | Category, ...]:
        """Every code and category below a category (breadth first)."""
        _, rid = self._resolve(key, ("category",))
        return tuple(self._concept_record(d) for d in self._walk(rid, up=False))

    def codes_of(self, segment: Key) -> tuple[Code, ...]:
        """Return the codes applied to a segment.

        Examples
        --------
        >>> import gtgraph
        >>> p = gtgraph.Project()
        >>> s = p.add_source("i1", text="I felt heard.")
        >>> seg = p.code(s, 0, 12, codes=["feeling heard", "trust"])
        >>> [c.name for c in p.codes_of(seg)]
        ['feeling heard', 'trust']
        """
        _, sid = self._resolve(segment, ("segment",))
        table = self._store.records["code"]
        return tuple(table[c] for c in self._store.segments[sid][3])

    def segments_of(
        self, key: Key, *, descendants: bool = True, coder: str | None = None
    ) -> list[Segment]:
        """Return the segments coded with a code, or with any code under a category.

        Parameters
        ----------
        key : str or record
            A code or a category.
        descendants : bool
            For a category, include the codes of its subcategories too (default).
        coder : str, optional
            Only the segments where that coder applied the code(s).

        Examples
        --------
        >>> import gtgraph
        >>> p = gtgraph.Project()
        >>> s = p.add_source("i1", text="I felt heard. She understood.")
        >>> _ = p.code(s, 0, 12, codes="feeling heard")
        >>> _ = p.code(s, 14, 28, codes="being understood")
        >>> p.categorize("feeling heard", "Feeling understood")
        >>> p.categorize("being understood", "Feeling understood")
        >>> [s.quote for s in p.segments_of("Feeling understood")]
        ['I felt heard', 'She understood']
        """
        codes = self._code_ids_under(key, descendants=descendants)
        store = self._store
        return [
            segment_from_row(store, sid, store.segments[sid])
            for sid in self._coded_with(codes, coder)
        ]

    def source_of(self, segment: Key) -> Source:
        """Return the source a segment belongs to."""
        _, sid = self._resolve(segment, ("segment",))
        return self._store.records["source"][self._store.segments[sid][0]]  # type: ignore[no-any-return]

    def participant_of(self, key: Key) -> Participant | None:
        """Return the participant behind a segment or a source (None if not recorded)."""
        kind, rid = self._resolve(key, ("segment", "source"))
        if kind == "segment":
            rid = self._store.segments[rid][0]
        pid = self._store.records["source"][rid].participant
        if pid is None:
            return None
        participant: Participant = self._store.records["participant"][pid]
        return participant

    def grounding(self, key: Key, *, coder: str | None = None) -> Grounding:
        """Count the segments, participants and sources that ground an element.

        For a code: the segments coded with it.  For a category: the segments coded
        with any code under it.  For a relationship: its evidence segments.  With
        *coder*, only that coder's codings (or, for a relationship, segments) count,
        so that a second coder's work does not inflate the counts.

        Examples
        --------
        >>> import gtgraph
        >>> p = gtgraph.Project()
        >>> a = p.add_source("i1", text="I felt heard.", participant="P01")
        >>> b = p.add_source("i2", text="I felt heard too.", participant="P02")
        >>> _ = p.code(a, 0, 12, codes="feeling heard")
        >>> _ = p.code(b, 0, 12, codes="feeling heard")
        >>> p.grounding("feeling heard")
        Grounding(segments=2, participants=2, sources=2)
        """
        kind, rid = self._resolve(key, ("code", "category", "relationship"))
        store = self._store
        if kind == "relationship":
            seg_ids: Iterable[str] = [
                sid
                for sid in store.records["relationship"][rid].evidence
                if coder is None or store.segments[sid][4] == coder
            ]
        else:
            seg_ids = self._coded_with(self._code_ids_under(rid), coder)
        return self._count_grounding(seg_ids)
