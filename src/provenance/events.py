"""Workflow events: what a content system's workflow did to a story (submit, publish, reject,
retract, hide, correct, …), by whom, when and why, in one hashed chain per story."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.db import insert_row, utcnow
from provenance.integrity import EVENTS, canonical_hash, event_form
from provenance.models import Person, Story, StoryEvent
from provenance.people import names_now
from provenance.readers.sources import SourceEvent
from provenance.revisions import check_source_time

# Workflow actions that make a story public, as Plone, WordPress and Superdesk name them.
PUBLISH_ACTIONS = frozenset({"publish", "published", "publish_externally", "republish"})


@dataclass(frozen=True)
class EventView:
    """One workflow event as plain data."""

    number: int
    action: str
    state: str | None
    author: str | None
    time: datetime  # when it happened in the source system
    comment: str | None
    recorded: datetime  # when the ledger recorded it
    hash: str


def record_event(session: Session, story: Story, event: SourceEvent, *, parent: StoryEvent | None,
                 author: Person | None) -> StoryEvent:
    """Append a workflow event to a story's chain of events and seal it with its hash."""
    values = {
        "story_id": story.id, "number": parent.number + 1 if parent else 1,
        "parent_id": parent.id if parent else None, "action": event.action.strip()[:100],
        "state": event.state[:100] if event.state else None,
        "author_id": author.id if author else None, "comment": event.comment,
        "source_time": check_source_time(event.time), "created_at": utcnow(),
        "form_version": EVENTS.current}
    # The form covers no id of the event's own, so the event is sealed before it is written.
    sealed = canonical_hash(event_form(session, StoryEvent(**values)))
    return insert_row(session, StoryEvent, **values, hash=sealed)


def stored_events(session: Session, story: Story) -> list[StoryEvent]:
    """A story's event rows in the ledger's order."""
    return list(session.scalars(select(StoryEvent).where(StoryEvent.story_id == story.id)
                                .order_by(StoryEvent.number)))


def story_events(session: Session, story: Story) -> list[EventView]:
    """A story's workflow events in the order the ledger recorded them, authors read through
    merges."""
    rows = stored_events(session, story)
    names = names_now(session, {r.author_id for r in rows})
    return [EventView(r.number, r.action, r.state, names[r.author_id], r.source_time, r.comment,
                      r.created_at, r.hash) for r in rows]


def is_publish(action: str) -> bool:
    """Whether a workflow action publishes the story."""
    return action.strip().lower() in PUBLISH_ACTIONS
