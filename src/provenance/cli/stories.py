"""`provenance stories` and `show`: looking at the texts recorded."""

import click

from provenance.cli.common import (
    echo,
    emit_json,
    format_option,
    note,
    session_scope,
    split_story_ref,
)


@click.command()
@format_option("text", "json")
@click.pass_context
def stories(ctx: click.Context, fmt: str) -> None:
    """List the stories: slug, languages, revisions, title.

    \b
    Example:
      provenance stories --format json
    """
    from provenance.stories import list_stories

    with session_scope(ctx, read_only=True) as session:
        summaries = list_stories(session)
    if fmt == "json":
        emit_json(summaries)
        return
    if not summaries:
        note("no stories yet: add one with `provenance import FILE`")
    for s in summaries:
        echo(f"{s.slug}\t{','.join(s.languages)}\t{s.revisions} rev\t{s.title or ''}")


@click.command()
@click.argument("ref", metavar="STORY[@REV]")
@click.option("--language", metavar="TAG", help="Which document (needed when there are several).")
@format_option("text", "json")
@click.pass_context
def show(ctx: click.Context, ref: str, language: str | None, fmt: str) -> None:
    """Print a revision with numbered paragraphs.

    The latest revision unless STORY@REV names one.

    \b
    Example:
      provenance show nk-companies
      provenance show nk-companies@1 --language en --format json
    """
    from provenance.stories import get_document, get_revision, get_story, revision_text
    from provenance.text.language_tags import language_tag

    slug, number = split_story_ref(ref)
    with session_scope(ctx, read_only=True) as session:
        story = get_story(session, slug)
        document = get_document(session, story, language_tag(language) if language else None)
        text = revision_text(session, get_revision(session, document, number))
    if fmt == "json":
        emit_json(text)
        return
    who = text.author or "unknown"
    recorded = (f" (recorded {text.recorded.isoformat(timespec='seconds')})"
                if text.recorded != text.time else "")
    echo(f"{text.story} ({text.language}) revision {text.revision} by {who}, "
         f"{text.activity or 'activity unknown'}, {text.time.isoformat(timespec='seconds')}{recorded}")
    if text.title:
        echo(f"\n{text.title}")
    if text.caption:
        echo(f"[caption] {text.caption}")
    width = len(str(len(text.paragraphs)))
    for position, paragraph in enumerate(text.paragraphs, start=1):
        echo(f"\n{position:>{width}}  {paragraph}")


COMMANDS = [stories, show]
