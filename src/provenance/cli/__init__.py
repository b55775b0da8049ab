"""The `provenance` command: a thin shell over the library, one module per command group.

Commands that need no database import neither SQLAlchemy nor Alembic, so they start fast.
"""

from typing import Any

import click

from provenance import DATABASE_URL_VARIABLE, DEFAULT_DATABASE_URL, __version__
from provenance.cli.common import AppContext
from provenance.errors import ProvenanceError


class ProvenanceGroup(click.Group):
    """A group that turns the library's errors into one line on stderr and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ProvenanceError as exc:
            raise click.ClickException(str(exc)) from None


@click.group(cls=ProvenanceGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="provenance")
@click.option(
    "--db", "database_url", envvar=DATABASE_URL_VARIABLE, metavar="URL",
    default=DEFAULT_DATABASE_URL, show_default=True,
    help="Database URL (env PROVENANCE_DATABASE_URL). The default is the SQLite file "
         "provenance.sqlite in the current directory; a shared newsroom database is "
         "postgresql+psycopg://USER@HOST/NAME.",
)
@click.pass_context
def cli(ctx: click.Context, database_url: str) -> None:
    """Who wrote which words, in which language, from what.

    \b
    Example:
      provenance demo
      provenance init && provenance import article.txt --story my-story
    """
    ctx.obj = AppContext(database_url=database_url)


def _register() -> None:
    from provenance.cli import (
        audit,
        blame,
        chain,
        config,
        credits,
        database,
        demo,
        diff,
        export,
        log,
        people,
        revisions,
        stories,
        translations,
        verify,
    )

    modules = (database, stories, revisions, log, diff, translations, chain, blame, audit, credits,
               people, export, verify, config, demo)
    for module in modules:
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    """Entry point of the console script."""
    cli(prog_name="provenance")
