"""BCP 47 language tags: checked against the IANA registry, written in canonical form, and matched.

langcodes does the reading: it knows the registry (so ``xx-YY`` is refused while ``ko-KR`` and
``zh-Hant`` are kept), the canonical case, and the registry's replacements (``iw`` is ``he``,
``zh-cmn-Hans`` is ``zh-Hans``, a script a language is always written in is dropped: ``ko-Kore`` is
``ko``). An underscore is read as a hyphen, because CAT tools and gettext write locales that way
(``zh_Hans``, ``pt_BR``).

Matching a requested tag against the tags a story has follows RFC 4647: an exact match; else
*lookup* (the request loses its last subtag until something matches: ``ko-KR`` finds ``ko``);
else, reading the request as a range, the one tag it covers (*basic filtering*: ``en`` finds a
story's only English document, ``en-GB``). Last, with CLDR's likely subtags filled in, the one
tag of the same language and script whose region does not contradict the request's: ``zh-CN``
(as Crowdin writes it) finds ``zh-Hans``, ``zh-HK`` finds ``zh-Hant``. ``zh-Hant`` and ``zh-Hans``
never match each other, nor do ``en-US`` and ``en-GB``.
"""

from collections.abc import Iterable

from provenance.errors import InputError

__all__ = ["language_tag", "match_language", "script_of_language"]

_EXAMPLES = "for example: en, ko, zh-Hant, en-GB"


def language_tag(tag: str) -> str:
    """Return tag in canonical form (``zh-Hant-TW``, ``ko``), or raise InputError if it is not one."""
    # Imported here: loading the registry costs every command start-up, and most name no language.
    import langcodes
    from langcodes.tag_parser import LanguageTagError

    text = tag.strip().replace("_", "-")
    try:
        canonical = langcodes.standardize_tag(text)
    except (LanguageTagError, ValueError):
        raise InputError(f"not a BCP 47 language tag: {tag!r} ({_EXAMPLES})") from None
    if not langcodes.tag_is_valid(canonical):
        raise InputError(f"not a BCP 47 language tag in the IANA registry: {tag!r} ({_EXAMPLES})")
    return canonical


def _canonical(tag: str) -> str:
    """A stored tag in canonical form; a tag stored before tags were checked is compared as it is."""
    try:
        return language_tag(tag)
    except InputError:
        return tag


def match_language(requested: str, available: Iterable[str]) -> str | None:
    """The one of available (as stored) that requested names, by RFC 4647; None if none does.

    InputError when requested, read as a range, covers several and none matches it better
    (``zh`` on a story with ``zh-Hans`` and ``zh-Hant``).
    """
    stored = {_canonical(tag): tag for tag in available}
    wanted = language_tag(requested)
    parts = wanted.split("-")
    while parts:
        found = stored.get("-".join(parts))
        if found is not None:
            return found
        parts.pop()
        if parts and len(parts[-1]) == 1:  # RFC 4647 lookup drops a singleton with what follows it
            parts.pop()
    covered = sorted(tag for canonical, tag in stored.items()
                     if canonical.lower().startswith(wanted.lower() + "-"))
    if not covered:
        covered = sorted(tag for canonical, tag in stored.items() if _same_writing(wanted, canonical))
    if len(covered) > 1:
        raise InputError(f"{wanted!r} could be any of {', '.join(covered)}: say which")
    return covered[0] if covered else None


def _same_writing(a: str, b: str) -> bool:
    """Same language and likely script, and regions that do not differ where both are given."""
    import langcodes

    first, second = langcodes.Language.get(a), langcodes.Language.get(b)
    if first.territory and second.territory and first.territory != second.territory:
        return False
    full_first, full_second = first.maximize(), second.maximize()
    return (full_first.language, full_first.script) == (full_second.language, full_second.script)


def script_of_language(tag: str) -> str:
    """The ISO 15924 script a language is most likely written in (``ko`` Kore, ``zh-TW`` Hant)."""
    import langcodes

    script = langcodes.Language.get(_canonical(tag)).maximize().script
    return script or "Zyyy"
