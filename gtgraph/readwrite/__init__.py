"""Reading and writing projects: the native project file and exchange formats.

The native format is one UTF-8 JSON document (``.gtg.json``); see
:mod:`gtgraph.readwrite._native` for its layout.  The codebook export writes one
row per code as Markdown or CSV.
"""

from gtgraph.readwrite._codebook import (
    CodebookRow,
    codebook,
    codebook_csv,
    codebook_markdown,
    write_codebook,
)
from gtgraph.readwrite._native import FORMAT_VERSION, dumps, load, loads, save

__all__ = [
    "FORMAT_VERSION",
    "CodebookRow",
    "codebook",
    "codebook_csv",
    "codebook_markdown",
    "dumps",
    "load",
    "loads",
    "save",
    "write_codebook",
]
