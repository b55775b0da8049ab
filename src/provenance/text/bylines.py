"""Render credits as the credit line a house style prints.

Credits come in byline order (their positions). Every style gathers the credits of one role at
that role's first appearance, so the order a credit line was written in survives a parse and a
render. Styles:

- ``rfa``: ``Reported by A and B for RFA’s Korean Service. Translated by C. Written in English by D.``
  A person who alone holds neighbouring roles is named once: ``Translated and written in English by C.``
- ``reuters``: ``Reporting by A in Seoul and B in Tokyo; Additional reporting by C; Writing by D;
  Editing by E, F and G`` (no final period), merging roles the same way (``Reporting and writing by A``).
- ``ap``: writers as ``By A and B.``; translators, editors, copy editors and photographers as RFA
  sentences; everyone who reported or contributed in the closing line, as AP credits field reporting:
  ``A in X and B for RFA’s Korean Service in Y contributed to this report.`` Only people whose
  credit names the Associated Press as their desk are ``Associated Press writers A in X``: a
  style says only what the credits say.
- ``plain``: one sentence per role, ``Reporters: A (RFA’s Korean Service), B. Translator: C.``, with
  a credit's desk and place in parentheses and nobody merged.
- ``ko``, ``zh``, ``ja``: as Korean, Chinese and Japanese outlets print credits
  (``(서울=연합뉴스) 홍길동 기자``, ``记者 张三（责编：李四）``, ``山田太郎記者``); see cjk_bylines.py.

A document's default style follows its language (``style_for_language``).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from provenance.text.cjk_bylines import CJK_STYLES, render_cjk_byline
from provenance.text.credit_parsing import ParsedCredit

__all__ = ["BYLINE_STYLES", "PUBLISHED_STYLES", "render_byline", "style_for_language", "styles_for_script"]

BYLINE_STYLES: Final = ("rfa", "reuters", "ap", "plain", *CJK_STYLES)
# The styles outlets print; ``plain`` is for reading credits, not a house style.
PUBLISHED_STYLES: Final = ("rfa", "reuters", "ap", *CJK_STYLES)

_RFA_PHRASE: Final = {
    "reporter": "Reported",
    "additional_reporter": "Additional reporting",
    "translator": "Translated",
    "writer": "Written in English",
    "editor": "Edited",
    "copy_editor": "Copy edited",
    "photographer": "Photos",
    "contributor": "Contributions",
}
_REUTERS_PHRASE: Final = {
    "reporter": "Reporting",
    "additional_reporter": "Additional reporting",
    "translator": "Translation",
    "writer": "Writing",
    "editor": "Editing",
    "copy_editor": "Copy editing",
    "photographer": "Photos",
    "contributor": "Contributions",
}
_PLAIN_LABEL: Final = {
    "reporter": "Reporter",
    "additional_reporter": "Additional reporter",
    "translator": "Translator",
    "writer": "Writer",
    "editor": "Editor",
    "copy_editor": "Copy editor",
    "photographer": "Photographer",
    "contributor": "Contributor",
}
# Roles whose phrases join into one ("Reported and translated by"); nouns like "Photos" do not.
_MERGEABLE: Final = frozenset({"reporter", "translator", "writer", "editor", "copy_editor"})
# AP names everyone who gathered material in its "contributed to this report" line.
_AP_CONTRIBUTED: Final = frozenset({"reporter", "additional_reporter", "contributor"})
# The desk of a credit that makes its holder one of the "Associated Press writers".
_AP_DESKS: Final = frozenset({"Associated Press", "The Associated Press", "AP"})


@dataclass(frozen=True)
class _Person:
    name: str
    desk: str | None
    location: str | None


@dataclass
class _Group:
    """The people credited in one or more roles, rendered as one phrase."""

    roles: list[str]
    people: list[_Person]


def render_byline(credits: Sequence[ParsedCredit], style: str = "rfa") -> str:
    """Render credits (in byline order) as a credit line in one of BYLINE_STYLES; "" for no credits."""
    if style not in BYLINE_STYLES:
        raise ValueError(f"unknown byline style {style!r}; expected one of {', '.join(BYLINE_STYLES)}")
    if style == "rfa":
        return " ".join(_sentence(g, _RFA_PHRASE) for g in _merged(_groups(credits)))
    if style == "reuters":
        return "; ".join(_phrase(g, _REUTERS_PHRASE) for g in _merged(_groups(credits)))
    if style == "ap":
        return _ap(credits)
    if style in CJK_STYLES:
        return render_cjk_byline(credits, style)
    return " ".join(_plain(g) for g in _groups(credits))


def style_for_language(language: str | None) -> str:
    """The byline style a document in this BCP 47 language is printed in: its language's own
    (``ko-KR`` is ``ko``, ``zh-Hant`` is ``zh``), else ``rfa``."""
    primary = (language or "").split("-")[0].lower()
    return primary if primary in CJK_STYLES else "rfa"


def styles_for_script(script: str | None) -> tuple[str, ...]:
    """The published styles a credit line mostly in this ISO 15924 script could be in."""
    if script == "Hang":
        return ("ko",)
    if script in ("Hira", "Kana"):
        return ("ja",)
    if script == "Hani":  # 記者 and 记者 alike: Chinese or Japanese
        return ("zh", "ja")
    return ("rfa", "reuters", "ap")


def _groups(credits: Sequence[ParsedCredit]) -> list[_Group]:
    """One group per role, at the role's first appearance; a repeated credit counts once."""
    groups: dict[str, _Group] = {}
    for credit in credits:
        group = groups.setdefault(credit.role, _Group([credit.role], []))
        person = _Person(credit.name, credit.desk, credit.location)
        if person not in group.people:
            group.people.append(person)
    return list(groups.values())


def _merged(groups: list[_Group]) -> list[_Group]:
    """Join neighbouring groups that credit exactly the same people, so each is named once."""
    merged: list[_Group] = []
    for group in groups:
        last = merged[-1] if merged else None
        if (
            last is not None
            and last.people == group.people
            and last.roles[-1] in _MERGEABLE
            and group.roles[0] in _MERGEABLE
        ):
            last.roles.extend(group.roles)
        else:
            merged.append(_Group(list(group.roles), group.people))
    return merged


def _phrase(group: _Group, phrases: dict[str, str]) -> str:
    words = [phrases[group.roles[0]]] + [_lower_first(phrases[r]) for r in group.roles[1:]]
    return f"{_join(words)} by {_people(group.people)}"


def _sentence(group: _Group, phrases: dict[str, str]) -> str:
    return _phrase(group, phrases) + "."


def _ap(credits: Sequence[ParsedCredit]) -> str:
    groups = _groups(credits)
    sentences = [f"By {_people(g.people)}." for g in groups if g.roles[0] == "writer"]
    others = [g for g in groups if g.roles[0] not in _AP_CONTRIBUTED and g.roles[0] != "writer"]
    sentences += [_sentence(g, _RFA_PHRASE) for g in _merged(others)]
    field = list(dict.fromkeys(p for g in groups if g.roles[0] in _AP_CONTRIBUTED for p in g.people))
    if field:
        staff = all(p.desk in _AP_DESKS for p in field)
        if staff:
            field = [_Person(p.name, None, p.location) for p in field]
        prefix = ("Associated Press writers " if len(field) > 1 else "Associated Press writer ") \
            if staff else ""
        # AP closes a comma-bearing place with a comma: "in Hamburg, Germany, contributed".
        comma = "," if field[-1].location and "," in field[-1].location else ""
        sentences.append(f"{prefix}{_people(field)}{comma} contributed to this report.")
    return " ".join(sentences)


def _plain(group: _Group) -> str:
    label = _PLAIN_LABEL[group.roles[0]] + ("s" if len(group.people) > 1 else "")
    return f"{label}: {', '.join(_plain_person(p) for p in group.people)}."


def _plain_person(person: _Person) -> str:
    details = [d for d in (person.desk, person.location) if d and d != person.name]
    return f"{person.name} ({', '.join(details)})" if details else person.name


def _people(people: list[_Person]) -> str:
    """ "A and B for DESK in X and C in Y": names that share a desk and place share one qualifier."""
    runs: list[tuple[list[str], str | None, str | None]] = []
    for person in people:
        # A desk credited as reporter is its own name: "Reported by RFA’s Myanmar Service."
        desk = None if person.desk == person.name else person.desk
        if runs and runs[-1][1:] == (desk, person.location):
            runs[-1][0].append(person.name)
        else:
            runs.append(([person.name], desk, person.location))
    texts = []
    for names, desk, location in runs:
        text = _join(names) + (f" for {desk}" if desk else "") + (f" in {location}" if location else "")
        texts.append(text)
    if len(texts) > 1 and "," in (runs[-2][2] or ""):
        texts[-2] += ","  # "in Osaka, Japan, and B": the comma closes the place, as AP writes it
    return _join(texts)


def _join(items: list[str]) -> str:
    """ "A", "A and B", "A, B and C": no serial comma, as RFA, Reuters and AP write lists."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
