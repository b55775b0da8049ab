"""Text that cannot hurt where it is shown: a terminal, a JSON document, an HTML page.

A source may send anything: escape sequences that clear a screen, write a clipboard (OSC 52) or
hide a link (OSC 8), and bidirectional overrides that make text read in an order other than its
bytes'. The rule: control characters are refused wherever anything is stored (check_storable);
whatever reaches output (bidirectional overrides, which right-to-left text may carry, or control
characters quoted from a file being read) is shown escaped.
"""

import re

from provenance.errors import InputError

# C0 controls but tab and line feed, DEL, C1 controls, and the bidirectional embeddings, overrides
# and isolates (U+202A-U+202E, U+2066-U+2069) that reorder what a reader sees.
# Lone surrogates stand for bytes of a file name or argument that were not UTF-8.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# What JSON leaves raw but a terminal or a JavaScript parser would act on: DEL, C1 controls,
# bidirectional controls, and the line and paragraph separators.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# What may not be stored at all: NUL and the other C0 controls (tab and line breaks fold to spaces
# before this is asked), DEL, the C1 controls, and lone surrogates (bytes that were not UTF-8).
# PostgreSQL cannot store NUL; the rest would be terminal commands hidden in a record meant to be
# read for years.
_UNSTORABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_JSON_HTML_UNSAFE = re.compile("[<>&\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _shown(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20 or code == 0x7F:
        return "^" + chr(code ^ 0x40)  # caret notation, as less and cat -v show them: ESC is ^[
    return f"<U+{code:04X}>"


def visible(text: str) -> str:
    """text with control characters and bidirectional overrides shown as escapes (``^[``,
    ``<U+202E>``) the way less shows them; tabs and line breaks kept."""
    return _UNSAFE.sub(_shown, text)


def escape_controls(text: str) -> str:
    """text with control characters (not bidirectional controls) shown as visible() shows them:
    what XML cannot carry at all, for data exports that keep everything else as stored."""
    return _UNSTORABLE.sub(_shown, text)


def has_control(text: str) -> bool:
    """Whether text holds a character visible() would escape."""
    return _UNSAFE.search(text) is not None




def check_storable(text: str, what: str) -> str:
    """text, or InputError naming the first control character in it and where."""
    found = _UNSTORABLE.search(text)
    if found is not None:
        raise InputError(f"{what} holds the control character U+{ord(found.group()):04X} at "
                         f"character {found.start() + 1}: control characters cannot be stored")
    return text


def _unicode_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def escape_json(text: str, *, html: bool = False) -> str:
    """A JSON text with the characters JSON allows raw but terminals or scripts act on written as
    \\u escapes; with html, ``<``, ``>`` and ``&`` too, so it can sit in a ``<script>`` element.

    Only strings can hold these characters, so escaping them anywhere keeps the same JSON value.
    """
    return (_JSON_HTML_UNSAFE if html else _JSON_UNSAFE).sub(_unicode_escape, text)
