"""Content-system sources: story identities, accounts, workflow events, a revision's source time.

A revision's source time and version id come under its hash in revision form version 2; every
revision stored before keeps form 1 and verifies as before. Events are hashed from the start.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 22:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("revision") as batch_op:
        batch_op.add_column(sa.Column("source_time", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("source_version", sa.String(length=100), nullable=True))
    op.create_table(
        "story_source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("system", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("value", sa.String(length=2000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["story_id"], ["story.id"], name=op.f("fk_story_source_story_id_story")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_story_source")),
        sa.UniqueConstraint("system", "kind", "value", name=op.f("uq_story_source_system_kind_value")),
    )
    op.create_index(op.f("ix_story_source_story_id"), "story_source", ["story_id"])
    op.create_table(
        "account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("system", sa.String(length=20), nullable=False),
        sa.Column("login", sa.String(length=200), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("linked", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_account_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account")),
        sa.UniqueConstraint("system", "login", name=op.f("uq_account_system_login")),
    )
    op.create_index(op.f("ix_account_person_id"), "account", ["person_id"])
    op.create_table(
        "story_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=100), nullable=False),
        sa.Column("state", sa.String(length=100), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("source_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("form_version", sa.Integer(), nullable=False),
        sa.CheckConstraint("number >= 1", name=op.f("ck_story_event_number_positive")),
        sa.CheckConstraint("form_version >= 1", name=op.f("ck_story_event_form_version_positive")),
        sa.ForeignKeyConstraint(["author_id"], ["person.id"], name=op.f("fk_story_event_author_id_person")),
        sa.ForeignKeyConstraint(["parent_id"], ["story_event.id"],
                                name=op.f("fk_story_event_parent_id_story_event")),
        sa.ForeignKeyConstraint(["story_id"], ["story.id"], name=op.f("fk_story_event_story_id_story")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_story_event")),
        sa.UniqueConstraint("hash", name=op.f("uq_story_event_hash")),
        sa.UniqueConstraint("story_id", "number", name=op.f("uq_story_event_story_id_number")),
    )
    op.create_index(op.f("ix_story_event_author_id"), "story_event", ["author_id"])
    op.create_index(op.f("ix_story_event_parent_id"), "story_event", ["parent_id"])
    op.create_index(op.f("ix_story_event_story_id"), "story_event", ["story_id"])


def downgrade() -> None:
    op.drop_table("story_event")
    op.drop_table("account")
    op.drop_table("story_source")
    # Not batch mode: on SQLite that copies the table, which the rows pointing at revisions forbid;
    # SQLite 3.35 and later drop a column in place.
    op.drop_column("revision", "source_version")
    op.drop_column("revision", "source_time")
