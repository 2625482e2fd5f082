"""Agreement between two coders of one project, by segment, source or character."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from gtgraph.errors import ValidationError
from gtgraph.project._analysis import Index
from gtgraph.project._base import as_keys
from gtgraph.reliability._coefficients import Table
from gtgraph.reliability._results import Agreement, Disagreement, _Counts, _scored
from gtgraph.reliability._units import _by_character, _by_segment, _by_source, _spans

if TYPE_CHECKING:
    from gtgraph.project import Project
    from gtgraph.project._base import Key

__all__ = ["UNITS", "agreement"]


UNITS = ("segment", "source", "character")


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
