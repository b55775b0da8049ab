"""Align a text with its translation: which source sentences or paragraphs became which target ones.

A Gale–Church dynamic programme (Gale & Church 1993): the cost of a bead is the surprise of its
length difference, measured in characters, plus the surprise of its shape. To that it adds a reward
for anchors that survive translation: numbers, dates, Latin-script names, quotation marks, question
and exclamation marks, and cognates found by shared four-letter prefixes (Simard, Foster & Isabelle
1992); a number on one side of a bead and not the other counts against it. Runs of segments with no
counterpart are gaps. No dictionary and no model: the expected length ratio and the rarity of each
anchor come from the text pair itself.

The search fills the whole grid, one vectorised row at a time: time and memory grow with
len(source) × len(target), which is small for stories of hundreds of paragraphs or sentences.
"""

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix
from scipy.special import log_ndtr

__all__ = ["Bead", "align_translation", "anchors_of"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Bead:
    """One step of an alignment: source indices that became target indices (either side may be empty).

    ``cost`` is the bead's share of the alignment's total cost: the lower, the surer the link.
    """

    source: tuple[int, ...]
    target: tuple[int, ...]
    cost: float


# Prior probability of each two-sided bead shape (source count, target count): Gale & Church's
# 1-1, 2-1, 1-2 and 2-2, and rarer three-segment shapes for a sentence cut in three, or three joined.
_PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.89,
    (2, 1): 0.089,
    (1, 2): 0.089,
    (2, 2): 0.011,
    (3, 1): 0.02,
    (1, 3): 0.02,
    (3, 2): 0.002,
    (2, 3): 0.002,
}
# Variance of the length difference per character, from Gale & Church.
_VARIANCE = 6.8
# A run of segments left out of the translation (1-0 beads) or added in it (0-1) is a gap, opened
# at Gale & Church's cost for a 1-0 bead, -log(0.0099), and extended at a fixed cost per segment.
# Gale & Church also charge a one-sided bead for its length, so a long added paragraph (an expert's
# comments, say) costs more than misaligning its neighbours; this gap cost ignores length.
_GAP_OPEN = 4.6
_GAP_EXTEND = 1.5
# Reward per shared anchor, scaled by its rarity, and the length of prefix that makes a cognate.
_ANCHOR_WEIGHT = 0.7
_COGNATE_PREFIX = 4
# The gap costs, the anchor weight and the priors of the shapes beyond Gale & Church's were tuned on
# the Bleualign development set (bench/bleualign.py); its test files played no part.
# Cost per number found on one side of a bead only: translators keep numbers, so a stray one says a
# paragraph was added or cut rather than merged into its neighbour. The development set scores any
# value from 0 to 1 about alike (it has few such paragraphs); news translation has many.
_UNMATCHED_NUMBER = 1.0

_INSERTED, _DELETED = -1, -2

# A number, with thousands separators of any convention, and a Korean or European order of magnitude.
_NUMBER = re.compile(
    r"(\d+(?:[.,'’\u2009\u202f]\d{3})*(?:[.,]\d+)?)"
    r"(?:([십백천만억조]+)|\s?(million|milliard|billion|millionen|milliarde)n?s?\b)?",
    re.IGNORECASE,
)
_DIGIT_SEPARATORS = re.compile(r"[.,'’\u2009\u202f](?=\d{3}(?!\d))")
_MAGNITUDES = {
    "십": 10, "백": 100, "천": 1000, "만": 10**4, "억": 10**8, "조": 10**12,
    "million": 10**6, "millionen": 10**6, "milliard": 10**9, "milliarde": 10**9, "billion": 10**9,
}  # fmt: skip
# Runs of letters: "l'expédition" and "Chomo-Lungma" are two words each, as in "Chomo Lungma".
_WORD = re.compile(r"[^\W\d_]+")
_QUOTES = frozenset('"“”„«»‹›「」『』')
_MARKS = frozenset("?!:;()%")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "january januar janvier jänner",
            "february februar février",
            "march märz mars",
            "april avril",
            "may mai",
            "june juni juin",
            "july juli juillet",
            "august august août",
            "september septembre",
            "october oktober octobre",
            "november novembre",
            "december dezember décembre",
        ),
        start=1,
    )
    for name in names.split()
}
# News style spells out small numbers ("three people") where Korean writes digits ("3명").
_NUMBER_WORDS = {
    name: number
    for number, names in enumerate(
        (
            "two zwei deux",
            "three drei trois",
            "four vier quatre",
            "five fünf cinq",
            "six sechs",
            "seven sieben sept",
            "eight acht huit",
            "nine neun neuf",
            "ten zehn dix",
            "eleven elf onze",
            "twelve zwölf douze",
        ),
        start=2,
    )
    for name in names.split()
}


def _numbers(text: str) -> list[str]:
    """The numbers written in digits, as values: "1,000", "1.000" and "1천" are all "1000".

    Korean writes large numbers in groups ("1억2천만" is 120,000,000); adjacent groups add up.
    """
    values: list[Decimal] = []
    end = -1
    for match in _NUMBER.finditer(text):
        digits, korean, european = match.groups()
        value = Decimal(_DIGIT_SEPARATORS.sub("", digits).replace(",", "."))
        for unit in korean or "":
            value *= _MAGNITUDES[unit]
        if european:
            value *= _MAGNITUDES[european.casefold()]
        if korean and match.start() == end and values:
            values[-1] += value
        else:
            values.append(value)
        end = match.end()
    return [format(value.normalize(), "f") for value in values]


def _is_latin(word: str) -> bool:
    return all("LATIN" in unicodedata.name(char, "") for char in word)


def _fold(word: str) -> str:
    """Lower case without accents, so that "expédition" and "Expedition" share a prefix."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def anchors_of(text: str) -> Counter[str]:
    """The tokens of text that a translation is likely to keep: numbers, names, months, marks, cognates."""
    anchors: Counter[str] = Counter("#" + number for number in _numbers(text))
    for word in _WORD.findall(text):
        folded = word.casefold()
        month = _MONTHS.get(folded)
        # A lower-case "may" or "march" is a verb, not a month.
        if month is not None and (word[0].isupper() or folded not in {"may", "march"}):
            anchors[f"#{month}"] += 1
            continue
        if folded in _NUMBER_WORDS:
            anchors[f"#{_NUMBER_WORDS[folded]}"] += 1
            continue
        if not _is_latin(word):
            continue
        if word[0].isupper() and len(word) > 1:
            anchors["N" + word] += 1
        if len(word) >= _COGNATE_PREFIX:
            anchors["C" + _fold(word)[:_COGNATE_PREFIX]] += 1
    for char in text:
        if char in _QUOTES:
            anchors['Q"'] += 1
        elif char in _MARKS:
            anchors["P" + char] += 1
    return anchors


def _merged(found: list[Counter[str]], size: int) -> list[Counter[str]]:
    """Entry e: the anchors of the `size` segments ending before e (empty where there are too few)."""
    merged = [Counter[str]() for _ in range(len(found) + 1)]
    for end in range(size, len(found) + 1):
        for anchors in found[end - size : end]:
            merged[end].update(anchors)
    return merged


def _anchor_costs(
    source: list[Counter[str]], target: list[Counter[str]]
) -> dict[tuple[int, int], FloatArray]:
    """For each bead shape, what the anchors add to the cost of the bead ending at each cell.

    Each shared anchor lowers the cost by its weight; each number with no counterpart in the bead
    raises it. Each copy of a token has a column of its own, so the dot product of two rows counts
    their multiset intersection, and a few sparse products score every bead of a shape.
    """
    source_spans = {size: _merged(source, size) for size, _ in _PRIORS}
    target_spans = {size: _merged(target, size) for _, size in _PRIORS}
    vocabulary: dict[tuple[str, int], int] = {}
    for spans in (*source_spans.values(), *target_spans.values()):
        for anchors in spans:
            for token, count in anchors.items():
                for copy in range(count):
                    vocabulary.setdefault((token, copy), len(vocabulary))
    frequency: Counter[str] = Counter()
    for anchors in (*source, *target):
        frequency.update(anchors.keys())
    # A token found in every segment tells nothing about which segments belong together.
    segments = len(source) + len(target)
    weights = np.array([math.log(1 + segments / frequency[token]) for token, _ in vocabulary])
    is_number = np.array([float(token.startswith("#")) for token, _ in vocabulary])

    def matrix(spans: list[Counter[str]], column_values: FloatArray) -> Any:
        rows, columns = [], []
        for row, anchors in enumerate(spans):
            for token, count in anchors.items():
                for copy in range(count):
                    rows.append(row)
                    columns.append(vocabulary[(token, copy)])
        return csr_matrix((column_values[columns], (rows, columns)), shape=(len(spans), len(vocabulary)))

    weighted = {size: matrix(spans, weights) for size, spans in source_spans.items()}
    present = {size: matrix(spans, np.ones(len(vocabulary))) for size, spans in target_spans.items()}
    source_numbers = {size: matrix(spans, is_number) for size, spans in source_spans.items()}
    target_numbers = {size: matrix(spans, is_number) for size, spans in target_spans.items()}
    costs = {}
    for di, dj in _PRIORS:
        shared = (weighted[di] @ present[dj].T).toarray()
        unmatched = (
            np.asarray(source_numbers[di].sum(axis=1)).reshape(-1, 1)
            + np.asarray(target_numbers[dj].sum(axis=1)).reshape(1, -1)
            - 2 * (source_numbers[di] @ target_numbers[dj].T).toarray()
        )
        costs[(di, dj)] = _UNMATCHED_NUMBER * unmatched - _ANCHOR_WEIGHT * shared
    return costs


def _span_lengths(lengths: list[int], size: int) -> FloatArray:
    """Entry e: total length of the `size` segments ending before e (0 where there are too few)."""
    totals = np.concatenate([[0.0], np.cumsum(lengths, dtype=np.float64)])
    spans = np.zeros(len(lengths) + 1)
    spans[size:] = totals[size:] - totals[: len(totals) - size]
    return spans


def _length_costs(source_lengths: list[int], target_lengths: list[int]) -> dict[tuple[int, int], FloatArray]:
    """For each shape, -log prior - log P(length difference) of the bead ending at each cell."""
    # Korean takes far fewer characters than English to say the same: the expected ratio of target
    # to source characters is the pair's own. Both sides go to the scale of their mean, where Gale
    # & Church's variance per character applies.
    source_total, target_total = sum(source_lengths), sum(target_lengths)
    ratio = target_total / source_total if source_total and target_total else 1.0
    source_scale, target_scale = (1 + ratio) / 2, (1 + ratio) / (2 * ratio)
    costs = {}
    for di, dj in _PRIORS:
        ls = _span_lengths(source_lengths, di)[:, None] * source_scale
        lt = _span_lengths(target_lengths, dj)[None, :] * target_scale
        delta = (lt - ls) / np.sqrt(np.maximum((ls + lt) / 2, 1e-9) * _VARIANCE)
        # -log of the two-sided normal tail: how surprising this difference in length is.
        costs[(di, dj)] = -(math.log(2) + log_ndtr(-np.abs(delta))) - math.log(_PRIORS[(di, dj)])
    return costs


def align_translation(source: Sequence[str], target: Sequence[str], *, anchors: bool = True) -> list[Bead]:
    """Align source segments with their translation: monotone beads that cover every index once.

    A segment left out of the translation, or added in it, is a bead with one side empty. With
    ``anchors=False`` the cost is length alone, as in Gale & Church.
    """
    costs = _length_costs([len(s) for s in source], [len(t) for t in target])
    if anchors:
        extra = _anchor_costs([anchors_of(s) for s in source], [anchors_of(t) for t in target])
        costs = {shape: cost + extra[shape] for shape, cost in costs.items()}
    return _search(costs, len(source), len(target))


def _exclusive_running_min(values: FloatArray) -> tuple[FloatArray, npt.NDArray[np.intp]]:
    """For each position j: the minimum of values[:j] and the last place it occurs (inf and -1 at 0)."""
    shifted = np.concatenate([[np.inf], values[:-1]])
    running = np.minimum.accumulate(shifted)
    where = np.maximum.accumulate(np.where(shifted == running, np.arange(len(values)) - 1, -1))
    return running, where


def _search(costs: dict[tuple[int, int], FloatArray], n: int, m: int) -> list[Bead]:
    """The cheapest monotone path of beads from cell (0, 0) to cell (n, m), gaps included."""
    shapes = list(costs)
    columns = np.arange(m + 1)
    best = np.full((n + 1, m + 1), np.inf)
    # The last step of the best path to each cell: an index into shapes, _INSERTED or _DELETED.
    back = np.zeros((n + 1, m + 1), dtype=np.int8)
    # Whether the gap ending at a cell continues one that ends at its upper (deletion) or left
    # (insertion) neighbour, rather than opening there.
    deletion_continues = np.zeros((n + 1, m + 1), dtype=bool)
    insertion_continues = np.zeros((n + 1, m + 1), dtype=bool)
    deleting = np.full(m + 1, np.inf)
    for i in range(n + 1):
        if i == 0:
            candidate = np.full(m + 1, np.inf)
            candidate[0] = 0.0
        else:
            opened = best[i - 1] + _GAP_OPEN
            deletion_continues[i] = deleting <= opened
            deleting = np.minimum(deleting, opened) + _GAP_EXTEND
            candidate = deleting.copy()
        chosen = np.full(m + 1, _DELETED, dtype=np.int8)
        for index, (di, dj) in enumerate(shapes):
            if di > i:
                continue
            total = best[i - di, : m + 1 - dj] + costs[(di, dj)][i, dj:]
            better = total < candidate[dj:]
            candidate[dj:][better] = total[better]
            chosen[dj:][better] = index
        # A gap of added target segments lies within one row: a running minimum finds where it opens.
        extension = _GAP_EXTEND * columns
        earlier, start = _exclusive_running_min(candidate - extension)
        inserting = earlier + _GAP_OPEN + extension
        insertion_continues[i] = start < columns - 1
        use_gap = inserting < candidate
        best[i] = np.where(use_gap, inserting, candidate)
        back[i] = np.where(use_gap, _INSERTED, chosen)

    beads = []
    i, j = n, m
    step = int(back[n, m])
    while i or j:
        if step == _DELETED:
            di, dj, continues = 1, 0, bool(deletion_continues[i, j])
            cost = _GAP_EXTEND + (0.0 if continues else _GAP_OPEN)
            step = _DELETED if continues else int(back[i - 1, j])
        elif step == _INSERTED:
            di, dj, continues = 0, 1, bool(insertion_continues[i, j])
            cost = _GAP_EXTEND + (0.0 if continues else _GAP_OPEN)
            step = _INSERTED if continues else int(back[i, j - 1])
        else:
            di, dj = shapes[step]
            cost = float(costs[(di, dj)][i, j])
            step = int(back[i - di, j - dj])
        beads.append(Bead(tuple(range(i - di, i)), tuple(range(j - dj, j)), cost))
        i, j = i - di, j - dj
    beads.reverse()
    return beads
