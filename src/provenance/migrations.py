"""Creating and upgrading the schema with Alembic, on SQLite and PostgreSQL alike."""

from dataclasses import dataclass

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from provenance.db import describe, first_line
from provenance.errors import DatabaseError
from provenance.resources import resource_dir


@dataclass(frozen=True)
class MigrationInfo:
    """One migration script."""

    revision: str
    down_revision: str | None
    description: str
    is_head: bool


def _config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(resource_dir("alembic")))
    config.attributes["engine"] = engine
    return config


def head() -> str:
    """The newest migration's identifier."""
    script = ScriptDirectory.from_config(_config_without_engine())
    current = script.get_current_head()
    assert current is not None
    return current


def _config_without_engine() -> Config:
    config = Config()
    config.set_main_option("script_location", str(resource_dir("alembic")))
    return config


def current(engine: Engine) -> str | None:
    """The migration the database is at, or None for a database without our schema."""
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except DBAPIError as exc:
        raise DatabaseError(f"cannot use {describe(engine)}: {first_line(exc)}") from None


def upgrade(engine: Engine, target: str = "head") -> None:
    """Upgrade the database to target (the newest schema by default) in one transaction."""
    command.upgrade(_config(engine), target)


def downgrade(engine: Engine, target: str) -> None:
    """Downgrade the database to target (``base`` removes the schema) in one transaction."""
    command.downgrade(_config(engine), target)


def history() -> list[MigrationInfo]:
    """Every migration, newest first."""
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
