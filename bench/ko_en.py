"""Link F1 of provenance.text.translation_alignment on Korean→English news stories, beside two baselines.

Data: bench/data/ko_en (Korean–English news parallel corpus v1, CC BY-SA 3.0; see its README).
A link is a pair (Korean paragraphs, English paragraphs); one with an empty side says a paragraph
has no counterpart (added in the English, or left untranslated), and counts like any other.
Precision and recall are over links, summed over the stories (micro-average); a story is exactly
right when its links are the gold links, no more, no fewer. In the same run: Gale–Church by length
alone (the same search with anchors off) and plain 1:1 pairing (paragraph k with paragraph k, the
rest unlinked). Figures for all stories, for the tuning and the held-out stories, by kind, with
time per story, and how the confidence separates right links from wrong ones.

Then the same on variants of the untouched stories, made here with a fixed seed, three of each kind
per story: an English paragraph from another story inserted (insert), an English paragraph removed
(drop), an English paragraph replaced by one from another story (replace: its Korean paragraph
untranslated, the new one without a source), two neighbours exchanged (swap), two neighbours
joined (merge) or one cut after a sentence (split). Variants of held-out stories are held out too.

Run: .venv/bin/python bench/ko_en.py   (exits 1 if the aligner's F1 over all stories is below 0.97)
"""

import json
import random
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from provenance.text.translation_alignment import align_translation
from provenance.translations import UNCERTAIN_BELOW

DATA = Path(__file__).resolve().parent / "data" / "ko_en" / "alignment_ko_en_dev.jsonl"
TARGET_F1 = 0.97

Link = tuple[tuple[int, ...], tuple[int, ...]]
Aligner = Callable[[list[str], list[str]], list[tuple[Link, float]]]


def read_stories(path: Path = DATA) -> list[dict[str, object]]:
    """The stories of a JSON-lines file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def gold_links(story: dict[str, object]) -> set[Link]:
    """The story's links, 0-based."""
    return {(tuple(i - 1 for i in link["ko"]), tuple(j - 1 for j in link["en"]))  # type: ignore[index]
            for link in story["links"]}  # type: ignore[attr-defined]


def held_out(stories: list[dict[str, object]]) -> set[str]:
    """Every third story of each kind, in order of id: left out of the tuning."""
    by_kind: dict[str, list[str]] = {}
    for story in sorted(stories, key=lambda s: str(s["id"])):
        by_kind.setdefault(str(story["kind"]), []).append(str(story["id"]))
    return {story for ids in by_kind.values() for k, story in enumerate(ids) if k % 3 == 2}


def variants(stories: list[dict[str, object]], per_kind: int = 3, seed: int = 18) -> list[dict[str, object]]:
    """Changed copies of the untouched stories, each with its gold links (see the module's docstring)."""
    rng = random.Random(seed)
    made: list[dict[str, object]] = []
    for story in (s for s in stories if s["kind"] == "none"):
        ko: list[str] = story["ko"]  # type: ignore[assignment]
        en: list[str] = story["en"]  # type: ignore[assignment]
        n = len(ko)
        others = [p for other in stories if other["id"] != story["id"] for p in other["en"]]  # type: ignore[attr-defined]

        def add(kind: str, english: list[str], links: list[Link], story: dict[str, object] = story,
                ko: list[str] = ko) -> None:
            made.append({"id": f"{story['id']}/{kind}{len(made)}", "kind": kind, "ko": ko, "en": english,
                         "links": [{"ko": [i + 1 for i in a], "en": [j + 1 for j in b]} for a, b in links]})

        def shifted(skip: set[int], at: int, by: int, n: int = n) -> list[Link]:
            return [((k,), (k if k < at else k + by,)) for k in range(n) if k not in skip]

        for p in rng.sample(range(n + 1), min(per_kind, n + 1)):
            add("insert", [*en[:p], rng.choice(others), *en[p:]], [*shifted(set(), p, 1), ((), (p,))])
        for p in rng.sample(range(n), min(per_kind, n)):
            add("drop", en[:p] + en[p + 1 :], [*shifted({p}, p, -1), ((p,), ())])
        for p in rng.sample(range(n), min(per_kind, n)):
            add("replace", [*en[:p], rng.choice(others), *en[p + 1 :]],
                [*shifted({p}, p, 0), ((p,), ()), ((), (p,))])
        for p in rng.sample(range(n - 1), min(per_kind, n - 1)):
            add("swap", [*en[:p], en[p + 1], en[p], *en[p + 2 :]],
                [*shifted({p, p + 1}, p, 0), ((p,), (p + 1,)), ((p + 1,), (p,))])
        for p in rng.sample(range(n - 1), min(per_kind, n - 1)):
            add("merge", [*en[:p], en[p] + " " + en[p + 1], *en[p + 2 :]],
                [*shifted({p, p + 1}, p + 1, -1), ((p, p + 1), (p,))])
        cuts = [(p, m.end()) for p in range(n) for m in re.finditer(r"[.?!][\"”’]? (?=[A-Z“\"])", en[p])]
        for p, cut in rng.sample(cuts, min(per_kind, len(cuts))):
            add("split", [*en[:p], en[p][:cut].rstrip(), en[p][cut:], *en[p + 1 :]],
                [*shifted({p}, p, 1), ((p,), (p, p + 1))])
    return made


def ours(ko: list[str], en: list[str]) -> list[tuple[Link, float]]:
    """The aligner, with each link's confidence."""
    return [((b.source, b.target), b.confidence) for b in align_translation(ko, en)]


def length_only(ko: list[str], en: list[str]) -> list[tuple[Link, float]]:
    """Gale–Church: the same search on lengths alone."""
    return [((b.source, b.target), b.confidence) for b in align_translation(ko, en, anchors=False)]


def one_to_one(ko: list[str], en: list[str]) -> list[tuple[Link, float]]:
    """Paragraph k with paragraph k; what is left over unlinked."""
    n = min(len(ko), len(en))
    links: list[Link] = [((k,), (k,)) for k in range(n)]
    links += [((k,), ()) for k in range(n, len(ko))] + [((), (k,)) for k in range(n, len(en))]
    return [(link, 1.0) for link in links]


@dataclass
class Score:
    """Counts over a set of stories."""

    correct: int = 0
    predicted: int = 0
    gold: int = 0
    exact: int = 0
    stories: int = 0
    seconds: float = 0.0
    kinds: dict[str, list[int]] = field(default_factory=dict)
    right_confidence: list[float] = field(default_factory=list)
    wrong_confidence: list[float] = field(default_factory=list)

    def f1(self) -> float:
        """Harmonic mean of link precision and recall."""
        precision = self.correct / self.predicted if self.predicted else 0.0
        recall = self.correct / self.gold if self.gold else 0.0
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def add(self, story: dict[str, object], predicted: list[tuple[Link, float]], seconds: float) -> None:
        """Count one story."""
        gold = gold_links(story)
        found = {link for link, _ in predicted}
        self.correct += len(gold & found)
        self.predicted += len(found)
        self.gold += len(gold)
        self.exact += gold == found
        self.stories += 1
        self.seconds += seconds
        kind = self.kinds.setdefault(str(story["kind"]), [0, 0])
        kind[0] += gold == found
        kind[1] += 1
        for link, confidence in predicted:
            (self.right_confidence if link in gold else self.wrong_confidence).append(confidence)


def evaluate(aligner: Aligner, stories: list[dict[str, object]]) -> Score:
    """Score an aligner on stories."""
    score = Score()
    for story in stories:
        start = time.perf_counter()
        predicted = aligner(story["ko"], story["en"])  # type: ignore[arg-type]
        score.add(story, predicted, time.perf_counter() - start)
    return score


ALIGNERS: dict[str, Aligner] = {"1:1 pairing": one_to_one, "length only": length_only, "provenance": ours}


def table(subsets: dict[str, list[dict[str, object]]]) -> dict[tuple[str, str], Score]:
    """Print one line per subset and aligner: F1, stories exactly right, by kind, time per story."""
    kinds = sorted({str(s["kind"]) for chosen in subsets.values() for s in chosen})
    results = {}
    print(f"{'stories':<22} {'aligner':<12} {'F1':>6} {'exact':>6}  "
          + " ".join(f"{k:>7}" for k in kinds) + f"  {'ms/story':>8}")
    for subset, chosen in subsets.items():
        for name, aligner in ALIGNERS.items():
            score = evaluate(aligner, chosen)
            results[(subset, name)] = score
            cells = [f"{score.kinds[k][0]}/{score.kinds[k][1]}" if k in score.kinds else "-"
                     for k in kinds]
            by_kind = " ".join(f"{cell:>7}" for cell in cells)
            print(f"{subset + ' (' + str(len(chosen)) + ')':<22} {name:<12} {score.f1():>6.3f} "
                  f"{score.exact / score.stories:>6.0%}  {by_kind}  "
                  f"{1000 * score.seconds / score.stories:>8.1f}")
    return results


def main() -> int:
    """Print the tables and return the exit status."""
    stories = read_stories()
    held = held_out(stories)
    results = table({
        "all": stories,
        "tuning": [s for s in stories if s["id"] not in held],
        "held out": [s for s in stories if s["id"] in held],
    })
    everything = results[("all", "provenance")]
    right, wrong = everything.right_confidence, everything.wrong_confidence
    flagged_wrong = sum(c < UNCERTAIN_BELOW for c in wrong)
    flagged_right = sum(c < UNCERTAIN_BELOW for c in right)
    print(f"confidence below {UNCERTAIN_BELOW} (flagged uncertain): {flagged_wrong} of {len(wrong)} "
          f"wrong links, {flagged_right} of {len(right)} right links")
    print("\nvariants of the untouched stories")
    changed = variants(stories)
    table({
        "variants tuning": [v for v in changed if str(v["id"]).split("/")[0] not in held],
        "variants held": [v for v in changed if str(v["id"]).split("/")[0] in held],
    })
    if everything.f1() < TARGET_F1:
        print(f"FAILED: F1 {everything.f1():.3f} is below {TARGET_F1}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
