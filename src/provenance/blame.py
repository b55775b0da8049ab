"""Blame: who wrote the words that stand in a revision, word by word.

Each paragraph version stores its attribution when it is made: one owning revision per token, as
runs. An edit carries over the owners of the words it kept and takes the words it wrote; a split
piece inherits from the paragraph it came out of; a merge from the paragraphs it joined; a
translation is all the translator's, since no word of the source language stands in it. So "who
wrote this" is a lookup, not a replay of the history, and costs the same at revision 2 or 2,000.

Looking through revisions (git's ``--ignore-rev``) does replay, but only the lineage of paragraphs
such a revision touched: its replaced words go back to the words they replaced, its inserted words
to the owner of the word before them.
"""

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.attribution import carry, owners_of
from provenance.models import Derivation, ParagraphVersion, Revision
from provenance.revisions import revision_paragraphs
from provenance.worddiff import tokenize


@dataclass(frozen=True)
class Share:
    """How many of a paragraph's words one revision's author wrote."""

    person: str | None
    revision: int
    words: int
    share: float


@dataclass(frozen=True)
class WordOwner:
    """One token of a paragraph and the revision whose author wrote it."""

    text: str
    revision: int
    person: str | None


@dataclass(frozen=True)
class ParagraphBlame:
    """Who wrote a paragraph's standing words."""

    position: int
    text: str
    shares: list[Share]
    words: list[WordOwner]


def _is_word(token: str) -> bool:
    return any(ch.isalnum() for ch in token)


class _LookThrough:
    """Recomputes attributions with some revisions' changes looked through (memoised)."""

    def __init__(self, session: Session, ignored: Collection[int]) -> None:
        self.session, self.ignored = session, set(ignored)
        self.memo: dict[int, list[int]] = {}

    def owners(self, version: ParagraphVersion) -> list[int]:
        if version.id in self.memo:
            return self.memo[version.id]
        derivations = self.session.execute(
            select(Derivation.kind, ParagraphVersion)
            .join(ParagraphVersion, ParagraphVersion.id == Derivation.source_id)
            .where(Derivation.target_id == version.id).order_by(Derivation.source_id)
        ).all()
        text = version.text.body
        if not derivations or any(kind == "translation" for kind, _ in derivations):
            result = owners_of(version.attribution)
        else:
            sources = [source for _, source in derivations]
            source_text = " ".join(s.text.body for s in sources)
            source_owners = [o for s in sources for o in self.owners(s)]
            looked_through = version.revision_id in self.ignored
            result = carry(source_text, source_owners, text,
                           None if looked_through else version.revision_id)
        self.memo[version.id] = result
        return result


def blame_revision(
    session: Session,
    revision: Revision,
    *,
    ignore_revisions: Collection[int] = (),
    ignore_activities: Collection[str] = (),
) -> list[ParagraphBlame]:
    """Who wrote each paragraph's standing words in revision, looking through the ignored ones.

    ignore_revisions are revision numbers of the same document; ignore_activities skip every
    revision of the document whose activity is listed (``copy-edit``, say).
    """
    revisions = {r.id: r for r in session.scalars(
        select(Revision).where(Revision.document_id == revision.document_id))}
    ignored = {rid for rid, r in revisions.items()
               if r.number in set(ignore_revisions) or r.activity in set(ignore_activities)}
    looker = _LookThrough(session, ignored) if ignored else None
    result = []
    for position, stored in enumerate(revision_paragraphs(session, revision), start=1):
        version = session.get_one(ParagraphVersion, stored.version_id)
        owners = looker.owners(version) if looker else owners_of(version.attribution)
        tokens = tokenize(stored.text)
        words = [WordOwner(t, revisions[o].number, _author(revisions[o]))
                 for t, o in zip(tokens, owners, strict=True)]
        counts: dict[int, int] = {}
        for token, owner in zip(tokens, owners, strict=True):
            if _is_word(token):
                counts[owner] = counts.get(owner, 0) + 1
        total = sum(counts.values()) or 1
        shares = sorted(
            (Share(_author(revisions[o]), revisions[o].number, n, round(n / total, 4))
             for o, n in counts.items()),
            key=lambda s: (-s.words, s.revision),
        )
        result.append(ParagraphBlame(position, stored.text, shares, words))
    return result


def _author(revision: Revision) -> str | None:
    return revision.author.name if revision.author else None

