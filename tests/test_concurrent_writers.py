"""Many writers at once, as separate processes: revise, translate, credits add and import, on one
story and on different stories, naming the same new people and storing the same texts.

Every call either succeeds or ends with one documented line; nothing succeeds without being stored,
numbers stay contiguous, and the history verifies.
"""

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from provenance.db import make_engine, transaction
from provenance.errors import ConcurrentWrite
from provenance.models import CreditSet, Document, Revision, Story

WRITERS = 6
OPERATIONS = 20
SHARED = ["The council met on Monday to discuss the budget.",
          "Residents asked about the new bridge."]
KOREAN = ["의회는 월요일에 예산을 논의하기 위해 모였다.", "주민들은 새 다리에 대해 물었다."]

# One writer process: runs its operations one after another through the real command line, each
# in its own transaction, and reports (operation, exit code, stderr) as JSON.
WORKER = r"""
import json, sys, traceback
from click.testing import CliRunner
from provenance.cli import cli

url, operations = sys.argv[1], json.loads(sys.argv[2])
runner = CliRunner()
outcomes = []
for kind, args in operations:
    result = runner.invoke(cli, ["--db", url, *args], catch_exceptions=True)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))
    outcomes.append([kind, result.exit_code, stderr])
print(json.dumps(outcomes))
"""


def _text(path: Path, paragraphs: list[str]) -> str:
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return str(path)


def _operations(writer: int, tmp_path: Path) -> list[tuple[str, list[str]]]:
    operations: list[tuple[str, list[str]]] = []
    for step in range(OPERATIONS):
        new_person = f"New Person {step % 3}"  # the same new names in every writer
        kind = ("revise-shared", "translate", "credit", "import", "revise-own")[step % 5]
        own = f"own-{writer}"
        if kind == "revise-shared":
            path = _text(tmp_path / f"r{writer}-{step}.txt", [*SHARED, f"Writer {writer} step {step}."])
            args = ["revise", "shared", path, "--format", "plain", "--language", "en",
                    "--by", new_person, "--role", "editor"]
        elif kind == "translate":
            path = _text(tmp_path / f"t{writer}-{step}.txt", [*KOREAN, f"작성자 {writer} 단계 {step}."])
            args = ["translate", "shared", path, "--from", "en", "--language", "ko", "--format",
                    "plain", "--by", new_person, "--links", "1:1,2:2,3:3"]
        elif kind == "credit":
            args = ["credits", "shared", "add", f"Credited {writer}-{step}", "--role", "reporter",
                    "--desk", "Shared Desk", "--by", new_person]
        elif kind == "import":
            # Every writer imports the same new slug at this step (one wins) and one of its own,
            # all with identical paragraphs.
            slug = f"contested-{step}" if step % 2 else f"story-{writer}-{step}"
            path = _text(tmp_path / f"i{writer}-{step}.txt", SHARED)
            args = ["import", path, "--story", slug, "--format", "plain", "--by", new_person,
                    "--role", "reporter"]
        else:
            path = _text(tmp_path / f"o{writer}-{step}.txt", [*SHARED, f"Own step {step}."])
            args = ["revise", own, path, "--format", "plain", "--by", new_person, "--role", "editor"]
        operations.append((kind, args))
    return operations


def test_many_writers_at_once_lose_nothing(run, database_url, tmp_path):
    start = _text(tmp_path / "start.txt", SHARED)
    assert run("import", start, "--story", "shared", "--format", "plain").exit_code == 0
    ko = _text(tmp_path / "ko.txt", KOREAN)
    assert run("translate", "shared", ko, "--from", "en", "--language", "ko", "--format", "plain",
               "--by", "First Translator").exit_code == 0
    for writer in range(WRITERS):
        assert run("import", start, "--story", f"own-{writer}", "--format", "plain").exit_code == 0
    engine = make_engine(database_url)
    with transaction(engine) as session:
        before = session.scalar(select(func.count()).select_from(Revision))

    workers = []
    for writer in range(WRITERS):
        directory = tmp_path / f"w{writer}"
        directory.mkdir()
        operations = _operations(writer, directory)
        workers.append(subprocess.Popen(
            [sys.executable, "-c", WORKER, database_url, json.dumps(operations)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    outcomes = []
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err
        outcomes.extend(json.loads(out))

    assert len(outcomes) == WRITERS * OPERATIONS
    succeeded: Counter[str] = Counter()
    for kind, code, stderr in outcomes:
        assert "Traceback" not in stderr, stderr
        if code == 0:
            succeeded[kind] += 1
            continue
        line = stderr.strip()
        assert code == 1 and "\n" not in line, stderr
        # The one documented conflict, or (for the contested slug) that another writer made it.
        assert line == f"Error: {ConcurrentWrite.MESSAGE}" or (
            kind == "import" and "already has a 'en' document" in line), stderr
    imports_of_own_slug = WRITERS * (OPERATIONS // 10)
    assert succeeded["import"] >= imports_of_own_slug

    with transaction(engine) as session:
        stored = session.scalar(select(func.count()).select_from(Revision))
        assert stored - before == sum(succeeded.values()) - succeeded["credit"]
        for document_id in session.scalars(select(Document.id)):
            numbers = sorted(session.scalars(
                select(Revision.number).where(Revision.document_id == document_id)))
            assert numbers == list(range(1, len(numbers) + 1))
        for story_id in session.scalars(select(Story.id)):
            numbers = sorted(session.scalars(
                select(CreditSet.number).where(CreditSet.story_id == story_id)))
            assert numbers == list(range(1, len(numbers) + 1))
    engine.dispose()

    credited = {c["name"] for c in json.loads(run("credits", "shared", "--format", "json").stdout)}
    added = {args[3] for operations in [_operations(w, tmp_path) for w in range(WRITERS)]
             for kind, args in operations if kind == "credit"}
    assert len(credited & added) == succeeded["credit"]  # every credit that succeeded is there
    verified = run("verify")
    assert verified.exit_code == 0, verified.stdout + verified.stderr
