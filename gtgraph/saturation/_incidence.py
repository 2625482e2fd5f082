"""Incidence data: which codes were observed in which sampling units, in order."""

from __future__ import annotations

import numbers
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping

import numpy as np
import numpy.typing as npt

from gtgraph.saturation._errors import OrderUnknownError, SaturationError

__all__ = ["Incidence"]

IntArray = npt.NDArray[np.int64]


def _as_count(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise SaturationError(f"{what} must be a whole number, not {value!r}")
    return int(value)


class Incidence:
    r"""Codes observed per sampling unit (interview, focus group, document), in order.

    The statistics treat a code as a species and a unit as a sampling unit: only
    whether a code occurs in a unit matters, not how many segments it has there.
    Build one with :meth:`from_sources` (units in coding order; everything is
    available) or :meth:`from_frequencies` (only the number of units each code
    occurs in; order-dependent methods then raise :class:`OrderUnknownError`).

    Attributes
    ----------
    T : int
        The number of sampling units, :math:`T`.
    S_obs : int
        The number of codes observed at least once, :math:`S_{obs}`.
    U : int
        The total number of incidences, :math:`U = \sum_i Y_i`, where
        :math:`Y_i` is the number of units in which code *i* occurs.
    freqs : tuple of int
        :math:`Y_i` for every observed code (codes in order of first
        appearance for :meth:`from_sources`, as given otherwise).
    codes : tuple or None
        The codes, in order of first appearance (``None`` for frequencies).
    units : tuple of frozenset or None
        The codes of each unit, in order (``None`` for frequencies).
    labels : tuple of str or None
        Names of the units, when given.
    has_order : bool
        Whether the order in which codes appeared is known.

    Examples
    --------
    >>> from gtgraph.saturation import Incidence
    >>> inc = Incidence.from_sources([{"a", "b"}, {"b", "c"}, {"b"}])
    >>> inc.T, inc.S_obs, inc.U, inc.Q(1)
    (3, 3, 5, 2)
    >>> inc.new_per_unit
    (2, 1, 0)
    >>> Incidence.from_frequencies(3, [1, 3, 1]).freqs
    (1, 3, 1)
    """

    __slots__ = (
        "_T",
        "_code_start",
        "_codes",
        "_counts",
        "_labels",
        "_pair_unit",
        "_units",
        "_y",
    )

    def __init__(
        self,
        units_count: int,
        freqs: IntArray,
        *,
        codes: tuple[Hashable, ...] | None = None,
        units: tuple[frozenset[Hashable], ...] | None = None,
        labels: tuple[str, ...] | None = None,
        pair_unit: IntArray | None = None,
        code_start: IntArray | None = None,
    ) -> None:
        # Private: use from_sources or from_frequencies.
        self._T = units_count
        self._y = freqs
        self._codes = codes
        self._units = units
        self._labels = labels
        self._pair_unit = pair_unit
        self._code_start = code_start
        self._counts: dict[int, int] = dict(
            sorted(Counter(int(v) for v in freqs).items())
        )

    # -- construction -------------------------------------------------------
    @classmethod
    def from_sources(
        cls,
        units: Iterable[Iterable[Hashable]],
        *,
        labels: Iterable[str] | None = None,
    ) -> Incidence:
        """Build incidence from the codes of each unit, units in coding order.

        Parameters
        ----------
        units : iterable of iterables of hashable
            For each sampling unit, in the order the units were coded, the codes
            (any hashable ids) observed in it.  Repeats within a unit count once.
        labels : iterable of str, optional
            A name for each unit (for reports and plots).

        Returns
        -------
        Incidence

        Raises
        ------
        SaturationError
            If `labels` is given with a different length than `units`.

        Examples
        --------
        >>> from gtgraph.saturation import Incidence
        >>> Incidence.from_sources([["x", "x", "y"], [], ["y"]]).freqs
        (1, 2)
        """
        index: dict[Hashable, int] = {}
        code_of_pair: list[int] = []
        unit_of_pair: list[int] = []
        unit_sets: list[frozenset[Hashable]] = []
        for u, unit in enumerate(units):
            seen = dict.fromkeys(unit)
            unit_sets.append(frozenset(seen))
            # setdefault numbers a code when it is first met, in order
            code_of_pair.extend([index.setdefault(code, len(index)) for code in seen])
            unit_of_pair.extend([u] * len(seen))
        n_units = len(unit_sets)
        label_tuple = None
        if labels is not None:
            label_tuple = tuple(str(x) for x in labels)
            if len(label_tuple) != n_units:
                raise SaturationError(
                    f"got {len(label_tuple)} labels for {n_units} units; "
                    "give one label per unit"
                )
        codes = np.asarray(code_of_pair, dtype=np.int64)
        # group the pairs by code; the stable sort keeps each code's units ascending
        by_code = np.argsort(codes, kind="stable")
        pair_unit = np.asarray(unit_of_pair, dtype=np.int64)[by_code]
        sizes = np.bincount(codes, minlength=len(index)).astype(np.int64)
        code_start = np.zeros(len(index), dtype=np.int64)
        if len(index) > 1:
            np.cumsum(sizes[:-1], out=code_start[1:])
        return cls(
            n_units,
            sizes,
            codes=tuple(index),
            units=tuple(unit_sets),
            labels=label_tuple,
            pair_unit=pair_unit,
            code_start=code_start,
        )

    @classmethod
    def from_pairs(
        cls,
        units_count: int,
        pair_unit: IntArray,
        pair_code: IntArray,
        codes: tuple[Hashable, ...],
        *,
        labels: tuple[str, ...] | None = None,
    ) -> Incidence:
        """Build incidence from (unit, code) pairs given as arrays, as large projects need.

        Parameters
        ----------
        units_count : int
            The number of units :math:`T` (units without any pair count too).
        pair_unit, pair_code : array of int
            One entry per (unit, code) observed, each pair once: the unit's
            position and the code's number, codes numbered in order of first
            appearance (in unit order).
        codes : tuple of hashable
            The code of each number.
        labels : tuple of str, optional
            A name for each unit.

        Returns
        -------
        Incidence
            The same as :meth:`from_sources` gives for the units these pairs
            describe.

        Examples
        --------
        >>> import numpy as np
        >>> from gtgraph.saturation import Incidence
        >>> inc = Incidence.from_pairs(3, np.array([0, 0, 2]), np.array([0, 1, 1]), ("x", "y"))
        >>> inc == Incidence.from_sources([["x", "y"], [], ["y"]])
        True
        """
        if pair_unit.size > 1 and bool(np.any(pair_unit[1:] < pair_unit[:-1])):
            by_unit = np.lexsort((pair_code, pair_unit))
            pair_unit, pair_code = pair_unit[by_unit], pair_code[by_unit]
        # pairs in unit order: a stable sort by code keeps each code's units ascending
        by_code = np.argsort(pair_code, kind="stable")
        sizes = np.bincount(pair_code, minlength=len(codes)).astype(np.int64)
        code_start = np.zeros(len(codes), dtype=np.int64)
        if len(codes) > 1:
            np.cumsum(sizes[:-1], out=code_start[1:])
        names = np.empty(len(codes), dtype=object)
        names[:] = codes
        unit_names = names[pair_code].tolist()
        bounds = np.searchsorted(pair_unit, np.arange(units_count + 1)).tolist()
        if labels is not None and len(labels) != units_count:
            raise SaturationError(
                f"got {len(labels)} labels for {units_count} units; give one label per unit"
            )
        return cls(
            units_count,
            sizes,
            codes=tuple(codes),
            units=tuple(
                frozenset(unit_names[bounds[u] : bounds[u + 1]])
                for u in range(units_count)
            ),
            labels=labels,
            pair_unit=pair_unit[by_code].astype(np.int64),
            code_start=code_start,
        )

    @classmethod
    def from_frequencies(cls, T: int, freqs: Iterable[int]) -> Incidence:  # noqa: N803 - T is the literature's symbol
        """Build incidence from the number of units in which each code occurs.

        This is iNEXT's ``incidence_freq`` and SpadeR's incidence-frequency
        format.  Estimators, coverage and the expected (order-free) curve work;
        the Guest and Francis rules and the as-coded or permuted curves need to
        know which units held which codes and raise :class:`OrderUnknownError`.

        Parameters
        ----------
        T : int
            The number of sampling units.
        freqs : iterable of int
            For each code, the number of units it occurs in (between 0 and `T`;
            zeros are dropped, as in iNEXT).

        Returns
        -------
        Incidence

        Raises
        ------
        SaturationError
            If `T` is negative, or a frequency is not a whole number in [0, T].

        Examples
        --------
        >>> from gtgraph.saturation import Incidence
        >>> inc = Incidence.from_frequencies(5, [3, 1, 2, 1, 5, 1, 0])
        >>> inc.S_obs, inc.U, inc.Q(1), inc.has_order
        (6, 13, 3, False)
        """
        n_units = _as_count(T, "T (the number of units)")
        if n_units < 0:
            raise SaturationError(f"T (the number of units) cannot be negative: {T!r}")
        values = []
        for value in freqs:
            y = _as_count(value, "a frequency")
            if not 0 <= y <= n_units:
                raise SaturationError(
                    f"a code cannot occur in {y} of {n_units} units; "
                    "each frequency must lie between 0 and T"
                )
            if y:
                values.append(y)
        return cls(n_units, np.asarray(values, dtype=np.int64))

    # -- the literature's quantities ----------------------------------------
    @property
    def T(self) -> int:  # noqa: N802 - T is the literature's symbol
        """The number of sampling units."""
        return self._T

    @property
    def S_obs(self) -> int:  # noqa: N802 - S_obs is the literature's symbol
        """The number of codes observed at least once."""
        return len(self._y)

    @property
    def U(self) -> int:  # noqa: N802 - U is the literature's symbol
        """The total number of incidences (code-unit pairs)."""
        return int(self._y.sum())

    def Q(self, k: int) -> int:  # noqa: N802 - Q_k is the literature's symbol
        """Return :math:`Q_k`, the number of codes observed in exactly `k` units.

        Examples
        --------
        >>> from gtgraph.saturation import Incidence
        >>> Incidence.from_frequencies(5, [3, 1, 2, 1, 5, 1]).Q(1)
        3
        """
        kk = _as_count(k, "k")
        if kk < 1:
            raise SaturationError(
                f"Q(k) counts codes seen in exactly k units, for k >= 1; got k={k!r}"
            )
        return self._counts.get(kk, 0)

    @property
    def frequency_counts(self) -> Mapping[int, int]:
        """``{k: Q_k}`` for every k with :math:`Q_k > 0`, in increasing k."""
        return dict(self._counts)

    @property
    def freqs(self) -> tuple[int, ...]:
        """The number of units each observed code occurs in."""
        return tuple(int(v) for v in self._y)

    @property
    def codes(self) -> tuple[Hashable, ...] | None:
        """The codes in order of first appearance, or ``None`` for frequencies."""
        return self._codes

    @property
    def units(self) -> tuple[frozenset[Hashable], ...] | None:
        """The codes of each unit in order, or ``None`` for frequencies."""
        return self._units

    @property
    def labels(self) -> tuple[str, ...] | None:
        """The names of the units, when given."""
        return self._labels

    @property
    def has_order(self) -> bool:
        """Whether the units (and so the order of first appearances) are known."""
        return self._pair_unit is not None

    @property
    def new_per_unit(self) -> tuple[int, ...]:
        """The number of codes first observed in each unit, in order.

        Raises
        ------
        OrderUnknownError
            If the incidence was built from frequencies.
        """
        return tuple(int(v) for v in self.new_counts("new_per_unit"))

    # -- internal accessors used by the methods -----------------------------
    def pairs(self, method: str) -> tuple[IntArray, IntArray]:
        """Return (unit of each code-unit pair grouped by code, start of each code).

        Raises :class:`OrderUnknownError` naming `method` for frequencies.
        """
        if self._pair_unit is None or self._code_start is None:
            raise OrderUnknownError(
                f"{method} needs to know which units held which codes, but this "
                "incidence was built from frequencies only; build it with "
                "Incidence.from_sources (units in coding order)"
            )
        return self._pair_unit, self._code_start

    def first_seen(self, method: str) -> IntArray:
        """Return the (0-based) unit in which each code was first seen, or raise naming `method`."""
        pair_unit, code_start = self.pairs(method)
        # each code's units are ascending, so its first pair is its first unit
        return pair_unit[code_start]

    def new_counts(self, method: str) -> IntArray:
        """Return the new-codes-per-unit vector, or raise naming `method`."""
        first = self.first_seen(method)
        return np.bincount(first, minlength=self._T).astype(np.int64)

    @property
    def y(self) -> IntArray:
        """The frequencies as a numpy array (read only by convention)."""
        return self._y

    # -- dunder -------------------------------------------------------------
    def __repr__(self) -> str:
        order = "" if self.has_order else ", order unknown"
        return f"Incidence(T={self.T}, S_obs={self.S_obs}, U={self.U}{order})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Incidence):
            return NotImplemented
        return (
            self._T == other._T
            and self.freqs == other.freqs
            and self._units == other._units
        )

    def __hash__(self) -> int:
        return hash((self._T, self.freqs, self._units))
