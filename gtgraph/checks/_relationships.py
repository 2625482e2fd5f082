"""Theory checks on relationships: evidence, contradictions, causal cycles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gtgraph.checks._rule import Found, Rule, _Context, registrar

if TYPE_CHECKING:
    from gtgraph.model import Relationship

__all__ = ["RULES"]

#: The rules on relationships, by id, in the order they run.
RULES: dict[str, Rule] = {}
_rule = registrar(RULES)


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
