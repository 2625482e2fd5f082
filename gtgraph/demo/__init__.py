"""The bundled worked example: a fictional grounded-theory study of peer support.

ILLUSTRATIVE, FICTIONAL DATA: ten invented interviews with service-users about the
relationship with their peer support worker in mental-health services, coded from
initial codes to three themes and a core category.  See
``gtgraph/demo/peer_support.py`` for the analysis, stage by stage.

For example:

>>> from gtgraph.demo import build_project
>>> project = build_project()
>>> [c.name for c in project.categories if c.theme][0]
'The process of disclosure'
"""

from gtgraph.demo.peer_support import STAGES, build_project

__all__ = ["STAGES", "build_project"]
