"""The cross-lingual aligner: small cases checked by hand, invariants, and a Bleualign regression."""

import ast
import json
import random
import re
from pathlib import Path
from typing import Any

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
def test_beads_cover_every_segment_once_and_only_swaps_cross(anchors: bool) -> None:
    rng = random.Random(20210305)
    for _ in range(100):
        source = _random_text(rng, rng.randint(0, 15))
        target = _random_text(rng, rng.randint(0, 15))
        beads = align_translation(source, target, anchors=anchors)
        assert all(isinstance(bead, Bead) and (bead.source or bead.target) for bead in beads)
        assert [k for bead in beads for k in bead.source] == list(range(len(source)))
        assert sorted(k for bead in beads for k in bead.target) == list(range(len(target)))
        assert all(0.0 <= bead.confidence <= 1.0 for bead in beads)
        assert all(
            list(bead.source) == list(range(bead.source[0], bead.source[0] + len(bead.source)))
            for bead in beads
            if bead.source
        )
        in_order = [k for bead in beads if not bead.crossing for k in bead.target]
        assert in_order == sorted(in_order)
        assert anchors or not any(bead.crossing for bead in beads)


def _read_gold(path: Path) -> set[Link]:
    gold = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        source, target = (tuple(sorted(ast.literal_eval(side))) for side in line.split(":"))
        if source and target:
            gold.add((source, target))
    return gold


def test_strict_f1_on_the_bleualign_test_set_stays_at_0858() -> None:
    correct = predicted_count = gold_count = 0
    for n in range(7):
        source = (BLEUALIGN / f"test{n}.de").read_text(encoding="utf-8").splitlines()
        target = (BLEUALIGN / f"test{n}.fr").read_text(encoding="utf-8").splitlines()
        gold = _read_gold(BLEUALIGN / f"test{n}.defr")
        predicted = {(b.source, b.target) for b in align_translation(source, target)
                     if b.source and b.target}
        correct += len(gold & predicted)
        predicted_count += len(predicted)
        gold_count += len(gold)
    precision, recall = correct / predicted_count, correct / gold_count
    assert 2 * precision * recall / (precision + recall) >= 0.855


# A story of our own, checked by hand: the Korean report and its English translation, paragraph
# for paragraph.
SEOUL_KO = [
    "서울시는 내년 1월부터 심야버스 노선을 12개에서 20개로 늘린다고 14일 밝혔다.",
    "시는 이를 위해 예산 48억 5천만 원을 배정했으며, 버스 기사 150명을 새로 채용할 계획이다.",
    "오세훈 서울시장은 “밤늦게 일하는 시민들이 안전하게 집에 갈 수 있어야 한다”고 말했다.",
    "심야버스는 자정부터 오전 5시까지 운행하며, 요금은 2,500원이다.",
    "시민단체 ‘교통연대’의 김민지 대표는 배차 간격이 여전히 너무 길다고 지적했다.",
]
SEOUL_EN = [
    "Seoul will expand its late-night bus network from 12 to 20 routes starting in January, the city "
    "said on Thursday.",
    "The city has set aside 4.85 billion won for the expansion and plans to hire 150 more drivers.",
    "\"Citizens who work late at night must be able to get home safely,\" Seoul Mayor Oh Se-hoon said.",
    "The night buses run from midnight to 5 a.m., and a ride costs 2,500 won.",
    "Kim Min-ji, who heads the civic group Transport Solidarity, said the buses still come too far "
    "apart.",
]
ADDED = "Similar services already run in Busan and Daegu, where ridership rose by a third last year."


def test_a_faithful_korean_translation_links_paragraph_for_paragraph_with_confidence() -> None:
    beads = align_translation(SEOUL_KO, SEOUL_EN)
    assert [(b.source, b.target) for b in beads] == one_to_one(5)
    assert all(b.confidence > 0.9 and not b.crossing for b in beads)


def test_two_paragraphs_in_the_other_order_are_linked_crosswise() -> None:
    target = [*SEOUL_EN[:3], SEOUL_EN[4], SEOUL_EN[3]]
    beads = align_translation(SEOUL_KO, target)
    assert [(b.source, b.target) for b in beads] == [*one_to_one(3), ((3,), (4,)), ((4,), (3,))]
    assert [b.crossing for b in beads] == [False, False, False, True, True]
    assert not any(b.crossing for b in align_translation(SEOUL_KO, target, anchors=False))


def test_a_paragraph_moved_two_places_is_linked_where_it_went() -> None:
    # The English puts the civic group's complaint right after the budget paragraph.
    target = [SEOUL_EN[0], SEOUL_EN[1], SEOUL_EN[4], SEOUL_EN[2], SEOUL_EN[3]]
    beads = align_translation(SEOUL_KO, target)
    assert [(b.source, b.target) for b in beads] == [
        ((0,), (0,)), ((1,), (1,)), ((2,), (3,)), ((3,), (4,)), ((4,), (2,))]
    assert [b.crossing for b in beads] == [False, False, True, True, True]


def test_a_paragraph_added_in_english_has_no_source() -> None:
    target = [*SEOUL_EN[:2], ADDED, *SEOUL_EN[2:]]
    assert links(SEOUL_KO, target) == [
        ((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), (3,)), ((3,), (4,)), ((4,), (5,))]


def test_a_korean_paragraph_left_untranslated_has_no_target() -> None:
    target = [*SEOUL_EN[:3], SEOUL_EN[4]]
    assert links(SEOUL_KO, target) == [*one_to_one(3), ((3,), ()), ((4,), (3,))]


# A sentence about Tokyo that no Korean paragraph has.
TOKYO = "Tokyo tried the same under Governor Koike."


@pytest.mark.parametrize("where", [1, 2])
def test_a_paragraph_added_with_names_the_korean_never_says_is_no_part_of_its_neighbour(
        where: int) -> None:
    # Before or after the budget paragraph, a bead of the two fits the budget's Korean as well
    # as the budget paragraph alone; but a translation writes its names in Hangul, where they
    # sound alike, and no Korean word sounds like Governor.
    target = [*SEOUL_EN[:where], TOKYO, *SEOUL_EN[where:]]
    budget = 3 - where
    assert sorted(links(SEOUL_KO, target)) == sorted(
        [((0,), (0,)), ((1,), (budget,)), ((), (where,)), ((2,), (3,)), ((3,), (4,)), ((4,), (5,))])


# Bus fares: a story with one name and no numbers, so that lengths decide. Checked by hand.
FARES_KO = [
    "서울시는 내년부터 시내버스 요금을 인상하기로 했다고 밝혔다. 시는 연료비와 인건비가 크게 올라 "
    "요금 인상이 불가피하다고 설명했다.",
    "시민단체들은 요금 인상이 서민들의 부담을 늘릴 것이라며 반대 입장을 나타냈다.",
    "시는 대신 저소득층을 위한 할인 제도를 확대하겠다고 덧붙였다.",
    "새 요금은 시의회 승인을 거쳐 확정될 예정이다.",
]
FARES_EN = [
    "The city of Seoul said it would raise city bus fares from next year. The city explained that the "
    "increase was unavoidable because fuel and labour costs had risen sharply.",
    "Civic groups opposed the increase, saying it would add to the burden on ordinary people.",
    "The city added that it would instead expand discounts for low-income households.",
    "The new fares are to be finalised after approval by the city council.",
]
# The same background paragraph in each language: with no counterpart on the other side.
FROZEN_EN = ("Public transport fares in the capital have been frozen for several years while operators "
             "have relied on subsidies from the city budget to cover their growing losses. Critics say the "
             "freeze has left the bus network short of money for new vehicles and routes.")
FROZEN_KO = ("한편 버스 요금은 수년째 동결돼 왔으며, 운송업체들은 늘어나는 적자를 메우기 위해 "
             "시 예산에서 나오는 보조금에 의존해 왔다. 비판론자들은 요금 동결로 새 차량과 노선에 쓸 돈이 "
             "부족해졌다고 지적한다.")


def test_a_paragraph_added_in_english_does_not_stretch_the_expected_length_of_the_others() -> None:
    # Measured on the total lengths, the added paragraph makes every Korean paragraph seem to need
    # more English than its translation has, and the links shift around it; measured on the
    # one-to-one links, each translation fits its source and the added paragraph stands apart.
    target = [*FARES_EN[:2], FROZEN_EN, *FARES_EN[2:]]
    assert links(FARES_KO, target) == [
        ((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), (3,)), ((3,), (4,))]


def test_a_korean_paragraph_left_untranslated_is_sure_when_the_others_fit_their_translations() -> None:
    # With the ratio of the totals every English paragraph seems too short for its source, and
    # no link is sure; with the ratio of the links, each is.
    beads = align_translation([*FARES_KO[:2], FROZEN_KO, *FARES_KO[2:]], FARES_EN)
    assert [(b.source, b.target) for b in beads] == [
        ((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,)), ((4,), (3,))]
    assert all(b.confidence >= 0.8 for b in beads)


# Busan's night buses: no Korean paragraph says any of this (its year and counts are its own).
BUSAN = "Busan started its own night buses in 2019; its 8 routes carried 1.2 million riders last year."


def test_a_paragraph_added_in_place_of_an_untranslated_one_is_linked_to_neither() -> None:
    # The English leaves out the opening paragraph (routes from 12 to 20, from January, said on
    # the 14th) and opens with Busan instead: two paragraphs with no counterpart, not a link.
    beads = align_translation(SEOUL_KO, [BUSAN, *SEOUL_EN[1:]])
    assert [(b.source, b.target) for b in beads] == [((0,), ()), ((), (0,)), *one_to_one(5)[1:]]
    assert all(b.confidence > 0.9 for b in beads[2:])


@pytest.mark.parametrize("replaced", [1, 3])
def test_a_paragraph_replaced_by_one_whose_numbers_disagree_is_linked_to_neither(replaced: int) -> None:
    # Busan in place of the budget (4.85 billion won, 150 drivers) or the fares (5 a.m., 2,500
    # won): about as long as the paragraph it replaces, but they share nothing and their numbers
    # disagree, so the Korean paragraph is untranslated and Busan has no source.
    target = list(SEOUL_EN)
    target[replaced] = BUSAN
    beads = align_translation(SEOUL_KO, target)
    expected = [*one_to_one(5)[:replaced], ((replaced,), ()), ((), (replaced,)),
                *one_to_one(5)[replaced + 1:]]
    assert sorted((b.source, b.target) for b in beads) == sorted(expected)
    assert all(b.confidence > 0.9 for b in beads if b.source and b.target)


def test_through_the_cli_an_added_paragraph_beside_an_untranslated_one_has_no_source(
        run: Any, tmp_path: Path) -> None:
    korean, english = tmp_path / "ko.txt", tmp_path / "en.txt"
    korean.write_text("\n\n".join(SEOUL_KO) + "\n", encoding="utf-8")
    english.write_text("\n\n".join([BUSAN, *SEOUL_EN[1:]]) + "\n", encoding="utf-8")
    assert run("import", str(korean), "--format", "plain", "--story", "bus", "--language", "ko",
               "--by", "Min Park").exit_code == 0
    result = run("translate", "bus", "--from", "ko", str(english), "--format", "plain", "--by", "Jo Lee")
    assert result.exit_code == 0, result.stderr
    assert "no source: en ¶1" in result.stderr
    assert "untranslated: ko ¶1" in result.stderr
    shown = json.loads(run("links", "bus", "--language", "en", "--format", "json").stdout)
    assert [(p["position"], [(s["language"], s["position"]) for s in p["sources"]]) for p in shown] == [
        (1, []), (2, [("ko", 2)]), (3, [("ko", 3)]), (4, [("ko", 4)]), (5, [("ko", 5)])]
    assert [p["uncertain"] for p in shown] == [False] * 5


def test_a_korean_name_matches_syllable_by_syllable_not_a_word_of_the_same_consonants() -> None:
    # Chun Yung-woo is 천영우; 차관 ("vice minister") has the same two consonant sounds, k and n,
    # but not in the same syllables.
    def names(text: str) -> set[str]:
        return {t for t in anchors_of(text, romanise=True) if t.startswith("K")}

    assert names("천영우 대사는") & names("said Chun Yung-woo, the envoy")
    assert not names("차관이") & names("said Chun Yung-woo, the envoy")


def test_a_korean_paragraph_left_untranslated_is_not_tied_to_a_name_by_chance() -> None:
    # "That day a boy also staged a protest alone in front of City Hall": no English paragraph
    # says so. Its 소년 (boy) sounds like Oh Se-hoon's s and n, one after the other.
    boy = "이날 시청 앞에서는 소년이 혼자 시위를 벌이기도 했다."
    beads = align_translation([*SEOUL_KO[:2], boy, *SEOUL_KO[2:]], SEOUL_EN)
    assert [(b.source, b.target) for b in beads] == [
        ((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,)), ((4,), (3,)), ((5,), (4,))]
    assert all(b.confidence > 0.9 for b in beads)


AMBIGUOUS_KO = ["시장은 도서관을 밤늦게까지 열겠다고 말했다.", "주민들은 대체로 그 계획을 환영했다.",
                "시는 2024년 예산 3억 원을 배정했다."]
AMBIGUOUS_EN = ["The mayor said the library would open late.",
                "The city set aside 300 million won in its 2024 budget."]


def test_an_unsure_link_has_a_low_confidence() -> None:
    # The second Korean paragraph has no English: left out, or joined to the third? The numbers
    # tie the third to the second English paragraph; nothing says where the second went.
    beads = align_translation(AMBIGUOUS_KO, AMBIGUOUS_EN)
    sure = {(b.source, b.target): b.confidence for b in beads}
    assert sure[((0,), (0,))] >= 0.8
    assert min(c for (source, _), c in sure.items() if 1 in source) < 0.8


def test_korean_number_groups_and_names_in_hangul_are_anchors() -> None:
    assert anchors_of("3억 2천만 원")["#320000000"] == anchors_of("320 million won")["#320000000"] == 1
    assert anchors_of("1만8500메가와트")["#18500"] == anchors_of("18,500 megawatts")["#18500"] == 1
    assert anchors_of("57억1000만위안")["#5710000000"] == anchors_of("5.71 billion yuan")["#5710000000"]
    # Transliterated names match the names they transliterate, particles and all.
    # English x is two sounds, as Korean writes it (페덱스 for FedEx).
    for korean, english in [("매케인과", "McCain"), ("클린턴은", "Clinton"), ("스티븐", "Stephen"),
                            ("페덱스가", "FedEx")]:
        sounds = {t for t in anchors_of(korean, romanise=True) if t.startswith("S")}
        assert sounds & set(anchors_of(english, romanise=True)), (korean, english)
    assert not {t for t in anchors_of("McCain") if t.startswith("S")}
    # A Korean name is one word, written in English as family name and hyphenated given name.
    names_in_both = [("김민지", "Kim Min-ji"), ("오세훈", "Oh Se-hoon"), ("박근혜는", "Park Geun-hye")]
    for korean, english in names_in_both:
        names = {t for t in anchors_of(korean, romanise=True) if t.startswith("K")}
        assert names & set(anchors_of(f"said {english} on Monday", romanise=True)), (korean, english)
    # A name from outside English keeps its r (키르쿠크), and Korean writes the name where English
    # writes a plural or an adjective (쿠르드 for "Kurds", 세르비아 for "Serbian").
    for korean, english in [("키르쿠크에서", "Kirkuk"), ("쿠르드", "Kurds"), ("세르비아는", "Serbian")]:
        sounds = {t for t in anchors_of(korean, romanise=True) if t.startswith("S")}
        assert sounds & set(anchors_of(english, romanise=True)), (korean, english)
    # Between scripts a quotation is one anchor, however its marks are written.
    assert anchors_of("그는 “가자”고 말했다", romanise=True)['Q"'] == 1
    assert anchors_of('"Let\'s go," he said.', romanise=True)['Q"'] == 1
    # Korean writes a particle straight after an acronym: "FDA는" is the FDA.
    assert anchors_of("FDA는 밝혔다")["NFDA"] == anchors_of("the FDA said")["NFDA"] == 1


KO_EN = Path(__file__).resolve().parent.parent / "bench" / "data" / "ko_en" / "alignment_ko_en_dev.jsonl"


def _assert_meets_the_link_targets(results: list[tuple[set[Link], set[Link]]]) -> None:
    """(gold, predicted) links of each story: link F1 at least 0.97, 85% of stories exact."""
    correct = sum(len(gold & predicted) for gold, predicted in results)
    precision = correct / sum(len(predicted) for _, predicted in results)
    recall = correct / sum(len(gold) for gold, _ in results)
    assert 2 * precision * recall / (precision + recall) >= 0.97
    assert sum(gold == predicted for gold, predicted in results) / len(results) >= 0.85


def test_korean_english_dev_stories_meet_the_link_targets() -> None:
    stories = [json.loads(line) for line in KO_EN.read_text(encoding="utf-8").splitlines()]
    _assert_meets_the_link_targets([(_story_links(story), set(links(story["ko"], story["en"])))
                                    for story in stories])


def _story_links(story: dict[str, Any]) -> set[Link]:
    return {(tuple(i - 1 for i in link["ko"]), tuple(j - 1 for j in link["en"]))
            for link in story["links"]}


def _shown_links(shown: list[dict[str, Any]], sources: int) -> set[Link]:
    """The links `links --format json` shows, as (ko, en) positions from 0: English paragraphs
    sharing a source are one link, and a Korean paragraph no English one names is untranslated."""
    groups: list[tuple[set[int], set[int]]] = []
    for paragraph in shown:
        ko = {s["position"] - 1 for s in paragraph["sources"]}
        en = {paragraph["position"] - 1}
        for group in [g for g in groups if ko & g[0]]:
            groups.remove(group)
            ko |= group[0]
            en |= group[1]
        groups.append((ko, en))
    named = set().union(*(ko for ko, _ in groups))
    return ({(tuple(sorted(ko)), tuple(sorted(en))) for ko, en in groups}
            | {((i,), ()) for i in range(sources) if i not in named})


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_korean_english_dev_stories_meet_the_link_targets_through_the_cli(
        run: Any, tmp_path: Path) -> None:
    # As a user would: import the Korean, translate with automatic links, read them back. `links`
    # lists English paragraphs only; translate names the untranslated Korean ones on stderr, and
    # they must be exactly those no English paragraph names. Import normalises spacing (three
    # Korean paragraphs carry runs of no-break spaces), which must not change a single link.
    stories = [json.loads(line) for line in KO_EN.read_text(encoding="utf-8").splitlines()]
    korean, english = tmp_path / "ko.json", tmp_path / "en.json"
    results = []
    for number, story in enumerate(stories, start=1):
        slug = f"story-{number}"
        korean.write_text(json.dumps({"title": slug, "language": "ko", "paragraphs": story["ko"]}),
                          encoding="utf-8")
        english.write_text(json.dumps({"language": "en", "paragraphs": story["en"]}), encoding="utf-8")
        result = run("import", str(korean), "--story", slug, "--by", "Min Park", "--role", "reporter")
        assert result.exit_code == 0, result.stderr
        result = run("translate", slug, "--from", "ko", str(english), "--by", "Jo Lee")
        assert result.exit_code == 0, result.stderr
        untranslated = {int(i) - 1 for i in re.findall(r"untranslated: ko ¶(\d+)", result.stderr)}
        shown = json.loads(run("links", slug, "--format", "json").stdout)
        assert [p["text"] for p in shown] == story["en"]
        gold, predicted = _story_links(story), _shown_links(shown, len(story["ko"]))
        assert {i for ko, en in predicted if not en for i in ko} == untranslated
        assert predicted == set(links(story["ko"], story["en"])), story["id"]
        results.append((gold, predicted))
    _assert_meets_the_link_targets(results)
