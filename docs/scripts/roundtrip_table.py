"""Write the table of what survives a trip through gtgraph, from the real REFI-QDA samples.

Each sample in ``../shared/data/refi/samples`` is read with
:func:`gtgraph.read_qdpx`, written back with :func:`gtgraph.write_qdpx` (the
default target: the program it came from) and compared with the original,
element by element, with the standard library's parser (through defusedxml).
Quotes are compared by decoding each text selection's positions in the
producer's unit (UTF-16 code units for NVivo, code points for the others).

Run from the checkout to print the table, or with ``--update`` to replace it
in the how-to page (between its ``table:start`` and ``table:end`` comments)::

    python docs/scripts/roundtrip_table.py --update
"""

from __future__ import annotations

import collections
import sys
import tempfile
import warnings
import zipfile
from pathlib import Path

from defusedxml import ElementTree

import gtgraph

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT.parent / "shared" / "data" / "refi" / "samples"

_SOURCES = {
    "TextSource": "text",
    "PDFSource": "PDF",
    "PictureSource": "picture",
    "AudioSource": "audio",
    "VideoSource": "video",
}
_SELECTIONS = (
    "PlainTextSelection",
    "PDFSelection",
    "PictureSelection",
    "AudioSelection",
    "VideoSelection",
)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _archive(path: Path) -> tuple[object, dict[str, bytes]]:
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = {n: archive.read(n) for n in archive.namelist()}
        name = next(n for n in members if n.lower().endswith(".qde"))
        return ElementTree.fromstring(members[name]), members
    return ElementTree.fromstring(path.read_bytes()), {}


def _guids(root: object, tags: set[str]) -> set[str]:
    return {
        e.attrib["guid"].strip("{}").lower()
        for e in root.iter()  # type: ignore[attr-defined]
        if _local(e.tag) in tags
    }


def _quotes(root: object, members: dict[str, bytes], utf16: bool) -> dict[str, str]:
    """Each text selection's text, decoded in the producer's unit."""
    quotes = {}
    for source in root.iter():  # type: ignore[attr-defined]
        if _local(source.tag) != "TextSource":
            continue
        path = source.attrib.get("plainTextPath", "").replace("internal://", "")
        found = [n for n in members if n.lower().endswith("/" + path.lower())]
        if not path or not found:
            continue
        text = members[found[0]].decode("utf-8-sig")
        units = text.encode("utf-16-le") if utf16 else None
        for selection in source:
            if _local(selection.tag) != "PlainTextSelection":
                continue
            start = int(selection.attrib["startPosition"])
            end = int(selection.attrib["endPosition"])
            quote = (
                units[2 * start : 2 * end].decode("utf-16-le", "replace")
                if units is not None
                else text[start:end]
            )
            quotes[selection.attrib["guid"].lower()] = quote.replace("\r\n", "\n")
    return quotes


def _kept(before: set[str], after: set[str]) -> str:
    if not before:
        return "–"
    return f"{len(before & after)}/{len(before)}"


def row(sample: Path) -> list[str]:
    """One line of the table for *sample*."""
    report: list[gtgraph.FormatWarning] = []
    project = gtgraph.read_qdpx(sample, errors="ignore", report=report)
    with tempfile.TemporaryDirectory() as folder, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = gtgraph.write_qdpx(project, Path(folder) / "back.qdpx")
        before, members = _archive(sample)
        after, written = _archive(out)
    producer = before.attrib.get("origin") or "(not named)"  # type: ignore[attr-defined]
    kinds = collections.Counter(
        _SOURCES[_local(e.tag)]
        for e in before.iter()  # type: ignore[attr-defined]
        if _local(e.tag) in _SOURCES
    )
    utf16 = "nvivo" in producer.casefold()
    quotes_before = _quotes(before, members, utf16)
    quotes_after = _quotes(after, written, utf16)
    same = sum(1 for g, q in quotes_before.items() if quotes_after.get(g) == q)

    def count(root: object, tag: str) -> int:
        return sum(1 for e in root.iter() if _local(e.tag) == tag)  # type: ignore[attr-defined]

    codings = f"{count(after, 'Coding')}/{count(before, 'Coding')}"
    return [
        f"`{sample.parent.name}/{sample.name}`",
        producer,
        ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) or "–",
        _kept(_guids(before, {"Code"}), _guids(after, {"Code"})),
        _kept(_guids(before, set(_SELECTIONS)), _guids(after, set(_SELECTIONS))),
        codings if count(before, "Coding") else "–",
        f"{same}/{len(quotes_before)}" if quotes_before else "–",
        _kept(_guids(before, {"Set"}), _guids(after, {"Set"})),
        _kept(_guids(before, {"Graph"}), _guids(after, {"Graph"})),
        _kept(_guids(before, {"User"}), _guids(after, {"User"})),
        ", ".join(sorted({w.what for w in report})) or "–",
    ]


HEADER = [
    "sample",
    "made by",
    "sources",
    "code GUIDs",
    "selection GUIDs",
    "codings",
    "same quotes",
    "sets",
    "graphs",
    "users",
    "reported on import",
]


def table(samples: Path = SAMPLES) -> str:
    """Return the Markdown table for every project sample in *samples*."""
    files = sorted(
        p for p in samples.glob("*/*") if p.suffix.lower() in (".qdpx", ".qde")
    )
    lines = [
        "| " + " | ".join(HEADER) + " |",
        "|" + "---|" * len(HEADER),
    ]
    lines += ["| " + " | ".join(row(p)) + " |" for p in files]
    return "\n".join(lines) + "\n"


PAGE = ROOT / "docs" / "howto" / "roundtrip.md"
START = "<!-- table:start (written by docs/scripts/roundtrip_table.py) -->\n"
END = "<!-- table:end -->\n"


def page_table(page: Path = PAGE) -> str:
    """Return the table as the how-to page holds it now."""
    text = page.read_text(encoding="utf-8")
    return text.split(START, 1)[1].split(END, 1)[0]


def update(page: Path = PAGE) -> None:
    """Replace the table in the how-to page by a freshly measured one."""
    text = page.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    tail = rest.split(END, 1)[1]
    page.write_text(head + START + table() + END + tail, encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        update()
    else:
        sys.stdout.write(table())
