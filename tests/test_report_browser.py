"""The HTML report in a real browser: a reader can follow a paragraph from the Korean report to the
published English, the layout holds on a desk and on a phone, nothing is fetched, nothing runs."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from provenance.cli import cli
from provenance.demo import build_demo

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("needs Debian's chromium at /usr/bin/chromium (apt-get install chromium; .ci/run "
                "installs it)", allow_module_level=True)

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

SLUG = "illustrative-night-library"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
DESK, PHONE = {"width": 1280, "height": 900}, {"width": 390, "height": 844}
HOSTILE = "He typed <script>alert(1)</script> into the form & left."


def _cli(url: str, *args: str) -> None:
    result = CliRunner().invoke(cli, ["--db", url, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo story's report and a hostile story's, written by the command a user runs."""
    folder = tmp_path_factory.mktemp("reports")
    demo = build_demo(folder / "demo")
    hostile = folder / "hostile.txt"
    hostile.write_text(f"A first paragraph.\n\n{HOSTILE}\n", encoding="utf-8")
    _cli(demo.url, "import", str(hostile), "--format", "plain", "--story", "hostile")
    paths = {}
    for slug in (SLUG, "hostile"):
        paths[slug] = folder / f"{slug}.html"
        _cli(demo.url, "report", slug, "-o", str(paths[slug]))
    return paths


@pytest.fixture(scope="module")
def browser() -> Browser:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser: Browser):
    """Open a file with every request outside it recorded and refused, and every dialog recorded."""
    pages = []

    def opener(path: Path, viewport: dict[str, int]) -> tuple[Page, list[str], list[str]]:
        page = browser.new_page(viewport=viewport)
        pages.append(page)
        requests: list[str] = []
        dialogs: list[str] = []

        def route(r):
            if r.request.url.startswith("file://"):
                r.continue_()
            else:
                requests.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        return page, requests, dialogs

    yield opener
    for page in pages:
        page.close()


def _boxes(page: Page, position: int) -> list[dict[str, float]]:
    columns = page.locator(f"#p{position} .column")
    assert columns.count() == 3
    return [columns.nth(i).bounding_box() for i in range(3)]


def test_a_reader_follows_a_paragraph_from_korean_to_the_final_english(reports, open_page):
    page, requests, dialogs = open_page(reports[SLUG], DESK)
    first = page.locator("#p1")
    source = first.locator(".column.source .text")
    translation = first.locator(".column.translation .text")
    final = first.locator(".column.final .text")
    for part in (source, translation, final):
        assert part.is_visible()
    assert source.inner_text() == ("새빛시 시립도서관이 다음 달 1일부터 밤 11시까지 문을 연다고 "
                                   "시 관계자가 12일 밝혔다.")
    assert translation.inner_text().startswith("Saebit City's municipal library will stay open")
    # The final text reads as published once the struck-through words are skipped.
    kept = final.evaluate("e => { const c = e.cloneNode(true);"
                          " c.querySelectorAll('del').forEach(d => d.remove()); return c.textContent; }")
    assert " ".join(kept.split()) == ("Saebit City's municipal library will open until 11 p.m. from "
                                      "next month, a city official said on Monday.")
    assert final.locator("del").first.evaluate("e => getComputedStyle(e).textDecorationLine") \
        == "line-through"
    # One row: the three texts sit side by side, in reading order, at the same height.
    boxes = _boxes(page, 1)
    assert boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"]
    assert max(b["y"] for b in boxes) - min(b["y"] for b in boxes) < 1
    assert "Mina Cho" in first.locator(".column.translation").inner_text()
    assert "Ruth Okafor" in first.locator(".column.final").inner_text()
    assert requests == [] and dialogs == []


def test_layout_and_screenshots_on_a_desk_and_a_phone(reports, open_page, tmp_path):
    for name, viewport in (("desk", DESK), ("phone", PHONE)):
        page, requests, _ = open_page(reports[SLUG], viewport)
        shot = tmp_path / f"report-{name}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert shot.stat().st_size > 50_000  # a blank page of this size is a few kilobytes
        boxes = _boxes(page, 1)
        if name == "desk":
            assert all(b["width"] > 300 for b in boxes)
            assert max(b["y"] for b in boxes) - min(b["y"] for b in boxes) < 1
        else:  # stacked: source above translation above final text, each the full width
            assert boxes[0]["y"] + boxes[0]["height"] <= boxes[1]["y"]
            assert boxes[1]["y"] + boxes[1]["height"] <= boxes[2]["y"]
            assert max(b["x"] for b in boxes) - min(b["x"] for b in boxes) < 1
        # Nothing wider than the screen: no sideways scrolling on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        assert requests == []


def test_print_keeps_the_columns_side_by_side(reports, open_page):
    # An A4 page's printable width is narrower than the phone breakpoint; paper is not a phone.
    page, _, _ = open_page(reports[SLUG], {"width": 718, "height": 1000})
    page.emulate_media(media="print")
    boxes = _boxes(page, 1)
    assert boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"]
    assert page.locator("#p1").evaluate("e => getComputedStyle(e).breakInside") == "avoid"


def test_stored_markup_stays_text_and_nothing_runs(reports, open_page):
    page, requests, dialogs = open_page(reports["hostile"], DESK)
    paragraph = page.locator("#p2 .column.final .text")
    assert paragraph.inner_text() == HOSTILE
    assert page.locator("script").count() == 0
    assert dialogs == [] and requests == []
