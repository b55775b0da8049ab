"""Credits: who is credited on a story, in which role, for which desk; changing them; their history;
and the byline they make.

A change to the credits appends a credit set holding the whole new list; nothing is edited in place.
Names are read through person merges, so a credit written for a merged person reads as the survivor.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from provenance.db import utcnow
from provenance.documents import get_document
from provenance.errors import ConcurrentWrite, Conflict, InputError, NotFound
from provenance.integrity import CREDIT_SETS, canonical_hash, credit_set_form, pending_hash
from provenance.models import Credit, CreditSet, Document, Person, Revision, Story
from provenance.people import (
    check_name,
    desk_named,
    find_person,
    merges,
    names_head,
    person_named,
    resolve,
)
from provenance.roles import ROLES
from provenance.text.bylines import render_byline, style_for_language
from provenance.text.counts import count
from provenance.text.credit_parsing import ParsedCredit
from provenance.text.escaping import check_storable


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


@dataclass(frozen=True)
class Moved:
    """A credit that changed place among the credits both lists hold."""

    name: str
    role: str
    before: int
    after: int


@dataclass(frozen=True)
class CreditChange:
    """One credit set: who recorded it, when, why, the credits before and after, and the difference."""

    number: int
    author: str | None
    time: datetime
    message: str | None
    before: list[CreditView]
    after: list[CreditView]
    added: list[CreditView]
    removed: list[CreditView]
    moved: list[Moved]


@dataclass(frozen=True)
class ArticleCredits:
    """What a NewsArticle description of a story is made from."""

    story: str
    headline: str | None
    language: str | None
    source_language: str | None
    credits: list[CreditView]


def current_credit_set(session: Session, story: Story) -> CreditSet | None:
    """The latest credit set of a story, or None if it was never credited."""
    return session.scalars(
        select(CreditSet).where(CreditSet.story_id == story.id)
        .order_by(CreditSet.number.desc()).limit(1)
    ).first()


def _views(
    session: Session, credit_set: CreditSet | None, merged_into: Mapping[int, int]
) -> list[CreditView]:
    if credit_set is None:
        return []
    return [
        CreditView(c.position, session.get_one(Person, resolve(merged_into, c.person_id)).name, c.role,
                   c.desk.name if c.desk else None, c.location)
        for c in credit_set.credits
    ]


def story_credits(session: Session, story: Story) -> list[CreditView]:
    """The story's current credits in byline order, each person as merges resolve them."""
    return _views(session, current_credit_set(session, story), merges(session))


def record_credits(
    session: Session,
    story: Story,
    credits: Sequence[ParsedCredit],
    *,
    author: Person | None = None,
    message: str | None = None,
    credit_line: str | None = None,
) -> CreditSet:
    """Append a credit set holding exactly credits, in order, and seal it with its hash.

    credit_line is the line as published, when the credits were read from one.
    """
    # Names and desks are checked when they are first stored; a location when it is new here.
    kept = {c.location for c in story_credits(session, story)}
    for credit in credits:
        if credit.location is not None and credit.location not in kept:
            check_name(credit.location, "a location")
    for what, value in (("the credit line", credit_line), ("the message", message)):
        if value is not None:
            check_storable(value, what)
    parent = current_credit_set(session, story)
    credit_set = CreditSet(
        story_id=story.id,
        number=parent.number + 1 if parent else 1,
        parent_id=parent.id if parent else None,
        author_id=author.id if author else None,
        message=message,
        credit_line=credit_line,
        created_at=utcnow(),
        hash=pending_hash(),
        form_version=CREDIT_SETS.current,
    )
    session.add(credit_set)
    try:
        session.flush()
    except IntegrityError:
        raise ConcurrentWrite() from None
    for position, credit in enumerate(credits, start=1):
        session.add(Credit(
            credit_set_id=credit_set.id,
            position=position,
            person_id=person_named(session, credit.name).id,
            role=credit.role,
            desk_id=desk_named(session, credit.desk).id if credit.desk else None,
            location=credit.location,
        ))
    head = names_head(session)
    credit_set.names_id = head.id if head else None
    session.flush()
    session.refresh(credit_set, ["credits"])
    credit_set.hash = canonical_hash(credit_set_form(session, credit_set))
    session.flush()
    return credit_set


def _check_role(role: str | None) -> None:
    if role is not None and role not in ROLES:
        raise InputError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")


def _record_change(session: Session, story: Story, credits: Sequence[CreditView], author: str,
                   message: str | None) -> CreditChange:
    credit_set = record_credits(session, story, [c.as_parsed() for c in credits],
                                author=person_named(session, author), message=message)
    return _change(session, credit_set, merges(session))


def add_credit(session: Session, story: Story, name: str, role: str, *, author: str,
               desk: str | None = None, location: str | None = None, position: int | None = None,
               message: str | None = None) -> CreditChange:
    """Credit name on story in role (at position, else last); appends a credit set by `by`."""
    _check_role(role)
    name = check_name(name)
    desk = check_name(desk, "a desk") if desk is not None else None
    location = check_name(location, "a location") if location is not None else None
    credits = story_credits(session, story)
    if position is not None and not 1 <= position <= len(credits) + 1:
        raise InputError(f"position {position} is out of range: {story.slug!r} has "
                         f"{count(len(credits), 'credit')}, so a new one goes at 1 to "
                         f"{len(credits) + 1}")
    person = person_named(session, name)
    if any(c.name == person.name and c.role == role for c in credits):
        raise Conflict(f"{person.name} is already credited as {role} on {story.slug!r}")
    new = CreditView(0, person.name, role, desk, location)
    index = len(credits) if position is None else position - 1
    return _record_change(session, story, [*credits[:index], new, *credits[index:]], author, message)


def _credited(session: Session, story: Story, credits: list[CreditView], name: str,
              role: str | None) -> list[CreditView]:
    """The credits of the person called name (in role, if given); NotFound when there are none."""
    _check_role(role)
    person = find_person(session, name)
    mine = [c for c in credits if person is not None and c.name == person.name
            and (role is None or c.role == role)]
    if not mine:
        as_role = f" as {role}" if role else ""
        raise NotFound(f"{name!r} is not credited{as_role} on {story.slug!r} (see `provenance credits "
                       f"{story.slug}`)")
    return mine


def remove_credit(session: Session, story: Story, name: str, *, author: str, role: str | None = None,
                  message: str | None = None) -> CreditChange:
    """Remove name's credits on story (only the one in role, if given); appends a credit set."""
    credits = story_credits(session, story)
    gone = _credited(session, story, credits, name, role)
    return _record_change(session, story, [c for c in credits if c not in gone], author, message)


def move_credit(session: Session, story: Story, name: str, *, to: int, author: str, role: str | None = None,
                message: str | None = None) -> CreditChange:
    """Move name's credit (the one in role, if they have several) to position `to`; appends a set."""
    credits = story_credits(session, story)
    mine = _credited(session, story, credits, name, role)
    if len(mine) > 1:
        roles = " and ".join(c.role for c in mine)
        raise InputError(f"{mine[0].name} is credited as {roles} on {story.slug!r}: choose one with --role")
    if not 1 <= to <= len(credits):
        raise InputError(f"position {to} is out of range: {story.slug!r} has credits 1 to {len(credits)}")
    if mine[0].position == to:
        raise InputError(f"{mine[0].name} is already at position {to}: nothing to change")
    rest = [c for c in credits if c != mine[0]]
    return _record_change(session, story, [*rest[: to - 1], mine[0], *rest[to - 1 :]], author, message)


def credit_first_time(session: Session, story: Story, name: str, role: str) -> bool:
    """Credit the person named in role on story, last, unless they already are; True if added.

    This is how naming someone with a role on a revision (`--by NAME --role ROLE`) credits them:
    the credit set is recorded by that person, with a message saying why."""
    _check_role(role)
    person = person_named(session, check_name(name))
    credits = story_credits(session, story)
    if any(c.name == person.name and c.role == role for c in credits):
        return False
    new = ParsedCredit(name=person.name, role=role, desk=None, location=None)
    record_credits(session, story, [*(c.as_parsed() for c in credits), new], author=person,
                   message=f"named as {role} on a revision")
    return True


def _key(credit: CreditView) -> tuple[str, str, str | None, str | None]:
    return credit.name, credit.role, credit.desk, credit.location


def _change(session: Session, credit_set: CreditSet, merged_into: Mapping[int, int]) -> CreditChange:
    from rapidfuzz.distance import Indel  # loaded where credits are compared, not at start-up

    parent = session.get(CreditSet, credit_set.parent_id) if credit_set.parent_id else None
    before, after = _views(session, parent, merged_into), _views(session, credit_set, merged_into)
    old, new = {_key(c): c for c in before}, {_key(c): c for c in after}
    kept_old = [k for k in old if k in new]
    kept_new = [k for k in new if k in old]
    # Credits outside the longest runs kept in the same order are the ones that moved; a credit
    # shifted only because another was added or removed before it has not.
    in_order = {k for op in Indel.opcodes(kept_old, kept_new) if op.tag == "equal"
                for k in kept_old[op.src_start:op.src_end]}
    author = session.get(Person, credit_set.author_id) if credit_set.author_id else None
    return CreditChange(
        number=credit_set.number,
        author=session.get_one(Person, resolve(merged_into, author.id)).name if author else None,
        time=credit_set.created_at,
        message=credit_set.message,
        before=before,
        after=after,
        added=[c for k, c in new.items() if k not in old],
        removed=[c for k, c in old.items() if k not in new],
        moved=[Moved(k[0], k[1], old[k].position, new[k].position) for k in kept_new if k not in in_order],
    )


def credit_history(session: Session, story: Story) -> list[CreditChange]:
    """Every credit set of a story, newest first, each with what it changed."""
    merged_into = merges(session)
    sets = session.scalars(
        select(CreditSet).where(CreditSet.story_id == story.id).order_by(CreditSet.number.desc())
    )
    return [_change(session, s, merged_into) for s in sets]


def story_byline(session: Session, story: Story, style: str | None = None,
                 language: str | None = None) -> str:
    """The byline the story's current credits make, in a desk's style; by default the style of
    the language given, else of the story's article document (``article_credits``)."""
    if style is None:
        if language is None and story.documents:
            language = _article_document(story, None).language
        style = style_for_language(language)
    return render_byline([c.as_parsed() for c in story_credits(session, story)], style)


def _is_english(document: Document) -> bool:
    return document.language == "en" or document.language.startswith("en-")


def _article_document(story: Story, language: str | None) -> Document:
    """The document a story's byline and NewsArticle describe (see ``article_credits``)."""
    if language is not None:
        return get_document(story, language)
    documents = sorted(story.documents, key=lambda d: (d.created_at, d.id))
    english = [d for d in documents if _is_english(d)]
    return english[0] if english else documents[-1]


def article_credits(session: Session, story: Story, language: str | None = None) -> ArticleCredits:
    """The story's headline, languages and current credits, for a NewsArticle.

    The article is the story's document in language, if given; else its English document if it
    has one (the first, if several), else its most recently created document. The source is the
    oldest document in another language: the report the story was translated from. The headline
    is the latest title given to the article.
    """
    target = _article_document(story, language) if story.documents else None
    documents = sorted(story.documents, key=lambda d: (d.created_at, d.id))
    others = [d for d in documents if target is not None and d.language != target.language]
    headline = None
    if target is not None:
        headline = session.scalars(
            select(Revision.title).where(Revision.document_id == target.id, Revision.title.is_not(None))
            .order_by(Revision.number.desc()).limit(1)
        ).first()
    return ArticleCredits(
        story=story.slug,
        headline=headline,
        language=target.language if target else None,
        source_language=others[0].language if others else None,
        credits=story_credits(session, story),
    )
