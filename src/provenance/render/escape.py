"""Story text made safe to show in Markdown and HTML, whatever it holds.

Stored text is shown as it was written, never read as markup: a ``<script>`` stays text, an
``&amp;`` shows its five characters, ``[a](b)`` is not a link and ``|`` does not start a table
cell. Characters that would act on the reader's screen rather than show, control characters (a
terminal's ANSI escapes) and the bidirectional overrides, embeddings and isolates that can make
text display in an order other than the stored one, are shown as escapes, as text/escaping.py
shows them everywhere (``^[``, ``<U+202E>``).
"""

import re
from html import escape

from provenance.text.escaping import visible

__all__ = ["html_text", "markdown_text", "visible"]

# What Markdown reads as syntax inside a line: emphasis, code, links and images, HTML, headings,
# tables, strike-through, entities; and any punctuation that starts a block at a line's start.
_MARKDOWN = re.compile(r"[\\`*_\[\]<>#|~&!]|^[-+=]|^(\d+)([.)])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x85]")


def html_text(text: object) -> str:
    """Text for HTML, in content or a quoted attribute value."""
    return escape(visible(str(text)), quote=True)


def markdown_text(text: object) -> str:
    """Text for one line of Markdown that reads as written; white space is kept as it is, line
    breaks become spaces."""
    line = _LINE_BREAKS.sub(" ", visible(str(text)))
    return _MARKDOWN.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[0]}", line)
