"""`provenance credits` and `byline`: who is credited, changing that, and the line they make.

`credits` takes a story first and an action after it (`credits STORY add NAME …`), so it is a group
that reads its first argument as a story unless it names a command; `credits parse TEXT` needs no
database and imports none of the database libraries.
"""

import sys
from typing import TYPE_CHECKING, Any

import click

from provenance.cli.common import NUMBER, echo, emit_json, format_option, note, session_scope
from provenance.roles import ROLES
from provenance.text.bylines import BYLINE_STYLES

if TYPE_CHECKING:
    from provenance.credits import CreditChange, CreditView

_STORY = "provenance.credits.story"  # key in ctx.meta: the story an action or the listing is about
_ACTIONS = ("add", "remove", "move")


class StoryAction(click.Command):
    """A change to one story's credits, written after the story: `credits STORY add …`."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        parent = ctx.parent.command_path if ctx.parent else "provenance credits"
        story = ctx.meta.get(_STORY, "STORY")
        formatter.write_usage(f"{parent} {story} {self.name}", " ".join(self.collect_usage_pieces(ctx)))


class CreditsGroup(click.Group):
    """`credits parse TEXT`, `credits STORY [--history]` and `credits STORY add|remove|move …`."""

    def __init__(self, *args: Any, listing: click.Command, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.listing = listing

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        first = args[0]
        if first in self.commands or first.startswith("-"):
            return super().resolve_command(ctx, args)  # `credits parse …`, `credits add --help`
        ctx.meta[_STORY] = first
        if len(args) > 1 and args[1] in _ACTIONS:
            return args[1], self.commands[args[1]], args[2:]
        if len(args) > 1 and not args[1].startswith("-"):
            raise click.UsageError(f"no action {args[1]!r} on a story's credits: use "
                                   f"{', '.join(_ACTIONS[:-1])} or {_ACTIONS[-1]}", ctx)
        return first, self.listing, args[1:]

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        path = ctx.command_path
        formatter.write_usage(path, "STORY [--history] [--format text|json]")
        formatter.write_usage(path, f"STORY {'|'.join(_ACTIONS)} NAME [OPTIONS]", prefix="       ")
        formatter.write_usage(path, "parse TEXT [--format text|json]", prefix="       ")


def _story(ctx: click.Context) -> str:
    story = ctx.meta.get(_STORY)
    if story is None:
        raise click.UsageError(f"name the story first: provenance credits STORY {ctx.info_name} …", ctx)
    return str(story)


def _credit_text(c: "CreditView") -> str:
    extra = "".join(f"\t{v}" for v in (c.desk, c.location) if v)
    return f"{c.position}\t{c.role}\t{c.name}{extra}"


@click.command()
@click.option("--history", is_flag=True, help="Every change to the credits instead, newest first.")
@format_option("text", "json")
@click.pass_context
def listing(ctx: click.Context, history: bool, fmt: str) -> None:
    """List a story's credits in byline order, or with --history every change to them.

    Each credit: position, role, name, desk, location. Each change: number, time, who, what
    changed, message; then the credits added (+), removed (-) and moved, and the byline before
    and after.

    \b
    Example:
      provenance credits nk-companies --format json
      provenance credits nk-companies --history
    """
    from provenance.credits import credit_history, story_credits
    from provenance.stories import get_story

    with session_scope(ctx, read_only=True) as session:
        story = get_story(session, _story(ctx))
        entries: list[Any] = credit_history(session, story) if history else story_credits(session, story)
    if fmt == "json":
        emit_json(entries)
    elif history:
        for change in entries:
            _echo_change(change)
    else:
        for c in entries:
            echo(_credit_text(c))


def _summary(change: "CreditChange") -> str:
    counts = (("added", len(change.added)), ("removed", len(change.removed)), ("moved", len(change.moved)))
    return ", ".join(f"{n} {what}" for what, n in counts if n) or "no change"


def _echo_change(change: "CreditChange") -> None:
    from provenance.text.bylines import render_byline

    echo(f"{change.number}\t{change.time.isoformat(timespec='seconds')}\t"
               f"{change.author or 'unknown'}\t{_summary(change)}\t{change.message or ''}")
    for c in change.added:
        echo(f"\t+ {_credit_text(c)}")
    for c in change.removed:
        echo(f"\t- {_credit_text(c)}")
    for m in change.moved:
        echo(f"\tmoved {m.before} -> {m.after}\t{m.role}\t{m.name}")
    for label, credits in (("before", change.before), ("after", change.after)):
        line = render_byline([c.as_parsed() for c in credits]) or "(no credits)"
        echo(f"\t{label}: {line}")


def _recorded(slug: str, change: "CreditChange") -> None:
    from provenance.text.bylines import render_byline

    note(f"recorded credit set {change.number} of {slug}: {_summary(change)}")
    note(f"byline: {render_byline([c.as_parsed() for c in change.after]) or '(no credits)'}")


_by = click.option("--by", required=True, metavar="WHO", help="Who is making the change.")
_message = click.option("-m", "--message", help="Why: a short note kept with the change.")
_role = click.option("--role", type=click.Choice(ROLES), help="Only their credit in this role.")


@click.command(cls=StoryAction)
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(ROLES), help="The role they are credited in.")
@click.option("--desk", metavar="DESK", help="The desk they worked for, e.g. \"RFA’s Korean Service\".")
@click.option("--location", metavar="PLACE", help="Where they reported from.")
@click.option("--position", type=NUMBER, metavar="N",
              help="Where in the byline order (default: last).")
@_by
@_message
@click.pass_context
def add(ctx: click.Context, name: str, role: str, desk: str | None, location: str | None,
        position: int | None, by: str, message: str | None) -> None:
    """Credit a person on a story (recorded as a new credit set).

    \b
    Example:
      provenance credits nk-companies add "Jane Doe" --role photographer --by "Ann Editor"
      provenance credits nk-companies add "Min-ji Kim" --role reporter --desk "RFA’s Korean Service" \\
          --position 3 --by "Ann Editor" -m "she reported from Seoul"
    """
    from provenance.credits import add_credit
    from provenance.stories import get_story

    slug = _story(ctx)
    with session_scope(ctx) as session:
        change = add_credit(session, get_story(session, slug), name, role, desk=desk, location=location,
                            position=position, author=by, message=message)
    _recorded(slug, change)


@click.command(cls=StoryAction)
@click.argument("name")
@_role
@_by
@_message
@click.pass_context
def remove(ctx: click.Context, name: str, role: str | None, by: str, message: str | None) -> None:
    """Remove a person's credits from a story (all of them, or the one in --role).

    \b
    Example:
      provenance credits nk-companies remove "Leejin Jun" --role translator --by "Ann Editor"
    """
    from provenance.credits import remove_credit
    from provenance.stories import get_story

    slug = _story(ctx)
    with session_scope(ctx) as session:
        change = remove_credit(session, get_story(session, slug), name, role=role, author=by, message=message)
    _recorded(slug, change)


@click.command(cls=StoryAction)
@click.argument("name")
@click.option("--to", required=True, type=NUMBER, metavar="N",
              help="The position to move the credit to (1 is first).")
@_role
@_by
@_message
@click.pass_context
def move(ctx: click.Context, name: str, to: int, role: str | None, by: str, message: str | None) -> None:
    """Move a person's credit to another place in the byline order.

    \b
    Example:
      provenance credits nk-companies move "Hee Jung Yang" --to 1 --by "Ann Editor"
    """
    from provenance.credits import move_credit
    from provenance.stories import get_story

    slug = _story(ctx)
    with session_scope(ctx) as session:
        change = move_credit(session, get_story(session, slug), name, to=to, role=role, author=by,
                             message=message)
    _recorded(slug, change)


@click.command()
@click.argument("text")
@click.option("--byline", metavar="TEXT",
              help="The story's byline: a surname credited alone (\"Okafor reported from Lagos\") "
                   "becomes the full name it gives.")
@click.option("--language", metavar="TAG",
              help="The line's language (en, de, es, fr, ko, zh, ja …); by default the script decides.")
@format_option("text", "json")
def parse(text: str, byline: str | None, language: str | None, fmt: str) -> None:
    """Read a credit line into credits: name, role, desk, location (no database needed).

    TEXT is the credit line, or - to read it from standard input. It may be a wire service's
    credit line, a byline, a tagline or a photo credit, in English, German, Spanish, French,
    Chinese, Japanese or Korean. An organisation credited by name is printed with itself as desk.
    Text that names nobody (or is empty) prints no credits (an empty list with --format json),
    says so on stderr and exits 0.

    \b
    Example:
      provenance credits parse "Reported by Hyemin Son for RFA’s Korean Service. Translated by Leejin Jun."
      provenance credits parse "Okafor reported from Lagos." --byline "By Tom Reyes and Ada Okafor"
      provenance credits parse "(서울=연합뉴스) 김민수 특파원 이지은 기자 ="
      provenance credits parse - --format json < credit-line.txt
    """
    from provenance.text.credit_parsing import parse_credit_line

    if text == "-":
        text = sys.stdin.read()
    found = parse_credit_line(text, byline=byline, language=language) if text.strip() else []
    if not text.strip():
        note("nothing to parse: the text is empty")
    elif not found:
        note("no credits found: the text names nobody in a role (\"Reported by …\", \"By …\")")
    if fmt == "json":
        emit_json(found)
        return
    for c in found:
        extra = (f"\tfor {c.desk}" if c.desk and c.desk != c.name else "") + (
            f"\tin {c.location}" if c.location else "")
        echo(f"{c.role}\t{c.name}{extra}")


@click.group(cls=CreditsGroup, listing=listing, no_args_is_help=True)
def credits() -> None:
    """Who is credited on a story; changing that; reading a credit line.

    STORY alone lists the story's credits (--history: every change to them, --format json for
    scripts). Each add, remove or move records a new credit set with who made it and why; nothing
    recorded is changed. `parse` reads a credit line without a database.

    \b
    Example:
      provenance credits nk-companies
      provenance credits nk-companies add "Jane Doe" --role photographer --by "Ann Editor"
      provenance credits nk-companies --history
      provenance credits parse "Reporting by Ju-min Park in Seoul; Editing by Ed Davies"
    """


for _command in (parse, add, remove, move):
    credits.add_command(_command)


@click.command()
@click.argument("slug", metavar="STORY")
@click.option("--style", type=click.Choice(BYLINE_STYLES),
              help="Whose byline conventions to follow (text and json). Default: the document's "
                   "language's (ko, zh, ja), else rfa.")
@click.option("--language", metavar="TAG",
              help="The document the byline is for: its language sets the default style and the "
                   "NewsArticle's headline and inLanguage (default: the English document, else "
                   "the newest).")
@format_option("text", "json", "jsonld")
@click.pass_context
def byline(ctx: click.Context, slug: str, style: str | None, language: str | None, fmt: str) -> None:
    """Print the byline a story's credits make.

    Names are printed as they were recorded, in their own script. --format jsonld prints a
    schema.org NewsArticle naming everyone credited, in the document's language (inLanguage),
    with the source language as translationOfWork.
    A story nobody is credited on has no byline: an error (exit 1); with --format json an
    empty byline.

    \b
    Example:
      provenance byline nk-companies
      provenance byline my-story --language ko          # (서울=연합뉴스) 홍길동 기자
      provenance byline my-story --style zh             # 记者 张三（责编：李四）
      provenance byline nk-companies --format jsonld
    """
    from provenance.credits import article_credits, story_byline
    from provenance.errors import NotFound
    from provenance.render.jsonld import news_article
    from provenance.stories import get_story
    from provenance.text.bylines import style_for_language
    from provenance.text.language_tags import language_tag

    tag = language_tag(language) if language else None
    with session_scope(ctx, read_only=True) as session:
        story = get_story(session, slug)
        article = article_credits(session, story, tag)
        style = style or style_for_language(article.language)
        line = story_byline(session, story, style)
    if fmt == "jsonld":
        emit_json(news_article([c.as_parsed() for c in article.credits], headline=article.headline,
                               language=article.language, source_language=article.source_language),
                  html=True)
    elif fmt == "json":
        emit_json({"story": slug, "language": article.language, "style": style, "byline": line})
    elif not line:
        raise NotFound(f"nobody is credited on {slug!r}, so it has no byline: credit someone with "
                       f"`provenance credits {slug} add NAME --role ROLE --by WHO`")
    else:
        echo(line)


COMMANDS = [credits, byline]
