"""Every pair of similar strings among many, without scoring every string against every other.

``similar_pairs(keys, threshold)`` finds exactly the pairs that scoring all against all with
rapidfuzz's ``fuzz.ratio`` would find at ``threshold`` or more, with the same scores.

Why an index can be exact: ``fuzz.ratio(a, b)`` is 100·(1 − d/(|a| + |b|)), where d is the
number of single-character insertions and deletions that turn a into b. A pair at or above the
threshold therefore has d ≤ τ = ⌊(|a| + |b|)·(100 − threshold)/100⌋, and the lengths differ by
at most τ. Cut the shorter string, s, into τ + 1 pieces: the d edits can touch at most τ of them,
so at least one piece is found, unchanged, in the longer string r. More: take the first piece k
(counting from 0) such that pieces 0..k hold at most k edits between them; it holds none, exactly
k edits come before it and at most τ − k after it, so it stands in r within k places of where it
stands in s, and within τ − k places of where the difference of the lengths would put it. That is
the filter of Pass-Join (Li, Deng, Wang and Feng, VLDB 2011). Each string is indexed by its
pieces; each string looks up its own substrings of those lengths at those places in the strings
no longer than itself, and only the strings found are scored.

Names are short and a one-letter slip in ten letters is τ = 2, so pieces are a few letters long:
a string meets the few strings that share a piece with it where it stands, not all of them. Below
``INDEX_THRESHOLD`` pieces become a letter or two and match nearly everything, so every pair is
scored instead, in C, on every core.
"""

from collections.abc import Iterator, Sequence
from itertools import combinations

# Below this the pieces are so short that the index finds most strings anyway.
INDEX_THRESHOLD = 80.0
# Room for floating point in the score's rounding: the filter may let a pair too many through
# (the score decides), never one too few.
_SLACK = 1e-6


def similar_pairs(keys: Sequence[str], threshold: float) -> Iterator[tuple[int, int, float]]:
    """Every pair of indices i < j whose keys score threshold or more (0-100) with fuzz.ratio,
    with the score; identical keys score 100. Empty keys are never paired."""
    if not threshold <= 100:  # nothing scores more than 100, nor at least NaN
        return
    positions: dict[str, list[int]] = {}
    for index, key in enumerate(keys):
        if key:
            positions.setdefault(key, []).append(index)
    for same in positions.values():
        for i, j in combinations(same, 2):
            yield i, j, 100.0
    distinct = list(positions)
    for a, b, score in _distinct_pairs(distinct, threshold):
        for i in positions[distinct[a]]:
            for j in positions[distinct[b]]:
                yield (i, j, score) if i < j else (j, i, score)


def _distinct_pairs(strings: list[str], threshold: float) -> Iterator[tuple[int, int, float]]:
    """similar_pairs of strings that are all different and not empty, in no particular order."""
    from rapidfuzz import fuzz, process  # loaded where names are compared, not at start-up

    if threshold < INDEX_THRESHOLD:
        yield from _all_pairs(strings, threshold)
        return
    share = (100.0 - threshold) / 100.0  # of the two lengths together, how much may be edited

    def edits(shorter: int, longer: int) -> int:
        return int((shorter + longer) * share + _SLACK)

    def budget(length: int) -> int:
        # The most edits a pair with a string of this length as its shorter one can allow: the
        # longer one is at most length + τ long, so τ ≤ (2·length + τ)·share.
        return int(2 * length * share / (1 - share) + _SLACK)

    layouts: dict[int, tuple[int, list[tuple[int, int]]]] = {}

    def layout(length: int) -> tuple[int, list[tuple[int, int]]]:
        """The edit budget of strings of this length, and where their pieces start and end."""
        if length not in layouts:
            tau = budget(length)
            size, longer = divmod(length, tau + 1)
            bounds, start = [], 0
            for k in range(tau + 1):  # the last `longer` pieces are one letter longer
                end = start + size + (k >= tau + 1 - longer)
                bounds.append((start, end))
                start = end
            layouts[length] = tau, bounds
        return layouts[length]

    index: dict[tuple[int, int, str], list[int]] = {}
    order = sorted(range(len(strings)), key=lambda n: len(strings[n]))
    for probe in order:
        text = strings[probe]
        length = len(text)
        found: set[int] = set()
        shorter = length
        while shorter >= 1 and length - shorter <= edits(shorter, length):
            tau, bounds = layout(shorter)
            shift = length - shorter
            for k, (start, end) in enumerate(bounds):
                size = end - start
                low = max(0, start - k, start + shift - (tau - k))
                for at in range(low, min(length - size, start + k, start + shift + tau - k) + 1):
                    hit = index.get((shorter, k, text[at:at + size]))
                    if hit:
                        found.update(hit)
            shorter -= 1
        if found:
            candidates = list(found)
            for _, score, n in process.extract(text, [strings[c] for c in candidates],
                                               scorer=fuzz.ratio, score_cutoff=threshold, limit=None):
                yield candidates[n], probe, score
        _, bounds = layout(length)
        for k, (start, end) in enumerate(bounds):
            index.setdefault((length, k, text[start:end]), []).append(probe)


def _all_pairs(strings: list[str], threshold: float) -> Iterator[tuple[int, int, float]]:
    """Score every pair, a block of rows at a time so memory stays small."""
    import numpy as np  # only here: the index needs no NumPy
    from rapidfuzz import fuzz, process  # loaded where names are compared, not at start-up

    block = max(1, 4_000_000 // max(1, len(strings)))
    for first in range(0, len(strings), block):
        scores = process.cdist(strings[first:first + block], strings, scorer=fuzz.ratio,
                               score_cutoff=threshold, dtype=np.float64, workers=-1)
        # A score under the cutoff reads 0, which only a threshold of 0 accepts, rightly.
        for r, j in zip(*(scores >= threshold).nonzero(), strict=True):
            i = first + int(r)
            if i < j:
                yield i, int(j), float(scores[r, j])
