"""HTML to paragraphs, for every reader that meets story text as HTML (a CMS body, a saved page).

lxml parses the markup as a browser would; the text is then cut where a reader sees a new
paragraph: at every block element (``<p>``, headings, list items, blockquotes, table cells, …) and
at two line breaks in a row (``<br><br>``). Inline markup (``<b>``, ``<a>``, ``<span>``) is
dropped and its words kept; character references are decoded; scripts, styles and other
non-text elements are never kept. Figure captions are returned apart from the body paragraphs.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from provenance.text.normalize import normalize_paragraph

# Elements that start and end a block: the text before and after them is another paragraph.
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
# Elements whose content is never text a reader sees.
_SKIPPED = frozenset({
    "script", "style", "noscript", "template", "head", "title", "iframe", "object", "embed", "svg",
    "math", "canvas", "video", "audio", "select", "button", "input", "textarea", "map",
})
# A line break between two wide East Asian characters other than Hangul is not a space (CSS Text
# 3, segment breaks): "中文\n中文" shows as "中文中文". Korean puts spaces between words, so a
# break between Hangul stays a space.
_WIDE = r"\u2e80-\u312f\u3190-\u9fff\uf900-\ufaff\uff00-\uff9f\uffe0-\uffef"
_CJK_LINE_BREAK = re.compile(rf"(?<=[{_WIDE}])[ \t]*\n[ \t\n]*(?=[{_WIDE}])")

Element = Any  # an lxml element


@dataclass(frozen=True)
class HtmlText:
    """The paragraphs of an HTML body, and the captions of its figures, in document order."""

    paragraphs: list[str]
    captions: list[str] = field(default_factory=list)


def html_paragraphs(markup: str) -> HtmlText:
    """Cut an HTML fragment or page into normalised paragraphs; figure captions come apart."""
    if not markup.strip():
        return HtmlText([])
    # lxml takes a tenth of a second to import: only commands that read HTML pay for it.
    import lxml.html  # type: ignore[import-untyped]  # lxml ships no type information
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return HtmlText([])
    walker = _Walker()
    walker.visit(root)
    walker.flush()
    return HtmlText(walker.paragraphs, walker.captions)


def join_cjk_lines(text: str) -> str:
    """text without the line breaks that stand between two Chinese or Japanese characters."""
    return _CJK_LINE_BREAK.sub("", text) if "\n" in text else text


def html_inline_text(markup: str) -> str:
    """The text of a short HTML string (a title, an excerpt) as one normalised line."""
    return " ".join(html_paragraphs(markup).paragraphs)


class _Walker:
    """Collects the text of inline content into a paragraph until a block boundary."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.captions: list[str] = []
        self._parts: list[str] = []
        self._breaks = 0  # <br> elements since the last words
        self._in_caption = 0

    def text(self, value: str | None) -> None:
        if not value:
            return
        if value.strip():
            self._breaks = 0
        self._parts.append(value)

    def line_break(self) -> None:
        self._breaks += 1
        if self._breaks >= 2:
            self.flush()
        else:
            self._parts.append("\n")

    def flush(self) -> None:
        if not self._parts:
            self._breaks = 0
            return
        text = normalize_paragraph(join_cjk_lines("".join(self._parts)))
        self._parts, self._breaks = [], 0
        if text:
            (self.captions if self._in_caption else self.paragraphs).append(text)

    def visit(self, element: Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else None
        if tag is None:  # a comment or processing instruction: its tail is still text
            return
        tag = tag.lower()
        if tag in _SKIPPED:
            return
        if tag == "br":
            self.line_break()
            return
        caption = tag == "figcaption"
        block = tag in _BLOCKS or caption
        if block:
            self.flush()
        self._in_caption += caption
        self.text(element.text)
        for child in element:
            self.visit(child)
            self.text(child.tail)
        if block:
            self.flush()
        self._in_caption -= caption
