"""`provenance import`, `stories` and `show`: getting texts in and looking at them."""

from pathlib import Path

import click

from provenance.cli.common import (
    credited_note,
    echo,
    emit_json,
    format_option,
    no_credit_option,
    note,
    session_scope,
    split_story_ref,
)
from provenance.readers import FORMATS
from provenance.roles import ROLES
from provenance.text.counts import count


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--story", "slug", metavar="SLUG", help="Story slug (default: made from the title).")
@click.option("--language", default=None, metavar="TAG",
              help="BCP 47 tag of the text's language (default: the JSON's, else en).")
@click.option("--by", metavar="NAME", help="Who wrote this text (the author of revision 1).")
@click.option("--role", type=click.Choice(ROLES),
              help="The author's role: gives the activity, and credits them in it.")
@no_credit_option
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="How to read FILE (default: json for .json, else article). The document "
                   "remembers it for later revisions.")
@click.option("-m", "--message", help="A short note kept with revision 1 (default: the file name).")
@click.pass_context
def import_(ctx: click.Context, file: Path, slug: str | None, language: str | None,
            by: str | None, role: str | None, no_credit: bool, fmt: str | None,
            message: str | None) -> None:
    """Import a text as a story's first revision.

    The text is one language's document of the story; the credits it names are recorded, and
    --by NAME --role ROLE credits NAME in ROLE unless they already are (or --no-credit).

    \b
    Example:
      provenance import data/rfa-2021-03-north-korea-state-companies.txt --story nk-companies
      provenance import report.txt --format plain --language ko --by "Hyemin Son" --role reporter
    """
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
                                 message=message or f"imported from {file.name}", file_format=fmt)
        if by and role and not no_credit:
            credited = credit_first_time(session, get_story(session, result.story), by, role)
    caption = ", a photo caption" if result.caption else ""
    note(f"imported {result.story} ({result.language}) revision {result.revision} as {fmt}: "
         f"{count(result.paragraphs, 'paragraph')}{caption}, {count(result.credits, 'credit')} "
         "named in the text")
    if credited and by and role:
        credited_note(result.story, by, role)


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
    echo(f"{text.story} ({text.language}) revision {text.revision} by {who}, "
               f"{text.activity or 'activity unknown'}, {text.time.isoformat(timespec='seconds')}")
    if text.title:
        echo(f"\n{text.title}")
    if text.caption:
        echo(f"[caption] {text.caption}")
    width = len(str(len(text.paragraphs)))
    for position, paragraph in enumerate(text.paragraphs, start=1):
        echo(f"\n{position:>{width}}  {paragraph}")


COMMANDS = [import_, stories, show]
