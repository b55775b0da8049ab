"""Canonical forms and hashes that make the stored history tamper-evident.

Each revision, credit set, person merge, name event and workflow event carries the SHA-256 of a
canonical JSON form of its parent's hash and its own content and metadata, so altering any stored
record breaks the chain from there on. Each record also states the version of the canonical form
it was hashed with (``form_version``), and its hash is always recomputed with that version: a
record keeps verifying after the form grows.

To hash a new field: read it in the kind's ``*_fields`` function below (for revisions, credit sets
and events, in ``*_fields_of``, which verify.py's batch reader also calls with the columns its
query selects: add the column there too), then add a version to the kind's ``Forms`` whose
``fields`` include it (the new version becomes the one writers use). Records of older versions
are recomputed without the field, and verify reports one of them that holds a value in it (their
hash cannot vouch for it). docs/model.md ("The hashes") lists every version.
"""

import hashlib
import json
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.errors import ProvenanceError
from provenance.models import (
    CreditSet,
    Derivation,
    NameEvent,
    ParagraphVersion,
    PersonMerge,
    Revision,
    RevisionParagraph,
    StoryEvent,
)


class UnknownFormVersion(ProvenanceError):
    """A record states a canonical-form version this provenance does not know."""


@dataclass(frozen=True)
class FormVersion:
    """One version of a kind of record's canonical form: which fields its hash covers.

    ``label`` is the number the form itself states under ``"format"``; it equals the version except
    where history made it otherwise (see CREDIT_SETS).
    """

    fields: tuple[str, ...]
    label: int


@dataclass(frozen=True)
class Forms:
    """Every canonical-form version of one kind of hashed record, oldest first."""

    kind: str
    versions: dict[int, FormVersion]

    @property
    def current(self) -> int:
        """The version writers hash new records with: the newest."""
        return max(self.versions)

    def version(self, number: int) -> FormVersion:
        """The form version called number; UnknownFormVersion if there is none."""
        if number not in self.versions:
            raise UnknownFormVersion(f"{self.kind} canonical-form version {number} is not one this "
                                     f"provenance knows (1 to {self.current}): upgrade provenance")
        return self.versions[number]

    def form(self, number: int, fields: dict[str, Any]) -> dict[str, Any]:
        """The canonical form of version number, made from every field a record has."""
        version = self.version(number)
        return {"format": version.label, "parent": fields["parent"],
                **{name: fields[name] for name in version.fields}}

    def outside(self, number: int, fields: dict[str, Any]) -> list[str]:
        """The fields holding a value that version number does not cover (its hash cannot vouch)."""
        covered = self.version(number).fields
        return [name for name, value in fields.items()
                if name not in covered and name != "parent" and value not in (None, [], {})]


_REVISION_V1 = ("document", "number", "author", "activity", "message", "title", "caption", "time",
                "paragraphs", "derivations")
# Version 3 adds when the revision was made in its source system (a CMS, `revise --at`) and that
# system's own id for it.
REVISIONS = Forms("revision", {
    1: FormVersion(_REVISION_V1, 1),
    2: FormVersion((*_REVISION_V1, "names"), 2),  # the name chain's head when it was written
    3: FormVersion((*_REVISION_V1, "names", "source_time", "source_version"), 3),
})

_CREDIT_SET_V1 = ("story", "number", "author", "message", "time", "credits")
# Version 2 added the credit line as published; the code that wrote it still stated format 1, so
# its label stays 1 (the version column, not the label, tells the two apart).
CREDIT_SETS = Forms("credit set", {
    1: FormVersion(_CREDIT_SET_V1, 1),
    2: FormVersion((*_CREDIT_SET_V1, "credit_line"), 1),
    3: FormVersion((*_CREDIT_SET_V1, "credit_line", "names"), 3),
})

MERGES = Forms("person merge", {
    1: FormVersion(("number", "merged", "survivor", "author", "time"), 1),
})

# A story's workflow events (publish, retract, …) in one chain per story.
EVENTS = Forms("event", {
    1: FormVersion(("story", "number", "action", "state", "author", "comment", "source_time",
                    "time"), 1),
})

NAME_EVENTS = Forms("name event", {
    1: FormVersion(("number", "kind", "person", "desk", "name", "author", "time"), 1),
})


def canonical_hash(form: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON encoding of form (sorted keys, no spaces, UTF-8)."""
    encoded = json.dumps(form, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def _time(value: datetime) -> str:
    return value.isoformat(timespec="microseconds")


def _names(session: Session, names_id: int | None) -> str | None:
    """The hash of the name event a record committed to (None if it names none, or it is gone)."""
    event = session.get(NameEvent, names_id) if names_id is not None else None
    return event.hash if event is not None else None


def revision_fields(session: Session, revision: Revision) -> dict[str, Any]:
    """Every field of a revision any form version may cover, read from the database."""
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
    return revision_fields_of(
        revision, parent=revision.parent.hash if revision.parent else None,
        members=members, derivations=derivations,
        names=_names(session, revision.names_id))


def revision_fields_of(
    revision: Revision, *, parent: str | None,
    members: Sequence[tuple[int, int, int, str]],
    derivations: Sequence[tuple[int, int, str, float | None]],
    names: str | None,
) -> dict[str, Any]:
    """Every field of a revision any form version may cover, from values in hand: its parent's
    hash, its members as (position, version id, paragraph id, text hash), its derivations as
    (source id, target id, kind, similarity) and the hash of the name event it names."""
    return {
        "parent": parent,
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
            for pos, vid, pid, sha in sorted(members)
        ],
        "derivations": [
            {"source": s, "target": t, "kind": k, "similarity": sim}
            for s, t, k, sim in sorted(derivations, key=lambda d: (d[1], d[0]))
        ],
        "source_time": _time(revision.source_time) if revision.source_time else None,
        "source_version": revision.source_version,
        "names": names,
    }


def credit_set_fields(session: Session, credit_set: CreditSet) -> dict[str, Any]:
    """Every field of a credit set any form version may cover, read from the database."""
    parent = session.get(CreditSet, credit_set.parent_id) if credit_set.parent_id else None
    return credit_set_fields_of(credit_set, parent.hash if parent else None, credit_set.credits,
                                _names(session, credit_set.names_id))


def credit_set_fields_of(credit_set: Any, parent: str | None, credits: Iterable[Any],
                         names: str | None) -> dict[str, Any]:
    """Every field of a credit set (a CreditSet or a row with its columns), from what was read
    with it: its parent's hash, its credits (Credit or rows) by position, and the hash of the
    name event it names."""
    return {
        "parent": parent,
        "story": credit_set.story_id,
        "number": credit_set.number,
        "author": credit_set.author_id,
        "message": credit_set.message,
        "credit_line": credit_set.credit_line,
        "time": _time(credit_set.created_at),
        "credits": [
            {"position": c.position, "person": c.person_id, "role": c.role, "desk": c.desk_id,
             "location": c.location}
            for c in credits
        ],
        "names": names,
    }


def merge_fields(session: Session, merge: PersonMerge) -> dict[str, Any]:
    """Every field of a person merge any form version may cover, read from the database."""
    parent = session.get(PersonMerge, merge.parent_id) if merge.parent_id else None
    return {
        "parent": parent.hash if parent else None,
        "number": merge.number,
        "merged": merge.merged_id,
        "survivor": merge.survivor_id,
        "author": merge.author_id,
        "time": _time(merge.created_at),
    }


def name_event_fields(session: Session, event: NameEvent) -> dict[str, Any]:
    """Every field of a name event any form version may cover, read from the database."""
    parent = session.get(NameEvent, event.parent_id) if event.parent_id else None
    return {
        "parent": parent.hash if parent else None,
        "number": event.number,
        "kind": event.kind,
        "person": event.person_id,
        "desk": event.desk_id,
        "name": event.name,
        "author": event.author_id,
        "time": _time(event.created_at),
    }


def revision_form(session: Session, revision: Revision) -> dict[str, Any]:
    """The canonical form of a revision, in the version it states."""
    return REVISIONS.form(revision.form_version, revision_fields(session, revision))


def credit_set_form(session: Session, credit_set: CreditSet) -> dict[str, Any]:
    """The canonical form of a credit set, in the version it states."""
    return CREDIT_SETS.form(credit_set.form_version, credit_set_fields(session, credit_set))


def merge_form(session: Session, merge: PersonMerge) -> dict[str, Any]:
    """The canonical form of a merge, in the version it states: what its hash covers."""
    return MERGES.form(merge.form_version, merge_fields(session, merge))


def event_fields(session: Session, event: StoryEvent) -> dict[str, Any]:
    """Every field of a workflow event any form version may cover, read from the database."""
    parent = session.get(StoryEvent, event.parent_id) if event.parent_id else None
    return event_fields_of(event, parent.hash if parent else None)


def event_fields_of(event: Any, parent: str | None) -> dict[str, Any]:
    """Every field of a workflow event (a StoryEvent or a row with its columns) and its parent's hash."""
    return {
        "parent": parent,
        "story": event.story_id,
        "number": event.number,
        "action": event.action,
        "state": event.state,
        "author": event.author_id,
        "comment": event.comment,
        "source_time": _time(event.source_time),
        "time": _time(event.created_at),
    }


def event_form(session: Session, event: StoryEvent) -> dict[str, Any]:
    """The canonical form of a workflow event, in the version it states."""
    return EVENTS.form(event.form_version, event_fields(session, event))


def name_event_form(session: Session, event: NameEvent) -> dict[str, Any]:
    """The canonical form of a name event, in the version it states."""
    return NAME_EVENTS.form(event.form_version, name_event_fields(session, event))


def pending_hash() -> str:
    """A unique stand-in for a row's hash until the ids its canonical form needs are assigned.

    It never reaches a commit: the writer replaces it in the same transaction.
    """
    return secrets.token_hex(32)
