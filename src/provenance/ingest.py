"""Recording stories read from a content system (Plone, WordPress, ninjs, a saved page) with the
history that system kept: each version as a revision by its account at its original time, each
workflow action as an event, the story's identities there, and its credits.

A story is found again by any identity it came with (its URL, CMS UID or id, WordPress post id,
ninjs uri), never by its title or slug: importing the same source again records only the versions
and events the ledger has not seen, and nothing at all when nothing changed.
"""

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import and_, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from provenance.db import insert_row, utcnow
from provenance.errors import InputError
from provenance.events import record_event, stored_events
from provenance.models import Document, Person, Revision, Story, StorySource
from provenance.people import account_person, link_account
from provenance.readers.sources import SourceStory, SourceVersion
from provenance.revisions import (
    PlannedParagraph,
    check_source_time,
    plan_from_alignment,
    revision_paragraphs,
    write_revision,
)
from provenance.stories import add_missing_credits, check_slug, find_story, free_slug
from provenance.text.credit_parsing import parse_credit_line
from provenance.text.language_tags import language_tag
from provenance.text.slugs import fallback_slug, slugify

OUTCOMES = ("new", "updated", "unchanged")
_MAX_IDENTITY = 2000  # the width of story_source.value


@dataclass(frozen=True)
class Ingested:
    """What recording one source story did: new, updated or unchanged, and how much."""

    story: str
    language: str
    outcome: str  # one of OUTCOMES
    revisions: int  # revisions recorded now
    events: int  # events recorded now
    credits: int  # credits added now
    where: str
    slug_taken: str | None = None  # the slug its title made, when another story had it


def _key(version: SourceVersion) -> str:
    """How a version is recognised on re-import: the system's id for it, else its time."""
    return version.version if version.version is not None else version.time.astimezone(UTC).isoformat()


def _stored_key(revision: Revision) -> str | None:
    if revision.source_version is not None:
        return revision.source_version
    return revision.source_time.astimezone(UTC).isoformat() if revision.source_time else None


def source_identities(source: SourceStory) -> list[tuple[str, str]]:
    """The (kind, value) pairs a story is known by in its source; a story that came with none is
    known by a hash of its first version, so the same file imported twice is still one story."""
    pairs = sorted((kind.strip().lower(), str(value).strip())
                   for kind, value in source.identities.items() if str(value).strip())
    for kind, value in pairs:
        if len(value) > _MAX_IDENTITY or not kind or len(kind) > 20:
            raise InputError(f"{source.where}: identity {kind}={value[:40]!r}… is too long")
    if pairs:
        return pairs
    first = source.versions[0]
    digest = hashlib.sha256("\n\n".join([first.title or "", *first.paragraphs]).encode()).hexdigest()
    return [("content", digest)]


def check_source_story(source: SourceStory) -> None:
    """InputError naming the file and item if the story cannot be recorded as it is."""
    where = source.where or "the story"
    if not source.system or len(source.system) > 20:
        raise InputError(f"{where}: not a content system name: {source.system!r}")
    if not source.versions:
        raise InputError(f"{where}: no versions to record")
    keys = set()
    previous: datetime | None = None
    for number, version in enumerate(source.versions, start=1):
        label = f"{where}: version {version.version or number}"
        check_source_time(version.time, f"{label}: the time")
        if not any(p.strip() for p in version.paragraphs):
            raise InputError(f"{label} has no text")
        if previous is not None and version.time < previous:
            raise InputError(f"{label} is older than the version before it: the history is out of "
                             "time order")
        previous = version.time
        key = _key(version)
        if key in keys:
            raise InputError(f"{label} appears twice in the history")
        keys.add(key)
    for event in source.events:
        check_source_time(event.time, f"{where}: event {event.action!r}: the time")
        if not event.action.strip():
            raise InputError(f"{where}: an event without an action")


def _find_story(session: Session, system: str, identities: Sequence[tuple[str, str]],
                where: str) -> Story | None:
    # One equality pair an identity, not a row-value IN: SQLite searches the unique index on
    # (system, kind, value) only for the former, and scans every identity of the system otherwise.
    rows = session.execute(
        select(StorySource.story_id, StorySource.kind).where(
            StorySource.system == system,
            or_(*(and_(StorySource.kind == kind, StorySource.value == value)
                  for kind, value in identities)))).all()
    stories = {story_id for story_id, _ in rows}
    if len(stories) > 1:
        slugs = sorted(session.scalars(select(Story.slug).where(Story.id.in_(stories))))
        raise InputError(f"{where}: its identities name different stories already ({', '.join(slugs)}): "
                         "two histories for one source disagree")
    if not stories:
        return None
    # Two writers importing the same story queue here (PostgreSQL; SQLite serialises writers).
    return session.scalars(select(Story).where(Story.id == stories.pop()).with_for_update()).one()


def _new_story(session: Session, source: SourceStory, identities: Sequence[tuple[str, str]]
               ) -> tuple[Story, str | None] | None:
    """A new story with its identities and a slug of its own; None if a concurrent import of the
    same source created it first."""
    title = next((v.title for v in reversed(source.versions) if v.title), None)
    wanted = slugify(title or "") or fallback_slug(source.system, identities[0][1])
    slug = free_slug(session, wanted)
    try:
        with session.begin_nested():
            story = insert_row(session, Story, slug=slug, created_at=utcnow())
            session.execute(insert(StorySource), [
                {"story_id": story.id, "system": source.system, "kind": kind, "value": value,
                 "created_at": utcnow()} for kind, value in identities])
    except IntegrityError:
        return None
    return story, wanted if slug != wanted else None


def _person(session: Session, system: str, login: str | None,
            people: dict[tuple[str, str], Person]) -> Person | None:
    if login is None or not login.strip():
        return None
    if (system, login) not in people:
        people[system, login] = account_person(session, system, login)
    return people[system, login]


def _document(session: Session, story: Story, language: str, *, new_story: bool) -> Document:
    document = None if new_story else session.scalars(select(Document).where(
        Document.story_id == story.id, Document.language == language)).first()
    if document is None:
        document = insert_row(session, Document, story_id=story.id, language=language,
                              created_at=utcnow())
    return document


def _versions_to_record(session: Session, document: Document, source: SourceStory
                        ) -> tuple[list[SourceVersion], Revision | None]:
    """The versions the ledger has not seen, and the revision to record them on top of."""
    revisions = list(session.scalars(select(Revision).where(Revision.document_id == document.id)
                                     .order_by(Revision.number)))
    stored = {key: r for r in revisions if (key := _stored_key(r)) is not None}
    last_seen = -1
    for index, version in enumerate(source.versions):
        revision = stored.get(_key(version))
        if revision is None:
            continue
        if last_seen != index - 1:
            missing = source.versions[last_seen + 1]
            raise InputError(f"{source.where}: version {missing.version or last_seen + 2} is not on "
                             f"record but a later one is: two histories for one source disagree")
        if [p.text for p in revision_paragraphs(session, revision)] != _paragraphs(version):
            raise InputError(f"{source.where}: version {version.version or index + 1} differs from "
                             f"revision {revision.number} recorded from it: two histories for one "
                             "source disagree")
        last_seen = index
    return source.versions[last_seen + 1:], revisions[-1] if revisions else None


def _paragraphs(version: SourceVersion) -> list[str]:
    return [p for p in version.paragraphs if p.strip()]


def _record_events(session: Session, story: Story, source: SourceStory,
                   people: dict[tuple[str, str], Person], *, new_story: bool) -> int:
    stored = [] if new_story else stored_events(session, story)
    seen = {(e.action, e.source_time) for e in stored}
    parent = stored[-1] if stored else None
    recorded = 0
    for event in sorted(source.events, key=lambda e: e.time):
        time = check_source_time(event.time)
        if (event.action, time) in seen:
            continue
        parent = record_event(session, story, event, parent=parent,
                              author=_person(session, source.system, event.author, people))
        seen.add((event.action, time))
        recorded += 1
    return recorded


def ingest_story(session: Session, source: SourceStory, *, language: str | None = None,
                 slug: str | None = None,
                 people: dict[tuple[str, str], Person] | None = None) -> Ingested:
    """Record a story read from a content system; see the module's docstring.

    language overrides the story's own (else ``en`` when it names none). slug names the story to
    record it in (created if new) instead of the one its identities find. Raises InputError naming
    source.where when the story cannot be recorded; nothing of it is then written (the caller's
    transaction is rolled back). people caches the person of each (system, login) across calls;
    the caller drops what it holds when a transaction that made persons is rolled back.
    """
    check_source_story(source)
    tag = language_tag(language or source.language or "en")
    identities = source_identities(source)
    story = _find_story(session, source.system, identities, source.where)
    taken = None
    created = False
    if slug is not None:
        chosen = find_story(session, check_slug(slug))
        if story is not None and (chosen is None or chosen.id != story.id):
            raise InputError(f"{source.where}: this source is story {story.slug!r} already, not "
                             f"{slug!r}")
        if chosen is None:
            chosen = Story(slug=slug, created_at=utcnow())
            session.add(chosen)
            session.flush()
            created = True
        story = chosen
    if story is None:
        made = _new_story(session, source, identities)
        if made is None:  # a concurrent import of the same source got there first
            story = _find_story(session, source.system, identities, source.where)
            assert story is not None
        else:
            story, taken = made
            created = True
    if not created or slug is not None:
        known = set(session.execute(select(StorySource.kind, StorySource.value)
                                    .where(StorySource.story_id == story.id)).all())
        session.add_all(StorySource(story_id=story.id, system=source.system, kind=kind, value=value,
                                    created_at=utcnow())
                        for kind, value in identities if (kind, value) not in known)
    # A story made now has no documents, revisions or events to look up.
    document = _document(session, story, tag, new_story=created)
    if created:
        new_versions, parent = list(source.versions), None
    else:
        new_versions, parent = _versions_to_record(session, document, source)
    # Each version is planned on the paragraphs of the one before, as just written.
    before = revision_paragraphs(session, parent) if parent is not None and new_versions else []
    people = {} if people is None else people
    for version in new_versions:
        paragraphs = _paragraphs(version)
        author = _person(session, source.system, version.author, people)
        if parent is None:
            plan = [PlannedParagraph(text=p) for p in paragraphs]
        else:
            plan, _ = plan_from_alignment(before, paragraphs)
        try:
            parent, before = write_revision(
                session, document, plan, parent=parent, author=author,
                activity="write" if parent is None else "edit", message=version.message,
                title=version.title or (parent.title if parent else None),
                caption=version.caption or (parent.caption if parent else None),
                source_time=check_source_time(version.time), source_version=version.version,
                known=before)
        except InputError as exc:  # a text that cannot be stored: say which story and version
            label = version.version or version.time.isoformat()
            raise InputError(f"{source.where or 'the story'}: version {label}: {exc}") from None
    events = _record_events(session, story, source, people, new_story=created)
    credits = list(source.credits)
    if not credits and source.credit_line:
        credits = parse_credit_line(source.credit_line)
    added = add_missing_credits(session, story, credits, tag, source.credit_line)
    session.flush()
    changed = bool(new_versions or events or added)
    return Ingested(story=story.slug, language=tag,
                    outcome="new" if created else "updated" if changed else "unchanged",
                    revisions=len(new_versions), events=events, credits=added,
                    where=source.where, slug_taken=taken)


def link_accounts(session: Session, mapping: Mapping[tuple[str, str], str]) -> None:
    """Link each (system, login) to the person named (a mapping file given on import)."""
    for (system, login), name in mapping.items():
        link_account(session, system, login, name)
