"""People and desks: finding them by any spelling they are known by, creating them when new,
renaming them, and merging two records that turn out to be one person.

A merge is an appended PersonMerge row, never an update: credits keep the person id they were
written with, and whatever reads credits or looks a name up resolves ids through the merges
(`merges` and `resolve`). Every name given to a person or desk (a new one, a rename, an alias) is
an appended NameEvent in one hash chain; the name columns only ever follow it.
"""

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import and_, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from provenance.db import insert_new, utcnow
from provenance.errors import ConcurrentWrite, Conflict, InputError, NotFound
from provenance.integrity import (
    MERGES,
    NAME_EVENTS,
    canonical_hash,
    merge_form,
    name_event_form,
    pending_hash,
)
from provenance.models import (
    Account,
    Credit,
    CreditSet,
    Desk,
    NameEvent,
    Person,
    PersonAlias,
    PersonMerge,
    Story,
)
from provenance.text.escaping import check_storable
from provenance.text.normalize import normalize_paragraph
from provenance.text.similar_names import similar_pairs

_NAME_LENGTH = 200  # the width of person.name, person_alias.name and desk.name

# Scores are fuzz.ratio (0-100) between compact spellings: a one-letter slip in a name of ten or
# more letters scores 90 or above ("Karma Dorjee"/"Karme Dorjee" 90.9, "Eugene Whong"/"Eugene Wong"
# 95.2), while Korean names one syllable apart, who are different people ("Kim Min-ji"/"Kim Min-jun",
# "Jieun Kim"/"Jiyeon Kim"), score about 82. Word order, hyphens, spaces, case and accents are
# folded away first, so "Min-ji Kim", "Kim Minji" and "Kim Min-ji" score 100.
DUPLICATE_THRESHOLD = 90.0


@dataclass(frozen=True)
class PersonCredit:
    """One of a person's current credits."""

    story: str
    role: str


@dataclass(frozen=True)
class PersonView:
    """A person as plain data: display name, other spellings, current credits."""

    name: str
    aliases: list[str]
    credits: list[PersonCredit]
    # Content-system accounts that read as this person, as "system:login".
    accounts: list[str] = field(default_factory=list)
    # Known only by a login nobody has linked to a real name yet (`people link`).
    unmapped: bool = False


@dataclass(frozen=True)
class Duplicate:
    """Two people whose names are probably the same person's, with the closest pair of spellings."""

    person: str
    other: str
    score: float
    spellings: tuple[str, str]


@dataclass(frozen=True)
class Renamed:
    """What a rename recorded."""

    number: int
    before: str
    after: str


@dataclass(frozen=True)
class Merged:
    """What a merge recorded."""

    number: int
    merged: str
    survivor: str
    stories: int


def check_name(name: str, what: str = "a name") -> str:
    """The NFC, space-folded form of name; InputError if it is empty or too long to store."""
    name = check_storable(normalize_paragraph(name), what)
    if not name:
        raise InputError(f"{what} cannot be empty")
    if len(name) > _NAME_LENGTH:
        raise InputError(f"{what} is longer than {_NAME_LENGTH} characters: {name[:40]}…")
    return name


def merges(session: Session) -> dict[int, int]:
    """Every merge as {merged person id: survivor id}."""
    return dict(session.execute(select(PersonMerge.merged_id, PersonMerge.survivor_id)).all())


def resolve(merged_into: Mapping[int, int], person_id: int) -> int:
    """The id person_id reads as now: followed through merges (A into B, then B into C, is C)."""
    while person_id in merged_into:
        person_id = merged_into[person_id]
    return person_id


def names_now(session: Session, person_ids: Iterable[int | None]) -> dict[int | None, str | None]:
    """The name each person id reads as now, through merges (None stays None)."""
    merged = merges(session)
    resolved = {pid: resolve(merged, pid) for pid in set(person_ids) if pid is not None}
    names = dict(session.execute(
        select(Person.id, Person.name).where(Person.id.in_(set(resolved.values())))).all())
    found: dict[int | None, str | None] = {None: None}
    found.update((pid, names[survivor]) for pid, survivor in resolved.items())
    return found


def author_name(session: Session, author_id: int | None) -> str | None:
    """The name a revision's author reads as now, through merges."""
    return names_now(session, [author_id])[author_id]


def ids_reading_as(session: Session, person: Person) -> set[int]:
    """Every person id that reads as person: itself and everyone merged into it."""
    merged = merges(session)
    return {person.id} | {pid for pid in merged if resolve(merged, pid) == person.id}


def _record(session: Session, name: str) -> Person | None:
    """The person record called name, or holding it as an alias, without following merges."""
    person = session.scalars(select(Person).where(Person.name == name)).first()
    if person is None:
        person = session.scalars(
            select(Person).join(PersonAlias).where(PersonAlias.name == name)
        ).first()
    return person


def find_person(session: Session, name: str) -> Person | None:
    """The person known by name (display name or alias), as merges resolve them, or None."""
    person = _record(session, normalize_paragraph(name))
    if person is None:
        return None
    return session.get_one(Person, resolve(merges(session), person.id))


# Any constant: the PostgreSQL advisory lock that queues writers of the name chain.
_NAME_CHAIN_LOCK = 0x6E616D6573


def names_head(session: Session) -> NameEvent | None:
    """The newest event of the name chain, or None before anyone is named."""
    return session.scalars(select(NameEvent).order_by(NameEvent.number.desc()).limit(1)).first()


_HEAD = "provenance.names_head"  # session.info key: (transaction, (id, hash) of the head or None)


def names_head_seen(session: Session) -> tuple[int, str] | None:
    """The id and hash of the name chain's head for a record written now, or None before anyone is
    named: read once per transaction (or savepoint) and kept while this session appends to the
    chain, so a writer of many records does not read it again for each. A savepoint that ends
    drops it, so a head appended and rolled back is never named."""
    transaction = session.get_nested_transaction() or session.get_transaction()
    seen = session.info.get(_HEAD)
    if seen is not None and transaction is not None and seen[0] is transaction:
        head: tuple[int, str] | None = seen[1]
        return head
    row = session.execute(select(NameEvent.id, NameEvent.hash)
                          .order_by(NameEvent.number.desc()).limit(1)).first()
    head = (row[0], row[1]) if row is not None else None
    session.info[_HEAD] = (transaction, head)
    return head


def _append_name(session: Session, kind: str, name: str, *, person: Person | None = None,
                 desk: Desk | None = None, author: Person | None = None) -> NameEvent:
    """Append one event to the name chain and seal it with its hash."""
    if session.get_bind().dialect.name == "postgresql":
        # One chain for every name: writers queue for it (SQLite's BEGIN IMMEDIATE already does).
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _NAME_CHAIN_LOCK})
    parent = names_head(session)
    event = NameEvent(
        number=parent.number + 1 if parent else 1,
        parent_id=parent.id if parent else None,
        kind=kind,
        person_id=person.id if person else None,
        desk_id=desk.id if desk else None,
        name=name,
        author_id=author.id if author else None,
        created_at=utcnow(),
        hash=pending_hash(),
        form_version=NAME_EVENTS.current,
    )
    session.add(event)
    session.flush()
    event.hash = canonical_hash(name_event_form(session, event))
    session.flush()
    session.info[_HEAD] = (session.get_nested_transaction() or session.get_transaction(),
                           (event.id, event.hash))
    return event


def person_named(session: Session, name: str) -> Person:
    """The person known by name, created (and recorded in the name chain) if nobody is (then the
    name must pass check_name)."""
    person = find_person(session, name)
    if person is None:
        name = check_name(name)
        inserted = insert_new(session, Person, name=name)
        person = find_person(session, name)
        assert person is not None
        if inserted:  # a concurrent writer that made the same person recorded its name
            _append_name(session, "person", name, person=person)
    return person


def desk_named(session: Session, name: str) -> Desk:
    """The desk called name, created (and recorded in the name chain) if new (then the name must
    pass check_name)."""
    name = normalize_paragraph(name)
    desk = session.scalars(select(Desk).where(Desk.name == name)).first()
    if desk is None:
        inserted = insert_new(session, Desk, name=check_name(name, "a desk"))
        desk = session.scalars(select(Desk).where(Desk.name == name)).one()
        if inserted:
            _append_name(session, "desk", name, desk=desk)
    return desk


def add_alias(session: Session, person: Person, name: str, *, author: Person | None = None) -> None:
    """Record name as another spelling of person, unless some record holds it already."""
    name = check_name(name)
    if _record(session, name) is None:
        session.add(PersonAlias(person_id=person.id, name=name))
        session.flush()
        _append_name(session, "alias", name, person=person, author=author)


def rename_person(session: Session, name: str, new_name: str, *, author: str) -> Renamed:
    """Give the person known by name a new display name; the rename is appended to the name chain.

    Every credit and revision reads the new name from now on; their hashes still commit to the
    chain as it was when they were written. The old name stays findable as an alias.
    """
    person = find_person(session, name)
    if person is None:
        raise NotFound(f"nobody is called {name!r} (see `provenance people`)")
    new_name = check_name(new_name)
    if new_name == person.name:
        raise InputError(f"{person.name!r} is already called that: nothing to rename")
    holder = _record(session, new_name)
    if holder is not None and holder.id != person.id:
        raise Conflict(f"{new_name!r} is already {holder.name!r}'s name or alias: merge them instead "
                       "(`provenance people merge`)")
    author_record = person_named(session, author)
    before = person.name
    event = _append_name(session, "rename", new_name, person=person, author=author_record)
    person.name = new_name
    session.flush()
    alias = session.scalars(select(PersonAlias).where(PersonAlias.name == new_name)).first()
    if alias is not None:  # the new name was one of the person's aliases: it is the name now
        session.delete(alias)
        session.flush()
    add_alias(session, person, before, author=author_record)
    return Renamed(event.number, before, new_name)


def merge_people(session: Session, merged: str, survivor: str, *, author: str | None = None) -> Merged:
    """Record that the person called merged is the person called survivor; every credit is kept.

    Credits naming merged read as survivor from now on, and merged's name becomes one of survivor's
    aliases. Merging someone into themselves, an unknown name or a person merged already is an error.
    """
    record = _record(session, normalize_paragraph(merged))
    if record is None:
        raise NotFound(f"nobody is called {merged!r} (see `provenance people`)")
    merged_into = merges(session)
    if record.id in merged_into:
        now = session.get_one(Person, resolve(merged_into, record.id))
        raise Conflict(f"{record.name!r} was merged into {now.name!r} already")
    target = find_person(session, survivor)
    if target is None:
        raise NotFound(f"nobody is called {survivor!r} (see `provenance people`)")
    if target.id == record.id:
        raise InputError(f"{merged!r} and {survivor!r} are the same person: nothing to merge")
    author_record = person_named(session, author) if author else None
    stories = {slug for slug, pid, _ in _current_credits(session) if resolve(merged_into, pid) == record.id}
    parent = session.scalars(select(PersonMerge).order_by(PersonMerge.number.desc()).limit(1)).first()
    merge = PersonMerge(
        number=parent.number + 1 if parent else 1,
        parent_id=parent.id if parent else None,
        merged_id=record.id,
        survivor_id=target.id,
        author_id=author_record.id if author_record else None,
        created_at=utcnow(),
        hash=pending_hash(),
        form_version=MERGES.current,
    )
    session.add(merge)
    try:
        session.flush()
    except IntegrityError:
        raise ConcurrentWrite() from None
    merge.hash = canonical_hash(merge_form(session, merge))
    if session.scalars(select(PersonAlias).where(PersonAlias.name == record.name)).first() is None:
        session.add(PersonAlias(person_id=target.id, name=record.name))
        session.flush()
        _append_name(session, "alias", record.name, person=target, author=author_record)
    session.flush()
    return Merged(merge.number, record.name, target.name, len(stories))


def _current_credits(session: Session) -> list[tuple[str, int, str]]:
    """(story, person id as written, role) of every story's latest credit set, in byline order."""
    latest = (
        select(CreditSet.story_id, func.max(CreditSet.number).label("number"))
        .group_by(CreditSet.story_id).subquery()
    )
    rows = session.execute(
        select(Story.slug, Credit.person_id, Credit.role)
        .join(CreditSet, CreditSet.story_id == Story.id)
        .join(latest, and_(latest.c.story_id == CreditSet.story_id, latest.c.number == CreditSet.number))
        .join(Credit, Credit.credit_set_id == CreditSet.id)
        .order_by(Story.slug, Credit.position)
    )
    return list(rows)


def list_people(session: Session) -> list[PersonView]:
    """Everyone not merged into someone else, by name, with every spelling and current credit."""
    merged_into = merges(session)
    spellings: dict[int, set[str]] = {}
    for person in session.scalars(select(Person)):
        spellings.setdefault(resolve(merged_into, person.id), set()).add(person.name)
    for person_id, alias in session.execute(select(PersonAlias.person_id, PersonAlias.name)):
        spellings.setdefault(resolve(merged_into, person_id), set()).add(alias)
    credits: dict[int, list[PersonCredit]] = {}
    for slug, person_id, role in _current_credits(session):
        entries = credits.setdefault(resolve(merged_into, person_id), [])
        if PersonCredit(slug, role) not in entries:
            entries.append(PersonCredit(slug, role))
    accounts: dict[int, list[str]] = {}
    unmapped: set[int] = set()
    for account in session.scalars(select(Account).order_by(Account.system, Account.login)):
        now = resolve(merged_into, account.person_id)
        accounts.setdefault(now, []).append(f"{account.system}:{account.login}")
        if not account.linked and now == account.person_id:
            unmapped.add(now)
    people = []
    for person in session.scalars(select(Person).where(Person.id.not_in(list(merged_into)))):
        aliases = sorted(spellings[person.id] - {person.name})
        people.append(PersonView(person.name, aliases, credits.get(person.id, []),
                                 accounts.get(person.id, []), person.id in unmapped))
    return sorted(people, key=lambda p: (p.name.casefold(), p.name))


def _compact_orders(name: str) -> set[str]:
    """name without case, accents, hyphens or spaces, in each rotation of its words.

    Rotations cover family-name-first and family-name-last ("Kim Min-ji", "Min-ji Kim") without
    also matching arbitrary shuffles.
    """
    folded = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    words = [w for w in ("".join(c for c in word if c.isalnum()) for word in folded.casefold().split()) if w]
    return {"".join(words[i:] + words[:i]) for i in range(len(words))}


def find_duplicates(session: Session, threshold: float = DUPLICATE_THRESHOLD) -> list[Duplicate]:
    """Pairs of people whose spellings score threshold or more (0-100), best first; merges nothing."""
    people = list_people(session)
    found = [
        Duplicate(people[a].name, people[b].name, round(score, 1), pair)
        for (a, b), (score, pair) in closest_spellings(
            [[p.name, *p.aliases] for p in people], threshold).items()
    ]
    return sorted(found, key=lambda d: (-d.score, d.person, d.other))


def closest_spellings(
    spellings: Sequence[Sequence[str]], threshold: float
) -> dict[tuple[int, int], tuple[float, tuple[str, str]]]:
    """For each pair a < b of people (given as lists of spellings) with spellings that score
    threshold or more, the best score and the first pair of spellings that reaches it."""
    keys: list[str] = []
    owners: list[tuple[int, str]] = []
    for index, names in enumerate(spellings):
        for spelling in names:
            for key in _compact_orders(spelling):
                keys.append(key)
                owners.append((index, spelling))
    best: dict[tuple[int, int], tuple[float, int, int]] = {}
    for i, j, score in similar_pairs(keys, threshold):
        first, second = owners[i][0], owners[j][0]
        if first == second:
            continue
        if first > second:
            first, second, i, j = second, first, j, i
        mark = (-score, i, j)  # the best score, then the earliest keys
        if mark < best.get((first, second), (1.0, 0, 0)):
            best[first, second] = mark
    return {pair: (-score, (owners[i][1], owners[j][1])) for pair, (score, i, j) in best.items()}


@dataclass(frozen=True)
class Linked:
    """What linking an account to a person did."""

    system: str
    login: str
    person: str
    merged: str | None  # the person the account read as until now, merged into person


def _account(session: Session, system: str, login: str) -> Account | None:
    return session.scalars(
        select(Account).where(Account.system == system, Account.login == login)).first()


def _insert_account(session: Session, system: str, login: str, name: str, linked: bool) -> Account:
    with session.begin_nested():
        person = person_named(session, name)
        account = Account(system=system, login=login, person_id=person.id, linked=linked,
                          created_at=utcnow())
        session.add(account)
    return account


def _add_account(session: Session, system: str, login: str, name: str, linked: bool) -> Account:
    """Insert an account for the person called name (created if new), or return the one a
    concurrent writer inserted first."""
    try:
        return _insert_account(session, system, login, name, linked)
    except IntegrityError:
        found = _account(session, system, login)
        if found is not None:
            return found
    # The race lost was for the person's row, which is there now.
    return _insert_account(session, system, login, name, linked)


def check_login(system: str, login: str) -> tuple[str, str]:
    """system and login as stored; InputError if either is empty or too long."""
    system, login = system.strip().lower(), normalize_paragraph(login)
    if not system or len(system) > 20:
        raise InputError(f"not a content system name: {system!r}")
    if not login or len(login) > _NAME_LENGTH:
        raise InputError(f"not a login: {login[:40]!r}")
    return system, login


def account_person(session: Session, system: str, login: str) -> Person:
    """The person a content system's login reads as; an account met for the first time becomes a
    person named after the login, marked unmapped until someone links it."""
    system, login = check_login(system, login)
    account = _account(session, system, login)
    if account is None:
        account = _add_account(session, system, login, login, linked=False)
    return session.get_one(Person, resolve(merges(session), account.person_id))


def link_account(session: Session, system: str, login: str, name: str,
                 *, author: str | None = None) -> Linked:
    """Say who a login is. An account read before as a person named after its login has that
    person merged into name, so the revisions and events it made read as name; a login linked to
    someone else already is a Conflict."""
    system, login = check_login(system, login)
    target = person_named(session, name)
    account = _account(session, system, login)
    if account is None:
        _add_account(session, system, login, target.name, linked=True)
        return Linked(system, login, target.name, None)
    now = resolve(merges(session), account.person_id)
    if now == target.id:
        return Linked(system, login, target.name, None)
    if account.linked or now != account.person_id:  # linked when made, or merged since
        current = session.get_one(Person, now)
        raise Conflict(f"{system} login {login!r} is linked to {current.name!r} already")
    before = session.get_one(Person, now)
    merge_people(session, before.name, target.name, author=author)
    return Linked(system, login, target.name, before.name)
