"""The `provenance` command: a thin shell over the library, one module per command group.

A command's module is imported only when that command runs (or help lists it), and each module
imports the library only inside its commands: so a command pays at start-up for what it uses, and
commands that need no database import neither SQLAlchemy nor Alembic.
"""

import errno
import gc
import importlib
from typing import Any

import click

from provenance import DATABASE_URL_VARIABLE, DEFAULT_DATABASE_URL, __version__
from provenance.cli.common import AppContext
from provenance.errors import ProvenanceError
from provenance.text.escaping import visible

# Which module of provenance.cli defines each command, so that only the one that runs is imported.
COMMAND_MODULES = {
    "init": "database", "db": "database",
    "import": "importing", "stories": "stories", "show": "stories",
    "revise": "revisions",
    "log": "log",
    "diff": "diff",
    "translate": "translations", "links": "translations",
    "chain": "chain",
    "blame": "blame",
    "audit": "audit",
    "credits": "credits", "byline": "credits",
    "people": "people",
    "export": "export", "report": "export",
    "verify": "verify", "checkpoint": "verify", "keygen": "verify", "sign": "verify",
    "config": "config",
    "demo": "demo",
}

REPORT_HINT = "this is a bug in provenance: please report it with the command you ran " \
              "(--debug shows the traceback)"


def _escape_message(exc: click.ClickException) -> None:
    # Click quotes what it was given (an unknown option, a bad value) in its message.
    exc.__dict__["message"] = visible(exc.message)


class ProvenanceGroup(click.Group):
    """A group that turns every error into one line on stderr: the library's own with exit code 1,
    usage mistakes with 2, and anything unforeseen with 1 and a hint to report it (the traceback
    only with --debug). What the line quotes from input is shown escaped.

    Its commands are loaded on demand (Click's lazy group): modules maps each command's name to the
    module of provenance.cli that defines it in its ``COMMANDS``.
    """

    def __init__(self, *args: Any, modules: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.modules = modules or {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.modules})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in self.modules:
            module = importlib.import_module(f"provenance.cli.{self.modules[cmd_name]}")
            command = next(c for c in module.COMMANDS if c.name == cmd_name)
            self.add_command(command)
        return command

    def resolve_command(self, ctx: click.Context,
                        args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.NoSuchCommand as exc:
            # Suggest from every command, not only the ones loaded so far.
            raise click.exceptions.NoSuchCommand(exc.command_name, possibilities=self.list_commands(ctx),
                                                 ctx=ctx) from None

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.ClickException as exc:
            _escape_message(exc)
            raise

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ProvenanceError as exc:
            raise click.ClickException(visible(str(exc))) from None
        except click.ClickException as exc:
            _escape_message(exc)
            raise
        except (click.exceptions.Exit, click.Abort):
            raise
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                raise  # a reader that stopped reading (`| head`): click exits quietly
            self._unforeseen(ctx, exc)
        except Exception as exc:
            self._unforeseen(ctx, exc)

    @staticmethod
    def _unforeseen(ctx: click.Context, exc: BaseException) -> None:
        app = ctx.find_object(AppContext)
        if app is not None and app.debug:
            raise exc
        detail = visible(str(exc).strip().splitlines()[0][:200]) if str(exc).strip() else ""
        raise click.ClickException(
            f"unexpected {type(exc).__name__}{': ' + detail if detail else ''}; {REPORT_HINT}"
        ) from None


@click.group(cls=ProvenanceGroup, modules=COMMAND_MODULES,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="provenance")
@click.option(
    "--db", "database_url", envvar=DATABASE_URL_VARIABLE, metavar="URL",
    default=DEFAULT_DATABASE_URL, show_default=True,
    help="Database URL (env PROVENANCE_DATABASE_URL). The default is the SQLite file "
         "provenance.sqlite in the current directory; a shared newsroom database is "
         "postgresql+psycopg://USER@HOST/NAME.",
)
@click.option("--debug", is_flag=True, help="On an unexpected error, show the full traceback.")
@click.pass_context
def cli(ctx: click.Context, database_url: str, debug: bool) -> None:
    """Who wrote which words, in which language, from what.

    \b
    Example:
      provenance demo
      provenance init && provenance import article.txt --story my-story
    """
    ctx.obj = AppContext(database_url=database_url, debug=debug)


def main() -> None:
    """Entry point of the console script."""
    # Start-up makes tens of thousands of long-lived objects and next to no garbage; collecting
    # over them cost a short command a tenth of its CPU. The collector is off until the command
    # turns to its database (common.end_startup).
    gc.disable()
    cli(prog_name="provenance")
