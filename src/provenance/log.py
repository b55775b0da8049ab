"""The log: revisions with who made them, when, why and what they changed, for one document
(`provenance log STORY`) or across every story (`provenance log --all`).

Each revision is compared with its parent once. The revisions and the texts of both sides come in
one query, in the order they are listed, so the log of a whole archive costs a few queries and is
read and yielded one revision at a time, in memory that does not grow with the archive.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, literal_column, null, select, union_all
from sqlalchemy.orm import Session

from provenance.blame import is_word
from provenance.models import (
    Document,
    ParagraphVersion,
    Person,
    Revision,
    RevisionParagraph,
    Story,
    TextBlob,
)
from provenance.people import ids_reading_as, names_now
from provenance.text.links import REVISION_OPS, Link
from provenance.text.word_diff import tokenize, word_diff

# Rows a query yields at a time: the texts of a few dozen revisions.
_BATCH_ROWS = 1000


@dataclass(frozen=True)
class LogEntry:
    """One revision: where, who, what activity, when, why, its hash, and what it changed from its
    parent (paragraph operations by kind, and words added and removed)."""

    story: str
    language: str
    revision: int
    author: str | None
    activity: str | None
    time: datetime  # when it was made: its source system's time if known (`revise --at`, a CMS)
    message: str | None
    hash: str
    counts: dict[str, int]
    words_added: int
    words_removed: int
    recorded: datetime | None = None  # when the ledger recorded it; history is in this order


def _words(text: str) -> int:
    return sum(map(is_word, tokenize(text)))


def changes(old: Sequence[str], new: Sequence[str]) -> tuple[dict[str, int], int, int]:
    """What new changed from old: paragraph operations by kind, words added, words removed.

    The paragraphs are aligned as `diff` aligns them, and the words counted in its word diff of
    each aligned group; a paragraph only inserted or deleted is counted without diffing.
    """
    counts = {op: 0 for op in REVISION_OPS if op != "equal"}
    if not old:  # nothing to align with: every paragraph is new
        links = [Link("insert", (), (j,), None) for j in range(len(new))]
    else:
        # Imported here: alignment loads NumPy, which a log of first revisions does not need.
        from provenance.text.paragraph_alignment import align_paragraphs
        links = align_paragraphs(old, new)
    added = removed = 0
    for link in links:
        if link.op != "equal":
            counts[link.op] += 1
        before = " ".join(old[i] for i in link.source)
        after = " ".join(new[j] for j in link.target)
        if before == after:
            continue
        if not before or not after:  # the word diff would be one insert or one delete
            added += _words(after)
            removed += _words(before)
            continue
        for change in word_diff(before, after):
            if change.op in ("insert", "replace"):
                added += _words(change.new)
            if change.op in ("delete", "replace"):
                removed += _words(change.old)
    return counts, added, removed


def _entries(session: Session, where: Sequence[ColumnElement[bool]],
             order: Sequence[str]) -> Iterator[LogEntry]:
    """The revisions matching where, in order (names of the query's columns, newest first), each
    with what it changed from its parent.

    One query yields, for each revision in turn, a row of its own, then its parent's paragraphs,
    then its own paragraphs; a second looks up the authors' names first.
    """
    names = names_now(session, session.scalars(select(Revision.author_id).where(*where).distinct()))
    keys = (Revision.created_at.label("created_at"), Revision.id.label("revision_id"),
            Revision.number.label("number"))

    def paragraphs(side: int, of: Any) -> Any:
        return (
            select(*keys, literal_column(str(side)).label("side"),
                   RevisionParagraph.position.label("position"), TextBlob.body.label("body"),
                   *[null().label(name) for name in _HEADER])
            .join(RevisionParagraph, RevisionParagraph.revision_id == of)
            .join(ParagraphVersion, ParagraphVersion.id == RevisionParagraph.version_id)
            .join(TextBlob, TextBlob.sha256 == ParagraphVersion.text_sha256)
            .where(*where)
        )

    header: Any = (
        select(*keys, literal_column("0").label("side"), literal_column("0").label("position"),
               null().label("body"), Story.slug.label("story"), Document.language.label("language"),
               Revision.author_id.label("author_id"), Revision.activity.label("activity"),
               Revision.source_time.label("source_time"), Revision.message.label("message"),
               Revision.hash.label("hash"))
        .join(Document, Document.id == Revision.document_id)
        .join(Story, Story.id == Document.story_id)
        .where(*where)
    )
    query = union_all(header, paragraphs(1, Revision.parent_id), paragraphs(2, Revision.id))
    columns = query.selected_columns
    query = query.order_by(*[columns[name].desc() for name in order],
                           columns.side, columns.position)
    rows = session.execute(query, execution_options={"yield_per": _BATCH_ROWS})
    current: Any = None
    texts: tuple[list[str], list[str]] = ([], [])
    for row in rows:
        if row.side == 0:
            if current is not None:
                yield _entry(current, names, texts)
            current, texts = row, ([], [])
        else:
            texts[row.side - 1].append(row.body)
    if current is not None:
        yield _entry(current, names, texts)


_HEADER = ("story", "language", "author_id", "activity", "source_time", "message", "hash")


def _entry(row: Any, names: dict[int | None, str | None],
           texts: tuple[list[str], list[str]]) -> LogEntry:
    counts, added, removed = changes(*texts)
    return LogEntry(
        story=row.story, language=row.language, revision=row.number,
        author=names[row.author_id], activity=row.activity,
        time=row.source_time if row.source_time is not None else row.created_at,
        message=row.message, hash=row.hash, counts=counts, words_added=added,
        words_removed=removed, recorded=row.created_at,
    )


def document_log(session: Session, document: Document) -> list[LogEntry]:
    """Every revision of a document, newest first."""
    return list(_entries(session, [Revision.document_id == document.id], ["number"]))


def activity_log(
    session: Session,
    *,
    person: Person | None = None,
    since: datetime | None = None,
    activity: str | None = None,
) -> Iterator[LogEntry]:
    """Revisions across every story, newest first (in the order recorded), filtered by author,
    time and activity; yielded as they are read, so a whole archive never sits in memory."""
    where: list[ColumnElement[bool]] = []
    if person is not None:
        where.append(Revision.author_id.in_(ids_reading_as(session, person)))
    if since is not None:
        where.append(Revision.created_at >= since)
    if activity is not None:
        where.append(Revision.activity == activity)
    return _entries(session, where, ["created_at", "revision_id"])
