"""A seeded generator of synthetic grounded-theory projects for benchmarks.

The projects have the shape of large team studies: transcripts of thousands of
words, codes whose frequencies follow a Zipf-like law (a few codes used very
often, many used rarely), overlapping segments, codes in categories grouped into
themes, and typed relationships between categories.

Run it to write a project file::

    python benchmarks/synthetic.py --segments 100000 --out big.gtg.json
"""

from __future__ import annotations

import argparse
import itertools
import random
from pathlib import Path

import gtgraph

_VOCABULARY = [
    "I",
    "you",
    "she",
    "he",
    "we",
    "they",
    "it",
    "was",
    "is",
    "felt",
    "feel",
    "think",
    "thought",
    "said",
    "told",
    "knew",
    "know",
    "really",
    "just",
    "like",
    "because",
    "when",
    "then",
    "so",
    "but",
    "and",
    "or",
    "not",
    "never",
    "always",
    "sometimes",
    "worker",
    "peer",
    "support",
    "group",
    "ward",
    "home",
    "family",
    "friend",
    "mother",
    "job",
    "money",
    "doctor",
    "nurse",
    "medication",
    "diagnosis",
    "voices",
    "anxiety",
    "depression",
    "recovery",
    "hope",
    "trust",
    "listen",
    "listened",
    "understood",
    "understand",
    "shared",
    "experience",
    "story",
    "same",
    "different",
    "talk",
    "talked",
    "open",
    "honest",
    "safe",
    "scared",
    "nervous",
    "relief",
    "angry",
    "calm",
    "better",
    "worse",
    "week",
    "month",
    "year",
    "time",
    "day",
    "night",
    "first",
    "last",
    "again",
    "back",
    "together",
    "alone",
]

_RELATION_TYPES = (
    "is associated with",
    "is cause of",
    "contradicts",
    "is condition for",
)


def _zipf_weights(n: int) -> list[float]:
    """Cumulative Zipf-like weights for *n* ranks: rank r weighs 1 / r^1.1."""
    return list(itertools.accumulate(1 / (r + 1) ** 1.1 for r in range(n)))


def _draw_codes(
    rnd: random.Random, codes: list[str], weights: list[float]
) -> list[str]:
    """One to three of *codes* (fewer when a draw repeats), by *weights*, sorted."""
    k = rnd.choice((1, 1, 1, 2, 2, 3))
    return sorted(
        {codes[c] for c in rnd.choices(range(len(codes)), cum_weights=weights, k=k)}
    )


def make_project(
    *,
    segments: int = 100_000,
    sources: int = 200,
    codes: int = 5_000,
    categories: int = 200,
    relationships: int = 1_000,
    words: tuple[int, int] = (5_000, 20_000),
    seed: int = 0,
) -> gtgraph.Project:
    """Return a synthetic project built through the public API.

    Parameters
    ----------
    segments, sources, codes, categories, relationships : int
        How many of each.
    words : (int, int)
        The range of transcript lengths in words.
    seed : int
        The random seed; the same arguments give the same project.
    """
    rnd = random.Random(seed)
    project = gtgraph.Project(
        title=f"Synthetic study ({segments} segments)", actor="bench"
    )
    stamp = "2026-01-01T00:00:00Z"
    project.clock = lambda: stamp  # a fixed time makes the file reproducible
    participants = max(1, sources // 2)
    for p in range(participants):
        project.add_participant(
            f"P{p + 1:04d}",
            site=rnd.choice(["north", "south", "east"]),
            age=rnd.randint(18, 80),
        )
    texts = []
    for s in range(sources):
        n = rnd.randint(*words)
        text = " ".join(rnd.choices(_VOCABULARY, k=n)) + "."
        texts.append(text)
        project.add_source(
            f"Interview {s + 1:04d}",
            text=text,
            participant=f"P{s % participants + 1:04d}",
        )
    code_names = [f"code {c + 1:05d}" for c in range(codes)]
    for name in code_names:
        project.add_code(name)
    weights = _zipf_weights(codes)
    source_names = [s.name for s in project.sources]
    spans = []
    for i in range(segments):
        s = rnd.randrange(sources) if i >= sources else i
        text = texts[s]
        length = rnd.randint(20, 400)
        start = rnd.randrange(max(1, len(text) - length))
        chosen = _draw_codes(rnd, code_names, weights)
        spans.append((source_names[s], start, min(len(text), start + length), chosen))
    project.code_many(spans, coder="coder A")
    themes = max(1, categories // 10)
    category_names = [f"category {c + 1:04d}" for c in range(categories)]
    for t in range(themes):
        project.add_category(f"theme {t + 1:03d}", theme=True)
    for c, name in enumerate(category_names):
        project.add_category(name, parents=[f"theme {c % themes + 1:03d}"])
    for c, name in enumerate(code_names):
        project.categorize(name, category_names[c % categories])
        if rnd.random() < 0.1:
            other = category_names[rnd.randrange(categories)]
            if other != category_names[c % categories]:
                project.categorize(name, other)
    seg_ids = [seg.id for seg in project.segments] if relationships else []
    made = 0
    while made < relationships:
        a, b = rnd.sample(category_names, 2)
        evidence = rnd.sample(seg_ids, k=min(len(seg_ids), rnd.randint(1, 6)))
        try:
            project.relate(a, rnd.choice(_RELATION_TYPES), b, evidence=evidence)
        except gtgraph.GtGraphError:
            continue
        made += 1
    return project


def write_large_file(
    path: Path,
    *,
    segments: int = 1_000_000,
    sources: int = 2_000,
    codes: int = 20_000,
    seed: int = 0,
) -> None:
    """Write a valid project file with many segments, quickly.

    The sources, codes and categories are made through the API; the segment rows
    are written straight into the file (one per line, as gtgraph writes them),
    which takes seconds where coding a million spans one by one takes minutes.
    Loading the file checks every row as usual.
    """
    import json

    from gtgraph.readwrite import dumps

    rnd = random.Random(seed)
    base = make_project(
        segments=0,
        sources=sources,
        codes=codes,
        categories=max(1, codes // 25),
        relationships=0,
        words=(2_000, 8_000),
        seed=seed,
    )
    lengths = [(s.id, len(s.text or "")) for s in base.sources]
    code_ids = [c.id for c in base.codes]
    weights = _zipf_weights(len(code_ids))
    rows = []
    for i in range(segments):
        src, length = lengths[rnd.randrange(len(lengths))]
        start = rnd.randrange(max(1, length - 400))
        chosen = _draw_codes(rnd, code_ids, weights)
        end = min(length, start + rnd.randint(20, 400))
        rows.append(
            json.dumps(
                [
                    f"x{i}",
                    src,
                    start,
                    end,
                    chosen,
                    "coder A",
                    None,
                    "2026-01-01T00:00:00Z",
                    None,
                ],
                separators=(",", ":"),
            )
        )
    text = dumps(base).replace(
        '"segments": [],\n', '"segments": [\n' + ",\n".join(rows) + "\n],\n", 1
    )
    path.write_text(text, encoding="utf-8")


def build_as_users_do(
    *,
    segments: int = 1_000_000,
    sources: int = 2_000,
    characters: int = 10_000,
    codes: int = 5_000,
    seed: int = 0,
) -> gtgraph.Project:
    """Return a project coded the way a person codes: one ``Project.code`` call a span.

    *sources* transcripts of *characters* characters each, *codes* codes used
    with Zipf-like frequencies (one to three a span) and *segments* spans, each
    coded by its own call, so that the history holds one event per segment as it
    does in a project built by hand.  The clock ticks once a second of a working
    day, so timestamps vary as they do in real use.
    """
    rnd = random.Random(seed)
    project = gtgraph.Project(title=f"Coded by hand ({segments} segments)", actor="HB")
    tick = itertools.count()
    project.clock = lambda: f"2026-01-01T{8 + next(tick) // 8000 % 10:02d}:00:00Z"
    text = (" ".join(_VOCABULARY) + " ") * (
        characters // len(" ".join(_VOCABULARY)) + 1
    )
    text = text[:characters]
    source_ids = [
        project.add_source(f"Interview {s + 1:04d}", text=text).id
        for s in range(sources)
    ]
    code_names = [f"code {c + 1:05d}" for c in range(codes)]
    for name in code_names:
        project.add_code(name)
    weights = _zipf_weights(codes)
    for i in range(segments):
        src = source_ids[i % sources if i < sources else rnd.randrange(sources)]
        length = rnd.randint(20, 400)
        start = rnd.randrange(characters - length)
        project.code(src, start, start + length, _draw_codes(rnd, code_names, weights))
    return project


def main() -> None:
    """Write a synthetic project file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=100_000)
    parser.add_argument("--sources", type=int, default=200)
    parser.add_argument("--codes", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("synthetic.gtg.json"))
    args = parser.parse_args()
    project = make_project(
        segments=args.segments, sources=args.sources, codes=args.codes, seed=args.seed
    )
    project.save(args.out)
    print(project.summary())
    print(f"written to {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
