"""WordPress posts as the REST API returns them, with their revisions.

A file holds one bundle ``{"post": <GET /wp/v2/posts/ID>, "revisions": <GET
/wp/v2/posts/ID/revisions>}``, a bare post (no revisions), or a list of either (see
docs/import.md). Every revision is a version by its ``author`` (a WordPress user id) at its
``date_gmt``, in the order of its id (WordPress numbers revisions as it saves them, so a later
revision has a higher id; the API lists them newest first). The post itself is a further version
only where its text differs from the newest revision (a post whose revisions are switched off has
just that one). The API lists an autosave (``<post id>-autosave-v1``) among the revisions: it is
what the editor kept of unsaved typing, not a version anyone saved, and is left out. A published
post has a ``publish`` event at its ``date_gmt``.

``*_gmt`` fields are UTC by definition though WordPress writes them without a zone; the site-local
``date`` and ``modified`` are never used. A credit line closing the text ("Reported by …") is the
story's credit line, not a paragraph; the post's author is an account that made versions, not a
credit.
"""

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from provenance.errors import InputError
from provenance.readers.histories import expect_dict, expect_list, parse_time
from provenance.readers.html_text import html_inline_text, html_paragraphs
from provenance.readers.sources import SourceEvent, SourceStory, SourceVersion
from provenance.text.credit_parsing import ParsedCredit, parse_credit_line
from provenance.text.language_tags import language_tag

SYSTEM = "wordpress"
# How far from the end of a text its credit line may stand (the article reader's rule).
CREDIT_LINE_WINDOW = 3


def is_wordpress_post(item: object) -> bool:
    """Whether a JSON value looks like a WordPress REST post: ``guid`` and ``content`` rendered."""
    return (isinstance(item, dict) and isinstance(item.get("guid"), dict)
            and isinstance(item.get("content"), dict) and "rendered" in item["content"])


def is_wordpress(item: object) -> bool:
    """A WordPress post, or a ``{"post", "revisions"}`` bundle of one."""
    return is_wordpress_post(item) or (isinstance(item, dict) and is_wordpress_post(item.get("post")))


def read_wordpress(document: object, name: str) -> Iterator[SourceStory | InputError]:
    """Each post of a WordPress file as a story, or the reason it cannot be one."""
    items = document if isinstance(document, list) else [document]
    for index, item in enumerate(items, 1):
        where = f"{name} item {index}" if isinstance(document, list) else name
        try:
            yield _story(item, where)
        except InputError as exc:
            yield InputError(f"{where}: {exc}")


def split_credit_line(paragraphs: list[str]) -> tuple[list[str], str | None, list[ParsedCredit]]:
    """The body without the credit line that closes it, the credit line, and its credits."""
    for index in range(len(paragraphs) - 1, max(len(paragraphs) - 1 - CREDIT_LINE_WINDOW, -1), -1):
        found = parse_credit_line(paragraphs[index])
        if found:
            return paragraphs[:index] + paragraphs[index + 1:], paragraphs[index], found
    return paragraphs, None, []


def _story(item: object, where: str) -> SourceStory:
    if not is_wordpress(item):
        raise InputError("not a WordPress post: a REST post has \"guid\" and \"content\" with \"rendered\"")
    assert isinstance(item, dict)
    post = item.get("post", item)
    revisions = [expect_dict(r, f'"revisions"[{i}]')
                 for i, r in enumerate(expect_list(item.get("revisions", []), '"revisions"'))]
    post_id = post.get("id")
    if isinstance(post_id, bool) or not isinstance(post_id, int):
        raise InputError(f"the post has no numeric \"id\": {post_id!r}")
    for revision in revisions:
        if revision.get("parent") not in (None, post_id):
            raise InputError(f"revision {revision.get('id')} belongs to post {revision.get('parent')}, "
                             f"not {post_id}")
    versions = [_version(r, f"revision {r.get('id')}", str(_revision_id(r))) for r in
                sorted(revisions, key=_revision_id) if not _is_autosave(r)]
    current = _version(post, "the post", None)
    if not versions or _differs(current, versions[-1]):
        versions.append(current)
    credit_line: str | None = None
    credits: list[ParsedCredit] = []
    kept = []
    for version in versions:
        paragraphs, line, found = split_credit_line(version.paragraphs)
        if line is not None:
            credit_line, credits = line, found  # the newest version's credit line stands
        kept.append(replace(version, paragraphs=paragraphs))
    events = []
    if post.get("status") == "publish":
        events.append(SourceEvent("publish", parse_time(post.get("date_gmt"), 'the post\'s "date_gmt"',
                                                        utc_if_naive=True), state="publish"))
    identities = {"id": str(post_id)}
    if isinstance(post.get("link"), str) and post["link"]:
        identities["url"] = post["link"]
    guid = post.get("guid", {}).get("rendered")
    if isinstance(guid, str) and guid:
        identities["guid"] = guid
    language = post.get("lang") if isinstance(post.get("lang"), str) else None
    return SourceStory(
        system=SYSTEM,
        identities=identities,
        language=language_tag(language) if language else None,
        versions=kept,
        events=events,
        credit_line=credit_line,
        credits=credits,
        where=f"{where} (post {post_id})",
    )


def _is_autosave(revision: dict[str, Any]) -> bool:
    """Whether a revision is an autosave: WordPress names it ``<post id>-autosave-v1``."""
    slug = revision.get("slug")
    return isinstance(slug, str) and "-autosave-v" in slug


def _revision_id(revision: dict[str, Any]) -> int:
    number = revision.get("id")
    if isinstance(number, bool) or not isinstance(number, int):
        raise InputError(f"a revision has no numeric \"id\": {number!r}")
    return number


def _version(record: dict[str, Any], what: str, version: str | None) -> SourceVersion:
    time_field = "modified_gmt" if version is None else "date_gmt"
    if time_field not in record and ("modified" in record or "date" in record):
        local = "modified" if version is None else "date"
        # Only the site's local time: no zone to read it in.
        parse_time(record[local], f"{what}'s \"{local}\" (and it has no \"{time_field}\")")
    body = html_paragraphs(_rendered(record, "content", what))
    author = record.get("author")
    return SourceVersion(
        paragraphs=body.paragraphs,
        time=parse_time(record.get(time_field), f"{what}'s \"{time_field}\"", utc_if_naive=True),
        title=html_inline_text(_rendered(record, "title", what)) or None,
        caption=body.captions[0] if body.captions else None,
        author=str(author) if isinstance(author, int | str) and not isinstance(author, bool) and author
        else None,
        version=version,
        summary=html_inline_text(_rendered(record, "excerpt", what)) or None,
    )


def _rendered(record: dict[str, Any], key: str, what: str) -> str:
    value = record.get(key)
    if value is None:
        return ""
    if isinstance(value, dict):
        value = value.get("rendered", "")
    if not isinstance(value, str):
        raise InputError(f"{what}'s \"{key}\" must be a string or an object with \"rendered\"")
    return value


def _differs(a: SourceVersion, b: SourceVersion) -> bool:
    return (a.paragraphs, a.title, a.caption) != (b.paragraphs, b.title, b.caption)
