"""Worked example: a constructivist grounded-theory study of peer support.

ILLUSTRATIVE, FICTIONAL DATA.  The ten interviews, their coding, categories,
themes, relationships and memos were invented for this example.

The analysis itself ships with gtgraph, so that ``gtgraph demo`` works wherever
gtgraph is installed: read it in ``gtgraph/demo/peer_support.py`` (the steps, as
calls a researcher makes), ``gtgraph/demo/coding_plan.py`` (which phrase got which
code) and ``gtgraph/demo/data/`` (the transcripts and the participants' sheet).

Run this script to print a summary and save ``peer-support.gtg.json``::

    python examples/peer_support.py [--out DIR] [--stage STAGE]

In your own code, ``build_project(stage)`` returns the project as it stood after
each stage of coding: ``initial``, ``focused``, ``categories``, ``themes``, ``final``.
"""

from __future__ import annotations

import sys

from gtgraph.demo.peer_support import STAGES, build_project, main

__all__ = ["STAGES", "build_project"]

if __name__ == "__main__":
    sys.exit(main())
