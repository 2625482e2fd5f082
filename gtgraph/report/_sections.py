"""The report's sections as plain data: header, theory, saturation, checks, codebook, growth.

Each function takes the project (already pseudonymised when asked) and
returns what its part of the page shows; the template only lays it out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from gtgraph.report._data import PanelData
from gtgraph.report._svg import Figure, diagram_svg, plot_svg

if TYPE_CHECKING:
    from gtgraph.project import Project
    from gtgraph.saturation import SaturationReport

__all__ = [
    "CheckGroup",
    "Header",
    "SaturationSection",
    "checks_section",
    "codebook_section",
    "diagrams_section",
    "header",
    "saturation_section",
]

#: How each diagram level is named on the page.
LEVEL_NAMES = {"categories": "Categories", "themes": "Themes", "codes": "Codes"}


@attrs.frozen
class Header:
    """The study at a glance: title, counts, coders, date and gtgraph version."""

    title: str
    counts: tuple[tuple[str, int], ...]
    coders: tuple[str, ...]
    date: str
    version: str


def header(project: Project, *, date: str) -> Header:
    """Return the header of the report of *project*.

    Examples
    --------
    >>> import gtgraph
    >>> p = gtgraph.Project(title="Peer support")
    >>> _ = p.add_code("trust")
    >>> h = header(p, date="2026-01-05")
    >>> h.title, dict(h.counts)["codes"]
    ('Peer support', 1)
    """
    from gtgraph import __version__

    counts = (
        ("participants", len(project.participants)),
        ("sources", len(project.sources)),
        ("segments", len(project.segments)),
        ("codes", len(project.codes)),
        ("categories", len(project.categories)),
        ("relationships", len(project.relationships)),
        ("memos", len(project.memos)),
    )
    return Header(
        title=project.title or "Untitled study",
        counts=counts,
        coders=tuple(project.coders),
        date=date,
        version=__version__,
    )


def diagrams_section(
    project: Project, levels: Sequence[str], options: Mapping[str, Any]
) -> list[tuple[str, str, Figure]]:
    """Return ``(level, its name, Figure)`` for every diagram level asked for."""
    return [
        (
            level,
            LEVEL_NAMES[level],
            diagram_svg(project, level=level, prefix=f"d-{level}", **options),
        )
        for level in levels
    ]


@attrs.frozen
class SaturationSection:
    """What the saturation part of the report shows."""

    summary: tuple[str, ...]
    estimates: tuple[tuple[str, str, str, str], ...]
    categories: tuple[tuple[str, int, int, int, int, str, str], ...]
    recent: int
    caveats: tuple[str, ...]
    plot: Figure
    parameters: tuple[tuple[str, str], ...]
    methods: list[tuple[str, Any]]


def _number(value: float | None) -> str:
    return "\N{EN DASH}" if value is None else f"{value:.1f}"


def markdown_blocks(text: str) -> list[tuple[str, Any]]:
    r"""Split the saturation report's Markdown into blocks the template lays out.

    Only what :meth:`~gtgraph.saturation.SaturationReport.methods_text` writes
    is recognised: ``#`` headings, paragraphs, ``- `` lists and pipe tables.
    Every block keeps its text as text; the template escapes it (and shows
    ``*emphasis*`` in italics).

    Examples
    --------
    >>> markdown_blocks("## Methods\n\nWe counted.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- one\n- two")
    [('heading', 'Methods'), ('paragraph', 'We counted.'), ('table', (['a', 'b'], [['1', '2']])), ('list', ['one', 'two'])]
    """
    blocks: list[tuple[str, Any]] = []
    for chunk in text.split("\n\n"):
        lines = [line for line in chunk.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if lines[0].startswith("#"):
            blocks.append(("heading", lines[0].lstrip("#").strip()))
            lines = lines[1:]
            if not lines:
                continue
        if all(line.startswith("|") for line in lines) and len(lines) > 1:
            cells = [
                [cell.strip() for cell in line.strip().strip("|").split("|")]
                for line in lines
            ]
            blocks.append(("table", (cells[0], cells[2:])))
        elif all(line.startswith("- ") for line in lines):
            blocks.append(("list", [line[2:].strip() for line in lines]))
        else:
            blocks.append(("paragraph", " ".join(line.strip() for line in lines)))
    return blocks


def methods_blocks(report: SaturationReport) -> list[tuple[str, Any]]:
    """Return the report's methods paragraph, tables and references as blocks.

    The methods text (what was counted, by which rules and estimators, with
    their citations) belongs to the saturation report
    (:meth:`~gtgraph.saturation.SaturationReport.methods_text`); the HTML
    report lays it out in its appendix.
    """
    return markdown_blocks(report.methods_text())


def saturation_section(report: SaturationReport, *, plot: bool) -> SaturationSection:
    """Return the saturation section built from *report*.

    Examples
    --------
    >>> import gtgraph
    >>> from gtgraph.saturation import report
    >>> p = gtgraph.Project()
    >>> s = p.add_source("i1", text="Peers get it.")
    >>> _ = p.code(s, quote="Peers get it", codes="peer credibility")
    >>> section = saturation_section(report(p, permutations=10, seed=1), plot=False)
    >>> section.estimates[0][0]
    'Chao2'
    """
    summary = tuple(
        block.strip() for block in str(report).split("\n\n") if block.strip()
    )
    estimates = []
    for name, estimate in report.estimates.items():
        if estimate is None:
            estimates.append((name, "undefined for these data", "", ""))
            continue
        low, high = estimate.ci_low, estimate.ci_high
        interval = "" if low is None else f"{_number(low)} \N{EN DASH} {_number(high)}"
        se = "" if estimate.se is None else f"{estimate.se:.2f}"
        estimates.append((name, _number(estimate.value), se, interval))
    rows = tuple(
        (
            row.category,
            row.codes,
            row.properties,
            row.relationships,
            row.added_in_last,
            "yes" if row.saturated else "no",
            row.verdict or row.no_verdict or "",
        )
        for row in report.categories
    )
    parameters = tuple(
        (str(key), str(value)) for key, value in sorted(report.parameters.items())
    )
    if report.seed is not None and "seed" not in report.parameters:
        parameters += (("seed", str(report.seed)),)
    return SaturationSection(
        summary=summary,
        estimates=tuple(estimates),
        categories=rows,
        recent=report.recent,
        caveats=tuple(report.caveats),
        plot=plot_svg(report, "plot") if plot else Figure(None, None),
        parameters=parameters,
        methods=methods_blocks(report),
    )


@attrs.frozen
class CheckGroup:
    """The findings of one theory check."""

    rule: str
    severity: str
    description: str
    findings: tuple[tuple[str, tuple[str, ...]], ...]


def checks_section(project: Project) -> list[CheckGroup]:
    """Return the theory checks' findings grouped by rule, in the rules' order.

    Examples
    --------
    >>> import gtgraph
    >>> p = gtgraph.Project()
    >>> _ = p.add_code("trust")
    >>> [g.rule for g in checks_section(p)][:1]
    ['code-without-category']
    """
    from gtgraph.checks import RULES, check

    found: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for finding in check(project):
        found.setdefault(finding.rule, []).append((finding.message, finding.subjects))
    return [
        CheckGroup(rule, RULES[rule].severity, RULES[rule].description, tuple(items))
        for rule, items in sorted(
            found.items(), key=lambda item: list(RULES).index(item[0])
        )
    ]


def codebook_section(data: PanelData) -> list[dict[str, Any]]:
    """Return one row per code: its id, the codebook's columns and the filter text.

    The columns are those of :func:`gtgraph.readwrite.codebook` (the example
    quote is the code's first segment in the sources' order), read from the
    panels' data so that the segments are not walked again.

    Examples
    --------
    >>> import gtgraph
    >>> from gtgraph.report._data import panel_data
    >>> p = gtgraph.Project()
    >>> s = p.add_source("P01", text="She had been there too.", participant="P01")
    >>> _ = p.code(s, quote="been there too", codes="shared experience")
    >>> codebook_section(panel_data(p))[0]["example"]
    'been there too'
    """
    rows = []
    for cid, concept in data.concepts.items():
        if concept["kind"] != "code":
            continue
        numbers = data.code_segments.get(cid, [])
        example = data.segments[numbers[0]][1] if numbers else ""
        categories = [data.concepts[p]["name"] for p in concept["parents"]]
        segments, participants, _ = concept["grounding"]
        rows.append(
            {
                "id": cid,
                "code": concept["name"],
                "definition": concept["definition"],
                "categories": categories,
                "stage": concept["stage"],
                "in_vivo": concept["inVivo"],
                "participants": participants,
                "segments": segments,
                "example": example,
                "search": " ".join(
                    [concept["name"], concept["definition"], *categories, example]
                ).casefold(),
            }
        )
    return rows
