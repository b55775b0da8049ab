"""Diffs between two revisions of a document: paragraph operations, word changes inside them."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from provenance.models import Revision
from provenance.people import author_name
from provenance.revisions import revision_paragraphs
from provenance.text.word_diff import Change, word_diff


@dataclass(frozen=True)
class RevisionRef:
    """Which revision a diff side is, and who made it."""

    revision: int
    author: str | None
    activity: str | None
    time: datetime
    message: str | None


@dataclass(frozen=True)
class ParagraphDiff:
    """What became of some paragraphs: positions are 1-based, as `show` numbers them."""

    op: str
    old: list[int]
    new: list[int]
    similarity: float | None
    changes: list[Change]


@dataclass(frozen=True)
class Diff:
    """A diff of two revisions of one document."""

    story: str
    language: str
    from_: RevisionRef
    to: RevisionRef
    paragraphs: list[ParagraphDiff]

    def as_json(self) -> dict[str, object]:
        """The documented JSON shape (``from`` is a Python keyword, hence the rename here)."""
        return {
            "story": self.story,
            "language": self.language,
            "from": self.from_.__dict__,
            "to": self.to.__dict__,
            "paragraphs": [
                {**p.__dict__, "changes": [c.__dict__ for c in p.changes]} for p in self.paragraphs
            ],
        }


def _ref(session: Session, revision: Revision) -> RevisionRef:
    return RevisionRef(revision.number, author_name(session, revision.author_id),
                       revision.activity, revision.created_at, revision.message)


def diff_texts(old: list[str], new: list[str]) -> list[ParagraphDiff]:
    """Align two lists of paragraphs and diff each aligned group word by word."""
    # Imported here: alignment loads NumPy, which commands that only read do not need.
    from provenance.text.paragraph_alignment import align_paragraphs

    result = []
    for link in align_paragraphs(old, new):
        before = " ".join(old[i] for i in link.source)
        after = " ".join(new[j] for j in link.target)
        changes = [] if before == after else word_diff(before, after)
        similarity = None if link.similarity is None else round(link.similarity, 4)
        result.append(ParagraphDiff(link.op, [i + 1 for i in link.source], [j + 1 for j in link.target],
                                    similarity, changes))
    return result


def diff_revisions(session: Session, old: Revision, new: Revision) -> Diff:
    """Diff two revisions of the same document."""
    document = new.document
    return Diff(
        story=document.story.slug,
        language=document.language,
        from_=_ref(session, old),
        to=_ref(session, new),
        paragraphs=diff_texts([p.text for p in revision_paragraphs(session, old)],
                              [p.text for p in revision_paragraphs(session, new)]),
    )
