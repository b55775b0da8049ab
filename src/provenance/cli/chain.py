"""`provenance chain`: each paragraph of a translated story traced back to its source."""

import click

from provenance.cli.common import NUMBER, echo, emit_json, session_scope
from provenance.text.counts import count


@click.command()
@click.argument("slug", metavar="STORY")
@click.option("--language", metavar="TAG", default="en", show_default=True,
              help="The translated document to trace.")
@click.option("--paragraph", type=NUMBER, metavar="N", help="Only paragraph N.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True, help="Output format; json is for scripts.")
@click.pass_context
def chain(ctx: click.Context, slug: str, language: str, paragraph: int | None, fmt: str) -> None:
    """Trace each paragraph back through edits and translation to its source.

    For each paragraph of the latest revision: its source paragraphs, the translation, the
    rewrite and every later edit with who, when and what changed; flags for paragraphs with
    no source and for sources that changed after they were translated.

    \b
    Example:
      provenance chain my-story --language en
      provenance chain my-story --paragraph 2 --format markdown
    """
    from provenance.chain import chain_report
    from provenance.errors import NotFound
    from provenance.render.chain import render_markdown, render_text
    from provenance.stories import get_document, get_revision, get_story
    from provenance.text.language_tags import language_tag

    with session_scope(ctx, read_only=True) as session:
        story = get_story(session, slug)
        revision = get_revision(session, get_document(session, story, language_tag(language)), None)
        if paragraph is not None and paragraph > len(revision.paragraphs):
            raise NotFound(f"revision {revision.number} has {count(len(revision.paragraphs), 'paragraph')}, "
                           f"not {paragraph}")
        report = chain_report(session, revision, paragraph)
    if fmt == "json":
        emit_json(report)
    elif fmt == "markdown":
        echo(render_markdown(report))
    else:
        echo(render_text(report))


COMMANDS = [chain]
