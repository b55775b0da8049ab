"""Build an old-data fixture with the code of a past migration, and dump it as JSON rows.

Run from a checkout of the commit where that migration was the newest, with its own source first
on the path, for example:

    git worktree add /tmp/old-0003 <commit>
    cd /tmp/old-0003 && PYTHONPATH=src python3 /path/to/tests/data/old/build.py 0003 out.json

It runs that code's own demo (stories, translations, revisions, credits), then whatever that
version could also record (credit changes, person merges, a signature), and writes every row of
every table, with the public key of the signature. tests/test_old_data.py loads the rows after
upgrading a database to the same migration, upgrades it to the newest schema and checks that
everything still verifies, reads and signs.
"""

import json
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path


def provenance(db: str, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "provenance", "--db", db, *args], check=True,
                   stdout=subprocess.DEVNULL)


def main(migration: str, out: Path) -> None:
    work = Path(tempfile.mkdtemp())
    subprocess.run([sys.executable, "-m", "provenance", "demo", "--dir", str(work)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    path = work / "provenance-demo.sqlite"
    db = f"sqlite:///{path}"
    connection = sqlite3.connect(path)
    slugs = [row[0] for row in connection.execute("SELECT slug FROM story ORDER BY id")]
    if migration >= "0002":
        for name, role in (("김지수", "photographer"), ("Kim Jisu", "contributor")):
            provenance(db, "credits", slugs[-1], "add", name, "--role", role, "--by", "Ruth Okafor")
        merge = ["people", "merge", "Kim Jisu", "김지수"] if migration >= "0003" else None
        if merge:
            provenance(db, *merge, "--by", "Ruth Okafor")
        else:  # no command for it yet: the library's own call
            code = ("from provenance.db import make_engine, transaction\n"
                    "from provenance.people import merge_people\n"
                    f"with transaction(make_engine({db!r})) as s:\n"
                    "    merge_people(s, 'Kim Jisu', '김지수', by='Ruth Okafor')\n")
            subprocess.run([sys.executable, "-c", code], check=True)
    if migration >= "0003":
        provenance(db, "keygen", "--out", str(work / "desk"))
        provenance(db, "sign", slugs[-1], "--key", str(work / "desk.key"), "--by", "Ruth Okafor")
    connection = sqlite3.connect(path)
    (version,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    assert version == migration, (version, migration)
    tables = {}
    for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                      "AND name NOT LIKE 'sqlite_%' AND name <> 'alembic_version'"):
        cursor = connection.execute(f'SELECT * FROM "{name}" ORDER BY rowid')
        tables[name] = {"columns": [c[0] for c in cursor.description], "rows": cursor.fetchall()}
    public_key = (work / "desk.pub").read_text() if migration >= "0003" else None
    out.write_text(_dump({"migration": migration, "public_key": public_key, "tables": tables}),
                   encoding="utf-8")


def _dump(data: dict) -> str:
    """JSON with one row a line, so a fixture reads and diffs as a table."""
    def one(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)
    lines = ["{", f'"migration": {one(data["migration"])},', f'"public_key": {one(data["public_key"])},',
             '"tables": {']
    tables = list(data["tables"].items())
    for i, (name, table) in enumerate(tables):
        rows = ",\n".join(one(row) for row in table["rows"])
        lines.append(f'{one(name)}: {{"columns": {one(table["columns"])}, "rows": [\n{rows}\n]}}'
                     + ("," if i < len(tables) - 1 else ""))
    return "\n".join([*lines, "}}", ""])


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]).resolve())
