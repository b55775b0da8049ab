import json
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from provenance.db import transaction
from provenance.models import Derivation, ParagraphVersion, Revision, TextBlob

P1 = "The city council met on Monday to discuss the new budget for the coming year."
P2 = "Officials said the plan would add forty new buses to the public transport network."
P3 = "Residents who spoke at the meeting were mostly in favour of the proposal."
P4 = "A final vote is expected next month, after a period of public consultation."


def _file(tmp_path, name, *paragraphs):
    path = tmp_path / name
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return str(path)


@pytest.fixture
def story(run, tmp_path):
    result = run("import", _file(tmp_path, "v1.txt", P1, P2, P3, P4), "--format", "plain",
                 "--story", "council", "--by", "Ann Reporter", "--role", "reporter")
    assert result.exit_code == 0, result.stderr
    return "council"


def _revise(run, tmp_path, *paragraphs, by="Ed Itor", role="editor", extra=()):
    return run("revise", "council", _file(tmp_path, "next.txt", *paragraphs), "--format", "plain",
               "--by", by, "--role", role, *extra)


def _count(engine, model):
    with transaction(engine) as session:
        return session.scalar(select(func.count()).select_from(model))


def test_an_edit_reuses_unchanged_paragraphs_and_derives_the_edited_one(run, engine, story,
                                                                        tmp_path):
    edited = P2.replace("forty", "fifty")
    versions, texts = _count(engine, ParagraphVersion), _count(engine, TextBlob)
    result = _revise(run, tmp_path, P1, edited, P3, P4, extra=["-m", "bus count"])
    assert result.exit_code == 0, result.stderr
    assert "revision 2" in result.stderr and "1 edit" in result.stderr
    assert _count(engine, ParagraphVersion) == versions + 1
    assert _count(engine, TextBlob) == texts + 1
    with transaction(engine) as session:
        [derivation] = session.scalars(select(Derivation)).all()
        assert derivation.kind == "edit"
        assert 0.8 < derivation.similarity < 1
        source = session.get(ParagraphVersion, derivation.source_id)
        target = session.get(ParagraphVersion, derivation.target_id)
        assert source.paragraph_id == target.paragraph_id
        assert target.text.body == edited


def test_log_lists_revisions_with_their_counts(run, story, tmp_path):
    _revise(run, tmp_path, P2, P1, P3 + " " + P4)
    entries = json.loads(run("log", "council", "--format", "json").stdout)["revisions"]
    assert [e["revision"] for e in entries] == [2, 1]
    assert entries[0]["author"] == "Ed Itor" and entries[0]["activity"] == "edit"
    assert entries[0]["counts"]["merge"] == 1
    assert entries[0]["counts"]["move"] == 1
    assert entries[1]["counts"]["insert"] == 4


def test_identical_text_records_nothing_unless_allowed(run, engine, story, tmp_path, database_url):
    from conftest import snapshot

    before = snapshot(database_url)
    result = _revise(run, tmp_path, P1, P2, P3, P4)
    assert result.exit_code == 1
    assert "identical to revision 1" in result.stderr
    assert snapshot(database_url) == before
    assert _revise(run, tmp_path, P1, P2, P3, P4, extra=["--allow-empty"]).exit_code == 0
    assert _count(engine, Revision) == 2


def test_a_stale_parent_is_a_conflict_and_records_nothing(run, engine, story, tmp_path,
                                                          database_url):
    from conftest import snapshot

    assert _revise(run, tmp_path, P1, P2, P3).exit_code == 0
    before = snapshot(database_url)
    result = _revise(run, tmp_path, P1, P2, P4, extra=["--parent", "1"])
    assert result.exit_code == 1
    assert "based on revision 1, but the latest is 2" in result.stderr
    assert snapshot(database_url) == before


@pytest.mark.parametrize("args", [
    ["revise", "nope", "x.txt", "--format", "plain", "--by", "A", "--role", "editor"],
])
def test_revising_an_unknown_story(run, story, tmp_path, args):
    path = _file(tmp_path, "x.txt", P1)
    result = run(*[path if a == "x.txt" else a for a in args])
    assert result.exit_code == 1 and "no story 'nope'" in result.stderr


def test_two_writers_from_the_same_parent_one_wins_one_conflicts(story, tmp_path, database_url):
    files = [_file(tmp_path, f"w{i}.txt", P1, P2, P3 + f" Writer {i} added this.") for i in (1, 2)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "provenance", "--db", database_url, "revise", "council", f,
             "--format", "plain", "--by", f"Writer {i}", "--role", "editor", "--parent", "1"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i, f in enumerate(files, start=1)
    ]
    outcomes = sorted((p.wait(timeout=60), p.stderr.read()) for p in procs)
    assert [code for code, _ in outcomes] == [0, 1]
    # Writers queue, so the second sees the first's revision and is told its edit is stale.
    assert "based on revision 1, but the latest is 2" in outcomes[1][1]
    assert "Traceback" not in outcomes[1][1]


def test_two_writers_without_parent_get_distinct_numbers(story, engine, tmp_path, database_url):
    files = [_file(tmp_path, f"w{i}.txt", P1, P2, P3 + f" Writer {i} added this.") for i in (1, 2)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "provenance", "--db", database_url, "revise", "council", f,
             "--format", "plain", "--by", f"Writer {i}", "--role", "editor"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i, f in enumerate(files, start=1)
    ]
    codes = [p.wait(timeout=60) for p in procs]
    stderr = [p.stderr.read() for p in procs]
    with transaction(engine) as session:
        numbers = sorted(session.scalars(select(Revision.number)))
    # Writers queue: each lands on top of the other, none is lost.
    assert codes == [0, 0], stderr
    assert numbers == [1, 2, 3]


def test_diff_json_shape_and_word_changes(run, story, tmp_path):
    _revise(run, tmp_path, P1, P2.replace("forty", "fifty"), P4, P3)
    data = json.loads(run("diff", "council", "--format", "json").stdout)
    assert data["story"] == "council" and data["language"] == "en"
    assert (data["from"]["revision"], data["to"]["revision"]) == (1, 2)
    ops = {(p["op"], tuple(p["old"]), tuple(p["new"])) for p in data["paragraphs"]}
    assert ("equal", (1,), (1,)) in ops
    assert ("edit", (2,), (2,)) in ops
    assert len([p for p in data["paragraphs"] if p["op"] == "move"]) == 1
    [edit] = [p for p in data["paragraphs"] if p["op"] == "edit"]
    changed = [c for c in edit["changes"] if c["op"] != "equal"]
    assert changed == [{"op": "replace", "old": "forty ", "new": "fifty "}]
    assert "".join(c["new"] for c in edit["changes"]) == P2.replace("forty", "fifty")


def test_diff_text_and_unified_have_no_colour_off_a_terminal(run, story, tmp_path):
    _revise(run, tmp_path, P1, P2.replace("forty", "fifty"), P3, P4)
    text = run("diff", "council").stdout
    assert "[-forty-]{+fifty+}" in text and "\x1b[" not in text
    unified = run("diff", "council", "1", "2", "--format", "unified").stdout
    assert unified.startswith("--- council (en) revision 1 by Ann Reporter")
    assert f"-{P2}" in unified and f"+{P2.replace('forty', 'fifty')}" in unified


def test_colour_only_when_asked():
    from provenance.diffing import diff_texts
    from provenance.render.diff import inline_words

    [p] = [d for d in diff_texts([P2], [P2.replace("forty", "fifty")]) if d.op == "edit"]
    assert "\x1b[31m[-forty-]" in inline_words(p, colour=True)
    assert "\x1b[" not in inline_words(p, colour=False)


def test_blame_shares_moves_and_ignore_rev(run, story, tmp_path):
    # Revision 2 (editor) edits P2 and moves P4 to the top; revision 3 (copy editor) fixes a word.
    edited = P2.replace("forty new buses", "forty electric buses")
    assert _revise(run, tmp_path, P4, P1, edited, P3).exit_code == 0
    copy = edited.replace("Officials said", "Officials say")
    assert _revise(run, tmp_path, P4, P1, copy, P3, by="Cy Copy", role="copy_editor").exit_code == 0
    blame = json.loads(run("blame", "council", "--format", "json").stdout)
    # The moved paragraph is still all the reporter's.
    assert [(s["person"], s["revision"]) for s in blame[0]["shares"]] == [("Ann Reporter", 1)]
    shares = {(s["person"], s["revision"]): s["words"] for s in blame[2]["shares"]}
    assert shares == {("Ann Reporter", 1): 12, ("Ed Itor", 2): 1, ("Cy Copy", 3): 1}
    looked = json.loads(run("blame", "council", "--ignore-activity", "copy-edit",
                            "--format", "json").stdout)
    shares = {(s["person"], s["revision"]): s["words"] for s in looked[2]["shares"]}
    assert shares == {("Ann Reporter", 1): 13, ("Ed Itor", 2): 1}
    same = json.loads(run("blame", "council", "--ignore-rev", "3", "--format", "json").stdout)
    assert same == looked
    words = run("blame", "council", "--words").stdout
    assert "electric⟨r2⟩" in words and "say⟨r3⟩" in words
