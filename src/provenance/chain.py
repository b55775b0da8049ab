"""The translation-chain report: for each paragraph of a translated story, where it came from.

Source-language reporting, translation, rewrite and edits, each with its person, role, time and
changes; an honest ``no-source`` where a paragraph was added in the target language,
``stale`` where the source changed after it was translated, and ``uncertain`` where the link to
its source was found automatically with a low confidence.
"""

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.blame import blame_revision
from provenance.credits import story_credits
from provenance.models import (
    Document,
    ParagraphVersion,
    Revision,
    RevisionParagraph,
    Story,
    TextBlob,
)
from provenance.people import names_now
from provenance.revisions import revision_paragraphs
from provenance.text.word_diff import word_diff
from provenance.translations import Lineage, SourceRef, is_uncertain


@dataclass(frozen=True)
class Step:
    """One thing done to a paragraph: who, in which role, in which revision, and what changed."""

    activity: str | None
    person: str | None
    role: str | None
    revision: int
    language: str
    time: datetime
    text: str
    similarity: float | None = None
    inserted: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ChainParagraph:
    """A paragraph of the latest target revision and its history, oldest step first."""

    position: int
    text: str
    sources: list[SourceRef]
    steps: list[Step]
    flags: list[str]
    added_by: str | None = None
    stale_sources: list[SourceRef] = field(default_factory=list)
    # The confidence of the link to its sources (see translations.Lineage.confidence).
    confidence: float | None = None


@dataclass(frozen=True)
class Chain:
    """The chain report of one document of a story."""

    story: str
    language: str
    revision: int
    reporters: list[str]
    paragraphs: list[ChainParagraph]
    summary: dict[str, object]


# Paragraphs are followed back this many at a time, what they need read in a few queries.
_BATCH = 500


@dataclass(frozen=True)
class _Version:
    revision_id: int
    paragraph_id: int
    text: str


class _Walker:
    """Walks versions back through their derivations. What a batch of paragraphs needs (their
    derivations, versions, texts, positions and their sources' current versions) is read for the
    whole batch at once and forgotten after it; what each version traces back to is remembered."""

    def __init__(self, session: Session, story: Story, roles: dict[str, list[str]]) -> None:
        self.session, self.roles = session, roles
        self.revisions = {r.id: r for r in session.scalars(
            select(Revision).join(Document, Document.id == Revision.document_id)
            .where(Document.story_id == story.id))}
        self.names = names_now(session, {r.author_id for r in self.revisions.values()})
        self.latest: dict[int, Revision] = {}
        for r in self.revisions.values():
            if r.document_id not in self.latest or r.number > self.latest[r.document_id].number:
                self.latest[r.document_id] = r
        self.lineage = Lineage(session)
        self.versions: dict[int, _Version] = {}
        self.positions: dict[tuple[int, int], int] = {}
        self.current: dict[tuple[int, int], int] = {}

    def read(self, version_ids: list[int]) -> None:
        """Read what the chains of these versions need, forgetting the previous batch's."""
        lineage = self.lineage
        lineage.clear()
        for cache in (self.versions, self.positions, self.current):
            cache.clear()
        lineage.prefetch(version_ids)  # every same-language ancestor: the steps show them all
        origins = {o for v in version_ids for o in lineage.origins_of(v)}
        lineage.load(origins)
        self._versions(set(lineage.rows) | {s for o in origins for _, s, _ in lineage.of(o)})
        self._positions(origins)
        for document_id, wanted in self._by_document(origins).items():
            latest = self.latest[document_id]
            for version_id, paragraph_id in self.session.execute(
                    select(RevisionParagraph.version_id, ParagraphVersion.paragraph_id)
                    .join(ParagraphVersion, ParagraphVersion.id == RevisionParagraph.version_id)
                    .where(RevisionParagraph.revision_id == latest.id,
                           ParagraphVersion.paragraph_id.in_(wanted))
                    .order_by(RevisionParagraph.position)):
                self.current.setdefault((latest.id, paragraph_id), version_id)
        currents = set(self.current.values()) - set(self.versions)
        self._versions(currents)
        self._positions(currents)

    def _by_document(self, origins: set[int]) -> dict[int, set[int]]:
        paragraphs: dict[int, set[int]] = {}
        for o in origins:
            version = self.versions[o]
            document_id = self.revisions[version.revision_id].document_id
            paragraphs.setdefault(document_id, set()).add(version.paragraph_id)
        return paragraphs

    def _versions(self, version_ids: Iterable[int]) -> None:
        wanted = sorted(set(version_ids) - set(self.versions))
        for part in _parts(wanted):
            for version_id, revision_id, paragraph_id, text in self.session.execute(
                    select(ParagraphVersion.id, ParagraphVersion.revision_id,
                           ParagraphVersion.paragraph_id, TextBlob.body)
                    .join(TextBlob, TextBlob.sha256 == ParagraphVersion.text_sha256)
                    .where(ParagraphVersion.id.in_(part))):
                self.versions[version_id] = _Version(revision_id, paragraph_id, text)
                if revision_id not in self.revisions:
                    revision = self.session.get_one(Revision, revision_id)
                    self.revisions[revision_id] = revision
                    self.names.update(names_now(self.session, [revision.author_id]))

    def _positions(self, version_ids: Iterable[int]) -> None:
        """Where each version stands in the revision that made it (first place if several)."""
        for part in _parts(sorted(set(version_ids))):
            for revision_id, version_id, position in self.session.execute(
                    select(RevisionParagraph.revision_id, RevisionParagraph.version_id,
                           RevisionParagraph.position)
                    .join(ParagraphVersion, ParagraphVersion.id == RevisionParagraph.version_id)
                    .where(RevisionParagraph.version_id.in_(part),
                           RevisionParagraph.revision_id == ParagraphVersion.revision_id)
                    .order_by(RevisionParagraph.position)):
                self.positions.setdefault((revision_id, version_id), position)

    def version(self, version_id: int) -> _Version:
        if version_id not in self.versions:
            self._versions([version_id])
        return self.versions[version_id]

    def source_ref(self, version_id: int) -> SourceRef:
        """Where a source paragraph version stands (translations.source_ref)."""
        version = self.version(version_id)
        revision = self.revisions[version.revision_id]
        key = (revision.id, version_id)
        if key not in self.positions:
            self._positions([version_id])
        return SourceRef(revision.document.language, revision.number, self.positions.get(key),
                         version.text, version_id)

    def stale(self, origins: list[int]) -> list[SourceRef]:
        """The sources their document has changed since (translations.stale_sources)."""
        found = []
        for version_id in origins:
            version = self.version(version_id)
            latest = self.latest.get(self.revisions[version.revision_id].document_id)
            if latest is None:
                continue
            key = (latest.id, version.paragraph_id)
            if key not in self.current:
                self.current.update(_current(self.session, latest.id, version.paragraph_id))
            current = self.current.get(key)
            if current != version_id:
                found.append(self.source_ref(current if current else version_id))
        return found

    def ancestors(self, version_id: int) -> list[int]:
        """The version and its same-language ancestors, oldest first (translations end it)."""
        seen: list[int] = []
        stack = [version_id]
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.append(current)
            stack.extend(s for kind, s, _ in self.lineage.of(current) if kind != "translation")
        return sorted(seen)

    def step(self, version_id: int) -> Step:
        version = self.version(version_id)
        revision = self.revisions[version.revision_id]
        same_language = [(s, sim) for kind, s, sim in self.lineage.of(version_id)
                         if kind != "translation"]
        inserted: list[str] = []
        deleted: list[str] = []
        similarity = None
        if same_language:
            before = " ".join(self.version(s).text for s, _ in same_language)
            for change in word_diff(before, version.text):
                if change.op in ("delete", "replace"):
                    deleted.append(change.old.strip())
                if change.op in ("insert", "replace"):
                    inserted.append(change.new.strip())
            similarity = same_language[0][1]
        person = self.names[revision.author_id]
        roles = self.roles.get(person or "", [])
        return Step(revision.activity, person, roles[0] if roles else None, revision.number,
                    revision.document.language, revision.time, version.text,
                    similarity, inserted, deleted)


def _parts(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _BATCH):
        yield ids[start:start + _BATCH]


def _current(session: Session, revision_id: int, paragraph_id: int) -> dict[tuple[int, int], int]:
    version_id = session.scalars(
        select(RevisionParagraph.version_id)
        .join(ParagraphVersion, ParagraphVersion.id == RevisionParagraph.version_id)
        .where(RevisionParagraph.revision_id == revision_id,
               ParagraphVersion.paragraph_id == paragraph_id)
        .order_by(RevisionParagraph.position).limit(1)).first()
    return {} if version_id is None else {(revision_id, paragraph_id): version_id}


def chain_report(session: Session, revision: Revision, position: int | None = None) -> Chain:
    """The chain of every paragraph of revision (or of one position) back to its sources."""
    story = revision.document.story
    roles: dict[str, list[str]] = {}
    for credit in story_credits(session, story):
        roles.setdefault(credit.name, []).append(credit.role)
    walker = _Walker(session, story, roles)
    paragraphs = []
    stored = list(enumerate(revision_paragraphs(session, revision), start=1))
    if position is not None:
        stored = [(pos, p) for pos, p in stored if pos == position]
    for start in range(0, len(stored), _BATCH):
        batch = stored[start:start + _BATCH]
        walker.read([p.version_id for _, p in batch])
        for pos, p in batch:
            origins = walker.lineage.origins_of(p.version_id)
            sources = [walker.source_ref(v) for v in origins]
            steps = [walker.step(v) for v in dict.fromkeys(origins)]
            steps.extend(walker.step(v) for v in walker.ancestors(p.version_id))
            flags, added_by, stale, confidence = [], None, [], None
            if not origins:
                flags.append("no-source")
                added_by = steps[0].person if steps else None
            else:
                stale = walker.stale(origins)
                if stale:
                    flags.append("stale")
                confidence = walker.lineage.confidence(p.version_id)
                if is_uncertain(confidence):
                    flags.append("uncertain")
            paragraphs.append(ChainParagraph(pos, p.text, sources, steps, flags, added_by, stale,
                                             confidence))
    reporters = [name for name, rs in roles.items()
                 if {"reporter", "additional_reporter"} & set(rs)]
    return Chain(story.slug, revision.document.language, revision.number, reporters, paragraphs,
                 _summary(session, revision, paragraphs))


def _summary(session: Session, revision: Revision, paragraphs: list[ChainParagraph]) -> dict[str, object]:
    blame = blame_revision(session, revision)
    included = {p.position for p in paragraphs}
    blame = [b for b in blame if b.position in included]
    words_by_position = {b.position: sum(s.words for s in b.shares) for b in blame}
    people: Counter[str] = Counter()
    for b in blame:
        for s in b.shares:
            people[s.person or "unknown"] += s.words
    total = sum(words_by_position.values()) or 1
    traced = sum(words_by_position[p.position] for p in paragraphs if p.sources)
    return {
        "paragraphs": len(words_by_position),
        "with_source": sum(1 for p in paragraphs if p.sources),
        "no_source": [p.position for p in paragraphs if "no-source" in p.flags],
        "stale": [p.position for p in paragraphs if "stale" in p.flags],
        "uncertain": [p.position for p in paragraphs if "uncertain" in p.flags],
        "traced_share": round(traced / total, 4),
        "people": {name: round(n / total, 4) for name, n in people.most_common()},
    }
