"""`provenance revise`, `log` and `diff`: recording edits and seeing what changed."""

import os
from datetime import UTC, datetime
from pathlib import Path

import click

from provenance.cli.common import (
    emit_json,
    format_option,
    is_tty,
    note,
    session_scope,
)
from provenance.readers import FORMATS
from provenance.roles import ACTIVITIES, ACTIVITY_OF_ROLE, ROLES


@click.command()
@click.argument("slug", metavar="STORY")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--by", required=True, metavar="NAME", help="Who made this revision.")
@click.option("--role", required=True, type=click.Choice(ROLES), help="Their role on the story.")
@click.option("--activity", type=click.Choice(ACTIVITIES),
              help="What they did (default: what their role does, e.g. editor: edit).")
@click.option("-m", "--message", help="Why: a short note kept with the revision.")
@click.option("--language", metavar="TAG", help="Which document (default: the story's only one).")
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="How to read FILE (default: json for .json, else article).")
@click.option("--parent", type=click.IntRange(min=1), metavar="N",
              help="The revision this edit was made from; if it is no longer the latest, "
                   "nothing is recorded.")
@click.option("--allow-empty", is_flag=True, help="Record a revision even if nothing changed.")
@click.pass_context
def revise(ctx: click.Context, slug: str, file: Path, by: str, role: str, activity: str | None,
           message: str | None, language: str | None, fmt: str | None, parent: int | None,
           allow_empty: bool) -> None:
    """Record a new revision of a document.

    The file's paragraphs are aligned with the latest revision: unchanged paragraphs are kept
    as they are, the rest recorded as edited, moved, split, merged, inserted or deleted.

    \b
    Example:
      provenance revise nk-companies edited.txt --by "Ann Editor" --role editor -m "tighten lede"
      provenance revise nk-companies edited.txt --by "Ann Editor" --role editor --parent 3
    """
    from provenance.people import person_named
    from provenance.readers import read_document
    from provenance.revisions import revise as record
    from provenance.stories import get_document, get_story
    from provenance.text.language_tags import language_tag

    activity = activity or ACTIVITY_OF_ROLE.get(role)
    if activity is None:
        raise click.UsageError(f"a {role} makes no revision by default: give --activity")
    parsed = read_document(file, fmt)
    tag = language_tag(language) if language else parsed.language
    with session_scope(ctx) as session:
        story = get_story(session, slug)
        document = get_document(session, story, tag)
        result = record(session, document, parsed.paragraphs, author=person_named(session, by),
                        activity=activity, message=message, title=parsed.title,
                        caption=parsed.caption, parent_number=parent, allow_empty=allow_empty)
    changes = ", ".join(f"{n} {op}" for op, n in result.counts.items() if n) or "no paragraph changes"
    note(f"recorded {result.story} ({result.language}) revision {result.revision} "
         f"on top of {result.parent}: {changes}")


@click.command()
@click.argument("slug", metavar="[STORY]", required=False)
@click.option("--language", metavar="TAG", help="Which document (default: the story's only one).")
@click.option("--all", "everything", is_flag=True, help="Revisions of every story, newest first.")
@click.option("--person", metavar="NAME", help="With --all: only this person's revisions.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]), metavar="DATE",
              help="With --all: only revisions from DATE (UTC) on.")
@click.option("--activity", type=click.Choice(ACTIVITIES), help="With --all: only this activity.")
@format_option("text", "json")
@click.pass_context
def log(ctx: click.Context, slug: str | None, language: str | None, everything: bool,
        person: str | None, since: datetime | None, activity: str | None, fmt: str) -> None:
    """List a document's revisions and what each changed.

    Newest first: number, time, author, activity, paragraph changes, message; and the
    paragraphs whose source changed after they were translated. With --all, the revisions of
    every story, for an audit of what someone changed where.

    \b
    Example:
      provenance log my-story --language en
      provenance log --all --person "Ann Editor" --since 2026-11-23 --activity edit
    """
    if everything:
        if slug:
            raise click.UsageError("give a STORY or --all, not both")
        _log_all(ctx, person, since, activity, fmt)
        return
    if not slug:
        raise click.UsageError("give a STORY, or --all for every story")
    if person or since or activity:
        raise click.UsageError("--person, --since and --activity go with --all")
    from provenance.log import document_log
    from provenance.stories import get_document, get_revision, get_story
    from provenance.text.language_tags import language_tag
    from provenance.translations import stale_paragraphs

    with session_scope(ctx) as session:
        story = get_story(session, slug)
        document = get_document(session, story, language_tag(language) if language else None)
        entries = document_log(session, document)
        stale = stale_paragraphs(session, get_revision(session, document, None))
    if fmt == "json":
        emit_json({"story": slug, "language": document.language, "revisions": entries,
                   "stale": [{"position": position, "sources": sources}
                             for position, sources in stale]})
        return
    for e in entries:
        counts = ", ".join(f"{n} {op}" for op, n in e.counts.items() if n)
        click.echo(f"{e.revision}\t{e.time.isoformat(timespec='seconds')}\t{e.author or 'unknown'}"
                   f"\t{e.activity or '-'}\t{counts or '-'}\t{e.message or ''}")
    for position, sources in stale:
        changed = ", ".join(f"{s.language} ¶{s.position} (revision {s.revision})" for s in sources)
        click.echo(f"stale: ¶{position} was translated from a source that has changed: {changed}")


def _log_all(ctx: click.Context, person: str | None, since: datetime | None,
             activity: str | None, fmt: str) -> None:
    from provenance.errors import NotFound
    from provenance.log import activity_log
    from provenance.people import find_person

    with session_scope(ctx) as session:
        who = None
        if person:
            who = find_person(session, person)
            if who is None:
                raise NotFound(f"nobody called {person!r} (see `provenance people`)")
        entries = activity_log(session, person=who,
                               since=since.replace(tzinfo=UTC) if since else None,
                               activity=activity)
    if fmt == "json":
        emit_json(entries)
        return
    for e in entries:
        counts = ", ".join(f"{n} {op}" for op, n in e.counts.items() if n)
        click.echo(f"{e.time.isoformat(timespec='seconds')}\t{e.story} ({e.language}) r{e.revision}"
                   f"\t{e.author or 'unknown'}\t{e.activity or '-'}\t+{e.words_added}/-{e.words_removed}"
                   f" words\t{counts or '-'}\t{e.message or ''}")
    if not entries:
        note("no revisions match")


@click.command()
@click.argument("slug", metavar="STORY")
@click.argument("old", required=False, type=click.IntRange(min=1))
@click.argument("new", required=False, type=click.IntRange(min=1))
@click.option("--language", metavar="TAG", help="Which document (default: the story's only one).")
@format_option("text", "unified", "json")
@click.pass_context
def diff(ctx: click.Context, slug: str, old: int | None, new: int | None, language: str | None,
         fmt: str) -> None:
    """Show what changed between two revisions.

    By default the revision before the latest against the latest; paragraph operations
    (edit, move, split, merge, insert, delete) with the word changes inside them.

    \b
    Example:
      provenance diff nk-companies
      provenance diff nk-companies 1 3 --format unified
    """
    from provenance.diffing import diff_revisions
    from provenance.errors import InputError
    from provenance.render.diff import render_terminal, render_unified
    from provenance.stories import get_document, get_revision, get_story
    from provenance.text.language_tags import language_tag

    with session_scope(ctx) as session:
        story = get_story(session, slug)
        document = get_document(session, story, language_tag(language) if language else None)
        to = get_revision(session, document, new)
        if old is None:
            if to.number == 1:
                raise InputError(f"{slug} has only revision 1: nothing to compare it with")
            old = to.number - 1
        result = diff_revisions(session, get_revision(session, document, old), to)
    if fmt == "json":
        emit_json(result.as_json())
    elif fmt == "unified":
        click.echo(render_unified(result))
    else:
        click.echo(render_terminal(result, colour=is_tty() and "NO_COLOR" not in os.environ))


COMMANDS = [revise, log, diff]
