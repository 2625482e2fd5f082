"""What a theory check is: a Rule, the Findings it yields, the context rules read."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING

import attrs

from gtgraph.project._analysis import Index

if TYPE_CHECKING:
    from gtgraph.model import Relationship, RelationType
    from gtgraph.project import Project

__all__ = ["SEVERITIES", "Finding", "Rule", "registrar"]


#: The severities, most serious first.
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")


@attrs.frozen
class Finding:
    """One thing a theory check found.

    Attributes
    ----------
    severity : str
        ``"error"``, ``"warning"`` or ``"info"``.
    rule : str
        The id of the rule (a key of :data:`RULES`).
    message : str
        What was found, naming the elements, and what to do about it.
    subjects : tuple of str
        The ids of the elements involved.

    Examples
    --------
    >>> import gtgraph
    >>> p = gtgraph.Project()
    >>> _ = p.add_code("trust")
    >>> finding = gtgraph.check(p, rules=["code-without-category"])[0]
    >>> print(finding)
    warning [code-without-category] code 'trust' is in no category; ...
    >>> finding.subjects == (p.codes["trust"].id,)
    True
    """

    severity: str
    rule: str
    message: str
    subjects: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.severity} [{self.rule}] {self.message}"


class _Context:
    """What the rules share: the index, relation types and relationship grounding."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.index = Index(project)
        self.types: Mapping[str, RelationType] = project.relation_types
        self.relationships: list[Relationship] = list(
            self.index.store.records["relationship"].values()
        )

    def describe(self, rel: Relationship) -> str:
        return f"{self.index.rel_name(rel)} ({rel.id})"

    def style(self, rel: Relationship) -> str:
        rtype = self.types.get(rel.type)
        return "association" if rtype is None else rtype.style


RuleFunction = Callable[[_Context], Iterator[Finding]]


@attrs.frozen
class Rule:
    """A theory check: what it looks for and why that matters.

    Attributes
    ----------
    id : str
        The rule's id, used in findings and in the ``disabled_checks`` setting.
    severity : str
        The severity of its findings.
    description : str
        What the rule looks for.
    rationale : str
        Why it matters in grounded theory, with the sources that say so.
    function : callable
        Yields the findings (internal).
    """

    id: str
    severity: str
    description: str
    rationale: str
    function: RuleFunction = attrs.field(repr=False, eq=False)


Found = Iterator[tuple[str, tuple[str, ...]]]
_Body = Callable[[_Context], Found]
_Decorator = Callable[[str, str, str, str], Callable[[_Body], _Body]]


def registrar(registry: dict[str, Rule]) -> _Decorator:
    """Return a decorator that adds a rule to *registry*, in the order rules are written.

    The decorated body yields ``(message, subjects)`` pairs; the rule turns them
    into findings of its severity.
    """

    def _rule(
        rule_id: str, severity: str, description: str, rationale: str
    ) -> Callable[[_Body], _Body]:
        def register(body: _Body) -> _Body:
            def run(context: _Context) -> Iterator[Finding]:
                for message, subjects in body(context):
                    yield Finding(severity, rule_id, message, subjects)

            registry[rule_id] = Rule(
                rule_id, severity, description, " ".join(rationale.split()), run
            )
            return body

        return register

    return _rule
