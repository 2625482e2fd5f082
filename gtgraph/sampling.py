"""Theoretical sampling guidance: which categories are thin, and whom to ask about what.

In grounded theory the next participants, and the next questions, are chosen to
develop the categories of the emerging theory (Glaser & Strauss 1967, ch. 3;
Charmaz 2014, ch. 8): to fill out their properties and dimensions, to test the
relationships between them, and to find the variation the theory must account
for.  :func:`suggest_sampling` ranks the categories by how thin they are and
says, in plain language, why, what to ask, and which kinds of participant are
missing from their evidence.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from gtgraph.errors import ValidationError
from gtgraph.project._analysis import Index

if TYPE_CHECKING:
    from gtgraph.model import Category
    from gtgraph.project import Project

__all__ = ["SamplingSuggestion", "suggest_sampling"]

# How much each sign of thinness weighs in the ranking (see suggest_sampling).
_W_PARTICIPANTS = 2.0
_W_NO_PROPERTIES = 1.0
_W_ONE_PROPERTY = 0.5
_W_DIMENSION = 0.5
_W_DIMENSIONS_MAX = 1.5
_W_UNSATURATED = 1.5
_W_RELATIONSHIP = 0.5
_W_RELATIONSHIPS_MAX = 1.5
_W_ATTRIBUTE = 0.25
_W_ATTRIBUTES_MAX = 1.0
# An integer attribute with more values than this is treated as a measurement
# (age, months), not as a kind of participant.
_MAX_INT_LEVELS = 5
_SHOWN = 3


@attrs.frozen
class SamplingSuggestion:
    """A thin category, why it is thin, and how further sampling could develop it.

    Attributes
    ----------
    category : str
        The category's name.
    id : str
        Its id.
    score : float
        How thin it is (higher is thinner; see :func:`suggest_sampling`).
    reasons : tuple of str
        Why, in plain language.
    questions : tuple of str
        What to ask, or whom to seek, in the next interviews.
    wanted : tuple of str
        Kinds of participant missing or under-represented in its evidence,
        e.g. ``"service = inpatient"``.
    participants, segments, properties : int
        How many participants and segments ground it, and its properties.
    """

    category: str
    id: str
    score: float
    reasons: tuple[str, ...]
    questions: tuple[str, ...]
    wanted: tuple[str, ...]
    participants: int
    segments: int
    properties: int

    def __str__(self) -> str:
        lines = [
            (
                f"{self.category} (score {self.score:.2f}; {self.participants} "
                f"participant(s), {self.segments} segment(s), {self.properties} "
                "propert(y/ies))"
            )
        ]
        lines.extend(f"  why: {r}" for r in self.reasons)
        if self.wanted:
            lines.append(f"  seek: {'; '.join(self.wanted)}")
        lines.extend(f"  next: {q}" for q in self.questions)
        return "\n".join(lines)


def suggest_sampling(
    project: Project,
    *,
    saturation: Any = None,
    min_participants: int = 3,
    attributes: Iterable[str] | None = None,
    limit: int | None = None,
) -> list[SamplingSuggestion]:
    """Rank the thin categories, with reasons, questions and the participants to seek.

    Parameters
    ----------
    project : Project
        The project.
    saturation : optional
        Per-category saturation, to count "not yet saturated" as a sign of
        thinness: a mapping of category name (or id) to a saturated flag, or a
        report with a ``categories`` table whose rows have ``category`` (the
        name) and ``saturated`` (such as the saturation report of
        :mod:`gtgraph.saturation`).  Without it, saturation plays no part.
    min_participants : int
        Fewer participants than this grounding a category make it thin.
    attributes : iterable of str, optional
        The participant attributes to look for under-represented values in.
        By default every attribute whose values are categories: text or true
        and false, or whole numbers with at most five distinct values, and not
        a different value for each of more than five participants (an
        identifier or a measurement).
    limit : int, optional
        Return at most this many suggestions.

    Returns
    -------
    list of SamplingSuggestion
        The categories with at least one sign of thinness, thinnest first
        (ties by name).

    Raises
    ------
    ValidationError
        If *saturation* is of an unknown shape or *min_participants* is not a
        positive whole number.

    Notes
    -----
    The score adds up the signs of thinness, each with a weight that says how
    much it holds back the category's development:

    - grounded in fewer than *min_participants* participants: 2 times the
      missing share, :math:`2 (m - n) / m`;
    - no properties: 1; one property only: 0.5;
    - each property without dimensions, or with a dimension lacking a low or
      high pole: 0.5 (at most 1.5);
    - not saturated (when *saturation* is given), or not shown to be because
      the rule could not be applied yet: 1.5;
    - each relationship of the category grounded in no more than one
      participant: 0.5 (at most 1.5);
    - each attribute value no participant in its evidence has (while some
      participants in the study have it): 0.25 (at most 1).

    The weights order the list; they are not a measurement.  A category can
    be thin because it is peripheral to the theory, which is a reason to
    leave it, not to sample for it: the list is an aid to the analyst's
    judgement.

    References
    ----------
    .. [1] Glaser, B. G., & Strauss, A. L. (1967). *The discovery of grounded
       theory*, ch. 3. Aldine. https://doi.org/10.4324/9780203793206
    .. [2] Charmaz, K. (2014). *Constructing grounded theory* (2nd ed.), ch. 8.
       Sage.

    Examples
    --------
    >>> import gtgraph
    >>> p = gtgraph.Project()
    >>> _ = p.add_participant("P01", service="community")
    >>> _ = p.add_participant("P02", service="inpatient")
    >>> a = p.add_source("i1", text="She had been there too. I told her.", participant="P01")
    >>> b = p.add_source("i2", text="He had been there too.", participant="P02")
    >>> _ = p.code(a, 0, 22, codes="shared experience")
    >>> _ = p.code(b, 0, 21, codes="shared experience")
    >>> _ = p.code(a, 24, 34, codes="telling her")
    >>> p.categorize("shared experience", "Shared identity")
    >>> p.categorize("telling her", "Disclosure")
    >>> _ = p.add_property("Shared identity", "strength", dimensions=[("weak", "strong")])
    >>> first = gtgraph.suggest_sampling(p, min_participants=2)[0]
    >>> print(first)
    Disclosure (score 2.25; 1 participant(s), 1 segment(s), 0 propert(y/ies))
      why: grounded in 1 participant(s) only (P01); 2 wanted
      why: has no properties yet
      why: no participant with service = inpatient speaks to it (1 in the study: P02)
      seek: participants with service = inpatient
      next: Ask the next participants directly about 'Disclosure': does anything like it happen to them?
      next: Ask what 'Disclosure' is like, when it happens, and how it differs from one time, or one person, to another.
    """
    if (
        isinstance(min_participants, bool)
        or not isinstance(min_participants, int)
        or min_participants < 1
    ):
        raise ValidationError(
            f"min_participants must be a whole number of at least 1, not {min_participants!r}"
        )
    index = Index(project)
    saturated = _saturation(index, saturation)
    case_codes: dict[str, set[str]] = {}
    code_segments: dict[str, list[str]] = {}
    for sid, row in index.segments.items():
        case = index.case_of_source(row[0])
        for code in row[3]:
            case_codes.setdefault(code, set()).add(case)
            code_segments.setdefault(code, []).append(sid)
    groups = _attribute_groups(index, attributes)
    relationships: dict[str, list[tuple[str, int]]] = {}
    for rel in index.store.records["relationship"].values():
        support = len(index.cases(rel.evidence))
        text = index.rel_name(rel)
        for end in {rel.source, rel.target}:
            relationships.setdefault(end, []).append((text, support))

    suggestions: list[SamplingSuggestion] = []
    for cat in index.categories.values():
        codes = index.codes_under(cat.id)
        cases: set[str] = set().union(*(case_codes.get(c, set()) for c in codes))
        segments: set[str] = set().union(*(code_segments.get(c, ()) for c in codes))
        score, reasons, questions, wanted = _assess(
            index,
            cat,
            cases,
            min_participants,
            saturated.get(cat.id),
            relationships.get(cat.id, []),
            groups,
        )
        if reasons:
            suggestions.append(
                SamplingSuggestion(
                    cat.name,
                    cat.id,
                    round(score, 6),
                    tuple(reasons),
                    tuple(questions),
                    tuple(wanted),
                    len(cases),
                    len(segments),
                    len(cat.properties),
                )
            )
    suggestions.sort(key=lambda s: (-s.score, s.category))
    return suggestions if limit is None else suggestions[:limit]


def _assess(
    index: Index,
    cat: Category,
    cases: set[str],
    minimum: int,
    saturated: tuple[bool, str | None] | None,
    relationships: list[tuple[str, int]],
    groups: Mapping[str, Mapping[str, list[str]]],
) -> tuple[float, list[str], list[str], list[str]]:
    name = cat.name
    score = 0.0
    reasons: list[str] = []
    questions: list[str] = []
    wanted: list[str] = []
    n = len(cases)
    if n < minimum:
        score += _W_PARTICIPANTS * (minimum - n) / minimum
        who = ", ".join(sorted(index.name(c) for c in cases))
        reasons.append(
            f"grounded in {n} participant(s) only{f' ({who})' if who else ''}; "
            f"{minimum} wanted"
        )
        questions.append(
            f"Ask the next participants directly about {name!r}: does anything like "
            "it happen to them?"
        )
    if not cat.properties:
        score += _W_NO_PROPERTIES
        reasons.append("has no properties yet")
        questions.append(
            f"Ask what {name!r} is like, when it happens, and how it differs from one "
            "time, or one person, to another."
        )
    elif len(cat.properties) == 1:
        score += _W_ONE_PROPERTY
        reasons.append(f"has one property only ({cat.properties[0].name!r})")
        questions.append(
            f"Ask what else characterises {name!r} besides {cat.properties[0].name!r}."
        )
    undeveloped = [
        p.name
        for p in cat.properties
        if not p.dimensions or any(not (d.low and d.high) for d in p.dimensions)
    ]
    if undeveloped:
        score += min(_W_DIMENSIONS_MAX, _W_DIMENSION * len(undeveloped))
        listed = ", ".join(map(repr, undeveloped))
        reasons.append(f"properties without a developed dimension: {listed}")
        questions.extend(
            f"Ask how {prop!r} varies: when it is more, when less, and what makes "
            "the difference."
            for prop in undeveloped[:_SHOWN]
        )
    if saturated is not None and not saturated[0]:
        score += _W_UNSATURATED
        reasons.append(
            "not shown to be saturated: " + saturated[1]
            if saturated[1]
            else "not saturated yet by the saturation rule given"
        )
        questions.append(
            f"Seek participants whose experience of {name!r} would differ from what "
            "has been heard so far."
        )
    thin = [(text, k) for text, k in relationships if k <= 1]
    if thin:
        score += min(_W_RELATIONSHIPS_MAX, _W_RELATIONSHIP * len(thin))
        for text, k in thin[:_SHOWN]:
            reasons.append(
                f"relationship {text} rests on {k} participant(s)"
                if k
                else f"relationship {text} has no evidence yet"
            )
            questions.append(
                f"Ask others whether {text} for them too, and when it does not."
            )
    missing = 0
    participants_here = {c for c in cases if c in index.participants}
    for attribute, values in groups.items():
        have = {
            index.participants[p].attributes.get(attribute) for p in participants_here
        }
        have_text = {str(v) for v in have if v is not None}
        for value, members in values.items():
            if value in have_text or not participants_here:
                continue
            missing += 1
            some = ", ".join(index.participants[m].name for m in members[:_SHOWN])
            more = ", ..." if len(members) > _SHOWN else ""
            reasons.append(
                f"no participant with {attribute} = {value} speaks to it "
                f"({len(members)} in the study: {some}{more})"
            )
            wanted.append(f"participants with {attribute} = {value}")
    if missing:
        score += min(_W_ATTRIBUTES_MAX, _W_ATTRIBUTE * missing)
    return score, reasons, questions, wanted


def _attribute_groups(
    index: Index, attributes: Iterable[str] | None
) -> dict[str, dict[str, list[str]]]:
    """Attribute -> value (as text) -> ids of the participants with it."""
    people = list(index.participants.values())
    names = (
        sorted({k for p in people for k in p.attributes})
        if attributes is None
        else list(
            dict.fromkeys([attributes] if isinstance(attributes, str) else attributes)
        )
    )
    groups: dict[str, dict[str, list[str]]] = {}
    for name in names:
        values: dict[str, list[str]] = {}
        raw = []
        for p in people:
            if name in p.attributes and p.attributes[name] is not None:
                value = p.attributes[name]
                raw.append(value)
                values.setdefault(str(value), []).append(p.id)
        if attributes is None and not _categorical(raw):
            continue
        if values:
            groups[name] = dict(sorted(values.items()))
    return groups


def _categorical(values: list[Any]) -> bool:
    distinct = len(set(map(str, values)))
    if distinct < 2 or (distinct == len(values) and distinct > _MAX_INT_LEVELS):  # noqa: PLR2004 - a kind needs two values to differ
        # One value says nothing; a different value for each of many
        # participants is an identifier or a measurement, not a kind.
        return False
    if all(isinstance(v, (str, bool)) for v in values):
        return True
    return all(isinstance(v, int) for v in values) and distinct <= _MAX_INT_LEVELS


def _saturation(index: Index, saturation: Any) -> dict[str, tuple[bool, str | None]]:
    """Category id -> (saturated flag, why the rule could not tell, if it could not)."""
    if saturation is None:
        return {}
    rows: list[tuple[Any, Any, Any]]
    if isinstance(saturation, Mapping):
        rows = [(key, flag, None) for key, flag in saturation.items()]
    elif hasattr(saturation, "categories"):
        try:
            rows = [
                (row.category, row.saturated, getattr(row, "reason", None))
                for row in saturation.categories
            ]
        except (AttributeError, TypeError):
            raise ValidationError(
                "saturation= has a categories table whose rows lack 'category' and "
                "'saturated'"
            ) from None
    else:
        raise ValidationError(
            "saturation= takes a mapping of category to a saturated flag, or a "
            f"saturation report with a categories table, not {type(saturation).__name__}"
        )
    by_name = index.store.names["category"]
    out: dict[str, tuple[bool, str | None]] = {}
    for key, flag, reason in rows:
        rid = key if key in index.categories else by_name.get(str(key))
        if rid is not None:
            out[rid] = (bool(flag), reason if isinstance(reason, str) else None)
    return out
