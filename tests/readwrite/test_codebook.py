"""Tests for the codebook: example quotes by default, categories and themes with properties."""

from __future__ import annotations

import csv
import io

import gtgraph
from gtgraph.readwrite import (
    codebook,
    codebook_categories,
    codebook_csv,
    codebook_markdown,
)


def study():
    p = gtgraph.Project()
    s = p.add_source(
        "P01", text="She had been there too. I felt heard.", participant="P01"
    )
    p.code(s, quote="been there too", codes="shared experience")
    p.code(s, quote="I felt heard", codes="feeling heard")
    p.add_category("Shared identity", definition="Seeing oneself in the other.")
    p.add_property(
        "Shared identity",
        "closeness",
        definition="how alike",
        dimensions=[("distant", "close")],
    )
    p.add_category("Becoming a peer", theme=True, definition="The whole process.")
    p.categorize("shared experience", "Shared identity")
    p.categorize("Shared identity", "Becoming a peer")
    return p


def test_quotes_by_default():
    """Every coded code gets its first quote unless quotes=False."""
    p = study()
    assert [r.example for r in codebook(p)] == ["been there too", "I felt heard"]
    assert [r.example for r in codebook(p, quotes=False)] == ["", ""]


def test_categories_and_themes_rows():
    """Categories and themes come with kind, definition, parents and properties."""
    rows = {r.name: r for r in codebook_categories(study())}
    identity = rows["Shared identity"]
    assert identity.kind == "category"
    assert identity.definition == "Seeing oneself in the other."
    assert identity.parents == ("Becoming a peer",)
    assert identity.properties == ("closeness (how alike): distant to close",)
    assert (identity.segments, identity.participants) == (1, 1)
    assert rows["Becoming a peer"].kind == "theme"


def test_markdown_has_both_tables():
    """The Markdown codebook has the codes' table, then the categories' table."""
    text = codebook_markdown(study())
    codes, categories = text.split("\n\n## Categories and themes\n\n")
    assert codes.splitlines()[2].startswith("| shared experience |")
    assert codes.splitlines()[2].endswith("| been there too |")
    assert categories.splitlines()[0].startswith("| category | kind | definition |")
    assert "| Becoming a peer | theme | The whole process. |" in categories


def test_csv_has_both_tables():
    """The CSV codebook's category table follows an empty row, with its own header."""
    rows = list(csv.reader(io.StringIO(codebook_csv(study()))))
    blank = rows.index([])
    assert rows[0][0] == "code"
    assert rows[1][-1] == "been there too"
    assert rows[blank + 1][:3] == ["category", "kind", "definition"]
    assert rows[blank + 2][:5] == [
        "Shared identity",
        "category",
        "Seeing oneself in the other.",
        "Becoming a peer",
        "closeness (how alike): distant to close",
    ]
