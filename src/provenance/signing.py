"""Signing a story: Ed25519 key pairs, a signature over the story's heads, and checking them.

A signature covers the story's heads: the hash of the latest revision of each document and of the
latest credit set. Each hash covers its parent's, so the heads commit to the whole history, and a
history rewritten with every hash recomputed (which verify alone cannot see) no longer holds the
signed heads. The signed payload is canonical JSON (sorted keys, no spaces, UTF-8) holding the
heads, the story's slug, the signer's name and the time; the database keeps it with the signature
and the public key's fingerprint (the SHA-256 of its raw 32 bytes), never a key.

Codes: ``signature-invalid`` (the signature or what it signed was changed, or it was moved),
``history-rewritten`` (a signed head is gone or different), ``unsigned-by-key`` (no signature by
the key the reader brought), all errors; ``signature-stale`` (the newest valid signature no longer
covers the story's heads: it grew since) is a warning, which ``verify --strict`` fails on.
"""

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.credits import current_credit_set
from provenance.db import utcnow
from provenance.errors import Conflict, InputError
from provenance.findings import Finding
from provenance.models import CreditSet, Person, Revision, Signature, Story
from provenance.people import person_named
from provenance.revisions import latest_revision
from provenance.verify import BATCH, Report, story_batches, verify_history

PAYLOAD_KIND = "provenance.story-heads"
PAYLOAD_FORMAT = 1


@dataclass(frozen=True)
class KeyPair:
    """Where a new key pair was written, and the public key's fingerprint."""

    private: Path
    public: Path
    fingerprint: str


@dataclass(frozen=True)
class Signed:
    """A signature just stored: the story, the heads it covers, by whom, when, with which key."""

    story: str
    fingerprint: str
    signer: str | None
    time: str
    heads: dict[str, Any]


def fingerprint(key: Ed25519PublicKey) -> str:
    """The SHA-256 (hex) of the raw public key: how a stored signature names its key."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def _write_new(path: Path, data: bytes, mode: int) -> None:
    # O_EXCL: a file that appeared since we looked is still never overwritten (nor a symbolic link
    # followed); O_NOFOLLOW says so twice.
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
    except FileExistsError:
        raise
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None


def _exists(path: Path) -> Conflict:
    return Conflict(f"{path} already exists: keys are never overwritten; choose another --out")


def generate_key_pair(prefix: Path) -> KeyPair:
    """Write a new Ed25519 key pair: PREFIX.key (private, mode 0600) and PREFIX.pub; never overwrite."""
    if not prefix.name or prefix.name in (".", ".."):
        raise InputError(f"--out needs a file name to put .key and .pub after, not {str(prefix)!r}")
    private, public = prefix.with_name(prefix.name + ".key"), prefix.with_name(prefix.name + ".pub")
    for path in (private, public):
        if path.exists() or path.is_symlink():
            raise _exists(path)
    if not private.parent.is_dir():
        raise InputError(f"no directory {private.parent} to write the keys in")
    key = Ed25519PrivateKey.generate()
    try:
        _write_new(private, key.private_bytes(serialization.Encoding.PEM,
                                              serialization.PrivateFormat.PKCS8,
                                              serialization.NoEncryption()), 0o600)
    except FileExistsError:
        raise _exists(private) from None
    try:
        _write_new(public, key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo), 0o644)
    except (FileExistsError, InputError) as exc:
        private.unlink()
        if isinstance(exc, InputError):
            raise
        raise _exists(public) from None
    return KeyPair(private, public, fingerprint(key.public_key()))


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read key file {path}: {exc.strerror or exc}") from None


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """The Ed25519 private key in a PEM file, or InputError saying what the file is instead."""
    data = _read(path)
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except TypeError:
        raise InputError(f"{path} is protected by a password; use a key from `provenance keygen`") from None
    except (ValueError, UnsupportedAlgorithm):
        if b"PUBLIC KEY-----" in data:
            raise InputError(f"{path} is a public key: sign with the private key (PREFIX.key)") from None
        raise InputError(f"{path} is not a PEM private key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InputError(f"{path} is not an Ed25519 key; make one with `provenance keygen`")
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    """The Ed25519 public key in a PEM file, or InputError saying what the file is instead."""
    data = _read(path)
    if b"PRIVATE KEY-----" in data:
        raise InputError(f"{path} is a private key: verify with the public key (PREFIX.pub)")
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, UnsupportedAlgorithm):
        raise InputError(f"{path} is not a PEM public key") from None
    if not isinstance(key, Ed25519PublicKey):
        raise InputError(f"{path} is not an Ed25519 key; make one with `provenance keygen`")
    return key


def story_heads(session: Session, story: Story) -> dict[str, Any]:
    """The latest revision of each document (by language) and the latest credit set, with hashes."""
    documents = []
    for document in sorted(story.documents, key=lambda d: d.language):
        head = latest_revision(session, document)
        if head is not None:
            documents.append({"language": document.language, "revision": head.number, "hash": head.hash})
    credits = current_credit_set(session, story)
    return {"documents": documents,
            "credits": {"number": credits.number, "hash": credits.hash} if credits else None}


def _payload(story: Story, heads: dict[str, Any], signer: str | None, time: str) -> str:
    return json.dumps({"kind": PAYLOAD_KIND, "format": PAYLOAD_FORMAT, "story": story.slug,
                       "signer": signer, "time": time, **heads},
                      sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sign_story(session: Session, story: Story, key: Ed25519PrivateKey, signer: str | None = None) -> Signed:
    """Sign the story's heads with key and store the signature; a story that fails verify is refused."""
    problems = [f for f in verify_history(session, story.slug).findings if f.severity == "error"]
    if problems:
        codes = ", ".join(sorted({f.code for f in problems}))
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        raise Conflict(f"{story.slug!r} fails verification ({count}: {codes}): "
                       f"nothing signed; see `provenance verify {story.slug}`")
    signer_record = person_named(session, signer) if signer else None
    now = utcnow()
    time = now.isoformat(timespec="microseconds")
    heads = story_heads(session, story)
    payload = _payload(story, heads, signer_record.name if signer_record else None, time)
    key_print = fingerprint(key.public_key())
    session.add(Signature(story_id=story.id, signer_id=signer_record.id if signer_record else None,
                          key_fingerprint=key_print, payload=payload,
                          value=key.sign(payload.encode("utf-8")).hex(), created_at=now))
    session.flush()
    return Signed(story.slug, key_print, signer_record.name if signer_record else None, time, heads)


def _rewritten(session: Session, story: Story, signed: dict[str, Any]) -> list[str]:
    """The signed heads the database no longer holds with the signed hash."""
    missing = []
    languages = {d.language: d for d in story.documents}
    for head in signed.get("documents", []):
        document = languages.get(head["language"])
        stored = None if document is None else session.scalars(select(Revision.hash).where(
            Revision.document_id == document.id, Revision.number == head["revision"])).first()
        if stored != head["hash"]:
            missing.append(f"{head['language']} revision {head['revision']}")
    credits = signed.get("credits")
    if credits is not None:
        stored = session.scalars(select(CreditSet.hash).where(
            CreditSet.story_id == story.id, CreditSet.number == credits["number"])).first()
        if stored != credits["hash"]:
            missing.append(f"credit set {credits['number']}")
    return missing


def _check(session: Session, story: Story, signature: Signature, key: Ed25519PublicKey) -> Finding | None:
    """The finding for one signature by key, or None if it is valid and its heads are all stored."""
    where: dict[str, Any] = {"story": story.slug, "record": "signature",
                             "evidence": {"signature": signature.id, "key": signature.key_fingerprint}}
    try:
        key.verify(bytes.fromhex(signature.value), signature.payload.encode("utf-8"))
        signed = json.loads(signature.payload)
        if not isinstance(signed, dict):
            raise ValueError("not a payload")
    except (InvalidSignature, ValueError):
        return Finding.of("signature-invalid", f"signature {signature.id} does not verify with this key: "
                          "the signature or what it signed was changed", **where)
    signer = session.get(Person, signature.signer_id) if signature.signer_id else None
    stored = {"story": story.slug, "signer": signer.name if signer else None,
              "time": signature.created_at.isoformat(timespec="microseconds")}
    changed = [k for k, v in stored.items() if signed.get(k) != v]
    if changed or signed.get("kind") != PAYLOAD_KIND:
        return Finding.of("signature-invalid", f"signature {signature.id} was moved or relabelled: its "
                          f"{', '.join(changed) or 'kind'} differs from what was signed", **where)
    missing = _rewritten(session, story, signed)
    if missing:
        return Finding.of("history-rewritten", f"signature {signature.id} covers heads the database no "
                          f"longer holds ({', '.join(missing)}): the history was changed after signing",
                          **where)
    return None


def signature_findings(
    session: Session, stories: Iterable[Story], key: Ed25519PublicKey
) -> tuple[int, list[Finding]]:
    """Check every signature by key on stories: how many were checked, and what was found.

    A story without one is ``unsigned-by-key``; the newest valid one is ``signature-stale`` (a
    warning) when its heads are no longer the story's.
    """
    mine = fingerprint(key)
    findings: list[Finding] = []
    checked = 0
    for story in stories:
        signatures = list(session.scalars(select(Signature).where(Signature.story_id == story.id)
                                          .order_by(Signature.created_at, Signature.id)))
        by_key = [s for s in signatures if s.key_fingerprint == mine]
        checked += len(by_key)
        if not by_key:
            n = len(signatures)
            others = {0: "", 1: " (1 by another key)"}.get(n, f" ({n} by other keys)")
            findings.append(Finding.of("unsigned-by-key", f"no signature by key {mine[:16]}{others}",
                                       story=story.slug, record="signature"))
            continue
        problems = {s.id: _check(session, story, s, key) for s in by_key}
        findings += [f for f in problems.values() if f is not None]
        valid = [s for s in by_key if problems[s.id] is None]
        if not valid:
            continue
        signed, now = json.loads(valid[-1].payload), story_heads(session, story)
        if (signed["documents"], signed["credits"]) != (now["documents"], now["credits"]):
            findings.append(Finding.of(
                "signature-stale", f"the newest signature by this key covers {_describe(signed)}; the "
                f"story now has {_describe(now)}", story=story.slug, record="signature",
                evidence={"signature": valid[-1].id, "signed": _describe(signed), "now": _describe(now)}))
    return checked, findings


def _describe(heads: dict[str, Any]) -> str:
    parts = [f"{d['language']} revision {d['revision']}" for d in heads["documents"]]
    if heads["credits"]:
        parts.append(f"credit set {heads['credits']['number']}")
    return ", ".join(parts) or "nothing"


def _stories(session: Session, slug: str | None, size: int = BATCH) -> Iterator[Story]:
    """The stories to check (one, or every story by slug), a batch at a time. What checking a
    batch loaded is forgotten before the next, so that memory does not grow with the archive;
    the session only reads, so nothing is left to flush."""
    for batch in story_batches(session, slug, size):
        ids = [story_id for story_id, _ in batch]
        loaded = {story.id: story for story in session.scalars(select(Story).where(Story.id.in_(ids)))}
        yield from (loaded[story_id] for story_id in ids)
        session.expunge_all()


def verify_signed(session: Session, slug: str | None, key: Ed25519PublicKey) -> Report:
    """Verify the stored history (verify.verify_history), then every signature by key on the
    stories verified: what the history alone cannot show, a rewrite with every hash recomputed."""
    report = verify_history(session, slug)
    checked, found = signature_findings(session, _stories(session, slug), key)
    text = [f for f in report.findings if f.record == "text"]
    merges = [f for f in report.findings if f.record == "person merge"]
    rest = [f for f in report.findings if f.record not in ("text", "person merge")]
    return replace(report, signatures=checked, findings=text + rest + found + merges)
