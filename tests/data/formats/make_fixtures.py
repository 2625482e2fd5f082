"""Write the project-file fixture of the current format version.

Each released version of the project file has a fixture here, ``v<N>.gtg.json``,
written by the gtgraph of that version from :func:`complete_project`.  The tests
load every fixture with the current gtgraph (through the migrations), so a file
saved by any earlier release keeps opening.

Run it when the format version changes, to add the new version's fixture:

    python tests/data/formats/make_fixtures.py

It never rewrites an existing fixture (older versions are history); pass
``--check`` to verify that the current version's fixture is what this gtgraph
writes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.append(str(HERE.parents[2]))  # when run as a script

import gtgraph  # noqa: E402 - after the path is set, when run as a script
from gtgraph.readwrite import FORMAT_VERSION, dumps  # noqa: E402 - same


def complete_project() -> gtgraph.Project:
    """A small project with every kind of element and every optional field.

    Fixed times make the file the same on every run.
    """
    p = gtgraph.Project(
        title="Peer support – fixture",
        vocabularies=("atlas", "paradigm", "process"),
        actor="HB",
        clock=lambda: "2024-05-01T09:00:00Z",  # a reproducible file
    )
    p.configure(disabled_checks=["memo-about-nothing"], note={"a": [1, 2.5, None]})
    p.add_relation_type(
        "is a strategy for",
        symbol="*>",
        inverse="is addressed by",
        endpoints=("code", "category"),
        style="strategy",
        description="An action taken to deal with a phenomenon.",
    )
    p.add_participant(
        "P01",
        age_band="35-44",
        years_in_service=7,
        weight=0.5,
        peer_worker=True,
        site=None,
        interviewed=dt.date(2016, 3, 1),
    )
    p.add_participant("P02", age_band="25-34")
    s1 = p.add_source(
        "Interview 1",
        text="I felt heard. She had been there too.\nIt was like being on the same planet. 信頼 😀",
        participant="P01",
        kind="interview",
        attributes={"language": "en", "minutes": 52},
        path="transcripts/interview-1.txt",
    )
    s2 = p.add_source(
        "Field notes week 2",
        text=None,
        participant="P02",
        kind="field notes",
        order=5,
    )
    s3 = p.add_source(
        "Focus group", text="We talked. Nobody judged.", kind="focus group"
    )
    heard = p.code(s1, 0, 12, codes=["feeling heard"], created="2024-05-01T09:01:00Z")
    there = p.code(
        s1,
        quote="She had been there too",
        codes=["shared experience", "disclosure"],
        coder="RK",
    )
    p.code(s1, 0, 12, codes=["being listened to"], coder="RK")  # a second coder
    planet = p.code(
        s1, quote="being on the same planet", codes=["being on the same planet"]
    )
    notes = p.code(s2, quote="sat apart at first", codes=["distance"], coder=None)
    judged = p.code(s3, 11, 25, codes=["not judged"])
    p.code(s3, 0, 0, codes=["distance"])  # an empty segment
    p.update("being on the same planet", in_vivo=True, stage="focused")
    p.update("feeling heard", definition="Being listened to, and knowing it.")
    p.update("disclosure", colour="#a3c")
    p.add_code("hope", stage="theoretical", colour="#12ABef")
    p.categorize("feeling heard", "Feeling understood")
    p.categorize("being listened to", "Feeling understood")
    p.categorize("shared experience", "Shared identity")
    p.categorize("being on the same planet", "Shared identity")
    p.categorize("Feeling understood", "Shared identity")
    p.categorize("not judged", "Feeling understood")
    p.categorize("not judged", "Safety")  # two parents
    p.update("Shared identity", core=True, colour="#336699")
    p.add_category("The process of disclosure", theme=True, definition="A theme.")
    p.add_property(
        "Shared identity",
        "depth",
        dimensions=[("depth", "superficial", "intimate")],
        definition="How deep the sense of sameness goes.",
        evidence=[planet, there],
    )
    p.add_property("Safety", "source of safety")
    p.relate(
        "The process of disclosure",
        "leads to",
        "Shared identity",
        evidence=[there],
        counter_evidence=[notes],
        memo="Disclosure comes first in every account but one.",
    )
    p.relate("disclosure", "is a strategy for", "distance", evidence=[judged])
    p.relate("Feeling understood", "is associated with", "Safety")
    p.relate("feeling heard", "precedes", "being on the same planet")
    p.memo(
        ["Shared identity", "The process of disclosure"],
        "Identity seems to follow disclosure.\nCheck with P02.",
        title="Identity and disclosure",
        author="HB",
        created="2024-05-01T10:00:00Z",
    )
    p.memo(None, "Free memo, about nothing yet.")
    p.merge_codes(["being listened to"], "feeling heard")
    p.rename("hope", "hopefulness")
    p.code(s1, heard.start, heard.end, codes=["hopefulness"])
    p.remove("hopefulness")
    p.categorize("distance", "Safety")
    p.uncategorize("distance", "Safety")
    # Two coders on one segment, as the exchange-format readers record it.
    codes = [c.id for c in p.codes_of(there)]
    p._set_codes(there.id, codes, {p.get("disclosure").id: "HB"})
    return p


def fixture_path(version: int = FORMAT_VERSION) -> Path:
    """The fixture of one format version."""
    return HERE / f"v{version}.gtg.json"


def main() -> int:
    """Write the current version's fixture if it is missing; or check it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="only check the current fixture"
    )
    args = parser.parse_args()
    path = fixture_path()
    text = dumps(complete_project())
    if args.check or path.exists():
        same = path.exists() and path.read_text(encoding="utf-8") == text
        print(f"{path.name}: {'up to date' if same else 'DIFFERS from this gtgraph'}")  # noqa: T201 - a script
        return 0 if same else 1
    path.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {path}")  # noqa: T201 - a script
    return 0


if __name__ == "__main__":
    sys.exit(main())
