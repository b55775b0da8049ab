import json
from pathlib import Path

import pytest

from provenance.text.bylines import BYLINE_STYLES, render_byline, style_for_language
from provenance.text.credit_parsing import ParsedCredit, parse_credit_line

DEV_TEXTS = [
    json.loads(line)["text"] for line in (Path(__file__).parent / "data" / "credit_lines_dev.jsonl").open()
]
RFA_PHRASES = ("Reported", "Translated", "Written in English", "Edited", "Copy edited", "Photos")
RFA_LINES = [t for t in DEV_TEXTS if t.startswith(RFA_PHRASES)]
SEED = (
    "Reported by Hyemin Son and Hee Jung Yang for RFA’s Korean Service. Translated by Leejin Jun. "
    "Written in English by Eugene Whong."
)


def test_the_dev_set_has_the_rfa_lines_we_expect() -> None:
    assert len(RFA_LINES) == 12
    assert SEED in RFA_LINES


@pytest.mark.parametrize("line", RFA_LINES, ids=[t[:50] for t in RFA_LINES])
def test_rfa_lines_round_trip(line: str) -> None:
    # One dev line lost its final period in copying; RFA's own lines end with one, so the render does.
    expected = line if line.endswith(".") else line + "."
    assert render_byline(parse_credit_line(line), "rfa") == expected


def test_seed_round_trips_with_its_curly_apostrophe() -> None:
    assert render_byline(parse_credit_line(SEED)) == SEED
    assert "RFA's" not in render_byline(parse_credit_line(SEED))


REUTERS_LINES = [
    "Reporting by Hyunjoo Lee in Seoul and Kenji Sato in Tokyo; Additional reporting by Ben Ortiz in "
    "Washington; Editing by Tom Hart and Lisa Moon",
    "Reporting by Priya Nair; Writing by Alan Frost; Editing by Kim Yates, Will Dunn and Rob Birch",
]


@pytest.mark.parametrize("line", REUTERS_LINES)
def test_reuters_lines_round_trip(line: str) -> None:
    assert line in DEV_TEXTS
    assert render_byline(parse_credit_line(line), "reuters") == line


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Reporting by Omar Haddad in Beirut Editing by Clara Voss",
            "Reporting by Omar Haddad in Beirut; Editing by Clara Voss",
        ),
        (
            "Reporting by Dmitri Volkov; editing by Sara Lin",
            "Reporting by Dmitri Volkov; Editing by Sara Lin",
        ),
        (
            SEED,
            "Reporting by Hyemin Son and Hee Jung Yang for RFA’s Korean Service; Translation by Leejin Jun; "
            "Writing by Eugene Whong",
        ),
        (
            "Reported and translated by Ai Bo. Written in English by Cy Do.",
            "Reporting and translation by Ai Bo; Writing by Cy Do",
        ),
    ],
)
def test_reuters_house_style(line: str, expected: str) -> None:
    assert render_byline(parse_credit_line(line), "reuters") == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # The AP's own staff, whose credits name the Associated Press, read back as they were.
        (
            "Associated Press writer Nora Feld in Berlin contributed to this report.",
            "Associated Press writer Nora Feld in Berlin contributed to this report.",
        ),
        (
            "Associated Press writers Jon Meyer in Seoul, Sara Lund in Beijing and Ted Cole in Washington "
            "contributed to this report.",
            "Associated Press writers Jon Meyer in Seoul, Sara Lund in Beijing and Ted Cole in Washington "
            "contributed to this report.",
        ),
        # People no credit calls AP staff are named, not called Associated Press writers.
        (
            "Contributing to this report were Ana Ruiz and Leo Grant in Madrid and Mia Stone in Lisbon.",
            "Ana Ruiz and Leo Grant in Madrid and Mia Stone in Lisbon contributed to this report.",
        ),
        (
            "Hana Ito contributed reporting from Osaka, Japan, and Will Brandt from Hamburg, Germany.",
            "Hana Ito in Osaka, Japan, and Will Brandt in Hamburg, Germany, contributed to this report.",
        ),
        (
            "Reporting by Ann Lo in Seoul; Writing by Bo Ma; Editing by Cy Ng",
            "By Bo Ma. Edited by Cy Ng. Ann Lo in Seoul contributed to this report.",
        ),
        (
            "Reported by Mara Quint for RFA's Lao Service. Translated by Oskar Penn.",
            "Translated by Oskar Penn. Mara Quint for RFA's Lao Service contributed to this report.",
        ),
    ],
)
def test_ap_house_style(line: str, expected: str) -> None:
    assert render_byline(parse_credit_line(line), "ap") == expected


def test_ap_style_says_associated_press_only_when_the_credits_do() -> None:
    reporter = ParsedCredit(name="Ann Lo", role="reporter", desk=None, location="Seoul")
    assert render_byline([reporter], "ap") == "Ann Lo in Seoul contributed to this report."
    staff = [ParsedCredit(name="Ann Lo", role="reporter", desk="The Associated Press", location="Seoul"),
             ParsedCredit(name="Bo Ma", role="contributor", desk="Associated Press", location="Tokyo")]
    assert render_byline(staff, "ap") == (
        "Associated Press writers Ann Lo in Seoul and Bo Ma in Tokyo contributed to this report.")
    mixed = [staff[0], ParsedCredit(name="Cy Ng", role="reporter", desk=None, location="Seoul")]
    assert "Associated Press writer" not in render_byline(mixed, "ap")


def test_plain_style_is_one_sentence_per_role() -> None:
    assert render_byline(parse_credit_line(SEED), "plain") == (
        "Reporters: Hyemin Son (RFA’s Korean Service), Hee Jung Yang (RFA’s Korean Service). "
        "Translator: Leejin Jun. Writer: Eugene Whong."
    )
    line = "Reported by RFA’s Myanmar Service. Editing by Al Bo in Yangon, Myanmar"
    assert render_byline(parse_credit_line(line), "plain") == (
        "Reporter: RFA’s Myanmar Service. Editor: Al Bo (Yangon, Myanmar)."
    )


@pytest.mark.parametrize(
    ("credits", "expected"),
    [
        (
            [
                ParsedCredit("Ai Bo", "reporter", "RFA Khmer"),
                ParsedCredit("Ai Bo", "translator", "RFA Khmer"),
            ],
            "Reported and translated by Ai Bo for RFA Khmer.",
        ),
        (
            [ParsedCredit("Cy Do", "translator"), ParsedCredit("Cy Do", "writer")],
            "Translated and written in English by Cy Do.",
        ),
        (
            [ParsedCredit("Eve Fu", r) for r in ("reporter", "translator", "writer")],
            "Reported, translated and written in English by Eve Fu.",
        ),
    ],
)
def test_a_person_in_two_roles_is_named_once(credits: list[ParsedCredit], expected: str) -> None:
    byline = render_byline(credits, "rfa")
    assert byline == expected
    assert byline.count(credits[0].name) == 1


def test_roles_shared_with_others_are_not_merged() -> None:
    credits = [
        ParsedCredit("Ai Bo", "reporter"),
        ParsedCredit("Cy Do", "reporter"),
        ParsedCredit("Cy Do", "translator"),
    ]
    assert render_byline(credits, "rfa") == "Reported by Ai Bo and Cy Do. Translated by Cy Do."


def test_photos_do_not_merge_with_writing() -> None:
    credits = [ParsedCredit("Ai Bo", "photographer"), ParsedCredit("Ai Bo", "writer")]
    assert render_byline(credits, "rfa") == "Photos by Ai Bo. Written in English by Ai Bo."


def test_a_role_is_gathered_where_it_first_appears() -> None:
    credits = [
        ParsedCredit("Ai Bo", "writer"),
        ParsedCredit("Cy Do", "reporter"),
        ParsedCredit("Eve Fu", "writer"),
    ]
    assert render_byline(credits, "rfa") == "Written in English by Ai Bo and Eve Fu. Reported by Cy Do."


def test_a_repeated_credit_is_named_once() -> None:
    credits = [ParsedCredit("Ai Bo", "editor"), ParsedCredit("Ai Bo", "editor")]
    assert render_byline(credits, "rfa") == "Edited by Ai Bo."


def test_a_desk_reporting_is_named_once() -> None:
    desk = "RFA’s Myanmar Service"
    assert (
        render_byline([ParsedCredit(desk, "reporter", desk)], "rfa") == "Reported by RFA’s Myanmar Service."
    )


@pytest.mark.parametrize("style", ["rfa", "reuters"])
@pytest.mark.parametrize("line", DEV_TEXTS, ids=[t[:40] for t in DEV_TEXTS])
def test_rendered_lines_parse_back_to_the_same_credits(line: str, style: str) -> None:
    credits = parse_credit_line(line)
    assert parse_credit_line(render_byline(credits, style)) == credits


@pytest.mark.parametrize("style", BYLINE_STYLES)
def test_no_credits_render_as_nothing(style: str) -> None:
    assert render_byline([], style) == ""


@pytest.mark.parametrize("credits", [[], [ParsedCredit("Ai Bo", "writer")]])
def test_an_unknown_style_is_refused(credits: list[ParsedCredit]) -> None:
    with pytest.raises(ValueError, match="unknown byline style 'bbc'"):
        render_byline(credits, "bbc")


HONG = ParsedCredit("홍길동", "reporter", "연합뉴스", "서울")


@pytest.mark.parametrize(("credits", "expected"), [
    ([ParsedCredit("홍길동", "reporter")], "홍길동 기자"),
    ([HONG], "(서울=연합뉴스) 홍길동 기자"),
    ([ParsedCredit("홍길동", "reporter", "연합뉴스")], "(연합뉴스) 홍길동 기자"),
    ([ParsedCredit("김민수", "reporter", "연합뉴스", "서울"),
      ParsedCredit("이지은", "reporter", "연합뉴스", "서울")],
     "(서울=연합뉴스) 김민수 이지은 기자"),
    ([HONG, ParsedCredit("Mina Cho", "translator"), ParsedCredit("박영희", "editor")],
     "(서울=연합뉴스) 홍길동 기자 번역 Mina Cho 편집 박영희"),
    # A reporter who also wrote the story is one 기자.
    ([HONG, ParsedCredit("홍길동", "writer", "연합뉴스", "서울")], "(서울=연합뉴스) 홍길동 기자"),
])
def test_korean_bylines(credits, expected):
    assert render_byline(credits, "ko") == expected


@pytest.mark.parametrize(("credits", "expected"), [
    ([ParsedCredit("张三", "reporter")], "记者 张三"),
    ([ParsedCredit("张三", "reporter"), ParsedCredit("李四", "editor")], "记者 张三（责编：李四）"),
    ([ParsedCredit("李华", "reporter", "新华社", "东京"), ParsedCredit("王明", "reporter", "新华社")],
     "新华社记者 李华 王明"),
    ([ParsedCredit("段彦超", "reporter", "澎湃新闻"), ParsedCredit("陈静", "translator"),
      ParsedCredit("李四", "editor"), ParsedCredit("王五", "editor")],
     "澎湃新闻记者 段彦超（翻译：陈静）（责编：李四 王五）"),
])
def test_chinese_bylines(credits, expected):
    assert render_byline(credits, "zh") == expected


@pytest.mark.parametrize(("credits", "expected"), [
    ([ParsedCredit("山田太郎", "reporter")], "山田太郎記者"),
    ([ParsedCredit("山田太郎", "reporter", "共同", "ワシントン"),
      ParsedCredit("鈴木花子", "reporter", "共同", "ワシントン")],
     "【ワシントン=共同】山田太郎記者、鈴木花子記者"),
    ([ParsedCredit("山田太郎", "writer"), ParsedCredit("中村真子", "translator")],
     "山田太郎記者、翻訳：中村真子"),
])
def test_japanese_bylines(credits, expected):
    assert render_byline(credits, "ja") == expected


@pytest.mark.parametrize(("language", "style"), [
    ("ko", "ko"), ("ko-KR", "ko"), ("zh-Hant", "zh"), ("zh-CN", "zh"), ("ja-JP", "ja"),
    ("en", "rfa"), ("en-GB", "rfa"), ("de", "rfa"), (None, "rfa"),
])
def test_the_default_style_follows_the_documents_language(language, style):
    assert style_for_language(language) == style
