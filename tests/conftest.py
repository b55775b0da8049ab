"""Fixtures: every database test runs on SQLite and, when a server is given, on PostgreSQL.

Set PROVENANCE_TEST_POSTGRESQL_URL (for example postgresql+psycopg://postgres@127.0.0.1:5432/postgres)
to run the PostgreSQL half; without it those tests skip and say why. Each test gets a database of
its own, copied from a template that the migrations built once per run.
"""

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import create_engine, inspect, make_url, text
from sqlalchemy.engine import URL, Engine

from provenance.cli import cli
from provenance.db import make_engine
from provenance.migrations import upgrade

POSTGRESQL_URL = os.environ.get("PROVENANCE_TEST_POSTGRESQL_URL")
SKIP_POSTGRESQL = (
    "PostgreSQL tests need a server: set PROVENANCE_TEST_POSTGRESQL_URL, "
    "e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres (.ci/run does)"
)
ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SEED = DATA / "rfa-2021-03-north-korea-state-companies.txt"
SEED_BYLINE = (
    "Reported by Hyemin Son and Hee Jung Yang for RFA’s Korean Service. "
    "Translated by Leejin Jun. Written in English by Eugene Whong."
)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file at the newest schema, built by the migrations once per run."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    engine = make_engine(f"sqlite:///{path}", must_exist=False)
    upgrade(engine)
    engine.dispose()
    return path


def _admin_engine(url: URL) -> Engine:
    return create_engine(url, isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def postgresql_template() -> Iterator[URL]:
    """A PostgreSQL database at the newest schema, to copy per test; fails if unreachable."""
    if not POSTGRESQL_URL:
        pytest.skip(SKIP_POSTGRESQL)
    admin_url = make_url(POSTGRESQL_URL)
    name = f"provenance_template_{uuid.uuid4().hex[:12]}"
    admin = _admin_engine(admin_url)
    with admin.connect() as connection:  # an unreachable server is an error here, not a skip
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    template_url = admin_url.set(database=name)
    engine = make_engine(template_url.render_as_string(hide_password=False))
    upgrade(engine)
    engine.dispose()
    yield template_url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh database at the newest schema, on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "test.sqlite"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    template: URL = request.getfixturevalue("postgresql_template")
    name = f"provenance_test_{uuid.uuid4().hex[:12]}"
    admin = _admin_engine(template.set(database=make_url(POSTGRESQL_URL).database))
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template.database}"'))
    yield template.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on the test's own database."""
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def run(database_url: str) -> Callable[..., Result]:
    """Run a provenance command against the test's database; stdout and stderr kept apart."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(cli, ["--db", database_url, *args], input=input,
                             catch_exceptions=False)

    return invoke


def snapshot(url: str) -> Any:
    """Everything stored in a database: every row of every table, and for SQLite its bytes."""
    engine = make_engine(url)
    try:
        rows = {}
        with engine.connect() as connection:
            for table in sorted(inspect(connection).get_table_names()):
                result = connection.execute(text(f'SELECT * FROM "{table}"'))
                rows[table] = sorted(tuple(map(repr, row)) for row in result)
    finally:
        engine.dispose()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return rows, Path(parsed.database or "").read_bytes()
    return rows
