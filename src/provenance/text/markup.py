"""Markup in story text: HTML or XML tags, comments, character references and script URLs.

A story's text is words; markup in it is usually a scraper or a content system leaving its HTML
behind, and sometimes an attempt to run script in whatever shows the story next.
"""

import re

__all__ = ["find_markup"]

_MARKUP = re.compile(
    r"<!--.*?(?:-->|$)"  # a comment
    r"|</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>"  # a tag: <p>, </div>, <img src=x>, <br/>
    r"|&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"  # &amp; &#8217; &#x2019;
    r"|\b(?:javascript|vbscript):\S+|\bdata:[a-z]+/[a-z0-9.+-]+[;,]\S*",  # a script or data URL
    re.IGNORECASE,
)


def find_markup(text: str) -> list[str]:
    """The pieces of markup in text, in order; empty when it is plain words."""
    return [m[0] for m in _MARKUP.finditer(text)]
