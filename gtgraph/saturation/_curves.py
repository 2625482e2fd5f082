"""Coverage, rarefaction and extrapolation of the number of codes, and their inverses."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from gtgraph.saturation._errors import SaturationError
from gtgraph.saturation._incidence import Incidence

__all__ = [
    "coverage",
    "expected_codes",
    "sources_for_coverage",
    "sources_for_fraction",
]

FloatArray = npt.NDArray[np.float64]


def _unseen(incidence: Incidence) -> float:
    r"""Return the classic Chao2 estimate of unseen codes, :math:`\hat Q_0`."""
    t = incidence.T
    q1, q2 = incidence.Q(1), incidence.Q(2)
    if t == 0 or q1 == 0:
        return 0.0
    c = (t - 1) / t
    return c * q1 * (q1 - 1) / 2 if q2 == 0 else c * q1 * q1 / (2 * q2)


def _coverage_weight(incidence: Incidence) -> float:
    r"""Return :math:`A = T\hat Q_0 / (T\hat Q_0 + Q_1)` (1 when there are no uniques)."""
    q1 = incidence.Q(1)
    if q1 == 0:
        return 1.0
    tq0 = incidence.T * _unseen(incidence)
    return tq0 / (tq0 + q1)


def _is_number(x: object) -> bool:
    return not isinstance(x, bool) and isinstance(
        x, (int, float, np.integer, np.floating)
    )


def _check_size(t: float, what: str) -> float:
    if not _is_number(t):
        raise SaturationError(f"{what} must be a number of units, not {t!r}")
    value = float(t)
    if not value >= 0.0 or math.isinf(value):
        raise SaturationError(
            f"{what} must be a finite number of units >= 0, not {t!r}"
        )
    return value


def _check_share(value: float, what: str) -> float:
    """Return `value` as a float in (0, 1], or raise naming `what`."""
    if not _is_number(value) or not 0.0 < float(value) <= 1.0:
        raise SaturationError(f"{what} must lie in (0, 1], not {value!r}")
    return float(value)


def _survival_table(
    incidence: Incidence, upto: int, denominator_offset: int
) -> tuple[FloatArray, FloatArray, FloatArray]:
    r"""Return (frequencies y, weights Q_y, table[y, t]) with table = prod_{j<t} (T-y-j)/(T-offset-j).

    For offset 0 this is :math:`\binom{T-y}{t}/\binom{T}{t}`, the chance that a
    code seen in y of T units is missed by t units drawn without replacement;
    for offset 1 it is :math:`\binom{T-y}{t}/\binom{T-1}{t}`.  Products of
    factors below one are numerically stable, and a factor reaches exactly 0
    once t exceeds T-y.
    """
    counts = incidence.frequency_counts
    ys = np.fromiter(counts.keys(), dtype=np.float64, count=len(counts))
    qs = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
    t_units = incidence.T
    table = np.ones((len(ys), upto + 1), dtype=np.float64)
    if upto > 0 and len(ys):
        j = np.arange(upto, dtype=np.float64)
        factors = np.clip(t_units - ys[:, None] - j[None, :], 0.0, None) / (
            t_units - denominator_offset - j[None, :]
        )
        np.cumprod(factors, axis=1, out=table[:, 1:])
    return ys, qs, table


def rarefied_codes(incidence: Incidence, upto: int) -> FloatArray:
    """Return Mao's tau, the expected number of codes in t = 0..upto of the T units."""
    _, qs, table = _survival_table(incidence, upto, 0)
    return np.asarray(qs @ (1.0 - table), dtype=np.float64)


def rarefied_coverage(incidence: Incidence, upto: int) -> FloatArray:
    """Return the coverage of t = 0..upto (< T) of the T units."""
    ys, qs, table = _survival_table(incidence, upto, 1)
    return np.asarray(1.0 - (qs * ys / incidence.U) @ table, dtype=np.float64)


def _coverage_at(incidence: Incidence, t: float) -> float:
    units = incidence.T
    u = incidence.U
    q1 = incidence.Q(1)
    a = _coverage_weight(incidence)
    if t > units:
        return 1.0 - q1 / u * float(a ** (t - units + 1))
    if t == units:
        return 1.0 - q1 / u * a
    low = math.floor(t)
    values = rarefied_coverage(incidence, low)
    at_low = float(values[low])
    if t == low:
        return at_low
    high = low + 1
    at_high = (
        1.0 - q1 / u * a
        if high == units
        else float(rarefied_coverage(incidence, high)[high])
    )
    return (high - t) * at_low + (t - low) * at_high


def coverage(incidence: Incidence, t: float | None = None) -> float:
    r"""Return the estimated sample coverage of `t` units (Chao & Jost 2012).

    Coverage is the estimated share of all incidences in the population that
    belong to codes already found; :math:`1 - \hat C` estimates the chance
    that a code occurrence in the next unit is a new code.

    Parameters
    ----------
    incidence : Incidence
        The incidence data (frequencies suffice).
    t : float, optional
        The number of units; defaults to :math:`T`.  Below :math:`T` the
        coverage is interpolated (rarefied), above it extrapolated; a
        non-integer `t` below :math:`T` is interpolated linearly between its
        neighbours, as iNEXT does.

    Returns
    -------
    float
        The coverage, between 0 and 1.

    Raises
    ------
    SaturationError
        If there is no incidence at all (:math:`U = 0`: coverage is undefined)
        or `t` is negative or not finite.

    See Also
    --------
    sources_for_coverage, expected_codes

    Notes
    -----
    With :math:`U` incidences, :math:`Q_1` uniques, :math:`Q_2` duplicates
    and :math:`Y_i` the number of units code *i* occurs in (iNEXT's
    ``DataInfo`` and ``Chat.Sam``; Chao et al. 2014):

    .. math::

        \hat C(T) = 1 - \frac{Q_1}{U} A, \qquad
        A = \frac{T \hat Q_0}{T \hat Q_0 + Q_1}, \qquad
        \hat Q_0 = \begin{cases}
            \frac{T-1}{T} \frac{Q_1^2}{2 Q_2} & Q_2 > 0 \\
            \frac{T-1}{T} \frac{Q_1 (Q_1 - 1)}{2} & Q_2 = 0
        \end{cases}

    (:math:`\hat C = 1` when :math:`Q_1 = 0`), and

    .. math::

        \hat C(t) &= 1 - \sum_{i:\ T - Y_i \ge t} \frac{Y_i}{U}
                     \frac{\binom{T - Y_i}{t}}{\binom{T-1}{t}}
                     \quad (t < T), \\
        \hat C(T + t^*) &= 1 - \frac{Q_1}{U} A^{t^* + 1}.

    A single unit gives :math:`\hat C(T) = 1` by this convention, because
    nothing is known about what it missed: it is not evidence of saturation.
    The estimate assumes exchangeable units (see :func:`chao2`).

    References
    ----------
    .. [1] Chao, A. & Jost, L. (2012). Coverage-based rarefaction and
       extrapolation: standardizing samples by completeness rather than size.
       *Ecology* 93, 2533-2547. https://doi.org/10.1890/11-1952.1
    .. [2] Chao, A., Gotelli, N. J., Hsieh, T. C., Sander, E. L., Ma, K. H.,
       Colwell, R. K. & Ellison, A. M. (2014). *Ecological Monographs* 84,
       45-67. https://doi.org/10.1890/13-0133.1

    Examples
    --------
    >>> from gtgraph.saturation import Incidence, coverage
    >>> inc = Incidence.from_frequencies(5, [3, 1, 2, 1, 5, 1])
    >>> round(coverage(inc), 6), round(coverage(inc, 1), 6), round(coverage(inc, 10), 6)
    (0.802198, 0.538462, 0.908484)
    """
    units = incidence.T
    at = float(units) if t is None else _check_size(t, "t")
    if incidence.U == 0:
        raise SaturationError(
            "coverage is undefined without any coded unit: code at least one "
            "unit before asking for coverage"
        )
    # Sums of terms near 1 can land a rounding error outside [0, 1] (at t = 0
    # the exact value is 0); a proportion is clamped back into its range.
    return min(1.0, max(0.0, _coverage_at(incidence, at)))


def expected_codes(incidence: Incidence, t: float) -> float:
    r"""Return the expected number of distinct codes in `t` units.

    Below :math:`T` this is sample-based rarefaction (Mao's tau): exactly the
    mean, over all :math:`T!` orders of the units, of the number of codes seen
    in the first `t` of them.  Above :math:`T` it is the Chao et al. (2014)
    extrapolation, reliable up to about :math:`2T`.

    Parameters
    ----------
    incidence : Incidence
        The incidence data (frequencies suffice).
    t : float
        The number of units (non-negative; non-integer values below :math:`T`
        are interpolated linearly, as iNEXT does).

    Returns
    -------
    float
        The expected number of codes; :math:`S_{obs}` at :math:`t = T`.

    Raises
    ------
    SaturationError
        If `t` is negative or not finite.

    See Also
    --------
    coverage, accumulation, chao2

    Notes
    -----
    With :math:`Y_i` the number of units code *i* occurs in,

    .. math::

        \hat S(t) = \sum_i \left[1 - \frac{\binom{T - Y_i}{t}}{\binom{T}{t}}
                    \right] \quad (t \le T),
        \qquad
        \hat S(T + t^*) = S_{obs} + \hat Q_0 \left[1 - \left(1 -
            \frac{Q_1}{T \hat Q_0 + Q_1}\right)^{t^*}\right],

    where :math:`\binom{T-Y_i}{t} = 0` when :math:`t > T - Y_i` and
    :math:`\hat Q_0` is the classic Chao2 estimate of unseen codes (see
    :func:`coverage`).  When :math:`\hat Q_0 = 0` the extrapolation stays at
    :math:`S_{obs}`.  The extrapolation assumes exchangeable units.

    References
    ----------
    .. [1] Colwell, R. K., Mao, C. X. & Chang, J. (2004). Interpolating,
       extrapolating, and comparing incidence-based species accumulation
       curves. *Ecology* 85, 2717-2727. https://doi.org/10.1890/03-0557
    .. [2] Colwell, R. K., Chao, A., Gotelli, N. J., Lin, S.-Y., Mao, C. X.,
       Chazdon, R. L. & Longino, J. T. (2012). Models and estimators linking
       individual-based and sample-based rarefaction, extrapolation and
       comparison of assemblages. *Journal of Plant Ecology* 5, 3-21.
       https://doi.org/10.1093/jpe/rtr044
    .. [3] Chao, A. et al. (2014). *Ecological Monographs* 84, 45-67.
       https://doi.org/10.1890/13-0133.1

    Examples
    --------
    >>> from gtgraph.saturation import Incidence, expected_codes
    >>> inc = Incidence.from_frequencies(5, [3, 1, 2, 1, 5, 1])
    >>> [round(expected_codes(inc, t), 6) for t in (1, 2, 5, 10)]
    [2.6, 3.8, 6.0, 7.934408]
    """
    at = _check_size(t, "t")
    units = incidence.T
    observed = incidence.S_obs
    if observed == 0:
        return 0.0
    if at > units:
        q0 = _unseen(incidence)
        if q0 == 0.0:
            return float(observed)
        q1 = incidence.Q(1)
        kept = float((1.0 - q1 / (units * q0 + q1)) ** (at - units))
        return observed + q0 * (1.0 - kept)
    low = math.floor(at)
    high = min(low + 1, units)
    values = rarefied_codes(incidence, high)
    if at == low:
        return float(values[low])
    return float((high - at) * values[low] + (at - low) * values[high])


def sources_for_coverage(incidence: Incidence, target: float) -> float:
    r"""Return the number of units at which the estimated coverage reaches `target`.

    This is the sample size iNEXT 3's ``estimateD(base="coverage")`` reports:
    the total number of units (not the additional ones), non-integer and not
    rounded, and at least 1.

    Parameters
    ----------
    incidence : Incidence
        The incidence data (frequencies suffice).
    target : float
        The target coverage, in (0, 1].

    Returns
    -------
    float
        The number of units :math:`t` with :math:`\hat C(t) = ` `target`;
        :math:`T` when the target is the coverage at :math:`T`, and
        ``math.inf`` for a target of 1 that the data have not reached.

    Raises
    ------
    SaturationError
        If there is no incidence at all or `target` is outside (0, 1].

    See Also
    --------
    coverage, sources_for_fraction

    Notes
    -----
    Above :math:`\hat C(T)` the extrapolated coverage is inverted in closed
    form,

    .. math::

        t = T + \frac{\ln(U/Q_1) + \ln(1 - C^*)}{\ln A} - 1,
        \qquad A = \begin{cases}
            \frac{(T-1) Q_1}{(T-1) Q_1 + 2 Q_2} & Q_2 > 0 \\
            \frac{(T-1)(Q_1-1)}{(T-1)(Q_1-1) + 2} & Q_2 = 0.
        \end{cases}

    Below :math:`\hat C(T)`, iNEXT minimises :math:`|\hat C(t) - C^*|` on
    :math:`[0, T]` with R's ``optimize`` (tolerance about 1.2e-4, so its last
    printed digit can be off by one or two).  Here the rarefied coverage, which
    is linear between whole numbers of units, is inverted exactly: the
    bracketing whole numbers are found and the linear piece solved, which is
    the limit any minimiser converges to.

    References
    ----------
    .. [1] Chao, A. & Jost, L. (2012). *Ecology* 93, 2533-2547.
       https://doi.org/10.1890/11-1952.1
    .. [2] Hsieh, T. C., Ma, K. H. & Chao, A. (2016). *Methods in Ecology and
       Evolution* 7, 1451-1456. https://doi.org/10.1111/2041-210X.12613

    Examples
    --------
    >>> from gtgraph.saturation import Incidence, sources_for_coverage
    >>> inc = Incidence.from_frequencies(5, [3, 1, 2, 1, 5, 1])
    >>> round(sources_for_coverage(inc, 0.9), 4), round(sources_for_coverage(inc, 0.6), 4)
    (9.4249, 1.5333)
    """
    goal = _check_share(target, "target coverage")
    reference = coverage(incidence)
    units = incidence.T
    if goal == reference:
        result = float(units)
    elif goal > reference:
        q1, q2 = incidence.Q(1), incidence.Q(2)
        if q2 > 0:
            a = (units - 1) * q1 / ((units - 1) * q1 + 2 * q2)
        else:
            a = (units - 1) * (q1 - 1) / ((units - 1) * (q1 - 1) + 2)
        if goal == 1.0:
            return math.inf
        result = (
            units + (math.log(incidence.U / q1) + math.log1p(-goal)) / math.log(a) - 1
        )
    else:
        values = rarefied_coverage(incidence, units - 1)
        values = np.append(values, reference)
        above = int(np.argmax(values >= goal))
        low = above - 1
        result = low + (goal - values[low]) / (values[above] - values[low])
    return max(float(result), 1.0)


def sources_for_fraction(incidence: Incidence, g: float) -> float:
    r"""Return how many more units are expected to find a fraction `g` of all codes.

    The extrapolated curve of :func:`expected_codes` is inverted exactly for
    :math:`g \hat S_{Chao2}` codes.

    Parameters
    ----------
    incidence : Incidence
        The incidence data (frequencies suffice).
    g : float
        The fraction of the estimated total (classic Chao2), in (0, 1].

    Returns
    -------
    float
        The additional units :math:`t^*` beyond :math:`T` (non-integer); 0 when
        :math:`g \hat S \le S_{obs}`, and ``math.inf`` for :math:`g = 1` while
        codes remain unseen.

    Raises
    ------
    SaturationError
        If `g` is outside (0, 1].

    See Also
    --------
    chao2, expected_codes, sources_for_coverage

    Notes
    -----
    With :math:`\hat Q_0 = \hat S_{Chao2} - S_{obs}`,

    .. math::

        t^* = \frac{\ln\left[(1 - g)\hat S / \hat Q_0\right]}
                   {\ln\left[1 - Q_1 / (T \hat Q_0 + Q_1)\right]},

    the exact inverse of the extrapolation formula (Chao et al. 2009 give an
    approximation, :math:`\frac{T Q_1}{2 Q_2}\ln[\hat Q_0 / ((1-g)\hat S)]`,
    which is not used here).  The answer assumes exchangeable units and is
    reliable only for modest extrapolation (up to about :math:`T` more units).

    References
    ----------
    .. [1] Chao, A., Colwell, R. K., Lin, C.-W. & Gotelli, N. J. (2009).
       Sufficient sampling for asymptotic minimum species richness estimators.
       *Ecology* 90, 1125-1133. https://doi.org/10.1890/07-2147.1
    .. [2] Chao, A. & Colwell, R. K. (2017). Thirty years of progeny from
       Chao's inequality. *SORT* 41, 3-54.
       https://doi.org/10.2436/20.8080.02.49

    Examples
    --------
    >>> from gtgraph.saturation import Incidence, sources_for_fraction
    >>> inc = Incidence.from_frequencies(5, [3, 1, 2, 1, 5, 1])
    >>> round(sources_for_fraction(inc, 0.9), 4)
    8.5744
    """
    fraction = _check_share(g, "the fraction g")
    observed = incidence.S_obs
    q0 = _unseen(incidence)
    total = observed + q0
    if fraction * total <= observed:
        return 0.0
    if fraction == 1.0:
        return math.inf
    q1 = incidence.Q(1)
    return math.log((1.0 - fraction) * total / q0) / math.log1p(
        -q1 / (incidence.T * q0 + q1)
    )
