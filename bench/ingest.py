"""Importing a whole archive: time per story as the ledger grows, and the whole import against a
floor of the same rows written raw.

An archive of N synthetic stories (default 10,000) of ~20 paragraphs with 3 versions each (the
second edits two paragraphs, the third edits one and inserts one) and a publish event is recorded
through the library exactly as `provenance import` records it (importing.import_stories: one
process, a savepoint per story). The floor is the same rows, read back from the ledger afterwards,
written into a fresh database at the same schema by the driver alone (`sqlite3` or psycopg
`executemany`, one transaction): the least any importer could do. A second figure sets beside the
floor the computation no importer can skip either, timed without a database: hashing each text,
aligning each version with the one before, carrying each new paragraph's word attribution and
sealing each revision and event with its hash (measured on up to 1,000 stories, scaled).

Targets (PASS/FAIL printed; exit 1 if any fails):
- the per-story time of the last tenth (the last 1,000 of 10,000) within 1.2x of the first tenth;
- the whole import within 3x of the floor.
Running the same import again (nothing new) is timed too, and the peak memory of the process.

The machine may be shared: both wall time and this process's CPU time are printed; PostgreSQL does
much of its work in the server, so its ratios use wall time.

Run: .venv/bin/python bench/ingest.py [--stories N] [--postgresql URL]
     (URL of a server where the bench may create and drop databases, e.g.
      postgresql+psycopg://postgres@127.0.0.1:5432/postgres)
"""

import argparse
import random
import resource
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

from sqlalchemy import make_url, select
from sqlalchemy.engine import Engine
from throwaway import throwaway_databases

from provenance.db import Base, make_engine
from provenance.importing import import_stories
from provenance.ingest import Ingested
from provenance.integrity import EVENTS, REVISIONS, canonical_hash, revision_fields_of
from provenance.migrations import upgrade
from provenance.models import Revision
from provenance.readers.sources import SourceEvent, SourceStory, SourceVersion
from provenance.revisions import PlannedParagraph, StoredParagraph, plan_from_alignment
from provenance.text.attribution import attribution_for
from provenance.text.normalize import text_hash

T0 = datetime(2021, 1, 1, tzinfo=UTC)
Tables = list[tuple[str, list[str], list[tuple[Any, ...]]]]  # name, columns, rows
ACCOUNTS = [f"editor{n}" for n in range(12)]


def archive(stories: int, paragraphs: int, seed: int = 7) -> Iterator[tuple[int, SourceStory]]:
    """The synthetic archive, one story at a time (never all in memory)."""
    rng = random.Random(seed)
    vocabulary = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9)))
                  for _ in range(5000)]

    def paragraph() -> str:
        return " ".join(rng.choice(vocabulary) for _ in range(rng.randint(25, 45))) + "."

    for n in range(stories):
        first = [paragraph() for _ in range(paragraphs)]
        second = list(first)
        second[3] = second[3].replace(" ", " also ", 1)
        second[paragraphs // 2] = paragraph()
        third = list(second)
        third[5] += " More was said later."
        third.insert(paragraphs - 4, paragraph())
        start = T0 + timedelta(minutes=10 * n)
        versions = [SourceVersion(paragraphs=text_, time=start + timedelta(minutes=k),
                                  title=f"Story {n} {vocabulary[n % 5000]}",
                                  author=rng.choice(ACCOUNTS), version=str(k))
                    for k, text_ in enumerate((first, second, third))]
        yield n + 1, SourceStory(
            system="plone", identities={"uid": f"{n:08x}", "url": f"https://example.org/news/{n}"},
            language="en", versions=versions,
            events=[SourceEvent("publish", start + timedelta(minutes=1), author="chief")],
            where=f"story {n + 1}")


@dataclass
class Run:
    wall: float
    cpu: float
    per_story: list[float]  # wall seconds of each story, in order
    per_story_cpu: list[float]
    counts: dict[str, int]


def run_import(engine: Engine, stories: int, paragraphs: int) -> Run:
    """Import the archive, timing each story as import_stories reports it."""
    marks = [(time.perf_counter(), time.process_time())]

    def report(_number: int, result: Ingested | None, error: str | None) -> None:
        if error is not None:
            raise SystemExit(f"the bench's own archive failed to import: {error}")
        marks.append((time.perf_counter(), time.process_time()))

    summary = import_stories(engine, archive(stories, paragraphs), report=report)
    end = (time.perf_counter(), time.process_time())
    walls = [b[0] - a[0] for a, b in pairwise(marks)]
    cpus = [b[1] - a[1] for a, b in pairwise(marks)]
    return Run(end[0] - marks[0][0], end[1] - marks[0][1], walls, cpus, summary.counts)


def ledger_rows(engine: Engine) -> Tables:
    """Every row the import wrote, table by table in an order foreign keys allow."""
    tables = []
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            columns = [c.name for c in table.columns]
            rows = [tuple(r) for r in connection.execute(
                select(*table.columns).order_by(*table.primary_key.columns))]
            tables.append((table.name, columns, rows))
    return tables


def _plain(value: Any) -> Any:
    return value.isoformat(sep=" ") if isinstance(value, datetime) else value


def sqlite_floor(path: Path, tables: Tables) -> tuple[float, float]:
    """Write the rows with sqlite3 executemany in one transaction; (wall, cpu) seconds."""
    engine = make_engine(f"sqlite:///{path}", must_exist=False)
    upgrade(engine)
    engine.dispose()
    prepared = [(name, columns, [tuple(map(_plain, r)) for r in rows]) for name, columns, rows in tables]
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA journal_mode = WAL")
    wall, cpu = time.perf_counter(), time.process_time()
    connection.execute("BEGIN")
    for name, columns, rows in prepared:
        marks = ", ".join("?" for _ in columns)
        connection.executemany(f'INSERT INTO "{name}" ({", ".join(columns)}) VALUES ({marks})', rows)
    connection.execute("COMMIT")
    result = time.perf_counter() - wall, time.process_time() - cpu
    connection.close()
    return result


def postgresql_floor(url: str, tables: Tables) -> tuple[float, float]:
    """Write the rows with psycopg executemany in one transaction; (wall, cpu) seconds."""
    import psycopg

    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    parsed = make_url(url)
    connection = psycopg.connect(host=parsed.host, port=parsed.port, user=parsed.username,
                                 dbname=parsed.database, password=parsed.password)
    wall, cpu = time.perf_counter(), time.process_time()
    with connection.transaction(), connection.cursor() as cursor:
        for name, columns, rows in tables:
            marks = ", ".join("%s" for _ in columns)
            cursor.executemany(f'INSERT INTO "{name}" ({", ".join(columns)}) VALUES ({marks})', rows)
    result = time.perf_counter() - wall, time.process_time() - cpu
    connection.close()
    return result


def computation(stories: int, paragraphs: int) -> float:
    """CPU seconds of the work no importer can skip, with no database: each version's texts
    hashed, aligned with the version before, its new paragraphs' attribution carried, and each
    revision and event sealed with its hash (ids counted in memory)."""
    items = list(archive(min(stories, 1000), paragraphs))  # generated outside the timing
    start = time.process_time()
    ids = iter(range(1, 10**9))
    for _, story in items:
        before: list[StoredParagraph] = []
        parent_hash = None
        for number, version in enumerate(story.versions, start=1):
            owner = (number, 1)
            plan = ([PlannedParagraph(text=p) for p in version.paragraphs] if number == 1
                    else plan_from_alignment(before, version.paragraphs)[0])
            sources = {p.version_id: p for p in before}
            now = []
            for planned in plan:
                if planned.reuse_version_id is not None:
                    now.append(sources[planned.reuse_version_id])
                    continue
                derived = [(d.kind, sources[d.version_id].text, sources[d.version_id].attribution)
                           for d in planned.derived_from]
                now.append(StoredParagraph(next(ids), planned.paragraph_id or next(ids),
                                           planned.text, text_hash(planned.text),
                                           attribution_for(planned.text, derived, owner)))
            revision = Revision(document_id=1, number=number, author_id=1, activity="edit",
                                title=version.title, created_at=version.time,
                                source_time=version.time, source_version=version.version,
                                form_version=REVISIONS.current)
            parent_hash = canonical_hash(REVISIONS.form(REVISIONS.current, revision_fields_of(
                revision, parent=parent_hash,
                members=[(k, p.version_id, p.paragraph_id, p.text_sha256)
                         for k, p in enumerate(now, start=1)],
                derivations=[(d.version_id, 0, d.kind, d.similarity)
                             for planned in plan for d in planned.derived_from],
                names=None)))
            before = now
        for event in story.events:
            canonical_hash(EVENTS.form(EVENTS.current, {
                "parent": None, "story": 1, "number": 1, "action": event.action, "state": None,
                "author": 1, "comment": None, "source_time": event.time.isoformat(),
                "time": event.time.isoformat()}))
    return (time.process_time() - start) * stories / len(items)


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def report(backend: str, run: Run, again: Run, floor: tuple[float, float], computed: float,
           rows: int, stories: int) -> bool:
    tenth = max(stories // 10, 1)
    first, last = mean(run.per_story[:tenth]), mean(run.per_story[-tenth:])
    first_cpu, last_cpu = mean(run.per_story_cpu[:tenth]), mean(run.per_story_cpu[-tenth:])
    growth = last / first if first else float("inf")
    growth_cpu = last_cpu / first_cpu if first_cpu else float("inf")
    # PostgreSQL works in the server: its ratio is on wall time; SQLite works in this process.
    if backend == "sqlite":
        ratio, basis = run.cpu / floor[1] if floor[1] else float("inf"), "CPU"
        growth_used = growth_cpu
    else:
        ratio, basis = run.wall / floor[0] if floor[0] else float("inf"), "wall"
        growth_used = growth
    print(f"\n{backend}: {stories} stories, {rows} rows ({run.counts})")
    print(f"  import            wall {run.wall:8.2f} s  cpu {run.cpu:8.2f} s  "
          f"({run.wall / stories * 1000:.2f} ms wall, {run.cpu / stories * 1000:.2f} ms cpu a story)")
    print(f"  floor (raw)       wall {floor[0]:8.2f} s  cpu {floor[1]:8.2f} s")
    print(f"  computation       cpu {computed:8.2f} s (hashes, alignment, attribution; no database)")
    print(f"  again (no-op)     wall {again.wall:8.2f} s  cpu {again.cpu:8.2f} s  {again.counts}")
    print(f"  first {tenth} stories  {first * 1000:.2f} ms wall, {first_cpu * 1000:.2f} ms cpu a story")
    print(f"  last {tenth} stories   {last * 1000:.2f} ms wall, {last_cpu * 1000:.2f} ms cpu a story")
    flat = growth_used <= 1.2
    fast = ratio <= 3.0
    print(f"  {'PASS' if flat else 'FAIL'} last tenth / first tenth: {growth_used:.2f}x ({basis}; "
          f"wall {growth:.2f}x, cpu {growth_cpu:.2f}x; target 1.2x)")
    print(f"  {'PASS' if fast else 'FAIL'} import / floor: {ratio:.1f}x ({basis}; target 3x)")
    both = (floor[1] if backend == "sqlite" else floor[0]) + computed
    print(f"  import / (floor + computation): {(run.cpu if backend == 'sqlite' else run.wall) / both:.1f}x "
          f"({basis}; the floor plus the work no importer can skip)")
    return flat and fast


def bench_sqlite(stories: int, paragraphs: int) -> bool:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "ledger.sqlite"
        engine = make_engine(f"sqlite:///{path}", must_exist=False)
        upgrade(engine)
        run = run_import(engine, stories, paragraphs)
        again = run_import(engine, stories, paragraphs)
        tables = ledger_rows(engine)
        engine.dispose()
        floor = sqlite_floor(Path(directory) / "floor.sqlite", tables)
    computed = computation(stories, paragraphs)
    return report("sqlite", run, again, floor, computed, sum(len(rows) for _, _, rows in tables),
                  stories)


def bench_postgresql(admin_url: str, stories: int, paragraphs: int) -> bool:
    with throwaway_databases(admin_url, 2) as (ledger, floor_url):
        engine = make_engine(ledger)
        upgrade(engine)
        run = run_import(engine, stories, paragraphs)
        again = run_import(engine, stories, paragraphs)
        tables = ledger_rows(engine)
        engine.dispose()
        floor = postgresql_floor(floor_url, tables)
        computed = computation(stories, paragraphs)
    return report("postgresql", run, again, floor, computed,
                  sum(len(rows) for _, _, rows in tables), stories)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--paragraphs", type=int, default=20)
    parser.add_argument("--postgresql", metavar="URL", help="also bench on this PostgreSQL server")
    parser.add_argument("--no-sqlite", action="store_true", help="only PostgreSQL")
    args = parser.parse_args()
    ok = True
    if not args.no_sqlite:
        ok &= bench_sqlite(args.stories, args.paragraphs)
    if args.postgresql:
        ok &= bench_postgresql(args.postgresql, args.stories, args.paragraphs)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory of this process: {peak:.0f} MB (the archive is generated one story at a "
          "time; the floor holds every row in memory, the import does not)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
