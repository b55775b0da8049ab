"""People across stories: listing, likely duplicates, and merges that keep every credit."""

import json

import pytest
from sqlalchemy import select

from conftest import DATA, SEED, SEED_BYLINE, snapshot
from provenance.db import transaction
from provenance.integrity import canonical_hash, merge_form
from provenance.models import PersonMerge
from provenance.people import find_person

LIBRARY_KO = DATA / "demo" / "library-ko.json"


@pytest.fixture
def two_spellings(run):
    """`nk` credits Karme Dorjee (additional reporter); `lib` credits Karma Dorjee (contributor)."""
    assert run("import", str(SEED), "--story", "nk").exit_code == 0
    assert run("import", str(LIBRARY_KO), "--story", "lib").exit_code == 0
    assert run("credits", "nk", "add", "Karme Dorjee", "--role", "additional_reporter",
               "--by", "Ann Editor").exit_code == 0
    assert run("credits", "lib", "add", "Karma Dorjee", "--role", "contributor",
               "--by", "Ann Editor").exit_code == 0
    return run


def _people(run):
    result = run("people", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return {p["name"]: p for p in json.loads(result.stdout)}


def _duplicates(run, *args):
    result = run("people", "duplicates", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return [(d["person"], d["other"], d["score"]) for d in json.loads(result.stdout)]


def _rows(url):
    data = snapshot(url)
    return data[0] if isinstance(data, tuple) else data


def test_people_lists_everyone_with_their_credits(two_spellings):
    people = _people(two_spellings)
    assert people["Hyemin Son"] == {"name": "Hyemin Son", "aliases": [],
                                    "credits": [{"story": "nk", "role": "reporter"}]}
    assert people["Karme Dorjee"]["credits"] == [{"story": "nk", "role": "additional_reporter"}]
    assert people["Karma Dorjee"]["credits"] == [{"story": "lib", "role": "contributor"}]
    assert people["Ann Editor"]["credits"] == []  # made changes, credited nowhere
    text = two_spellings("people").stdout.splitlines()
    assert text[text.index("Hyemin Son") + 1] == "\treporter\tnk"


def test_duplicates_suggest_spelling_variants_and_merge_nothing(two_spellings, database_url):
    before = snapshot(database_url)
    # "karmadorjee" and "karmedorjee": 11 letters, one substituted: 1 - 2/22 = 90.9.
    assert _duplicates(two_spellings) == [("Karma Dorjee", "Karme Dorjee", 90.9)]
    text = two_spellings("people", "duplicates")
    assert text.stdout == "90.9\tKarma Dorjee\tKarme Dorjee\n"
    assert "provenance people merge" in text.stderr
    assert snapshot(database_url) == before


def test_duplicates_fold_name_order_hyphens_and_accents(run):
    assert run("import", str(SEED), "--story", "nk").exit_code == 0
    for name in ("Kim Min-ji", "Min-ji Kim", "Kim Min-jun", "José García", "Jose Garcia"):
        assert run("credits", "nk", "add", name, "--role", "contributor", "--by", "A").exit_code == 0
    # People are listed by name, and "Jose" sorts before "José".
    assert _duplicates(run) == [
        ("Jose Garcia", "José García", 100.0),
        ("Kim Min-ji", "Min-ji Kim", 100.0),
    ]
    # "kimminji" against "kimminjun": 7 letters in common of 8 and 9, so 1 - 3/17 = 82.4.
    assert ("Kim Min-ji", "Kim Min-jun", 82.4) in _duplicates(run, "--threshold", "80")
    assert ("Kim Min-jun", "Min-ji Kim", 82.4) in _duplicates(run, "--threshold", "80")


def test_merge_keeps_every_credit_and_reads_them_as_the_survivor(two_spellings, database_url):
    before = _rows(database_url)
    result = two_spellings("people", "merge", "Karme Dorjee", "Karma Dorjee", "--by", "Ann Editor")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ("merged Karme Dorjee into Karma Dorjee (merge 1); "
                             "their credits on 1 story now read Karma Dorjee\n")
    people = _people(two_spellings)
    assert "Karme Dorjee" not in people
    assert people["Karma Dorjee"] == {
        "name": "Karma Dorjee",
        "aliases": ["Karme Dorjee"],
        "credits": [{"story": "lib", "role": "contributor"}, {"story": "nk", "role": "additional_reporter"}],
    }
    credits = json.loads(two_spellings("credits", "nk", "--format", "json").stdout)
    assert (credits[-1]["position"], credits[-1]["name"]) == (5, "Karma Dorjee")
    assert two_spellings("byline", "nk").stdout == SEED_BYLINE + " Additional reporting by Karma Dorjee.\n"
    assert _duplicates(two_spellings) == []
    # Nothing stored was changed: the merge only added rows.
    after = _rows(database_url)
    for table, rows in before.items():
        assert set(rows) <= set(after[table]), table
    assert len(after["person_merge"]) == 1 and len(after["person_alias"]) == 1
    assert after["credit"] == before["credit"]


def test_the_old_spelling_finds_the_survivor_after_a_merge(two_spellings, engine):
    assert two_spellings("people", "merge", "Karme Dorjee", "Karma Dorjee").exit_code == 0
    added = two_spellings("credits", "lib", "add", "Karme Dorjee", "--role", "writer", "--by", "A")
    assert added.exit_code == 0, added.stderr
    credits = json.loads(two_spellings("credits", "lib", "--format", "json").stdout)
    assert [c["name"] for c in credits if c["role"] == "writer"] == ["Karma Dorjee"]
    assert two_spellings("credits", "nk", "remove", "Karme Dorjee", "--by", "A").exit_code == 0
    with transaction(engine) as session:
        person = find_person(session, "Karme Dorjee")
        assert person is not None and person.name == "Karma Dorjee"


def test_merges_chain_and_are_hashed(two_spellings, engine):
    assert two_spellings("people", "merge", "Karme Dorjee", "Karma Dorjee", "--by", "A").exit_code == 0
    assert two_spellings("people", "merge", "Karma Dorjee", "Hyemin Son").exit_code == 0
    people = _people(two_spellings)
    assert people["Hyemin Son"]["aliases"] == ["Karma Dorjee", "Karme Dorjee"]
    assert people["Hyemin Son"]["credits"] == [
        {"story": "lib", "role": "contributor"},
        {"story": "nk", "role": "reporter"},
        {"story": "nk", "role": "additional_reporter"},
    ]
    with transaction(engine) as session:
        merges = list(session.scalars(select(PersonMerge).order_by(PersonMerge.number)))
        forms = [merge_form(session, m) for m in merges]
    assert [f["number"] for f in forms] == [1, 2]
    assert [f["parent"] for f in forms] == [None, merges[0].hash]
    assert [canonical_hash(f) for f in forms] == [m.hash for m in merges]
    assert forms[0]["author"] is not None and forms[1]["author"] is None


BAD_MERGES = {
    "into itself": ["Karma Dorjee", "Karma Dorjee"],
    "unknown first": ["Nobody Here", "Karma Dorjee"],
    "unknown second": ["Karma Dorjee", "Nobody Here"],
    "merged already": ["Karme Dorjee", "Hyemin Son"],
    "back into the merged": ["Karma Dorjee", "Karme Dorjee"],
}


@pytest.mark.parametrize("case", BAD_MERGES, ids=list(BAD_MERGES))
def test_bad_merge_is_one_line_exit_1_and_changes_nothing(two_spellings, database_url, case):
    assert two_spellings("people", "merge", "Karme Dorjee", "Karma Dorjee").exit_code == 0
    before = snapshot(database_url)
    result = two_spellings("people", "merge", *BAD_MERGES[case], "--by", "Ann Editor")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert snapshot(database_url) == before


def test_merged_already_says_into_whom(two_spellings):
    assert two_spellings("people", "merge", "Karme Dorjee", "Karma Dorjee").exit_code == 0
    result = two_spellings("people", "merge", "Karme Dorjee", "Hyemin Son")
    assert result.stderr == "Error: 'Karme Dorjee' was merged into 'Karma Dorjee' already\n"


@pytest.mark.parametrize("args", [["duplicates", "--threshold", "101"], ["merge", "Only One"],
                                  ["--format", "yaml"]])
def test_people_usage_mistakes_exit_2(two_spellings, database_url, args):
    before = snapshot(database_url)
    result = two_spellings("people", *args)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert snapshot(database_url) == before


def test_a_rename_is_an_event_and_the_old_name_stays_a_spelling(two_spellings, database_url):
    result = two_spellings("people", "rename", "Karma Dorjee", "Karma Dorje", "--by", "Ann Editor")
    # Named before: nk's 4 people and desk, lib's 2 reporters and desk, Karme Dorjee, Ann Editor and
    # Karma Dorjee: 11 events; the rename is the 12th (the old name as an alias, the 13th).
    assert (result.exit_code, result.stderr) == (0, "renamed Karma Dorjee to Karma Dorje (name event 12)\n")
    people = _people(two_spellings)
    assert "Karma Dorjee" not in people
    assert people["Karma Dorje"]["aliases"] == ["Karma Dorjee"]
    assert people["Karma Dorje"]["credits"] == [{"story": "lib", "role": "contributor"}]
    assert two_spellings("verify").exit_code == 0
    history = _rows(database_url)["name_event"]
    assert [row[3] for row in history].count(repr("rename")) == 1
    assert len(history) == 13
    # Renaming to a name someone else holds is a merge, not a rename.
    taken = two_spellings("people", "rename", "Karma Dorje", "Karme Dorjee", "--by", "Ann Editor")
    assert (taken.exit_code, taken.stderr) == (1, "Error: 'Karme Dorjee' is already 'Karme Dorjee''s name "
                                               "or alias: merge them instead (`provenance people merge`)\n")
