"""Running the theory checks over a project."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from gtgraph.checks import _categories, _codes, _memos, _relationships
from gtgraph.checks._rule import SEVERITIES, Finding, Rule, _Context
from gtgraph.errors import ValidationError
from gtgraph.relations import suggest

if TYPE_CHECKING:
    from gtgraph.project import Project

__all__ = ["RULES", "check"]


#: Every theory check, by id, in the order they run.
RULES: Mapping[str, Rule] = MappingProxyType(
    {**_codes.RULES, **_categories.RULES, **_relationships.RULES, **_memos.RULES}
)


def check(project: Project, *, rules: Iterable[str] | None = None) -> list[Finding]:
    """Run the theory checks and return what they find.

    Parameters
    ----------
    project : Project
        The project.
    rules : iterable of str, optional
        The ids of the rules to run (see :data:`RULES`); these run even if the
        project switched them off.  By default every rule runs except those in
        the project's ``disabled_checks`` setting.

    Returns
    -------
    list of Finding
        Errors first, then warnings, then information, each group in the order
        of :data:`RULES`.

    Raises
    ------
    ValidationError
        If a rule id (given, or in the ``disabled_checks`` setting) is unknown.

    Notes
    -----
    The rules and the reasons they matter are listed in :data:`RULES` and on
    the documentation's theory-checks page.

    Examples
    --------
    >>> import gtgraph
    >>> p = gtgraph.Project()
    >>> s = p.add_source("i1", text="She had been there too.", participant="P01")
    >>> seg = p.code(s, quote="been there too", codes="shared experience")
    >>> p.categorize("shared experience", "Shared identity")
    >>> _ = p.update("Shared identity", core=True)
    >>> _ = p.add_property("Shared identity", "strength", dimensions=[("weak", "strong")])
    >>> _ = p.add_category("Disclosure")
    >>> for finding in gtgraph.check(p):
    ...     print(finding)
    warning [category-without-codes] category 'Disclosure' has no codes under it, ...
    warning [category-without-properties] category 'Disclosure' has no properties; ...
    warning [not-connected-to-core] category 'Disclosure' is not connected to the core category 'Shared identity'; ...
    >>> p.configure(disabled_checks=["category-without-properties"])
    >>> [f.rule for f in gtgraph.check(p)]
    ['category-without-codes', 'not-connected-to-core']
    """
    if rules is None:
        disabled = project.settings.get("disabled_checks", [])
        if isinstance(disabled, str) or not isinstance(disabled, (list, tuple)):
            raise ValidationError(
                "the disabled_checks setting must be a list of rule ids, not "
                f"{disabled!r}"
            )
        _known(disabled, "in the project's disabled_checks setting")
        chosen = [r for r in RULES if r not in disabled]
    else:
        chosen = [rules] if isinstance(rules, str) else list(dict.fromkeys(rules))
        _known(chosen, "")
    context = _Context(project)
    findings: list[Finding] = []
    for rule_id in chosen:
        findings.extend(RULES[rule_id].function(context))
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    findings.sort(key=lambda f: rank[f.severity])
    return findings


def _known(ids: Iterable[object], where: str) -> None:
    for rule_id in ids:
        if not isinstance(rule_id, str) or rule_id not in RULES:
            hint = suggest(str(rule_id), RULES) or (
                f"; the rules are {', '.join(RULES)}"
            )
            raise ValidationError(
                f"there is no theory check {rule_id!r}{' ' + where if where else ''}{hint}"
            )
