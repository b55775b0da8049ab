"""Strict and lax F1 of provenance.text.translation_alignment on the Bleualign German–French test set.

Scoring follows Sennrich & Volk (2011): a bead is a pair (source sentences, target sentences).
Strict: a predicted bead is correct only if a gold bead is identical to it. Lax: it is correct if
some gold bead shares at least one source and at least one target sentence with it; recall is the
same test the other way round. Counts are summed over test0–test6 (micro-average) for the total.

The table leaves beads with an empty side (a sentence with no counterpart) out of precision and
recall alike: an aligner is scored on the links it makes. The Bleualign evaluation script instead
counts them on both sides (a gold 1-0 or 0-1 bead can then match only strictly); the last line gives
the totals that way too. The same run scores the length-only baseline (the same search with anchors
off) and the full aligner. The aligner was tuned on dev.*, which is not reported here.

Run: .venv/bin/python bench/bleualign.py   (exits 1 if the total strict F1 of the aligner is below 0.80)
"""

import ast
import sys
from dataclasses import dataclass, fields
from pathlib import Path

from provenance.text.translation_alignment import align_translation

DATA = Path(__file__).resolve().parent / "data" / "bleualign"
TEST_FILES = [f"test{n}" for n in range(7)]
TARGET_STRICT_F1 = 0.80

Link = tuple[tuple[int, ...], tuple[int, ...]]


def read_sentences(path: Path) -> list[str]:
    """One sentence a line, trailing blanks stripped."""
    return [line.rstrip() for line in path.read_text(encoding="utf-8").splitlines()]


def read_gold(path: Path) -> list[Link]:
    """Gold beads from lines like ``[6, 7]:[9, 10]`` (0-based sentence numbers)."""
    links = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            source, target = line.split(":")
            links.append((tuple(sorted(ast.literal_eval(source))), tuple(sorted(ast.literal_eval(target)))))
    return links


def predict(name: str, *, anchors: bool) -> list[Link]:
    """The aligner's beads for one file pair."""
    source = read_sentences(DATA / f"{name}.de")
    target = read_sentences(DATA / f"{name}.fr")
    return [(b.source, b.target) for b in align_translation(source, target, anchors=anchors)]


@dataclass
class Counts:
    """Numerators and denominators of strict and lax precision and recall."""

    predicted: int = 0
    correct_strict: int = 0
    correct_lax: int = 0
    gold: int = 0
    found_strict: int = 0
    found_lax: int = 0

    def __iadd__(self, other: "Counts") -> "Counts":
        for field in fields(self):
            setattr(self, field.name, getattr(self, field.name) + getattr(other, field.name))
        return self

    def f1(self, *, lax: bool) -> float:
        """Harmonic mean of precision and recall."""
        if lax:
            correct, found = self.correct_lax, self.found_lax
        else:
            correct, found = self.correct_strict, self.found_strict
        precision = correct / self.predicted if self.predicted else 0.0
        recall = found / self.gold if self.gold else 0.0
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _overlaps(link: Link, others: list[Link]) -> bool:
    source, target = set(link[0]), set(link[1])
    return any(source.intersection(s) and target.intersection(t) for s, t in others)


def score(gold: list[Link], predicted: list[Link], *, one_sided: bool = False) -> Counts:
    """Strict and lax counts for one file pair; beads with an empty side count only if `one_sided`."""
    if not one_sided:
        gold = [link for link in gold if link[0] and link[1]]
        predicted = [link for link in predicted if link[0] and link[1]]
    gold_set, predicted_set = set(gold), set(predicted)
    return Counts(
        predicted=len(predicted),
        correct_strict=sum(link in gold_set for link in predicted),
        correct_lax=sum(link in gold_set or _overlaps(link, gold) for link in predicted),
        gold=len(gold),
        found_strict=sum(link in predicted_set for link in gold),
        found_lax=sum(link in predicted_set or _overlaps(link, predicted) for link in gold),
    )


def _cells(counts: Counts) -> str:
    return f"{counts.f1(lax=False):>7.3f} {counts.f1(lax=True):>7.3f}"


def main() -> int:
    """Print the table and return the exit status."""
    totals = {(anchors, one_sided): Counts() for anchors in (False, True) for one_sided in (False, True)}
    print(f"{'file':<8} {'gold':>5}  {'length only':^15}  {'with anchors':^15}")
    print(f"{'':<8} {'':>5}  {'strict':>7} {'lax':>7}  {'strict':>7} {'lax':>7}")
    for name in TEST_FILES:
        gold = read_gold(DATA / f"{name}.defr")
        row = {}
        for anchors in (False, True):
            predicted = predict(name, anchors=anchors)
            for one_sided in (False, True):
                counts = score(gold, predicted, one_sided=one_sided)
                totals[(anchors, one_sided)] += counts
                row[(anchors, one_sided)] = counts
        baseline, ours = row[(False, False)], row[(True, False)]
        print(f"{name:<8} {ours.gold:>5}  {_cells(baseline)}  {_cells(ours)}")
    both = totals[(True, False)]
    print(f"{'total':<8} {both.gold:>5}  {_cells(totals[(False, False)])}  {_cells(both)}")
    counted = totals[(True, True)]
    print(
        f"{'total*':<8} {counted.gold:>5}  {_cells(totals[(False, True)])}  {_cells(counted)}"
        "   * beads with an empty side counted, as the Bleualign script does"
    )
    strict = both.f1(lax=False)
    if strict < TARGET_STRICT_F1:
        print(f"FAILED: total strict F1 {strict:.3f} is below {TARGET_STRICT_F1:.2f}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
