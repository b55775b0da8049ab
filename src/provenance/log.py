"""The log: revisions with who made them, when, why and what they changed, for one document
(`provenance log STORY`) or across every story (`provenance log --all`)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.blame import is_word
from provenance.diffing import ParagraphDiff, diff_texts
from provenance.models import Document, Person, Revision
from provenance.people import ids_reading_as, names_now
from provenance.revisions import revision_paragraphs
from provenance.text.links import REVISION_OPS
from provenance.text.word_diff import tokenize


@dataclass(frozen=True)
class LogEntry:
    """One revision: where, who, what activity, when, why, its hash, and what it changed from its
    parent (paragraph operations by kind, and words added and removed)."""

    story: str
    language: str
    revision: int
    author: str | None
    activity: str | None
    time: datetime
    message: str | None
    hash: str
    counts: dict[str, int]
    words_added: int
    words_removed: int


def _counts(paragraphs: Sequence[ParagraphDiff]) -> dict[str, int]:
    counts = {op: 0 for op in REVISION_OPS if op != "equal"}
    for paragraph in paragraphs:
        if paragraph.op != "equal":
            counts[paragraph.op] += 1
    return counts


def _entries(session: Session, revisions: Iterable[Revision],
             texts: dict[int, list[str]] | None = None) -> list[LogEntry]:
    revisions = list(revisions)
    texts = {} if texts is None else texts

    def text_of(revision: Revision) -> list[str]:
        if revision.id not in texts:
            texts[revision.id] = [p.text for p in revision_paragraphs(session, revision)]
        return texts[revision.id]

    names = names_now(session, {r.author_id for r in revisions})
    entries = []
    for revision in revisions:
        old = text_of(revision.parent) if revision.parent else []
        paragraphs = diff_texts(old, text_of(revision))
        added = removed = 0
        for paragraph in paragraphs:
            for change in paragraph.changes:
                if change.op in ("insert", "replace"):
                    added += sum(map(is_word, tokenize(change.new)))
                if change.op in ("delete", "replace"):
                    removed += sum(map(is_word, tokenize(change.old)))
        document = revision.document
        entries.append(LogEntry(
            story=document.story.slug, language=document.language, revision=revision.number,
            author=names[revision.author_id], activity=revision.activity, time=revision.created_at,
            message=revision.message, hash=revision.hash, counts=_counts(paragraphs),
            words_added=added, words_removed=removed,
        ))
    return entries


def document_log(session: Session, document: Document) -> list[LogEntry]:
    """Every revision of a document, newest first."""
    revisions = list(session.scalars(
        select(Revision).where(Revision.document_id == document.id).order_by(Revision.number)))
    return _entries(session, revisions)[::-1]


def activity_log(
    session: Session,
    *,
    person: Person | None = None,
    since: datetime | None = None,
    activity: str | None = None,
) -> list[LogEntry]:
    """Revisions across every story, newest first, filtered by author, time and activity."""
    query = select(Revision).order_by(Revision.created_at.desc(), Revision.id.desc())
    if person is not None:
        query = query.where(Revision.author_id.in_(ids_reading_as(session, person)))
    if since is not None:
        query = query.where(Revision.created_at >= since)
    if activity is not None:
        query = query.where(Revision.activity == activity)
    return _entries(session, session.scalars(query))
