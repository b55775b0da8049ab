"""The name chain: every name given to a person or desk is a hashed event, and revisions and
credit sets commit to the chain's head.

Names were plain columns: a name changed in place (``UPDATE person SET name = …``) changed every
byline and nothing could tell. The chain is started here from the names already stored, one event
each (a person, each alias, a desk), in the order they were recorded, with no author (the ledger
did not record who named them) and the time each row was made; from then on a new name, a rename or
an alias is appended by the code. Stored revisions and credit sets keep their hashes and their form
version, which commits to no names.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 22:10:00.000000
"""

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _time(value: datetime) -> str:
    # SQLite hands back naive values; they were written in UTC.
    utc = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return utc.isoformat(timespec="microseconds")


def _hash(form: dict[str, object]) -> str:
    """integrity.canonical_hash of a name event's form version 1, as it is at this migration."""
    encoded = json.dumps(form, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def upgrade() -> None:
    name_event = op.create_table(
        "name_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("desk_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("form_version", sa.Integer(), nullable=False),
        sa.CheckConstraint("number >= 1", name=op.f("ck_name_event_number_positive")),
        sa.CheckConstraint("kind IN ('person', 'rename', 'alias', 'desk', 'desk-rename')",
                           name=op.f("ck_name_event_kind_known")),
        sa.CheckConstraint("(person_id IS NULL) <> (desk_id IS NULL)",
                           name=op.f("ck_name_event_person_or_desk")),
        sa.CheckConstraint("form_version >= 1", name=op.f("ck_name_event_form_version_positive")),
        sa.ForeignKeyConstraint(["author_id"], ["person.id"], name=op.f("fk_name_event_author_id_person")),
        sa.ForeignKeyConstraint(["desk_id"], ["desk.id"], name=op.f("fk_name_event_desk_id_desk")),
        sa.ForeignKeyConstraint(["parent_id"], ["name_event.id"],
                                name=op.f("fk_name_event_parent_id_name_event")),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_name_event_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_name_event")),
        sa.UniqueConstraint("hash", name=op.f("uq_name_event_hash")),
        sa.UniqueConstraint("number", name=op.f("uq_name_event_number")),
    )
    op.create_index(op.f("ix_name_event_author_id"), "name_event", ["author_id"])
    op.create_index(op.f("ix_name_event_desk_id"), "name_event", ["desk_id"])
    op.create_index(op.f("ix_name_event_parent_id"), "name_event", ["parent_id"])
    op.create_index(op.f("ix_name_event_person_id"), "name_event", ["person_id"])
    for table in ("revision", "credit_set"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("names_id", sa.Integer(), nullable=True))
            batch_op.create_index(op.f(f"ix_{table}_names_id"), ["names_id"])
            batch_op.create_foreign_key(op.f(f"fk_{table}_names_id_name_event"), "name_event",
                                        ["names_id"], ["id"])

    bind = op.get_bind()
    time = sa.column("created_at", sa.DateTime(timezone=True))
    named = []  # (time, order, row id, kind, person, desk, name)
    person = sa.table("person", sa.column("id", sa.Integer), sa.column("name", sa.String), time)
    for row in bind.execute(sa.select(person)):
        named.append((_time(row.created_at), 0, row.id, "person", row.id, None, row.name))
    alias = sa.table("person_alias", sa.column("id", sa.Integer), sa.column("person_id", sa.Integer),
                     sa.column("name", sa.String), sa.column("created_at", sa.DateTime(timezone=True)))
    for row in bind.execute(sa.select(alias)):
        named.append((_time(row.created_at), 1, row.id, "alias", row.person_id, None, row.name))
    desk = sa.table("desk", sa.column("id", sa.Integer), sa.column("name", sa.String),
                    sa.column("created_at", sa.DateTime(timezone=True)))
    for row in bind.execute(sa.select(desk)):
        named.append((_time(row.created_at), 2, row.id, "desk", None, row.id, row.name))
    parent: tuple[int, str] | None = None
    for number, (at, _, _, kind, person_id, desk_id, name) in enumerate(sorted(named), start=1):
        digest = _hash({"format": 1, "parent": parent[1] if parent else None, "number": number,
                        "kind": kind, "person": person_id, "desk": desk_id, "name": name,
                        "author": None, "time": at})
        bind.execute(name_event.insert().values(
            id=number, number=number, parent_id=parent[0] if parent else None, kind=kind,
            person_id=person_id, desk_id=desk_id, name=name, author_id=None,
            created_at=datetime.fromisoformat(at), hash=digest, form_version=1))
        parent = (number, digest)
    if bind.dialect.name == "postgresql" and parent is not None:
        bind.execute(sa.text("SELECT setval(pg_get_serial_sequence('name_event', 'id'), :n)"),
                     {"n": parent[0]})


def downgrade() -> None:
    for table in ("revision", "credit_set"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(op.f(f"fk_{table}_names_id_name_event"), type_="foreignkey")
            batch_op.drop_index(op.f(f"ix_{table}_names_id"))
            batch_op.drop_column("names_id")
    op.drop_table("name_event")
