"""Read credit lines, bylines and credit taglines into (name, role, desk, location) credits.

The parser is a grammar of role cues and a name recogniser, not a list of outlets' formats:

- *cues*: role phrases ending in "by" (``Reporting by``, ``Translated and written in English by``,
  ``with additional reporting by``, a bare ``By``; misspelt ones such as ``Roporting by`` are
  read by edit distance), labels (``Photo:``, ``Credit:``, ``Analysis:``), their German, Spanish
  and French forms (``Von``, ``Por``, ``Con información de``, ``avec``, ``Mit Material von``);
- *verb frames*: ``A reported from X, and B from Y``, ``A contributed reporting from X``,
  ``CNN's A and B contributed to this report``, ``A and B in X also contributed``, ``A wrote this
  story for D``, ``A was the editor``, ``Some information … was provided by ORG``;
- *taglines*: ``A is a reporter covering … for D``, ``A writes about … for D``, ``A, Nikkei staff
  writer``, ``A es politólogo``;
- *photo credits*: ``NAME/AGENCY``, ``AGENCY/NAME``, ``NAME, STF / AGENCY``, agencies alone;
- Chinese, Japanese and Korean lines go to :mod:`provenance.text.credit_parsing_cjk`.

Each cue is followed by a list of names ("A, B and C"); a name may carry ``for DESK``, ``of DESK``
and ``in``/``from``/``at PLACE``, and a qualifier also covers the unqualified names just before it.
A list that is not made of names is dropped whole: a made-up credit is worse than a missed one.
Organisations credited in a role ("The Associated Press contributed", "Reuters bureaux") are
returned with the organisation as both name and desk, as a desk credited by name always was.
A surname credited alone ("Okafor reported from Lagos") becomes the full name when the line or the
story's byline names exactly one person with that surname.
"""

import re
import unicodedata
from dataclasses import dataclass, replace

from provenance.roles import ROLES
from provenance.text.credit_parsing_cjk import has_cjk, parse_cjk
from provenance.text.patterns import LazyPattern

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


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# The words before "by", as a lower-case key with single spaces.
_ROLE_WORDS: dict[str, str] = {
    "reported": "reporter",
    "reporting": "reporter",
    "original reporting": "reporter",
    "additional reporting": "additional_reporter",
    "with additional reporting": "additional_reporter",
    "with reporting": "additional_reporter",
    "also reporting": "additional_reporter",
    "translated": "translator",
    "translation": "translator",
    "translations": "translator",
    "text of report in english": "writer",
    "written in english": "writer",
    "written": "writer",
    "writing": "writer",
    "edited": "editor",
    "editing": "editor",
    "editor": "editor",
    "copy edited": "copy_editor",
    "copyedited": "copy_editor",
    "copy editing": "copy_editor",
    "copyediting": "copy_editor",
    "photos": "photographer",
    "photo": "photographer",
    "photographs": "photographer",
    "photography": "photographer",
    "photographed": "photographer",
    "contributions": "contributor",
    "compiled": "contributor",
    "produced": "",
    "graphics": "",
    "graphic": "",
    "illustration": "",
    "illustrations": "",
    "video": "",
    "design": "",
    "designed": "",
}
_FUZZY_TARGETS = ("reporting", "reported", "editing", "edited", "writing", "written", "translated")
_ROLE_WORD = "|".join(k.replace(" ", r"[\s-]+") for k in sorted(_ROLE_WORDS, key=len, reverse=True))
_MARKER = LazyPattern(
    rf"\b(?:(?P<roles>(?:{_ROLE_WORD})(?:(?:\s*,\s*|\s+and\s+)(?:{_ROLE_WORD}))*)\s+by:?"
    r"|(?P<contrib>(?:also\s+)?contributing\s+to\s+this\s+(?:report|story|article)\s+(?:were|was|are|is)"
    r"|reporting\s+was\s+contributed\s+by)"
    r"|(?P<bare>by:?))(?=\s|$)",
    re.IGNORECASE,
)
_ROLE_SEPARATOR = LazyPattern(r"\s*,\s*|\s+and\s+", re.IGNORECASE)
_CONTRIBUTED = LazyPattern(
    r"\b(?:also\s+)?contributed(?:\s+(?:(?:additional\s+)?reporting|research|to\s+(?:this|the)\s+"
    r"(?:report|story|article))(?:\s+and\s+(?:reporting|research))?|\s*$)",
    re.IGNORECASE,
)
_VERB = LazyPattern(
    r"\s(?P<verb>reported(?=\s+(?:from|on\s+this|in)\b|\s*$)|wrote\s+(?:this|the)\s+(?:story|report|article)"
    r"|adapted\s+(?:it|this\s+story|the\s+story|this\s+report)|was\s+the\s+editor|were\s+the\s+editors)\b",
)
_VERB_ROLE = {
    "reported": "reporter", "wrote": "writer", "adapted": "writer", "was": "editor", "were": "editor",
}

# Foreign cues, rewritten to the English cue that means the same before the grammar runs.
_FOREIGN = [
    # "From our correspondent X" in German, French and Spanish (a doubled "Von" is a typo seen in print).
    (LazyPattern(r"(?:\bVon\s+)?\b(?:Von\s+unser(?:em|er)\s+Korrespondent(?:en|in)|De\s+notre\s+"
                r"(?:correspondante?|envoyée?\s+spéciale?)|De\s+nuestr[oa]\s+corresponsal)\s+(?=[A-Z])"),
     "Reported by "),
    (LazyPattern(r"(?:^|(?<=[(—–-])|(?<=[.;(]\s))\s*(?:Von|Por|Par|Door|Av)\s*:?\s+(?=\S)"), "By "),
    (LazyPattern(r"\b(?:[Cc]on\s+informaci[oó]n\s+de|[Mm]it\s+Material\s+von|[Ii]nformaci[oó]n\s+de)\s+"),
     "Contributions by "),
    (LazyPattern(r"\bSome\s+information\s+(?:for|in)\s+this\s+(?:report|story|article)\s+"
                r"(?:was|were)\s+(?:provided|contributed)\s+by\s+", re.IGNORECASE), "Contributions by "),
    (LazyPattern(r"\bReportage\s+(?:à|a|en)\s+(?P<place>[A-Z][^\s,.;]*(?:\s+[A-Z][^\s,.;]*)*)\s+(?:de|par)\s+"
                r"(?P<names>[^.;()]+)"), r"Reported by \g<names> in \g<place>"),
    (LazyPattern(r"\bAnalysis\s*:\s*"), "By "),
]
# Labels that put a photographer's or agency's name after them.
_PHOTO_LABEL = LazyPattern(
    r"(?:(?<=[a-z])|\b)(?:[Pp]hoto(?:graph)?s?|Image|Picture|Foto|Fotos|Bild|Credit|Crédit|Photo\s+credit)"
    r"\s*:\s*"
    r"|\(\s*Photo\s+(?=[A-Z])"
    r"|\b(?P<agency>[A-Z][A-Za-z&]{1,12})\s+Photos?\s*/\s*"
)
_FILE_PHOTO = LazyPattern(r"\(\s*(?P<org>[A-Z][\w&.]*(?:\s+[A-Z][\w&.]*){0,3}?)\s+(?:File\s+)?Photo\s*\)")

_NOISE = [
    LazyPattern(r"\[email\s+protected\]", re.IGNORECASE),
    LazyPattern(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}"),
    LazyPattern(r"(?:https?://|www\.)\S+"),
    LazyPattern(r"(?<!\w)@\w+"),
    LazyPattern(r"Reuters\s+Messaging\s*:[^;)]*"),
    LazyPattern(r"\+?\d[\d ().-]{6,}\d"),
    LazyPattern(r"Watch\s+in\s+Times\s+Video\s*»?"),
    LazyPattern(r"\bon\s+Publish\s+Date\b"),
    LazyPattern(r"(?:Last\s+Updated\s+on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+"
               r"\d{1,2}\s+[A-Z][a-z]+\s+\d{4}(?:\s+\d{1,2}:\d{2})?"),
    LazyPattern(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)"
               r"\s+\d{1,2},\s+\d{4}"),
    LazyPattern(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"),
    LazyPattern(r"\bLast\s+Updated\s+on\b"),
]
# Sentences that carry no credit: notices, contact lines.
_NOISE_SENTENCE = LazyPattern(
    r"^(?:Copyright|©|All\s+rights|Follow\s|Reach\s|Got\s+a\s+tip|Email\s|E-mail\s|Contact\s|Signal\s|Write\s+to\s)",
    re.IGNORECASE,
)

# A period ends a clause unless it closes an initial, "D.C." or a title; the other marks always do.
_BREAK = LazyPattern(r"[;|()\[\]!?\n]|\.(?=[\s)\]\"”’]|$)")
_KEEPS_PERIOD = _words("jr sr st mt ft dr mr mrs ms prof gen col lt rev")
# US state abbreviations keep their period after a comma: "Birmingham, Ala., and …".
_STATE_ABBREVIATIONS = _words("ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn"
                              " miss"
                              " mo mont neb nev okla ore pa penn tenn tex va vt wash wis wyo")
_SPACES = LazyPattern(r"[^\S\n]+")
_EDGE = ' ,;:-–—"“”'

_LIST_SEPARATOR = LazyPattern(r"(\s*,\s*and\s+|\s*,\s*|\s+(?:and|y|e|und|et)\s+|\s*[&•·]\s*)")
_QUALIFIER = LazyPattern(r"\s+(in|from|for|at|of|via|aboard|on\s+the\s+(?:outskirts|edge|border)s?\s+of)\s+")
_INITIAL_AT_END = LazyPattern(r"(?:^|\s)[^\W\d_]\.$")
_LOWER_PREFIX = LazyPattern(r"[^\W\d_]{1,3}[-’']")  # "al-Assad", "d’Alembert"

_PARTICLES = _words(
    "van von der den de del della di da das dos du la le bin binti bint ibn al el ben ter ten y zu af"
)
# Words that start sentences, not names: "By Tuesday", "By The Party".
_NOT_FIRST = _words(
    "the this that these those it its he she they we i you his her their our my your there here"
    " a an some all many officials police"
)
_NOT_NAME = _words(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june"
    " july august september october november december staff stringer stf handout file pool contributor"
    " writer writers reporter reporters editor editors correspondent correspondents photographer"
    " photographers analyst researcher specialist columnist journalist journalists redacción redaccion"
    " redaktion rédaction newsroom desk agencies agencias agences wires wire unknown anonymous admin"
    " video photo photos image images graphics credit source sources"
)
# Placeholders a credit line prints where a person's name would be.
_PLACEHOLDER = _words("stringer staff stf handout file pool str unknown anonymous redacción redaccion")
_PLACE_LOWER = _words("the of de del la le es da do dos al el am an der sur upon on")
_DESK_LOWER = _words(
    "service desk bureau section unit team news of the and language program programme staff bureaux"
    " newsroom television sports"
)
_DESK_ENDINGS = frozenset({"service", "desk", "bureau"})
# Words that make a capitalised phrase an organisation rather than a person.
_ORG_WORDS = _words(
    "news press agency agencia agence service newsroom television tv radio times post herald daily"
    " journal tribune images pictures photos sports staff bureaux bureau group network channel desk"
    " media wire online magazine gazette review telegraph guardian reuters associated monitor"
    " broadcasting corporation company institute university foundation ministry council committee"
    " newspaper zeitung presse nachrichten noticias diario prensa"
    " observer economist chronicle courier mail express star sun standard nation world international"
)
_AGENCIES = _words(
    "ap afp reuters efe dpa epa pa ansa xinhua yonhap kyodo jiji tass ria interfax anadolu bloomberg"
    " getty sid ntb ntb-scanpix scanpix tt ritzau anp belga keystone apa ctk pap mti ians pti uni kcna"
    " cna bernama antara vna aap csn upi cnn bbc voa rfa nhk abc cbs nbc msnbc npr pbs itv sky"
    " shutterstock alamy rex everett universal zuma sipa corbis newscom nurphoto imago picture-alliance"
    " afp/getty ddp kna epd mdr ndr wdr swr br zdf ard orf srf rai tve efe/epa lusa aps mena wafa"
    " irna isna tasnim fars sana petra kuna qna spa wam bna ona xinhuanet chinanews ecns cctv cgtn"
    " toi ynet wnyc"
)
_TITLE_NOUNS = (
    r"writers?|reporters?|correspondents?|journalists?|videojournalists?|photographers?|photojournalists?"
    r"|researchers?|analysts?|specialists?|editors?|producers?|columnists?|contributors?|stringers?"
    r"|bureau\s+chief|chief|director|anchor"
)
_AFFILIATION = LazyPattern(
    rf"\A(?P<title>(?:[\w’'.&-]+\s+){{0,5}}?(?:staff\s+|freelance\s+|senior\s+)?(?:{_TITLE_NOUNS}))\s+(?=[A-Z])",
    re.IGNORECASE,
)
_POSSESSIVE = LazyPattern(r"\A(?P<org>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,4})(?:['’]s|s['’]|(?<=s)['’])\s+")
_MAX_LIST = 600  # characters; a longer "list" is prose that happens to follow a role phrase
_MAX_TOKENS = 6


_CJK_LANGUAGES = ("zh", "ja", "ko", "yue", "cmn")


def parse_credit_line(
    text: str, *, byline: str | None = None, language: str | None = None
) -> list[ParsedCredit]:
    """Return the credits a credit line names, in the order it names them ([] when it names none).

    A person in two roles ("Translated and written in English by C") is returned once per role.
    A desk or organisation credited by name ("Reported by RFA’s Myanmar Service", "CNN contributed
    to this story") is returned with its name as both name and desk. ``byline`` is the story's
    byline, if known: a surname credited alone becomes the full name it gives. ``language`` (a
    BCP 47 tag) chooses the grammar; without it the script decides: Han, kana or Hangul anywhere
    in the line tries the Chinese, Japanese and Korean grammar first.
    """
    text = unicodedata.normalize("NFC", text)
    primary = (language or "").split("-")[0].lower()
    cjk = primary in _CJK_LANGUAGES if primary else has_cjk(text)
    if cjk:
        found = [ParsedCredit(*c) for c in parse_cjk(_SPACES.sub(" ", text))]
        if found:
            return _dedupe(found)
    credits = _parse_latin(text)
    known = [c.name for c in credits]
    if byline and byline.strip():
        line = byline.strip()
        bylined = parse_credit_line(line if _MARKER.match(line) else f"By {line}")
        known += [c.name for c in bylined]
    return _dedupe([_full_name(c, known) for c in credits])


def _dedupe(credits: list[ParsedCredit]) -> list[ParsedCredit]:
    seen: set[tuple[str, str]] = set()
    out: list[ParsedCredit] = []
    for c in credits:
        key = (c.name.casefold(), c.role)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def _full_name(credit: ParsedCredit, known: list[str]) -> ParsedCredit:
    """"Okafor" -> "Ada Okafor" when exactly one longer name known from the line or byline ends so."""
    if " " in credit.name or credit.desk == credit.name:
        return credit
    target = credit.name.casefold()
    matches = {n for n in known if " " in n and target in (n.split()[-1].casefold(), n.split()[0].casefold())}
    if len(matches) != 1:
        return credit
    return replace(credit, name=matches.pop())


def _clean(text: str) -> str:
    text = _SPACES.sub(" ", text.replace("\u00ad", ""))
    for pattern in _NOISE:
        text = pattern.sub(" ", text)
    text = text.replace("//", "/")
    for pattern, repl in _FOREIGN:
        text = pattern.sub(repl, text)
    text = _AVEC.sub(_avec, text)
    text = _fix_role_words(text)
    return _SPACES.sub(" ", text).strip()


# French "avec AFP": an agency that contributed; "avec Emmanuel Macron" is prose.
_AVEC = LazyPattern(r"(?:^|(?<=[\s,.;(]))[Aa]vec\s+(?P<org>[A-Za-z][\w&-]*(?:\s+[A-Z][\w&-]*){0,3})")


def _avec(m: re.Match[str]) -> str:
    return f" ; Contributions by {m['org']}" if _is_org(m["org"]) else m.group()


_BEFORE_BY = LazyPattern(r"\b(?P<word>[A-Za-z]{6,})(?=\s+by\b)")


def _fix_role_words(text: str) -> str:
    """Read a misspelt role word before "by" ("Roporting by") as the word it is one edit from."""
    from rapidfuzz.distance import Levenshtein  # loaded where words are compared, not at start-up

    def fix(m: re.Match[str]) -> str:
        word = m["word"]
        if word.lower() in _ROLE_WORDS:
            return word
        for target in _FUZZY_TARGETS:
            if Levenshtein.distance(word.lower(), target) == 1:
                return target.capitalize() if word[0].isupper() else target
        return word

    return _BEFORE_BY.sub(fix, text)


def _parse_latin(raw: str) -> list[ParsedCredit]:
    text = _clean(raw)
    credits: list[ParsedCredit] = []
    text, photos = _take_photo_credits(text)
    credits.extend(photos)
    text, slashed = _slash_credits(text)
    credits.extend(slashed)
    piped = _PIPE_TITLE.match(text)
    if piped and _is_name(piped["name"]):
        return [*credits, ParsedCredit(piped["name"], _TAGLINE_NOUN[piped["noun"].lower()])]
    credits.extend(_slashed_names(text))
    state = _State()
    for sentence in _sentences(text):
        if _NOISE_SENTENCE.match(sentence):
            continue
        tagline = _tagline(sentence)
        if tagline:
            credits.extend(tagline)
            state.reset()
            continue
        for clause in _clauses(sentence):
            credits.extend(_parse_clause(clause, state))
    return credits


@dataclass
class _State:
    """What the clause before said, for a clause that continues it: "A reported from X; B from Y"."""

    role: str | None = None  # the role of a "by" list or "reported from" frame still open

    def reset(self) -> None:
        self.role = None


def _sentences(text: str) -> list[str]:
    """Split at sentence ends (keeping the periods of initials and abbreviations) and at pipes."""
    out: list[str] = []
    start = 0
    for mark in re.finditer(r"\.(?=\s+[^\s\da-z]|\s*$)|[!?|]", text):
        if mark.group() == "." and _keeps_period(text, mark.start()):
            continue
        out.append(text[start : mark.start()])
        start = mark.end()
    out.append(text[start:])
    return [s for s in (s.strip(" " + _EDGE) for s in out) if s]


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
    initials = re.fullmatch(r"[^\W\d_]|(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}", word.lstrip("(\"“"))
    state = word.lower() in _STATE_ABBREVIATIONS and len(words) > 1 and words[-2].endswith(",")
    return initials is not None or state or word.lower().lstrip("(") in _KEEPS_PERIOD


def _parse_clause(clause: str, state: _State) -> list[ParsedCredit]:
    lead = len(clause) - len(clause.lstrip(_EDGE))
    markers: list[re.Match[str]] = []
    for match in _MARKER.finditer(clause):
        if match.start() <= lead or (markers and _continues_credits(clause, match)):
            markers.append(match)
    credits: list[ParsedCredit] = []
    head_end = markers[0].start() if markers else len(clause)
    head = clause[:head_end]
    framed = _frame(head, state) if head.strip(_EDGE) else None
    if framed is not None:
        credits.extend(framed)
    elif head.strip(_EDGE) and state.role and not markers:
        credits.extend(_continuation(head, state))
    for i, marker in enumerate(markers):
        end = markers[i + 1].start() if i + 1 < len(markers) else len(clause)
        roles = _roles_of(marker)
        found = _read_list(clause[marker.end() : end], roles)
        credits.extend(found)
        state.role = roles[0] if found and roles else None
    if not markers and framed is None and not credits:
        state.reset()
    return credits


def _continuation(clause: str, state: _State) -> list[ParsedCredit]:
    """A clause after "Reporting by …;" or "A reported from X;" that goes on with the same role."""
    assert state.role is not None
    text = clause.strip(_EDGE)
    starts_and = bool(re.match(r"and\s", text, re.IGNORECASE))
    if starts_and:
        text = text[4:]
    runs = _read_runs(text)
    if runs is None or not (starts_and or all(r.location for r in runs)):
        return []
    return _credits_of(runs, (state.role,))


def _frame(clause: str, state: _State) -> list[ParsedCredit] | None:
    """Verb frames: "A contributed …", "A reported from X", "A wrote this story for D" (None if not one)."""
    contributed = _CONTRIBUTED.search(clause)
    if contributed and contributed.group().lstrip()[:1].isupper():
        return None  # "Teams Contributed to this Article": a heading in title case, not a sentence
    if contributed:
        subject = clause[: contributed.start()]
        tail = clause[contributed.end() :]
        found = _read_subject(subject + tail, ("contributor",))
        if found:
            state.reset()
            return found
        return None
    verb = _VERB.search(clause)
    if verb is None:
        return None
    role = _VERB_ROLE[verb["verb"].split()[0]]
    rest = clause[verb.end() :]
    rest = re.sub(r"\A\s+on\s+(?:this|the)\s+(?:story|report)", "", rest)
    found = _read_subject(clause[: verb.start()] + rest, (role,))
    if found:
        state.role = role if role == "reporter" else None
        return found
    return None


# "The Associated Press", "he Associated Press" (a letter lost in publication), "CNN".
_ORG_SUBJECT = LazyPattern(r"(?:[a-z]{1,3}\s+)?(?P<org>(?:The\s+)?[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,4})\s*")
_APPOSITIVE = LazyPattern(
    r",\s+(?:a|an|the)\s+[^,]{3,80}(?=,|\s*$)|,\s*(?:MD|M\.D\.|PhD|Ph\.D\.|Jr\.|Sr\.)(?=,|\s|$)"
)


def _read_subject(text: str, roles: tuple[str, ...]) -> list[ParsedCredit]:
    """Names before a verb, after an affiliation: "CNN's A and B", "Associated Press writers A in X"."""
    text = _trim(_APPOSITIVE.sub("", text))
    desk_all: str | None = None
    desk_first: str | None = None
    possessive = _POSSESSIVE.match(text)
    if possessive and _names_desk(possessive["org"]) is False:
        desk_all = possessive["org"]
        text = text[possessive.end() :]
    affiliation = _AFFILIATION.match(text)
    if affiliation:
        title = affiliation["title"]
        desk = _desk_of_title(title)
        plural = title.split()[-1].lower().endswith("s")
        if desk and plural:
            desk_all = desk_all or desk
        elif desk and desk_all is None:
            desk_first = desk
        text = text[affiliation.end() :]
    org = _ORG_SUBJECT.fullmatch(text)
    if org and _is_org(org["org"]):
        name = org["org"]
        return [ParsedCredit(name, role, name) for role in roles]
    runs = _read_runs(text)
    if runs is None:
        return []
    if desk_first and runs[0].desk is None and len(runs[0].names) == 1:
        runs[0].desk = desk_first
    elif desk_first and runs[0].desk is None:
        runs.insert(0, _Run([runs[0].names.pop(0)], desk_first, runs[0].location))
    if desk_all:
        for run in runs:
            run.desk = run.desk or desk_all
    return _credits_of(runs, roles)


def _desk_of_title(title: str) -> str | None:
    """"AP Sports Writer" -> "AP Sports"; "Times senior news researcher" -> "Times".

    "Associated Press writer A" is how the AP names its own staff: A's desk is the Associated
    Press, which is what the AP byline style needs to call A an Associated Press writer again.
    """
    desk: list[str] = []
    for token in title.split():
        if not token[0].isupper() or re.fullmatch(_TITLE_NOUNS, token, re.IGNORECASE):
            break
        desk.append(token)
    joined = " ".join(desk)
    if joined == "The Associated Press":
        return "Associated Press"
    return joined or None


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
    roles = (_ROLE_WORDS[" ".join(re.split(r"[\s-]+", w.lower()))] for w in words)
    return tuple(dict.fromkeys(r for r in roles if r))


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


_TRAILING_TITLE = LazyPattern(r",\s*(?:staff\s+)?(?P<noun>reporters?|writers?|correspondents?)\s*$", re.I)


def _read_list(text: str, roles: tuple[str, ...]) -> list[ParsedCredit]:
    """Read "A in X, B and C for D" into credits, role by role; [] if any part is not a name."""
    text = _trim(text)
    title = _TRAILING_TITLE.search(text)
    if title:
        noun = title["noun"].lower()
        roles = ("reporter",) if noun.startswith(("reporter", "correspondent")) else roles
        text = text[: title.start()]
    runs = _read_runs(text)
    if runs is None:
        return []
    return _credits_of(runs, roles)


def _credits_of(runs: list["_Run"], roles: tuple[str, ...]) -> list[ParsedCredit]:
    return [
        ParsedCredit(name, role, run.desk or (name if _names_desk(name) or _is_org(name) else None),
                     run.location)
        for role in roles
        for run in runs
        for name in run.names
    ]


def _read_runs(text: str) -> list[_Run] | None:
    # A list ends at a colon, a quotation or a number: "A: \"Headline\"", "A, 2022, using …".
    text = _trim(re.split(r":\s|\s[“\"]|,\s*\d", text, maxsplit=1)[0])
    if not text or len(text) > _MAX_LIST:
        return None
    parts = _LIST_SEPARATOR.split(text)
    items = [p.strip() for p in parts[0::2]]
    separators = [" ".join(s.split()).lower() for s in parts[1::2]]
    # A list of people ends at the item after its last "and"; a further ", X" describes them.
    last_and = max((i for i, s in enumerate(separators) if s != ","), default=-1)
    runs: list[_Run] = []
    pending: list[str] = []
    for i, item in enumerate(items):
        if not item:
            continue
        if not pending and runs and runs[-1].location and _continues_place(items, separators, i):
            runs[-1].location += ", " + item
            continue
        lead = re.match(r"(via|for|of|in|from|at)\s+(?=\S)", item)
        if lead and (pending or runs):
            # ", via Associated Press", ", of China": a qualifier of the names before it.
            qualified = _qualified("X " + item)
            if qualified is None:
                return None
            if pending:
                runs.append(_Run(pending, qualified.desk, qualified.location))
                pending = []
            else:
                runs[-1].desk = runs[-1].desk or qualified.desk
                runs[-1].location = runs[-1].location or qualified.location
            continue
        described = i > last_and + 1 and not _QUALIFIER.search(item) and (pending or runs)
        if described and not _listed_person(items, separators, i):
            free_desk = bool(pending) or runs[-1].desk is None
            if _is_org(item) or (_is_desk(item) and free_desk and not _is_place_name(item)):
                if pending:
                    runs.append(_Run(pending, item))
                    pending = []
                elif runs[-1].desk is None:
                    runs[-1].desk = item
                continue
            if _is_place(item):
                if pending:
                    runs.append(_Run(pending, None, item))
                    pending = []
                elif runs[-1].location is None:
                    runs[-1].location = item
                continue
            return None
        split = _split_glued_pair(item, items)
        if split is not None:
            pending.extend(split)
            continue
        run = _qualified(item) or _with_agency(item)
        if run is None:
            return None
        if re.search(r"\sof\s", item) and run.desk and pending:
            runs.append(_Run(pending))  # "A, B and C of VOA's Mandarin Service": C's desk only
            pending = []
        pending.extend(run.names)
        if run.desk or run.location:
            runs.append(_Run(pending, run.desk, run.location))
            pending = []
    if pending:
        runs.append(_Run(pending))
    return runs or None


_PLACE_FIRST = _words("New Los Las San Santa Hong South North East West Saint St. Kuala Abu Tel Buenos Rio"
                      " Sao São"
                      " Cape Port Mexico Little Salt Ho Phnom Sri Costa Puerto El La Le")
_PLACE_LAST = _words("City Island Islands Province State County Republic Territory Bay Beach Valley Kong"
                     " Korea"
                     " Arabia Africa Zealand Emirates Kingdom States Lumpur Aviv Aires Town")


def _is_place_name(item: str) -> bool:
    """A capitalised phrase that reads as a place: one word, or "New York", "Kansas City"."""
    tokens = item.split()
    return _is_place(item) and (len(tokens) == 1 or tokens[0] in _PLACE_FIRST or tokens[-1] in _PLACE_LAST)


def _listed_person(items: list[str], separators: list[str], i: int) -> bool:
    """In a list with no "and" ("A, B, C"), whether item i is one more person rather than an affiliation."""
    if "and" in separators or ", and" in separators or any(s not in (",",) for s in separators):
        return False
    item = items[i]
    tokens = item.split()
    return (
        len(tokens) >= 2
        and _is_name(item)
        and not _is_org(item)
        and tokens[0] not in _PLACE_FIRST
        and tokens[-1] not in _PLACE_LAST
        and _is_name(items[0])
    )


def _with_agency(item: str) -> _Run | None:
    """"Jon Berg/AFP", "det/dpa": a name (or an editor's initials) and the agency after a slash."""
    name, slash, agency = item.partition("/")
    name, agency = name.strip(), agency.strip()
    if not slash or not (_is_org(agency) or agency.lower() in _AGENCIES):
        return None
    if _is_name(name) or re.fullmatch(r"[a-z]{2,4}", name):
        return _Run([name], agency)
    return None


def _split_glued_pair(item: str, items: list[str]) -> list[str] | None:
    """"Samira Said Meridith Edwards" in a long list of two-word names: a lost comma."""
    tokens = item.split()
    others = [len(i.split()) for i in items if i and i != item]
    typical = sorted(others)[len(others) // 2] if len(others) >= 2 else 0
    if len(tokens) == 4 and typical == 2 and not any(t in _PARTICLES for t in tokens):
        first, second = " ".join(tokens[:2]), " ".join(tokens[2:])
        if _is_name(first) and _is_name(second):
            return [first, second]
    return None


def _continues_place(items: list[str], separators: list[str], i: int) -> bool:
    """Whether item i is the rest of the place before it: "Osaka, Japan, and B", "… Hamburg, Germany"."""
    if i == 0 or separators[i - 1] != "," or _QUALIFIER.search(items[i]) or not _is_place(items[i]):
        return False
    if i == len(items) - 1:
        return not _is_name(items[i]) or _looks_like_region(items[i]) or _is_place_name(items[i])
    return separators[i] == ", and" or (separators[i] == "," and bool(_QUALIFIER.search(items[i + 1])))


def _looks_like_region(item: str) -> bool:
    return "." in item or len(item.split()) == 1


def _qualified(item: str) -> _Run | None:
    """Split "A for DESK in PLACE" into a one-name run, or None when any part is not what it claims."""
    name, *rest = _QUALIFIER.split(item)
    if _INITIAL_AT_END.search(name) and len(name.split()) > 1 and len(name.split()[-1]) == 2:
        name = name[:-1]  # "Malcolm X.": that period ends the sentence, not the name
    name = _as_credited(name)
    if name is None:
        return None
    run = _Run([name])
    for kind, value in zip(rest[0::2], rest[1::2], strict=True):
        kind = " ".join(kind.split())
        desk_like = _is_org(value) or (_is_desk(value) if kind != "of" else _names_desk(value))
        if kind in ("for", "via", "of") and run.desk is None and desk_like:
            run.desk = value
        elif kind.startswith("on the") and run.location is None and _is_place(value):
            run.location = f"{kind} {value}"
        elif kind in ("in", "from", "at", "of", "aboard") and run.location is None and _is_place(value):
            run.location = value
        else:
            return None
    return run


def _as_credited(text: str) -> str | None:
    """The name a list item credits (a person, a desk or an organisation), or None."""
    text = text.strip()
    if _is_name(text) or _names_desk(text):
        return text
    org = re.fullmatch(r"(?:the\s+)?(?P<org>.+)", text)
    if org and _is_org(org["org"]) and (text[0].isupper() or _is_capitalised(org["org"])):
        return text if text[0].isupper() else org["org"]
    if re.fullmatch(r"[A-Z][A-Za-z]+\d+", text):
        return text  # a CMS account: "RFA15"
    return None


def _is_capitalised(text: str) -> bool:
    return all(t[:1].isupper() for t in text.split() if t.lower() not in _DESK_LOWER)


def _is_word(token: str) -> bool:
    return token[:1].isalpha() and all(
        c.isalpha() or c in "’'.-_" or unicodedata.category(c).startswith("M") for c in token
    )


def _is_name_token(token: str) -> bool:
    if not _is_word(token) or token.endswith(("’s", "'s")) or token.lower() in _NOT_NAME:
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
        and tokens[0] not in _PARTICLES
        and tokens[-1] not in _PARTICLES
        and all(_is_name_token(t) for t in tokens)
    )


def _is_org(text: str) -> bool:
    """An organisation: a known agency, or capitalised words with a word like "News" or "Press"."""
    tokens = text.replace("/", " ").split()
    if not tokens or len(tokens) > _MAX_TOKENS or not all(_is_word(t) or t == "&" for t in tokens):
        return False
    lower = [t.lower().strip(".") for t in tokens]
    if all(t in _AGENCIES for t in lower if t != "the") and any(t != "the" for t in lower):
        return True
    if not tokens[0][0].isupper() and lower[0] != "the":
        return False
    if len(tokens) == 1:
        return len(tokens[0]) <= 5 and tokens[0].isupper()
    capital = [t for t in tokens if t[0].isupper()]
    lower_ok = all(t[0].isupper() or t.lower() in _DESK_LOWER or t.lower() == "the" for t in tokens)
    return lower_ok and bool(capital) and any(t in _ORG_WORDS for t in lower)


def _is_place(text: str) -> bool:
    tokens = text.split()
    return (
        0 < len(tokens) <= _MAX_TOKENS
        and all(_is_word(t) and (not t[0].islower() or t in _PLACE_LOWER) for t in tokens)
        and any(not t[0].islower() for t in tokens)
        and tokens[0].lower() not in _NOT_NAME
    )


def _is_desk(text: str) -> bool:
    tokens = text.split()
    return (
        0 < len(tokens) <= _MAX_TOKENS
        and all(_is_word(t) or t == "&" for t in tokens)
        and not tokens[0][0].islower()
        and all(not t[0].islower() or t in _DESK_LOWER for t in tokens)
    )


def _names_desk(text: str) -> bool:
    """Whether a credited "name" is a desk: "RFA’s Myanmar Service", "RFA Mandarin"."""
    tokens = text.split()
    if not tokens or not _is_desk(text):
        return False
    return (
        tokens[0] in {"RFA", "RFA’s", "RFA's", "VOA's", "VOA’s"}
        or text.startswith("Radio Free Asia")
        or (tokens[-1].lower() in _DESK_ENDINGS)
    )


# ---------------------------------------------------------------------------------------------
# Photo credits, whole-line credits and taglines


_PHOTO_END = r"[)|;]|\.\s+(?=[A-Z][a-z]+\s+(?:by|reported|contributed)\b)"


def _take_photo_credits(text: str) -> tuple[str, list[ParsedCredit]]:
    """Find "Photo: A/AGENCY" and the like anywhere; return the text without them and their credits."""
    credits: list[ParsedCredit] = []
    for m in _FILE_PHOTO.finditer(text):
        if _is_org(m["org"]):
            credits.append(ParsedCredit(m["org"], "photographer", m["org"]))
    text = _FILE_PHOTO.sub(" ", text)
    while True:
        label = _PHOTO_LABEL.search(text)
        if label is None:
            break
        in_parens = text[: label.start()].rstrip().endswith("(") or label.group().startswith("(")
        rest = text[label.end() :]
        stop = re.search(r"\)" if in_parens else _PHOTO_END, rest)
        end = stop.start() if stop else len(rest)
        found = _photo_credit(rest[:end])
        if label["agency"]:
            found = [c if c.desk else replace(c, desk=label["agency"]) for c in found]
        credits.extend(found)
        text = text[: label.start()] + " " + rest[end + (1 if stop and in_parens else 0) :]
    return text, credits


_PHOTO_SPLIT = LazyPattern(r"\s*/\s*|\s+-\s+|\s*,\s*|(?<=[a-z])\.\s+(?=[A-Z])|\s+(?:via|for)\s+")


def _photo_credit(value: str) -> list[ParsedCredit]:
    value = re.sub(r"^\s*(?:By|by)\s+", "", value).strip(" " + _EDGE + ".")
    if not value:
        return []
    parts = [p for p in _PHOTO_SPLIT.split(value) if p]
    seps = _PHOTO_SPLIT.findall(value)
    person_at = next((i for i, p in enumerate(parts) if _photo_person(p, parts)), None)
    if person_at is None:
        if any(p.lower() in _PLACEHOLDER for p in parts):
            return []
        orgs = [p for p in parts if _is_org(p) or _is_desk(p) or _is_name(p)]
        if len(orgs) != len(parts):
            return []
        if all("," in s for s in seps):
            return [ParsedCredit(p, "photographer", p) for p in parts]
        return [ParsedCredit(value, "photographer", value)]
    name = parts[person_at]
    start = value.find(name) + len(name)
    if person_at == 0:
        desk = value[start:].strip(" ,/-.")
        desk = re.sub(r"^(?:via|for)\s+", "", desk)
        if desk.startswith(name):
            desk = desk[len(name) :].strip(" ,/-")
    else:
        desk = value[: value.find(name)].strip(" ,/-.")
    return [ParsedCredit(name, "photographer", desk or None)]


def _photo_person(part: str, parts: list[str]) -> bool:
    """Whether one part of a photo credit is a person, not an agency or a placeholder."""
    if _is_org(part) or part.lower() in _PLACEHOLDER or part.lower() in _AGENCIES:
        return False
    tokens = part.replace("_", " ").split()
    if len(tokens) == 1:
        return "_" in part and len(parts) > 1
    if not 2 <= len(tokens) <= 4 or not all(re.sub(r"[.’'-]", "", t).isalpha() for t in tokens):
        return False
    if len(parts) == 1:
        return _is_name(part)
    return _is_name(part) or (part.islower() or part[0].isupper())


_PARENTHESIS = LazyPattern(r"\(\s*([^()]{3,100}?)\s*\)")


def _slashed_names(text: str) -> list[ParsedCredit]:
    """"(JEON Sung-jun / KANG Ji-won)": reporters named in a parenthesis, family names in capitals."""
    credits: list[ParsedCredit] = []
    for m in _PARENTHESIS.finditer(text):
        parts = [p.strip() for p in m.group(1).split("/")]
        if all(_is_name(p) and not _is_org(p) and _capital_family_name(p) for p in parts):
            credits.extend(ParsedCredit(p, "reporter") for p in parts)
    return credits


def _capital_family_name(name: str) -> bool:
    tokens = name.split()
    return len(tokens) >= 2 and tokens[0].isupper() and len(tokens[0]) >= 2 and not tokens[-1].isupper()


_PHOTO_AGENCY_WORDS = _words("images getty shutterstock alamy photo photos pictures rex epa pool istock")
_FILE_PHOTO_TAIL = LazyPattern(r"\s*/?\s*File\s+Photo\s*$", re.IGNORECASE)


def _slash_credits(text: str) -> tuple[str, list[ParsedCredit]]:
    """Unlabelled photo credits: "(NAME/Getty Images)", a caption ending "REUTERS/NAME", a line "A/B".

    A slash between a person and an agency is a photo credit; agencies alone are one credit when
    one of them is a picture agency ("Westend61/Getty Images"), and a byline of each when the line
    is nothing else ("AFP/The Local").
    """
    credits: list[ParsedCredit] = []
    for m in reversed(list(_PARENTHESIS.finditer(text))):
        found = _slash_credit(m.group(1), alone=False)
        if found:
            credits[:0] = found
            text = text[: m.start()] + " " + text[m.end() :]
    tail_start = max(text.rfind(". ") + 2, 0) if text.rfind(". ") >= 0 else 0
    tail = text[tail_start:]
    found = _slash_credit(tail, alone=tail_start == 0)
    if found:
        credits.extend(found)
        text = text[:tail_start]
    return text, credits


def _slash_credit(segment: str, alone: bool) -> list[ParsedCredit]:
    segment = _FILE_PHOTO_TAIL.sub("", segment.strip(_EDGE + ".").removeprefix("©").strip())
    if "/" not in segment or len(segment) > 100:
        return []
    parts = [p.strip() for p in re.split(r"\s*/\s*", segment)]
    if len(parts) < 2 or not all(parts):
        return []
    people = [i for i, p in enumerate(parts) if _slash_person(p)]
    orgs = [i for i, p in enumerate(parts) if i not in people and _slash_org(p)]
    if len(people) + len(orgs) != len(parts) or len(people) > 1 or not orgs:
        return []
    if people:
        i = people[0]
        desk = "/".join(parts[i + 1 :]) if i == 0 else "/".join(parts[:i])
        return [ParsedCredit(parts[i], "photographer", desk)]
    words = {w.lower() for p in parts for w in re.split(r"[\s-]+", p)}
    if words & _PHOTO_AGENCY_WORDS:
        return [ParsedCredit(segment, "photographer", segment)]
    if alone and any(p.lower() in _AGENCIES for p in parts):
        return [ParsedCredit(p, "writer", p) for p in parts]
    return []


def _slash_person(part: str) -> bool:
    tokens = part.split()
    if len(tokens) == 1:
        return "_" in part and part[0].isalpha() and not part.lower().endswith(("_star", "_news", "_times"))
    return 2 <= len(tokens) <= 4 and _is_name(part) and not _is_org(part)


def _slash_org(part: str) -> bool:
    pieces = [p for p in re.split(r"\s+-\s+|\s*,\s*", part) if p]
    return bool(pieces) and all(
        _is_org(p) or re.fullmatch(r"[A-Z][A-Za-z]+\d*(?:-[A-Z][A-Za-z]+)*", p) is not None
        or (_is_desk(p) and not _is_name(p)) or "_" in p
        for p in pieces
    )


_TAGLINE_NOUN = {
    "reporter": "reporter", "correspondent": "reporter", "journalist": "reporter",
    "writer": "writer", "columnist": "writer", "author": "writer", "critic": "writer",
    "editor": "editor", "photographer": "photographer", "photojournalist": "photographer",
}
_NAME_RE = r"(?P<name>[A-Z][\w’'.-]+(?:\s+(?:[A-Z][\w’'.-]+|van|von|de|da|del|der|bin|al))*)"
_IS_A = LazyPattern(
    rf"\A{_NAME_RE}\s+(?:is|was)\s+(?:an?|the)\s+(?P<desc>[^.]*?)\b(?P<noun>{'|'.join(_TAGLINE_NOUN)})s?\b(?P<rest>.*)\Z"
)
_WRITES = LazyPattern(
    rf"\A{_NAME_RE}\s+(?P<verb>writes|covers|reports)\s+(?:about|on)?[^.]*?\bfor\s+(?P<desk>[A-Z][^.]*?)\s*\Z"
)
_FOREIGN_IS = LazyPattern(
    rf"\A{_NAME_RE}\s+(?:es|est|ist|é)\s+(?!(?:el|la|los|las|un|una|le|les|une|der|die|das|ein|eine|o|a|um|uma|"
    r"muy|très|sehr|also|auch|más|plus|nicht|no|ne|pas)\b)[a-záéíóúñàèçäöüß]+"
)
_LEITET = LazyPattern(
    rf"\A{_NAME_RE}\s+leitet\s+(?:das\s+Ressort|die\s+Redaktion|das\s+Team)\s+(?P<desk>[A-Z][^.]*?)\s+bei\s+"
)
_COMMA_TITLE = LazyPattern(
    rf"\A(?:By\s+)?{_NAME_RE},\s+(?P<desk>(?:[A-Z][\w.&’'-]*\s+){{0,4}}?)(?:staff\s+|senior\s+|chief\s+)?"
    rf"(?P<noun>writer|reporter|correspondent|editor|photographer|columnist)\s*\Z"
)
_PIPE_TITLE = LazyPattern(
    rf"\A{_NAME_RE}\s*\|\s*(?:Staff\s+|Senior\s+|Chief\s+)?(?P<noun>Writer|Reporter|Correspondent|Editor|Photographer|Columnist)\b",
    re.IGNORECASE,
)


def _tagline(sentence: str) -> list[ParsedCredit]:
    """"A is a Metro reporter covering …", "A writes about politics for The Fix", "A, Nikkei staff writer"."""
    m = _IS_A.match(sentence)
    if m and _is_name(m["name"]) and "former" not in m["desc"]:
        desk = _tagline_desk(m["desc"], m["rest"])
        return [ParsedCredit(m["name"], _TAGLINE_NOUN[m["noun"]], desk)]
    m = _WRITES.match(sentence)
    if m and _is_name(m["name"]):
        role = "writer" if m["verb"] == "writes" else "reporter"
        return [ParsedCredit(m["name"], role, m["desk"])]
    m = _COMMA_TITLE.match(sentence)
    if m and _is_name(m["name"]):
        return [ParsedCredit(m["name"], _TAGLINE_NOUN[m["noun"].lower()], m["desk"].strip() or None)]
    m = _LEITET.match(sentence)
    if m and _is_name(m["name"]) and len(m["name"].split()) >= 2:
        return [ParsedCredit(m["name"], "writer", m["desk"])]
    m = _FOREIGN_IS.match(sentence)
    if m and _is_name(m["name"]) and len(m["name"].split()) >= 2:
        return [ParsedCredit(m["name"], "writer")]
    return []


# "… for Gothamist and WNYC", "… at Public Health Watch who …", "for Diverse: Issues in Higher Education".
_CAPITALISED = r"[A-Z][\w.&’'-]*"
_FOR_DESK = LazyPattern(
    rf"\b(?:for|at)\s+(?P<desk>(?:[Tt]he\s+)?{_CAPITALISED}"
    rf"(?:(?:\s+(?:of|and|in|for|the|de|la|on)|:)?\s+{_CAPITALISED})*)"
)


def _tagline_desk(desc: str, rest: str) -> str | None:
    capital = re.search(r"(?P<desk>(?:[A-Z][\w.&’'-]*\s+)+)$", desc)
    if capital:
        return capital["desk"].strip()
    after = _FOR_DESK.search(rest)
    if after:
        return after["desk"].strip()
    return None
