"""What a reader of a content system's export yields: a story with its history as that system
kept it (Plone, WordPress, IPTC ninjs, a saved page).

Every reader module (``readers/plone.py``, ``wordpress.py``, ``ninjs.py``, ``html.py``) turns its
input into ``SourceStory`` values; the import service records them. Nothing here touches a
database.
"""

from dataclasses import dataclass, field
from datetime import datetime

from provenance.text.credit_parsing import ParsedCredit


@dataclass(frozen=True)
class SourceVersion:
    """One version of a story's text as the source system stored it."""

    paragraphs: list[str]
    time: datetime  # when the source system made this version; timezone-aware, UTC
    title: str | None = None
    caption: str | None = None
    author: str | None = None  # the account that made it, as the system names it (a login, an id)
    message: str | None = None  # the version's comment in the source system
    version: str | None = None  # the system's own version id ("3", a revision id)
    summary: str | None = None  # the standfirst the system keeps beside the text (description, excerpt)
    dateline: str | None = None  # where the story says it was filed from, as the system keeps it


@dataclass(frozen=True)
class SourceEvent:
    """A workflow action on a story in the source system: submit, publish, reject, retract, hide,
    correct, …"""

    action: str
    time: datetime  # timezone-aware, UTC
    author: str | None = None  # the account that did it
    comment: str | None = None
    state: str | None = None  # the review state the action left the story in


@dataclass(frozen=True)
class SourceStory:
    """A story read from one source: who it is there, its versions oldest first, its workflow
    events, and its credits as the system publishes them."""

    system: str  # plone, wordpress, ninjs, html
    identities: dict[str, str]  # how the source names it: {"url": …, "uid": …, "id": …, "uri": …}
    language: str | None
    versions: list[SourceVersion]
    events: list[SourceEvent] = field(default_factory=list)
    credit_line: str | None = None  # the byline or credit line as published, before parsing
    credits: list[ParsedCredit] = field(default_factory=list)  # parsed from credit_line
    where: str = ""  # the file and item it came from, for messages ("export.json item 3")
