"""Code accumulation curves: as coded, expected over all orders, or over random orders."""

from __future__ import annotations

from typing import Literal

import attrs
import numpy as np
import numpy.typing as npt

from gtgraph.saturation._curves import rarefied_codes
from gtgraph.saturation._errors import SaturationError
from gtgraph.saturation._incidence import Incidence
from gtgraph.saturation._rules import francis_points, guest_points

__all__ = ["Accumulation", "PointDistribution", "accumulation", "permutation_orders"]

IntArray = npt.NDArray[np.int64]
Order = Literal["as_coded", "expected", "permute"]

# Orders are processed in blocks so that the (orders x bitset words) work array
# stays small.
_BLOCK_CELLS = 4_000_000


@attrs.frozen
class PointDistribution:
    """How a stopping rule's saturation point varies over random orders of the units.

    Quantiles are order statistics (the inverted empirical distribution), with
    orders that never saturate counted as later than any point; a quantile that
    falls among those is ``None``.

    Attributes
    ----------
    rule : str
        ``"guest"`` or ``"francis"``.
    median : float or None
        The median saturation point.
    q1, q3 : float or None
        The 25th and 75th percentiles (the interquartile range).
    never : float
        The share of orders that never saturate.
    reason : str or None
        Why the rule could not run in any order (too few units); ``never``
        then means nothing and the quantiles are ``None``.
    """

    rule: str
    median: float | None
    q1: float | None
    q3: float | None
    never: float
    reason: str | None = None


@attrs.frozen
class Accumulation:
    """A code accumulation curve: codes observed after 1, 2, ..., T units.

    Attributes
    ----------
    order : str
        ``"as_coded"``, ``"expected"`` or ``"permute"``.
    curve : tuple of float
        Codes observed after 1..T units (as coded; the exact mean over all
        orders; or the mean over the random orders).
    new : tuple of float
        New codes in each unit: the differences of `curve`.
    lower, upper : tuple of float or None
        For ``"permute"``, the 2.5th and 97.5th percentiles across orders.
    permutations : int or None
        The number of random orders used (``"permute"`` only).
    seed : int or None
        The seed they were drawn with.
    guest, francis : PointDistribution or None
        For ``"permute"``, the distribution of the Guest and Francis points.
    """

    order: str
    curve: tuple[float, ...]
    new: tuple[float, ...]
    lower: tuple[float, ...] | None = None
    upper: tuple[float, ...] | None = None
    permutations: int | None = None
    seed: int | None = None
    guest: PointDistribution | None = None
    francis: PointDistribution | None = None


def _floats(values: npt.ArrayLike) -> tuple[float, ...]:
    return tuple(float(v) for v in np.asarray(values, dtype=np.float64))


def permutation_orders(units: int, permutations: int, seed: int | None) -> IntArray:
    """Return `permutations` random orders of ``range(units)``, one per row."""
    rng = np.random.default_rng(seed)
    base = np.broadcast_to(np.arange(units, dtype=np.int64), (permutations, units))
    return np.asarray(rng.permuted(base, axis=1), dtype=np.int64)


def _unit_bitsets(incidence: Incidence, method: str) -> npt.NDArray[np.uint64]:
    """Return one row of 64-bit words per unit, bit c set when the unit holds code c."""
    pair_unit, code_start = incidence.pairs(method)
    codes = len(code_start)
    sizes = np.diff(np.append(code_start, len(pair_unit)))
    code_of_pair = np.repeat(np.arange(codes, dtype=np.int64), sizes)
    words = max(1, (codes + 63) // 64)
    bits = np.zeros((incidence.T, words), dtype=np.uint64)
    masks = np.left_shift(np.uint64(1), (code_of_pair % 64).astype(np.uint64))
    np.bitwise_or.at(bits, (pair_unit, code_of_pair // 64), masks)
    return bits


def _popcount_rows(words: npt.NDArray[np.uint64]) -> IntArray:
    """Return the number of set bits in each row."""
    if hasattr(np, "bitwise_count"):
        return np.asarray(np.bitwise_count(words).sum(axis=1, dtype=np.int64))
    as_bytes = words.view(np.uint8)  # pragma: no cover - numpy < 2.0
    return np.asarray(np.unpackbits(as_bytes, axis=1).sum(axis=1, dtype=np.int64))


def new_counts_for_orders(incidence: Incidence, orders: IntArray) -> IntArray:
    """Return, for each order (row), the number of codes first seen at each position.

    Each unit's codes are a bitset; walking the positions, the codes seen so far
    in every order are OR-ed together and counted, all orders at once.
    """
    bits = _unit_bitsets(incidence, "accumulation(order='permute')")
    rows, units = orders.shape
    out = np.zeros((rows, units), dtype=np.int64)
    if rows == 0 or units == 0 or incidence.S_obs == 0:
        return out
    block = max(1, _BLOCK_CELLS // bits.shape[1])
    for lo in range(0, rows, block):
        hi = min(rows, lo + block)
        seen = np.zeros((hi - lo, bits.shape[1]), dtype=np.uint64)
        counts = np.empty((hi - lo, units), dtype=np.int64)
        for position in range(units):
            seen |= bits[orders[lo:hi, position]]
            counts[:, position] = _popcount_rows(seen)
        out[lo:hi] = np.diff(counts, axis=1, prepend=0)
    return out


def _distribution(
    rule: str, points: IntArray, *, needs: int = 0, units: int = 0, what: str = ""
) -> PointDistribution:
    if units < needs:
        reason = f"needs at least {what} = {needs} units; there are {units}"
        return PointDistribution(rule, None, None, None, 1.0, reason)
    total = len(points)
    never = float(np.mean(points == 0)) if total else 0.0
    if total == 0:
        return PointDistribution(rule, None, None, None, never)
    # never-saturated orders sort after every real point
    keyed = np.where(points == 0, np.iinfo(np.int64).max, points)
    qs = np.quantile(keyed, [0.5, 0.25, 0.75], method="inverted_cdf")
    limit = np.iinfo(np.int64).max

    def value(x: np.int64) -> float | None:
        return None if int(x) == limit else float(x)

    return PointDistribution(rule, value(qs[0]), value(qs[1]), value(qs[2]), never)


def accumulation(
    incidence: Incidence,
    *,
    order: Order = "as_coded",
    permutations: int = 1000,
    seed: int | None = None,
    base: int = 4,
    run: int = 2,
    threshold: float = 0.05,
    initial: int = 10,
    stop: int = 3,
) -> Accumulation:
    r"""Return the code accumulation curve, as coded or averaged over orders.

    Parameters
    ----------
    incidence : Incidence
        The incidence data.  ``"expected"`` works from frequencies alone;
        ``"as_coded"`` and ``"permute"`` need the units.
    order : {"as_coded", "expected", "permute"}, default "as_coded"
        ``"as_coded"``: the units in coding order.  ``"expected"``: the exact
        mean over all :math:`T!` orders (Mao's tau; no randomness).
        ``"permute"``: the mean over `permutations` random orders, with the
        2.5th and 97.5th percentiles and the distribution of the Guest and
        Francis saturation points.
    permutations : int, default 1000
        Number of random orders for ``"permute"``.
    seed : int, optional
        Seed for the random orders; the same seed gives the same result.
    base, run, threshold : optional
        Parameters of :func:`guest` for the point distribution.
    initial, stop : optional
        Parameters of :func:`francis` for the point distribution.

    Returns
    -------
    Accumulation

    Raises
    ------
    OrderUnknownError
        If ``"as_coded"`` or ``"permute"`` is asked of frequency-only incidence.
    SaturationError
        If `order` or `permutations` is invalid.

    See Also
    --------
    expected_codes, guest, francis

    Notes
    -----
    The expected curve is :math:`\hat S(t) = \sum_i [1 - \binom{T-Y_i}{t} /
    \binom{T}{t}]`, which equals the average of the accumulation curve over all
    orderings of the units (Colwell et al. 2004, 2012), so it is the
    deterministic replacement for averaging random orders.  Random orders are
    still the faithful way to average order-dependent rules such as Guest's,
    whose denominator is the base count (Guest et al. 2020 bootstrapped orders;
    CoMeTS reshuffles them, Constantinou et al. 2017).  Orders are drawn with
    :func:`numpy.random.default_rng` (`seed`) and evaluated together: each
    unit's codes are held as a bitset, and the codes seen so far in every order
    are OR-ed and counted position by position.

    References
    ----------
    .. [1] Colwell, R. K., Mao, C. X. & Chang, J. (2004). *Ecology* 85,
       2717-2727. https://doi.org/10.1890/03-0557
    .. [2] Guest, G., Namey, E. & Chen, M. (2020). *PLoS ONE* 15(5), e0232076.
       https://doi.org/10.1371/journal.pone.0232076
    .. [3] Constantinou, C. S., Georgiou, M. & Perdikogianni, M. (2017). A
       comparative method for themes saturation (CoMeTS) in qualitative
       interviews. *Qualitative Research* 17(5), 571-588.
       https://doi.org/10.1177/1468794116686650

    Examples
    --------
    >>> from gtgraph.saturation import Incidence, accumulation
    >>> inc = Incidence.from_sources([{"a", "b"}, {"b", "c"}, {"d"}])
    >>> accumulation(inc).curve
    (2.0, 3.0, 4.0)
    >>> [round(x, 4) for x in accumulation(inc, order="expected").curve]
    [1.6667, 3.0, 4.0]
    >>> acc = accumulation(inc, order="permute", permutations=200, seed=1)
    >>> acc.curve[-1], acc.upper[-1]
    (4.0, 4.0)
    """
    if order == "as_coded":
        new = incidence.new_counts("accumulation(order='as_coded')")
        return Accumulation(order, _floats(np.cumsum(new)), _floats(new))
    if order == "expected":
        curve = rarefied_codes(incidence, incidence.T)[1:]
        return Accumulation(order, _floats(curve), _floats(np.diff(curve, prepend=0.0)))
    if order != "permute":
        raise SaturationError(
            f"order must be 'as_coded', 'expected' or 'permute', not {order!r}"
        )
    if isinstance(permutations, bool) or not isinstance(
        permutations, (int, np.integer)
    ):
        raise SaturationError(
            f"permutations must be a whole number, not {permutations!r}"
        )
    if permutations < 1:
        raise SaturationError(f"permutations must be at least 1, not {permutations!r}")
    incidence.new_counts("accumulation(order='permute')")
    orders = permutation_orders(incidence.T, int(permutations), seed)
    new_rows = new_counts_for_orders(incidence, orders)
    curves = np.cumsum(new_rows, axis=1, dtype=np.float64)
    if incidence.T:
        lower, upper = np.percentile(curves, [2.5, 97.5], axis=0)
        mean = curves.mean(axis=0)
    else:
        lower = upper = mean = np.zeros(0)
    return Accumulation(
        order,
        _floats(mean),
        _floats(np.diff(mean, prepend=0.0)),
        lower=_floats(lower),
        upper=_floats(upper),
        permutations=int(permutations),
        seed=seed,
        guest=_distribution(
            "guest",
            guest_points(new_rows, base=base, run=run, threshold=threshold),
            needs=base + run,
            units=incidence.T,
            what="base + run",
        ),
        francis=_distribution(
            "francis",
            francis_points(new_rows, initial=initial, stop=stop),
            needs=initial + stop,
            units=incidence.T,
            what="initial + stop",
        ),
    )
