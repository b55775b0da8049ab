"""verify: every record is recomputed; each corruption made on purpose with direct SQL, as a forger
would (foreign keys off), is reported with its own code, on SQLite and PostgreSQL."""

import json

import pytest
from sqlalchemy import create_engine, select, text

from conftest import DATA, SEED, snapshot
from provenance.verify import _reorderings

DEMO = DATA / "demo"

# A revision of the illustrative story, by language and number, for the SQL below.
REVISION = ("(SELECT r.id FROM revision r JOIN document d ON d.id = r.document_id "
            "JOIN story s ON s.id = d.story_id WHERE s.slug = 'lib' AND d.language = '{}' AND r.number = {})")
EN2, EN3 = REVISION.format("en", 2), REVISION.format("en", 3)
CREDITS = ("(SELECT c.id FROM credit_set c JOIN story s ON s.id = c.story_id "
           "WHERE s.slug = 'lib' AND c.number = {})")
CREDITS2, CREDITS3 = CREDITS.format(2), CREDITS.format(3)


def person(name: str) -> str:
    return f"(SELECT id FROM person WHERE name = '{name}')"


@pytest.fixture
def library(run, tmp_path):
    """The demo's two stories: the seed article, and the illustrative story reported in Korean,
    translated, rewritten, edited and corrected, with three credit sets (naming people in their
    roles does not credit them here: the credits are the ones the texts name, and one added)."""
    steps = [
        ["import", str(SEED), "--story", "nk"],
        ["import", str(DEMO / "library-ko.json"), "--story", "lib", "--by", "Seo-yeon Park",
         "--role", "reporter", "--no-credit"],
        ["translate", "lib", str(DEMO / "library-en.json"), "--from", "ko", "--by", "Mina Cho",
         "--no-credit"],
        ["revise", "lib", str(DEMO / "library-en-2-rewrite.txt"), "--format", "plain", "--language",
         "en", "--by", "Daniel Reyes", "--role", "writer", "-m", "rewrite", "--no-credit"],
        ["revise", "lib", str(DEMO / "library-en-3-edit.txt"), "--format", "plain", "--language", "en",
         "--by", "Ruth Okafor", "--role", "editor", "-m", "tighten", "--no-credit"],
        ["revise", "lib", str(DEMO / "library-ko-2-correction.txt"), "--format", "plain", "--language",
         "ko", "--by", "Seo-yeon Park", "--role", "reporter", "--activity", "correct", "--no-credit"],
        ["credits", "lib", "add", "Ruth Okafor", "--role", "editor", "--by", "Ruth Okafor"],
    ]
    for step in steps:
        result = run(*step)
        assert result.exit_code == 0, (step, result.stderr)
    return run


def tamper(url: str, *statements: str, **params: object) -> None:
    """Change the database behind the library's back, foreign keys off, as a forger would."""
    engine = create_engine(url)  # a plain engine: none of provenance's SQLite pragmas
    try:
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
            for statement in statements:
                connection.execute(text(statement), params)
    finally:
        engine.dispose()


def scalar(url: str, query: str) -> object:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text(query)).scalar()
    finally:
        engine.dispose()


def findings(run, *args: str) -> list[dict]:
    result = run("verify", *args, "--format", "json")
    data = json.loads(result.stdout)
    assert result.exit_code == (1 if data["findings"] else 0)
    assert data["ok"] is (not data["findings"])
    return data["findings"]


def codes(run, *args: str) -> set[str]:
    return {f["code"] for f in findings(run, *args)}


def test_a_clean_history_verifies(library, database_url):
    before = snapshot(database_url)
    result = library("verify")
    # Hand count: 1 + 5 revisions (nk; ko 1-2, en 1-3), 1 + 3 credit sets, 19 + 18 texts; names:
    # nk's 4 people and 1 desk, lib's 5 people (2 reporters, translator, writer, editor) and 1 desk.
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "verified 6 revisions, 4 credit sets, 37 texts, 11 names\n"
    one = library("verify", "lib")  # the whole name chain, which every story's names hang on
    assert one.stderr == "verified 5 revisions, 3 credit sets, 18 texts, 11 names\n"
    assert snapshot(database_url) == before


def test_an_empty_database_has_nothing_to_verify(run):
    result = run("verify")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "nothing to verify\n")


def test_an_unknown_story_is_one_line(run):
    result = run("verify", "nope")
    assert result.exit_code == 1
    assert result.stderr == "Error: no story 'nope' (see `provenance stories`)\n"


def test_an_altered_text_names_every_revision_and_position_showing_it(library, database_url):
    tamper(database_url, f"UPDATE text_blob SET body = body || ' (or so)' WHERE sha256 = "
           f"(SELECT v.text_sha256 FROM paragraph_version v JOIN revision_paragraph p "
           f"ON p.version_id = v.id WHERE p.revision_id = {EN2} AND p.position = 2)")
    [found] = findings(library)
    assert found["code"] == "text-altered" and found["severity"] == "error"
    # The rewrite's second paragraph is kept unchanged, at the same place, by the edit.
    assert found["evidence"]["shown_in"] == [
        {"story": "lib", "language": "en", "revision": 2, "position": 2},
        {"story": "lib", "language": "en", "revision": 3, "position": 2},
    ]
    assert codes(library, "nk") == set()


CORRUPTIONS = {
    "author changed": ([f"UPDATE revision SET author_id = {person('Mina Cho')} WHERE id = {EN2}"],
                       {"revision-altered"}),
    "activity changed": ([f"UPDATE revision SET activity = 'edit' WHERE id = {EN2}"], {"revision-altered"}),
    "time changed": ([f"UPDATE revision SET created_at = (SELECT created_at FROM revision WHERE id = "
                      f"{REVISION.format('ko', 1)}) WHERE id = {EN2}"], {"revision-altered"}),
    "message changed": ([f"UPDATE revision SET message = 'nothing to see' WHERE id = {EN2}"],
                        {"revision-altered"}),
    "middle revision deleted": ([f"DELETE FROM revision_paragraph WHERE revision_id = {EN2}",
                                 f"DELETE FROM revision WHERE id = {EN2}"], {"revision-missing"}),
    "middle revision deleted, child relinked": (
        [f"UPDATE revision SET parent_id = {REVISION.format('en', 1)} WHERE id = {EN3}",
         f"DELETE FROM revision_paragraph WHERE revision_id = {EN2}",
         f"DELETE FROM revision WHERE id = {EN2}"], {"revision-missing"}),
    "latest revision deleted, its versions left": (
        [f"DELETE FROM revision_paragraph WHERE revision_id = {EN3}",
         f"DELETE FROM revision WHERE id = {EN3}"], {"revision-missing"}),
    "two paragraphs swapped": ([f"UPDATE revision_paragraph SET position = 99 WHERE revision_id = {EN2} "
                                "AND position = 2",
                                f"UPDATE revision_paragraph SET position = 2 WHERE revision_id = {EN2} "
                                "AND position = 4",
                                f"UPDATE revision_paragraph SET position = 4 WHERE revision_id = {EN2} "
                                "AND position = 99"], {"paragraphs-reordered"}),
    "a paragraph moved to the end": ([f"UPDATE revision_paragraph SET position = 7 WHERE revision_id = "
                                      f"{EN2} AND position = 1"], {"paragraphs-reordered"}),
    "derivation kind changed": ([f"UPDATE derivation SET kind = 'move' WHERE id = (SELECT MIN(id) FROM "
                                 f"derivation WHERE target_id IN (SELECT id FROM paragraph_version "
                                 f"WHERE revision_id = {EN3}) AND kind = 'edit')"],
                                {"derivation-altered"}),
    "stored hash overwritten": ([f"UPDATE revision SET hash = :forged WHERE id = {EN2}"], {"hash-altered"}),
    "parent link re-pointed": ([f"UPDATE revision SET parent_id = {REVISION.format('en', 1)} "
                                f"WHERE id = {EN3}"], {"chain-broken"}),
    "text deleted": ([f"DELETE FROM text_blob WHERE sha256 = (SELECT v.text_sha256 FROM paragraph_version v "
                      f"JOIN revision_paragraph p ON p.version_id = v.id WHERE p.revision_id = {EN3} "
                      "AND p.position = 1)"], {"text-missing"}),
    "credit person changed": ([f"UPDATE credit SET person_id = {person('Ruth Okafor')} WHERE credit_set_id = "
                               f"{CREDITS2} AND position = 1"], {"credit-altered"}),
    "credit role changed": ([f"UPDATE credit SET role = 'editor' WHERE credit_set_id = {CREDITS2} "
                             "AND position = 4"], {"credit-altered"}),
    "credits swapped": ([f"UPDATE credit SET position = {new} WHERE credit_set_id = {CREDITS2} "
                         f"AND position = {old}" for new, old in [(99, 1), (1, 3), (3, 99)]],
                        {"credit-altered"}),
    "credit set deleted": ([f"DELETE FROM credit WHERE credit_set_id = {CREDITS2}",
                            f"DELETE FROM credit_set WHERE id = {CREDITS2}"], {"credit-set-missing"}),
    "form version of a credit set changed": (
        [f"UPDATE credit_set SET form_version = 1 WHERE id = {CREDITS3}"], {"credit-altered"}),
    "form version unknown": ([f"UPDATE revision SET form_version = 99 WHERE id = {EN2}"], {"form-unknown"}),
    "person renamed in place": (["UPDATE person SET name = 'Mallory' WHERE name = 'Mina Cho'"],
                                {"person-altered"}),
    "person added behind the ledger": (["INSERT INTO person (name, created_at) VALUES ('Mallory', "
                                        "(SELECT created_at FROM person WHERE name = 'Mina Cho'))"],
                                       {"person-altered"}),
    "alias added behind the ledger": ([f"INSERT INTO person_alias (person_id, name, created_at) VALUES "
                                       f"({person('Ruth Okafor')}, 'M. Cho', (SELECT created_at FROM person "
                                       "WHERE name = 'Mina Cho'))"], {"alias-altered"}),
    "desk renamed in place": (["UPDATE desk SET name = 'Mallory Radio' WHERE name LIKE 'Demo Radio%'"],
                              {"desk-altered"}),
    "name event altered": (["UPDATE name_event SET name = 'Mallory' WHERE name = 'Mina Cho'"],
                           {"person-altered"}),
    "two changes at once": ([f"UPDATE revision SET message = 'x' WHERE id = {EN2}",
                             f"UPDATE text_blob SET body = 'x' WHERE sha256 = (SELECT v.text_sha256 FROM "
                             "paragraph_version v JOIN revision_paragraph p ON p.version_id = v.id "
                             f"WHERE p.revision_id = {EN3} AND p.position = 1)"],
                            {"revision-altered", "text-altered"}),
}


@pytest.mark.parametrize("case", CORRUPTIONS, ids=list(CORRUPTIONS))
def test_each_corruption_has_its_own_code(library, database_url, case):
    statements, expected = CORRUPTIONS[case]
    tamper(database_url, *statements, forged="f" * 64)
    before = snapshot(database_url)
    assert codes(library) == expected
    assert snapshot(database_url) == before


def test_what_the_hash_confirms_is_named(library, database_url):
    tamper(database_url, f"UPDATE revision SET author_id = {person('Mina Cho')} WHERE id = {EN2}")
    [found] = findings(library, "lib")
    where = (found["story"], found["language"], found["record"], found["number"])
    assert where == ("lib", "en", "revision", 2)
    assert found["evidence"] == {"field": "author", "original": "Daniel Reyes"}
    text_line = library("verify", "lib")
    assert text_line.stdout == ("error   revision-altered     lib en r2: the author was changed to "
                                "Mina Cho from Daniel Reyes\n")
    assert text_line.stderr == "1 problem in 5 revisions, 3 credit sets, 18 texts, 11 names\n"


def test_a_changed_form_version_is_named(library, database_url):
    tamper(database_url, *CORRUPTIONS["form version of a credit set changed"][0])
    [found] = findings(library)
    assert found["message"] == "the canonical-form version of credit set 3 was changed to 1 from 3"
    assert found["evidence"] == {"field": "form_version", "original": 3}


def test_a_swap_is_named_by_its_positions(library, database_url):
    tamper(database_url, *CORRUPTIONS["two paragraphs swapped"][0])
    [found] = findings(library)
    assert found["message"] == "paragraphs reordered: positions 2 and 4 were swapped"


def test_two_swaps_at_once_get_only_the_broad_code(library, database_url):
    # Positions 1<->2 and 3<->4: no single move or swap restores the hash, so nothing narrower is claimed.
    swap = "UPDATE revision_paragraph SET position = {} WHERE revision_id = " + EN2 + " AND position = {}"
    tamper(database_url, *(swap.format(new, old) for new, old in
                           [(99, 1), (1, 2), (2, 99), (98, 3), (3, 4), (4, 98)]))
    assert codes(library) == {"revision-altered"}


def test_a_re_pointed_derivation_names_its_original_source(library, database_url):
    target, source = (scalar(database_url, f"SELECT {c} FROM derivation WHERE kind = 'edit' AND target_id IN "
                             f"(SELECT id FROM paragraph_version WHERE revision_id = {EN2}) "
                             "ORDER BY target_id LIMIT 1") for c in ("target_id", "source_id"))
    other = scalar(database_url, f"SELECT MAX(version_id) FROM revision_paragraph WHERE revision_id = "
                                 f"{REVISION.format('en', 1)} AND version_id <> {source}")
    tamper(database_url, f"UPDATE derivation SET source_id = {other} WHERE target_id = {target}")
    [found] = findings(library)
    assert found["code"] == "derivation-altered"
    assert found["evidence"] == {"target": target, "source": other, "original": source}


@pytest.mark.parametrize("with_derivations", [False, True], ids=["inserted", "edited"])
def test_a_version_claimed_by_a_later_revision(library, database_url, with_derivations):
    # A version the rewrite made and the edit kept, now said to be the edit's: who wrote it changes.
    has = "" if with_derivations else "NOT "
    version = scalar(database_url, f"SELECT MIN(v.id) FROM paragraph_version v JOIN revision_paragraph p "
                                   f"ON p.version_id = v.id WHERE v.revision_id = {EN2} AND p.revision_id = "
                                   f"{EN3} AND v.id {has}IN (SELECT target_id FROM derivation)")
    tamper(database_url, f"UPDATE paragraph_version SET revision_id = {EN3} WHERE id = {version}")
    [found] = findings(library)
    assert (found["code"], found["number"]) == ("version-reassigned", 2)


def test_a_merge_altered(library, database_url):
    assert library("people", "merge", "Ji-ho Lim", "Mina Cho", "--by", "Ruth Okafor").exit_code == 0
    # The merge also records Ji-ho Lim as an alias of Mina Cho: one more name.
    assert library("verify").stderr == ("verified 6 revisions, 4 credit sets, 37 texts, 1 person merge, "
                                        "12 names\n")
    tamper(database_url, f"UPDATE person_merge SET author_id = {person('Daniel Reyes')}")
    assert codes(library) == {"merge-altered"}
    assert codes(library, "lib") == set()  # merges belong to no story


def test_a_renamed_person_is_named_with_what_the_chain_recorded(library, database_url):
    tamper(database_url, *CORRUPTIONS["person renamed in place"][0])
    [found] = findings(library, "lib")
    assert found["message"] == "person 'Mina Cho' is now called 'Mallory', but no rename was recorded"
    assert library("byline", "lib").stdout.count("Mallory") == 1  # what a reader would be shown
    assert codes(library, "nk") == set()  # nobody nk names was touched


def test_a_hijacked_alias(library, database_url):
    assert library("people", "merge", "Ji-ho Lim", "Mina Cho", "--by", "Ruth Okafor").exit_code == 0
    tamper(database_url, f"UPDATE person_alias SET person_id = {person('Ruth Okafor')} "
           "WHERE name = 'Ji-ho Lim'")
    [found] = findings(library)
    assert (found["code"], found["message"]) == (
        "alias-altered", "alias 'Ji-ho Lim' now names 'Ruth Okafor'; it was recorded for 'Mina Cho'")


def test_a_name_chain_rewritten_with_every_hash_recomputed(library, database_url):
    # An attacker who knows the hash renames Mina Cho in the chain itself and re-seals it: the chain
    # and the names agree, but every revision and credit set written since commits to the old head.
    from provenance.db import make_engine, transaction
    from provenance.integrity import canonical_hash, name_event_form
    from provenance.models import NameEvent

    tamper(database_url, "UPDATE person SET name = 'Mallory' WHERE name = 'Mina Cho'",
           "UPDATE name_event SET name = 'Mallory' WHERE name = 'Mina Cho'")
    engine = make_engine(database_url)
    with transaction(engine) as session:
        for event in session.scalars(select(NameEvent).order_by(NameEvent.number)):
            event.hash = canonical_hash(name_event_form(session, event))
            session.flush()
    engine.dispose()
    found = findings(library)
    assert {f["code"] for f in found} == {"revision-altered", "credit-altered"}
    # Mina Cho was named when she translated: what lib's import wrote before (ko r1, credit set 1)
    # and all of nk commit to heads before her and still verify; everything from her translation on
    # (en r1-r3, the ko correction r2, credit sets 2 and 3) commits to a head at or after her.
    assert sorted((f["story"], f["language"] or "", f["number"]) for f in found) == [
        ("lib", "", 2), ("lib", "", 3), ("lib", "en", 1), ("lib", "en", 2), ("lib", "en", 3),
        ("lib", "ko", 2)]


def test_reorderings_are_every_single_move_or_swap():
    items = [{"position": p, "v": v} for p, v in zip([1, 2, 3, 4], "abcd", strict=True)]
    orders = ["".join(i["v"] for i in seq) for _, seq in _reorderings(items)]
    # 6 swaps, then moves by two or more places (a move by one is a swap).
    assert orders == ["bacd", "cbad", "dbca", "acbd", "adcb", "abdc",
                      "bcad", "bcda", "acdb", "cabd", "dabc", "adbc"]
    assert all(seq == [{**i, "position": k} for k, i in enumerate(seq, 1)] for _, seq in _reorderings(items))
    gap = [{"position": p, "v": v} for p, v in zip([1, 2, 5], "abc", strict=True)]
    assert next(_reorderings(gap))[0] == "positions were renumbered (1, 2, 5)"


def _version_at(database_url, revision: str, position: int) -> tuple[int, list]:
    version = scalar(database_url, f"SELECT version_id FROM revision_paragraph "
                                   f"WHERE revision_id = {revision} AND position = {position}")
    return int(version), json.loads(str(scalar(database_url, f"SELECT attribution FROM paragraph_version "
                                                             f"WHERE id = {version}")))


def test_a_forged_attribution_is_named_once(library, database_url):
    # en r3 ¶1 keeps words of the translator, the writer and the editor; the forger gives them all
    # to the editor, token count unchanged, so blame would say she wrote 100%.
    version, runs = _version_at(database_url, EN3, 1)
    assert len({person for _, person, _ in runs}) == 3
    editor = scalar(database_url, "SELECT id FROM person WHERE name = 'Ruth Okafor'")
    forged = json.dumps([[3, editor, sum(count for _, _, count in runs)]], separators=(",", ":"))
    tamper(database_url, "UPDATE paragraph_version SET attribution = :forged WHERE id = :id",
           forged=forged, id=version)
    blame = json.loads(library("blame", "lib", "--language", "en", "--format", "json").stdout)
    assert [s["person"] for s in blame[0]["shares"]] == ["Ruth Okafor"]
    [found] = findings(library)
    assert (found["code"], found["language"], found["number"], found["paragraph"]) == (
        "attribution-altered", "en", 3, 1)
    assert found["evidence"] == {"version": version, "stored": forged,
                                 "recomputed": json.dumps(runs, separators=(",", ":"))}


READERS = [["blame", "lib", "--language", "en"], ["chain", "lib", "--language", "en"],
           ["report", "lib", "--format", "markdown"], ["export", "lib"]]


def test_an_attribution_that_does_not_fit_its_text(library, database_url):
    version, runs = _version_at(database_url, EN3, 1)
    runs[-1][2] += 5
    tamper(database_url, "UPDATE paragraph_version SET attribution = :runs WHERE id = :id",
           runs=json.dumps(runs), id=version)
    assert codes(library) == {"attribution-altered"}
    tokens = sum(count for _, _, count in runs) - 5
    message = (f"Error: the stored word attribution of paragraph version {version} is corrupt (its runs "
               f"count {tokens + 5} tokens; the text has {tokens}): see `provenance verify`\n")
    for args in READERS:
        result = library(*args)  # the runner raises on a traceback
        assert result.exit_code in (0, 1), args
        if result.exit_code:
            assert result.stderr == message, args
    audit = json.loads(library("audit", "lib", "--format", "json").stdout)["findings"]
    assert [f["code"] for f in audit if f["code"] == "attribution-altered"] == ["attribution-altered"]


@pytest.mark.parametrize("runs", ["not json", '{"a": 1}', "[[1, 2]]", "[[0, null, 3]]", "[[1, null, -2]]",
                                  "[[1, null, 1e300]]", '[[1, "x", 3]]'])
def test_malformed_attribution_is_a_finding_not_a_traceback(library, database_url, runs):
    version, _ = _version_at(database_url, EN3, 2)
    tamper(database_url, "UPDATE paragraph_version SET attribution = :runs WHERE id = :id",
           runs=runs, id=version)
    assert codes(library) == {"attribution-altered"}
    result = library("blame", "lib", "--language", "en")
    assert result.exit_code == 1 and result.stderr.startswith(
        f"Error: the stored word attribution of paragraph version {version} is corrupt (")


def test_stories_read_in_batches_smaller_than_the_archive(run, database_url):
    # Five copies of the seed article share every text; verified two or one story at a time, a
    # text altered in one batch is still shown in every story of every batch, and each story's
    # own corruption is found in whichever batch it falls.
    from sqlalchemy.orm import Session

    from provenance.db import make_engine
    from provenance.verify import verify_history

    slugs = [f"s{n}" for n in range(1, 6)]
    for slug in slugs:
        assert run("import", str(SEED), "--story", slug).exit_code == 0
    story = "(SELECT id FROM story WHERE slug = '{}')"
    first = ("(SELECT r.id FROM revision r JOIN document d ON d.id = r.document_id "
             "WHERE d.story_id = " + story + " AND r.number = 1)")
    shared = scalar(database_url, f"SELECT v.text_sha256 FROM paragraph_version v JOIN revision_paragraph p "
                                  f"ON p.version_id = v.id WHERE p.revision_id = {first.format('s1')} "
                                  "AND p.position = 2")
    version = scalar(database_url, f"SELECT version_id FROM revision_paragraph WHERE revision_id = "
                                   f"{first.format('s4')} AND position = 3")
    unnamed = "0" * 64
    tamper(database_url,
           "UPDATE text_blob SET body = body || ' (or so)' WHERE sha256 = :shared",
           f"UPDATE revision SET message = 'nothing to see' WHERE id = {first.format('s2')}",
           "UPDATE paragraph_version SET attribution = '[[1,null,1]]' WHERE id = :version",
           f"UPDATE credit_set SET message = 'x' WHERE story_id = {story.format('s5')}",
           "INSERT INTO text_blob (sha256, body) VALUES (:unnamed, 'no version names this')",
           shared=shared, version=version, unnamed=unnamed)

    engine = make_engine(database_url, read_only=True)
    try:
        with Session(engine) as session, session.begin():
            reports = [verify_history(session, batch=size) for size in (2, 1, 100)]
    finally:
        engine.dispose()
    assert reports[0] == reports[1] == reports[2]
    found = reports[0].findings
    assert [(f.code, f.evidence["sha256"]) for f in found if f.record == "text"] == sorted(
        [("text-altered", shared), ("text-altered", unnamed)], key=lambda pair: pair[1])
    [altered] = [f for f in found if f.evidence.get("sha256") == shared]
    assert altered.evidence["shown_in"] == [
        {"story": slug, "language": "en", "revision": 1, "position": 2} for slug in slugs]
    assert [(f.code, f.story) for f in found if f.record != "text"] == [
        ("revision-altered", "s2"), ("attribution-altered", "s4"), ("credit-altered", "s5")]
    assert (reports[0].revisions, reports[0].credit_sets) == (5, 5)
