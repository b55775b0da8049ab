"""`provenance blame`: who wrote the words that stand in a revision."""

import click

from provenance.cli.common import NUMBER, echo, emit_json, format_option, session_scope, split_story_ref
from provenance.roles import ACTIVITIES


@click.command()
@click.argument("ref", metavar="STORY[@REV]")
@click.option("--language", metavar="TAG", help="Which document (default: the story's only one).")
@click.option("--words", is_flag=True, help="Show each word with the revision that wrote it.")
@click.option("--ignore-rev", "ignore_revs", multiple=True, type=NUMBER, metavar="N",
              help="Look through revision N, as git's --ignore-rev (repeatable).")
@click.option("--ignore-activity", "ignore_activities", multiple=True,
              type=click.Choice(ACTIVITIES), help="Look through every revision of this activity.")
@format_option("text", "json")
@click.pass_context
def blame(ctx: click.Context, ref: str, language: str | None, words: bool,
          ignore_revs: tuple[int, ...], ignore_activities: tuple[str, ...], fmt: str) -> None:
    """Who wrote each paragraph's standing words.

    For each paragraph: each author's share of its words and the revision they came from.

    \b
    Example:
      provenance blame nk-companies
      provenance blame nk-companies@4 --words --ignore-activity copy-edit
    """
    from provenance.blame import blame_revision
    from provenance.stories import get_document, get_revision, get_story
    from provenance.text.language_tags import language_tag

    slug, number = split_story_ref(ref)
    with session_scope(ctx, read_only=True) as session:
        story = get_story(session, slug)
        document = get_document(session, story, language_tag(language) if language else None)
        revision = get_revision(session, document, number)
        paragraphs = blame_revision(session, revision, ignore_revisions=ignore_revs,
                                    ignore_activities=ignore_activities, words=words)
    if fmt == "json":
        emit_json(paragraphs)
        return
    for p in paragraphs:
        shares = ", ".join(f"{s.person or 'unknown'} r{s.revision} {s.share:.0%}" for s in p.shares)
        echo(f"¶{p.position}  {shares}")
        if words:
            marked = (f"{w.text.rstrip()}⟨r{w.revision}⟩{w.text[len(w.text.rstrip()):]}"
                      for w in p.words)
            echo("    " + "".join(marked).rstrip())
        else:
            echo(f"    {p.text}")


COMMANDS = [blame]
