"""Every rendering of a word diff reads back as both texts exactly, white space included.

Applying a rendering's marks means: for the old text, drop what it marks as added and keep what
it marks as removed; for the new text, the other way round. Text and unified diffs mark with
``[-…-]`` and ``{+…+}``; the HTML report with ``<del>`` and ``<ins>``; the Markdown report with the
same elements, read here through a real Markdown parser so that its escapes count too.
"""

import json
import re
from pathlib import Path

import lxml.html
import pytest
from markdown_it import MarkdownIt

from provenance.diffing import ParagraphDiff
from provenance.render.diff import inline_words
from provenance.render.html import diff_html
from provenance.render.report_markdown import diff_markdown
from provenance.text.word_diff import diff_spans, word_diff

DATA = Path(__file__).parent / "data" / "alignment_dev.jsonl"
_MARKS = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}", re.DOTALL)


def _pairs_from_dev_set() -> list[tuple[str, str]]:
    """Every (old, new) pair of paragraphs the dev set links, several paragraphs joined by a space."""
    pairs = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for link in record["links"]:
            if link["old"] and link["new"]:
                pairs.append((" ".join(record["old"][i - 1] for i in link["old"]),
                              " ".join(record["new"][j - 1] for j in link["new"])))
    return pairs


DEV_PAIRS = _pairs_from_dev_set()
CJK_PAIRS = [
    # Korean: words with spaces, particles glued to them
    ("새빛시 시립도서관이 다음 달 1일부터 밤 11시까지 문을 연다고 시 관계자가 12일 밝혔다.",
     "새빛시 시립도서관이 다음 달부터 밤 11시까지 문을 연다고 시 관계자가 월요일 밝혔다."),
    ("시는 야간 운영을 위해 올해 예산 3억 2천만 원을 배정했다.",
     "시는 야간 운영을 위해 예산 3억 5천만 원을 새로 배정했다."),
    ("시민들은 책을 빌릴 수 있어야 한다.", "시민들은책을 빌릴 수 있어야 한다."),
    # Chinese and Japanese: no spaces between words
    ("市立图书馆下个月起将开放至晚上十一点。", "市立图书馆从下个月起将开放到晚上十一点，市官员说。"),
    ("该市为夜间开放拨款三亿二千万韩元。", "该市拨款三亿五千万韩元用于夜间开放。"),
    ("市立図書館は来月から午後11時まで開館すると市の担当者が述べた。",
     "市立図書館は来月1日から午後11時まで開館すると、市の担当者が12日に明らかにした。"),
    ("利用者の41%が夜間の開館を望んでいる。", "利用者の4割が夜の開館を望んでいた。"),
    # Mixed scripts and spacing at the edges of changes
    ("Reported by 손혜민 for RFA 한국어 서비스.", "Reported by 손혜민, for RFA 한국어서비스."),
    ("in the city of Haesol on May 4", "in the city, on May 4"),
    ("will stay open", "will open"),
    ("one  two", "one two three"),
]


def _text_read_back(marked: str) -> tuple[str, str]:
    old = _MARKS.sub(lambda m: m[1] if m[1] is not None else "", marked)
    new = _MARKS.sub(lambda m: m[2] if m[2] is not None else "", marked)
    return old, new


def _html_read_back(fragment: str) -> tuple[str, str]:
    sides = []
    for dropped in ("ins", "del"):
        root = lxml.html.fragment_fromstring(fragment, create_parent="p")
        for element in root.iter(dropped):
            element.drop_tree()  # keeps the text after the element
        sides.append(root.text_content())
    return sides[0], sides[1]


_MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _markdown_read_back(line: str) -> tuple[str, str]:
    html = _MARKDOWN.render(line).strip()
    assert html.startswith("<p>") and html.endswith("</p>"), html
    return _html_read_back(html[3:-4])


def _check(old: str, new: str) -> None:
    changes = word_diff(old, new)
    spans = diff_spans(changes)
    assert "".join(s.text for s in spans if s.op != "insert") == old
    assert "".join(s.text for s in spans if s.op != "delete") == new
    paragraph = ParagraphDiff("edit", [1], [1], None, changes)
    assert _text_read_back(inline_words(paragraph, colour=False)) == (old, new)
    assert _html_read_back(diff_html(changes)) == (old, new)
    assert _markdown_read_back(diff_markdown(changes)) == (old, new)


def test_the_dev_set_has_pairs_to_check():
    assert len(DEV_PAIRS) > 50
    assert sum(old != new for old, new in DEV_PAIRS) > 20


@pytest.mark.parametrize(("old", "new"), DEV_PAIRS)
def test_every_rendering_reads_back_on_the_alignment_dev_set(old, new):
    _check(old, new)


@pytest.mark.parametrize(("old", "new"), CJK_PAIRS)
def test_every_rendering_reads_back_on_korean_chinese_and_japanese(old, new):
    _check(old, new)


def test_a_removed_phrase_keeps_its_space():
    old, new = "in the city of Haesol on May 4", "in the city, on May 4"
    paragraph = ParagraphDiff("edit", [1], [1], None, word_diff(old, new))
    assert inline_words(paragraph, colour=False) == "in the city[- of Haesol-]{+,+} on May 4"
    assert diff_markdown(word_diff(old, new)) == "in the city<del> of Haesol</del><ins>,</ins> on May 4"


def test_respacing_alone_is_marked():
    spans = diff_spans(word_diff("a b", "a  b"))
    assert [(s.op, s.text) for s in spans] == [("equal", "a "), ("insert", " "), ("equal", "b")]
