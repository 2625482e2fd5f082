"""Theory checks on memos."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gtgraph.checks._rule import Found, Rule, _Context, registrar

if TYPE_CHECKING:
    pass

__all__ = ["RULES"]

#: The rules on memos, by id, in the order they run.
RULES: dict[str, Rule] = {}
_rule = registrar(RULES)


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
