"""Align a text with its translation: which source sentences or paragraphs became which target ones.

The cost of a bead (source segments that became target segments) follows Gale & Church (1993):
the surprise of its length difference, measured in characters, plus the surprise of its shape. To
that it adds a reward for anchors that survive translation: numbers in either script's conventions
("3억 2천만" is 320,000,000), dates, Latin-script names and acronyms, names written in another
script matched by the sound of their romanisation (오바마 and Obama), quotation marks, question and
exclamation marks, and cognates found by shared four-letter prefixes (Simard, Foster & Isabelle
1992). A number or a name on one side of a bead and not the other counts against it. No dictionary
and no model: the expected length ratio and the rarity of each anchor come from the text pair
itself (the ratio from the one-to-one links of a first alignment, so that a paragraph added or left
out does not stretch the lengths expected of the others).

Beside the monotone shapes, two adjacent segments may cross (a swap: the translator put them in the
other order), and a segment may have no counterpart (added in the translation, or left out of it);
a segment left out that matches one added elsewhere is linked to it (a paragraph moved further).
Between scripts, a source segment and a target segment side by side may also be unrelated (one left
out, another added in its place), a step of its own that a one-to-one link must beat.

The best alignment is the cheapest path through the grid of (source, target) cells; each link's
``confidence`` is its posterior probability: the costs read as -log probabilities and summed over
every path with the forward–backward algorithm, it is the share of all paths' probability that
goes through this link (for a segment left unlinked, through some gap that leaves it out). Time
and memory grow with len(source) × len(target), filled one vectorised row at a time.
"""

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix
from scipy.special import log_ndtr

__all__ = ["Bead", "align_translation", "anchors_of"]

FloatArray = npt.NDArray[np.float64]
Shape = tuple[int, int]


@dataclass(frozen=True)
class Bead:
    """One link of an alignment: source indices that became target indices (either side may be empty).

    ``cost`` is the bead's share of the alignment's total cost: the lower, the surer. ``confidence``
    is the posterior probability of exactly this link (0 to 1); a link of a swap crosses its
    neighbour (``crossing``).
    """

    source: tuple[int, ...]
    target: tuple[int, ...]
    cost: float
    confidence: float = 1.0
    crossing: bool = False


# Prior probability of each two-sided bead shape (source count, target count): Gale & Church's
# 1-1, 2-1, 1-2 and 2-2, and rarer three-segment shapes for a sentence cut in three, or three joined.
_PRIORS: dict[Shape, float] = {
    (1, 1): 0.89,
    (2, 1): 0.089,
    (1, 2): 0.089,
    (2, 2): 0.001,
    (3, 1): 0.02,
    (1, 3): 0.02,
    (3, 2): 0.0002,
    (2, 3): 0.0002,
}
# Variance of the length difference per character, from Gale & Church. (Measured per text pair on
# a first alignment, like the ratio, it did no better on the Korean–English stories.)
_VARIANCE = 6.8
# A run of segments left out of the translation (1-0 beads) or added in it (0-1) is a gap, opened
# at Gale & Church's cost for a 1-0 bead, -log(0.0099), and extended at a fixed cost per segment.
_GAP_OPEN = 4.6
_GAP_EXTEND = 1.5
_INSERTED, _DELETED = -1, -2
# The length ratio is measured again on the one-to-one links of a first alignment when it has at
# least this many (see align_translation).
_MIN_RATIO_LINKS = 2
# Between scripts, a source and a target segment side by side that translate nothing of each other
# (a paragraph left out and another added in its place) are one step at this cost, below two gaps:
# a one-to-one link costs more only when lengths and anchors speak against it, as they do for two
# unrelated paragraphs (on the Korean–English development stories: stray numbers, no shared name).
_UNRELATED = 6.0
# Two adjacent segments translated in the other order: the two 1-1 beads plus this.
_SWAP = 3.0
# Linking a paragraph moved further than its neighbour's place: a segment left out with one added
# elsewhere, or exchanging the targets of two one-to-one links, costs this beside the 1-1 costs.
_MOVE = 1.0
# Reward per shared anchor, scaled by its rarity, and the length of prefix that makes a cognate.
_ANCHOR_WEIGHT = 0.7
_COGNATE_PREFIX = 4
# Cost per number found on one side of a bead only: translators keep numbers, so a stray one says
# a paragraph was added or cut rather than merged into its neighbour.
_UNMATCHED_NUMBER = 1.0
# The same for a Latin-script name or acronym that a text in another script keeps ("CNN", "FDA는"):
# its translation has it too. (A name in the Latin-script text may be translated, Japan as 일본.)
_UNMATCHED_NAME = 1.0
# A bead with more than one segment on a side pays up to this for each member that shares less
# than _IDLE_SHARE (weighted anchors) with the other side (see _idle_members).
_IDLE_MEMBER = 4.0
_IDLE_SHARE = 2.5
# Between scripts, a one-to-one link whose sides share no anchor at all pays its stray numbers and
# names again, up to this: with nothing to say the two belong together, what only one side has
# is the sign of two unrelated paragraphs side by side (one left out, another added in its place).
# Linked paragraphs that share nothing are mostly short, with nothing stray either. (On the
# Korean–English variants, 2 to 2.5 unlink 8 more of 42 such pairs; 3 unlinks true translations.)
_UNSHARED_STRAYS = 2.0
# A bead with more than one segment on its Latin-script side pays this for each name there that
# sounds like no word on the other side: a translation writes the names it translates in its own
# script, where they sound alike, while a paragraph added from elsewhere brings names of its own.
# (Not a one-to-one link: translators also translate names, Japan as 일본, and a one-to-one link
# stands against gaps that pay nothing for names. On the Korean–English variants 0.3 to 0.5 keep
# most added paragraphs out of their neighbours' beads; from 0.6 a split paragraph comes apart.)
_UNHEARD_NAME = 0.4
# Anchors that a text in another script cannot share: the cognate prefixes of Latin-script words.
# They count in no segment's weight of anchors it could share.
_UNSHAREABLE = frozenset("C")

# A number, with thousands separators of any convention, and a Korean or European order of magnitude.
_NUMBER = re.compile(
    r"(\d+(?:[.,'’\u2009\u202f]\d{3})*(?:[.,]\d+)?)"
    r"(?:([십백천만억조]+)|\s?(million|milliard|billion|trillion|millionen|milliarde)n?s?\b)?",
    re.IGNORECASE,
)
_DIGIT_SEPARATORS = re.compile(r"[.,'’\u2009\u202f](?=\d{3}(?!\d))")
_MAGNITUDES = {
    "십": 10, "백": 100, "천": 1000, "만": 10**4, "억": 10**8, "조": 10**12,
    "million": 10**6, "millionen": 10**6, "milliard": 10**9, "milliarde": 10**9, "billion": 10**9,
    "trillion": 10**12,
}  # fmt: skip
# Runs of letters: "l'expédition" and "Chomo-Lungma" are two words each, as in "Chomo Lungma".
_WORD = re.compile(r"[^\W\d_]+")
_QUOTES = frozenset('"“”„«»‹›「」『』')
_MARKS = frozenset("?!:;()%")
_PERCENT_WORDS = frozenset({"percent", "prozent", "pourcent", "퍼센트"})
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

    Korean writes large numbers in groups ("1억2천만", "3억 2천만", "1만8500"); a group that follows
    a larger one, with at most a space between them, adds to it.
    """
    values: list[Decimal] = []
    end = -1
    unit_before: int | None = None  # the smallest Korean order of magnitude of the last group
    for match in _NUMBER.finditer(text):
        digits, korean, european = match.groups()
        value = Decimal(_DIGIT_SEPARATORS.sub("", digits).replace(",", "."))
        unit = 1
        for char in korean or "":
            unit *= _MAGNITUDES[char]
        value *= unit
        if european:
            value *= _MAGNITUDES[european.casefold()]
        joined = text[end : match.start()].strip() == "" if end >= 0 else False
        if joined and unit_before is not None and values and value < unit_before:
            values[-1] += value
        else:
            values.append(value)
        unit_before = unit if korean and unit > 1 else None
        end = match.end()
    return [format(value.normalize(), "f") for value in values]


def _words(text: str) -> list[str]:
    """Runs of letters, cut where the script changes: Korean writes "FDA는" (the FDA + particle)."""
    found: list[str] = []
    for word in _WORD.findall(text):
        found.extend(run for run in _SCRIPT_RUN.findall(word))
    return found


_SCRIPT_RUN = re.compile(r"[A-Za-z\u00c0-\u024f]+|[^A-Za-z\u00c0-\u024f]+")


def _is_latin(word: str) -> bool:
    return all("LATIN" in unicodedata.name(char, "") for char in word)


def _fold(word: str) -> str:
    """Lower case without accents, so that "expédition" and "Expedition" share a prefix."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# How a name sounds, roughly: consonant classes in order, vowels and h/w/y dropped. Enough to match
# a romanised transliteration (매케인 -> maekein) with the name it transliterates (McCain).
_SPELLINGS = [
    (re.compile(r"ph"), "f"), (re.compile(r"ck|qu?"), "k"), (re.compile(r"x"), "ks"),
    (re.compile(r"c(?=[eiy])"), "s"),
    (re.compile(r"c"), "k"), (re.compile(r"sh|ch|th"), "s"), (re.compile(r"ng"), "n"),
]  # fmt: skip
_CLASSES = str.maketrans("bpfvgkqdtszjlrmn", "ppppkkkttsssllmn", "aeiouyhwx")


def _sound(word: str, *, english: bool, rhotic: bool = False) -> str:
    spelled = _fold(word)
    if english and not rhotic:
        # Transliteration follows speech: an r before a consonant or at the end is not heard.
        spelled = re.sub(r"r(?![aeiouy])", "", spelled)
    for pattern, replacement in _SPELLINGS:
        spelled = pattern.sub(replacement, spelled)
    return re.sub(r"(.)\1+", r"\1", spelled.translate(_CLASSES))


# English endings that make a name a plural, a people or an adjective ("Kurds", "Kurdish", "Iraqi",
# "Bosnian"): Korean writes the name itself (쿠르드, 이라크, 보스니아).
_NAME_ENDINGS = re.compile(r"(?:'s|’s|s|ish|ians?|ans?|i|ese)$")


@cache
def _name_sounds(word: str) -> frozenset[str]:
    """The sounds a transliteration of an English-script name may have.

    English names reach Korean as spoken, an r before a consonant unheard (Carter, 카터); other
    names keep their r (Kirkuk, 키르쿠크). Both are kept, for the name and for its stem.
    """
    stems = {word}
    stem = _NAME_ENDINGS.sub("", word)
    if len(stem) >= 3:
        stems.add(stem)
    keys = {_sound(stem, english=True, rhotic=rhotic) for stem in stems for rhotic in (False, True)}
    return frozenset(key for key in keys if len(key) >= _MIN_SOUND)


# Korean particles and endings that follow a name ("오바마는", "매케인과의"): the name is what
# comes before them. Longest first.
_PARTICLE_LIST = ("은 는 이 가 을 를 의 에 에서 에게 께서 와 과 도 로 으로 만 까지 부터 보다 처럼 이라고 "
                  "라고 이라는 라는 에는 에도 와의 과의 에서는 에게는 으로는 로는 측 씨")
_PARTICLES = sorted(_PARTICLE_LIST.split(), key=len, reverse=True)


@cache
def _romanised_sounds(word: str) -> frozenset[str]:
    """The sound of a word in another script, romanised, with and without a particle after it."""
    from anyascii import anyascii  # only alignment needs it

    stems = {word}
    for particle in _PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= 2:
            stems.add(word[: -len(particle)])
            break
    keys = {_sound(anyascii(stem), english=False) for stem in stems}
    found = {"S" + key for key in keys if len(key) >= _MIN_SOUND}
    # A Korean person's name is three syllables, family name first, written in English as
    # "Kim Min-ji": matched syllable by syllable, however short its sound. (Matched whole, the
    # short sound of a name such as "Chun Yung-woo", kn, is that of many a word, 차관 among them.)
    found.update("K" + "-".join(_sound(anyascii(syllable), english=False) for syllable in stem)
                 for stem in stems if len(stem) == 3)
    return frozenset(found)


_MIN_SOUND = 3
# "Kim Min-ji", "Oh Se-hoon", "Park Geun-hye": a family name and a hyphenated given name.
_KOREAN_NAME = re.compile(r"\b([A-Z][a-z]{0,5}) ([A-Z][a-z]+-[a-z]+)\b")


def anchors_of(text: str, *, romanise: bool = False) -> Counter[str]:
    """The tokens of text that a translation is likely to keep: numbers, names, months, marks, cognates.

    With ``romanise``, names also give the sound of their spelling (``S`` tokens), and words in
    other scripts the sounds of their romanisation, so that names match across scripts.
    """
    anchors: Counter[str] = Counter("#" + number for number in _numbers(text))
    for word in _words(text):
        folded = word.casefold()
        month = _MONTHS.get(folded)
        # A lower-case "may" or "march" is a verb, not a month.
        if month is not None and (word[0].isupper() or folded not in {"may", "march"}):
            anchors[f"#{month}"] += 1
            continue
        if folded in _NUMBER_WORDS:
            anchors[f"#{_NUMBER_WORDS[folded]}"] += 1
            continue
        if folded in _PERCENT_WORDS:
            anchors["P%"] += 1
            continue
        if not _is_latin(word):
            if romanise:
                anchors.update(_romanised_sounds(word))
            continue
        if word[0].isupper() and len(word) > 1:
            anchors["N" + word] += 1
            if romanise:
                anchors.update("S" + key for key in _name_sounds(word))
        if len(word) >= _COGNATE_PREFIX:
            anchors["C" + _fold(word)[:_COGNATE_PREFIX]] += 1
    if romanise:
        for family, given in _KOREAN_NAME.findall(text):
            syllables = (family, *given.split("-"))
            anchors["K" + "-".join(_sound(syllable, english=True) for syllable in syllables)] += 1
    for char in text:
        if char in _QUOTES:
            anchors['Q"'] += 1
        elif char in _MARKS:
            anchors["P" + char] += 1
    if romanise and anchors['Q"']:
        # Between scripts a quotation is one anchor, whatever marks open and close it.
        anchors['Q"'] = (anchors['Q"'] + 1) // 2
    return anchors


def _merged(found: list[Counter[str]], size: int) -> list[Counter[str]]:
    """Entry e: the anchors of the `size` segments ending before e (empty where there are too few)."""
    merged = [Counter[str]() for _ in range(len(found) + 1)]
    for end in range(size, len(found) + 1):
        for anchors in found[end - size : end]:
            merged[end].update(anchors)
    return merged


def _anchor_costs(
    source: list[Counter[str]], target: list[Counter[str]], *, idle: bool,
    kept_names: tuple[bool, bool] = (False, False),
) -> dict[Shape, FloatArray]:
    """For each bead shape, what the anchors add to the cost of the bead ending at each cell.

    Each shared anchor lowers the cost by its weight; each number with no counterpart in the bead
    raises it, and so does each Latin-script name on a side whose names the other must keep
    (``kept_names``, source and target). Each copy of a token has a column of its own, so the dot
    product of two rows counts their multiset intersection, and a few sparse products score every
    bead of a shape. With ``idle`` (between scripts), each member of a bead with more than one
    segment on a side must share anchors of its own, a one-to-one link that shares none pays for
    its strays again (_UNSHARED_STRAYS), and a bead of several Latin-script segments pays for each
    name there that no word of the other side sounds like (_UNHEARD_NAME).
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
    stray = {
        side: np.array([_UNMATCHED_NUMBER if token.startswith("#")
                        else _UNMATCHED_NAME if kept and token.startswith("N") else 0.0
                        for token, _ in vocabulary])
        for side, kept in zip(("source", "target"), kept_names, strict=True)
    }

    def matrix(spans: list[Counter[str]], column_values: FloatArray) -> Any:
        rows, columns = [], []
        for row, anchors in enumerate(spans):
            for token, count in anchors.items():
                for copy in range(count):
                    rows.append(row)
                    columns.append(vocabulary[(token, copy)])
        return csr_matrix((column_values[columns], (rows, columns)), shape=(len(spans), len(vocabulary)))

    ones = np.ones(len(vocabulary))
    weighted = {size: matrix(spans, weights) for size, spans in source_spans.items()}
    present = {size: matrix(spans, ones) for size, spans in target_spans.items()}
    source_stray = {size: matrix(spans, stray["source"]) for size, spans in source_spans.items()}
    target_stray = {size: matrix(spans, stray["target"]) for size, spans in target_spans.items()}
    source_present = {size: matrix(spans, ones) for size, spans in source_spans.items()}
    shared = {(di, dj): (weighted[di] @ present[dj].T).toarray() for di, dj in _PRIORS}
    weight_of = {token: weights[vocabulary[(token, 0)]] for token, _ in vocabulary}
    # How much each segment could share: the weight of all its anchors the other side could have.
    source_mass, target_mass = (
        np.array([sum(c * weight_of[t] for t, c in a.items() if t[0] not in _UNSHAREABLE) for a in side])
        for side in (source, target))

    costs = {}
    for di, dj in _PRIORS:
        unmatched = (
            np.asarray(source_stray[di].sum(axis=1)).reshape(-1, 1)
            + np.asarray(target_stray[dj].sum(axis=1)).reshape(1, -1)
            - (source_stray[di] @ present[dj].T).toarray()
            - (source_present[di] @ target_stray[dj].T).toarray()
        )
        costs[(di, dj)] = unmatched - _ANCHOR_WEIGHT * shared[(di, dj)]
        if idle:
            costs[(di, dj)] += _idle_members(shared, di, dj, source_mass, target_mass)
            if (di, dj) == (1, 1):
                costs[(di, dj)] += np.where(shared[(di, dj)] > 0, 0.0,
                                            np.minimum(unmatched, _UNSHARED_STRAYS))
    if idle and kept_names[0] != kept_names[1]:
        for shape, unheard in _unheard_names(source, target, latin_target=kept_names[0]).items():
            costs[shape] += _UNHEARD_NAME * unheard
    return costs


def _span_sums(rows: FloatArray, size: int) -> FloatArray:
    """Row e: the sum of the `size` rows ending before e (zeros where there are too few)."""
    totals = np.concatenate([np.zeros((1, rows.shape[1])), np.cumsum(rows, axis=0)])
    spans = np.zeros_like(totals)
    spans[size:] = totals[size:] - totals[: len(totals) - size]
    return spans


def _unheard_names(source: list[Counter[str]], target: list[Counter[str]], *,
                   latin_target: bool) -> dict[Shape, FloatArray]:
    """For each shape with more than one Latin-script segment: how many names on the Latin-script
    side of the bead ending at each cell sound like no word on the other side (see _UNHEARD_NAME)."""
    latin, other = (target, source) if latin_target else (source, target)
    names = sorted({t[1:] for anchors in latin for t in anchors
                    if t.startswith("N") and _name_sounds(t[1:])})
    sounds = sorted({"S" + key for name in names for key in _name_sounds(name)})
    name_at, sound_at = {n: k for k, n in enumerate(names)}, {t: k for k, t in enumerate(sounds)}
    sounds_of = np.zeros((len(names), len(sounds)))
    for name in names:
        for key in _name_sounds(name):
            sounds_of[name_at[name], sound_at["S" + key]] = 1.0
    named = np.zeros((len(latin), len(names)))
    for k, anchors in enumerate(latin):
        for token, count in anchors.items():
            if token[1:] in name_at and token.startswith("N"):
                named[k, name_at[token[1:]]] += count
    heard = np.zeros((len(other), len(sounds)))
    for k, anchors in enumerate(other):
        for token in anchors:
            if token in sound_at:
                heard[k, sound_at[token]] = 1.0
    found = {}
    for di, dj in _PRIORS:
        latin_size, other_size = (dj, di) if latin_target else (di, dj)
        unheard = np.zeros((len(latin) + 1, len(other) + 1))
        if latin_size >= 2:
            matched = (_span_sums(heard, other_size) @ sounds_of.T) > 0
            unheard = _span_sums(named, latin_size) @ (~matched).T
        found[(di, dj)] = unheard.T if latin_target else unheard
    return found


def _idle_members(shared: dict[Shape, FloatArray], di: int, dj: int, source_mass: FloatArray,
                  target_mass: FloatArray) -> FloatArray:
    """What a bead pays for each of its segments that shares little with the other side.

    A paragraph added in the translation next to a translated one is no part of it: joined to
    its neighbour's bead it keeps every anchor the neighbour has, so each member of a bead with
    more than one segment on a side must bring anchors of its own, or cost about a gap. A
    segment with nothing the other side could share (a short sentence) pays nothing.
    """
    size = shared[(di, dj)].shape
    idle = np.zeros(size)
    for count, member_shape, along_source in ((di, (1, dj), True), (dj, (di, 1), False)):
        if count < 2:
            continue
        for r in range(count):
            member = np.full(size, np.inf)
            mass = np.zeros(size)
            part = shared[member_shape]
            if along_source:  # source segment i - di + r against the target span ending at j
                member[di:, :] = part[1 + r : size[0] - di + 1 + r, :]
                mass[di:, :] = source_mass[r : size[0] - di + r, None]
            else:
                member[:, dj:] = part[:, 1 + r : size[1] - dj + 1 + r]
                mass[:, dj:] = target_mass[None, r : size[1] - dj + r]
            idle += (_IDLE_MEMBER * np.clip(1 - member / _IDLE_SHARE, 0, 1)
                     * np.clip(mass / _IDLE_SHARE, 0, 1))

    return idle


def _span_lengths(lengths: list[int], size: int) -> FloatArray:
    """Entry e: total length of the `size` segments ending before e (0 where there are too few)."""
    totals = np.concatenate([[0.0], np.cumsum(lengths, dtype=np.float64)])
    spans = np.zeros(len(lengths) + 1)
    spans[size:] = totals[size:] - totals[: len(totals) - size]
    return spans


def _length_costs(source_lengths: list[int], target_lengths: list[int],
                  ratio: float | None = None) -> dict[Shape, FloatArray]:
    """For each shape, -log prior - log P(length difference) of the bead ending at each cell.

    ``ratio`` is the expected number of target characters per source character; by default, that
    of the two texts' total lengths.
    """
    # Korean takes far fewer characters than English to say the same: the expected ratio of target
    # to source characters is the pair's own. Both sides go to the scale of their mean, where Gale
    # & Church's variance per character applies (Korean–English news paragraphs fit it too: on
    # the development stories the median difference of a one-to-one link is 0.53 of its unit).
    if ratio is None:
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
    """Align source segments with their translation: beads that cover every index once.

    Beads come in source order; a link that crosses another (a swap, or a paragraph moved further)
    says so (``crossing``). A segment left out of the translation, or added in it, is a bead with
    one side empty. With ``anchors=False`` the cost is length alone, as in Gale & Church, and
    nothing crosses.
    """
    extra: dict[Shape, FloatArray] = {}
    scripts = _scripts(source) != _scripts(target)
    if anchors:
        # Between two scripts, names are matched by sound, and a shared anchor is seldom chance,
        # so a segment that shares none is no part of its neighbour's bead, and links may be
        # exchanged or made across the order where the anchors say so. (Within one script these
        # cost more than they gain: on the Bleualign German–French set shared word prefixes keep
        # short sentences from joining their neighbours and pull links out of order.)
        kept = (scripts and _scripts(source) != "latin", scripts and _scripts(target) != "latin")
        extra = _anchor_costs([anchors_of(s, romanise=scripts) for s in source],
                              [anchors_of(t, romanise=scripts) for t in target], idle=scripts,
                              kept_names=kept)
    source_lengths, target_lengths = [len(s) for s in source], [len(t) for t in target]

    def search(ratio: float | None) -> tuple[list[Bead], dict[Shape, FloatArray]]:
        costs = _length_costs(source_lengths, target_lengths, ratio)
        if anchors:
            costs = {shape: cost + extra[shape] for shape, cost in costs.items()}
        lattice = _Lattice(costs, len(source), len(target), swaps=anchors,
                           unrelated=_UNRELATED if anchors and scripts else None)
        return lattice.best(), costs

    beads, costs = search(None)
    if anchors:
        # The ratio of the total lengths counts a paragraph added in the translation, or left out
        # of it, as translated text: it stretches every expected length, so that the paragraph
        # seems to belong in its neighbour's bead. The ratio of the one-to-one links found with
        # it leaves such a paragraph out; the search runs again with that.
        ratio = _linked_ratio(beads, source_lengths, target_lengths)
        if ratio is not None:
            beads, costs = search(ratio)
    if anchors and scripts:
        beads = _moved(_exchanged(beads, costs[(1, 1)]), costs[(1, 1)])
    return _mark_crossings(beads)


def _linked_ratio(beads: list[Bead], source_lengths: list[int], target_lengths: list[int]) -> float | None:
    """Target characters per source character over the one-to-one links of beads.

    None where there are fewer than _MIN_RATIO_LINKS: one pair of paragraphs says more about
    itself than about the two texts.
    """
    ones = [b for b in beads if len(b.source) == len(b.target) == 1]
    source_total = sum(source_lengths[b.source[0]] for b in ones)
    target_total = sum(target_lengths[b.target[0]] for b in ones)
    if len(ones) < _MIN_RATIO_LINKS or not source_total or not target_total:
        return None
    return target_total / source_total


def _exchanged(beads: list[Bead], one: FloatArray) -> list[Bead]:
    """Exchange the targets of two one-to-one links where that is cheaper by more than _MOVE.

    A paragraph moved further than its neighbour's place pulls the links between into a wrong
    order that the search cannot undo; exchanging pairs of targets, the best exchange first,
    puts them back. An exchanged link's confidence weighs just the two readings.
    """
    beads = list(beads)
    while True:
        ones = [k for k, b in enumerate(beads) if len(b.source) == len(b.target) == 1]
        if len(ones) < 2:
            return beads
        sources = np.array([beads[k].source[0] for k in ones]) + 1
        targets = np.array([beads[k].target[0] for k in ones]) + 1
        crossed = one[sources[:, None], targets[None, :]]  # link x's source with link y's target
        kept = np.diag(crossed)
        change = crossed + crossed.T - kept[:, None] - kept[None, :] + _MOVE
        np.fill_diagonal(change, np.inf)
        x, y = np.unravel_index(int(np.argmin(change)), change.shape)
        saving = float(change[x, y])
        if saving >= 0:
            return beads
        confidence = 1 / (1 + math.exp(saving))
        first, second = beads[ones[x]], beads[ones[y]]
        beads[ones[x]] = Bead(first.source, second.target, float(crossed[x, y]), confidence)
        beads[ones[y]] = Bead(second.source, first.target, float(crossed[y, x]), confidence)


def _mark_crossings(beads: list[Bead]) -> list[Bead]:
    """Mark each link whose source comes before another's and whose target comes after it."""
    linked = [b for b in beads if b.source and b.target]
    marked = []
    for b in beads:
        crossing = bool(b.source and b.target) and any(
            (min(b.source) > max(o.source) and max(b.target) < min(o.target))
            or (max(b.source) < min(o.source) and min(b.target) > max(o.target))
            for o in linked)
        marked.append(replace(b, crossing=crossing))
    return marked


def _moved(beads: list[Bead], one: FloatArray) -> list[Bead]:
    """Link a segment left out with one added elsewhere where they translate each other.

    A paragraph moved further than its neighbour's place leaves a gap on each side of the path.
    Such a link costs its one-to-one cost plus _MOVE and must cost less than the two gaps; the
    cheapest pairs are linked first. Its confidence weighs just those two readings, linked or
    both unlinked, so it says less than the posterior of a link on the path.
    """
    left_out = {b.source[0]: b for b in beads if not b.target}
    added = {b.target[0]: b for b in beads if not b.source}
    pairs = sorted((float(one[a + 1, t + 1]) + _MOVE - left_out[a].cost - added[t].cost, a, t)
                   for a in left_out for t in added)
    linked: dict[int, Bead] = {}
    used_a: set[int] = set()
    used_t: set[int] = set()
    for saving, a, t in pairs:
        if saving >= 0:
            break
        if a in used_a or t in used_t:
            continue
        used_a.add(a)
        used_t.add(t)
        linked[a] = Bead((a,), (t,), float(one[a + 1, t + 1]), 1 / (1 + math.exp(saving)))
    if not linked:
        return beads
    placed = [b for b in beads if not (b.source and not b.target and b.source[0] in used_a)
              and not (b.target and not b.source and b.target[0] in used_t)]
    for a, bead in sorted(linked.items()):  # each where its source falls
        index = next((k for k, b in enumerate(placed) if b.source and b.source[0] > a), len(placed))
        placed.insert(index, bead)
    return placed


def _scripts(texts: Sequence[str]) -> str:
    """The script most of the letters of texts are in: "latin" or "other"."""
    latin = other = 0
    for text in texts:
        for char in text:
            if char.isalpha():
                if "LATIN" in unicodedata.name(char, ""):
                    latin += 1
                else:
                    other += 1
    return "latin" if latin >= other else "other"


class _Lattice:
    """Every alignment of n source and m target segments as paths through an (n+1) × (m+1) grid.

    A step from cell (i - di, j - dj) to cell (i, j) is a bead of shape (di, dj) whose cost is
    ``costs[(di, dj)][i, j]``; a swap is a step of (2, 2) made of two crossing one-to-one links. A
    run of segments with no counterpart is a gap: opened at one cost, extended at another, down a
    column (left out of the translation) or along a row (added in it).
    """

    def __init__(self, costs: dict[Shape, FloatArray], n: int, m: int, *, swaps: bool,
                 unrelated: float | None = None) -> None:
        self.n, self.m = n, m
        self.steps: list[tuple[Shape, FloatArray]] = list(costs.items())
        self.swap: FloatArray | None = None
        self.unrelated: FloatArray | None = None
        if unrelated is not None:
            # A source segment and a target segment side by side that translate nothing of each
            # other: one left out and one added, as a single step that costs less than two gaps.
            self.unrelated = np.full((n + 1, m + 1), unrelated)
            self.steps.append(((1, 1), self.unrelated))
        if swaps and n >= 2 and m >= 2:
            # Source i-2 -> target j-1 and source i-1 -> target j-2, as one step into (i, j).
            one = costs[(1, 1)]
            swap = np.full((n + 1, m + 1), np.inf)
            swap[2:, 2:] = one[1:-1, 2:] + one[2:, 1:-1] + _SWAP
            self.swap = swap
            self.steps.append(((2, 2), swap))

    def best(self) -> list[Bead]:
        """The cheapest path, each of its links with its posterior probability."""
        n, m = self.n, self.m
        columns = np.arange(m + 1)
        best = np.full((n + 1, m + 1), np.inf)
        # The last step of the best path to each cell: an index into steps, _INSERTED or _DELETED.
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
            for index, ((di, dj), cost) in enumerate(self.steps):
                if di > i or dj > m:
                    continue
                total = best[i - di, : m + 1 - dj] + cost[i, dj:]
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

        posterior = self._posteriors()
        beads: list[Bead] = []
        i, j = n, m
        step = int(back[n, m])
        while i or j:
            if step == _DELETED:
                di, dj, continues = 1, 0, bool(deletion_continues[i, j])
                bead_cost = _GAP_EXTEND + (0.0 if continues else _GAP_OPEN)
                step = _DELETED if continues else int(back[i - 1, j])
                beads.append(Bead((i - 1,), (), bead_cost, float(posterior["deleted"][i - 1])))
            elif step == _INSERTED:
                di, dj, continues = 0, 1, bool(insertion_continues[i, j])
                bead_cost = _GAP_EXTEND + (0.0 if continues else _GAP_OPEN)
                step = _INSERTED if continues else int(back[i, j - 1])
                beads.append(Bead((), (j - 1,), bead_cost, float(posterior["inserted"][j - 1])))
            else:
                (di, dj), costs = self.steps[step]
                bead_cost = float(costs[i, j])
                if costs is self.unrelated:
                    beads.append(Bead((), (j - 1,), bead_cost / 2, float(posterior["inserted"][j - 1])))
                    beads.append(Bead((i - 1,), (), bead_cost / 2, float(posterior["deleted"][i - 1])))
                elif costs is self.swap:
                    beads.append(Bead((i - 1,), (j - 2,), bead_cost / 2, self._link(posterior, i - 1, j - 2),
                                      crossing=True))
                    beads.append(Bead((i - 2,), (j - 1,), bead_cost / 2, self._link(posterior, i - 2, j - 1),
                                      crossing=True))
                else:
                    beads.append(Bead(tuple(range(i - di, i)), tuple(range(j - dj, j)), bead_cost,
                                      float(min(1.0, posterior[(di, dj)][i, j]))))
                step = int(back[i - di, j - dj])
            i, j = i - di, j - dj
        beads.reverse()
        return [replace(b, confidence=min(1.0, max(0.0, b.confidence))) for b in beads]

    @staticmethod
    def _link(posterior: dict[Any, FloatArray], a: int, b: int) -> float:
        """Posterior of the one-to-one link source a -> target b, in order or crossing."""
        total = posterior[(1, 1)][a + 1, b + 1]
        swaps = posterior.get("swap")
        if swaps is not None:
            if a + 2 < swaps.shape[0]:
                total += swaps[a + 2, b + 1]
            if b + 2 < swaps.shape[1]:
                total += swaps[a + 1, b + 2]
        return float(min(1.0, total))

    def _name(self, cost: FloatArray, shape: Shape) -> Any:
        """The key of a step's posterior: its shape, or what kind of step it is."""
        return "swap" if cost is self.swap else "unrelated" if cost is self.unrelated else shape

    def _posteriors(self) -> dict[Any, FloatArray]:
        """Forward–backward over the same steps and gaps: the probability of each step at each cell.

        States as in the search: ``total`` at a cell, ``arrived`` by a bead or the end of a
        deletion, ``deleting`` and ``inserting`` within a gap.
        """
        n, m = self.n, self.m
        scale = 1.0  # the costs read as -log probabilities
        opening, extending = (_GAP_OPEN + _GAP_EXTEND) * scale, _GAP_EXTEND * scale
        columns = np.arange(m + 1) * extending
        f_total = np.full((n + 1, m + 1), -np.inf)
        f_deleting = np.full((n + 1, m + 1), -np.inf)
        f_inserting = np.full((n + 1, m + 1), -np.inf)
        for i in range(n + 1):
            arrived = np.full(m + 1, -np.inf)
            if i == 0:
                arrived[0] = 0.0
            else:
                f_deleting[i] = np.logaddexp(f_total[i - 1] - opening, f_deleting[i - 1] - extending)
                arrived = f_deleting[i].copy()
            for (di, dj), cost in self.steps:
                if di <= i and dj <= m:
                    arrived[dj:] = np.logaddexp(arrived[dj:], f_total[i - di, : m + 1 - dj]
                                                - cost[i, dj:] * scale)
            # inserting[j] = logsumexp over k < j of arrived[k] - opening - extending * (j - 1 - k)
            running = np.logaddexp.accumulate(arrived + columns)
            f_inserting[i, 1:] = running[:-1] - columns[1:] - opening + extending
            f_total[i] = np.logaddexp(arrived, f_inserting[i])
        b_total = np.full((n + 1, m + 1), -np.inf)
        b_arrived = np.full((n + 1, m + 1), -np.inf)
        b_deleting = np.full((n + 2, m + 1), -np.inf)
        b_inserting = np.full((n + 1, m + 1), -np.inf)
        for i in range(n, -1, -1):
            row = np.full(m + 1, -np.inf)
            if i == n:
                row[m] = 0.0
            for (di, dj), cost in self.steps:
                if i + di <= n and dj <= m:
                    row[: m + 1 - dj] = np.logaddexp(row[: m + 1 - dj],
                                                     b_arrived[i + di, dj:] - cost[i + di, dj:] * scale)
            row = np.logaddexp(row, b_deleting[i + 1] - opening)
            b_total[i] = row
            # inserting[j] = logaddexp(total[j], inserting[j + 1] - extending), read from the right
            b_inserting[i] = np.logaddexp.accumulate((row - columns)[::-1])[::-1] + columns
            after = np.concatenate([b_inserting[i, 1:], [-np.inf]])
            b_arrived[i] = np.logaddexp(row, after - opening)
            b_deleting[i] = np.logaddexp(b_arrived[i], b_deleting[i + 1] - extending)
        total = f_total[n, m]
        posterior: dict[Any, FloatArray] = {}
        for (di, dj), cost in self.steps:
            found = np.zeros((n + 1, m + 1))
            if di > n or dj > m:
                posterior[self._name(cost, (di, dj))] = found
                continue
            found[di:, dj:] = np.exp(f_total[: n + 1 - di, : m + 1 - dj] - cost[di:, dj:] * scale
                                     + b_arrived[di:, dj:] - total)
            posterior[self._name(cost, (di, dj))] = found
        # A segment with no counterpart: the probability that some path leaves it out, wherever.
        posterior["deleted"] = np.exp(f_deleting[1:] + b_deleting[1 : n + 1] - total).sum(axis=1)
        posterior["inserted"] = np.exp(f_inserting[:, 1:] + b_inserting[:, 1:] - total).sum(axis=0)
        unrelated = posterior.get("unrelated")
        if unrelated is not None:
            posterior["deleted"] = posterior["deleted"] + unrelated[1:, 1:].sum(axis=1)
            posterior["inserted"] = posterior["inserted"] + unrelated[1:, 1:].sum(axis=0)
        return posterior


def _exclusive_running_min(values: FloatArray) -> tuple[FloatArray, npt.NDArray[np.intp]]:
    """For each position j: the minimum of values[:j] and the last place it occurs (inf and -1 at 0)."""
    shifted = np.concatenate([[np.inf], values[:-1]])
    running = np.minimum.accumulate(shifted)
    where = np.maximum.accumulate(np.where(shifted == running, np.arange(len(values)) - 1, -1))
    return running, where
