"""Draw the layers of gtgraph from its real import graph: docs/images/architecture.svg.

The layers are read from the import-linter contract in ``pyproject.toml``; the
imports between them from the code, with grimp (the import graph import-linter
checks).  Each box is a top-level module or package of ``gtgraph``, labelled with
the first line of its docstring (the one job it has) and, for a package, its
modules.  Solid arrows are imports (thicker for more of them), except those into
the bottom layer, which every layer uses; dashed arrows are the Project's
convenience methods that delegate upward, the imports the contract lists in
``ignore_imports``.

Run it after changing the layout or the contract (it needs the Graphviz ``dot``
program, and import-linter from the dev extra)::

    python docs/architecture.py            # writes docs/images/architecture.svg
    python docs/architecture.py --dot      # prints the DOT text instead
"""

from __future__ import annotations

import argparse
import ast
import itertools
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "gtgraph"
OUT = ROOT / "docs" / "images" / "architecture.svg"

# The colours of the layers, top to bottom (ColorBrewer "Pastel1"/"Set3" tints).
FILLS = [
    "#f2f2f2",
    "#fde0dd",
    "#fdebd0",
    "#fff5cc",
    "#e5f5e0",
    "#e0f3f8",
    "#e7e1ef",
    "#deebf7",
    "#f0f0f0",
]


def read_contract() -> tuple[list[list[str]], list[tuple[str, str, str]]]:
    """Return the layers (top first; each a list of module names) and the delegations.

    A delegation is ``(importer, imported, comment)`` from ``ignore_imports``.
    """
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    config = tomllib.loads(text)["tool"]["importlinter"]
    contract = next(c for c in config["contracts"] if c["type"] == "layers")
    layers = [
        [name.strip().strip("()") for name in re.split(r"[|:]", layer)]
        for layer in contract["layers"]
    ]
    comments = dict(
        re.findall(r'"([\w.]+ -> [\w.]+)",\s*#\s*(.+)', text)  # the comment beside each
    )
    delegations = []
    for line in contract.get("ignore_imports", []):
        importer, imported = (part.strip() for part in line.split("->"))
        delegations.append((importer, imported, comments.get(line, "").strip()))
    return layers, delegations


def unit(module: str) -> str:
    """Return the top-level module or package of gtgraph that *module* belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def job(name: str) -> str:
    """Return the first line of the docstring of ``gtgraph.<name>``."""
    base = ROOT / PACKAGE / name
    path = base / "__init__.py" if base.is_dir() else base.with_suffix(".py")
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    first = doc.strip().splitlines()[:1]
    text = first[0].rstrip(".") if first else ""
    # Plain text for the box: drop reStructuredText roles and literal quotes.
    return re.sub(r":\w+:`~?([^`]+)`", r"\1", text).replace("``", "")


def wrap(text: str, width: int = 34) -> list[str]:
    """Break *text* into lines of about *width* characters."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def escape(text: str) -> str:
    """Escape *text* for a Graphviz HTML-like label."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def label(name: str, modules: list[str], *, present: bool) -> str:
    """Return the HTML-like label of a box: name, job and (for a package) its modules."""
    if not present:
        return (
            f'<<b>{escape(name)}</b><br/><font point-size="9">'
            "(not in this checkout)</font>>"
        )
    is_package = any(m.count(".") > 1 for m in modules)
    rows = [f"<b>{escape(name)}{'/' if is_package else '.py'}</b>"]
    rows += [
        f'<font point-size="10"><i>{escape(line)}</i></font>'
        for line in wrap(job(name), 26)
    ]
    if is_package:
        inner = sorted(m.split(".")[2] for m in modules if m.count(".") == 2)
        for line in wrap(" ".join(inner), 30):
            rows.append(f'<font point-size="9" color="#555555">{escape(line)}</font>')
    return "<" + "<br/>".join(rows) + ">"


def build_dot() -> str:
    """Return the DOT text of the diagram."""
    import grimp  # comes with import-linter, in the dev extra

    layers, delegations = read_contract()
    graph = grimp.build_graph(PACKAGE, cache_dir=None)
    members: dict[str, list[str]] = {}
    for module in graph.modules:
        members.setdefault(unit(module), []).append(module)
    skipped = {(a, b) for a, b, _ in delegations}
    counts: Counter[tuple[str, str]] = Counter()
    for importer in graph.modules:
        for imported in graph.find_modules_directly_imported_by(importer):
            pair = (unit(importer), unit(imported))
            if "" in pair or pair[0] == pair[1] or (importer, imported) in skipped:
                continue
            if pair[1] in layers[-1]:
                continue  # every layer may use the bottom one; arrows there only clutter
            counts[pair] += (
                len(graph.get_import_details(importer=importer, imported=imported)) or 1
            )
    lines = [
        "digraph architecture {",
        '  graph [rankdir=TB, nodesep=0.15, ranksep=0.35, fontname="DejaVu Sans", '
        "newrank=true, splines=true, label=<<b>gtgraph: its layers, top to bottom</b><br/>"
        '<font point-size="10">a module imports only from layers below it; '
        "dashed: the Project's convenience methods that delegate upward;<br/>"
        "arrows into the bottom layer, which every layer uses, are left out</font>>, "
        "labelloc=t, fontsize=16];",
        '  node [shape=box, style="rounded,filled", fontname="DejaVu Sans", fontsize=12, '
        'margin="0.12,0.06", color="#666666"];',
        '  edge [color="#88888899", arrowsize=0.6];',
    ]
    for depth, layer in enumerate(layers):
        fill = FILLS[min(depth, len(FILLS) - 1)]
        lines.append(f"  subgraph layer{depth} {{")
        lines.append("    rank=same;")
        for name in layer:
            present = name in members
            style = "" if present else ', style="rounded,dashed", fillcolor=white'
            lines.append(
                f'    "{name}" [label={label(name, members.get(name, []), present=present)}, '
                f'fillcolor="{fill}"{style}];'
            )
        lines.append("  }")
    # Keep the layers in order even where no import links them.
    for upper, lower in itertools.pairwise(layers):
        lines.append(f'  "{upper[0]}" -> "{lower[0]}" [style=invis, weight=10];')
    for (a, b), n in sorted(counts.items()):
        width = 0.6 + min(n, 20) / 8
        lines.append(f'  "{a}" -> "{b}" [penwidth={width:.2f}, tooltip="{n} imports"];')
    drawn = set()
    for importer, imported, _ in delegations:
        pair = (unit(importer), unit(imported))
        if pair in drawn:
            continue
        drawn.add(pair)
        names = "; ".join(
            c for i, j, c in delegations if (unit(i), unit(j)) == pair and c
        )
        lines.append(
            f'  "{pair[0]}" -> "{pair[1]}" [style=dashed, color="#c0392b", '
            f'constraint=false, arrowsize=0.5, tooltip="{escape(names)}"];'
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the diagram (or print its DOT text with ``--dot``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dot", action="store_true", help="print the DOT text")
    parser.add_argument("--out", type=Path, default=OUT, help="the SVG file to write")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    dot = build_dot()
    if args.dot:
        sys.stdout.write(dot)
        return 0
    svg = subprocess.run(
        ["dot", "-Tsvg"], input=dot.encode(), capture_output=True, check=True
    ).stdout
    args.out.write_bytes(svg)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
