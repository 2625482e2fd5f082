"""The version of gtgraph."""

__version__ = "0.1.0.dev0"
