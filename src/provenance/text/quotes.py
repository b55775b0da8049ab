"""Finding the passages of a text that stand inside quotation marks, in the scripts we publish in."""

import re

__all__ = ["quotes"]

# Straight and curly double quotes, corner brackets and guillemets (either direction).
_QUOTED = re.compile(r'"([^"]+)"|“([^”]+)”|「([^」]+)」|«([^»]+)»|»([^«]+)«|『([^』]+)』')


def quotes(text: str) -> list[str]:
    """The quoted passages of a text, in order."""
    return [next(g for g in m.groups() if g is not None).strip() for m in _QUOTED.finditer(text)]
