"""Stories as JSON Lines: one ``SourceStory`` a line, the form `import -` reads from stdin and the
form any script can write an archive in.

A line is an object::

    {"system": "plone", "identities": {"uid": "…", "url": "…"}, "language": "ko",
     "versions": [{"paragraphs": ["…"], "time": "2021-03-02T09:00:00+00:00", "title": "…",
                   "author": "songj", "message": "…", "version": "0"}],
     "events": [{"action": "publish", "time": "…", "author": "…", "comment": "…",
                 "state": "published"}],
     "credit_line": "Reported by … for RFA’s Korean Service."}

``system``, ``versions`` and each version's ``paragraphs`` and ``time`` are required; times are
ISO 8601 with a zone. Pure: text in, stories out.
"""

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from provenance.errors import InputError
from provenance.readers.sources import SourceEvent, SourceStory, SourceVersion


def _time(value: Any, what: str) -> datetime:
    if not isinstance(value, str):
        raise InputError(f"{what} must be an ISO 8601 time with a zone, not {value!r}"[:200])
    try:
        time = datetime.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"{what} is not an ISO 8601 time: {value[:40]!r}") from None
    if time.tzinfo is None:
        raise InputError(f"{what} {value[:40]!r} has no time zone (add Z or +09:00)")
    return time.astimezone(UTC)


def _text(value: Any, what: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise InputError(f"{what} must be text")
    return value


def _object(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError(f"{what} must be a JSON object")
    return value


def _list(value: Any, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(f"{what} must be a JSON list")
    return value


def story_from_json(data: Any, where: str) -> SourceStory:
    """The story one JSON object describes; InputError saying what is wrong."""
    data = _object(data, "a line")
    system = _text(data.get("system"), "system")
    if not system:
        raise InputError("system is missing (plone, wordpress, ninjs, html, …)")
    versions = []
    for n, raw in enumerate(_list(data.get("versions"), "versions"), start=1):
        raw = _object(raw, f"version {n}")
        paragraphs = _list(raw.get("paragraphs"), f"version {n}: paragraphs")
        if not all(isinstance(p, str) for p in paragraphs):
            raise InputError(f"version {n}: paragraphs must be text")
        versions.append(SourceVersion(
            paragraphs=paragraphs, time=_time(raw.get("time"), f"version {n}: time"),
            title=_text(raw.get("title"), "title"), caption=_text(raw.get("caption"), "caption"),
            author=_text(raw.get("author"), "author"), message=_text(raw.get("message"), "message"),
            version=_text(raw.get("version"), "version")))
    events = []
    for n, raw in enumerate(_list(data.get("events"), "events"), start=1):
        raw = _object(raw, f"event {n}")
        action = _text(raw.get("action"), f"event {n}: action")
        if not action:
            raise InputError(f"event {n} has no action")
        events.append(SourceEvent(
            action=action, time=_time(raw.get("time"), f"event {n}: time"),
            author=_text(raw.get("author"), "author"), comment=_text(raw.get("comment"), "comment"),
            state=_text(raw.get("state"), "state")))
    identities = {}
    for kind, value in _object(data.get("identities") or {}, "identities").items():
        text = _text(value, f"identity {kind}")
        if text:
            identities[str(kind)] = text
    return SourceStory(system=system, identities=identities,
                       language=_text(data.get("language"), "language"), versions=versions,
                       events=events, credit_line=_text(data.get("credit_line"), "credit_line"),
                       where=where)


def story_to_json(story: SourceStory) -> dict[str, Any]:
    """The JSON object of a story, as story_from_json reads it back."""
    def when(time: datetime) -> str:
        return time.astimezone(UTC).isoformat()

    return {
        "system": story.system, "identities": story.identities, "language": story.language,
        "versions": [{"paragraphs": v.paragraphs, "time": when(v.time), "title": v.title,
                      "caption": v.caption, "author": v.author, "message": v.message,
                      "version": v.version} for v in story.versions],
        "events": [{"action": e.action, "time": when(e.time), "author": e.author,
                    "comment": e.comment, "state": e.state} for e in story.events],
        "credit_line": story.credit_line,
    }


def read_source_lines(lines: Iterable[str], name: str) -> Iterator[SourceStory | InputError]:
    """Each story of a JSON Lines stream, or the error that line has (naming the line), lazily:
    a bad line does not stop the lines after it."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{name} line {number}"
        if not line.isascii() and not _is_utf8(line):
            yield InputError(f"{where}: not UTF-8 text")
            continue
        try:
            data = json.loads(line)
            yield story_from_json(data, where)
        except (ValueError, RecursionError) as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
            yield InputError(f"{where}: {'not JSON: ' if isinstance(exc, json.JSONDecodeError) else ''}"
                             f"{reason}")
        except InputError as exc:
            yield InputError(f"{where}: {exc}")


def _is_utf8(line: str) -> bool:
    """Whether a line came in as UTF-8: bytes that were not arrive as surrogate escapes."""
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
