"""Throwaway PostgreSQL databases for a bench: made on the server given, dropped afterwards."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, make_url, text


@contextmanager
def throwaway_databases(admin_url: str, count: int = 1) -> Iterator[list[str]]:
    """URLs of count new, empty databases on admin_url's server, dropped on leaving, however left."""
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    names = [f"provenance_bench_{uuid.uuid4().hex[:10]}" for _ in range(count)]
    base = make_url(admin_url)
    try:
        with admin.connect() as connection:
            for name in names:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield [base.set(database=name).render_as_string(hide_password=False) for name in names]
    finally:
        with admin.connect() as connection:
            for name in names:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
