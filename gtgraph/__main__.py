"""Run the gtgraph command: ``python -m gtgraph``."""

from gtgraph.cli import main

main(prog_name="gtgraph")
