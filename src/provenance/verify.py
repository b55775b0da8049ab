"""Verifying the stored history: recompute every hash, follow every link, report what disagrees.

Each problem is a Finding with a stable code. Integrity codes (severity ``error``):

- ``text-altered``: a text's body no longer hashes to the SHA-256 it is stored under; the finding
  names every revision and position that shows it.
- ``text-missing``: a paragraph version points at a text that is not stored.
- ``revision-missing``: a document's revision numbers have a gap, or paragraph versions were made
  by a revision that no longer exists.
- ``revision-altered``: a revision no longer hashes to its stored hash and no narrower code below
  explains it: its author, activity, time, message, title, caption or paragraphs changed (the
  finding says which field when the hash confirms it).
- ``paragraphs-reordered``: the hash is restored by moving one paragraph back or swapping two.
- ``derivation-altered``: the hash is restored by giving one derivation back another source or
  kind, or a derivation names a source it cannot have (not in the parent revision for an edit,
  move, split or merge; not in another document of the story for a translation).
- ``version-reassigned``: a paragraph version claims to have been made by a revision that is not
  the first of its document to show it.
- ``credit-set-missing``: a story's credit set numbers have a gap.
- ``credit-altered``: a credit set no longer hashes to its stored hash: a credit's person, role,
  desk, location or position, or the set's author, message or time changed (named when the hash
  confirms which).
- ``merge-missing``, ``merge-altered``: the same for the chain of person merges.
- ``chain-broken``: a revision's, credit set's or merge's parent link is not the record numbered
  one before it.
- ``hash-altered``: a stored hash was overwritten: the record itself is intact, and its child's
  hash was computed over the record's true hash.
- ``attribution-altered``: a paragraph version's stored word attribution is not what its text and
  derivations give (recomputed as the writer made it), or is not well-formed runs for its text.
- ``person-altered``, ``alias-altered``, ``desk-altered``, ``name-missing``: a name stored now is
  not what the name chain says (changed in place, added or removed behind the ledger's back), a
  name event no longer hashes, or the chain has a gap.
- ``form-unknown``: a record states a canonical-form version this provenance does not know (it
  was written by a newer provenance, or the version was overwritten), so its hash is not checked.

Each record is recomputed with the canonical-form version it states (integrity.py). A record that
holds a value in a field its version does not cover gets its kind's ``*-altered`` code, and so does
one whose hash another version restores (its stated version was changed).

Signatures are not this module's business: signing.py checks them on top of this verification
(``signature-invalid``, ``history-rewritten``, ``unsigned-by-key``, ``signature-stale``).

How the narrow codes are found: a hash mismatch says that something it covers changed, not what.
Where one alteration can be undone by trying the few values it could have had (every way to move
one paragraph back or swap two, every other source version of the story or kind for each
derivation, every other person or activity), the candidate whose canonical form hashes to the
stored hash is, with SHA-256's certainty, the change. Otherwise a narrower code is given only where
the structure rules the record out (a derivation the writer could not have made); a change that
cannot be undone this way (a new time or message, or two changes at once) gets the broad code. A
missing parent's hash is gone, so a record after a gap is not hashed. Nothing is written.
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from provenance.errors import NotFound
from provenance.findings import Finding
from provenance.integrity import (
    CREDIT_SETS,
    EVENTS,
    MERGES,
    NAME_EVENTS,
    REVISIONS,
    Forms,
    UnknownFormVersion,
    canonical_hash,
    credit_set_fields_of,
    event_fields_of,
    merge_fields,
    name_event_fields,
    revision_fields_of,
)
from provenance.models import (
    DERIVATION_KINDS,
    Credit,
    CreditSet,
    Derivation,
    Desk,
    Document,
    NameEvent,
    Paragraph,
    ParagraphVersion,
    Person,
    PersonAlias,
    PersonMerge,
    Revision,
    RevisionParagraph,
    Signature,
    Story,
    StoryEvent,
    TextBlob,
)
from provenance.roles import ACTIVITIES, ROLES
from provenance.text.attribution import attribution_for
from provenance.text.normalize import text_hash

Form = dict[str, Any]


@dataclass(frozen=True)
class Report:
    """What was verified, and every problem found."""

    story: str | None
    revisions: int
    credit_sets: int
    texts: int
    merges: int
    names: int  # events of the name chain
    signatures: int  # checked by signing.verify_signed; 0 when only the history was verified
    findings: list[Finding]

    @property
    def failed(self) -> bool:
        """Whether any finding is an error (a warning, such as a stale signature, is not)."""
        return any(f.severity == "error" for f in self.findings)

    def fails(self, strict: bool = False) -> bool:
        """Whether verification failed: on any error, and with strict on any warning too."""
        return self.failed or (strict and any(f.severity == "warning" for f in self.findings))


R = TypeVar("R", Revision, CreditSet, PersonMerge, NameEvent, StoryEvent)  # the records chained by hashes


@dataclass(frozen=True)
class _Chain(Generic[R]):
    """The records of one hash chain, their canonical forms, and how to report on them."""

    records: Sequence[R]
    forms: Forms
    fields_of: Callable[[R], Form]
    where: dict[str, Any]
    missing: str
    altered: str
    noun: str


def _reorderings(items: list[Form], noun: str = "item") -> Iterator[tuple[str, list[Form]]]:
    """Every list items could have been before one item moved or two swapped, renumbered from 1."""
    def renumbered(seq: list[Form]) -> list[Form]:
        return [{**item, "position": k} for k, item in enumerate(seq, start=1)]

    positions = [item["position"] for item in items]
    if positions != list(range(1, len(items) + 1)):
        yield f"positions were renumbered ({', '.join(map(str, positions))})", renumbered(items)
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            swapped = list(items)
            swapped[i], swapped[j] = items[j], items[i]
            yield f"positions {positions[i]} and {positions[j]} were swapped", renumbered(swapped)
    for i in range(len(items)):
        rest = items[:i] + items[i + 1:]
        for j in range(len(items)):
            if abs(i - j) > 1:  # a move by one place is a swap, tried above
                yield (f"the {noun} now at position {positions[i]} was at position {j + 1}",
                       renumbered([*rest[:j], items[i], *rest[j:]]))


def _one_change(items: list[Form], tries: Sequence[tuple[str, Iterable[Any]]]
                ) -> Iterator[tuple[Form, str, Any, list[Form]]]:
    """Every list items could have been before one field of one item changed: (item, field,
    the value tried, the list with it)."""
    for k, item in enumerate(items):
        for key, values in tries:
            for value in values:
                if value != item[key]:
                    yield item, key, value, [*items[:k], {**item, key: value}, *items[k + 1:]]


def _name(names: dict[Any, str], value: Any) -> str:
    return "none" if value is None else names.get(value, str(value))


def _check_chain(chain: _Chain[R], diagnose: Callable[[R, Form], Finding | None]) -> list[Finding]:
    """Gaps, parent links and hashes of one chain; diagnose explains a hash that does not match."""
    findings = []
    by_number = {r.number: r for r in chain.records}
    for n in range(1, max(by_number, default=0) + 1):
        if n not in by_number:
            after = f"; the hash of {chain.noun} {n + 1} covers its hash, so it cannot be checked" \
                if n + 1 in by_number else ""
            findings.append(Finding.of(chain.missing, f"{chain.noun} {n} is missing{after}",
                                       number=n, **chain.where))
    fields: dict[int, Form] = {}
    forms: dict[int, Form] = {}
    recomputed: dict[int, str] = {}
    for record in chain.records:
        parent = by_number.get(record.number - 1)
        if record.number > 1 and parent is None:
            continue  # its hash covers the missing parent's, which is gone
        if record.parent_id != (parent.id if parent else None):
            wrong = (f"does not point to {chain.noun} {record.number - 1}" if parent
                     else "points somewhere; the first has no parent")
            findings.append(Finding.of("chain-broken", f"the parent link of {chain.noun} {record.number} "
                                       f"{wrong}", number=record.number, **chain.where))
        # Hash over the parent the chain requires, whatever the stored link says.
        fields[record.id] = {**chain.fields_of(record), "parent": parent.hash if parent else None}
        try:
            forms[record.id] = chain.forms.form(record.form_version, fields[record.id])
        except UnknownFormVersion as exc:
            findings.append(Finding.of("form-unknown", f"{chain.noun} {record.number}: {exc}",
                                       number=record.number, **chain.where))
            continue
        recomputed[record.id] = canonical_hash(forms[record.id])
        outside = chain.forms.outside(record.form_version, fields[record.id])
        if outside and recomputed[record.id] == record.hash:
            findings.append(Finding.of(
                chain.altered, f"{chain.noun} {record.number} holds {', '.join(outside)}, which its "
                f"canonical-form version {record.form_version} does not cover: added after it was "
                "hashed", number=record.number, evidence={"fields": outside}, **chain.where))
    overwritten = set()
    for record in chain.records:
        if record.id in recomputed and recomputed[record.id] != record.hash:
            child = by_number.get(record.number + 1)
            if child is not None and child.id in forms and canonical_hash(
                    {**forms[child.id], "parent": recomputed[record.id]}) == child.hash:
                overwritten.add(record.id)
                findings.append(Finding.of(
                    "hash-altered", f"the stored hash of {chain.noun} {record.number} was overwritten; "
                    f"the record and {chain.noun} {child.number}'s link to it agree on the original",
                    number=record.number, evidence={"stored": record.hash, "original": recomputed[record.id]},
                    **chain.where))
    for record in chain.records:
        if record.id not in recomputed or recomputed[record.id] == record.hash \
                or record.id in overwritten:
            continue
        parent = by_number.get(record.number - 1)
        if parent is not None and parent.id in overwritten:
            continue  # its own hash was computed over the parent's original hash, checked above
        finding = _other_version(chain, record, fields[record.id]) or diagnose(record, forms[record.id])
        if finding is not None:
            findings.append(finding)
    return findings


def _other_version(chain: _Chain[R], record: R, fields: Form) -> Finding | None:
    """The finding for a record whose stated form version was changed: another version restores
    its hash."""
    for number in chain.forms.versions:
        if number != record.form_version and canonical_hash(chain.forms.form(number, fields)) == record.hash:
            return Finding.of(chain.altered, f"the canonical-form version of {chain.noun} {record.number} "
                              f"was changed to {record.form_version} from {number}",
                              number=record.number, evidence={"field": "form_version", "original": number},
                              **chain.where)
    return None


def _derivation_key(d: Form) -> tuple[int, int]:
    return d["target"], d["source"]


# Stories whose rows are read together: verify's memory grows with this, not with the archive.
BATCH = 100
_CHUNK = 500  # values bound in one IN (...) list


def _chunks(values: Iterable[Any]) -> Iterator[list[Any]]:
    items = list(values)
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


def _grouped(rows: Iterable[Any], key: str) -> dict[Any, list[Any]]:
    groups: dict[Any, list[Any]] = {}
    for row in rows:
        groups.setdefault(getattr(row, key), []).append(row)
    return groups


_VERSION_COLUMNS = (ParagraphVersion.id, ParagraphVersion.paragraph_id, ParagraphVersion.revision_id,
                    ParagraphVersion.text_sha256, ParagraphVersion.attribution)
_DERIVATION_COLUMNS = (Derivation.source_id, Derivation.target_id, Derivation.kind, Derivation.similarity)


class _Batch:
    """Every row the checks of a batch of stories read, fetched with a dozen queries for them all.

    Rows, not mapped objects: nothing stays in the session once the batch is checked.
    """

    def __init__(self, session: Session, story_ids: list[int]) -> None:
        in_batch = Document.story_id.in_(story_ids)
        execute = session.connection().execute  # Core rows: none of the ORM's loading machinery
        self.documents = _grouped(execute(
            select(Document.id, Document.story_id, Document.language).where(in_batch)
            .order_by(Document.id)), "story_id")
        self.revisions = _grouped(execute(
            select(Revision.id, Revision.document_id, Revision.number, Revision.parent_id, Revision.hash,
                   Revision.form_version, Revision.author_id, Revision.activity, Revision.message,
                   Revision.title, Revision.caption, Revision.created_at, Revision.source_time,
                   Revision.source_version, NameEvent.hash.label("names"))
            .join(Document, Document.id == Revision.document_id)
            .outerjoin(NameEvent, NameEvent.id == Revision.names_id)
            .where(in_batch).order_by(Revision.document_id, Revision.number)), "document_id")
        # (revision, position, version) of every revision, by revision and position.
        self.listed: dict[int, list[tuple[int, int, int]]] = {}
        for revision_id, position, version_id, story_id in execute(
                select(RevisionParagraph.revision_id, RevisionParagraph.position,
                       RevisionParagraph.version_id, Document.story_id)
                .join(Revision, Revision.id == RevisionParagraph.revision_id)
                .join(Document, Document.id == Revision.document_id)
                .where(in_batch).order_by(RevisionParagraph.revision_id, RevisionParagraph.position)):
            self.listed.setdefault(story_id, []).append((revision_id, position, version_id))
        self.document_of: dict[int, dict[int, int]] = {}
        for paragraph_id, document_id, story_id in execute(
                select(Paragraph.id, Paragraph.document_id, Document.story_id)
                .join(Document, Document.id == Paragraph.document_id).where(in_batch)):
            self.document_of.setdefault(story_id, {})[paragraph_id] = document_id
        own = execute(select(*_VERSION_COLUMNS, Document.story_id)
                      .join(Paragraph, Paragraph.id == ParagraphVersion.paragraph_id)
                      .join(Document, Document.id == Paragraph.document_id).where(in_batch)).all()
        self.own = {story: [row.id for row in rows] for story, rows in _grouped(own, "story_id").items()}
        self.versions: dict[int, Any] = {row.id: row for row in own}
        # Versions a revision lists from outside its story (a forger's doing) are read by id.
        elsewhere = {v for rows in self.listed.values() for _, _, v in rows} - self.versions.keys()
        for ids in _chunks(elsewhere):
            self.versions.update((row.id, row) for row in execute(
                select(*_VERSION_COLUMNS).where(ParagraphVersion.id.in_(ids))))
        derivations: list[Any] = list(execute(
            select(*_DERIVATION_COLUMNS)
            .join(ParagraphVersion, ParagraphVersion.id == Derivation.target_id)
            .join(Paragraph, Paragraph.id == ParagraphVersion.paragraph_id)
            .join(Document, Document.id == Paragraph.document_id).where(in_batch)))
        for ids in _chunks(self.versions.keys() - {row.id for row in own}):
            derivations += execute(select(*_DERIVATION_COLUMNS).where(Derivation.target_id.in_(ids))).all()
        self.derivations = _grouped(derivations, "target_id")
        # The derivations a revision's hash covers: those of every version that says it made it.
        self.claimed: dict[int, list[tuple[int, int, str, float | None]]] = {}
        for source, target, kind, similarity, revision_id in execute(
                select(*_DERIVATION_COLUMNS, ParagraphVersion.revision_id)
                .join(ParagraphVersion, ParagraphVersion.id == Derivation.target_id)
                .join(Revision, Revision.id == ParagraphVersion.revision_id)
                .join(Document, Document.id == Revision.document_id).where(in_batch)
                .order_by(Derivation.target_id, Derivation.source_id)):
            self.claimed.setdefault(revision_id, []).append((source, target, kind, similarity))
        self.bodies: dict[str, str] = {}
        for shas in _chunks({row.text_sha256 for row in self.versions.values()}):
            self.bodies.update(execute(select(TextBlob.sha256, TextBlob.body)
                                       .where(TextBlob.sha256.in_(shas))).all())
        self.intact = {sha for sha, body in self.bodies.items() if text_hash(body) == sha}
        self.credit_sets = _grouped(execute(
            select(CreditSet.id, CreditSet.story_id, CreditSet.number, CreditSet.parent_id, CreditSet.hash,
                   CreditSet.form_version, CreditSet.author_id, CreditSet.message, CreditSet.credit_line,
                   CreditSet.created_at, NameEvent.hash.label("names"))
            .outerjoin(NameEvent, NameEvent.id == CreditSet.names_id)
            .where(CreditSet.story_id.in_(story_ids)).order_by(CreditSet.story_id, CreditSet.number)),
            "story_id")
        self.credits = _grouped(execute(
            select(Credit.credit_set_id, Credit.position, Credit.person_id, Credit.role, Credit.desk_id,
                   Credit.location)
            .join(CreditSet, CreditSet.id == Credit.credit_set_id)
            .where(CreditSet.story_id.in_(story_ids)).order_by(Credit.credit_set_id, Credit.position)),
            "credit_set_id")
        self.events = _grouped(execute(
            select(StoryEvent.id, StoryEvent.story_id, StoryEvent.number, StoryEvent.parent_id,
                   StoryEvent.hash, StoryEvent.form_version, StoryEvent.action, StoryEvent.state,
                   StoryEvent.author_id, StoryEvent.comment, StoryEvent.source_time,
                   StoryEvent.created_at)
            .where(StoryEvent.story_id.in_(story_ids)).order_by(StoryEvent.story_id, StoryEvent.number)),
            "story_id")


class _StoryCheck:
    """The checks of one story: its texts' uses, its versions, and its revision and credit chains."""

    def __init__(self, session: Session, story_id: int, slug: str, batch: _Batch,
                 people: dict[int, str], desks: dict[int, str]) -> None:
        self.session, self.slug, self.batch, self.people, self.desks = session, slug, batch, people, desks
        documents = batch.documents.get(story_id, [])
        self.language: dict[int, str] = {d.id: d.language for d in documents}
        self.revisions = [r for d in documents for r in batch.revisions.get(d.id, [])]
        self.by_id = {r.id: r for r in self.revisions}
        self.credit_sets = batch.credit_sets.get(story_id, [])
        self.events = batch.events.get(story_id, [])
        self.listed = batch.listed.get(story_id, [])
        self.document_of = batch.document_of.get(story_id, {})
        ids = set(batch.own.get(story_id, [])) | {v for _, _, v in self.listed if v in batch.versions}
        self.versions = {v: batch.versions[v] for v in sorted(ids)}
        self.derivations = [d for v in self.versions for d in batch.derivations.get(v, [])]
        # The revision that made a version is the first of its document to show it.
        self.maker: dict[int, Any] = {}
        self.members: dict[int, list[tuple[int, int]]] = {}  # revision → (position, version)
        for revision_id, position, version_id in self.listed:
            self.members.setdefault(revision_id, []).append((position, version_id))
        for revision_id, _, version_id in sorted(self.listed, key=lambda row: self.by_id[row[0]].number):
            revision = self.by_id[revision_id]
            version = self.versions.get(version_id)
            if version is not None and self.document_of.get(version.paragraph_id) == revision.document_id:
                self.maker.setdefault(version_id, revision)

    def _revision_fields(self, revision: Any) -> Form:
        versions = self.batch.versions
        members = [(position, v, versions[v].paragraph_id, versions[v].text_sha256)
                   for position, v in self.members.get(revision.id, []) if v in versions]
        return revision_fields_of(revision, parent=None, members=members,
                                  derivations=self.batch.claimed.get(revision.id, []), names=revision.names)

    def _where(self, revision: Any) -> dict[str, Any]:
        return {"story": self.slug, "language": self.language[revision.document_id],
                "record": "revision", "number": revision.number}

    def texts(self) -> set[str]:
        """The hashes of the texts the story's versions name."""
        return {v.text_sha256 for v in self.versions.values()}

    def text_uses(self, shas: set[str]) -> dict[str, list[dict[str, Any]]]:
        """For each of these text hashes, the revisions and positions that show it."""
        uses: dict[str, list[dict[str, Any]]] = {sha: [] for sha in shas}
        if not uses:
            return uses
        for revision_id, position, version_id in sorted(self.listed, key=lambda row: (
                self.language[self.by_id[row[0]].document_id], self.by_id[row[0]].number, row[1])):
            revision = self.by_id[revision_id]
            version = self.versions.get(version_id)
            if version is not None and version.text_sha256 in uses:
                uses[version.text_sha256].append(
                    {"story": self.slug, "language": self.language[revision.document_id],
                     "revision": revision.number, "position": position})
        return uses

    def version_findings(self) -> list[Finding]:
        """Versions made by a revision that is gone, or that is not the first to show them."""
        findings: list[Finding] = []
        gone: dict[int, list[int]] = {}
        for version in self.versions.values():
            if version.paragraph_id not in self.document_of:
                continue
            made_by = self.by_id.get(version.revision_id)
            if made_by is None and self.session.scalar(
                    select(Revision.id).where(Revision.id == version.revision_id)) is None:
                gone.setdefault(self.document_of[version.paragraph_id], []).append(version.id)
            elif version.id in self.maker and made_by is not self.maker[version.id]:
                first = self.maker[version.id]
                claimed = f"revision {made_by.number}" if made_by else f"revision id {version.revision_id}"
                findings.append(Finding.of(
                    "version-reassigned", f"paragraph version {version.id} says {claimed} made it, "
                    f"but revision {first.number} is the first to show it",
                    evidence={"version": version.id}, **self._where(first)))
        for document_id, versions in gone.items():
            numbers = [r.number for r in self.revisions if r.document_id == document_id]
            if numbers != list(range(1, len(numbers) + 1)):
                continue  # the gap in the numbers is reported already
            findings.append(Finding.of(
                "revision-missing", f"a revision after revision {max(numbers, default=0)} is missing: "
                f"it made paragraph versions {', '.join(map(str, sorted(versions)))}",
                story=self.slug, language=self.language[document_id], record="revision",
                evidence={"versions": sorted(versions)}))
        return findings

    def revision_findings(self) -> list[Finding]:
        """The chain of each document."""
        findings = []
        for document_id, language in self.language.items():
            chain = _Chain([r for r in self.revisions if r.document_id == document_id], REVISIONS,
                           self._revision_fields,
                           {"story": self.slug, "language": language, "record": "revision"},
                           "revision-missing", "revision-altered", "revision")
            findings += _check_chain(chain, self._diagnose_revision)
        return findings

    def _diagnose_revision(self, revision: Any, form: Form) -> Finding | None:
        where = self._where(revision)

        def restores(**changes: Any) -> bool:
            return bool(canonical_hash({**form, **changes}) == revision.hash)

        made_here = sorted(({"source": s, "target": t, "kind": k, "similarity": sim}
                            for s, t, k, sim in self.derivations
                            if self.maker.get(t) is revision), key=_derivation_key)
        if made_here != form["derivations"] and restores(derivations=made_here):
            return None  # explained by a version-reassigned finding
        for change, paragraphs in _reorderings(form["paragraphs"], "paragraph"):
            if restores(paragraphs=paragraphs):
                return Finding.of("paragraphs-reordered", f"paragraphs reordered: {change}", **where)
        sources_and_kinds = (("source", self.versions), ("kind", DERIVATION_KINDS))
        for d, key, value, changed in _one_change(form["derivations"], sources_and_kinds):
            if restores(derivations=sorted(changed, key=_derivation_key)):
                return Finding.of("derivation-altered", f"the {d['kind']} derivation of paragraph version "
                                  f"{d['target']} has {key} {d[key]}; it was {value}",
                                  evidence={"target": d["target"], key: d[key], "original": value}, **where)
        for _, key, value, [changed_form] in _one_change(
                [form], (("author", [*self.people, None]), ("activity", [*ACTIVITIES, None]))):
            if canonical_hash(changed_form) == revision.hash:
                now, was = (_name(self.people if key == "author" else {}, v) for v in (form[key], value))
                return Finding.of("revision-altered", f"the {key} was changed to {now} from {was}",
                                  evidence={"field": key, "original": was}, **where)
        impossible = self._impossible_sources(revision)
        if impossible:
            return Finding.of("derivation-altered", "derivations name sources they cannot have: "
                              + "; ".join(impossible), **where)
        return Finding.of("revision-altered", "the revision no longer hashes to its stored hash: its "
                          "time, message, title, caption or paragraphs were changed", **where)

    def _impossible_sources(self, revision: Any) -> list[str]:
        parent = next((r for r in self.revisions if r.document_id == revision.document_id
                       and r.number == revision.number - 1), None)
        in_parent = {v for r, _, v in self.listed if parent is not None and r == parent.id}
        problems = []
        for source, target, kind, _ in self.derivations:
            if target not in self.maker or self.maker[target] is not revision:
                continue
            version = self.versions.get(source)
            document = self.document_of.get(version.paragraph_id) if version is not None else None
            if kind == "translation" and (document is None or document == revision.document_id):
                problems.append(f"version {target} is a translation of {source}, "
                                "which is not in another document of the story")
            elif kind != "translation" and source not in in_parent:
                problems.append(f"version {target} is a {kind} of {source}, "
                                "which is not in the parent revision")
        return problems

    def attribution_findings(self, findings: list[Finding]) -> list[Finding]:
        """Versions whose stored word attribution is not what their text and derivations give.

        Each version is recomputed as the writer made it (attribution.attribution_for: its
        sources' attributions carried through a word diff, new words to its revision's author),
        from what its sources' attributions should be, so one forged attribution is named once.
        A new version of unchanged words (links corrected) may keep an earlier version's. Versions
        whose revision, text or a source's text is already reported are left to that finding.
        """
        reported = {(f.language, f.number) for f in findings if f.record == "revision"}
        gaps = {f.language for f in findings if f.code == "revision-missing"}
        bodies, intact = self.batch.bodies, self.batch.intact
        position = {(r, v): p for r, p, v in self.listed}
        previous = {(r.document_id, r.number): r for r in self.revisions}
        sources_of: dict[int, list[tuple[int, str]]] = {}
        for source, target, kind, _ in self.derivations:
            sources_of.setdefault(target, []).append((source, kind))
        expected: dict[int, str] = {}
        earlier: dict[tuple[int, str], list[int]] = {}
        found = []
        for vid in sorted(self.versions):
            version, maker = self.versions[vid], self.maker.get(vid)
            sources = sources_of.get(vid, [])
            if maker is None or maker.id != version.revision_id or self.language[maker.document_id] in gaps \
                    or (self.language[maker.document_id], maker.number) in reported \
                    or version.text_sha256 not in intact or any(
                        s not in self.versions or self.versions[s].text_sha256 not in intact
                        for s, _ in sources):
                continue
            parent = previous.get((maker.document_id, maker.number - 1))
            # A merge joins its sources in the order the parent revision showed them.
            sources.sort(key=lambda s: (position.get((parent.id if parent else 0, s[0]), 0), s[0]))
            try:
                recomputed: str | None = attribution_for(
                    bodies[version.text_sha256],
                    [(kind, bodies[self.versions[s].text_sha256],
                      expected.get(s, self.versions[s].attribution)) for s, kind in sources],
                    (maker.number, maker.author_id))
            except ValueError:
                recomputed = None  # a source's attribution does not fit its text: reported there
            stored = version.attribution
            lineage = earlier.setdefault((version.paragraph_id, version.text_sha256), [])
            agrees = stored == recomputed or any(
                expected.get(e, self.versions[e].attribution) == stored for e in lineage)
            lineage.append(vid)
            expected[vid] = stored if agrees or recomputed is None else recomputed
            if not agrees:
                at = position.get((maker.id, vid))
                found.append(Finding.of(
                    "attribution-altered", f"¶{at}: the stored word attribution of paragraph version "
                    f"{vid} is not what its text and derivations give", paragraph=at,
                    evidence={"version": vid, "stored": stored, "recomputed": recomputed},
                    **self._where(maker)))
        return found

    def event_findings(self) -> list[Finding]:
        """The chain of the story's workflow events."""
        chain = _Chain(self.events, EVENTS, lambda e: event_fields_of(e, None),
                       {"story": self.slug, "record": "event"}, "event-missing", "event-altered", "event")
        return _check_chain(chain, lambda e, _: Finding.of(
            "event-altered", f"event {e.number} ({e.action}) no longer hashes to its stored hash",
            story=self.slug, record="event", number=e.number))

    def credit_findings(self) -> list[Finding]:
        """The chain of the story's credit sets."""
        chain = _Chain(self.credit_sets, CREDIT_SETS,
                       lambda s: credit_set_fields_of(s, None, self.batch.credits.get(s.id, []), s.names),
                       {"story": self.slug, "record": "credit set"},
                       "credit-set-missing", "credit-altered", "credit set")
        return _check_chain(chain, self._diagnose_credits)

    def _diagnose_credits(self, credit_set: Any, form: Form) -> Finding:
        where = {"story": self.slug, "record": "credit set", "number": credit_set.number}

        def restores(credits: list[Form]) -> bool:
            return bool(canonical_hash({**form, "credits": credits}) == credit_set.hash)

        for change, credits in _reorderings(form["credits"], "credit"):
            if restores(credits):
                return Finding.of("credit-altered", f"credits reordered: {change}", **where)
        names = {"person": self.people, "desk": self.desks, "role": {}}
        tries = (("person", self.people), ("role", ROLES), ("desk", [*self.desks, None]))
        for credit, key, value, changed in _one_change(form["credits"], tries):
            if restores(changed):
                now, was = (_name(names[key], v) for v in (credit[key], value))
                return Finding.of("credit-altered", f"credit {credit['position']}: the {key} was changed "
                                  f"to {now} from {was}", evidence={"position": credit["position"],
                                                                    "field": key, "original": was}, **where)
        return Finding.of("credit-altered", "the credit set no longer hashes to its stored hash: a "
                          "credit's location, a credit, or the set's author, message or time changed",
                          **where)


def _merge_findings(session: Session) -> tuple[int, list[Finding]]:
    merges = list(session.scalars(select(PersonMerge).order_by(PersonMerge.number)))
    chain = _Chain(merges, MERGES, lambda m: merge_fields(session, m), {"record": "person merge"},
                   "merge-missing", "merge-altered", "person merge")
    return len(merges), _check_chain(chain, lambda m, _: Finding.of(
        "merge-altered", f"person merge {m.number} no longer hashes to its stored hash",
        record="person merge", number=m.number))


_NAME_CODES = {"person": "person-altered", "rename": "person-altered", "alias": "alias-altered",
               "desk": "desk-altered", "desk-rename": "desk-altered"}


def _name_findings(session: Session, people: set[int] | None, desks: set[int] | None
                   ) -> tuple[int, list[Finding]]:
    """The name chain, and the names stored now against what it says.

    With people and desks given (verifying one story), only findings about them are kept, and
    whatever breaks the chain itself.
    """
    events = list(session.scalars(select(NameEvent).order_by(NameEvent.number)))
    where = {"record": "name event"}
    chain = _Chain(events, NAME_EVENTS, lambda e: name_event_fields(session, e), where,
                   "name-missing", "person-altered", "name event")
    findings = _check_chain(chain, lambda e, _: Finding.of(
        _NAME_CODES.get(e.kind, "person-altered"), f"name event {e.number} ({e.kind} {e.name!r}) no "
        "longer hashes to its stored hash", number=e.number, **where))
    # Replay the chain: the names every person and desk should have now.
    name: dict[int, str] = {}
    aliases: dict[str, int] = {}
    desk_name: dict[int, str] = {}
    for e in events:
        if e.kind in ("person", "rename") and e.person_id is not None:
            name[e.person_id] = e.name
            aliases.pop(e.name, None)  # a rename to one of the person's spellings makes it the name
        elif e.kind == "alias" and e.person_id is not None:
            aliases[e.name] = e.person_id
        elif e.desk_id is not None:
            desk_name[e.desk_id] = e.name
    found: list[Finding] = []
    for pid, stored in session.execute(select(Person.id, Person.name)).all():
        if pid not in name:
            found.append(Finding.of("person-altered", f"person {stored!r} is not in the name chain: "
                                    "the record was added behind the ledger's back", record="person",
                                    evidence={"person": pid, "name": stored}))
        elif stored != name[pid]:
            found.append(Finding.of("person-altered", f"person {name[pid]!r} is now called {stored!r}, "
                                    "but no rename was recorded", record="person",
                                    evidence={"person": pid, "name": stored, "recorded": name[pid]}))
    stored_aliases = dict(session.execute(select(PersonAlias.name, PersonAlias.person_id)).all())
    for alias in sorted(set(aliases) | set(stored_aliases)):
        now, recorded = stored_aliases.get(alias), aliases.get(alias)
        if now == recorded:
            continue
        if recorded is None:
            message = f"alias {alias!r} of {name.get(now or 0, now)!r} was never recorded"
        elif now is None:
            message = f"alias {alias!r} recorded for {name.get(recorded, recorded)!r} is gone"
        else:
            message = (f"alias {alias!r} now names {name.get(now, now)!r}; it was recorded for "
                       f"{name.get(recorded, recorded)!r}")
        found.append(Finding.of("alias-altered", message, record="person",
                                evidence={"alias": alias, "person": now, "recorded": recorded}))
    for did, stored in session.execute(select(Desk.id, Desk.name)).all():
        desk_was = desk_name.get(did)
        if desk_was is None:
            message = (f"desk {stored!r} is not in the name chain: the record was added behind the "
                       "ledger's back")
        elif desk_was != stored:
            message = f"desk {desk_was!r} is now called {stored!r}, but no rename was recorded"
        else:
            continue
        found.append(Finding.of("desk-altered", message, record="desk",
                                evidence={"desk": did, "name": stored, "recorded": desk_was}))
    if people is not None and desks is not None:
        found = [f for f in found if f.evidence.get("desk") in desks or f.evidence.get("person") in people
                 or (f.code == "alias-altered" and f.evidence.get("recorded") in people)]
    return len(events), findings + found


def _text_findings(altered: dict[str, list[dict[str, Any]]],
                   missing: dict[str, list[dict[str, Any]]]) -> list[Finding]:
    findings = []
    for sha, shown in sorted(altered.items()):
        places = ", ".join(f"{u['story']} {u['language']} r{u['revision']} ¶{u['position']}"
                           for u in shown) or "no revision"
        findings.append(Finding.of("text-altered", f"no longer hashes to its address; shown in "
                                   f"{places}", record="text",
                                   evidence={"sha256": sha, "shown_in": shown}))
    for sha, shown in sorted(missing.items()):
        findings.append(Finding.of("text-missing", f"not stored, but paragraph versions name it; "
                                   f"shown in {len(shown)} places", record="text",
                                   evidence={"sha256": sha, "shown_in": shown}))
    return findings


def _unnamed_texts(session: Session) -> Iterator[tuple[str, str]]:
    """The stored texts no version of any story names, streamed (every other text is checked with
    the stories that name it)."""
    named = (select(ParagraphVersion.id)
             .join(Paragraph, Paragraph.id == ParagraphVersion.paragraph_id)
             .join(Document, Document.id == Paragraph.document_id)
             .join(Story, Story.id == Document.story_id)
             .where(ParagraphVersion.text_sha256 == TextBlob.sha256))
    unnamed = session.scalars(select(TextBlob.sha256).where(~named.exists()),
                              execution_options={"yield_per": _CHUNK})
    for shas in unnamed.partitions():
        yield from session.execute(select(TextBlob.sha256, TextBlob.body)
                                   .where(TextBlob.sha256.in_(shas)))


def stories_to_verify(session: Session, slug: str | None) -> list[Story]:
    """The story with this slug (NotFound if there is none), or every story by slug."""
    stories = list(session.scalars(
        select(Story).where(Story.slug == slug) if slug else select(Story).order_by(Story.slug)))
    if slug and not stories:
        raise NotFound(f"no story {slug!r} (see `provenance stories`)")
    return stories


def story_batches(session: Session, slug: str | None, size: int = BATCH) -> Iterator[list[tuple[int, str]]]:
    """(id, slug) of the story with this slug, or of every story by slug, size at a time."""
    if slug is not None:
        yield [(story.id, story.slug) for story in stories_to_verify(session, slug)]
        return
    last: str | None = None
    while True:
        query = select(Story.id, Story.slug).order_by(Story.slug).limit(size)
        batch = [(story_id, story_slug) for story_id, story_slug in session.execute(
            query if last is None else query.where(Story.slug > last))]
        if not batch:
            return
        yield batch
        last = batch[-1][1]


def verify_history(session: Session, slug: str | None = None, batch: int = BATCH) -> Report:
    """Verify one story (or every story, every text and the person merges). Reads only.

    Stories are read batch at a time and nothing is kept from one batch to the next but counts and
    findings, so the memory verify needs does not grow with the archive. A text is checked with
    every batch that names it.
    """
    people = dict(session.execute(select(Person.id, Person.name)).all())
    desks = dict(session.execute(select(Desk.id, Desk.name)).all())
    findings: list[Finding] = []
    altered: dict[str, list[dict[str, Any]]] = {}  # text hash → where it is shown
    missing: dict[str, list[dict[str, Any]]] = {}
    revisions = credit_sets = texts = 0
    story_ids: list[int] = []
    for stories in story_batches(session, slug, batch):
        rows = _Batch(session, [story_id for story_id, _ in stories])
        for story_id, story_slug in stories:
            check = _StoryCheck(session, story_id, story_slug, rows, people, desks)
            findings += check.event_findings()
            found = check.revision_findings() + check.version_findings()
            findings += found + check.attribution_findings(found) + check.credit_findings()
            revisions += len(check.revisions)
            credit_sets += len(check.credit_sets)
            named = check.texts()
            texts += len(named & rows.bodies.keys())
            for sha, shown in check.text_uses(named - rows.intact).items():
                (altered if sha in rows.bodies else missing).setdefault(sha, []).extend(shown)
        story_ids += [story_id for story_id, _ in stories] if slug is not None else []
    if slug is None:
        for sha, body in _unnamed_texts(session):
            if text_hash(body) != sha:
                altered[sha] = []
        texts = session.scalar(select(func.count()).select_from(TextBlob)) or 0
    merges, merge_findings = _merge_findings(session) if slug is None else (0, [])
    named_by = _named_by(session, story_ids) if slug is not None else (None, None)
    names, name_findings = _name_findings(session, *named_by)
    return Report(slug, revisions, credit_sets, texts, merges, names, 0,
                  _text_findings(altered, missing) + findings + merge_findings + name_findings)


def _named_by(session: Session, ids: list[int]) -> tuple[set[int], set[int]]:
    """The people (as written and as merges resolve them) and desks the stories name."""
    documents = select(Document.id).where(Document.story_id.in_(ids))
    sets = select(CreditSet.id).where(CreditSet.story_id.in_(ids))
    people = set(session.scalars(select(Revision.author_id).where(Revision.document_id.in_(documents))))
    people |= set(session.scalars(select(CreditSet.author_id).where(CreditSet.story_id.in_(ids))))
    people |= set(session.scalars(select(Credit.person_id).where(Credit.credit_set_id.in_(sets))))
    people |= set(session.scalars(select(Signature.signer_id).where(Signature.story_id.in_(ids))))
    merged_into = dict(session.execute(select(PersonMerge.merged_id, PersonMerge.survivor_id)).all())
    for pid in list(people):
        while pid in merged_into:
            pid = merged_into[pid]
            people.add(pid)
    desks = set(session.scalars(select(Credit.desk_id).where(Credit.credit_set_id.in_(sets))))
    return {p for p in people if p is not None}, {d for d in desks if d is not None}
