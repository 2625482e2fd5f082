"""Shared helpers for the REFI-QDA tests (imported by path, not as a package)."""

from __future__ import annotations

from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
REFI = SHARED / "data" / "refi"
SAMPLES = REFI / "samples"
XSD = REFI / "xsd"
FIXTURES = Path(__file__).resolve().parents[1] / "data" / "refi"


def canonical(project):
    """Everything a project holds except its history, with segments named by position.

    Segment ids are generated afresh when a file is read (``Project.code`` takes
    no id), so references to segments are compared by the segment's position.
    """
    index = {segment.id: f"#{i}" for i, segment in enumerate(project.segments)}

    def seg(ids):
        return tuple(index.get(x, x) for x in ids)

    segments = [
        (index[s.id], s.source, s.start, s.end, s.quote, s.coder, s.created)
        for s in project.segments
    ]
    codings = [(index[c.segment], c.code, c.coder) for c in project.codings]
    categories = [
        (
            c.id,
            c.name,
            c.definition,
            tuple(
                (p.name, p.definition, p.dimensions, seg(p.evidence))
                for p in c.properties
            ),
            c.theme,
            c.core,
            c.colour,
        )
        for c in project.categories
    ]
    relationships = [
        (
            r.id,
            r.source,
            r.type,
            r.target,
            seg(r.evidence),
            seg(r.counter_evidence),
            r.memo,
        )
        for r in project.relationships
    ]
    memos = [
        (m.id, m.title, m.text, seg(m.about), m.author, m.created)
        for m in project.memos
    ]
    parents = {
        r.id: tuple(p.id for p in project.parents(r.id))
        for r in (*project.codes, *project.categories)
    }
    return {
        "title": project.title,
        "vocabularies": tuple(project.vocabularies),
        "relation_types": dict(project.relation_types),
        "participants": list(project.participants),
        "sources": [(s, s.text) for s in project.sources],
        "codes": list(project.codes),
        "categories": categories,
        "parents": parents,
        "segments": segments,
        "codings": codings,
        "memos": memos,
        "relationships": relationships,
    }
