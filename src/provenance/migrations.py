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

from provenance.db import describe, first_line, is_read_only, read_only, refresh_statistics
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


def _revisions() -> tuple[set[str], set[str]]:
    """Every migration's identifier and every one another follows, from the migration files'
    ``revision`` and ``down_revision`` lines."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (resource_dir("alembic") / "versions").glob("*.py"):
        for key, value in _REVISION.findall(path.read_text(encoding="utf-8")):
            if value:
                (revisions if key == "revision" else parents).add(value)
    return revisions, parents


def known_revisions() -> set[str]:
    """The identifier of every migration this code has."""
    return _revisions()[0]


def head() -> str:
    """The newest migration's identifier: the one revision no other migration follows."""
    revisions, parents = _revisions()
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
        if is_read_only(exc):
            raise read_only(engine) from None
        raise DatabaseError(f"cannot use {describe(engine)}: {first_line(exc)}") from None
    return versions[0] if len(versions) == 1 else None


def _known(engine: Engine) -> str | None:
    """The database's schema, or DatabaseError if it is one this code does not know (newer)."""
    at = current(engine)
    if at is not None and at not in known_revisions():
        raise DatabaseError(f"{describe(engine)} is at schema {at}, newer than this provenance knows "
                            f"(its newest is {head()}): use a newer provenance; nothing was changed")
    return at


def _migrate(engine: Engine, direction: str, target: str) -> None:
    from alembic import command
    from alembic.util import CommandError

    run = command.upgrade if direction == "upgrade" else command.downgrade
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
    _migrate(engine, "upgrade", target)


def downgrade(engine: Engine, target: str) -> None:
    """Downgrade the database to target (``base`` removes the schema) in one transaction."""
    _known(engine)
    _migrate(engine, "downgrade", target)


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
    if at not in known_revisions():
        raise DatabaseError(f"{describe(engine)} is at schema {at}, newer than this provenance knows "
                            f"(its newest is {head()}): use a newer provenance")
    if at != head():
        raise DatabaseError(f"{describe(engine)} is at schema {at}, this provenance needs {head()}: "
                            "run `provenance db upgrade`")
