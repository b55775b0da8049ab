"""A story's report as plain data: byline, credits, history, and each paragraph's chain with its
audit findings; and the story as a schema.org ``NewsArticle`` with its revisions and corrections.

The report follows the story's article document (its English one, else its newest: see
``credits.article_credits``) back to its source language, paragraph by paragraph: the source text,
the translation, the final text with the words changed since the translation, and every step with
its person and time.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from provenance.audit import audit_story, story_chains
from provenance.chain import ChainParagraph, Step, chain_report
from provenance.credits import ArticleCredits, CreditView, article_credits, story_byline
from provenance.events import EventView, story_events
from provenance.findings import Finding
from provenance.log import LogEntry, document_log
from provenance.models import Story
from provenance.render.jsonld import news_article
from provenance.revisions import latest_revision
from provenance.text.word_diff import Change, word_diff
from provenance.translations import SourceRef, stale_sources
from provenance.verify import verify_history


@dataclass(frozen=True)
class SourceUpdate:
    """A source paragraph that changed after it was translated: what it says now, and how."""

    source: SourceRef
    current: SourceRef
    changes: list[Change]


@dataclass(frozen=True)
class ReportParagraph:
    """A paragraph of the article and how it came to read as it does.

    ``translation`` is the first step in the article's language of a paragraph that has sources
    (None for one added in that language); ``changes`` is the word diff from that step (or, with
    no translation, from the paragraph's first text) to the final text; ``steps`` are the steps in
    the article's language after it, oldest first.
    """

    position: int
    text: str
    sources: list[SourceRef]
    source_steps: list[Step]
    translation: Step | None
    changes: list[Change]
    steps: list[Step]
    flags: list[str]
    added_by: str | None
    source_updates: list[SourceUpdate]
    findings: list[Finding] = field(default_factory=list)
    confidence: float | None = None  # of the link to its sources


@dataclass(frozen=True)
class Problem:
    """One problem ``provenance verify`` found in the stored history."""

    code: str
    severity: str
    message: str


@dataclass(frozen=True)
class Verification:
    """Whether the story's stored history still hashes as it was written, and what does not."""

    ok: bool
    revisions: int
    credit_sets: int
    texts: int
    problems: list[Problem]


@dataclass(frozen=True)
class StoryReport:
    """Everything the HTML and Markdown reports show."""

    story: str
    headline: str | None
    language: str | None
    source_language: str | None
    revision: int | None
    byline: str
    credits: list[CreditView]
    history: list[LogEntry]
    paragraphs: list[ReportParagraph]
    findings: list[Finding]  # those not about one paragraph of the article
    summary: dict[str, object]
    verification: Verification
    events: list[EventView] = field(default_factory=list)  # workflow events, in the ledger's order


def _paragraph(session: Session, language: str, p: ChainParagraph) -> ReportParagraph:
    own = [s for s in p.steps if s.language == language]
    others = [s for s in p.steps if s.language != language]
    translation = own[0] if p.sources and own else None
    base = own[0].text if own else p.text
    changes = [] if base == p.text else word_diff(base, p.text)
    later = own[1:] if translation is not None else own
    updates = [SourceUpdate(source, current, word_diff(source.text, current.text))
               for source in p.sources if "stale" in p.flags
               for current in stale_sources(session, [source.version_id])]
    return ReportParagraph(p.position, p.text, p.sources, others, translation, changes, later,
                           p.flags, p.added_by, updates, confidence=p.confidence)


def story_history(session: Session, story: Story) -> list[LogEntry]:
    """Every revision of every document of the story, oldest first."""
    entries = [e for d in story.documents for e in document_log(session, d)]
    return sorted(entries, key=lambda e: (e.recorded or e.time, e.language, e.revision))


def _verification(session: Session, story: Story) -> Verification:
    checked = verify_history(session, story.slug)
    return Verification(not checked.failed, checked.revisions, checked.credit_sets, checked.texts,
                        [Problem(f.code, f.severity, f.message) for f in checked.findings])


def story_report(session: Session, story: Story) -> StoryReport:
    """The report of a story: who is credited, what happened, and each paragraph's chain."""
    article = article_credits(session, story)
    document = next((d for d in story.documents if d.language == article.language), None)
    latest = latest_revision(session, document) if document is not None else None
    chains = story_chains(session, story)
    findings = audit_story(session, story, chains)
    paragraphs: list[ReportParagraph] = []
    summary: dict[str, object] = {}
    if latest is not None and article.language is not None:
        # The audit's chain of the article; made again (to say why) where its history is corrupt.
        chain = next((c for d, c in chains if d is document), None) or chain_report(session, latest)
        summary = chain.summary
        paragraphs = [_paragraph(session, article.language, p) for p in chain.paragraphs]
    on_paragraph = {p.position: p.findings for p in paragraphs}
    rest = []
    for finding in findings:
        if finding.language == article.language and finding.paragraph in on_paragraph:
            on_paragraph[finding.paragraph].append(finding)
        else:
            rest.append(finding)
    return StoryReport(
        story=story.slug, headline=article.headline, language=article.language,
        source_language=article.source_language, revision=latest.number if latest else None,
        byline=story_byline(session, story, language=article.language), credits=article.credits,
        history=story_history(session, story), paragraphs=paragraphs, findings=rest, summary=summary,
        verification=_verification(session, story), events=story_events(session, story),
    )


@dataclass(frozen=True)
class ArticleHistory:
    """What a NewsArticle with its revision history is made from."""

    article: ArticleCredits
    history: list[LogEntry]


def article_history(session: Session, story: Story) -> ArticleHistory:
    """The story's article credits and the history of all its documents."""
    return ArticleHistory(article_credits(session, story), story_history(session, story))


def _when(time: datetime) -> str:
    return time.isoformat(timespec="seconds")


def _revision_work(entry: LogEntry) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "version": entry.revision,
                            "inLanguage": entry.language, "dateCreated": _when(entry.time)}
    if entry.author:
        work["author"] = {"@type": "Person", "name": entry.author}
    work["name"] = f"{entry.language} revision {entry.revision}" + (
        f" ({entry.activity})" if entry.activity else "")
    if entry.message:
        work["description"] = entry.message
    return work


def _corrections(history: list[LogEntry], language: str | None) -> list[dict[str, Any]]:
    return [{"@type": "CorrectionComment", "text": e.message or "correction",
             "datePublished": _when(e.time)}
            for e in history if e.language == language and e.activity == "correct"]


def news_article_jsonld(data: ArticleHistory) -> dict[str, Any]:
    """The story as a schema.org ``NewsArticle`` (as ``byline --format jsonld`` makes it) with its
    revision history: ``version`` is the article's latest revision number, ``workExample`` lists
    each revision (newest first) as a ``CreativeWork``, ``correction`` holds a
    ``CorrectionComment`` for each correcting revision of the article, and ``isBasedOn`` is the
    source-language document with its own version and corrections.

    A correction of the source document is listed under the source, not the article: the article
    has not been corrected until one of its own revisions does it.
    """
    credits, language, source_language = data.article, data.article.language, \
        data.article.source_language
    article = news_article([c.as_parsed() for c in credits.credits], headline=credits.headline,
                           language=language, source_language=source_language)
    own = sorted((e for e in data.history if e.language == language), key=lambda e: e.revision)
    if own:
        article["version"] = own[-1].revision
        article["dateCreated"] = _when(own[0].time)
        article["dateModified"] = _when(own[-1].time)
        article["workExample"] = [_revision_work(e) for e in reversed(own)]
    corrections = _corrections(data.history, language)
    if corrections:
        article["correction"] = corrections
    if source_language is not None:
        source = sorted((e for e in data.history if e.language == source_language),
                        key=lambda e: e.revision)
        based_on: dict[str, Any] = {"@type": "CreativeWork", "inLanguage": source_language}
        if source:
            based_on["version"] = source[-1].revision
            based_on["dateCreated"] = _when(source[0].time)
        source_corrections = _corrections(data.history, source_language)
        if source_corrections:
            based_on["correction"] = source_corrections
        article["isBasedOn"] = based_on
    return article
