"""Score the credit-line parser on the labelled credit lines and time it.

usage: python bench/credits.py [FILE.jsonl ...] [--show] [--split]

Scores (name, role) pairs the way the project is measured: names compared case-folded with curly
quotes and spaces folded, gold credits in role "other" left out of both sides. Prints precision,
recall and F1 per file, desk and location agreement on the matched pairs, the parser's time per
line, and the start-up time of `provenance credits parse` against a bare interpreter's. --split
also scores the fixed held-back split (every line whose position is 2 modulo 5) on its own.
Files default to tests/data/credit_lines_*.jsonl.
"""

import argparse
import json
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

from provenance.text.credit_parsing import parse_credit_line

DATA = Path(__file__).parent.parent / "tests" / "data"


def norm(s: object) -> str | None:
    if s is None:
        return None
    text = unicodedata.normalize("NFC", str(s)).replace("’", "'").replace("‘", "'")
    return " ".join(text.split()).strip(" .,;").casefold() or None


def score(cases: list[dict], show: bool = False) -> dict[str, float]:
    tp = fp = fn = desk_ok = desk_n = loc_ok = loc_n = 0
    for case in cases:
        gold = [g for g in case["parse"] if g["role"] != "other"]
        other = {norm(g["name"]) for g in case["parse"] if g["role"] == "other"}
        got = [c for c in parse_credit_line(case["text"]) if norm(c.name) not in other]
        gkeys = {(norm(g["name"]), g["role"]): g for g in gold}
        pkeys = {(norm(c.name), c.role): c for c in got}
        hit = set(gkeys) & set(pkeys)
        tp, fp, fn = tp + len(hit), fp + len(set(pkeys) - hit), fn + len(set(gkeys) - hit)
        for k in hit:
            if gkeys[k].get("desk") is not None:
                desk_n += 1
                desk_ok += norm(gkeys[k]["desk"]) == norm(pkeys[k].desk)
            if gkeys[k].get("location") is not None:
                loc_n += 1
                loc_ok += norm(gkeys[k]["location"]) == norm(pkeys[k].location)
        if show and set(gkeys) != set(pkeys):
            print("MISS", case["text"][:120])
            print("   want", sorted(set(gkeys) - hit, key=str))
            print("   extra", sorted(set(pkeys) - hit, key=str))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"P": p, "R": r, "F1": f1, "desk": desk_ok / desk_n if desk_n else 1.0,
            "location": loc_ok / loc_n if loc_n else 1.0, "pairs": tp + fn}


def time_per_line(texts: list[str], rounds: int = 5) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            parse_credit_line(text)
    return (time.perf_counter() - start) / (rounds * len(texts))


def start_time(args: list[str], rounds: int = 5) -> float:
    """Best wall time of a fresh interpreter running args (seconds)."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run([sys.executable, *args], check=True, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--split", action="store_true")
    args = ap.parse_args()
    files = args.files or sorted(DATA.glob("credit_lines_*.jsonl"))
    if not files:
        sys.exit("no credit-line files: pass one, or put them in tests/data/")
    for path in files:
        cases = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
        groups = {"all": cases}
        if args.split:
            groups["held back"] = [c for i, c in enumerate(cases) if i % 5 == 2]
            groups["tuning"] = [c for i, c in enumerate(cases) if i % 5 != 2]
        for label, group in groups.items():
            s = score(group, args.show and label == "all")
            print(f"{path.name} [{label}, {len(group)} lines, {s['pairs']} pairs]: P={s['P']:.3f} "
                  f"R={s['R']:.3f} F1={s['F1']:.3f}; desk {s['desk']:.2f}; location {s['location']:.2f}")
        per_line = time_per_line([c["text"] for c in cases])
        print(f"{path.name}: {per_line * 1e6:.0f} µs per line")
    bare = start_time(["-c", "pass"])
    cli = start_time(["-m", "provenance", "credits", "parse", "Reporting by Ann Lee; Editing by Bo Chan"])
    print(f"credits parse, fresh process: {cli * 1e3:.0f} ms (bare interpreter {bare * 1e3:.0f} ms)")


if __name__ == "__main__":
    main()
