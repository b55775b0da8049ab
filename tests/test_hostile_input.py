"""Every command against hostile input (tests/data/hostile): one clear line or a result, never a
traceback, never a raw control character on the terminal, and a failed write changes nothing."""

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import inspect, text

from conftest import SEED
from provenance import people, revisions
from provenance.cli import REPORT_HINT, cli
from provenance.db import make_engine

HOSTILE = Path(__file__).parent / "data" / "hostile"
VALUES = json.loads((HOSTILE / "values.json").read_text(encoding="utf-8"))
FILES = sorted(p.name for p in HOSTILE.iterdir() if p.name not in ("values.json", "README.md"))
# What a terminal would act on: C0 controls but tab and line feed, DEL, C1, bidirectional controls.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# Commands that only read, with {V} where a hostile value goes. STORY is a story with two
# languages, credits and a revision by a person whose stored name holds escape sequences.
READS = [
    ["show", "{R}"], ["show", "nk", "--language", "{T}"], ["show", "nk", "--language", "en"],
    ["show", "nk", "--language", "en", "--format", "json"],
    ["stories"], ["stories", "--format", "json"],
    ["log", "{T}"], ["log", "nk", "--language", "en"], ["log", "--all", "--person", "{T}"],
    ["log", "--all", "--since", "{T}"], ["log", "--all", "--format", "json"],
    ["diff", "nk", "{N}", "--language", "en"], ["diff", "nk", "--language", "en"],
    ["diff", "nk", "--language", "en", "--format", "unified"],
    ["blame", "{R}"], ["blame", "nk", "--language", "en", "--ignore-rev", "{N}"],
    ["blame", "nk", "--language", "en", "--words"],
    ["chain", "nk", "--language", "{T}"], ["chain", "nk", "--language", "ko", "--paragraph", "{N}"],
    ["chain", "nk", "--language", "ko", "--format", "markdown"],
    ["audit", "{T}"], ["audit", "nk"], ["audit", "nk", "--format", "json"],
    ["credits", "{T}"], ["credits", "nk", "--history"], ["credits", "parse", "{T}"],
    ["byline", "{T}"], ["byline", "nk"], ["byline", "nk", "--format", "jsonld"],
    ["people"], ["people", "duplicates", "--threshold", "{N}"],
    ["links", "nk", "--language", "{T}"], ["links", "nk", "--language", "ko"],
    ["export", "{T}"], ["export", "nk", "--format", "prov-n"], ["export", "nk", "--format", "jsonld"],
    ["export", "nk", "--format", "prov-xml"], ["export", "nk", "--format", "svg"],
    ["report", "{T}"], ["report", "nk", "--format", "markdown"],
    ["verify", "{T}"], ["verify"], ["verify", "--public-key", "{F}"],
    ["db", "current"],
]
# Commands that write: a failure must leave every row as it was.
WRITES = [
    ["import", "{F}", "--story", "hostile-file"], ["import", "{F}", "--format", "json", "--story", "hj"],
    ["import", str(SEED), "--story", "{T}"], ["import", str(SEED), "--story", "h1", "--by", "{T}"],
    ["import", str(SEED), "--story", "h2", "--language", "{T}"],
    ["import", str(SEED), "--story", "h3", "-m", "{T}"],
    ["revise", "nk", "{F}", "--language", "en", "--by", "Ed", "--role", "editor"],
    ["revise", "nk", "{F}", "--language", "en", "--format", "json", "--by", "Ed", "--role", "editor"],
    ["revise", "nk", "{E}", "--language", "en", "--by", "{T}", "--role", "editor"],
    ["revise", "nk", "{E}", "--language", "en", "--by", "Ed", "--role", "editor", "--parent", "{N}"],
    ["revise", "nk", "{E}", "--language", "en", "--by", "Ed", "--role", "editor", "-m", "{T}"],
    ["translate", "nk", "{F}", "--from", "en", "--language", "ko", "--by", "Tr"],
    ["translate", "nk", "{E}", "--from", "{R}", "--language", "ko", "--by", "Tr"],
    ["translate", "nk", "{E}", "--from", "en", "--language", "ko", "--by", "Tr", "--links", "{N}:1"],
    ["links", "nk", "set", "{T}", "--language", "ko", "--by", "Tr"],
    ["credits", "nk", "add", "{T}", "--role", "reporter", "--by", "Ed"],
    ["credits", "nk", "add", "Jo", "--role", "reporter", "--desk", "{T}", "--by", "Ed"],
    ["credits", "nk", "add", "Jo", "--role", "reporter", "--location", "{T}", "--by", "Ed"],
    ["credits", "nk", "add", "Jo", "--role", "reporter", "--position", "{N}", "--by", "Ed"],
    ["credits", "nk", "remove", "{T}", "--by", "Ed"],
    ["credits", "nk", "move", "Hyemin Son", "--to", "{N}", "--by", "Ed"],
    ["people", "merge", "{T}", "Hyemin Son"], ["people", "merge", "Leejin Jun", "{T}"],
    ["sign", "nk", "--key", "{F}"],
]


# The text values whose handling differs on PostgreSQL: NUL, lengths past a column's, surrogates.
POSTGRESQL_TEXT = [v for v in VALUES["text"]
                   if "\x00" in v or len(v) > 35 or any("\ud800" <= c <= "\udfff" for c in v)]


def _fill(template: list[str], postgresql: bool = False) -> Iterator[list[str]]:
    slots = {"{T}": POSTGRESQL_TEXT if postgresql else VALUES["text"], "{N}": VALUES["numbers"],
             "{R}": VALUES["refs"], "{F}": [str(HOSTILE / name) for name in FILES]}
    for slot, values in slots.items():
        if any(slot in part for part in template):
            for value in values:
                yield [part.replace(slot, value) for part in template]
            return
    yield template


def _check(args: list[str], result: Result, *, raw_allowed: bool = False) -> None:
    where = f"{args!r}:\n{result.stderr}"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"uncaught {result.exception!r} in {where}") from result.exception
    assert result.exit_code in (0, 1, 2), where
    assert REPORT_HINT not in result.stderr and "Traceback" not in result.stderr, where
    if result.exit_code:
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
        assert len(errors) == 1, where
        if result.exit_code == 1:
            assert result.stderr.strip() == errors[0], where
    assert not RAW.search(result.stderr), where
    if not raw_allowed:
        assert not RAW.search(result.stdout), f"{args!r}:\n{result.stdout[:2000]!r}"


LEGACY_NAME = "Legacy \x1b]52;c;ZXZpbA==\x07\u202eNosrep"
LEGACY_TEXT = "An \x1b[2J added \x9b31m paragraph \x1b]8;;https://evil.example/\x07link\x1b]8;;\x07."


@pytest.fixture
def hostile_db(run, database_url, tmp_path, monkeypatch) -> Iterator[str]:
    """A story in English and Korean, credited, with a revision by someone whose name, and with a
    paragraph whose text, hold escape sequences: as stored before control characters were refused."""
    monkeypatch.chdir(tmp_path)  # whatever a command writes beside the current directory lands here
    assert run("import", str(SEED), "--story", "nk").exit_code == 0
    edited = tmp_path / "edited.txt"
    paragraphs = SEED.read_text(encoding="utf-8").split("\n\n")
    edited.write_text("\n\n".join([*paragraphs[:3], LEGACY_TEXT, *paragraphs[3:]]), encoding="utf-8")
    with monkeypatch.context() as legacy:
        for module in (revisions, people):
            legacy.setattr(module, "check_storable", lambda text, what: text)
        assert run("revise", "nk", str(edited), "--by", LEGACY_NAME, "--role", "editor").exit_code == 0
    korean = tmp_path / "ko.txt"
    korean.write_text("북한은 지방 관리들에게 명령했다.\n\n두 번째 문단.\n", encoding="utf-8")
    assert run("translate", "nk", str(korean), "--from", "en", "--language", "ko", "--by", "Leejin Jun",
               "--format", "plain").exit_code == 0
    shown = run("show", "nk", "--language", "en").stdout
    assert "An ^[[2J added <U+009B>31m paragraph ^[]8;;https://evil.example/^Glink^[]8;;^G." in shown
    yield database_url


def test_every_read_command_with_hostile_values(hostile_db):
    runner = CliRunner()
    postgresql = hostile_db.startswith("postgresql")
    for template in READS:
        if postgresql and not any(slot in part for part in template for slot in ("{N}", "{R}")):
            continue  # what differs on PostgreSQL is the range of its integers; output is the same
        raw_allowed = "prov-xml" in template or "svg" in template  # XML carries bidi controls
        for args in _fill(template):
            result = runner.invoke(cli, ["--db", hostile_db, *args], catch_exceptions=True)
            _check(args, result, raw_allowed=raw_allowed)


def test_every_write_command_with_hostile_values(hostile_db, tmp_path):
    runner = CliRunner()
    edited = tmp_path / "e.txt"
    edited.write_text("Only this paragraph now.\n", encoding="utf-8")
    rows = _Rows(hostile_db)
    before = rows()
    for template in WRITES:
        for args in _fill(template, postgresql=hostile_db.startswith("postgresql")):
            args = [part.replace("{E}", str(edited)) for part in args]
            result = runner.invoke(cli, ["--db", hostile_db, *args], catch_exceptions=True)
            _check(args, result)
            after = rows()
            if result.exit_code:
                assert after == before, f"{args!r} failed but changed the database"
            before = after
    rows.engine.dispose()


class _Rows:
    """Every row of every table, as conftest.snapshot reads them, on one engine for speed."""

    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        with self.engine.connect() as connection:
            self.tables = sorted(inspect(connection).get_table_names())

    def __call__(self) -> dict[str, list[tuple[str, ...]]]:
        with self.engine.connect() as connection:
            return {table: sorted(tuple(map(repr, row))
                                  for row in connection.execute(text(f'SELECT * FROM "{table}"')))
                    for table in self.tables}
