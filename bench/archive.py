"""`log --all` over a whole archive: time, SQL statements and memory at N and at 4N stories.

The archive is bench/ingest.py's (stories of ~20 paragraphs with three versions each), recorded
through the library as `provenance import` records it: N stories first, measured, then 3N more,
measured again. At each size `log --all` runs
- as a library call, `list(activity_log(session))`, in this process: CPU time and the SQL
  statements it sends (counted by a SQLAlchemy event listener);
- as the command, `provenance log --all` (text) and `--format json`, in a fresh process: CPU time
  of the whole process (start-up included) and its peak memory.

Targets (PASS/FAIL printed; exit 1 if any fails):
- CPU time per story at 4N within 1.25x of that at N (the log grows with the archive, no faster);
- the same number of SQL statements at 4N as at N (no query per revision);
- the command's peak memory at 4N within 1.25x of that at N (the output is streamed).

Times are CPU time (user + system): a busy machine hardly moves them.

Run: .venv/bin/python bench/archive.py [--stories N] [--postgresql URL]
     (default N = 250: 1,000 stories in all, about two minutes to import on SQLite)
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from ingest import archive
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from throwaway import throwaway_databases

from provenance.db import make_engine
from provenance.importing import import_stories
from provenance.log import activity_log
from provenance.migrations import upgrade

PARAGRAPHS = 20
TARGET = 1.25


@dataclass
class Size:
    stories: int
    entries: int
    library_cpu: float
    statements: int
    command_cpu: dict[str, float]
    command_peak_mb: dict[str, float]


def count_statements(engine: Engine, count: list[int]) -> Any:
    """A listener that adds one to count[0] for each SQL statement engine sends."""
    def listener(*_: Any) -> None:
        count[0] += 1

    event.listen(engine, "before_cursor_execute", listener)
    return listener


def run_command(url: str, *args: str) -> tuple[float, float]:
    """CPU seconds and peak memory (MB) of `provenance --db url log --all args` in a new process."""
    command = [sys.executable, "-m", "provenance", "--db", url, "log", "--all", *args]
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as process:
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        error = process.stderr.read().decode() if process.stderr else ""
    if process.returncode != 0:
        raise SystemExit(f"log --all failed: {error}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def measure(engine: Engine, url: str, stories: int) -> Size:
    statements = [0]
    listener = count_statements(engine, statements)
    with Session(engine) as session:
        before = time.process_time()
        entries = len(list(activity_log(session)))
        cpu = time.process_time() - before
    event.remove(engine, "before_cursor_execute", listener)
    cpus, peaks = {}, {}
    for name, args in (("text", ()), ("json", ("--format", "json"))):
        cpus[name], peaks[name] = run_command(url, *args)
    return Size(stories, entries, cpu, statements[0], cpus, peaks)


def import_part(engine: Engine, stories: Iterator[Any]) -> None:
    def report(_number: int, _result: Any, error: str | None) -> None:
        if error is not None:
            raise SystemExit(f"the bench's own archive failed to import: {error}")

    import_stories(engine, stories, report=report)


def bench(url: str, stories: int, backend: str) -> bool:
    engine = make_engine(url, must_exist=False)
    upgrade(engine)
    generated = archive(4 * stories, PARAGRAPHS)
    sizes = []
    for count in (stories, 3 * stories):
        started = time.perf_counter()
        import_part(engine, islice(generated, count))
        total = stories if not sizes else 4 * stories
        print(f"[{backend}] imported {total:,} stories ({time.perf_counter() - started:.0f} s)",
              file=sys.stderr)
        sizes.append(measure(engine, url, total))
    engine.dispose()
    return report(backend, *sizes)


def report(backend: str, small: Size, large: Size) -> bool:
    print(f"\n{backend}: log --all of every revision, newest first")
    print(f"{'stories':>8} {'entries':>8} {'library CPU':>12} {'per story':>10} {'statements':>10}"
          f" {'command CPU (text/json)':>24} {'peak MB (text/json)':>20}")
    for size in (small, large):
        print(f"{size.stories:8,} {size.entries:8,} {size.library_cpu:10.2f} s"
              f" {size.library_cpu / size.stories * 1000:7.2f} ms {size.statements:10}"
              f" {size.command_cpu['text']:10.2f} s /{size.command_cpu['json']:7.2f} s"
              f" {size.command_peak_mb['text']:9.0f} /{size.command_peak_mb['json']:6.0f}")
    ok = True
    per_story = (large.library_cpu / large.stories) / (small.library_cpu / small.stories)
    ok &= verdict(f"library CPU per story at {large.stories:,} vs {small.stories:,}",
                  per_story, TARGET)
    for name in ("text", "json"):
        ratio = (large.command_cpu[name] / large.stories) / (small.command_cpu[name] / small.stories)
        print(f"  command ({name}) CPU per story at 4N vs N: {ratio:.2f}x (start-up included)")
        ok &= verdict(f"command ({name}) peak memory at 4N vs N",
                      large.command_peak_mb[name] / small.command_peak_mb[name], TARGET)
    same = large.statements == small.statements
    print(f"  SQL statements: {small.statements} at N, {large.statements} at 4N "
          f"({'PASS' if same else 'FAIL'}: the same)")
    return ok and same


def verdict(what: str, ratio: float, target: float) -> bool:
    ok = ratio <= target
    print(f"  {what}: {ratio:.2f}x (target {target:.2f}x): {'PASS' if ok else 'FAIL'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=250, help="N (default 250)")
    parser.add_argument("--postgresql", metavar="URL", help="also bench on this PostgreSQL server")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        ok = bench(f"sqlite:///{Path(directory) / 'archive.sqlite'}", args.stories, "sqlite")
    if args.postgresql:
        with throwaway_databases(args.postgresql) as (url,):
            ok &= bench(url, args.stories, "postgresql")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory of this process (imports included): {peak:.0f} MB")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
