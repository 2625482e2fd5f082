"""Stopping rules on new codes per unit: Guest, Namey & Chen (2020) and Francis et al. (2010)."""

from __future__ import annotations

import attrs
import numpy as np
import numpy.typing as npt

from gtgraph.saturation._errors import SaturationError
from gtgraph.saturation._incidence import Incidence

__all__ = [
    "FrancisResult",
    "GuestResult",
    "GuestRun",
    "francis",
    "francis_from_new",
    "francis_points",
    "guest",
    "guest_from_new",
    "guest_points",
]

IntArray = npt.NDArray[np.int64]


def _positive(value: object, what: str, *, zero: bool = False) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise SaturationError(f"{what} must be a whole number, not {value!r}")
    if value < (0 if zero else 1):
        bound = "0 or more" if zero else "at least 1"
        raise SaturationError(f"{what} must be {bound}, not {value!r}")
    return int(value)


@attrs.frozen
class GuestRun:
    """One run of the Guest rule: units `start` to `end` and their share of new codes.

    Attributes
    ----------
    start, end : int
        The first and last unit of the run (1-based, inclusive).
    new : int
        Codes first seen in the run.
    ratio : float
        ``new`` divided by the number of codes found in the base.
    """

    start: int
    end: int
    new: int
    ratio: float


@attrs.frozen
class GuestResult:
    """The outcome of the Guest, Namey & Chen (2020) saturation rule.

    Attributes
    ----------
    saturated : bool
        Whether some run added at most `threshold` new information.
    point : int or None
        N, the unit after which the confirming run starts (``None`` if not
        saturated).
    label : str or None
        The paper's notation ``"N+r"`` (e.g. ``"6+2"``).
    base_codes : int
        Codes found in the first `base` units (the denominator).
    runs : tuple of GuestRun
        The runs examined, in order, up to and including the saturating one.
    base, run, threshold :
        The parameters used.
    reason : str or None
        Why the rule could not be applied, when it could not.
    new_after : int or None
        Codes first seen in the units after the confirming run (after unit
        N+r); ``None`` when the rule did not stop.
    new_after_units : tuple of int
        The (1-based) units after N+r that brought those codes.
    last_run : GuestRun or None
        The last run of the same length, ending at the last unit (``None``
        when the rule could not be applied).
    holds_at_end : bool or None
        Whether that last run still meets the threshold; ``None`` when the
        rule could not be applied.
    """

    saturated: bool
    point: int | None
    label: str | None
    base_codes: int
    runs: tuple[GuestRun, ...]
    base: int
    run: int
    threshold: float
    reason: str | None = None
    new_after: int | None = None
    new_after_units: tuple[int, ...] = ()
    last_run: GuestRun | None = None
    holds_at_end: bool | None = None


@attrs.frozen
class FrancisResult:
    """The outcome of the Francis et al. (2010) "initial sample + stopping criterion" rule.

    Attributes
    ----------
    saturated : bool
        Whether `stop` consecutive units after the initial sample added no code.
    point : int or None
        The last unit of the first such window (``None`` if not saturated).
    initial, stop : int
        The parameters used.
    reason : str or None
        Why the rule could not be applied, when it could not.
    new_after : int or None
        Codes first seen in the units after the point; ``None`` when the rule
        did not stop.
    new_after_units : tuple of int
        The (1-based) units after the point that brought those codes.
    holds_at_end : bool or None
        Whether the last `stop` units still added no code; ``None`` when the
        rule could not be applied.
    """

    saturated: bool
    point: int | None
    initial: int
    stop: int
    reason: str | None = None
    new_after: int | None = None
    new_after_units: tuple[int, ...] = ()
    holds_at_end: bool | None = None


def guest(
    incidence: Incidence,
    *,
    base: int = 4,
    run: int = 2,
    threshold: float = 0.05,
) -> GuestResult:
    r"""Apply the Guest, Namey & Chen (2020) base/run/threshold saturation rule.

    New codes in each run of `run` consecutive units after the base are
    compared with the codes found in the first `base` units; saturation is
    reached at the first run whose ratio is at most `threshold`.

    Parameters
    ----------
    incidence : Incidence
        Incidence with units in coding order (from
        :meth:`Incidence.from_sources`).
    base : int, default 4
        The base size *b*: the first *b* units form the denominator.
    run : int, default 2
        The run length *r* (2, or 3 to be more conservative).
    threshold : float, default 0.05
        The new-information threshold θ (0.05 or 0 in the paper); inclusive.

    Returns
    -------
    GuestResult
        ``saturated``, ``point`` (N), ``label`` (``"N+r"``), the run ratios,
        and what came after the point: ``new_after`` (codes first seen after
        unit N+r), ``new_after_units`` and ``holds_at_end`` (whether the last
        run of the same length still meets the threshold).
        With fewer than ``base + run`` units, or no code in the base (the
        ratio is then undefined), ``saturated`` is false and ``reason`` says why.

    Raises
    ------
    OrderUnknownError
        If the incidence was built from frequencies (the order is unknown).
    SaturationError
        If a parameter is out of range.

    See Also
    --------
    francis, accumulation

    Notes
    -----
    With :math:`n_j` the codes first seen in unit *j* and
    :math:`B = n_1 + \dots + n_b`, the runs slide one unit at a time:

    .. math::

        \text{for } s = b, b+1, \dots, T - r: \quad
        \rho_s = \frac{n_{s+1} + \dots + n_{s+r}}{B},

    and saturation is declared at the first :math:`s` with
    :math:`\rho_s \le \theta`, reported as "s+r".  The denominator stays the
    base count; it is not the running total.  The result depends on the order
    of the units: see :func:`accumulation` with ``order="permute"`` for its
    distribution over random orders, which is how Guest et al. validated it.

    References
    ----------
    .. [1] Guest, G., Namey, E. & Chen, M. (2020). A simple method to assess
       and report thematic saturation in qualitative research. *PLoS ONE*
       15(5), e0232076. https://doi.org/10.1371/journal.pone.0232076

    Examples
    --------
    >>> from gtgraph.saturation import Incidence, guest
    >>> new = [20, 8, 5, 4, 4, 3, 1, 0, 1, 0, 0, 0]
    >>> units, k = [], 0
    >>> for n in new:
    ...     units.append(set(range(k, k + n)))
    ...     k += n
    >>> result = guest(Incidence.from_sources(units))
    >>> result.label, result.base_codes, [round(r.ratio, 4) for r in result.runs]
    ('6+2', 37, [0.1892, 0.1081, 0.027])

    What came after the point: unit 9 still brought a code, yet the last run
    (units 11-12) meets the threshold again.

    >>> result.new_after, result.new_after_units, result.holds_at_end
    (1, (9,), True)
    """
    return guest_from_new(
        incidence.new_counts("guest"), base=base, run=run, threshold=threshold
    )


def guest_from_new(
    new: IntArray, *, base: int = 4, run: int = 2, threshold: float = 0.05
) -> GuestResult:
    """Apply the Guest rule to a vector of new codes per unit (see :func:`guest`)."""
    b = _positive(base, "base")
    r = _positive(run, "run")
    if not 0.0 <= float(threshold) <= 1.0:
        raise SaturationError(f"threshold must lie in [0, 1], not {threshold!r}")
    theta = float(threshold)
    units = len(new)

    def result(
        point: int | None, runs: list[GuestRun], base_codes: int, reason: str | None
    ) -> GuestResult:
        last = None
        if reason is None:
            added = int(new[units - r :].sum())
            last = GuestRun(units - r + 1, units, added, added / base_codes)
        after, where = _after(new, None if point is None else point + r)
        return GuestResult(
            saturated=point is not None,
            point=point,
            label=None if point is None else f"{point}+{r}",
            base_codes=base_codes,
            runs=tuple(runs),
            base=b,
            run=r,
            threshold=theta,
            reason=reason,
            new_after=after,
            new_after_units=where,
            last_run=last,
            holds_at_end=None if last is None else last.ratio <= theta,
        )

    if units < b + r:
        return result(
            None,
            [],
            int(new[: min(b, units)].sum()),
            f"needs at least base + run = {b + r} units; there are {units}",
        )
    base_codes = int(new[:b].sum())
    if base_codes == 0:
        return result(
            None,
            [],
            0,
            f"no code was found in the first {b} units, so the ratio is undefined",
        )
    runs: list[GuestRun] = []
    for s in range(b, units - r + 1):
        added = int(new[s : s + r].sum())
        ratio = added / base_codes
        runs.append(GuestRun(start=s + 1, end=s + r, new=added, ratio=ratio))
        if ratio <= theta:
            return result(s, runs, base_codes, None)
    return result(None, runs, base_codes, None)


def francis(incidence: Incidence, *, initial: int = 10, stop: int = 3) -> FrancisResult:
    r"""Apply the Francis et al. (2010) initial-sample-plus-stopping-criterion rule.

    After an initial analysis sample of `initial` units, saturation is reached
    at the end of the first window of `stop` consecutive units that add no new
    code ("10+3" by default).

    Parameters
    ----------
    incidence : Incidence
        Incidence with units in coding order (from
        :meth:`Incidence.from_sources`).
    initial : int, default 10
        The initial analysis sample *m*.
    stop : int, default 3
        The stopping criterion *s*: consecutive units without a new code.

    Returns
    -------
    FrancisResult
        ``saturated`` and ``point`` (the last unit of the window), and what
        came after it: ``new_after``, ``new_after_units`` and
        ``holds_at_end`` (whether the last `stop` units still added no code).
        With fewer
        than ``initial + stop`` units ``saturated`` is false and ``reason`` says
        why.

    Raises
    ------
    OrderUnknownError
        If the incidence was built from frequencies.
    SaturationError
        If a parameter is out of range.

    See Also
    --------
    guest, accumulation

    Notes
    -----
    With :math:`n_j` the codes first seen in unit *j*, the windows
    :math:`(m+1 \dots m+s), (m+2 \dots m+s+1), \dots` are tested in turn:

    .. math::

        \text{for } e = m+s, \dots, T: \quad
        n_{e-s+1} = \dots = n_e = 0 \implies \text{saturated at } e.

    Francis et al. apply the rule study-wide and per belief domain; the
    per-category table of :func:`gtgraph.saturation.report` does the latter.

    References
    ----------
    .. [1] Francis, J. J., Johnston, M., Robertson, C., Glidewell, L., Entwistle,
       V., Eccles, M. P. & Grimshaw, J. M. (2010). What is an adequate sample
       size? Operationalising data saturation for theory-based interview
       studies. *Psychology & Health* 25(10), 1229-1245.
       https://doi.org/10.1080/08870440903194015

    Examples
    --------
    >>> from gtgraph.saturation import Incidence, francis
    >>> new = [5] * 10 + [0, 0, 0, 1]
    >>> units, k = [], 0
    >>> for n in new:
    ...     units.append(set(range(k, k + n)))
    ...     k += n
    >>> result = francis(Incidence.from_sources(units))
    >>> result.point, result.new_after, result.new_after_units, result.holds_at_end
    (13, 1, (14,), False)
    """
    return francis_from_new(incidence.new_counts("francis"), initial=initial, stop=stop)


def francis_from_new(
    new: IntArray, *, initial: int = 10, stop: int = 3
) -> FrancisResult:
    """Apply the Francis rule to a vector of new codes per unit (see :func:`francis`)."""
    m = _positive(initial, "initial", zero=True)
    s = _positive(stop, "stop")
    units = len(new)
    if units < m + s:
        return FrancisResult(
            saturated=False,
            point=None,
            initial=m,
            stop=s,
            reason=f"needs at least initial + stop = {m + s} units; there are {units}",
        )
    holds = not new[units - s :].any()
    for end in range(m + s, units + 1):
        if not new[end - s : end].any():
            after, where = _after(new, end)
            return FrancisResult(
                saturated=True,
                point=end,
                initial=m,
                stop=s,
                new_after=after,
                new_after_units=where,
                holds_at_end=holds,
            )
    return FrancisResult(
        saturated=False, point=None, initial=m, stop=s, holds_at_end=holds
    )


def _after(new: IntArray, end: int | None) -> tuple[int | None, tuple[int, ...]]:
    """Return the new codes after unit `end` (1-based) and the units that brought them."""
    if end is None:
        return None, ()
    tail = new[end:]
    where = tuple(int(i) + end + 1 for i in np.flatnonzero(tail))
    return int(tail.sum()), where


def guest_points(new: IntArray, *, base: int, run: int, threshold: float) -> IntArray:
    """Return the Guest point N for each row of new-code counts (0 when never saturated).

    Rows whose base holds no code, or which are shorter than ``base + run``,
    count as never saturated.
    """
    rows, units = new.shape
    out = np.zeros(rows, dtype=np.int64)
    if units < base + run:
        return out
    cum = np.zeros((rows, units + 1), dtype=np.int64)
    np.cumsum(new, axis=1, out=cum[:, 1:])
    base_codes = cum[:, base]
    starts = np.arange(base, units - run + 1)
    added = cum[:, starts + run] - cum[:, starts]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = added / base_codes[:, None]
    hit = (ratio <= threshold) & (base_codes[:, None] > 0)
    found = hit.any(axis=1)
    out[found] = starts[np.argmax(hit[found], axis=1)]
    return out


def francis_points(new: IntArray, *, initial: int, stop: int) -> IntArray:
    """Return the Francis point for each row of new-code counts (0 when never saturated)."""
    rows, units = new.shape
    out = np.zeros(rows, dtype=np.int64)
    if units < initial + stop:
        return out
    cum = np.zeros((rows, units + 1), dtype=np.int64)
    np.cumsum(new > 0, axis=1, out=cum[:, 1:])
    ends = np.arange(initial + stop, units + 1)
    hit = (cum[:, ends] - cum[:, ends - stop]) == 0
    found = hit.any(axis=1)
    out[found] = ends[np.argmax(hit[found], axis=1)]
    return out
