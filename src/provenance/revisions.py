"""Recording revisions: content-addressed texts, paragraph versions, their order and derivations."""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from provenance.db import insert_new, utcnow
from provenance.errors import ConcurrentWrite, Conflict, InputError, NotFound
from provenance.integrity import REVISIONS, canonical_hash, pending_hash, revision_form
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
from provenance.people import names_head
from provenance.text.attribution import attribution_for
from provenance.text.escaping import check_storable
from provenance.text.links import REVISION_OPS, Link
from provenance.text.normalize import text_hash


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


def store_text(session: Session, text: str) -> str:
    """Store text once under its hash and return the hash (a concurrent writer may store it too)."""
    sha = text_hash(text)
    if session.get(TextBlob, sha) is None:
        insert_new(session, TextBlob, sha256=sha, body=text)
    return sha


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
) -> Revision:
    """Append a revision to a document following plan, and seal it with its hash."""
    for position, planned in enumerate(plan, start=1):
        check_storable(planned.text, f"paragraph {position}")
    for what, value in (("the title", title), ("the caption", caption), ("the message", message)):
        if value is not None:
            check_storable(value, what)
    revision = Revision(
        document_id=document.id,
        number=parent.number + 1 if parent else 1,
        parent=parent,
        author=author,
        activity=activity,
        message=message,
        title=title,
        caption=caption,
        created_at=utcnow(),
        hash=pending_hash(),
        form_version=REVISIONS.current,
    )
    session.add(revision)
    try:
        session.flush()
    except IntegrityError:
        raise ConcurrentWrite() from None
    for position, planned in enumerate(plan, start=1):
        version_id = planned.reuse_version_id
        if version_id is None:
            paragraph_id = planned.paragraph_id
            if paragraph_id is None:
                paragraph = Paragraph(document_id=document.id)
                session.add(paragraph)
                session.flush()
                paragraph_id = paragraph.id
            sources = [
                (d.kind, source.text.body, source.attribution)
                for d in planned.derived_from
                for source in [session.get_one(ParagraphVersion, d.version_id)]
            ]
            version = ParagraphVersion(
                paragraph_id=paragraph_id,
                revision_id=revision.id,
                text_sha256=store_text(session, planned.text),
                attribution=(
                    session.get_one(ParagraphVersion, planned.attribution_of).attribution
                    if planned.attribution_of is not None
                    else attribution_for(planned.text, sources,
                                         (revision.number, author.id if author else None))),
            )
            session.add(version)
            session.flush()
            version_id = version.id
            session.add_all(
                Derivation(source_id=d.version_id, target_id=version_id, kind=d.kind,
                           similarity=d.similarity)
                for d in planned.derived_from
            )
        session.add(RevisionParagraph(revision_id=revision.id, position=position,
                                      version_id=version_id))
    head = names_head(session)
    revision.names_id = head.id if head else None
    session.flush()
    revision.hash = canonical_hash(revision_form(session, revision))
    session.flush()
    return revision


@dataclass(frozen=True)
class Recorded:
    """What a revise recorded: the new revision and how its paragraphs relate to its parent's."""

    story: str
    language: str
    revision: int
    parent: int
    counts: dict[str, int]


@dataclass(frozen=True)
class StoredParagraph:
    """A paragraph of a stored revision: its version, lineage and text."""

    version_id: int
    paragraph_id: int
    text: str


def revision_paragraphs(session: Session, revision: Revision) -> list[StoredParagraph]:
    """The paragraphs of a revision in order."""
    rows = session.execute(
        select(ParagraphVersion.id, ParagraphVersion.paragraph_id, TextBlob.body)
        .join(RevisionParagraph, RevisionParagraph.version_id == ParagraphVersion.id)
        .join(TextBlob, TextBlob.sha256 == ParagraphVersion.text_sha256)
        .where(RevisionParagraph.revision_id == revision.id)
        .order_by(RevisionParagraph.position)
    ).all()
    return [StoredParagraph(v, p, t) for v, p, t in rows]


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
) -> Recorded:
    """Record a new revision of document holding paragraphs, aligned with its parent.

    The parent is the latest revision; with parent_number, the edit says which revision it was
    made from, and if that is no longer the latest it is a Conflict rather than a silent overwrite.
    """
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
    )
    return Recorded(story=document.story.slug, language=document.language,
                    revision=revision.number, parent=parent.number, counts=_counts(links))


def _counts(links: Sequence[Link]) -> dict[str, int]:
    counts = {op: 0 for op in REVISION_OPS if op != "equal"}
    for link in links:
        if link.op != "equal":
            counts[link.op] += 1
    return counts
