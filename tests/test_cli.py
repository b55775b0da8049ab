import json
import subprocess
import sys
from typing import Any

import click
import pytest
from click.testing import CliRunner

from conftest import DATA, SEED, SEED_BYLINE, snapshot
from provenance import __version__
from provenance.cli import cli
from provenance.migrations import head


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None and command.name == name
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


def test_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"provenance, version {__version__}"


@pytest.mark.parametrize("path", [p for p, _ in _commands(cli)], ids=" ".join)
def test_every_command_has_a_summary_and_an_example(path):
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    summary = result.stdout.split("\n\n")[1].strip()
    assert summary and not summary.startswith("Options")
    assert "Example:" in result.stdout
    assert "  provenance " in result.stdout


def test_help_names_the_default_database_file():
    assert "provenance.sqlite" in CliRunner().invoke(cli, ["--help"]).stdout


def test_import_seed_then_byline_show_credits(run):
    imported = run("import", str(SEED), "--story", "nk")
    assert imported.exit_code == 0, imported.stderr
    assert "19 paragraphs" in imported.stderr and "4 credits" in imported.stderr
    assert imported.stdout == ""

    byline = run("byline", "nk")
    assert byline.exit_code == 0
    assert byline.stdout == SEED_BYLINE + "\n"

    shown = run("show", "nk@1", "--format", "json")
    data = json.loads(shown.stdout)
    assert (data["story"], data["revision"], len(data["paragraphs"])) == ("nk", 1, 19)
    text = run("show", "nk").stdout
    assert "\n 1  North Korea has ordered local officials" in text
    assert "\n19  “In general, Kim seems" in text

    credits = json.loads(run("credits", "nk", "--format", "json").stdout)
    assert [(c["position"], c["name"], c["role"], c["desk"]) for c in credits] == [
        (1, "Hyemin Son", "reporter", "RFA’s Korean Service"),
        (2, "Hee Jung Yang", "reporter", "RFA’s Korean Service"),
        (3, "Leejin Jun", "translator", None),
        (4, "Eugene Whong", "writer", None),
    ]
    [story] = json.loads(run("stories", "--format", "json").stdout)
    assert story["slug"] == "nk" and story["languages"] == ["en"]


def test_import_json_and_plain(run, tmp_path):
    result = run("import", str(DATA / "demo" / "library-ko.json"), "--story", "lib",
                 "--by", "Seo-yeon Park", "--role", "reporter", "-m", "filed from Seoul")
    assert result.exit_code == 0, result.stderr
    log = json.loads(run("log", "lib", "--format", "json").stdout)
    assert log["revisions"][0]["message"] == "filed from Seoul"
    plain = tmp_path / "notes.txt"
    plain.write_text("Title-like line\n\nReported by A B.\n", encoding="utf-8")
    assert run("import", str(plain), "--story", "lib", "--format", "plain").exit_code == 0
    assert run("show", "lib", "--language", "ko", "--format", "json").exit_code == 0
    en = json.loads(run("show", "lib", "--language", "en", "--format", "json").stdout)
    assert en["paragraphs"] == ["Title-like line", "Reported by A B."]
    ko = json.loads(run("show", "lib", "--language", "ko", "--format", "json").stdout)
    assert (ko["author"], ko["activity"]) == ("Seo-yeon Park", "report")
    ambiguous = run("show", "lib")
    assert ambiguous.exit_code == 1
    assert "choose one with --language" in ambiguous.stderr


def _write(tmp_path, name, content: bytes):
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


BAD_INPUTS = {
    "missing file": lambda t: ["import", str(t / "missing.txt")],
    "empty file": lambda t: ["import", _write(t, "e.txt", b"")],
    "binary file": lambda t: ["import", _write(t, "b.txt", b"GIF89a\x00\x01")],
    "not UTF-8": lambda t: ["import", _write(t, "l.txt", "Caf\u00e9".encode("latin-1"))],
    "malformed JSON": lambda t: ["import", _write(t, "m.json", b'{"paragraphs": [')],
    "story exists": lambda t: ["import", str(SEED), "--story", "nk"],
    "bad slug": lambda t: ["import", str(SEED), "--story", "Not A Slug"],
    "reserved slug": lambda t: ["import", str(SEED), "--story", "parse"],
    "bad language": lambda t: ["import", str(SEED), "--story", "x", "--language", "english!"],
    "unknown story (show)": lambda t: ["show", "nope"],
    "unknown story (byline)": lambda t: ["byline", "nope"],
    "unknown story (credits)": lambda t: ["credits", "nope"],
    "unknown revision": lambda t: ["show", "nk@9"],
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_input_is_one_line_exit_1_and_changes_nothing(run, database_url, tmp_path, case):
    assert run("import", str(SEED), "--story", "nk").exit_code == 0
    before = snapshot(database_url)
    result = run(*BAD_INPUTS[case](tmp_path))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert snapshot(database_url) == before


@pytest.mark.parametrize("args", [
    ["show", "nk@x"], ["show", "nk@0"], ["import", str(SEED), "--role", "writer"],
    ["stories", "--format", "yaml"], ["import", str(SEED), "--role", "boss", "--by", "A"],
])
def test_usage_mistakes_exit_2(run, database_url, args):
    before = snapshot(database_url)
    result = run(*args)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert snapshot(database_url) == before


def test_missing_sqlite_file_is_not_created(tmp_path):
    path = tmp_path / "absent.sqlite"
    result = CliRunner().invoke(cli, ["--db", f"sqlite:///{path}", "stories"])
    assert result.exit_code == 1
    assert result.stderr == f"Error: no database at {path}: run `provenance init` to create one\n"
    assert not path.exists()


@pytest.mark.parametrize("url", [
    "postgresql+psycopg://postgres@127.0.0.1:9/nowhere",
    "mysql://root@localhost/x",
    "not a url",
])
def test_unusable_database_url_is_one_line(url):
    result = CliRunner().invoke(cli, ["--db", url, "stories"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1


def test_database_url_from_the_environment(tmp_path, monkeypatch):
    path = tmp_path / "env.sqlite"
    monkeypatch.setenv("PROVENANCE_DATABASE_URL", f"sqlite:///{path}")
    assert CliRunner().invoke(cli, ["init"]).exit_code == 0
    assert path.exists()


def test_init_creates_then_reports_current(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.sqlite'}"
    runner = CliRunner()
    first = runner.invoke(cli, ["--db", url, "init"])
    assert first.exit_code == 0 and "created a provenance database" in first.stderr
    again = runner.invoke(cli, ["--db", url, "init"])
    assert "already at the newest schema" in again.stderr
    current = runner.invoke(cli, ["--db", url, "db", "current"])
    assert current.stdout == f"{head()} (head)\n"
    assert "<base> -> 0001" in runner.invoke(cli, ["--db", url, "db", "history"]).stdout


def test_sqlite_gets_foreign_keys_and_wal(tmp_path):
    from provenance.db import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'p.sqlite'}", must_exist=False)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_demo_builds_a_fresh_database_and_refuses_to_overwrite(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["demo", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "provenance-demo.sqlite").exists()
    assert str(tmp_path / "provenance-demo.sqlite") in result.stderr
    assert SEED_BYLINE in result.stdout
    assert ("Reported by Seo-yeon Park and Ji-ho Lim for Demo Radio’s Korean Service. "
            "Translated by Mina Cho. Written in English by Daniel Reyes. Edited by Ruth Okafor."
            ) in result.stdout
    assert "illustrative" in result.stdout
    again = runner.invoke(cli, ["demo", "--dir", str(tmp_path)])
    assert again.exit_code == 1 and "already exists" in again.stderr


def test_the_demo_story_shows_every_step(tmp_path):
    runner = CliRunner()
    assert runner.invoke(cli, ["demo", "--dir", str(tmp_path)]).exit_code == 0
    db = ["--db", f"sqlite:///{tmp_path / 'provenance-demo.sqlite'}"]
    chain = json.loads(runner.invoke(cli, [*db, "chain", "illustrative-night-library",
                                           "--format", "json"]).stdout)
    first = chain["paragraphs"][0]
    assert [(s["activity"], s["person"], s["language"]) for s in first["steps"]] == [
        ("report", "Seo-yeon Park", "ko"), ("translate", "Mina Cho", "en"),
        ("write", "Daniel Reyes", "en"), ("edit", "Ruth Okafor", "en")]
    assert chain["summary"]["no_source"] == [6] and chain["summary"]["stale"] == [2]
    assert chain["paragraphs"][5]["added_by"] == "Daniel Reyes"
    audit = json.loads(runner.invoke(cli, [*db, "audit", "illustrative-night-library",
                                           "--format", "json"]).stdout)
    assert {f["code"] for f in audit["findings"]} == {
        "quote-altered", "byline-mismatch", "stale-translation", "unsourced-paragraph"}
    seed = json.loads(runner.invoke(cli, [*db, "audit", "nk-state-companies",
                                          "--format", "json"]).stdout)
    # Imported as published: the translator's and writer's work is not on record.
    assert {(f["code"], f["evidence"]["person"]) for f in seed["findings"]} == {
        ("credit-without-trace", "Leejin Jun"), ("credit-without-trace", "Eugene Whong")}


def test_python_dash_m_and_no_database_libraries_for_help():
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "provenance", "--help"],
                            capture_output=True, text=True, check=True)
    assert "Usage: provenance" in result.stdout
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0]
                for line in result.stderr.splitlines() if "|" in line}
    assert "click" in imported
    assert not imported & {"sqlalchemy", "alembic"}


# Runs a command as `python -m provenance` does, then says which modules it loaded and whether
# the garbage collector is on (and start-up's objects frozen) at the end.
_AFTER = """
import gc, json, runpy, sys
sys.argv = ["provenance", *sys.argv[1:]]
try:
    runpy.run_module("provenance", run_name="__main__")
except SystemExit as exc:
    assert not exc.code, exc.code
print(json.dumps({"modules": sorted(sys.modules),
                  "collecting": [gc.isenabled(), gc.get_freeze_count() > 0]}), file=sys.stderr)
"""


def _after(*args: str) -> dict[str, Any]:
    result = subprocess.run([sys.executable, "-c", _AFTER, *args], capture_output=True, text=True,
                            check=True)
    found: dict[str, Any] = json.loads(result.stderr.splitlines()[-1])
    return found


def _loaded_by(*args: str) -> set[str]:
    return set(_after(*args)["modules"])


def test_read_commands_load_only_what_they_use(tmp_path):
    """Checking the schema version reads it directly, only aligning loads NumPy, only comparing
    texts loads rapidfuzz, only a PostgreSQL database loads its dialect, and only the command run
    has its module loaded: `stories`, `show` and `byline` pay for none of them."""
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", url, "init"]).exit_code == 0
    assert runner.invoke(cli, ["--db", url, "import", str(SEED), "--story", "nk"]).exit_code == 0
    for command, module in ((["stories"], "stories"), (["show", "nk"], "stories"),
                            (["byline", "nk"], "credits")):
        loaded = _loaded_by("--db", url, *command)
        packages = {name.split(".")[0] for name in loaded}
        assert {"sqlalchemy", "click"} <= packages, command
        assert not packages & {"alembic", "mako", "numpy", "scipy", "rapidfuzz"}, command
        assert "sqlalchemy.dialects.postgresql" not in loaded, command
        assert "provenance.readers" not in loaded, command
        commands = {name for name in loaded if name.startswith("provenance.cli.")} - {
            "provenance.cli.common"}
        assert commands == {f"provenance.cli.{module}"}, command


def test_the_collector_is_off_for_start_up_only(tmp_path):
    """Start-up runs without the garbage collector; a command that turns to a database (and the
    demo, which makes one) runs its work with it, so a long import or verify frees cycles."""
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    assert _after("--db", url, "init")["collecting"] == [True, True]
    assert _after("--db", url, "stories")["collecting"] == [True, True]
    assert _after("demo", "--dir", str(tmp_path / "demo"))["collecting"] == [True, True]
    assert _after("credits", "parse", "By Ann Lee")["collecting"] == [False, False]
