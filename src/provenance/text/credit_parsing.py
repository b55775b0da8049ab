"""Read the credit line that closes a news story into (name, role, desk, location) credits.

The parser knows the forms RFA, Reuters and AP print, and the common variants around them:

- role phrases ending in "by": ``Reported by``, ``Translated and written in English by``,
  ``Reporting by``, ``Additional reporting by``, ``Editing by``, ``Photos by``, a bare ``By`` …;
- ``Contributing to this report were …`` and ``Reporting was contributed by …``;
- sentences whose verb is "contributed": ``A contributed reporting from X``,
  ``Associated Press writers A in X and B in Y contributed to this report``.

Each phrase is followed by a list of names ("A, B and C"). A name may carry ``for DESK`` and
``in PLACE`` / ``from PLACE``; the qualifier also covers the unqualified names just before it, so
"A and B in Madrid" puts both in Madrid. A list that is not made of names ("by the party", "by
Tuesday, officials said") is dropped whole, so prose never yields a made-up credit. For the same
reason a role phrase counts only at the start of a sentence or clause, or after a credit in the same
clause ("… in Beirut Editing by", "Translated by A and edited by B"): "The novel was written by Han
Kang" is news, not a byline. A list ends with its last "and"; a further ", BBC News" describes the
people named and is not read as another person.
"""

import re
import unicodedata
from dataclasses import dataclass

from provenance.roles import ROLES

__all__ = ["ParsedCredit", "parse_credit_line"]


@dataclass(frozen=True)
class ParsedCredit:
    """One person (or desk) credited in one role; a person in two roles is two credits."""

    name: str
    role: str
    desk: str | None = None
    location: str | None = None

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}; expected one of {', '.join(ROLES)}")


# The words before "by", as a lower-case key with single spaces.
_ROLE_WORDS: dict[str, str] = {
    "reported": "reporter",
    "reporting": "reporter",
    "original reporting": "reporter",
    "additional reporting": "additional_reporter",
    "translated": "translator",
    "translation": "translator",
    "translations": "translator",
    "written in english": "writer",
    "written": "writer",
    "writing": "writer",
    "edited": "editor",
    "editing": "editor",
    "copy edited": "copy_editor",
    "copyedited": "copy_editor",
    "copy editing": "copy_editor",
    "copyediting": "copy_editor",
    "photos": "photographer",
    "photo": "photographer",
    "photographs": "photographer",
    "photography": "photographer",
    "contributions": "contributor",
}
_ROLE_WORD = "|".join(k.replace(" ", r"[\s-]+") for k in sorted(_ROLE_WORDS, key=len, reverse=True))
_MARKER = re.compile(
    rf"\b(?:(?P<roles>(?:{_ROLE_WORD})(?:(?:\s*,\s*|\s+and\s+)(?:{_ROLE_WORD}))*)\s+by"
    r"|(?P<contrib>(?:also\s+)?contributing\s+to\s+this\s+(?:report|story|article)\s+(?:were|was|are|is)"
    r"|reporting\s+was\s+contributed\s+by)"
    r"|(?P<bare>by))\b",
    re.IGNORECASE,
)
_ROLE_SEPARATOR = re.compile(r"\s*,\s*|\s+and\s+", re.IGNORECASE)
# "contributed" needs an object: "The minister contributed to the fund" is not a credit.
_CONTRIBUTED = re.compile(
    r"\bcontributed\s+(?:(?:additional\s+)?reporting|research|to\s+(?:this|the)\s+(?:report|story|article))"
    r"(?:\s+and\s+(?:reporting|research))?\b",
    re.IGNORECASE,
)
# "Associated Press writers", "Reuters staff reporter": who the contributors work for, not a name.
_AFFILIATION = re.compile(
    r"\A(?:[A-Z][\w’'.&-]*\s+){0,4}?(?:staff\s+|freelance\s+)?"
    r"(?:writers?|reporters?|correspondents?|journalists?|videojournalists?|photographers?|researchers?)\s+"
)

# A period ends a clause unless it closes an initial, "D.C." or a title; the other marks always do.
_BREAK = re.compile(r"[;|()\[\]!?\n]|\.(?=[\s)\]\"”’]|$)")
_KEEPS_PERIOD = frozenset({"jr", "sr", "st", "mt", "ft", "dr", "mr", "mrs", "ms", "prof", "gen", "col", "lt"})
_SPACES = re.compile(r"[^\S\n]+")
_EDGE = ' ,;:-–—"“”'

_LIST_SEPARATOR = re.compile(r"(\s*,\s*and\s+|\s*,\s*|\s+and\s+|\s*&\s*)")
_QUALIFIER = re.compile(r"\s+(in|from|for)\s+")
_INITIAL_AT_END = re.compile(r"(?:^|\s)[^\W\d_]\.$")
_LOWER_PREFIX = re.compile(r"[^\W\d_]{1,3}[-’']")  # "al-Assad", "d’Alembert"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_PARTICLES = _words(
    "van von der den de del della di da das dos du la le bin binti bint ibn al el ben ter ten y zu af"
)
# Words that start sentences, not names: "By Tuesday", "By The Party".
_NOT_FIRST = _words(
    "the this that these those it its he she they we i you his her their our my your there here"
    " monday tuesday wednesday thursday friday saturday sunday"
)
_PLACE_LOWER = _words("the of de del la le es da do dos al el am an der sur upon on")
_DESK_LOWER = _words("service desk bureau section unit team news of the and language program programme")
_DESK_ENDINGS = frozenset({"service", "desk", "bureau"})
_MAX_LIST = 400  # characters; a longer "list" is prose that happens to follow a role phrase
_MAX_TOKENS = 8


def parse_credit_line(text: str) -> list[ParsedCredit]:
    """Return the credits a credit line names, in the order it names them ([] when it names none).

    A person in two roles ("Translated and written in English by C") is returned once per role.
    A desk credited as reporter ("Reported by RFA’s Myanmar Service") is returned with the desk as
    both name and desk: the desk is who the byline credits, and it keeps its desk like any reporter.
    """
    credits: list[ParsedCredit] = []
    for clause in _clauses(_SPACES.sub(" ", text)):
        credits.extend(_parse_clause(clause))
    return credits


def _clauses(text: str) -> list[str]:
    """Split text at sentence ends and hard separators, keeping the periods of initials."""
    clauses: list[str] = []
    start = 0
    for mark in _BREAK.finditer(text):
        if mark.group() == "." and _keeps_period(text, mark.start()):
            continue
        clauses.append(text[start : mark.start()])
        start = mark.end()
    clauses.append(text[start:])
    return [c for c in (c.strip() for c in clauses) if c]


def _keeps_period(text: str, dot: int) -> bool:
    words = text[max(0, dot - 30) : dot].split()
    if not words:
        return False
    word = words[-1]
    return (len(word) == 1 and word.isalpha()) or "." in word or word.lower() in _KEEPS_PERIOD


def _parse_clause(clause: str) -> list[ParsedCredit]:
    lead = len(clause) - len(clause.lstrip(_EDGE))
    markers: list[re.Match[str]] = []
    for match in _MARKER.finditer(clause):
        if match.start() <= lead or (markers and _continues_credits(clause, match)):
            markers.append(match)
    credits: list[ParsedCredit] = []
    contributed = _CONTRIBUTED.search(clause)
    if contributed and (not markers or contributed.end() <= markers[0].start()):
        subject = _AFFILIATION.sub("", _trim(clause[: contributed.start()]), count=1)
        tail = clause[contributed.end() : markers[0].start() if markers else len(clause)]
        credits.extend(_read_list(subject + tail, ("contributor",)))
    for i, marker in enumerate(markers):
        end = markers[i + 1].start() if i + 1 < len(markers) else len(clause)
        credits.extend(_read_list(clause[marker.end() : end], _roles_of(marker)))
    return credits


def _continues_credits(clause: str, marker: re.Match[str]) -> bool:
    """Whether a role phrase inside a clause that began with one is another credit, not prose."""
    if marker["bare"]:
        return False
    # A capital means a lost separator ("… in Beirut Editing by"); "and edited by" a joined clause.
    before = clause[max(0, marker.start() - 5) : marker.start()].rstrip()
    return marker.group()[0].isupper() or before.endswith((",", " and"))


def _roles_of(marker: re.Match[str]) -> tuple[str, ...]:
    if marker["contrib"]:
        return ("contributor",)
    if marker["roles"] is None:
        return ("writer",)
    words = _ROLE_SEPARATOR.split(marker["roles"])
    return tuple(dict.fromkeys(_ROLE_WORDS[" ".join(re.split(r"[\s-]+", w.lower()))] for w in words))


def _trim(text: str) -> str:
    text = text.strip(_EDGE)
    if text.lower().endswith(" and"):
        text = text[:-4].strip(_EDGE)
    return text


@dataclass
class _Run:
    """Names that share one desk and one location ("A and B in Madrid")."""

    names: list[str]
    desk: str | None = None
    location: str | None = None


def _read_list(text: str, roles: tuple[str, ...]) -> list[ParsedCredit]:
    """Read "A in X, B and C for D" into credits, role by role; [] if any part is not a name."""
    text = _trim(text)
    if not text or len(text) > _MAX_LIST:
        return []
    parts = _LIST_SEPARATOR.split(text)
    items = parts[0::2]
    separators = [" ".join(s.split()).lower() for s in parts[1::2]]
    # A list of people ends at the item after its last "and"; a further ", X" describes them.
    last_and = max((i for i, s in enumerate(separators) if s != ","), default=-1)
    runs: list[_Run] = []
    pending: list[str] = []
    for i, item in enumerate(items):
        if not pending and runs and runs[-1].location and _continues_place(items, separators, i):
            runs[-1].location += ", " + item
            continue
        if i > last_and + 1 and not _QUALIFIER.search(item):
            if not (_is_place(item) or _is_desk(item)):
                return []
            continue  # "By A, BBC News, Seoul": an affiliation, not a second person
        run = _qualified(item)
        if run is None:
            return []
        pending.extend(run.names)
        if run.desk or run.location:
            runs.append(_Run(pending, run.desk, run.location))
            pending = []
    if pending:
        runs.append(_Run(pending))
    return [
        ParsedCredit(name, role, run.desk or (name if _names_desk(name) else None), run.location)
        for role in roles
        for run in runs
        for name in run.names
    ]


def _continues_place(items: list[str], separators: list[str], i: int) -> bool:
    """Whether item i is the rest of the place before it: "Osaka, Japan, and B", "… Hamburg, Germany"."""
    if i == 0 or separators[i - 1] != "," or _QUALIFIER.search(items[i]) or not _is_place(items[i]):
        return False
    if i == len(items) - 1:
        return True
    return separators[i] == ", and" or (separators[i] == "," and bool(_QUALIFIER.search(items[i + 1])))


def _qualified(item: str) -> _Run | None:
    """Split "A for DESK in PLACE" into a one-name run, or None when any part is not what it claims."""
    name, *rest = _QUALIFIER.split(item)
    if _INITIAL_AT_END.search(name):
        name = name[:-1]  # "Malcolm X.": that period ends the sentence, not the name
    if not (_is_name(name) or _names_desk(name)):
        return None
    run = _Run([name])
    for kind, value in zip(rest[0::2], rest[1::2], strict=True):
        if kind == "for" and run.desk is None and _is_desk(value):
            run.desk = value
        elif kind != "for" and run.location is None and _is_place(value):
            run.location = value
        else:
            return None
    return run


def _is_word(token: str) -> bool:
    return token[:1].isalpha() and all(
        c.isalpha() or c in "’'.-" or unicodedata.category(c).startswith("M") for c in token
    )


def _is_name_token(token: str) -> bool:
    if not _is_word(token) or token.endswith(("’s", "'s")):
        return False
    if not token[0].islower() or token in _PARTICLES:
        return True
    prefix = _LOWER_PREFIX.match(token)
    return prefix is not None and token[prefix.end() : prefix.end() + 1].isupper()


def _is_name(text: str) -> bool:
    """A person's name: capitalised words (any script), particles like "van der" or "bin" inside."""
    tokens = text.split()
    return (
        0 < len(tokens) <= _MAX_TOKENS
        and tokens[0].lower() not in _NOT_FIRST
        and tokens[-1] not in _PARTICLES
        and all(_is_name_token(t) for t in tokens)
    )


def _is_place(text: str) -> bool:
    tokens = text.split()
    return (
        0 < len(tokens) <= _MAX_TOKENS
        and all(_is_word(t) and (not t[0].islower() or t in _PLACE_LOWER) for t in tokens)
        and any(not t[0].islower() for t in tokens)
    )


def _is_desk(text: str) -> bool:
    tokens = text.split()
    return (
        0 < len(tokens) <= _MAX_TOKENS
        and all(_is_word(t) for t in tokens)
        and not tokens[0][0].islower()
        and all(not t[0].islower() or t in _DESK_LOWER for t in tokens)
    )


def _names_desk(text: str) -> bool:
    """Whether a credited "name" is a desk: "RFA’s Myanmar Service", "RFA Mandarin"."""
    tokens = text.split()
    if not tokens or not _is_desk(text):
        return False
    return (
        tokens[0] in {"RFA", "RFA’s", "RFA's"}
        or text.startswith("Radio Free Asia")
        or (tokens[-1].lower() in _DESK_ENDINGS)
    )
