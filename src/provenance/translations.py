"""Translations: a target-language revision whose paragraphs derive from a source revision's.

Links say which source paragraphs became which target paragraphs. They are given (``--links``)
or found by the cross-language aligner. A correction of the links is a new target revision with
the same text, so it is recorded with who and when like any other change.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from provenance.documents import find_document
from provenance.errors import InputError, NotFound
from provenance.models import (
    Derivation,
    Document,
    Paragraph,
    ParagraphVersion,
    Person,
    Revision,
    RevisionParagraph,
    Story,
)
from provenance.readers import ParsedDocument
from provenance.revisions import (
    DerivedFrom,
    PlannedParagraph,
    StoredParagraph,
    latest_revision,
    plan_from_alignment,
    record_revision,
    revision_paragraphs,
)
from provenance.stories import (
    check_language_length,
    check_slug,
    find_story,
    get_revision,
    import_document,
)
from provenance.text.language_tags import language_tag, match_language, script_of_language
from provenance.text.links import Link
from provenance.text.scripts import dominant_script, script_fits, script_name

if TYPE_CHECKING:
    from provenance.readers.xliff import XliffDocument


# A link found automatically with a confidence below this is flagged ``uncertain``. On the
# Korean–English development stories, links below it are about half of the wrong ones and one
# in twenty of the right ones (bench/ko_en.py prints the figures).
UNCERTAIN_BELOW = 0.8

_RANGE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+))?\s*$")


@dataclass(frozen=True)
class Translated:
    """What a translate or a links correction recorded."""

    story: str
    source_language: str
    source_revision: int
    language: str
    revision: int
    links: list[tuple[list[int], list[int]]]  # 1-based, as the user reads them
    automatic: bool
    confidence: list[float]  # of each link: 1.0 for links given by hand
    untranslated: list[int] = field(default_factory=list)  # source positions the aligner left unlinked
    no_source: list[int] = field(default_factory=list)  # target positions likewise

    def uncertain(self) -> list[tuple[list[int], list[int], float]]:
        """The links whose confidence is below UNCERTAIN_BELOW."""
        return [(s, t, c) for (s, t), c in zip(self.links, self.confidence, strict=True)
                if c < UNCERTAIN_BELOW]


def _positions(part: str, count: int, side: str, spec: str) -> tuple[int, ...]:
    if not part.strip():
        return ()
    match = _RANGE.match(part)
    if not match:
        raise InputError(f"links {spec!r}: {part.strip()!r} is not a position or a range like 2-3")
    try:
        first, last = int(match[1]), int(match[2] or match[1])
    except ValueError:  # more digits than Python converts: out of range in any case
        first = last = 0
    if first < 1 or last < first or last > count:
        raise InputError(f"links {spec!r}: {side} position {part.strip()} is out of range 1-{count}")
    return tuple(range(first - 1, last))


def parse_links(spec: str, sources: int, targets: int) -> list[Link]:
    """Read ``"1:1,2:2-3,3:,5-6:4"`` (source : target, 1-based; empty = none) into 0-based links.

    A position may appear in one link only; positions not named are unlinked.
    """
    if not spec.strip(","+" \t\n"):
        raise InputError(f"links {spec!r} is empty: give SOURCE:TARGET pairs such as 1:1,2:2-3 "
                         "(a target with no source is written 3:)")
    links: list[Link] = []
    seen_source: set[int] = set()
    seen_target: set[int] = set()
    for item in filter(str.strip, spec.split(",")):
        if item.count(":") != 1:
            raise InputError(f"links {spec!r}: {item.strip()!r} is not SOURCE:TARGET")
        left, right = item.split(":")
        source = _positions(left, sources, "source", spec)
        target = _positions(right, targets, "target", spec)
        if not source and not target:
            raise InputError(f"links {spec!r}: {item.strip()!r} links nothing to nothing")
        if seen_source & set(source) or seen_target & set(target):
            raise InputError(f"links {spec!r}: {item.strip()!r} overlaps an earlier link")
        seen_source.update(source)
        seen_target.update(target)
        links.append(Link("translation", source, target))
    return links


def _target_plan(
    session: Session,
    parent: Revision | None,
    paragraphs: Sequence[str],
    source: Sequence[StoredParagraph],
    links: Sequence[Link],
) -> list[PlannedParagraph]:
    """Plan a target revision whose paragraphs derive by translation from their linked sources.

    A paragraph the previous target revision already had, word for word and from the same
    sources with the same confidence, keeps its version. Word for word but newly linked, it gets a
    new version in the same lineage whose words keep their authors. Anything else is the
    translator's new version. Each translation derivation carries its link's confidence.
    """
    sources_of: dict[int, set[int]] = {}
    sure: dict[int, float] = {}
    for link in links:
        for j in link.target:
            sources_of.setdefault(j, set()).update(source[i].version_id for i in link.source)
            sure[j] = min(sure.get(j, 1.0), 1.0 if link.similarity is None else link.similarity)
    previous: list[PlannedParagraph | None] = [None] * len(paragraphs)
    if parent is not None:
        previous = list(plan_from_alignment(revision_paragraphs(session, parent), paragraphs)[0])
    lineage = Lineage(session)
    plan = []
    for j, text in enumerate(paragraphs):
        wanted = sources_of.get(j, set())
        derived = tuple(DerivedFrom(v, "translation", sure[j]) for v in sorted(wanted))
        before = previous[j]
        if before is not None and before.reuse_version_id is not None:
            kept = before.reuse_version_id
            if (set(lineage.origins_of(kept)) == wanted
                    and (not wanted or lineage.confidence(kept) == sure[j])):
                plan.append(PlannedParagraph(text=text, reuse_version_id=kept))
            else:
                paragraph_id = session.get_one(ParagraphVersion, kept).paragraph_id
                plan.append(PlannedParagraph(text=text, paragraph_id=paragraph_id, derived_from=derived,
                                             attribution_of=kept))
        else:
            lineage_id = before.paragraph_id if before is not None else None
            plan.append(PlannedParagraph(text=text, paragraph_id=lineage_id, derived_from=derived))
    return plan


def _derives_from(session: Session, story: Story, document_id: int, ancestor_id: int) -> bool:
    """Whether any version of the document was translated, directly or through other documents of
    the story, from a version of the ancestor document."""
    source_version = aliased(ParagraphVersion)
    source_paragraph = aliased(Paragraph)
    edges = session.execute(
        select(Paragraph.document_id, source_paragraph.document_id).distinct()
        .select_from(Derivation)
        .join(ParagraphVersion, Derivation.target_id == ParagraphVersion.id)
        .join(Paragraph, ParagraphVersion.paragraph_id == Paragraph.id)
        .join(source_version, Derivation.source_id == source_version.id)
        .join(source_paragraph, source_version.paragraph_id == source_paragraph.id)
        .where(Derivation.kind == "translation",
               Paragraph.document_id.in_(select(Document.id).where(Document.story_id == story.id)))
    ).all()
    sources: dict[int, set[int]] = {}
    for target, source in edges:
        sources.setdefault(target, set()).add(source)
    seen, todo = {document_id}, [document_id]
    while todo:
        for source in sources.get(todo.pop(), set()) - seen:
            if source == ancestor_id:
                return True
            seen.add(source)
            todo.append(source)
    return False


def translate(
    session: Session,
    story: Story,
    source: Revision,
    language: str,
    paragraphs: Sequence[str],
    *,
    author: Person,
    links: str | Sequence[Link] | None = None,
    message: str | None = None,
    title: str | None = None,
    activity: str = "translate",
    file_format: str | None = None,
) -> Translated:
    """Record paragraphs as a revision of story's language document translated from source.

    A new document remembers file_format, how its text was read."""
    if match_language(language, [source.document.language]) is not None:
        raise InputError(f"the translation ({language}) and its source "
                         f"({source.document.language}) are in the same language")
    source_paragraphs = revision_paragraphs(session, source)
    automatic = links is None
    untranslated: list[int] = []
    no_source: list[int] = []
    if isinstance(links, str):
        pairs = parse_links(links, len(source_paragraphs), len(paragraphs))
    elif links is None:
        # numpy and scipy: imported only to align
        from provenance.text.translation_alignment import align_translation

        beads = align_translation([p.text for p in source_paragraphs], paragraphs)
        pairs = [Link("translation", b.source, b.target, round(b.confidence, 4))
                 for b in beads if b.source and b.target]
        untranslated = sorted(i + 1 for b in beads if not b.target for i in b.source)
        no_source = sorted(j + 1 for b in beads if not b.source for j in b.target)
    else:
        pairs = list(links)
    if not automatic:  # links given by hand are certain
        pairs = [replace(link, similarity=1.0) for link in pairs]
    # A CAT tool's en-US is the story's en: the translation goes to the document the tag names.
    target = find_document(story, language)
    if target is None:
        target = Document(story_id=story.id, language=check_language_length(language), format=file_format)
        session.add(target)
        session.flush()
        session.refresh(story, ["documents"])
    if pairs and _derives_from(session, story, source.document_id, target.id):
        raise InputError(f"the {source.document.language!r} document is itself translated, directly or "
                         f"through others, from the {language!r} one: {language!r} cannot also be "
                         f"translated from it (translations run one way)")
    parent = latest_revision(session, target)
    plan = _target_plan(session, parent, paragraphs, source_paragraphs, pairs)
    revision = record_revision(
        session, target, plan, parent=parent, author=author, activity=activity,
        message=message, title=title or (parent.title if parent else None),
        caption=parent.caption if parent else None,
    )
    return Translated(
        story=story.slug, source_language=source.document.language, source_revision=source.number,
        language=target.language, revision=revision.number, automatic=automatic,
        links=[([i + 1 for i in link.source], [j + 1 for j in link.target]) for link in pairs],
        confidence=[1.0 if link.similarity is None else link.similarity for link in pairs],
        untranslated=untranslated, no_source=no_source,
    )


@dataclass(frozen=True)
class TranslationLink:
    """A target paragraph of the latest revision and the source paragraphs it was translated from.

    ``confidence`` is that of the link (1.0 given by hand; None where no source, or recorded
    before links had one); ``uncertain`` says it is below UNCERTAIN_BELOW.
    """

    position: int
    text: str
    sources: list["SourceRef"]
    confidence: float | None = None
    uncertain: bool = False


@dataclass(frozen=True)
class SourceRef:
    """A source-language paragraph version, placed in the revision that made it."""

    language: str
    revision: int
    position: int | None
    text: str
    version_id: int


def source_ref(session: Session, version_id: int) -> SourceRef:
    """Where a source paragraph version stands: its document, the revision that made it, position."""
    version = session.get_one(ParagraphVersion, version_id)
    revision = session.get_one(Revision, version.revision_id)
    position = session.scalar(select(RevisionParagraph.position).where(
        RevisionParagraph.revision_id == revision.id, RevisionParagraph.version_id == version.id))
    return SourceRef(revision.document.language, revision.number, position, version.text.body,
                     version.id)


# Derivations are read for this many versions a query.
_LINEAGE_BATCH = 500

Derived = tuple[str, int, float | None]  # kind, source version id, similarity or confidence


class Lineage:
    """What paragraph versions were derived from, read a batch of versions a query, and what each
    traces back to: its translation origins, the confidence of their links and its translated
    ancestors.

    A version's derivations are written with it and never change, so what is read stays true for
    the session. :meth:`clear` forgets the derivations read (a batch's worth) but keeps what each
    version traces back to, a few integers a version.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.rows: dict[int, list[Derived]] = {}
        self.origins: dict[int, list[int]] = {}
        self.confidences: dict[int, float | None] = {}
        self.translated: dict[int, set[int]] = {}

    def load(self, ids: Iterable[int]) -> None:
        """Read the derivations of those of ids not read yet."""
        wanted = list(dict.fromkeys(i for i in ids if i not in self.rows))
        for start in range(0, len(wanted), _LINEAGE_BATCH):
            part = wanted[start:start + _LINEAGE_BATCH]
            self.rows.update((i, []) for i in part)
            for target, kind, source, similarity in self.session.execute(
                    select(Derivation.target_id, Derivation.kind, Derivation.source_id,
                           Derivation.similarity).where(Derivation.target_id.in_(part))
                    .order_by(Derivation.target_id, Derivation.source_id, Derivation.id)):
                self.rows[target].append((kind, source, similarity))

    def prefetch(self, ids: Iterable[int], known: Mapping[int, object] | None = None) -> None:
        """Read the derivations of ids and, level by level, of their same-language ancestors,
        stopping at translation links and at versions whose answer is in known."""
        known = {} if known is None else known
        todo = [i for i in ids if i not in known]
        while todo:
            self.load(todo)
            todo = list(dict.fromkeys(source for i in todo for kind, source, _ in self.rows[i]
                                      if kind != "translation" and source not in known
                                      and source not in self.rows))

    def clear(self) -> None:
        """Forget the derivations read; keep what versions trace back to."""
        self.rows.clear()

    def of(self, version_id: int) -> list[Derived]:
        """A version's derivations, by source."""
        if version_id not in self.rows:
            self.load([version_id])
        return self.rows[version_id]

    def origins_of(self, version_id: int) -> list[int]:
        """The source-language versions a version traces back to, through same-language edits."""
        if version_id in self.origins:
            return self.origins[version_id]
        self.origins[version_id] = []
        rows = self.of(version_id)
        # Direct translation links are the word on this version; only without them do its origins
        # come through the same-language versions it was edited from.
        found = [source for kind, source, _ in rows if kind == "translation"]
        if not found:
            for _, source, _ in rows:
                found.extend(self.origins_of(source))
        self.origins[version_id] = list(dict.fromkeys(found))
        return self.origins[version_id]

    def confidence(self, version_id: int) -> float | None:
        """The confidence of the translation links a version traces back to (the least, if
        several), through same-language edits like :meth:`origins_of`; None where it has no
        translation link, or its links were recorded before they carried a confidence."""
        if version_id in self.confidences:
            return self.confidences[version_id]
        self.confidences[version_id] = None
        rows = self.of(version_id)
        direct = [similarity for kind, _, similarity in rows if kind == "translation"]
        if direct:
            given = [c for c in direct if c is not None]
            found = min(given) if len(given) == len(direct) else None
        else:
            known = [c for c in (self.confidence(source) for _, source, _ in rows) if c is not None]
            found = min(known) if known else None
        self.confidences[version_id] = found
        return found

    def translated_of(self, version_id: int) -> set[int]:
        """The versions a version descends from, within its language, that were translated."""
        if version_id not in self.translated:
            if any(kind == "translation" for kind, _, _ in self.of(version_id)):
                self.translated[version_id] = {version_id}
            else:
                self.translated[version_id] = set().union(
                    *(self.translated_of(source) for _, source, _ in self.of(version_id)))
        return self.translated[version_id]


def is_uncertain(confidence: float | None) -> bool:
    """Whether a link's confidence is low enough to flag."""
    return confidence is not None and confidence < UNCERTAIN_BELOW


def translation_links(session: Session, target: Revision) -> list[TranslationLink]:
    """For each paragraph of a target revision, the source paragraphs it traces back to."""
    paragraphs = revision_paragraphs(session, target)
    lineage = Lineage(session)
    lineage.prefetch(p.version_id for p in paragraphs)
    found = []
    for position, p in enumerate(paragraphs, start=1):
        origins = lineage.origins_of(p.version_id)
        confidence = lineage.confidence(p.version_id) if origins else None
        found.append(TranslationLink(position, p.text, [source_ref(session, v) for v in origins],
                                     confidence, is_uncertain(confidence)))
    return found


def correct_links(
    session: Session,
    story: Story,
    target: Document,
    source: Revision,
    spec: str,
    *,
    author: Person,
    message: str | None = None,
) -> Translated:
    """Record new links for the latest target revision: a revision with the same text."""
    latest = latest_revision(session, target)
    if latest is None:
        raise NotFound(f"the {target.language!r} document has no revision")
    texts = [p.text for p in revision_paragraphs(session, latest)]
    return translate(session, story, source, target.language, texts, author=author, links=spec,
                     message=message or f"links corrected: {spec}", activity="correct")


def default_source(session: Session, story: Story, target: Document) -> Revision:
    """The source revision a correction refers to: the one the latest links point to, else the
    latest revision of the story's only other document."""
    latest = latest_revision(session, target)
    lineage = Lineage(session)
    origins = [v for p in (revision_paragraphs(session, latest) if latest else [])
               for v in lineage.origins_of(p.version_id)]
    if origins:
        return max((session.get_one(Revision, session.get_one(ParagraphVersion, v).revision_id)
                    for v in origins), key=lambda r: r.number)
    others = [d for d in story.documents if d.id != target.id]
    if len(others) != 1:
        raise InputError("say which source revision the links refer to with --from LANG[@REV]")
    source = latest_revision(session, others[0])
    if source is None:
        raise NotFound(f"the {others[0].language!r} document has no revision")
    return source


def stale_sources(session: Session, origins: list[int]) -> list[SourceRef]:
    """The sources a paragraph was translated from that their document has since changed."""
    stale = []
    for version_id in origins:
        version = session.get_one(ParagraphVersion, version_id)
        paragraph = session.get_one(Paragraph, version.paragraph_id)
        latest = latest_revision(session, session.get_one(Revision, version.revision_id).document)
        if latest is None:
            continue
        current = session.execute(
            select(RevisionParagraph.version_id)
            .join(ParagraphVersion, ParagraphVersion.id == RevisionParagraph.version_id)
            .where(RevisionParagraph.revision_id == latest.id,
                   ParagraphVersion.paragraph_id == paragraph.id)
        ).scalar()
        if current != version_id:
            stale.append(source_ref(session, current) if current else source_ref(session, version_id))
    return stale


def stale_paragraphs(session: Session, revision: Revision) -> list[tuple[int, list[SourceRef]]]:
    """The positions of revision whose source paragraphs changed after they were translated."""
    lineage = Lineage(session)
    found = []
    for position, p in enumerate(revision_paragraphs(session, revision), start=1):
        stale = stale_sources(session, lineage.origins_of(p.version_id))
        if stale:
            found.append((position, stale))
    return found


def _xliff_language(
    declared: str | None,
    given: str | None,
    texts: Sequence[str],
    story_languages: Sequence[str],
    side: str,
    option: str,
) -> str:
    """The language of one side of an XLIFF file.

    What the file declares stands while its text bears it out (its script is one the language is
    written in); an option given must then name the same language. A declaration the text
    contradicts (translate-toolkit's po2xliff writes ``en-US`` over any source) or none at all
    gives way to the option, else to the one language of the story whose script the text is in.
    """
    script = dominant_script(texts)
    fits = declared is not None and script_fits(script_of_language(declared), script)
    if given is not None:
        tag = language_tag(given)
        if not script_fits(script_of_language(tag), script):
            raise InputError(f"the XLIFF {side} text is written in {script_name(script or '')}, "
                             f"not in {tag!r}")
        if declared is not None and fits:
            if match_language(tag, [declared]) is None and match_language(declared, [tag]) is None:
                raise InputError(f"the XLIFF file's {side} language is {declared!r}, not {tag!r}")
            return declared
        return tag
    if declared is not None and fits:
        return declared
    candidates = [tag for tag in story_languages if script_fits(script_of_language(tag), script)]
    if len(candidates) == 1:
        return candidates[0]
    if declared is not None:
        raise InputError(f"the XLIFF file says its {side} language is {declared!r} but its {side} "
                         f"text is written in {script_name(script or '')}: give {option} LANG")
    raise InputError(f"the XLIFF file does not say its {side} language: give {option} LANG")


def translate_xliff(
    session: Session,
    slug: str,
    document: "XliffDocument",
    *,
    author: Person,
    source_language: str | None = None,
    target_language: str | None = None,
    source_number: int | None = None,
    message: str | None = None,
) -> Translated:
    """Record an XLIFF file: its target as a translation of the story's source document, linked
    unit by unit. A new story starts from the file's source text as its revision 1; a story that
    has no document in the source language is refused (the source must be recorded first, or it
    would be a silent second report).

    source_language and target_language are what the user said (``--from``, ``--language``);
    see ``_xliff_language`` for how they and the file's declarations decide.
    """
    story = find_story(session, check_slug(slug))
    languages = [d.language for d in story.documents] if story else []
    source_tag = _xliff_language(document.source_language, source_language, document.source,
                                 languages, "source", "--from")
    source_document = find_document(story, source_tag) if story else None
    if story is not None and source_document is None:
        raise NotFound(f"story {slug!r} has no {source_tag!r} document to translate from (its "
                       f"languages: {', '.join(languages) or 'none'}): import the {source_tag} text "
                       "first, or give a new story name to start one from the XLIFF file")
    others = [d.language for d in story.documents if d is not source_document] if story else []
    target_tag = _xliff_language(document.target_language, target_language, document.target,
                                 others, "target", "--language")
    if story is None:
        import_document(session, ParsedDocument(paragraphs=document.source,
                                                title=document.source_title),
                        slug=slug, language=source_tag, message="source text of an XLIFF file")
        story = find_story(session, slug)
        assert story is not None
        session.refresh(story, ["documents"])
        source_document = find_document(story, source_tag)
    assert source_document is not None
    source = get_revision(session, source_document, source_number)
    if [p.text for p in revision_paragraphs(session, source)] != document.source:
        raise InputError(
            f"the XLIFF source text differs from {source_document.language} revision "
            f"{source.number} of {slug!r}: translate from the revision it was made from (--from "
            f"{source_document.language}@N) or record the source change first")
    pairs = [link for link in document.links if link.source and link.target]
    return translate(session, story, source, target_tag, document.target,
                     author=author, links=pairs, message=message, title=document.title)
