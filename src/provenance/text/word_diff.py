"""Tokenisation and word-level diff of two versions of a paragraph or text.

A token is a word, a punctuation mark, or a single Han or Kana character, together with the white
space that follows it, so joining the tokens of a text gives the text back exactly. Tokens are
compared by their text without that trailing white space: re-spacing is not an edit.

Han and Kana are one character a token because Chinese and Japanese put no spaces between words;
a one-character edit must not mark a whole sentence as changed. Hangul is written with spaces, so
a Hangul run (with any letters or digits joined to it, as in "RFA에") is one token, like a Latin
word.

The similarity of two texts is the share of their tokens kept by a longest common subsequence,
2·LCS / (tokens in old + tokens in new) (rapidfuzz's normalised Indel similarity). The paragraph
aligner uses exactly this measure.

The diff works in two passes, like a line-then-word diff: unchanged sentences are matched whole
first, then the tokens of each changed stretch are aligned by longest common subsequence. The
first pass makes a long text cheap to diff, since most of it is usually unchanged, and keeps
unchanged sentences whole for the reader. The diff then keeps as many tokens as the similarity
counts, except in unusual cases such as reordered sentences, where it may keep a few fewer.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, groupby

from provenance.text.patterns import LazyPattern

# Han (CJK ideographs, radicals, iteration marks) and Kana (hiragana, katakana, half-width).
_HAN_KANA = (
    "\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3038-\u303b\u3040-\u309f\u30a0-\u30ff"
    "\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f"
)
# Combining marks, among them the vowel signs of Brahmic scripts: Python's \w is letters and
# digits only, and would cut "हिन्दी" apart at every vowel sign.
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
    "\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963\u0981-\u0983\u09bc-\u09d7"
    "\u0a01-\u0a03\u0a3c-\u0a51\u0a81-\u0a83\u0abc-\u0acd\u0b01-\u0b03\u0b3c-\u0b57"
    "\u0b82\u0bbe-\u0bcd\u0c00-\u0c04\u0c3c-\u0c56\u0c81-\u0c83\u0cbc-\u0cd6"
    "\u0d00-\u0d03\u0d3b-\u0d57\u0d81-\u0d83\u0dca-\u0df3\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
    "\u1ab0-\u1aff\u1dc0-\u1dff\u200c\u200d\u20d0-\u20ff\ufe20-\ufe2f"
)
_LETTERS = rf"[^\W_{_HAN_KANA}]"
_WORD = rf"[{_MARKS}]*{_LETTERS}+(?:[{_MARKS}]+{_LETTERS}*)*"
# An apostrophe inside a word ("don't", "RFA’s") and a separator inside a number ("1,000", "3.5")
# do not end it.
_TOKEN = LazyPattern(rf"(?:[{_HAN_KANA}]|{_WORD}(?:['’]{_WORD})*(?:(?<=\d)[.,:](?=\d){_WORD})*|\S)\s*|\s+")
# The same pattern for a text of ASCII characters only, where no Han, Kana, combining mark or ’
# can occur and a letter is [A-Za-z0-9]: it matches the same tokens three times as fast.
_ASCII = "[A-Za-z0-9]+"
_ASCII_TOKEN = LazyPattern(rf"(?:{_ASCII}(?:'{_ASCII})*(?:(?<=\d)[.,:](?=\d){_ASCII})*|\S)\s*|\s+")

# Token codes are code points, skipping the surrogates, which a str may hold but not encode.
_SURROGATES = range(0xD800, 0xE000)
_SENTENCE_ENDS = (".", "!", "?", "…", "。", "！", "？", "।", "؟")
_Opcode = tuple[str, int, int, int, int]


def tokenize(text: str) -> list[str]:
    """Split text into tokens that each carry their trailing white space; ''.join() restores it.

    White space at the very start of the text is a token of its own.
    """
    return (_ASCII_TOKEN if text.isascii() else _TOKEN).findall(text)


def encode_tokens(token_lists: Iterable[Sequence[str]]) -> list[str]:
    """Map each token list to a string with one character per token, equal tokens to equal ones.

    The codes are shared across all the lists of one call, so the strings can be compared with
    any rapidfuzz scorer at C speed; trailing white space is ignored.
    """
    return _encode(token_lists)[0]


def _encode(token_lists: Iterable[Sequence[str]]) -> tuple[list[str], dict[str, str]]:
    """``encode_tokens``, and the code of each token (without white space)."""
    rows = list(token_lists)
    codes: dict[str, str] = {}  # token without its white space -> code
    by_token: dict[str, str] = {}  # token as written -> code
    # Strip each distinct token once rather than every token: a text repeats most of its words.
    for token in dict.fromkeys(chain.from_iterable(rows)):
        key = token.rstrip()
        code = codes.get(key)
        if code is None:
            code = codes[key] = _code(len(codes))
        by_token[token] = code
    return ["".join(map(by_token.__getitem__, row)) for row in rows], codes


def _code(n: int) -> str:
    return chr(n if n < _SURROGATES.start else n + len(_SURROGATES))


def similarity(old: str, new: str) -> float:
    """Share of tokens kept between two texts, 0..1: 2·LCS / (tokens in old + tokens in new)."""
    from rapidfuzz.distance import Indel  # loaded where texts are compared, not at start-up

    a, b = encode_tokens((tokenize(old), tokenize(new)))
    return float(Indel.normalized_similarity(a, b))


@dataclass(frozen=True)
class Change:
    """One span of a word diff.

    ``old`` and ``new`` are exact substrings of the two texts (trailing white space included); for
    an ``equal`` span they can differ in white space only.
    """

    op: str  # "equal" | "insert" | "delete" | "replace"
    old: str
    new: str


def word_diff(old: str, new: str) -> list[Change]:
    """Diff two texts token by token.

    Spans alternate between ``equal`` and one ``replace``, ``insert`` or ``delete``. Joining the
    ``old`` of all spans gives back ``old``, and likewise for ``new``.
    """
    return diff_tokens(tokenize(old), tokenize(new))


def diff_tokens(old: Sequence[str], new: Sequence[str]) -> list[Change]:
    """``word_diff`` of two texts already cut up by ``tokenize``."""
    (a, b), codes = _encode((old, new))
    ends = "".join(codes[end] for end in _SENTENCE_ENDS if end in codes)
    changes = []
    for is_equal, group in groupby(_opcodes(a, b, ends), key=lambda op: op[0] == "equal"):
        run = list(group)
        i1, i2, j1, j2 = run[0][1], run[-1][2], run[0][3], run[-1][4]
        if is_equal:
            op = "equal"
        elif i1 < i2 and j1 < j2:
            op = "replace"
        else:
            op = "delete" if i1 < i2 else "insert"
        changes.append(Change(op, "".join(old[i1:i2]), "".join(new[j1:j2])))
    return changes


def _opcodes(a: str, b: str, ends: str) -> list[_Opcode]:
    """Align two token strings sentence by sentence, then token by token in changed stretches.

    ``ends`` holds the codes of the sentence-ending tokens. No opcode is empty.
    """
    if ends:
        end = re.escape(ends)
        sentence = re.compile(f"[^{end}]*[{end}]+|[^{end}]+")
    else:
        sentence = re.compile(".+", re.DOTALL)
    a_units, b_units = sentence.findall(a), sentence.findall(b)
    ids: dict[str, str] = {}
    a_ids = "".join([ids.setdefault(unit, _code(len(ids))) for unit in a_units])
    b_ids = "".join([ids.setdefault(unit, _code(len(ids))) for unit in b_units])
    a_at = [0, *accumulate(map(len, a_units))]
    b_at = [0, *accumulate(map(len, b_units))]

    result: list[_Opcode] = []
    stretch: list[int] | None = None  # a run of changed sentences, in tokens
    # A last, empty "equal" closes a stretch of changes that runs to the end.
    ops = [*_indel_opcodes(a_ids, b_ids), ("equal", len(a_units), len(a_units), len(b_units), len(b_units))]
    for tag, i1, i2, j1, j2 in ops:
        if tag != "equal":
            if stretch:
                stretch[1], stretch[3] = a_at[i2], b_at[j2]
            else:
                stretch = [a_at[i1], a_at[i2], b_at[j1], b_at[j2]]
            continue
        if stretch:
            s1, s2, t1, t2 = stretch
            result += _indel_opcodes(a[s1:s2], b[t1:t2], s1, t1)
            stretch = None
        if i1 < i2:
            result.append((tag, a_at[i1], a_at[i2], b_at[j1], b_at[j2]))
    return result


def _indel_opcodes(a: str, b: str, a_from: int = 0, b_from: int = 0) -> list[_Opcode]:
    """Longest-common-subsequence opcodes of a and b, positions shifted by a_from and b_from."""
    from rapidfuzz.distance import Indel  # loaded where texts are compared, not at start-up

    return [
        (op.tag, a_from + op.src_start, a_from + op.src_end, b_from + op.dest_start, b_from + op.dest_end)
        for op in Indel.opcodes(a, b)
    ]


@dataclass(frozen=True)
class Span:
    """One piece of a word diff as it is shown: text kept (``equal``), removed or added.

    Joining the ``equal`` and ``delete`` spans in order gives the old text exactly, and the
    ``equal`` and ``insert`` spans the new text, white space included, so a rendering that marks
    each span reads back as both texts.
    """

    op: str  # "equal" | "delete" | "insert"
    text: str


def diff_spans(changes: Sequence[Change]) -> list[Span]:
    """The spans of a word diff, each change's removed words before its added ones.

    White space that differs between the two texts is a change like any other, so nothing is
    lost or added at a change's edges; white space both sides share stays outside the marks.
    """
    pieces: list[Span] = []
    for change in changes:
        if change.op == "equal" and change.old != change.new:
            pieces += _respaced(change.old, change.new)
        elif change.op == "equal":
            pieces.append(Span("equal", change.old))
        else:
            pieces += [Span("delete", change.old), Span("insert", change.new)]
    spans: list[Span] = []
    for is_equal, group in groupby((p for p in pieces if p.text), key=lambda p: p.op == "equal"):
        run = list(group)
        if is_equal:
            spans.append(Span("equal", "".join(p.text for p in run)))
            continue
        old = "".join(p.text for p in run if p.op == "delete")
        new = "".join(p.text for p in run if p.op == "insert")
        lead = _common_space(old, new)
        old, new = old[len(lead):], new[len(lead):]
        trail = _common_space(old[::-1], new[::-1])[::-1]
        if trail:
            old, new = old[: len(old) - len(trail)], new[: len(new) - len(trail)]
        spans += [Span(op, text) for op, text in
                  (("equal", lead), ("delete", old), ("insert", new), ("equal", trail)) if text]
    merged: list[Span] = []
    for span in spans:
        if merged and merged[-1].op == span.op:
            merged[-1] = Span(span.op, merged[-1].text + span.text)
        else:
            merged.append(span)
    return merged


def _respaced(old: str, new: str) -> list[Span]:
    """An ``equal`` span whose words match but whose white space does not: each token's words
    are kept, and its white space kept or changed."""
    old_tokens, new_tokens = tokenize(old), tokenize(new)
    if len(old_tokens) != len(new_tokens):
        return [Span("delete", old), Span("insert", new)]
    pieces = []
    for o, n in zip(old_tokens, new_tokens, strict=True):
        word = o.rstrip()
        if word != n.rstrip():
            return [Span("delete", old), Span("insert", new)]
        pieces.append(Span("equal", word))
        o_space, n_space = o[len(word):], n[len(word):]
        if o_space == n_space:
            pieces.append(Span("equal", o_space))
        else:
            pieces += [Span("delete", o_space), Span("insert", n_space)]
    return pieces


def _common_space(a: str, b: str) -> str:
    """The white space both a and b begin with."""
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n] and a[n].isspace():
        n += 1
    return a[:n]
