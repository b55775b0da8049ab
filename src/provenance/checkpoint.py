"""Checkpoints: the heads of every chain in the ledger, written down outside the database.

Every hash in the database can be recomputed by whoever can write to it, so verify alone cannot
tell a rewritten history (every hash recomputed) or a cut one (the newest records deleted) from the
real thing. A checkpoint is a small JSON file holding the head of each chain (each document's
latest revision, each story's latest credit set and workflow event, the name chain, the person
merges) with counts
and the time, signed with an Ed25519 key when one is given. Kept elsewhere (mailed, on a second
server, in a public log), it lets ``verify --checkpoint`` name what the checkpoint saw that is gone
(``history-truncated``) or different (``history-rewritten``).

The file is ``{"checkpoint": {...}, "signature": {"key": FINGERPRINT, "value": HEX} | null}``; the
signature covers the canonical JSON (sorted keys, no spaces, UTF-8) of ``checkpoint``. A new chain
joins the ledger by adding its table to ``_STORY_CHAINS`` (one chain per story) or
``_CHAIN_TABLES`` (one for the ledger), and to ``_COUNTED``.
"""

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from provenance.db import utcnow
from provenance.errors import InputError
from provenance.findings import Finding
from provenance.models import (
    CreditSet,
    Document,
    NameEvent,
    PersonMerge,
    Revision,
    Signature,
    Story,
    StoryEvent,
    TextBlob,
)
from provenance.signing import fingerprint, verify_signed
from provenance.verify import Report, verify_history

KIND = "provenance.checkpoint"
FORMAT = 1

# The chains that belong to no story: their head, by number.
_CHAIN_TABLES: dict[str, type[NameEvent] | type[PersonMerge]] = {"names": NameEvent, "merges": PersonMerge}
_COUNTED = {"stories": Story, "documents": Document, "revisions": Revision, "credit_sets": CreditSet,
            "events": StoryEvent, "texts": TextBlob, "names": NameEvent, "merges": PersonMerge,
            "signatures": Signature}
# The per-story chains besides each document's revisions: what a story's heads call them.
_STORY_CHAINS: dict[str, type[CreditSet] | type[StoryEvent]] = {"credits": CreditSet, "events": StoryEvent}
_STORY_CHAIN_NAMES = {"credits": "credit set", "events": "event"}


@dataclass(frozen=True)
class Checkpoint:
    """A checkpoint as read from its file: what it says, and its signature if it has one."""

    payload: dict[str, Any]
    key: str | None
    signature: str | None


def _encode(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _head(session: Session, table: type[NameEvent] | type[PersonMerge]) -> dict[str, Any] | None:
    row = session.execute(select(table.number, table.hash).order_by(table.number.desc()).limit(1)).first()
    return {"number": row.number, "hash": row.hash} if row else None


def _no_heads() -> dict[str, Any]:
    return {"documents": {}} | {name: None for name in _STORY_CHAINS}


def ledger_heads(session: Session) -> dict[str, Any]:
    """The head of every chain in the ledger, and how many records of each kind there are."""
    stories: dict[str, Any] = {}
    latest = (select(Revision.document_id, func.max(Revision.number).label("number"))
              .group_by(Revision.document_id).subquery())
    for slug, language, number, digest in session.execute(
            select(Story.slug, Document.language, Revision.number, Revision.hash)
            .join(Document, Document.story_id == Story.id)
            .join(latest, latest.c.document_id == Document.id)
            .join(Revision, (Revision.document_id == Document.id) & (Revision.number == latest.c.number))):
        stories.setdefault(slug, _no_heads())["documents"][language] = \
            {"revision": number, "hash": digest}
    for name, table in _STORY_CHAINS.items():
        newest = (select(table.story_id, func.max(table.number).label("number"))
                  .group_by(table.story_id).subquery())
        for slug, number, digest in session.execute(
                select(Story.slug, table.number, table.hash)
                .join(newest, newest.c.story_id == Story.id)
                .join(table, (table.story_id == Story.id) & (table.number == newest.c.number))):
            stories.setdefault(slug, _no_heads())[name] = {"number": number, "hash": digest}
    for slug in session.scalars(select(Story.slug)):
        stories.setdefault(slug, _no_heads())
    return {
        "stories": stories,
        "chains": {name: _head(session, table) for name, table in _CHAIN_TABLES.items()},
        "counts": {name: session.scalar(select(func.count()).select_from(table)) or 0
                   for name, table in _COUNTED.items()},
    }


def make_checkpoint(session: Session, key: Ed25519PrivateKey | None = None) -> bytes:
    """The checkpoint file of the ledger as it is now (signed with key, if given), as bytes."""
    payload = {"kind": KIND, "format": FORMAT, "time": utcnow().isoformat(timespec="microseconds"),
               **ledger_heads(session)}
    signature = None
    if key is not None:
        signature = {"key": fingerprint(key.public_key()), "value": key.sign(_encode(payload)).hex()}
    return (json.dumps({"checkpoint": payload, "signature": signature}, ensure_ascii=False, indent=1,
                       sort_keys=True) + "\n").encode("utf-8")


def read_checkpoint(path: Path) -> Checkpoint:
    """The checkpoint in a file, or InputError saying why the file is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read checkpoint {path}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise InputError(f"{path} is not a checkpoint: not JSON") from None
    payload = data.get("checkpoint") if isinstance(data, dict) else None
    signature = data.get("signature") if isinstance(data, dict) else None
    if not isinstance(payload, dict) or payload.get("kind") != KIND or payload.get("format") != FORMAT \
            or not isinstance(payload.get("stories"), dict) or not isinstance(payload.get("chains"), dict) \
            or not isinstance(payload.get("counts"), dict):
        raise InputError(f"{path} is not a provenance checkpoint (format {FORMAT})")
    if signature is not None and not (isinstance(signature, dict) and isinstance(signature.get("key"), str)
                                      and isinstance(signature.get("value"), str)):
        raise InputError(f"{path}: its signature is not {{\"key\": …, \"value\": …}}")
    return Checkpoint(payload, signature["key"] if signature else None,
                      signature["value"] if signature else None)


def _signature_findings(checkpoint: Checkpoint, key: Ed25519PublicKey | None) -> list[Finding]:
    where: dict[str, Any] = {"record": "checkpoint"}
    if key is None or checkpoint.signature is None:
        return []
    if checkpoint.key != fingerprint(key):
        return [Finding.of("signature-invalid", f"the checkpoint is signed by key "
                           f"{str(checkpoint.key)[:16]}, not by {fingerprint(key)[:16]}", **where)]
    try:
        key.verify(bytes.fromhex(checkpoint.signature), _encode(checkpoint.payload))
    except (InvalidSignature, ValueError):
        return [Finding.of("signature-invalid", "the checkpoint does not verify with this key: it was "
                           "changed after it was signed", **where)]
    return []


def _compare(story: str | None, what: str, then: dict[str, Any], number: int | None,
             now: str | None) -> Finding | None:
    where = {"story": story, "record": "checkpoint", "evidence": {"checkpoint": then}}
    if now is None:
        return Finding.of("history-truncated", f"{what} {number}, which the checkpoint saw, is gone", **where)
    if now != then["hash"]:
        return Finding.of("history-rewritten", f"{what} {number} is not what the checkpoint saw: its "
                          "hash differs", **where)
    return None


def checkpoint_findings(session: Session, checkpoint: Checkpoint, slug: str | None,
                        key: Ed25519PublicKey | None = None) -> list[Finding]:
    """What the checkpoint saw that is gone or different now (one story's heads and the name chain,
    if slug is given), and whether its signature holds when key is given."""
    findings = _signature_findings(checkpoint, key)
    then = checkpoint.payload
    for story_slug, heads in sorted(then["stories"].items()):
        if slug is not None and story_slug != slug:
            continue
        story = session.scalars(select(Story).where(Story.slug == story_slug)).first()
        if story is None:
            findings.append(Finding.of("history-truncated", f"story {story_slug!r}, which the checkpoint "
                                       "saw, is gone", story=story_slug, record="checkpoint"))
            continue
        documents = {d.language: d.id for d in story.documents}
        for language, head in sorted(heads.get("documents", {}).items()):
            stored = session.scalar(select(Revision.hash).where(
                Revision.document_id == documents.get(language), Revision.number == head["revision"]))
            found = _compare(story_slug, f"{language} revision", head, head["revision"], stored)
            findings += [found] if found else []
        # A checkpoint written before a chain joined the ledger has no head for it.
        for name, chain in _STORY_CHAINS.items():
            head = heads.get(name)
            if not head:
                continue
            stored = session.scalar(select(chain.hash).where(
                chain.story_id == story.id, chain.number == head["number"]))
            found = _compare(story_slug, _STORY_CHAIN_NAMES[name], head, head["number"], stored)
            findings += [found] if found else []
    for name, table in _CHAIN_TABLES.items():
        head = then["chains"].get(name)
        if head is None or (slug is not None and name != "names"):
            continue
        stored = session.scalar(select(table.hash).where(table.number == head["number"]))
        found = _compare(None, f"{table.__tablename__.replace('_', ' ')}", head, head["number"], stored)
        findings += [found] if found else []
    if slug is None:
        for name, kind in _COUNTED.items():
            counted = then["counts"].get(name)
            now = session.scalar(select(func.count()).select_from(kind)) or 0
            if isinstance(counted, int) and now < counted:
                findings.append(Finding.of(
                    "history-truncated", f"the checkpoint counted {counted} {name.replace('_', ' ')}; "
                    f"there are {now}", record="checkpoint", evidence={"counted": counted, "now": now}))
    return findings


def verify_ledger(session: Session, slug: str | None, key: Ed25519PublicKey | None = None,
                  checkpoint: Checkpoint | None = None) -> Report:
    """Verify the stored history (one story or everything), its signatures by key when a key is
    given, and what a checkpoint saw when one is given."""
    report = verify_signed(session, slug, key) if key is not None else verify_history(session, slug)
    if checkpoint is None:
        return report
    return replace(report, findings=report.findings + checkpoint_findings(session, checkpoint, slug, key))
