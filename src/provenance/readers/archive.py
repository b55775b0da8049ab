"""Whole archives: many files, directories and JSON Lines on stdin, read one story at a time.

Nothing here holds more than one file (or one line of a stream) in memory: directories are walked
lazily in name order, and each file's stories are handed on before the next file is opened. A file
that cannot be read is an item of its own (``Unreadable``), so one bad file does not stop the rest.
"""

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from pathlib import Path
from typing import Final, TextIO

from provenance.errors import InputError
from provenance.readers import SOURCE_FORMATS as SYSTEMS
from provenance.readers import read_source_items
from provenance.readers.document import read_bytes
from provenance.readers.source_lines import read_source_lines
from provenance.readers.sources import SourceStory

STDIN: Final = "-"


@dataclass(frozen=True)
class Unreadable:
    """A file, or an item in one, that could not be read as a story: where and why."""

    where: str
    reason: str


Item = SourceStory | Unreadable
# What `import` reads besides single documents: each content system's export, and the ledger's own
# JSON Lines form of stories (source_lines.py).
SOURCE_FORMATS: Final = (*SYSTEMS, "jsonl")


def is_story_lines(path: Path) -> bool:
    """Whether a file is stories as JSON Lines: its first line is an object with "system" and
    "versions" (a Plone or ninjs export written one item a line has neither)."""
    try:
        with path.open(encoding="utf-8") as handle:
            first = next((line for line in handle if line.strip()), "")
        value = json.loads(first)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return False
    return _is_story(value)


def _is_story(value: object) -> bool:
    """Whether a JSON value is a story in the ledger's form (a CMS's item has neither key)."""
    return isinstance(value, dict) and "system" in value and "versions" in value


def walk(paths: Sequence[str]) -> Iterator[Path | str]:
    """Each file named or under a directory named (recursively, in name order, hidden files
    skipped); ``-`` stays ``-`` for stdin."""
    for name in paths:
        if name == STDIN:
            yield STDIN
            continue
        path = Path(name)
        if path.is_dir():
            yield from _walk_dir(path)
        else:
            yield path


def _walk_dir(directory: Path) -> Iterator[Path]:
    with os.scandir(directory) as entries:
        names = sorted((e.name, e.is_dir()) for e in entries if not e.name.startswith("."))
    for name, is_dir in names:
        if is_dir:
            yield from _walk_dir(directory / name)
        else:
            yield directory / name


def count_files(paths: Sequence[str]) -> int | None:
    """How many files paths hold (for a progress bar); None when stdin is among them."""
    if STDIN in paths:
        return None
    return sum(1 for _ in walk(paths))


def source_items(paths: Sequence[str], fmt: str | None, stdin: TextIO,
                 page_time: datetime | None = None) -> Iterator[tuple[int, Item]]:
    """(file number from 1, story or unreadable item) for every story the paths hold, lazily;
    page_time dates a saved page that gives no time of its own."""
    for number, path in enumerate(walk(paths), start=1):
        if path == STDIN:
            found: Iterable[SourceStory | InputError] = _read_stdin(stdin, fmt, page_time)
        else:
            assert isinstance(path, Path)
            if fmt == "jsonl" or (fmt is None and is_story_lines(path)):
                found = _stream_lines(path)
            else:
                try:
                    # The system is guessed from the content when fmt is None.
                    found = read_source_items(read_bytes(path), str(path), fmt, page_time=page_time)
                except InputError as exc:
                    yield number, Unreadable(str(path), _without(str(exc), str(path)))
                    continue
        try:
            for item in found:
                if isinstance(item, InputError):
                    yield number, Unreadable(*_split(str(item)))
                else:
                    yield number, item
        except InputError as exc:
            label = "stdin" if path == STDIN else str(path)
            yield number, Unreadable(label, _without(str(exc), label))


def _read_stdin(stdin: TextIO, fmt: str | None, page_time: datetime | None
                ) -> Iterator[SourceStory | InputError]:
    """What is piped in: stories in the ledger's JSON Lines form, or a content system's items one
    a line (a wire feed), a line at a time; or one whole document, such as a pretty-printed answer
    of a CMS's API or a saved page, read whole (it is one document)."""
    if fmt == "jsonl":
        yield from read_source_lines(_lines_of(stdin), "stdin")
        return
    lines = _lines_of(stdin)
    head = list(_up_to_first_text(lines))
    if not head:
        return
    try:
        if fmt == "html":
            raise ValueError("a page is read whole")
        first = json.loads(head[-1])
    except (ValueError, RecursionError):  # a page, or one document over many lines
        yield from read_source_items(_bytes("".join(head) + "".join(lines)), "stdin", fmt,
                                     page_time=page_time)
        return
    every = chain(head, lines)
    if fmt is None and _is_story(first):
        yield from read_source_lines(every, "stdin")
        return
    for number, line in enumerate(every, start=1):
        if line.strip():
            try:
                yield from read_source_items(_bytes(line.rstrip("\r\n")),
                                             f"stdin line {number}", fmt)
            except InputError as exc:
                yield exc


def _lines_of(stdin: TextIO) -> Iterator[str]:
    """stdin's lines, read as bytes where it can be (a pipe of any bytes must not stop the run at
    a line that is not UTF-8): such bytes become surrogate escapes, which the readers refuse."""
    binary = getattr(stdin, "buffer", None)
    if binary is None:
        yield from stdin
        return
    for raw in binary:
        yield raw.decode("utf-8", "surrogateescape")


def _bytes(text: str) -> bytes:
    """Text read from stdin as the bytes that came in (bytes that are not UTF-8 arrive as
    surrogate escapes, and are refused as not UTF-8 by the reader)."""
    return text.encode("utf-8", "surrogateescape")


def _up_to_first_text(lines: Iterator[str]) -> Iterator[str]:
    """The lines up to and including the first that is not blank."""
    for line in lines:
        yield line
        if line.strip():
            return


def _stream_lines(path: Path) -> Iterator[SourceStory | InputError]:
    """A JSON Lines file's stories one line at a time, however large the file."""
    try:
        handle = path.open(encoding="utf-8", newline=None)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}") from None
    with handle:
        try:
            yield from read_source_lines(handle, str(path))
        except UnicodeDecodeError:
            yield InputError(f"{path}: not UTF-8 text")


def _without(message: str, prefix: str) -> str:
    return message[len(prefix) + 2:] if message.startswith(f"{prefix}: ") else message


def _split(message: str) -> tuple[str, str]:
    where, _, reason = message.partition(": ")
    return (where, reason) if reason else ("", message)
