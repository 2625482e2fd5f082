"""How an analysis evolves: the project after the first k sources, differences, provenance.

- :func:`as_of` returns the project as the first *k* sources (in their
  ``order``) ground it, so that saturation, checks and diagrams can be replayed
  interview by interview;
- :func:`diff` lists what differs between two projects (or two states of one):
  codes, categories and relationships added, removed, renamed, regrouped and
  regrounded, with counts;
- :func:`provenance` tells where an element came from: the creations, merges,
  splits, renames and categorizations in the project's history that led to it.
"""

from gtgraph.evolution._as_of import as_of
from gtgraph.evolution._diff import Change, Diff, diff
from gtgraph.evolution._provenance import Provenance, provenance

__all__ = ["Change", "Diff", "Provenance", "as_of", "diff", "provenance"]
