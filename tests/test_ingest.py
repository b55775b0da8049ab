"""Content-system stories in the ledger: versions with their accounts and original times, source
identities, re-import, workflow events, accounts to people, whole archives."""

import json
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text

from conftest import ROOT, snapshot
from provenance.db import transaction
from provenance.errors import InputError
from provenance.importing import import_stories
from provenance.ingest import ingest_story, link_accounts
from provenance.models import Document, Person, Revision, Story, StoryEvent, StorySource
from provenance.readers.source_lines import story_to_json
from provenance.readers.sources import SourceEvent, SourceStory, SourceVersion
from provenance.text.credit_parsing import ParsedCredit

T0 = datetime(2021, 3, 2, 0, 0, tzinfo=UTC)
KO_1 = ["북한이 국영기업 관리권을 지방에 넘겼다.", "소식통이 전했다."]
KO_2 = ["북한이 국영기업 관리권을 지방 정부에 넘겼다.", "소식통이 전했다."]
KO_3 = ["북한이 국영기업 관리권을 지방 정부에 넘겼다.", "소식통이 자유아시아방송에 전했다.",
        "전문가들은 회의적이다."]


def _story(versions=3, *, uid="3f2a", events=(), title="북한 국영기업", **changes):
    """A Plone story of up to three versions; changes replace any of its fields."""
    texts = [KO_1, KO_2, KO_3][:versions]
    authors = ["songj", "parkh", "parkh"]
    story = SourceStory(
        system="plone",
        identities={"uid": uid, "url": f"https://www.rfa.org/korean/{uid}"},
        language="ko",
        versions=[SourceVersion(paragraphs=list(t), time=T0 + timedelta(hours=i), title=title,
                                author=authors[i], message=f"version {i}", version=str(i))
                  for i, t in enumerate(texts)],
        events=list(events),
        credit_line="Reported by Hyemin Son for RFA’s Korean Service.",
        where=f"export.json item {uid}",
    )
    return replace(story, **changes)


def _rows(url):
    """Every row of every table (without SQLite's file bytes, which a read may change)."""
    data = snapshot(url)
    return data[0] if isinstance(data, tuple) else data


def _lines(*stories):
    return "".join(json.dumps(story_to_json(s), ensure_ascii=False) + "\n" for s in stories)


def _write(tmp_path, name, *stories):
    path = tmp_path / name
    path.write_text(_lines(*stories), encoding="utf-8")
    return path


PUBLISH = SourceEvent("publish", T0 + timedelta(minutes=30), author="editor1",
                      comment="ready", state="published")


def test_each_version_is_a_revision_by_its_account_at_its_time(engine, run):
    with transaction(engine) as session:
        result = ingest_story(session, _story(events=[PUBLISH]))
    assert (result.story, result.outcome, result.revisions, result.events, result.credits) == \
        ("북한-국영기업", "new", 3, 1, 1)
    log = json.loads(run("log", "북한-국영기업", "--format", "json").stdout)
    oldest_first = log["revisions"][::-1]
    assert [e["author"] for e in oldest_first] == ["songj", "parkh", "parkh"]
    assert [e["time"] for e in oldest_first] == [
        "2021-03-02T00:00:00+00:00", "2021-03-02T01:00:00+00:00", "2021-03-02T02:00:00+00:00"]
    assert [e["message"] for e in oldest_first] == ["version 0", "version 1", "version 2"]
    assert all(e["recorded"] > "2026" for e in oldest_first)  # recorded now, not in 2021
    assert [e["activity"] for e in oldest_first] == ["write", "edit", "edit"]
    assert log["events"][0] | {"recorded": None, "hash": None} == {
        "number": 1, "action": "publish", "state": "published", "author": "editor1",
        "time": "2021-03-02T00:30:00+00:00", "comment": "ready", "recorded": None, "hash": None}
    shown = json.loads(run("show", "북한-국영기업", "--format", "json").stdout)
    assert shown["paragraphs"] == KO_3
    assert shown["time"] == "2021-03-02T02:00:00+00:00" and shown["recorded"] > "2026"
    header = run("show", "북한-국영기업@1").stdout.splitlines()[0]
    assert header.startswith("북한-국영기업 (ko) revision 1 by songj, write, 2021-03-02T00:00:00+00:00 "
                             "(recorded 20")
    # The byline goes through the credit parser into credits; the CMS accounts are not credits.
    credits = json.loads(run("credits", "북한-국영기업", "--format", "json").stdout)
    assert [(c["name"], c["role"]) for c in credits] == [("Hyemin Son", "reporter")]
    assert run("verify").exit_code == 0


def test_blame_and_chain_show_the_original_time(engine, run):
    with transaction(engine) as session:
        ingest_story(session, _story())
    blame = run("blame", "북한-국영기업", "--format", "json")
    shares = json.loads(blame.stdout)[1]["shares"]
    assert {(s["person"], s["revision"], s["time"]) for s in shares} == {
        ("parkh", 3, "2021-03-02T02:00:00+00:00"), ("songj", 1, "2021-03-02T00:00:00+00:00")}
    chain = run("chain", "북한-국영기업", "--language", "ko", "--format", "json")
    assert chain.exit_code == 0, chain.stderr
    assert "2021-03-02T02:00:00" in chain.stdout


def test_importing_the_same_source_again_records_nothing(tmp_path, run, database_url):
    path = _write(tmp_path, "export.jsonl", _story(events=[PUBLISH]))
    first = run("import", str(path))
    assert first.exit_code == 0, first.stderr
    assert "new: 북한-국영기업 (ko): 3 revisions, 1 event, 1 credit" in first.stderr
    before = _rows(database_url)
    again = run("import", str(path))
    assert again.exit_code == 0
    assert again.stderr == "nothing new: 1 story unchanged\n"
    assert _rows(database_url) == before


def test_a_new_version_of_a_known_source_records_only_it(engine):
    with transaction(engine) as session:
        ingest_story(session, _story(2))
    with transaction(engine) as session:
        result = ingest_story(session, _story(3, title="다른 제목"))
    assert (result.story, result.outcome, result.revisions) == ("북한-국영기업", "updated", 1)
    with transaction(engine) as session:
        revisions = session.scalars(select(Revision).order_by(Revision.number)).all()
        assert [r.source_version for r in revisions] == ["0", "1", "2"]
        assert revisions[2].parent_id == revisions[1].id
        assert session.scalar(select(Story.slug)) == "북한-국영기업"  # a title change keeps the story


def test_any_identity_it_came_with_finds_the_story(engine):
    with transaction(engine) as session:
        ingest_story(session, _story(2))
    moved = _story(3, identities={"url": "https://www.rfa.org/korean/3f2a"})  # no uid this time
    with transaction(engine) as session:
        assert ingest_story(session, moved).outcome == "updated"
        assert session.scalar(select(text("count(*)")).select_from(Story)) == 1


def test_the_same_title_from_another_source_is_a_new_story_with_a_distinct_slug(engine):
    with transaction(engine) as session:
        ingest_story(session, _story(1, uid="a"))
    with transaction(engine) as session:
        other = ingest_story(session, _story(1, uid="b"))
    assert (other.story, other.slug_taken, other.outcome) == ("북한-국영기업-2", "북한-국영기업", "new")


def test_identities_naming_two_stories_are_an_error(engine):
    with transaction(engine) as session:
        ingest_story(session, _story(1, uid="a"))
        ingest_story(session, _story(1, uid="b"))
    both = _story(1, identities={"uid": "a", "url": "https://www.rfa.org/korean/b"})
    with pytest.raises(InputError, match="two histories for one source disagree"), \
            transaction(engine) as session:
        ingest_story(session, both)


def test_a_history_that_disagrees_with_the_record_is_refused(engine, database_url):
    with transaction(engine) as session:
        ingest_story(session, _story(2))
    gap = _story(3, uid="g")
    with transaction(engine) as session:
        ingest_story(session, replace(gap, versions=[gap.versions[0], gap.versions[2]]))
    before = _rows(database_url)
    changed = _story(3)
    changed.versions[1] = replace(changed.versions[1], paragraphs=["다른 본문."])
    with pytest.raises(InputError, match=r"export.json item 3f2a: version 1 differs from revision 2"), \
            transaction(engine) as session:
        ingest_story(session, changed)
    with pytest.raises(InputError, match="version 1 is not on record but a later one is"), \
            transaction(engine) as session:
        ingest_story(session, gap)
    assert _rows(database_url) == before


@pytest.mark.parametrize(("change", "message"), [
    ({"time": T0 + timedelta(days=3650 * 2)}, "is in the future"),
    ({"time": T0.replace(tzinfo=None)}, "has no time zone"),
    ({"paragraphs": [" "]}, "has no text"),
])
def test_bad_versions_are_one_line_errors_naming_the_item(engine, change, message):
    story = _story(2)
    story.versions[1] = replace(story.versions[1], **change)
    with pytest.raises(InputError, match=f"^export.json item 3f2a: version 1.*{message}"), \
            transaction(engine) as session:
        ingest_story(session, story)


def test_versions_out_of_time_order_are_refused(engine):
    story = _story(2)
    story.versions[1] = replace(story.versions[1], time=T0 - timedelta(hours=1))
    with pytest.raises(InputError, match="out of time order"), transaction(engine) as session:
        ingest_story(session, story)


def test_keep_going_skips_a_bad_story_and_reports_it(tmp_path, run):
    lines = _lines(_story(1, uid="a"), _story(1, uid="b")).splitlines()
    bad = json.loads(lines[1])
    bad["versions"][0]["time"] = "2021-03-02 09:00"  # no zone
    path = tmp_path / "archive.jsonl"
    path.write_text("\n".join([lines[0], json.dumps(bad), "{not json", lines[0].replace(
        '"uid": "a"', '"uid": "c"').replace("/a", "/c")]) + "\n", encoding="utf-8")

    stopped = run("import", str(path))
    assert stopped.exit_code == 1
    assert f"failed: {path} line 2: version 1: time '2021-03-02 09:00' has no time zone" in stopped.stderr
    assert stopped.stderr.endswith("stopped at the first failure (--keep-going goes on with the "
                                   "rest)\n2 stories: 1 new, 0 updated, 0 unchanged, 1 failed\n")
    assert len(json.loads(run("stories", "--format", "json").stdout)) == 1

    going = run("import", str(path), "--keep-going")
    assert going.exit_code == 1
    assert f"failed: {path} line 3: not JSON" in going.stderr
    assert going.stderr.endswith("4 stories: 1 new, 0 updated, 1 unchanged, 2 failed\n")
    assert "Traceback" not in going.stderr
    assert len(json.loads(run("stories", "--format", "json").stdout)) == 2


def test_story_names_one_story_not_an_archive_of_them(tmp_path, run):
    # Two items of one source (versions 1-2, then 3) go into the story named; a second source
    # would be mixed into the same document's history, so it is refused.
    path = tmp_path / "archive.jsonl"
    path.write_text(_lines(_story(2, uid="a"), _story(3, uid="a"), _story(1, uid="b")), encoding="utf-8")
    result = run("import", str(path), "--story", "mine")
    assert result.exit_code == 1
    assert f"failed: {path} line 3: another story than {path} line 1, and --story mine names one " \
           "story: import the others without --story" in result.stderr
    assert result.stderr.endswith("3 stories: 1 new, 1 updated, 0 unchanged, 1 failed\n")
    stories = json.loads(run("stories", "--format", "json").stdout)
    assert [(s["slug"], s["revisions"]) for s in stories] == [("mine", 3)]
    assert run("import", str(path)).stderr.endswith(
        "3 stories: 1 new, 0 updated, 2 unchanged, 0 failed\n")  # b alone is new


def test_a_directory_and_stdin(tmp_path, run):
    archive = tmp_path / "archive"
    (archive / "2021").mkdir(parents=True)
    _write(archive / "2021", "a.jsonl", _story(1, uid="a"))
    _write(archive, "b.jsonl", _story(2, uid="b"))
    (archive / ".hidden.jsonl").write_text("junk", encoding="utf-8")
    result = run("import", str(archive), "--quiet")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "2 stories: 2 new, 0 updated, 0 unchanged, 0 failed\n"
    piped = run("import", "-", input=_lines(_story(3, uid="b")))
    assert piped.exit_code == 0, piped.stderr
    assert "updated: 북한-국영기업" in piped.stderr
    assert piped.stderr.endswith("1 story: 0 new, 1 updated, 0 unchanged, 0 failed\n")


def test_no_progress_line_when_piped(tmp_path, run):
    result = run("import", str(_write(tmp_path, "a.jsonl", _story(1))))
    assert "\r" not in result.stderr and "/s" not in result.stderr


def test_an_unmapped_login_is_a_person_named_after_it_until_linked(engine, run):
    with transaction(engine) as session:
        ingest_story(session, _story(2))
    people = {p["name"]: p for p in json.loads(run("people", "--format", "json").stdout)}
    assert people["songj"]["unmapped"] and people["songj"]["accounts"] == ["plone:songj"]
    assert not people["Hyemin Son"]["unmapped"]
    assert "songj [plone:songj] (unmapped login" in run("people").stdout

    linked = run("people", "link", "songj", "Jae-hoon Song", "--system", "plone")
    assert linked.exit_code == 0, linked.stderr
    assert linked.stderr == "plone login songj is Jae-hoon Song (songj merged into Jae-hoon Song)\n"
    people = {p["name"]: p for p in json.loads(run("people", "--format", "json").stdout)}
    assert "songj" not in people
    assert people["Jae-hoon Song"]["accounts"] == ["plone:songj"]
    assert not people["Jae-hoon Song"]["unmapped"]
    log = json.loads(run("log", "북한-국영기업", "--format", "json").stdout)
    assert log["revisions"][-1]["author"] == "Jae-hoon Song"
    again = run("people", "link", "songj", "Somebody Else", "--system", "plone")
    assert again.exit_code == 1
    assert again.stderr == "Error: plone login 'songj' is linked to 'Jae-hoon Song' already\n"
    assert run("verify").exit_code == 0


def test_a_mapping_file_on_import_names_the_accounts(tmp_path, run):
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("system,login,name\nplone,songj,송재훈\nplone,parkh,Park Hyun\n",
                        encoding="utf-8")
    result = run("import", str(_write(tmp_path, "a.jsonl", _story())), "--accounts", str(accounts))
    assert result.exit_code == 0, result.stderr
    log = json.loads(run("log", "북한-국영기업", "--format", "json").stdout)
    assert [e["author"] for e in log["revisions"]] == ["Park Hyun", "Park Hyun", "송재훈"]
    people = json.loads(run("people", "--format", "json").stdout)
    assert not any(p["unmapped"] for p in people)
    bad = tmp_path / "bad.csv"
    bad.write_text("login,name\nsongj,X\n", encoding="utf-8")
    refused = run("import", str(_write(tmp_path, "b.jsonl", _story(uid="z"))), "--accounts", str(bad))
    assert refused.exit_code == 1
    assert refused.stderr == f"Error: {bad}: the first line must be the header system,login,name\n"


def test_events_are_hashed_and_verify_finds_an_altered_one(engine, run):
    retract = SourceEvent("retract", T0 + timedelta(hours=5), author="editor1", comment="legal")
    with transaction(engine) as session:
        ingest_story(session, _story(events=[PUBLISH, retract]))
    assert run("verify").exit_code == 0
    with engine.begin() as connection:
        connection.execute(text("UPDATE story_event SET comment = 'nothing to see' WHERE number = 2"))
    verified = run("verify", "--format", "json")
    assert verified.exit_code == 1
    codes = [(f["code"], f["record"], f["number"]) for f in json.loads(verified.stdout)["findings"]]
    assert codes == [("event-altered", "event", 2)]


def test_events_show_in_the_report_and_the_prov_export(engine, run):
    with transaction(engine) as session:
        ingest_story(session, _story(events=[PUBLISH]))
    report = run("report", "북한-국영기업", "--format", "markdown")
    assert report.exit_code == 0, report.stderr
    assert "## Workflow\n\n- 2021-03-02 00:30 UTC publish (published) by editor1: ready" in report.stdout
    prov = json.loads(run("export", "북한-국영기업", "--format", "prov-json").stdout)
    activity = prov["activity"]["provenance:story/북한-국영기업/event/1"]
    assert activity["provenance:action"] == "publish"
    assert activity["prov:startTime"].startswith("2021-03-02T00:30:00")


def test_a_stealth_edit_after_publication_is_found(engine, run):
    with transaction(engine) as session:
        ingest_story(session, _story(events=[PUBLISH]))
    findings = json.loads(run("audit", "북한-국영기업", "--format", "json").stdout)["findings"]
    stealth = [f for f in findings if f["code"] == "edited-after-publication"]
    # Revisions 2 and 3 (01:00 and 02:00) changed the text after the 00:30 publish event.
    assert [(f["number"], f["severity"]) for f in stealth] == [(2, "warning"), (3, "warning")]
    assert stealth[0]["evidence"]["published"] == "2021-03-02T00:30:00+00:00"


def test_an_edit_with_a_correction_note_or_before_publication_is_not_a_stealth_edit(engine, run):
    story = _story()
    story.versions[1] = replace(story.versions[1], message="Correction: the region was wrong")
    story.versions[2] = replace(story.versions[2], message="정정 보도")
    with transaction(engine) as session:
        ingest_story(session, replace(story, events=[PUBLISH]))
        ingest_story(session, _story(uid="late", events=[replace(PUBLISH, time=T0 + timedelta(hours=9))]))
    for slug in ("북한-국영기업", "북한-국영기업-2"):
        findings = json.loads(run("audit", slug, "--format", "json").stdout)["findings"]
        assert "edited-after-publication" not in {f["code"] for f in findings}


def test_revise_at_keeps_the_time_given_and_the_ledger_order(run, tmp_path):
    original = tmp_path / "a.txt"
    original.write_text("Title\n\nOne.\n\nTwo.\n", encoding="utf-8")
    edited = tmp_path / "b.txt"
    edited.write_text("Title\n\nOne, edited.\n\nTwo.\n", encoding="utf-8")
    assert run("import", str(original), "--story", "s", "--format", "plain").exit_code == 0
    result = run("revise", "s", str(edited), "--by", "Ann Editor", "--role", "editor",
                 "--format", "plain", "--at", "2021-03-02T09:30+09:00")
    assert result.exit_code == 0, result.stderr
    log = json.loads(run("log", "s", "--format", "json").stdout)["revisions"]
    assert [e["revision"] for e in log] == [2, 1]  # the ledger's order, though 2 is dated earlier
    assert log[0]["time"] == "2021-03-02T00:30:00+00:00"
    assert log[0]["recorded"] >= log[1]["recorded"]
    assert run("verify").exit_code == 0

    no_zone = run("revise", "s", str(original), "--by", "A", "--role", "editor", "--format", "plain",
                  "--at", "2021-03-02T09:30")
    assert no_zone.exit_code == 2
    assert "has no time zone: add Z for UTC or an offset such as +09:00" in no_zone.stderr
    future = run("revise", "s", str(original), "--by", "A", "--role", "editor", "--format", "plain",
                 "--at", "2999-01-01T00:00Z")
    assert future.exit_code == 1
    assert future.stderr == "Error: the time 2999-01-01T00:00:00+00:00 is in the future\n"


def test_the_source_time_is_under_the_hash(engine, run):
    with transaction(engine) as session:
        ingest_story(session, _story(2))
    with engine.begin() as connection:
        connection.execute(text("UPDATE revision SET source_time = :t WHERE number = 2"),
                           {"t": datetime(2020, 1, 1, tzinfo=UTC)})
    verified = run("verify", "--format", "json")
    assert verified.exit_code == 1
    assert {(f["code"], f["number"]) for f in json.loads(verified.stdout)["findings"]} == \
        {("revision-altered", 2)}


def test_records_verify_after_this_migration_is_undone_and_redone(engine, run, tmp_path):
    """Older databases upgraded through it are tests/test_old_data.py's; here, data written
    before the source columns existed keeps verifying when they are added."""
    from conftest import SEED
    from provenance.migrations import downgrade, upgrade

    assert run("import", str(SEED), "--story", "nk").exit_code == 0
    edited = tmp_path / "e.txt"
    edited.write_text(SEED.read_text(encoding="utf-8").replace("North Korea", "N. Korea", 1),
                      encoding="utf-8")
    assert run("revise", "nk", str(edited), "--by", "Ann Editor", "--role", "editor").exit_code == 0
    downgrade(engine, "0008")
    upgrade(engine)
    verified = run("verify")
    assert verified.exit_code == 0, verified.stdout + verified.stderr
    assert verified.stderr.startswith("verified 2 revisions, 2 credit sets")


def test_two_processes_importing_one_source_make_one_story(tmp_path, database_url):
    path = _write(tmp_path, "a.jsonl", _story(events=[PUBLISH]))
    command = [sys.executable, "-m", "provenance", "--db", database_url, "import", str(path)]
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    from provenance.db import make_engine

    engine = make_engine(database_url)
    try:
        with transaction(engine) as session:
            assert len(session.scalars(select(Story)).all()) == 1
            assert len(session.scalars(select(Revision)).all()) == 3
            assert len(session.scalars(select(StoryEvent)).all()) == 1
            assert len(session.scalars(select(StorySource)).all()) == 2
    finally:
        engine.dispose()


def test_ctrl_c_leaves_each_story_whole(tmp_path, database_url):
    import os
    import signal

    stories = [_story(uid=f"u{n}", title=f"Story {n}") for n in range(400)]
    path = _write(tmp_path, "big.jsonl", *stories)
    process = subprocess.Popen(
        [sys.executable, "-m", "provenance", "--db", database_url, "import", str(path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert process.stderr is not None
    seen = 0
    for line in process.stderr:  # wait until some stories are in, then interrupt
        seen += line.startswith("new: ")
        if seen == 5:
            process.send_signal(signal.SIGINT)
            break
    rest = process.stderr.read()
    assert process.wait(timeout=120) == 130, rest
    assert "interrupted: every story counted below is recorded whole" in rest
    counted = int(rest.splitlines()[-1].split(": ")[1].split(" new")[0])
    from provenance.db import make_engine

    engine = make_engine(database_url)
    try:
        with transaction(engine) as session:
            per_story = session.execute(text(
                "SELECT story.id, count(revision.id) FROM story JOIN document ON document.story_id"
                " = story.id JOIN revision ON revision.document_id = document.id GROUP BY story.id"
            )).all()
            stories_in = len(session.scalars(select(Story)).all())
    finally:
        engine.dispose()
    assert 5 <= stories_in < 400
    assert counted == stories_in
    assert {count for _, count in per_story} == {3} and len(per_story) == stories_in


def test_the_progress_line_shows_count_rate_and_time_left():
    import io

    from provenance.cli.progress import Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    progress = Progress(10, "files", enabled=True, stream=terminal)
    progress.advance(4)
    line = terminal.getvalue()
    assert line.startswith("\r4/10 files  ") and "/s  " in line and line.rstrip().endswith("left")
    progress.clear()
    assert terminal.getvalue().endswith("\r")
    quiet = Terminal()
    Progress(10, "files", enabled=False, stream=quiet).advance(4)
    assert quiet.getvalue() == ""


SOURCES = ROOT / "tests" / "data" / "sources"


def test_a_plone_story_comes_in_with_its_history(run):
    result = run("import", str(SOURCES / "plone-rfa-story.json"))
    assert result.exit_code == 0, result.stderr
    slug = "north-korea-gives-control-of-state-run-companies-to-local"
    assert result.stderr.startswith(f"new: {slug} (en): 3 revisions, 3 events, 4 credits")
    log = json.loads(run("log", slug, "--format", "json").stdout)
    oldest_first = log["revisions"][::-1]
    assert [(e["author"], e["time"], e["message"]) for e in oldest_first] == [
        ("sonh", "2021-03-11T20:02:00+00:00", "First draft from the Korean desk"),
        ("junl", "2021-03-11T22:40:00+00:00", "translated, two more paragraphs"),
        ("whonge", "2021-03-12T01:10:00+00:00",
         "Correction: the directive came during a short course, not a seminar")]
    assert [(e["action"], e["author"], e["time"]) for e in log["events"]] == [
        ("create", "sonh", "2021-03-11T20:00:00+00:00"),
        ("submit", "sonh", "2021-03-11T20:05:00+00:00"),
        ("publish", "yangh", "2021-03-11T23:05:13+00:00")]
    # The byline is the credits; the accounts that made versions are not credited for it.
    credits = json.loads(run("credits", slug, "--format", "json").stdout)
    assert [(c["name"], c["role"]) for c in credits] == [
        ("Hyemin Son", "reporter"), ("Hee Jung Yang", "reporter"), ("Leejin Jun", "translator"),
        ("Eugene Whong", "writer")]
    # Revision 3 came after publication, but its message says it is a correction.
    findings = json.loads(run("audit", slug, "--format", "json").stdout)["findings"]
    assert "edited-after-publication" not in {f["code"] for f in findings}
    again = run("import", str(SOURCES / "plone-rfa-story.json"))
    assert (again.exit_code, again.stderr) == (0, "nothing new: 1 story unchanged\n")


def test_a_wordpress_post_and_its_authors(run, tmp_path):
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("system,login,name\nwordpress,7,Ana Lindqvist\n", encoding="utf-8")
    result = run("import", str(SOURCES / "wordpress-post-with-revisions.json"),
                 "--accounts", str(accounts))
    assert result.exit_code == 0, result.stderr
    log = json.loads(run("log", "harbor-ferry-fares-to-rise-in-spring", "--format", "json").stdout)
    assert [(e["author"], e["time"]) for e in log["revisions"][::-1]] == [
        ("Ana Lindqvist", "2026-10-05T13:40:11+00:00"), ("3", "2026-10-05T14:01:50+00:00"),
        ("Ana Lindqvist", "2026-10-06T08:45:30+00:00")]
    people = {p["name"]: p for p in json.loads(run("people", "--format", "json").stdout)}
    assert people["3"]["unmapped"] and people["3"]["accounts"] == ["wordpress:3"]
    assert people["Ana Lindqvist"]["accounts"] == ["wordpress:7"]


def test_a_directory_of_exports_with_keep_going(run):
    result = run("import", str(SOURCES), "--keep-going")
    assert result.exit_code == 1  # README.md and the section front are not stories
    assert f"failed: {SOURCES / 'README.md'}: neither an HTML page nor JSON" in result.stderr
    assert "section-front.html: not an article" in result.stderr
    summary = result.stderr.splitlines()[-1]
    assert summary.endswith("0 updated, 0 unchanged, 2 failed")
    again = run("import", str(SOURCES), "--keep-going")
    assert again.stderr.splitlines()[-1].endswith(" 0 new, 0 updated, "
                                                  f"{int(summary.split()[2])} unchanged, 2 failed")


def test_one_login_in_two_systems_is_two_people_in_one_import(engine, monkeypatch):
    monkeypatch.setattr("provenance.importing.BATCH_SECONDS", 3600)  # both in one transaction
    with transaction(engine) as session:
        link_accounts(session, {("plone", "admin"): "Jae-hoon Song"})
    by_admin = [replace(_story(1).versions[0], author="admin")]
    plone = replace(_story(1, uid="p1"), versions=by_admin)
    wordpress = replace(_story(1, uid="w1", title="WordPress post"), system="wordpress",
                        versions=by_admin)
    summary = import_stories(engine, enumerate([plone, wordpress], start=1))
    assert summary.counts["new"] == 2
    with transaction(engine) as session:
        authors = session.execute(
            select(StorySource.system, Person.name)
            .join(Revision, Revision.author_id == Person.id)
            .join(Document, Document.id == Revision.document_id)
            .join(StorySource, StorySource.story_id == Document.story_id)).all()
    assert set(authors) == {("plone", "Jae-hoon Song"), ("wordpress", "admin")}


def test_a_story_that_fails_after_naming_someone_leaves_no_trace_for_the_next(engine, run):
    # The second story makes a person for its new login (a name event), then fails on a credit
    # name too long to store: the third must not name the rolled-back name event.
    failing = replace(_story(1, uid="b"), versions=[replace(_story(1).versions[0], author="newcomer")],
                      credits=[ParsedCredit("x" * 300, "reporter")])
    items = [_story(1, uid="a"), failing, _story(2, uid="c", title="셋째")]
    summary = import_stories(engine, enumerate(items, start=1), keep_going=True)
    assert (summary.counts["new"], summary.counts["failed"]) == (2, 1)
    people = {p["name"] for p in json.loads(run("people", "--format", "json").stdout)}
    assert "newcomer" not in people
    assert run("verify").exit_code == 0


def test_a_history_list_alone_is_refused_with_where_it_belongs(tmp_path, run, database_url):
    history = [{"action": "Edited", "actor": {"id": "songj"}, "comments": "Initial",
                "time": "2021-03-02T09:00:00+00:00", "type": "versioning", "version": 0}]
    path = tmp_path / "history.json"
    path.write_text(json.dumps(history))
    before = snapshot(database_url)
    for args in ((str(path),), ("--format", "plone", str(path))):
        result = run("import", *args)
        assert result.exit_code == 1
        assert 'a Plone "@history" list by itself holds no text' in result.stderr
        assert "Traceback" not in result.stderr
    assert snapshot(database_url) == before


def test_stdin_takes_a_whole_document_or_a_systems_items_one_a_line(run):
    """What `curl` prints (one pretty-printed answer) and a wire feed (ninjs one item a line) go
    in through stdin as their files do; versions of one item on later lines attach to its story."""
    post = (SOURCES / "wordpress-post-with-revisions.json").read_text(encoding="utf-8")
    assert post.startswith("{\n")  # pretty-printed: no line of it is JSON alone
    piped = run("import", "-", input=post)
    assert piped.exit_code == 0, piped.stderr
    assert "new: harbor-ferry-fares-to-rise-in-spring (en): 3 revisions" in piped.stderr

    feed = (SOURCES / "ninjs-2x-chinese.jsonl").read_text(encoding="utf-8")
    assert len([line for line in feed.splitlines() if line.strip()]) == 2  # versions 1 and 2
    piped = run("import", "-", input=feed)
    assert piped.exit_code == 0, piped.stderr
    assert piped.stderr.endswith("2 stories: 1 new, 1 updated, 0 unchanged, 0 failed\n")
    stories = {s["slug"]: s for s in json.loads(run("stories", "--format", "json").stdout)}
    bridge = next(s for slug, s in stories.items() if slug.startswith("新光市"))
    assert bridge["revisions"] == 2 and bridge["languages"] == ["zh-Hans"]
    assert run("import", "-", input=feed).stderr == "nothing new: 2 stories unchanged\n"

    page = (SOURCES / "html" / "rfa-english-story.html").read_text(encoding="utf-8")
    piped = run("import", "-", input=page)
    assert piped.exit_code == 0, piped.stderr
    assert "1 story: 1 new" in piped.stderr


def test_a_bad_line_of_a_piped_feed_names_its_line(run):
    feed = (SOURCES / "ninjs-2x-chinese.jsonl").read_text(encoding="utf-8").splitlines()
    lines = [feed[0], '{"uri": "http://ninjs.example.cn/x", "versioncreated": "2026-11-20"}', "[1, 2"]
    piped = run("import", "-", "--keep-going", input="\n".join(lines) + "\n")
    assert piped.exit_code == 1
    assert "failed: stdin line 2" in piped.stderr
    assert "failed: stdin line 3: neither an HTML page nor JSON" in piped.stderr
    assert piped.stderr.endswith("3 stories: 1 new, 0 updated, 0 unchanged, 2 failed\n")
    assert "Traceback" not in piped.stderr


def test_a_text_that_cannot_be_stored_names_its_file_and_version(engine):
    story = _story()
    bad = replace(story.versions[1], paragraphs=[*story.versions[1].paragraphs[:-1], "끝\x07"])
    with pytest.raises(InputError) as caught, transaction(engine) as session:
        ingest_story(session, replace(story, versions=[story.versions[0], bad]))
    assert str(caught.value).startswith("export.json item 3f2a: version 1: paragraph ")
    assert "control character U+0007" in str(caught.value)


_UNDATED_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Ferry fares to rise</title><meta property="og:type" content="article"></head>
<body><article><h1>Ferry fares to rise</h1>
<p>The harbor authority will raise ferry fares by fifty cents a ride in the spring, it said.</p>
<p>Diesel costs have nearly doubled, the board chair said after the vote on Monday night.</p>
</article></body></html>"""


def test_at_dates_a_page_that_gives_no_time_and_an_article(tmp_path, run, database_url):
    page = tmp_path / "ferry.html"
    page.write_text(_UNDATED_PAGE, encoding="utf-8")
    before = snapshot(database_url)
    refused = run("import", str(page))
    assert refused.exit_code == 1
    assert "the page gives no time with a zone" in refused.stderr
    assert "give when it was published with --at" in refused.stderr
    assert snapshot(database_url) == before
    dated = run("import", str(page), "--at", "2026-03-02T09:30+09:00")
    assert dated.exit_code == 0, dated.stderr
    logged = run("log", "ferry-fares-to-rise", "--format", "json")
    assert logged.exit_code == 0, logged.stderr
    log = json.loads(logged.stdout)
    assert log["revisions"][0]["time"] == "2026-03-02T00:30:00+00:00"
    assert [(e["action"], e["time"]) for e in log["events"]] == [("publish", "2026-03-02T00:30:00+00:00")]

    article = tmp_path / "note.txt"
    article.write_text("Fares\n\nA short note on ferry fares for the desk.\n", encoding="utf-8")
    assert run("import", str(article), "--story", "note", "--at", "2026-03-01T12:00Z").exit_code == 0
    shown = json.loads(run("show", "note", "--format", "json").stdout)
    assert shown["time"] == "2026-03-01T12:00:00+00:00" and shown["recorded"] > "2026-03-02"
    future = run("import", str(article), "--story", "later", "--at", "2099-01-01T00:00Z")
    assert future.exit_code == 1 and "is in the future" in future.stderr
    assert run("show", "later").exit_code == 1


def test_at_stands_in_for_a_page_time_without_a_zone(tmp_path, run):
    page = tmp_path / "ferry.html"
    page.write_text(_UNDATED_PAGE.replace(
        "</title>", '</title><meta property="article:published_time" content="2026-03-02 09:30:00">'),
        encoding="utf-8")
    refused = run("import", str(page))
    assert refused.exit_code == 1
    assert "article:published_time has no time zone" in refused.stderr
    assert "; give when it was published with --at\n" in refused.stderr
    assert run("import", str(page), "--at", "2026-03-02T09:30+09:00").exit_code == 0
    log = json.loads(run("log", "ferry-fares-to-rise", "--format", "json").stdout)
    assert log["revisions"][0]["time"] == "2026-03-02T00:30:00+00:00"


@pytest.mark.parametrize(("piped", "reason"), [
    (b"\xff\xfe\x00garbage\x80\n", "failed: stdin: not UTF-8"),
    (b"[" * 100_000 + b"\n", "failed: stdin: the JSON is nested too deeply to read"),
    (b'{"uri": "u", "n": ' + b"9" * 5000 + b"}\n",
     "failed: stdin: a number in the JSON has too many digits to read"),
])
def test_hostile_stdin_fails_in_one_line_and_writes_nothing(run, database_url, piped, reason):
    before = snapshot(database_url)
    result = run("import", "-", input=piped)
    assert result.exit_code == 1
    assert reason in result.stderr
    assert "unexpected" not in result.stderr and "Traceback" not in result.stderr
    assert snapshot(database_url) == before


def test_a_line_of_piped_stories_that_is_not_utf8_is_named_and_the_rest_go_in(run):
    piped = _lines(_story(1, uid="a")).encode() + b"\xff\xfe not utf-8\n" + \
        _lines(_story(1, uid="b")).encode()
    result = run("import", "-", "--keep-going", input=piped)
    assert result.exit_code == 1
    assert "failed: stdin line 2: not UTF-8 text" in result.stderr
    assert result.stderr.endswith("3 stories: 2 new, 0 updated, 0 unchanged, 1 failed\n")


def test_keep_going_with_a_file_that_is_no_export_says_what_the_file_is(tmp_path, run):
    path = tmp_path / "story.json"
    path.write_text(json.dumps({"title": "T", "paragraphs": ["One."]}), encoding="utf-8")
    result = run("import", str(path), "--keep-going")
    assert result.exit_code == 2
    assert ("--accounts and --keep-going go with content-system stories: "
            f"{path}: this is a story document") in result.stderr
