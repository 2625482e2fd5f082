"""Pseudonymised copies of a project, for sharing with supervisors, co-authors or archives.

Participants' words are sensitive data.  :func:`pseudonymize` returns a copy of a
project in which every participant's name is replaced by a pseudonym, wherever
it occurs as a whole word: in participant and source names, in the transcripts
(with the segments' offsets moved so that every segment still covers the same
words), in quotes, in the names, definitions and memos of the theory, in the
title, and in the history.  Chosen attributes (a town, an employer, a date of
birth) are replaced by neutral tokens, the same value by the same token.

Diagrams and saturation reports hold no participants' words; the codebook and
the table of coded segments include quotes unless given ``quotes=False``.
"""

from __future__ import annotations

import bisect
import json
import random
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from gtgraph.errors import FormatError, ValidationError

if TYPE_CHECKING:
    from gtgraph.project import Project

__all__ = ["pseudonymize"]


def pseudonymize(
    project: Project,
    mapping: Mapping[str, str] | None = None,
    *,
    attributes: Iterable[str] = (),
    seed: int | None = None,
) -> Project:
    """Return a copy of *project* with participants' names and chosen attributes replaced.

    The copy is for sharing; the project itself is not changed.  Replacements
    are consistent: one name always becomes the same pseudonym, one attribute
    value the same token.  Names are matched as whole words and with their exact
    case (``Al`` is not replaced inside ``Alcohol``, nor ``Will`` inside
    ``will``); add other spellings to *mapping*.

    Replaced everywhere the name occurs: participant names, source names and
    paths, source texts (segments keep covering the same words: their offsets
    are moved), quotes of segments without a source text, the title, the
    names and definitions of codes, categories, properties and dimensions,
    memos, and the history.  Relation types, settings and coders' names are
    kept.

    Parameters
    ----------
    project : Project
        The project to copy.
    mapping : mapping of str to str, optional
        Pseudonyms for some or all participants' names (``{"Maria": "P07"}``).
        Participants left out get ``P01``, ``P02``, ... in a random order, so
        that the numbers do not reveal the order of the interviews.  Other keys
        (a relative's name, a place) are replaced wherever they occur too.
    attributes : iterable of str
        Names of participant or source attributes whose values are replaced by
        tokens ``"<attribute> 1"``, ``"<attribute> 2"``, ... (missing values
        stay missing).
    seed : int, optional
        Makes the order of generated pseudonyms and tokens reproducible; by
        default it is drawn from the operating system's randomness.

    Returns
    -------
    Project
        The pseudonymised copy, with an empty undo stack.

    Raises
    ------
    ValidationError
        If two participants would get the same pseudonym, a pseudonym is empty,
        an attribute is held by no participant or source (a misspelling would
        otherwise leak it), or a replacement makes two names equal.

    Notes
    -----
    Pseudonymisation is not anonymisation: what people say can identify them
    through the details they give.  Read the copy before sharing it.

    Examples
    --------
    >>> import gtgraph
    >>> p = gtgraph.Project(title="Peer support")
    >>> _ = p.add_participant("Maria", town="Leeds")
    >>> s = p.add_source("Interview with Maria", text="Maria: it helped.",
    ...                  participant="Maria")
    >>> seg = p.code(s, quote="it helped", codes="helping")
    >>> shared = gtgraph.pseudonymize(p, {"Maria": "P07"}, attributes=["town"])
    >>> shared.participants.names(), shared.sources.names()
    (['P07'], ['Interview with P07'])
    >>> shared.participants["P07"].attributes["town"]
    'town 1'
    >>> shared.sources["Interview with P07"].text
    'P07: it helped.'
    >>> seg = next(iter(shared.segments))
    >>> shared.sources["Interview with P07"].text[seg.start:seg.end]
    'it helped'
    """
    from gtgraph.readwrite._native import dumps, loads

    rng: random.Random
    if seed is None:
        rng = random.SystemRandom()
    else:  # reproducible on request; the order of pseudonyms is no secret key
        rng = random.Random(seed)  # noqa: S311 - see above
    doc = json.loads(dumps(project))
    names = [p["name"] for p in doc["participants"]]
    words = _pseudonyms(names, dict(mapping or {}), rng)
    replace = _Replacer(words)
    tokens = _Tokens(_attribute_names(doc, attributes), rng)
    tokens.prepare(doc)
    for participant in doc["participants"]:
        participant["name"] = words[participant["name"]]
        tokens.replace_in(participant["attributes"])
    _pseudonymize_sources(doc, replace, tokens)
    doc["title"] = replace(doc["title"])
    for code in doc["codes"]:
        code["name"] = replace(code["name"])
        code["definition"] = replace(code["definition"])
    for category in doc["categories"]:
        category["name"] = replace(category["name"])
        category["definition"] = replace(category["definition"])
        for prop in category["properties"]:
            prop["name"] = replace(prop["name"])
            prop["definition"] = replace(prop["definition"])
            prop["dimensions"] = [[replace(x) for x in d] for d in prop["dimensions"]]
    for memo in doc["memos"]:
        memo["title"] = replace(memo["title"])
        memo["text"] = replace(memo["text"])
    for event in doc["history"]:
        event[4] = tokens.replace_deep(_deep(event[4], replace))
    try:
        return loads(json.dumps(doc, ensure_ascii=False), name="the pseudonymised copy")
    except FormatError as error:
        raise ValidationError(
            f"cannot pseudonymise: after the replacements {error}; choose other "
            "pseudonyms"
        ) from None


def _pseudonyms(
    names: list[str], mapping: dict[str, str], rng: random.Random
) -> dict[str, str]:
    """Return the replacement of every name: the given ones, then P01, P02, ..."""
    for key, value in mapping.items():
        if not isinstance(key, str) or not key.strip():
            raise ValidationError(f"the names to replace must be words, not {key!r}")
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(
                f"the pseudonym of {key!r} must be a non-empty string, not {value!r}"
            )
    words = dict(mapping)
    taken = {words[n] for n in names if n in words}
    left = [n for n in names if n not in words]
    rng.shuffle(left)
    width = max(2, len(str(len(names))))
    number = 0
    for name in left:
        while True:
            number += 1
            label = f"P{number:0{width}d}"
            if label not in taken and label not in names:
                break
        words[name] = label
        taken.add(label)
    given = [words[n] for n in names]
    if len(set(given)) != len(given):
        twice = next(g for g in given if given.count(g) > 1)
        raise ValidationError(
            f"two participants would both be called {twice!r}; give each its own "
            "pseudonym"
        )
    return words


class _Replacer:
    """Replaces whole-word occurrences of names by their pseudonyms."""

    def __init__(self, words: Mapping[str, str]) -> None:
        self.words = dict(words)
        # Longest first, so that "Maria Lopez" wins over "Maria".
        keys = sorted(self.words, key=len, reverse=True)
        self.pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, keys)) + r")(?!\w)")
            if keys
            else None
        )

    def __call__(self, text: str) -> str:
        if self.pattern is None:
            return text
        return self.pattern.sub(lambda m: self.words[m.group(0)], text)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Return the spans of the names found in *text*."""
        if self.pattern is None:
            return []
        return [m.span() for m in self.pattern.finditer(text)]


def _deep(value: Any, replace: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return replace(value)
    if isinstance(value, list):
        return [_deep(v, replace) for v in value]
    if isinstance(value, dict):
        return {replace(k): _deep(v, replace) for k, v in value.items()}
    return value


def _attribute_names(doc: dict[str, Any], wanted: Iterable[str]) -> list[str]:
    wanted = [wanted] if isinstance(wanted, str) else list(wanted)
    held = {
        key
        for section in ("participants", "sources")
        for record in doc[section]
        for key in record["attributes"]
    }
    for name in wanted:
        if name not in held:
            raise ValidationError(
                f"no participant or source has the attribute {name!r}; check the "
                f"spelling (the attributes are {sorted(held)})"
            )
    return wanted


class _Tokens:
    """Replaces chosen attributes' values by tokens, one per distinct value."""

    def __init__(self, names: list[str], rng: random.Random) -> None:
        self.names = set(names)
        self.rng = rng
        self.tokens: dict[str, dict[str, str]] = {n: {} for n in names}

    def prepare(self, doc: dict[str, Any]) -> None:
        """Give the values the records hold numbers, in a random order."""
        seen: dict[str, list[str]] = {name: [] for name in self.names}
        for section in ("participants", "sources"):
            for record in doc[section]:
                for name in self.names & record["attributes"].keys():
                    value = record["attributes"][name]
                    if value is not None:
                        seen[name].append(_value_key(value))
        for name, keys in seen.items():
            distinct = list(dict.fromkeys(keys))
            self.rng.shuffle(distinct)
            table = self.tokens[name]
            for key in distinct:
                table[key] = f"{name} {len(table) + 1}"

    def token(self, name: str, value: Any) -> Any:
        if value is None:
            return None
        table = self.tokens[name]
        key = _value_key(value)
        if key not in table:
            table[key] = f"{name} {len(table) + 1}"
        return table[key]

    def replace_in(self, attributes: dict[str, Any]) -> None:
        for name in self.names & attributes.keys():
            attributes[name] = self.token(name, attributes[name])

    def replace_deep(self, value: Any) -> Any:
        """Replace chosen attributes' values anywhere in a history entry."""
        if isinstance(value, list):
            return [self.replace_deep(v) for v in value]
        if isinstance(value, dict):
            return {
                k: self.token(k, v)
                if k in self.names and not isinstance(v, (dict, list))
                else self.replace_deep(v)
                for k, v in value.items()
            }
        return value


def _value_key(value: Any) -> str:
    """One key for one value, whether written as a date record or as its text."""
    if isinstance(value, dict) and set(value) == {"date"}:
        value = value["date"]
    return json.dumps(value)


def _pseudonymize_sources(
    doc: dict[str, Any], replace: _Replacer, tokens: _Tokens
) -> None:
    moves: dict[str, Callable[[int, bool], int]] = {}
    for source in doc["sources"]:
        source["name"] = replace(source["name"])
        if source["path"] is not None:
            source["path"] = replace(source["path"])
        tokens.replace_in(source["attributes"])
        if source["text"] is not None:
            source["text"], moves[source["id"]] = _replace_text(source["text"], replace)
    for row in doc["segments"]:
        move = moves.get(row[1])
        if move is None:
            if row[8] is not None:
                row[8] = replace(row[8])
            continue
        start, end = row[2], row[3]
        row[2] = move(start, False)
        row[3] = row[2] if start == end else move(end, True)


def _replace_text(
    text: str, replace: _Replacer
) -> tuple[str, Callable[[int, bool], int]]:
    """Replace names in *text*; return the new text and how offsets move.

    The mover takes an old offset and whether it ends a segment: an offset that
    falls inside a replaced name moves to the start of its replacement, or to
    its end for the end of a segment, so that a segment keeps the whole name.
    """
    spans: list[
        tuple[int, int, int, int]
    ] = []  # old start, old end, new start, new end
    parts: list[str] = []
    done = 0
    shift = 0
    for a, b in replace.spans(text):
        new = replace.words[text[a:b]]
        parts.append(text[done:a])
        parts.append(new)
        spans.append((a, b, a + shift, a + shift + len(new)))
        shift += len(new) - (b - a)
        done = b
    if not spans:
        return text, lambda x, _end: x
    parts.append(text[done:])
    starts = [s[0] for s in spans]

    def move(offset: int, end: bool) -> int:
        i = bisect.bisect_right(starts, offset) - 1
        if i < 0:
            return offset
        a, b, new_a, new_b = spans[i]
        if offset >= b:
            return new_b + (offset - b)
        if offset == a:
            return new_a
        return new_b if end else new_a

    return "".join(parts), move
