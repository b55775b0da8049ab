"""The translation-chain report: for each paragraph of a translated story, where it came from.

Source-language reporting, translation, rewrite and edits, each with its person, role, time and
changes; an honest ``no-source`` where a paragraph was added in the target language,
``stale`` where the source changed after it was translated, and ``uncertain`` where the link to
its source was found automatically with a low confidence.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.blame import blame_revision
from provenance.credits import story_credits
from provenance.models import Derivation, ParagraphVersion, Revision
from provenance.people import author_name
from provenance.revisions import revision_paragraphs
from provenance.text.word_diff import word_diff
from provenance.translations import (
    SourceRef,
    is_uncertain,
    link_confidence,
    source_ref,
    stale_sources,
    translation_origins,
)


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
    # The confidence of the link to its sources (see translations.link_confidence).
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


class _Walker:
    """Walks versions back through their derivations, one lookup per version (memoised)."""

    def __init__(self, session: Session, roles: dict[str, list[str]]) -> None:
        self.session, self.roles = session, roles
        self.parents: dict[int, list[tuple[str, int, float | None]]] = {}
        self.origins: dict[int, list[int]] = {}

    def derivations(self, version_id: int) -> list[tuple[str, int, float | None]]:
        if version_id not in self.parents:
            self.parents[version_id] = [tuple(row) for row in self.session.execute(  # type: ignore[misc]
                select(Derivation.kind, Derivation.source_id, Derivation.similarity)
                .where(Derivation.target_id == version_id).order_by(Derivation.source_id))]
        return self.parents[version_id]

    def lineage(self, version_id: int) -> list[int]:
        """The version and its same-language ancestors, oldest first (translations end it)."""
        seen: list[int] = []
        stack = [version_id]
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.append(current)
            stack.extend(s for kind, s, _ in self.derivations(current) if kind != "translation")
        return sorted(seen)

    def step(self, version_id: int) -> Step:
        version = self.session.get_one(ParagraphVersion, version_id)
        revision = self.session.get_one(Revision, version.revision_id)
        same_language = [(s, sim) for kind, s, sim in self.derivations(version_id)
                         if kind != "translation"]
        inserted: list[str] = []
        deleted: list[str] = []
        similarity = None
        if same_language:
            before = " ".join(self.session.get_one(ParagraphVersion, s).text.body
                              for s, _ in same_language)
            for change in word_diff(before, version.text.body):
                if change.op in ("delete", "replace"):
                    deleted.append(change.old.strip())
                if change.op in ("insert", "replace"):
                    inserted.append(change.new.strip())
            similarity = same_language[0][1]
        person = author_name(self.session, revision.author_id)
        roles = self.roles.get(person or "", [])
        return Step(revision.activity, person, roles[0] if roles else None, revision.number,
                    revision.document.language, revision.created_at, version.text.body,
                    similarity, inserted, deleted)


def chain_report(session: Session, revision: Revision, position: int | None = None) -> Chain:
    """The chain of every paragraph of revision (or of one position) back to its sources."""
    story = revision.document.story
    roles: dict[str, list[str]] = {}
    for credit in story_credits(session, story):
        roles.setdefault(credit.name, []).append(credit.role)
    walker = _Walker(session, roles)
    confidences: dict[int, float | None] = {}
    paragraphs = []
    stored = revision_paragraphs(session, revision)
    for pos, p in enumerate(stored, start=1):
        if position is not None and pos != position:
            continue
        origins = translation_origins(session, p.version_id, walker.origins)
        sources = [source_ref(session, v) for v in origins]
        steps = []
        for v in dict.fromkeys(origins):
            steps.append(walker.step(v))
        steps.extend(walker.step(v) for v in walker.lineage(p.version_id))
        flags, added_by, stale, confidence = [], None, [], None
        if not origins:
            flags.append("no-source")
            added_by = steps[0].person if steps else None
        else:
            stale = stale_sources(session, origins)
            if stale:
                flags.append("stale")
            confidence = link_confidence(session, p.version_id, confidences)
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
