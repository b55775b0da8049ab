import json
import random
from pathlib import Path
from typing import Any

import pytest

from provenance.roles import ROLES
from provenance.text.credit_parsing import ParsedCredit, parse_credit_line

DEV = [json.loads(line) for line in (Path(__file__).parent / "data" / "credit_lines_dev.jsonl").open()]


def credits(*rows: tuple[str, ...]) -> list[ParsedCredit]:
    return [ParsedCredit(*row) for row in rows]


@pytest.mark.parametrize("case", DEV, ids=[c["text"][:50] for c in DEV])
def test_dev_set_parses_exactly(case: dict[str, Any]) -> None:
    expected = [ParsedCredit(**c) for c in case["parse"]]
    assert parse_credit_line(case["text"]) == expected


def test_seed_line() -> None:
    line = (
        "Reported by Hyemin Son and Hee Jung Yang for RFA’s Korean Service. Translated by Leejin Jun. "
        "Written in English by Eugene Whong."
    )
    desk = "RFA’s Korean Service"
    assert parse_credit_line(line) == credits(
        ("Hyemin Son", "reporter", desk),
        ("Hee Jung Yang", "reporter", desk),
        ("Leejin Jun", "translator"),
        ("Eugene Whong", "writer"),
    )


FORMS = {
    "rfa": (
        "Reported by Ana Lima and Bo Chen for RFA’s Lao Service. Translated by Cy Dee. "
        "Written in English by Dan Eve. Edited by Fay Gill.",
        [
            ("Ana Lima", "reporter", "RFA’s Lao Service"),
            ("Bo Chen", "reporter", "RFA’s Lao Service"),
            ("Cy Dee", "translator"),
            ("Dan Eve", "writer"),
            ("Fay Gill", "editor"),
        ],
    ),
    "reported and translated": (
        "Reported and translated by Gus Hale for RFA's Khmer Service.",
        [("Gus Hale", "reporter", "RFA's Khmer Service"), ("Gus Hale", "translator", "RFA's Khmer Service")],
    ),
    "translated and written": (
        "Reported by Ivo Jans for RFA Mandarin. Translated and written in English by Ida Jones.",
        [("Ivo Jans", "reporter", "RFA Mandarin"), ("Ida Jones", "translator"), ("Ida Jones", "writer")],
    ),
    "three roles": (
        "Reported, translated and written in English by Sun Ok for RFA Korean.",
        [("Sun Ok", r, "RFA Korean") for r in ("reporter", "translator", "writer")],
    ),
    "desk as reporter": (
        "Reported by RFA's Burmese Service. Translated by Kyi Lwin.",
        [("RFA's Burmese Service", "reporter", "RFA's Burmese Service"), ("Kyi Lwin", "translator")],
    ),
    "older forms": (
        "Original reporting by Kai Lum for RFA Mandarin. Translations by Lia Moe.",
        [("Kai Lum", "reporter", "RFA Mandarin"), ("Lia Moe", "translator")],
    ),
    "lower-case service, no final period": (
        "Reported by Max Nye for RFA's Korean service",
        [("Max Nye", "reporter", "RFA's Korean service")],
    ),
    "reuters": (
        "Reporting by Ned Orr in Seoul and Ola Pike in Tokyo; Additional reporting by Pam Quon; "
        "Writing by Quinn Ray; Editing by Rex Sol, Sue Tam and Ty Uhl",
        [
            ("Ned Orr", "reporter", None, "Seoul"),
            ("Ola Pike", "reporter", None, "Tokyo"),
            ("Pam Quon", "additional_reporter"),
            ("Quinn Ray", "writer"),
            ("Rex Sol", "editor"),
            ("Sue Tam", "editor"),
            ("Ty Uhl", "editor"),
        ],
    ),
    "reuters, separator lost": (
        "Reporting by Uma Vale Editing by Val Wu",
        [("Uma Vale", "reporter"), ("Val Wu", "editor")],
    ),
    "reuters in parentheses": (
        "The talks resumed on Monday. (Reporting by Wes Xu; Editing by Yan Zee)",
        [("Wes Xu", "reporter"), ("Yan Zee", "editor")],
    ),
    "reuters, one place for two": (
        "Reporting by Abe Ito and Ben Jo in Seoul; Writing by Abe Ito",
        [
            ("Abe Ito", "reporter", None, "Seoul"),
            ("Ben Jo", "reporter", None, "Seoul"),
            ("Abe Ito", "writer"),
        ],
    ),
    "ap writer, copyright ignored": (
        "Associated Press writer Zoe Abel in Hanoi contributed to this report. "
        "Copyright 2025 The Associated Press. All rights reserved.",
        [("Zoe Abel", "contributor", None, "Hanoi")],
    ),
    "ap writers": (
        "Associated Press writers Cal Diaz in Manila and Eun Park and Fred Gray in Bangkok contributed to "
        "this report.",
        [
            ("Cal Diaz", "contributor", None, "Manila"),
            ("Eun Park", "contributor", None, "Bangkok"),
            ("Fred Gray", "contributor", None, "Bangkok"),
        ],
    ),
    "ap writers, places with countries": (
        "Associated Press writers Cal Diaz in Manila, Philippines, and Eun Park in Seoul, South Korea, "
        "contributed to this report.",
        [
            ("Cal Diaz", "contributor", None, "Manila, Philippines"),
            ("Eun Park", "contributor", None, "Seoul, South Korea"),
        ],
    ),
    "contributing to this report were": (
        "Contributing to this report were Gil Hart in Rome and Hal Ives.",
        [("Gil Hart", "contributor", None, "Rome"), ("Hal Ives", "contributor")],
    ),
    "contributed reporting": (
        "Aki Mori contributed reporting from Osaka, Japan.",
        [("Aki Mori", "contributor", None, "Osaka, Japan")],
    ),
    "nyt reporting was contributed": (
        "Reporting was contributed by Ivy Jin from Seoul and Jo Kent from Tokyo.",
        [("Ivy Jin", "contributor", None, "Seoul"), ("Jo Kent", "contributor", None, "Tokyo")],
    ),
    "by": ("By Bea Cole and Cal Dunn", [("Bea Cole", "writer"), ("Cal Dunn", "writer")]),
    "by, with an affiliation": ("By Dora Fenn, BBC News, Seoul", [("Dora Fenn", "writer")]),
    "photos": ("Photos by Dee Epp.", [("Dee Epp", "photographer")]),
    "copy edited": ("Copy-edited by Eve Fox.", [("Eve Fox", "copy_editor")]),
    "name particles and hyphens": (
        "Reported by Jan van der Berg for RFA’s Dutch Service. Translated by Ahmad bin Ismail. "
        "Written in English by Mary-Jane O’Neil and Omar al-Sayed.",
        [
            ("Jan van der Berg", "reporter", "RFA’s Dutch Service"),
            ("Ahmad bin Ismail", "translator"),
            ("Mary-Jane O’Neil", "writer"),
            ("Omar al-Sayed", "writer"),
        ],
    ),
    "one-word and Korean-order names": (
        "Translated by Suharto. Written in English by Kim Jong Un.",
        [("Suharto", "translator"), ("Kim Jong Un", "writer")],
    ),
    "initials and a place with periods": (
        "Reported by J.R. Hale in Washington, D.C. Edited by Tom Ash Jr.",
        [("J.R. Hale", "reporter", None, "Washington, D.C."), ("Tom Ash Jr.", "editor")],
    ),
    "joined by and": (
        "Translated by Lin Bo and edited by Mo Chu.",
        [("Lin Bo", "translator"), ("Mo Chu", "editor")],
    ),
    "in brackets, ending with a period": (
        "(Reporting by Ana Ruiz; Editing by Lin Feast.)",
        [("Ana Ruiz", "reporter"), ("Lin Feast", "editor")],
    ),
}


@pytest.mark.parametrize(("text", "expected"), FORMS.values(), ids=FORMS.keys())
def test_credit_line_forms(text: str, expected: list[tuple[str, ...]]) -> None:
    assert parse_credit_line(text) == credits(*expected)


@pytest.mark.parametrize(
    "text",
    [
        "The report was edited by the party.",
        "The report was Edited by The Party.",
        "North Korean leader Kim Jong Un said on Tuesday that the launch was a success, media reported.",
        "By Tuesday, the talks had stalled.",
        "By Monday.",
        "Written by Kim in 1990, the book became a bestseller.",
        "Reported by state media, the launch was the third this year.",
        "The novel was written by Han Kang and translated by Deborah Smith.",
        "The statement, Edited by Kim Jong Un, ran on the front page.",
        "The minister contributed to the fund.",
        "The Associated Press contributed to this report.",
        "Copyright 2025 The Associated Press. All rights reserved.",
        "Add your comment by filling out the form below. Comments are approved by a moderator.",
        "SEOUL, Nov. 29 (Yonhap) -- South Korea's military said it was monitoring the border.",
    ],
)
def test_sentences_that_are_not_credits(text: str) -> None:
    assert parse_credit_line(text) == []


def test_empty_and_blank() -> None:
    assert parse_credit_line("") == []
    assert parse_credit_line(" \n\t ") == []


@pytest.mark.parametrize(
    "text",
    [
        ("The talks resumed on Monday after a pause, officials said. " * 2000)[:100_000],
        ("Reported by Kim Lee and " * 5000)[:100_000],
        "by " * 33_000,
        "Reporting by " + "Ann, " * 20_000,
        "Aa " * 33_000 + "writers contributed reporting from Seoul",
        "x." * 50_000,
        "\x00\x01\ud800\uffff" * 25_000,
    ],
    ids=["prose", "credits", "bys", "commas", "contributed", "dots", "control"],
)
def test_large_inputs_do_not_raise(text: str) -> None:
    assert isinstance(parse_credit_line(text), list)


def test_random_junk_and_fragments_do_not_raise() -> None:
    rng = random.Random(20240601)
    fragments = [
        "Reported by", "and", ",", ".", ";", "Kim", "Lee", "for", "RFA’s", "Service", "in", "Seoul",
        "contributed reporting", "from", "By", "Editing by", "(", ")", "Jr.", "D.C.", "&", "’s", "\n",
    ]  # fmt: skip
    for _ in range(300):
        junk = "".join(chr(rng.randrange(0x110000)) for _ in range(rng.randrange(200)))
        mix = " ".join(rng.choice(fragments) for _ in range(rng.randrange(40)))
        for text in (junk, mix):
            assert all(c.role in ROLES and c.name for c in parse_credit_line(text))


def test_a_credit_must_have_a_known_role() -> None:
    with pytest.raises(ValueError, match="unknown role"):
        ParsedCredit("Ann Lee", "author")
