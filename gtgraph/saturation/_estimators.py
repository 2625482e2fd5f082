"""Estimators of the total number of codes: Chao2, the jackknives and ICE.

Codes are species and sampling units (interviews) are samples; the estimators
use only incidence frequencies, so the order of the units does not matter.  The
point estimates, standard errors and 95% intervals follow iNEXT 3.0
(``ChaoRichness``) and SpadeR (``ChaoSpecies``) exactly: analytic variances and
Chao's (1987) log-normal interval, not bootstrap values.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import attrs

from gtgraph.saturation._errors import SaturationError
from gtgraph.saturation._incidence import Incidence
from gtgraph.saturation._stats import lognormal_interval, observed_interval, z_value

__all__ = ["Estimate", "chao2", "ice", "jackknife"]

# SpadeR treats an estimate as equal to S_obs when they agree to 5 decimals.
_SAME = 5e-6


def _optional(x: float | None) -> float | None:
    return None if x is None else float(x)


@attrs.frozen
class Estimate:
    """An estimate of the total number of codes, with its standard error and interval.

    Attributes
    ----------
    value : float
        The point estimate.
    se : float or None
        The estimated standard error (``None`` where it is undefined).
    ci_low, ci_high : float or None
        The ends of the confidence interval (``None`` where it is undefined).

    Examples
    --------
    >>> from gtgraph.saturation import Estimate
    >>> Estimate(9.6, 4.2, 6.4, 28.7).value
    9.6
    """

    value: float = attrs.field(converter=float)
    se: float | None = attrs.field(default=None, converter=_optional)
    ci_low: float | None = attrs.field(default=None, converter=_optional)
    ci_high: float | None = attrs.field(default=None, converter=_optional)


def _finish(
    incidence: Incidence,
    estimate: float,
    variance: float | None,
    z: float,
) -> Estimate:
    """Attach the log-normal interval, or the observed-count interval when f0 = 0."""
    observed = incidence.S_obs
    if abs(estimate - observed) < _SAME:
        found = observed_interval(incidence.frequency_counts, incidence.T, observed, z)
        if found is None:
            return Estimate(estimate)
        var_obs, low, high = found
        return Estimate(estimate, math.sqrt(var_obs), low, high)
    if variance is None or not variance > 0.0:
        return Estimate(estimate)
    low, high = lognormal_interval(observed, estimate, variance, z)
    return Estimate(estimate, math.sqrt(variance), min(low, high), max(low, high))


def chao2(
    incidence: Incidence,
    *,
    bias_corrected: bool = False,
    small_sample: bool = True,
    conf: float = 0.95,
) -> Estimate:
    r"""Estimate the total number of codes with Chao2 (Chao 1987).

    The number of codes not yet seen is inferred from the uniques and the
    duplicates (codes seen in exactly one and two units).

    Parameters
    ----------
    incidence : Incidence
        The incidence data (frequencies suffice).
    bias_corrected : bool, default False
        Use the bias-corrected form Chao2-bc (Chao 2005) instead of the classic.
    small_sample : bool, default True
        Multiply by :math:`(T-1)/T`, as iNEXT and SpadeR do.  ``False`` gives
        Chao's (1987) original capture-recapture form.
    conf : float, default 0.95
        Confidence level of the interval.

    Returns
    -------
    Estimate
        The estimate, its analytic standard error and its log-normal interval.

    Raises
    ------
    SaturationError
        If `conf` is not strictly between 0 and 1.

    See Also
    --------
    jackknife, ice, sources_for_fraction

    Notes
    -----
    With :math:`T` units, :math:`S_{obs}` observed codes, :math:`Q_1` uniques,
    :math:`Q_2` duplicates and :math:`c = (T-1)/T` (or 1 when `small_sample`
    is false), the classic estimator, as in iNEXT's ``ChaoRichness`` and
    SpadeR's "Chao2 (Chao, 1987)", is

    .. math::

        \hat S = \begin{cases}
            S_{obs} + c\,\dfrac{Q_1^2}{2 Q_2} & Q_1 > 0,\ Q_2 > 0 \\[1ex]
            S_{obs} + c\,\dfrac{Q_1 (Q_1 - 1)}{2} & Q_1 > 1,\ Q_2 = 0 \\[1ex]
            S_{obs} & \text{otherwise,}
        \end{cases}

    and the bias-corrected form (SpadeR's "Chao2-bc") is always
    :math:`S_{obs} + c\,Q_1(Q_1-1)/(2(Q_2+1))`.

    The variance for :math:`Q_1, Q_2 > 0`, with :math:`r = Q_1/Q_2`, is
    :math:`Q_2 [c r^2/2 + c^2 r^3 + c^2 r^4/4]`; for :math:`Q_1 > 1, Q_2 = 0`
    it is :math:`c Q_1(Q_1-1)/2 + c^2 Q_1(2Q_1-1)^2/4 - c^2 Q_1^4/(4\hat S)`;
    for Chao2-bc it is
    :math:`c Q_1(Q_1-1)/(2(Q_2+1)) + c^2 Q_1(2Q_1-1)^2/(4(Q_2+1)^2)
    + c^2 Q_1^2 Q_2 (Q_1-1)^2/(4(Q_2+1)^4)`.
    The interval is Chao's (1987) log-normal one: with
    :math:`f_0 = \hat S - S_{obs}` and
    :math:`K = \exp(z\sqrt{\ln(1 + \widehat{var}/f_0^2)})`,
    :math:`[S_{obs} + f_0/K,\ S_{obs} + f_0 K]`, where
    :math:`z = \Phi^{-1}((1+\mathrm{conf})/2)` (1.959964 at 95%).  When
    :math:`\hat S = S_{obs}` the Poisson-based interval of iNEXT and SpadeR
    for the observed count is used instead (its ``se`` is ``None`` when that
    variance is not positive).

    Assumptions: units are a random, exchangeable sample of the population of
    possible informants, and a code's chance of turning up is constant across
    units.  Theoretical or purposive sampling breaks this: read the result as
    a heuristic.  With no code observed the estimate is 0 with no interval.

    References
    ----------
    .. [1] Chao, A. (1987). Estimating the population size for
       capture-recapture data with unequal catchability. *Biometrics* 43,
       783-791. https://doi.org/10.2307/2531532
    .. [2] Chao, A., Gotelli, N. J., Hsieh, T. C., Sander, E. L., Ma, K. H.,
       Colwell, R. K. & Ellison, A. M. (2014). Rarefaction and extrapolation
       with Hill numbers. *Ecological Monographs* 84, 45-67.
       https://doi.org/10.1890/13-0133.1
    .. [3] Hsieh, T. C., Ma, K. H. & Chao, A. (2016). iNEXT: an R package for
       rarefaction and extrapolation of species diversity. *Methods in Ecology
       and Evolution* 7, 1451-1456. https://doi.org/10.1111/2041-210X.12613

    Examples
    --------
    >>> from gtgraph.saturation import Incidence, chao2
    >>> inc = Incidence.from_frequencies(5, [3, 1, 2, 1, 5, 1])
    >>> round(chao2(inc).value, 6), round(chao2(inc, bias_corrected=True).value, 6)
    (9.6, 7.2)
    """
    z = z_value(conf)
    observed = incidence.S_obs
    if observed == 0:
        return Estimate(0.0)
    t = incidence.T
    c = (t - 1) / t if small_sample else 1.0
    q1, q2 = incidence.Q(1), incidence.Q(2)
    variance: float | None
    if bias_corrected:
        f0 = c * q1 * (q1 - 1) / (2 * (q2 + 1))
        variance = (
            c * q1 * (q1 - 1) / (2 * (q2 + 1))
            + c * c * q1 * (2 * q1 - 1) ** 2 / (4 * (q2 + 1) ** 2)
            + c * c * q1 * q1 * q2 * (q1 - 1) ** 2 / (4 * (q2 + 1) ** 4)
        )
    elif q1 > 0 and q2 > 0:
        f0 = c * q1 * q1 / (2 * q2)
        r = q1 / q2
        variance = q2 * (c * r**2 / 2 + c * c * r**3 + c * c * r**4 / 4)
    elif q1 > 1:
        f0 = c * q1 * (q1 - 1) / 2
        estimate = observed + f0
        variance = (
            c * q1 * (q1 - 1) / 2
            + c * c * q1 * (2 * q1 - 1) ** 2 / 4
            - c * c * q1**4 / (4 * estimate)
        )
    else:
        f0, variance = 0.0, None
    return _finish(incidence, observed + f0, variance, z)


def _delta_variance(
    counts: Mapping[int, int], gradient: Callable[[int], float], estimate: float
) -> float:
    r"""Return :math:`\sum_j g_j^2 Q_j - (\sum_j g_j Q_j)^2 / \hat S`.

    This is :math:`g^\top \Sigma g` for the multinomial-type covariance
    :math:`\mathrm{cov}(Q_i, Q_j) = Q_i(\delta_{ij} - Q_j/\hat S)` that SpadeR
    uses for every delta-method variance.
    """
    square = math.fsum(gradient(k) ** 2 * q for k, q in counts.items())
    linear = math.fsum(gradient(k) * q for k, q in counts.items())
    return square - linear * linear / estimate


def jackknife(incidence: Incidence, *, order: int = 1, conf: float = 0.95) -> Estimate:
    r"""Estimate the total number of codes with the first- or second-order jackknife.

    Parameters
    ----------
    incidence : Incidence
        The incidence data (frequencies suffice).
    order : {1, 2}, default 1
        The order of the jackknife.
    conf : float, default 0.95
        Confidence level of the interval.

    Returns
    -------
    Estimate
        The estimate, its delta-method standard error and log-normal interval,
        as SpadeR's "1st/2nd order jackknife" rows print them.

    Raises
    ------
    SaturationError
        If `order` is not 1 or 2, if the second order is asked of fewer than two
        units, or if `conf` is not strictly between 0 and 1.

    See Also
    --------
    chao2, ice

    Notes
    -----
    With :math:`T` units, :math:`S_{obs}` observed codes and :math:`Q_k` codes
    seen in exactly :math:`k` units (Burnham & Overton 1978; incidence form of
    Smith & van Belle 1984):

    .. math::

        \hat S_{jack1} &= S_{obs} + Q_1 \frac{T-1}{T}, \\
        \hat S_{jack2} &= S_{obs} + Q_1 \frac{2T-3}{T}
                          - Q_2 \frac{(T-2)^2}{T(T-1)}.

    The variance is SpadeR's delta-method one,
    :math:`\sum_k g_k^2 Q_k - (\sum_k g_k Q_k)^2/\hat S` with
    :math:`g_k = \partial \hat S / \partial Q_k` (so :math:`g_1 = 1 + (T-1)/T`
    for the first order; :math:`g_1 = 1 + (2T-3)/T`, :math:`g_2 = 1 -
    (T-2)^2/(T(T-1))` for the second; 1 otherwise), and the interval is the
    log-normal one described in :func:`chao2`.  The second-order estimate can
    fall below :math:`S_{obs}` when duplicates outnumber uniques; the interval's
    ends are then given in increasing order.  Undefined variances give ``None``.

    References
    ----------
    .. [1] Burnham, K. P. & Overton, W. S. (1978). Estimation of the size of a
       closed population when capture probabilities vary among animals.
       *Biometrika* 65, 625-633. https://doi.org/10.1093/biomet/65.3.625
    .. [2] Smith, E. P. & van Belle, G. (1984). Nonparametric estimation of
       species richness. *Biometrics* 40, 119-129.
       https://doi.org/10.2307/2530750

    Examples
    --------
    >>> from gtgraph.saturation import Incidence, jackknife
    >>> inc = Incidence.from_frequencies(5, [3, 1, 2, 1, 5, 1])
    >>> round(jackknife(inc).value, 6), round(jackknife(inc, order=2).value, 6)
    (8.4, 9.75)
    """
    z = z_value(conf)
    if order not in (1, 2):
        raise SaturationError(f"jackknife order must be 1 or 2, not {order!r}")
    observed = incidence.S_obs
    if observed == 0:
        return Estimate(0.0)
    t = incidence.T
    q1, q2 = incidence.Q(1), incidence.Q(2)
    if order == 1:
        a1 = (t - 1) / t
        estimate = observed + q1 * a1
        weights = {1: 1.0 + a1}
    else:
        if t < 2:  # noqa: PLR2004 - the second order needs two units
            raise SaturationError(
                "the second-order jackknife needs at least 2 units; "
                f"this incidence has {t}"
            )
        a1 = (2 * t - 3) / t
        a2 = (t - 2) ** 2 / (t * (t - 1))
        estimate = observed + q1 * a1 - q2 * a2
        weights = {1: 1.0 + a1, 2: 1.0 - a2}
    variance = _delta_variance(
        incidence.frequency_counts, lambda k: weights.get(k, 1.0), estimate
    )
    return _finish(incidence, estimate, variance, z)


@attrs.frozen
class _IceGradient:
    r"""The derivative of the ICE estimate in :math:`Q_j`, for the delta method.

    By the chain rule through :math:`N_{infr}`, :math:`S_{infr}`,
    :math:`\sum j(j-1)Q_j`, :math:`Q_1` and the coverage; the coverage's
    derivative is that of its :math:`Q_2 > 0` form, as in SpadeR.
    """

    t: int
    k: int
    q1: int
    q2: int
    n_infr: int
    s_infr: int
    s2: int
    cover: float
    heterogeneous: bool

    def __call__(self, j: int) -> float:
        if j > self.k:
            return 1.0
        t, q1, n, cover = self.t, self.q1, self.n_infr, self.cover
        m = (t - 1) * q1 + 2 * self.q2
        d_q1 = 1.0 if j == 1 else 0.0
        d_m = (t - 1) * d_q1 + (2.0 if j == 2 else 0.0)  # noqa: PLR2004 - Q_2
        d_cover = (
            -(t - 1)
            * (2 * q1 * d_q1 * n * m - q1 * q1 * (j * m + n * d_m))
            / (n * m) ** 2
        )
        d = (cover - self.s_infr * d_cover) / cover**2
        if self.heterogeneous:
            kappa = t / (t - 1)
            num = q1 * self.s_infr * self.s2
            den = cover * cover * n * (n - 1)
            d_num = (
                d_q1 * self.s_infr * self.s2
                + q1 * self.s2
                + q1 * self.s_infr * j * (j - 1)
            )
            d_den = 2 * cover * d_cover * n * (n - 1) + cover * cover * j * (2 * n - 1)
            d += kappa * (d_num * den - num * d_den) / den**2
            d -= (d_q1 * cover - q1 * d_cover) / cover**2
        return d


def ice(incidence: Incidence, *, k: int = 10, conf: float = 0.95) -> Estimate:
    r"""Estimate the total number of codes with ICE, the incidence coverage estimator.

    Codes seen in at most `k` units are "infrequent"; only they inform the
    number of unseen codes, through their sample coverage and the estimated
    heterogeneity (squared coefficient of variation) of their detection rates.

    Parameters
    ----------
    incidence : Incidence
        The incidence data (frequencies suffice).
    k : int, default 10
        The cut-off: codes seen in at most `k` units are infrequent.
    conf : float, default 0.95
        Confidence level of the interval.

    Returns
    -------
    Estimate
        The estimate, its delta-method standard error and log-normal interval,
        as SpadeR's "ICE (Lee & Chao, 1994)" row prints them.

    Raises
    ------
    SaturationError
        If `k` is not a positive whole number or `conf` is not strictly between
        0 and 1.

    See Also
    --------
    chao2, jackknife

    Notes
    -----
    This is the **SpadeR variant** (Chao & Chiu 2016, eq. 12b), which improves
    the coverage estimate of the classic EstimateS form (Lee & Chao 1994;
    Chazdon et al. 1998) and differs from it noticeably on sparse data.  With
    :math:`S_{infr}` infrequent codes, :math:`S_{freq} = S_{obs} - S_{infr}`,
    :math:`N_{infr} = \sum_{j \le k} j Q_j`, and

    .. math::

        A = \begin{cases}
            \dfrac{2 Q_2}{(T-1) Q_1 + 2 Q_2} & Q_1 > 0,\ Q_2 > 0 \\[1ex]
            \dfrac{2}{(T-1)(Q_1-1) + 2} & Q_1 > 0,\ Q_2 = 0 \\[1ex]
            1 & Q_1 = 0,
        \end{cases}
        \qquad
        \hat C_{infr} = 1 - \frac{Q_1}{N_{infr}} (1 - A),

    .. math::

        \hat\gamma^2 = \max\left\{\frac{S_{infr}}{\hat C_{infr}}
            \frac{T}{T-1}
            \frac{\sum_{j \le k} j (j-1) Q_j}{N_{infr}(N_{infr}-1)} - 1,\
            0\right\},
        \qquad
        \hat S_{ICE} = S_{freq} + \frac{S_{infr}}{\hat C_{infr}}
                       + \frac{Q_1}{\hat C_{infr}} \hat\gamma^2 .

    :math:`\hat\gamma^2` is 0 when every infrequent code is a unique, and the
    estimate is :math:`S_{obs}` when no code is infrequent.  The variance is
    SpadeR's delta-method one (see :func:`jackknife`), with the gradient of
    :math:`\hat S_{ICE}` in the :math:`Q_j`; as in SpadeR, the derivative of
    :math:`\hat C_{infr}` is that of its :math:`Q_2 > 0` form even when
    :math:`Q_2 = 0`.  The interval is the log-normal one of :func:`chao2`.

    References
    ----------
    .. [1] Lee, S.-M. & Chao, A. (1994). Estimating population size via sample
       coverage for closed capture-recapture models. *Biometrics* 50, 88-97.
       https://doi.org/10.2307/2533199
    .. [2] Chazdon, R. L., Colwell, R. K., Denslow, J. S. & Guariguata, M. R.
       (1998). Statistical methods for estimating species richness of woody
       regeneration in primary and secondary rain forests of NE Costa Rica.
       In *Forest Biodiversity Research, Monitoring and Modeling*, 285-309.
       Parthenon, Paris.
    .. [3] Chao, A. & Chiu, C.-H. (2016). Nonparametric estimation and
       comparison of species richness. *eLS*, 1-11.
       https://doi.org/10.1002/9780470015902.a0026329

    Examples
    --------
    >>> from gtgraph.saturation import Incidence, ice
    >>> inc = Incidence.from_frequencies(40, [1, 1, 1, 1, 1, 1, 5, 7, 8, 9])
    >>> round(ice(inc).value, 3)
    19.069
    """
    z = z_value(conf)
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise SaturationError(
            f"the ICE cut-off k must be a positive whole number, not {k!r}"
        )
    observed = incidence.S_obs
    if observed == 0:
        return Estimate(0.0)
    t = incidence.T
    counts = incidence.frequency_counts
    infrequent = {j: q for j, q in counts.items() if j <= k}
    s_infr = sum(infrequent.values())
    if s_infr == 0:
        return _finish(incidence, float(observed), None, z)
    s_freq = observed - s_infr
    n_infr = sum(j * q for j, q in infrequent.items())
    s2 = sum(j * (j - 1) * q for j, q in infrequent.items())
    q1, q2 = counts.get(1, 0), counts.get(2, 0)
    if q1 > 0 and q2 > 0:
        a = 2 * q2 / ((t - 1) * q1 + 2 * q2)
    elif q1 > 0:
        a = 2 / ((t - 1) * (q1 - 1) + 2)
    else:
        a = 1.0
    cover = 1 - q1 / n_infr * (1 - a)
    if s2 == 0:
        gamma2 = 0.0
    else:
        kappa = t / (t - 1)
        gamma2 = max(s_infr / cover * kappa * s2 / (n_infr * (n_infr - 1)) - 1, 0.0)
    estimate = s_freq + s_infr / cover + q1 / cover * gamma2
    if abs(estimate - observed) < _SAME:
        return _finish(incidence, estimate, None, z)

    gradient = _IceGradient(
        t=t,
        k=k,
        q1=q1,
        q2=q2,
        n_infr=n_infr,
        s_infr=s_infr,
        s2=s2,
        cover=cover,
        heterogeneous=gamma2 > 0.0,
    )
    variance = _delta_variance(counts, gradient, estimate)
    return _finish(incidence, estimate, variance, z)
