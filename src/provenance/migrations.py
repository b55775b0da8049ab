"""Creating and upgrading the schema with Alembic, on SQLite and PostgreSQL alike."""

from collections.abc import Callable
from dataclasses import dataclass

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from provenance.db import describe, first_line, is_read_only, read_only, refresh_statistics
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
        if is_read_only(exc):
            raise read_only(engine) from None
        raise DatabaseError(f"cannot use {describe(engine)}: {first_line(exc)}") from None


def _known(engine: Engine) -> str | None:
    """The database's schema, or DatabaseError if it is one this code does not know (newer)."""
    at = current(engine)
    if at is not None and at not in {m.revision for m in history()}:
        raise DatabaseError(f"{describe(engine)} is at schema {at}, newer than this provenance knows "
                            f"(its newest is {head()}): use a newer provenance; nothing was changed")
    return at


def _migrate(engine: Engine, run: Callable[[Config, str], None], target: str) -> None:
    try:
        run(_config(engine), target)
    except CommandError as exc:
        raise DatabaseError(f"cannot migrate to {target!r}: {str(exc).splitlines()[0]}") from None
    except DBAPIError as exc:
        raise DatabaseError(f"cannot migrate {describe(engine)}: {first_line(exc)}") from None
    refresh_statistics(engine, every_table=True)


def _position(revision: str) -> int | None:
    order = [m.revision for m in reversed(history())]
    return order.index(revision) + 1 if revision in order else None


def upgrade(engine: Engine, target: str = "head") -> None:
    """Upgrade the database to target (the newest schema by default) in one transaction."""
    at, wanted = _known(engine), _position(target)
    if at is not None and wanted is not None and (_position(at) or 0) > wanted:
        raise DatabaseError(f"{describe(engine)} is at schema {at}, newer than {target}: nothing "
                            f"was changed (`provenance db downgrade {target}` goes back)")
    _migrate(engine, command.upgrade, target)


def downgrade(engine: Engine, target: str) -> None:
    """Downgrade the database to target (``base`` removes the schema) in one transaction."""
    _known(engine)
    _migrate(engine, command.downgrade, target)


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
    if at not in {m.revision for m in history()}:
        raise DatabaseError(f"{describe(engine)} is at schema {at}, newer than this provenance knows "
                            f"(its newest is {head()}): use a newer provenance")
    if at != head():
        raise DatabaseError(f"{describe(engine)} is at schema {at}, this provenance needs {head()}: "
                            "run `provenance db upgrade`")
