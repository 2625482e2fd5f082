"""Fugard & Potts (2015): the binomial chance of seeing a theme, and the sample it needs."""

from __future__ import annotations

import math

from gtgraph.saturation._errors import SaturationError
from gtgraph.saturation._stats import binomial_upper_tail

__all__ = ["fugard_potts_power", "fugard_potts_prevalence", "fugard_potts_sample_size"]

_MAX_N = 10**9
#: How closely the inverted prevalence is bracketed.
_TOLERANCE = 1e-12


def _prevalence(p: float) -> float:
    if (
        isinstance(p, bool)
        or not isinstance(p, (int, float))
        or not 0.0 < float(p) <= 1.0
    ):
        raise SaturationError(f"prevalence must lie in (0, 1], not {p!r}")
    return float(p)


def _times(k: int) -> int:
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise SaturationError(
            f"k (times a theme must be seen) must be a whole number >= 1, not {k!r}"
        )
    return int(k)


def fugard_potts_power(n: int, prevalence: float, *, k: int = 1) -> float:
    r"""Return the chance of seeing a theme at least `k` times among `n` participants.

    Parameters
    ----------
    n : int
        The number of randomly sampled participants.
    prevalence : float
        The theme's prevalence *p* in the population, in (0, 1].
    k : int, default 1
        The number of participants who must express it.

    Returns
    -------
    float
        :math:`P(X \ge k)` for :math:`X \sim \mathrm{Binomial}(n, p)`.

    Raises
    ------
    SaturationError
        If `n` is negative, `prevalence` is outside (0, 1], or `k` < 1.

    See Also
    --------
    fugard_potts_sample_size

    Notes
    -----
    .. math::

        \mathrm{power}(n; p, k) = 1 - \sum_{j=0}^{k-1} \binom{n}{j}
                                  p^j (1-p)^{n-j}.

    The model assumes participants are sampled at random and that everyone who
    holds the theme voices it; a prevalence that already folds in the chance of
    voicing it is an application choice, not part of the formula.

    References
    ----------
    .. [1] Fugard, A. J. B. & Potts, H. W. W. (2015). Supporting thinking on
       sample sizes for thematic analyses: a quantitative tool. *International
       Journal of Social Research Methodology* 18(6), 669-684.
       https://doi.org/10.1080/13645579.2015.1005453

    Examples
    --------
    >>> from gtgraph.saturation import fugard_potts_power
    >>> round(fugard_potts_power(15, 0.25, k=2), 4)
    0.9198
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise SaturationError(
            f"n (participants) must be a whole number >= 0, not {n!r}"
        )
    return binomial_upper_tail(int(n), _prevalence(prevalence), _times(k))


def fugard_potts_sample_size(
    prevalence: float, *, k: int = 1, power: float = 0.8
) -> int:
    r"""Return the smallest sample giving `power` to see a theme at least `k` times.

    Parameters
    ----------
    prevalence : float
        The prevalence *p* of the least prevalent theme worth finding, in (0, 1].
    k : int, default 1
        The number of participants who must express it.
    power : float, default 0.8
        The required chance, in (0, 1).

    Returns
    -------
    int
        The smallest :math:`n` with :math:`P(\mathrm{Binomial}(n, p) \ge k)
        \ge` `power`.

    Raises
    ------
    SaturationError
        If an argument is out of range.

    See Also
    --------
    fugard_potts_power

    Notes
    -----
    The power grows with :math:`n`, so the answer is found by doubling and then
    bisection on whole numbers.  The paper's anchor: 80% power to see a theme
    of 10% prevalence at least twice needs 29 participants.

    References
    ----------
    .. [1] Fugard, A. J. B. & Potts, H. W. W. (2015). *International Journal of
       Social Research Methodology* 18(6), 669-684.
       https://doi.org/10.1080/13645579.2015.1005453

    Examples
    --------
    >>> from gtgraph.saturation import fugard_potts_sample_size
    >>> fugard_potts_sample_size(0.10, k=2)
    29
    """
    p = _prevalence(prevalence)
    times = _times(k)
    if (
        isinstance(power, bool)
        or not isinstance(power, (int, float))
        or not 0.0 < float(power) < 1.0
    ):
        raise SaturationError(f"power must lie strictly between 0 and 1, not {power!r}")
    goal = float(power)
    low, high = times - 1, times
    while binomial_upper_tail(high, p, times) < goal:
        low, high = high, 2 * high
        if high > _MAX_N:
            raise SaturationError(
                f"more than {_MAX_N} participants would be needed; check the prevalence"
            )
    # The power at `low` is below the goal and at `high` reaches it.
    while high - low > 1:
        mid = (low + high) // 2
        if binomial_upper_tail(mid, p, times) >= goal:
            high = mid
        else:
            low = mid
    return high


def fugard_potts_prevalence(n: int, *, k: int = 1, power: float = 0.8) -> float:
    r"""Return the smallest prevalence that `n` participants see `k` times with `power`.

    The Fugard & Potts (2015) calculation inverted for a study already done:
    themes at least this prevalent had at least a `power` chance of being
    expressed by `k` or more of the `n` participants; rarer ones could have
    been missed.

    Parameters
    ----------
    n : int
        The number of participants (or sources) analysed, at least `k`.
    k : int, default 1
        The number of participants who must express the theme.
    power : float, default 0.8
        The chance required, in (0, 1).

    Returns
    -------
    float
        The smallest :math:`p` with :math:`P(\mathrm{Binomial}(n, p) \ge k)
        \ge` `power`.

    Raises
    ------
    SaturationError
        If `n` < `k` or an argument is out of range.

    See Also
    --------
    fugard_potts_sample_size, fugard_potts_power

    Notes
    -----
    The power grows with :math:`p`, so :math:`p` is found by bisection to
    :math:`10^{-12}`; for :math:`k = 1` it is :math:`1 - (1 - \text{power})^{1/n}`
    exactly.  The same assumptions as :func:`fugard_potts_power` apply: random
    sampling, and everyone who holds a theme voices it.

    References
    ----------
    .. [1] Fugard, A. J. B. & Potts, H. W. W. (2015). *International Journal of
       Social Research Methodology* 18(6), 669-684.
       https://doi.org/10.1080/13645579.2015.1005453

    Examples
    --------
    >>> from gtgraph.saturation import fugard_potts_prevalence
    >>> round(fugard_potts_prevalence(10), 4)
    0.1487
    >>> fugard_potts_prevalence(29, k=2) <= 0.10 < fugard_potts_prevalence(28, k=2)
    True
    """
    times = _times(k)
    if isinstance(n, bool) or not isinstance(n, int) or n < times:
        raise SaturationError(
            f"n (participants) must be a whole number of at least k = {times}, not {n!r}"
        )
    if (
        isinstance(power, bool)
        or not isinstance(power, (int, float))
        or not 0.0 < float(power) < 1.0
    ):
        raise SaturationError(f"power must lie strictly between 0 and 1, not {power!r}")
    goal = float(power)
    if times == 1:
        return float(-math.expm1(math.log1p(-goal) / n))
    low, high = 0.0, 1.0
    while high - low > _TOLERANCE:
        mid = (low + high) / 2
        if binomial_upper_tail(n, mid, times) >= goal:
            high = mid
        else:
            low = mid
    return high
