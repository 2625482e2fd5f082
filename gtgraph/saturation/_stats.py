"""Small numerical routines: normal quantiles, the log-normal interval, binomial tails."""

from __future__ import annotations

import math
from collections.abc import Mapping
from statistics import NormalDist

from gtgraph.saturation._errors import SaturationError

__all__ = [
    "Z95",
    "binomial_upper_tail",
    "lognormal_interval",
    "observed_interval",
    "z_value",
]

#: The 97.5th percentile of the standard normal distribution, Phi^-1(0.975), to
#: double precision (R's ``qnorm(0.975)`` prints 1.959964).
Z95 = 1.959963984540054


def z_value(conf: float) -> float:
    """Return the two-sided normal quantile for confidence level `conf`."""
    if not 0.0 < conf < 1.0:
        raise SaturationError(f"conf must lie strictly between 0 and 1, not {conf!r}")
    if conf == 0.95:  # noqa: PLR2004 - the common case, exact to the last digit
        return Z95
    return NormalDist().inv_cdf(0.5 + conf / 2.0)


def lognormal_interval(
    observed: float, estimate: float, variance: float, z: float
) -> tuple[float, float]:
    r"""Return Chao's (1987) log-normal interval, whose lower end is at least `observed`.

    With :math:`f_0 = \hat S - S_{obs}` and
    :math:`K = \exp(z \sqrt{\ln(1 + \widehat{var}/f_0^2)})` the interval is
    :math:`[S_{obs} + f_0/K,\ S_{obs} + f_0 K]`.
    """
    f0 = estimate - observed
    k = math.exp(z * math.sqrt(math.log1p(variance / (f0 * f0))))
    return observed + f0 / k, observed + f0 * k


def observed_interval(
    counts: Mapping[int, int], units: int, observed: int, z: float
) -> tuple[float, float, float] | None:
    r"""Return (variance, low, high) for an estimate equal to the observed count.

    When an estimator adds nothing to :math:`S_{obs}` the log-normal interval is
    degenerate; iNEXT and SpadeR then use a Poisson-based variance of
    :math:`S_{obs}`,

    .. math::

        \widehat{var} = \sum_k Q_k (e^{-k} - e^{-2k})
                         - \frac{1}{T}\Big(\sum_k k e^{-k} Q_k\Big)^2,
        \qquad P = \frac{1}{S_{obs}} \sum_k Q_k e^{-k},

    and the interval :math:`[\max(S_{obs}, S_{obs}/(1-P) - z\sqrt{var}/(1-P)),\
    S_{obs}/(1-P) + z\sqrt{var}/(1-P)]`.  ``None`` when there is nothing
    observed or the variance is not positive.
    """
    if observed == 0 or units == 0:
        return None
    spread = sum(q * (math.exp(-k) - math.exp(-2 * k)) for k, q in counts.items())
    mean_term = sum(k * math.exp(-k) * q for k, q in counts.items())
    variance = spread - mean_term * mean_term / units
    if not variance > 0.0:
        return None
    p = sum(q * math.exp(-k) for k, q in counts.items()) / observed
    centre = observed / (1.0 - p)
    half = z * math.sqrt(variance) / (1.0 - p)
    return variance, max(float(observed), centre - half), centre + half


def binomial_upper_tail(n: int, p: float, k: int) -> float:
    r"""Return P(X >= k) for X ~ Binomial(n, p), summed in log space.

    The lower tail :math:`\sum_{j<k} \binom{n}{j} p^j (1-p)^{n-j}` is summed
    term by term from logarithms (so nothing underflows for large `n`) and
    subtracted from one.
    """
    if k <= 0:
        return 1.0
    if n < k:
        return 0.0
    if p <= 0.0:
        return 0.0
    if p >= 1.0:
        return 1.0
    log_p = math.log(p)
    log_q = math.log1p(-p)
    log_terms = [
        math.lgamma(n + 1)
        - math.lgamma(j + 1)
        - math.lgamma(n - j + 1)
        + j * log_p
        + (n - j) * log_q
        for j in range(k)
    ]
    top = max(log_terms)
    lower = math.exp(top) * math.fsum(math.exp(t - top) for t in log_terms)
    return max(0.0, 1.0 - lower)
