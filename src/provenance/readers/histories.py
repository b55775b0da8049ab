"""What every content-system reader checks before it hands a story on: times with a zone and not in
the future, versions in order without gaps, and one history per source.

A reader builds a ``SourceStory`` from its system's JSON, then ``checked`` makes sure it is a
history the ledger can record as it stands; ``merged`` joins two readings of the same source
(items of one export that share an identity) or says where they disagree.
"""

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from provenance.errors import InputError
from provenance.readers.sources import SourceStory, SourceVersion
from provenance.text.credit_parsing import ParsedCredit, parse_credit_line
from provenance.text.normalize import normalize_paragraph, split_blocks, unify_line_endings

# How far ahead of this machine's clock a source system's clock may run before its times count as
# "in the future": a CMS server a few minutes fast is not an error, a date next week is.
CLOCK_SKEW = timedelta(minutes=5)
# Systems that number a story's versions 0, 1, 2… (Plone) or 1, 2, 3… (ninjs): a number missing
# from a history means a version missing from it. WordPress numbers revisions among all its posts.
NUMBERED_SYSTEMS = frozenset({"plone", "ninjs"})
_FRACTION_Z = re.compile(r"Z$", re.IGNORECASE)


def parse_time(value: object, what: str, *, utc_if_naive: bool = False) -> datetime:
    """An ISO 8601 time as an aware UTC datetime; InputError if it is not one or has no zone.

    ``utc_if_naive`` is for fields that are UTC by definition though written without a zone
    (WordPress's ``date_gmt``).
    """
    if value is None or value == "":
        raise InputError(f"{what} is missing: the source says when")
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{what} is not a time: {value!r}")
    text = _FRACTION_Z.sub("+00:00", value.strip())
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InputError(f"{what} is not an ISO 8601 time: {value!r}") from None
    if moment.tzinfo is None:
        if not utc_if_naive:
            raise InputError(f"{what} has no time zone: {value!r} (write it as {value}+00:00 if it is UTC)")
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def text_paragraphs(text: str) -> list[str]:
    """Plain text as paragraphs: blank-line-separated blocks, or each line if there is no blank line."""
    text = unify_line_endings(text).strip()
    if "\n\n" in re.sub(r"\n[ \t\u00a0]*\n", "\n\n", text):
        return split_blocks(text)
    return [p for p in (normalize_paragraph(line) for line in text.split("\n")) if p]


def byline_credits(line: str) -> list[ParsedCredit]:
    """Credits from a byline field: read as a credit line, or as "By …" when it is nothing but
    names ("Paulo Santalucia and Frances d'Emilio"); a byline the parser reads only in part gives
    no credits rather than some of them."""
    found = parse_credit_line(line)
    if found:
        return found
    names = parse_credit_line(f"By {line}")
    named = {word for credit in names for word in credit.name.split()}
    rest = [word for word in re.split(r"[\s,;]+", line) if word and word.lower() not in {"and", "&"}]
    return names if rest and all(word in named for word in rest) else []


def optional_text(value: object, what: str) -> str | None:
    """A normalised string, or None for null or blank; InputError if it is something else."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"{what} must be a string, not {type(value).__name__}")
    return normalize_paragraph(value) or None


def expect_dict(value: object, what: str) -> dict[str, Any]:
    """value as a JSON object; InputError if it is not one."""
    if not isinstance(value, dict):
        raise InputError(f"{what} must be a JSON object, not {_json_kind(value)}")
    return value


def expect_list(value: object, what: str) -> list[Any]:
    """value as a JSON array; InputError if it is not one."""
    if not isinstance(value, list):
        raise InputError(f"{what} must be a JSON array, not {_json_kind(value)}")
    return value


def _json_kind(value: object) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
            type(None): "null"}.get(type(value), "a number")


def check_numbering(numbers: Iterable[int], what: str) -> None:
    """Version numbers (already in order) must be distinct and follow one another without a gap."""
    previous: int | None = None
    for number in numbers:
        if previous is not None and number == previous:
            raise InputError(f"{what}: version {number} appears twice")
        if previous is not None and number != previous + 1:
            missing = previous + 1 if number == previous + 2 else f"{previous + 1}–{number - 1}"
            raise InputError(f"{what}: the versions have a gap: version {missing} is missing "
                             f"between {previous} and {number}")
        previous = number


def checked(story: SourceStory, now: datetime | None = None) -> SourceStory:
    """story, once it is known to have versions in time order and no time in the future."""
    where = story.where or story.system
    if not story.versions:
        raise InputError(f"{where}: no versions to import")
    if story.system in NUMBERED_SYSTEMS:
        check_numbering((int(v.version) for v in story.versions if v.version and v.version.isdigit()), where)
    limit = (now or datetime.now(UTC)) + CLOCK_SKEW
    previous: SourceVersion | None = None
    for version in story.versions:
        label = _version_label(version)
        if version.time > limit:
            raise InputError(f"{where}: {label} is dated in the future: {version.time.isoformat()}")
        if previous is not None and version.time < previous.time:
            raise InputError(f"{where}: the versions are out of time order: {label} "
                             f"({version.time.isoformat()}) is older than {_version_label(previous)} "
                             f"({previous.time.isoformat()})")
        previous = version
    for event in story.events:
        if event.time > limit:
            raise InputError(f"{where}: the {event.action} event is dated in the future: "
                             f"{event.time.isoformat()}")
    return story


def merged(first: SourceStory, second: SourceStory) -> SourceStory:
    """One story from two readings of the same source; InputError where they disagree.

    Versions are matched by their id in the source system (by time where they have none); a
    version both readings have must be the same in both. Events are joined.
    """
    where = f"{first.where} and {second.where}"
    versions = {_version_key(v): v for v in first.versions}
    for version in second.versions:
        key = _version_key(version)
        known = versions.get(key)
        if known is not None and known != version:
            raise InputError(f"{where}: two histories of one source disagree about "
                             f"{_version_label(version)}: {_difference(known, version)}")
        versions[key] = version
    events = sorted({(e.time, e.action, e.author or "", e.comment or "", e.state or ""): e
                     for e in (*first.events, *second.events)}.values(), key=lambda e: e.time)
    # The reading with the latest version says what the story is now (its language, credit line).
    newer = second if max(v.time for v in second.versions) >= max(v.time for v in first.versions) else first
    return replace(
        newer,
        identities={**first.identities, **second.identities},
        versions=in_order(list(versions.values())),
        events=events,
        where=where,
    )


def _version_key(version: SourceVersion) -> str:
    return version.version if version.version is not None else version.time.isoformat()


def in_order(versions: list[SourceVersion]) -> list[SourceVersion]:
    """Versions by their number in the source system when every one has a number, else by time."""
    if all(v.version is not None and v.version.isdigit() for v in versions):
        return sorted(versions, key=lambda v: int(v.version or 0))
    return sorted(versions, key=lambda v: v.time)


def _version_label(version: SourceVersion) -> str:
    return f"version {version.version}" if version.version is not None else f"the version of {version.time}"


def _difference(a: SourceVersion, b: SourceVersion) -> str:
    if a.time != b.time:
        return f"made at {a.time.isoformat()} in one, {b.time.isoformat()} in the other"
    if a.author != b.author:
        return f"made by {a.author} in one, {b.author} in the other"
    if a.title != b.title:
        return "its title differs"
    if a.paragraphs != b.paragraphs:
        return "its text differs"
    return "its details differ"


__all__ = ["CLOCK_SKEW", "byline_credits", "check_numbering", "checked", "expect_dict", "expect_list",
           "in_order", "merged", "optional_text", "parse_time", "text_paragraphs"]
