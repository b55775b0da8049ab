"""The link: which paragraphs of one text became which paragraphs of another."""

from dataclasses import dataclass
from typing import Final

__all__ = ["LINK_OPS", "REVISION_OPS", "Link"]

# Within one document's revisions: equal, edit, move, split, merge, insert, delete. Between the
# documents of a story: translation.
LINK_OPS: Final = ("equal", "edit", "move", "split", "merge", "insert", "delete", "translation")
REVISION_OPS: Final = tuple(op for op in LINK_OPS if op != "translation")


@dataclass(frozen=True)
class Link:
    """Source paragraphs that became target paragraphs (0-based positions; either side may be
    empty: an insert has no source, a delete or an untranslated paragraph no target).

    ``similarity`` is, for a revision's links, that of :func:`provenance.text.word_diff.similarity`
    between the two sides joined (1.0 for ``equal``, None for ``insert`` and ``delete``); for a
    translation link it is the link's confidence: 1.0 given by hand, the aligner's posterior
    probability of the link when found automatically.
    """

    op: str  # one of LINK_OPS
    source: tuple[int, ...]
    target: tuple[int, ...]
    similarity: float | None = None
