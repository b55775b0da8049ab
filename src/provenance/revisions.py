"""Recording revisions: content-addressed texts, paragraph versions, their order and derivations."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from provenance.db import insert_row, upsert, utcnow
from provenance.errors import ConcurrentWrite, Conflict, InputError, NotFound
from provenance.integrity import REVISIONS, canonical_hash, pending_hash, revision_fields_of
from provenance.models import (
    Derivation,
    Document,
    Paragraph,
    ParagraphVersion,
    Person,
    Revision,
    RevisionParagraph,
    TextBlob,
)
from provenance.people import names_head_seen
from provenance.text.attribution import attribution_for
from provenance.text.escaping import check_storable
from provenance.text.links import REVISION_OPS, Link
from provenance.text.normalize import text_hash

# Rows written in bulk go straight to their tables (no ORM objects to build and flush).
_REVISIONS = cast(Table, Revision.__table__)
_TEXTS = cast(Table, TextBlob.__table__)
_DERIVATIONS = cast(Table, Derivation.__table__)
_MEMBERS = cast(Table, RevisionParagraph.__table__)
_LINEAGES = cast(Table, Paragraph.__table__)
_VERSIONS = cast(Table, ParagraphVersion.__table__)
_RETURNING_IDS = {t.name: insert(t).returning(t.c.id, sort_by_parameter_order=True)
                  for t in (_LINEAGES, _VERSIONS)}
_LARGEST_ID = {t.name: select(func.max(t.c.id)) for t in (_LINEAGES, _VERSIONS)}
_INSERT_DERIVATIONS = insert(_DERIVATIONS)
_INSERT_MEMBERS = insert(_MEMBERS)
_SEAL_REVISION = (update(_REVISIONS).where(_REVISIONS.c.id == bindparam("revision"))
                  .values(hash=bindparam("sealed")))
_NEXT_IDS = "provenance.next_ids"  # session.info key: (transaction, {table: next id}) on SQLite


@dataclass(frozen=True)
class DerivedFrom:
    """Where a new paragraph version came from: a stored version, how, and how similar it is."""

    version_id: int
    kind: str
    similarity: float | None = None


@dataclass(frozen=True)
class PlannedParagraph:
    """One position of a new revision.

    ``reuse_version_id`` keeps an unchanged paragraph version as it is (nothing new is stored);
    otherwise a new version of ``text`` is made, continuing ``paragraph_id``'s lineage if given,
    else starting a new paragraph, and linked to what it ``derived_from``.
    """

    text: str
    reuse_version_id: int | None = None
    paragraph_id: int | None = None
    derived_from: tuple[DerivedFrom, ...] = ()
    # A new version of unchanged words (only its links changed) keeps that version's authorship.
    attribution_of: int | None = None


@dataclass(frozen=True)
class StoredParagraph:
    """A paragraph version of a stored revision: its version, lineage, text, the text's hash and who
    wrote which of its words (attribution.py)."""

    version_id: int
    paragraph_id: int
    text: str
    text_sha256: str
    attribution: str


def store_text(session: Session, text: str) -> str:
    """Store text once under its hash and return the hash (a concurrent writer may store it too)."""
    return store_texts(session, [text])[0]


def store_texts(session: Session, texts: Sequence[str]) -> list[str]:
    """Store each text once under its hash, in one statement (a text stored already, or by a
    concurrent writer at the same moment, is left as it is); return the hashes."""
    return [sha for sha, _ in _store_texts(session, texts)]


def _store_texts(session: Session, texts: Sequence[str]) -> list[tuple[str, str]]:
    """store_texts, with the body each hash holds (an NFC-equal text stored earlier may differ)."""
    hashes = [text_hash(t) for t in texts]
    new = dict(zip(hashes, texts, strict=True))
    if not new:
        return []
    connection = session.connection()
    new_texts = upsert(connection.dialect.name, _TEXTS).on_conflict_do_nothing().returning(_TEXTS.c.sha256)
    inserted = set(connection.execute(new_texts,
                                      [{"sha256": sha, "body": text} for sha, text in new.items()])
                   .scalars())
    held = {sha: text for sha, text in new.items() if sha in inserted}
    if len(held) < len(new):
        held.update(connection.execute(select(_TEXTS.c.sha256, _TEXTS.c.body).where(
            _TEXTS.c.sha256.in_(new.keys() - inserted))).all())
    return [(sha, held[sha]) for sha in hashes]


def latest_revision(session: Session, document: Document) -> Revision | None:
    """The highest-numbered revision of a document, or None if it has none."""
    return session.scalars(
        select(Revision).where(Revision.document_id == document.id)
        .order_by(Revision.number.desc()).limit(1)
    ).first()


def record_revision(
    session: Session,
    document: Document,
    plan: Sequence[PlannedParagraph],
    *,
    parent: Revision | None,
    author: Person | None,
    activity: str | None,
    message: str | None = None,
    title: str | None = None,
    caption: str | None = None,
    source_time: datetime | None = None,
    source_version: str | None = None,
) -> Revision:
    """Append a revision to a document following plan, and seal it with its hash.

    source_time and source_version are when and under what id the source system made it, if it
    came from one (or was dated by hand); the recorded time is always now.
    """
    return write_revision(
        session, document, plan, parent=parent, author=author, activity=activity,
        message=message, title=title, caption=caption, source_time=source_time,
        source_version=source_version)[0]


def write_revision(
    session: Session,
    document: Document,
    plan: Sequence[PlannedParagraph],
    *,
    parent: Revision | None,
    author: Person | None,
    activity: str | None,
    message: str | None = None,
    title: str | None = None,
    caption: str | None = None,
    source_time: datetime | None = None,
    source_version: str | None = None,
    known: Sequence[StoredParagraph] = (),
) -> tuple[Revision, list[StoredParagraph]]:
    """record_revision, also returning the new revision's paragraphs as stored.

    known are stored paragraph versions the caller holds already (the parent's, as the plan was
    made from them): the versions the plan reuses or derives from are read from the database only
    when they are not among them. Each table gets one statement for all its new rows, and the hash
    is computed from the values written rather than read back.
    """
    for position, planned in enumerate(plan, start=1):
        check_storable(planned.text, f"paragraph {position}")
    for what, value in (("the title", title), ("the caption", caption), ("the message", message)):
        if value is not None:
            check_storable(value, what)
    session.flush()  # the document, author and parent have their ids
    head = names_head_seen(session)
    try:
        revision = insert_row(
            session, Revision, document_id=document.id, number=parent.number + 1 if parent else 1,
            parent_id=parent.id if parent else None, author_id=author.id if author else None,
            activity=activity, message=message, title=title, caption=caption,
            created_at=utcnow(), source_time=source_time, source_version=source_version,
            hash=pending_hash(), form_version=REVISIONS.current,
            names_id=head[0] if head else None)
    except IntegrityError:
        raise ConcurrentWrite() from None
    set_committed_value(revision, "parent", parent)
    stored = {p.version_id: p for p in known}
    wanted = {p.reuse_version_id for p in plan if p.reuse_version_id is not None} | {
        d.version_id for p in plan for d in p.derived_from} | {
        p.attribution_of for p in plan if p.attribution_of is not None}
    if wanted - stored.keys():
        stored.update((p.version_id, p) for p in _stored_versions(session, wanted - stored.keys()))
    fresh = [p for p in plan if p.reuse_version_id is None]
    texts = _store_texts(session, [p.text for p in fresh])
    lineages = iter(_insert_ids(session, Paragraph, [{"document_id": document.id}] * sum(
        p.paragraph_id is None for p in fresh)))
    owner = (revision.number, author.id if author else None)
    made: list[StoredParagraph] = []
    for planned, (sha, body) in zip(fresh, texts, strict=True):
        derived = [(d.kind, stored[d.version_id].text, stored[d.version_id].attribution)
                   for d in planned.derived_from]
        made.append(StoredParagraph(
            version_id=0,
            paragraph_id=planned.paragraph_id if planned.paragraph_id is not None else next(lineages),
            text=body, text_sha256=sha,
            attribution=(stored[planned.attribution_of].attribution
                         if planned.attribution_of is not None
                         else attribution_for(planned.text, derived, owner))))
    ids = _insert_ids(session, ParagraphVersion, [
        {"paragraph_id": m.paragraph_id, "revision_id": revision.id, "text_sha256": m.text_sha256,
         "attribution": m.attribution} for m in made])
    made = [replace(m, version_id=i) for m, i in zip(made, ids, strict=True)]
    new = iter(made)
    paragraphs: list[StoredParagraph] = []
    derivations: list[tuple[int, int, str, float | None]] = []
    for planned in plan:
        if planned.reuse_version_id is not None:
            paragraphs.append(stored[planned.reuse_version_id])
        else:
            paragraphs.append(version := next(new))
            derivations += [(d.version_id, version.version_id, d.kind, d.similarity)
                            for d in planned.derived_from]
    connection = session.connection()
    if derivations:
        connection.execute(_INSERT_DERIVATIONS, [
            {"source_id": s, "target_id": t, "kind": k, "similarity": sim}
            for s, t, k, sim in derivations])
    if paragraphs:
        connection.execute(_INSERT_MEMBERS, [
            {"revision_id": revision.id, "position": position, "version_id": p.version_id}
            for position, p in enumerate(paragraphs, start=1)])
    sealed = canonical_hash(REVISIONS.form(revision.form_version, revision_fields_of(
        revision, parent=parent.hash if parent else None,
        members=[(position, p.version_id, p.paragraph_id, p.text_sha256)
                 for position, p in enumerate(paragraphs, start=1)],
        derivations=derivations, names=head[1] if head else None)))
    connection.execute(_SEAL_REVISION, {"revision": revision.id, "sealed": sealed})
    set_committed_value(revision, "hash", sealed)
    return revision, paragraphs


def _insert_ids(session: Session, model: type[Paragraph] | type[ParagraphVersion],
                rows: list[dict[str, Any]]) -> list[int]:
    """Insert rows into model's table in one statement; their ids in the order of rows."""
    if not rows:
        return []
    table = cast(Table, model.__table__)
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return list(connection.execute(_RETURNING_IDS[table.name], rows).scalars())
    # SQLite returns ids in no set order, so SQLAlchemy would insert row by row. This writer
    # holds the database's write lock (it has written the revision), and SQLite gives a new row
    # one more than the largest id: these are the ids it would give, in one statement. Only this
    # function adds rows to these tables, so the largest id is read once a transaction (savepoint).
    transaction = session.get_nested_transaction() or session.get_transaction()
    known = session.info.get(_NEXT_IDS)
    if known is None or known[0] is not transaction:
        session.info[_NEXT_IDS] = known = (transaction, {})
    next_ids: dict[str, int] = known[1]
    first = next_ids.get(table.name)
    if first is None:
        first = (connection.execute(_LARGEST_ID[table.name]).scalar() or 0) + 1
    next_ids[table.name] = first + len(rows)
    ids = list(range(first, first + len(rows)))
    connection.execute(insert(table), [{"id": i, **row} for i, row in zip(ids, rows, strict=True)])
    return ids


def _stored_versions(session: Session, ids: Iterable[int]) -> list[StoredParagraph]:
    rows = session.execute(
        select(ParagraphVersion.id, ParagraphVersion.paragraph_id, TextBlob.body,
               ParagraphVersion.text_sha256, ParagraphVersion.attribution)
        .join(TextBlob, TextBlob.sha256 == ParagraphVersion.text_sha256)
        .where(ParagraphVersion.id.in_(set(ids)))).all()
    return [StoredParagraph(*row) for row in rows]


@dataclass(frozen=True)
class Recorded:
    """What a revise recorded: the new revision and how its paragraphs relate to its parent's."""

    story: str
    language: str
    revision: int
    parent: int
    counts: dict[str, int]


def revision_paragraphs(session: Session, revision: Revision) -> list[StoredParagraph]:
    """The paragraphs of a revision in order."""
    rows = session.execute(
        select(ParagraphVersion.id, ParagraphVersion.paragraph_id, TextBlob.body,
               ParagraphVersion.text_sha256, ParagraphVersion.attribution)
        .join(RevisionParagraph, RevisionParagraph.version_id == ParagraphVersion.id)
        .join(TextBlob, TextBlob.sha256 == ParagraphVersion.text_sha256)
        .where(RevisionParagraph.revision_id == revision.id)
        .order_by(RevisionParagraph.position)
    ).all()
    return [StoredParagraph(*row) for row in rows]


def plan_from_alignment(
    old: Sequence[StoredParagraph], new: Sequence[str]
) -> tuple[list[PlannedParagraph], list[Link]]:
    """Plan a revision whose text is new on top of old, and count each kind of change.

    An identical paragraph, even one that moved, keeps its version; an edited or moved one gets a
    new version in the same lineage; the pieces of a split continue the lineage in the first piece
    and start new ones after; a merge continues the first merged paragraph's lineage.
    """
    # Imported here: alignment loads NumPy, which commands that only read do not need.
    from provenance.text.paragraph_alignment import align_paragraphs

    links = align_paragraphs([p.text for p in old], new)
    plan: list[PlannedParagraph | None] = [None] * len(new)
    for link in links:
        sources = [old[i] for i in link.source]
        if link.op == "insert":
            plan[link.target[0]] = PlannedParagraph(text=new[link.target[0]])
        elif link.op in ("equal", "move", "edit") and sources[0].text == new[link.target[0]]:
            plan[link.target[0]] = PlannedParagraph(text=new[link.target[0]],
                                                 reuse_version_id=sources[0].version_id)
        elif link.op in ("move", "edit", "merge"):
            plan[link.target[0]] = PlannedParagraph(
                text=new[link.target[0]],
                paragraph_id=sources[0].paragraph_id,
                derived_from=tuple(DerivedFrom(s.version_id, link.op, link.similarity)
                                   for s in sources),
            )
        elif link.op == "split":
            for k, j in enumerate(link.target):
                plan[j] = PlannedParagraph(
                    text=new[j],
                    paragraph_id=sources[0].paragraph_id if k == 0 else None,
                    derived_from=(DerivedFrom(sources[0].version_id, "split", link.similarity),),
                )
    assert all(p is not None for p in plan), "the aligner left a paragraph unaccounted for"
    return [p for p in plan if p is not None], links


def revise(
    session: Session,
    document: Document,
    paragraphs: Sequence[str],
    *,
    author: Person,
    activity: str,
    message: str | None = None,
    title: str | None = None,
    caption: str | None = None,
    parent_number: int | None = None,
    allow_empty: bool = False,
    at: datetime | None = None,
) -> Recorded:
    """Record a new revision of document holding paragraphs, aligned with its parent.

    The parent is the latest revision; with parent_number, the edit says which revision it was
    made from, and if that is no longer the latest it is a Conflict rather than a silent overwrite.
    With at, the revision keeps that as when it was made (its source time); it is still recorded
    now and listed after every revision recorded before it.
    """
    if at is not None:
        at = check_source_time(at)
    parent = latest_revision(session, document)
    if parent is None:
        raise NotFound(f"the {document.language!r} document has no revision to revise")
    if parent_number is not None and parent_number != parent.number:
        if not session.scalar(select(Revision.id).where(
                Revision.document_id == document.id, Revision.number == parent_number)):
            raise NotFound(f"the {document.language!r} document has no revision {parent_number}")
        raise Conflict(
            f"this edit is based on revision {parent_number}, but the latest is {parent.number}: "
            f"nothing was recorded; see `provenance diff` and revise on top of {parent.number}"
        )
    old = revision_paragraphs(session, parent)
    if [p.text for p in old] == list(paragraphs) and (title or parent.title) == parent.title \
            and (caption or parent.caption) == parent.caption and not allow_empty:
        raise InputError(f"the text is identical to revision {parent.number}: nothing recorded "
                         "(--allow-empty records it anyway)")
    plan, links = plan_from_alignment(old, paragraphs)
    revision = record_revision(
        session, document, plan, parent=parent, author=author, activity=activity,
        message=message, title=title or parent.title, caption=caption or parent.caption,
        source_time=at,
    )
    return Recorded(story=document.story.slug, language=document.language,
                    revision=revision.number, parent=parent.number, counts=_counts(links))


# A source system's clock may run a little ahead of ours; more than this is a wrong time.
CLOCK_SKEW = timedelta(minutes=5)


def check_source_time(time: datetime, what: str = "the time") -> datetime:
    """time in UTC; InputError if it has no zone or is in the future."""
    if time.tzinfo is None or time.utcoffset() is None:
        raise InputError(f"{what} {time.isoformat()} has no time zone (add Z or +09:00)")
    time = time.astimezone(UTC)
    if time > utcnow() + CLOCK_SKEW:
        raise InputError(f"{what} {time.isoformat(timespec='seconds')} is in the future")
    return time


def _counts(links: Sequence[Link]) -> dict[str, int]:
    counts = {op: 0 for op in REVISION_OPS if op != "equal"}
    for link in links:
        if link.op != "equal":
            counts[link.op] += 1
    return counts
