"""The layout of the package: the Project's parts, the command's modules, old names."""

import pickle
import subprocess
import sys

import gtgraph
import gtgraph.cli
from gtgraph.project import Project

# A Grounding pickled (protocol 2) by gtgraph before the Project became a package,
# when its class lived in the module ``gtgraph._base``.
OLD_GROUNDING_PICKLE = (
    b"\x80\x02cgtgraph._base\nGrounding\nq\x00)\x81q\x01}q\x02(X\x08\x00\x00\x00"
    b"segmentsq\x03K\x01X\x0c\x00\x00\x00participantsq\x04K\x01X\x07\x00\x00\x00"
    b"sourcesq\x05K\x01ub."
)


def _defined_in_gtgraph(cls):
    return cls.__module__.split(".")[0] == "gtgraph"


def test_no_part_of_project_subclasses_another_gtgraph_class():
    """Every class in Project's MRO but Project itself has only non-gtgraph bases."""
    for cls in Project.__mro__[1:]:
        chained = [base for base in cls.__bases__ if _defined_in_gtgraph(base)]
        assert chained == [], f"{cls.__qualname__} subclasses {chained}"


def test_project_lists_its_parts_in_its_own_definition():
    """Project's own bases are its parts, and together they are its whole MRO."""
    parts = Project.__bases__
    assert [p.__name__ for p in parts] == [
        "EditingMixin",
        "RelatingMixin",
        "CodingMixin",
        "ReadingMixin",
        "ProjectBase",
    ]
    assert Project.__mro__ == (Project, *parts, object)
    assert all(p.__module__.startswith("gtgraph.project.") for p in parts)


def test_parts_share_no_attribute_names():
    """No part overrides another, so the order of the parts changes nothing."""
    seen: dict[str, str] = {}
    for part in Project.__bases__:
        for name in vars(part):
            if name.startswith("__"):
                continue
            assert name not in seen, f"{name} is in {seen.get(name)} and {part}"
            seen[name] = part.__name__


def test_public_names_keep_their_homes():
    """gtgraph.Project, gtgraph.project.Project and gtgraph.Grounding are one class each."""
    assert gtgraph.Project is Project
    assert gtgraph.project.Grounding is gtgraph.Grounding
    assert Project.__name__ == "Project"


def test_grounding_pickled_before_the_move_loads():
    """A Grounding pickled under its old module path loads as today's Grounding."""
    loaded = pickle.loads(OLD_GROUNDING_PICKLE)  # noqa: S301 - a fixed, trusted literal
    assert loaded == gtgraph.Grounding(segments=1, participants=1, sources=1)


def test_old_pickle_loads_in_a_fresh_interpreter():
    """The old module paths resolve without importing gtgraph first."""
    code = (
        "import pickle, sys; "
        f"g = pickle.loads({OLD_GROUNDING_PICKLE!r}); "
        "print(type(g).__module__, g.segments, g.participants, g.sources)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["gtgraph.project._base", "1", "1", "1"]


def test_command_keeps_its_subcommands_and_entry_point():
    """The gtgraph command still offers the same subcommands from gtgraph.cli."""
    assert sorted(gtgraph.cli.main.commands) == [
        "check",
        "codebook",
        "convert",
        "demo",
        "draw",
        "import-taguette",
        "info",
        "saturation",
    ]
    assert callable(gtgraph.cli.run)
    done = subprocess.run(
        [sys.executable, "-m", "gtgraph", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.startswith("gtgraph")
