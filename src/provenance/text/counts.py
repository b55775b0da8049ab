"""Counting things in messages: "1 paragraph", "2 paragraphs", "1 person", "3 people"."""

__all__ = ["count", "noun_for"]

_IRREGULAR = {"person": "people", "story": "stories", "is": "are", "was": "were", "has": "have"}


def count(n: int, noun: str, plural: str | None = None) -> str:
    """n and the noun in the number n takes: ``count(1, "finding")`` is "1 finding"."""
    return f"{n} {noun_for(n, noun, plural)}"


def noun_for(n: int, noun: str, plural: str | None = None) -> str:
    """The noun (or verb) as it agrees with n: "paragraph" for 1, "paragraphs" for 0 or 2."""
    if n == 1:
        return noun
    return plural or _IRREGULAR.get(noun) or f"{noun}s"
