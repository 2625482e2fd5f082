"""Constant comparison: segments by code and case, matrices, co-occurrence, side by side.

Grounded theory proceeds by constant comparison (Glaser & Strauss 1967): each
new excerpt is compared with the excerpts already coded the same way, codes are
compared with codes, and cases with cases.  The functions here pull out what
such comparisons need:

- :func:`segments`: the excerpts of a code or category, narrowed to some
  participants, participant attributes, sources or coders;
- :func:`matrix`: a table of codes (or categories) against participants (or
  sources, coders, attribute values), counting segments or marking presence;
- :func:`cooccurrence`: how often codes meet on a segment, in overlapping
  segments, in a source or in a participant's data;
- :func:`compare`: two codes, or two participants, side by side.

Every result is a plain record with a readable ``str()`` and a ``to_frame()``
method that returns a pandas DataFrame when the optional ``pandas`` extra is
installed (``pip install "gtgraph[pandas]"``).

References
----------
Glaser, B. G., & Strauss, A. L. (1967). *The discovery of grounded theory*.
Aldine.  https://doi.org/10.4324/9780203793206
"""

from gtgraph.queries._compare import Comparison, ComparisonRow, compare
from gtgraph.queries._cooccurrence import Cooccurrence, CooccurrencePair, cooccurrence
from gtgraph.queries._matrix import Matrix, matrix
from gtgraph.queries._segments import SegmentTable, segments

__all__ = [
    "Comparison",
    "ComparisonRow",
    "Cooccurrence",
    "CooccurrencePair",
    "Matrix",
    "SegmentTable",
    "compare",
    "cooccurrence",
    "matrix",
    "segments",
]
