r"""Inter-coder agreement: percentage agreement, Cohen's kappa and Krippendorff's alpha.

Two coders who code the same sources independently can compare their work with
:func:`agreement`.  In qualitative research agreement is most useful as a
prompt for discussion (where and why do the codings differ, and what does that
say about the code's definition?) rather than as a pass mark (O'Connor & Joffe
2020), so the result lists every disagreement as well as the coefficients.

Coding qualitative text is *unitizing* (marking where a passage starts and ends)
and *coding* (choosing codes for it) at once; the coefficients below measure
the second, given a choice of units.  The three choices of unit, and how each
handles text that neither coder marked (the uncoded-text problem), are
described under :func:`agreement`.

:func:`cohen_kappa` and :func:`krippendorff_alpha` are also usable directly on
tables and reliability data.
"""

from gtgraph.reliability._agreement import UNITS, agreement  # noqa: F401 - UNITS stays importable
from gtgraph.reliability._coefficients import Table, cohen_kappa, krippendorff_alpha
from gtgraph.reliability._results import Agreement, CodeAgreement, Disagreement

__all__ = [
    "Agreement",
    "CodeAgreement",
    "Disagreement",
    "Table",
    "agreement",
    "cohen_kappa",
    "krippendorff_alpha",
]
