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

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from gtgraph.errors import ValidationError
from gtgraph.project._analysis import Index
from gtgraph.relations import suggest

if TYPE_CHECKING:
    from gtgraph.model import Relationship, RelationType
    from gtgraph.project import Project

__all__ = ["RULES", "SEVERITIES", "Finding", "Rule", "check", "name_key"]

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


_REGISTRY: dict[str, Rule] = {}


Found = Iterator[tuple[str, tuple[str, ...]]]
_Body = Callable[[_Context], Found]


def _rule(
    rule_id: str, severity: str, description: str, rationale: str
) -> Callable[[_Body], _Body]:
    """Register a rule whose body yields ``(message, subjects)`` pairs."""

    def register(body: _Body) -> _Body:
        def run(context: _Context) -> Iterator[Finding]:
            for message, subjects in body(context):
                yield Finding(severity, rule_id, message, subjects)

        _REGISTRY[rule_id] = Rule(
            rule_id, severity, description, " ".join(rationale.split()), run
        )
        return body

    return register


# ---------------------------------------------------------------------- codes


@_rule(
    "code-without-category",
    "warning",
    "A code is in no category.",
    """Codes are raised into categories by constant comparison; a code left on
    its own has not yet been compared with the others or found its place in the
    emerging theory (Glaser & Strauss 1967; Charmaz 2014, ch. 6).  Early in open
    coding this is expected; later it points to a code to merge, to drop, or to
    develop into a category of its own.""",
)
def _code_without_category(context: _Context) -> Found:
    index = context.index
    for code in index.codes.values():
        if not index.parents.get(code.id):
            yield (
                (
                    f"code {code.name!r} is in no category; put it into one with "
                    f"project.categorize({code.name!r}, ...), merge it into another code, "
                    "or make it a category"
                ),
                (code.id,),
            )


_SEPARATORS = re.compile(r"[\s_\-]+")


# Shorter words are left alone: "bus", "was", "yes", "dies" are not plurals.
_MIN_ES = 5
_MIN_S = 4


def _singular(word: str) -> str:
    if len(word) >= _MIN_ES and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) >= _MIN_ES and word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if (
        len(word) >= _MIN_S
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is"))
    ):
        return word[:-1]
    return word


def name_key(name: str) -> str:
    """Return the form two code names share when they look like the same code.

    Case is ignored, runs of spaces, hyphens and underscores count as one space,
    and each word is reduced by the simple English plural rules (*-ies* to
    *-y*; *-sses*, *-shes*, *-ches*, *-xes*, *-zes* drop *-es*; otherwise a
    final *-s* is dropped, except after *s*, *u* or *i*).

    Examples
    --------
    >>> from gtgraph.checks import name_key
    >>> name_key("Feeling  Safe"), name_key("feeling-safe"), name_key("feelings safe")
    ('feeling safe', 'feeling safe', 'feeling safe')
    >>> name_key("stories"), name_key("story"), name_key("process")
    ('story', 'story', 'process')
    """
    words = _SEPARATORS.split(name.casefold().strip())
    return " ".join(_singular(w) for w in words if w)


@_rule(
    "duplicate-code-names",
    "warning",
    "Code names differ only in case, spacing or a plural ending.",
    """A codebook with near-identical codes splits the same idea across labels,
    so each looks thinner than the idea is and constant comparison misses
    incidents filed under the twin.  Focused coding is exactly the work of
    choosing the most telling codes and merging the rest (Charmaz 2014, ch. 6;
    Saldaña 2021, ch. 1).""",
)
def _duplicate_code_names(context: _Context) -> Found:
    groups: dict[str, list[str]] = {}
    for code in context.index.codes.values():
        groups.setdefault(name_key(code.name), []).append(code.id)
    for ids in groups.values():
        if len(ids) < 2:  # noqa: PLR2004 - a duplicate needs two
            continue
        names = [context.index.codes[i].name for i in ids]
        listed = ", ".join(map(repr, names))
        yield (
            (
                f"codes {listed} look like the same code; merge them with "
                f"project.merge_codes({names!r}, into=...), or sharpen their definitions "
                "so that they differ"
            ),
            tuple(ids),
        )


# ---------------------------------------------------------------------- categories


@_rule(
    "category-without-codes",
    "warning",
    "A category has no code under it (at any depth).",
    """A grounded-theory category is built up from codes that are built up from
    the data; a category with no codes below it is not grounded in any excerpt
    and may be a preconceived idea rather than one that emerged (Glaser 1978;
    Corbin & Strauss 2015, ch. 11).""",
)
def _category_without_codes(context: _Context) -> Found:
    index = context.index
    for cat in index.categories.values():
        if not index.codes_under(cat.id):
            yield (
                (
                    f"category {cat.name!r} has no codes under it, so no excerpt grounds "
                    f"it; categorize codes under it with project.categorize(code, "
                    f"{cat.name!r}), or remove it"
                ),
                (cat.id,),
            )


@_rule(
    "category-without-properties",
    "warning",
    "A category has no properties.",
    """A category is developed by specifying its properties (its
    characteristics) and their dimensions (the range along which each varies);
    a category without properties is a label, not yet a concept (Strauss &
    Corbin 1998, ch. 8; Charmaz 2014, ch. 7).""",
)
def _category_without_properties(context: _Context) -> Found:
    for cat in context.index.categories.values():
        if not cat.properties:
            yield (
                (
                    f"category {cat.name!r} has no properties; describe its "
                    f"characteristics with project.add_property({cat.name!r}, ...)"
                ),
                (cat.id,),
            )


@_rule(
    "property-without-dimensions",
    "warning",
    "A property of a category has no dimensions.",
    """Properties vary, and the dimensions (low and high poles, such as
    disclosure depth from superficial to intimate) are what let the analyst
    compare cases and locate each participant's account; without them a
    property cannot be used for comparison (Strauss & Corbin 1998, ch. 8).""",
)
def _property_without_dimensions(context: _Context) -> Found:
    for cat in context.index.categories.values():
        for prop in cat.properties:
            if not prop.dimensions:
                yield (
                    (
                        f"property {prop.name!r} of category {cat.name!r} has no "
                        "dimensions; say along which range it varies with "
                        f"project.add_dimension({cat.name!r}, {prop.name!r}, (low, high))"
                    ),
                    (cat.id,),
                )


@_rule(
    "several-core-categories",
    "error",
    "More than one category is marked as the core category.",
    """Selective coding integrates the theory around one core category, the one
    that accounts for most of the variation in the data and to which the other
    categories relate (Glaser 1978, ch. 6; Strauss & Corbin 1998, ch. 10).  Two
    cores mean two theories, or one core not yet found.""",
)
def _several_core_categories(context: _Context) -> Found:
    cores = [c for c in context.index.categories.values() if c.core]
    if len(cores) > 1:
        names = ", ".join(repr(c.name) for c in cores)
        yield (
            (
                f"{len(cores)} categories are marked as the core category ({names}); "
                "choose the one that integrates the others and unmark the rest with "
                "project.update(name, core=False)"
            ),
            tuple(c.id for c in cores),
        )


@_rule(
    "no-core-category",
    "info",
    "There are categories but no core category yet.",
    """Until a core category is chosen the integration of the theory cannot be
    checked (see not-connected-to-core).  That is normal during open and focused
    coding; the choice belongs to selective or theoretical coding (Glaser 1978;
    Strauss & Corbin 1998, ch. 10).""",
)
def _no_core_category(context: _Context) -> Found:
    categories = context.index.categories
    if categories and not any(c.core for c in categories.values()):
        yield (
            (
                "no category is marked as the core category yet; when one emerges, "
                "mark it with project.update(name, core=True)"
            ),
            (),
        )


@_rule(
    "not-connected-to-core",
    "warning",
    "A category is not connected to the core category by relationships.",
    """In the integrated theory every category relates to the core category,
    directly or through other categories; a category that does not is either
    not yet integrated or does not belong in this theory (Strauss & Corbin 1998,
    ch. 10; Glaser 1978, ch. 6).  A category counts as connected when a chain of
    relationships joins it to the core, where a category stands for the
    categories and codes above and below it (so a subcategory of a related
    category is connected); two categories are not connected merely by sharing
    a parent.""",
)
def _not_connected_to_core(context: _Context) -> Found:
    index = context.index
    cores = [c for c in index.categories.values() if c.core]
    if not cores:
        return
    neighbours: dict[str, set[str]] = {}
    for rel in context.relationships:
        neighbours.setdefault(rel.source, set()).add(rel.target)
        neighbours.setdefault(rel.target, set()).add(rel.source)
    connected: set[str] = set()
    reached: set[str] = set()
    stack = [c.id for c in cores]
    while stack:
        node = stack.pop()
        if node in reached:
            continue
        reached.add(node)
        for member in (node, *index.ancestors(node), *index.descendants(node)):
            if member in connected:
                continue
            connected.add(member)
            stack.extend(n for n in neighbours.get(member, ()) if n not in reached)
    core_names = " or ".join(repr(c.name) for c in cores)
    for cat in index.categories.values():
        if cat.id not in connected:
            yield (
                (
                    f"category {cat.name!r} is not connected to the core category "
                    f"{core_names}; relate it (or one of its codes or subcategories) to "
                    "the core or to a category that is, or reconsider its place in the theory"
                ),
                (cat.id,),
            )


# ---------------------------------------------------------------------- relationships


@_rule(
    "relationship-without-evidence",
    "warning",
    "A relationship has no supporting segments.",
    """Relationships between categories are hypotheses that must be verified
    against the data; a relationship with no excerpts behind it is conjecture,
    and examiners will ask where it came from (Strauss & Corbin 1998, ch. 9;
    Corbin & Strauss 2015, ch. 12).""",
)
def _relationship_without_evidence(context: _Context) -> Found:
    for rel in context.relationships:
        if not rel.evidence:
            yield (
                (
                    f"{context.describe(rel)} has no evidence; add the segments that "
                    f"support it with project.add_evidence({rel.id!r}, ...)"
                ),
                (rel.id,),
            )


@_rule(
    "relationship-one-participant",
    "warning",
    "A relationship's evidence comes from one participant only.",
    """A link seen in one account may be idiosyncratic; grounded theory
    develops a relationship by comparing incidents across cases and by
    theoretical sampling for variation (Glaser & Strauss 1967, ch. 3; Charmaz
    2014, ch. 8).""",
)
def _relationship_one_participant(context: _Context) -> Found:
    for rel in context.relationships:
        if not rel.evidence:
            continue
        cases = context.index.cases(rel.evidence)
        if len(cases) == 1:
            (case,) = cases
            yield (
                (
                    f"{context.describe(rel)} is grounded in one participant only "
                    f"({context.index.name(case)}); look for it in other participants' "
                    "accounts, or say in a memo why one case suffices"
                ),
                (rel.id,),
            )


@_rule(
    "relationship-contradicted",
    "error",
    "Counter-evidence for a relationship comes from more participants than its support.",
    """Negative cases are to be accounted for, not ignored: when more
    participants' accounts contradict a relationship than support it, the
    relationship must be revised, qualified by its conditions, or dropped
    (Glaser & Strauss 1967, ch. 5; Charmaz 2014, ch. 8; Corbin & Strauss
    2015, ch. 4).""",
)
def _relationship_contradicted(context: _Context) -> Found:
    for rel in context.relationships:
        if not rel.counter_evidence:
            continue
        against = len(context.index.cases(rel.counter_evidence))
        support = len(context.index.cases(rel.evidence))
        if against > support:
            yield (
                (
                    f"{context.describe(rel)} is contradicted by {against} participant(s) "
                    f"but supported by {support}; revise it, state the conditions under "
                    "which it holds, or remove it"
                ),
                (rel.id,),
            )


_CAUSAL_STYLES = frozenset({"causal", "conditional", "process"})
#: Built-in types that point from the effect to its cause.
_BACKWARD = frozenset({"is consequence of"})


@_rule(
    "contradictory-relationships",
    "error",
    "Two concepts are said both to contradict each other and to be causally linked.",
    """Saying that A contradicts B and that A causes (conditions, leads to) B
    states two incompatible relationships between the same concepts; one of
    them is mislabelled, or the link holds under conditions that should be made
    explicit (Strauss & Corbin 1998, ch. 9).""",
)
def _contradictory_relationships(context: _Context) -> Found:
    pairs: dict[frozenset[str], list[Relationship]] = {}
    for rel in context.relationships:
        pairs.setdefault(frozenset((rel.source, rel.target)), []).append(rel)
    for rels in pairs.values():
        against = [r for r in rels if context.style(r) == "contradiction"]
        causal = [r for r in rels if context.style(r) in _CAUSAL_STYLES]
        if against and causal:
            ends = sorted({rels[0].source, rels[0].target})
            listed = " and ".join(context.describe(r) for r in against + causal)
            yield (
                (
                    f"{listed} state incompatible relationships between the same "
                    "concepts; relabel one, or state the conditions under which each holds"
                ),
                (*ends, *(r.id for r in against + causal)),
            )


@_rule(
    "causal-cycle",
    "warning",
    "Causal, conditional or process relationships form a cycle.",
    """A chain of causes that returns to its start is either a feedback loop,
    which the theory should name and explain in a memo, or a direction recorded
    the wrong way round (Glaser 1978, ch. 4 on the six Cs; Corbin & Strauss
    2015, ch. 7).  Cycles are allowed, so this is a warning.""",
)
def _causal_cycle(context: _Context) -> Found:
    import networkx as nx

    graph: nx.DiGraph[str] = nx.DiGraph()
    for rel in context.relationships:
        rtype = context.types.get(rel.type)
        if rtype is None or rtype.symmetric or rtype.style not in _CAUSAL_STYLES:
            continue
        if rel.type in _BACKWARD:
            graph.add_edge(rel.target, rel.source)
        else:
            graph.add_edge(rel.source, rel.target)
    name = context.index.name
    for component in nx.strongly_connected_components(graph):
        if len(component) < 2:  # noqa: PLR2004 - a self-loop cannot be stored
            continue
        cycle = nx.find_cycle(graph.subgraph(component))
        path = " -> ".join(repr(name(u)) for u, _ in cycle)
        yield (
            f"causal relationships form a cycle: {path} -> {name(cycle[0][0])!r}"
            + (
                f" (among {len(component)} concepts in all)"
                if len(component) > len(cycle)
                else ""
            )
            + "; if it is a feedback loop, say so in a memo, else reverse or remove a link",
            tuple(sorted(component)),
        )


# ---------------------------------------------------------------------- memos


@_rule(
    "memo-about-nothing",
    "info",
    "A memo is attached to no code, category, relationship or other element.",
    """Memos are where the analysis happens, and their value lies in being
    sorted and integrated with the categories they develop (Glaser 1978, ch. 5;
    Charmaz 2014, ch. 7); a memo attached to nothing is easily lost when the
    theory is written up.""",
)
def _memo_about_nothing(context: _Context) -> Found:
    for memo in context.index.store.records["memo"].values():
        if not memo.about:
            yield (
                (
                    f"memo {memo.title!r} is about nothing; attach it with "
                    f"project.update({memo.title!r}, kind='memo', about=[...])"
                ),
                (memo.id,),
            )


#: Every theory check, by id, in the order they run.
RULES: Mapping[str, Rule] = MappingProxyType(dict(_REGISTRY))


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
