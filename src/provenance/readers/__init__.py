"""Reading a story from a file: a published article as scraped, plain text, JSON, XLIFF, and the
exports of content systems (Plone, WordPress, IPTC ninjs, a saved page) with their histories.

Everything here is pure: a file's bytes in, a ParsedDocument or SourceStory values out, or an
InputError saying why not. Each format has its own module; this one chooses between them.
"""

import json
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Final

from provenance.errors import InputError
from provenance.readers.article import parse_article
from provenance.readers.document import ParsedDocument, read_bytes, read_text_file
from provenance.readers.histories import checked, merged
from provenance.readers.html import is_html, read_html
from provenance.readers.json_document import parse_json
from provenance.readers.ninjs import is_ninjs, read_ninjs
from provenance.readers.plain import parse_plain
from provenance.readers.plone import (
    HISTORY_ALONE,
    is_history_alone,
    is_plone,
    plone_items,
    read_plone,
)
from provenance.readers.sources import SourceEvent, SourceStory, SourceVersion
from provenance.readers.wordpress import is_wordpress, read_wordpress

__all__ = [
    "FORMATS", "SOURCE_FORMATS", "ParsedDocument", "SourceEvent", "SourceStory", "SourceVersion",
    "choose_format", "guess_format", "guess_source_format", "read_bytes", "read_document",
    "read_source_items", "read_sources", "read_text_file",
]

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
                  whose: str = "its document") -> tuple[str, str | None]:
    """How to read a file for a document, and why (None when the name says it plainly): the
    format given, else json for a .json file, else the one the document (whose) remembers from its
    import, else the one the file's name suggests."""
    if given:
        return given, None
    if guess_format(path) == "json":
        return "json", None
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


# The content systems `import --format` reads, each with the test that recognises one of its items.
_JSON_SYSTEMS: Final = {"plone": is_plone, "wordpress": is_wordpress, "ninjs": is_ninjs}
SOURCE_FORMATS: Final = (*_JSON_SYSTEMS, "html")
_READERS: Final = {"plone": read_plone, "wordpress": read_wordpress, "ninjs": read_ninjs}
_MARKS: Final = ('plone ("@id" and "UID"), wordpress ("guid" and "content" with "rendered") '
                 'or ninjs ("uri" with "versioncreated", "headline(s)" or a body)')


def guess_source_format(data: bytes, name: str) -> str:
    """plone, wordpress, ninjs or html, from what a file holds; InputError saying why not."""
    if is_html(data):
        return "html"
    document = _json(data, name)
    items = _items(document)
    kinds = [sorted(kind for kind, test in _JSON_SYSTEMS.items() if test(item)) for item in items]
    for index, found in enumerate(kinds):
        if len(found) > 1:
            raise InputError(f"{name}{_item(document, index)}: cannot tell the format: it looks like "
                             f"{' and '.join(found)}; give --format")
    systems = sorted({found[0] for found in kinds if found})
    if len(systems) > 1:
        raise InputError(f"{name}: items from more than one system ({', '.join(systems)}); "
                         "give --format or split the file")
    if not systems:
        if is_history_alone(document):
            raise InputError(f"{name}: {HISTORY_ALONE}")
        if isinstance(document, dict) and "paragraphs" in document:
            raise InputError(f"{name}: this is a story document (\"paragraphs\"); "
                             "import it with --format json")
        raise InputError(f"{name}: JSON from another system: it has none of the marks of {_MARKS}")
    return systems[0]


def read_source_items(data: bytes, name: str, fmt: str | None = None,
                      now: datetime | None = None, page_time: datetime | None = None
                      ) -> Iterator[SourceStory | InputError]:
    """Every story in a content system's file, or for a story that cannot be read, the reason.

    A file that cannot be read at all (not JSON, not the format) raises InputError; one bad story
    among good ones is yielded as an InputError in its place, so that the others can still go in.
    Items of one file that name the same source are joined into one story (InputError if their
    histories disagree). Every story is checked: times with a zone, not in the future, in order.
    page_time dates a saved page that gives no time of its own.
    """
    fmt = fmt or guess_source_format(data, name)
    if fmt == "html":
        results: Iterator[SourceStory | InputError] = read_html(data, name, page_time)
    elif fmt in _READERS:
        results = _READERS[fmt](_json(data, name), name)
    else:
        raise InputError(f"unknown format {fmt!r}; content systems are {', '.join(SOURCE_FORMATS)}")
    stories: dict[tuple[str, str], SourceStory | InputError] = {}
    for index, result in enumerate(results):
        key = _identity(result, index)
        known = stories.get(key)
        if isinstance(result, SourceStory) and isinstance(known, SourceStory):
            try:
                result = merged(known, result)
            except InputError as exc:
                result = exc
        elif known is not None:
            result = known if isinstance(known, InputError) else result
        stories[key] = result
    for result in stories.values():
        if isinstance(result, InputError):
            yield result
            continue
        try:
            yield checked(result, now)
        except InputError as exc:
            yield exc


def read_sources(source: Path | bytes, fmt: str | None = None, name: str | None = None) -> list[SourceStory]:
    """Every story in a content system's file (or bytes); InputError at the first that is bad."""
    data = read_bytes(source) if isinstance(source, Path) else source
    label = name or (str(source) if isinstance(source, Path) else "-")
    stories = []
    for result in read_source_items(data, label, fmt):
        if isinstance(result, InputError):
            raise result
        stories.append(result)
    return stories


def _identity(result: SourceStory | InputError, index: int) -> tuple[str, str]:
    """What makes two items one source: the system's own id for it (never a title)."""
    if isinstance(result, SourceStory):
        for key in ("uid", "uri", "id", "url"):
            if key in result.identities:
                return (key, result.identities[key])
    return ("#", str(index))


def _json(data: bytes, name: str) -> object:
    """A file's JSON value; JSON Lines (one value a line) is read as a list."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 (invalid byte at offset {exc.start})") from None
    try:
        return json.loads(text)
    except RecursionError:
        raise InputError(f"{name}: the JSON is nested too deeply to read") from None
    except json.JSONDecodeError as exc:
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) > 1:
            try:
                return [json.loads(line) for line in lines]
            except (ValueError, RecursionError):
                pass
        raise InputError(f"{name}: neither an HTML page nor JSON: {exc.msg} at line {exc.lineno} "
                         f"column {exc.colno}") from None
    except ValueError:  # an integer of more digits than Python reads
        raise InputError(f"{name}: a number in the JSON has too many digits to read") from None


def _items(document: object) -> list[object]:
    if isinstance(document, dict) and "items" in document and "UID" not in document:
        return plone_items(document)
    return document if isinstance(document, list) else [document]


def _item(document: object, index: int) -> str:
    return f" item {index + 1}" if isinstance(document, list) else ""
