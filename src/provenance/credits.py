"""Credits: who is credited on a story, in which role, for which desk; and the byline they make."""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.byline import render_byline
from provenance.creditline import ParsedCredit
from provenance.db import utcnow
from provenance.integrity import canonical_hash, credit_set_form, pending_hash
from provenance.models import Credit, CreditSet, Person, Story
from provenance.people import desk_named, person_named


@dataclass(frozen=True)
class CreditView:
    """A credit as plain data."""

    position: int
    name: str
    role: str
    desk: str | None
    location: str | None

    def as_parsed(self) -> ParsedCredit:
        """The credit in the form the byline renderer takes."""
        return ParsedCredit(name=self.name, role=self.role, desk=self.desk, location=self.location)


def current_credit_set(session: Session, story: Story) -> CreditSet | None:
    """The latest credit set of a story, or None if it was never credited."""
    return session.scalars(
        select(CreditSet).where(CreditSet.story_id == story.id)
        .order_by(CreditSet.number.desc()).limit(1)
    ).first()


def story_credits(session: Session, story: Story) -> list[CreditView]:
    """The story's current credits in byline order."""
    credit_set = current_credit_set(session, story)
    if credit_set is None:
        return []
    return [
        CreditView(c.position, c.person.name, c.role, c.desk.name if c.desk else None, c.location)
        for c in credit_set.credits
    ]


def record_credits(
    session: Session,
    story: Story,
    credits: Sequence[ParsedCredit],
    *,
    author: Person | None = None,
    message: str | None = None,
) -> CreditSet:
    """Append a credit set holding exactly credits, in order, and seal it with its hash."""
    parent = current_credit_set(session, story)
    credit_set = CreditSet(
        story_id=story.id,
        number=parent.number + 1 if parent else 1,
        parent_id=parent.id if parent else None,
        author_id=author.id if author else None,
        message=message,
        created_at=utcnow(),
        hash=pending_hash(),
    )
    session.add(credit_set)
    session.flush()
    for position, credit in enumerate(credits, start=1):
        session.add(Credit(
            credit_set_id=credit_set.id,
            position=position,
            person_id=person_named(session, credit.name).id,
            role=credit.role,
            desk_id=desk_named(session, credit.desk).id if credit.desk else None,
            location=credit.location,
        ))
    session.flush()
    session.refresh(credit_set, ["credits"])
    credit_set.hash = canonical_hash(credit_set_form(session, credit_set))
    session.flush()
    return credit_set


def story_byline(session: Session, story: Story, style: str = "rfa") -> str:
    """The byline the story's current credits make, in a desk's style."""
    return render_byline([c.as_parsed() for c in story_credits(session, story)], style)
