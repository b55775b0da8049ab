"""Story slugs in every script: ``north-korea-gives-control``, ``북한-국영기업``, ``café-über-2021``.

A slug is the title's words in NFC, lower-cased where the script has case, joined by hyphens: the
letters, marks and digits of every script are kept (Hangul, Han, kana, Cyrillic, Arabic, Hebrew,
Devanagari …); punctuation, symbols, emoji and invisible formatting characters (such as the
direction marks of right-to-left text) separate words and are dropped. A title with no letters or
digits at all (only punctuation or emoji) makes no slug; the caller falls back to a stable id
from the story's source (`fallback_slug`).
"""

import hashlib
import re
import unicodedata

MAX_LENGTH = 60  # of a slug made from a title; a slug given by hand may be longer
_WORD_CATEGORIES = frozenset({"Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No"})


def _is_word_char(char: str) -> bool:
    return unicodedata.category(char) in _WORD_CATEGORIES


def words(text: str) -> list[str]:
    """The words of text for a slug: runs of letters, marks and digits of any script, lower-cased."""
    text = unicodedata.normalize("NFC", text).lower()
    found: list[str] = []
    current: list[str] = []
    for char in text:
        if not _is_word_char(char):
            if current:
                found.append("".join(current))
                current = []
        # A word does not start with a combining mark: it would attach to the hyphen before it.
        elif current or not unicodedata.category(char).startswith("M"):
            current.append(char)
    if current:
        found.append("".join(current))
    return found


def slugify(text: str, max_length: int = MAX_LENGTH) -> str:
    """A slug made from text, at most max_length characters of whole words; "" when it has none."""
    slug = ""
    for word in words(text):
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            if not slug:  # one very long word (a title in a script written without spaces)
                slug = word[:max_length]
            break
        slug = candidate
    return slug


def is_slug(text: str) -> bool:
    """Whether text is a slug: words of letters, marks and digits joined by single hyphens, no
    upper case."""
    if not text or text != unicodedata.normalize("NFC", text) or text != text.lower():
        return False
    parts = text.split("-")
    return all(part and all(_is_word_char(c) for c in part) for part in parts)


_ID_SAFE = re.compile(r"[^a-z0-9]+")


def fallback_slug(system: str, identity: str) -> str:
    """A stable slug from a source's identity when the title makes none: ``plone-3f2a…``.

    The same identity gives the same slug every time; it is short and ASCII, so it reads on any
    terminal.
    """
    digest = hashlib.sha256(f"{system}\x00{identity}".encode()).hexdigest()[:12]
    prefix = _ID_SAFE.sub("-", system.lower()).strip("-") or "story"
    return f"{prefix}-{digest}"
