"""Edit audits: what a standards editor looks for before a story is published.

Each finding has a code, a severity, the paragraph and revision it concerns, and its evidence:

- ``quote-altered`` (error): words inside quotation marks changed after the translation step, or
  between any two revisions of a document, with the word diff of the quoted text.
- ``uncredited-contributor`` (warning): someone whose words stand in the latest revision has no
  credit on the story.
- ``credit-without-trace`` (warning): a credited translator or writer who made no revision of
  that kind on the record.
- ``byline-mismatch`` (error): the credit line as published differs from the byline the story's
  current credits make in every published style (RFA, Reuters, AP, Korean, Chinese, Japanese),
  compared with full-width forms, spaces beside CJK letters and name separators folded, and that
  the credit-line parser does not read as exactly the credited people in their roles; the
  evidence shows the closest rendering in a style of the line's own script.
- ``stale-translation`` (warning): the source changed after the paragraph was translated.
- ``heavy-rewrite`` (warning): a paragraph keeps less than half of its translation's words
  (the aligner's own rule for "the same paragraph, edited") and no revision that changed it says
  why in its message.
- ``edited-after-publication`` (warning): the text changed after the story's first publish event
  (by its time in the source system) in a revision that is not a correction: its activity is not
  ``correct`` and its message does not say correction (``correct…``, ``정정``, ``更正``, ``訂正``).
  The stealth edit NewsDiffs exists to catch.
- ``unsourced-paragraph`` (warning): a paragraph of a translated document that traces back to no
  source-language paragraph (the chain's ``no-source``): added in the target language, by whom.
- ``markup-in-text`` (warning): the latest revision's title, caption or a paragraph holds HTML or
  XML tags, comments, character references or a script URL (``<script>``, ``&amp;``,
  ``javascript:``), usually a content system's markup left in the words (text/markup.py).
"""

import re
import unicodedata
from itertools import pairwise
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.blame import blame_revision
from provenance.chain import Chain, chain_report
from provenance.credits import story_byline, story_credits
from provenance.errors import CorruptHistory
from provenance.events import is_publish, stored_events
from provenance.findings import Finding, worst_first
from provenance.models import CreditSet, Document, Revision, Story
from provenance.people import names_now
from provenance.revisions import latest_revision, revision_paragraphs
from provenance.roles import ACTIVITY_OF_ROLE
from provenance.text.bylines import PUBLISHED_STYLES, styles_for_script
from provenance.text.counts import count, noun_for
from provenance.text.credit_parsing import parse_credit_line
from provenance.text.markup import find_markup
from provenance.text.paragraph_alignment import MIN_SIMILARITY
from provenance.text.quotes import quotes
from provenance.text.scripts import dominant_script
from provenance.text.word_diff import similarity, word_diff

# Roles whose credit should show on the record as revisions of their activity; a reporter's work
# often predates the ledger, and an editor may be credited for a pass that changed nothing.
_TRACED_ROLES = frozenset({"translator", "writer"})


def _at(document: Document, revision: int, paragraph: int | None = None) -> dict[str, Any]:
    """Where a finding about a revision (and one of its paragraphs) of a document is."""
    return {"story": document.story.slug, "language": document.language, "record": "revision",
            "number": revision, "paragraph": paragraph}


def story_chains(session: Session, story: Story) -> list[tuple[Document, Chain]]:
    """The chain report of each document's latest revision, where its history can be read."""
    found = []
    for document in story.documents:
        latest = latest_revision(session, document)
        if latest is not None:
            try:
                found.append((document, chain_report(session, latest)))
            except CorruptHistory:
                continue  # _credit_findings reports it; nothing read from it can be trusted
    return found


def _quote_findings(chains: list[tuple[Document, Chain]]) -> list[Finding]:
    findings = []
    for document, chain in chains:
        for p in chain.paragraphs:
            steps = [s for s in p.steps if s.language == document.language]
            for before, after in pairwise(steps):
                old, new = quotes(before.text), quotes(after.text)
                if old == new or not (old or new):
                    continue
                changes = [c.__dict__ for c in word_diff(" ".join(old), " ".join(new))
                           if c.op != "equal"]
                findings.append(Finding.of(
                    "quote-altered",
                    f"{after.person or 'someone'} changed quoted words in revision {after.revision}"
                    f" ({after.activity or 'activity unknown'})",
                    **_at(document, after.revision, p.position),
                    evidence={"before": old, "after": new, "changes": changes},
                ))
    return findings


def _credit_findings(session: Session, story: Story) -> list[Finding]:
    credits = story_credits(session, story)
    credited = {c.name for c in credits}
    findings: list[Finding] = []
    for document in story.documents:
        latest = latest_revision(session, document)
        if latest is None:
            continue
        writers: dict[str, int] = {}
        try:
            blamed = blame_revision(session, latest)
        except CorruptHistory as exc:
            findings.append(Finding.of("attribution-altered", str(exc), **_at(document, latest.number)))
            continue
        for paragraph in blamed:
            for share in paragraph.shares:
                if share.person and share.person not in credited:
                    writers[share.person] = writers.get(share.person, 0) + share.words
        findings.extend(
            Finding.of("uncredited-contributor",
                       f"{name} wrote {count(words, 'word')} that {noun_for(words, 'stands', 'stand')} "
                       f"in the {document.language} text "
                       "but has no credit", **_at(document, latest.number),
                       evidence={"person": name, "words": words})
            for name, words in sorted(writers.items()))
    made = session.execute(
        select(Revision.author_id, Revision.activity)
        .join(Document, Document.id == Revision.document_id).where(Document.story_id == story.id)
    ).all()
    names = names_now(session, {author for author, _ in made})
    done = {(names[author], activity) for author, activity in made}
    for credit in credits:
        activity = ACTIVITY_OF_ROLE[credit.role] if credit.role in _TRACED_ROLES else None
        if activity and (credit.name, activity) not in done:
            findings.append(Finding.of(
                "credit-without-trace",
                f"{credit.name} is credited as {credit.role} but made no '{activity}' revision",
                story=story.slug, evidence={"person": credit.name, "role": credit.role}))
    return findings


# Letters of the scripts written without spaces between words, or with optional ones.
_CJK = "\u1100-\u11ff\u2e80-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_SPACE_BY_CJK = re.compile(f"\\s+(?=[{_CJK}])|(?<=[{_CJK}])\\s+")
# What separates names in Korean, Chinese and Japanese lists, where a space also does.
_NAME_SEPARATORS = re.compile("[\u00b7\u318d\u30fb\u3001]")


def _normal_line(line: str) -> str:
    """A credit line with what does not change its meaning folded away: curly apostrophes, white
    space, full-width forms (NFKC), spaces beside CJK letters and between names, a closing period
    and Yonhap's closing ``=``."""
    text = unicodedata.normalize("NFKC", line).replace("’", "'")
    text = " ".join(_NAME_SEPARATORS.sub(" ", text).split())
    return _SPACE_BY_CJK.sub("", text).rstrip(".= ")


def _byline_findings(session: Session, story: Story) -> list[Finding]:
    published = session.scalars(
        select(CreditSet).where(CreditSet.story_id == story.id, CreditSet.credit_line.is_not(None))
        .order_by(CreditSet.number.desc()).limit(1)).first()
    if published is None or published.credit_line is None:
        return []
    line = published.credit_line
    generated = {style: story_byline(session, story, style) for style in PUBLISHED_STYLES}
    if any(_normal_line(g) == _normal_line(line) for g in generated.values()):
        return []
    # A line whose words differ from every rendering may still name exactly the people credited,
    # in their roles ("김민수 특파원 이지은 기자": a title the credits do not record).
    credited = sorted((c.name, c.role) for c in story_credits(session, story))
    if credited and sorted((c.name, c.role) for c in parse_credit_line(line)) == credited:
        return []
    # Shown beside it: the closest rendering in a style of the line's own script.
    own = [generated[style] for style in styles_for_script(dominant_script([line]))]
    closest = max(own, key=lambda g: similarity(g, line))
    return [Finding.of(
        "byline-mismatch",
        f"the credit line published with credit set {published.number} is not what the credits "
        "say now", story=story.slug, evidence={"published": line, "generated": closest,
                             "changes": [c.__dict__ for c in word_diff(line, closest)
                                         if c.op != "equal"]})]


def _translation_findings(session: Session, chains: list[tuple[Document, Chain]]) -> list[Finding]:
    findings = []
    for document, chain in chains:
        for p in chain.paragraphs:
            if "stale" in p.flags:
                findings.append(Finding.of(
                    "stale-translation", "the source changed after this paragraph was translated",
                    **_at(document, chain.revision, p.position),
                    evidence={"changed_sources": [s.__dict__ for s in p.stale_sources]}))
            translated = [s for s in p.steps if s.activity == "translate"
                          and s.language == document.language]
            if not translated:
                continue
            kept = similarity(translated[-1].text, p.text)
            later = [s for s in p.steps if s.language == document.language
                     and s.revision > translated[-1].revision]
            if kept < MIN_SIMILARITY and later and not any(_message(session, document, s.revision)
                                                           for s in later):
                findings.append(Finding.of(
                    "heavy-rewrite", f"keeps {kept:.0%} of its translation's words and no revision says why",
                    **_at(document, chain.revision, p.position),
                    evidence={"similarity": round(kept, 4), "translation": translated[-1].text,
                     "revisions": [s.revision for s in later]}))
    return findings


_CORRECTION_NOTE = re.compile(r"\bcorrect|정정|更正|订正|訂正", re.IGNORECASE)


def _publication_findings(session: Session, story: Story) -> list[Finding]:
    published = next((e for e in stored_events(session, story) if is_publish(e.action)), None)
    if published is None:
        return []
    findings = []
    names: dict[int | None, str | None] = {}
    for document in story.documents:
        revisions = list(session.scalars(select(Revision).where(
            Revision.document_id == document.id).order_by(Revision.number)))
        names.update(names_now(session, {r.author_id for r in revisions}))
        for revision in revisions:
            if revision.parent is None or revision.time <= published.source_time:
                continue
            if revision.activity == "correct" or _CORRECTION_NOTE.search(revision.message or ""):
                continue
            before = [p.text for p in revision_paragraphs(session, revision.parent)]
            after = [p.text for p in revision_paragraphs(session, revision)]
            if before == after:
                continue
            changes = [c.__dict__ for c in word_diff(" ".join(before), " ".join(after))
                       if c.op != "equal"]
            findings.append(Finding.of(
                "edited-after-publication",
                f"{names[revision.author_id] or 'someone'} changed the text after it was published "
                f"({published.source_time:%Y-%m-%d %H:%M} UTC) without a correction note",
                **_at(document, revision.number),
                evidence={"published": published.source_time.isoformat(),
                          "edited": revision.time.isoformat(), "message": revision.message,
                          "changes": changes}))
    return findings


def _unsourced_findings(chains: list[tuple[Document, Chain]]) -> list[Finding]:
    """Paragraphs of a translated document (one with any sourced paragraph) that have no source."""
    return [
        Finding.of("unsourced-paragraph",
                   f"no source-language paragraph: added in {document.language} by "
                   f"{p.added_by or 'someone unrecorded'}",
                   **_at(document, chain.revision, p.position), evidence={"added_by": p.added_by})
        for document, chain in chains if any(p.sources for p in chain.paragraphs)
        for p in chain.paragraphs if "no-source" in p.flags
    ]


def _markup_findings(session: Session, story: Story) -> list[Finding]:
    findings = []
    for document in story.documents:
        latest = latest_revision(session, document)
        if latest is None:
            continue
        texts: list[tuple[str, int | None, str | None]] = [
            ("the title", None, latest.title), ("the photo caption", None, latest.caption)]
        texts += [("the paragraph", position, p.text)
                  for position, p in enumerate(revision_paragraphs(session, latest), start=1)]
        for what, position, text in texts:
            found = find_markup(text or "")
            if found:
                shown = ", ".join(dict.fromkeys(found[:5]))
                findings.append(Finding.of(
                    "markup-in-text", f"{what} holds markup: {shown}",
                    **_at(document, latest.number, position), evidence={"markup": found}))
    return findings


def _message(session: Session, document: Document, number: int) -> str | None:
    return session.scalar(select(Revision.message).where(
        Revision.document_id == document.id, Revision.number == number))


def audit_story(session: Session, story: Story,
                chains: list[tuple[Document, Chain]] | None = None) -> list[Finding]:
    """Every finding on a story, most severe first; chains, if given, are its story_chains."""
    chains = story_chains(session, story) if chains is None else chains
    findings = (_quote_findings(chains) + _credit_findings(session, story)
                + _byline_findings(session, story) + _translation_findings(session, chains)
                + _publication_findings(session, story) + _unsourced_findings(chains)
                + _markup_findings(session, story))
    return worst_first(findings)
