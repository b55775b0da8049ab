"""Canonical forms and hashes that make the stored history tamper-evident.

Each revision and each credit set carries the SHA-256 of a canonical JSON form of its parent's hash
and its own content and metadata, so altering any stored record breaks the chain from there on.
"""

import hashlib
import json
import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.models import (
    CreditSet,
    Derivation,
    ParagraphVersion,
    PersonMerge,
    Revision,
    RevisionParagraph,
    StoryEvent,
)

FORMAT_VERSION = 1
# Version 2 of a revision's form adds when it happened in its source system and that system's id
# for it. A revision without either keeps form 1, so every record written before still verifies.
SOURCE_FORMAT_VERSION = 2


def canonical_hash(form: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON encoding of form (sorted keys, no spaces, UTF-8)."""
    encoded = json.dumps(form, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def _time(value: datetime) -> str:
    return value.isoformat(timespec="microseconds")


def revision_form(session: Session, revision: Revision) -> dict[str, Any]:
    """The canonical form of a revision, read from the database."""
    members = session.execute(
        select(RevisionParagraph.position, ParagraphVersion.id, ParagraphVersion.paragraph_id,
               ParagraphVersion.text_sha256)
        .join(ParagraphVersion, RevisionParagraph.version_id == ParagraphVersion.id)
        .where(RevisionParagraph.revision_id == revision.id)
        .order_by(RevisionParagraph.position)
    ).all()
    derivations = session.execute(
        select(Derivation.source_id, Derivation.target_id, Derivation.kind, Derivation.similarity)
        .join(ParagraphVersion, Derivation.target_id == ParagraphVersion.id)
        .where(ParagraphVersion.revision_id == revision.id)
        .order_by(Derivation.target_id, Derivation.source_id)
    ).all()
    form: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "parent": revision.parent.hash if revision.parent else None,
        "document": revision.document_id,
        "number": revision.number,
        "author": revision.author_id,
        "activity": revision.activity,
        "message": revision.message,
        "title": revision.title,
        "caption": revision.caption,
        "time": _time(revision.created_at),
        "paragraphs": [
            {"position": pos, "version": vid, "paragraph": pid, "text": sha}
            for pos, vid, pid, sha in members
        ],
        "derivations": [
            {"source": s, "target": t, "kind": k, "similarity": sim}
            for s, t, k, sim in derivations
        ],
    }
    if revision.source_time is not None or revision.source_version is not None:
        form["format"] = SOURCE_FORMAT_VERSION
        form["source_time"] = _time(revision.source_time) if revision.source_time else None
        form["source_version"] = revision.source_version
    return form


def credit_set_form(session: Session, credit_set: CreditSet) -> dict[str, Any]:
    """The canonical form of a credit set, read from the database."""
    parent = session.get(CreditSet, credit_set.parent_id) if credit_set.parent_id else None
    return {
        "format": FORMAT_VERSION,
        "parent": parent.hash if parent else None,
        "story": credit_set.story_id,
        "number": credit_set.number,
        "author": credit_set.author_id,
        "message": credit_set.message,
        "credit_line": credit_set.credit_line,
        "time": _time(credit_set.created_at),
        "credits": [
            {"position": c.position, "person": c.person_id, "role": c.role, "desk": c.desk_id,
             "location": c.location}
            for c in credit_set.credits
        ],
    }


def merge_form(session: Session, merge: PersonMerge) -> dict[str, Any]:
    """The canonical form of a merge, read from the database: what its hash covers."""
    parent = session.get(PersonMerge, merge.parent_id) if merge.parent_id else None
    return {
        "format": FORMAT_VERSION,
        "parent": parent.hash if parent else None,
        "number": merge.number,
        "merged": merge.merged_id,
        "survivor": merge.survivor_id,
        "author": merge.author_id,
        "time": _time(merge.created_at),
    }


def event_form(session: Session, event: StoryEvent) -> dict[str, Any]:
    """The canonical form of a story's workflow event: what its hash covers."""
    parent = session.get(StoryEvent, event.parent_id) if event.parent_id else None
    return {
        "format": SOURCE_FORMAT_VERSION,
        "parent": parent.hash if parent else None,
        "story": event.story_id,
        "number": event.number,
        "action": event.action,
        "state": event.state,
        "author": event.author_id,
        "comment": event.comment,
        "source_time": _time(event.source_time),
        "time": _time(event.created_at),
    }


def pending_hash() -> str:
    """A unique stand-in for a row's hash until the ids its canonical form needs are assigned.

    It never reaches a commit: the writer replaces it in the same transaction.
    """
    return secrets.token_hex(32)
