"""Similar names found through an index are exactly those scoring every pair finds."""

import random

import pytest
from rapidfuzz import fuzz, process

from provenance.people import _compact_orders, closest_spellings
from provenance.text.similar_names import INDEX_THRESHOLD, similar_pairs

FAMILY_KO = ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh"]
SYLLABLES_KO = ["min", "ji", "jun", "seo", "yeon", "hyun", "woo", "eun", "soo", "jin", "hee", "young",
                "ho", "jae", "sung", "hye", "mi", "na", "bin", "hoon"]
HANGUL_FAMILY = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임"]
HANGUL_GIVEN = ["민", "지", "준", "서", "연", "현", "우", "은", "수", "진", "희", "영", "호", "재"]
PINYIN_FAMILY = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou"]
PINYIN_GIVEN = ["wei", "fang", "na", "min", "jing", "li", "qiang", "lei", "jun", "yang", "xiu", "ying"]
HAN_FAMILY = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵"]
HAN_GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋"]
JA_FAMILY = ["Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura"]
JA_GIVEN = ["Haruto", "Yui", "Sota", "Hina", "Yuto", "Aoi", "Riku", "Mei"]
KANJI = ["佐藤", "鈴木", "高橋", "田中", "渡辺", "伊藤", "山本", "中村", "翔太", "結衣", "陽菜", "蓮"]
WESTERN_FIRST = ["Eugene", "Karma", "José", "Ann", "Maria", "John", "Hyemin", "Leejin", "Noah", "Emma"]
WESTERN_LAST = ["Whong", "Dorjee", "García", "Editor", "Müller", "Smith", "O'Neil", "Jun", "Brown"]


def _name(rng: random.Random) -> str:
    kind = rng.randrange(6)
    if kind == 0:  # romanised Korean, either order, with or without a hyphen
        given = rng.choice(SYLLABLES_KO) + rng.choice(["", "-"]) + rng.choice(SYLLABLES_KO)
        family = rng.choice(FAMILY_KO)
        return f"{family} {given.capitalize()}" if rng.random() < 0.5 else f"{given.capitalize()} {family}"
    if kind == 1:
        return rng.choice(HANGUL_FAMILY) + "".join(rng.choices(HANGUL_GIVEN, k=rng.choice([1, 2])))
    if kind == 2:
        given = rng.choice(PINYIN_GIVEN).capitalize() + rng.choice(PINYIN_GIVEN)
        return f"{rng.choice(PINYIN_FAMILY)} {given}"
    if kind == 3:
        return rng.choice(HAN_FAMILY) + "".join(rng.choices(HAN_GIVEN, k=rng.choice([1, 2])))
    if kind == 4:
        if rng.random() < 0.5:
            return "".join(rng.sample(KANJI, 2))
        return f"{rng.choice(JA_GIVEN)} {rng.choice(JA_FAMILY)}"
    return f"{rng.choice(WESTERN_FIRST)} {rng.choice(WESTERN_LAST)}"


def _slip(rng: random.Random, name: str) -> str:
    """The name with a letter changed, dropped or doubled, as a typist would."""
    at = rng.randrange(len(name))
    how = rng.randrange(3)
    if how == 0:
        return name[:at] + rng.choice("aeiouy") + name[at + 1:]
    if how == 1:
        return name[:at] + name[at + 1:] or name
    return name[:at] + name[at] + name[at:]


def _people(seed: int, count: int) -> list[list[str]]:
    rng = random.Random(seed)
    people: list[list[str]] = []
    for _ in range(count):
        if people and rng.random() < 0.2:  # a second record of someone, spelled a little apart
            base = rng.choice(people)[0]
            people.append([_slip(rng, base)])
        else:
            names = [_name(rng)]
            if rng.random() < 0.2:
                names.append(_slip(rng, names[0]))
            people.append(names)
    return people


def _keys(people: list[list[str]]) -> list[str]:
    return [key for names in people for name in names for key in sorted(_compact_orders(name))]


def _brute_pairs(keys: list[str], threshold: float) -> dict[tuple[int, int], float]:
    found = {}
    for i, key in enumerate(keys):
        for _, score, j in process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=threshold,
                                           limit=None):
            if i < j:
                found[i, j] = score
    return found


def _brute_closest(spellings: list[list[str]], threshold: float) -> dict:
    """closest_spellings as it was first written: every key against every other."""
    keys, owners = [], []
    for index, names in enumerate(spellings):
        for spelling in names:
            for key in _compact_orders(spelling):
                keys.append(key)
                owners.append((index, spelling))
    best: dict[tuple[int, int], tuple[float, str, str]] = {}
    for i, key in enumerate(keys):
        first, spelling = owners[i]
        for _, score, j in process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=threshold,
                                           limit=None):
            second, other = owners[j]
            if first < second and score > best.get((first, second), (-1.0, "", ""))[0]:
                best[first, second] = (score, spelling, other)
    return {pair: (score, (mine, theirs)) for pair, (score, mine, theirs) in best.items()}


def test_the_generated_names_are_hard_enough():
    people = _people(1, 400)
    keys = _keys(people)
    assert any("\u1100" <= c <= "\u11ff" for key in keys for c in key)  # Hangul, decomposed
    assert any("\u4e00" <= c <= "\u9fff" for key in keys for c in key)  # Han
    # Real near misses at 90 and below, and pairs of every kind the filter must keep.
    pairs = _brute_pairs(keys, 80)
    assert len([s for s in pairs.values() if 80 <= s < 90]) > 20
    assert len([s for s in pairs.values() if 90 <= s < 100]) > 20
    assert len([s for s in pairs.values() if s == 100]) > 20


@pytest.mark.parametrize("threshold", [100, 95, 90.9, 90, 85, INDEX_THRESHOLD, 70, 0])
def test_index_finds_exactly_the_pairs_scoring_all_pairs_finds(threshold):
    keys = _keys(_people(2, 300 if threshold else 60))
    found = {}
    for i, j, score in similar_pairs(keys, threshold):
        assert i < j and (i, j) not in found
        found[i, j] = score
    assert found == _brute_pairs(keys, threshold)


def test_index_is_exact_on_lengths_where_the_budget_changes():
    # Strings of every length from 1 to 40 that differ from a base by one to four edits.
    rng = random.Random(3)
    keys = []
    for length in range(1, 41):
        base = "".join(rng.choices("abn", k=length))
        keys.append(base)
        for _ in range(6):
            variant = base
            for _ in range(rng.randint(1, 4)):
                variant = _slip(rng, variant) if variant else "a"
            keys.append(variant)
    for threshold in (95, 90, 85, 80):
        assert {(i, j): s for i, j, s in similar_pairs(keys, threshold)} == _brute_pairs(keys, threshold)


@pytest.mark.parametrize("threshold", [90, 85, 75])
def test_closest_spellings_are_those_of_every_pair_compared(threshold):
    people = _people(4, 400)
    assert closest_spellings(people, threshold) == _brute_closest(people, threshold)


def test_no_score_reaches_a_threshold_above_100_or_nan():
    keys = _keys(_people(6, 50)) * 2  # every key twice: identical keys score 100
    assert list(similar_pairs(keys, 100))
    assert list(similar_pairs(keys, 100.5)) == []
    assert list(similar_pairs(keys, float("nan"))) == []
