"""Reading a story's text from a file: a published article as scraped, plain text, JSON, XLIFF.

Everything here is pure: a file's bytes in, a ParsedDocument out, or an InputError saying why not.
Each format has its own module; this one chooses between them.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Final

from provenance.errors import InputError
from provenance.readers.article import parse_article
from provenance.readers.document import ParsedDocument, read_bytes, read_text_file
from provenance.readers.json_document import parse_json
from provenance.readers.plain import parse_plain

__all__ = ["FORMATS", "ParsedDocument", "choose_format", "guess_format", "read_bytes", "read_document",
           "read_text_file"]

READERS: Final[dict[str, Callable[[str], ParsedDocument]]] = {
    "article": parse_article,
    "plain": parse_plain,
    "json": parse_json,
}
# The formats `import`, `revise` and `translate` read, in the order their help lists them.
FORMATS: Final = tuple(READERS)


def guess_format(path: Path) -> str:
    """The format a file's name suggests: json for .json, article otherwise."""
    return "json" if path.suffix.lower() == ".json" else "article"


def choose_format(path: Path, given: str | None, remembered: str | None,
                  whose: str = "its document") -> tuple[str, str]:
    """How to read a file for a document, and why: the format given, else the one the document
    (whose) remembers from its import, else the one the file's name suggests."""
    if given:
        return given, "as asked"
    if remembered in READERS:
        return remembered, f"the format {whose} was imported in"
    return guess_format(path), "guessed from the file's name"


def read_document(path: Path, fmt: str | None = None) -> ParsedDocument:
    """Read and parse a story file in the given format (guessed from its name if None)."""
    fmt = fmt or guess_format(path)
    text = read_text_file(path)
    try:
        parsed = READERS[fmt](text)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None
    if not parsed.paragraphs:
        raise InputError(f"{path}: no paragraphs to import")
    return parsed
