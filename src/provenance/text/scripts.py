"""Which writing system a text is in, and whether a language tag could be written in it.

A text's script is the ISO 15924 code of most of its letters, read from their Unicode names
(``HANGUL SYLLABLE GA`` is Hang, ``CJK UNIFIED IDEOGRAPH-4E2D`` Hani). A language's script comes
from its tag (``language_tags.script_of_language``); the scripts a language is written in are
that one and its parts: Korean (Kore) mixes Hangul and Han, Japanese (Jpan) Han and the kana.
"""

import unicodedata
from collections import Counter
from collections.abc import Iterable
from typing import Final

__all__ = ["dominant_script", "script_fits", "script_name"]

# The first word of a letter's Unicode name, for the scripts news is written in.
_SCRIPT_OF_NAME: Final = {
    "LATIN": "Latn", "HANGUL": "Hang", "CJK": "Hani", "HIRAGANA": "Hira", "KATAKANA": "Kana",
    "CYRILLIC": "Cyrl", "GREEK": "Grek", "ARABIC": "Arab", "HEBREW": "Hebr", "THAI": "Thai",
    "DEVANAGARI": "Deva", "BENGALI": "Beng", "TAMIL": "Taml", "GEORGIAN": "Geor",
    "ARMENIAN": "Armn", "ETHIOPIC": "Ethi", "KHMER": "Khmr", "LAO": "Laoo", "MYANMAR": "Mymr",
    "TIBETAN": "Tibt", "BOPOMOFO": "Bopo", "MONGOLIAN": "Mong",
}
# Scripts that are written together under one code.
_PARTS: Final = {
    "Kore": frozenset({"Hang", "Hani"}),
    "Jpan": frozenset({"Hani", "Hira", "Kana"}),
    "Hans": frozenset({"Hani"}),
    "Hant": frozenset({"Hani", "Bopo"}),
}


def dominant_script(texts: Iterable[str]) -> str | None:
    """The ISO 15924 code of most of the letters in texts; None when they have no letters."""
    counts: Counter[str] = Counter()
    for text in texts:
        for char in text:
            if unicodedata.category(char).startswith("L"):
                word = unicodedata.name(char, "").split(" ")[0]
                counts[_SCRIPT_OF_NAME.get(word, word.title() or "Zzzz")] += 1
    return counts.most_common(1)[0][0] if counts else None


def script_fits(language_script: str, text_script: str | None) -> bool:
    """Whether a text mostly in text_script could be in a language written in language_script."""
    if text_script is None:
        return True
    return text_script in _PARTS.get(language_script, frozenset({language_script}))


_NAMES: Final = {
    "Latn": "the Latin alphabet", "Hang": "Hangul", "Hani": "Han characters", "Hira": "hiragana",
    "Kana": "katakana", "Cyrl": "Cyrillic", "Grek": "Greek", "Arab": "Arabic", "Hebr": "Hebrew",
    "Thai": "Thai", "Deva": "Devanagari",
}


def script_name(code: str) -> str:
    """A script's name for a message: ``Hangul``, ``the Latin alphabet`` (else its ISO 15924 code)."""
    return _NAMES.get(code, f"the {code} script")
