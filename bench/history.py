"""Blame and write cost against history length, and against git blame on the same history.

A 60-paragraph story gets a synthetic history of small edits, moves, splits and merges, recorded
through the library exactly as `provenance revise` records it (one transaction per revision).
The generator knows who wrote every word, so blame accuracy is measured against the truth.
The same history is committed to a git repository, one paragraph per line, for `git blame`.

Targets (PASS/FAIL printed; exit 1 if any fails):
- blame computation (after start-up) faster than git blame's whole run, at 200 revisions;
- blame at 2,000 revisions within 1.2x of blame at 200, where focused edits leave an answer of
  the same size (at 20 revisions it is still smaller: both ratios are printed);
- recording revision 200 takes no longer than recording revision 2 (medians of ten each, 1.2x);
- more accurate than git blame where paragraphs moved or split.

Times are CPU time (user + system), not wall time: a busy machine hardly moves them. Blame is
timed in batches of repeated calls, the median per call; git blame and the writes per run.

Run: .venv/bin/python bench/history.py   (a few minutes)
"""

import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from provenance.blame import blame_revision
from provenance.db import make_engine, transaction
from provenance.migrations import upgrade
from provenance.people import person_named
from provenance.readers import ParsedDocument
from provenance.revisions import revise
from provenance.stories import get_document, get_revision, get_story, import_document

PARAGRAPHS = 60
# A desk has a handful of editors; each revision is one of them (git gets the revision number).
EDITORS = [f"Editor {n}" for n in range(8)]
WORDS = 40
VOCABULARY = [f"w{n}" for n in range(5000)]
HOT = 40


class Story:
    """The true text: paragraphs as lists of (word, revision that wrote it).

    Edits are "spread" (any word anywhere, so the number of distinct revisions whose words
    survive grows with history, and so does blame's answer) or "focused" (once HOT words have
    been edited, edits rework those words, as editors rework a lede, so the answer stays the same
    size and only the history grows).
    """

    def __init__(self, rng: random.Random, focused: bool) -> None:
        self.rng, self.focused = rng, focused
        self.paragraphs = [[(rng.choice(VOCABULARY), 1) for _ in range(WORDS)]
                           for _ in range(PARAGRAPHS)]

    def texts(self) -> list[str]:
        return [" ".join(w for w, _ in p) for p in self.paragraphs]

    def step(self, rev: int) -> str:
        """Apply one revision's worth of change; return what kind."""
        rng, ps = self.rng, self.paragraphs
        roll = rng.random()
        if roll < 0.1 and len(ps) > 2:
            i, j = rng.sample(range(len(ps)), 2)
            ps.insert(j, ps.pop(i))
            kind = "move"
        elif roll < 0.15 and len(ps) < PARAGRAPHS + 10:
            i = rng.randrange(len(ps))
            cut = len(ps[i]) // 2
            ps[i:i + 1] = [ps[i][:cut], ps[i][cut:]]
            kind = "split"
        elif roll < 0.2 and len(ps) > PARAGRAPHS - 10:
            i = rng.randrange(len(ps) - 1)
            ps[i:i + 2] = [ps[i] + ps[i + 1]]
            kind = "merge"
        else:
            kind = "edit"
        # Every revision also changes a few words, so it is never empty.
        edited = [(p, k) for p in ps for k, (_, r) in enumerate(p) if r > 1]
        for _ in range(rng.randint(1, 3)):
            if self.focused and len(edited) >= HOT:
                p, k = rng.choice(edited)
            else:
                p = ps[rng.randrange(len(ps))]
                k = rng.randrange(len(p))
            p[k] = (rng.choice(VOCABULARY), rev)
        return kind


def build(revisions: int, folder: Path, focused: bool, seed: int = 7):
    """Record a history of the given length in SQLite and in git; return timings and truth."""
    rng = random.Random(seed)
    story = Story(rng, focused)
    engine = make_engine(f"sqlite:///{folder / 'bench.sqlite'}", must_exist=False)
    upgrade(engine)
    repo = folder / "git"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    fast_import = [b"feature done\n"]

    def commit(rev: int, texts: list[str]) -> None:
        data = ("\n".join(texts) + "\n").encode()
        message = f"r{rev}\n".encode()
        fast_import.append(
            f"commit refs/heads/main\nauthor r{rev} <r{rev}@x> {1_600_000_000 + rev} +0000\n"
            f"committer r{rev} <r{rev}@x> {1_600_000_000 + rev} +0000\n".encode()
            + f"data {len(message)}\n".encode() + message
            + f"M 644 inline story.txt\ndata {len(data)}\n".encode() + data + b"\n")

    with transaction(engine) as session:
        import_document(session, ParsedDocument(paragraphs=story.texts()), slug="s",
                        language="en", author="r1", role="writer")
    commit(1, story.texts())
    write_times: dict[int, float] = {}
    for rev in range(2, revisions + 1):
        story.step(rev)
        texts = story.texts()
        started = time.process_time()
        with transaction(engine) as session:
            document = get_document(session, get_story(session, "s"), "en")
            revise(session, document, texts, author=person_named(session, EDITORS[rev % 8]),
                   activity="edit")
        write_times[rev] = time.process_time() - started
        commit(rev, texts)
    fast_import.append(b"done\n")
    subprocess.run(["git", "-C", str(repo), "fast-import", "--quiet"], input=b"".join(fast_import),
                   check=True)
    subprocess.run(["git", "-C", str(repo), "checkout", "-q", "-f", "main"], check=True)
    return engine, repo, story, write_times


def cpu_per_call(call, batches: int = 7, batch_seconds: float = 0.1) -> float:
    """CPU seconds one call takes: the median over batches, each repeating the call until it has
    used batch_seconds of CPU. CPU time, unlike wall time, hardly moves when the machine is busy,
    and the batches smooth out millisecond timings."""
    per_call = []
    for _ in range(batches):
        calls, started = 0, time.process_time()
        while (used := time.process_time() - started) < batch_seconds or calls == 0:
            call()
            calls += 1
        per_call.append(used / calls)
    return statistics.median(per_call)


def time_blame(engine) -> tuple[float, list]:
    """CPU time of blame_revision on the latest revision, session already open; and the
    word-by-word blame (not timed) for the accuracy check."""
    with transaction(engine) as session:
        revision = get_revision(session, get_document(session, get_story(session, "s"), "en"), None)

        def blame() -> None:
            session.expire_all()
            blame_revision(session, revision)

        seconds = cpu_per_call(blame)
        result = blame_revision(session, revision, words=True)
    return seconds, result


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_git_blame(repo: Path, *flags: str) -> tuple[float, list[int]]:
    """Median CPU time of a whole `git blame` run (of nine), and the revision of each line."""
    times, out = [], ""
    for _ in range(9):
        started = _children_cpu()
        out = subprocess.run(["git", "-C", str(repo), "blame", "--line-porcelain", *flags,
                              "story.txt"], capture_output=True, text=True, check=True).stdout
        times.append(_children_cpu() - started)
    owners = [int(line.split()[1][1:]) for line in out.splitlines() if line.startswith("author ")]
    return statistics.median(times), owners


def word_accuracy(story: Story, owners_per_paragraph: list[list[int]]) -> float:
    truth = [rev for p in story.paragraphs for _, rev in p]
    guess = [o for owners in owners_per_paragraph for o in owners]
    return sum(t == g for t, g in zip(truth, guess, strict=True)) / len(truth)


def run(revisions: int, focused: bool) -> tuple[float, float, float, float, dict[int, float]]:
    """One history: our blame time and accuracy, git blame's, and the write times."""
    folder = Path(tempfile.mkdtemp(prefix="provenance-bench-"))
    try:
        engine, repo, story, writes = build(revisions, folder, focused)
        ours, blamed = time_blame(engine)
        engine.dispose()
        git_time, git_lines = time_git_blame(repo)
        ours_acc = word_accuracy(story, [[w.revision for w in p.words] for p in blamed])
        git_acc = word_accuracy(story, [[o] * len(p) for o, p in zip(git_lines, story.paragraphs,
                                                                      strict=True)])
        owners = len({(w.revision, w.person) for p in blamed for w in p.words})
        print(f"  {revisions:>5} revisions: blame {ours * 1000:6.1f} ms CPU, word accuracy "
              f"{ours_acc:.3f}, {owners:>4} distinct owners | git blame {git_time * 1000:6.1f} ms CPU,"
              f" word accuracy {git_acc:.3f}")
        return ours, git_time, ours_acc, git_acc, writes
    finally:
        shutil.rmtree(folder)


def main() -> int:
    failures = []
    for focused in (True, False):
        label = "focused" if focused else "spread"
        print(f"{label} edits:")
        results = {n: run(n, focused) for n in (20, 200, 2000)}
        ours, git_time, ours_acc, git_acc, writes = results[200]
        ratio = results[2000][0] / results[200][0]
        print(f"  blame at 2,000 revisions / at 20: {results[2000][0] / results[20][0]:.2f}x, "
              f"/ at 200: {ratio:.2f}x; git blame: {results[2000][1] / results[20][1]:.2f}x, "
              f"{results[2000][1] / results[200][1]:.2f}x")
        if ours >= git_time:
            failures.append(f"{label}: blame at 200 revisions is not faster than git blame")
        if ours_acc <= git_acc:
            failures.append(f"{label}: blame is not more accurate than git blame")
        if focused:
            early = statistics.median(writes[r] for r in range(2, 12))
            late = statistics.median(writes[r] for r in range(191, 201))
            print(f"  recording revisions 2-11: median {early * 1000:.1f} ms; "
                  f"revisions 191-200: median {late * 1000:.1f} ms ({late / early:.2f}x)")
            if late > 1.2 * early:
                failures.append("recording revision 200 is slower than revision 2")
            # The target compares equal answers. Spread edits make the answer itself grow; focused
            # ones stop growing once the hot words have all been edited, which takes the first
            # 200 revisions (20 owners at 20 revisions, about 30 at 200 and at 2,000).
            if ratio > 1.2:
                failures.append("blame at 2,000 revisions is more than 1.2x blame at 200")
    for failure in failures:
        print(f"FAIL: {failure}")
    print("PASS" if not failures else "FAIL")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
