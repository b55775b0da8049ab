"""The demo: a fresh SQLite database holding the seed article and an illustrative story.

The steps (which file, imported or revised, by whom) are data: ``data/demo/steps.json``.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from provenance.credits import add_credit, story_byline
from provenance.db import make_engine, transaction
from provenance.errors import Conflict
from provenance.migrations import upgrade
from provenance.people import person_named
from provenance.readers import read_document
from provenance.resources import resource_dir
from provenance.revisions import revise
from provenance.roles import ACTIVITY_OF_ROLE
from provenance.stories import (
    add_missing_credits,
    get_document,
    get_revision,
    get_story,
    import_document,
)
from provenance.translations import translate

DEMO_FILE = "provenance-demo.sqlite"


@dataclass(frozen=True)
class DemoStory:
    """A story the demo made, with its byline."""

    slug: str
    languages: list[str]
    revisions: int
    byline: str
    illustrative: bool


@dataclass(frozen=True)
class Demo:
    """Where the demo database is and what it holds."""

    path: Path
    url: str
    stories: list[DemoStory]


def _run_step(session: Session, step: dict[str, str], folder: Path) -> None:
    if step["action"] == "credit":
        add_credit(session, get_story(session, step["story"]), step["name"], step["role"],
                   author=step["by"], message=step.get("message"))
        return
    parsed = read_document(folder / step["file"], step["format"])
    language = step.get("language") or parsed.language or "en"
    if step["action"] == "import":
        import_document(session, parsed, slug=step["story"], language=language,
                        author=step.get("by"), role=step.get("role"), message=step.get("message"))
        return
    story = get_story(session, step["story"])
    if step["action"] == "translate":
        source = get_revision(session, get_document(session, story, step["from"]), None)
        translate(session, story, source, language, parsed.paragraphs,
                  author=person_named(session, step["by"]), message=step.get("message"),
                  title=parsed.title)
        add_missing_credits(session, story, parsed.credits, language, parsed.credit_line)
    else:
        revise(session, get_document(session, story, language), parsed.paragraphs,
               author=person_named(session, step["by"]),
               activity=step.get("activity") or ACTIVITY_OF_ROLE[step["role"]],
               message=step.get("message"))


def build_demo(directory: Path) -> Demo:
    """Create the demo database in directory, which must not hold one already."""
    folder = resource_dir("data") / "demo"
    steps = json.loads((folder / "steps.json").read_text(encoding="utf-8"))["steps"]
    path = directory / DEMO_FILE
    if path.exists():
        raise Conflict(f"{path} already exists: choose another --dir or remove it")
    directory.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{path}"
    engine = make_engine(url, must_exist=False)
    try:
        upgrade(engine)
        with transaction(engine) as session:
            for step in steps:
                _run_step(session, step, folder)
            counts: dict[str, int] = {}
            for step in steps:
                revisions = 0 if step["action"] == "credit" else 1
                counts[step["story"]] = counts.get(step["story"], 0) + revisions
            stories = [
                DemoStory(slug, [d.language for d in story.documents], n,
                          story_byline(session, story), slug.startswith("illustrative-"))
                for slug, n in counts.items()
                for story in [get_story(session, slug)]
            ]
    finally:
        engine.dispose()
    return Demo(path=path, url=url, stories=stories)
