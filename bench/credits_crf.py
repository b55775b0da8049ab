"""The other method: a CRF sequence labeller for credit lines, measured beside the grammar.

usage: python bench/credits_crf.py        (needs python-crfsuite: pip install python-crfsuite)

Tags each token B-ROLE / I-ROLE / O (the way probablepeople and usaddress label names and
addresses), trained on the tuning part of the real development lines (every line whose position
is not 2 modulo 5), the invented development lines and lines generated from templates with
invented names. It is scored, like the grammar, on the held-back part (positions 2 modulo 5) and
on the collected lines in tests/data/credit_lines_heldout.jsonl. Training is deterministic.
"""

import json
import random
import re
import sys
from pathlib import Path

from provenance.text.credit_parsing import parse_credit_line

sys.path.insert(0, str(Path(__file__).parent))
from credits import norm

try:
    import pycrfsuite  # type: ignore[import-not-found]
except ImportError:
    sys.exit("this comparison needs python-crfsuite: pip install python-crfsuite")

DATA = Path(__file__).parent.parent / "tests" / "data"
_TOKEN = re.compile(r"[^\W\d_][\w'’.-]*|\d+|[\u3400-\u9fff\uac00-\ud7a3\u3040-\u30ff]|[^\w\s]")
_CJK = re.compile(r"[\u3400-\u9fff\uac00-\ud7a3\u3040-\u30ff]")


def tokens(text: str) -> list[str]:
    """Words and punctuation; Han, kana and Hangul one character at a time."""
    out: list[str] = []
    for m in _TOKEN.finditer(text):
        word = m.group()
        out.extend(list(word) if _CJK.search(word) and len(word) > 1 else [word])
    return out


def tags(text: str, parse: list[dict]) -> list[str]:
    toks = tokens(text)
    labels = ["O"] * len(toks)
    for credit in parse:
        if credit["role"] == "other":
            continue
        name = tokens(credit["name"])
        for i in range(len(toks) - len(name) + 1):
            if toks[i : i + len(name)] == name and labels[i] == "O":
                labels[i] = "B-" + credit["role"]
                for j in range(i + 1, i + len(name)):
                    labels[j] = "I-" + credit["role"]
                break
    return labels


def shape(word: str) -> str:
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[A-Z]", "X", re.sub(r"[a-z]", "x", re.sub(r"\d", "9", word))))


def features(toks: list[str], i: int) -> list[str]:
    w = toks[i]
    feats = [f"w={w.lower()}", f"shape={shape(w)}", f"suf3={w[-3:].lower()}", f"pre2={w[:2].lower()}",
             f"title={w.istitle()}", f"upper={w.isupper()}", f"cjk={bool(_CJK.search(w))}"]
    for k in (-3, -2, -1, 1, 2, 3):
        j = i + k
        feats.append(f"{k}:w={toks[j].lower()}" if 0 <= j < len(toks) else f"{k}:edge")
        if 0 <= j < len(toks):
            feats.append(f"{k}:shape={shape(toks[j])}")
    return feats


def decode(toks: list[str], labels: list[str]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    current: list[str] = []
    role = ""
    for tok, label in [*zip(toks, labels, strict=True), ("", "O")]:
        if label.startswith("I-") and current and label[2:] == role:
            current.append(tok)
            continue
        if current:
            joiner = "" if _CJK.search(current[0]) and not current[0].isascii() else " "
            found.append((joiner.join(current), role))
        current, role = ([tok], label[2:]) if label != "O" else ([], "")
    return found


FIRST = ["Ana", "Ben", "Carla", "Dmitri", "Eun", "Farah", "Goran", "Hana", "Ivo", "Jana", "Kofi", "Lena",
         "Mateo", "Nadia", "Omar", "Priya", "Quinn", "Rosa"]
LAST = ["Okafor", "Reyes", "Lindqvist", "Moreau", "Tanaka", "Haddad", "Novak", "Santos", "Byrne", "Kowalski",
        "Mensah", "Ortega", "Weiss"]
PLACES = ["Lagos", "Hong Kong", "Seoul", "Madrid", "Washington", "Nairobi", "Kyiv", "Lima"]
KO = ["김민수", "이지은", "박서준", "최유리", "정하늘"]
ZH = ["王明", "陈静", "李华", "张伟", "刘洋"]
TEMPLATES = [
    ("Reporting by {A} in {P}; Editing by {B}", [("A", "reporter"), ("B", "editor")]),
    ("(Reporting by {A} and {B}; Writing by {C}; Editing by {D})",
     [("A", "reporter"), ("B", "reporter"), ("C", "writer"), ("D", "editor")]),
    ("Additional reporting by {A}; Editing by {B} and {C}",
     [("A", "additional_reporter"), ("B", "editor"), ("C", "editor")]),
    ("{A} reported from {P}.", [("A", "reporter")]),
    ("{A} contributed reporting from {P}, and {B} from {Q}.", [("A", "contributor"), ("B", "contributor")]),
    ("CNN's {A} and {B} contributed to this report.", [("A", "contributor"), ("B", "contributor")]),
    ("Associated Press writer {A} in {P} contributed to this report.", [("A", "contributor")]),
    ("By {A} and {B}", [("A", "writer"), ("B", "writer")]),
    ("Photo: {A}/AFP", [("A", "photographer")]),
    ("Reported by {A} for RFA's Korean Service. Translated by {B}. Written in English by {C}.",
     [("A", "reporter"), ("B", "translator"), ("C", "writer")]),
    ("Por {A} y {B}", [("A", "writer"), ("B", "writer")]),
    ("Von {A}, dpa", [("A", "writer")]),
    ("(서울=연합뉴스) {K} 기자 =", [("K", "reporter")]),
    ("{K} 기자 {K}@example.com", [("K", "reporter")]),
    ("（责编：{Z}）", [("Z", "editor")]),
    ("新华社记者 {Z} 摄", [("Z", "photographer")]),
    ("The president said on Tuesday that {A} would visit {P}.", []),
]


def generated(n: int, rng: random.Random) -> list[dict]:
    cases = []
    for _ in range(n):
        template, roles = rng.choice(TEMPLATES)
        people = {k: f"{rng.choice(FIRST)} {rng.choice(LAST)}" for k in "ABCD"}
        people |= {"K": rng.choice(KO), "Z": rng.choice(ZH)}
        places = {"P": rng.choice(PLACES), "Q": rng.choice(PLACES)}
        text = template.format(**people, **places)
        cases.append({"text": text, "parse": [{"name": people[k], "role": r} for k, r in roles]})
    return cases


def score(cases: list[dict], predict) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for case in cases:
        other = {norm(g["name"]) for g in case["parse"] if g["role"] == "other"}
        gold = {(norm(g["name"]), g["role"]) for g in case["parse"] if g["role"] != "other"}
        got = {(norm(n), r) for n, r in predict(case["text"]) if norm(n) not in other}
        tp, fp, fn = tp + len(gold & got), fp + len(got - gold), fn + len(gold - got)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).open(encoding="utf-8") if line.strip()]


def main() -> None:
    real = load("credit_lines_real_dev.jsonl")
    tuning = [c for i, c in enumerate(real) if i % 5 != 2]
    held_back = [c for i, c in enumerate(real) if i % 5 == 2]
    collected = load("credit_lines_heldout.jsonl")
    train = tuning + load("credit_lines_dev.jsonl") + generated(400, random.Random(20240601))
    trainer = pycrfsuite.Trainer(verbose=False)
    for case in train:
        toks = tokens(case["text"])
        trainer.append([features(toks, i) for i in range(len(toks))], tags(case["text"], case["parse"]))
    trainer.set_params({"c1": 0.1, "c2": 0.01, "max_iterations": 200})
    model = Path("/tmp") / "provenance-credits-crf.model"
    trainer.train(str(model))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))

    def crf(text: str) -> list[tuple[str, str]]:
        toks = tokens(text)
        return decode(toks, tagger.tag([features(toks, i) for i in range(len(toks))])) if toks else []

    def grammar(text: str) -> list[tuple[str, str]]:
        return [(c.name, c.role) for c in parse_credit_line(text)]

    for label, cases in (("held-back real lines", held_back), ("collected lines", collected)):
        for method, predict in (("CRF", crf), ("grammar", grammar)):
            p, r, f1 = score(cases, predict)
            print(f"{label} ({len(cases)}): {method:8} P={p:.3f} R={r:.3f} F1={f1:.3f}")


if __name__ == "__main__":
    main()
