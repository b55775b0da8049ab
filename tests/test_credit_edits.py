"""Changing a story's credits: each add, remove or move is a new credit set; --history shows them."""

import json

import pytest
from sqlalchemy import select

from conftest import SEED, SEED_BYLINE, snapshot
from provenance.db import transaction
from provenance.integrity import canonical_hash, credit_set_form
from provenance.models import CreditSet

SEED_CREDITS = [
    (1, "Hyemin Son", "reporter", "RFA’s Korean Service"),
    (2, "Hee Jung Yang", "reporter", "RFA’s Korean Service"),
    (3, "Leejin Jun", "translator", None),
    (4, "Eugene Whong", "writer", None),
]


@pytest.fixture
def nk(run):
    """The seed article imported as story `nk`, with its four credits in credit set 1."""
    assert run("import", str(SEED), "--story", "nk").exit_code == 0
    return run


def _credits(run, slug="nk"):
    result = run("credits", slug, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return [(c["position"], c["name"], c["role"], c["desk"]) for c in json.loads(result.stdout)]


def _history(run, slug="nk"):
    result = run("credits", slug, "--history", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _rows(url):
    """Every stored row, whichever backend (snapshot adds the file's bytes for SQLite)."""
    data = snapshot(url)
    return data[0] if isinstance(data, tuple) else data


def test_add_at_a_position_is_a_new_credit_set_with_author_and_message(nk, database_url):
    before = _rows(database_url)
    result = nk("credits", "nk", "add", "Jane Doe", "--role", "additional_reporter", "--location",
                "Seoul", "--position", "3", "--by", "Ann Editor", "-m", "she reported from Seoul")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "recorded credit set 2 of nk: 1 added" in result.stderr
    assert _credits(nk) == [
        *SEED_CREDITS[:2],
        (3, "Jane Doe", "additional_reporter", None),
        (4, "Leejin Jun", "translator", None),
        (5, "Eugene Whong", "writer", None),
    ]
    newest, first = _history(nk)
    assert (newest["number"], newest["author"], newest["message"]) == (
        2, "Ann Editor", "she reported from Seoul")
    assert [(c["position"], c["name"], c["location"]) for c in newest["added"]] == [
        (3, "Jane Doe", "Seoul")]
    # Leejin Jun and Eugene Whong shifted down one place because of the insertion; they did not move.
    assert newest["removed"] == [] and newest["moved"] == []
    assert len(newest["before"]) == 4 and len(newest["after"]) == 5
    assert first["number"] == 1 and len(first["added"]) == 4 and first["before"] == []
    # Append-only: every row stored before the change is still there, unchanged.
    after = _rows(database_url)
    for table, rows in before.items():
        assert set(rows) <= set(after[table]), table
    assert len(after["credit_set"]) == 2 and len(after["credit"]) == 4 + 5


def test_add_without_position_goes_last_and_a_new_person_is_created(nk):
    assert nk("credits", "nk", "add", "Jane Doe", "--role", "photographer", "--by", "A").exit_code == 0
    assert _credits(nk)[-1] == (5, "Jane Doe", "photographer", None)
    assert nk("byline", "nk").stdout == SEED_BYLINE + " Photos by Jane Doe.\n"


def test_move_reports_only_the_credit_that_moved(nk):
    result = nk("credits", "nk", "move", "Eugene Whong", "--to", "1", "--by", "Ann Editor")
    assert result.exit_code == 0, result.stderr
    assert [name for _, name, _, _ in _credits(nk)] == [
        "Eugene Whong", "Hyemin Son", "Hee Jung Yang", "Leejin Jun"]
    change = _history(nk)[0]
    assert change["moved"] == [{"name": "Eugene Whong", "role": "writer", "before": 4, "after": 1}]
    assert change["added"] == [] and change["removed"] == []


def test_remove_one_role_or_every_credit_of_a_person(nk):
    assert nk("credits", "nk", "add", "Leejin Jun", "--role", "writer", "--by", "A").exit_code == 0
    assert nk("credits", "nk", "remove", "Leejin Jun", "--role", "writer", "--by", "A").exit_code == 0
    assert _credits(nk) == SEED_CREDITS
    assert nk("credits", "nk", "add", "Leejin Jun", "--role", "writer", "--by", "A").exit_code == 0
    result = nk("credits", "nk", "remove", "Leejin Jun", "--by", "A", "-m", "not his story")
    assert result.exit_code == 0, result.stderr
    assert [name for _, name, _, _ in _credits(nk)] == ["Hyemin Son", "Hee Jung Yang", "Eugene Whong"]
    change = _history(nk)[0]
    assert [(c["name"], c["role"]) for c in change["removed"]] == [
        ("Leejin Jun", "translator"), ("Leejin Jun", "writer")]
    assert change["number"] == 5 and change["message"] == "not his story"


def test_a_translator_who_also_writes_is_named_once(nk):
    assert nk("credits", "nk", "remove", "Eugene Whong", "--by", "A").exit_code == 0
    assert nk("credits", "nk", "add", "Leejin Jun", "--role", "writer", "--by", "A").exit_code == 0
    assert nk("byline", "nk").stdout == (
        "Reported by Hyemin Son and Hee Jung Yang for RFA’s Korean Service. "
        "Translated and written in English by Leejin Jun.\n")


def test_move_needs_a_role_when_the_person_has_two_credits(nk):
    assert nk("credits", "nk", "add", "Leejin Jun", "--role", "writer", "--by", "A").exit_code == 0
    ambiguous = nk("credits", "nk", "move", "Leejin Jun", "--to", "1", "--by", "A")
    assert ambiguous.exit_code == 1
    assert ambiguous.stderr == ("Error: Leejin Jun is credited as translator and writer on 'nk': "
                                "choose one with --role\n")
    result = nk("credits", "nk", "move", "Leejin Jun", "--to", "1", "--role", "writer", "--by", "A")
    assert result.exit_code == 0, result.stderr
    assert _credits(nk)[0] == (1, "Leejin Jun", "writer", None)


def test_history_text_shows_who_when_what_and_the_bylines(nk):
    assert nk("credits", "nk", "add", "Jane Doe", "--role", "photographer", "--by", "Ann Editor",
              "-m", "photo credit").exit_code == 0
    lines = nk("credits", "nk", "--history").stdout.splitlines()
    number, time, author, summary, message = lines[0].split("\t")
    assert (number, author, summary, message) == ("2", "Ann Editor", "1 added", "photo credit")
    assert time.endswith("+00:00")
    assert lines[1] == "\t+ 5\tphotographer\tJane Doe"
    assert lines[2] == f"\tbefore: {SEED_BYLINE}"
    assert lines[3] == f"\tafter: {SEED_BYLINE} Photos by Jane Doe."
    assert lines[4].startswith("1\t") and "\tunknown\t4 added\t" in lines[4]
    assert lines[5] == "\t+ 1\treporter\tHyemin Son\tRFA’s Korean Service"
    assert lines[-2] == "\tbefore: (no credits)"


def test_every_credit_set_is_sealed_by_a_hash_over_its_parent(nk, engine):
    assert nk("credits", "nk", "add", "Jane Doe", "--role", "photographer", "--by", "A").exit_code == 0
    assert nk("credits", "nk", "move", "Jane Doe", "--to", "1", "--by", "A").exit_code == 0
    with transaction(engine) as session:
        sets = list(session.scalars(select(CreditSet).order_by(CreditSet.number)))
        forms = [credit_set_form(session, s) for s in sets]
    assert [s.number for s in sets] == [1, 2, 3]
    assert [f["parent"] for f in forms] == [None, sets[0].hash, sets[1].hash]
    assert [canonical_hash(f) for f in forms] == [s.hash for s in sets]
    assert forms[2]["author"] == forms[1]["author"] is not None


BAD_EDITS = {
    "unknown story": ["credits", "nope", "add", "X Y", "--role", "writer", "--by", "A"],
    "unknown story (history)": ["credits", "nope", "--history"],
    "remove nobody": ["credits", "nk", "remove", "Nobody Here", "--by", "A"],
    "remove in a role they lack": ["credits", "nk", "remove", "Eugene Whong", "--role", "reporter",
                                   "--by", "A"],
    "move nobody": ["credits", "nk", "move", "Nobody Here", "--to", "1", "--by", "A"],
    "move past the end": ["credits", "nk", "move", "Eugene Whong", "--to", "5", "--by", "A"],
    "move to where it is": ["credits", "nk", "move", "Eugene Whong", "--to", "4", "--by", "A"],
    "add past the end": ["credits", "nk", "add", "X Y", "--role", "writer", "--position", "6",
                         "--by", "A"],
    "add twice": ["credits", "nk", "add", "Eugene Whong", "--role", "writer", "--by", "A"],
    "empty name": ["credits", "nk", "add", "  ", "--role", "writer", "--by", "A"],
    "name too long": ["credits", "nk", "add", "X" * 201, "--role", "writer", "--by", "A"],
    "empty desk": ["credits", "nk", "add", "X Y", "--role", "writer", "--desk", "", "--by", "A"],
    "empty author": ["credits", "nk", "add", "X Y", "--role", "writer", "--by", " "],
}


@pytest.mark.parametrize("case", BAD_EDITS, ids=list(BAD_EDITS))
def test_bad_edit_is_one_line_exit_1_and_changes_nothing(nk, database_url, case):
    before = snapshot(database_url)
    result = nk(*BAD_EDITS[case])
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert snapshot(database_url) == before


USAGE_MISTAKES = {
    "unknown role": ["credits", "nk", "add", "X Y", "--role", "boss", "--by", "A"],
    "no --by": ["credits", "nk", "add", "X Y", "--role", "writer"],
    "no --role": ["credits", "nk", "add", "X Y", "--by", "A"],
    "position 0": ["credits", "nk", "add", "X Y", "--role", "writer", "--position", "0", "--by", "A"],
    "move to 0": ["credits", "nk", "move", "Eugene Whong", "--to", "0", "--by", "A"],
    "move without --to": ["credits", "nk", "move", "Eugene Whong", "--by", "A"],
    "no story": ["credits", "add", "X Y", "--role", "writer", "--by", "A"],
    "unknown action": ["credits", "nk", "rename", "X Y"],
    "unknown format": ["credits", "nk", "--history", "--format", "yaml"],
}


@pytest.mark.parametrize("case", USAGE_MISTAKES, ids=list(USAGE_MISTAKES))
def test_usage_mistakes_exit_2_and_change_nothing(nk, database_url, case):
    before = snapshot(database_url)
    result = nk(*USAGE_MISTAKES[case])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.stderr
    assert snapshot(database_url) == before
