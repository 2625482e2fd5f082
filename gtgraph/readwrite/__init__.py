"""Reading and writing projects: the native project file and exchange formats.

The native format is one UTF-8 JSON document (``.gtg.json``); see
:mod:`gtgraph.readwrite._native` for its layout.
"""

from gtgraph.readwrite._files import FileChangedError, FileLockedError
from gtgraph.readwrite._native import FORMAT_VERSION, dumps, load, loads, save

__all__ = [
    "FORMAT_VERSION",
    "FileChangedError",
    "FileLockedError",
    "dumps",
    "load",
    "loads",
    "save",
]
