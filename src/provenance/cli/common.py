"""What every command shares: opening the database, output formats, one-line errors."""

import dataclasses
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

F = TypeVar("F", bound=Callable[..., Any])


@dataclasses.dataclass
class AppContext:
    """Options given to the root command."""

    database_url: str


def database_url(ctx: click.Context) -> str:
    """The database URL chosen with --db or the environment."""
    app = ctx.find_object(AppContext)
    assert app is not None
    return app.database_url


@contextmanager
def session_scope(ctx: click.Context) -> Iterator["Session"]:
    """A session on the chosen database, at the current schema, in one transaction."""
    from provenance.db import make_engine, transaction
    from provenance.migrations import require_current

    engine = make_engine(database_url(ctx))
    try:
        require_current(engine)
        with transaction(engine) as session:
            yield session
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


def emit_json(data: Any) -> None:
    """Print plain data (dataclasses, lists, dicts) as indented JSON on stdout."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=_plain))


def note(message: str) -> None:
    """A message for the person at the terminal, on stderr so stdout stays data."""
    click.echo(message, err=True)


def split_story_ref(ref: str) -> tuple[str, int | None]:
    """Split ``STORY[@REV]`` into the slug and the revision number (None for the latest)."""
    slug, _, rev = ref.partition("@")
    if not rev:
        return slug, None
    if not rev.isdigit() or int(rev) < 1:
        raise click.BadParameter(f"{ref!r}: the revision after @ must be a number from 1",
                                 param_hint="STORY[@REV]")
    return slug, int(rev)


def is_tty() -> bool:
    """Whether stdout is a terminal."""
    return sys.stdout.isatty()
