"""One hostile corpus through every Markdown and HTML output: story text is shown, never obeyed.

The corpus is script, entities, Markdown table, link and block syntax, ANSI escapes and
bidirectional overrides, in titles, paragraphs, names, desks and messages. Each Markdown output is
read by a real Markdown parser, each HTML output by an HTML parser, and must contain no element
the story's text would have made, no raw control or bidi-override character, and every hostile
string as text a reader can see. Control characters are refused when text is stored, so the ANSI
escapes are written into a name in the database directly, as one stored before that rule would be.
"""

import json
import re

import lxml.html
import pytest
from markdown_it import MarkdownIt
from sqlalchemy import text

from provenance.render.escape import visible

HOSTILE = [
    "<script>alert('x')</script> and <img src=x onerror=alert(1)>",
    "Tom &amp; Jerry &lt;b&gt; &#x202E; &copy;",
    "| a | b | then |---|---| as a table row",
    "[click here](javascript:alert(1)) ![pic](http://evil.example/p.png) <http://evil.example>",
    "a plain line between the hostile ones",
    "\u202eevil\u202c and \u2066isolated\u2069 text",
    "**bold** _em_ `code` ~~struck~~ \\ backslash",
]
# Block syntax only bites at the start of a line: these start paragraphs and names.
LINE_STARTS = ["# heading", "1. a list", "- an item", "> a quote", "<div>block</div>"]
ANSI = "\x1b[31mred\x1b[0m and a \x1b]8;;http://evil.example\x07hyperlink\x1b]8;;\x07"
NAME = "Eve <b>Bold</b> [x](javascript:y) | \u202eevil"
DESK = "<i>Desk</i> & Co | ~~x~~"
SLUG = "hostile"

# The elements the renderers themselves write; anything else came from story text.
MARKDOWN_ELEMENTS = {"h1", "h2", "h3", "p", "ul", "li", "strong", "code", "del", "ins", "s",
                     "blockquote", "table", "thead", "tbody", "tr", "th", "td"}
FORBIDDEN_HTML = {"script", "img", "a", "i", "u", "iframe", "object"}
_HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def story(run, tmp_path, engine):
    ko = {"title": HOSTILE[0], "language": "ko", "caption": HOSTILE[1],
          "paragraphs": [f"{start} {text}" for start, text in zip(LINE_STARTS, HOSTILE, strict=False)]
          + HOSTILE[len(LINE_STARTS):],
          "credits": [{"name": NAME, "role": "reporter", "desk": DESK}]}
    path = tmp_path / "ko.json"
    path.write_text(json.dumps(ko, ensure_ascii=False), encoding="utf-8")
    assert run("import", str(path), "--story", SLUG).exit_code == 0
    en = [f"{p} (translated)" for p in ko["paragraphs"]]
    translation = tmp_path / "en.txt"
    translation.write_text("\n\n".join(en), encoding="utf-8")
    assert run("translate", SLUG, "--from", "ko", str(translation), "--format", "plain",
               "--by", NAME, "-m", HOSTILE[3]).exit_code == 0
    edited = [p.replace("(translated)", "(edited <u>here</u>)") for p in en] + [HOSTILE[5]]
    translation.write_text("\n\n".join(edited), encoding="utf-8")
    result = run("revise", SLUG, str(translation), "--language", "en", "--format", "plain",
                 "--by", "Mallory", "--role", "editor", "-m", HOSTILE[2])
    assert result.exit_code == 0, result.output
    with engine.begin() as connection:
        connection.execute(text("UPDATE person SET name = :name WHERE name = 'Mallory'"),
                           {"name": f"Mallory {ANSI}"})
    return SLUG


def _shown(text: str) -> str:
    return " ".join(visible(text).split())


def _check_text(raw: str, seen: str, shows_desks: bool = True) -> None:
    assert not _HIDDEN.search(raw)
    seen = " ".join(seen.split())
    for hostile in [*HOSTILE, *LINE_STARTS, NAME, *([DESK] if shows_desks else [])]:
        assert _shown(hostile) in seen, hostile
    assert _shown(f"Mallory {ANSI}") in seen


def _check_markdown(markdown: str, tables: int, shows_desks: bool = True) -> None:
    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)
    page = lxml.html.document_fromstring(f"<html><body>{html}</body></html>").body
    tags = {element.tag for element in page.iter() if isinstance(element.tag, str)} - {"body"}
    assert tags <= MARKDOWN_ELEMENTS, tags - MARKDOWN_ELEMENTS
    assert len(page.xpath("//table")) == tables
    for table in page.xpath("//table"):
        assert len({len(row.xpath("./th|./td")) for row in table.xpath(".//tr")}) == 1
    _check_text(markdown, page.text_content(), shows_desks)


def test_chain_markdown_shows_hostile_text_as_text(run, story):
    result = run("chain", story, "--format", "markdown")
    assert result.exit_code == 0, result.output
    _check_markdown(result.stdout, tables=0, shows_desks=False)


def test_report_markdown_shows_hostile_text_as_text(run, story):
    result = run("report", story, "--format", "markdown")
    assert result.exit_code == 0, result.output
    _check_markdown(result.stdout, tables=1)


def test_report_html_shows_hostile_text_as_text(run, story):
    result = run("report", story)
    assert result.exit_code == 0, result.output
    page = lxml.html.fromstring(result.stdout)
    tags = {element.tag for element in page.iter() if isinstance(element.tag, str)}
    assert not tags & FORBIDDEN_HTML
    assert {b.text for b in page.iter("b")} <= {"Source", "Translation", "Final"}
    assert not [div for div in page.iter("div") if div.text == "block"]
    assert len(page.xpath("//table")) == 2  # the credits and the history
    assert page.xpath("//meta[@http-equiv='Content-Security-Policy']")
    _check_text(result.stdout, page.text_content())
