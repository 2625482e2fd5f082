"""Saturation: the methods researchers cite, on incidence data and on projects.

Codes (or categories, relationships, properties) are treated as species and
sampling units (interviews, documents) as samples.  The functions are pure:
they take an :class:`Incidence` and return numbers or frozen records.

- order-free estimators of the total number of codes: :func:`chao2`,
  :func:`jackknife`, :func:`ice` (each an :class:`Estimate`);
- coverage and curves: :func:`coverage`, :func:`expected_codes`,
  :func:`sources_for_coverage`, :func:`sources_for_fraction`,
  :func:`accumulation`;
- stopping rules that depend on the order of the units: :func:`guest`,
  :func:`francis`;
- intervals as iNEXT gives them: :func:`rarefaction`, :func:`share_observed`,
  :func:`sources_needed`;
- how the rules depend on their settings: :func:`sensitivity`;
- sample-size planning: :func:`fugard_potts_sample_size`,
  :func:`fugard_potts_power`, and after the fact
  :func:`fugard_potts_prevalence`;
- on a project: :func:`incidence` and :func:`report` (a
  :class:`SaturationReport`, also ``project.saturation()``).

The estimators assume units that are an exchangeable random sample; counting
codes measures code saturation, not theoretical saturation.  Read the results
as heuristics (see the explanation page on saturation).

Examples
--------
>>> from gtgraph.saturation import Incidence, chao2, coverage
>>> inc = Incidence.from_sources([{"a", "b"}, {"b", "c"}, {"b", "d"}, {"a"}])
>>> inc.S_obs, round(coverage(inc), 3), round(chao2(inc).value, 3)
(4, 0.786, 5.5)
"""

from __future__ import annotations

from gtgraph.saturation._accumulation import (
    Accumulation,
    PointDistribution,
    accumulation,
)
from gtgraph.saturation._bootstrap import Interval, RarefactionRow, rarefaction
from gtgraph.saturation._categories import CategoryRow
from gtgraph.saturation._curves import (
    coverage,
    expected_codes,
    sources_for_coverage,
    sources_for_fraction,
)
from gtgraph.saturation._errors import OrderUnknownError, SaturationError
from gtgraph.saturation._estimators import Estimate, chao2, ice, jackknife
from gtgraph.saturation._history import Creation, MeaningRow
from gtgraph.saturation._incidence import Incidence
from gtgraph.saturation._intervals import share_observed, sources_needed
from gtgraph.saturation._power import (
    fugard_potts_power,
    fugard_potts_prevalence,
    fugard_potts_sample_size,
)
from gtgraph.saturation._power_info import (
    InformationPower,
    information_power,
    record_information_power,
)
from gtgraph.saturation._project import incidence
from gtgraph.saturation._report import SaturationReport, report
from gtgraph.saturation._rules import (
    FrancisResult,
    GuestResult,
    GuestRun,
    francis,
    guest,
)
from gtgraph.saturation._sensitivity import SensitivityRow, sensitivity

__all__ = [
    "Accumulation",
    "CategoryRow",
    "Creation",
    "Estimate",
    "FrancisResult",
    "GuestResult",
    "GuestRun",
    "Incidence",
    "InformationPower",
    "Interval",
    "MeaningRow",
    "OrderUnknownError",
    "PointDistribution",
    "RarefactionRow",
    "SaturationError",
    "SaturationReport",
    "SensitivityRow",
    "accumulation",
    "chao2",
    "coverage",
    "expected_codes",
    "francis",
    "fugard_potts_power",
    "fugard_potts_prevalence",
    "fugard_potts_sample_size",
    "guest",
    "ice",
    "incidence",
    "information_power",
    "jackknife",
    "rarefaction",
    "record_information_power",
    "report",
    "sensitivity",
    "share_observed",
    "sources_for_coverage",
    "sources_for_fraction",
    "sources_needed",
]
