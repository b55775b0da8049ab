"""`provenance credits parse` needs no database; `credits` reads STORY or a command first."""

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from provenance.cli import cli


def _invoke(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, prog_name="provenance")


def _parse(*args, input=None, db=None):
    prefix = ["--db", db] if db else []
    return _invoke(*prefix, "credits", "parse", *args, input=input)


def test_text_output_is_one_credit_per_line():
    result = _parse("Reporting by Ju-min Park in Seoul and Antoni Slodkowski in Tokyo; "
                    "Additional reporting by Jack Kim; Editing by Ed Davies")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "reporter\tJu-min Park\tin Seoul\n"
        "reporter\tAntoni Slodkowski\tin Tokyo\n"
        "additional_reporter\tJack Kim\n"
        "editor\tEd Davies\n"
    )
    assert result.stderr == ""


def test_json_output_states_null_where_the_line_says_nothing():
    result = _parse("Reported by Hyemin Son for RFA’s Korean Service. Translated and written in "
                    "English by Leejin Jun.", "--format", "json")
    assert json.loads(result.stdout) == [
        {"name": "Hyemin Son", "role": "reporter", "desk": "RFA’s Korean Service", "location": None},
        {"name": "Leejin Jun", "role": "translator", "desk": None, "location": None},
        {"name": "Leejin Jun", "role": "writer", "desk": None, "location": None},
    ]


def test_a_desk_credited_by_name_prints_once():
    result = _parse("Reported by RFA’s Myanmar Service. Written in English by Roseanne Gerin.")
    assert result.stdout == "reporter\tRFA’s Myanmar Service\nwriter\tRoseanne Gerin\n"


def test_dash_reads_standard_input():
    result = _parse("-", "--format", "json",
                    input="Associated Press writers Kim Tong-hyung in Seoul and Mari Yamaguchi "
                          "in Tokyo contributed to this report.\n")
    assert [(c["name"], c["role"], c["location"]) for c in json.loads(result.stdout)] == [
        ("Kim Tong-hyung", "contributor", "Seoul"), ("Mari Yamaguchi", "contributor", "Tokyo")]


@pytest.mark.parametrize("text, message", [
    ("", "nothing to parse: the text is empty\n"),
    ("  \n ", "nothing to parse: the text is empty\n"),
    ("The novel was written by Han Kang.", "no credits found"),
])
def test_text_naming_nobody_is_an_empty_list_and_a_note(text, message):
    as_text = _parse(text)
    assert (as_text.exit_code, as_text.stdout) == (0, "")
    assert as_text.stderr.startswith(message) and as_text.stderr.count("\n") == 1
    as_json = _parse(text, "--format", "json")
    assert (as_json.exit_code, json.loads(as_json.stdout)) == (0, [])


def test_100_kb_of_text_is_read_whole():
    letters = "abcdefghijklmnopqrstuvwxyz"
    names = [f"Hyemin S{a}{b}{c}" for a in letters for b in letters for c in letters]
    lines = [f"Reported by {name} for RFA’s Korean Service. " for name in names]
    count = next(i for i in range(len(lines)) if sum(map(len, lines[:i])) >= 100_000)
    result = _parse("-", "--format", "json", input="".join(lines[:count]))
    assert result.exit_code == 0
    assert [c["name"] for c in json.loads(result.stdout)] == names[:count]
    prose = _parse("x" * 100_000)
    assert (prose.exit_code, prose.stdout) == (0, "")


def test_needs_no_database(tmp_path):
    path = tmp_path / "absent.sqlite"
    result = _parse("By Laura Bicker, BBC News, Seoul", db=f"sqlite:///{path}")
    assert (result.exit_code, result.stdout) == (0, "writer\tLaura Bicker\tfor BBC News\tin Seoul\n")
    assert not path.exists()


def test_credits_parse_imports_no_database_library():
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "provenance", "credits", "parse",
         "Reported by Hyemin Son for RFA’s Korean Service."],
        capture_output=True, text=True, check=True)
    assert result.stdout == "reporter\tHyemin Son\tfor RFA’s Korean Service\n"
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0]
                for line in result.stderr.splitlines() if "|" in line}
    assert "provenance" in imported
    assert not imported & {"sqlalchemy", "alembic"}


def test_byline_gives_a_surname_its_full_name():
    result = _parse("Okafor reported from Lagos.", "--byline", "By Tom Reyes and Ada Okafor")
    assert (result.exit_code, result.stdout) == (0, "reporter\tAda Okafor\tin Lagos\n")


def test_language_is_detected_from_the_script_or_given():
    detected = _parse("(서울=연합뉴스) 김민수 특파원 이지은 기자 =")
    assert detected.stdout == ("reporter\t김민수\tfor 연합뉴스\tin 서울\n"
                               "reporter\t이지은\tfor 연합뉴스\tin 서울\n")
    given = _parse("新华社东京5月3日电（记者李华）", "--language", "zh")
    assert given.stdout == "reporter\t李华\tfor 新华社\tin 东京\n"
    as_english = _parse("김영남 기자", "--language", "en")
    assert (as_english.exit_code, as_english.stdout) == (0, "")


@pytest.mark.parametrize("action", ["add", "remove", "move"])
def test_story_actions_have_help_that_puts_the_story_first(action):
    generic = _invoke("credits", action, "--help")
    assert generic.exit_code == 0
    assert generic.stdout.startswith(f"Usage: provenance credits STORY {action} [OPTIONS] NAME\n")
    assert "Example:" in generic.stdout and "  provenance credits " in generic.stdout
    for_story = _invoke("credits", "nk", action, "--help")
    assert for_story.stdout.startswith(f"Usage: provenance credits nk {action} [OPTIONS] NAME\n")


def test_the_listing_has_help_of_its_own():
    result = _invoke("credits", "nk", "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: provenance credits nk [OPTIONS]\n")
    assert "--history" in result.stdout and "Example:" in result.stdout


def test_credits_help_shows_every_form():
    result = _invoke("credits", "--help")
    assert result.stdout.splitlines()[:3] == [
        "Usage: provenance credits STORY [--history] [--format text|json]",
        "       provenance credits STORY add|remove|move NAME [OPTIONS]",
        "       provenance credits parse TEXT [--format text|json]",
    ]
