"""The log: what each revision changed, read for a whole archive in a few queries."""

import json
import random

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment
from sqlalchemy import event

from provenance.cli.common import emit_json, emit_json_list
from provenance.db import transaction
from provenance.diffing import diff_texts
from provenance.log import activity_log, changes, document_log
from provenance.people import person_named
from provenance.readers import ParsedDocument
from provenance.revisions import revise
from provenance.stories import get_document, get_story, import_document
from provenance.text.paragraph_alignment import MIN_SIMILARITY, _assign
from provenance.text.word_diff import tokenize

FIRST = ["The library opens late.", "It has ten thousand books.", "The mayor spoke.", "Nobody came."]
# ¶1 one word changed, ¶3 deleted ("The mayor spoke."), a paragraph of three words inserted.
SECOND = ["The library opens early.", "It has ten thousand books.", "Nobody came.", "Then everyone came."]


def _stories(engine, first: int, count: int) -> None:
    with transaction(engine) as session:
        for n in range(first, first + count):
            import_document(session, ParsedDocument(title=f"Story {n}", paragraphs=FIRST),
                            slug=f"story-{n}", language="en", author="Ann Reporter", role="reporter")
    with transaction(engine) as session:
        editor = person_named(session, "Ed Itor")
        for n in range(first, first + count):
            document = get_document(session, get_story(session, f"story-{n}"), "en")
            revise(session, document, SECOND, author=editor, activity="edit", message=f"edit {n}")


def _statements(engine, call):
    count = [0]

    def listener(*_):
        count[0] += 1

    event.listen(engine, "before_cursor_execute", listener)
    try:
        with transaction(engine) as session:
            result = call(session)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return result, count[0]


def test_a_revision_counts_paragraphs_and_words_it_changed(engine):
    _stories(engine, 1, 1)
    with transaction(engine) as session:
        newest, first = document_log(session, get_document(session, get_story(session, "story-1"), "en"))
    assert (newest.revision, newest.author, newest.message) == (2, "Ed Itor", "edit 1")
    assert {op: n for op, n in newest.counts.items() if n} == {"edit": 1, "delete": 1, "insert": 1}
    # "late" became "early"; "Then everyone came" is new; "The mayor spoke" went.
    assert (newest.words_added, newest.words_removed) == (1 + 3, 1 + 3)
    assert {op: n for op, n in first.counts.items() if n} == {"insert": 4}
    assert (first.words_added, first.words_removed) == (4 + 5 + 3 + 2, 0)


def test_log_all_reads_any_number_of_revisions_in_the_same_queries(engine):
    _stories(engine, 1, 2)
    small, few = _statements(engine, lambda session: list(activity_log(session)))
    _stories(engine, 3, 6)
    large, many = _statements(engine, lambda session: list(activity_log(session)))
    assert (len(small), len(large)) == (4, 16)
    assert few == many <= 6  # PostgreSQL sets up the transaction in one more
    # Newest first, each story's edit before its first revision, and what each changed.
    assert [(e.story, e.revision) for e in large[:3]] == [("story-8", 2), ("story-7", 2), ("story-6", 2)]
    assert [(e.story, e.revision) for e in large[-4:]] == [
        ("story-2", 2), ("story-1", 2), ("story-2", 1), ("story-1", 1)]
    assert all(e.words_added == 4 for e in large if e.revision == 2)


def test_log_all_is_yielded_as_it_is_read(engine):
    _stories(engine, 1, 3)
    with transaction(engine) as session:
        entries = activity_log(session)
        assert not isinstance(entries, list)
        assert next(entries).revision == 2


def _diff_counts(old, new):
    """What a revision changed, counted from the diff `provenance diff` shows."""
    from provenance.blame import is_word

    counts, added, removed = {}, 0, 0
    for paragraph in diff_texts(old, new):
        if paragraph.op != "equal":
            counts[paragraph.op] = counts.get(paragraph.op, 0) + 1
        for change in paragraph.changes:
            if change.op in ("insert", "replace"):
                added += sum(map(is_word, tokenize(change.new)))
            if change.op in ("delete", "replace"):
                removed += sum(map(is_word, tokenize(change.old)))
    return counts, added, removed


def test_changes_are_those_of_the_diff():
    rng = random.Random(5)
    words = ["news", "city", "mayor", "library", "night", "books", "said", "the", "a", "도서관", "市长", "."]
    for _ in range(200):
        old = [" ".join(rng.choices(words, k=rng.randint(1, 12))) for _ in range(rng.randint(0, 8))]
        new = [p for p in old if rng.random() < 0.8]
        for k in range(len(new)):
            if rng.random() < 0.3:
                new[k] = new[k].replace(rng.choice(words), rng.choice(words), 1)
        if new and rng.random() < 0.3:
            new.insert(rng.randrange(len(new)), new.pop())
        new += [" ".join(rng.choices(words, k=rng.randint(1, 12))) for _ in range(rng.randint(0, 2))]
        counts, added, removed = changes(old, new)
        assert ({op: n for op, n in counts.items() if n}, added, removed) == _diff_counts(old, new)


def test_pairs_without_rivals_skip_the_assignment_solver_and_agree_with_it():
    rng = random.Random(9)
    without_rivals = 0
    for _ in range(500):
        rows, cols = rng.randint(1, 6), rng.randint(1, 6)
        sim = np.array([[rng.choice([0.5, 0.7, 1.0]) if rng.random() < 0.2 else rng.random() * 0.5
                         for _ in range(cols)] for _ in range(rows)])
        candidates = sim >= MIN_SIMILARITY
        without_rivals += bool((candidates.sum(axis=0) <= 1).all() and (candidates.sum(axis=1) <= 1).all())
        r_idx, c_idx = linear_sum_assignment(np.where(candidates, sim, 0.0), maximize=True)
        solved = [(r, c) for r, c in zip(r_idx.tolist(), c_idx.tolist(), strict=True) if candidates[r, c]]
        assert _assign(sim, range(rows), range(cols)) == solved
    assert without_rivals > 200


@pytest.mark.parametrize("items", [[], [{"a": 1, "b": [1, 2], "c": {"d": "é\u202e"}}, {"a": 2}]])
def test_a_streamed_json_list_reads_as_the_whole_list_would(items, capsys):
    emit_json(items)
    whole = capsys.readouterr().out
    emit_json_list(iter(items))
    assert capsys.readouterr().out == whole
    assert json.loads(whole) == items
