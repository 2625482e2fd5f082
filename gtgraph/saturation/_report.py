"""The saturation report of a project: every method, a per-category table and caveats."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal, TypeVar

import attrs

from gtgraph.project import Project
from gtgraph.saturation._accumulation import Accumulation, accumulation
from gtgraph.saturation._bootstrap import (
    Interval,
    RarefactionRow,
    bootstrap,
    default_sizes,
    rows_from_bootstrap,
)
from gtgraph.saturation._categories import CategoryRow, category_rows
from gtgraph.saturation._curves import (
    coverage,
    expected_codes,
    sources_for_coverage,
    sources_for_fraction,
)
from gtgraph.saturation._errors import SaturationError
from gtgraph.saturation._estimators import Estimate, chao2, ice, jackknife
from gtgraph.saturation._history import Creation, MeaningRow, creation, meaning_table
from gtgraph.saturation._incidence import Incidence
from gtgraph.saturation._intervals import sources_needed_from_bootstrap
from gtgraph.saturation._power import fugard_potts_prevalence
from gtgraph.saturation._power_info import InformationPower, information_power
from gtgraph.saturation._project import (
    By,
    Level,
    check_level,
    project_units,
    unit_incidence,
)
from gtgraph.saturation._rules import (
    FrancisResult,
    GuestResult,
    francis,
    guest,
)
from gtgraph.saturation._sensitivity import SensitivityRow, sensitivity
from gtgraph.saturation._stats import z_value

__all__ = ["CategoryRow", "SaturationReport", "report"]

Rule = Literal["guest", "francis"]
T_ = TypeVar("T_")

#: What the counted elements are called, by level (plural, singular).
ELEMENT_NAMES: Mapping[str, tuple[str, str]] = {
    "code": ("codes", "code"),
    "category": ("categories", "category"),
    "relationship": ("relationships", "relationship"),
    "property": ("properties", "property"),
}
UNIT_NAMES: Mapping[str, tuple[str, str]] = {
    "source": ("sources", "source"),
    "participant": ("participants", "participant"),
}


@attrs.frozen
class SaturationReport:
    r"""Saturation of a project at one level: every method, a category table, caveats.

    Build one with :func:`report` (or ``project.saturation()``).  ``str(report)``
    is a readable summary; :meth:`to_dict` is JSON-ready; :meth:`to_markdown`
    gives tables for a thesis appendix; :meth:`plot` draws the curves.

    Attributes
    ----------
    level, by : str
        What was counted (``"code"``, ...) and the unit (``"source"`` or
        ``"participant"``).
    units : tuple of str
        The names of the units, in order.
    observed, incidences, uniques, duplicates : int
        :math:`S_{obs}`, :math:`U`, :math:`Q_1` and :math:`Q_2`.
    new_per_unit : tuple of int
        Elements first observed in each unit.
    guest : GuestResult
        The Guest, Namey & Chen (2020) rule in the order analysed.
    francis : FrancisResult
        The Francis et al. (2010) rule in the order analysed.
    estimates : mapping of str to Estimate or None
        "Chao2", "Chao2-bc", "Jackknife 1", "Jackknife 2" and "ICE"
        (``None`` where undefined).
    coverage : float or None
        Estimated sample coverage at the last unit.
    expected_new : float or None
        Expected new elements in one more unit.
    target_coverage, fraction : float
        The targets of `sources_for_coverage` and `sources_for_fraction`.
    sources_for_coverage, sources_for_fraction : float or None
        Units (in total) for the target coverage; further units for the
        fraction of the Chao2 estimate.
    as_coded, expected : Accumulation
        The curve in the order analysed and its exact mean over all orders.
    permuted : Accumulation or None
        The curve over random orders, with its band and the distribution of
        both rules' points (``None`` when no permutation was asked for).
    extrapolation : tuple of (float, float)
        :math:`(t, \hat S(t))` from the last unit to twice as many units.
    bands : tuple of RarefactionRow
        Expected codes, coverage and share of the total found from one unit
        to twice the units analysed, with bootstrap intervals (see
        :func:`rarefaction`; empty without replicates).
    share_observed : Interval or None
        The share of all codes already found, :math:`S_{obs}/\hat S_{Chao2}`,
        with its bootstrap interval.
    sources_needed : Interval or None
        `sources_for_coverage` with its bootstrap interval (``None`` where it
        cannot be estimated, for example from a single unit).
    replicates : int
        The bootstrap replicates used for the intervals.
    detectable_prevalence : float or None
        The smallest prevalence a theme needed for this many units to see it
        at least once with 80% power (Fugard & Potts 2015, inverted).
    sensitivity : tuple of SensitivityRow
        Both rules over a grid of their settings.
    categories : tuple of CategoryRow
        The per-category table (always about codes), one row per category.
    uncategorised : CategoryRow or None
        The same row for the codes in no category (``None`` when every
        observed code is in one); the printed table ends with it.
    rule : str
        The rule used in the table (``"guest"`` or ``"francis"``).
    recent : int
        The number of last units whose new codes the table counts.
    history : Creation
        Concepts created (codes, categories, properties, dimensions,
        relationships) per unit, from the project's history, or why the
        history cannot say (see :meth:`gtgraph.Project.analysing`).
    meaning : tuple of MeaningRow or None
        Per code: the first unit, the units and prevalence, and the last unit
        whose analysis changed its meaning (after Hennink et al. 2017);
        ``None`` when the history cannot say.
    information_power : InformationPower or None
        Malterud et al.'s (2016) five dimensions, when the project records
        them (see :func:`record_information_power`).
    flags : mapping of str to str
        Values that look like results but are not (an estimate below the
        observed count, a coverage of 1 by convention, a rule that could not
        run), keyed by what they concern, each with a sentence saying why.
    caveats : tuple of str
        What the numbers assume and do not show, in plain language.
    parameters : mapping
        Every option used, for the record.
    seed : int or None
        The seed of the random orders (drawn and recorded when not given).
    """

    level: str
    by: str
    units: tuple[str, ...]
    observed: int
    incidences: int
    uniques: int
    duplicates: int
    new_per_unit: tuple[int, ...]
    guest: GuestResult
    francis: FrancisResult
    estimates: Mapping[str, Estimate | None] = attrs.field(hash=False)
    coverage: float | None
    expected_new: float | None
    target_coverage: float
    sources_for_coverage: float | None
    fraction: float
    sources_for_fraction: float | None
    as_coded: Accumulation
    expected: Accumulation
    permuted: Accumulation | None
    extrapolation: tuple[tuple[float, float], ...]
    bands: tuple[RarefactionRow, ...]
    share_observed: Interval | None
    sources_needed: Interval | None
    replicates: int
    detectable_prevalence: float | None
    sensitivity: tuple[SensitivityRow, ...]
    categories: tuple[CategoryRow, ...]
    uncategorised: CategoryRow | None
    rule: str
    recent: int
    history: Creation
    meaning: tuple[MeaningRow, ...] | None
    information_power: InformationPower | None
    flags: Mapping[str, str] = attrs.field(hash=False)
    caveats: tuple[str, ...]
    parameters: Mapping[str, Any] = attrs.field(hash=False)
    seed: int | None

    def __str__(self) -> str:
        from gtgraph.saturation._render import text

        return text(self)

    def to_dict(self) -> dict[str, Any]:
        """Return the report as plain data (JSON-serialisable).

        Non-finite numbers become ``None``.

        Examples
        --------
        >>> import json, gtgraph
        >>> from gtgraph.saturation import report
        >>> p = gtgraph.Project(title="t")
        >>> s = p.add_source("Interview 1", text="Peers get it.")
        >>> _ = p.code(s, quote="Peers get it", codes="peer credibility")
        >>> data = report(p, permutations=10, seed=1).to_dict()
        >>> data["observed"], json.loads(json.dumps(data))["level"]
        (1, 'code')
        """
        from gtgraph.saturation._render import as_dict

        return as_dict(self)

    def to_markdown(self) -> str:
        """Return the report as Markdown tables, ready for a thesis appendix.

        Examples
        --------
        >>> import gtgraph
        >>> from gtgraph.saturation import report
        >>> p = gtgraph.Project(title="t")
        >>> s = p.add_source("Interview 1", text="Peers get it.")
        >>> _ = p.code(s, quote="Peers get it", codes="peer credibility")
        >>> print(report(p, permutations=10, seed=1).to_markdown().splitlines()[0])
        ## Saturation of codes by source
        """
        from gtgraph.saturation._markdown import markdown

        return markdown(self)

    def methods_text(self) -> str:
        """Return a methods paragraph, two tables and the references, in Markdown.

        The paragraph says what was measured, in what order and with which
        parameters, gives the numbers with their intervals and the
        sensitivity of the rules to their settings, reports the information
        power the project records, and says what the numbers do not show.
        It answers COREQ item 22 (data saturation) and SRQR item 8 (when to
        stop sampling); adapt it rather than paste it.

        Examples
        --------
        >>> import gtgraph
        >>> from gtgraph.saturation import report
        >>> p = gtgraph.Project(title="t")
        >>> s = p.add_source("Interview 1", text="Peers get it.")
        >>> _ = p.code(s, quote="Peers get it", codes="peer credibility")
        >>> text = report(p, permutations=0, seed=1).methods_text()
        >>> text.splitlines()[0]
        '## Saturation (methods)'
        >>> "COREQ item 22" in text and "SRQR item 8" in text
        True
        """
        from gtgraph.saturation._methods import methods_text

        return methods_text(self)

    def plot(self, *, ax: Any = None) -> Any:
        """Draw the accumulation curve, its band over orders, the extrapolation and new codes.

        Needs matplotlib (``pip install "gtgraph[plot]"``).

        Parameters
        ----------
        ax : sequence of two matplotlib Axes, optional
            Where to draw the curve and the new-per-unit bars; a new figure
            with two panels is made when omitted.

        Returns
        -------
        matplotlib.figure.Figure

        Raises
        ------
        RenderError
            If matplotlib is not installed.
        """
        from gtgraph.saturation._plot import plot

        return plot(self, ax=ax)


def _share(
    inc: Incidence, bands: tuple[RarefactionRow, ...], conf: float
) -> Interval | None:
    """Return the share of codes found, from the band at the units analysed."""
    at_end = next((b for b in bands if b.t == inc.T), None)
    if at_end is None or not inc.S_obs:
        return None
    return Interval(at_end.share, at_end.share_low, at_end.share_high, conf)


def _maybe(call: Callable[[], T_]) -> T_ | None:
    try:
        return call()
    except SaturationError:
        return None


def report(
    project: Project,
    *,
    level: Level = "code",
    by: By = "source",
    rule: Rule = "guest",
    base: int = 4,
    run: int = 2,
    threshold: float = 0.05,
    initial: int = 10,
    stop: int = 3,
    k: int = 10,
    permutations: int = 1000,
    seed: int | None = None,
    target_coverage: float = 0.95,
    fraction: float = 0.9,
    recent: int | None = None,
    replicates: int = 200,
    conf: float = 0.95,
    bases: Sequence[int] = (4, 6),
    runs: Sequence[int] = (2, 3),
    thresholds: Sequence[float] = (0.0, 0.05),
    stops: Sequence[int] = (2, 3),
) -> SaturationReport:
    r"""Assess saturation in a project with the methods researchers cite.

    Counts the elements of one level (codes by default) over the project's
    units, in the order they were analysed, and applies every method of
    :mod:`gtgraph.saturation` to them: the Guest and Francis stopping rules
    with what came after their points and their sensitivity to their
    settings, Chao2 (classic and bias-corrected), both jackknives and ICE,
    sample coverage, the share of the estimated codes found and the units
    needed for a target coverage or fraction with bootstrap intervals, the
    accumulation curve as analysed, its exact mean over all orders and its
    distribution over random orders, the smallest prevalence this many units
    would detect; a per-category table of what each category gained unit by
    unit; the concepts created per unit and a per-code meaning table from the
    project's history; flags on degenerate values, and caveats in plain
    language.

    Parameters
    ----------
    project : Project
        The project.
    level : {"code", "category", "relationship", "property"}, default "code"
        What is counted (see :func:`incidence`).
    by : {"source", "participant"}, default "source"
        The sampling unit.
    rule : {"guest", "francis"}, default "guest"
        The rule applied per category in the table.
    base, run, threshold : optional
        Parameters of :func:`guest` (4, 2, 0.05).
    initial, stop : optional
        Parameters of :func:`francis` (10, 3).
    k : int, default 10
        The ICE cut-off.
    permutations : int, default 1000
        Random orders for the band and the point distributions (0 for none).
    seed : int, optional
        Seed of the random orders; when omitted one is drawn and recorded in
        the report so that the result can be reproduced.
    target_coverage : float, default 0.95
        Target for :func:`sources_for_coverage`.
    fraction : float, default 0.9
        Target for :func:`sources_for_fraction`.
    recent : int, optional
        The number of last units whose additions the category table counts
        (default: `run` for Guest, `stop` for Francis).
    replicates : int, default 200
        Bootstrap replicates for the intervals of coverage, the expected and
        extrapolated codes, the share of codes found and the units needed
        (0 for none); drawn with `seed`.
    conf : float, default 0.95
        The confidence level of those intervals.
    bases, runs, thresholds : sequences, optional
        The Guest settings of the sensitivity table (the chosen `base`,
        `run` and `threshold` are always included).
    stops : sequence of int, optional
        The Francis stopping criteria of the sensitivity table (with
        `initial`; the chosen `stop` is always included).

    Returns
    -------
    SaturationReport

    Raises
    ------
    SaturationError
        If an option is out of range.

    See Also
    --------
    incidence, guest, francis, chao2, coverage, accumulation

    Notes
    -----
    Sources without a coded segment are taken as not yet analysed and left
    out.  The estimators assume exchangeable units, and counting codes
    measures code saturation, not theoretical saturation: the report says so
    in its caveats, which belong in any write-up of its numbers.

    Examples
    --------
    >>> import gtgraph
    >>> from gtgraph.saturation import report
    >>> p = gtgraph.Project(title="Peer support")
    >>> texts = ["I felt judged. Peers get it.", "Peers get it. Hope.", "Hope."]
    >>> for i, text in enumerate(texts, 1):
    ...     _ = p.add_source(f"Interview {i}", text=text)
    >>> _ = p.code("Interview 1", quote="I felt judged", codes="feeling judged")
    >>> _ = p.code("Interview 1", quote="Peers get it", codes="peer credibility")
    >>> _ = p.code("Interview 2", quote="Peers get it", codes="peer credibility")
    >>> _ = p.code("Interview 2", quote="Hope", codes="hope")
    >>> _ = p.code("Interview 3", quote="Hope", codes="hope")
    >>> r = report(p, permutations=100, seed=7)
    >>> r.observed, r.new_per_unit, round(r.coverage, 3)
    (3, (2, 1, 0), 0.933)
    """
    check_level(level)
    if rule not in ("guest", "francis"):
        raise SaturationError(f"rule must be 'guest' or 'francis', not {rule!r}")
    for name, value in (("target_coverage", target_coverage), ("fraction", fraction)):
        if not 0.0 < value <= 1.0:
            raise SaturationError(f"{name} must lie in (0, 1], not {value!r}")
    z = z_value(conf)
    if seed is None and (permutations or replicates):
        seed = secrets.randbelow(2**32)
    tail = (run if rule == "guest" else stop) if recent is None else recent
    units = project_units(project, by=by)
    inc = unit_incidence(project, units, level)
    code_inc = inc if level == "code" else unit_incidence(project, units, "code")
    t = inc.T
    options: dict[str, Any] = {
        "base": base,
        "run": run,
        "threshold": threshold,
        "initial": initial,
        "stop": stop,
    }
    g = guest(inc, base=base, run=run, threshold=threshold)
    f = francis(inc, initial=initial, stop=stop)
    estimates: dict[str, Estimate | None] = {
        "Chao2": chao2(inc),
        "Chao2-bc": chao2(inc, bias_corrected=True),
        "Jackknife 1": jackknife(inc),
        "Jackknife 2": _maybe(lambda: jackknife(inc, order=2)),
        "ICE": ice(inc, k=k),
    }
    cov = _maybe(lambda: coverage(inc))
    permuted = (
        accumulation(
            inc, order="permute", permutations=permutations, seed=seed, **options
        )
        if permutations
        else None
    )
    extrapolation = tuple(
        (float(x), expected_codes(inc, x)) for x in range(t, 2 * t + 1)
    )
    boot = bootstrap(inc, replicates, seed)
    bands = rows_from_bootstrap(inc, default_sizes(t), boot, z) if inc.U and t else ()
    needed = (
        sources_needed_from_bootstrap(inc, target_coverage, boot, z, conf)
        if t > 1
        else None
    )
    events = list(project.history)
    table = category_rows(
        project, units, code_inc, rule=rule, recent=tail, options=options
    )
    grid = sensitivity(
        inc,
        bases=sorted({*bases, base}),
        runs=sorted({*runs, run}),
        thresholds=sorted({*thresholds, threshold}),
        initials=(initial,),
        stops=sorted({*stops, stop}),
    )
    from gtgraph.saturation._flags import caveats, flags

    parameters = {
        **options,
        "level": level,
        "by": by,
        "rule": rule,
        "k": k,
        "permutations": permutations,
        "seed": seed,
        "target_coverage": target_coverage,
        "fraction": fraction,
        "recent": tail,
        "replicates": replicates,
        "conf": conf,
    }
    partial: dict[str, Any] = {
        "level": level,
        "by": by,
        "units": units.labels,
        "observed": inc.S_obs,
        "incidences": inc.U,
        "uniques": inc.Q(1),
        "duplicates": inc.Q(2),
        "new_per_unit": inc.new_per_unit,
        "guest": g,
        "francis": f,
        "estimates": estimates,
        "coverage": cov,
        "expected_new": expected_codes(inc, t + 1) - inc.S_obs if inc.S_obs else None,
        "target_coverage": target_coverage,
        "sources_for_coverage": _maybe(
            lambda: sources_for_coverage(inc, target_coverage)
        )
        if t > 1
        else None,
        "fraction": fraction,
        "sources_for_fraction": sources_for_fraction(inc, fraction),
        "as_coded": accumulation(inc),
        "expected": accumulation(inc, order="expected"),
        "permuted": permuted,
        "extrapolation": extrapolation,
        "bands": bands,
        "share_observed": _share(inc, bands, conf),
        "sources_needed": needed,
        "replicates": boot.replicates,
        "detectable_prevalence": fugard_potts_prevalence(t) if t else None,
        "sensitivity": grid,
        "categories": tuple(r for r in table if not r.uncategorised),
        "uncategorised": next((r for r in table if r.uncategorised), None),
        "rule": rule,
        "recent": tail,
        "history": creation(project, units, events),
        "meaning": meaning_table(project, units, code_inc, events),
        "information_power": information_power(project),
        "parameters": parameters,
        "seed": seed,
    }
    notes = caveats(partial, skipped=units.skipped, unattributed=units.unattributed)
    return SaturationReport(flags=flags(partial, inc), caveats=notes, **partial)
