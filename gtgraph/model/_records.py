"""The records of a grounded-theory project: pure, immutable data.

Records refer to one another by id (a :class:`Segment`'s ``source``, a
:class:`Coding`'s ``segment`` and ``code``).  They are created and changed only
through :class:`gtgraph.Project`, which validates every change and records it in
the history; the records themselves never change (``attrs`` frozen classes).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

import attrs

from gtgraph.model._frozen import FrozenAttributes, freeze_attributes

__all__ = [
    "KINDS",
    "STAGES",
    "Category",
    "Code",
    "Coding",
    "Dimension",
    "Event",
    "Kind",
    "Memo",
    "Participant",
    "Property",
    "RelationType",
    "Relationship",
    "Segment",
    "Source",
]

#: The kinds of element a project holds; ``get(key, kind=...)`` takes one of these.
Kind = Literal[
    "participant", "source", "segment", "code", "category", "memo", "relationship"
]
KINDS: tuple[Kind, ...] = (
    "participant",
    "source",
    "segment",
    "code",
    "category",
    "memo",
    "relationship",
)

#: Coding stages of a code, from the three traditions' vocabulary (Charmaz's
#: initial and focused coding; theoretical codes in all three).
STAGES: tuple[str, ...] = (
    "initial",
    "focused",
    "theoretical",
    "open",
    "axial",
    "selective",
)


def _attributes_field() -> Any:
    # Excluded from the hash so that records stay hashable; equal records still
    # have equal hashes because the other fields are included.
    return attrs.field(
        factory=FrozenAttributes, converter=freeze_attributes, hash=False
    )


@attrs.frozen
class Participant:
    """A person behind one or more sources (a case), with attributes.

    Parameters
    ----------
    id : str
        Stable identifier, unique across every kind of element in the project.
    name : str
        Unique among participants, e.g. a pseudonym such as ``"P01"``.
    attributes : mapping
        Attribute names and values (str, int, float, bool, date or None), e.g.
        ``{"age band": "35-44", "service": "community"}``.

    Examples
    --------
    >>> from gtgraph.model import Participant
    >>> Participant("par1", "P01", {"service": "community"})
    Participant(id='par1', name='P01', attributes={'service': 'community'})
    """

    KIND: ClassVar[Kind] = "participant"

    id: str
    name: str
    attributes: FrozenAttributes = _attributes_field()  # noqa: RUF009 - an attrs field, not a default value


@attrs.frozen
class Source:
    """One data item (an interview transcript, field notes, a document).

    Parameters
    ----------
    id : str
        Stable identifier.
    name : str
        Unique among sources.
    text : str or None
        The LF-normalised text that segment offsets index.  None for a source
        known only by quotes (for example a spreadsheet of excerpts).
    participant : str or None
        Id of the participant the source comes from.
    order : int
        Position in the order of collection or analysis; saturation methods
        follow this order.
    kind : str
        ``"interview"`` (default), ``"focus group"``, ``"field notes"``,
        ``"document"`` or any other word the study uses.
    attributes : mapping
        Further attributes of the source.
    path : str or None
        Where the original file lives, when known.

    Examples
    --------
    >>> from gtgraph.model import Source
    >>> Source("src2", "Interview 1", "I was nervous at first.", "par1", 1).text
    'I was nervous at first.'
    """

    KIND: ClassVar[Kind] = "source"

    id: str
    name: str
    text: str | None = attrs.field(default=None, repr=False)
    participant: str | None = None
    order: int = 0
    kind: str = "interview"
    attributes: FrozenAttributes = _attributes_field()  # noqa: RUF009 - an attrs field, not a default value
    path: str | None = None


@attrs.frozen
class Segment:
    """A coded span of a source's text (an excerpt, quotation or highlight).

    Offsets count code points of the source's LF-normalised text, from 0, with an
    exclusive end, so ``quote == source.text[start:end]``.  A segment of a source
    without text has ``start`` and ``end`` None and carries only its quote.

    Parameters
    ----------
    id : str
        Stable identifier.
    source : str
        Id of the source.
    start, end : int or None
        Code-point offsets, ``0 <= start <= end <= len(text)``.
    quote : str
        The text of the span.
    coder : str or None
        Who marked the span.
    created : str or None
        When, as an ISO 8601 timestamp.

    Examples
    --------
    >>> from gtgraph.model import Segment
    >>> Segment("seg3", "src2", 0, 11, "I was nervo", "HB").quote
    'I was nervo'
    """

    KIND: ClassVar[Kind] = "segment"

    id: str
    source: str
    start: int | None
    end: int | None
    quote: str = attrs.field(repr=False)
    coder: str | None = None
    created: str | None = None

    @property
    def name(self) -> str:
        """The segment's id (segments have no names)."""
        return self.id


@attrs.frozen
class Coding:
    """One application of a code to a segment, by a coder.

    Examples
    --------
    >>> from gtgraph.model import Coding
    >>> Coding("seg3", "cod4", "HB")
    Coding(segment='seg3', code='cod4', coder='HB')
    """

    segment: str
    code: str
    coder: str | None = None


@attrs.frozen
class Code:
    """A short label applied to segments.

    Parameters
    ----------
    id : str
        Stable identifier.
    name : str
        Unique among codes.
    definition : str
        What the code means and when it applies (for the codebook).
    stage : str
        ``"initial"``, ``"focused"`` or ``"theoretical"`` (see :data:`~gtgraph.model.STAGES`).
    in_vivo : bool
        True when the label uses the participant's own words.
    colour : str or None
        A colour such as ``"#1f77b4"`` for diagrams and exports.

    Examples
    --------
    >>> from gtgraph.model import Code
    >>> Code("cod4", "being on the same planet", in_vivo=True).in_vivo
    True
    """

    KIND: ClassVar[Kind] = "code"

    id: str
    name: str
    definition: str = ""
    stage: str = "initial"
    in_vivo: bool = False
    colour: str | None = None


@attrs.frozen
class Dimension:
    """The range along which a property of a category varies.

    Examples
    --------
    >>> from gtgraph.model import Dimension
    >>> Dimension("depth", "superficial", "intimate")
    Dimension(name='depth', low='superficial', high='intimate')
    """

    name: str
    low: str = ""
    high: str = ""


@attrs.frozen
class Property:
    """A characteristic of a category, with its dimensions and grounding.

    Parameters
    ----------
    name : str
        Unique within its category.
    definition : str
        What the property is.
    dimensions : tuple of Dimension
        The ranges along which it varies.
    evidence : tuple of str
        Ids of the segments that ground it.

    Examples
    --------
    >>> from gtgraph.model import Dimension, Property
    >>> Property("depth", dimensions=(Dimension("depth", "superficial", "intimate"),))
    Property(name='depth', definition='', dimensions=(Dimension(name='depth', low='superficial', high='intimate'),), evidence=())
    """

    name: str
    definition: str = ""
    dimensions: tuple[Dimension, ...] = ()
    evidence: tuple[str, ...] = ()


@attrs.frozen
class Category:
    """A higher-level concept grouping codes and subcategories.

    A category may be a *theme* (the top level many write-ups use) and one
    category may be the *core category* that integrates the theory.

    Parameters
    ----------
    id : str
        Stable identifier.
    name : str
        Unique among categories.
    definition : str
        What the category means.
    properties : tuple of Property
        Its properties, each with dimensions.
    theme : bool
        True for a theme (an overarching category).
    core : bool
        True for the core category.
    colour : str or None
        A colour for diagrams and exports.

    Examples
    --------
    >>> from gtgraph.model import Category
    >>> Category("cat5", "The process of disclosure", theme=True).theme
    True
    """

    KIND: ClassVar[Kind] = "category"

    id: str
    name: str
    definition: str = ""
    properties: tuple[Property, ...] = ()
    theme: bool = False
    core: bool = False
    colour: str | None = None

    def property(self, name: str) -> Property | None:
        """Return the property called *name*, or None.

        Examples
        --------
        >>> from gtgraph.model import Category, Property
        >>> Category("cat5", "x", properties=(Property("depth"),)).property("depth").name
        'depth'
        """
        for prop in self.properties:
            if prop.name == name:
                return prop
        return None


@attrs.frozen
class Memo:
    """A dated analytic note about codes, categories, relationships or other memos.

    Parameters
    ----------
    id : str
        Stable identifier.
    title : str
        Unique among memos.
    text : str
        The memo.
    about : tuple of str
        Ids of the elements the memo is about (empty: a memo about nothing yet).
    author : str or None
        Who wrote it.
    created : str or None
        When, as an ISO 8601 timestamp.

    Examples
    --------
    >>> from gtgraph.model import Memo
    >>> Memo("mem6", "On sameness", "They stress being alike.", ("cat5",)).about
    ('cat5',)
    """

    KIND: ClassVar[Kind] = "memo"

    id: str
    title: str
    text: str = attrs.field(default="", repr=False)
    about: tuple[str, ...] = ()
    author: str | None = None
    created: str | None = None

    @property
    def name(self) -> str:
        """The memo's title."""
        return self.title


@attrs.frozen
class RelationType:
    """A kind of relationship between codes or categories, with its semantics.

    Parameters
    ----------
    name : str
        The name used in ``project.relate(a, name, b)``, e.g. ``"is cause of"``.
    symbol : str
        A short symbol, as ATLAS.ti shows (``"=>"``, ``"[]"``, ``"=="``).
    inverse : str
        How the relation reads from the target (``"is caused by"``).
    symmetric : bool
        True when ``a r b`` means ``b r a`` (stored once, found from both ends).
    transitive : bool
        True when ``a r b`` and ``b r c`` imply ``a r c`` (``is part of``, ``is a``).
        Transitive types are also acyclic.
    acyclic : bool
        True when the type may not form a cycle (``precedes``).
    endpoints : frozenset of str
        The kinds allowed at either end: ``"code"``, ``"category"``.
    style : str
        The drawing family: ``"association"``, ``"structure"``, ``"causal"``,
        ``"conditional"``, ``"process"``, ``"strategy"`` or ``"contradiction"``.
    description : str
        What the type means, for legends and docs.

    Examples
    --------
    >>> from gtgraph.model import RelationType
    >>> RelationType("is cause of", "=>", "is caused by", style="causal").symmetric
    False
    """

    name: str
    symbol: str = ""
    inverse: str = ""
    symmetric: bool = False
    transitive: bool = False
    acyclic: bool = False
    endpoints: frozenset[str] = attrs.field(
        default=frozenset({"code", "category"}), converter=frozenset
    )
    style: str = "association"
    description: str = ""

    @property
    def directed(self) -> bool:
        """True unless the type is symmetric."""
        return not self.symmetric

    @property
    def forbids_cycles(self) -> bool:
        """True when a cycle of this type is refused (transitive or acyclic types)."""
        return self.acyclic or self.transitive


@attrs.frozen
class Relationship:
    """A typed link between two codes or categories, grounded in segments.

    Parameters
    ----------
    id : str
        Stable identifier.
    source : str
        Id of the code or category the relationship starts from.
    type : str
        Name of its :class:`RelationType`.
    target : str
        Id of the code or category it points to.
    evidence : tuple of str
        Ids of segments that support it.
    counter_evidence : tuple of str
        Ids of segments that contradict it.
    memo : str or None
        Id of a memo about it.

    Examples
    --------
    >>> from gtgraph.model import Relationship
    >>> Relationship("rel7", "cat5", "leads to", "cat6", evidence=("seg3",)).type
    'leads to'
    """

    KIND: ClassVar[Kind] = "relationship"

    id: str
    source: str
    type: str
    target: str
    evidence: tuple[str, ...] = ()
    counter_evidence: tuple[str, ...] = ()
    memo: str | None = None

    @property
    def name(self) -> str:
        """The relationship's id (relationships are named by their ends)."""
        return self.id


@attrs.frozen
class Event:
    """One entry of a project's history: who did what, when.

    Parameters
    ----------
    seq : int
        Position in the history, from 1.
    when : str
        ISO 8601 timestamp (UTC).
    who : str or None
        The actor (the project's ``actor`` or the coder).
    op : str
        The operation, named as the Project method (``"merge_codes"``).
    args : mapping
        What the operation was given and produced, as ids and plain values.
    analysing : str or None
        The id of the source being analysed when the change was made (see
        :meth:`gtgraph.Project.analysing`); ``None`` when none was, and in
        histories recorded before gtgraph kept it.

    Examples
    --------
    >>> from gtgraph.model import Event
    >>> Event(1, "2026-01-01T00:00:00Z", "HB", "add_code", {"code": "cod1"}).op
    'add_code'
    >>> Event(2, "2026-01-01T00:00:00Z", "HB", "add_code", {}, "src3").analysing
    'src3'
    """

    seq: int
    when: str
    who: str | None
    op: str
    args: Mapping[str, Any] = attrs.field(factory=dict, hash=False)
    analysing: str | None = None
