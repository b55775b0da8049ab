"""Readers that block no writer and work on a read-only copy; a schema newer than the code; values
past what a column holds; statistics refreshed on PostgreSQL."""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from sqlalchemy import select, text

import provenance
from conftest import SEED, snapshot
from provenance.db import make_engine, transaction
from provenance.migrations import head
from provenance.models import Story


@pytest.fixture
def story(run):
    assert run("import", str(SEED), "--story", "nk").exit_code == 0
    return "nk"


def _edited(tmp_path: Path) -> str:
    path = tmp_path / "edited.txt"
    paragraphs = SEED.read_text(encoding="utf-8").split("\n\n")
    path.write_text("\n\n".join([*paragraphs[:3], "A new paragraph.", *paragraphs[3:]]),
                    encoding="utf-8")
    return str(path)


def test_an_open_read_transaction_does_not_hold_up_a_writer(run, story, database_url, tmp_path):
    reader = make_engine(database_url, read_only=True)
    with transaction(reader) as session:
        assert session.scalars(select(Story.slug)).all() == ["nk"]  # the reader's snapshot is open
        started = time.monotonic()
        revised = run("revise", "nk", _edited(tmp_path), "--by", "Ed Itor", "--role", "editor")
        assert revised.exit_code == 0, revised.stderr
        assert time.monotonic() - started < 10  # no waiting for the reader to finish
        # The reader keeps the snapshot it began with.
        assert session.scalar(text("SELECT count(*) FROM revision")) == 1
    reader.dispose()


def test_a_read_only_transaction_refuses_to_write(story, database_url):
    engine = make_engine(database_url, read_only=True)
    with pytest.raises(Exception, match=r"read-only|readonly"), transaction(engine) as session:
        session.execute(text("INSERT INTO desk (name, created_at) VALUES ('x', CURRENT_TIMESTAMP)"))
    engine.dispose()


def _world_runnable(path: str) -> bool:
    real = Path(os.path.realpath(path))
    return all(p.stat().st_mode & 0o001 for p in [real, *real.parents])


def _reader_command() -> tuple[list[str], dict[str, object]]:
    """How to run provenance as a user who may only read the copy: root may write any file, so as
    root it runs as nobody, with a Python nobody may run and this environment's packages."""
    if os.geteuid() != 0:
        return [sys.executable, "-m", "provenance"], {}
    drop = {"user": 65534, "group": 65534, "extra_groups": []}
    code = Path(provenance.__file__).parent
    if not _world_runnable(str(code)):
        pytest.skip(f"running as root, and another user may not enter {code} to run provenance "
                    "(a checkout in a private folder, such as one mktemp -d made)")
    if _world_runnable(sys.executable):
        return [sys.executable, "-m", "provenance"], drop
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    python = shutil.which(version, path="/usr/bin:/usr/local/bin")
    if python is None or not _world_runnable(python):
        pytest.skip(f"running as root, and no {version} that another user may run")
    packages = next(p for p in sys.path if p.endswith("site-packages") and sys.prefix in p)
    bootstrap = (f"import runpy, site; site.addsitedir({packages!r}); "
                 "runpy.run_module('provenance', run_name='__main__')")
    return [python, "-c", bootstrap], drop


def test_every_read_command_works_on_a_database_the_user_may_only_read(run, story, database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("a read-only file is SQLite's case; PostgreSQL grants are the server's")
    run("credits", "nk", "add", "Jo Reader", "--role", "editor", "--by", "Ed Itor")
    folder = Path(tempfile.mkdtemp(prefix="provenance-read-only-"))
    try:
        copy = folder / "copy.sqlite"
        shutil.copyfile(database_url.removeprefix("sqlite:///"), copy)
        copy.chmod(0o444)
        folder.chmod(0o555)  # not even a -shm file may be made beside it
        url = f"sqlite:///{copy}"
        before = copy.read_bytes()
        command, as_reader = _reader_command()
        for args in (["stories"], ["show", "nk"], ["verify"], ["log", "nk"], ["blame", "nk"],
                     ["credits", "nk"], ["audit", "nk"], ["people"], ["export", "nk"],
                     ["db", "current"]):
            result = subprocess.run([*command, "--db", url, *args], capture_output=True, text=True,
                                    timeout=120, cwd="/", **as_reader)
            assert result.returncode == 0, (args, result.stderr)
            assert result.stdout or args == ["verify"], args  # verify reports on stderr
        written = subprocess.run(
            [*command, "--db", url, "credits", "nk", "add", "New Person", "--role", "editor",
             "--by", "Ed Itor"], capture_output=True, text=True, timeout=120, cwd="/", **as_reader)
        assert written.returncode == 1
        assert written.stderr == f"Error: {url} is read-only for you: this command writes " \
                                 "(commands that only read work on it)\n"
        assert copy.read_bytes() == before
        assert sorted(p.name for p in folder.iterdir()) == ["copy.sqlite"]
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


def _stamp(database_url: str, version: str) -> None:
    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": version})
    engine.dispose()


@pytest.mark.parametrize("args", [["init"], ["db", "upgrade"], ["db", "downgrade", "0001"],
                                  ["show", "nk"], ["stories"]])
def test_a_database_newer_than_the_code_is_one_line_and_left_alone(run, story, database_url, args):
    _stamp(database_url, "9999")
    before = snapshot(database_url)
    result = run(*args)
    assert result.exit_code == 1
    assert "is at schema 9999, newer than this provenance knows" in result.stderr
    assert result.stderr.count("\n") == 1
    assert snapshot(database_url) == before


def test_upgrading_to_an_older_schema_says_so(run, story, database_url):
    before = snapshot(database_url)
    result = run("db", "upgrade", "0001")
    assert result.exit_code == 1
    assert f"is at schema {head()}, newer than 0001: nothing was changed" in result.stderr
    unknown = run("db", "upgrade", "no-such-schema")
    assert unknown.exit_code == 1 and "cannot migrate to 'no-such-schema'" in unknown.stderr
    assert snapshot(database_url) == before


@pytest.mark.parametrize("args", [
    ["show", "nk@2147483648"], ["show", "nk@9223372036854775808"], ["blame", "nk@2147483648"],
    ["diff", "nk", "1", "2147483648"], ["chain", "nk", "--paragraph", "2147483648"],
    ["credits", "nk", "move", "Hyemin Son", "--to", "9223372036854775808", "--by", "Ed"],
])
def test_a_number_past_what_the_database_holds_is_a_usage_error(run, story, database_url, args):
    before = snapshot(database_url)
    result = run(*args)
    assert result.exit_code == 2
    assert "2147483647" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(database_url) == before


def test_revise_parent_past_the_integer_range(run, story, database_url, tmp_path):
    before = snapshot(database_url)
    result = run("revise", "nk", _edited(tmp_path), "--by", "Ed", "--role", "editor",
                 "--parent", "2147483648")
    assert result.exit_code == 2 and "2147483648 is not in the range 1<=x<=2147483647" in result.stderr
    assert snapshot(database_url) == before


@pytest.mark.parametrize(("document", "message"), [
    # A registered tag with private-use subtags: valid BCP 47, too long for the column.
    ('{"language": "en-US-x-' + "-".join(["abcdefgh"] * 4) + '", "paragraphs": ["A."]}',
     "a language tag is at most 35 characters"),
    ('{"paragraphs": ["A."], "credits": [{"name": "' + "N" * 201 + '", "role": "reporter"}]}',
     "a name is longer than 200 characters"),
    ('{"paragraphs": ["A."], "credits": [{"name": "Jo", "role": "reporter", "location": "'
     + "L" * 201 + '"}]}', "a location is longer than 200 characters"),
    ("[" * 100000, "the JSON is nested too deeply to read"),
    ('{"paragraphs": ["A."], "n": ' + "9" * 5000 + "}", "a number in the JSON has more than 30 digits"),
])
def test_values_a_column_cannot_hold_are_refused_before_writing(run, story, database_url, tmp_path,
                                                               document, message):
    path = tmp_path / "document.json"
    path.write_text(document, encoding="utf-8")
    before = snapshot(database_url)
    result = run("import", str(path), "--story", "other")
    assert result.exit_code == 1
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert snapshot(database_url) == before


@pytest.mark.postgresql
def test_postgresql_statistics_are_refreshed_after_an_upgrade(run, database_url, story):
    if not database_url.startswith("postgresql"):
        pytest.skip("ANALYZE is PostgreSQL's")
    assert run("db", "upgrade").exit_code == 0
    engine = make_engine(database_url)
    with engine.connect() as connection:
        unanalysed = connection.execute(text(
            "SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NULL")).scalars().all()
    engine.dispose()
    assert unanalysed == []
