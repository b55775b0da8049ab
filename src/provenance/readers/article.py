"""A published article as scraped: title, photo caption, byline, body, credit line, boilerplate."""

import re

from provenance.errors import InputError
from provenance.readers.document import BYLINE, ParsedDocument, merged_credits
from provenance.text.credit_parsing import parse_credit_line
from provenance.text.normalize import split_blocks

# Notices a site prints under every article; they are the page's, not the story's.
_BOILERPLATE = (
    re.compile(r"^Add your comment by filling out the form below", re.IGNORECASE),
    re.compile(r"^Copyright\b.*\b(Radio Free Asia|RFA)\b", re.IGNORECASE),
    re.compile(r"^©"),
)
# How far from the end of an article its credit line may stand (after it only boilerplate).
_CREDIT_LINE_WINDOW = 3
_BYLINE_MAX = 200  # characters: a longer block is a paragraph that happens to start with "By"



def parse_article(text: str) -> ParsedDocument:
    """Read a published article as scraped: title, photo caption, body, credit line, boilerplate.

    The first block is the title. A block that repeats the title and goes on is the photo caption
    (scrapers glue the image's title to its caption). A short block after them that is a byline
    ("By A and B") credits its writers. The last credit line near the end is parsed into credits,
    a surname alone in it taking the byline's full name; what follows it, and known site notices,
    are left out of the story.
    """
    blocks = split_blocks(text)
    title, body, caption = blocks[0], blocks[1:], None
    if body and body[0].startswith(title) and body[0] != title:
        caption = body[0][len(title):].strip()
        body = body[1:]
    elif body and body[0] == title:
        body = body[1:]
    while body and any(p.match(body[-1]) for p in _BOILERPLATE):
        body = body[:-1]
    byline, credits = None, []
    if body and len(body[0]) <= _BYLINE_MAX and BYLINE.match(body[0]):
        credits = parse_credit_line(body[0])
        if credits:
            byline, body = body[0], body[1:]
    credit_line = None
    for index in range(len(body) - 1, max(len(body) - 1 - _CREDIT_LINE_WINDOW, -1), -1):
        found = parse_credit_line(body[index], byline=byline)
        if found:
            credit_line = body[index]
            credits = merged_credits(credits, found)
            body = body[:index]
            break
    if not body:
        raise InputError("the article has a title but no body paragraphs")
    return ParsedDocument(paragraphs=body, title=title, caption=caption,
                          credit_line=credit_line, credits=credits, byline=byline)
