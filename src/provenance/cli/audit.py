"""`provenance audit`: findings a standards editor should look at before publishing."""

import click

from provenance.cli.common import echo, emit_json, format_option, note, session_scope
from provenance.text.counts import count


@click.command()
@click.argument("slug", metavar="STORY")
@click.option("--check", is_flag=True,
              help="Exit 1 if any finding is a warning or worse (for a pre-publish check).")
@format_option("text", "json")
@click.pass_context
def audit(ctx: click.Context, slug: str, check: bool, fmt: str) -> None:
    """Audit a story's edits, quotes, credits and translations.

    Codes: quote-altered, byline-mismatch, uncredited-contributor, credit-without-trace,
    stale-translation, heavy-rewrite, unsourced-paragraph, markup-in-text,
    edited-after-publication. Nothing is written.

    \b
    Example:
      provenance audit my-story
      provenance audit my-story --check --format json
    """
    from provenance.audit import audit_story
    from provenance.findings import revision_place
    from provenance.stories import get_story

    with session_scope(ctx, read_only=True) as session:
        findings = audit_story(session, get_story(session, slug))
    if fmt == "json":
        emit_json({"story": slug, "findings": findings})
    else:
        for f in findings:
            where = " ".join(revision_place(f))
            echo(f"{f.severity:<7} {f.code:<22} {where + ': ' if where else ''}{f.message}")
            if f.code == "byline-mismatch":
                echo(f"        published: {f.evidence['published']}")
                echo(f"        now:       {f.evidence['generated']}")
            if f.code == "quote-altered":
                echo(f"        before: {' / '.join(f.evidence['before'])}")
                echo(f"        after:  {' / '.join(f.evidence['after'])}")
        note(count(len(findings), "finding") if findings else "no findings")
    if check and any(f.severity in ("warning", "error") for f in findings):
        ctx.exit(1)


COMMANDS = [audit]
