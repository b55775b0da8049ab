"""Importing a whole archive in one process: stories one after another, each all or nothing.

Each story is recorded inside a savepoint of its own, so a bad story leaves nothing behind while
the stories before it stay; the savepoints are committed together every BATCH_STORIES stories or
BATCH_SECONDS seconds, whichever comes first, which saves a commit (and a disk flush) per story.
When asked to stop (the CLI asks on Ctrl-C) the import finishes the story in progress, commits and
stops; if it is interrupted outright, everything since the last commit is rolled back and not
counted. Either way every story is fully in or not at all, and the counts say what is in.
"""

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from provenance.db import describe, first_line
from provenance.errors import DatabaseError, ProvenanceError
from provenance.ingest import OUTCOMES, Ingested, ingest_story, source_identities
from provenance.models import Person
from provenance.readers.archive import Unreadable
from provenance.readers.sources import SourceStory

BATCH_STORIES = 200
BATCH_SECONDS = 1.0


@dataclass
class Summary:
    """How an import went: stories by outcome (new, updated, unchanged, failed), and why it
    stopped early, if it did."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys((*OUTCOMES, "failed"), 0))
    stopped: str | None = None  # "failure" or "interrupted"

    @property
    def total(self) -> int:
        """Every story met, whatever became of it."""
        return sum(self.counts.values())


# Called after each item: its file number, what was recorded (None if it failed) and the error.
Report = Callable[[int, Ingested | None, str | None], None]


def import_stories(engine: Engine, items: Iterable[tuple[int, SourceStory | Unreadable]], *,
                   language: str | None = None, slug: str | None = None, keep_going: bool = False,
                   report: Report | None = None,
                   stop_requested: Callable[[], bool] = lambda: False) -> Summary:
    """Record every story items yields; see the module's docstring. With keep_going a story that
    cannot be recorded is reported and skipped, else the import stops at it."""
    summary = Summary()
    one_story = _OneStory(slug)
    pending: list[str] = []  # outcomes of the stories since the last commit
    # The person of each (system, login) met: committed persons stay, so it outlives commits.
    people: dict[tuple[str, str], Person] = {}
    with Session(engine, expire_on_commit=False) as session:
        transaction = session.begin()
        started = time.monotonic()
        try:
            for number, item in items:
                error = one_story.check(item)
                result, error = (None, error) if error else _one(session, item, language, slug, people)
                pending.append(result.outcome if result else "failed")
                if report is not None:
                    report(number, result, error)
                if error is not None:
                    people.clear()  # persons made in the rolled-back savepoint are gone
                    if not keep_going:
                        summary.stopped = "failure"
                        break
                if stop_requested():
                    summary.stopped = "interrupted"
                    break
                if len(pending) >= BATCH_STORIES or time.monotonic() - started >= BATCH_SECONDS:
                    transaction.commit()
                    _count(summary, pending)
                    session.expunge_all()
                    transaction = session.begin()
                    started = time.monotonic()
            transaction.commit()
            _count(summary, pending)
        except KeyboardInterrupt:
            transaction.rollback()
            summary.stopped = "interrupted"
        except OperationalError as exc:
            transaction.rollback()
            raise DatabaseError(f"database {describe(engine)}: {first_line(exc)}") from None
    return summary


class _OneStory:
    """With a slug given, the archive must hold one story: the versions of one source."""

    def __init__(self, slug: str | None) -> None:
        self.slug = slug
        self.first: tuple[str, set[tuple[str, str]], str] | None = None  # system, identities, where

    def check(self, item: SourceStory | Unreadable) -> str | None:
        """Why item cannot go into the slug's story, or None if it can."""
        if self.slug is None or isinstance(item, Unreadable):
            return None
        try:
            identities = set(source_identities(item))
        except ProvenanceError:
            return None  # ingest_story reports it
        if self.first is None:
            self.first = (item.system, identities, item.where)
            return None
        system, known, where = self.first
        if item.system == system and identities & known:
            known |= identities
            return None
        return (f"{item.where}: another story than {where}, and --story {self.slug} names one story: "
                "import the others without --story")


def _count(summary: Summary, pending: list[str]) -> None:
    for outcome in pending:
        summary.counts[outcome] += 1
    pending.clear()


def _one(session: Session, item: SourceStory | Unreadable, language: str | None, slug: str | None,
         people: dict[tuple[str, str], Person]) -> tuple[Ingested | None, str | None]:
    if isinstance(item, Unreadable):
        return None, f"{item.where}: {item.reason}" if item.where else item.reason
    try:
        with session.begin_nested():
            return ingest_story(session, item, language=language, slug=slug, people=people), None
    except ProvenanceError as exc:
        return None, str(exc)
