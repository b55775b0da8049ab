"""The format a document's text was imported in, so later files are read the same way; settings.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 22:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Documents imported before this was kept have none: their files are read by name as before.
    with op.batch_alter_table("document") as batch_op:
        batch_op.add_column(sa.Column("format", sa.String(length=20), nullable=True))
    op.create_table(
        "setting",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_setting")),
    )


def downgrade() -> None:
    op.drop_table("setting")
    with op.batch_alter_table("document") as batch_op:
        batch_op.drop_column("format")
