"""Bootstrap intervals for the share of codes found and the units a target coverage needs."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from gtgraph.saturation._bootstrap import (
    Bootstrap,
    Interval,
    bootstrap,
    rows_from_bootstrap,
    spread,
    stats,
    tables,
)
from gtgraph.saturation._curves import sources_for_coverage
from gtgraph.saturation._incidence import Incidence
from gtgraph.saturation._stats import z_value

__all__ = [
    "needed_per_replicate",
    "share_from_bootstrap",
    "share_observed",
    "sources_needed",
    "sources_needed_from_bootstrap",
]

FloatArray = npt.NDArray[np.float64]


def share_observed(
    incidence: Incidence,
    *,
    conf: float = 0.95,
    replicates: int = 200,
    seed: int | None = None,
) -> Interval:
    r"""Return the share of all codes already found, :math:`S_{obs}/\hat S_{Chao2}`, with its interval.

    Lowe et al. (2018) argue that saturation should be reported as a degree:
    the proportion of the themes in the domain that the sample has found, with
    the total estimated by a statistical model.  This is that proportion with
    the total estimated by Chao2 (not by Lowe et al.'s own model), and the
    bootstrap interval of :func:`rarefaction`.

    Parameters
    ----------
    incidence : Incidence
        The incidence data (frequencies suffice).
    conf, replicates, seed : optional
        As for :func:`rarefaction`.

    Returns
    -------
    Interval
        ``value`` is ``None`` when nothing is coded.

    Raises
    ------
    SaturationError
        If `conf` or `replicates` is out of range.

    See Also
    --------
    rarefaction, chao2

    References
    ----------
    .. [1] Lowe, A., Norris, A. C., Farris, A. J. & Babbage, D. R. (2018).
       Quantifying thematic saturation in qualitative data analysis.
       *Field Methods* 30(3), 191-207. https://doi.org/10.1177/1525822X17749386

    Examples
    --------
    >>> from gtgraph.saturation import Incidence, share_observed
    >>> inc = Incidence.from_frequencies(5, [3, 1, 2, 1, 5, 1])
    >>> share = share_observed(inc, seed=1)
    >>> round(share.value, 4), share.low < share.value < share.high
    (0.625, True)
    """
    z = z_value(conf)
    if incidence.S_obs == 0:
        return Interval(None, None, None, conf)
    return share_from_bootstrap(
        incidence, bootstrap(incidence, replicates, seed), z, conf
    )


def share_from_bootstrap(
    incidence: Incidence, boot: Bootstrap, z: float, conf: float
) -> Interval:
    """Return :func:`share_observed` from replicates already drawn."""
    if incidence.S_obs == 0:
        return Interval(None, None, None, conf)
    row = rows_from_bootstrap(incidence, np.asarray([float(incidence.T)]), boot, z)[0]
    return Interval(row.share, row.share_low, row.share_high, conf)


def needed_per_replicate(
    counts: npt.NDArray[np.int64], units: int, goal: float
) -> FloatArray:
    """Return, per row of counts, the units at which the coverage reaches `goal`."""
    s = stats(counts, units)
    q = counts.astype(np.float64)
    ys = np.arange(units + 1, dtype=np.float64)
    _, miss_cov = tables(units)
    out = np.full(len(q), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        weights = np.where(s["u"][:, None] > 0, q * ys / s["u"][:, None], 0.0)
        first = np.where(s["u"] > 0, s["q1"] / s["u"], 0.0)
    at_t = 1.0 - first * s["a"]
    curve = np.concatenate(
        [1.0 - weights @ miss_cov[:, :units], at_t[:, None]], axis=1
    )  # rows x (T+1)
    above = goal > at_t
    with np.errstate(divide="ignore", invalid="ignore"):
        closed = units + (np.log(1.0 / first) + math.log1p(-goal)) / np.log(s["a"]) - 1
    if goal >= 1.0:
        closed = np.where(first > 0, np.inf, closed)
    out = np.where(above, closed, out)
    reach = curve >= goal
    idx = np.argmax(reach, axis=1)
    rows = np.arange(len(q))
    low = np.maximum(idx - 1, 0)
    lo_v, hi_v = curve[rows, low], curve[rows, idx]
    with np.errstate(divide="ignore", invalid="ignore"):
        inside = np.where(hi_v > lo_v, low + (goal - lo_v) / (hi_v - lo_v), idx)
    out = np.where(~above, inside, out)
    return np.asarray(np.maximum(out, 1.0), dtype=np.float64)


def sources_needed(
    incidence: Incidence,
    target: float = 0.95,
    *,
    conf: float = 0.95,
    replicates: int = 200,
    seed: int | None = None,
) -> Interval:
    """Return the units needed for a target coverage, with a bootstrap interval.

    The estimate is :func:`sources_for_coverage`; the interval is that
    estimate plus or minus z bootstrap standard deviations of the same
    quantity recomputed on the replicates of :func:`rarefaction`.

    Parameters
    ----------
    incidence : Incidence
        The incidence data (frequencies suffice).
    target : float, default 0.95
        The target coverage, in (0, 1].
    conf, replicates, seed : optional
        As for :func:`rarefaction`.

    Returns
    -------
    Interval
        In total units (not additional ones); ``value`` is ``None`` when
        nothing is coded, and the ends are ``None`` when the target of 1 can
        never be reached.

    Raises
    ------
    SaturationError
        If `target`, `conf` or `replicates` is out of range.

    See Also
    --------
    sources_for_coverage, rarefaction

    Examples
    --------
    >>> from gtgraph.saturation import Incidence, sources_needed
    >>> inc = Incidence.from_frequencies(5, [3, 1, 2, 1, 5, 1])
    >>> needed = sources_needed(inc, 0.9, seed=1)
    >>> round(needed.value, 4), needed.low < needed.value < needed.high
    (9.4249, True)
    """
    z = z_value(conf)
    if incidence.U == 0:
        return Interval(None, None, None, conf)
    boot = bootstrap(incidence, replicates, seed)
    return sources_needed_from_bootstrap(incidence, target, boot, z, conf)


def sources_needed_from_bootstrap(
    incidence: Incidence, target: float, boot: Bootstrap, z: float, conf: float
) -> Interval:
    """Return :func:`sources_needed` from replicates already drawn."""
    if incidence.U == 0:
        return Interval(None, None, None, conf)
    value = sources_for_coverage(incidence, target)
    if math.isinf(value):
        return Interval(value, None, None, conf)
    values = needed_per_replicate(boot.counts, incidence.T, float(target))
    width = float(spread(values[:, None], z)[0])
    return Interval(value, max(1.0, value - width), value + width, conf)
