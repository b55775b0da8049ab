"""A published article page as saved from a browser or a crawler: its body, title, byline, credit
line, times and address.

trafilatura finds the article in the page (leaving out navigation, related links, comments,
footers, scripts) and reads its title and byline; its output goes through the same HTML-to-
paragraphs helper as every other reader. The page's own metadata gives the rest: the canonical
URL, the language, and the times (``article:published_time`` / ``article:modified_time``, or
schema.org ``datePublished`` / ``dateModified`` in JSON-LD, ``@graph`` included, or in microdata;
else a ``<time datetime>`` with a zone marked published, or the first in the ``<article>``). A
page is one version, at its modified time (its publication time if it gives no other), with a
``publish`` event at its publication time. The bytes are decoded as a browser decodes them: by
byte order mark, else the declared charset, else UTF-8 where valid, else windows-1252.

A page that is not an article (a section front, a search page: ``og:type`` other than
``article``, or hardly any body text) is refused, as is a page that gives no time with a zone.
"""

import codecs
import json
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from provenance.errors import InputError
from provenance.readers.histories import byline_credits, optional_text, parse_time
from provenance.readers.html_text import html_paragraphs, join_cjk_lines
from provenance.readers.sources import SourceEvent, SourceStory, SourceVersion
from provenance.readers.wordpress import split_credit_line
from provenance.text.language_tags import language_tag

SYSTEM = "html"
# Less body text than this (letters and digits, not spaces) is a page with no article in it.
MIN_ARTICLE_CHARACTERS = 120
_ARTICLE_TYPES = frozenset({"article", "newsarticle", "reportage", "analysisnewsarticle",
                            "backgroundnewsarticle", "opinionnewsarticle", "reviewnewsarticle",
                            "blogposting", "report"})
# Lines a site prints around every article rather than words of the story.
_DATE_ONLY = re.compile(r"^[\d\s.:/\-年月日]+$")
_EMAIL_ONLY = re.compile(r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$")
_NOTICE = re.compile(r"^(copyright\b|©|\(c\)\s)", re.IGNORECASE)


def is_html(data: bytes) -> bool:
    """Whether bytes look like an HTML page rather than JSON or plain text."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html")) or (
        head.startswith(b"<") and b"<body" in data[:65536].lower())


def read_html(data: bytes, name: str, page_time: datetime | None = None
              ) -> Iterator[SourceStory | InputError]:
    """The article of a saved page as a one-version story, or the reason it is not one.
    page_time is when it was published where the page gives no time of its own (`import --at`)."""
    try:
        yield _story(data, name, page_time)
    except InputError as exc:
        yield InputError(f"{name}: {exc}")


def _story(data: bytes, name: str, page_time: datetime | None) -> SourceStory:
    # trafilatura takes half a second to import and lxml a tenth: only pages pay for them.
    import lxml.html  # type: ignore[import-untyped]
    import trafilatura
    from lxml import etree

    try:
        # lxml refuses text that still declares an encoding in an XML declaration.
        page = lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", _page_text(data)))
    except (etree.ParserError, ValueError):
        raise InputError("not an HTML page") from None
    meta = _metadata(page)
    element_time = _published_time_element(page)
    if element_time:
        meta["<time>"] = element_time
    kind = meta.get("og:type")
    # Many sites call every page a "website" in Open Graph; schema.org saying Article outweighs it.
    if kind and kind.lower() not in _ARTICLE_TYPES and not _ARTICLE_TYPES & set(
            meta.get("@type", "").split()):
        raise InputError(f"not an article: the page calls itself {kind!r} (og:type), not \"article\"")
    caption = _caption(page)
    found = trafilatura.extract_metadata(page)
    title = (optional_text(found.title, "the title") if found else None) or optional_text(
        meta.get("og:title"), "og:title")
    for element in page.iter():
        # trafilatura folds line breaks into spaces; between Chinese characters a break is nothing.
        if isinstance(element.tag, str):
            element.text = _text_of(element.text)
        element.tail = _text_of(element.tail)
    body = _body(trafilatura.extract(page, output_format="html", include_comments=False) or "", title)
    if sum(len(re.sub(r"\W", "", p)) for p in body) < MIN_ARTICLE_CHARACTERS:
        raise InputError("not an article: the page has next to no body text")
    body, credit_line, credits = split_credit_line(body)
    byline = optional_text(found.author, "the byline") if found else None
    if credit_line is None and byline:
        credit_line, credits = byline, byline_credits(byline.replace(";", ","))
    times: list[datetime | None] = []
    for keys in (("article:published_time", "datePublished", "<time>"),
                 ("article:modified_time", "dateModified")):
        try:
            times.append(_time(meta, keys))
        except InputError as exc:  # no zone, or not ISO 8601: a saved page cannot be corrected
            if page_time is None:
                raise InputError(f"{exc}; give when it was published with --at") from None
            times.append(None)
    published = times[0] or page_time
    modified = times[1] or published
    if modified is None:
        raise InputError("the page gives no time with a zone (article:published_time, datePublished "
                         "or a <time datetime>): give when it was published with --at")
    url = meta.get("canonical") or meta.get("og:url")
    language = optional_text(page.get("lang"), "the page's lang")
    return SourceStory(
        system=SYSTEM,
        identities={"url": url} if url else {},
        language=language_tag(language) if language else None,
        versions=[SourceVersion(paragraphs=body, time=modified, title=title, caption=caption,
                                summary=optional_text(meta.get("description"), "the description"))],
        events=[SourceEvent("publish", published)] if published else [],
        credit_line=credit_line,
        credits=credits,
        where=name,
    )


# A charset a page declares: <meta charset="…"> or <meta http-equiv="Content-Type" content="…; charset=…">.
_DECLARED = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
# Labels the HTML standard reads as another encoding than their name says.
_LABELS = {"iso-8859-1": "cp1252", "latin1": "cp1252", "l1": "cp1252", "ascii": "cp1252",
           "us-ascii": "cp1252", "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8",
           "x-sjis": "shift_jis", "gb2312": "gbk", "x-gbk": "gbk"}


def _page_text(data: bytes) -> str:
    """A page's bytes as text, as a browser decodes them: by its byte order mark, else the charset
    it declares (in its first 64 KB), else as UTF-8 where they are valid UTF-8, else windows-1252.
    lxml, given bytes, reads a charset declared after non-ASCII text (a title) as Latin-1."""
    for mark, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(mark):
            return data[len(mark):].decode(codec, errors="replace")
    declared = _DECLARED.search(data[:65536])
    if declared:
        label = declared.group(1).decode("ascii").lower()
        try:
            return data.decode(codecs.lookup(_LABELS.get(label, label)).name, errors="replace")
        except LookupError:
            pass  # a label no codec knows: decide from the bytes
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


# Control characters a page may carry (a stray U+001D pasted from a word processor) are invisible
# in a browser and cannot be stored (or set back into the parsed page); they are dropped.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def _text_of(text: str | None) -> str | None:
    """A text node as the page shows it: control characters dropped, CJK line breaks joined."""
    return join_cjk_lines(_CONTROLS.sub("", text)) if text else text


def _body(markup: str, title: str | None) -> list[str]:
    """The extracted paragraphs without the title repeated, dates, addresses and site notices."""
    paragraphs = html_paragraphs(markup).paragraphs
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    paragraphs = [p for p in paragraphs if not _DATE_ONLY.match(p)]
    while paragraphs and (_NOTICE.match(paragraphs[-1]) or _EMAIL_ONLY.match(paragraphs[-1])):
        paragraphs = paragraphs[:-1]
    return paragraphs


def _metadata(page: Any) -> dict[str, str]:
    """Open Graph and article properties, the canonical link, and schema.org dates and type."""
    found: dict[str, str] = {}
    for element in page.iter("meta"):
        key = element.get("property") or element.get("name")
        value = element.get("content")
        if key and value and key.lower() not in found:
            found[key.lower()] = value.strip()
    for element in page.iter("link"):
        if "canonical" in (element.get("rel") or "").lower().split() and element.get("href"):
            found.setdefault("canonical", element.get("href").strip())
    for script in page.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            try:
                data = json.loads(script.text)
            except (json.JSONDecodeError, RecursionError):
                continue
            for node in _ld_nodes(data):
                types = node.get("@type")
                for name in types if isinstance(types, list) else [types]:
                    if isinstance(name, str):
                        found["@type"] = f"{found.get('@type', '')} {name.lower()}".strip()
                for key in _SCHEMA_DATES:
                    if isinstance(node.get(key), str):
                        found.setdefault(key, node[key])
    # schema.org microdata: <time itemprop="datePublished" datetime="…">, <meta itemprop=… content=…>
    for element in page.iter():
        key = element.get("itemprop") if isinstance(element.tag, str) else None
        value = (element.get("datetime") or element.get("content")) if key in _SCHEMA_DATES else None
        if key and value:
            found.setdefault(key, value.strip())
    return found


_SCHEMA_DATES = ("datePublished", "dateModified")


def _ld_nodes(data: object, depth: int = 0) -> Iterator[dict[str, Any]]:
    """The objects of a JSON-LD document, through lists and "@graph" (as Yoast SEO writes it)."""
    if depth > 3:
        return
    for node in data if isinstance(data, list) else [data]:
        if isinstance(node, dict):
            yield node
            if "@graph" in node:
                yield from _ld_nodes(node["@graph"], depth + 1)


def _published_time_element(page: Any) -> str | None:
    """The datetime of the <time> that says when the article was published, where it gives a
    zone: one marked pubdate or published, else the first in the <article>."""
    marked = [t for t in page.iter("time") if t.get("datetime") and (
        t.get("pubdate") is not None or re.search(r"publish|entry-date", t.get("class") or ""))]
    in_article = [t for a in page.iter("article") for t in a.iter("time") if t.get("datetime")]
    for element in (*marked, *in_article[:1]):
        value: str = element.get("datetime").strip()
        try:
            parse_time(value, "<time>")
        except InputError:
            continue
        return value
    return None


def _time(meta: dict[str, str], keys: tuple[str, ...]) -> datetime | None:
    for key in keys:
        value = meta.get(key.lower() if ":" in key else key)
        if value:
            return parse_time(value, key)
    return None


def _caption(page: Any) -> str | None:
    for article in page.iter("article"):
        for caption in article.iter("figcaption"):
            text = optional_text(caption.text_content(), "a caption")
            if text:
                return text
    return None
