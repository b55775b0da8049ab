"""Plone content as plone.restapi returns it, with its versions and workflow history.

A file holds one content object or a list of them (or a ``@search`` answer with ``items``), each
exactly as ``GET <url>`` returns it; two optional keys carry its history (see docs/import.md):

- ``"@history"``: the list ``GET <url>/@history`` returns: ``versioning`` entries (``version``,
  ``actor``, ``time``, ``comments``) and ``workflow`` entries (``action``, ``review_state``,
  ``actor``, ``time``, ``comments``);
- ``"@versions"``: what ``GET <url>/@history/N`` returns for each version N, keyed by ``"N"``.

Each versioning entry is a version, in number order, by its actor, at its time, with its comment as
the message; the newest may take its text from the object itself. Without versioning entries the
object is one version, made by its first creator at ``modified``. Workflow entries (from
``@history`` or the object's ``workflow_history``) are events. ``story_byline`` is the credit line;
creators are accounts that made versions, never credits. A Plone 6 (Volto) page without ``text``
keeps its text in ``blocks``.
"""

from collections.abc import Iterator
from typing import Any

from provenance.errors import InputError
from provenance.readers.histories import (
    byline_credits,
    expect_dict,
    expect_list,
    optional_text,
    parse_time,
)
from provenance.readers.html_text import html_paragraphs
from provenance.readers.sources import SourceEvent, SourceStory, SourceVersion
from provenance.text.language_tags import language_tag
from provenance.text.normalize import normalize_paragraph

SYSTEM = "plone"


def is_plone(item: object) -> bool:
    """Whether a JSON value looks like plone.restapi content (it has an ``@id`` and a ``UID``)."""
    return isinstance(item, dict) and isinstance(item.get("@id"), str) and "UID" in item


def is_history_alone(document: object) -> bool:
    """Whether a JSON value is a ``@history`` list by itself: entries of type ``versioning`` or
    ``workflow`` with an ``actor`` and a ``time``, and no content object around them."""
    return (isinstance(document, list) and bool(document)
            and all(isinstance(e, dict) and e.get("type") in ("versioning", "workflow")
                    and "actor" in e and "time" in e for e in document))


HISTORY_ALONE = ('a Plone "@history" list by itself holds no text: put it under its content '
                 'object\'s "@history" key, with each version\'s content under "@versions" '
                 "(docs/import.md)")


def plone_items(document: object) -> list[Any]:
    """The content objects of a file: one object, a list, or a ``@search`` answer's ``items``."""
    if isinstance(document, list):
        return document
    if isinstance(document, dict) and "items" in document and "UID" not in document:
        return expect_list(document["items"], '"items"')
    return [document]


def read_plone(document: object, name: str) -> Iterator[SourceStory | InputError]:
    """Each content object of a plone.restapi file as a story, or the reason it cannot be one."""
    if is_history_alone(document):
        raise InputError(f"{name}: {HISTORY_ALONE}")
    items = plone_items(document)
    for index, item in enumerate(items, 1):
        where = f"{name} item {index}" if isinstance(document, list) or len(items) > 1 else name
        try:
            yield _story(item, where)
        except InputError as exc:
            yield InputError(f"{where}: {exc}")


def _story(item: object, where: str) -> SourceStory:
    if not is_plone(item):
        raise InputError("not Plone content: plone.restapi content has an \"@id\" and a \"UID\"")
    assert isinstance(item, dict)
    identities = {key: value for key, value in (("url", item.get("@id")), ("uid", item.get("UID")),
                                                ("id", item.get("id"))) if isinstance(value, str) and value}
    history = expect_list(item.get("@history", []), '"@history"')
    contents = expect_dict(item.get("@versions", {}), '"@versions"')
    entries = [expect_dict(entry, f'"@history"[{i}]') for i, entry in enumerate(history)]
    versions = _versions(item, [e for e in entries if e.get("type") == "versioning"], contents)
    byline = optional_text(item.get("story_byline"), '"story_byline"')
    return SourceStory(
        system=SYSTEM,
        identities=identities,
        language=_language(item.get("language")),
        versions=versions,
        events=_events(item, [e for e in entries if e.get("type") == "workflow"]),
        credit_line=byline,
        credits=byline_credits(byline) if byline else [],
        where=f"{where} (UID {identities['uid']})" if "uid" in identities else where,
    )


def _versions(item: dict[str, Any], entries: list[dict[str, Any]],
              contents: dict[str, Any]) -> list[SourceVersion]:
    current = _content(item, "the content object")
    if not entries:
        creators = expect_list(item.get("creators") or [], '"creators"')
        time_field = "modified" if item.get("modified") else "created"
        return [SourceVersion(
            **current, time=parse_time(item.get(time_field), f'"{time_field}"'),
            author=str(creators[0]) if creators else None,
            message=optional_text(item.get("changeNote"), '"changeNote"'),
        )]
    numbered = []
    for entry in entries:
        number = entry.get("version")
        if isinstance(number, bool) or not isinstance(number, int | str) or not str(number).isdigit():
            raise InputError(f"a versioning entry of \"@history\" has no version number: {number!r}")
        numbered.append((int(number), entry))
    numbered.sort(key=lambda pair: pair[0])
    newest = numbered[-1][0]
    versions = []
    for number, entry in numbered:
        what = f"version {number}"
        raw = contents.get(str(number))
        if raw is not None:
            content = _content(expect_dict(raw, f'"@versions"["{number}"]'), f'"@versions"["{number}"]')
        elif number == newest:
            content = current
        else:
            raise InputError(f"{what} has no content: add what @history/{number} returns to \"@versions\"")
        versions.append(SourceVersion(
            **content, time=parse_time(entry.get("time"), f"{what}'s time"),
            author=_actor(entry.get("actor")),
            message=optional_text(entry.get("comments"), f"{what}'s comments"),
            version=str(number),
        ))
    if _differs(current, versions[-1]):
        # The object was changed after its last saved version (versioning off for that edit):
        # its present text is one more version, made at "modified" by an account Plone did not keep.
        versions.append(SourceVersion(**current, time=parse_time(item.get("modified"), '"modified"')))
    return versions


def _differs(content: dict[str, Any], version: SourceVersion) -> bool:
    return any(getattr(version, key) != value for key, value in content.items())


def _content(obj: dict[str, Any], what: str) -> dict[str, Any]:
    """The fields of one state of the content that make a version."""
    text = obj.get("text")
    markup = ""
    if isinstance(text, dict):
        markup = text.get("data") or ""
    elif isinstance(text, str):
        markup = text
    elif text is not None:
        raise InputError(f"{what}'s \"text\" must be an object with \"data\", not {type(text).__name__}")
    if not isinstance(markup, str):
        raise InputError(f"{what}'s \"text\".\"data\" must be a string")
    paragraphs = html_paragraphs(markup).paragraphs
    if not paragraphs and obj.get("blocks"):
        paragraphs = _block_paragraphs(obj, what)
    return {
        "paragraphs": paragraphs,
        "title": optional_text(obj.get("title"), f"{what}'s \"title\""),
        "caption": optional_text(obj.get("image_caption"), f"{what}'s \"image_caption\""),
        "summary": optional_text(obj.get("description"), f"{what}'s \"description\""),
        "dateline": optional_text(obj.get("story_dateline"), f"{what}'s \"story_dateline\""),
    }


# Volto blocks that hold the text a reader reads; title, description, images, teasers hold none.
_TEXT_BLOCKS = ("slate", "text")


def _block_paragraphs(obj: dict[str, Any], what: str) -> list[str]:
    """The paragraphs of a Plone 6 (Volto) page, which keeps its text in ``blocks`` in the order of
    ``blocks_layout`` (``{"items": [...]}``, or a bare list): a ``slate`` block's ``value`` tree
    (its top-level nodes are paragraphs, headings, list items), or a ``text`` block's draft.js
    ``blocks``."""
    blocks = expect_dict(obj.get("blocks"), f"{what}'s \"blocks\"")
    layout = obj.get("blocks_layout")
    order = layout.get("items") if isinstance(layout, dict) else layout
    ids = [i for i in order if isinstance(i, str)] if isinstance(order, list) else list(blocks)
    paragraphs: list[str] = []
    for block_id in ids:
        block = blocks.get(block_id)
        if not isinstance(block, dict) or block.get("@type") not in _TEXT_BLOCKS:
            continue
        if block["@type"] == "slate":
            nodes = block.get("value")
            texts = ([t for n in nodes for t in _slate_texts(n)] if isinstance(nodes, list)
                     else [block.get("plaintext")])
        else:
            draft = block.get("text")
            units = draft.get("blocks") if isinstance(draft, dict) else None
            texts = [u.get("text") for u in units if isinstance(u, dict)] if isinstance(units, list) else []
        paragraphs += [p for t in texts if isinstance(t, str) and (p := normalize_paragraph(t))]
    return paragraphs


def _slate_texts(node: object) -> list[str]:
    """The paragraphs of a top-level slate node: a list's items each, else its text (its own, or
    its inline children's run together)."""
    if not isinstance(node, dict):
        return []
    children = node.get("children")
    if node.get("type") in ("ul", "ol") and isinstance(children, list):
        return [t for child in children for t in _slate_texts(child)]
    return [_slate_inline(node)]


def _slate_inline(node: object) -> str:
    if not isinstance(node, dict):
        return ""
    if isinstance(node.get("text"), str):
        return str(node["text"])
    children = node.get("children")
    return "".join(_slate_inline(child) for child in children) if isinstance(children, list) else ""


def _language(value: object) -> str | None:
    if isinstance(value, dict):
        value = value.get("token")
    text = optional_text(value, '"language"')
    return language_tag(text) if text else None


def _actor(value: object) -> str | None:
    """The account of an actor: a login string, or the ``id`` of plone.restapi's actor object."""
    if isinstance(value, dict):
        value = value.get("id") or value.get("username")
    return optional_text(value, "an actor")


def _events(item: dict[str, Any], entries: list[dict[str, Any]]) -> list[SourceEvent]:
    events = [_event(entry, f'"@history" {entry.get("action")!r} entry') for entry in entries]
    stored = item.get("workflow_history")
    if stored:
        kept = [_event(expect_dict(entry, '"workflow_history" entry'), '"workflow_history" entry')
                for chain in expect_dict(stored, '"workflow_history"').values()
                for entry in expect_list(chain, '"workflow_history" list')]
        # plone.restapi translates @history's action names into the request's language; the stored
        # workflow_history keeps the transition ids. Both must list the same actions by the same
        # accounts at the same times; the ids are taken from workflow_history.
        if events and _event_keys(events) != _event_keys(kept):
            when, who = sorted(_event_keys(events) ^ _event_keys(kept))[0]
            side = "\"@history\"" if (when, who) in _event_keys(events) else "\"workflow_history\""
            raise InputError(f"\"@history\" and \"workflow_history\" disagree about the workflow: "
                             f"an action by {who} at {when.isoformat()} is only in {side}")
        events = kept
    if not events and item.get("review_state") == "published" and item.get("effective"):
        # No workflow history exported, but Plone says when the story went out.
        events = [SourceEvent("publish", parse_time(item["effective"], '"effective"'), state="published")]
    return sorted(events, key=lambda e: e.time)


def _event(entry: dict[str, Any], what: str) -> SourceEvent:
    action = entry.get("action")
    # Plone's first entry has no action (plone.restapi calls it "Create"): the object was created.
    name = "create" if action is None or action == "Create" else optional_text(action, f"{what}'s action")
    return SourceEvent(
        action=name or "create",
        time=parse_time(entry.get("time"), f"{what}'s time"),
        author=_actor(entry.get("actor")),
        comment=optional_text(entry.get("comments"), f"{what}'s comments"),
        state=optional_text(entry.get("review_state"), f"{what}'s review_state"),
    )


def _event_keys(events: list[SourceEvent]) -> set[tuple[Any, str]]:
    return {(e.time, e.author or "") for e in events}
