"""News items in IPTC ninjs 1.x, 2.x and 3.x, as wires and Superdesk send them.

A file holds one item, a list of items, or (through the reader for JSON Lines) one item a line.
Items that share a ``uri`` are versions of one story, ordered by ``version`` (by
``versioncreated`` where an item has no version number) and made at their ``versioncreated``.

ninjs 1.x keeps the text in ``headline``, ``byline``, ``located``, ``description_*`` and
``body_*`` (``body_html``, ``body_xhtml``, ``body_text``…); ninjs 2.x in ``headlines``, ``by``,
``located``, ``descriptions`` and ``bodies`` (arrays of ``{"value", "role", "contenttype"}``);
ninjs 3.x as 2.x, with its names in camel case (``versionCreated``, ``pubStatus``,
``contentType``). A body with markup is preferred to plain text, which is cut at blank lines (or
at every line when it has none). The byline is the credit line. ``pubstatus`` (``usable`` unless
it says otherwise) gives the events: a story becomes usable (publish), withheld (hide) or canceled
(retract) at the version that first says so. ninjs names no account for a version, so versions have no author.
"""

from collections.abc import Iterator
from typing import Any

from provenance.errors import InputError
from provenance.readers.histories import (
    byline_credits,
    expect_list,
    in_order,
    merged,
    optional_text,
    parse_time,
    text_paragraphs,
)
from provenance.readers.html_text import html_inline_text, html_paragraphs
from provenance.readers.sources import SourceEvent, SourceStory, SourceVersion
from provenance.text.language_tags import language_tag

SYSTEM = "ninjs"
_STATUS_ACTIONS = {"usable": "publish", "withheld": "hide", "canceled": "retract"}
_TEXT_KEYS = ("versioncreated", "versionCreated", "headline", "headlines", "bodies", "body_text",
              "body_html", "body_xhtml")
# ninjs 3.x spells these names of 1.x and 2.x in camel case.
_CAMEL = {"versioncreated": "versionCreated", "pubstatus": "pubStatus", "contenttype": "contentType"}


def _get(entry: dict[str, Any], key: str) -> Any:
    """entry's value under a 1.x/2.x name or its 3.x spelling."""
    return entry[key] if key in entry else entry.get(_CAMEL.get(key, key))


def is_ninjs(item: object) -> bool:
    """Whether a JSON value looks like a ninjs item: a ``uri`` and ninjs's own time or text keys."""
    return (isinstance(item, dict) and isinstance(item.get("uri"), str)
            and any(key in item for key in _TEXT_KEYS))


def read_ninjs(document: object, name: str) -> Iterator[SourceStory | InputError]:
    """Each story of a ninjs file (its items grouped by uri) or the reason it cannot be one."""
    items = document if isinstance(document, list) else [document]
    groups: dict[str, list[tuple[int, SourceStory, str]]] = {}
    failed: dict[str, InputError] = {}
    for index, item in enumerate(items, 1):
        where = f"{name} item {index}" if isinstance(document, list) else name
        uri = item.get("uri") if isinstance(item, dict) else None
        key = uri if isinstance(uri, str) else f"#{index}"
        try:
            story, status = _item(item, where)
        except InputError as exc:
            failed.setdefault(key, InputError(f"{where}: {exc}"))
            groups.setdefault(key, [])
            continue
        groups.setdefault(key, []).append((index, story, status))
    for key, members in groups.items():
        if key in failed:
            yield failed[key]
            continue
        numbers = ", ".join(str(index) for index, _, _ in members)
        where = (f"{name} items {numbers} (uri {key})" if len(members) > 1
                 else f"{members[0][1].where} (uri {key})")
        try:
            yield _story(members, where)
        except InputError as exc:  # merged() names the items that disagree
            yield exc


def _story(members: list[tuple[int, SourceStory, str]], where: str) -> SourceStory:
    story = members[0][1]
    statuses = {_key(story.versions[0]): members[0][2]}
    for _, other, status in members[1:]:
        story = merged(story, other)
        statuses[_key(other.versions[0])] = status
    versions = in_order(story.versions)
    events, state = [], None
    for version in versions:
        status = statuses[_key(version)]
        if status != state:
            events.append(SourceEvent(_STATUS_ACTIONS.get(status, status), version.time, state=status))
            state = status
    return SourceStory(system=SYSTEM, identities=story.identities, language=story.language,
                       versions=versions, events=events, credit_line=story.credit_line,
                       credits=story.credits, where=where)


def _key(version: SourceVersion) -> tuple[str | None, str]:
    return (version.version, version.time.isoformat())


def _item(item: object, where: str) -> tuple[SourceStory, str]:
    """One ninjs item as a one-version story, and its pubstatus."""
    if not is_ninjs(item):
        raise InputError("not a ninjs item: ninjs has a \"uri\" and \"versioncreated\", "
                         "\"headline(s)\" or \"bodies\"/\"body_*\"")
    assert isinstance(item, dict)
    kind = item.get("type", "text")
    if kind not in ("text", "composite"):
        article = "an" if str(kind)[:1].lower() in "aeiou" else "a"
        raise InputError(f"{article} {kind} item, not a text: the ledger records the words of stories")
    version = item.get("version")
    if version is not None and (isinstance(version, bool) or not isinstance(version, str | int)):
        raise InputError(f"\"version\" must be a string, not {version!r}")
    created = _get(item, "versioncreated")
    if created is None:
        raise InputError("the item has no \"versioncreated\" (3.x: \"versionCreated\"): ninjs says "
                         "when each version was made there")
    byline = optional_text(item.get("by", item.get("byline")), '"by"/"byline"')
    language = optional_text(item.get("language"), '"language"')
    status = optional_text(_get(item, "pubstatus"), '"pubstatus"') or "usable"
    story = SourceStory(
        system=SYSTEM,
        identities={"uri": item["uri"]},
        language=language_tag(language) if language else None,
        versions=[SourceVersion(
            paragraphs=_body(item),
            time=parse_time(created, '"versioncreated"'),
            title=_headline(item),
            version=str(version) if version is not None else None,
            summary=_description(item),
            dateline=optional_text(item.get("located"), '"located"'),
        )],
        credit_line=byline,
        credits=byline_credits(byline) if byline else [],
        where=where,
    )
    return story, status


def _headline(item: dict[str, Any]) -> str | None:
    if "headlines" in item:
        return _pick(item["headlines"], '"headlines"', roles=("main", ""))
    return optional_text(item.get("headline"), '"headline"')


def _description(item: dict[str, Any]) -> str | None:
    if "descriptions" in item:
        return _pick(item["descriptions"], '"descriptions"', roles=("summary", "abstract", ""))
    for key in ("description_text", "description_html", "description_usage"):
        if isinstance(item.get(key), str):
            return html_inline_text(item[key]) if key.endswith("html") else optional_text(item[key], key)
    return None


def _body(item: dict[str, Any]) -> list[str]:
    if "bodies" in item:
        bodies = [b for b in expect_list(item["bodies"], '"bodies"') if isinstance(b, dict)]
        for body in sorted(bodies, key=lambda b: not _is_markup(b)):
            value = body.get("value")
            if isinstance(value, str):
                return html_paragraphs(value).paragraphs if _is_markup(body) else text_paragraphs(value)
        return []
    markup = [k for k in item if k.startswith("body_") and any(m in k for m in ("html", "xml", "rich"))]
    for key in (*markup, "body_text", *(k for k in item if k.startswith("body_"))):
        value = item.get(key)
        if isinstance(value, str):
            return html_paragraphs(value).paragraphs if key in markup else text_paragraphs(value)
    return []


def _is_markup(body: dict[str, Any]) -> bool:
    kind = f"{_get(body, 'contenttype') or ''} {body.get('role', '')}".lower()
    return any(mark in kind for mark in ("html", "xml", "rich"))


def _pick(values: object, what: str, roles: tuple[str, ...]) -> str | None:
    """The value of the entry with the first of roles ('' for any) in a ninjs 2.x array."""
    entries = [e for e in expect_list(values, what)
               if isinstance(e, dict) and isinstance(e.get("value"), str)]
    for role in roles:
        for entry in entries:
            if not role or entry.get("role") == role:
                markup = "html" in str(_get(entry, "contenttype") or "").lower()
                return (html_inline_text(entry["value"]) if markup
                        else optional_text(entry["value"], what)) or None
    return None
