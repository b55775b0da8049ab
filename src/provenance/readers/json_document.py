"""A story document as JSON: title, language, caption, paragraphs, credits, credit line."""

import json
from typing import Any

from provenance.errors import InputError
from provenance.readers.document import BYLINE, ParsedDocument, merged_credits
from provenance.readers.plone import HISTORY_ALONE, is_history_alone
from provenance.roles import ROLES
from provenance.text.credit_parsing import ParsedCredit, parse_credit_line
from provenance.text.language_tags import language_tag
from provenance.text.normalize import normalize_paragraph

# What JSON calls each kind of value, for messages in the words of the file, not of Python.
_KINDS: dict[type, str] = {dict: "an object {…}", list: "a list […]", str: "a string \"…\"",
                           bool: "true or false", int: "a number", float: "a number"}


def _kind(value: Any) -> str:
    return "null" if value is None else _KINDS.get(type(value), "a value of another kind")


def _expect(value: Any, kind: type, where: str) -> Any:
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise InputError(f"{where} must be {_KINDS[kind]}, not {_kind(value)}")
    return value


def _optional_str(record: dict[str, Any], key: str, where: str | None = None) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    label = f'"{key}"' if where is None else f'"{key}" of {where}'
    return normalize_paragraph(_expect(value, str, label)) or None


MAX_DIGITS = 30  # the longest integer a JSON input may hold; far beyond any count or position


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise InputError(f"a number in the JSON has more than {MAX_DIGITS} digits: {text[:20]}…")
    return int(text)


def load_json(text: str) -> Any:
    """Parse JSON from a file or an option, or InputError: malformed, nested deeper than Python can
    follow, or holding an integer of more than MAX_DIGITS digits."""
    try:
        return json.loads(text, parse_int=_integer)
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise InputError("the JSON is nested too deeply to read") from None


def parse_json(text: str) -> ParsedDocument:
    """Read ``{"title", "language", "caption", "paragraphs": [...], "credits": [{...}],
    "credit_line", "byline"}``; the byline and the credit line as published give the credits when
    none are listed (a surname alone in the credit line takes the byline's full name)."""
    data = load_json(text)
    if is_history_alone(data):
        raise InputError(HISTORY_ALONE)
    _expect(data, dict, "the JSON document")
    if "paragraphs" not in data:
        raise InputError('the JSON document has no "paragraphs": give them as a list of strings, '
                         '"paragraphs": ["…", "…"]')
    raw_paragraphs = _expect(data["paragraphs"], list, '"paragraphs"')
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
    language = _optional_str(data, "language")
    credit_line = _optional_str(data, "credit_line")
    byline = _optional_str(data, "byline")
    if not credits:
        if byline:
            line = byline if BYLINE.match(byline) else f"By {byline}"
            credits = parse_credit_line(line, language=language)
        if credit_line:
            found = parse_credit_line(credit_line, byline=byline, language=language)
            credits = merged_credits(credits, found)
    return ParsedDocument(
        paragraphs=paragraphs,
        title=_optional_str(data, "title"),
        caption=_optional_str(data, "caption"),
        language=language_tag(language) if language else None,
        credit_line=credit_line,
        credits=credits,
        byline=byline,
    )
