"""One very long story: `export --format prov-json` and `report` at N and 4N paragraphs.

    .venv/bin/python bench/long_story.py [--paragraphs N] [--db-url URL]

A story of N paragraphs is built through the library as the commands build it: a Korean report
(revision 1, one paragraph in four quoting someone), its English translation linked paragraph to
paragraph, a writer's revision of the English that edits 50 paragraphs spread through it, and a
correction of the Korean that changes 10 (so the report shows stale sources). The same is built
with 4N paragraphs. (The edits are a fixed number, as an editor's are: aligning a revision's
changed paragraphs costs the square of their number, a cost of `revise` and `log`, not of the
commands measured here.) Each command then runs in a fresh process, and its wall time, CPU
time (user + system) and peak resident memory (ru_maxrss of the child) are measured.

Targets (PASS/FAIL printed; exit 1 if any fails):
- time per paragraph (CPU) at 4N within 1.3x of that at N: linear in the story's length;
- peak memory at 4N within 1.25x of that at N: what grows with the story is a few integers
  per paragraph, not its text or its records (the bare interpreter with its imports is most
  of the peak at N).

SQLite by default, in a temporary folder; --db-url gives another database (its stories are
named long-n and long-4n and must not exist yet).
"""

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from provenance.credits import add_credit
from provenance.db import make_engine, transaction
from provenance.migrations import upgrade
from provenance.people import person_named
from provenance.readers import ParsedDocument
from provenance.revisions import revise
from provenance.stories import get_document, get_revision, get_story, import_document
from provenance.text.links import Link
from provenance.translations import translate

TIME_TARGET = 1.3
MEMORY_TARGET = 1.25
VOCABULARY = [f"w{n}" for n in range(5000)]


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(VOCABULARY) for _ in range(words)).capitalize() + "."


def _paragraph(rng: random.Random, n: int) -> str:
    text = f"{n}. {_sentence(rng, 20)}"
    if n % 4 == 0:
        text += f" “{_sentence(rng, 8)}” said a witness."
    return text


def build(url: str, slug: str, paragraphs: int) -> float:
    """Record the story; return the seconds it took."""
    rng = random.Random(paragraphs)
    start = time.perf_counter()
    engine = make_engine(url, must_exist=False)
    korean = [_paragraph(rng, n) for n in range(1, paragraphs + 1)]
    english = [f"EN {text}" for text in korean]
    with transaction(engine) as session:
        import_document(session, ParsedDocument(paragraphs=korean, title="Long story"),
                        slug=slug, language="ko", author="Ann Reporter", role="reporter")
    with transaction(engine) as session:
        story = get_story(session, slug)
        source = get_revision(session, get_document(session, story, "ko"), None)
        translator = person_named(session, "Tom Translator")
        translate(session, story, source, "en", english, author=translator,
                  links=[Link("translation", (i,), (i,)) for i in range(paragraphs)])
        add_credit(session, story, "Tom Translator", "translator", author="Tom Translator")
    edited = [f"{text} Edited." if n % (paragraphs // 50 or 1) == 0 else text
              for n, text in enumerate(english)]
    with transaction(engine) as session:
        story = get_story(session, slug)
        revise(session, get_document(session, story, "en"), edited,
               author=person_named(session, "Wendy Writer"), activity="write")
    corrected = [f"{text} 정정." if n % (paragraphs // 10 or 1) == 0 else text
                 for n, text in enumerate(korean)]
    with transaction(engine) as session:
        story = get_story(session, slug)
        revise(session, get_document(session, story, "ko"), corrected,
               author=person_named(session, "Ann Reporter"), activity="correct")
    engine.dispose()
    return time.perf_counter() - start


def measure(argv: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak resident MB of running argv in a fresh process."""
    # ru_maxrss of RUSAGE_CHILDREN is the largest of any child so far: a fresh interpreter that
    # runs the command (and only it) reports its own peak.
    wrapper = ("import resource, subprocess, sys, time; start = time.perf_counter(); "
               "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
               "wall = time.perf_counter() - start; u = resource.getrusage(resource.RUSAGE_CHILDREN); "
               "print(wall, u.ru_utime + u.ru_stime, u.ru_maxrss)")
    result = subprocess.run([sys.executable, "-c", wrapper, *argv], check=True,
                            capture_output=True, text=True)
    wall, cpu, rss = result.stdout.split()
    return float(wall), float(cpu), int(rss) / 1024


COMMANDS = {
    "export prov-json": ["export", "{slug}", "--format", "prov-json"],
    "report html": ["report", "{slug}"],
    "report markdown": ["report", "{slug}", "--format", "markdown"],
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=5000, help="N (default 5,000)")
    parser.add_argument("--db-url", help="a database other than a new SQLite file")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="provenance-long-"))
    url = args.db_url or f"sqlite:///{folder / 'long.sqlite'}"
    upgrade(make_engine(url, must_exist=False))
    sizes = {"N": args.paragraphs, "4N": 4 * args.paragraphs}
    for label, n in sizes.items():
        seconds = build(url, f"long-{label.lower()}", n)
        print(f"built {label} = {n:,} paragraphs in {seconds:.0f} s", flush=True)
    failed = False
    for name, template in COMMANDS.items():
        figures = {}
        for label, n in sizes.items():
            argv = [sys.executable, "-m", "provenance", "--db", url,
                    *(a.format(slug=f"long-{label.lower()}") for a in template)]
            wall, cpu, rss = measure(argv)
            figures[label] = (cpu / n, rss)
            print(f"{name:<17} {label:>2} {n:>7,} ¶  wall {wall:7.1f} s  cpu {cpu:7.1f} s  "
                  f"{cpu / n * 1000:6.2f} ms/¶  peak {rss:7.1f} MB", flush=True)
        per, memory = figures["4N"][0] / figures["N"][0], figures["4N"][1] / figures["N"][1]
        time_ok, memory_ok = per <= TIME_TARGET, memory <= MEMORY_TARGET
        failed |= not (time_ok and memory_ok)
        print(f"{name:<17} time per ¶ 4N/N {per:4.2f}x (target {TIME_TARGET}x): "
              f"{'PASS' if time_ok else 'FAIL'}; peak memory 4N/N {memory:4.2f}x "
              f"(target {MEMORY_TARGET}x): {'PASS' if memory_ok else 'FAIL'}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
