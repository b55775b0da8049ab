"""checkpoint and verify --checkpoint: heads kept outside the database catch what no hash can, a
history cut short or rewritten with every hash recomputed, on SQLite and PostgreSQL."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

import test_verify
from provenance.db import make_engine, transaction
from provenance.integrity import canonical_hash, revision_form
from provenance.models import Document, Revision, Story
from provenance.readers.sources import SourceEvent
from test_ingest import PUBLISH, T0, _story, _write
from test_signing import keygen
from test_verify import EN3, tamper

library = test_verify.library  # the demo's two stories


@pytest.fixture
def checkpointed(library, tmp_path):
    result = library("checkpoint", "-o", str(tmp_path / "ledger.json"))
    assert result.exit_code == 0, result.stderr
    return tmp_path / "ledger.json"


def _codes(run, *args):
    result = run("verify", *args, "--format", "json")
    found = json.loads(result.stdout)["findings"]
    return result.exit_code, [(f["code"], f["story"], f["message"]) for f in found]


def test_a_checkpoint_holds_every_head_and_count(library, checkpointed):
    data = json.loads(checkpointed.read_text())
    assert data["signature"] is None
    heads = data["checkpoint"]
    log = json.loads(library("log", "lib", "--language", "en", "--format", "json").stdout)
    assert heads["stories"]["lib"]["documents"]["en"] == {"revision": 3, "hash": log["revisions"][0]["hash"]}
    assert heads["stories"]["lib"]["credits"]["number"] == 3
    assert heads["stories"]["nk"]["documents"].keys() == {"en"}
    assert heads["chains"]["names"]["number"] == 11 and heads["chains"]["merges"] is None
    assert heads["stories"]["lib"]["events"] is None  # typed in by hand: no workflow events
    # Hand count, as in test_verify: 6 revisions, 4 credit sets, 37 texts, 11 names.
    assert heads["counts"] == {"stories": 2, "documents": 3, "revisions": 6, "credit_sets": 4,
                               "events": 0, "texts": 37, "names": 11, "merges": 0, "signatures": 0}
    assert library("verify", "--checkpoint", str(checkpointed)).exit_code == 0


def test_growth_after_a_checkpoint_is_fine(library, checkpointed):
    assert library("credits", "lib", "add", "Lee Min-ho", "--role", "contributor", "--by", "Ruth Okafor"
                   ).exit_code == 0
    assert _codes(library, "--checkpoint", str(checkpointed)) == (0, [])


def test_the_newest_revision_deleted_with_all_its_rows(library, database_url, checkpointed):
    made_by_en3 = f"(SELECT id FROM paragraph_version WHERE revision_id = {EN3})"
    tamper(database_url, f"DELETE FROM derivation WHERE target_id IN {made_by_en3}",
           f"DELETE FROM revision_paragraph WHERE revision_id = {EN3}",
           f"DELETE FROM paragraph_version WHERE revision_id = {EN3}",
           f"DELETE FROM revision WHERE id = {EN3}")
    assert _codes(library) == (0, [])  # nothing in the database shows it
    assert _codes(library, "--checkpoint", str(checkpointed)) == (1, [
        ("history-truncated", "lib", "en revision 3, which the checkpoint saw, is gone"),
        ("history-truncated", None, "the checkpoint counted 6 revisions; there are 5")])
    assert _codes(library, "lib", "--checkpoint", str(checkpointed))[1] == [
        ("history-truncated", "lib", "en revision 3, which the checkpoint saw, is gone")]


def test_the_newest_credit_set_deleted(library, database_url, checkpointed):
    newest = "(SELECT MAX(c.id) FROM credit_set c JOIN story s ON s.id = c.story_id WHERE s.slug = 'lib')"
    tamper(database_url, f"DELETE FROM credit WHERE credit_set_id = {newest}",
           f"DELETE FROM credit_set WHERE id = {newest}")
    assert _codes(library) == (0, [])
    assert _codes(library, "lib", "--checkpoint", str(checkpointed)) == (1, [
        ("history-truncated", "lib", "credit set 3, which the checkpoint saw, is gone")])


def test_a_history_rewritten_with_every_hash_recomputed(library, database_url, checkpointed):
    # An attacker who knows the hash changes en revision 2's message and re-seals it and revision 3.
    tamper(database_url, "UPDATE revision SET message = 'nothing to see' WHERE message = 'rewrite'")
    engine = make_engine(database_url)
    with transaction(engine) as session:
        en = session.scalars(select(Document).join(Story).where(Story.slug == "lib",
                                                                 Document.language == "en")).one()
        for revision in session.scalars(select(Revision).where(Revision.document_id == en.id)
                                        .order_by(Revision.number)):
            revision.hash = canonical_hash(revision_form(session, revision))
            session.flush()
    engine.dispose()
    assert _codes(library) == (0, [])
    assert _codes(library, "--checkpoint", str(checkpointed)) == (1, [
        ("history-rewritten", "lib", "en revision 3 is not what the checkpoint saw: its hash differs")])


def test_the_newest_name_deleted(library, database_url, checkpointed):
    tamper(database_url, "DELETE FROM name_event WHERE number = (SELECT MAX(number) FROM name_event)")
    code, found = _codes(library, "--checkpoint", str(checkpointed))
    assert code == 1
    assert ("history-truncated", None, "name event 11, which the checkpoint saw, is gone") in found


def test_the_newest_workflow_event_deleted(run, tmp_path, database_url):
    retract = SourceEvent("retract", T0 + timedelta(hours=5), author="editor1", comment="legal")
    path = _write(tmp_path, "export.jsonl", _story(events=[PUBLISH, retract]))
    assert run("import", str(path)).exit_code == 0
    checkpoint = tmp_path / "ledger.json"
    assert run("checkpoint", "-o", str(checkpoint)).exit_code == 0
    heads = json.loads(checkpoint.read_text())["checkpoint"]
    assert heads["stories"]["북한-국영기업"]["events"]["number"] == 2
    assert heads["counts"]["events"] == 2
    # Hiding that the story was retracted: the event row goes, and nothing in the database shows it.
    tamper(database_url, "DELETE FROM story_event WHERE number = 2")
    assert _codes(run) == (0, [])
    assert _codes(run, "--checkpoint", str(checkpoint)) == (1, [
        ("history-truncated", "북한-국영기업", "event 2, which the checkpoint saw, is gone"),
        ("history-truncated", None, "the checkpoint counted 2 events; there are 1")])


def test_a_checkpoint_from_before_events_were_kept_still_reads(library, checkpointed):
    data = json.loads(checkpointed.read_text())
    for heads in data["checkpoint"]["stories"].values():
        del heads["events"]
    del data["checkpoint"]["counts"]["events"]
    checkpointed.write_text(json.dumps(data))
    assert _codes(library, "--checkpoint", str(checkpointed)) == (0, [])


def test_a_signed_checkpoint(library, tmp_path):
    private, public, fingerprint = keygen(tmp_path)
    _, other, _ = keygen(tmp_path, "other")
    path = tmp_path / "signed.json"
    assert library("checkpoint", "-o", str(path), "--key", str(private)).exit_code == 0
    assert _codes(library, "--checkpoint", str(path), "--public-key", str(public))[1] == [
        ("unsigned-by-key", "lib", f"no signature by key {fingerprint[:16]}"),
        ("unsigned-by-key", "nk", f"no signature by key {fingerprint[:16]}")]
    wrong = _codes(library, "nk", "--checkpoint", str(path), "--public-key", str(other))[1]
    assert wrong[-1][0] == "signature-invalid"
    # Whoever edits the file to match a rewritten history breaks its signature.
    data = json.loads(path.read_text())
    data["checkpoint"]["counts"]["texts"] = 30
    path.write_text(json.dumps(data))
    found = _codes(library, "nk", "--checkpoint", str(path), "--public-key", str(public))[1]
    assert found[-1] == ("signature-invalid", None, "the checkpoint does not verify with this key: it "
                         "was changed after it was signed")


@pytest.mark.parametrize(("content", "message"), [
    ("not json", "is not a checkpoint: not JSON"),
    ('{"checkpoint": {"kind": "other"}}', "is not a provenance checkpoint (format 1)"),
])
def test_a_file_that_is_not_a_checkpoint_is_one_line(library, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    result = library("verify", "--checkpoint", str(path))
    assert (result.exit_code, result.stderr) == (1, f"Error: {path} {message}\n")
