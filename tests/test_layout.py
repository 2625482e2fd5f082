"""The layout of the package: the Project's parts, the command's modules, old names."""

import ast
import importlib.util
import pickle
import re
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

import gtgraph
import gtgraph.cli
from gtgraph.project import Project

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "gtgraph"

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
        "AddingMixin",
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
        "add-sources",
        "check",
        "codebook",
        "convert",
        "demo",
        "draw",
        "import-taguette",
        "info",
        "merge",
        "merge-driver",
        "report",
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


def _module_name(path):
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _module_level_imports(path, modules):
    """Yield the modules that *path* imports when it is itself imported."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0]
                base = f"{anchor}.{base}" if base else anchor
            # As import-linter counts it: `from package import module` depends on
            # the module, `from module import name` on the module.
            for alias in node.names:
                child = f"{base}.{alias.name}"
                yield child if child in modules else base


def test_no_cycle_among_module_level_imports():
    """The imports a module runs when it loads form no cycle among gtgraph modules.

    Imports inside functions (the Project's delegations upward) and those for
    the type checker only are not run at load time, so they are left out.
    """
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {_module_name(p) for p in paths}
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for path in paths:
        for imported in _module_level_imports(path, modules):
            if imported in modules and imported != _module_name(path):
                graph.add_edge(_module_name(path), imported)
    assert graph.number_of_edges() > len(modules)  # the walk found the imports
    assert list(nx.simple_cycles(graph)) == []


def test_import_contracts_are_kept():
    """lint-imports finds every contract in pyproject.toml kept."""
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if command is None:
        pytest.skip("import-linter is not installed (it is in the dev extra)")
    done = subprocess.run(
        [command, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


MAX_LINES = 600


def _lines(path):
    return len(path.read_text(encoding="utf-8").splitlines())


def test_modules_hold_at_most_600_lines():
    """Every module outside the worked example's data has at most 600 lines."""
    long = {
        path.relative_to(ROOT).as_posix(): _lines(path)
        for path in PACKAGE.rglob("*.py")
        if "demo" not in path.relative_to(PACKAGE).parts[:1]
        and _lines(path) > MAX_LINES
    }
    assert long == {}, long


def _architecture_script():
    pytest.importorskip("grimp", reason="grimp comes with import-linter (dev extra)")
    spec = importlib.util.spec_from_file_location(
        "architecture", ROOT / "docs" / "architecture.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_architecture_diagram_draws_every_layer_and_points_down():
    """The diagram has a box per layer member, and every import arrow points down."""
    script = _architecture_script()
    layers, delegations = script.read_contract()
    depth = {name: i for i, layer in enumerate(layers) for name in layer}
    dot = script.build_dot()
    for name in depth:
        assert f'"{name}" [label=' in dot
    arrows = re.findall(r'^  "([\w]+)" -> "([\w]+)" \[(.*)\];$', dot, re.MULTILINE)
    solid = [(a, b) for a, b, attrs in arrows if "style=" not in attrs]
    dashed = {(a, b) for a, b, attrs in arrows if "style=dashed" in attrs}
    assert solid  # the imports were found
    assert all(depth[a] < depth[b] for a, b in solid), solid
    assert dashed == {
        (script.unit(importer), script.unit(imported))
        for importer, imported, _ in delegations
    }
    assert all(comment for _, _, comment in delegations)  # each one says what it is


def test_committed_architecture_diagram_names_every_module_of_the_layers():
    """docs/images/architecture.svg shows every top-level module the layers list."""
    script = _architecture_script()
    layers, _ = script.read_contract()
    svg = (ROOT / "docs" / "images" / "architecture.svg").read_text(encoding="utf-8")
    for name in (n for layer in layers for n in layer):
        present = (PACKAGE / name).is_dir() or (PACKAGE / f"{name}.py").exists()
        shown = f">{name}/<" in svg or f">{name}.py<" in svg
        assert shown or not present, (
            f"{name} is missing: run python docs/architecture.py"
        )
