"""Engine, session and declarative base: the one place that knows how we talk to a database."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast
from urllib.parse import quote

from sqlalchemy import DateTime, Dialect, MetaData, Table, create_engine, event, literal_column, make_url
from sqlalchemy import insert as insert_statement
from sqlalchemy.engine import URL, Engine, Row
from sqlalchemy.exc import ArgumentError, DataError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Session, make_transient_to_detached
from sqlalchemy.pool import NullPool
from sqlalchemy.sql import Executable
from sqlalchemy.types import TypeDecorator

from provenance import DATABASE_URL_VARIABLE, DEFAULT_DATABASE_URL
from provenance.errors import ConcurrentWrite, DatabaseError, InputError

if TYPE_CHECKING:
    from sqlalchemy.dialects import postgresql, sqlite

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


# How long a writer waits for another to finish before giving up (milliseconds).
WRITER_TIMEOUT = 30_000


def _configure_sqlite(engine: Engine, *, read_only: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide where transactions begin, so DDL is transactional.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # The timeout first: every later statement, the journal-mode check included, may wait.
        cursor.execute(f"PRAGMA busy_timeout = {WRITER_TIMEOUT}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if not read_only and cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            # WAL lets readers go on while one writer writes; the mode stays with the file.
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A writer takes the write lock up front, so two writers queue (each waiting up to the busy
        # timeout) instead of deadlocking; a reader takes none and sees one snapshot.
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


# The advisory lock every PostgreSQL writer holds for its transaction (any constant will do; it is
# per database). Writers then queue as SQLite's do under BEGIN IMMEDIATE: each reads what the one
# before it committed, so revision and credit-set numbers never collide, and two writers cannot
# deadlock. Readers never take it.
WRITER_LOCK = 0x70726F76


def _configure_postgresql(engine: Engine, *, read_only: bool) -> None:
    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if read_only:
            # One snapshot for the whole read, and no write can slip in by mistake.
            connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        else:
            connection.exec_driver_sql(f"SET LOCAL lock_timeout = {WRITER_TIMEOUT}")
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK})")


def _read_only_sqlite_url(url: URL, path: Path) -> URL:
    """url opened read-only: SQLite takes no write lock and works on a file the user may only read.

    A file that cannot be written, with no write-ahead log beside it, is opened immutable: SQLite
    then needs no shared-memory file either, so a read-only copy in a read-only directory reads.
    """
    query = {"mode": "ro", "uri": "true"}
    wal = path.with_name(path.name + "-wal")
    if not os.access(path, os.W_OK) and not wal.exists():
        query["immutable"] = "1"
    return url.set(database=f"file:{quote(str(path.resolve()))}", query=query)


def make_engine(url: str, *, must_exist: bool = True, read_only: bool = False) -> Engine:
    """An engine for url; with must_exist, a SQLite file that is not there is an error, not a new file.

    A read-only engine's transactions take no write lock (SQLite) and refuse writes (PostgreSQL).
    """
    parsed = parse_url(url)
    path = sqlite_path(parsed)
    if must_exist and path is not None and not path.exists():
        raise DatabaseError(f"no database at {path}: run `provenance init` to create one")
    if read_only and path is not None and path.exists():
        parsed = _read_only_sqlite_url(parsed, path)
    try:
        connect_args = {"connect_timeout": 10} if parsed.get_backend_name() == "postgresql" else {}
        engine = create_engine(parsed, poolclass=NullPool, connect_args=connect_args)
    except (ArgumentError, ImportError) as exc:
        raise DatabaseError(f"cannot use database {parsed.render_as_string()}: {exc}") from None
    if parsed.get_backend_name() == "sqlite":
        _configure_sqlite(engine, read_only=read_only)
    else:
        _configure_postgresql(engine, read_only=read_only)
    return engine


def upsert(dialect: str, table: type[Base] | Table) -> "postgresql.Insert | sqlite.Insert":
    """An INSERT into table that can say ON CONFLICT, for the backend dialect names.

    Only that backend's dialect module is imported: the PostgreSQL one (which loads asyncio for
    its async driver) costs a SQLite command's start-up more than most commands' own work.
    """
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)


def insert_new(session: Session, model: type[Base], **values: Any) -> bool:
    """Insert a row unless one with the same unique key exists (a concurrent writer's, say); return
    whether this call inserted it. On PostgreSQL a row another transaction is inserting is waited for."""
    # RETURNING says whether a row went in; psycopg does not report a rowcount for it.
    statement: Executable = (upsert(session.get_bind().dialect.name, model).values(**values)
                             .on_conflict_do_nothing()
                             .returning(literal_column("1")))
    inserted: Row[Any] | None = session.execute(statement).first()
    return inserted is not None



_M = TypeVar("_M", bound=Base)


def insert_row(session: Session, model: type[_M], **values: Any) -> _M:
    """Insert one row of model in a single statement and return it as a loaded object with nothing
    left to flush: for writers of many rows, where adding and flushing an object costs far more."""
    table = cast(Table, model.__table__)
    key = session.connection().execute(
        insert_statement(table).returning(*table.primary_key.columns), values).one()
    row = model(**dict(zip(table.primary_key.columns.keys(), key, strict=True)), **values)
    make_transient_to_detached(row)
    session.add(row)
    return row

def describe(engine: Engine) -> str:
    """The engine's URL with any password hidden, for messages."""
    return engine.url.render_as_string(hide_password=True)


def refresh_statistics(engine: Engine, *, every_table: bool = False) -> None:
    """On PostgreSQL, ANALYZE the tables written to enough since their last ANALYZE that their
    statistics may mislead the planner (autovacuum's own rule: 50 rows plus 10% of the table), or
    every table; so plans stay index scans on a server where autovacuum is off. Nothing on SQLite."""
    if engine.dialect.name != "postgresql":
        return
    stale = "" if every_table else (
        " WHERE n_mod_since_analyze > 50 + 0.1 * n_live_tup"
        " OR (n_live_tup > 0 AND last_analyze IS NULL AND last_autoanalyze IS NULL)")
    # An engine of its own: ANALYZE needs no writer lock, so it never waits for another writer.
    plain = create_engine(engine.url, poolclass=NullPool)
    try:
        with plain.connect() as connection:
            tables = connection.exec_driver_sql(
                f"SELECT quote_ident(relname) FROM pg_stat_user_tables{stale}").scalars().all()
            connection.rollback()
            for table in tables:
                connection.exec_driver_sql(f"ANALYZE {table}")
            connection.commit()
    except DBAPIError:
        pass  # statistics only speed queries up; a role that may not ANALYZE still works
    finally:
        plain.dispose()


# SQLSTATEs of PostgreSQL errors that mean "another transaction got there first".
_CONCURRENCY_STATES = frozenset({"40001", "40P01", "55P03"})


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One session in one transaction: committed when the block ends, rolled back if it raises.

    What another writer's transaction caused (a lock held too long, a deadlock, a duplicate
    inserted at the same moment) becomes ConcurrentWrite; a read-only database, DatabaseError.
    """
    try:
        with Session(engine, expire_on_commit=False) as session, session.begin():
            yield session
    except UnicodeEncodeError:
        # Linux hands Python an argument's undecodable bytes as lone surrogates.
        raise InputError("a value given is not UTF-8 text: it holds bytes that are no character") from None
    except IntegrityError as exc:
        if _is_duplicate(exc):
            raise ConcurrentWrite() from None
        raise
    except DataError as exc:
        # A value the checks before every write let through to a lookup (a NUL in a name sought on
        # PostgreSQL, say): nothing was written, and the database says what it refused.
        raise InputError(f"a value given cannot be used with this database: {first_line(exc)}") from None
    except DBAPIError as exc:
        message = first_line(exc)
        state = getattr(exc.orig, "sqlstate", None)
        if state in _CONCURRENCY_STATES or "database is locked" in message:
            raise ConcurrentWrite() from None
        if is_read_only(exc):
            raise read_only(engine) from None
        if isinstance(exc, OperationalError):
            raise DatabaseError(f"database {describe(engine)}: {message}") from None
        raise


def is_read_only(exc: DBAPIError) -> bool:
    """Whether exc says the database may not be written (a read-only file or transaction)."""
    return "readonly database" in first_line(exc) or getattr(exc.orig, "sqlstate", None) == "25006"


def read_only(engine: Engine) -> DatabaseError:
    """The error a write to a database this user may only read ends in."""
    return DatabaseError(f"{describe(engine)} is read-only for you: this command writes "
                         "(commands that only read work on it)")


def _is_duplicate(exc: IntegrityError) -> bool:
    if getattr(exc.orig, "sqlstate", None) == "23505":
        return True
    return "UNIQUE constraint failed" in str(exc.orig)


def first_line(exc: DBAPIError) -> str:
    """The driver's own message of a database error, first line only."""
    text = str(exc.orig if exc.orig is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
