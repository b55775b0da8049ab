"""Reading a story's text from a file: a published article as scraped, plain text, or JSON.

Everything here is pure: a file's bytes in, a ParsedDocument out, or an InputError saying why not.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from provenance.creditline import ParsedCredit, parse_credit_line
from provenance.errors import InputError
from provenance.language import language_tag
from provenance.roles import ROLES
from provenance.text import normalize_paragraph, split_blocks, unify_line_endings

FORMATS = ("article", "plain", "json")

# Notices a site prints under every article; they are the page's, not the story's.
_BOILERPLATE = (
    re.compile(r"^Add your comment by filling out the form below", re.IGNORECASE),
    re.compile(r"^Copyright\b.*\b(Radio Free Asia|RFA)\b", re.IGNORECASE),
    re.compile(r"^©"),
)
# How far from the end of an article its credit line may stand (after it only boilerplate).
_CREDIT_LINE_WINDOW = 3
# A byline under the title: "By A and B", "Von A, dpa", "Por A y B", "Par A".
_BYLINE = re.compile(r"^(?:By|BY|Von|Por|Par)\b:?\s+\S")
_BYLINE_MAX = 200


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


def guess_format(path: Path) -> str:
    """The format a file's name suggests: json for .json, article otherwise."""
    return "json" if path.suffix.lower() == ".json" else "article"


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
    if body and len(body[0]) <= _BYLINE_MAX and _BYLINE.match(body[0]):
        credits = parse_credit_line(body[0])
        if credits:
            byline, body = body[0], body[1:]
    credit_line = None
    for index in range(len(body) - 1, max(len(body) - 1 - _CREDIT_LINE_WINDOW, -1), -1):
        found = parse_credit_line(body[index], byline=byline)
        if found:
            credit_line = body[index]
            credits = _merged(credits, found)
            body = body[:index]
            break
    if not body:
        raise InputError("the article has a title but no body paragraphs")
    return ParsedDocument(paragraphs=body, title=title, caption=caption,
                          credit_line=credit_line, credits=credits, byline=byline)


def _merged(first: list[ParsedCredit], then: list[ParsedCredit]) -> list[ParsedCredit]:
    """Byline credits, then the credit line's, each (name, role) once."""
    seen = {(c.name, c.role) for c in first}
    return first + [c for c in then if (c.name, c.role) not in seen]


def parse_plain(text: str) -> ParsedDocument:
    """Every blank-line-separated block is one body paragraph; nothing else is detected."""
    return ParsedDocument(paragraphs=split_blocks(text))


def _expect(value: Any, kind: type, where: str) -> Any:
    if not isinstance(value, kind):
        raise InputError(f"{where} must be a {kind.__name__}, not {type(value).__name__}")
    return value


def _optional_str(record: dict[str, Any], key: str, where: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    return normalize_paragraph(_expect(value, str, f"{where}.{key}")) or None


def parse_json(text: str) -> ParsedDocument:
    """Read ``{"title", "language", "caption", "paragraphs": [...], "credits": [{...}],
    "credit_line", "byline"}``; the byline and the credit line as published give the credits when
    none are listed (a surname alone in the credit line takes the byline's full name)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    _expect(data, dict, "the JSON document")
    raw_paragraphs = _expect(data.get("paragraphs"), list, '"paragraphs"')
    paragraphs = [normalize_paragraph(_expect(p, str, f'"paragraphs"[{i}]'))
                  for i, p in enumerate(raw_paragraphs)]
    paragraphs = [p for p in paragraphs if p]
    credits = []
    for i, raw in enumerate(_expect(data.get("credits", []), list, '"credits"')):
        where = f'"credits"[{i}]'
        _expect(raw, dict, where)
        name = _optional_str(raw, "name", where)
        role = _optional_str(raw, "role", where)
        if not name:
            raise InputError(f"{where} has no name")
        if role not in ROLES:
            raise InputError(f"{where} has role {role!r}; roles are {', '.join(ROLES)}")
        credits.append(ParsedCredit(name=name, role=role, desk=_optional_str(raw, "desk", where),
                                    location=_optional_str(raw, "location", where)))
    language = _optional_str(data, "language", "the JSON document")
    credit_line = _optional_str(data, "credit_line", "the JSON document")
    byline = _optional_str(data, "byline", "the JSON document")
    if not credits:
        if byline:
            line = byline if _BYLINE.match(byline) else f"By {byline}"
            credits = parse_credit_line(line, language=language)
        if credit_line:
            credits = _merged(credits, parse_credit_line(credit_line, byline=byline, language=language))
    return ParsedDocument(
        paragraphs=paragraphs,
        title=_optional_str(data, "title", "the JSON document"),
        caption=_optional_str(data, "caption", "the JSON document"),
        language=language_tag(language) if language else None,
        credit_line=credit_line,
        credits=credits,
        byline=byline,
    )


def read_document(path: Path, fmt: str | None = None) -> ParsedDocument:
    """Read and parse a story file in the given format (guessed from its name if None)."""
    fmt = fmt or guess_format(path)
    text = read_text_file(path)
    try:
        parsed = {"article": parse_article, "plain": parse_plain, "json": parse_json}[fmt](text)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None
    if not parsed.paragraphs:
        raise InputError(f"{path}: no paragraphs to import")
    return parsed
