"""Whole archives: many files, directories and JSON Lines on stdin, read one story at a time.

Nothing here holds more than one file (or one line of a stream) in memory: directories are walked
lazily in name order, and each file's stories are handed on before the next file is opened. A file
that cannot be read is an item of its own (``Unreadable``), so one bad file does not stop the rest.
"""

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, TextIO

from provenance.errors import InputError
from provenance.readers.document import read_text_file
from provenance.readers.source_lines import read_source_lines
from provenance.readers.sources import SourceStory

STDIN: Final = "-"


@dataclass(frozen=True)
class Unreadable:
    """A file, or an item in one, that could not be read as a story: where and why."""

    where: str
    reason: str


Item = SourceStory | Unreadable
# A reader of a content system's export: the text of one file and its name, to the stories in it.
SourceReader = Callable[[str, str], Iterable[SourceStory | InputError]]


def _read_lines_text(text: str, name: str) -> Iterable[SourceStory | InputError]:
    return read_source_lines(text.splitlines(), name)


SOURCE_READERS: Final[dict[str, SourceReader]] = {
    "jsonl": _read_lines_text,
}
SOURCE_FORMATS: Final = tuple(SOURCE_READERS)
_SUFFIXES: Final = {".jsonl": "jsonl", ".ndjson": "jsonl"}


def guess_source_format(path: Path) -> str | None:
    """The source format a file's name says, or None when it does not say."""
    return _SUFFIXES.get(path.suffix.lower())


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


def source_items(paths: Sequence[str], fmt: str | None, stdin: TextIO) -> Iterator[tuple[int, Item]]:
    """(file number from 1, story or unreadable item) for every story the paths hold, lazily."""
    for number, path in enumerate(walk(paths), start=1):
        if path == STDIN:
            found: Iterable[SourceStory | InputError] = read_source_lines(stdin, "stdin")
        else:
            assert isinstance(path, Path)
            chosen = fmt or guess_source_format(path)
            if chosen is None:
                yield number, Unreadable(str(path), "cannot tell its format: give --format")
                continue
            try:
                found = (_stream_lines(path) if chosen == "jsonl"
                         else SOURCE_READERS[chosen](read_text_file(path), str(path)))
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
            yield number, Unreadable(str(path), _without(str(exc), str(path)))


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
