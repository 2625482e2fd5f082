"""Internals shared by the parts of :class:`gtgraph.Project`: lookup, change log, helpers."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from gtgraph import relations as _relations
from gtgraph.errors import (
    GtGraphError,
    NotFoundError,
    ValidationError,
)
from gtgraph.model import (
    KINDS,
    Category,
    Code,
    Dimension,
    Memo,
    Participant,
    Property,
    Relationship,
    RelationType,
    Segment,
    Source,
)
from gtgraph.model._names import near_names
from gtgraph.model._values import check_text, value_problem
from gtgraph.project._guard import WRONG_VALUE
from gtgraph.project._history import HistoryEncodeError, encode_args
from gtgraph.project._relation_types import CONCEPTS as _CONCEPTS
from gtgraph.project._relation_types import relation_type_from_dict
from gtgraph.project._store import RECORD_KINDS, Store, coders_of
from gtgraph.project._views import (
    ANALYSING,
    LINEAGE_OPS,
    lineage,
    segment_from_row,
)

__all__ = ["Grounding", "Key", "ProjectBase", "normalise_text"]

_PREFIX = {
    "participant": "par",
    "source": "src",
    "segment": "seg",
    "code": "cod",
    "category": "cat",
    "memo": "mem",
    "relationship": "rel",
}
_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})\Z")

Key = str | Participant | Source | Segment | Code | Category | Memo | Relationship
RECORD_TYPES = (Participant, Source, Segment, Code, Category, Memo, Relationship)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@attrs.frozen
class Grounding:
    """How well an element is grounded in the data.

    Attributes
    ----------
    segments : int
        Number of segments (coded with the code, with any code under the category,
        or given as evidence for the relationship).
    participants : int
        Number of distinct participants those segments come from; a source with no
        participant counts as a participant of its own.
    sources : int
        Number of distinct sources those segments come from.
    """

    segments: int
    participants: int
    sources: int


class ProjectBase:
    """State and internal machinery every part of a Project uses."""

    _store: Store
    actor: str | None
    _analysing: str | None
    _undo: list[list[Callable[[], None]]]
    clock: Callable[[], str]
    _graph_cache: tuple[int, Any] | None
    _types_cache: tuple[int, dict[str, RelationType]] | None

    def _record(self, kind: str, rid: str) -> Any:
        if kind == "segment":
            return segment_from_row(self._store, rid, self._store.segments[rid])
        return self._store.records[kind][rid]

    def _resolve(
        self, key: Key, kinds: Sequence[str] | None, *, role: str = ""
    ) -> tuple[str, str]:
        """Return ``(kind, id)`` for *key*, restricted to *kinds*."""
        store = self._store
        # The common case first, cheaply: an id of an allowed kind.
        if type(key) is str:
            found = store.kind_of.get(key)
            if found is not None and (kinds is None or found in kinds):
                return found, key
        if kinds is not None:
            for kind in kinds:
                if kind not in KINDS:
                    raise ValidationError(
                        f"unknown kind {kind!r}; use one of {', '.join(KINDS)}"
                    )
        allowed = KINDS if kinds is None else tuple(kinds)
        what = role or " or ".join(allowed) if kinds is not None else "element"
        if isinstance(key, RECORD_TYPES):
            key = key.id
        if not isinstance(key, str):
            raise ValidationError(
                f"expected the id or name of a {what}, not {type(key).__name__} {key!r}"
            )
        found = store.kind_of.get(key)
        if found is None and key in store.segments:
            found = "segment"
        if found is not None:
            if found not in allowed:
                raise ValidationError(
                    f"{key!r} is a {found}, but a {what} is needed here"
                )
            return found, key
        matches = [k for k in allowed if k in store.names and key in store.names[k]]
        if len(matches) == 1:
            return matches[0], store.names[matches[0]][key]
        if len(matches) > 1:
            raise ValidationError(
                f"{key!r} names a {' and a '.join(matches)}; say which with "
                f"kind={matches[0]!r} (or pass the record or its id)"
            )
        if kinds is None:
            pool = [n for k in RECORD_KINDS for n in store.names[k]]
            raise NotFoundError(
                f"nothing is named {key!r}; check the spelling, or list the names "
                f"with project.codes.names() (or .categories, .sources, ...)"
                f"{suggest_names(key, pool)}"
            )
        others = [
            k
            for k in KINDS
            if k not in allowed and k in store.names and key in store.names[k]
        ]
        hint = f" ({key!r} is a {others[0]})" if others else ""
        pool = [n for k in allowed if k in store.names for n in store.names[k]]
        raise NotFoundError(
            f"no {what} is named {key!r}{hint}{suggest_names(key, pool)}"
        )

    def _concept(self, key: Key, role: str) -> tuple[str, str]:
        return self._resolve(key, _CONCEPTS, role=role)

    def _segment_ids(self, segments: Iterable[Key] | Key, role: str) -> tuple[str, ...]:
        return tuple(
            dict.fromkeys(
                self._resolve(item, ("segment",), role=role)[1]
                for item in as_keys(segments)
            )
        )

    def _concept_record(self, rid: str) -> Code | Category:
        kind = self._store.kind_of[rid]
        return self._store.records[kind][rid]  # type: ignore[no-any-return]

    def _walk(self, start: str, *, up: bool) -> list[str]:
        store = self._store
        if up:
            step: Callable[[str], Iterable[str]] = store.parents_of
        else:
            step = store.children_of
        seen: dict[str, None] = {}
        frontier = [start]
        while frontier:
            nxt: list[str] = []
            for node in frontier:
                for other in step(node):
                    if other not in seen and other != start:
                        seen[other] = None
                        nxt.append(other)
            frontier = nxt
        return list(seen)

    def _code_ids_under(self, key: Key, *, descendants: bool = True) -> set[str]:
        kind, rid = self._concept(key, "code or category")
        if kind == "code":
            return {rid}
        nodes = (
            self._walk(rid, up=False)
            if descendants
            else list(self._store.children_of(rid))
        )
        return {n for n in nodes if self._store.kind_of[n] == "code"}

    def _coded_with(self, codes: set[str], coder: str | None = None) -> list[str]:
        """Return the ids of segments carrying any of *codes* (applied by *coder*)."""
        found = []
        for sid, row in self._store.segments.items():
            if codes.isdisjoint(row[3]):
                continue
            if coder is not None:
                applied = coders_of(row)
                if all(applied[c] != coder for c in row[3] if c in codes):
                    continue
            found.append(sid)
        return found

    def _count_grounding(self, seg_ids: Iterable[str]) -> Grounding:
        store = self._store
        sources_table = store.records["source"]
        n = 0
        sources: set[str] = set()
        for sid in seg_ids:
            n += 1
            sources.add(store.segments[sid][0])
        cases = {sources_table[s].participant or s for s in sources}
        return Grounding(n, len(cases), len(sources))

    @contextlib.contextmanager
    def _change(self, op: str, **args: Any) -> Iterator[dict[str, Any]]:
        """Run one mutation: roll back on error, else record one event."""
        store = self._store
        if store.in_change:
            # A mutation called from inside another is part of the outer one.
            yield {}
            return
        store.begin()
        result: dict[str, Any] = {}
        try:
            yield result
            # Checked before anything is recorded: a value that cannot be saved
            # and loaded back never reaches the history (see model._values).
            data = {**args, **result}
            if self._analysing is not None and op != "code":
                # a coding is the analysis of its own source, which its event
                # names already (see event_from_row)
                data.setdefault(ANALYSING, self._analysing)
            when, actor, recorded = self._event_parts(op, data)
            # Encoded before the change is kept, as the history stores it.
            args_text = encode_args(recorded)
        except GtGraphError:
            store.rollback()
            raise
        except HistoryEncodeError as error:
            store.rollback()
            raise ValidationError(
                f"{op} was given a value that cannot be saved ({error}); "
                "use finite numbers and plain values"
            ) from None
        except WRONG_VALUE as error:
            # A value of a type no check foresaw, met deep inside: still the
            # user's mistake, reported as one, with the project as it was.
            store.rollback()
            raise ValidationError(
                f"{op}: an argument has a value of the wrong type or form "
                f"({type(error).__name__}: {error}); check the arguments"
            ) from error
        except BaseException:
            store.rollback()
            raise
        log = store.commit()
        store.append_event(when, actor, op, args_text)
        self._undo.append(log)

    def _event_parts(
        self, op: str, args: dict[str, Any]
    ) -> tuple[str, str | None, Any]:
        """Return when, who and the arguments of a change, refusing values that cannot be saved."""
        actor = self.actor
        if actor is not None and not isinstance(actor, str):
            raise ValidationError(f"the actor must be a string or None, not {actor!r}")
        check_text(actor, "the actor")
        when = self.clock()
        if not isinstance(when, str):
            raise ValidationError(f"the clock must return a string, not {when!r}")
        try:
            recorded = _jsonable(args)
        except RecursionError:
            raise ValidationError(
                f"{op}: an argument is nested too deeply to be recorded"
            ) from None
        problem = value_problem(recorded)
        if problem is not None:
            raise ValidationError(f"{op}: a value cannot be saved ({problem})")
        return when, actor, recorded

    def _new_id(self, kind: str, given: str | None) -> str:
        store = self._store
        if given is None:
            return store.new_id(_PREFIX[kind])
        if not isinstance(given, str) or not given.strip() or given != given.strip():
            raise ValidationError(
                f"an id must be a non-empty string without surrounding spaces, not {given!r}"
            )
        check_text(given, "the id")
        if store.id_in_use(given):
            raise ValidationError(f"the id {given!r} is already used; choose another")
        return given

    def _name(self, kind: str, name: object, *, current: str | None = None) -> str:
        if not isinstance(name, str) or not name.strip():
            raise ValidationError(f"a {kind} needs a non-empty name, not {name!r}")
        check_text(name, f"the {kind} name")
        name = name.strip()
        existing = self._store.names[kind].get(name)
        if existing is not None and existing != current:
            raise ValidationError(
                f"a {kind} named {name!r} already exists ({existing}); choose another "
                f"name, or use project.get({name!r}, kind={kind!r})"
            )
        return name

    def _set_codes(
        self,
        sid: str,
        codes: list[str],
        coder_of: Mapping[str, str | None] | None = None,
    ) -> None:
        """Replace the codes of a segment, keeping each kept coding's coder."""
        store = self._store
        row = store.segments[sid]
        old_coders = coders_of(row)
        if coder_of:
            old_coders.update(coder_of)
        coders = tuple(old_coders.get(c, row[4]) for c in codes)
        stored = None if all(c == row[4] for c in coders) else coders
        store.put_segment(
            sid, (row[0], row[1], row[2], tuple(codes), row[4], stored, row[6], row[7])
        )

    def _refuse_near_name(self, kind: str, name: str, create: bool | None) -> None:
        """Refuse to create *name* beside a near twin, unless *create* is True.

        A typo (a case, spacing or plural difference, one or two slips) would
        otherwise split one concept in two without a word.
        """
        if create:
            return
        near = near_names(name, self._store.names[kind])
        if near:
            raise NotFoundError(
                f"no {kind} is named {name!r}; did you mean {near[0]!r}? "
                f"(pass create=True to make a new {kind} named {name!r})"
            )

    def _property(self, category: Key, prop: str) -> tuple[str, Category, Property]:
        _, cat_id = self._resolve(category, ("category",))
        record: Category = self._store.records["category"][cat_id]
        old = record.property(prop)
        if old is None:
            raise NotFoundError(
                f"category {record.name!r} has no property {prop!r}"
                f"{suggest_names(prop, [q.name for q in record.properties])}"
            )
        return cat_id, record, old

    def _replace_property(self, record: Category, old: Property, new: Property) -> None:
        props = tuple(new if q is old else q for q in record.properties)
        self._store.put("category", attrs.evolve(record, properties=props))

    def _display(self, rid: str) -> str:
        kind = self._store.kind_of.get(rid)
        if kind is None:
            return rid
        return str(self._store.records[kind][rid].name)

    def _lineage(self, key: str) -> set[str]:
        """Return the id of *key* and the ids of the elements it came from."""
        try:
            _, rid = self._resolve(key, None)
        except GtGraphError:
            rid = key  # an element that no longer exists (merged, removed)
        return lineage(self._store.history.changes(LINEAGE_OPS), {rid})

    @property
    def relation_types(self) -> Mapping[str, RelationType]:
        """The enabled relation types by name (vocabularies and user-defined)."""
        cached = self._types_cache
        if cached is not None and cached[0] == self._store.version:
            return cached[1]
        types: dict[str, RelationType] = {}
        for vocab in self._store.meta["vocabularies"]:
            for rtype in _relations.vocabulary(vocab):
                types[rtype.name] = rtype
        for data in self._store.meta["relation_types"]:
            rtype = relation_type_from_dict(data)
            types[rtype.name] = rtype
        self._types_cache = (self._store.version, types)
        return types


if TYPE_CHECKING:
    # For the type checker, each part of a Project is built on the core above (the
    # store and the bookkeeping every part uses).  At run time each part subclasses
    # only ``object``, and :class:`~gtgraph.Project` lists the parts it is made of.
    ProjectPart = ProjectBase
else:
    ProjectPart = object


# ---------------------------------------------------------------------- module helpers


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _jsonable(value: Any) -> Any:
    """Return a JSON-friendly form of an event argument (records become their ids)."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    rid = getattr(value, "id", None)
    return rid if isinstance(rid, str) else repr(value)


def _check_json(value: Any, what: str) -> None:
    problem = value_problem(value, plain_json=True)
    if problem is not None:
        raise ValidationError(
            f"{what} must be made of JSON values (str, number, bool, None, list, "
            f"dict): {problem}"
        )


def _check_int(value: object, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"{what!r} must be a whole number, not {value!r}")


def as_keys(value: Iterable[Key] | Key | None) -> list[Key]:
    """Return one key (an id, a name or a record) or an iterable of keys as a list.

    Examples
    --------
    >>> from gtgraph.project._base import as_keys
    >>> as_keys("trust"), as_keys(["a", "b"]), as_keys(None)
    (['trust'], ['a', 'b'], [])
    """
    if value is None:
        return []
    if isinstance(value, (str, *RECORD_TYPES)):
        return [value]
    if isinstance(value, (bytes, bytearray, Mapping)):
        raise ValidationError(
            f"expected a name, an id, a record or a list of them, not {value!r}"
        )
    try:
        return list(value)
    except TypeError:
        raise ValidationError(
            f"expected a name, an id, a record or a list of them, not {value!r}"
        ) from None


def _union(items: tuple[str, ...], more: Iterable[str]) -> tuple[str, ...]:
    """Return *items* followed by those of *more* not among them yet."""
    return items + tuple(x for x in more if x not in items)


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, (str, Dimension)):
        return [value]
    return list(value)


def _dimension(value: Dimension | str | Sequence[str], prop: str) -> Dimension:
    if isinstance(value, Dimension):
        dim = value
    elif isinstance(value, str):
        dim = Dimension(value)
    elif isinstance(value, Sequence) and all(isinstance(v, str) for v in value):
        match tuple(value):
            case (low, high):
                dim = Dimension(prop, low, high)
            case (name, low, high):
                dim = Dimension(name, low, high)
            case _:
                raise ValidationError(
                    f"a dimension is (low, high) or (name, low, high), not {value!r}"
                )
    else:
        raise ValidationError(
            f"a dimension is a Dimension, a name, (low, high) or (name, low, high), not {value!r}"
        )
    if not dim.name.strip():
        raise ValidationError("a dimension needs a non-empty name")
    return dim


def _reaches(succ: Mapping[str, list[str]], start: str, goal: str) -> bool:
    seen = {start}
    stack = [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for nxt in succ.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False


def normalise_text(text: str | None) -> str | None:
    r"""Return *text* with LF line endings and no leading byte-order mark.

    Examples
    --------
    >>> from gtgraph.project._base import normalise_text
    >>> normalise_text("\ufeffa\r\nb\rc")
    'a\nb\nc'
    """
    if text is None:
        return None
    if not isinstance(text, str):
        raise ValidationError(f"a text must be a string, not {type(text).__name__}")
    check_text(text, "the text")
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def suggest_names(name: str, pool: Iterable[str]) -> str:
    """Return a "did you mean" hint for *name* among *pool* (or an empty string)."""
    return _relations.suggest(name, pool)


def _state(store: Store) -> tuple[Any, ...]:
    """Everything that makes up a project's content, for equality."""
    return (
        {k: list(store.records[k].values()) for k in RECORD_KINDS},
        {c: list(ps) for c, ps in store.parents.items()},
        list(store.segments.items()),
        store.meta,
        store.history,
    )
