"""Bootstrap intervals for rarefaction, extrapolation and coverage (Chao et al. 2014, as iNEXT).

The point estimates are those of :mod:`gtgraph.saturation._curves`; this module
adds the bootstrap of Chao et al. (2014) that iNEXT uses for incidence data: the
detection probabilities of the observed codes are adjusted by the sample
coverage, the codes not yet seen are added with the Chao2 count and the rest of
the detection probability, bootstrap incidence frequencies are drawn from
them, every quantity is recomputed, and the interval is the estimate plus or
minus z standard deviations of the bootstrap values.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import attrs
import numpy as np
import numpy.typing as npt

from gtgraph.saturation._curves import (
    _unseen,
    coverage,
    expected_codes,
)
from gtgraph.saturation._errors import SaturationError
from gtgraph.saturation._incidence import Incidence
from gtgraph.saturation._stats import z_value

__all__ = [
    "Bootstrap",
    "Interval",
    "RarefactionRow",
    "bootstrap",
    "curves",
    "default_sizes",
    "detection_probabilities",
    "rarefaction",
    "rows_from_bootstrap",
    "spread",
    "stats",
    "tables",
]

FloatArray = npt.NDArray[np.float64]


@attrs.frozen
class Interval:
    """A point estimate with the ends of its bootstrap interval.

    Attributes
    ----------
    value : float or None
        The estimate (``None`` where it is undefined).
    low, high : float or None
        The ends of the interval (``None`` without bootstrap replicates).
    conf : float
        The confidence level.
    """

    value: float | None
    low: float | None
    high: float | None
    conf: float = 0.95


@attrs.frozen
class RarefactionRow:
    """One row of :func:`rarefaction`, as in iNEXT's size-based table.

    Attributes
    ----------
    t : float
        The number of units.
    method : str
        ``"interpolated"`` (fewer units than analysed), ``"observed"`` or
        ``"extrapolated"``.
    codes, codes_low, codes_high : float
        The expected number of codes in `t` units and its interval.
    coverage, coverage_low, coverage_high : float
        The estimated sample coverage of `t` units and its interval.
    share, share_low, share_high : float
        The expected share of all codes found in `t` units: codes divided by
        the Chao2 estimate of the total, and its interval.
    """

    t: float
    method: str
    codes: float
    codes_low: float
    codes_high: float
    coverage: float
    coverage_low: float
    coverage_high: float
    share: float
    share_low: float
    share_high: float


def detection_probabilities(incidence: Incidence) -> FloatArray:
    r"""Return the estimated detection probabilities of the seen and unseen codes.

    This is iNEXT's ``EstiBootComm.Sam`` (Chao et al. 2014, appendix).  With
    :math:`\hat Q_0` the Chao2 estimate of unseen codes,
    :math:`A = T\hat Q_0/(T\hat Q_0 + Q_1)` and :math:`a = A\,Q_1/T` (the
    estimated detection probability left to unseen codes), a code seen in
    :math:`Y_i` of :math:`T` units gets

    .. math::

        \hat\pi_i = \frac{Y_i}{T}\left[1 - w\left(1 - \frac{Y_i}{T}\right)^T
        \right], \qquad
        w = \frac{a}{\sum_j \frac{Y_j}{T}\left(1 - \frac{Y_j}{T}\right)^T},

    (:math:`w = 0` when :math:`\hat Q_0 = 0`), and each of the
    :math:`\lceil \hat Q_0 \rceil` unseen codes gets :math:`a/\lceil \hat Q_0
    \rceil`.
    """
    units = incidence.T
    y = incidence.y.astype(np.float64)
    if units == 0 or not len(y):
        return np.zeros(0, dtype=np.float64)
    q1 = incidence.Q(1)
    q0 = _unseen(incidence)
    weight = units * q0 / (units * q0 + q1) if q1 > 0 else 1.0
    a = q1 / units * weight
    rel = y / units
    missed = (1.0 - rel) ** units
    b = float(np.sum(rel * missed))
    w = 0.0 if q0 == 0.0 or b == 0.0 else a / b
    seen = rel * (1.0 - w * missed)
    unseen = math.ceil(q0)
    if unseen == 0:
        return seen
    return np.concatenate([seen, np.full(unseen, a / unseen)])


def tables(units: int) -> tuple[FloatArray, FloatArray]:
    r"""Return the chance of missing a code seen in y of T units with t units drawn.

    ``miss[y, t]`` is :math:`\binom{T-y}{t}/\binom{T}{t}` (t = 0..T) and
    ``miss_cov[y, t]`` is :math:`\binom{T-y}{t}/\binom{T-1}{t}` (t = 0..T-1),
    for y = 0..T, as products of factors below one.
    """
    ys = np.arange(units + 1, dtype=np.float64)[:, None]
    j = np.arange(units, dtype=np.float64)[None, :]
    miss = np.ones((units + 1, units + 1))
    np.cumprod(
        np.clip(units - ys - j, 0.0, None) / (units - j), axis=1, out=miss[:, 1:]
    )
    miss_cov = np.ones((units + 1, max(units, 1)))
    if units > 1:
        jj = j[:, : units - 1]
        np.cumprod(
            np.clip(units - ys - jj, 0.0, None) / (units - 1 - jj),
            axis=1,
            out=miss_cov[:, 1:],
        )
    return miss, miss_cov


@attrs.frozen
class Bootstrap:
    """Incidence-frequency counts :math:`Q_y` of the bootstrap replicates (one row each)."""

    units: int
    counts: npt.NDArray[np.int64]

    @property
    def replicates(self) -> int:
        """The number of usable replicates."""
        return int(self.counts.shape[0])


def bootstrap(incidence: Incidence, replicates: int, seed: int | None) -> Bootstrap:
    r"""Draw bootstrap incidence frequencies from :func:`detection_probabilities`.

    Each replicate draws :math:`Y^*_i \sim \mathrm{Binomial}(T, \hat\pi_i)`
    for every seen and unseen code; replicates in which no code is seen at all
    are dropped, as iNEXT drops them.
    """
    if isinstance(replicates, bool) or not isinstance(replicates, (int, np.integer)):
        raise SaturationError(f"replicates must be a whole number, not {replicates!r}")
    if replicates < 0:
        raise SaturationError(f"replicates must be 0 or more, not {replicates!r}")
    units = incidence.T
    probs = detection_probabilities(incidence)
    rng = np.random.default_rng(seed)
    draws = rng.binomial(units, probs, size=(int(replicates), len(probs)))
    rows = np.arange(int(replicates), dtype=np.int64)[:, None]
    flat = (rows * (units + 1) + draws).ravel()
    counts = np.bincount(flat, minlength=int(replicates) * (units + 1)).reshape(
        int(replicates), units + 1
    )
    counts[:, 0] = 0
    keep = counts[:, 1:].sum(axis=1) > 0
    return Bootstrap(units, counts[keep].astype(np.int64))


def stats(counts: npt.NDArray[np.int64], units: int) -> dict[str, FloatArray]:
    """Return S_obs, U, Q1, Q2, the Chao2 unseen count and A for each row of counts."""
    q = counts.astype(np.float64)
    ys = np.arange(units + 1, dtype=np.float64)
    s_obs = q[:, 1:].sum(axis=1)
    u = q @ ys
    q1 = q[:, 1] if units >= 1 else np.zeros(len(q))
    q2 = q[:, 2] if units >= 2 else np.zeros(len(q))  # noqa: PLR2004 - Q2 needs two units
    c = (units - 1) / units if units else 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        q0 = np.where(
            q2 > 0, c * q1 * q1 / (2 * np.where(q2 > 0, q2, 1)), c * q1 * (q1 - 1) / 2
        )
        q0 = np.where(q1 > 0, q0, 0.0)
        a = np.where(q1 > 0, units * q0 / (units * q0 + q1), 1.0)
    return {
        "s_obs": s_obs,
        "u": u,
        "q1": q1,
        "q0": np.nan_to_num(q0),
        "a": np.nan_to_num(a),
    }


def curves(
    counts: npt.NDArray[np.int64], units: int, sizes: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Return expected codes, coverage and share of the Chao2 total at `sizes`, per row."""
    s = stats(counts, units)
    q = counts.astype(np.float64)
    miss, miss_cov = tables(units)
    ys = np.arange(units + 1, dtype=np.float64)
    codes_at = q @ (1.0 - miss)  # rows x (T+1), t = 0..T
    with np.errstate(divide="ignore", invalid="ignore"):
        weights = np.where(s["u"][:, None] > 0, q * ys / s["u"][:, None], 0.0)
    cover_at = np.empty_like(codes_at)
    cover_at[:, :units] = 1.0 - weights @ miss_cov[:, :units]
    with np.errstate(divide="ignore", invalid="ignore"):
        first = np.where(s["u"] > 0, s["q1"] / s["u"], 0.0)
    cover_at[:, units] = 1.0 - first * s["a"]
    codes = np.empty((len(q), len(sizes)))
    cover = np.empty((len(q), len(sizes)))
    for k, size in enumerate(sizes):
        if size <= units:
            low = math.floor(size)
            high = min(low + 1, units)
            frac = size - low
            codes[:, k] = (1 - frac) * codes_at[:, low] + frac * codes_at[:, high]
            cover[:, k] = (1 - frac) * cover_at[:, low] + frac * cover_at[:, high]
        else:
            extra = size - units
            with np.errstate(divide="ignore", invalid="ignore"):
                beta = np.where(s["q0"] > 0, s["q1"] / (units * s["q0"] + s["q1"]), 0.0)
            codes[:, k] = s["s_obs"] + s["q0"] * (1.0 - (1.0 - beta) ** extra)
            cover[:, k] = 1.0 - first * s["a"] ** (extra + 1)
    total = s["s_obs"] + s["q0"]
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total[:, None] > 0, codes / total[:, None], 0.0)
    return codes, np.clip(cover, 0.0, 1.0), np.clip(share, 0.0, 1.0)


def spread(values: FloatArray, z: float) -> FloatArray:
    """Return z times the bootstrap standard deviation of each column (0 for one row)."""
    if values.shape[0] < 2:  # noqa: PLR2004 - a standard deviation needs two rows
        return np.zeros(values.shape[1])
    finite = np.where(np.isfinite(values), values, np.nan)
    with np.errstate(invalid="ignore"):
        sd = np.nanstd(finite, axis=0, ddof=1)
    return np.asarray(z * np.nan_to_num(sd), dtype=np.float64)


def _check_sizes(t: Iterable[float] | None, units: int) -> FloatArray:
    if t is None:
        return default_sizes(units)
    values = []
    for x in t:
        if isinstance(x, bool) or not isinstance(
            x, (int, float, np.integer, np.floating)
        ):
            raise SaturationError(f"t must hold numbers of units, not {x!r}")
        value = float(x)
        if not value >= 0.0 or math.isinf(value):
            raise SaturationError(
                f"t must hold finite numbers of units >= 0, not {x!r}"
            )
        values.append(value)
    return np.asarray(sorted(set(values)), dtype=np.float64)


def default_sizes(units: int) -> FloatArray:
    """Return iNEXT's default sizes: 1 to 2T (every whole number up to 40 knots), with T."""
    if units == 0:
        return np.zeros(0)
    end = 2 * units
    if end <= 40:  # noqa: PLR2004 - iNEXT's 40 knots
        return np.arange(1, end + 1, dtype=np.float64)
    below = np.floor(np.linspace(1, units - 1, 19))
    above = np.floor(np.linspace(units + 1, end, 20))
    return np.unique(np.concatenate([below, [units], above]))


def rarefaction(
    incidence: Incidence,
    t: Iterable[float] | None = None,
    *,
    conf: float = 0.95,
    replicates: int = 200,
    seed: int | None = None,
) -> tuple[RarefactionRow, ...]:
    r"""Return the expected codes, coverage and share found at `t` units, with intervals.

    The size-based table of iNEXT (Hsieh, Ma & Chao 2016) for incidence data:
    sample-based rarefaction below the units analysed, the observed value at
    them and the Chao et al. (2014) extrapolation above, each with a bootstrap
    interval.

    Parameters
    ----------
    incidence : Incidence
        The incidence data (frequencies suffice).
    t : iterable of float, optional
        The numbers of units; by default every whole number from 1 to
        :math:`2T` (or iNEXT's 40 knots when :math:`2T > 40`), always with
        :math:`T`.
    conf : float, default 0.95
        The confidence level of the intervals.
    replicates : int, default 200
        Bootstrap replicates (0 gives intervals of zero width).
    seed : int, optional
        Seed of the bootstrap; the same seed gives the same intervals.

    Returns
    -------
    tuple of RarefactionRow
        One row per size, in increasing `t`.

    Raises
    ------
    SaturationError
        If a size is negative or not finite, `conf` is outside (0, 1) or
        `replicates` is negative.

    See Also
    --------
    expected_codes, coverage, sources_needed, share_observed

    Notes
    -----
    The point estimates are :func:`expected_codes` and :func:`coverage`; the
    share is :math:`\hat S(t)/\hat S_{Chao2}`, the expected share of all codes
    found, the quantity Lowe et al. (2018) propose to report as the degree of
    saturation (they estimate the total with their own model; here it is
    Chao2).  For the intervals, :math:`B` bootstrap frequency vectors are
    drawn from the estimated detection probabilities (iNEXT's ``EstiBootComm.Sam``),
    :math:`Y^*_i \sim \mathrm{Binomial}(T, \hat\pi_i)`; each quantity is
    recomputed from every vector, and the interval is the estimate
    :math:`\pm z\,\mathrm{sd}^*` (iNEXT's construction), clipped to
    :math:`[0, \infty)` for codes and :math:`[0, 1]` for coverage and share.
    At :math:`t = T` the interval reflects how many codes another study of
    the same size would find, so its width is positive whenever any code is
    uncertain.  All of it assumes exchangeable units.

    References
    ----------
    .. [1] Chao, A., Gotelli, N. J., Hsieh, T. C., Sander, E. L., Ma, K. H.,
       Colwell, R. K. & Ellison, A. M. (2014). Rarefaction and extrapolation
       with Hill numbers: a framework for sampling and estimation in species
       diversity studies. *Ecological Monographs* 84, 45-67.
       https://doi.org/10.1890/13-0133.1
    .. [2] Hsieh, T. C., Ma, K. H. & Chao, A. (2016). iNEXT: an R package for
       rarefaction and extrapolation of species diversity (Hill numbers).
       *Methods in Ecology and Evolution* 7, 1451-1456.
       https://doi.org/10.1111/2041-210X.12613
    .. [3] Lowe, A., Norris, A. C., Farris, A. J. & Babbage, D. R. (2018).
       Quantifying thematic saturation in qualitative data analysis.
       *Field Methods* 30(3), 191-207. https://doi.org/10.1177/1525822X17749386

    Examples
    --------
    >>> from gtgraph.saturation import Incidence, rarefaction
    >>> inc = Incidence.from_frequencies(5, [3, 1, 2, 1, 5, 1])
    >>> rows = rarefaction(inc, t=[1, 5, 10], seed=1)
    >>> [(r.t, r.method, round(r.codes, 4)) for r in rows]
    [(1.0, 'interpolated', 2.6), (5.0, 'observed', 6.0), (10.0, 'extrapolated', 7.9344)]
    >>> rows[1].codes_low < rows[1].codes < rows[1].codes_high
    True
    >>> rows == rarefaction(inc, t=[1, 5, 10], seed=1)
    True
    """
    z = z_value(conf)
    units = incidence.T
    sizes = _check_sizes(t, units)
    boot = bootstrap(incidence, replicates, seed)
    return rows_from_bootstrap(incidence, sizes, boot, z)


def _point_share(incidence: Incidence, codes: float) -> float:
    total = incidence.S_obs + _unseen(incidence)
    return min(1.0, codes / total) if total > 0 else 0.0


def rows_from_bootstrap(
    incidence: Incidence, sizes: FloatArray, boot: Bootstrap, z: float
) -> tuple[RarefactionRow, ...]:
    units = incidence.T
    codes_b, cover_b, share_b = curves(boot.counts, units, sizes)
    d_codes, d_cover, d_share = (spread(x, z) for x in (codes_b, cover_b, share_b))
    rows = []
    for k, size in enumerate(sizes):
        codes = expected_codes(incidence, float(size))
        cover = coverage(incidence, float(size)) if incidence.U else 0.0
        share = _point_share(incidence, codes)
        method = (
            "interpolated"
            if size < units
            else "observed"
            if size == units
            else "extrapolated"
        )
        rows.append(
            RarefactionRow(
                t=float(size),
                method=method,
                codes=codes,
                codes_low=max(0.0, codes - float(d_codes[k])),
                codes_high=codes + float(d_codes[k]),
                coverage=cover,
                coverage_low=max(0.0, cover - float(d_cover[k])),
                coverage_high=min(1.0, cover + float(d_cover[k])),
                share=share,
                share_low=max(0.0, share - float(d_share[k])),
                share_high=min(1.0, share + float(d_share[k])),
            )
        )
    return tuple(rows)
