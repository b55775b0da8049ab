"""The ledger: people, desks, stories, documents, revisions, paragraphs, texts, derivations, credits.

Every table of the record is append-only. A revision is an immutable snapshot; a correction is a
new revision. A credit change is a new credit set. Nothing there is updated in place once
committed; only the database's settings (``setting``) are configuration that can change.
"""

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from provenance.db import Base, utcnow
from provenance.roles import ACTIVITIES, ROLES

DERIVATION_KINDS = ("edit", "move", "split", "merge", "translation")
NAME_EVENT_KINDS = ("person", "rename", "alias", "desk", "desk-rename")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Person(Base):
    """A contributor: one display name, plus the other spellings they are known by."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    aliases: Mapped[list["PersonAlias"]] = relationship(back_populates="person")


class PersonAlias(Base):
    """Another spelling of a person's name (``Karme Dorjee`` for ``Karma Dorjee``)."""

    __tablename__ = "person_alias"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    person: Mapped[Person] = relationship(back_populates="aliases")


class PersonMerge(Base):
    """Two person records were one person: the merged one now reads as the survivor.

    Credits keep the person id they were written with; whatever reads credits or looks a name up
    resolves ids through this table (people.resolve), so a merge changes how names read without
    changing a row. Merges are numbered and hashed in one chain, like credit sets.
    """

    __tablename__ = "person_merge"
    __table_args__ = (
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint("merged_id <> survivor_id", name="not_itself"),
        CheckConstraint("form_version >= 1", name="form_version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("person_merge.id"), index=True)
    # Unique: a person is merged once; merging its survivor later extends the chain instead.
    merged_id: Mapped[int] = mapped_column(ForeignKey("person.id"), unique=True)
    survivor_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The canonical-form version its hash was computed with (integrity.MERGES).
    form_version: Mapped[int] = mapped_column(Integer)


class Desk(Base):
    """An organisation unit a credit may name, such as ``RFA’s Korean Service``."""

    __tablename__ = "desk"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class NameEvent(Base):
    """A name given to a person or a desk, in one hash chain: a new person or desk, a rename, an
    alias.

    ``person.name``, ``person_alias`` and ``desk.name`` hold what these events say now; nothing
    changes them except appending an event, and verify checks them against the chain, so a name
    changed behind the ledger's back shows. Revisions and credit sets commit to the chain's head as
    it was when they were written (their ``names_id``), so their hashes cover the names they were
    recorded with.
    """

    __tablename__ = "name_event"
    __table_args__ = (
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint(_one_of("kind", NAME_EVENT_KINDS), name="kind_known"),
        CheckConstraint("(person_id IS NULL) <> (desk_id IS NULL)", name="person_or_desk"),
        CheckConstraint("form_version >= 1", name="form_version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("name_event.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    desk_id: Mapped[int | None] = mapped_column(ForeignKey("desk.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The canonical-form version its hash was computed with (integrity.NAME_EVENTS).
    form_version: Mapped[int] = mapped_column(Integer)


class Story(Base):
    """The editorial unit, known by its slug; it has one document per language."""

    __tablename__ = "story"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    documents: Mapped[list["Document"]] = relationship(
        back_populates="story", order_by="Document.id"
    )


class Document(Base):
    """A story's text in one language (a BCP 47 tag such as ``ko`` or ``en``)."""

    __tablename__ = "document"
    __table_args__ = (UniqueConstraint("story_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("story.id"), index=True)
    language: Mapped[str] = mapped_column(String(35))
    # How its first text was read (article, plain, json): later revisions and translations of a
    # file are read the same way unless told otherwise. Not history, so not hashed.
    format: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    story: Mapped[Story] = relationship(back_populates="documents")


class TextBlob(Base):
    """A text stored once under the SHA-256 of its NFC form, like a git blob."""

    __tablename__ = "text_blob"
    __table_args__ = (CheckConstraint("length(sha256) = 64", name="sha256_length"),)

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    body: Mapped[str] = mapped_column(Text)


class Revision(Base):
    """An immutable snapshot of a document: who made it, doing what, when, and its hash."""

    __tablename__ = "revision"
    __table_args__ = (
        UniqueConstraint("document_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint(_one_of("activity", ACTIVITIES), name="activity_known"),
        CheckConstraint("form_version >= 1", name="form_version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("revision.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    activity: Mapped[str | None] = mapped_column(String(20))
    message: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    caption: Mapped[str | None] = mapped_column(Text)
    # When the ledger recorded it; history is in this order.
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # When it happened in the system it came from (a CMS version's time, `revise --at`), if known,
    # and that system's own id for the version; a re-import skips versions it has seen.
    source_time: Mapped[datetime | None] = mapped_column()
    source_version: Mapped[str | None] = mapped_column(String(100))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The canonical-form version its hash was computed with (integrity.REVISIONS).
    form_version: Mapped[int] = mapped_column(Integer)
    # The head of the name chain when it was written: its hash covers the names it was recorded with.
    names_id: Mapped[int | None] = mapped_column(ForeignKey("name_event.id"), index=True)

    document: Mapped[Document] = relationship()
    parent: Mapped["Revision | None"] = relationship(remote_side=[id])
    author: Mapped[Person | None] = relationship()
    paragraphs: Mapped[list["RevisionParagraph"]] = relationship(
        order_by="RevisionParagraph.position", back_populates="revision"
    )

    @property
    def time(self) -> datetime:
        """When the revision was made: its source system's time if known, else when recorded."""
        return self.source_time if self.source_time is not None else self.created_at


class Paragraph(Base):
    """A paragraph's identity across the revisions of one document: its lineage."""

    __tablename__ = "paragraph"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)


class ParagraphVersion(Base):
    """The text of a paragraph at one point, made by one revision and reused while unchanged."""

    __tablename__ = "paragraph_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    paragraph_id: Mapped[int] = mapped_column(ForeignKey("paragraph.id"), index=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revision.id"), index=True)
    text_sha256: Mapped[str] = mapped_column(ForeignKey("text_blob.sha256"), index=True)
    # Who wrote each token, as JSON runs [[revision number, person id, count], …]: attribution.py.
    attribution: Mapped[str] = mapped_column(Text)

    paragraph: Mapped[Paragraph] = relationship()
    text: Mapped[TextBlob] = relationship()


class RevisionParagraph(Base):
    """The ordered membership of paragraph versions in a revision (positions from 1)."""

    __tablename__ = "revision_paragraph"
    __table_args__ = (
        UniqueConstraint("revision_id", "version_id"),
        CheckConstraint("position >= 1", name="position_positive"),
    )

    revision_id: Mapped[int] = mapped_column(ForeignKey("revision.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("paragraph_version.id"), index=True)

    revision: Mapped[Revision] = relationship(back_populates="paragraphs")
    version: Mapped[ParagraphVersion] = relationship()


class Derivation(Base):
    """A paragraph version came from another: by edit, move, split, merge or translation."""

    __tablename__ = "derivation"
    __table_args__ = (
        UniqueConstraint("source_id", "target_id"),
        CheckConstraint(_one_of("kind", DERIVATION_KINDS), name="kind_known"),
        CheckConstraint("similarity IS NULL OR (similarity >= 0 AND similarity <= 1)",
                        name="similarity_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("paragraph_version.id"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("paragraph_version.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    similarity: Mapped[float | None] = mapped_column(Float)


class CreditSet(Base):
    """One state of a story's credit list; a change to the credits is a new set, numbered."""

    __tablename__ = "credit_set"
    __table_args__ = (
        UniqueConstraint("story_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint("form_version >= 1", name="form_version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("story.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("credit_set.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    message: Mapped[str | None] = mapped_column(Text)
    # The credit line as published, when this set was read from one; audit compares it with the
    # byline the story's current credits make.
    credit_line: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The canonical-form version its hash was computed with (integrity.CREDIT_SETS).
    form_version: Mapped[int] = mapped_column(Integer)
    # The head of the name chain when it was written: its hash covers the names it was recorded with.
    names_id: Mapped[int | None] = mapped_column(ForeignKey("name_event.id"), index=True)

    credits: Mapped[list["Credit"]] = relationship(order_by="Credit.position")


class Credit(Base):
    """A person credited on a story in a role, maybe for a desk and from a place, at a position."""

    __tablename__ = "credit"
    __table_args__ = (
        UniqueConstraint("credit_set_id", "position"),
        CheckConstraint("position >= 1", name="position_positive"),
        CheckConstraint(_one_of("role", ROLES), name="role_known"),
        Index("ix_credit_person_role", "person_id", "role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    credit_set_id: Mapped[int] = mapped_column(ForeignKey("credit_set.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    role: Mapped[str] = mapped_column(String(30))
    desk_id: Mapped[int | None] = mapped_column(ForeignKey("desk.id"), index=True)
    location: Mapped[str | None] = mapped_column(String(200))

    person: Mapped[Person] = relationship()
    desk: Mapped[Desk | None] = relationship()


class Signature(Base):
    """An Ed25519 signature over a story's heads: who signed, when, and with which key.

    ``payload`` is the canonical JSON that was signed (the head hashes, the story, the signer and
    the time); ``value`` is the signature in hex. Only the public key's fingerprint is kept, never
    a key: whoever verifies brings the public key (signing.py).
    """

    __tablename__ = "signature"
    __table_args__ = (
        CheckConstraint("length(key_fingerprint) = 64", name="fingerprint_length"),
        CheckConstraint("length(value) = 128", name="value_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("story.id"), index=True)
    signer_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    key_fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    payload: Mapped[str] = mapped_column(Text)
    value: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class StorySource(Base):
    """One way a source system names a story: its URL, a CMS UID or id, a WordPress post id, a
    ninjs uri. A story keeps every identity it came with; importing the same source again finds
    the story by any of them, never by its title or slug."""

    __tablename__ = "story_source"
    __table_args__ = (UniqueConstraint("system", "kind", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("story.id"), index=True)
    system: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(2000))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Account(Base):
    """A login in a content system (``songj`` in Plone, author 7 in WordPress) and the person it is.

    ``linked`` says a person said who it is (`people link`, a mapping file); an account first met
    on import, unlinked, reads as a person named after the login until it is linked, which merges
    that person into the real one (people.link_account). Rows are never updated.
    """

    __tablename__ = "account"
    __table_args__ = (UniqueConstraint("system", "login"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    system: Mapped[str] = mapped_column(String(20))
    login: Mapped[str] = mapped_column(String(200))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    linked: Mapped[bool] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class StoryEvent(Base):
    """A workflow action on a story (submit, publish, reject, retract, hide, correct, …): who did it,
    when in the source system, why, and the state it left. Numbered and hashed in one chain per
    story, like credit sets."""

    __tablename__ = "story_event"
    __table_args__ = (
        UniqueConstraint("story_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint("form_version >= 1", name="form_version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("story.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("story_event.id"), index=True)
    action: Mapped[str] = mapped_column(String(100))
    state: Mapped[str | None] = mapped_column(String(100))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    comment: Mapped[str | None] = mapped_column(Text)
    source_time: Mapped[datetime] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The canonical-form version its hash was computed with (integrity.EVENTS).
    form_version: Mapped[int] = mapped_column(Integer)


class Setting(Base):
    """A setting of this database, such as the namespace its PROV exports use (settings.py).

    Settings are configuration, not history: setting one again replaces its value.
    """

    __tablename__ = "setting"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
