"""The HTML report in a real browser: Chromium from the system, driven by Playwright.

Chromium opens the report from a ``file://`` URL with every request routed
through the test, so that a request for anything but the file itself is
seen (and refused).  The tests skip where Chromium or Playwright is absent.
Set ``GTGRAPH_UPDATE_SCREENSHOTS=1`` to copy the screenshot into
``docs/images/report.png``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, chromium
from hostile_study import HOSTILE, hostile_project

from gtgraph.demo import build_project
from gtgraph.readwrite import codebook
from gtgraph.report import write_html

pytestmark = [pytest.mark.needs_browser, pytest.mark.needs_dot]

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium(), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def demo():
    return build_project()


@pytest.fixture(scope="module")
def demo_report(demo, tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "report.html"
    write_html(demo, path, saturation={"seed": 1}, date="2026-12-04")
    return path


class Visit:
    """One page opened in a fresh context, recording console messages, requests and dialogs."""

    def __init__(self, browser, path: Path, fragment: str = "", **context) -> None:
        self.context = browser.new_context(**context)
        self.requests: list[str] = []
        self.console: list[tuple[str, str]] = []
        self.dialogs: list[str] = []
        self.url = path.resolve().as_uri()
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.console.append(("pageerror", str(e))))
        self.page.on("dialog", self._dialog)
        self.page.goto(self.url + fragment)
        self.page.wait_for_load_state("load")

    def _route(self, route):
        self.requests.append(route.request.url)
        if route.request.url.split("#")[0] == self.url:
            route.continue_()
        else:
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def errors(self):
        return [m for m in self.console if m[0] in {"error", "pageerror"}]

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser):
    opened: list[Visit] = []

    def open_page(path, fragment="", **context):
        opened.append(Visit(browser, path, fragment, **context))
        return opened[-1]

    yield open_page
    for v in opened:
        v.close()


def panel_text(page) -> str:
    return page.locator("#panel").inner_text()


def test_demo_report_opens_offline_without_errors(demo_report, visit):
    """The demo's report opens with no console error and requests nothing but itself."""
    v = visit(demo_report)
    assert v.errors() == []
    assert [r.split("#")[0] for r in v.requests] == [v.url]
    assert v.page.locator("h1").inner_text().startswith("Peer support relationships")


def test_demo_report_size(demo_report):
    """The demo's report is one file of at most 2 MB."""
    assert demo_report.stat().st_size <= 2_000_000


def test_clicking_shared_identity_shows_codes_and_quotes(demo, demo_report, visit):
    """Clicking 'Shared identity' opens its codes and a quote with who said it."""
    v = visit(demo_report)
    node = v.page.locator("#diagram-categories .gt-concept").filter(
        has_text="Shared identity"
    )
    node.first.click()
    panel = v.page.locator("#panel")
    assert panel.is_visible()
    assert v.page.locator("#panel-title").inner_text() == "Shared identity"
    codes = [d.name for d in demo.descendants("Shared identity") if d.KIND == "code"]
    text = panel_text(v.page)
    assert codes and all(code in text for code in codes)
    first = panel.locator(".quote-item").first
    quote = first.locator("blockquote").inner_text()
    speaker = first.locator(".participant").inner_text()
    # The quote is one of the category's segments, and the speaker its participant.
    segments = demo.segments_of("Shared identity")
    speakers = {s.quote: demo.participant_of(s).name for s in segments}
    assert speakers[quote] == speaker
    assert v.page.url.endswith("#concept=" + demo.categories["Shared identity"].id)
    assert v.errors() == []


def test_enter_on_a_focused_node_opens_its_panel(demo, demo_report, visit):
    """A diagram node is reachable with the keyboard and opens with Enter; Escape closes."""
    v = visit(demo_report)
    node = v.page.locator("#diagram-categories .gt-concept").filter(
        has_text="Hope and recovery"
    )
    assert node.first.get_attribute("role") == "button"
    assert node.first.get_attribute("tabindex") == "0"
    node.first.focus()
    v.page.keyboard.press("Enter")
    assert v.page.locator("#panel-title").inner_text() == "Hope and recovery"
    v.page.keyboard.press("Escape")
    assert not v.page.locator("#panel").is_visible()


def test_show_more_loads_further_quotes(demo, demo_report, visit):
    """A panel shows its first quotes and loads the rest on demand."""
    v = visit(demo_report)
    theme = demo.categories["A different kind of professional relationship"]
    total = demo.grounding(theme).segments
    assert total > 20
    v.page.locator("#diagram-categories .gt-concept").filter(
        has_text="A different kind"
    ).first.click()
    assert v.page.locator("#panel .quotes").first.locator(".quote-item").count() == 20
    v.page.locator("#panel button.more").first.click()
    assert v.page.locator("#panel .quotes").first.locator(".quote-item").count() == min(
        total, 40
    )


def test_filter_narrows_the_codebook(demo, demo_report, visit):
    """Typing in the filter box leaves the codes whose name, categories or quote match."""
    v = visit(demo_report)
    rows = v.page.locator("table.codebook tbody tr")
    assert rows.count() == len(demo.codes)
    word = "lithium"
    expected = [
        r.code
        for r in codebook(demo, quotes=True)
        if word in " ".join([r.code, r.definition, *r.categories, r.example]).casefold()
    ]
    assert 0 < len(expected) < len(demo.codes)
    v.page.fill("#codebook-filter", word)
    visible = [
        rows.nth(i).locator("th").inner_text().removesuffix(" in vivo").strip()
        for i in range(rows.count())
        if rows.nth(i).is_visible()
    ]
    assert visible == expected
    assert v.page.locator("#codebook-count").inner_text() == (
        f"{len(expected)} of {len(demo.codes)} codes match"
    )


def test_fragment_opens_the_right_panel(demo, demo_report, visit):
    """A link to #concept=<id> opens that concept's panel."""
    code = demo.codes["she'd been there too"]
    v = visit(demo_report, fragment=f"#concept={code.id}")
    assert v.page.locator("#panel").is_visible()
    assert v.page.locator("#panel-title").inner_text() == code.name


def test_level_switch(demo_report, visit):
    """The switch shows the theme and code diagrams in place of the categories."""
    v = visit(demo_report)
    assert v.page.locator("#diagram-codes").is_hidden()
    v.page.get_by_label("Codes", exact=True).check()
    assert v.page.locator("#diagram-codes").is_visible()
    assert v.page.locator("#diagram-categories").is_hidden()
    assert v.page.locator("#diagram-codes .gt-concept").count() > 30


def test_hostile_project_is_shown_as_text(tmp_path, visit):
    """Markup, quotes, RTL text and emoji in names, quotes and memos show as text; no dialog."""
    path = tmp_path / "hostile.html"
    project = hostile_project()
    write_html(project, path, saturation={"seed": 1, "permutations": 20})
    v = visit(path)
    assert v.page.locator("h1").inner_text() == f"Study {HOSTILE}"
    v.page.locator(".gt-concept").filter(has_text="Category").first.click()
    text = panel_text(v.page)
    for expected in (
        f"Category {HOSTILE}",
        f"Defined as {HOSTILE}",
        HOSTILE,
        f"Memo text {HOSTILE}",
    ):
        assert expected in text
    v.page.locator("#panel .concept-link").first.hover()
    assert v.page.locator("#panel .participant").first.inner_text() == f"P {HOSTILE}"
    assert v.dialogs == []
    assert v.errors() == []
    assert v.page.locator("script").count() == 2


def test_screenshot_and_print(demo, demo_report, visit, tmp_path):
    """The report's screenshot (for the docs) and its printed form look as meant."""
    v = visit(demo_report, viewport={"width": 1400, "height": 1000})
    v.page.locator("#diagram-categories .gt-concept").filter(
        has_text="Shared identity"
    ).first.click()
    v.page.evaluate("window.scrollTo(0, 0)")
    shot = tmp_path / "report.png"
    v.page.screenshot(path=str(shot))
    assert shot.read_bytes().startswith(b"\x89PNG")
    if os.environ.get("GTGRAPH_UPDATE_SCREENSHOTS"):
        shutil.copyfile(shot, ROOT / "docs" / "images" / "report.png")
    v.page.emulate_media(media="print")
    assert v.page.locator("#panel").is_hidden()
    assert v.page.locator("#digest").is_visible()
    digest = v.page.locator("#digest").inner_text()
    assert all(c.name in digest for c in demo.categories)
    # each category's digest shows its first quotes in the sources' order
    order = {s.id: i for i, s in enumerate(demo.sources)}
    first = sorted(
        demo.segments_of("Shared identity"), key=lambda s: (order[s.source], s.start)
    )[:3]
    item = v.page.locator("#digest .digest-item").filter(
        has_text="Shared identity (core"
    )
    assert item.locator("blockquote").all_inner_texts() == [s.quote for s in first]
    assert v.page.locator("#diagram-themes").is_visible()
    pdf = v.page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
