"""Sensitivity of the stopping rules to their settings: the whole grid, not one verdict."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import attrs

from gtgraph.saturation._incidence import Incidence
from gtgraph.saturation._rules import francis_from_new, guest_from_new

__all__ = ["SensitivityRow", "sensitivity"]


@attrs.frozen
class SensitivityRow:
    """The outcome of one stopping rule with one setting.

    Attributes
    ----------
    rule : str
        ``"guest"`` or ``"francis"``.
    base, run, threshold : int, int, float or None
        The Guest settings (``None`` on Francis rows).
    initial, stop : int or None
        The Francis settings (``None`` on Guest rows).
    saturated : bool
        Whether the rule stopped.
    point : int or None
        Where: N of "N+r" for Guest, the last unit of the window for Francis.
    label : str or None
        ``"N+r"`` for Guest, the unit number for Francis.
    new_after : int or None
        Codes first seen after the point (``None`` when the rule did not stop).
    holds_at_end : bool or None
        Whether the last run (or window) still meets the rule; ``None`` when the
        rule could not be applied.
    reason : str or None
        Why the rule could not be applied, when it could not.
    """

    rule: str
    base: int | None
    run: int | None
    threshold: float | None
    initial: int | None
    stop: int | None
    saturated: bool
    point: int | None
    label: str | None
    new_after: int | None
    holds_at_end: bool | None
    reason: str | None


def sensitivity(
    incidence: Incidence,
    *,
    bases: Iterable[int] = (4, 6),
    runs: Iterable[int] = (2, 3),
    thresholds: Iterable[float] = (0.0, 0.05),
    initials: Iterable[int] = (10,),
    stops: Iterable[int] = (3,),
) -> tuple[SensitivityRow, ...]:
    """Return the Guest and Francis rules over a grid of their settings.

    A verdict for one (base, run, threshold) is one point of a grid; a thesis
    that reports it should say whether neighbouring settings agree.  This
    applies :func:`guest` to every combination of `bases`, `runs` and
    `thresholds`, and :func:`francis` to every combination of `initials` and
    `stops`, in the order the units were analysed.

    Parameters
    ----------
    incidence : Incidence
        Incidence with units in coding order.
    bases, runs, thresholds : iterables
        The Guest settings to try (Guest et al. 2020 studied bases 4-6, runs
        2-3 and thresholds 0 and 5%).
    initials, stops : iterables
        The Francis settings to try (10 and 3 in Francis et al. 2010).

    Returns
    -------
    tuple of SensitivityRow
        The Guest rows (base, then run, then threshold varying fastest), then
        the Francis rows.

    Raises
    ------
    OrderUnknownError
        If the incidence was built from frequencies.
    SaturationError
        If a setting is out of range.

    See Also
    --------
    guest, francis

    References
    ----------
    .. [1] Guest, G., Namey, E. & Chen, M. (2020). *PLoS ONE* 15(5), e0232076.
       https://doi.org/10.1371/journal.pone.0232076
    .. [2] Francis, J. J. et al. (2010). *Psychology & Health* 25(10),
       1229-1245. https://doi.org/10.1080/08870440903194015

    Examples
    --------
    >>> from gtgraph.saturation import Incidence, sensitivity
    >>> new = [20, 8, 5, 4, 4, 3, 1, 0, 1, 0, 0, 0]
    >>> units, k = [], 0
    >>> for n in new:
    ...     units.append(set(range(k, k + n)))
    ...     k += n
    >>> rows = sensitivity(Incidence.from_sources(units), bases=(4,), stops=(2,))
    >>> [(r.rule, r.run, r.threshold, r.label) for r in rows]
    [('guest', 2, 0.0, '9+2'), ('guest', 2, 0.05, '6+2'), ('guest', 3, 0.0, '9+3'), ('guest', 3, 0.05, '7+3'), ('francis', None, None, '12')]
    """
    new = incidence.new_counts("sensitivity")
    rows = []
    for base, run, threshold in itertools.product(bases, runs, thresholds):
        g = guest_from_new(new, base=base, run=run, threshold=threshold)
        rows.append(
            SensitivityRow(
                rule="guest",
                base=g.base,
                run=g.run,
                threshold=g.threshold,
                initial=None,
                stop=None,
                saturated=g.saturated,
                point=g.point,
                label=g.label,
                new_after=g.new_after,
                holds_at_end=g.holds_at_end,
                reason=g.reason,
            )
        )
    for initial, stop in itertools.product(initials, stops):
        f = francis_from_new(new, initial=initial, stop=stop)
        rows.append(
            SensitivityRow(
                rule="francis",
                base=None,
                run=None,
                threshold=None,
                initial=f.initial,
                stop=f.stop,
                saturated=f.saturated,
                point=f.point,
                label=None if f.point is None else str(f.point),
                new_after=f.new_after,
                holds_at_end=f.holds_at_end,
                reason=f.reason,
            )
        )
    return tuple(rows)
