import json
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from provenance.text import paragraph_alignment
from provenance.text.paragraph_alignment import OPS, Link, align_paragraphs
from provenance.text.word_diff import similarity

DEV = Path(__file__).parent / "data" / "alignment_dev.jsonl"

P = [
    "North Korea has ordered local officials to take a more active role in managing state-run "
    "companies, sources in the country told RFA.",
    "The directive was given by leader Kim Jong Un during a seminar for chief secretaries of city "
    "and county party committees.",
    "Factory managers complain that the added oversight will make production goals harder to "
    "reach, a source in North Pyongan province said.",
    "“The city officials don’t know the basics of the economy,” said the source, who requested "
    "anonymity to speak freely.",
    "Georgetown University professor William Brown said the order asks for more output with fewer resources.",
    "RFA reported in January that state enterprises had been told to become self-sufficient and "
    "stop relying on imports.",
]


def links_of(old: list[str], new: list[str]) -> set[tuple[str, tuple[int, ...], tuple[int, ...]]]:
    return {(link.op, link.source, link.target) for link in align_paragraphs(old, new)}


def check_invariants(old: list[str], new: list[str], links: list[Link]) -> None:
    assert sorted(i for link in links for i in link.source) == list(range(len(old)))
    assert sorted(j for link in links for j in link.target) == list(range(len(new)))
    for link in links:
        assert link.op in OPS
        assert (link.similarity is None) == (link.op in ("insert", "delete"))
        if link.op == "equal":
            assert link.similarity == 1.0
            assert old[link.source[0]] == new[link.target[0]]
        if link.op == "edit":
            assert link.similarity is not None and 0.0 < link.similarity < 1.0
        if link.op in ("split", "merge"):
            assert link.similarity is not None and 0.0 < link.similarity <= 1.0
        if link.similarity is not None:
            joined_old = " ".join(old[i] for i in link.source)
            joined_new = " ".join(new[j] for j in link.target)
            assert link.similarity == pytest.approx(similarity(joined_old, joined_new))
        assert (len(link.target) > 1) == (link.op == "split")
        assert (len(link.source) > 1) == (link.op == "merge")
    firsts = [link.target[0] for link in links if link.target]
    assert firsts == sorted(firsts)


# the dev set


def load_dev() -> list[dict[str, Any]]:
    return [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def dev_scores() -> dict[str, float]:
    hits = predicted_total = gold_total = 0
    gold_by_op: Counter[str] = Counter()
    found_by_op: Counter[str] = Counter()
    for case in load_dev():
        gold = {
            (g["op"], tuple(sorted(i - 1 for i in g["old"])), tuple(sorted(j - 1 for j in g["new"])))
            for g in case["links"]
        }
        predicted = links_of(case["old"], case["new"])
        hits += len(gold & predicted)
        predicted_total += len(predicted)
        gold_total += len(gold)
        gold_by_op.update(op for op, _, _ in gold)
        found_by_op.update(op for op, _, _ in gold & predicted)
    precision, recall = hits / predicted_total, hits / gold_total
    scores = {
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall),
    }
    scores.update({f"recall_{op}": found_by_op[op] / gold_by_op[op] for op in gold_by_op})
    print("\nalignment dev set: " + ", ".join(f"{k} {v:.3f}" for k, v in scores.items()))
    return scores


def test_dev_set_link_f1(dev_scores: dict[str, float]) -> None:
    assert dev_scores["f1"] >= 0.98


@pytest.mark.parametrize("op", ["split", "merge", "move"])
def test_dev_set_recall_of_hard_ops(dev_scores: dict[str, float], op: str) -> None:
    assert dev_scores[f"recall_{op}"] >= 0.95


def test_dev_set_invariants() -> None:
    for case in load_dev():
        old, new = case["old"], case["new"]
        check_invariants(old, new, align_paragraphs(old, new))


# cases


def test_identical_revisions_are_all_equal() -> None:
    assert links_of(P, P) == {("equal", (i,), (i,)) for i in range(len(P))}


def test_empty_revisions() -> None:
    assert align_paragraphs([], []) == []
    assert align_paragraphs([], P[:2]) == [Link("insert", (), (0,), None), Link("insert", (), (1,), None)]
    assert align_paragraphs(P[:2], []) == [Link("delete", (0,), (), None), Link("delete", (1,), (), None)]


def test_identical_paragraph_out_of_order_is_a_move() -> None:
    new = [P[0], P[4], P[1], P[2], P[3], P[5]]
    links = align_paragraphs(P, new)
    assert Link("move", (4,), (1,), 1.0) in links
    assert {link.op for link in links} == {"equal", "move"}


def test_edited_paragraph_in_place_is_an_edit() -> None:
    edited = P[2].replace("complain", "say").replace("harder", "much harder")
    links = align_paragraphs(P, [*P[:2], edited, *P[3:]])
    (link,) = [link for link in links if link.op != "equal"]
    assert (link.op, link.source, link.target) == ("edit", (2,), (2,))
    assert link.similarity is not None and 0.8 < link.similarity < 1.0


def test_moved_and_edited_paragraph_is_a_move() -> None:
    edited = P[1].replace("leader ", "")
    new = [P[0], P[2], P[3], P[4], edited, P[5]]
    links = align_paragraphs(P, new)
    (link,) = [link for link in links if link.op != "equal"]
    assert (link.op, link.source, link.target) == ("move", (1,), (4,))
    assert link.similarity is not None and link.similarity < 1.0


def test_the_untouched_paragraph_moved_not_its_edited_neighbours() -> None:
    edited = [p.removesuffix(".") + " this year." for p in P]
    new = [edited[1], edited[2], edited[3], edited[4], P[0], edited[5]]
    ops = links_of(P, new)
    assert ("move", (0,), (4,)) in ops
    assert sum(op == "edit" for op, _, _ in ops) == 5


def test_swapped_edited_paragraphs_are_one_edit_and_one_move() -> None:
    new = [P[0], P[2] + " Officials declined to comment.", P[1].replace("chief ", ""), *P[3:]]
    ops = Counter(op for op, _, _ in links_of(P, new))
    assert ops == Counter({"equal": 4, "edit": 1, "move": 1})


def test_split_in_two() -> None:
    first, second = P[3].split(",” ")
    new = [*P[:3], first + ",”", second[0].upper() + second[1:], *P[4:]]
    links = align_paragraphs(P, new)
    check_invariants(P, new, links)
    assert ("split", (3,), (3, 4)) in {(link.op, link.source, link.target) for link in links}


def test_split_in_three_with_an_edit() -> None:
    long = " ".join(P[1:4])
    old = [P[0], long, P[5]]
    new = [P[0], P[1], P[2].replace("complain", "say"), P[3], P[5]]
    assert links_of(old, new) == {
        ("equal", (0,), (0,)),
        ("split", (1,), (1, 2, 3)),
        ("equal", (2,), (4,)),
    }


def test_merge_of_two_and_of_three() -> None:
    new = [P[0] + " " + P[1], " ".join(P[2:5]), P[5]]
    assert links_of(P, new) == {
        ("merge", (0, 1), (0,)),
        ("merge", (2, 3, 4), (1,)),
        ("equal", (5,), (2,)),
    }


def test_split_must_explain_more_than_an_edit() -> None:
    # The inserted paragraph shares a few function words with P[2] but is not part of it.
    inserted = "The source said the ministry would respond in a statement next week."
    edited = P[2].replace(", a source in North Pyongan province said", "")
    ops = links_of(P, [*P[:2], edited, inserted, *P[3:]])
    assert ("edit", (2,), (2,)) in ops
    assert ("insert", (), (3,)) in ops


def test_rewritten_beyond_recognition_is_delete_and_insert() -> None:
    rewrite = "Officials in Pyongyang did not answer questions about the policy on Monday."
    ops = links_of(P, [*P[:2], rewrite, *P[3:]])
    assert ("delete", (2,), ()) in ops
    assert ("insert", (), (2,)) in ops


def test_duplicate_paragraphs_pair_in_order() -> None:
    old = ["Advertisement", P[0], "Advertisement", P[1]]
    new = ["Advertisement", P[0], "Advertisement", P[1], "Advertisement"]
    assert links_of(old, new) == {
        ("equal", (0,), (0,)),
        ("equal", (1,), (1,)),
        ("equal", (2,), (2,)),
        ("equal", (3,), (3,)),
        ("insert", (), (4,)),
    }


def test_deletes_follow_their_old_predecessor() -> None:
    new = [P[1], P[2], P[5]]
    links = align_paragraphs(P, new)
    assert [(link.op, link.source, link.target) for link in links] == [
        ("delete", (0,), ()),
        ("equal", (1,), (0,)),
        ("equal", (2,), (1,)),
        ("delete", (3,), ()),
        ("delete", (4,), ()),
        ("equal", (5,), (2,)),
    ]


def test_chinese_paragraphs_align_by_character() -> None:
    old = ["朝鲜下令地方官员在管理国有企业方面发挥更积极的作用。", "消息人士说，工厂经理们对此表示不满。"]
    new = ["朝鲜下令地方干部在管理国有企业方面发挥更积极的作用。", "消息人士说，工厂经理们对此表示不满。"]
    assert links_of(old, new) == {("edit", (0,), (0,)), ("equal", (1,), (1,))}


def test_korean_paragraphs_align_by_word() -> None:
    old = [
        "북한이 지방 관리들에게 국영기업 관리에 더 적극적으로 나서라고 지시했다.",
        "소식통은 자유아시아방송에 이같이 말했다.",
    ]
    new = [
        "소식통은 자유아시아방송에 이같이 말했다.",
        "북한이 지방 간부들에게 국영기업 관리에 더 적극적으로 나서라고 지시했다.",
    ]
    ops = links_of(old, new)
    assert len(ops) == 2 and {op for op, _, _ in ops} == {"equal", "move"}


# scores in lists and in NumPy arrays


def _revised(rng: random.Random, old: list[str]) -> list[str]:
    """A revision of old with every kind of change: edits, splits, merges, moves, deletions,
    insertions, and near-copies that give a paragraph rival candidates."""
    new: list[str] = []
    for text in old:
        words = text.split()
        roll = rng.random()
        if roll < 0.15:
            continue
        if roll < 0.3 and len(words) >= 4:
            cut = rng.randint(1, len(words) - 1)
            new += [" ".join(words[:cut]), " ".join(words[cut:])]
        elif roll < 0.45 and new:
            new[-1] = f"{new[-1]} {text}"
        elif roll < 0.65:
            at = rng.randrange(len(words))
            new.append(" ".join([*words[:at], rng.choice(_WORDS), *words[at + 1:]]))
        elif roll < 0.75:
            new += [text, " ".join([*words, rng.choice(_WORDS)])]
        else:
            new.append(text)
    if new and rng.random() < 0.3:
        new.insert(rng.randrange(len(new) + 1), new.pop(rng.randrange(len(new))))
    if rng.random() < 0.3:
        new.insert(rng.randrange(len(new) + 1), " ".join(rng.choices(_WORDS, k=rng.randint(3, 9))))
    return new


_WORDS = ["the", "library", "opens", "late", "and", "mayor", "said", "that", "nobody", "came", "to",
          "read", "books", "at", "night"]


def test_scores_in_lists_align_as_scores_in_arrays(monkeypatch: pytest.MonkeyPatch) -> None:
    """A few changed paragraphs are scored in lists, many in NumPy arrays: both give the same links,
    split, merge and rival candidates included."""
    rng = random.Random(17)
    cases = [(case["old"], case["new"]) for case in load_dev()]
    for _ in range(400):
        old = [" ".join(rng.choices(_WORDS, k=rng.randint(3, 12))) for _ in range(rng.randint(1, 9))]
        cases.append((old, _revised(rng, old)))
    ops: Counter[str] = Counter()
    for old, new in cases:
        monkeypatch.setattr(paragraph_alignment, "SMALL_MATRIX", 10**9)
        listed = align_paragraphs(old, new)
        monkeypatch.setattr(paragraph_alignment, "SMALL_MATRIX", -1)
        assert align_paragraphs(old, new) == listed, (old, new)
        ops.update(link.op for link in listed)
    assert all(ops[op] >= 20 for op in OPS), ops


def test_a_few_changed_paragraphs_align_without_numpy() -> None:
    probe = ("import sys\nfrom provenance.text.paragraph_alignment import align_paragraphs\n"
             "links = align_paragraphs(['The library opens late.', 'It has books.', 'Nobody came.'],\n"
             "                         ['The library opens early.', 'It has books.', 'Then all came.'])\n"
             "print(sorted(link.op for link in links), 'numpy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "['edit', 'edit', 'equal'] False"
