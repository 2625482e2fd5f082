"""The data behind the report's panels: concepts, quotes, memos and relationships.

Everything a panel shows is gathered here into plain lists and dictionaries,
which the page embeds once as JSON and renders on demand.  Segments are
numbered (their position in :attr:`PanelData.segments`) so that a code lists
its quotes as small integers rather than repeating them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from gtgraph.model import Category, Code
    from gtgraph.project import Project

__all__ = ["Growth", "PanelData", "concept_kind", "growth", "panel_data"]


def concept_kind(record: Code | Category) -> str:
    """Return ``"code"``, ``"category"``, ``"theme"`` or ``"core"`` for a record.

    Examples
    --------
    >>> from gtgraph.model import Category, Code
    >>> concept_kind(Code("c1", "trust")), concept_kind(Category("k1", "Identity", core=True))
    ('code', 'core')
    """
    if record.KIND == "code":
        return "code"
    if getattr(record, "core", False):
        return "core"
    if getattr(record, "theme", False):
        return "theme"
    return "category"


@attrs.frozen
class PanelData:
    """What the panels of the report show, as JSON-ready data.

    Attributes
    ----------
    concepts : dict
        ``{id: {...}}`` for every code and category: ``kind``, ``name``,
        ``definition``, ``properties`` (name, definition, dimensions as
        ``[name, low, high]``), ``parents``, ``children``, ``codes`` (the
        codes at any depth below a category, or the code itself),
        ``grounding`` (``[segments, participants, sources]``), ``memos`` and
        ``relationships`` (ids).
    code_segments : dict
        ``{code id: [segment number, ...]}``, in the order the segments were coded.
    segments : list
        ``[source number, quote, coder]`` per segment (the quote is ``""`` when
        quotes are left out).
    sources : list
        ``[source name, participant name or ""]`` per source.
    memos : dict
        ``{id: {"title", "text", "author", "created"}}``.
    relationships : dict
        ``{id: {"source", "type", "target", "evidence", "counter", "memo"}}``
        with segment numbers for the evidence.
    """

    concepts: dict[str, dict[str, Any]]
    code_segments: dict[str, list[int]]
    segments: list[list[Any]]
    sources: list[list[str]]
    memos: dict[str, dict[str, Any]]
    relationships: dict[str, dict[str, Any]]

    def to_json_data(self) -> dict[str, Any]:
        """Return the data as one JSON-ready dictionary (short keys keep it small)."""
        return {
            "concepts": self.concepts,
            "codeSegments": self.code_segments,
            "segments": self.segments,
            "sources": self.sources,
            "memos": self.memos,
            "relationships": self.relationships,
        }


#: A segment as the report reads it: id, source id, start, quote, coder, code ids.
_Row = tuple[str, str, int, str, "str | None", tuple[str, ...]]


def _start(row: _Row) -> int:
    return row[2]


def _segment_rows(project: Project, *, quotes: bool) -> Iterator[_Row]:
    """Yield every segment as a :data:`_Row`, reading the project's compact store.

    The store keeps segments as rows, not records; reading them directly
    (as :func:`gtgraph.graph.grounding_counts` does) spares building 100,000
    :class:`~gtgraph.Segment` records.  The quote is the stored one or, when
    none is stored, the span of the source's text, as ``Segment.quote`` is.
    """
    store = project._store  # noqa: SLF001 - the report reads the segments in bulk
    texts = {s.id: s.text or "" for s in project.sources}
    for sid, row in store.segments.items():
        source, start, end, code_ids, coder = row[0], row[1], row[2], row[3], row[4]
        quote = ""
        if quotes:
            stored = row[7]
            quote = stored if stored is not None else texts[source][start:end]
        yield sid, source, start if start is not None else 0, quote, coder, code_ids


def _grounding(
    numbers: Iterable[int], source_of: list[int], case_of: list[str]
) -> list[int]:
    """Return ``[segments, participants, sources]`` of the numbered segments.

    A source without a participant counts as a participant of its own, as in
    :meth:`gtgraph.Project.grounding`.
    """
    chosen = list(numbers)
    sources = {source_of[n] for n in chosen}
    return [len(chosen), len({case_of[s] for s in sources}), len(sources)]


def panel_data(
    project: Project, *, quotes: bool = True, memos: bool = True
) -> PanelData:
    """Gather what every concept's panel shows, in one pass over the segments.

    Parameters
    ----------
    project : Project
        The project.
    quotes : bool
        Keep the quotes; without them, segments are still counted and their
        source and participant named.
    memos : bool
        Keep the memos.

    Returns
    -------
    PanelData

    Examples
    --------
    >>> import gtgraph
    >>> p = gtgraph.Project()
    >>> s = p.add_source("Interview 1", text="She had been there too.", participant="Ann")
    >>> _ = p.code(s, quote="been there too", codes="shared experience")
    >>> p.categorize("shared experience", "Shared identity")
    >>> data = panel_data(p)
    >>> cat = data.concepts[p.categories["Shared identity"].id]
    >>> cat["kind"], cat["grounding"], data.segments, data.sources
    ('category', [1, 1, 1], [[0, 'been there too', None]], [['Interview 1', 'Ann']])
    """
    participant_names = {p.id: p.name for p in project.participants}
    source_number: dict[str, int] = {}
    sources: list[list[str]] = []
    for number, source in enumerate(project.sources):
        source_number[source.id] = number
        who = participant_names.get(source.participant or "", "")
        sources.append([source.name, who])

    # Quotes are shown in the order of the sources, then of the text: put the
    # segments in one bucket per source, so that each code's list comes out
    # sorted without sorting it.
    buckets: list[list[_Row]] = [[] for _ in sources]
    for row in _segment_rows(project, quotes=quotes):
        buckets[source_number[row[1]]].append(row)
    segment_number: dict[str, int] = {}
    segments: list[list[Any]] = []
    code_segments: dict[str, list[int]] = defaultdict(list)
    for number_of_source, bucket in enumerate(buckets):
        bucket.sort(key=_start)
        for sid, _, _, quote, coder, code_ids in bucket:
            number = len(segments)
            segment_number[sid] = number
            segments.append([number_of_source, quote, coder])
            for code_id in code_ids:
                code_segments[code_id].append(number)

    memo_table: dict[str, dict[str, Any]] = {}
    memos_about: dict[str, list[str]] = defaultdict(list)
    if memos:
        for memo in project.memos:
            memo_table[memo.id] = {
                "title": memo.title,
                "text": memo.text,
                "author": memo.author,
                "created": memo.created,
            }
            for subject in memo.about:
                memos_about[subject].append(memo.id)

    relationship_table: dict[str, dict[str, Any]] = {}
    relationships_of: dict[str, list[str]] = defaultdict(list)
    for rel in project.relationships:
        relationship_table[rel.id] = {
            "source": rel.source,
            "type": rel.type,
            "target": rel.target,
            "evidence": [segment_number[s] for s in rel.evidence],
            "counter": [segment_number[s] for s in rel.counter_evidence],
            "memo": (
                project.memos[rel.memo].text
                if memos and rel.memo is not None and rel.memo in project.memos
                else None
            ),
            "memos": memos_about.get(rel.id, []),
        }
        relationships_of[rel.source].append(rel.id)
        if rel.target != rel.source:
            relationships_of[rel.target].append(rel.id)

    case_of = [source.participant or source.id for source in project.sources]
    source_of = [row[0] for row in segments]
    concepts: dict[str, dict[str, Any]] = {}
    for record in [*project.codes, *project.categories]:
        numbers: Iterable[int]
        if record.KIND == "code":
            codes = [record.id]
            numbers = code_segments.get(record.id, [])
            properties: list[Any] = []
            extra: dict[str, Any] = {"stage": record.stage, "inVivo": record.in_vivo}
        else:
            codes = [d.id for d in project.descendants(record) if d.KIND == "code"]
            numbers = set().union(*(code_segments.get(c, ()) for c in codes))
            properties = [
                [
                    prop.name,
                    prop.definition,
                    [[d.name, d.low, d.high] for d in prop.dimensions],
                ]
                for prop in record.properties
            ]
            extra = {}
        concepts[record.id] = {
            "kind": concept_kind(record),
            "name": record.name,
            "definition": record.definition,
            "properties": properties,
            "parents": [c.id for c in project.parents(record)],
            "children": (
                [c.id for c in project.children(record)]
                if record.KIND == "category"
                else []
            ),
            "codes": codes,
            "grounding": _grounding(numbers, source_of, case_of),
            "memos": memos_about.get(record.id, []),
            "relationships": relationships_of.get(record.id, []),
            **extra,
        }
    return PanelData(
        concepts=concepts,
        code_segments=dict(code_segments),
        segments=segments,
        sources=sources,
        memos=memo_table,
        relationships=relationship_table,
    )


@attrs.frozen
class Growth:
    """What one source added to the theory, in the order the sources were analysed.

    Attributes
    ----------
    source : str
        The source's name.
    participant : str
        Its participant's name ("" when not recorded).
    new_codes : tuple of str
        Codes first grounded by this source.
    new_categories : tuple of str
        Categories first grounded by this source (through any code below them).
    codes_so_far : int
        Codes grounded by this source and the ones before it.
    """

    source: str
    participant: str
    new_codes: tuple[str, ...]
    new_categories: tuple[str, ...]
    codes_so_far: int


def growth(project: Project) -> list[Growth]:
    """Return what each source added, in the sources' order (as :func:`gtgraph.as_of` uses it).

    A code is new in the first source that has a segment coded with it; a
    category in the first source that grounds any code below it.  This is the
    difference between ``as_of(k - 1)`` and ``as_of(k)`` for grounded codes
    and categories, computed in one pass over the segments.

    Examples
    --------
    >>> import gtgraph
    >>> p = gtgraph.Project()
    >>> a = p.add_source("i1", text="I felt heard.")
    >>> b = p.add_source("i2", text="I felt heard and safe.")
    >>> _ = p.code(a, quote="felt heard", codes="feeling heard")
    >>> _ = p.code(b, quote="felt heard", codes="feeling heard")
    >>> _ = p.code(b, quote="safe", codes="safety")
    >>> [(g.source, g.new_codes, g.codes_so_far) for g in growth(p)]
    [('i1', ('feeling heard',), 1), ('i2', ('safety',), 2)]
    """
    # Segments are stored in the order they were coded, not in the sources'
    # order: keep the earliest source of each code.
    order = {s.id: i for i, s in enumerate(project.sources)}
    first: dict[str, str] = {}
    for _, source_id, code_ids in project.segments.iter_codes():
        for code_id in code_ids:
            earlier = first.get(code_id)
            if earlier is None or order[source_id] < order[earlier]:
                first[code_id] = source_id
    first_category: dict[str, str] = {}
    for category in project.categories:
        seen = [
            first[d.id]
            for d in project.descendants(category)
            if d.KIND == "code" and d.id in first
        ]
        if seen:
            first_category[category.id] = min(seen, key=order.__getitem__)
    new_codes: dict[str, list[str]] = defaultdict(list)
    for code in project.codes:
        if code.id in first:
            new_codes[first[code.id]].append(code.name)
    new_categories: dict[str, list[str]] = defaultdict(list)
    for category in project.categories:
        if category.id in first_category:
            new_categories[first_category[category.id]].append(category.name)
    names = {p.id: p.name for p in project.participants}
    rows = []
    so_far = 0
    for source in project.sources:
        added = tuple(new_codes.get(source.id, ()))
        so_far += len(added)
        rows.append(
            Growth(
                source.name,
                names.get(source.participant or "", ""),
                added,
                tuple(new_categories.get(source.id, ())),
                so_far,
            )
        )
    return rows
