"""Paragraph alignment between two revisions of one document.

``align_paragraphs(old, new)`` says, for every paragraph, what became of it:

1. Identical paragraphs pair up first, by text (the n-th copy of a text with the n-th copy).
2. The paragraphs left over are compared all against all with the word-level similarity of
   :mod:`provenance.text.word_diff` (rapidfuzz, in C), and paired one to one by an optimal assignment
   (``scipy.optimize.linear_sum_assignment``) among the pairs at or above ``MIN_SIMILARITY``, so a
   paragraph is found wherever it went. Up to ``SMALL_MATRIX`` pairs, the usual edit, the scores are
   kept in lists: NumPy, which a matrix of many pairs needs, takes longer to load than they take to
   score, and the solver is needed only when a paragraph has rival candidates.
3. A paragraph split into consecutive paragraphs, or consecutive paragraphs merged into one, is
   recognised by containment: each part must be mostly made of the whole's words, in order, and
   the whole must be similar to the parts together. Such a group replaces the one-to-one pairs it
   overlaps only when it explains more text, counted as tokens kept (the longest common
   subsequence).
4. Which pairs kept their order is decided once, over all links together: the largest set of
   links in the same order in both revisions (a longest increasing subsequence) keeps its place,
   and every other pair is a ``move``, identical (similarity 1.0) or edited (below 1.0). Deciding
   over all links rather than over the identical pairs first matters when one paragraph is left
   alone and all its neighbours are edited: it is that paragraph that moved, not its neighbours.
   A split or merge stays a split or merge wherever it went.
5. What is left is ``insert`` or ``delete``.

Thresholds, and why:

- ``MIN_SIMILARITY = 0.5``: two paragraphs are one paragraph edited when at least half of their
  tokens survive, in order (2·LCS / (len(a) + len(b)) >= 0.5), i.e. more was kept than changed.
  Unrelated paragraphs of one news story share function words and punctuation, which gives them
  about 0.15 and rarely more than 0.35; a rewrite that keeps less than half of the words is better
  told as a deletion and an insertion.
- ``MIN_CONTAINMENT = 0.5``: a paragraph is a part of a split (or merge) when at least half of its
  tokens align, in order, with the whole it came from (or went into), by the same "more kept than
  changed" rule. Containment is measured in one alignment of the whole against all the parts
  together, so two parts can never claim the same words of the whole.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from rapidfuzz.distance import Indel, LCSseq

from provenance.text.links import REVISION_OPS, Link
from provenance.text.word_diff import encode_tokens, tokenize

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

OPS = REVISION_OPS

MIN_SIMILARITY = 0.5
MIN_CONTAINMENT = 0.5
# Up to this many pairs of changed paragraphs (old × new) are scored in lists; more, in NumPy arrays.
SMALL_MATRIX = 400

# Tokens kept or similarity of changed paragraph pairs, [r][c]: lists of rows, or a NumPy array.
_Matrix = Any


@dataclass(frozen=True)
class _Group:
    """A split or merge candidate, in the local indices of the similarity matrix."""

    rows: tuple[int, ...]
    cols: tuple[int, ...]
    kept: int  # tokens kept, the LCS of the whole against the parts joined
    similarity: float


def align_paragraphs(old: Sequence[str], new: Sequence[str]) -> list[Link]:
    """Align the paragraphs of two revisions of one document; inputs are already normalised.

    Every old index and every new index is in exactly one link. Links come in the order of the
    new text; a ``delete`` comes right after the link holding the old paragraph before it (after
    any deletes already there), or first when no earlier old paragraph survives.
    """
    links = [Link("equal", (i,), (j,), 1.0) for i, j in _identical_pairs(old, new)]
    paired_old = {i for link in links for i in link.source}
    paired_new = {j for link in links for j in link.target}
    rest_old = [i for i in range(len(old)) if i not in paired_old]
    rest_new = [j for j in range(len(new)) if j not in paired_new]
    links += _match_changed(old, new, rest_old, rest_new)
    links = _mark_moves(links, len(old))

    linked_old = {i for link in links for i in link.source}
    linked_new = {j for link in links for j in link.target}
    links += [Link("insert", (), (j,), None) for j in range(len(new)) if j not in linked_new]
    deletes = [Link("delete", (i,), (), None) for i in range(len(old)) if i not in linked_old]
    return _in_new_order(links, deletes, len(old))


def _identical_pairs(old: Sequence[str], new: Sequence[str]) -> list[tuple[int, int]]:
    """Pair paragraphs with equal text, the n-th occurrence in old with the n-th in new."""
    waiting: dict[str, list[int]] = {}
    for i in reversed(range(len(old))):
        waiting.setdefault(old[i], []).append(i)
    pairs = []
    for j, text in enumerate(new):
        stack = waiting.get(text)
        if stack:
            pairs.append((stack.pop(), j))
    return pairs


def _match_changed(
    old: Sequence[str], new: Sequence[str], rest_old: list[int], rest_new: list[int]
) -> list[Link]:
    """Pair the changed paragraphs: splits and merges, then one-to-one by optimal assignment."""
    if not rest_old or not rest_new:
        return []
    codes = encode_tokens(
        tokenize(text) for text in [*(old[i] for i in rest_old), *(new[j] for j in rest_new)]
    )
    a, b = codes[: len(rest_old)], codes[len(rest_old) :]
    small = len(a) * len(b) <= SMALL_MATRIX
    kept: _Matrix
    sim: _Matrix
    if small:
        kept, sim = _scores(a, b)
        candidates = [
            *_listed_groups(a, b, kept, rest_new, split=True),
            *_listed_groups(b, a, [list(column) for column in zip(*kept, strict=True)], rest_old,
                            split=False),
        ]
    else:
        kept, sim, len_a, len_b = _array_scores(a, b)
        candidates = [
            *_groups(a, b, kept, len_b, rest_new, split=True),
            *_groups(b, a, kept.T, len_a, rest_old, split=False),
        ]
    assign: Callable[[_Matrix, Sequence[int], Sequence[int]], list[tuple[int, int]]] = (
        _listed_assign if small else _assign)
    first = assign(sim, range(len(a)), range(len(b)))
    chosen = _choose_groups(candidates, first, kept)

    links = [
        Link(
            "split" if len(g.cols) > 1 else "merge",
            tuple(rest_old[r] for r in g.rows),
            tuple(rest_new[c] for c in g.cols),
            g.similarity,
        )
        for g in chosen
    ]
    pairs = first
    if chosen:  # the members of the groups are taken: pair the others again without them
        grouped_rows = {r for g in chosen for r in g.rows}
        grouped_cols = {c for g in chosen for c in g.cols}
        free_rows = [r for r in range(len(a)) if r not in grouped_rows]
        free_cols = [c for c in range(len(b)) if c not in grouped_cols]
        pairs = assign(sim, free_rows, free_cols)
    links += [Link("edit", (rest_old[r],), (rest_new[c],), float(sim[r][c])) for r, c in pairs]
    return links


def _scores(a: Sequence[str], b: Sequence[str]) -> tuple[list[list[int]], list[list[float]]]:
    """Tokens kept (the LCS) and similarity of every pair of a and b, as lists of rows."""
    kept = [[LCSseq.similarity(x, y) for y in b] for x in a]
    sim = [[2.0 * k / (len(x) + len(y)) if len(x) + len(y) > 0 else 0.0 for k, y in zip(row, b, strict=True)]
           for row, x in zip(kept, a, strict=True)]
    return kept, sim


def _array_scores(a: Sequence[str], b: Sequence[str]) -> tuple[
        "NDArray[np.int32]", "NDArray[np.float64]", "NDArray[np.float64]", "NDArray[np.float64]"]:
    """Tokens kept and similarity of every pair of a and b as arrays, with a's and b's lengths."""
    import numpy as np
    from rapidfuzz.process import cdist

    kept = cdist(a, b, scorer=LCSseq.similarity, dtype=np.int32)
    len_a = np.array([len(s) for s in a], dtype=np.float64)
    len_b = np.array([len(s) for s in b], dtype=np.float64)
    total = len_a[:, None] + len_b[None, :]
    sim = np.divide(2.0 * kept, total, out=np.zeros_like(total), where=total > 0)
    return kept, sim, len_a, len_b


def _listed_assign(sim: list[list[float]], rows: Sequence[int], cols: Sequence[int]) -> list[tuple[int, int]]:
    """_assign for scores in lists: the same pairs, without loading NumPy unless rivals need the solver."""
    candidates = [(r, c) for r in rows for c in cols if sim[r][c] >= MIN_SIMILARITY]
    rivals = (len({r for r, _ in candidates}) < len(candidates)
              or len({c for _, c in candidates}) < len(candidates))
    if not rivals:
        return candidates
    import numpy as np

    return _assign(np.array(sim, dtype=np.float64), rows, cols)


def _assign(sim: "NDArray[np.float64]", rows: Sequence[int], cols: Sequence[int]) -> list[tuple[int, int]]:
    """Optimal one-to-one pairing of rows and cols, maximising total similarity, above threshold."""
    import numpy as np

    if not rows or not cols:
        return []
    sub = sim[np.ix_(rows, cols)]
    candidate = sub >= MIN_SIMILARITY
    if (candidate.sum(axis=0) <= 1).all() and (candidate.sum(axis=1) <= 1).all():
        # No paragraph has two candidates (the usual edit): an optimal pairing takes every one.
        r_idx, c_idx = np.nonzero(candidate)
        return [(rows[r], cols[c]) for r, c in zip(r_idx.tolist(), c_idx.tolist(), strict=True)]
    # Imported here: scipy.optimize takes about half a second to load, and only a paragraph with
    # rival candidates needs it.
    from scipy.optimize import linear_sum_assignment

    # A pair below the threshold is worth nothing, so the assignment never trades a real pair for it.
    r_idx, c_idx = linear_sum_assignment(np.where(sub >= MIN_SIMILARITY, sub, 0.0), maximize=True)
    return [
        (rows[r], cols[c])
        for r, c in zip(r_idx.tolist(), c_idx.tolist(), strict=True)
        if sub[r, c] >= MIN_SIMILARITY
    ]


def _groups(
    wholes: Sequence[str],
    parts: Sequence[str],
    kept: "NDArray[np.int32]",
    part_len: "NDArray[np.float64]",
    part_index: list[int],
    *,
    split: bool,
) -> list[_Group]:
    """Candidate splits (a whole old paragraph, new parts) or merges (the reverse).

    ``kept[w, p]`` is the LCS of whole ``w`` and part ``p``; ``part_index`` maps a part to its
    paragraph index, which must run on without a gap for the parts to form a group.
    """
    import numpy as np

    # A part can only be mostly made of the whole's words if it is on its own.
    contained = kept >= MIN_CONTAINMENT * part_len[None, :]
    return _groups_of(wholes, parts, {
        w: np.flatnonzero(contained[w]).tolist()
        for w in np.flatnonzero(contained.sum(axis=1) >= 2).tolist()}, part_index, split=split)


def _listed_groups(wholes: Sequence[str], parts: Sequence[str], kept: list[list[int]],
                   part_index: list[int], *, split: bool) -> list[_Group]:
    """_groups for tokens kept in lists (``kept[w][p]``)."""
    contained = {w: [p for p, k in enumerate(row) if k >= MIN_CONTAINMENT * len(parts[p])]
                 for w, row in enumerate(kept)}
    return _groups_of(wholes, parts, {w: ps for w, ps in contained.items() if len(ps) >= 2},
                      part_index, split=split)


def _groups_of(wholes: Sequence[str], parts: Sequence[str], contained: dict[int, list[int]],
               part_index: list[int], *, split: bool) -> list[_Group]:
    """The verified groups of each whole with the parts it mostly contains (in ascending order)."""
    candidates = []
    for w, members in contained.items():
        for run in _consecutive_runs(members, part_index):
            for group, kept_tokens, similarity in _verified(wholes[w], parts, run):
                rows, cols = ((w,), group) if split else (group, (w,))
                candidates.append(_Group(rows, cols, kept_tokens, similarity))
    return candidates


def _consecutive_runs(positions: list[int], index: list[int]) -> list[list[int]]:
    """Cut sorted local positions into runs whose paragraph indices follow one another."""
    runs: list[list[int]] = []
    for p in positions:
        if runs and index[p] == index[runs[-1][-1]] + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    return [run for run in runs if len(run) >= 2]


def _verified(whole: str, parts: Sequence[str], run: list[int]) -> list[tuple[tuple[int, ...], int, float]]:
    """The groups a run of parts forms with the whole: (parts, tokens kept, similarity).

    The whole is aligned with all the parts at once, so no two parts claim the same words. Where
    a part is not mostly made of the whole's words, the run is cut and each piece tried again.
    """
    texts = [parts[p] for p in run]
    covered = _coverage(whole, texts)
    failed = [
        k
        for k, (c, text) in enumerate(zip(covered, texts, strict=True))
        if not text or c < MIN_CONTAINMENT * len(text)
    ]
    if not failed:
        kept = sum(covered)
        similarity = 2 * kept / (len(whole) + sum(map(len, texts)))
        return [(tuple(run), kept, similarity)] if similarity >= MIN_SIMILARITY else []
    groups = []
    start = 0
    for k in [*failed, len(run)]:
        if k - start >= 2:
            groups += _verified(whole, parts, run[start:k])
        start = k + 1
    return groups


def _coverage(whole: str, texts: list[str]) -> list[int]:
    """Tokens of each text kept in one longest-common-subsequence alignment with the whole."""
    covered = [0] * len(texts)
    ends = list(accumulate(map(len, texts)))
    k = 0
    for op in Indel.opcodes(whole, "".join(texts)):
        if op.tag != "equal":
            continue
        j, stop = op.dest_start, op.dest_end
        while j < stop:
            while ends[k] <= j:
                k += 1
            step = min(stop, ends[k]) - j
            covered[k] += step
            j += step
    return covered


def _choose_groups(candidates: list[_Group], pairs: list[tuple[int, int]], kept: _Matrix) -> list[_Group]:
    """Keep the groups that explain more text than the one-to-one pairs they would replace."""

    def gain(group: _Group) -> int:
        displaced = sum(int(kept[r][c]) for r, c in pairs if r in group.rows or c in group.cols)
        return group.kept - displaced

    scored = sorted(((gain(g), g) for g in candidates), key=lambda x: -x[0])
    chosen: list[_Group] = []
    taken_rows: set[int] = set()
    taken_cols: set[int] = set()
    for score, group in scored:
        if score <= 0:
            break
        if taken_rows.isdisjoint(group.rows) and taken_cols.isdisjoint(group.cols):
            chosen.append(group)
            taken_rows.update(group.rows)
            taken_cols.update(group.cols)
    return chosen


def _mark_moves(links: list[Link], n_old: int) -> list[Link]:
    """Relabel as ``move`` every equal or edited pair outside the longest in-order chain of links.

    The longest chain calls the fewest paragraphs moved. Among chains of one length the one with
    more unchanged paragraphs wins: an edited paragraph is the likelier one to have been worked on
    and moved.
    """
    ordered = sorted(links, key=lambda link: link.target[0])
    # Fenwick tree over old positions holding the best chain (length, similarity, link) ending
    # there. Links are disjoint intervals of old and new, so a chain is increasing in both.
    tree: list[tuple[int, float, int]] = [(0, 0.0, -1)] * (n_old + 1)
    back = [-1] * len(ordered)
    best_end: tuple[int, float, int] = (0, 0.0, -1)
    for k, link in enumerate(ordered):
        best: tuple[int, float, int] = (0, 0.0, -1)
        pos = min(link.source)  # query positions 1..min(old), i.e. old indices < min(old)
        while pos > 0:
            best = max(best, tree[pos])
            pos -= pos & -pos
        back[k] = best[2]
        here = (best[0] + 1, best[1] + (link.similarity or 0.0), k)
        best_end = max(best_end, here)
        pos = max(link.source) + 1
        while pos <= n_old:
            tree[pos] = max(tree[pos], here)
            pos += pos & -pos

    in_order = set()
    k = best_end[2]
    while k >= 0:
        in_order.add(k)
        k = back[k]
    return [
        replace(link, op="move") if k not in in_order and link.op in ("equal", "edit") else link
        for k, link in enumerate(ordered)
    ]


def _in_new_order(links: list[Link], deletes: list[Link], n_old: int) -> list[Link]:
    """Sort links by new position and slot each delete in after its old predecessor's link."""
    ordered = sorted(links, key=lambda link: link.target[0])
    owner = {i: k for k, link in enumerate(ordered) for i in link.source}
    deleted = {link.source[0]: link for link in deletes}
    after: dict[int, list[Link]] = {}  # link position (-1: the start) -> deletes that follow it
    anchor = -1
    for i in range(n_old):
        if i in deleted:
            after.setdefault(anchor, []).append(deleted[i])
        else:
            anchor = owner[i]
    result = after.get(-1, [])
    for k, link in enumerate(ordered):
        result.append(link)
        result.extend(after.get(k, []))
    return result
