import difflib
import itertools
import random

import pytest
from rapidfuzz.distance import LCSseq

from provenance.text.word_diff import Change, diff_tokens, encode_tokens, similarity, tokenize, word_diff


def kept_tokens(changes: list[Change]) -> int:
    return sum(len(tokenize(c.old)) for c in changes if c.op == "equal")


# tokenize


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("He said it.", ["He ", "said ", "it", "."]),
        ("“No,” she said.", ["“", "No", ",", "” ", "she ", "said", "."]),
        ("RFA’s reporter didn't", ["RFA’s ", "reporter ", "didn't"]),
        ("1,000 people, 3.5 tons", ["1,000 ", "people", ", ", "3.5 ", "tons"]),
        ("Sino-Korean", ["Sino", "-", "Korean"]),
        ("हिन्दी भाषा", ["हिन्दी ", "भाषा"]),
        ("  leading", ["  ", "leading"]),
        ("", []),
    ],
)
def test_tokenize_latin_and_punctuation(text: str, tokens: list[str]) -> None:
    assert tokenize(text) == tokens


def test_tokenize_han_is_one_character_a_token() -> None:
    assert tokenize("北京是中国的首都。") == ["北", "京", "是", "中", "国", "的", "首", "都", "。"]


def test_tokenize_kana_is_one_character_a_token() -> None:
    assert tokenize("東京に行きました。") == ["東", "京", "に", "行", "き", "ま", "し", "た", "。"]
    assert tokenize("テレビ") == ["テ", "レ", "ビ"]


def test_tokenize_hangul_by_space_delimited_word() -> None:
    assert tokenize("북한은 지방 관리들에게 RFA에 말했다.") == [
        "북한은 ",
        "지방 ",
        "관리들에게 ",
        "RFA에 ",
        "말했다",
        ".",
    ]


@pytest.mark.parametrize(
    "text",
    ["a  b\t c\n", " x ", "北京 是\u3000中国", "“Quote,” he said .  ", "\u00a0nbsp\u00a0"],
)
def test_tokens_join_back_to_the_text(text: str) -> None:
    assert "".join(tokenize(text)) == text


def test_ascii_text_is_tokenized_as_the_full_pattern_does() -> None:
    from provenance.text.word_diff import _TOKEN

    rng = random.Random(17)
    characters = [chr(c) for c in range(128)] + list("abcXYZ019 '.,:-") * 8
    for _ in range(20_000):
        text = "".join(rng.choice(characters) for _ in range(rng.randint(0, 30)))
        assert tokenize(text) == _TOKEN.findall(text), repr(text)


# word_diff, checked by hand


def test_latin_word_replaced() -> None:
    assert word_diff("The big dog barked.", "The small dog barked.") == [
        Change("equal", "The ", "The "),
        Change("replace", "big ", "small "),
        Change("equal", "dog barked.", "dog barked."),
    ]


def test_latin_word_deleted_and_inserted() -> None:
    assert word_diff("He said it was late.", "He said it was very late, too.") == [
        Change("equal", "He said it was ", "He said it was "),
        Change("insert", "", "very "),
        Change("equal", "late", "late"),
        Change("insert", "", ", too"),
        Change("equal", ".", "."),
    ]


def test_equal_span_may_differ_in_white_space_only() -> None:
    assert word_diff("He said it.", "He said.") == [
        Change("equal", "He said ", "He said"),
        Change("delete", "it", ""),
        Change("equal", ".", "."),
    ]


def test_chinese_edit_marks_only_the_changed_characters() -> None:
    assert word_diff("北京是中国的首都。", "北京是中华人民共和国的首都。") == [
        Change("equal", "北京是中", "北京是中"),
        Change("insert", "", "华人民共和"),
        Change("equal", "国的首都。", "国的首都。"),
    ]


def test_japanese_edit_marks_only_the_changed_characters() -> None:
    assert word_diff("昨日東京に行きました。", "昨日大阪に行きました。") == [
        Change("equal", "昨日", "昨日"),
        Change("replace", "東京", "大阪"),
        Change("equal", "に行きました。", "に行きました。"),
    ]


def test_korean_edit_marks_the_changed_word() -> None:
    assert word_diff("북한은 지방 관리들에게 지시했다.", "북한은 지역 관리들에게 지시했다.") == [
        Change("equal", "북한은 ", "북한은 "),
        Change("replace", "지방 ", "지역 "),
        Change("equal", "관리들에게 지시했다.", "관리들에게 지시했다."),
    ]


def test_unchanged_sentences_stay_whole() -> None:
    old = "First sentence here. Second one is short. Third ends it."
    new = "First sentence here. Second one is long. Third ends it."
    assert word_diff(old, new) == [
        Change("equal", "First sentence here. Second one is ", "First sentence here. Second one is "),
        Change("replace", "short", "long"),
        Change("equal", ". Third ends it.", ". Third ends it."),
    ]


def test_empty_texts() -> None:
    assert word_diff("", "") == []
    assert word_diff("", "New text.") == [Change("insert", "", "New text.")]
    assert word_diff("Old text.", "") == [Change("delete", "Old text.", "")]


def test_identical_texts_are_one_equal_span() -> None:
    assert word_diff("Same. Words.", "Same. Words.") == [Change("equal", "Same. Words.", "Same. Words.")]


def test_diff_tokens_is_word_diff_of_tokens() -> None:
    old, new = "A cat sat. On a mat.", "A dog sat. On the mat!"
    assert diff_tokens(tokenize(old), tokenize(new)) == word_diff(old, new)


# similarity


def test_similarity_counts_tokens_kept() -> None:
    assert similarity("a b c", "a x c") == pytest.approx(4 / 6)
    assert similarity("Same words.", "Same words.") == 1.0
    assert similarity("one two", "three four") == 0.0
    assert similarity("", "") == 1.0


def test_similarity_ignores_white_space() -> None:
    assert similarity("a  b\nc", "a b c") == 1.0


def test_similarity_is_per_character_for_chinese() -> None:
    # 8 of 9 characters kept on each side.
    assert similarity("北京是中国的首都。", "北京是中国的首府。") == pytest.approx(16 / 18)


def test_similarity_agrees_with_the_diff() -> None:
    old = "The directive was given by Kim Jong Un during a seminar for party secretaries."
    new = "The order was given by leader Kim Jong Un at a seminar for city party secretaries."
    changes = word_diff(old, new)
    total = len(tokenize(old)) + len(tokenize(new))
    assert similarity(old, new) == pytest.approx(2 * kept_tokens(changes) / total)


def test_encode_tokens_shares_codes_across_lists() -> None:
    a, b = encode_tokens([["x ", "y"], ["y ", "x", "z"]])
    assert len(a) == 2 and len(b) == 3
    assert a[0] == b[1] and a[1] == b[0] and b[2] not in a


# properties over random edits (fixed seed)

WORDS = [
    *("the", "of", "a", "to", "said", "North", "Korea", "officials", "party", "factory"),
    *("北", "京", "東", "京", "북한은", "지방", ",", ".", "“", "”", "!"),
]


def random_text(rng: random.Random) -> str:
    spaces = [" ", " ", " ", "", "  ", "\n"]
    return "".join(rng.choice(WORDS) + rng.choice(spaces) for _ in range(rng.randint(0, 40)))


def random_edit(rng: random.Random, text: str) -> str:
    tokens = tokenize(text)
    for _ in range(rng.randint(0, 8)):
        k = rng.randint(0, len(tokens))
        action = rng.random()
        if action < 0.4 or not tokens:
            tokens.insert(k, rng.choice(WORDS) + " ")
        elif action < 0.7:
            del tokens[min(k, len(tokens) - 1)]
        else:
            tokens[min(k, len(tokens) - 1)] = rng.choice(WORDS) + rng.choice(["", " "])
    return "".join(tokens)


def test_spans_join_back_to_both_texts() -> None:
    rng = random.Random(1234)
    for _ in range(1000):
        old = random_text(rng)
        new = random_edit(rng, old) if rng.random() < 0.8 else random_text(rng)
        changes = word_diff(old, new)
        assert "".join(c.old for c in changes) == old
        assert "".join(c.new for c in changes) == new
        for c in changes:
            assert c.op in ("equal", "insert", "delete", "replace")
            assert (c.op == "insert") == (c.old == "" and c.new != "")
            assert (c.op == "delete") == (c.new == "" and c.old != "")
            if c.op == "equal":
                assert [t.rstrip() for t in tokenize(c.old)] == [t.rstrip() for t in tokenize(c.new)]
        for before, after in itertools.pairwise(changes):
            assert (before.op == "equal") != (after.op == "equal")


def test_diff_keeps_as_many_tokens_as_lcs_and_difflib() -> None:
    rng = random.Random(99)
    for _ in range(500):
        old = random_text(rng)
        new = random_edit(rng, old)
        old_tokens, new_tokens = tokenize(old), tokenize(new)
        a, b = encode_tokens([old_tokens, new_tokens])
        kept = kept_tokens(word_diff(old, new))
        reference = difflib.SequenceMatcher(None, list(a), list(b), autojunk=False)
        assert kept >= sum(block.size for block in reference.get_matching_blocks())
        assert kept == LCSseq.similarity(a, b)
