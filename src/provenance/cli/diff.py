"""`provenance diff`: what changed between two revisions of a document."""

import os

import click

from provenance.cli.common import NUMBER, echo, emit_json, format_option, is_tty, session_scope


@click.command()
@click.argument("slug", metavar="STORY")
@click.argument("old", required=False, type=NUMBER)
@click.argument("new", required=False, type=NUMBER)
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

    with session_scope(ctx, read_only=True) as session:
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
        echo(render_unified(result))
    else:
        colour = is_tty() and "NO_COLOR" not in os.environ
        echo(render_terminal(result, colour=colour), escaped=colour)


COMMANDS = [diff]
