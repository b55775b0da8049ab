from datetime import UTC

import pytest
from sqlalchemy import func, select

from conftest import SEED, SEED_BYLINE
from provenance.credits import story_byline, story_credits
from provenance.db import make_engine, transaction
from provenance.errors import Conflict, NotFound
from provenance.integrity import canonical_hash, revision_form
from provenance.models import ParagraphVersion, Revision, TextBlob
from provenance.readers import ParsedDocument, read_document
from provenance.stories import (
    get_document,
    get_revision,
    get_story,
    import_document,
    list_stories,
    revision_text,
    slugify,
)


def test_seed_import_makes_revision_1_with_19_paragraphs_and_the_byline(engine):
    with transaction(engine) as session:
        result = import_document(session, read_document(SEED), slug="nk", language="en",
                                 author="Eugene Whong", role="writer")
    assert (result.story, result.revision, result.paragraphs, result.credits) == ("nk", 1, 19, 4)
    with transaction(engine) as session:
        story = get_story(session, "nk")
        revision = get_revision(session, get_document(session, story, None), None)
        text = revision_text(session, revision)
        assert text.author == "Eugene Whong"
        assert text.activity == "write"
        assert text.time.tzinfo == UTC
        assert len(text.paragraphs) == 19
        assert story_byline(session, story) == SEED_BYLINE
        assert [c.role for c in story_credits(session, story)] == [
            "reporter", "reporter", "translator", "writer"]


def test_identical_paragraphs_share_one_stored_text(engine):
    parsed = ParsedDocument(paragraphs=["Same words.", "Other words.", "Same words."])
    with transaction(engine) as session:
        import_document(session, parsed, slug="twice", language="en")
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(TextBlob)) == 2
        # Two paragraphs (two lineages) that happen to read the same.
        assert session.scalar(select(func.count()).select_from(ParagraphVersion)) == 3


def test_revision_hash_is_the_hash_of_its_canonical_form(engine):
    with transaction(engine) as session:
        import_document(session, ParsedDocument(paragraphs=["a", "b"]), slug="s", language="en")
    with transaction(engine) as session:
        revision = session.scalars(select(Revision)).one()
        assert revision.hash == canonical_hash(revision_form(session, revision))
        form = revision_form(session, revision)
        assert [p["position"] for p in form["paragraphs"]] == [1, 2]
        assert form["parent"] is None


def test_a_second_language_joins_the_story_and_adds_only_new_credits(engine):
    from provenance.text.credit_parsing import ParsedCredit

    ko = ParsedDocument(paragraphs=["한국어 문단."], credits=[ParsedCredit("A Kim", "reporter")])
    en = ParsedDocument(paragraphs=["An English paragraph."],
                        credits=[ParsedCredit("A Kim", "reporter"),
                                 ParsedCredit("B Lee", "translator")])
    with transaction(engine) as session:
        import_document(session, ko, slug="s", language="ko")
        result = import_document(session, en, slug="s", language="en")
    assert result.credits == 1
    with transaction(engine) as session:
        story = get_story(session, "s")
        assert [(c.name, c.role) for c in story_credits(session, story)] == [
            ("A Kim", "reporter"), ("B Lee", "translator")]
        [summary] = list_stories(session)
        assert summary.languages == ["ko", "en"]
        assert summary.revisions == 2


def test_the_same_language_twice_is_a_conflict_and_stores_nothing(engine):
    with transaction(engine) as session:
        import_document(session, ParsedDocument(paragraphs=["a"]), slug="s", language="en")
    with pytest.raises(Conflict, match="already has a 'en' document"), \
            transaction(engine) as session:
        import_document(session, ParsedDocument(paragraphs=["b"]), slug="s", language="en")
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(Revision)) == 1


def test_unknown_story_and_revision(engine):
    with transaction(engine) as session:
        import_document(session, ParsedDocument(paragraphs=["a"]), slug="s", language="en")
    with transaction(engine) as session:
        with pytest.raises(NotFound, match="no story 'nope'"):
            get_story(session, "nope")
        document = get_document(session, get_story(session, "s"), "en")
        with pytest.raises(NotFound, match="no revision 7"):
            get_revision(session, document, 7)
        with pytest.raises(NotFound, match="no 'fr' document"):
            get_document(session, get_story(session, "s"), "fr")


def test_slugify():
    assert slugify("North Korea Gives Control of State-Run Companies to Local Government "
                   "Officials") == "north-korea-gives-control-of-state-run-companies-to-local"
    assert slugify("Café «Über» 2021") == "cafe-uber-2021"
    assert slugify("새빛시") == ""


def test_listing_stories_takes_one_query_however_many_there_are(engine):
    from sqlalchemy import event

    from provenance.people import person_named
    from provenance.revisions import revise

    with transaction(engine) as session:
        for n in range(1, 6):
            import_document(session, ParsedDocument(paragraphs=[f"Paragraph {n}."], title=f"Title {n}"),
                            slug=f"story-{n}", language="en")
        import_document(session, ParsedDocument(paragraphs=["번역 문단."], title="제목"),
                        slug="story-2", language="ko")
        document = get_document(session, get_story(session, "story-2"), "en")
        revise(session, document, ["Paragraph 2, edited."], author=person_named(session, "Ed"),
               activity="edit", title="Title 2, edited")
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    # A listing reads, as `stories` does: in a read-only transaction (a writer's also takes the
    # writers' lock on PostgreSQL, one more statement).
    reader = make_engine(engine.url.render_as_string(hide_password=False), read_only=True)
    event.listen(reader, "before_cursor_execute", count)
    try:
        with transaction(reader) as session:
            summaries = list_stories(session)
    finally:
        event.remove(reader, "before_cursor_execute", count)
        reader.dispose()
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1
    assert [(s.slug, s.languages, s.revisions, s.title) for s in summaries] == [
        ("story-1", ["en"], 1, "Title 1"),
        ("story-2", ["en", "ko"], 3, "Title 2, edited"),
        ("story-3", ["en"], 1, "Title 3"),
        ("story-4", ["en"], 1, "Title 4"),
        ("story-5", ["en"], 1, "Title 5"),
    ]
