"""`provenance credits` and `byline`: who is credited, and the line they make."""

import click

from provenance.cli.common import emit_json, format_option, session_scope


@click.command()
@click.argument("slug", metavar="STORY")
@format_option("text", "json")
@click.pass_context
def credits(ctx: click.Context, slug: str, fmt: str) -> None:
    """List a story's credits in byline order.

    Each credit: position, role, name, desk, location.

    \b
    Example:
      provenance credits nk-companies --format json
    """
    from provenance.credits import story_credits
    from provenance.stories import get_story

    with session_scope(ctx) as session:
        entries = story_credits(session, get_story(session, slug))
    if fmt == "json":
        emit_json(entries)
        return
    for c in entries:
        extra = "".join(f"\t{v}" for v in (c.desk, c.location) if v)
        click.echo(f"{c.position}\t{c.role}\t{c.name}{extra}")


@click.command()
@click.argument("slug", metavar="STORY")
@click.option("--style", type=click.Choice(["rfa", "reuters", "ap", "plain"]), default="rfa",
              show_default=True, help="Whose byline conventions to follow.")
@format_option("text", "json")
@click.pass_context
def byline(ctx: click.Context, slug: str, style: str, fmt: str) -> None:
    """Print the byline a story's credits make.

    \b
    Example:
      provenance byline nk-companies
    """
    from provenance.credits import story_byline
    from provenance.stories import get_story

    with session_scope(ctx) as session:
        line = story_byline(session, get_story(session, slug), style)
    if fmt == "json":
        emit_json({"story": slug, "style": style, "byline": line})
    else:
        click.echo(line)


COMMANDS = [credits, byline]
