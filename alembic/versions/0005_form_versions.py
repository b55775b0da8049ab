"""Each hashed record states the version of the canonical form its hash was computed with.

Revisions and person merges were all hashed with version 1. Credit sets were hashed with version 1
(no credit line) until 0004 added the credit line as published to their form (version 2) without
saying so: a credit set written before 0004 holds the hash of version 1 and is marked so here. The
hashes themselves are kept (signatures cover them); a credit set whose stored hash matches neither
form was altered and is marked 2, so verify reports it as before.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 22:00:00.000000
"""

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("revision", "credit_set", "person_merge")

credit_set = sa.table(
    "credit_set", sa.column("id", sa.Integer), sa.column("story_id", sa.Integer),
    sa.column("number", sa.Integer), sa.column("parent_id", sa.Integer),
    sa.column("author_id", sa.Integer), sa.column("message", sa.Text),
    sa.column("credit_line", sa.Text), sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("hash", sa.String), sa.column("form_version", sa.Integer),
)
credit = sa.table(
    "credit", sa.column("credit_set_id", sa.Integer), sa.column("position", sa.Integer),
    sa.column("person_id", sa.Integer), sa.column("role", sa.String), sa.column("desk_id", sa.Integer),
    sa.column("location", sa.String),
)


def _time(value: datetime) -> str:
    # SQLite hands back naive values; they were written in UTC.
    utc = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return utc.isoformat(timespec="microseconds")


def _version_1_hash(row: Any, parent_hash: str | None, credits: list[Any]) -> str:
    """The credit-set hash as the code before 0004 computed it (kept here as it was then)."""
    form = {
        "format": 1, "parent": parent_hash, "story": row.story_id, "number": row.number,
        "author": row.author_id, "message": row.message, "time": _time(row.created_at),
        "credits": [{"position": c.position, "person": c.person_id, "role": c.role, "desk": c.desk_id,
                     "location": c.location} for c in credits],
    }
    encoded = json.dumps(form, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("form_version", sa.Integer(), nullable=True))
    bind = op.get_bind()
    bind.execute(sa.text("UPDATE revision SET form_version = 1"))
    bind.execute(sa.text("UPDATE person_merge SET form_version = 1"))
    sets = bind.execute(sa.select(credit_set)).all()
    hashes = {row.id: row.hash for row in sets}
    credits: dict[int, list[Any]] = {}
    for c in bind.execute(sa.select(credit).order_by(credit.c.credit_set_id, credit.c.position)):
        credits.setdefault(c.credit_set_id, []).append(c)
    for row in sets:
        before_0004 = row.credit_line is None and row.hash == _version_1_hash(
            row, hashes.get(row.parent_id), credits.get(row.id, []))
        bind.execute(sa.update(credit_set).where(credit_set.c.id == row.id)
                     .values(form_version=1 if before_0004 else 2))
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column("form_version", existing_type=sa.Integer(), nullable=False)
            batch_op.create_check_constraint(op.f(f"ck_{table}_form_version_positive"), "form_version >= 1")


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_form_version_positive"), type_="check")
            batch_op.drop_column("form_version")
