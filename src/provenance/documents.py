"""A story's documents by language tag: RFC 4647 lookup, and a NotFound that lists what there is."""

from provenance.errors import InputError, NotFound
from provenance.models import Document, Story
from provenance.text.language_tags import match_language


def find_document(story: Story, language: str) -> Document | None:
    """The story's document that the BCP 47 tag language names (RFC 4647 lookup), or None."""
    found = match_language(language, [d.language for d in story.documents])
    return next((d for d in story.documents if d.language == found), None)


def get_document(story: Story, language: str | None) -> Document:
    """The story's document in language (``ko-KR`` finds ``ko``, ``en`` a story's only English
    document, ``en-GB``); with None, its only document. NotFound names the languages it has."""
    languages = ", ".join(d.language for d in story.documents) or "none"
    if language is None:
        if len(story.documents) == 1:
            return story.documents[0]
        raise InputError(f"story {story.slug!r} has documents in {languages}: choose one with --language")
    document = find_document(story, language)
    if document is None:
        raise NotFound(f"story {story.slug!r} has no {language!r} document (its languages: {languages})")
    return document
