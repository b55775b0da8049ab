"""Verifying a whole archive: time and memory against a floor of hashing the same bytes.

An archive of N synthetic stories (bench/ingest.py's, imported as `provenance import` does) is
verified as `provenance verify` verifies it (verify.verify_history over the whole database), each
time in a fresh process, at two sizes: after N/4 stories are imported and after all N. Printed:

- wall and CPU time of verify (the CPU of any worker processes it starts is included);
- its peak memory: the growth of the process's resident set during verify, and in a second run
  the peak of Python allocations traced by tracemalloc (slower, so not the run that is timed);
- the floor: every byte verify must hash, hashed by hashlib.sha256 in this process. The bytes are
  made before the clock starts (each revision's, credit set's, event's, name event's and person
  merge's canonical JSON as integrity.py writes it, and each stored text's NFC UTF-8 body), a
  batch at a time; only the hashing is timed. Each digest is compared with the stored hash
  afterwards, so the floor hashes exactly what the records are stored under.

Targets (PASS/FAIL printed; exit 1 if any fails):
- verify within 5x of the floor: on SQLite by CPU time, which a busy machine disturbs far less
  than wall time; on PostgreSQL by wall time, since the server does much of the work in another
  process (as bench/ingest.py does). Both ratios are printed;
- verify's peak traced memory at N within 1.5x of its peak at N/4 (it must not grow with the
  archive).

Run: .venv/bin/python bench/verify.py [--stories N] [--postgresql URL] [--no-sqlite]
     (URL of a server where the bench may create and drop a database, e.g.
      postgresql+psycopg://postgres@127.0.0.1:5432/postgres)
"""

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest import archive
from throwaway import throwaway_databases

from provenance.db import make_engine
from provenance.importing import import_stories
from provenance.integrity import (
    credit_set_form,
    event_form,
    merge_form,
    name_event_form,
    revision_form,
)
from provenance.migrations import upgrade
from provenance.models import (
    CreditSet,
    NameEvent,
    PersonMerge,
    Revision,
    StoryEvent,
    TextBlob,
)

RATIO_TARGET = 5.0
GROWTH_TARGET = 1.5
BATCH = 200  # records whose bytes are made, then hashed, at a time

CHILD = """
import json, resource, sys, time, tracemalloc
from sqlalchemy import text
from sqlalchemy.orm import Session
from provenance.db import make_engine
from provenance.verify import verify_history

def rss_kb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))

url, traced = sys.argv[1], sys.argv[2] == "traced"
engine = make_engine(url, read_only=True)
with Session(engine) as session, session.begin():
    session.execute(text("SELECT 1"))  # connected before the resident set is read
    before = rss_kb()
    if traced:
        tracemalloc.start()
    wall, cpu = time.perf_counter(), time.process_time()
    report = verify_history(session)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = tracemalloc.get_traced_memory()[1] if traced else 0
children = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "cpu": cpu + children.ru_utime + children.ru_stime,
                  "rss_growth": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before,
                  "traced_peak": peak, "revisions": report.revisions, "texts": report.texts,
                  "findings": len(report.findings)}))
"""


@dataclass
class Verified:
    wall: float
    cpu: float
    rss_growth_kb: int
    traced_peak: int
    revisions: int
    texts: int
    findings: int


def run_verify(url: str) -> Verified:
    """verify_history over the whole database in a fresh process: timed, then traced."""
    def child(mode: str) -> dict[str, float]:
        done = subprocess.run([sys.executable, "-c", CHILD, url, mode], capture_output=True,
                              text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"verify failed:\n{done.stderr}")
        result: dict[str, float] = json.loads(done.stdout)
        return result

    timed, traced = child("timed"), child("traced")
    return Verified(timed["wall"], timed["cpu"], int(timed["rss_growth"]), int(traced["traced_peak"]),
                    int(timed["revisions"]), int(timed["texts"]), int(timed["findings"]))


def _encode(form: dict[str, object]) -> bytes:
    return json.dumps(form, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _batches(session: Session, kind: type, made: object) -> Iterator[list[tuple[bytes, str]]]:
    """(canonical bytes, stored hash) of every record of kind, a batch at a time."""
    last = 0
    while True:
        records = list(session.scalars(select(kind).where(kind.id > last).order_by(kind.id).limit(BATCH)))
        if not records:
            return
        yield [(_encode(made(session, r)), r.hash) for r in records]  # type: ignore[operator]
        last = records[-1].id
        session.expunge_all()


def _texts(session: Session) -> Iterator[list[tuple[bytes, str]]]:
    last = ""
    while True:
        rows = session.execute(select(TextBlob.sha256, TextBlob.body).where(TextBlob.sha256 > last)
                               .order_by(TextBlob.sha256).limit(BATCH)).all()
        if not rows:
            return
        yield [(unicodedata.normalize("NFC", body).encode("utf-8"), sha) for sha, body in rows]
        last = rows[-1][0]


@dataclass
class Floor:
    wall: float
    cpu: float
    records: int
    megabytes: float


def floor(url: str) -> Floor:
    """hashlib.sha256 over every byte verify hashes; making the bytes is not timed."""
    engine = make_engine(url, read_only=True)
    wall = cpu = 0.0
    records = size = 0
    with Session(engine) as session, session.begin():
        sources = [_batches(session, kind, made) for kind, made in (
            (Revision, revision_form), (CreditSet, credit_set_form), (StoryEvent, event_form),
            (NameEvent, name_event_form), (PersonMerge, merge_form))]
        for batches in [*sources, _texts(session)]:
            for batch in batches:
                data = [b for b, _ in batch]
                w, c = time.perf_counter(), time.process_time()
                digests = [hashlib.sha256(b).hexdigest() for b in data]
                wall += time.perf_counter() - w
                cpu += time.process_time() - c
                if digests != [stored for _, stored in batch]:
                    raise SystemExit("the floor's bytes do not hash to the stored hashes")
                records += len(batch)
                size += sum(map(len, data))
    engine.dispose()
    return Floor(wall, cpu, records, size / 1e6)


def report(backend: str, sizes: list[tuple[int, Verified]], base: Floor) -> bool:
    """Print the figures and verdicts of one backend; whether every target was met."""
    (small, first), (stories, last) = sizes
    print(f"\n{backend}")
    for n, v in sizes:
        print(f"  verify {n:6d} stories  wall {v.wall:7.2f} s  cpu {v.cpu:7.2f} s  "
              f"({v.wall / n * 1000:.2f} ms wall a story)  peak RSS growth {v.rss_growth_kb / 1024:6.1f} MB  "
              f"traced peak {v.traced_peak / 1e6:6.1f} MB  [{v.revisions} revisions, {v.texts} texts, "
              f"{v.findings} findings]")
    print(f"  floor  {stories:6d} stories  wall {base.wall:7.2f} s  cpu {base.cpu:7.2f} s  "
          f"(hashlib.sha256 over {base.records} records, {base.megabytes:.1f} MB)")
    ratio = last.wall / base.wall if base.wall else float("inf")
    ratio_cpu = last.cpu / base.cpu if base.cpu else float("inf")
    growth = last.traced_peak / first.traced_peak if first.traced_peak else float("inf")
    rss_growth = (last.rss_growth_kb / first.rss_growth_kb) if first.rss_growth_kb > 0 else float("inf")
    used, basis = (ratio_cpu, "CPU") if backend == "sqlite" else (ratio, "wall")
    fast, flat = used <= RATIO_TARGET, growth <= GROWTH_TARGET
    clean = first.findings == last.findings == 0
    print(f"  {'PASS' if fast else 'FAIL'} verify / floor: {used:.1f}x {basis} (wall {ratio:.1f}x, "
          f"CPU {ratio_cpu:.1f}x; target {RATIO_TARGET:g}x)")
    print(f"  {'PASS' if flat else 'FAIL'} peak memory at {stories} / at {small} stories: {growth:.2f}x "
          f"traced (RSS growth {rss_growth:.2f}x; target {GROWTH_TARGET:g}x)")
    if not clean:
        print("  FAIL the bench's archive does not verify clean")
    return fast and flat and clean


def measure(url: str, stories: int, paragraphs: int) -> tuple[list[tuple[int, Verified]], Floor]:
    engine = make_engine(url, must_exist=False)
    upgrade(engine)
    small = max(stories // 4, 1)
    stream = archive(stories, paragraphs)
    sizes = []
    for n in (small, stories):
        import_stories(engine, islice(stream, n - (sizes[-1][0] if sizes else 0)),
                       report=lambda _n, _r, error: _refuse(error))
        sizes.append((n, run_verify(url)))
    with engine.connect() as connection:
        counted = connection.execute(select(func.count()).select_from(Revision)).scalar()
    engine.dispose()
    if counted != sizes[-1][1].revisions:
        raise SystemExit(f"verify counted {sizes[-1][1].revisions} revisions; the archive has {counted}")
    return sizes, floor(url)


def _refuse(error: str | None) -> None:
    if error is not None:
        raise SystemExit(f"the bench's own archive failed to import: {error}")


def bench_sqlite(stories: int, paragraphs: int) -> bool:
    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite:///{Path(directory) / 'ledger.sqlite'}"
        sizes, base = measure(url, stories, paragraphs)
    return report("sqlite", sizes, base)


def bench_postgresql(admin_url: str, stories: int, paragraphs: int) -> bool:
    with throwaway_databases(admin_url) as (url,):
        sizes, base = measure(url, stories, paragraphs)
    return report("postgresql", sizes, base)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=2_000)
    parser.add_argument("--paragraphs", type=int, default=20)
    parser.add_argument("--postgresql", metavar="URL", help="also bench on this PostgreSQL server")
    parser.add_argument("--no-sqlite", action="store_true", help="only PostgreSQL")
    args = parser.parse_args()
    ok = True
    if not args.no_sqlite:
        ok &= bench_sqlite(args.stories, args.paragraphs)
    if args.postgresql:
        ok &= bench_postgresql(args.postgresql, args.stories, args.paragraphs)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
