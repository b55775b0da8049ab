"""Start-up cost of the commands: CPU time of a whole process, against a floor in the same run.

    .venv/bin/python bench/startup.py [--runs N]

The floor is a bare script that imports SQLAlchemy and runs one query on the same database. Each
command runs in a fresh process against the demo database (built once in a temporary folder), in
N rounds that each run the floor and then every command once, so a machine that gets busier part
way through slows floor and commands alike. The figure is CPU time (user + system) of the whole
process, which a busy machine disturbs far less than wall-clock time: the median over the rounds,
and its ratio is the median of each round's command / floor. Target: a read command within 2× of
the floor.

provenance's modules are compiled to bytecode first, as an installed package's are: a checkout run
with PYTHONDONTWRITEBYTECODE would otherwise compile its sources in every process and time that.
"""

import argparse
import compileall
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import provenance

TARGET = 2.0
FLOOR = """
import sqlalchemy as sa
engine = sa.create_engine({url!r})
with engine.connect() as connection:
    connection.execute(sa.text("SELECT slug FROM story")).all()
"""


def cpu_seconds(argv: list[str]) -> float:
    """CPU time of running argv to completion."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    compileall.compile_dir(Path(provenance.__file__).parent, quiet=1)
    folder = Path(tempfile.mkdtemp(prefix="provenance-startup-"))
    command = [sys.executable, "-m", "provenance"]
    subprocess.run([*command, "demo", "--dir", str(folder)], check=True, capture_output=True)
    url = f"sqlite:///{folder / 'provenance-demo.sqlite'}"
    floor_argv = [sys.executable, "-c", FLOOR.format(url=url)]
    cases = {
        "--help": ["--help"],
        "credits parse": ["credits", "parse", "Reported by Hyemin Son for RFA’s Korean Service."],
        "stories": ["--db", url, "stories"],
        "show": ["--db", url, "show", "illustrative-night-library", "--language", "en"],
        "log": ["--db", url, "log", "illustrative-night-library", "--language", "en"],
        "byline": ["--db", url, "byline", "illustrative-night-library"],
    }
    floors: list[float] = []
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(args.runs):
        floors.append(cpu_seconds(floor_argv))
        for name, argv in cases.items():
            times[name].append(cpu_seconds([*command, *argv]))
    print(f"floor (import SQLAlchemy, one query)   {statistics.median(floors) * 1000:7.0f} ms CPU")
    worst = 0.0
    for name, argv in cases.items():
        ratio = statistics.median(t / f for t, f in zip(times[name], floors, strict=True))
        if argv[0] == "--db":
            worst = max(worst, ratio)
        print(f"provenance {name:<27} {statistics.median(times[name]) * 1000:7.0f} ms CPU  "
              f"{ratio:4.2f}x floor")
    verdict = "PASS" if worst <= TARGET else "FAIL"
    print(f"read commands: worst {worst:.2f}x the floor (target {TARGET:.0f}x): {verdict}")


if __name__ == "__main__":
    main()
