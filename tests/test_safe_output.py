"""Output that cannot hurt: escaped for terminals, JSON and HTML; PROV-XML and SVG with any name;
-o writing only regular files; the last-resort error line and --debug."""

import json
import os
import stat
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SEED, snapshot
from provenance import people, revisions
from provenance.cli import REPORT_HINT, cli
from provenance.text.escaping import escape_json, visible

LEGACY = "Eve \x1b]52;c;ZXZpbA==\x07\u202eEvil\u202c"


def test_visible_shows_controls_as_less_does():
    assert visible("a\x1b[2Jb\x00c\x7fd\x9be\u202ef\tg\nh") == "a^[[2Jb^@c^?d<U+009B>e<U+202E>f\tg\nh"
    assert visible("김민지 金敏智 キム") == "김민지 金敏智 キム"
    assert visible(visible("\x1b\u202e")) == visible("\x1b\u202e")


def test_escape_json_keeps_the_value():
    data = {"name": "\x1b\x9b\u202e\u2028</script>&"}
    plain = json.dumps(data, ensure_ascii=False)
    for html in (False, True):
        escaped = escape_json(plain, html=html)
        assert json.loads(escaped) == data
        assert not any(c in escaped for c in "\x1b\x9b\u202e\u2028")
    assert "<" not in escape_json(plain, html=True) and "&" not in escape_json(plain, html=True)


@pytest.fixture
def legacy_story(run, monkeypatch):
    """A story credited to a person whose name holds an OSC 52 clipboard write and a bidi
    override, stored as a database written before such names were refused would hold it."""
    assert run("import", str(SEED), "--story", "nk").exit_code == 0
    with monkeypatch.context() as legacy:
        legacy.setattr(people, "check_storable", lambda text, what: text)
        legacy.setattr(revisions, "check_storable", lambda text, what: text)
        added = run("credits", "nk", "add", LEGACY, "--role", "photographer", "--by", "Ed Itor")
    assert added.exit_code == 0, added.stderr
    return "nk"


@pytest.mark.parametrize("args", [["people"], ["credits", "nk"], ["byline", "nk"],
                                  ["credits", "nk", "--history"],
                                  ["export", "nk", "--format", "prov-n"]])
def test_text_output_shows_a_stored_escape_sequence_escaped(run, legacy_story, args):
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert "Eve ^[]52;c;ZXZpbA==^G<U+202E>Evil<U+202C>" in result.stdout


def test_json_output_escapes_controls_and_jsonld_escapes_markup(run, legacy_story):
    listed = run("credits", "nk", "--format", "json").stdout
    assert "\x1b" not in listed and "\u202e" not in listed
    assert LEGACY in [c["name"] for c in json.loads(listed)]
    assert run("credits", "nk", "add", "</script><b>x", "--role", "editor", "--by", "Ed").exit_code == 0
    for args in (["byline", "nk", "--format", "jsonld"], ["export", "nk", "--format", "jsonld"]):
        out = run(*args).stdout
        assert "<" not in out and "\x1b" not in out, args
        names = set(_names(json.loads(out)))
        assert "</script><b>x" in names and LEGACY in names


def _names(value):
    if isinstance(value, dict):
        if "name" in value:
            yield value["name"]
        for item in value.values():
            yield from _names(item)
    elif isinstance(value, list):
        for item in value:
            yield from _names(item)


def test_prov_xml_and_svg_carry_a_name_with_control_characters(run, legacy_story, tmp_path):
    xml = run("export", "nk", "--format", "prov-xml")
    assert xml.exit_code == 0, xml.stderr
    labels = [e.text for e in ElementTree.fromstring(xml.stdout).iter() if e.text]
    assert "Eve ^[]52;c;ZXZpbA==^G\u202eEvil\u202c" in labels
    svg = run("export", "nk", "--format", "svg", "-o", str(tmp_path / "nk.svg"))
    assert svg.exit_code == 0, svg.stderr
    ElementTree.parse(tmp_path / "nk.svg")


def test_a_name_or_text_with_control_characters_is_refused_and_nothing_written(
        run, database_url, tmp_path):
    assert run("import", str(SEED), "--story", "nk").exit_code == 0
    before = snapshot(database_url)
    added = run("credits", "nk", "add", "Eve \x1b[2J", "--role", "editor", "--by", "Ed")
    assert added.exit_code == 1
    assert added.stderr == "Error: a name holds the control character U+001B at character 5: " \
                           "control characters cannot be stored\n"
    document = tmp_path / "nul.json"
    document.write_text('{"paragraphs": ["A \\u0000 NUL"]}', encoding="utf-8")
    imported = run("import", str(document), "--story", "nul")
    assert imported.exit_code == 1
    assert "paragraph 1 holds the control character U+0000 at character 3" in imported.stderr
    assert snapshot(database_url) == before


@pytest.fixture
def export_ready(run):
    assert run("import", str(SEED), "--story", "nk").exit_code == 0


def test_dash_o_writes_a_regular_file_and_dash_means_stdout(run, export_ready, tmp_path):
    target = tmp_path / "nk.json"
    target.write_text("old", encoding="utf-8")
    assert run("export", "nk", "-o", str(target)).exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    to_stdout = run("export", "nk", "-o", "-")
    assert to_stdout.exit_code == 0 and json.loads(to_stdout.stdout)


def test_dash_o_refuses_devices_fifos_directories_and_symlinks(run, export_ready, tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(victim)
    cases = {
        "/dev/null": "/dev/null is not a regular file",
        str(fifo): f"{fifo} is not a regular file",
        str(tmp_path): f"{tmp_path} is a directory",
        str(link): f"{link} is a symbolic link: not followed",
        "": "-o needs a file name",
        str(tmp_path / "missing" / "x.json"): "cannot write",
    }
    for path, message in cases.items():
        result = run("export", "nk", "-o", path)
        assert result.exit_code == 1, path
        assert result.stderr.startswith("Error: ") and message in result.stderr, result.stderr
        assert result.stderr.count("\n") == 1
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert link.is_symlink() and victim.read_text(encoding="utf-8") == "keep me"
    left = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("test.sqlite"))
    assert left == ["fifo", "link.json", "victim.txt"]  # and no temporary file


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_dash_o_dev_full_stays_a_device(run, export_ready):
    result = run("export", "nk", "-o", "/dev/full")
    assert result.exit_code == 1 and "/dev/full is not a regular file" in result.stderr
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@pytest.mark.parametrize(("prefix", "message"), [
    ("", "--out needs a file name"),
    ("/proc/provenance-key", "cannot write /proc/provenance-key.key"),
])
def test_keygen_to_an_unusable_path_is_one_line(prefix, message):
    result = CliRunner().invoke(cli, ["keygen", "--out", prefix])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1


def test_an_unforeseen_error_is_one_line_and_debug_shows_the_traceback(run, database_url,
                                                                       monkeypatch):
    import provenance.stories

    def broken(session):
        raise RuntimeError("something \x1b[2J broke\nsecond line")

    monkeypatch.setattr(provenance.stories, "list_stories", broken)
    result = run("stories")
    assert result.exit_code == 1
    assert result.stderr == f"Error: unexpected RuntimeError: something ^[[2J broke; {REPORT_HINT}\n"
    with pytest.raises(RuntimeError, match="something"):
        CliRunner().invoke(cli, ["--debug", "--db", database_url, "stories"], catch_exceptions=False)
