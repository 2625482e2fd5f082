"""A project whose every name, quote and memo is made of markup, quotes, RTL text and emoji."""

from __future__ import annotations

import gtgraph

#: What a careless page would execute, break out of or garble.
HOSTILE = '<script>alert(1)</script> "onmouseover=alert(2) </style> שלום 😀'


def hostile_project() -> gtgraph.Project:
    """Names, quotes and memos made of markup, quotes, right-to-left text and emoji."""
    p = gtgraph.Project(title=f"Study {HOSTILE}")
    s = p.add_source(
        f"Interview {HOSTILE}",
        text=f"She said {HOSTILE} twice.",
        participant=f"P {HOSTILE}",
    )
    p.code(s, quote=HOSTILE, codes=f"code {HOSTILE}")
    p.categorize(f"code {HOSTILE}", f"Category {HOSTILE}")
    p.update(f"Category {HOSTILE}", definition=f"Defined as {HOSTILE}")
    p.memo(f"Category {HOSTILE}", f"Memo text {HOSTILE}", title=f"Memo {HOSTILE}")
    return p
