"""Reading and writing projects: REFI-QDA codebooks and projects, CSV tables, Taguette.

Files from other programs are read defensively (no XML entities or DTDs, zip
members checked, sizes bounded); whatever a reader cannot represent in a
:class:`gtgraph.Project` is reported as a :class:`FormatWarning`.
"""

from __future__ import annotations

from gtgraph.readwrite._report import FormatWarning

__all__ = ["FormatWarning"]
