"""Checking a parsed project file and building the project's store from it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, KeysView, Mapping
from typing import Any

import attrs

from gtgraph import relations as _relations
from gtgraph.errors import FormatError, GtGraphError
from gtgraph.model._values import MAX_HIERARCHY_DEPTH, hierarchy_depths
from gtgraph.project._history import EventLog
from gtgraph.project._store import Store
from gtgraph.readwrite import _format
from gtgraph.readwrite._format import (
    FORMAT_NAME,
    HISTORY_COLUMNS,
    SECTIONS,
    SEGMENT_COLUMNS,
    migrate,
    why,
)
from gtgraph.readwrite._native_history import read_events
from gtgraph.readwrite._native_records import _FROM_JSON
from gtgraph.readwrite._native_rules import (
    check_history,
    check_relation_types,
    check_relationships,
)

__all__ = ["BlockError", "Reader", "RowBlock", "SegmentRows", "find_cycle"]


class SegmentRows:
    """Segment rows still being read from the file: iterate for the rows."""

    def __iter__(self) -> Iterator[Any]:  # pragma: no cover - subclasses read rows
        return iter(())

    def blocks(self) -> Iterator[RowBlock]:  # pragma: no cover - subclasses read rows
        """Yield the rows a block at a time, with where each lies in the text."""
        yield RowBlock(list(self))


@attrs.frozen
class RowBlock:
    """Rows read from a file, with the offsets of each row in *text* when known."""

    rows: list[Any]
    text: str | None = None
    starts: list[int] | None = None
    ends: list[int] | None = None


class BlockError(ValueError):
    """A JSON error inside the segments section, with its line in the whole file."""

    def __init__(self, msg: str, lineno: int, colno: int) -> None:
        super().__init__(msg)
        self.msg, self.lineno, self.colno = msg, lineno, colno


class Reader:
    """Builds and checks a Store from a parsed document."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.store = Store()

    def fail(self, where: str, problem: str) -> FormatError:
        return FormatError(f"{self.name}: {where}: {problem}")

    def read(self, doc: Any) -> Store:
        if not isinstance(doc, dict):
            raise FormatError(
                f"{self.name}: not a gtgraph project file (the top level is not an object)"
            )
        if doc.get("format") != FORMAT_NAME:
            raise FormatError(
                f'{self.name}: not a gtgraph project file (its "format" is '
                f"{doc.get('format')!r}, not {FORMAT_NAME!r})"
            )
        version = doc.get("format_version")
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise FormatError(
                f'{self.name}: "format_version" must be a whole number >= 1, not {version!r}'
            )
        if version > _format.FORMAT_VERSION:
            raise FormatError(
                f"{self.name}: written by a newer gtgraph (format version {version}; this "
                f"gtgraph reads versions up to {_format.FORMAT_VERSION}); upgrade gtgraph to open it"
            )
        doc = migrate(doc, version, name=self.name)
        try:
            self._read(doc)
        except FormatError:
            raise
        except (GtGraphError, TypeError, ValueError, KeyError, AttributeError) as error:
            # A value of the wrong shape that slipped past the explicit checks.
            raise FormatError(
                f"{self.name}: malformed project file ({error})"
            ) from None
        return self.store

    def _read(self, doc: dict[str, Any]) -> None:
        store = self.store
        title = doc.get("title", "")
        if not isinstance(title, str):
            raise self.fail("title", "must be a string")
        settings = doc.get("settings", {})
        if not isinstance(settings, dict):
            raise self.fail("settings", "must be an object")
        vocabs = self._list(doc, "vocabularies")
        for i, vocab in enumerate(vocabs):
            if vocab not in _relations.VOCABULARIES:
                raise self.fail(
                    f"vocabularies[{i}]", f"unknown relation vocabulary {vocab!r}"
                )
        custom = self._list(doc, "relation_types")
        defined = []
        for i, data in enumerate(custom):
            try:
                from gtgraph.project._relation_types import (
                    _check_relation_type,
                    relation_type_from_dict,
                )

                rtype = relation_type_from_dict(data)
                _check_relation_type(rtype)
            except (TypeError, GtGraphError) as error:
                raise self.fail(f"relation_types[{i}]", str(error)) from None
            defined.append(rtype)
        check_relation_types(self.name, vocabs, defined)
        store.meta.update(
            title=title, settings=settings, vocabularies=vocabs, relation_types=custom
        )
        next_id = doc.get("next_id", 1)
        if isinstance(next_id, bool) or not isinstance(next_id, int) or next_id < 1:
            raise self.fail("next_id", "must be a whole number >= 1")
        store.next_id = next_id
        for kind, key in SECTIONS:
            build = _FROM_JSON[kind]
            for i, item in enumerate(self._list(doc, key)):
                where = f"{key}[{i}]"
                if not isinstance(item, dict):
                    raise self.fail(where, "must be an object")
                try:
                    record = build(item)
                except (KeyError, TypeError, ValueError, GtGraphError) as error:
                    raise self.fail(where, f"malformed {kind} ({why(error)})") from None
                self._add_record(kind, record, where)
        self._check_records()
        self._read_hierarchy(self._list(doc, "hierarchy"))
        self._read_segments(doc)
        self._check_evidence()
        self._read_history(doc)

    def _list(self, doc: dict[str, Any], key: str) -> list[Any]:
        value = doc.get(key, [])
        if not isinstance(value, list):
            raise self.fail(key, "must be a list")
        return value

    def _add_record(self, kind: str, record: Any, where: str) -> None:
        store = self.store
        for field in ("id", "name"):
            value = getattr(record, field)
            if not isinstance(value, str) or not value.strip():
                raise self.fail(
                    where, f"the {field} must be a non-empty string, not {value!r}"
                )
        if store.id_in_use(record.id):
            raise self.fail(where, f"the id {record.id!r} is used twice")
        if record.name in store.names[kind]:
            raise self.fail(where, f"two {kind} records are named {record.name!r}")
        store.records[kind][record.id] = record
        store.names[kind][record.name] = record.id
        store.kind_of[record.id] = kind

    def _check_records(self) -> None:
        store = self.store
        kind_of = store.kind_of
        from gtgraph.project import Project

        types = Project._from_store(store).relation_types  # noqa: SLF001
        for i, src in enumerate(store.records["source"].values()):
            if (
                src.participant is not None
                and kind_of.get(src.participant) != "participant"
            ):
                raise self.fail(
                    f"sources[{i}] ({src.id})",
                    f"its participant {src.participant!r} does not exist",
                )
        for i, rel in enumerate(store.records["relationship"].values()):
            where = f"relationships[{i}] ({rel.id})"
            rtype = types.get(rel.type)
            if rtype is None:
                raise self.fail(
                    where, f"its type {rel.type!r} is not an enabled relation type"
                )
            for end in (rel.source, rel.target):
                if kind_of.get(end) not in rtype.endpoints:
                    raise self.fail(
                        where, f"its end {end!r} is not a code or category it may join"
                    )
            if rel.memo is not None and kind_of.get(rel.memo) != "memo":
                raise self.fail(where, f"its memo {rel.memo!r} does not exist")
        check_relationships(
            self.name, list(store.records["relationship"].values()), types
        )

    def _read_hierarchy(self, rows: list[Any]) -> None:
        store = self.store
        kind_of = store.kind_of
        for i, row in enumerate(rows):
            where = f"hierarchy[{i}]"
            if not (isinstance(row, list) and len(row) == 2):  # noqa: PLR2004
                raise self.fail(where, "must be a [child id, parent id] pair")
            child, parent = row
            if kind_of.get(child) not in ("code", "category"):
                raise self.fail(where, f"{child!r} is not a code or category")
            if kind_of.get(parent) != "category":
                raise self.fail(where, f"{parent!r} is not a category")
            if parent in store.parents.get(child, {}):
                raise self.fail(where, "the same link appears twice")
            store.parents.setdefault(child, {})[parent] = None
        cycle = find_cycle(store.parents)
        if cycle:
            raise self.fail(
                "hierarchy", f"the categories form a cycle ({' -> '.join(cycle)})"
            )
        depths = hierarchy_depths(store.parents)
        deepest = max(depths, key=depths.__getitem__, default=None)
        if deepest is not None and depths[deepest] > MAX_HIERARCHY_DEPTH:
            raise self.fail(
                "hierarchy",
                f"{deepest!r} lies {depths[deepest]} levels below a top-level "
                f"category, more than the {MAX_HIERARCHY_DEPTH} a project may have",
            )

    def _read_segments(self, doc: dict[str, Any]) -> None:
        columns = doc.get("segment_columns", list(SEGMENT_COLUMNS))
        if columns != list(SEGMENT_COLUMNS):
            raise self.fail("segment_columns", f"must be {list(SEGMENT_COLUMNS)}")
        given = doc.get("segments", [])
        rows: Iterable[Any] = (
            given if isinstance(given, SegmentRows) else self._list(doc, "segments")
        )
        store = self.store
        lengths = {
            s.id: None if s.text is None else len(s.text)
            for s in store.records["source"].values()
        }
        known = store.records["code"].keys()

        def slow(i: int, row: Any, done: Mapping[str, Any]) -> tuple[Any, ...]:
            return self._segment_row(i, row, lengths, known, done)

        try:
            segments = _build_segments(rows, lengths, known, slow)
        except BlockError as error:
            raise FormatError(
                f"{self.name}: not valid JSON at line {error.lineno}, column "
                f"{error.colno} ({error.msg}); the file may be truncated or damaged"
            ) from None
        clash = segments.keys() & store.kind_of.keys()
        if clash:
            raise self.fail(
                "segments", f"the id {min(clash)!r} is used by another element too"
            )
        store.segments = segments

    def _segment_row(
        self,
        i: int,
        row: Any,
        lengths: Mapping[str, int | None],
        known: KeysView[str],
        segments: Mapping[str, Any],
    ) -> tuple[Any, ...]:
        """Check one unusual segment row: return it as stored, or raise naming it."""
        where = f"segments[{i}]"
        width = len(SEGMENT_COLUMNS)
        if not _is_row(row):
            raise self.fail(
                where,
                f"must be a list of {width} values ({', '.join(SEGMENT_COLUMNS)})",
            )
        sid, src, start, end, codes, coder, coders, created, quote = row
        if not isinstance(sid, str) or not sid or sid in segments:
            raise self.fail(where, f"the id {sid!r} is missing or used twice")
        if not isinstance(src, str) or src not in lengths:
            raise self.fail(where, f"its source {src!r} does not exist")
        length = lengths[src]
        if length is None:
            if start is not None or end is not None or not isinstance(quote, str):
                raise self.fail(
                    where,
                    "a segment of a source without text has no offsets and needs a quote",
                )
        elif not (
            type(start) is int and type(end) is int and 0 <= start <= end <= length
        ):
            raise self.fail(
                where,
                f"offsets {start!r}..{end!r} are not inside the text of {src!r} ({length} characters)",
            )
        elif quote is not None:
            raise self.fail(where, "a segment of a source with text stores no quote")
        if type(codes) is not list or not all(
            isinstance(c, str) and c in known for c in codes
        ):
            raise self.fail(
                where, f"its codes {codes!r} are not a list of existing code ids"
            )
        if len(set(codes)) != len(codes):
            raise self.fail(where, "a code is applied twice")
        for value, what in ((coder, "coder"), (created, "created")):
            if value is not None and not isinstance(value, str):
                raise self.fail(where, f"the {what} must be a string or null")
        if coders is not None:
            if (
                type(coders) is not list
                or len(coders) != len(codes)
                or not all(c is None or isinstance(c, str) for c in coders)
            ):
                raise self.fail(
                    where, "coding_coders must be null or one coder (or null) per code"
                )
            coders = tuple(coders)
        return (src, start, end, tuple(codes), coder, coders, created, quote)

    def _check_evidence(self) -> None:
        store = self.store
        known = store.segments
        for i, rel in enumerate(store.records["relationship"].values()):
            for sid in (*rel.evidence, *rel.counter_evidence):
                if sid not in known:
                    raise self.fail(
                        f"relationships[{i}] ({rel.id})",
                        f"its evidence {sid!r} is not a segment",
                    )
        for i, cat in enumerate(store.records["category"].values()):
            for prop in cat.properties:
                for sid in prop.evidence:
                    if sid not in known:
                        raise self.fail(
                            f"categories[{i}] ({cat.id})",
                            f"property {prop.name!r} cites {sid!r}, which is not a segment",
                        )
        for i, memo in enumerate(store.records["memo"].values()):
            for target in memo.about:
                if not store.id_in_use(target):
                    raise self.fail(
                        f"memos[{i}] ({memo.id})",
                        f"it is about {target!r}, which does not exist",
                    )

    def _checked(self, blocks: Iterable[RowBlock]) -> Iterator[RowBlock]:
        """Hand on *blocks*, checking each one's rows strictly once it is read."""
        offset = 0
        for block in blocks:
            yield block
            check_history(self.name, block.rows, offset)
            offset += len(block.rows)

    def _read_history(self, doc: dict[str, Any]) -> None:
        columns = doc.get("history_columns", list(HISTORY_COLUMNS))
        if columns != list(HISTORY_COLUMNS):
            raise self.fail("history_columns", f"must be {list(HISTORY_COLUMNS)}")
        given = doc.get("history", [])
        if isinstance(given, SegmentRows):
            blocks: Iterable[RowBlock] = given.blocks()
        else:
            blocks = [RowBlock(self._list(doc, "history"))]
        log = EventLog()
        try:
            read_events(self._checked(blocks), log, self.fail)
        except BlockError as error:
            raise FormatError(
                f"{self.name}: not valid JSON at line {error.lineno}, column "
                f"{error.colno} ({error.msg}); the file may be truncated or damaged"
            ) from None
        self.store.history = log


def _build_segments(
    rows: Iterable[Any],
    lengths: Mapping[str, int | None],
    known: KeysView[str],
    slow: Callable[[int, Any, Mapping[str, Any]], tuple[Any, ...]],
) -> dict[str, Any]:
    """Check and store segment rows; *slow* handles (or rejects) unusual rows.

    The common case, a segment of a source with text whose codes were applied by
    its coder, is checked inline, with builtins bound to locals: this loop is
    most of the time a large project takes to load.
    """
    segments: dict[str, Any] = {}
    has_codes = set(known).issuperset
    # Share one string object per source id, code id, coder and timestamp (the JSON
    # parser makes a new one for every occurrence): a third less memory for large
    # projects.
    source_id = {k: k for k in lengths}.__getitem__
    code_id = {k: k for k in known}.__getitem__
    strings: dict[str | None, str | None] = {}
    shared = strings.setdefault
    str_, int_, list_, tuple_, type_, len_, set_, map_ = (
        str,
        int,
        list,
        tuple,
        type,
        len,
        set,
        map,
    )
    i = -1
    for row in rows:
        i += 1
        try:
            sid, src, start, end, codes, coder, coders, created, quote = row
            length = lengths[src]
        except (TypeError, ValueError, KeyError):
            slow(i, row, segments)  # raises, naming the fault
            raise  # pragma: no cover - slow() raises for such a row
        if (
            type_(sid) is not str_
            or not sid
            or type_(start) is not int_
            or type_(end) is not int_
            or length is None
            or not 0 <= start <= end <= length
            or quote is not None
            or coders is not None
            or type_(codes) is not list_
            or not has_codes(codes)
            or (len_(codes) > 1 and len_(set_(codes)) != len_(codes))
        ):
            segments[sid] = slow(i, row, segments)
        else:
            segments[sid] = (
                source_id(src),
                start,
                end,
                tuple_(map_(code_id, codes)),
                shared(coder, coder),
                None,
                shared(created, created),
                None,
            )
    # Checked once for all rows rather than row by row: the coders and times are
    # few distinct values, and a repeated id shows as a row that overwrote another.
    if not all(s is None or type(s) is str for s in strings) or len(segments) != i + 1:
        return _check_rows_again(rows, slow)
    return segments


def _check_rows_again(
    rows: Iterable[Any], slow: Callable[[int, Any, Mapping[str, Any]], tuple[Any, ...]]
) -> dict[str, Any]:
    """Check every row with *slow*, which names the first faulty one."""
    segments: dict[str, Any] = {}
    for i, row in enumerate(rows):
        segments[row[0]] = slow(i, row, segments)
    return segments


def _is_row(row: Any) -> bool:
    return isinstance(row, list) and len(row) == len(SEGMENT_COLUMNS)


def find_cycle(edges: Mapping[str, Iterable[str]]) -> list[str]:
    """Return the nodes of a cycle in a graph given as ``{node: successors}``, or ``[]``.

    Examples
    --------
    >>> from gtgraph.readwrite._native_check import find_cycle
    >>> find_cycle({"a": ["b"], "b": ["c"]})
    []
    >>> find_cycle({"a": ["b"], "b": ["a"]})
    ['a', 'b', 'a']
    """
    done: set[str] = set()
    for root in edges:
        if root in done:
            continue
        path: list[str] = [root]
        on_path = {root}
        stack = [iter(edges.get(root, ()))]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                stack.pop()
                node = path.pop()
                on_path.discard(node)
                done.add(node)
                continue
            if nxt in on_path:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in done:
                path.append(nxt)
                on_path.add(nxt)
                stack.append(iter(edges.get(nxt, ())))
    return []
