"""Person merges: two person records that were one person, and who said so.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 05:34:25.374406
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "person_merge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("merged_id", sa.Integer(), nullable=False),
        sa.Column("survivor_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint("merged_id <> survivor_id", name=op.f("ck_person_merge_not_itself")),
        sa.CheckConstraint("number >= 1", name=op.f("ck_person_merge_number_positive")),
        sa.ForeignKeyConstraint(
            ["author_id"], ["person.id"], name=op.f("fk_person_merge_author_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["merged_id"], ["person.id"], name=op.f("fk_person_merge_merged_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["person_merge.id"], name=op.f("fk_person_merge_parent_id_person_merge")
        ),
        sa.ForeignKeyConstraint(
            ["survivor_id"], ["person.id"], name=op.f("fk_person_merge_survivor_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_merge")),
        sa.UniqueConstraint("hash", name=op.f("uq_person_merge_hash")),
        sa.UniqueConstraint("merged_id", name=op.f("uq_person_merge_merged_id")),
        sa.UniqueConstraint("number", name=op.f("uq_person_merge_number")),
    )
    op.create_index(op.f("ix_person_merge_author_id"), "person_merge", ["author_id"])
    op.create_index(op.f("ix_person_merge_parent_id"), "person_merge", ["parent_id"])
    op.create_index(op.f("ix_person_merge_survivor_id"), "person_merge", ["survivor_id"])


def downgrade() -> None:
    op.drop_table("person_merge")
