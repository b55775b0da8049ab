"""`provenance people`: everyone credited, likely duplicates, merging two records into one person,
and renaming one."""

import click

from provenance.cli.common import echo, emit_json, format_option, note, session_scope


@click.group(invoke_without_command=True, subcommand_metavar="[COMMAND [ARGS]...]")
@format_option("text", "json")
@click.pass_context
def people(ctx: click.Context, fmt: str) -> None:
    """List people with their other spellings and current credits (story, role).

    A person merged into another is listed as the other's alias, and their credits as the
    other's.

    \b
    Example:
      provenance people
      provenance people --format json
    """
    if ctx.invoked_subcommand is not None:
        return
    from provenance.people import list_people

    with session_scope(ctx, read_only=True) as session:
        everyone = list_people(session)
    if fmt == "json":
        emit_json(everyone)
        return
    if not everyone:
        note("nobody yet: people come in with `provenance import` and `provenance credits`")
    for person in everyone:
        aliases = f" (also {', '.join(person.aliases)})" if person.aliases else ""
        echo(f"{person.name}{aliases}")
        for credit in person.credits:
            echo(f"\t{credit.role}\t{credit.story}")


@people.command()
@click.option("--threshold", type=click.FloatRange(0, 100), default=None, metavar="SCORE",
              help="How alike two spellings must be, 0-100 (default 90: one slipped letter in a "
                   "name of ten or more letters).")
@format_option("text", "json")
@click.pass_context
def duplicates(ctx: click.Context, threshold: float | None, fmt: str) -> None:
    """Suggest people who are probably one person spelled two ways; merges nothing.

    Names are compared without case, accents, hyphens or spaces, and in either name order
    ("Kim Min-ji", "Min-ji Kim"). Each line: score, the two people, the spellings that matched.

    \b
    Example:
      provenance people duplicates
      provenance people duplicates --threshold 85 --format json
    """
    from provenance.people import DUPLICATE_THRESHOLD, find_duplicates

    with session_scope(ctx, read_only=True) as session:
        found = find_duplicates(session, DUPLICATE_THRESHOLD if threshold is None else threshold)
    if fmt == "json":
        emit_json(found)
        return
    for d in found:
        spellings = "" if d.spellings == (d.person, d.other) else f"\t({d.spellings[0]} / {d.spellings[1]})"
        echo(f"{d.score:.1f}\t{d.person}\t{d.other}{spellings}")
    if found:
        note("nothing was merged; to merge A into B: provenance people merge A B --by WHO")
    else:
        note("no likely duplicates")


@people.command()
@click.argument("merged", metavar="A")
@click.argument("survivor", metavar="B")
@click.option("--by", metavar="WHO", help="Who decided they are one person.")
@click.pass_context
def merge(ctx: click.Context, merged: str, survivor: str, by: str | None) -> None:
    """Merge person A into person B: A's credits read as B, A's name becomes B's alias.

    Nothing stored is changed: the merge is recorded (who, when) and every credit is kept.

    \b
    Example:
      provenance people merge "Karme Dorjee" "Karma Dorjee" --by "Ann Editor"
    """
    from provenance.people import merge_people

    with session_scope(ctx) as session:
        result = merge_people(session, merged, survivor, author=by)
    note(f"merged {result.merged} into {result.survivor} (merge {result.number}); "
         f"their credits on {result.stories} {'story' if result.stories == 1 else 'stories'} "
         f"now read {result.survivor}")


@people.command()
@click.argument("name", metavar="NAME")
@click.argument("new_name", metavar="NEW")
@click.option("--by", required=True, metavar="WHO", help="Who renamed them; recorded with the rename.")
@click.pass_context
def rename(ctx: click.Context, name: str, new_name: str, by: str) -> None:
    """Give a person a new display name; the old one stays one of their spellings.

    The rename is appended to the name chain (who, when); every byline reads the new name from
    now on, and `verify` still knows the name each record was written with.

    \b
    Example:
      provenance people rename "Jisu Kim" "Kim Ji-su" --by "Ann Editor"
    """
    from provenance.people import rename_person

    with session_scope(ctx) as session:
        result = rename_person(session, name, new_name, author=by)
    note(f"renamed {result.before} to {result.after} (name event {result.number})")


COMMANDS = [people]
