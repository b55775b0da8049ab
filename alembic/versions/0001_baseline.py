"""Baseline: the ledger of people, desks, stories, documents, revisions, paragraphs and credits.

Revision ID: 0001
Revises:
Create Date: 2026-11-29 04:48:06.795960
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "desk",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_desk")),
        sa.UniqueConstraint("name", name=op.f("uq_desk_name")),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("name", name=op.f("uq_person_name")),
    )
    op.create_table(
        "story",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_story")),
        sa.UniqueConstraint("slug", name=op.f("uq_story_slug")),
    )
    op.create_table(
        "text_blob",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.CheckConstraint("length(sha256) = 64", name=op.f("ck_text_blob_sha256_length")),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_text_blob")),
    )
    op.create_table(
        "credit_set",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint("number >= 1", name=op.f("ck_credit_set_number_positive")),
        sa.ForeignKeyConstraint(
            ["author_id"], ["person.id"], name=op.f("fk_credit_set_author_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["credit_set.id"], name=op.f("fk_credit_set_parent_id_credit_set")
        ),
        sa.ForeignKeyConstraint(
            ["story_id"], ["story.id"], name=op.f("fk_credit_set_story_id_story")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_set")),
        sa.UniqueConstraint("hash", name=op.f("uq_credit_set_hash")),
        sa.UniqueConstraint("story_id", "number", name=op.f("uq_credit_set_story_id_number")),
    )
    op.create_index(op.f("ix_credit_set_author_id"), "credit_set", ["author_id"])
    op.create_index(op.f("ix_credit_set_parent_id"), "credit_set", ["parent_id"])
    op.create_index(op.f("ix_credit_set_story_id"), "credit_set", ["story_id"])

    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=35), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["story_id"], ["story.id"], name=op.f("fk_document_story_id_story")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
        sa.UniqueConstraint("story_id", "language", name=op.f("uq_document_story_id_language")),
    )
    op.create_index(op.f("ix_document_story_id"), "document", ["story_id"])

    op.create_table(
        "person_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_person_alias_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_alias")),
        sa.UniqueConstraint("name", name=op.f("uq_person_alias_name")),
    )
    op.create_index(op.f("ix_person_alias_person_id"), "person_alias", ["person_id"])

    op.create_table(
        "credit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("credit_set_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.Column("desk_id", sa.Integer(), nullable=True),
        sa.Column("location", sa.String(length=200), nullable=True),
        sa.CheckConstraint(
            "role IN ('reporter', 'additional_reporter', 'translator', 'writer', 'editor', 'copy_editor', 'photographer', 'contributor')",
            name=op.f("ck_credit_role_known"),
        ),
        sa.CheckConstraint("position >= 1", name=op.f("ck_credit_position_positive")),
        sa.ForeignKeyConstraint(
            ["credit_set_id"], ["credit_set.id"], name=op.f("fk_credit_credit_set_id_credit_set")
        ),
        sa.ForeignKeyConstraint(["desk_id"], ["desk.id"], name=op.f("fk_credit_desk_id_desk")),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_credit_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit")),
        sa.UniqueConstraint(
            "credit_set_id", "position", name=op.f("uq_credit_credit_set_id_position")
        ),
    )
    op.create_index(op.f("ix_credit_credit_set_id"), "credit", ["credit_set_id"])
    op.create_index(op.f("ix_credit_desk_id"), "credit", ["desk_id"])
    op.create_index("ix_credit_person_role", "credit", ["person_id", "role"])

    op.create_table(
        "paragraph",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_paragraph_document_id_document")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paragraph")),
    )
    op.create_index(op.f("ix_paragraph_document_id"), "paragraph", ["document_id"])

    op.create_table(
        "revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("activity", sa.String(length=20), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("caption", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint(
            "activity IN ('report', 'translate', 'write', 'edit', 'copy-edit', 'correct')",
            name=op.f("ck_revision_activity_known"),
        ),
        sa.CheckConstraint("number >= 1", name=op.f("ck_revision_number_positive")),
        sa.ForeignKeyConstraint(
            ["author_id"], ["person.id"], name=op.f("fk_revision_author_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_revision_document_id_document")
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["revision.id"], name=op.f("fk_revision_parent_id_revision")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_revision")),
        sa.UniqueConstraint("document_id", "number", name=op.f("uq_revision_document_id_number")),
        sa.UniqueConstraint("hash", name=op.f("uq_revision_hash")),
    )
    op.create_index(op.f("ix_revision_author_id"), "revision", ["author_id"])
    op.create_index(op.f("ix_revision_created_at"), "revision", ["created_at"])
    op.create_index(op.f("ix_revision_document_id"), "revision", ["document_id"])
    op.create_index(op.f("ix_revision_parent_id"), "revision", ["parent_id"])

    op.create_table(
        "paragraph_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("paragraph_id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("attribution", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["paragraph_id"],
            ["paragraph.id"],
            name=op.f("fk_paragraph_version_paragraph_id_paragraph"),
        ),
        sa.ForeignKeyConstraint(
            ["revision_id"], ["revision.id"], name=op.f("fk_paragraph_version_revision_id_revision")
        ),
        sa.ForeignKeyConstraint(
            ["text_sha256"],
            ["text_blob.sha256"],
            name=op.f("fk_paragraph_version_text_sha256_text_blob"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paragraph_version")),
    )
    op.create_index(
        op.f("ix_paragraph_version_paragraph_id"), "paragraph_version", ["paragraph_id"]
    )
    op.create_index(op.f("ix_paragraph_version_revision_id"), "paragraph_version", ["revision_id"])
    op.create_index(op.f("ix_paragraph_version_text_sha256"), "paragraph_version", ["text_sha256"])

    op.create_table(
        "derivation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('edit', 'move', 'split', 'merge', 'translation')",
            name=op.f("ck_derivation_kind_known"),
        ),
        sa.CheckConstraint(
            "similarity IS NULL OR (similarity >= 0 AND similarity <= 1)",
            name=op.f("ck_derivation_similarity_range"),
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["paragraph_version.id"],
            name=op.f("fk_derivation_source_id_paragraph_version"),
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["paragraph_version.id"],
            name=op.f("fk_derivation_target_id_paragraph_version"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_derivation")),
        sa.UniqueConstraint(
            "source_id", "target_id", name=op.f("uq_derivation_source_id_target_id")
        ),
    )
    op.create_index(op.f("ix_derivation_source_id"), "derivation", ["source_id"])
    op.create_index(op.f("ix_derivation_target_id"), "derivation", ["target_id"])

    op.create_table(
        "revision_paragraph",
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("position >= 1", name=op.f("ck_revision_paragraph_position_positive")),
        sa.ForeignKeyConstraint(
            ["revision_id"],
            ["revision.id"],
            name=op.f("fk_revision_paragraph_revision_id_revision"),
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["paragraph_version.id"],
            name=op.f("fk_revision_paragraph_version_id_paragraph_version"),
        ),
        sa.PrimaryKeyConstraint("revision_id", "position", name=op.f("pk_revision_paragraph")),
        sa.UniqueConstraint(
            "revision_id", "version_id", name=op.f("uq_revision_paragraph_revision_id_version_id")
        ),
    )
    op.create_index(op.f("ix_revision_paragraph_version_id"), "revision_paragraph", ["version_id"])


def downgrade() -> None:
    op.drop_table("revision_paragraph")
    op.drop_table("derivation")
    op.drop_table("paragraph_version")
    op.drop_table("revision")
    op.drop_table("paragraph")
    op.drop_table("credit")
    op.drop_table("person_alias")
    op.drop_table("document")
    op.drop_table("credit_set")
    op.drop_table("text_blob")
    op.drop_table("story")
    op.drop_table("person")
    op.drop_table("desk")
