"""Hypothesis strategies for gtgraph: names, texts and whole valid projects."""

from __future__ import annotations

import contextlib
import warnings
from typing import Any

from hypothesis import strategies as st

import gtgraph
from gtgraph.errors import DuplicateCodingWarning
from gtgraph.model import STAGES

#: Names as users type them: any printable unicode, stripped, non-empty.
names = (
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
        min_size=1,
        max_size=12,
    )
    .map(str.strip)
    .filter(bool)
)

#: Texts of sources: any unicode, with CRLF, empty texts, occasionally long ones.
texts = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80),
    st.builds(
        lambda s, n: s * n, st.text(min_size=1, max_size=5), st.integers(1, 3000)
    ),
    st.just(""),
)

#: Attribute values a participant or source may hold.
attribute_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=10),
    st.dates(),
)


def _try(call: Any, *args: Any, **kwargs: Any) -> Any:
    # Random spans may nearly repeat one another: a valid project, which code()
    # points out with a warning that these generated projects do not need.
    with (
        contextlib.suppress(gtgraph.GtGraphError),
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore", DuplicateCodingWarning)
        return call(*args, **kwargs)
    return None


@st.composite
def projects(
    draw: st.DrawFn, *, max_sources: int = 4, max_codes: int = 6
) -> gtgraph.Project:
    """A valid project built through the public API, with every kind of element."""
    project = gtgraph.Project(
        title=draw(st.text(max_size=10)), actor=draw(st.none() | names)
    )
    for name in draw(st.lists(names, max_size=3, unique=True)):
        attrs = draw(st.dictionaries(names, attribute_values, max_size=2))
        project.add_participant(name, **{k: v for k, v in attrs.items() if k != "id"})
    participant_names = project.participants.names()
    sources = []
    for name in draw(st.lists(names, min_size=0, max_size=max_sources, unique=True)):
        text = draw(st.none() | texts)
        participant = draw(
            st.none() | st.sampled_from(participant_names or [None]) | names
        )
        sources.append(
            project.add_source(
                name,
                text=text,
                participant=participant,
                kind=draw(st.sampled_from(["interview", "field notes", "focus group"])),
                attributes=draw(st.dictionaries(names, attribute_values, max_size=2)),
            )
        )
    code_names = draw(st.lists(names, min_size=1, max_size=max_codes, unique=True))
    for name in code_names:
        _try(
            project.add_code,
            name,
            stage=draw(st.sampled_from(STAGES)),
            in_vivo=draw(st.booleans()),
            definition=draw(st.text(max_size=20)),
            colour=draw(st.none() | st.sampled_from(["#abc", "#12ABef"])),
        )
    for name in draw(st.lists(names, max_size=4, unique=True)):
        _try(
            project.add_category,
            name,
            theme=draw(st.booleans()),
            core=draw(st.booleans()),
        )
    segments = []
    for source in sources:
        for _ in range(draw(st.integers(0, 3))):
            codes = draw(st.lists(st.sampled_from(code_names), max_size=3))
            coder = draw(st.none() | st.sampled_from(["HB", "RK", "ωμέγα"]))
            if source.text is None:
                seg = _try(
                    project.code, source, codes=codes, quote=draw(names), coder=coder
                )
            else:
                end = draw(st.integers(0, len(source.text)))
                start = draw(st.integers(0, end))
                seg = _try(project.code, source, start, end, codes=codes, coder=coder)
            if seg is not None:
                segments.append(seg)
    concepts = [("code", n) for n in project.codes.names()] + [
        ("category", n) for n in project.categories.names()
    ]
    categories = project.categories.names()
    if categories:
        for _ in range(draw(st.integers(0, 5))):
            kind, child = draw(st.sampled_from(concepts))
            child_ref = project.get(child, kind=kind)
            _try(
                project.categorize,
                child_ref,
                project.get(draw(st.sampled_from(categories)), kind="category"),
            )
        for cat in draw(st.lists(st.sampled_from(categories), max_size=2)):
            _try(
                project.add_property,
                project.get(cat, kind="category"),
                draw(names),
                dimensions=draw(st.lists(st.tuples(names, names), max_size=2)),
                evidence=draw(st.lists(st.sampled_from(segments), max_size=2))
                if segments
                else [],
            )
    types = sorted(project.relation_types)
    if len(concepts) >= 2:
        for _ in range(draw(st.integers(0, 4))):
            (ka, a), (kb, b) = draw(
                st.lists(st.sampled_from(concepts), min_size=2, max_size=2)
            )
            _try(
                project.relate,
                project.get(a, kind=ka),
                draw(st.sampled_from(types)),
                project.get(b, kind=kb),
                evidence=draw(st.lists(st.sampled_from(segments), max_size=2))
                if segments
                else [],
                memo=draw(st.none() | st.text(max_size=20)),
            )
    targets = [r.id for r in project.relationships] + [c.id for c in project.codes]
    for _ in range(draw(st.integers(0, 2))):
        about = draw(st.lists(st.sampled_from(targets), max_size=2)) if targets else []
        _try(
            project.memo,
            about,
            draw(st.text(max_size=30)),
            title=draw(st.none() | names),
        )
    return project
