"""Agreement coefficients on tables and reliability data: Cohen's kappa, Krippendorff's alpha."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from gtgraph.errors import ValidationError

if TYPE_CHECKING:
    pass

__all__ = ["Table", "cohen_kappa", "krippendorff_alpha"]


@attrs.frozen
class Table:
    """Two coders' binary decisions on a set of units, as a 2 by 2 table.

    Attributes
    ----------
    both : int
        Units both coders coded (with the code in question).
    only_a, only_b : int
        Units only the first, or only the second, coder coded.
    neither : int
        Units neither coded.

    Examples
    --------
    >>> from gtgraph.reliability import Table
    >>> t = Table(both=1, only_a=1, only_b=3, neither=5)
    >>> t.n, t.percent
    (10, 0.6)
    """

    both: int = 0
    only_a: int = 0
    only_b: int = 0
    neither: int = 0

    @property
    def n(self) -> int:
        """The number of units (decisions)."""
        return self.both + self.only_a + self.only_b + self.neither

    def __add__(self, other: Table) -> Table:
        return Table(
            self.both + other.both,
            self.only_a + other.only_a,
            self.only_b + other.only_b,
            self.neither + other.neither,
        )

    @property
    def percent(self) -> float | None:
        """Proportion of units on which the coders agree (None with no units)."""
        return None if self.n == 0 else (self.both + self.neither) / self.n

    @property
    def kappa(self) -> float | None:
        """Cohen's kappa of the table (see :func:`cohen_kappa`)."""
        return cohen_kappa(self)

    @property
    def alpha(self) -> float | None:
        r"""Krippendorff's alpha of the table (nominal, two coders, no missing values).

        With :math:`N` units, :math:`n = 2N` values, :math:`n_1` and :math:`n_0`
        the numbers of values 1 and 0 and :math:`o_{01}` the number of units
        the coders disagree on,

        .. math:: \alpha = 1 - (n - 1) \frac{o_{01}}{n_0 n_1},

        which is the general formula of :func:`krippendorff_alpha` for this
        case.  None when :math:`n_0 n_1 = 0` (all values alike).
        """
        n0 = 2 * self.neither + self.only_a + self.only_b
        n1 = 2 * self.both + self.only_a + self.only_b
        if n0 * n1 == 0:
            return None
        return 1 - (2 * self.n - 1) * (self.only_a + self.only_b) / (n0 * n1)


def cohen_kappa(table: Table) -> float | None:
    r"""Return Cohen's (1960) kappa for two coders' binary decisions.

    Parameters
    ----------
    table : Table
        The 2 by 2 table of decisions.

    Returns
    -------
    float or None
        Kappa, or None when it is undefined: no units, or chance agreement
        :math:`p_e = 1` (both coders made the same single decision throughout).

    Notes
    -----
    .. math::

        \kappa = \frac{p_o - p_e}{1 - p_e}, \qquad
        p_o = \frac{a + d}{N}, \qquad
        p_e = \frac{(a + b)(a + c) + (c + d)(b + d)}{N^2}

    where :math:`a` is the number of units both coders coded, :math:`b` those
    only the first coded, :math:`c` those only the second coded, :math:`d`
    those neither coded, and :math:`N = a + b + c + d`.  :math:`p_o` is the
    observed agreement and :math:`p_e` the agreement expected if each coder
    decided independently at their own rate.  Kappa is 1 for perfect agreement,
    0 for chance agreement, and negative below chance.

    References
    ----------
    .. [1] Cohen, J. (1960). A coefficient of agreement for nominal scales.
       *Educational and Psychological Measurement*, 20(1), 37-46.
       https://doi.org/10.1177/001316446002000104

    Examples
    --------
    >>> from gtgraph.reliability import Table, cohen_kappa
    >>> round(cohen_kappa(Table(both=20, only_a=5, only_b=10, neither=15)), 4)
    0.4
    """
    n = table.n
    if n == 0:
        return None
    a, b, c, d = table.both, table.only_a, table.only_b, table.neither
    po = (a + d) / n
    pe = ((a + b) * (a + c) + (c + d) * (b + d)) / (n * n)
    if pe >= 1:
        return None
    return (po - pe) / (1 - pe)


def krippendorff_alpha(data: Sequence[Sequence[Any]]) -> float | None:
    r"""Return Krippendorff's alpha for nominal data, any number of coders, missing values allowed.

    Parameters
    ----------
    data : sequence of sequences
        Reliability data: one row per coder, one column per unit; None marks a
        missing value.  Values are any hashable labels.

    Returns
    -------
    float or None
        Alpha, or None when it is undefined: fewer than two pairable values, or
        every pairable value the same (no variation, so expected disagreement
        :math:`D_e = 0`).

    Raises
    ------
    ValidationError
        If the rows have different lengths.

    Notes
    -----
    Units with fewer than two values are not pairable and are left out.  With
    :math:`m_u` the number of values in unit :math:`u`, the coincidence matrix
    is

    .. math:: o_{ck} = \sum_u \frac{\text{number of ordered pairs of values } (c, k) \text{ in } u}{m_u - 1},

    :math:`n_c = \sum_k o_{ck}` and :math:`n = \sum_c n_c` (the number of
    pairable values).  For nominal data

    .. math::

        \alpha = 1 - \frac{D_o}{D_e}
               = 1 - (n - 1) \frac{\sum_{c \ne k} o_{ck}}{\sum_{c \ne k} n_c n_k}.

    Alpha is 1 for perfect agreement and 0 when the coders agree as often as
    chance predicts.

    References
    ----------
    .. [1] Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability.
       University of Pennsylvania, Annenberg School for Communication
       Departmental Papers 43. https://repository.upenn.edu/asc_papers/43
    .. [2] Hayes, A. F., & Krippendorff, K. (2007). Answering the call for a
       standard reliability measure for coding data. *Communication Methods and
       Measures*, 1(1), 77-89. https://doi.org/10.1080/19312450709336664

    Examples
    --------
    The binary example of Krippendorff (2011), section A:

    >>> from gtgraph.reliability import krippendorff_alpha
    >>> a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    >>> b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    >>> round(krippendorff_alpha([a, b]), 3)
    0.095
    """
    rows = [list(r) for r in data]
    if not rows:
        return None
    width = len(rows[0])
    if any(len(r) != width for r in rows):
        raise ValidationError(
            "reliability data need one value (or None) per unit for every coder; "
            "the rows have different lengths"
        )
    coincidence: dict[tuple[Any, Any], float] = {}
    for u in range(width):
        values = [r[u] for r in rows if r[u] is not None]
        m = len(values)
        if m < 2:  # noqa: PLR2004 - a unit needs a pair of values
            continue
        for i, c in enumerate(values):
            for j, k in enumerate(values):
                if i != j:
                    coincidence[c, k] = coincidence.get((c, k), 0.0) + 1 / (m - 1)
    totals: dict[Any, float] = {}
    for (c, _), o in coincidence.items():
        totals[c] = totals.get(c, 0.0) + o
    n = sum(totals.values())
    observed = sum(o for (c, k), o in coincidence.items() if c != k)
    expected = n * n - sum(t * t for t in totals.values())
    if n < 2 or expected <= 0:  # noqa: PLR2004 - alpha needs a pair of values
        return None
    return 1 - (n - 1) * observed / expected
