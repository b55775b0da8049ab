"""keygen, sign and verify --public-key: a signature over a story's heads, checked on both backends."""

import hashlib
import json
import stat
import subprocess
import sys

import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

import test_verify
from conftest import snapshot
from provenance.cli import cli
from provenance.integrity import canonical_hash, revision_form
from test_verify import EN2, EN3, person, scalar, tamper

library = test_verify.library  # the same fixture: the demo's two stories


def keygen(tmp_path, name="desk"):
    result = CliRunner().invoke(cli, ["keygen", "--out", str(tmp_path / name)])
    assert result.exit_code == 0, result.stderr
    return tmp_path / f"{name}.key", tmp_path / f"{name}.pub", result.stdout.strip()


def test_keygen_writes_a_private_pem_only_its_owner_reads_and_a_public_pem(tmp_path):
    private, public, printed = keygen(tmp_path)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert private.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----\n")
    assert public.read_bytes().startswith(b"-----BEGIN PUBLIC KEY-----\n")
    key = serialization.load_pem_private_key(private.read_bytes(), password=None)
    assert isinstance(key, ed25519.Ed25519PrivateKey)
    raw = serialization.load_pem_public_key(public.read_bytes()).public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw) == raw
    assert printed == hashlib.sha256(raw).hexdigest()


@pytest.mark.parametrize("existing", ["desk.key", "desk.pub"])
def test_keygen_never_overwrites(tmp_path, existing):
    (tmp_path / existing).write_text("mine")
    result = CliRunner().invoke(cli, ["keygen", "--out", str(tmp_path / "desk")])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "already exists" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [existing]
    assert (tmp_path / existing).read_text() == "mine"


def test_keygen_into_a_missing_directory_is_one_line(tmp_path):
    result = CliRunner().invoke(cli, ["keygen", "--out", str(tmp_path / "no" / "desk")])
    assert (result.exit_code, result.stderr.count("\n")) == (1, 1)


def test_help_imports_no_cryptography():
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "provenance", "sign", "--help"],
                            capture_output=True, text=True, check=True)
    assert "cryptography" not in result.stderr


def test_sign_then_verify_with_the_public_key(library, database_url, tmp_path):
    private, public, fingerprint = keygen(tmp_path)
    signed = library("sign", "lib", "--key", str(private), "--by", "Ruth Okafor")
    assert signed.exit_code == 0, signed.stderr
    assert signed.stderr == (f"signed lib (en r3, ko r2, credits #3) by Ruth Okafor with key "
                             f"{fingerprint[:16]}\n")
    row = scalar(database_url, "SELECT payload FROM signature")
    payload = json.loads(str(row))
    log = json.loads(library("log", "lib", "--language", "en", "--format", "json").stdout)
    assert payload["documents"][0] == {"language": "en", "revision": 3, "hash": log["revisions"][0]["hash"]}
    assert (payload["story"], payload["signer"]) == ("lib", "Ruth Okafor")
    assert scalar(database_url, "SELECT key_fingerprint FROM signature") == fingerprint
    # The database holds the signature and the fingerprint, never a key.
    stored = repr(snapshot(database_url))
    assert "PRIVATE KEY" not in stored and "PUBLIC KEY" not in stored

    before = snapshot(database_url)
    result = library("verify", "lib", "--public-key", str(public))
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "verified 5 revisions, 3 credit sets, 18 texts, 11 names, 1 signature\n"
    assert snapshot(database_url) == before


def _verify_codes(run, *args):
    result = run("verify", *args, "--format", "json")
    data = json.loads(result.stdout)
    return result.exit_code, {f["code"] for f in data["findings"]}


def test_no_signature_by_this_key(library, tmp_path):
    private, _, _ = keygen(tmp_path, "other")
    _, public, _ = keygen(tmp_path, "desk")
    assert library("sign", "lib", "--key", str(private)).exit_code == 0
    assert _verify_codes(library, "lib", "--public-key", str(public)) == (1, {"unsigned-by-key"})
    text_line = library("verify", "lib", "--public-key", str(public)).stdout
    assert text_line.startswith("error   unsigned-by-key      lib: no signature by key ")
    assert text_line.endswith(" (1 by another key)\n")
    # Every story: the unsigned one is named too.
    result = library("verify", "--public-key", str(tmp_path / "other.pub"), "--format", "json")
    assert [(f["code"], f["story"]) for f in json.loads(result.stdout)["findings"]] == [
        ("unsigned-by-key", "nk")]


TAMPERED_SIGNATURES = {
    "signature bytes": "UPDATE signature SET value = '00' || substr(value, 3)",
    "signed payload": "UPDATE signature SET payload = replace(payload, 'Ruth', 'Rita')",
    "signer": f"UPDATE signature SET signer_id = {person('Mina Cho')}",
    "moved to another story": "UPDATE signature SET story_id = (SELECT id FROM story WHERE slug = 'nk')",
}


@pytest.mark.parametrize("case", TAMPERED_SIGNATURES, ids=list(TAMPERED_SIGNATURES))
def test_a_tampered_signature_is_invalid(library, database_url, tmp_path, case):
    private, public, _ = keygen(tmp_path)
    assert library("sign", "lib", "--key", str(private), "--by", "Ruth Okafor").exit_code == 0
    tamper(database_url, TAMPERED_SIGNATURES[case])
    story = "nk" if case == "moved to another story" else "lib"
    assert _verify_codes(library, story, "--public-key", str(public)) == (1, {"signature-invalid"})


def test_history_that_grew_after_signing_is_a_warning_that_strict_fails(library, tmp_path):
    private, public, _ = keygen(tmp_path)
    assert library("sign", "lib", "--key", str(private)).exit_code == 0
    edit = tmp_path / "en4.txt"
    edit.write_text("\n\n".join(json.loads(library("show", "lib", "--language", "en", "--format", "json")
                                           .stdout)["paragraphs"][:-1]), encoding="utf-8")
    assert library("revise", "lib", str(edit), "--format", "plain", "--language", "en", "--by", "Ruth Okafor",
                   "--role", "editor").exit_code == 0
    result = library("verify", "lib", "--public-key", str(public))
    assert result.exit_code == 0
    assert result.stdout == ("warning signature-stale      lib: the newest signature by this key "
                             "covers en revision 3, ko revision 2, credit set 3; the story now has en "
                             "revision 4, ko revision 2, credit set 3\n")
    assert result.stderr == ("verified 6 revisions, 3 credit sets, 18 texts, 11 names, 1 signature; "
                             "1 warning (--strict fails on them)\n")
    strict = library("verify", "lib", "--public-key", str(public), "--strict", "--format", "json")
    assert strict.exit_code == 1
    assert json.loads(strict.stdout)["ok"] is False
    # Signing again brings it up to date.
    assert library("sign", "lib", "--key", str(private)).exit_code == 0
    assert _verify_codes(library, "lib", "--public-key", str(public)) == (0, set())


def test_a_rewrite_verify_alone_cannot_see_is_caught_by_the_signature(library, database_url, engine,
                                                                       tmp_path):
    from provenance.db import transaction
    from provenance.models import Revision

    private, public, _ = keygen(tmp_path)
    assert library("sign", "lib", "--key", str(private)).exit_code == 0
    # A forger changes the edit's message and recomputes its hash, so every hash agrees again.
    tamper(database_url, f"UPDATE revision SET message = 'nothing to see' WHERE id = {EN3}")
    with transaction(engine) as session:
        revision = session.get_one(Revision, scalar(database_url, EN3.strip("()")))
        revision.hash = canonical_hash(revision_form(session, revision))
    assert _verify_codes(library, "lib") == (0, set())
    assert _verify_codes(library, "lib", "--public-key", str(public)) == (1, {"history-rewritten"})


def test_the_latest_revision_removed_without_a_trace_is_caught_by_the_signature(library, database_url,
                                                                                tmp_path):
    private, public, _ = keygen(tmp_path)
    assert library("sign", "lib", "--key", str(private)).exit_code == 0
    made = f"(SELECT id FROM paragraph_version WHERE revision_id = {EN3})"
    tamper(database_url, f"DELETE FROM derivation WHERE target_id IN {made}",
           f"DELETE FROM revision_paragraph WHERE revision_id = {EN3}",
           f"DELETE FROM paragraph_version WHERE revision_id = {EN3}",
           f"DELETE FROM revision WHERE id = {EN3}")
    assert _verify_codes(library, "lib") == (0, set())
    assert _verify_codes(library, "lib", "--public-key", str(public)) == (1, {"history-rewritten"})


def test_a_story_that_fails_verify_is_not_signed(library, database_url, tmp_path):
    private, _, _ = keygen(tmp_path)
    tamper(database_url, f"UPDATE revision SET message = 'x' WHERE id = {EN2}")
    before = snapshot(database_url)
    result = library("sign", "lib", "--key", str(private), "--by", "Ruth Okafor")
    assert result.exit_code == 1
    assert result.stderr == ("Error: 'lib' fails verification (1 problem: revision-altered): nothing "
                             "signed; see `provenance verify lib`\n")
    assert snapshot(database_url) == before


def _rsa_key(tmp_path):
    path = tmp_path / "rsa.key"
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    return path


BAD_KEYS = {
    "missing key file": (lambda t: ["sign", "lib", "--key", str(t / "absent.key")], "cannot read key file"),
    "not PEM": (lambda t: ["sign", "lib", "--key", str(t / "garbage.key")], "is not a PEM private key"),
    "public key to sign": (lambda t: ["sign", "lib", "--key", str(t / "desk.pub")], "is a public key"),
    "RSA key": (lambda t: ["sign", "lib", "--key", str(_rsa_key(t))], "is not an Ed25519 key"),
    "unknown story": (lambda t: ["sign", "nope", "--key", str(t / "desk.key")], "no story 'nope'"),
    "private key to verify": (lambda t: ["verify", "lib", "--public-key", str(t / "desk.key")],
                              "is a private key"),
    "not PEM to verify": (lambda t: ["verify", "--public-key", str(t / "garbage.pub")],
                          "is not a PEM public key"),
}


@pytest.mark.parametrize("case", BAD_KEYS, ids=list(BAD_KEYS))
def test_a_wrong_key_file_is_one_line_and_writes_nothing(library, database_url, tmp_path, case):
    keygen(tmp_path)
    (tmp_path / "garbage.key").write_text("-----BEGIN PRIVATE KEY-----\nnot base64\n", encoding="utf-8")
    (tmp_path / "garbage.pub").write_text("ssh-ed25519 AAAA desk@newsroom\n", encoding="utf-8")
    args, message = BAD_KEYS[case]
    before = snapshot(database_url)
    result = library(*args(tmp_path))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert message in result.stderr
    assert snapshot(database_url) == before


def test_every_story_is_checked_when_stories_come_a_batch_at_a_time(library, tmp_path, monkeypatch):
    """Signatures are checked a batch of stories at a time, what a batch loaded forgotten after it:
    with batches of one story, the findings are the same, and each story is still named."""
    private, public, _ = keygen(tmp_path)
    assert library("sign", "lib", "--key", str(private), "--by", "Ruth Okafor").exit_code == 0
    whole = library("verify", "--public-key", str(public), "--format", "json")
    import provenance.signing as signing

    real = signing._stories
    monkeypatch.setattr(signing, "_stories", lambda session, slug: real(session, slug, 1))
    one_by_one = library("verify", "--public-key", str(public), "--format", "json")
    assert one_by_one.exit_code == whole.exit_code == 1
    assert json.loads(one_by_one.stdout) == json.loads(whole.stdout)
    assert [(f["code"], f["story"]) for f in json.loads(one_by_one.stdout)["findings"]] == [
        ("unsigned-by-key", "nk")]
    assert json.loads(one_by_one.stdout)["signatures"] == 1
