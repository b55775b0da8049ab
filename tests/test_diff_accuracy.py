"""Link accuracy measured as a user would: import, revise and diff --format json, per revision pair."""

import json
from collections import Counter
from pathlib import Path

DEV = Path(__file__).parent / "data" / "alignment_dev.jsonl"


def _links(entries):
    return {(e["op"], tuple(e["old"]), tuple(e["new"])) for e in entries}


def test_dev_set_through_the_cli(run, tmp_path):
    found = expected = correct = 0
    per_op, per_op_hit = Counter(), Counter()
    for n, line in enumerate(DEV.read_text(encoding="utf-8").splitlines()):
        case = json.loads(line)
        old, new = tmp_path / f"{n}-old.txt", tmp_path / f"{n}-new.txt"
        old.write_text("\n\n".join(case["old"]), encoding="utf-8")
        new.write_text("\n\n".join(case["new"]), encoding="utf-8")
        slug = f"case-{n}"
        assert run("import", str(old), "--format", "plain", "--story", slug).exit_code == 0
        revised = run("revise", slug, str(new), "--format", "plain", "--by", "E", "--role",
                      "editor", "--allow-empty")
        assert revised.exit_code == 0, revised.stderr
        diff = json.loads(run("diff", slug, "--format", "json").stdout)
        predicted, gold = _links(diff["paragraphs"]), _links(case["links"])
        found, expected = found + len(predicted), expected + len(gold)
        correct += len(predicted & gold)
        for link in gold:
            per_op[link[0]] += 1
            per_op_hit[link[0]] += link in predicted
    precision, recall = correct / found, correct / expected
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.98, f"link F1 {f1:.3f}"
    for op in ("split", "merge", "move"):
        assert per_op[op] > 0, f"the dev set has no {op}"
        assert per_op_hit[op] / per_op[op] >= 0.95, f"{op}: {per_op_hit[op]}/{per_op[op]}"
