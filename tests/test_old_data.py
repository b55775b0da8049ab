"""Databases holding data written by the code of every past migration, upgraded to the newest
schema: everything still verifies, signs and reads, on SQLite and PostgreSQL.

The fixtures in tests/data/old/ were made by tests/data/old/build.py run with each past version's
own code (its demo, credit changes, a person merge, a signature), so they hold exactly what that
version wrote, hashes included.
"""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import DateTime, MetaData, text

from conftest import snapshot
from provenance.migrations import downgrade, upgrade

OLD = Path(__file__).parent / "data" / "old"
MIGRATIONS = ["0001", "0002", "0003", "0004"]
STORY = "illustrative-night-library"


def load(engine, fixture: dict) -> None:
    """A database at the fixture's migration, holding its rows exactly."""
    downgrade(engine, "base")
    upgrade(engine, fixture["migration"])
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.begin() as connection:
        for table in metadata.sorted_tables:
            if table.name not in fixture["tables"]:
                continue
            stored = fixture["tables"][table.name]
            times = {c.name for c in table.columns if isinstance(c.type, DateTime)}
            rows = [{name: (datetime.fromisoformat(value).replace(tzinfo=UTC)
                            if name in times and value is not None else value)
                     for name, value in zip(stored["columns"], row, strict=True)}
                    for row in stored["rows"]]
            if rows:
                connection.execute(table.insert(), rows)
            if engine.dialect.name == "postgresql" and "id" in table.columns and rows:
                connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                        f"(SELECT MAX(id) FROM {table.name}))"))


@pytest.fixture(params=MIGRATIONS, ids=[f"written-at-{m}" for m in MIGRATIONS])
def old(request, engine, run, tmp_path):
    """The test's database holding one fixture's data, upgraded to the newest schema."""
    fixture = json.loads((OLD / f"schema-{request.param}.json").read_text(encoding="utf-8"))
    load(engine, fixture)
    upgrade(engine)
    if fixture["public_key"]:
        (tmp_path / "old.pub").write_text(fixture["public_key"])
    return fixture


READS = [
    ["stories"], ["show", STORY, "--language", "en"], ["log", STORY, "--language", "en"],
    ["log", "--all"], ["diff", STORY, "--language", "en"], ["blame", STORY, "--language", "en"],
    ["chain", STORY, "--language", "en"], ["audit", STORY], ["credits", STORY],
    ["credits", STORY, "--history"], ["byline", STORY], ["byline", STORY, "--format", "jsonld"],
    ["people"], ["people", "duplicates", "--threshold", "50"], ["links", STORY, "--language", "en"],
    ["export", STORY, "--format", "prov-json"], ["report", STORY, "--format", "markdown"],
    ["checkpoint"],
]


# One test a fixture and backend, in steps: building the old database is what takes the time.
def test_old_data_verifies_reads_and_signs_after_the_upgrade(old, run, engine, database_url, tmp_path):
    before = snapshot(database_url)
    result = run("verify", "--format", "json")
    assert json.loads(result.stdout)["findings"] == []
    assert result.exit_code == 0
    if old["public_key"]:  # the signature the old code made still covers the heads
        signed = run("verify", STORY, "--public-key", str(tmp_path / "old.pub"), "--format", "json")
        assert (signed.exit_code, json.loads(signed.stdout)["findings"]) == (0, [])

    with engine.connect() as connection:
        for table in ("revision", "credit_set", "person_merge"):  # every stored hash is kept
            if table in old["tables"]:
                stored = old["tables"][table]
                at = stored["columns"].index("hash")
                assert set(connection.execute(text(f"SELECT hash FROM {table}")).scalars()) == \
                    {row[at] for row in stored["rows"]}
        # Before 0004 a credit set's form had no credit line (version 1); from 0004 it has (2).
        assert set(connection.execute(text("SELECT form_version FROM credit_set")).scalars()) == \
            {1 if old["migration"] < "0004" else 2}
        assert set(connection.execute(text("SELECT form_version FROM revision")).scalars()) == {1}

    for args in READS:
        result = run(*args)
        if args[0] == "diff" and old["migration"] == "0001":  # its demo made one revision a document
            assert result.stderr == f"Error: {STORY} has only revision 1: nothing to compare it with\n"
            continue
        assert result.exit_code == 0, (args, result.stderr)
        assert result.stdout, args
    assert snapshot(database_url) == before

    assert run("keygen", "--out", str(tmp_path / "new")).exit_code == 0
    signed = run("sign", STORY, "--key", str(tmp_path / "new.key"), "--by", "Ruth Okafor")
    assert signed.exit_code == 0, signed.stderr
    added = run("credits", STORY, "add", "Lee Min-ho", "--role", "contributor", "--by", "Ruth Okafor")
    assert added.exit_code == 0, added.stderr
    assert run("verify").exit_code == 0
    assert run("checkpoint", "-o", str(tmp_path / "ledger.json")).exit_code == 0
    assert run("verify", "--checkpoint", str(tmp_path / "ledger.json")).exit_code == 0
    checked = run("verify", STORY, "--public-key", str(tmp_path / "new.pub"), "--format", "json")
    assert [f["code"] for f in json.loads(checked.stdout)["findings"]] == ["signature-stale"]

    if old["migration"] < "0004":  # a credit line given to a set whose hash never covered one
        with engine.begin() as connection:
            connection.execute(text("UPDATE credit_set SET credit_line = 'By Mallory' WHERE number = 1"))
        [found] = json.loads(run("verify", STORY, "--format", "json").stdout)["findings"]
        assert (found["code"], found["number"], found["evidence"]) == (
            "credit-altered", 1, {"fields": ["credit_line"]})
