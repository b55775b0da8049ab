"""What every command shares: opening the database, output formats, one-line errors."""

import dataclasses
import gc
import json
import sys
import textwrap
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

import click

from provenance.text.escaping import escape_json, visible

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

F = TypeVar("F", bound=Callable[..., Any])

# The largest number a revision, position or paragraph can have: PostgreSQL's integer column.
LARGEST_NUMBER = 2**31 - 1
# A revision, position or paragraph number given on the command line.
NUMBER = click.IntRange(1, LARGEST_NUMBER)


@dataclasses.dataclass
class AppContext:
    """Options given to the root command."""

    database_url: str
    debug: bool = False


def database_url(ctx: click.Context) -> str:
    """The database URL chosen with --db or the environment. A command asks for it as it turns to
    its database, which ends its start-up (see end_startup)."""
    end_startup()
    app = ctx.find_object(AppContext)
    assert app is not None
    return app.database_url


def end_startup() -> None:
    """Turn the garbage collector back on (main turns it off for start-up), first moving what
    start-up made (modules, classes, compiled patterns: long-lived, no garbage) out of its way."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


@contextmanager
def session_scope(ctx: click.Context, *, read_only: bool = False) -> Iterator["Session"]:
    """A session on the chosen database, at the current schema, in one transaction.

    A command that only reads says read_only: it takes no write lock, so it never holds up a
    writer, and it works on a database the user may only read.
    """
    from provenance.db import make_engine, refresh_statistics, transaction
    from provenance.migrations import require_current

    engine = make_engine(database_url(ctx), read_only=read_only)
    try:
        require_current(engine)
        with transaction(engine) as session:
            yield session
        if not read_only:
            refresh_statistics(engine)
    finally:
        engine.dispose()


def format_option(*choices: str, default: str = "text") -> Callable[[F], F]:
    """The --format option of a listing or report command."""
    return click.option(
        "--format", "fmt", type=click.Choice(choices), default=default, show_default=True,
        help="Output format; json is for scripts.",
    )


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


class TimeParam(click.ParamType[datetime]):
    """An ISO 8601 time with a zone (``2021-03-02T09:30:00+09:00``, ``2021-03-02T00:30Z``)."""

    name = "time"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> datetime:
        if isinstance(value, datetime):
            return value
        try:
            time = datetime.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"{value!r} is not an ISO 8601 time (e.g. 2021-03-02T09:30+09:00)", param, ctx)
        if time.tzinfo is None:
            self.fail(f"{value!r} has no time zone: add Z for UTC or an offset such as +09:00",
                      param, ctx)
        return time


TIME = TimeParam()


def json_text(data: Any, *, html: bool = False) -> str:
    """Plain data (dataclasses, lists, dicts) as indented JSON ending in a new line, control
    characters escaped; with html, safe to paste into a ``<script>`` element as well."""
    return escape_json(json.dumps(data, ensure_ascii=False, indent=2, default=_plain), html=html) + "\n"


def emit_json(data: Any, *, html: bool = False) -> None:
    """Print plain data (dataclasses, lists, dicts) as indented JSON on stdout, control characters
    escaped; with html, safe to paste into a ``<script>`` element as well."""
    click.echo(json_text(data, html=html), nl=False)


def emit_json_list(items: Iterable[Any]) -> None:
    """Print a list as ``emit_json`` prints it, each item as soon as items yields it."""
    first = True
    for item in items:
        click.echo(("[\n" if first else ",\n") + textwrap.indent(json_text(item)[:-1], "  "), nl=False)
        first = False
    click.echo("[]\n" if first else "\n]\n", nl=False)


def echo(text: str = "", *, err: bool = False, escaped: bool = False) -> None:
    """Print a line of text output, control characters and bidirectional overrides shown escaped
    (escaped: the caller escaped the text already, and added colour of its own)."""
    click.echo(text if escaped else visible(text), err=err)


def note(message: str) -> None:
    """A message for the person at the terminal, on stderr so stdout stays data."""
    echo(message, err=True)


def no_credit_option(f: F) -> F:
    """--no-credit: naming someone with --by and --role does not credit them."""
    return click.option(
        "--no-credit", is_flag=True,
        help="Do not credit --by in --role on the story (by default someone named in a role "
             "for the first time is credited in it).")(f)


def credited_note(slug: str, name: str, role: str) -> None:
    """Say that naming someone in a role credited them."""
    note(f"credited {name} as {role} on {slug} (--no-credit leaves the credits as they are)")


def format_note(file_name: str, fmt: str, why: str) -> None:
    """Say how a file was read when the format was not given."""
    note(f"read {file_name} as {fmt}: {why} (--format to choose another)")


def split_story_ref(ref: str) -> tuple[str, int | None]:
    """Split ``STORY[@REV]`` into the slug and the revision number (None for the latest)."""
    slug, _, rev = ref.partition("@")
    if not rev:
        return slug, None
    if not (rev.isascii() and rev.isdigit()) or not 1 <= int(rev) <= LARGEST_NUMBER:
        raise click.BadParameter(f"{ref!r}: the revision after @ must be a number from 1 to "
                                 f"{LARGEST_NUMBER}", param_hint="STORY[@REV]")
    return slug, int(rev)


def is_tty() -> bool:
    """Whether stdout is a terminal."""
    return sys.stdout.isatty()
