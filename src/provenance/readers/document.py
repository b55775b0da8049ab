"""What every reader returns, and reading a file's bytes and text with one-line errors."""

import re
from dataclasses import dataclass, field
from pathlib import Path

from provenance.errors import InputError
from provenance.text.credit_parsing import ParsedCredit
from provenance.text.normalize import unify_line_endings


@dataclass(frozen=True)
class ParsedDocument:
    """A story's text in one language as read from a file."""

    paragraphs: list[str]
    title: str | None = None
    caption: str | None = None
    language: str | None = None
    credit_line: str | None = None
    credits: list[ParsedCredit] = field(default_factory=list)
    byline: str | None = None


# A byline as published: "By A and B", "Von A, dpa", "Por A y B", "Par A".
BYLINE = re.compile(r"^(?:By|BY|Von|Por|Par)\b:?\s+\S")


def merged_credits(first: list[ParsedCredit], then: list[ParsedCredit]) -> list[ParsedCredit]:
    """A byline's credits, then a credit line's, each (name, role) once."""
    seen = {(c.name, c.role) for c in first}
    return first + [c for c in then if (c.name, c.role) not in seen]


def read_bytes(path: Path) -> bytes:
    """A file's bytes; InputError if it is missing, a directory, unreadable or empty."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    if not data.strip():
        raise InputError(f"{path}: empty file")
    return data


def read_text_file(path: Path) -> str:
    """The UTF-8 text of a file with line endings unified; InputError if it cannot be that."""
    data = read_bytes(path)
    if b"\x00" in data:
        raise InputError(f"{path}: binary file (it contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 (invalid byte at offset {exc.start})") from None
    if not text.strip():
        raise InputError(f"{path}: empty file")
    return unify_line_endings(text)
