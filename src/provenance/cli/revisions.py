"""`provenance revise`: recording an edit as a new revision."""

from datetime import datetime
from pathlib import Path

import click

from provenance.cli.common import (
    NUMBER,
    TIME,
    credited_note,
    format_note,
    no_credit_option,
    note,
    session_scope,
)
from provenance.readers import FORMATS
from provenance.roles import ACTIVITIES, ACTIVITY_OF_ROLE, ROLES


@click.command()
@click.argument("slug", metavar="STORY")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--by", required=True, metavar="NAME", help="Who made this revision.")
@click.option("--role", required=True, type=click.Choice(ROLES),
              help="Their role on the story; credits them in it the first time.")
@no_credit_option
@click.option("--activity", type=click.Choice(ACTIVITIES),
              help="What they did (default: what their role does, e.g. editor: edit).")
@click.option("-m", "--message", help="Why: a short note kept with the revision.")
@click.option("--language", metavar="TAG", help="Which document (default: the story's only one).")
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="How to read FILE (default: the format the document was imported in, else "
                   "json for .json, else article).")
@click.option("--parent", type=NUMBER, metavar="N",
              help="The revision this edit was made from; if it is no longer the latest, "
                   "nothing is recorded.")
@click.option("--allow-empty", is_flag=True, help="Record a revision even if nothing changed.")
@click.option("--at", "at", type=TIME, metavar="TIME",
              help="When the revision was really made (ISO 8601 with a zone, e.g. "
                   "2021-03-02T09:30+09:00); it is still listed after those recorded before it.")
@click.pass_context
def revise(ctx: click.Context, slug: str, file: Path, by: str, role: str, no_credit: bool,
           activity: str | None, message: str | None, language: str | None, fmt: str | None,
           parent: int | None, allow_empty: bool, at: datetime | None) -> None:
    """Record a new revision of a document.

    The file's paragraphs are aligned with the latest revision: unchanged paragraphs are kept
    as they are, the rest recorded as edited, moved, split, merged, inserted or deleted. The
    file is read in the format the document was imported in unless --format says otherwise.
    Someone revising in a role they are not yet credited in is credited in it (--no-credit: not).

    \b
    Example:
      provenance revise nk-companies edited.txt --by "Ann Editor" --role editor -m "tighten lede"
      provenance revise nk-companies edited.txt --by "Ann Editor" --role editor --parent 3
      provenance revise nk-companies fixed.txt --by "Ann Editor" --role editor --at 2021-03-02T09:30Z
    """
    from provenance.credits import credit_first_time
    from provenance.people import person_named
    from provenance.readers import choose_format, guess_format, read_document
    from provenance.revisions import revise as record
    from provenance.stories import get_document, get_story
    from provenance.text.language_tags import language_tag

    activity = activity or ACTIVITY_OF_ROLE.get(role)
    if activity is None:
        raise click.UsageError(f"a {role} makes no revision by default: give --activity")
    tag = language_tag(language) if language else None
    credited = False
    with session_scope(ctx) as session:
        story = get_story(session, slug)
        if tag is None and len(story.documents) > 1 and (fmt or guess_format(file)) == "json":
            tag = read_document(file, "json").language  # a JSON file may name its language
        document = get_document(session, story, tag)
        chosen, why = choose_format(file, fmt, document.format)
        parsed = read_document(file, chosen)
        result = record(session, document, parsed.paragraphs, author=person_named(session, by),
                        activity=activity, message=message, title=parsed.title,
                        caption=parsed.caption, parent_number=parent, allow_empty=allow_empty,
                        at=at)
        if not no_credit:
            credited = credit_first_time(session, story, by, role)
    if why:  # said once it worked: a command that fails prints one error line
        format_note(file.name, chosen, why)
    changes = ", ".join(f"{n} {op}" for op, n in result.counts.items() if n) or "no paragraph changes"
    note(f"recorded {result.story} ({result.language}) revision {result.revision} "
         f"on top of {result.parent}: {changes}")
    if credited:
        credited_note(slug, by, role)


COMMANDS = [revise]
