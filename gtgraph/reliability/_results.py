"""What an agreement check returns: per-code coefficients and the disagreements."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from gtgraph.project._analysis import require_pandas
from gtgraph.reliability._coefficients import Table

if TYPE_CHECKING:
    pass

__all__ = ["Agreement", "CodeAgreement", "Disagreement"]


@attrs.frozen
class CodeAgreement:
    """Agreement on one code (or pooled over all codes).

    Attributes
    ----------
    code : str or None
        The code's name (None for the pooled figures).
    table : Table
        The coders' decisions.
    percent, kappa, alpha : float or None
        Percentage agreement (a proportion), Cohen's kappa and Krippendorff's
        alpha (None where undefined).
    """

    code: str | None
    table: Table
    percent: float | None
    kappa: float | None
    alpha: float | None


def _scored(code: str | None, table: Table) -> CodeAgreement:
    return CodeAgreement(code, table, table.percent, table.kappa, table.alpha)


@attrs.frozen
class Disagreement:
    """A place where one coder applied a code and the other did not.

    Attributes
    ----------
    source : str
        The source's name.
    code : str
        The code's name.
    coder : str
        The coder who applied it.
    start, end : int or None
        The span (the unit's, or the characters'); None for a whole source.
    quote : str
        The text of the span (empty for a whole source).
    """

    source: str
    code: str
    coder: str
    start: int | None
    end: int | None
    quote: str

    def __str__(self) -> str:
        where = "" if self.start is None else f" {self.start}-{self.end}"
        quote = f': "{self.quote}"' if self.quote else ""
        return f"{self.source}{where}: only {self.coder} coded {self.code!r}{quote}"


@attrs.frozen
class Agreement:
    """Agreement between two coders, pooled and per code, with the disagreements.

    Attributes
    ----------
    coder_a, coder_b : str
        The coders.
    unit : str
        ``"segment"``, ``"source"`` or ``"character"``.
    percent, kappa, alpha : float or None
        Pooled over every (unit, code) decision (None where undefined).
    table : Table
        The pooled decisions.
    per_code : mapping of str to CodeAgreement
        By code name, in the project's order.
    disagreements : tuple of Disagreement
        In source order, then by position.
    sources : tuple of str
        The sources compared.
    skipped_sources : tuple of str
        Sources only one of the coders coded (left out unless named in
        ``sources=``), and sources without text at character level.
    units : int
        The number of units (segments clusters, sources, or characters).
    """

    coder_a: str
    coder_b: str
    unit: str
    percent: float | None
    kappa: float | None
    alpha: float | None
    table: Table
    per_code: Mapping[str, CodeAgreement] = attrs.field(hash=False)
    disagreements: tuple[Disagreement, ...]
    sources: tuple[str, ...]
    skipped_sources: tuple[str, ...]
    units: int

    def __str__(self) -> str:
        def fmt(x: float | None) -> str:
            return "n/a" if x is None else f"{x:.3f}"

        lines = [
            (
                f"agreement of {self.coder_a} and {self.coder_b} by {self.unit} "
                f"({self.units} units in {len(self.sources)} source(s))"
            ),
            f"  percent {fmt(self.percent)}  kappa {fmt(self.kappa)}  alpha {fmt(self.alpha)}",
        ]
        if self.per_code:
            width = max(len(c) for c in self.per_code)
            lines.append(f"  {'code'.ljust(width)}  percent  kappa    alpha")
            for name, row in self.per_code.items():
                lines.append(
                    f"  {name.ljust(width)}  {fmt(row.percent):<7}  "
                    f"{fmt(row.kappa):<7}  {fmt(row.alpha)}"
                )
        lines.append(f"  {len(self.disagreements)} disagreement(s)")
        if self.skipped_sources:
            lines.append(f"  left out: {', '.join(self.skipped_sources)}")
        return "\n".join(lines)

    def to_frame(self) -> Any:
        """Return the per-code figures as a pandas DataFrame (one row per code).

        Raises
        ------
        GtGraphError
            If pandas is not installed.
        """
        pd = require_pandas()
        rows = [
            (
                name,
                r.table.both,
                r.table.only_a,
                r.table.only_b,
                r.table.neither,
                r.percent,
                r.kappa,
                r.alpha,
            )
            for name, r in self.per_code.items()
        ]
        columns = [
            "code",
            "both",
            f"only {self.coder_a}",
            f"only {self.coder_b}",
            "neither",
            "percent",
            "kappa",
            "alpha",
        ]
        return pd.DataFrame(rows, columns=columns).set_index("code")


_Counts = dict[str, list[int]]
# A coder's span in a source: (start, end, code ids); start/end None for a quote.
_Span = tuple["int | None", "int | None", frozenset[str], str]
