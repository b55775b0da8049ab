"""`provenance log`: a document's revisions, or every story's with --all."""

from datetime import UTC, datetime

import click

from provenance.cli.common import echo, emit_json, emit_json_list, format_option, note, session_scope
from provenance.roles import ACTIVITIES


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
    from provenance.events import story_events
    from provenance.log import document_log
    from provenance.stories import get_document, get_revision, get_story
    from provenance.text.language_tags import language_tag
    from provenance.translations import stale_paragraphs

    with session_scope(ctx, read_only=True) as session:
        story = get_story(session, slug)
        document = get_document(session, story, language_tag(language) if language else None)
        entries = document_log(session, document)
        stale = stale_paragraphs(session, get_revision(session, document, None))
        events = story_events(session, story)
    if fmt == "json":
        emit_json({"story": slug, "language": document.language, "revisions": entries,
                   "stale": [{"position": position, "sources": sources}
                             for position, sources in stale], "events": events})
        return
    for e in entries:
        counts = ", ".join(f"{n} {op}" for op, n in e.counts.items() if n)
        echo(f"{e.revision}\t{e.time.isoformat(timespec='seconds')}\t{e.author or 'unknown'}"
                   f"\t{e.activity or '-'}\t{counts or '-'}\t{e.message or ''}")
    for event in reversed(events):
        state = f" -> {event.state}" if event.state else ""
        echo(f"event {event.number}\t{event.time.isoformat(timespec='seconds')}\t"
                   f"{event.author or 'unknown'}\t{event.action}{state}\t{event.comment or ''}")
    for position, sources in stale:
        changed = ", ".join(f"{s.language} ¶{s.position} (revision {s.revision})" for s in sources)
        echo(f"stale: ¶{position} was translated from a source that has changed: {changed}")


def _log_all(ctx: click.Context, person: str | None, since: datetime | None,
             activity: str | None, fmt: str) -> None:
    from provenance.errors import NotFound
    from provenance.log import activity_log
    from provenance.people import find_person

    with session_scope(ctx, read_only=True) as session:
        who = None
        if person:
            who = find_person(session, person)
            if who is None:
                raise NotFound(f"nobody called {person!r} (see `provenance people`)")
        entries = activity_log(session, person=who,
                               since=since.replace(tzinfo=UTC) if since else None,
                               activity=activity)
        if fmt == "json":
            emit_json_list(entries)
            return
        listed = 0
        for e in entries:
            counts = ", ".join(f"{n} {op}" for op, n in e.counts.items() if n)
            echo(f"{e.time.isoformat(timespec='seconds')}\t{e.story} ({e.language}) r{e.revision}"
                 f"\t{e.author or 'unknown'}\t{e.activity or '-'}\t+{e.words_added}/-{e.words_removed}"
                 f" words\t{counts or '-'}\t{e.message or ''}")
            listed += 1
    if not listed:
        note("no revisions match")


COMMANDS = [log]
