"""Creating and upgrading the schema with Alembic, on SQLite and PostgreSQL alike.

Every command checks the schema version before it starts, so that check reads the migration files'
identifiers and the database's ``alembic_version`` row directly: loading Alembic (and Mako with
it) would cost more than most commands' own work. Alembic is imported only to change the schema.
"""

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from provenance.db import describe, first_line
from provenance.errors import DatabaseError
from provenance.resources import resource_dir

if TYPE_CHECKING:
    from alembic.config import Config

_REVISION = re.compile(r"^(down_revision|revision)\b[^=\n]*=\s*(?:None|[\"']([^\"']+)[\"'])", re.M)


@dataclass(frozen=True)
class MigrationInfo:
    """One migration script."""

    revision: str
    down_revision: str | None
    description: str
    is_head: bool


def _config(engine: Engine) -> "Config":
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resource_dir("alembic")))
    config.attributes["engine"] = engine
    return config


def head() -> str:
    """The newest migration's identifier, read from the migration files' ``revision`` and
    ``down_revision`` lines: the one revision no other migration follows."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (resource_dir("alembic") / "versions").glob("*.py"):
        for key, value in _REVISION.findall(path.read_text(encoding="utf-8")):
            if value:
                (revisions if key == "revision" else parents).add(value)
    heads = sorted(revisions - parents)
    if len(heads) != 1:
        raise DatabaseError(f"the migrations have {len(heads)} heads ({', '.join(heads)}), not one")
    return heads[0]


def _config_without_engine() -> "Config":
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resource_dir("alembic")))
    return config


def current(engine: Engine) -> str | None:
    """The migration the database is at, or None for a database without our schema."""
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return None
            versions: list[str] = list(connection.execute(
                text("SELECT version_num FROM alembic_version")).scalars())
    except DBAPIError as exc:
        raise DatabaseError(f"cannot use {describe(engine)}: {first_line(exc)}") from None
    return versions[0] if len(versions) == 1 else None


def upgrade(engine: Engine, target: str = "head") -> None:
    """Upgrade the database to target (the newest schema by default) in one transaction."""
    from alembic import command

    command.upgrade(_config(engine), target)


def downgrade(engine: Engine, target: str) -> None:
    """Downgrade the database to target (``base`` removes the schema) in one transaction."""
    from alembic import command

    command.downgrade(_config(engine), target)


def history() -> list[MigrationInfo]:
    """Every migration, newest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_config_without_engine())
    heads = set(script.get_heads())
    return [
        MigrationInfo(s.revision, s.down_revision if isinstance(s.down_revision, str) else None,
                      s.doc, s.revision in heads)
        for s in script.walk_revisions()
    ]


def require_current(engine: Engine) -> None:
    """Raise DatabaseError unless the database is at the newest schema."""
    at = current(engine)
    if at is None:
        raise DatabaseError(f"{describe(engine)} is not a provenance database: run `provenance init`")
    if at != head():
        raise DatabaseError(f"{describe(engine)} is at schema {at}, this provenance needs {head()}: "
                            "run `provenance db upgrade`")
