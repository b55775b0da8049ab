"""Plain text: every blank-line-separated block is a paragraph."""

from provenance.readers.document import ParsedDocument
from provenance.text.normalize import split_blocks


def parse_plain(text: str) -> ParsedDocument:
    """Every blank-line-separated block is one body paragraph; nothing else is detected."""
    return ParsedDocument(paragraphs=split_blocks(text))
