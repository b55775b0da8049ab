"""`provenance import`: getting texts in, an article at a time or a content system's stories."""

from datetime import datetime
from pathlib import Path

import click

from provenance.cli.common import (
    TIME,
    credited_note,
    database_url,
    no_credit_option,
    note,
    session_scope,
)
from provenance.readers import FORMATS
from provenance.readers.archive import SOURCE_FORMATS
from provenance.roles import ROLES
from provenance.text.counts import count


@click.command("import")
@click.argument("paths", nargs=-1, required=True, metavar="FILE...")
@click.option("--story", "slug", metavar="SLUG",
              help="Story slug (default: made from the title); an existing story gains the text.")
@click.option("--language", default=None, metavar="TAG",
              help="BCP 47 tag of the text's language (default: the source's, else en).")
@click.option("--by", metavar="NAME", help="Who wrote this text (the author of revision 1).")
@click.option("--role", type=click.Choice(ROLES),
              help="The author's role: gives the activity, and credits them in it.")
@no_credit_option
@click.option("--format", "fmt", type=click.Choice(FORMATS + SOURCE_FORMATS),
              help="How to read the files (default: guessed from the content: a content system's "
                   "export or stories as JSON Lines; else json for .json, else article). A "
                   "document remembers its format for later revisions.")
@click.option("-m", "--message", help="A short note kept with revision 1 (default: the file name).")
@click.option("--accounts", type=click.Path(path_type=Path, dir_okay=False), metavar="CSV",
              help="Who each content-system login is: a CSV file with columns system,login,name.")
@click.option("--keep-going", is_flag=True,
              help="Report a story that cannot be recorded and go on with the rest.")
@click.option("-q", "--quiet", is_flag=True, help="No progress line and no line per story.")
@click.option("--at", "at", type=TIME, metavar="TIME",
              help="When the text was really written (ISO 8601 with a zone): revision 1 of an "
                   "article, plain or json file, or a saved page that gives no time of its own. "
                   "Content systems' versions carry their own times.")
@click.pass_context
def import_(ctx: click.Context, paths: tuple[str, ...], slug: str | None, language: str | None,
            by: str | None, role: str | None, no_credit: bool, fmt: str | None,
            message: str | None, accounts: Path | None, keep_going: bool, quiet: bool,
            at: datetime | None) -> None:
    """Import texts: an article as a story's first revision, or content-system stories with
    their history.

    A published article, plain text or JSON document (one FILE) becomes one language's document of
    a story, with the credits it names; --by NAME --role ROLE credits NAME in ROLE unless they
    already are (or --no-credit). Stories exported from a content system (FILE... may be
    many files, directories, or - for JSON Lines on stdin) are recorded with every version, by its
    account, at its original time, and their workflow events; importing the same source again
    records only what is new. Each story is one transaction. Exits 1 if any story failed.

    \b
    Example:
      provenance import data/rfa-2021-03-north-korea-state-companies.txt --story nk-companies
      provenance import report.txt --format plain --language ko --by "Hyemin Son" --role reporter
      provenance import plone-export.json --accounts accounts.csv
      provenance import wordpress/ --format wordpress --keep-going
      export-stories | provenance import -
    """
    if fmt in SOURCE_FORMATS or "-" in paths or len(paths) > 1 or Path(paths[0]).is_dir() \
            or (fmt is None and _from_a_content_system(Path(paths[0]))):
        for option, value in (("--by", by), ("--role", role), ("--message", message)):
            if value:
                raise click.UsageError(f"{option} goes with one article, plain or json file; "
                                       "content-system stories carry their own")
        if fmt in FORMATS:
            raise click.UsageError(f"--format {fmt} reads one file at a time")
        _import_sources(ctx, paths, fmt, slug, language, accounts, keep_going, quiet, at)
        return
    if accounts or keep_going:
        raise click.UsageError(f"--accounts and --keep-going go with content-system stories: "
                               f"{_why_not_a_content_system(Path(paths[0]))}")
    _import_document(ctx, Path(paths[0]), slug, language, by, role, no_credit, fmt, message, at)


def _from_a_content_system(path: Path) -> bool:
    """Whether a file given without --format is a content system's export (or stories as JSON
    Lines) rather than one article, plain text or story JSON."""
    from provenance.errors import InputError
    from provenance.readers import guess_source_format
    from provenance.readers.archive import is_story_lines

    if not path.is_file() or path.suffix.lower() in (".txt", ".text", ".xlf", ".xliff"):
        return False  # an article as scraped, plain text or a CAT tool's file
    if is_story_lines(path):
        return True
    try:
        guess_source_format(path.read_bytes(), str(path))
    except (InputError, OSError, ValueError, RecursionError):
        return False  # read as one document, whose reader says what is wrong
    return True


def _why_not_a_content_system(path: Path) -> str:
    """What the content-system readers say of a file that is not their export."""
    from provenance.errors import InputError
    from provenance.readers import guess_source_format

    try:
        guess_source_format(path.read_bytes(), str(path))
    except (InputError, OSError, ValueError, RecursionError) as exc:
        return str(exc)
    return f"{path} reads as one document"


def _import_document(ctx: click.Context, file: Path, slug: str | None, language: str | None,
                     by: str | None, role: str | None, no_credit: bool, fmt: str | None,
                     message: str | None, at: datetime | None) -> None:
    from provenance.credits import credit_first_time
    from provenance.readers import guess_format, read_document
    from provenance.stories import get_story, import_document
    from provenance.text.language_tags import language_tag

    if role and not by:
        raise click.UsageError("--role needs --by: whose role is it?")
    fmt = fmt or guess_format(file)
    parsed = read_document(file, fmt)
    tag = language_tag(language or parsed.language or "en")
    credited = False
    with session_scope(ctx) as session:
        result = import_document(session, parsed, slug=slug, language=tag, author=by, role=role,
                                 message=message or f"imported from {file.name}", file_format=fmt,
                                 source_time=at)
        if by and role and not no_credit:
            credited = credit_first_time(session, get_story(session, result.story), by, role)
    if result.slug_taken:
        note(f"another story is {result.slug_taken}: this one is {result.story} "
             "(to add a language to that story, give --story)")
    caption = ", a photo caption" if result.caption else ""
    note(f"imported {result.story} ({result.language}) revision {result.revision} as {fmt}: "
         f"{count(result.paragraphs, 'paragraph')}{caption}, {count(result.credits, 'credit')} "
         "named in the text")
    if credited and by and role:
        credited_note(result.story, by, role)


def _import_sources(ctx: click.Context, paths: tuple[str, ...], fmt: str | None,
                    slug: str | None, language: str | None, accounts: Path | None,
                    keep_going: bool, quiet: bool, at: datetime | None) -> None:
    import signal
    import sys

    from provenance.cli.progress import Progress
    from provenance.db import make_engine, transaction
    from provenance.importing import import_stories
    from provenance.ingest import Ingested, link_accounts
    from provenance.migrations import require_current
    from provenance.readers.accounts import read_accounts
    from provenance.readers.archive import count_files, source_items
    from provenance.text.language_tags import language_tag

    tag = language_tag(language) if language else None
    mapping = read_accounts(accounts) if accounts else {}
    piped = "-" in paths
    progress = Progress(None if quiet or piped else count_files(paths),
                        "stories" if piped else "files", enabled=not quiet)
    done = 0

    def report(number: int, result: Ingested | None, error: str | None) -> None:
        nonlocal done
        done += 1
        if error is not None:
            progress.clear()
            note(f"failed: {error}")
        elif result is not None and result.outcome != "unchanged" and not quiet:
            progress.clear()
            renamed = f" (another story is {result.slug_taken})" if result.slug_taken else ""
            note(f"{result.outcome}: {result.story}{renamed} ({result.language}): "
                 f"{count(result.revisions, 'revision')}, {count(result.events, 'event')}, "
                 f"{count(result.credits, 'credit')}")
        progress.advance(done if piped else number)

    # The first Ctrl-C lets the story in progress finish and stops after it; a second one stops
    # at once (and what was not committed yet is rolled back).
    stop = False

    def on_interrupt(_signal: int, _frame: object) -> None:
        nonlocal stop
        stop = True
        signal.signal(signal.SIGINT, signal.default_int_handler)

    engine = make_engine(database_url(ctx))
    previous = signal.signal(signal.SIGINT, on_interrupt)
    try:
        require_current(engine)
        if mapping:
            with transaction(engine) as session:
                link_accounts(session, mapping)
        summary = import_stories(engine, source_items(paths, fmt, sys.stdin, at), language=tag,
                                 slug=slug, keep_going=keep_going, report=report,
                                 stop_requested=lambda: stop)
    finally:
        signal.signal(signal.SIGINT, previous)
        progress.clear()
        engine.dispose()
    if summary.stopped == "failure":
        note("stopped at the first failure (--keep-going goes on with the rest)")
    elif summary.stopped == "interrupted":
        note("interrupted: every story counted below is recorded whole")
    stories = f"{summary.total} {'story' if summary.total == 1 else 'stories'}"
    if summary.total and summary.counts["unchanged"] == summary.total:
        note(f"nothing new: {stories} unchanged")
    else:
        note(f"{stories}: " + ", ".join(f"{n} {outcome}" for outcome, n in summary.counts.items()))
    if summary.stopped == "interrupted":
        ctx.exit(130)
    if summary.counts["failed"]:
        ctx.exit(1)


COMMANDS = [import_]
