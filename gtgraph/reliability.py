r"""Inter-coder agreement: percentage agreement, Cohen's kappa and Krippendorff's alpha.

Two coders who code the same sources independently can compare their work with
:func:`agreement`.  In qualitative research agreement is most useful as a
prompt for discussion (where and why do the codings differ, and what does that
say about the code's definition?) rather than as a pass mark (O'Connor & Joffe
2020), so the result lists every disagreement as well as the coefficients.

Coding qualitative text is *unitizing* (marking where a passage starts and ends)
and *coding* (choosing codes for it) at once; the coefficients below measure
the second, given a choice of units.  The three choices of unit, and how each
handles text that neither coder marked (the uncoded-text problem), are
described under :func:`agreement`.

:func:`cohen_kappa` and :func:`krippendorff_alpha` are also usable directly on
tables and reliability data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from gtgraph.errors import ValidationError
from gtgraph.project._analysis import Index, require_pandas
from gtgraph.project._base import as_keys
from gtgraph.project._store import coders_of

if TYPE_CHECKING:
    from gtgraph.project import Project
    from gtgraph.project._base import Key

__all__ = [
    "Agreement",
    "CodeAgreement",
    "Disagreement",
    "Table",
    "agreement",
    "cohen_kappa",
    "krippendorff_alpha",
]

UNITS = ("segment", "source", "character")


@attrs.frozen
class Table:
    """Two coders' binary decisions on a set of units, as a 2 by 2 table.

    Attributes
    ----------
    both : int
        Units both coders coded (with the code in question).
    only_a, only_b : int
        Units only the first, or only the second, coder coded.
    neither : int
        Units neither coded.

    Examples
    --------
    >>> from gtgraph.reliability import Table
    >>> t = Table(both=1, only_a=1, only_b=3, neither=5)
    >>> t.n, t.percent
    (10, 0.6)
    """

    both: int = 0
    only_a: int = 0
    only_b: int = 0
    neither: int = 0

    @property
    def n(self) -> int:
        """The number of units (decisions)."""
        return self.both + self.only_a + self.only_b + self.neither

    def __add__(self, other: Table) -> Table:
        return Table(
            self.both + other.both,
            self.only_a + other.only_a,
            self.only_b + other.only_b,
            self.neither + other.neither,
        )

    @property
    def percent(self) -> float | None:
        """Proportion of units on which the coders agree (None with no units)."""
        return None if self.n == 0 else (self.both + self.neither) / self.n

    @property
    def kappa(self) -> float | None:
        """Cohen's kappa of the table (see :func:`cohen_kappa`)."""
        return cohen_kappa(self)

    @property
    def alpha(self) -> float | None:
        r"""Krippendorff's alpha of the table (nominal, two coders, no missing values).

        With :math:`N` units, :math:`n = 2N` values, :math:`n_1` and :math:`n_0`
        the numbers of values 1 and 0 and :math:`o_{01}` the number of units
        the coders disagree on,

        .. math:: \alpha = 1 - (n - 1) \frac{o_{01}}{n_0 n_1},

        which is the general formula of :func:`krippendorff_alpha` for this
        case.  None when :math:`n_0 n_1 = 0` (all values alike).
        """
        n0 = 2 * self.neither + self.only_a + self.only_b
        n1 = 2 * self.both + self.only_a + self.only_b
        if n0 * n1 == 0:
            return None
        return 1 - (2 * self.n - 1) * (self.only_a + self.only_b) / (n0 * n1)


def cohen_kappa(table: Table) -> float | None:
    r"""Return Cohen's (1960) kappa for two coders' binary decisions.

    Parameters
    ----------
    table : Table
        The 2 by 2 table of decisions.

    Returns
    -------
    float or None
        Kappa, or None when it is undefined: no units, or chance agreement
        :math:`p_e = 1` (both coders made the same single decision throughout).

    Notes
    -----
    .. math::

        \kappa = \frac{p_o - p_e}{1 - p_e}, \qquad
        p_o = \frac{a + d}{N}, \qquad
        p_e = \frac{(a + b)(a + c) + (c + d)(b + d)}{N^2}

    where :math:`a` is the number of units both coders coded, :math:`b` those
    only the first coded, :math:`c` those only the second coded, :math:`d`
    those neither coded, and :math:`N = a + b + c + d`.  :math:`p_o` is the
    observed agreement and :math:`p_e` the agreement expected if each coder
    decided independently at their own rate.  Kappa is 1 for perfect agreement,
    0 for chance agreement, and negative below chance.

    References
    ----------
    .. [1] Cohen, J. (1960). A coefficient of agreement for nominal scales.
       *Educational and Psychological Measurement*, 20(1), 37-46.
       https://doi.org/10.1177/001316446002000104

    Examples
    --------
    >>> from gtgraph.reliability import Table, cohen_kappa
    >>> round(cohen_kappa(Table(both=20, only_a=5, only_b=10, neither=15)), 4)
    0.4
    """
    n = table.n
    if n == 0:
        return None
    a, b, c, d = table.both, table.only_a, table.only_b, table.neither
    po = (a + d) / n
    pe = ((a + b) * (a + c) + (c + d) * (b + d)) / (n * n)
    if pe >= 1:
        return None
    return (po - pe) / (1 - pe)


def krippendorff_alpha(data: Sequence[Sequence[Any]]) -> float | None:
    r"""Return Krippendorff's alpha for nominal data, any number of coders, missing values allowed.

    Parameters
    ----------
    data : sequence of sequences
        Reliability data: one row per coder, one column per unit; None marks a
        missing value.  Values are any hashable labels.

    Returns
    -------
    float or None
        Alpha, or None when it is undefined: fewer than two pairable values, or
        every pairable value the same (no variation, so expected disagreement
        :math:`D_e = 0`).

    Raises
    ------
    ValidationError
        If the rows have different lengths.

    Notes
    -----
    Units with fewer than two values are not pairable and are left out.  With
    :math:`m_u` the number of values in unit :math:`u`, the coincidence matrix
    is

    .. math:: o_{ck} = \sum_u \frac{\text{number of ordered pairs of values } (c, k) \text{ in } u}{m_u - 1},

    :math:`n_c = \sum_k o_{ck}` and :math:`n = \sum_c n_c` (the number of
    pairable values).  For nominal data

    .. math::

        \alpha = 1 - \frac{D_o}{D_e}
               = 1 - (n - 1) \frac{\sum_{c \ne k} o_{ck}}{\sum_{c \ne k} n_c n_k}.

    Alpha is 1 for perfect agreement and 0 when the coders agree as often as
    chance predicts.

    References
    ----------
    .. [1] Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability.
       University of Pennsylvania, Annenberg School for Communication
       Departmental Papers 43. https://repository.upenn.edu/asc_papers/43
    .. [2] Hayes, A. F., & Krippendorff, K. (2007). Answering the call for a
       standard reliability measure for coding data. *Communication Methods and
       Measures*, 1(1), 77-89. https://doi.org/10.1080/19312450709336664

    Examples
    --------
    The binary example of Krippendorff (2011), section A:

    >>> from gtgraph.reliability import krippendorff_alpha
    >>> a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    >>> b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    >>> round(krippendorff_alpha([a, b]), 3)
    0.095
    """
    rows = [list(r) for r in data]
    if not rows:
        return None
    width = len(rows[0])
    if any(len(r) != width for r in rows):
        raise ValidationError(
            "reliability data need one value (or None) per unit for every coder; "
            "the rows have different lengths"
        )
    coincidence: dict[tuple[Any, Any], float] = {}
    for u in range(width):
        values = [r[u] for r in rows if r[u] is not None]
        m = len(values)
        if m < 2:  # noqa: PLR2004 - a unit needs a pair of values
            continue
        for i, c in enumerate(values):
            for j, k in enumerate(values):
                if i != j:
                    coincidence[c, k] = coincidence.get((c, k), 0.0) + 1 / (m - 1)
    totals: dict[Any, float] = {}
    for (c, _), o in coincidence.items():
        totals[c] = totals.get(c, 0.0) + o
    n = sum(totals.values())
    observed = sum(o for (c, k), o in coincidence.items() if c != k)
    expected = n * n - sum(t * t for t in totals.values())
    if n < 2 or expected <= 0:  # noqa: PLR2004 - alpha needs a pair of values
        return None
    return 1 - (n - 1) * observed / expected


@attrs.frozen
class CodeAgreement:
    """Agreement on one code (or pooled over all codes).

    Attributes
    ----------
    code : str or None
        The code's name (None for the pooled figures).
    table : Table
        The coders' decisions.
    percent, kappa, alpha : float or None
        Percentage agreement (a proportion), Cohen's kappa and Krippendorff's
        alpha (None where undefined).
    """

    code: str | None
    table: Table
    percent: float | None
    kappa: float | None
    alpha: float | None


def _scored(code: str | None, table: Table) -> CodeAgreement:
    return CodeAgreement(code, table, table.percent, table.kappa, table.alpha)


@attrs.frozen
class Disagreement:
    """A place where one coder applied a code and the other did not.

    Attributes
    ----------
    source : str
        The source's name.
    code : str
        The code's name.
    coder : str
        The coder who applied it.
    start, end : int or None
        The span (the unit's, or the characters'); None for a whole source.
    quote : str
        The text of the span (empty for a whole source).
    """

    source: str
    code: str
    coder: str
    start: int | None
    end: int | None
    quote: str

    def __str__(self) -> str:
        where = "" if self.start is None else f" {self.start}-{self.end}"
        quote = f': "{self.quote}"' if self.quote else ""
        return f"{self.source}{where}: only {self.coder} coded {self.code!r}{quote}"


@attrs.frozen
class Agreement:
    """Agreement between two coders, pooled and per code, with the disagreements.

    Attributes
    ----------
    coder_a, coder_b : str
        The coders.
    unit : str
        ``"segment"``, ``"source"`` or ``"character"``.
    percent, kappa, alpha : float or None
        Pooled over every (unit, code) decision (None where undefined).
    table : Table
        The pooled decisions.
    per_code : mapping of str to CodeAgreement
        By code name, in the project's order.
    disagreements : tuple of Disagreement
        In source order, then by position.
    sources : tuple of str
        The sources compared.
    skipped_sources : tuple of str
        Sources only one of the coders coded (left out unless named in
        ``sources=``), and sources without text at character level.
    units : int
        The number of units (segments clusters, sources, or characters).
    """

    coder_a: str
    coder_b: str
    unit: str
    percent: float | None
    kappa: float | None
    alpha: float | None
    table: Table
    per_code: Mapping[str, CodeAgreement] = attrs.field(hash=False)
    disagreements: tuple[Disagreement, ...]
    sources: tuple[str, ...]
    skipped_sources: tuple[str, ...]
    units: int

    def __str__(self) -> str:
        def fmt(x: float | None) -> str:
            return "n/a" if x is None else f"{x:.3f}"

        lines = [
            (
                f"agreement of {self.coder_a} and {self.coder_b} by {self.unit} "
                f"({self.units} units in {len(self.sources)} source(s))"
            ),
            f"  percent {fmt(self.percent)}  kappa {fmt(self.kappa)}  alpha {fmt(self.alpha)}",
        ]
        if self.per_code:
            width = max(len(c) for c in self.per_code)
            lines.append(f"  {'code'.ljust(width)}  percent  kappa    alpha")
            for name, row in self.per_code.items():
                lines.append(
                    f"  {name.ljust(width)}  {fmt(row.percent):<7}  "
                    f"{fmt(row.kappa):<7}  {fmt(row.alpha)}"
                )
        lines.append(f"  {len(self.disagreements)} disagreement(s)")
        if self.skipped_sources:
            lines.append(f"  left out: {', '.join(self.skipped_sources)}")
        return "\n".join(lines)

    def to_frame(self) -> Any:
        """Return the per-code figures as a pandas DataFrame (one row per code).

        Raises
        ------
        GtGraphError
            If pandas is not installed.
        """
        pd = require_pandas()
        rows = [
            (
                name,
                r.table.both,
                r.table.only_a,
                r.table.only_b,
                r.table.neither,
                r.percent,
                r.kappa,
                r.alpha,
            )
            for name, r in self.per_code.items()
        ]
        columns = [
            "code",
            "both",
            f"only {self.coder_a}",
            f"only {self.coder_b}",
            "neither",
            "percent",
            "kappa",
            "alpha",
        ]
        return pd.DataFrame(rows, columns=columns).set_index("code")


_Counts = dict[str, list[int]]
# A coder's span in a source: (start, end, code ids); start/end None for a quote.
_Span = tuple["int | None", "int | None", frozenset[str], str]


def agreement(
    project: Project,
    coder_a: str,
    coder_b: str,
    *,
    unit: str = "segment",
    codes: Iterable[Key] | None = None,
    sources: Iterable[Key] | None = None,
) -> Agreement:
    r"""Compare two coders' coding of the same sources.

    Each code is judged as a binary decision (applied or not) on each unit;
    percentage agreement, Cohen's kappa and Krippendorff's alpha (nominal) are
    computed per code and pooled over every (unit, code) decision.

    Parameters
    ----------
    project : Project
        The project, holding both coders' codings.
    coder_a, coder_b : str
        The coders' names (as in ``project.coders``).
    unit : str
        What a unit is, which decides how text neither coder marked counts:

        ``"segment"`` (default)
            The passages either coder marked, with overlapping passages of the
            two coders (sharing at least one character, chains included) joined
            into one unit; on each, a coder applied a code if any of their
            segments in it carries the code.  Text that neither coder marked is
            not a unit at all, so uncoded text cannot inflate agreement: only
            decisions about passages someone judged relevant are counted, as
            Krippendorff (2004) separates unitizing from coding and as
            MAXQDA's segment-based comparison counts only coded segments.
            Absence of a code counts as agreement only inside such passages.
            Segments without offsets are matched by identical quotes.
        ``"source"``
            Each source: did the coder apply the code anywhere in it (MAXQDA's
            "code occurrence in the document")?  Uncoded text plays no part.
        ``"character"``
            Each character of each source: every character by code pair is a
            binary decision, and characters neither coder coded count as
            agreement on absence, as in NVivo's coding comparison.  With much
            uncoded text this inflates the percentage, which is why kappa and
            alpha, which discount chance agreement, are the figures to report
            at this level.  Sources without text and segments without offsets
            cannot be placed and are left out.
    codes : iterable of codes, optional
        The codes to compare (default: every code either coder applied in the
        compared sources).
    sources : iterable of sources, optional
        The sources to compare (default: those both coders coded; those only
        one coded are listed in ``skipped_sources``, since the other may not
        have read them yet).  Name sources here to count a source one coder
        left uncoded as that coder's decision.

    Returns
    -------
    Agreement
        ``percent``, ``kappa``, ``alpha`` (pooled), ``per_code``,
        ``disagreements`` (for discussion) and the units counted.

    Raises
    ------
    ValidationError
        If *unit* is unknown, the coders are the same, or a coder has no codings.

    Notes
    -----
    For one code and two coders, with :math:`a` units both coded, :math:`b`
    only the first, :math:`c` only the second, :math:`d` neither and
    :math:`N = a + b + c + d`: percentage agreement is :math:`(a + d) / N`;
    Cohen's kappa is :math:`(p_o - p_e) / (1 - p_e)` (see :func:`cohen_kappa`);
    Krippendorff's alpha is :math:`1 - (2N - 1)(b + c) / (n_0 n_1)` with
    :math:`n_1 = 2a + b + c` and :math:`n_0 = 2d + b + c` (see
    :func:`krippendorff_alpha`).  The pooled figures apply the same formulas to
    the sums of the tables over codes.  A coefficient is None when undefined
    (e.g. kappa and alpha when every decision is the same).

    The assumption behind kappa and alpha is that units are independent; at
    character level they are not (neighbouring characters are coded together),
    so the figures describe agreement but their sampling variability is larger
    than the number of characters suggests.

    References
    ----------
    .. [1] Cohen, J. (1960). A coefficient of agreement for nominal scales.
       *Educational and Psychological Measurement*, 20(1), 37-46.
       https://doi.org/10.1177/001316446002000104
    .. [2] Krippendorff, K. (2004). *Content analysis: An introduction to its
       methodology* (2nd ed.), ch. 11. Sage.
    .. [3] Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability.
       https://repository.upenn.edu/asc_papers/43
    .. [4] O'Connor, C., & Joffe, H. (2020). Intercoder reliability in
       qualitative research: Debates and practical guidelines. *International
       Journal of Qualitative Methods*, 19.
       https://doi.org/10.1177/1609406919899220

    Examples
    --------
    >>> import gtgraph
    >>> p = gtgraph.Project()
    >>> s = p.add_source("i1", text="I was nervous. She had been there too.")
    >>> _ = p.code(s, 0, 13, codes="feeling nervous", coder="HB")
    >>> _ = p.code(s, 15, 37, codes="shared experience", coder="HB")
    >>> _ = p.code(s, 0, 13, codes="feeling nervous", coder="RK")
    >>> _ = p.code(s, 15, 37, codes="feeling nervous", coder="RK")
    >>> result = gtgraph.agreement(p, "HB", "RK")
    >>> result.percent, result.per_code["feeling nervous"].percent
    (0.5, 0.5)
    >>> for d in result.disagreements:
    ...     print(d)
    i1 15-37: only RK coded 'feeling nervous': "She had been there too"
    i1 15-37: only HB coded 'shared experience': "She had been there too"
    """
    if unit not in UNITS:
        raise ValidationError(
            f"unknown unit {unit!r}; use 'segment', 'source' or 'character'"
        )
    if coder_a == coder_b:
        raise ValidationError("compare two different coders")
    index = Index(project)
    spans = {coder_a: _spans(index, coder_a), coder_b: _spans(index, coder_b)}
    for coder, found in spans.items():
        if not found:
            known = ", ".join(map(repr, project.coders)) or "none"
            raise ValidationError(
                f"coder {coder!r} has coded nothing; the coders are {known}"
            )
    ordered = list(project.sources)
    if sources is None:
        chosen = [
            s.id for s in ordered if s.id in spans[coder_a] and s.id in spans[coder_b]
        ]
        skipped = [
            s.id
            for s in ordered
            if (s.id in spans[coder_a]) != (s.id in spans[coder_b])
        ]
    else:
        wanted = {project.get(s, kind="source").id for s in as_keys(sources)}
        chosen = [s.id for s in ordered if s.id in wanted]
        skipped = []
    if unit == "character":
        skipped += [s for s in chosen if index.sources[s].text is None]
        chosen = [s for s in chosen if index.sources[s].text is not None]
    if codes is None:
        used: set[str] = set()
        for coder in (coder_a, coder_b):
            for src in chosen:
                for span in spans[coder].get(src, ()):
                    used |= span[2]
        code_ids = [c for c in index.codes if c in used]
    else:
        code_ids = list(
            dict.fromkeys(project.get(c, kind="code").id for c in as_keys(codes))
        )
    # Per code: [both, only a, only b]; "neither" is the rest of the units.
    tables: _Counts = {c: [0, 0, 0] for c in code_ids}
    disagreements: list[Disagreement] = []
    counter = {
        "segment": _by_segment,
        "source": _by_source,
        "character": _by_character,
    }[unit]
    units = 0
    for src in chosen:
        units += counter(
            index,
            src,
            spans[coder_a].get(src, []),
            spans[coder_b].get(src, []),
            (coder_a, coder_b),
            tables,
            disagreements,
        )
    finished = {
        c: Table(both, only_a, only_b, units - both - only_a - only_b)
        for c, (both, only_a, only_b) in tables.items()
    }
    pooled = sum(finished.values(), Table())
    per_code = {
        index.codes[c].name: _scored(index.codes[c].name, t)
        for c, t in finished.items()
    }
    order = {s.id: i for i, s in enumerate(ordered)}
    names = {s.id: s.name for s in ordered}
    disagreements.sort(
        key=lambda d: (
            order[d.source],
            -1 if d.start is None else d.start,
            d.code,
            d.coder,
        )
    )
    shown = tuple(attrs.evolve(d, source=names[d.source]) for d in disagreements)
    return Agreement(
        coder_a,
        coder_b,
        unit,
        pooled.percent,
        pooled.kappa,
        pooled.alpha,
        pooled,
        per_code,
        shown,
        tuple(names[s] for s in chosen),
        tuple(names[s] for s in skipped),
        units,
    )


def _spans(index: Index, coder: str) -> dict[str, list[_Span]]:
    """Source id -> the coder's spans, each with the codes *this coder* applied."""
    out: dict[str, list[_Span]] = {}
    for sid, row in index.segments.items():
        codes = frozenset(c for c, who in coders_of(row).items() if who == coder)
        if codes:
            out.setdefault(row[0], []).append((row[1], row[2], codes, sid))
    return out


def _record(
    tables: _Counts,
    applied_a: frozenset[str] | set[str],
    applied_b: frozenset[str] | set[str],
) -> list[tuple[str, int]]:
    """Add one unit's decisions to the tables; return the disagreeing (code, side)."""
    differ: list[tuple[str, int]] = []
    for code in applied_a | applied_b:
        counts = tables.get(code)
        if counts is None:
            continue
        in_a, in_b = code in applied_a, code in applied_b
        if in_a and in_b:
            counts[0] += 1
        elif in_a:
            counts[1] += 1
            differ.append((code, 0))
        else:
            counts[2] += 1
            differ.append((code, 1))
    return differ


def _by_source(
    index: Index,
    src: str,
    spans_a: list[_Span],
    spans_b: list[_Span],
    coders: tuple[str, str],
    tables: _Counts,
    out: list[Disagreement],
) -> int:
    applied_a = set().union(*(s[2] for s in spans_a))
    applied_b = set().union(*(s[2] for s in spans_b))
    for code, side in _record(tables, applied_a, applied_b):
        out.append(
            Disagreement(src, index.codes[code].name, coders[side], None, None, "")
        )
    return 1


def _by_segment(
    index: Index,
    src: str,
    spans_a: list[_Span],
    spans_b: list[_Span],
    coders: tuple[str, str],
    tables: _Counts,
    out: list[Disagreement],
) -> int:
    text = index.sources[src].text or ""
    placed = sorted(
        (span[0], span[1], span[2], side)
        for side, spans in ((0, spans_a), (1, spans_b))
        for span in spans
        if span[0] is not None and span[1] is not None
    )
    clusters: list[tuple[int, int, list[tuple[frozenset[str], int]]]] = []
    for start, end, codes, side in placed:
        if clusters:
            c_start, c_end, members = clusters[-1]
            if start < c_end or (start == end == c_start == c_end):
                clusters[-1] = (c_start, max(c_end, end), [*members, (codes, side)])
                continue
        clusters.append((start, end, [(codes, side)]))
    units = 0
    for c_start, c_end, members in clusters:
        units += 1
        applied: tuple[set[str], set[str]] = (set(), set())
        for codes, side in members:
            applied[side].update(codes)
        for code, side in _record(tables, applied[0], applied[1]):
            out.append(
                Disagreement(
                    src,
                    index.codes[code].name,
                    coders[side],
                    c_start,
                    c_end,
                    text[c_start:c_end],
                )
            )
    by_quote: dict[str, tuple[set[str], set[str]]] = {}
    for side, spans in ((0, spans_a), (1, spans_b)):
        for span in spans:
            if span[0] is None:
                quote = _quote(index, span[3])
                by_quote.setdefault(quote, (set(), set()))[side].update(span[2])
    for quote, applied in by_quote.items():
        units += 1
        for code, side in _record(tables, applied[0], applied[1]):
            out.append(
                Disagreement(
                    src, index.codes[code].name, coders[side], None, None, quote
                )
            )
    return units


def _quote(index: Index, sid: str) -> str:
    return index.segments[sid][7] or ""


def _union(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(i for i in intervals if i[1] > i[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _minus(
    left: list[tuple[int, int]], right: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Return the parts of the merged intervals *left* outside the merged *right*."""
    out: list[tuple[int, int]] = []
    j = 0
    for start, end in left:
        cursor = start
        while j < len(right) and right[j][1] <= cursor:
            j += 1
        k = j
        while k < len(right) and right[k][0] < end:
            if right[k][0] > cursor:
                out.append((cursor, right[k][0]))
            cursor = max(cursor, right[k][1])
            k += 1
        if cursor < end:
            out.append((cursor, end))
    return out


def _length(intervals: Iterable[tuple[int, int]]) -> int:
    return sum(end - start for start, end in intervals)


def _by_character(
    index: Index,
    src: str,
    spans_a: list[_Span],
    spans_b: list[_Span],
    coders: tuple[str, str],
    tables: _Counts,
    out: list[Disagreement],
) -> int:
    text = index.sources[src].text or ""
    size = len(text)
    for code, counts in tables.items():
        cover_a, cover_b = (
            _union(
                (s[0], s[1])
                for s in spans
                if code in s[2] and s[0] is not None and s[1] is not None
            )
            for spans in (spans_a, spans_b)
        )
        only_a = _minus(cover_a, cover_b)
        only_b = _minus(cover_b, cover_a)
        counts[0] += _length(cover_a) - _length(only_a)
        counts[1] += _length(only_a)
        counts[2] += _length(only_b)
        name = index.codes[code].name
        for side, parts in ((0, only_a), (1, only_b)):
            for start, end in parts:
                out.append(
                    Disagreement(src, name, coders[side], start, end, text[start:end])
                )
    return size
