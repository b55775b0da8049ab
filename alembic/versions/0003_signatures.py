"""Signatures: a story's head hashes signed with an Ed25519 key, kept with the key's fingerprint.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 06:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "signature",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("signer_id", sa.Integer(), nullable=True),
        sa.Column("key_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("value", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "length(key_fingerprint) = 64", name=op.f("ck_signature_fingerprint_length")
        ),
        sa.CheckConstraint("length(value) = 128", name=op.f("ck_signature_value_length")),
        sa.ForeignKeyConstraint(
            ["signer_id"], ["person.id"], name=op.f("fk_signature_signer_id_person")
        ),
        sa.ForeignKeyConstraint(["story_id"], ["story.id"], name=op.f("fk_signature_story_id_story")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signature")),
    )
    op.create_index(op.f("ix_signature_key_fingerprint"), "signature", ["key_fingerprint"])
    op.create_index(op.f("ix_signature_signer_id"), "signature", ["signer_id"])
    op.create_index(op.f("ix_signature_story_id"), "signature", ["story_id"])


def downgrade() -> None:
    op.drop_table("signature")
