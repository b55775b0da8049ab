"""People and desks: finding them by any spelling they are known by, creating them when new."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from provenance.models import Desk, Person, PersonAlias
from provenance.text import normalize_paragraph


def find_person(session: Session, name: str) -> Person | None:
    """The person whose display name or alias is name, or None."""
    name = normalize_paragraph(name)
    person = session.scalars(select(Person).where(Person.name == name)).first()
    if person is None:
        person = session.scalars(
            select(Person).join(PersonAlias).where(PersonAlias.name == name)
        ).first()
    return person


def person_named(session: Session, name: str) -> Person:
    """The person known by name, created if nobody is."""
    person = find_person(session, name)
    if person is None:
        person = Person(name=normalize_paragraph(name))
        session.add(person)
        session.flush()
    return person


def desk_named(session: Session, name: str) -> Desk:
    """The desk called name, created if new."""
    name = normalize_paragraph(name)
    desk = session.scalars(select(Desk).where(Desk.name == name)).first()
    if desk is None:
        desk = Desk(name=name)
        session.add(desk)
        session.flush()
    return desk
