"""`provenance report`: the HTML page and the Markdown for people, checked element by element."""

import json

import lxml.html
import pytest
from sqlalchemy import text

from conftest import SEED
from test_export_prov import SLUG, replay_demo


@pytest.fixture
def story(run):
    replay_demo(run)
    return SLUG


def _html(run, slug=SLUG):
    result = run("report", slug)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _text(element) -> str:
    return " ".join(element.text_content().split())


def _without_deletions(element) -> str:
    copy = lxml.html.fromstring(lxml.html.tostring(element))
    for deleted in copy.xpath(".//del"):
        deleted.drop_tree()
    return _text(copy)


def _column(section, name):
    [column] = section.xpath(f'.//div[contains(@class, "column {name}")]')
    return column


def _section(page, position):
    [section] = page.xpath(f'//section[@id="p{position}"]')
    return section


def test_html_report_follows_each_paragraph_from_korean_to_english(run, story):
    page = lxml.html.fromstring(_html(run))
    ko = json.loads(run("show", SLUG, "--language", "ko", "--format", "json").stdout)["paragraphs"]
    en = json.loads(run("show", SLUG, "--language", "en", "--format", "json").stdout)["paragraphs"]
    translation = json.loads(run("show", f"{SLUG}@1", "--language", "en", "--format", "json").stdout)
    assert _text(page.xpath("//h1")[0]) == "[Illustrative] Saebit City library to stay open until 11 p.m."
    assert _text(page.xpath('//p[@class="byline"]')[0]) == run("byline", SLUG).stdout.strip()
    credits = json.loads(run("credits", SLUG, "--format", "json").stdout)
    assert [_text(td) for td in page.xpath("(//table)[1]/tbody/tr/td[2]")] == [
        c["name"] for c in credits]
    assert len(page.xpath('//section[contains(@class, "paragraph")]')) == len(en) == 6

    first = _section(page, 1)
    source = _column(first, "source")
    assert source.xpath('.//p[@class="text"]/@lang') == ["ko"]
    assert _text(source.xpath('.//p[@class="text"]')[0]) == ko[0]
    assert _text(_column(first, "translation").xpath('.//p[@class="text"]')[0]) == \
        translation["paragraphs"][0]
    final = _column(first, "final").xpath('.//p[@class="text"]')[0]
    assert _without_deletions(final) == en[0]
    assert [_text(d) for d in final.xpath(".//del")] == ["stay", "the 1st of", "the 12th"]
    assert [_text(i) for i in final.xpath(".//ins")] == ["Monday"]
    steps = _column(first, "final").xpath('.//ul[@class="steps"]/li')
    assert [_text(s.xpath(".//strong")[0]) for s in steps] == ["Daniel Reyes", "Ruth Okafor"]
    assert "Seo-yeon Park" in _text(source) and "Mina Cho" in _text(_column(first, "translation"))

    # The Korean budget was corrected after translation: the flag, the new source text, the finding.
    second = _section(page, 2)
    assert "stale" in _text(second.xpath("./header")[0])
    update = second.xpath('.//div[@class="update"]')[0]
    assert ([_text(d) for d in update.xpath(".//del")], [_text(i) for i in update.xpath(".//ins")]) \
        == (["2천만"], ["5천만"])
    assert "stale-translation" in _text(second.xpath('.//ul[@class="findings"]')[0])
    # The editor changed the official's quoted words.
    [quote] = _section(page, 3).xpath('.//ul[@class="findings"]/li[@class="error"]')
    assert "quote-altered" in _text(quote) and "should also be able" in _text(quote)
    # The researcher's comment has no Korean origin; the writer added it.
    last = _section(page, 6)
    assert "no-source" in _text(last.xpath("./header")[0])
    assert "by Daniel Reyes" in _text(_column(last, "source"))
    assert _text(_column(last, "translation").xpath('.//p[@class="text"]')[0]) == "Not translated."
    # Findings about one paragraph are on it; the rest stay at the top, with the count of all.
    findings = json.loads(run("audit", SLUG, "--format", "json").stdout)["findings"]
    top = page.xpath('//h2[text()="Findings"]/following-sibling::div[1]')[0]
    assert sorted(page.xpath('//ul[@class="findings"]/li/strong/text()')) == \
        sorted(f["code"] for f in findings)
    assert top.xpath(".//li/strong/text()") == [
        f["code"] for f in findings if f["paragraph"] is None]
    # The stored history checks out.
    assert _text(page.xpath('//div[@class="verify"]')[0]).startswith("verified The stored history is intact")


def test_html_report_is_self_contained_and_printable(run, story):
    page = _html(run)
    for needle in ("<script", "src=", "href=", "url(", "@import", "http://", "https://"):
        assert needle not in page, needle
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "@media screen and (max-width" in page and "@media print" in page


def test_html_report_escapes_every_stored_text(run, tmp_path):
    hostile = {
        "title": "<i>Title</i> & co",
        "language": "en",
        "paragraphs": ["He typed <script>alert(1)</script> & left.", "A \"quote\" with 'marks' > 0"],
        "credits": [{"name": "Eve <img src=x onerror=alert(1)>", "role": "reporter",
                     "desk": "<b>Desk</b>"}],
    }
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(hostile), encoding="utf-8")
    assert run("import", str(path), "--story", "hostile").exit_code == 0
    html = _html(run, "hostile")
    for raw in ("<script", "<img", "<i>", "<b>Desk"):
        assert raw not in html, raw
    assert "He typed &lt;script&gt;alert(1)&lt;/script&gt; &amp; left." in html
    page = lxml.html.fromstring(html)
    assert _text(page.xpath("//h1")[0]) == "<i>Title</i> & co"
    texts = [_text(p) for p in page.xpath('//div[contains(@class, "final")]/p[@class="text"]')]
    assert texts == hostile["paragraphs"]
    assert _text(page.xpath("(//table)[1]/tbody/tr/td[2]")[0]) == "Eve <img src=x onerror=alert(1)>"
    markdown = run("report", "hostile", "--format", "markdown").stdout
    assert "He typed \\<script\\>alert(1)\\</script\\> \\& left." in markdown
    assert "Eve \\<img src=x onerror=alert(1)\\> for \\<b\\>Desk\\</b\\>." in markdown
    assert "# \\<i\\>Title\\</i\\> \\& co\n" in markdown


def test_a_story_with_no_source_language_still_renders(run):
    assert run("import", str(SEED), "--story", "nk").exit_code == 0
    page = lxml.html.fromstring(_html(run, "nk"))
    assert "has no source-language document" in _text(page.xpath("//header")[0])
    sections = page.xpath('//section[contains(@class, "paragraph")]')
    assert len(sections) == 19
    assert page.xpath('//div[contains(concat(" ", @class, " "), " column ")]/@class') == ["column final"] * 19
    final = _column(sections[0], "final")
    assert _text(final.xpath("./h4")[0]) == "Final · en r1"
    assert _text(final.xpath("./p")[0]).startswith("North Korea has ordered local officials")
    # Imported as published: nobody and nothing recorded, and the page says so plainly.
    assert _text(final.xpath(".//li")[0]).startswith("recorded with no author or activity, en r1, ")
    markdown = run("report", "nk", "--format", "markdown").stdout
    assert "no source-language document" in markdown and "**Translation" not in markdown


def test_a_failed_verify_is_shown_with_its_codes(run, story, engine):
    with engine.begin() as connection:
        connection.execute(text("UPDATE text_blob SET body = 'Some residents love parking.' "
                                "WHERE body = 'Some residents are worried about a lack of parking.'"))
    page = lxml.html.fromstring(_html(run))
    verify = _text(page.xpath('//div[@class="verify"]')[0])
    assert verify.startswith("verify failed The stored history was altered")
    assert "text-altered" in verify
    assert "**Verify failed:**" in run("report", SLUG, "--format", "markdown").stdout


def test_markdown_report(run, story, tmp_path):
    result = run("report", SLUG, "--format", "markdown")
    assert result.exit_code == 0 and result.stderr == ""
    markdown = result.stdout
    assert markdown.startswith("# \\[Illustrative\\] Saebit City library to stay open until 11 p.m.\n")
    assert "**Verified:**" in markdown
    first = markdown.split("### ¶1\n")[1].split("### ¶2")[0]
    assert "- **Source** (ko r1 ¶1): 새빛시 시립도서관이" in first
    assert "- **Translation:** Saebit City's municipal library will stay open" in first
    assert ("- **Final** (en r3): Saebit City's municipal library will <del>stay </del>open until "
            "11 p.m. from <del>the 1st of </del>next month, a city official said on "
            "<del>the 12th</del><ins>Monday</ins>.") in first
    assert "  - edit by Ruth Okafor" in first
    assert "- **error** `quote-altered` (en, revision 3, ¶3)" in markdown
    assert "### ¶6 `no-source`\n\n- **Source:** none; added in en by Daniel Reyes" in markdown
    out = tmp_path / "report.md"
    assert run("report", SLUG, "--format", "markdown", "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8") == markdown


def test_report_bad_inputs(run, story, tmp_path):
    out = tmp_path / "report.html"
    unknown = run("report", "nope", "-o", str(out))
    assert unknown.exit_code == 1 and unknown.stderr.startswith("Error: no story 'nope'")
    assert unknown.stderr.count("\n") == 1
    assert run("report", SLUG, "--format", "pdf").exit_code == 2
    unwritable = run("report", SLUG, "-o", str(tmp_path / "missing" / "report.html"))
    assert unwritable.exit_code == 1 and unwritable.stderr.count("\n") == 1
    assert "cannot write" in unwritable.stderr
    assert not out.exists()
    written = run("report", SLUG, "-o", str(out))
    assert written.exit_code == 0 and written.stdout == ""
    assert out.read_text(encoding="utf-8") == _html(run)


def test_json_report_for_scripts(run, story):
    result = run("report", SLUG, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["story"], data["language"], data["source_language"]) == (SLUG, "en", "ko")
    assert data["byline"] == run("byline", SLUG).stdout.strip()
    assert len(data["paragraphs"]) == 6
    assert data["paragraphs"][5]["flags"] == ["no-source"]
    assert data["verification"]["ok"] is True
