"""Benchmark: paragraph alignment and word diff against difflib baselines, timed in one run.

    .venv/bin/python bench/alignment.py

0. Accuracy on tests/data/alignment_dev.jsonl, as tests/test_paragraph_alignment.py asserts it: link F1
   (micro, a link right when op, old set and new set all match) at least 0.98, and split, merge
   and move each recalled at least 95 % of the time.
1. Two 500-paragraph revisions, generated from the words of tests/data/alignment_dev.jsonl with a
   seeded random editor that keeps, edits, moves, splits, merges, deletes and inserts paragraphs
   and records what it did. ``align_paragraphs`` is timed against a baseline doing the same
   matching with difflib: identical pairs first, ``SequenceMatcher.ratio`` over the whole
   remaining matrix (on the same token lists), the same optimal assignment and threshold, the same
   in-order rule for moves. Target: 50x faster, and an F1 at least the baseline's.
2. Word diff of two 10,000-word texts, about one word in twenty edited: ``diff_tokens`` against
   the same diff built on difflib's ``SequenceMatcher`` (default settings), both given the same
   token lists and both returning the same kind of ``Change`` spans. Target: 20x faster.

Exits 1 when a target is missed. Not a test: timings depend on the machine.
"""

import difflib
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

from provenance.text.paragraph_alignment import (
    MIN_SIMILARITY,
    Link,
    _identical_pairs,
    _in_new_order,
    _mark_moves,
    align_paragraphs,
)
from provenance.text.word_diff import Change, diff_tokens, tokenize, word_diff

DEV = Path(__file__).resolve().parent.parent / "tests" / "data" / "alignment_dev.jsonl"
SEED = 20210308
ALIGN_TARGET = 50.0
DIFF_TARGET = 20.0

Truth = set[tuple[str, tuple[int, ...], tuple[int, ...]]]


class Writer:
    """Makes news-like text: the dev set's words at their frequencies, plus a long tail of names.

    Two unrelated paragraphs then share function words and punctuation as real ones do, but not
    their content words.
    """

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        counts: Counter[str] = Counter()
        for line in DEV.read_text(encoding="utf-8").splitlines():
            for paragraph in json.loads(line)["old"]:
                counts.update(t.rstrip() for t in tokenize(paragraph) if t.strip() not in ".“”")
        self.common, self.common_weights = list(counts), list(counts.values())
        syllables = ["ka", "to", "ri", "mun", "sel", "par", "ven", "dor", "li", "gam", "shi", "ne"]
        self.rare = sorted({"".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(6000)})
        # Zipf: the n-th rare word turns up about 1/n as often as the first.
        self.rare_weights = [1 / (n + 1) for n in range(len(self.rare))]

    def word(self) -> str:
        if self.rng.random() < 0.6:
            return self.rng.choices(self.common, self.common_weights)[0]
        return self.rng.choices(self.rare, self.rare_weights)[0]

    def sentence(self) -> str:
        words = [self.word() for _ in range(self.rng.randint(8, 30))]
        for k in range(2, len(words) - 2):
            if self.rng.random() < 0.06:
                words[k] += ","
        return " ".join(words).capitalize() + "."

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(1, 4)))

    def edit(self, text: str, share: float) -> str:
        """Replace, insert or delete about ``share`` of the words."""
        words = text.split()
        for _ in range(max(1, round(share * len(words)))):
            k = self.rng.randrange(len(words))
            action = self.rng.random()
            if action < 0.4:
                words[k] = self.word()
            elif action < 0.7:
                words.insert(k, self.word())
            elif len(words) > 3:
                del words[k]
        return " ".join(words)


def revise(writer: Writer, old: list[str]) -> tuple[list[str], Truth]:
    """A new revision of ``old`` and the true links (0-based), as a seeded editor would make."""
    rng = writer.rng
    items: list[tuple[str, str, tuple[int, ...]]] = []  # (text, op, old indices)
    i = 0
    while i < len(old):
        roll = rng.random()
        if roll < 0.14:
            items.append((writer.edit(old[i], rng.uniform(0.02, 0.2)), "edit", (i,)))
        elif roll < 0.17:
            words = old[i].split()
            if len(words) < 12:
                items.append((old[i], "equal", (i,)))
            else:
                cut = rng.randint(len(words) // 3, 2 * len(words) // 3)
                items.append((" ".join(words[:cut]), "split", (i,)))
                items.append((" ".join(words[cut:]), "split", (i,)))
        elif roll < 0.20 and i + 1 < len(old):
            items.append((old[i] + " " + old[i + 1], "merge", (i, i + 1)))
            i += 1
        elif roll < 0.24:
            pass  # deleted
        else:
            items.append((old[i], "equal", (i,)))
        if rng.random() < 0.03:
            items.append((writer.paragraph(), "insert", ()))
        i += 1

    for _ in range(len(old) // 25):
        k = rng.randrange(len(items))
        if items[k][1] not in ("equal", "edit"):
            continue
        text, _, origin = items.pop(k)
        if rng.random() < 0.5:
            text = writer.edit(text, rng.uniform(0.02, 0.2))
        items.insert(rng.randrange(len(items) + 1), (text, "move", origin))

    new = [text for text, _, _ in items]
    links: dict[tuple[str, tuple[int, ...]], list[int]] = {}
    for j, (_, op, origin) in enumerate(items):
        if op == "insert":
            links[(op, (-j - 1,))] = [j]
        else:
            links.setdefault((op, origin), []).append(j)
    truth: Truth = {(op, () if op == "insert" else origin, tuple(js)) for (op, origin), js in links.items()}
    gone = set(range(len(old))) - {i for _, _, origin in items for i in origin}
    truth |= {("delete", (i,), ()) for i in gone}
    return new, truth


def f1(links: list[Link], truth: Truth) -> float:
    """Micro F1 of predicted links against true ones (op, old set, new set all equal)."""
    predicted = {(link.op, link.source, link.target) for link in links}
    hits = len(predicted & truth)
    return 2 * hits / (len(predicted) + len(truth))


def difflib_align(old: list[str], new: list[str]) -> list[Link]:
    """The baseline: the aligner's one-to-one matching with difflib's ratio as the similarity."""
    links = [Link("equal", (i,), (j,), 1.0) for i, j in _identical_pairs(old, new)]
    rest_old = sorted(set(range(len(old))) - {link.source[0] for link in links})
    rest_new = sorted(set(range(len(new))) - {link.target[0] for link in links})
    a = [[t.rstrip() for t in tokenize(old[i])] for i in rest_old]
    b = [[t.rstrip() for t in tokenize(new[j])] for j in rest_new]
    sim = np.zeros((len(a), len(b)))
    matcher = difflib.SequenceMatcher(autojunk=False)
    for c, tokens in enumerate(b):
        matcher.set_seq2(tokens)  # difflib caches its analysis of the second sequence
        for r, other in enumerate(a):
            matcher.set_seq1(other)
            sim[r, c] = matcher.ratio()
    rows, cols = linear_sum_assignment(np.where(sim >= MIN_SIMILARITY, sim, 0.0), maximize=True)
    for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
        if sim[r, c] >= MIN_SIMILARITY:
            links.append(Link("edit", (rest_old[r],), (rest_new[c],), float(sim[r, c])))
    links = _mark_moves(links, len(old))
    linked_old = {i for link in links for i in link.source}
    linked_new = {j for link in links for j in link.target}
    links += [Link("insert", (), (j,), None) for j in range(len(new)) if j not in linked_new]
    deletes = [Link("delete", (i,), (), None) for i in range(len(old)) if i not in linked_old]
    return _in_new_order(links, deletes, len(old))


def best_time(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The fastest of ``repeat`` runs, in seconds, and the result of the last."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def bench_dev_set() -> bool:
    hits = predicted_total = 0
    gold_by_op: Counter[str] = Counter()
    found_by_op: Counter[str] = Counter()
    for line in DEV.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        gold = {
            (g["op"], tuple(sorted(i - 1 for i in g["old"])), tuple(sorted(j - 1 for j in g["new"])))
            for g in case["links"]
        }
        predicted = {(link.op, link.source, link.target)
                     for link in align_paragraphs(case["old"], case["new"])}
        hits += len(gold & predicted)
        predicted_total += len(predicted)
        gold_by_op.update(op for op, _, _ in gold)
        found_by_op.update(op for op, _, _ in gold & predicted)
    precision, recall = hits / predicted_total, hits / gold_by_op.total()
    score = 2 * precision * recall / (precision + recall)
    hard = {op: found_by_op[op] / gold_by_op[op] for op in ("split", "merge", "move")}
    ok = score >= 0.98 and min(hard.values()) >= 0.95
    print(f"dev set: {gold_by_op.total()} gold links")
    print(f"  precision {precision:.4f}  recall {recall:.4f}  F1 {score:.4f} (target 0.98)")
    print(
        "  recall " + "  ".join(f"{op} {r:.3f}" for op, r in hard.items()) + f" (target 0.95): {verdict(ok)}"
    )
    return ok


def bench_alignment(writer: Writer) -> bool:
    old = [writer.paragraph() for _ in range(500)]
    new, truth = revise(writer, old)
    ops = Counter(op for op, _, _ in truth)
    print(f"alignment: {len(old)} -> {len(new)} paragraphs; true links {dict(sorted(ops.items()))}")
    fast, ours = best_time(lambda: align_paragraphs(old, new), repeat=5)
    slow, theirs = best_time(lambda: difflib_align(old, new), repeat=1)
    speedup = slow / fast
    ok = speedup >= ALIGN_TARGET and f1(ours, truth) >= f1(theirs, truth)
    print(f"  align_paragraphs   {fast * 1000:9.1f} ms   F1 {f1(ours, truth):.4f}")
    print(f"  difflib baseline   {slow * 1000:9.1f} ms   F1 {f1(theirs, truth):.4f}")
    print(f"  speed-up {speedup:.0f}x (target {ALIGN_TARGET:.0f}x, F1 >= baseline): {verdict(ok)}")
    return ok


def difflib_diff(old: list[str], new: list[str]) -> list[Change]:
    """The baseline: ``diff_tokens`` built on difflib, with the same tokens and the same output."""
    matcher = difflib.SequenceMatcher(None, [t.rstrip() for t in old], [t.rstrip() for t in new])
    return [
        Change(tag, "".join(old[i1:i2]), "".join(new[j1:j2])) for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    ]


def bench_word_diff(writer: Writer) -> bool:
    words = " ".join(writer.sentence() for _ in range(1000)).split()[:10_000]
    old = " ".join(words)
    new = writer.edit(old, 0.05)
    old_tokens, new_tokens = tokenize(old), tokenize(new)
    print(f"word diff: {len(old.split())} and {len(new.split())} words, {len(old_tokens)} tokens")
    fast = slow = float("inf")
    for _ in range(5):  # alternate, so a busy moment on the machine slows both alike
        fast = min(fast, best_time(lambda: diff_tokens(old_tokens, new_tokens), repeat=4)[0])
        slow = min(slow, best_time(lambda: difflib_diff(old_tokens, new_tokens), repeat=1)[0])
    whole, _ = best_time(lambda: word_diff(old, new), repeat=5)
    speedup = slow / fast
    ok = speedup >= DIFF_TARGET
    print(f"  diff_tokens                  {fast * 1000:9.1f} ms")
    print(f"  difflib SequenceMatcher      {slow * 1000:9.1f} ms")
    print(f"  speed-up {speedup:.0f}x (target {DIFF_TARGET:.0f}x): {verdict(ok)}")
    print(f"  (word_diff with tokenising: {whole * 1000:.1f} ms)")
    kept = [
        sum(len(c.old) for c in diff(old_tokens, new_tokens) if c.op == "equal")
        for diff in (diff_tokens, difflib_diff)
    ]
    print(f"  characters shown unchanged: diff_tokens {kept[0]}, difflib {kept[1]}")
    return ok


def main() -> int:
    writer = Writer(random.Random(SEED))
    results = [bench_dev_set(), bench_alignment(writer), bench_word_diff(writer)]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
