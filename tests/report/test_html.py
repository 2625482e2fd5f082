"""The HTML report as text: its data, its escaping, its policy and its options."""

from __future__ import annotations

import html
import html.parser
import json
import re

import pytest
from hostile_study import HOSTILE, hostile_project
from hypothesis import given
from hypothesis import strategies as st
from study import build_study, seg

import gtgraph
from gtgraph.report import to_html, write_html
from gtgraph.report._data import growth, panel_data
from gtgraph.report._html import csp_hash, json_for_script


class Page(html.parser.HTMLParser):
    """Collects the scripts, the external references and the text of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.references: list[str] = []
        self.handlers: list[str] = []
        self.csp: str | None = None
        self._in_script: dict[str, str | None] | None = None
        self._script_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            self._in_script = attributes
            self._script_text = []
        if tag == "meta" and attributes.get("http-equiv") == "Content-Security-Policy":
            self.csp = attributes["content"]
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"{tag} {name}")
            if name in {"src", "href", "xlink:href", "action"} and value:
                self.references.append(value)

    def handle_endtag(self, tag):
        if tag == "script" and self._in_script is not None:
            self.scripts.append((self._in_script, "".join(self._script_text)))
            self._in_script = None

    def handle_data(self, data):
        if self._in_script is not None:
            self._script_text.append(data)


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    return parser


def embedded(page: str) -> dict:
    (data,) = [text for a, text in parse(page).scripts if a.get("id") == "gt-data"]
    return json.loads(data)


class TestPanelData:
    def test_category_lists_its_codes_and_their_segments(self):
        """A category's panel lists every code below it and those codes' segments."""
        p = build_study()
        data = panel_data(p)
        identity = data.concepts[p.categories["Shared identity"].id]
        assert {data.concepts[c]["name"] for c in identity["codes"]} == {
            "shared experience",
            "trust",
        }
        quotes = sorted(
            data.segments[n][1]
            for c in identity["codes"]
            for n in data.code_segments[c]
        )
        assert quotes == [
            "After that I trusted her",
            "He had been there too",
            "she had been there too",
        ]
        # two participants (P01, P02), two sources: worked out from the study's table
        assert identity["grounding"] == [3, 2, 2]
        assert identity["kind"] == "core"

    def test_theme_reaches_codes_at_any_depth(self):
        """A theme's codes are those of its subcategories too."""
        p = build_study()
        data = panel_data(p)
        theme = data.concepts[p.categories["The process of disclosure"].id]
        assert theme["kind"] == "theme"
        assert [data.concepts[c]["name"] for c in theme["codes"]] == [
            "disclosing diagnosis"
        ]

    def test_segment_names_source_and_participant(self):
        """Each segment points at its source, whose participant is named."""
        p = build_study()
        data = panel_data(p)
        for segment in p.segments:
            number = next(i for i, s in enumerate(p.segments) if s.id == segment.id)
            source_name, participant = data.sources[data.segments[number][0]]
            assert source_name == p.sources[segment.source].name
            assert participant == p.participant_of(segment).name

    def test_agrees_with_the_project_on_the_demo(self):
        """Every count equals Project.grounding and every quote Segment.quote."""
        from gtgraph.demo import build_project

        p = build_project()
        data = panel_data(p)
        for record in [*p.codes, *p.categories]:
            g = p.grounding(record)
            assert data.concepts[record.id]["grounding"] == [
                g.segments,
                g.participants,
                g.sources,
            ], record.name
            expected = sorted(s.quote for s in p.segments_of(record))
            numbers = {
                n
                for c in data.concepts[record.id]["codes"]
                for n in data.code_segments.get(c, [])
            }
            assert sorted(data.segments[n][1] for n in numbers) == expected
        assert sorted(s[1] for s in data.segments) == sorted(
            s.quote for s in p.segments
        )

    def test_relationship_evidence_is_the_segment(self):
        """A relationship's evidence points at its quote."""
        p = build_study()
        data = panel_data(p)
        (rel,) = data.relationships.values()
        (n,) = rel["evidence"]
        assert data.segments[n][1] == "I told him about my diagnosis"
        assert rel["type"] == "leads to"
        disclosure = data.concepts[p.categories["Disclosure"].id]
        assert disclosure["relationships"] == list(data.relationships)

    def test_no_quotes_keeps_counts(self):
        """Without quotes, no quote is kept but the counts are."""
        p = build_study()
        data = panel_data(p, quotes=False)
        assert all(s[1] == "" for s in data.segments)
        assert data.concepts[p.categories["Shared identity"].id]["grounding"] == [
            3,
            2,
            2,
        ]

    def test_memos_left_out(self):
        """Without memos, no memo text is kept."""
        p = build_study()
        p.memo("Shared identity", "private thought", title="Mine")
        assert panel_data(p, memos=False).memos == {}
        (memo,) = panel_data(p).memos.values()
        assert memo["text"] == "private thought"


class TestGrowth:
    def test_study(self):
        """What each interview of the study added, read off its coding table."""
        rows = growth(build_study())
        assert [(r.source, r.new_codes, r.codes_so_far) for r in rows] == [
            ("Interview 1", ("feeling nervous", "shared experience", "trust"), 3),
            ("Interview 2", ("disclosing diagnosis",), 4),
            ("Interview 3", ("no shared experience",), 5),
        ]
        assert rows[0].new_categories == ("Shared identity", "Anxiety")
        assert set(rows[1].new_categories) == {
            "Disclosure",
            "The process of disclosure",
        }

    def test_agrees_with_as_of(self):
        """Each row is what as_of(k) grounds beyond as_of(k - 1)."""
        from gtgraph.demo import build_project

        p = build_project()
        rows = growth(p)

        def grounded(project):
            return {c.name for c in project.codes if project.grounding(c).segments}

        before: set[str] = set()
        for k, row in enumerate(rows, start=1):
            now = grounded(gtgraph.as_of(p, k))
            assert set(row.new_codes) == now - before
            assert row.codes_so_far == len(now)
            before = now


class TestEscaping:
    def test_json_cannot_close_the_script(self):
        """The embedded JSON has no '<', so '</script>' in a quote cannot end the element."""
        text = json_for_script({"q": "</script><!-- & \u2028"})
        assert "<" not in text and ">" not in text and "&" not in text
        assert json.loads(text) == {"q": "</script><!-- & \u2028"}

    def test_hostile_project(self):
        """Markup in names, quotes and memos stays text: no element, no handler appears."""
        page = to_html(
            hostile_project(), saturation=False, levels=[], date="2026-01-01"
        )
        parsed = parse(page)
        assert [a.get("type") for a, _ in parsed.scripts] == ["application/json", None]
        assert parsed.handlers == []
        assert "<script>alert(1)" not in page
        assert "</style> שלום" not in page
        data = embedded(page)
        assert HOSTILE in [s[1] for s in data["segments"]]
        memo = next(iter(data["memos"].values()))
        assert memo["text"] == f"Memo text {HOSTILE}"

    @given(
        st.text(min_size=1, max_size=30).filter(lambda t: t.strip() == t and t.strip())
    )
    def test_any_name_round_trips_through_the_page(self, name):
        """Any code name comes back unchanged from the page's data and adds no markup."""
        p = gtgraph.Project(title="t")
        try:
            p.add_code(name)
        except gtgraph.ValidationError:
            return
        page = to_html(p, saturation=False, levels=[], date="2026-01-01")
        parsed = parse(page)
        assert len(parsed.scripts) == 2 and parsed.handlers == []
        names = [c["name"] for c in embedded(page)["concepts"].values()]
        assert names == [p.codes.names()[0]]


class TestPolicy:
    def test_script_hash_matches(self):
        """The policy allows exactly the inline script the page carries, and nothing is fetched."""
        page = to_html(build_study(), saturation=False, levels=[], date="2026-01-01")
        parsed = parse(page)
        script = parsed.scripts[-1][1]
        directives = {
            part.split()[0]: part.split()[1:]
            for part in parsed.csp.split(";")
            if part.strip()
        }
        assert directives["default-src"] == ["'none'"]
        assert directives["script-src"] == [csp_hash(script)]
        assert directives["img-src"] == ["data:"]

    def test_csp_hash_is_sha256_of_the_text(self):
        """The hash is the base64 SHA-256 that browsers compute (RFC 6234 test vector 'abc')."""
        assert (
            csp_hash("abc") == "'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='"
        )

    @pytest.mark.needs_dot
    def test_nothing_external(self):
        """Every reference in the page points inside it."""
        page = to_html(
            build_study(), saturation={"seed": 1, "permutations": 20}, date="2026-01-01"
        )
        refs = parse(page).references
        assert all(r.startswith("#") for r in refs), refs
        assert not re.search(r"url\((?!#)", page)


@pytest.mark.needs_dot
def test_estimates_agree_with_the_text_report():
    """The page's table of estimates says what the saturation report's text says."""
    from gtgraph.demo import build_project

    p = build_project()
    report = p.saturation(seed=1, permutations=50)
    page = to_html(p, saturation=report, levels=[], plot=False)
    in_text = re.findall(
        r"^  (Chao2-bc|Chao2|Jackknife 1|Jackknife 2|ICE)(?: \(k=\d+\))? +([\d.]+)"
        r"  \(s\.e\. ([\d.]+); ([\d.]+) to ([\d.]+)\)",
        str(report),
        re.MULTILINE,
    )
    in_page = re.findall(
        r'<tr><th scope="row">([^<]+)</th><td class="num">([\d.]+)</td>'
        r'<td class="num">([\d.]+)</td><td class="num">([\d.]+) \N{EN DASH} ([\d.]+)</td>',
        page,
    )
    assert len(in_text) == 5
    assert in_page == in_text


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    )
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted([relative_luminance(a), relative_luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_meets_wcag_aa():
    """Text colours of the stylesheet reach WCAG AA (4.5:1) on their backgrounds."""
    from importlib import resources

    css = (resources.files("gtgraph.report") / "assets" / "report.css").read_text()
    colours = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6});", css))
    text_on = [
        ("ink", "paper"),
        ("ink", "wash"),
        ("muted", "paper"),
        ("muted", "wash"),
        ("accent", "paper"),
        ("accent", "wash"),
        ("ok", "paper"),
        ("error", "paper"),
    ]
    for fg, bg in text_on:
        assert contrast(colours[fg], colours[bg]) >= 4.5, (fg, bg)
    for badge in ("warn", "error", "accent", "muted"):  # white text on badges
        assert contrast("#ffffff", colours[badge]) >= 4.5, badge
    assert contrast(colours["focus"], colours["paper"]) >= 3  # focus ring (non-text)
    # the WCAG definition's own reference points
    assert contrast("#000000", "#ffffff") == pytest.approx(21)


class TestOptions:
    def test_pseudonymized(self):
        """With pseudonymize, no participant's name is left in the page."""
        p = gtgraph.Project(title="t")
        s = p.add_source(
            "Talk with Maria", text="Maria said she was fine.", participant="Maria"
        )
        p.code(s, quote="she was fine", codes="being fine")
        page = to_html(p, pseudonymize={"Maria": "P07"}, saturation=False, levels=[])
        assert "Maria" not in page
        assert ["Talk with P07", "P07"] in embedded(page)["sources"]
        assert "Maria" in p.participants.names()

    def test_no_quotes_anywhere(self):
        """Without quotes, neither the panels nor the codebook carry participants' words."""
        page = to_html(build_study(), quotes=False, saturation=False, levels=[])
        for quote in ("After that I trusted her", "I told him about my diagnosis"):
            assert quote not in page

    @pytest.mark.parametrize(
        ("options", "match"),
        [
            ({"levels": ["maps"]}, "not a diagram level"),
            ({"levels": ["codes", "codes"]}, "twice"),
            ({"quotes_per_panel": 0}, "at least 1"),
            ({"quotes_per_panel": True}, "whole number"),
            ({"saturation": "yes"}, "SaturationReport"),
            ({"saturation": {"seeds": 1}}, "saturation has no option 'seeds'"),
            ({"diagram": {"level": "codes"}}, "diagram has no option 'level'"),
            ({"diagram": {"colour": "red"}}, "diagram has no option 'colour'"),
        ],
    )
    def test_bad_option(self, options, match, tmp_path):
        """A wrong option is refused by name and nothing is written."""
        target = tmp_path / "report.html"
        with pytest.raises(gtgraph.ValidationError, match=match):
            write_html(build_study(), target, **options)
        assert not target.exists()

    def test_ready_report_refused_with_pseudonymize(self):
        """A report computed before pseudonymising would name the sources; it is refused."""
        p = build_study()
        with pytest.raises(gtgraph.ValidationError, match="pseudonymising"):
            to_html(
                p, pseudonymize=True, saturation=p.saturation(permutations=5, seed=1)
            )

    def test_write_html_is_exported(self, tmp_path):
        """gtgraph.write_html writes the page and returns its path."""
        target = gtgraph.write_html(
            build_study(), tmp_path / "r.html", saturation=False, levels=[]
        )
        assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")

    def test_relationship_evidence_segment(self):
        """The study's relationship carries its one evidence segment into the page."""
        p = build_study()
        data = embedded(to_html(p, saturation=False, levels=[]))
        evidence = seg(p, "Interview 2", "I told him about my diagnosis")
        (rel,) = data["relationships"].values()
        assert data["segments"][rel["evidence"][0]][1] == evidence.quote


@pytest.mark.needs_dot
@pytest.mark.parametrize("level", ["categories", "themes", "codes"])
def test_every_drawn_concept_is_tagged_with_its_own_id(level):
    """Each node or box of the diagram names the concept whose name it shows."""
    from gtgraph.demo import build_project
    from gtgraph.report._svg import diagram_svg

    p = build_project()
    figure = diagram_svg(p, level=level, prefix="d")
    groups = re.findall(
        r'<g id="d-[^"]+" class="(?:node|cluster) gt-concept" data-concept="([^"]+)">'
        r"(.*?)</g>",
        figure.svg,
        re.DOTALL,
    )
    assert groups and len(groups) == len(figure.concepts)
    for cid, body in groups:
        text = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", body))
        first_word = p.get(cid).name.split()[0]
        assert html.unescape(first_word) in html.unescape(text), (cid, text)
    drawn = {cid for cid, _ in groups}
    if level == "categories":
        assert drawn == {c.id for c in p.categories}
    if level == "codes":
        assert {c.id for c in p.codes} <= drawn
