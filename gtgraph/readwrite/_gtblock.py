r"""The marked block gtgraph adds to a REFI-QDA ``Description``.

REFI-QDA has no place for what grounded theory adds to a code or a category:
a code's coding stage and in-vivo flag; a category's theme and core flags and
its properties with their dimensions.  gtgraph writes them at the end of the
element's ``Description``, after a blank line, as one line starting with
``[gtgraph]`` followed by a JSON object::

    Disclosing a diagnosis to a peer.

    [gtgraph] {"core": true, "properties": [{"name": "depth", "dimensions": [["depth", "superficial", "intimate"]]}]}

Other programs show it as part of the description and otherwise ignore it;
gtgraph reads it back exactly, and keeps it through a round trip via another
program as long as that program keeps descriptions.  A definition that itself
contains the marker always gets a block, so the last block is the one read.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["MARKER", "join_block", "split_block"]

MARKER = "[gtgraph] "


def join_block(definition: str, extras: dict[str, Any]) -> str:
    r"""Return the Description text for *definition* with *extras* appended.

    Examples
    --------
    >>> from gtgraph.readwrite._gtblock import join_block
    >>> join_block("Talking about it.", {"theme": True})
    'Talking about it.\n\n[gtgraph] {"theme": true}'
    >>> join_block("Plain.", {})
    'Plain.'
    """
    if not extras and MARKER not in definition:
        return definition
    line = MARKER + json.dumps(extras, ensure_ascii=False, sort_keys=True)
    return f"{definition}\n\n{line}" if definition else line


def split_block(description: str) -> tuple[str, dict[str, Any] | None]:
    r"""Split a Description into the definition and gtgraph's extras (None if absent).

    A block that is not a JSON object is left in the definition.

    Examples
    --------
    >>> from gtgraph.readwrite._gtblock import split_block
    >>> split_block('Talking about it.\n\n[gtgraph] {"theme": true}')
    ('Talking about it.', {'theme': True})
    >>> split_block("No block here.")
    ('No block here.', None)
    """
    if description.startswith(MARKER):
        head, line = "", description
    else:
        position = description.rfind("\n\n" + MARKER)
        if position < 0:
            return description, None
        head, line = description[:position], description[position + 2 :]
    if "\n" in line:
        return description, None
    try:
        extras = json.loads(line[len(MARKER) :])
    except ValueError:
        return description, None
    if not isinstance(extras, dict):
        return description, None
    return head, extras
