"""Engine, session and declarative base: the one place that knows how we talk to a database."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy import DateTime, Dialect, MetaData, create_engine, event, make_url
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Session
from sqlalchemy.pool import NullPool
from sqlalchemy.types import TypeDecorator

from provenance import DATABASE_URL_VARIABLE, DEFAULT_DATABASE_URL
from provenance.errors import DatabaseError

# Stable constraint names, so migrations can name what they alter on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always stored and returned in UTC, whatever the backend keeps."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where a UTC time is required")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        # SQLite hands back naive values; they were written in UTC.
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base of every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime}


def utcnow() -> datetime:
    """The current time in UTC, to the microsecond (what every backend can store exactly)."""
    return datetime.now(UTC)


def default_url() -> str:
    """The database URL used when none is given: $PROVENANCE_DATABASE_URL, else ./provenance.sqlite."""
    return os.environ.get(DATABASE_URL_VARIABLE) or DEFAULT_DATABASE_URL


def parse_url(url: str) -> URL:
    """Parse a database URL, turning SQLAlchemy's complaint into one line."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(f"not a database URL: {url!r}") from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise DatabaseError(f"unsupported database {parsed.get_backend_name()!r}: use sqlite or postgresql")
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def sqlite_path(url: URL) -> Path | None:
    """The file behind a SQLite URL, or None for an in-memory or non-SQLite database."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide where transactions begin, so DDL is transactional.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA busy_timeout = 5000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # IMMEDIATE takes the write lock up front: two writers queue instead of deadlocking.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str, *, must_exist: bool = True) -> Engine:
    """An engine for url; with must_exist, a SQLite file that is not there is an error, not a new file."""
    parsed = parse_url(url)
    path = sqlite_path(parsed)
    if must_exist and path is not None and not path.exists():
        raise DatabaseError(f"no database at {path}: run `provenance init` to create one")
    try:
        connect_args = {"connect_timeout": 10} if parsed.get_backend_name() == "postgresql" else {}
        engine = create_engine(parsed, poolclass=NullPool, connect_args=connect_args)
    except (ArgumentError, ImportError) as exc:
        raise DatabaseError(f"cannot use database {parsed.render_as_string()}: {exc}") from None
    if parsed.get_backend_name() == "sqlite":
        _configure_sqlite(engine)
    return engine


def describe(engine: Engine) -> str:
    """The engine's URL with any password hidden, for messages."""
    return engine.url.render_as_string(hide_password=True)


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One session in one transaction: committed when the block ends, rolled back if it raises."""
    try:
        with Session(engine, expire_on_commit=False) as session, session.begin():
            yield session
    except OperationalError as exc:
        raise DatabaseError(f"database {describe(engine)}: {first_line(exc)}") from None


def first_line(exc: DBAPIError) -> str:
    """The driver's own message of a database error, first line only."""
    text = str(exc.orig if exc.orig is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
