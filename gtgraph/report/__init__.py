"""The self-contained HTML report of a project: one file to send to a supervisor.

:func:`gtgraph.write_html` writes the theory as a diagram whose concepts open onto
their definitions, codes, quotes and memos, next to the saturation report, the
theory checks, a searchable codebook and how the theory grew, in one HTML file
that needs no network to open.  :func:`gtgraph.report.to_html` returns the same
page as text.  For example:

>>> import gtgraph
>>> from gtgraph.report import to_html
>>> p = gtgraph.Project(title="Peer support")
>>> _ = p.add_category("Shared identity", core=True)
>>> "Shared identity" in to_html(p, saturation=False, levels=[])
True
"""

from __future__ import annotations

from gtgraph.report._html import (
    CODE_DIAGRAM_LIMIT,
    LEVELS,
    QUOTES_PER_PANEL,
    to_html,
    write_html,
)

__all__ = ["CODE_DIAGRAM_LIMIT", "LEVELS", "QUOTES_PER_PANEL", "to_html", "write_html"]
