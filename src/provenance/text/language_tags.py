"""BCP 47 language tags: checked for form and written in their canonical case."""

import re

from provenance.errors import InputError

_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


def language_tag(tag: str) -> str:
    """Return tag in canonical case (``zh-Hant-TW``, ``ko``), or raise InputError if malformed."""
    tag = tag.strip().replace("_", "-")
    if not _TAG.match(tag):
        raise InputError(f"not a BCP 47 language tag: {tag!r} (for example: en, ko, zh-Hant)")
    first, *rest = tag.split("-")
    parts = [first.lower()]
    for part in rest:
        if len(part) == 4 and part.isalpha():
            parts.append(part.title())
        elif len(part) == 2 and part.isalpha():
            parts.append(part.upper())
        else:
            parts.append(part.lower())
    return "-".join(parts)
