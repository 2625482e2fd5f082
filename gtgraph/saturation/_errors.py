"""The errors the saturation methods raise for questions the data cannot answer."""

from __future__ import annotations

from gtgraph.errors import ValidationError

__all__ = ["OrderUnknownError", "SaturationError"]


class SaturationError(ValidationError):
    """A saturation method cannot answer for these data or these options.

    Examples are a coverage asked of data without a single coded unit, a target
    outside its range, or a negative number of units.  The message names the
    method and the value and says what to do.
    """


class OrderUnknownError(SaturationError):
    """An order-dependent method was asked of incidence known only as frequencies.

    :meth:`Incidence.from_frequencies` keeps in how many units each code occurs
    but not which units, so the order in which codes first appeared (which the
    Guest and Francis rules and the as-coded and permuted accumulation curves
    need) is unknown.  Build the incidence with :meth:`Incidence.from_sources`.
    """
