"""`provenance init` and `provenance db …`: creating and migrating the database."""

from typing import TYPE_CHECKING

import click

from provenance.cli.common import database_url, echo, emit_json, format_option, note

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


def _engine(ctx: click.Context, must_exist: bool = True, read_only: bool = False) -> "Engine":
    from provenance.db import make_engine

    return make_engine(database_url(ctx), must_exist=must_exist, read_only=read_only)


@click.command()
@click.pass_context
def init(ctx: click.Context) -> None:
    """Create the database, or upgrade it to the newest schema.

    \b
    Example:
      provenance init
      provenance --db postgresql+psycopg://postgres@127.0.0.1/newsroom init
    """
    from provenance.db import describe
    from provenance.migrations import current, head, upgrade

    engine = _engine(ctx, must_exist=False)
    before = current(engine)
    upgrade(engine)
    if before == head():
        note(f"{describe(engine)} is already at the newest schema ({head()})")
    elif before is None:
        note(f"created a provenance database at {describe(engine)} (schema {head()})")
    else:
        note(f"upgraded {describe(engine)} from schema {before} to {head()}")


@click.group()
def db() -> None:
    """Migrate the database schema (wraps Alembic).

    \b
    Example:
      provenance db current
    """


@db.command("upgrade")
@click.argument("target", default="head")
@click.pass_context
def db_upgrade(ctx: click.Context, target: str) -> None:
    """Upgrade the schema to TARGET (default: the newest).

    \b
    Example:
      provenance db upgrade
    """
    from provenance.migrations import upgrade

    upgrade(_engine(ctx), target)


@db.command("downgrade")
@click.argument("target")
@click.pass_context
def db_downgrade(ctx: click.Context, target: str) -> None:
    """Downgrade the schema to TARGET (`base` removes every table and all data in them).

    \b
    Example:
      provenance db downgrade base
    """
    from provenance.migrations import downgrade

    downgrade(_engine(ctx), target)


@db.command("current")
@click.pass_context
def db_current(ctx: click.Context) -> None:
    """Print the schema migration the database is at.

    \b
    Example:
      provenance db current
    """
    from provenance.migrations import current, head

    at = current(_engine(ctx, read_only=True))
    echo(f"{at} (head)" if at == head() else (at or "none: not a provenance database"))


@db.command("history")
@format_option("text", "json")
def db_history(fmt: str) -> None:
    """List the schema migrations, newest first.

    \b
    Example:
      provenance db history
    """
    from provenance.migrations import history

    migrations = history()
    if fmt == "json":
        emit_json(migrations)
        return
    for m in migrations:
        head_mark = " (head)" if m.is_head else ""
        echo(f"{m.down_revision or '<base>'} -> {m.revision}{head_mark}: {m.description}")


COMMANDS = [init, db]
