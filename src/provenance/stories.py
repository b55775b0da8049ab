"""Stories and their documents: importing a text as revision 1, listing, showing a revision."""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.credits import current_credit_set, record_credits, story_credits
from provenance.db import insert_new
from provenance.documents import find_document
from provenance.documents import get_document as document_in
from provenance.errors import Conflict, InputError, NotFound
from provenance.models import (
    Document,
    ParagraphVersion,
    Revision,
    RevisionParagraph,
    Story,
    TextBlob,
)
from provenance.people import author_name, person_named
from provenance.revisions import (
    PlannedParagraph,
    check_source_time,
    latest_revision,
    record_revision,
)
from provenance.roles import ACTIVITY_OF_ROLE
from provenance.text.credit_parsing import ParsedCredit
from provenance.text.slugs import is_slug, slugify

if TYPE_CHECKING:
    # Only a type here: the readers of every format need not load for a command that reads stories.
    from provenance.readers import ParsedDocument

# `credits parse TEXT` would shadow `credits STORY` for a story with this slug.
RESERVED_SLUGS = frozenset({"parse"})


@dataclass(frozen=True)
class Imported:
    """What an import created."""

    story: str
    language: str
    revision: int
    paragraphs: int
    credits: int
    caption: bool
    # The slug the title made, when another story had it already and this one got a distinct one.
    slug_taken: str | None = None


@dataclass(frozen=True)
class StorySummary:
    """One line of the story list."""

    slug: str
    title: str | None
    languages: list[str]
    revisions: int
    updated: datetime


@dataclass(frozen=True)
class RevisionText:
    """A revision's text and metadata, paragraphs in order."""

    story: str
    language: str
    revision: int
    author: str | None
    activity: str | None
    message: str | None
    time: datetime  # when it was made: in its source system if it came from one
    hash: str
    title: str | None
    caption: str | None
    paragraphs: list[str]
    recorded: datetime  # when the ledger recorded it


def check_slug(slug: str) -> str:
    """Return slug if it is words of letters, marks and digits of any script, lower-case, joined by
    single hyphens; else InputError."""
    if not is_slug(slug) or len(slug) > 200:
        raise InputError(f"not a story slug: {slug!r} (use lower-case letters of any script, "
                         "digits and single hyphens, e.g. nk-companies or 북한-국영기업)")
    if slug in RESERVED_SLUGS:
        raise InputError(f"{slug!r} is a command name and cannot be a story slug")
    return slug


def free_slug(session: Session, wanted: str) -> str:
    """wanted if no story has it, else wanted-2, wanted-3, … (the first one free)."""
    if wanted not in RESERVED_SLUGS and session.scalar(
            select(Story.id).where(Story.slug == wanted)) is None:
        return wanted  # one look-up in the slug index, not a scan for every wanted-N
    taken = set(session.scalars(select(Story.slug).where(
        (Story.slug == wanted) | Story.slug.like(f"{wanted}-%"))))
    if wanted not in taken and wanted not in RESERVED_SLUGS:
        return wanted
    number = 2
    while f"{wanted}-{number}" in taken:
        number += 1
    return f"{wanted}-{number}"


def text_slug(title: str | None, paragraphs: Sequence[str]) -> str:
    """The slug a text makes: from its title in any script; from a stable id of its text when the
    title has no letters or digits (only punctuation or emoji) or there is none."""
    slug = slugify(title or "")
    if slug:
        return slug
    digest = hashlib.sha256("\n\n".join([title or "", *paragraphs]).encode()).hexdigest()[:12]
    return f"story-{digest}"


LANGUAGE_LENGTH = 35  # the width of document.language


def check_language_length(language: str) -> str:
    """language, or InputError if it is too long to store."""
    if len(language) > LANGUAGE_LENGTH:
        raise InputError(f"a language tag is at most {LANGUAGE_LENGTH} characters: {language[:40]!r}")
    return language


def find_story(session: Session, slug: str) -> Story | None:
    """The story with this slug, or None."""
    return session.scalars(select(Story).where(Story.slug == slug)).first()


def get_story(session: Session, slug: str) -> Story:
    """The story with this slug, or NotFound."""
    story = find_story(session, slug)
    if story is None:
        raise NotFound(f"no story {slug!r} (see `provenance stories`)")
    return story


def get_document(session: Session, story: Story, language: str | None) -> Document:
    """The story's document in language by RFC 4647 lookup; with None, its only document."""
    return document_in(story, language)


def get_revision(session: Session, document: Document, number: int | None) -> Revision:
    """Revision number of document (the latest with None), or NotFound."""
    if number is None:
        revision = latest_revision(session, document)
    else:
        revision = session.scalars(
            select(Revision).where(Revision.document_id == document.id, Revision.number == number)
        ).first()
    if revision is None:
        which = f"revision {number}" if number is not None else "revisions"
        raise NotFound(f"the {document.language!r} document of {document.story.slug!r} has no {which}")
    return revision


def import_document(
    session: Session,
    parsed: "ParsedDocument",
    *,
    slug: str | None,
    language: str,
    author: str | None = None,
    role: str | None = None,
    message: str | None = None,
    file_format: str | None = None,
    source_time: datetime | None = None,
) -> Imported:
    """Create a story's document from parsed text as revision 1, with the credits it names.

    Only a slug given by hand attaches to an existing story, which gains a document in a new
    language; its credits gain any the text names that it lacks (as a new credit set). A language
    the story already has is a Conflict. Without a slug one is made from the title in any script
    (or from a stable id of the text); if another story has it, this one gets a distinct slug and
    the result says so.
    file_format is how the text was read, remembered for the document's later files; source_time
    when the text was really written, if known (it is recorded now either way).
    """
    taken: str | None = None
    if slug:
        slug = check_slug(slug)
    else:
        wanted = text_slug(parsed.title, parsed.paragraphs)
        slug = free_slug(session, wanted)
        taken = wanted if slug != wanted else None
    story = find_story(session, slug)
    if story is None:
        insert_new(session, Story, slug=slug)
        story = get_story(session, slug)
    if (existing := find_document(story, language)) is not None:
        raise Conflict(f"story {slug!r} already has a {existing.language!r} document: "
                       "record changes with `provenance revise`")
    document = Document(story_id=story.id, language=check_language_length(language), format=file_format)
    session.add(document)
    session.flush()
    revision = record_revision(
        session, document, [PlannedParagraph(text=p) for p in parsed.paragraphs],
        parent=None,
        author=person_named(session, author) if author else None,
        activity=ACTIVITY_OF_ROLE.get(role) if role else None,
        message=message,
        title=parsed.title,
        caption=parsed.caption,
        source_time=check_source_time(source_time) if source_time is not None else None,
    )
    added = add_missing_credits(session, story, parsed.credits, language, parsed.credit_line)
    return Imported(story=slug, language=language, revision=revision.number,
                    paragraphs=len(parsed.paragraphs), credits=added,
                    caption=parsed.caption is not None, slug_taken=taken)


def add_missing_credits(
    session: Session,
    story: Story,
    credits: Sequence[ParsedCredit],
    language: str,
    credit_line: str | None = None,
) -> int:
    """Append the credits a text names that the story lacks, and the credit line as published,
    as a new credit set; return how many credits were added."""
    if not credits and credit_line is None:
        return 0
    current = story_credits(session, story)
    existing = {(c.name, c.role) for c in current}
    new = [c for c in credits if (c.name, c.role) not in existing]
    latest = current_credit_set(session, story)
    new_line = credit_line is not None and (latest is None or latest.credit_line != credit_line)
    if new or new_line:
        record_credits(session, story, [c.as_parsed() for c in current] + new,
                       message=f"credits named in the {language} text", credit_line=credit_line)
    return len(new)


def list_stories(session: Session) -> list[StorySummary]:
    """Every story with its languages, revision count and latest title, in one query."""
    rows = session.execute(
        select(Story.slug, Story.created_at, Document.id, Document.language, Revision.created_at,
               Revision.title)
        .select_from(Story)
        .outerjoin(Document, Document.story_id == Story.id)
        .outerjoin(Revision, Revision.document_id == Document.id)
        .order_by(Story.slug, Revision.created_at, Revision.id)
    )
    summaries = []
    for slug, group in groupby(rows, key=lambda row: row[0]):
        story_rows = list(group)
        languages = dict(sorted((row[2], row[3]) for row in story_rows if row[2] is not None))
        revisions = [row for row in story_rows if row[4] is not None]
        titled = [row[5] for row in revisions if row[5]]
        summaries.append(StorySummary(
            slug=slug,
            title=titled[-1] if titled else None,
            languages=list(languages.values()),
            revisions=len(revisions),
            updated=revisions[-1][4] if revisions else story_rows[0][1],
        ))
    return summaries


def revision_text(session: Session, revision: Revision) -> RevisionText:
    """The text and metadata of a revision."""
    paragraphs = session.scalars(
        select(TextBlob.body)
        .join(ParagraphVersion, ParagraphVersion.text_sha256 == TextBlob.sha256)
        .join(RevisionParagraph, RevisionParagraph.version_id == ParagraphVersion.id)
        .where(RevisionParagraph.revision_id == revision.id)
        .order_by(RevisionParagraph.position)
    ).all()
    return RevisionText(
        story=revision.document.story.slug,
        language=revision.document.language,
        revision=revision.number,
        author=author_name(session, revision.author_id),
        activity=revision.activity,
        message=revision.message,
        time=revision.time,
        hash=revision.hash,
        title=revision.title,
        caption=revision.caption,
        paragraphs=list(paragraphs),
        recorded=revision.created_at,
    )
