"""`provenance demo`: a database to explore, built fresh from the data shipped with the tool."""

import tempfile
from pathlib import Path

import click

from provenance.cli.common import echo, end_startup, note


@click.command()
@click.option("--dir", "directory", type=click.Path(path_type=Path, file_okay=False),
              help="Where to put provenance-demo.sqlite (default: a new temporary folder).")
def demo(directory: Path | None) -> None:
    """Build a fresh demo database and tour it.

    The demo never touches your own database: it makes a new SQLite file.

    \b
    Example:
      provenance demo
      provenance demo --dir ./demo
    """
    from provenance.demo import build_demo

    end_startup()  # it works on a database of its own
    target = directory or Path(tempfile.mkdtemp(prefix="provenance-demo-"))
    result = build_demo(target)
    note(f"demo database: {result.path}")
    for story in result.stories:
        label = " (illustrative: invented people and text)" if story.illustrative else ""
        plural = "s" if story.revisions != 1 else ""
        languages = ", ".join(story.languages)
        echo(f"\n{story.slug} [{languages}], {story.revisions} revision{plural}{label}")
        echo(f"  {story.byline}")
    db = f"--db {result.url}"
    echo("\nTry next:")
    for command in (
        "stories",
        "show nk-state-companies",
        "credits nk-state-companies",
        "byline nk-state-companies --format json",
        "show illustrative-night-library --language ko",
        "log illustrative-night-library --language en",
        "diff illustrative-night-library --language en",
        "blame illustrative-night-library --language en",
        "links illustrative-night-library --language en",
        "chain illustrative-night-library --language en",
        "audit illustrative-night-library",
    ):
        echo(f"  provenance {db} {command}")


COMMANDS = [demo]
