"""provenance: who wrote which words, in which language, from what.

The library behind the `provenance` command. Open a database, run services inside one
transaction, get plain data back::

    from provenance import make_engine, transaction, upgrade, import_document, read_document

docs/api.md walks through importing, revising, translating, the chain report, the audit and
verification. Names are imported on first use, so `import provenance` stays cheap.
"""

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# The database used when none is given: this environment variable, else a SQLite file here.
DATABASE_URL_VARIABLE = "PROVENANCE_DATABASE_URL"
DEFAULT_DATABASE_URL = "sqlite:///provenance.sqlite"

# Each public name and the module it lives in.
_EXPORTS = {
    # the database
    "make_engine": "provenance.db",
    "transaction": "provenance.db",
    "upgrade": "provenance.migrations",
    # errors
    "ProvenanceError": "provenance.errors",
    "InputError": "provenance.errors",
    "NotFound": "provenance.errors",
    "Conflict": "provenance.errors",
    "ConcurrentWrite": "provenance.errors",
    "DatabaseError": "provenance.errors",
    # reading files
    "ParsedDocument": "provenance.readers",
    "read_document": "provenance.readers",
    # stories, revisions and translations
    "import_document": "provenance.stories",
    "get_story": "provenance.stories",
    "get_document": "provenance.stories",
    "get_revision": "provenance.stories",
    "list_stories": "provenance.stories",
    "revise": "provenance.revisions",
    "revision_paragraphs": "provenance.revisions",
    "translate": "provenance.translations",
    "translate_xliff": "provenance.translations",
    "correct_links": "provenance.translations",
    "person_named": "provenance.people",
    # what the history says
    "document_log": "provenance.log",
    "activity_log": "provenance.log",
    "diff_revisions": "provenance.diffing",
    "blame_revision": "provenance.blame",
    "chain_report": "provenance.chain",
    # credits and bylines
    "add_credit": "provenance.credits",
    "story_credits": "provenance.credits",
    "story_byline": "provenance.credits",
    "parse_credit_line": "provenance.text.credit_parsing",
    "render_byline": "provenance.text.bylines",
    # checking it
    "Finding": "provenance.findings",
    "audit_story": "provenance.audit",
    "verify_history": "provenance.verify",
}

__all__ = [
    "DATABASE_URL_VARIABLE",
    "DEFAULT_DATABASE_URL",
    "ConcurrentWrite",
    "Conflict",
    "DatabaseError",
    "Finding",
    "InputError",
    "NotFound",
    "ParsedDocument",
    "ProvenanceError",
    "__version__",
    "activity_log",
    "add_credit",
    "audit_story",
    "blame_revision",
    "chain_report",
    "correct_links",
    "diff_revisions",
    "document_log",
    "get_document",
    "get_revision",
    "get_story",
    "import_document",
    "list_stories",
    "make_engine",
    "parse_credit_line",
    "person_named",
    "read_document",
    "render_byline",
    "revise",
    "revision_paragraphs",
    "story_byline",
    "story_credits",
    "transaction",
    "translate",
    "translate_xliff",
    "upgrade",
    "verify_history",
]

if TYPE_CHECKING:
    from provenance.audit import audit_story
    from provenance.blame import blame_revision
    from provenance.chain import chain_report
    from provenance.credits import add_credit, story_byline, story_credits
    from provenance.db import make_engine, transaction
    from provenance.diffing import diff_revisions
    from provenance.errors import (
        ConcurrentWrite,
        Conflict,
        DatabaseError,
        InputError,
        NotFound,
        ProvenanceError,
    )
    from provenance.findings import Finding
    from provenance.log import activity_log, document_log
    from provenance.migrations import upgrade
    from provenance.people import person_named
    from provenance.readers import ParsedDocument, read_document
    from provenance.revisions import revise, revision_paragraphs
    from provenance.stories import get_document, get_revision, get_story, import_document, list_stories
    from provenance.text.bylines import render_byline
    from provenance.text.credit_parsing import parse_credit_line
    from provenance.translations import correct_links, translate, translate_xliff
    from provenance.verify import verify_history


def __getattr__(name: str) -> Any:
    """Import a public name from its module the first time it is asked for."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'provenance' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
