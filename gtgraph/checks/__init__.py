"""Theory checks: where the emerging theory is ungrounded, underdeveloped or not integrated.

:func:`check` runs a set of rules over a project and returns a list of
:class:`Finding` records (severity, rule, message, subjects).  Each rule is a
:class:`Rule` in :data:`RULES`, with the reason it matters in grounded theory;
the reference page of the documentation lists them all.

A finding is a prompt for the analyst, not a verdict: an uncategorised code may
be deliberate early in open coding, and a causal cycle may be a real feedback
loop.  Rules can be switched off for a project with
``project.configure(disabled_checks=[...])``.

Severities:

``"error"``
    The theory as stated is inconsistent or its integration is broken (two
    core categories; a relationship the data contradict more than they support).
``"warning"``
    A gap in grounding or development to close or to justify in a memo.
``"info"``
    A prompt for a memo or a next step.
"""

from collections.abc import Mapping

from gtgraph.checks import _check, _rule
from gtgraph.checks._check import check
from gtgraph.checks._codes import name_key
from gtgraph.checks._rule import Finding, Rule

__all__ = ["RULES", "SEVERITIES", "Finding", "Rule", "check", "name_key"]

#: Every theory check, by id, in the order they run.
RULES: Mapping[str, Rule] = _check.RULES

#: The severities, most serious first.
SEVERITIES: tuple[str, ...] = _rule.SEVERITIES
