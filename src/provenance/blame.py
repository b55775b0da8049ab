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

import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from provenance.errors import CorruptHistory
from provenance.models import (
    Derivation,
    ParagraphVersion,
    Revision,
    RevisionParagraph,
    TextBlob,
)
from provenance.people import names_now
from provenance.text.attribution import Owner, carry, owners_checked
from provenance.text.word_diff import tokenize


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


_WORD = re.compile(r"[^\W_]")


def is_word(token: str) -> bool:
    """Whether a token is a word (has a letter or digit), not punctuation."""
    return _WORD.search(token) is not None


class _LookThrough:
    """Recomputes attributions with some revisions' changes looked through (memoised)."""

    def __init__(self, session: Session, ignored: Collection[int]) -> None:
        self.session, self.ignored = session, set(ignored)
        self.memo: dict[int, list[Owner]] = {}

    def owners(self, version: ParagraphVersion) -> list[Owner]:
        if version.id in self.memo:
            return self.memo[version.id]
        derivations = self.session.execute(
            select(Derivation.kind, ParagraphVersion)
            .join(ParagraphVersion, ParagraphVersion.id == Derivation.source_id)
            .where(Derivation.target_id == version.id).order_by(Derivation.source_id)
        ).all()
        if not derivations or any(kind == "translation" for kind, _ in derivations):
            result = stored_owners(version.id, version.attribution, version.text.body)
        else:
            sources = [source for _, source in derivations]
            made_by = self.session.get_one(Revision, version.revision_id)
            author = None if made_by.number in self.ignored else (made_by.number, made_by.author_id)
            try:
                result = carry(" ".join(s.text.body for s in sources),
                               [o for s in sources for o in self.owners(s)], version.text.body, author)
            except ValueError as exc:
                raise CorruptHistory(f"the word attribution of the sources of paragraph version "
                                     f"{version.id} is corrupt ({exc}): see `provenance verify`") from None
        self.memo[version.id] = result
        return result


def stored_owners(version_id: int, runs: str, text: str) -> list[Owner]:
    """The owner of each token of a paragraph version, as stored; CorruptHistory if the stored runs
    are malformed or do not fit the text (verify names it attribution-altered)."""
    try:
        return owners_checked(runs, len(tokenize(text)))
    except ValueError as exc:
        raise CorruptHistory(f"the stored word attribution of paragraph version {version_id} is corrupt "
                             f"({exc}): see `provenance verify`") from None


def blame_revision(
    session: Session,
    revision: Revision,
    *,
    ignore_revisions: Collection[int] = (),
    ignore_activities: Collection[str] = (),
    words: bool = False,
) -> list[ParagraphBlame]:
    """Who wrote each paragraph's standing words in revision, looking through the ignored ones.

    ignore_revisions are revision numbers of the same document; ignore_activities skip every
    revision of the document whose activity is listed (``copy-edit``, say). With words, each
    paragraph also lists every token with its revision (else ``words`` is empty). Without
    ignores the cost depends on the revision's size, not on the length of its history. Stored
    attribution that does not fit its text is CorruptHistory, never a wrong answer.
    """
    looker = None
    if ignore_revisions or ignore_activities:
        ignored = set(session.scalars(select(Revision.number).where(
            Revision.document_id == revision.document_id,
            or_(Revision.number.in_(list(ignore_revisions)),
                Revision.activity.in_(list(ignore_activities))))))
        looker = _LookThrough(session, ignored) if ignored else None
    rows = session.execute(
        select(RevisionParagraph.position, ParagraphVersion.id, ParagraphVersion.attribution,
               TextBlob.body)
        .join(ParagraphVersion, ParagraphVersion.id == RevisionParagraph.version_id)
        .join(TextBlob, TextBlob.sha256 == ParagraphVersion.text_sha256)
        .where(RevisionParagraph.revision_id == revision.id)
        .order_by(RevisionParagraph.position)
    ).all()
    owners_by_position = [
        looker.owners(session.get_one(ParagraphVersion, vid)) if looker else stored_owners(vid, runs, text)
        for _, vid, runs, text in rows
    ]
    names = names_now(session, {o[1] for owners in owners_by_position for o in owners})
    result = []
    for (position, _, _, text), owners in zip(rows, owners_by_position, strict=True):
        tokens = tokenize(text)
        counts = Counter(o for t, o in zip(tokens, owners, strict=True) if is_word(t))
        total = sum(counts.values()) or 1
        shares = [Share(names[person], number, n, round(n / total, 4))
                  for (number, person), n in sorted(counts.items(), key=lambda c: (-c[1], c[0][0]))]
        owned = [WordOwner(t, number, names[person])
                 for t, (number, person) in zip(tokens, owners, strict=True)] if words else []
        result.append(ParagraphBlame(position, text, shares, owned))
    return result
