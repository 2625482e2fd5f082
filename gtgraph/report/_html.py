r"""Write the self-contained HTML report: ``to_html`` and ``write_html``.

The page is one file: the stylesheet, the script, the diagrams and the plot
are inline, and a Content-Security-Policy forbids fetching anything, so it
opens the same from a USB stick, an e-mail attachment or a web server.
Everything taken from the project is escaped: the template escapes every
value (Jinja2's autoescape), the panels' data is JSON inside a
``<script type="application/json">`` element with ``<``, ``>`` and ``&``
written as ``\\u003c`` escapes, and the script puts text into the page only
with ``textContent``.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gtgraph.errors import ValidationError

if TYPE_CHECKING:
    from gtgraph.project import Project
    from gtgraph.saturation import SaturationReport

__all__ = ["CODE_DIAGRAM_LIMIT", "LEVELS", "QUOTES_PER_PANEL", "to_html", "write_html"]

#: The diagram levels the report can show, in the order of the switch.
LEVELS = ("categories", "themes", "codes")

#: Above this many codes, the default leaves out the code-level diagram: it
#: would take Graphviz long to lay out and be too dense to read on a page.
CODE_DIAGRAM_LIMIT = 300

#: Quotes a panel shows before its "show more" button.
QUOTES_PER_PANEL = 20


def json_for_script(data: Any) -> str:
    r"""Return *data* as JSON that cannot end the ``<script>`` element holding it.

    Examples
    --------
    >>> print(json_for_script({"quote": "</script><b>&"}))
    {"quote":"\u003c/script\u003e\u003cb\u003e\u0026"}
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def csp_hash(script: str) -> str:
    """Return the Content-Security-Policy source that allows exactly this inline script.

    Examples
    --------
    >>> csp_hash("")
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    """
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _asset(name: str) -> str:
    return (resources.files("gtgraph.report") / "assets" / name).read_text("utf-8")


def emphasis(text: str) -> Any:
    """Escape *text* for HTML, then show its ``*emphasis*`` in italics.

    Examples
    --------
    >>> str(emphasis("*Biometrics* 43 <i>"))
    '<em>Biometrics</em> 43 &lt;i&gt;'
    """
    import re

    from markupsafe import Markup, escape

    return Markup(re.sub(r"\*([^*\n]+)\*", r"<em>\1</em>", str(escape(text))))  # noqa: S704 - the text is escaped first


def _environment() -> Any:
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("gtgraph.report", "assets"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["emphasis"] = emphasis
    return environment


def _check_options(
    project: Project, levels: Sequence[str] | None, quotes_per_panel: int
) -> tuple[str, ...]:
    if isinstance(quotes_per_panel, bool) or not isinstance(quotes_per_panel, int):
        raise ValidationError(
            f"quotes_per_panel={quotes_per_panel!r} must be a whole number of quotes"
        )
    if quotes_per_panel < 1:
        raise ValidationError(f"quotes_per_panel={quotes_per_panel} must be at least 1")
    if levels is None:
        if len(project.codes) > CODE_DIAGRAM_LIMIT:
            return ("categories", "themes")
        return LEVELS
    chosen = (levels,) if isinstance(levels, str) else tuple(levels)
    unknown = [level for level in chosen if level not in LEVELS]
    if unknown:
        raise ValidationError(
            f"levels={unknown[0]!r} is not a diagram level; use some of "
            f"{', '.join(map(repr, LEVELS))}"
        )
    if len(set(chosen)) != len(chosen):
        raise ValidationError(f"levels={chosen!r} names a level twice; name each once")
    return chosen


def _known_options(
    options: Mapping[str, Any], function: Any, name: str, *, exclude: set[str]
) -> None:
    """Refuse options that *function* does not take, naming them."""
    import inspect

    accepted = {
        p.name
        for p in inspect.signature(function).parameters.values()
        if p.kind is inspect.Parameter.KEYWORD_ONLY
    } - exclude
    unknown = sorted(set(options) - accepted)
    if unknown:
        raise ValidationError(
            f"{name} has no option {unknown[0]!r}; use some of "
            f"{', '.join(sorted(accepted))}"
        )


def _saturation(
    project: Project,
    saturation: SaturationReport | Mapping[str, Any] | bool,
    pseudonymized: bool,
) -> SaturationReport | None:
    from gtgraph.saturation import SaturationReport, report

    if saturation is False:
        return None
    if isinstance(saturation, SaturationReport):
        if pseudonymized:
            raise ValidationError(
                "a ready-made saturation report names the sources as they were "
                "before pseudonymising; with pseudonymize, pass the report's "
                "options instead (saturation={'seed': 1, ...})"
            )
        return saturation
    if saturation is True:
        return report(project)
    if isinstance(saturation, Mapping):
        _known_options(saturation, report, "saturation", exclude=set())
        return report(project, **saturation)
    raise ValidationError(
        f"saturation={saturation!r} must be a SaturationReport, a mapping of "
        "options for gtgraph.saturation.report, True or False"
    )


def to_html(
    project: Project,
    *,
    levels: Sequence[str] | None = None,
    quotes: bool = True,
    memos: bool = True,
    pseudonymize: bool | Mapping[str, str] = False,
    saturation: SaturationReport | Mapping[str, Any] | bool = True,
    plot: bool = True,
    date: str | None = None,
    quotes_per_panel: int = QUOTES_PER_PANEL,
    diagram: Mapping[str, Any] | None = None,
) -> str:
    """Return the self-contained HTML report of *project* as text.

    Takes the options of :func:`gtgraph.write_html`.

    Examples
    --------
    >>> import gtgraph
    >>> from gtgraph.report import to_html
    >>> p = gtgraph.Project(title="Peer support")
    >>> _ = p.add_category("Shared identity", core=True)
    >>> page = to_html(p, saturation=False, levels=[], date="2026-01-05")
    >>> page.startswith("<!DOCTYPE html>"), "Peer support" in page
    (True, True)
    """
    from gtgraph import __version__
    from gtgraph.report._data import growth, panel_data
    from gtgraph.report._sections import (
        checks_section,
        codebook_section,
        diagrams_section,
        header,
        saturation_section,
    )

    chosen = _check_options(project, levels, quotes_per_panel)
    from gtgraph.drawing import to_dot

    _known_options(diagram or {}, to_dot, "diagram", exclude={"level", "as_of"})
    pseudonymized = pseudonymize is not False
    if pseudonymized:
        from gtgraph.privacy import pseudonymize as replace_names

        mapping = pseudonymize if isinstance(pseudonymize, Mapping) else None
        project = replace_names(project, mapping)
    sat = _saturation(project, saturation, pseudonymized)
    when = (
        date
        if date is not None
        else dt.datetime.now(dt.timezone.utc).date().isoformat()
    )
    # A page on screen, not a printed one: no fitting to a paper size.
    diagram_options = {"show_evidence": True, "page": None, **(diagram or {})}
    if sat is not None and "saturation" not in diagram_options:
        diagram_options["saturation"] = sat
    data = panel_data(project, quotes=quotes, memos=memos)
    script = _asset("report.js")
    options = {
        "levels": list(chosen),
        "quotes": quotes,
        "memos": memos,
        "pseudonymized": pseudonymized,
        "quotes per panel": quotes_per_panel,
        "diagram": {k: v for k, v in diagram_options.items() if k != "saturation"},
        "gtgraph": __version__,
    }
    settings = {"quotesPerPanel": quotes_per_panel, "quotes": quotes, "memos": memos}
    context = {
        "header": header(project, date=when),
        "diagrams": diagrams_section(project, chosen, diagram_options),
        "concepts": [
            (cid, concept["name"], concept["kind"])
            for cid, concept in data.concepts.items()
        ],
        "concept_names": {cid: c["name"] for cid, c in data.concepts.items()},
        "saturation": (saturation_section(sat, plot=plot) if sat is not None else None),
        "checks": checks_section(project),
        "codebook": codebook_section(data),
        "growth": growth(project),
        "options": [
            (key, json.dumps(value, ensure_ascii=False))
            for key, value in options.items()
        ],
        "pseudonymized": pseudonymized,
        "quotes": quotes,
        "memos": memos,
        "css": _asset("report.css"),
        "script": script,
        "script_hash": csp_hash(script),
        "data": json_for_script({**data.to_json_data(), "settings": settings}),
    }
    page: str = _environment().get_template("report.html.j2").render(context)
    return page


def write_html(
    project: Project,
    path: str | os.PathLike[str],
    *,
    levels: Sequence[str] | None = None,
    quotes: bool = True,
    memos: bool = True,
    pseudonymize: bool | Mapping[str, str] = False,
    saturation: SaturationReport | Mapping[str, Any] | bool = True,
    plot: bool = True,
    date: str | None = None,
    quotes_per_panel: int = QUOTES_PER_PANEL,
    diagram: Mapping[str, Any] | None = None,
) -> Path:
    """Write the theory, its evidence and its saturation as one self-contained HTML file.

    The file needs nothing else to open in a modern browser (no network, no
    other files): the diagrams, the plot, the stylesheet and the script are
    inside it.  It shows the study's header; the theory as a diagram (with a
    switch between levels) whose concepts open a panel with their definition,
    properties, codes, quotes with who said them, memos and relationships
    with their evidence; the saturation report with its plot and caveats; the
    theory checks; a searchable codebook; what each source added; and an
    appendix with the exact parameters.

    Parameters
    ----------
    project : Project
        The project to report on.
    path : str or path
        The file to write (conventionally ``report.html``).
    levels : sequence of {"categories", "themes", "codes"}, optional
        The diagram levels to include, the first shown first.  By default
        all three, without the code level above :data:`gtgraph.report.CODE_DIAGRAM_LIMIT`
        codes (the panels and the codebook still reach every code).  Each is drawn
        with Graphviz; without Graphviz the report says so in place of the
        diagram and the concepts stay reachable from the list under it.
    quotes : bool
        Include participants' words (the panels' quotes and the codebook's
        example quotes).  Counts of segments, participants and sources stay.
    memos : bool
        Include the memos.
    pseudonymize : bool or mapping of str to str
        Replace participants' names first (see :func:`gtgraph.pseudonymize`),
        for a report that leaves the team; a mapping gives chosen pseudonyms.
        The project itself is not changed.
    saturation : SaturationReport, mapping, or bool
        The saturation report to show, the options of
        :func:`gtgraph.saturation.report` to make it with, True for its
        defaults, or False to leave the section out.
    plot : bool
        Draw the saturation plot (needs matplotlib; without it the report
        says so).
    date : str, optional
        The date shown in the header (default: today, UTC).
    quotes_per_panel : int
        Quotes a panel shows before "show more" (the rest load on demand).
    diagram : mapping, optional
        Options of :func:`gtgraph.drawing.to_dot` for the diagrams (default: evidence
        counts and the saturation marks; the page explains the marks under
        the diagram, so Graphviz's legend is off unless asked for).

    Returns
    -------
    Path
        The file written (atomically: nothing is written if anything fails).

    Raises
    ------
    ValidationError
        If an option has no valid value.

    See Also
    --------
    gtgraph.drawing.render : the diagram alone.
    gtgraph.saturation.report : the saturation report alone.

    Notes
    -----
    The page carries a Content-Security-Policy that allows only its own
    inline script (by its hash), inline styles and ``data:`` images, so that
    it fetches nothing and runs nothing else.  It prints with every section
    expanded and a digest of each category.

    Examples
    --------
    >>> import gtgraph
    >>> p = gtgraph.Project(title="Peer support")
    >>> s = p.add_source("P01", text="She had been there too.", participant="Ann")
    >>> _ = p.code(s, quote="been there too", codes="shared experience")
    >>> p.categorize("shared experience", "Shared identity")
    >>> gtgraph.write_html(p, "report.html", pseudonymize=True)  # doctest: +SKIP
    PosixPath('report.html')
    """
    from gtgraph.readwrite._files import atomic_write

    target = Path(path)
    page = to_html(
        project,
        levels=levels,
        quotes=quotes,
        memos=memos,
        pseudonymize=pseudonymize,
        saturation=saturation,
        plot=plot,
        date=date,
        quotes_per_panel=quotes_per_panel,
        diagram=diagram,
    )
    atomic_write(target, page.encode("utf-8"))
    return target
