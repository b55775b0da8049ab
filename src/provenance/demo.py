"""The demo: a fresh SQLite database holding the seed article and an illustrative story."""

from dataclasses import dataclass
from pathlib import Path

from provenance.credits import story_byline
from provenance.db import make_engine, transaction
from provenance.errors import Conflict
from provenance.formats import read_document
from provenance.migrations import upgrade
from provenance.resources import resource_dir
from provenance.stories import get_story, import_document

DEMO_FILE = "provenance-demo.sqlite"
SEED_ARTICLE = "rfa-2021-03-north-korea-state-companies.txt"


@dataclass(frozen=True)
class DemoStory:
    """A story the demo made, with its byline."""

    slug: str
    languages: list[str]
    byline: str
    illustrative: bool


@dataclass(frozen=True)
class Demo:
    """Where the demo database is and what it holds."""

    path: Path
    url: str
    stories: list[DemoStory]


def build_demo(directory: Path) -> Demo:
    """Create the demo database in directory, which must not hold one already."""
    data = resource_dir("data")
    path = directory / DEMO_FILE
    if path.exists():
        raise Conflict(f"{path} already exists: choose another --dir or remove it")
    directory.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{path}"
    engine = make_engine(url, must_exist=False)
    try:
        upgrade(engine)
        with transaction(engine) as session:
            seed = read_document(data / SEED_ARTICLE, "article")
            import_document(session, seed, slug="nk-state-companies", language="en",
                            message="imported the article as published")
            for name in ("library-ko.json", "library-en.json"):
                parsed = read_document(data / "demo" / name, "json")
                import_document(session, parsed, slug="illustrative-night-library",
                                language=parsed.language or "en",
                                message=f"imported {name} (illustrative)")
            stories = [
                DemoStory(slug, [d.language for d in story.documents], story_byline(session, story),
                          illustrative)
                for slug, illustrative in (("nk-state-companies", False),
                                           ("illustrative-night-library", True))
                for story in [get_story(session, slug)]
            ]
    finally:
        engine.dispose()
    return Demo(path=path, url=url, stories=stories)
