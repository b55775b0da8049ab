"""`provenance translate` and `links`: recording translations and what they were translated from."""

from pathlib import Path

import click

from provenance.cli.common import (
    credited_note,
    echo,
    emit_json,
    format_note,
    format_option,
    no_credit_option,
    note,
    session_scope,
    split_story_ref,
)
from provenance.errors import InputError
from provenance.readers import FORMATS
from provenance.readers.json_document import load_json
from provenance.roles import ROLES
from provenance.text.counts import count


def _links_spec(value: str | None) -> str | None:
    """Accept ``"1:1,2:2-3"`` or a JSON mapping ``{"1": [1], "2": [2, 3], "3": []}``."""
    if value is None or not value.lstrip().startswith("{"):
        return value
    try:
        mapping = load_json(value)
        items = []
        for source, targets in mapping.items():
            positions = ",".join(str(int(t)) for t in targets)
            if positions and len(targets) > 1:
                first, last = int(targets[0]), int(targets[-1])
                if [int(t) for t in targets] != list(range(first, last + 1)):
                    raise ValueError
                positions = f"{first}-{last}"
            items.append(f"{int(source)}:{positions}")
    except (InputError, ValueError, TypeError, AttributeError):
        raise click.BadParameter(
            'a JSON mapping is {"SOURCE": [TARGET, …]} with consecutive targets', param_hint="--links"
        ) from None
    return ",".join(items)


@click.command()
@click.argument("slug", metavar="STORY")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--from", "source_ref", metavar="LANG[@REV]",
              help="The source document and revision (default: its latest). An XLIFF file "
                   "names its source language itself; --from must agree, or stands in where "
                   "the file says none or its text is in another script.")
@click.option("--by", metavar="NAME", help="The translator (an XLIFF file may name one).")
@click.option("--role", type=click.Choice(ROLES), default="translator", show_default=True,
              help="Their role on the story; credits them in it the first time.")
@no_credit_option
@click.option("--language", metavar="TAG", help="The translation's language (default: the "
              "file's, else en; an XLIFF file that names none, or one its target text is not "
              "written in, goes to the story's one document in that text's script).")
@click.option("--format", "fmt", type=click.Choice([*FORMATS, "xliff"]),
              help="How to read FILE (default: the format of the translation's document, else of "
                   "its source, else by its name: .json, .xlf/.xliff, else article).")
@click.option("--links", metavar="SPEC", help='Which source paragraphs became which: '
              '"1:1,2:2-3,3:,5-6:4" (source:target, empty = none) or a JSON mapping. '
              "Default: aligned automatically.")
@click.option("-m", "--message", help="A short note kept with the revision.")
@click.pass_context
def translate(ctx: click.Context, slug: str, file: Path, source_ref: str | None, by: str | None,
              role: str, no_credit: bool, language: str | None, fmt: str | None,
              links: str | None, message: str | None) -> None:
    """Record a translation of a story's document.

    The file becomes a revision of the target-language document whose paragraphs derive from
    the source revision's paragraphs they translate. An XLIFF file (1.1, 1.2 or 2.0) from a CAT
    tool brings both sides and its own links; for a new story its source becomes the source
    document, and a title unit gives both titles. Language tags match by RFC 4647: a file's
    ko-KR source is the story's ko document.
    The translator is credited as translator (--role) unless they already are (or --no-credit).

    \b
    Example:
      provenance translate my-story --from ko translation.txt --by "Leejin Jun" --format plain
      provenance translate my-story --from ko@2 en.txt --by "Leejin Jun" --links "1:1,2:2-3,3:"
      provenance translate my-story story.xlf --by "Leejin Jun"
    """
    if (fmt or _format_of(file)) == "xliff":
        _translate_xliff(ctx, slug, file, source_ref, by, role, no_credit, language, links, message)
        return
    if not source_ref or not by:
        raise click.UsageError("translate needs --from LANG[@REV] and --by NAME")
    from provenance.credits import credit_first_time
    from provenance.people import person_named
    from provenance.readers import choose_format, guess_format, read_document
    from provenance.stories import add_missing_credits, get_document, get_revision, get_story
    from provenance.text.language_tags import language_tag
    from provenance.translations import translate as record

    source_language, number = split_story_ref(source_ref)
    spec = _links_spec(links)
    credited = False
    with session_scope(ctx) as session:
        story = get_story(session, slug)
        source = get_revision(session, get_document(session, story, language_tag(source_language)),
                              number)
        # A JSON file may name the translation's language; read it to know which document it is.
        named = (read_document(file, "json").language
                 if not language and (fmt or guess_format(file)) == "json" else None)
        target_language = language_tag(language or named or "en")
        target = next((d for d in story.documents if d.language == target_language), None)
        chosen, why = (choose_format(file, fmt, target.format) if target else
                       choose_format(file, fmt, source.document.format, "its source"))
        parsed = read_document(file, chosen)
        result = record(session, story, source, target_language, parsed.paragraphs,
                        author=person_named(session, by), links=spec, message=message,
                        title=parsed.title, file_format=chosen)
        added = add_missing_credits(session, story, parsed.credits, target_language,
                                    parsed.credit_line)
        if not no_credit:
            credited = credit_first_time(session, story, by, role)
    if why:  # said once it worked: a command that fails prints one error line
        format_note(file.name, chosen, why)
    how = "aligned automatically" if result.automatic else "as given"
    note(f"recorded {result.story} ({result.language}) revision {result.revision}, translated "
         f"from {result.source_language} revision {result.source_revision}: "
         f"{count(len(result.links), 'link')} {how}, {count(added, 'credit')} added")
    source_language, target_language = result.source_language, result.language
    for sources, targets, confidence in result.uncertain():
        note(f"uncertain link: {source_language} {_positions(sources)} -> {target_language} "
             f"{_positions(targets)} "
             f"(confidence {confidence:.2f}); check it, and correct it with `provenance links "
             f"{result.story} set`")
    for j in result.no_source:
        note(f"no source: {target_language} ¶{j} matches no {source_language} paragraph "
             "(added in translation?)")
    for i in result.untranslated:
        note(f"untranslated: {source_language} ¶{i} matches no {target_language} paragraph")
    if credited:
        credited_note(result.story, by, role)


def _positions(positions: list[int]) -> str:
    return "+".join(f"¶{k}" for k in positions)


def _format_of(file: Path) -> str | None:
    return "xliff" if file.suffix.lower() in (".xlf", ".xliff", ".mqxliff", ".sdlxliff") else None


def _translate_xliff(ctx: click.Context, slug: str, file: Path, source_ref: str | None,
                     by: str | None, role: str, no_credit: bool, language: str | None,
                     links: str | None, message: str | None) -> None:
    from provenance.credits import credit_first_time
    from provenance.errors import InputError
    from provenance.people import person_named
    from provenance.readers import read_bytes
    from provenance.readers.xliff import read_xliff
    from provenance.stories import get_story
    from provenance.translations import translate_xliff

    if links:
        raise click.UsageError("an XLIFF file brings its own links: leave out --links")
    try:
        document = read_xliff(read_bytes(file))
    except InputError as exc:
        raise InputError(f"{file}: {exc}") from None
    source_language, number = split_story_ref(source_ref) if source_ref else (None, None)
    translator = by or document.author
    if not translator:
        raise click.UsageError(f"{file} does not name its translator: give --by NAME")
    with session_scope(ctx) as session:
        result = translate_xliff(session, slug, document, author=person_named(session, translator),
                                 source_language=source_language, target_language=language,
                                 source_number=number, message=message)
        credited = not no_credit and credit_first_time(session, get_story(session, result.story),
                                                       translator, role)
    note(f"recorded {result.story} ({result.language}) revision {result.revision} by "
         f"{translator}, translated from {result.source_language} revision "
         f"{result.source_revision}: {count(len(result.links), 'link')} from the XLIFF file")
    if credited:
        credited_note(result.story, translator, role)


@click.command()
@click.argument("slug", metavar="STORY")
@click.argument("action", required=False, type=click.Choice(["set"]))
@click.argument("spec", required=False, metavar="[SPEC]")
@click.option("--language", metavar="TAG", help="The translation's document (default: en).")
@click.option("--from", "source_ref", metavar="LANG[@REV]",
              help="With set: the source revision (default: the one the links point to now).")
@click.option("--by", metavar="NAME", help="With set: who corrects the links.")
@click.option("-m", "--message", help="With set: why.")
@format_option("text", "json")
@click.pass_context
def links(ctx: click.Context, slug: str, action: str | None, spec: str | None,
          language: str | None, source_ref: str | None, by: str | None, message: str | None,
          fmt: str) -> None:
    """Show or correct which source paragraphs each translated paragraph came from.

    `links STORY` shows each paragraph of the latest translation with its sources;
    `links STORY set SPEC --by NAME` records corrected links as a new revision.

    \b
    Example:
      provenance links my-story --language en
      provenance links my-story set "1:1,2:2,3:,4:3" --language en --by "Ann Editor"
    """
    from provenance.people import person_named
    from provenance.stories import get_document, get_revision, get_story
    from provenance.text.language_tags import language_tag
    from provenance.translations import correct_links, default_source, translation_links

    if action == "set" and (not spec or not by):
        raise click.UsageError("links STORY set SPEC needs a SPEC and --by NAME")
    if action is None and spec:
        raise click.UsageError(f"unexpected {spec!r}: did you mean `links {slug} set {spec}`?")
    with session_scope(ctx, read_only=action is None) as session:
        story = get_story(session, slug)
        target = get_document(session, story, language_tag(language or "en"))
        if action == "set":
            assert spec is not None and by is not None
            if source_ref:
                lang, number = split_story_ref(source_ref)
                source = get_revision(session, get_document(session, story, language_tag(lang)),
                                      number)
            else:
                source = default_source(session, story, target)
            result = correct_links(session, story, target, source, _links_spec(spec) or "",
                                   author=person_named(session, by), message=message)
            note(f"recorded {result.story} ({result.language}) revision {result.revision} with "
                 f"corrected links to {result.source_language} revision {result.source_revision}")
            return
        shown = translation_links(session, get_revision(session, target, None))
    if fmt == "json":
        emit_json(shown)
        return
    for link in shown:
        echo(f"¶{link.position}  {link.text}")
        if not link.sources:
            echo("    <- no source")
        for s in link.sources:
            where = f"¶{s.position}" if s.position else "a paragraph"
            echo(f"    <- {s.language} revision {s.revision} {where}: {s.text}")
        if link.uncertain:
            echo(f"    ! uncertain: linked automatically with confidence {link.confidence:.2f}")


COMMANDS = [translate, links]
