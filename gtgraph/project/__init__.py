"""The Project and its parts: the one object users hold.

:class:`Project` is made of parts that each own one concern, listed in its own
definition: the core (``_base``: the store and the bookkeeping of every change),
reading (``_reading``), adding (``_adding``: participants, sources, codes),
coding (``_coding``), relating (``_relating``) and editing
(``_editing``, with the restructuring helpers of ``_restructure``).  The records
live in a :class:`~gtgraph.project._store.Store`; ``_views`` offers them as
read-only views and ``_analysis`` indexes them for the analysis modules.
"""

import sys as _sys

from gtgraph.project._base import Grounding
from gtgraph.project._project import Project

__all__ = ["Grounding", "Project"]

# Pickles made before the Project became a package name three of its modules by
# their old paths (``gtgraph._base.Grounding``, ``gtgraph._views.RecordView``,
# ``gtgraph._store.Store``); those paths stay importable so the pickles still load.
for _old in ("_base", "_store", "_views"):
    _sys.modules.setdefault(f"gtgraph.{_old}", _sys.modules[f"gtgraph.project.{_old}"])
del _old
