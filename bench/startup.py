"""Start-up cost of the commands: CPU time of a whole process, against a floor in the same run.

    .venv/bin/python bench/startup.py [--runs N]

The floor is a bare script that imports SQLAlchemy and runs one query on the same database. Each
command runs N times in a fresh process against the demo database (built once in a temporary
folder); the figure is the median CPU time (user + system) of the process, which a busy machine
disturbs far less than wall-clock time. Target: a read command within 2× of the floor.
"""

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

TARGET = 2.0
FLOOR = """
import sqlalchemy as sa
engine = sa.create_engine({url!r})
with engine.connect() as connection:
    connection.execute(sa.text("SELECT slug FROM story")).all()
"""


def cpu_seconds(argv: list[str], runs: int) -> float:
    """Median CPU time of running argv to completion, runs times."""
    times = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="provenance-startup-"))
    command = [sys.executable, "-m", "provenance"]
    subprocess.run([*command, "demo", "--dir", str(folder)], check=True, capture_output=True)
    url = f"sqlite:///{folder / 'provenance-demo.sqlite'}"
    floor = cpu_seconds([sys.executable, "-c", FLOOR.format(url=url)], args.runs)
    print(f"floor (import SQLAlchemy, one query)   {floor * 1000:7.0f} ms CPU")
    cases = {
        "--help": ["--help"],
        "credits parse": ["credits", "parse", "Reported by Hyemin Son for RFA’s Korean Service."],
        "stories": ["--db", url, "stories"],
        "show": ["--db", url, "show", "illustrative-night-library", "--language", "en"],
        "log": ["--db", url, "log", "illustrative-night-library", "--language", "en"],
        "byline": ["--db", url, "byline", "illustrative-night-library"],
    }
    worst = 0.0
    for name, argv in cases.items():
        seconds = cpu_seconds([*command, *argv], args.runs)
        ratio = seconds / floor
        if argv[0] == "--db":
            worst = max(worst, ratio)
        print(f"provenance {name:<27} {seconds * 1000:7.0f} ms CPU  {ratio:4.2f}x floor")
    verdict = "PASS" if worst <= TARGET else "FAIL"
    print(f"read commands: worst {worst:.2f}x the floor (target {TARGET:.0f}x): {verdict}")


if __name__ == "__main__":
    main()
