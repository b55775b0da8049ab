"""Text normalisation and content addressing, shared by every layer that stores or compares text."""

import hashlib
import re
import unicodedata

_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")
_WHITESPACE_RUN = re.compile(r"\s+")


def unify_line_endings(text: str) -> str:
    """Turn CRLF and lone CR into LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def normalize_paragraph(text: str) -> str:
    """NFC-normalise a paragraph and fold every run of white space (line breaks too) into one space.

    Folding makes a re-wrapped or re-spaced paragraph the same paragraph, as a browser shows it.
    """
    return _WHITESPACE_RUN.sub(" ", unicodedata.normalize("NFC", text)).strip()


def split_blocks(text: str) -> list[str]:
    """Split text into its blank-line-separated blocks, each normalised; empty blocks are dropped."""
    blocks = _BLANK_LINE.split(unify_line_endings(text))
    return [p for p in (normalize_paragraph(b) for b in blocks) if p]


def text_hash(text: str) -> str:
    """SHA-256 (hex) of the NFC form of text encoded as UTF-8: the address a text is stored under."""
    return hashlib.sha256(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()
