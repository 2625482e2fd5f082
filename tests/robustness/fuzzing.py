"""The fuzzing harness shared by every reader: mutations of valid files, and the rule.

The rule: whatever bytes a reader is given, it either returns what it read or
raises a :class:`gtgraph.GtGraphError` (for files, a :class:`gtgraph.FormatError`);
any other exception is a bug.  What it returns must then be usable: a reader's
*check* (a round trip, a drawing of the graph) must not raise either.

Mutations are plain functions of a :class:`Chooser`, so the same mutations run
under Hypothesis (:class:`DrawChooser`, which shrinks failures to a small
example) and in the long run by hand (:class:`RandomChooser`, millions of
inputs; see ``fuzz_long.py``).

A reader is described by a :class:`Target`: how to read bytes, a corpus of
valid files to mutate, and the tokens worth inserting.  ``TARGETS`` lists them:
``native`` (the project file), ``qdc`` and ``qdpx`` (REFI-QDA codebooks and
archives), ``qde`` (the project.qde inside an otherwise intact archive),
``csv`` (tables of coded excerpts) and ``taguette`` (Taguette databases), each
with a corpus written by gtgraph's writers or taken from ``tests/data``.  A new
reader adds a Target here and gets the Hypothesis tests, the long run and the
atheris entry point.
"""

from __future__ import annotations

import copy
import functools
import importlib.util
import io
import json
import random
import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from hypothesis import strategies as st

import gtgraph
from gtgraph.readwrite import dumps, loads

T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[2]
FORMATS = ROOT / "tests" / "data" / "formats"


# ---------------------------------------------------------------------- choosers


class Chooser(Protocol):
    """Where a mutation gets its decisions from."""

    def integer(self, low: int, high: int) -> int:
        """Return a whole number from *low* to *high* inclusive."""

    def choice(self, options: Sequence[T]) -> T:
        """Return one of *options*."""


class RandomChooser:
    """Decisions from a seeded :class:`random.Random` (the long run)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def integer(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def choice(self, options: Sequence[T]) -> T:
        return options[self.rng.randrange(len(options))]


class DrawChooser:
    """Decisions drawn from Hypothesis (the test suite): failures shrink."""

    def __init__(self, data: st.DataObject) -> None:
        self.data = data

    def integer(self, low: int, high: int) -> int:
        return self.data.draw(st.integers(low, high))

    def choice(self, options: Sequence[T]) -> T:
        return self.data.draw(st.sampled_from(options))


# ----------------------------------------------------------------- byte mutations

#: Byte sequences that are not UTF-8: a stray continuation byte, an overlong NUL,
#: an encoded surrogate, a cut-off sequence, a five-byte form, 0xFF.
INVALID_UTF8 = (
    b"\x80",
    b"\xc0\x80",
    b"\xed\xa0\x80",
    b"\xe2\x82",
    b"\xf8\x88\x80\x80\x80",
    b"\xff",
)

#: Tokens worth inserting into any JSON text.
JSON_TOKENS = (
    b"1" * 5000,  # an integer beyond the interpreter's digit limit
    b"1e999",  # an overflowing float (parses to inf)
    b"NaN",
    b"-Infinity",
    b"[" * 3000,  # deep nesting
    b'"\\ud800"',  # a lone surrogate escape
    b'"\\u0000"',
    b"null",
    b"true",
    b"-1",
    b"99999999999999999999999",
    b"{}",
    b"[]",
    b'""',
    b",",
    b":",
    b'"',
    b"\\",
    b"\xef\xbb\xbf",
    b"\x00",
)


def _flip_bit(data: bytearray, choose: Chooser) -> None:
    if data:
        i = choose.integer(0, len(data) - 1)
        data[i] ^= 1 << choose.integer(0, 7)


def _set_byte(data: bytearray, choose: Chooser) -> None:
    if data:
        data[choose.integer(0, len(data) - 1)] = choose.integer(0, 255)


def _truncate(data: bytearray, choose: Chooser) -> None:
    del data[choose.integer(0, len(data)) :]


def _delete_span(data: bytearray, choose: Chooser) -> None:
    if data:
        i = choose.integer(0, len(data) - 1)
        del data[i : i + choose.integer(1, 64)]


def _duplicate_span(data: bytearray, choose: Chooser) -> None:
    if data:
        i = choose.integer(0, len(data) - 1)
        span = data[i : i + choose.integer(1, 256)]
        j = choose.integer(0, len(data))
        data[j:j] = span


def _insert_invalid_utf8(data: bytearray, choose: Chooser) -> None:
    i = choose.integer(0, len(data))
    data[i:i] = choose.choice(INVALID_UTF8)


BYTE_MUTATIONS: tuple[Callable[[bytearray, Chooser], None], ...] = (
    _flip_bit,
    _set_byte,
    _truncate,
    _delete_span,
    _duplicate_span,
    _insert_invalid_utf8,
)


def mutate_bytes(
    data: bytes,
    choose: Chooser,
    *,
    tokens: Sequence[bytes] = (),
    max_edits: int = 6,
) -> bytes:
    """Return *data* with 1 to *max_edits* byte-level edits.

    Edits: flip a bit, set a byte, truncate, delete a span, duplicate a span,
    insert invalid UTF-8, or insert one of *tokens* (format-specific).
    """
    out = bytearray(data)
    mutations = BYTE_MUTATIONS
    if tokens:
        mutations += (functools.partial(_insert_token, tokens=tokens),)
    for _ in range(choose.integer(1, max_edits)):
        choose.choice(mutations)(out, choose)
    return bytes(out)


def _insert_token(data: bytearray, choose: Chooser, tokens: Sequence[bytes]) -> None:
    i = choose.integer(0, len(data))
    data[i:i] = choose.choice(tokens)


# ------------------------------------------------- structural edits of JSON text


def _deep(kind: str, depth: int) -> str:
    """A placeholder that :func:`encode_json` writes as *depth* nested lists or objects.

    Building such values in Python would hit the interpreter's recursion limit in
    the harness itself (copying, encoding); the placeholder is replaced in the
    text instead.
    """
    return f"<<deep {kind} {depth}>>"


_DEEP = re.compile(r'"<<deep (list|object) (\d+)>>"')


def _expand_deep(text: str) -> str:
    def nested(match: re.Match[str]) -> str:
        depth = int(match.group(2))
        if match.group(1) == "list":
            return "[" * depth + "0" + "]" * depth
        return '{"x":' * depth + "0" + "}" * depth

    return _DEEP.sub(nested, text)


#: Values of the wrong type or an absurd size, made fresh for each use.
HOSTILE_VALUES: tuple[Callable[[], Any], ...] = (
    lambda: None,
    lambda: True,
    lambda: False,
    lambda: 0,
    lambda: -1,
    lambda: 2**63,
    lambda: -(2**63) - 1,
    lambda: 10**300,
    lambda: 1.5,
    lambda: 1e308,
    lambda: -0.0,
    lambda: float("nan"),
    lambda: float("inf"),
    lambda: "",
    lambda: " ",
    lambda: "x" * 100_000,
    lambda: "\ud800",  # a lone surrogate
    lambda: "\x00",
    lambda: "../../../../etc/passwd",
    lambda: "C:\\Windows\\system32",
    lambda: "=cmd|' /C calc'!A0",
    lambda: '"]; evil -> x [label="',
    lambda: "<b>html</b>",
    lambda: "#abc",
    lambda: "2024-02-30",
    list,
    dict,
    lambda: [None],
    lambda: ["x"],
    lambda: {"date": "not a date"},
    lambda: {"date": 5},
    lambda: _deep("list", 50),
    lambda: _deep("list", 900),
    lambda: _deep("object", 900),
    lambda: _deep("list", 5000),
)


def _paths(doc: Any) -> list[tuple[Any, ...]]:
    """Every path (a tuple of keys and indices) to a value inside *doc*."""
    out: list[tuple[Any, ...]] = []
    stack: list[tuple[tuple[Any, ...], Any]] = [((), doc)]
    while stack:
        path, value = stack.pop()
        out.append(path)
        if isinstance(value, dict):
            stack.extend(((*path, k), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend(((*path, i), v) for i, v in enumerate(value))
    out.sort(key=repr)  # the same order whatever the dict order, for shrinking
    return out


def _get(doc: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        doc = doc[key]
    return doc


def _strings(doc: Any) -> list[str]:
    return sorted({v for p in _paths(doc) if isinstance(v := _get(doc, p), str)})


def mutate_json(doc: Any, choose: Chooser, *, max_edits: int = 3) -> Any:
    """Return a copy of the parsed document *doc* with 1 to *max_edits* structural edits.

    Edits, at a random place: replace a value by a hostile one (wrong type, huge
    or absurd number, deep nesting, lone surrogate, path, injection string);
    delete a key or an element; duplicate an element (duplicate ids); swap two
    elements of a list (swapped columns, swapped start and end); rename a key
    to another one of the document (swapped fields); put another string of the
    document in place (dangling or duplicate references, ids of the wrong
    kind); wrap a value in lists (nesting).
    """
    doc = copy.deepcopy(doc)
    for _ in range(choose.integer(1, max_edits)):
        paths = _paths(doc)
        path = choose.choice(paths)
        op = choose.choice(_JSON_EDITS)
        if not path:
            if op == "replace":
                doc = choose.choice(HOSTILE_VALUES)()
            continue
        parent = _get(doc, path[:-1])
        key = path[-1]
        if op == "replace":
            parent[key] = choose.choice(HOSTILE_VALUES)()
        elif op == "delete":
            del parent[key]
        elif op == "duplicate" and isinstance(parent, list):
            parent.insert(choose.integer(0, len(parent)), copy.deepcopy(parent[key]))
        elif op == "swap" and isinstance(parent, list) and len(parent) > 1:
            other = choose.integer(0, len(parent) - 1)
            parent[key], parent[other] = parent[other], parent[key]
        elif op == "rename" and isinstance(parent, dict):
            keys = sorted({p[-1] for p in paths if p and isinstance(p[-1], str)})
            new = choose.choice(keys)
            parent[new] = parent.pop(key)
        elif op == "transplant":
            strings = _strings(doc)
            if strings:
                parent[key] = choose.choice(strings)
        elif op == "nest":
            for _ in range(choose.integer(1, 3)):
                parent[key] = [parent[key]]
    return doc


_JSON_EDITS = (
    "replace",
    "delete",
    "duplicate",
    "swap",
    "rename",
    "transplant",
    "nest",
)


def encode_json(doc: Any, choose: Chooser) -> bytes:
    """Write *doc* as JSON text: ASCII-escaped or not, compact or indented.

    Lone surrogates are written as they are (``surrogatepass``), which makes
    the bytes invalid UTF-8 when not escaped: that is one more hostile input.
    """
    text = json.dumps(
        doc,
        ensure_ascii=choose.choice((True, False)),
        indent=choose.choice((None, 1)),
        allow_nan=True,
    )
    return _expand_deep(text).encode("utf-8", "surrogatepass")


# ------------------------------------------------------------------------ targets


@dataclass(frozen=True)
class Target:
    """A reader under test.

    Attributes
    ----------
    name : str
        A short name (``native``, ``qdpx``, ...).
    read : callable
        ``read(data, folder)`` reads *data* (writing it to a file in *folder*
        first if the reader takes a path) and returns what it read.
    corpus : callable
        Returns valid files (bytes) to mutate.
    allowed : tuple of exception types
        The exceptions the reader may raise.
    check : callable or None
        Called with what was read; must not raise.
    tokens : tuple of bytes
        Tokens worth inserting into the bytes.
    json : bool
        Whether the files are JSON (then structural edits apply).
    known : tuple of (exception type, message part)
        Escapes already found and not fixed yet, each with an expected-failure
        test of its own: they are counted as ``"known"`` instead of failing, so
        that the fuzzer goes on looking for new ones.
    """

    name: str
    read: Callable[[bytes, Path], Any]
    corpus: Callable[[], list[bytes]]
    allowed: tuple[type[BaseException], ...] = (gtgraph.GtGraphError,)
    check: Callable[[Any], None] | None = None
    tokens: tuple[bytes, ...] = ()
    json: bool = False
    known: tuple[tuple[type[BaseException], str], ...] = ()


def run_one(target: Target, data: bytes, folder: Path) -> str:
    """Give *data* to the reader; return ``"read"``, ``"refused"`` or ``"known"``.

    Any exception other than the allowed and the known ones propagates (and
    fails the test), as does any exception from the check of what was read.
    """
    with warnings.catch_warnings():
        # Readers may warn about what they could not represent; that is fine.
        warnings.simplefilter("ignore")
        try:
            result = target.read(data, folder)
        except target.allowed:
            return "refused"
        except Exception as error:
            if any(
                isinstance(error, kind) and part in str(error)
                for kind, part in target.known
            ):
                return "known"
            raise
    if target.check is not None:
        target.check(result)
    return "read"


# ----------------------------------------------------------------- native target


def _script(path: Path) -> Any:
    """Import the helper script at *path* (tests/ is not a package)."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def complete_project() -> gtgraph.Project:
    """A small project with every kind of element and every optional field."""
    return _script(FORMATS / "make_fixtures.py").complete_project()


@functools.cache
def native_corpus() -> list[bytes]:
    """Valid project files: the committed fixtures, a complete and an empty project."""
    files = [p.read_bytes() for p in sorted(FORMATS.glob("v*.gtg.json"))]
    files.append(dumps(complete_project()).encode())
    files.append(dumps(gtgraph.Project()).encode())
    return files


def _read_native(data: bytes, folder: Path) -> gtgraph.Project:
    del folder
    return loads(data, name="fuzz.gtg.json")


def check_project(project: Any) -> None:
    """What any loaded project must allow: saving it, reading it back, drawing its graph."""
    assert isinstance(project, gtgraph.Project)
    text = dumps(project)
    again = loads(text.encode("utf-8"))  # as save() writes it: UTF-8, so no surrogates
    assert again == project
    assert dumps(again) == text
    if not _GRAPH_CLASH.intersection(
        key for p in project.participants for key in p.attributes
    ):
        project.graph  # noqa: B018 - builds the networkx view
    assert len(list(project.segments)) == len(project.segments)
    assert len(list(project.codings)) == len(project.codings)
    repr(project)
    project.summary()


#: Participant attributes that the networkx view cannot hold yet (they clash with
#: its own node keys); see test_hostile_native.py::test_attribute_named_kind_draws.
_GRAPH_CLASH = frozenset({"kind", "name"})


NATIVE = Target(
    name="native",
    read=_read_native,
    corpus=native_corpus,
    allowed=(gtgraph.FormatError,),
    check=check_project,
    tokens=JSON_TOKENS,
    json=True,
)

#: Every reader under fuzzing, by name.  The exchange-format readers add theirs.
TARGETS: dict[str, Target] = {"native": NATIVE}


def mutated_input(target: Target, choose: Chooser) -> bytes:
    """Pick a valid file of *target* and damage it, structurally or byte by byte."""
    seed = choose.choice(target.corpus())
    if target.json and choose.integer(0, 1):
        doc = json.loads(seed)
        return encode_json(mutate_json(doc, choose), choose)
    return mutate_bytes(seed, choose, tokens=target.tokens)


# ------------------------------------------------------- exchange-format targets

#: Tokens worth inserting into XML (REFI-QDA) text.
XML_TOKENS = (
    b'<!DOCTYPE Project [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    b'<!ENTITY a "aaaaaaaaaa">',
    b"&x;",
    b"&#0;",
    b"&#xD800;",
    b"<![CDATA[",
    b"]]>",
    b"</Code>",
    b"<Code guid='00000000-0000-0000-0000-000000000001' name='n' isCodable='true'/>",
    b'startPosition="-5"',
    b'endPosition="99999999999999999999"',
    b'guid=""',
    b"<Link/>",
    b"<" * 200,
    b"\xef\xbb\xbf",
    b"\x00",
)

#: Tokens worth inserting into CSV text.
CSV_TOKENS = (
    b",",
    b";",
    b"\t",
    b'"',
    b'""',
    b"\r",
    b"\n",
    b"\r\n",
    b"=cmd|' /C calc'!A0",
    b"-1",
    b"99999999999999999999",
    b"\xef\xbb\xbf",
    b"\x00",
    b"a" * 5000,
)


def _exchange_project() -> gtgraph.Project:
    """A small project for the exchange formats (the REFI-QDA reader is slow on big ones)."""
    p = gtgraph.Project(title="fuzz", clock=lambda: "2024-05-01T09:00:00Z")
    p.add_participant("P01", age_band="35-44")
    s = p.add_source(
        "Interview 1", text="I felt heard. 信頼 😀\nWe were alike.", participant="P01"
    )
    seg = p.code(s, 0, 12, ["feeling heard"], coder="HB")
    p.code(s, quote="We were alike", codes=["alike", "feeling heard"], coder="RK")
    p.categorize("feeling heard", "Being understood")
    p.relate("feeling heard", "is part of", "Being understood", evidence=[seg])
    p.memo("feeling heard", "A note.", title="m")
    return p


def _write_with(
    writer: Callable[[gtgraph.Project, Path], object], suffix: str
) -> bytes:
    import tempfile

    with tempfile.TemporaryDirectory() as folder, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        path = Path(folder) / f"corpus{suffix}"
        writer(_exchange_project(), path)
        return path.read_bytes()


def _reader(read: Callable[..., Any], suffix: str) -> Callable[[bytes, Path], Any]:
    def read_bytes(data: bytes, folder: Path) -> Any:
        path = folder / f"input{suffix}"
        path.write_bytes(data)
        return read(path, errors="ignore")

    return read_bytes


REFI_DATA = ROOT / "tests" / "data" / "refi"


@functools.cache
def qdc_corpus() -> list[bytes]:
    """Codebooks: written by gtgraph, and the sample codebooks in tests/data/refi."""
    from gtgraph.readwrite import write_qdc

    files = [_write_with(write_qdc, ".qdc")]
    files.extend(
        p.read_bytes()
        for p in sorted(REFI_DATA.glob("codebook_*.qdc"))
        if "wrong_namespace" not in p.name  # refused on purpose
    )
    return files


@functools.cache
def qdpx_corpus() -> list[bytes]:
    """A project archive written by gtgraph."""
    from gtgraph.readwrite import write_qdpx

    return [_write_with(write_qdpx, ".qdpx")]


@functools.cache
def qde_corpus() -> list[bytes]:
    """The project.qde of gtgraph's archive, and those of the samples in tests/data/refi."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(qdpx_corpus()[0])) as archive:
        files = [archive.read("project.qde")]
    files.extend(p.read_bytes() for p in sorted(REFI_DATA.glob("*/*.qde")))
    return files


def _read_qde(data: bytes, folder: Path) -> Any:
    """Put a (damaged) project.qde into gtgraph's archive, with its sources, and read it."""
    import zipfile

    from gtgraph.readwrite import read_qdpx

    with zipfile.ZipFile(io.BytesIO(qdpx_corpus()[0])) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    members["project.qde"] = data
    path = folder / "input.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return read_qdpx(path, errors="ignore")


@functools.cache
def csv_corpus() -> list[bytes]:
    """Tables of coded excerpts: gtgraph's export and Taguette's highlights export."""
    from gtgraph.readwrite import segments_csv

    return [
        segments_csv(_exchange_project()).encode("utf-8"),
        (REFI_DATA / "taguette_highlights.csv").read_bytes(),
    ]


@functools.cache
def taguette_corpus() -> list[bytes]:
    """A Taguette database made by the test helper (tests/taguette_db.py)."""
    import tempfile

    module = _script(ROOT / "tests" / "taguette_db.py")
    with tempfile.TemporaryDirectory() as folder:
        return [Path(module.make(Path(folder) / "t.sqlite3")).read_bytes()]


def _exchange_targets() -> tuple[Target, ...]:
    from gtgraph import readwrite

    return (
        Target(
            name="qdc",
            read=_reader(readwrite.read_qdc, ".qdc"),
            corpus=qdc_corpus,
            check=check_project,
            tokens=XML_TOKENS,
        ),
        Target(
            name="qdpx",
            read=_reader(readwrite.read_qdpx, ".qdpx"),
            corpus=qdpx_corpus,
            check=check_project,
        ),
        Target(
            name="qde",
            read=_read_qde,
            corpus=qde_corpus,
            check=check_project,
            tokens=XML_TOKENS,
        ),
        Target(
            name="csv",
            read=_reader(readwrite.read_segments_csv, ".csv"),
            corpus=csv_corpus,
            check=check_project,
            tokens=CSV_TOKENS,
        ),
        Target(
            name="taguette",
            read=_reader(readwrite.read_taguette, ".sqlite3"),
            corpus=taguette_corpus,
            check=check_project,
        ),
    )


TARGETS.update((target.name, target) for target in _exchange_targets())
