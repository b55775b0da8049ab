"""The cross-lingual aligner: small cases checked by hand, invariants, and a Bleualign regression."""

import ast
import random
from pathlib import Path

import pytest

from provenance.text.translation_alignment import Bead, align_translation, anchors_of

Link = tuple[tuple[int, ...], tuple[int, ...]]
BLEUALIGN = Path(__file__).resolve().parent.parent / "bench" / "data" / "bleualign"

ENGLISH = [
    "The committee met in Geneva on 12 May.",
    "It approved a budget of 4.5 million francs for the new hut.",
    "Construction will begin in the spring of 2024, if the weather allows.",
    "Why did it take so long?",
    "The members could not agree on the site for almost three years.",
    "Some wanted to rebuild on the old foundations; others preferred the moraine.",
    "The vote, in the end, was 41 to 17.",
]
FRENCH = [
    "Le comité s'est réuni à Genève le 12 mai.",
    "Il a approuvé un budget de 4,5 millions de francs pour la nouvelle cabane.",
    "La construction commencera au printemps 2024, si le temps le permet.",
    "Pourquoi a-t-il fallu si longtemps ?",
    "Les membres n'ont pas pu s'entendre sur l'emplacement pendant près de trois ans.",
    "Les uns voulaient reconstruire sur les anciennes fondations, les autres préféraient la moraine.",
    "Le vote, finalement, a été de 41 voix contre 17.",
]


def links(source: list[str], target: list[str], **options: bool) -> list[Link]:
    return [(bead.source, bead.target) for bead in align_translation(source, target, **options)]


def one_to_one(count: int) -> list[Link]:
    return [((k,), (k,)) for k in range(count)]


def test_a_faithful_translation_aligns_sentence_by_sentence() -> None:
    assert links(ENGLISH, FRENCH) == one_to_one(7)


def test_a_sentence_left_out_of_the_translation_is_a_bead_with_no_target() -> None:
    dropped = "The old hut, built in 1911 by the section's own members, no longer meets the fire regulations."
    source = [*ENGLISH[:2], dropped, *ENGLISH[2:]]
    assert links(source, FRENCH) == [
        ((0,), (0,)),
        ((1,), (1,)),
        ((2,), ()),
        *[((k + 1,), (k,)) for k in range(2, 7)],
    ]


def test_a_sentence_added_in_the_translation_is_a_bead_with_no_source() -> None:
    added = "L'ancienne cabane, construite en 1911 par les membres de la section, ne répond plus aux normes."
    target = [FRENCH[0], added, *FRENCH[1:]]
    assert links(ENGLISH, target) == [
        ((0,), (0,)),
        ((), (1,)),
        *[((k,), (k + 1,)) for k in range(1, 7)],
    ]


def test_a_sentence_split_in_two() -> None:
    target = [
        FRENCH[0],
        "Il a approuvé un budget de 4,5 millions de francs.",
        "Cet argent servira à construire la nouvelle cabane.",
        *FRENCH[2:],
    ]
    assert links(ENGLISH, target) == [
        ((0,), (0,)),
        ((1,), (1, 2)),
        *[((k,), (k + 1,)) for k in range(2, 7)],
    ]


def test_two_sentences_merged_into_one() -> None:
    target = [*FRENCH[:3], f"{FRENCH[3]} {FRENCH[4]}", *FRENCH[5:]]
    assert links(ENGLISH, target) == [
        *one_to_one(3),
        ((3, 4), (3,)),
        ((5,), (4,)),
        ((6,), (5,)),
    ]


KOREAN_REPORT = [
    "북한 당국이 2021년 3월부터 국영기업 수익의 70%를 국가에 바치도록 지시했다고 소식통들이 전했습니다.",
    "평안북도의 한 소식통은 지난달 신의주에서만 15개 기업소가 문을 닫았다고 말했습니다.",
]
ENGLISH_STORY = [
    "North Korea has ordered state companies to hand over their revenue to the state, "
    "sources in the country say.",
    "The order took effect in March 2021 and takes 70% of what they earn.",
    "A source in North Pyongan said 15 companies closed in Sinuiju last month.",
]


def test_numbers_tie_an_english_paragraph_to_its_korean_source() -> None:
    # By length alone the middle paragraph could belong to either Korean paragraph (and
    # Gale–Church picks the wrong one); "March 2021" and "70%" say it came from the first.
    assert links(KOREAN_REPORT, ENGLISH_STORY) == [((0,), (0, 1)), ((1,), (2,))]
    assert links(KOREAN_REPORT, ENGLISH_STORY, anchors=False) == [((0,), (0,)), ((1,), (1, 2))]


def test_the_length_ratio_is_the_pairs_own() -> None:
    # The English is almost four times as long in characters as the Korean: with a ratio of 1,
    # length alone would call the first English sentence an addition and join the Korean two.
    korean = ["소식통은 쌀값이 올랐다고 말했습니다.", "주민들은 당국을 믿지 않습니다."]
    english = [
        "The source said that the price of rice had gone up again in the markets.",
        "Residents do not trust the authorities, the source added.",
    ]
    assert links(korean, english, anchors=False) == one_to_one(2)


def test_anchors_survive_the_conventions_of_each_language() -> None:
    assert anchors_of("1억2천만 달러") == anchors_of("120,000,000") == {"#120000000": 1}
    assert anchors_of("2021년 3월 5일")["#3"] == anchors_of("March 5, 2021")["#3"] == 1
    assert anchors_of("4,5 Millionen")["#4500000"] == anchors_of("$4.5 million")["#4500000"] == 1
    assert anchors_of("three workers")["#3"] == 1
    assert "#5" not in anchors_of("They may come.")
    assert anchors_of("l'expédition")["Cexpe"] == anchors_of("Die Expedition")["Cexpe"] == 1
    assert anchors_of("«Oui?»") == {'Q"': 2, "P?": 1, "NOui": 1}


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ([], [], []),
        ([], ["Un.", "Deux."], [((), (0,)), ((), (1,))]),
        (["One."], [], [((0,), ())]),
        ([""], [""], [((0,), (0,))]),
    ],
)
def test_empty_inputs(source: list[str], target: list[str], expected: list[Link]) -> None:
    assert links(source, target) == expected


def _random_text(rng: random.Random, count: int) -> list[str]:
    words = ["Alpha", "beta", "12", "Gamma?", "délta", "«", "x", "»", "1988", "Kingspitz", "북한", "3월", ""]
    return [" ".join(rng.choice(words) for _ in range(rng.randint(0, 12))) for _ in range(count)]


@pytest.mark.parametrize("anchors", [True, False])
def test_beads_are_monotone_and_cover_every_segment_once(anchors: bool) -> None:
    rng = random.Random(20210305)
    for _ in range(100):
        source = _random_text(rng, rng.randint(0, 15))
        target = _random_text(rng, rng.randint(0, 15))
        beads = align_translation(source, target, anchors=anchors)
        assert all(isinstance(bead, Bead) and (bead.source or bead.target) for bead in beads)
        assert [k for bead in beads for k in bead.source] == list(range(len(source)))
        assert [k for bead in beads for k in bead.target] == list(range(len(target)))
        assert all(
            list(bead.source) == list(range(bead.source[0], bead.source[0] + len(bead.source)))
            for bead in beads
            if bead.source
        )


def _read_gold(path: Path) -> set[Link]:
    gold = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        source, target = (tuple(sorted(ast.literal_eval(side))) for side in line.split(":"))
        if source and target:
            gold.add((source, target))
    return gold


def test_strict_f1_on_bleualign_test0_stays_above_080() -> None:
    source = (BLEUALIGN / "test0.de").read_text(encoding="utf-8").splitlines()
    target = (BLEUALIGN / "test0.fr").read_text(encoding="utf-8").splitlines()
    gold = _read_gold(BLEUALIGN / "test0.defr")
    predicted = {(b.source, b.target) for b in align_translation(source, target) if b.source and b.target}
    correct = len(gold & predicted)
    precision, recall = correct / len(predicted), correct / len(gold)
    assert 2 * precision * recall / (precision + recall) >= 0.80
