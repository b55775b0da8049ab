import json

import pytest

from conftest import SEED
from provenance.errors import InputError
from provenance.readers import parse_article, parse_json, parse_plain, read_document
from provenance.text.credit_parsing import ParsedCredit


def test_seed_article_has_title_caption_19_paragraphs_and_its_credits():
    parsed = read_document(SEED)
    assert parsed.title == (
        "North Korea Gives Control of State-Run Companies to Local Government Officials"
    )
    assert parsed.caption is not None
    assert parsed.caption.startswith("An employee of the Rangnang Disabled Soldiers")
    assert parsed.caption.endswith("on Monday, March 1, 2021.")
    assert len(parsed.paragraphs) == 19
    assert parsed.paragraphs[0].startswith("North Korea has ordered local officials")
    assert parsed.paragraphs[-1].startswith("“In general, Kim seems")
    assert not any("Add your comment" in p or "Reported by" in p for p in parsed.paragraphs)
    desk = "RFA’s Korean Service"
    assert parsed.credits == [
        ParsedCredit("Hyemin Son", "reporter", desk),
        ParsedCredit("Hee Jung Yang", "reporter", desk),
        ParsedCredit("Leejin Jun", "translator"),
        ParsedCredit("Eugene Whong", "writer"),
    ]


def test_article_without_caption_or_credits_keeps_every_body_paragraph():
    parsed = parse_article("A title\n\nOne.\n\nTwo.\n")
    assert (parsed.title, parsed.caption, parsed.paragraphs, parsed.credits) == (
        "A title", None, ["One.", "Two."], [])


def test_plain_detects_nothing():
    text = "A title\n\nA title and a caption\n\nReported by A B for RFA’s Korean Service.\n"
    assert parse_plain(text).paragraphs == [
        "A title", "A title and a caption", "Reported by A B for RFA’s Korean Service."]
    assert parse_plain(text).credits == []


def test_json_document():
    parsed = parse_json(json.dumps({
        "title": "T", "language": "KO", "paragraphs": ["  one ", "", "two"],
        "credits": [{"name": "Ann Lee", "role": "reporter", "desk": "D", "location": None}],
    }))
    assert parsed.language == "ko"
    assert parsed.paragraphs == ["one", "two"]
    assert parsed.credits == [ParsedCredit("Ann Lee", "reporter", "D", None)]


@pytest.mark.parametrize(("content", "message"), [
    ("{", "malformed JSON"),
    ("[]", r"^the JSON document must be an object \{…\}, not a list \[…\]$"),
    ("{}", r'^the JSON document has no "paragraphs": give them as a list of strings'),
    ('{"paragraphs": "one"}', r'^"paragraphs" must be a list \[…\], not a string "…"$'),
    ('{"paragraphs": [1]}', r'^"paragraphs"\[0\] must be a string "…", not a number$'),
    ('{"paragraphs": ["a"], "title": null, "caption": true}',
     r'^"caption" must be a string "…", not true or false$'),
    ('{"paragraphs": ["a"], "credits": [null]}', r'^"credits"\[0\] must be an object \{…\}, not null$'),
    ('{"paragraphs": ["a"], "credits": [{"name": "A", "role": "boss"}]}', "role 'boss'"),
    ('{"paragraphs": ["a"], "credits": [{"role": "writer"}]}', "has no name"),
])
def test_malformed_json_is_one_clear_error(content, message):
    with pytest.raises(InputError, match=message) as error:
        parse_json(content)
    for python in ("dict", "list,", "str", "NoneType", "bool", "int"):
        assert python not in str(error.value).split()


@pytest.mark.parametrize(("content", "message"), [
    (b"", "empty file"),
    (b"  \n\n\t", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
    (b"caf\xe9\n", "not UTF-8"),
])
def test_unusable_files_are_refused(tmp_path, content, message):
    path = tmp_path / "story.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_document(path)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "nope.txt")


def test_crlf_and_bom_are_read_as_text(tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes("\ufeffTitle\r\n\r\nBody one\r\nwrapped.\r\n".encode())
    parsed = read_document(path)
    assert (parsed.title, parsed.paragraphs) == ("Title", ["Body one wrapped."])


def test_an_article_byline_gives_writers_and_full_names_to_the_credit_line():
    text = ("Floods close the port\n\nBy Tom Reyes and Ada Okafor\n\nThe port closed on Monday.\n\n"
            "It reopens next week.\n\nOkafor reported from Lagos.\n")
    parsed = parse_article(text)
    assert parsed.byline == "By Tom Reyes and Ada Okafor"
    assert parsed.paragraphs == ["The port closed on Monday.", "It reopens next week."]
    assert [(c.name, c.role, c.location) for c in parsed.credits] == [
        ("Tom Reyes", "writer", None), ("Ada Okafor", "writer", None), ("Ada Okafor", "reporter", "Lagos")]


def test_a_json_byline_and_credit_line_give_the_credits():
    doc = parse_json(json.dumps({"paragraphs": ["Text."], "byline": "Tom Reyes and Ada Okafor",
                                 "credit_line": "Reyes reported from Accra."}))
    assert [(c.name, c.role, c.location) for c in doc.credits] == [
        ("Tom Reyes", "writer", None), ("Ada Okafor", "writer", None), ("Tom Reyes", "reporter", "Accra")]


def test_a_korean_json_credit_line_is_read_by_the_korean_grammar():
    doc = parse_json(json.dumps({"paragraphs": ["본문."], "language": "ko",
                                 "credit_line": "(서울=연합뉴스) 김민수 특파원 ="}))
    assert [(c.name, c.role, c.desk, c.location) for c in doc.credits] == [
        ("김민수", "reporter", "연합뉴스", "서울")]
