"""Reading and writing projects: the native project file and exchange formats.

The native format is one UTF-8 JSON document (``.gtg.json``); see
:mod:`gtgraph.readwrite._native` for its layout.  The codebook export writes one
row per code as Markdown or CSV.  Exchange formats: REFI-QDA codebooks
(``.qdc``) and projects (``.qdpx``) in :mod:`gtgraph.readwrite.refi`, tables of
coded excerpts (CSV, including Taguette's highlights export) in
:mod:`gtgraph.readwrite.tables`, and Taguette's project database in
:mod:`gtgraph.readwrite.taguette`.

Files from other programs are read defensively (no XML entities or DTDs, zip
members checked, sizes bounded); whatever a reader cannot represent in a
:class:`gtgraph.Project` is reported as a :class:`FormatWarning`.
"""

from typing import TYPE_CHECKING, Any

from gtgraph.errors import FileChangedError, FileLockedError
from gtgraph.readwrite._codebook import (
    CategoryRow,
    CodebookRow,
    codebook,
    codebook_categories,
    codebook_csv,
    codebook_markdown,
    write_codebook,
)
from gtgraph.readwrite._native import FORMAT_VERSION, dumps, load, loads, save
from gtgraph.readwrite._report import FormatWarning

if TYPE_CHECKING:
    from gtgraph.readwrite.refi import read_qdc, read_qdpx, write_qdc, write_qdpx
    from gtgraph.readwrite.tables import (
        read_segments_csv,
        segments_csv,
        write_segments_csv,
    )
    from gtgraph.readwrite.taguette import read_taguette

# The exchange formats load on first use, so that `import gtgraph` stays fast.
_LAZY = {
    "read_qdc": "gtgraph.readwrite.refi",
    "read_qdpx": "gtgraph.readwrite.refi",
    "write_qdc": "gtgraph.readwrite.refi",
    "write_qdpx": "gtgraph.readwrite.refi",
    "read_segments_csv": "gtgraph.readwrite.tables",
    "read_taguette": "gtgraph.readwrite.taguette",
    "segments_csv": "gtgraph.readwrite.tables",
    "write_segments_csv": "gtgraph.readwrite.tables",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'gtgraph.readwrite' has no attribute {name!r}"
        raise AttributeError(msg)
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "FORMAT_VERSION",
    "CategoryRow",
    "CodebookRow",
    "FileChangedError",
    "FileLockedError",
    "FormatWarning",
    "codebook",
    "codebook_categories",
    "codebook_csv",
    "codebook_markdown",
    "dumps",
    "load",
    "loads",
    "read_qdc",
    "read_qdpx",
    "read_segments_csv",
    "read_taguette",
    "save",
    "segments_csv",
    "write_codebook",
    "write_qdc",
    "write_qdpx",
    "write_segments_csv",
]
