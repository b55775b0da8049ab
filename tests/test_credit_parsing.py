import json
import random
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from provenance.roles import ROLES
from provenance.text.credit_parsing import ParsedCredit, parse_credit_line

DATA = Path(__file__).parent / "data"


def _lines(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (DATA / name).open(encoding="utf-8") if line.strip()]


DEV = _lines("credit_lines_dev.jsonl")


def credits(*rows: tuple[str | None, ...]) -> list[ParsedCredit]:
    return [ParsedCredit(*row) for row in rows]  # type: ignore[arg-type]


@pytest.mark.parametrize("case", DEV, ids=[c["text"][:50] for c in DEV])
def test_dev_set_parses_exactly(case: dict[str, Any]) -> None:
    """Names, roles and places exactly, in order; desks where the labels give one."""
    got = parse_credit_line(case["text"])
    assert [(c.name, c.role, c.location) for c in got] == [
        (g["name"], g["role"], g["location"]) for g in case["parse"]]
    assert [c.desk for c, g in zip(got, case["parse"], strict=True) if g["desk"]] == [
        g["desk"] for g in case["parse"] if g["desk"]]


def _key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).replace("’", "'").split()).strip(" .,;").casefold()


def _score(cases: list[dict[str, Any]]) -> tuple[float, float]:
    """Precision and recall of (name, role) pairs, role "other" left out, as the project is measured."""
    tp = fp = fn = 0
    for case in cases:
        other = {_key(g["name"]) for g in case["parse"] if g["role"] == "other"}
        gold = {(_key(g["name"]), g["role"]) for g in case["parse"] if g["role"] != "other"}
        got = {(_key(c.name), c.role) for c in parse_credit_line(case["text"]) if _key(c.name) not in other}
        tp, fp, fn = tp + len(gold & got), fp + len(got - gold), fn + len(gold - got)
    return tp / (tp + fp), tp / (tp + fn)


@pytest.mark.parametrize("name", ["credit_lines_real_dev.jsonl", "credit_lines_heldout.jsonl"])
def test_real_credit_lines_score(name: str) -> None:
    """Real lines from many outlets and languages: F1 at least 0.95 with precision at least 0.97."""
    precision, recall = _score(_lines(name))
    assert precision >= 0.97
    assert 2 * precision * recall / (precision + recall) >= 0.95


def test_lines_that_name_nobody_give_no_credits() -> None:
    empty = [c for c in _lines("credit_lines_real_dev.jsonl") + _lines("credit_lines_heldout.jsonl")
             if not c["parse"]]
    assert len(empty) >= 15
    assert {c["text"]: parse_credit_line(c["text"]) for c in empty} == {c["text"]: [] for c in empty}


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
        [("Zoe Abel", "contributor", "Associated Press", "Hanoi")],
    ),
    "ap writers": (
        "Associated Press writers Cal Diaz in Manila and Eun Park and Fred Gray in Bangkok contributed to "
        "this report.",
        [
            ("Cal Diaz", "contributor", "Associated Press", "Manila"),
            ("Eun Park", "contributor", "Associated Press", "Bangkok"),
            ("Fred Gray", "contributor", "Associated Press", "Bangkok"),
        ],
    ),
    "ap writers, places with countries": (
        "Associated Press writers Cal Diaz in Manila, Philippines, and Eun Park in Seoul, South Korea, "
        "contributed to this report.",
        [
            ("Cal Diaz", "contributor", "Associated Press", "Manila, Philippines"),
            ("Eun Park", "contributor", "Associated Press", "Seoul, South Korea"),
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
    "by, with an affiliation": (
        "By Dora Fenn, BBC News, Seoul", [("Dora Fenn", "writer", "BBC News", "Seoul")]),
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
        "The minister contributed.",
        "Police reported from the scene that two people were hurt.",
        "He reported from Lagos for a decade.",
        "Il a dîné avec Emmanuel Macron.",
        "Photo: Reuters/Stringer",
        "Redacción",
        "新华社北京11月17日电 记者17日从国家卫生健康委获悉，近阶段，相关部门持续依托短缺药品供应保障工作。",
        "本报南昌讯 12月26日，记者获悉，驾校在每月20日前须上交培训计划。",
        "정부는 기자회견에서 이 기자의 질문에 답했다.",
        "（责任编辑：系统管理员）",
        "【6月18日 AFP】",
        "kokobj@yna.co.kr",
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


HARD = {
    "surname resolved from the same line": (
        "By Tom Reyes and Ada Okafor. Okafor reported from Lagos.",
        [("Tom Reyes", "writer"), ("Ada Okafor", "writer"), ("Ada Okafor", "reporter", None, "Lagos")],
    ),
    "surname left alone when two people share it": (
        "By Tom Okafor and Ada Okafor. Okafor reported from Lagos.",
        [("Tom Okafor", "writer"), ("Ada Okafor", "writer"), ("Okafor", "reporter", None, "Lagos")],
    ),
    "several people share one location, gapping": (
        "Ulloa reported from Sacramento; Reyes and Kim from Los Angeles.",
        [("Ulloa", "reporter", None, "Sacramento"), ("Reyes", "reporter", None, "Los Angeles"),
         ("Kim", "reporter", None, "Los Angeles")],
    ),
    "location before the names": (
        "Reportage à Lyon de Inès Garnier",
        [("Inès Garnier", "reporter", None, "Lyon")],
    ),
    "misspelt role word": (
        "(Roporting by Ana Ruiz; Editor by Lin Feast and Bo Diaz)",
        [("Ana Ruiz", "reporter"), ("Lin Feast", "editor"), ("Bo Diaz", "editor")],
    ),
    "role word glued by a lost separator": (
        "(Reporting by Uma Vale in Lima Editing by Val Wu)",
        [("Uma Vale", "reporter", None, "Lima"), ("Val Wu", "editor")],
    ),
    "a job title is not a name": (
        "CNN's terrorism analyst Paul Arne and Jo Bell contributed to this report.",
        [("Paul Arne", "contributor", "CNN"), ("Jo Bell", "contributor", "CNN")],
    ),
    "a singular title covers the first name only": (
        "VOA White House correspondent Mia Soto, Ken Ray and Li Bo of VOA's Mandarin Service contributed.",
        [("Mia Soto", "contributor", "VOA White House"), ("Ken Ray", "contributor"),
         ("Li Bo", "contributor", "VOA's Mandarin Service")],
    ),
    "a newsroom is an organisation": (
        "(Reporting by Ann Ito, with additional reporting by the Beijing Newsroom; Editing by Bo Lam)",
        [("Ann Ito", "reporter"), ("Beijing Newsroom", "additional_reporter", "Beijing Newsroom"),
         ("Bo Lam", "editor")],
    ),
    "organisations as contributors": (
        "Some information for this report was provided by AFP and Reuters.",
        [("AFP", "contributor", "AFP"), ("Reuters", "contributor", "Reuters")],
    ),
    "an organisation with its article": (
        "The Associated Press contributed to this report.",
        [("The Associated Press", "contributor", "The Associated Press")],
    ),
    "all-caps names, family name first": (
        "(KIM Min-ji / PARK Jae-ho)",
        [("KIM Min-ji", "reporter"), ("PARK Jae-ho", "reporter")],
    ),
    "all-caps photo credit": (
        "(Photo: GARY W. GREEN / POOL, EPA)",
        [("GARY W. GREEN", "photographer", "POOL, EPA")],
    ),
    "agency before the name": ("Credit: Reuters/Dara Wise", [("Dara Wise", "photographer", "Reuters")]),
    "agency photo with a slash": (
        "Crowds wait in Seoul. (AP Photo/Ahn Young-joon)",
        [("Ahn Young-joon", "photographer", "AP")],
    ),
    "noise is ignored": (
        "(Reporting by Jim Fink in Boston; Editing by Bo Rigby; jim.fink@example.com; +1 617-555-0100) "
        "Watch in Times Video » Copyright 2025 The Associated Press. All rights reserved.",
        [("Jim Fink", "reporter", None, "Boston"), ("Bo Rigby", "editor")],
    ),
    "tagline": (
        "Ken Sato, Nikkei staff writer",
        [("Ken Sato", "writer", "Nikkei")],
    ),
    "tagline sentence": (
        "Dana Ortiz is a reporter covering housing for Gothamist. Got a tip? Email dortiz@example.org.",
        [("Dana Ortiz", "reporter", "Gothamist")],
    ),
    "contributed reporting, gapped": (
        "Ann Lee contributed reporting from Hong Kong, and Bo Chan from Macau.",
        [("Ann Lee", "contributor", None, "Hong Kong"), ("Bo Chan", "contributor", None, "Macau")],
    ),
    "german": ("Von Max Huber, dpa", [("Max Huber", "writer", "dpa")]),
    "german correspondent": ("Von unserer Korrespondentin Eva Roth.", [("Eva Roth", "reporter")]),
    "french correspondent": ("De notre correspondant Luc Petit", [("Luc Petit", "reporter")]),
    "a year after the name ends the list": ("Editing by Ivo Lund, 2022, using LilyPond 2.22.",
                                            [("Ivo Lund", "editor")]),
    "spanish": ("Con información de Reuters", [("Reuters", "contributor", "Reuters")]),
    "spanish byline": ("Por Ana Gil, Luis Paz y Eva Sol", [("Ana Gil", "writer"), ("Luis Paz", "writer"),
                                                            ("Eva Sol", "writer")]),
    "french": ("Par Jeanne Martin avec AFP", [("Jeanne Martin", "writer"), ("AFP", "contributor", "AFP")]),
}


@pytest.mark.parametrize(("text", "expected"), HARD.values(), ids=HARD.keys())
def test_hard_cases(text: str, expected: list[tuple[str | None, ...]]) -> None:
    assert parse_credit_line(text) == credits(*expected)


def test_a_surname_takes_the_full_name_from_the_byline() -> None:
    line = "Okafor reported from Lagos. Reyes contributed to this report."
    assert parse_credit_line(line, byline="By Tom Reyes and Ada Okafor") == credits(
        ("Ada Okafor", "reporter", None, "Lagos"), ("Tom Reyes", "contributor"))
    assert parse_credit_line(line) == credits(("Okafor", "reporter", None, "Lagos"), ("Reyes", "contributor"))


CJK = {
    "korean reporter": ("김영남 기자", [("김영남", "reporter")]),
    "korean dateline, correspondent and reporter": (
        "(서울=연합뉴스) 김민수 특파원 이지은 기자 =",
        [("김민수", "reporter", "연합뉴스", "서울"), ("이지은", "reporter", "연합뉴스", "서울")],
    ),
    "korean reporters sharing one title": (
        "(세종=연합뉴스) 김민수 이지은 박서준 기자 =",
        [("김민수", "reporter", "연합뉴스", "세종"), ("이지은", "reporter", "연합뉴스", "세종"),
         ("박서준", "reporter", "연합뉴스", "세종")],
    ),
    "korean reporters listed with a middle dot": (
        "김민수·이지은 기자", [("김민수", "reporter"), ("이지은", "reporter")]),
    "korean reporters listed with a comma": (
        "김준, 이지은 기자", [("김준", "reporter"), ("이지은", "reporter")]),
    # A word before the name is not a second name: a label, a noun with its particle, a place.
    # A label says what the names did: 사진 (photos), 글 (the text).
    "korean label before the name": ("사진 김민수 기자", [("김민수", "photographer")]),
    "korean labels for text and photos": (
        "글·사진=김민수 기자", [("김민수", "reporter"), ("김민수", "photographer")]),
    "korean subject before the name": ("정부는 김민수 기자", [("김민수", "reporter")]),
    "korean place before the name": ("서울 김민수 기자", [("김민수", "reporter")]),
    "korean photo credit by an agency": ("[로이터=연합뉴스]", [("로이터", "photographer")]),
    "korean reporter with e-mail": ("최윤호 기자 uknow@example.com", [("최윤호", "reporter")]),
    "korean caption credit after a slash": ("시민들이 걷고 있다. /정민호 기자", [("정민호", "photographer")]),
    "xinhua dateline": ("新华社东京5月3日电（记者李华）", [("李华", "reporter", "新华社", "东京")]),
    "editor in brackets": ("（责编：王明）", [("王明", "editor")]),
    "editor after a colon": ("编辑：陈静", [("陈静", "editor")]),
    "editor with a staff code": ("本文来源：证券市场周刊 责任编辑：杨倩_NF4425",
                                 [("证券市场周刊", "contributor"), ("杨倩", "editor")]),
    "chinese photographers": ("▲广州日报全媒体图片记者黎旭阳、李妍摄",
                              [("黎旭阳", "photographer", "广州日报"), ("李妍", "photographer", "广州日报")]),
    "reported and written": ("采写：南都记者 余毅菁",
                             [("余毅菁", "reporter", "南都"), ("余毅菁", "writer", "南都")]),
    "traditional chinese photo": ("中央社記者張新偉攝 112年2月16日", [("張新偉", "photographer", "中央社")]),
    "reporter and correspondent unbracketed": ("本报记者 王明 通讯员 李华",
                                               [("王明", "reporter", "本报"), ("李华", "contributor")]),
    "reporter and correspondent": ("本报讯（记者孙珺 通讯员褚家威）昨天，",
                                   [("孙珺", "reporter", "本报"), ("褚家威", "contributor", "本报")]),
    "japanese reporter": ("山田太郎記者", [("山田太郎", "reporter")]),
    "japanese reporters before one title": (
        "山田太郎、鈴木花子記者", [("山田太郎", "reporter"), ("鈴木花子", "reporter")]),
    "japanese place and reporter in brackets": (
        "（ワシントン＝ジョン・スミス）", [("ジョン・スミス", "reporter", None, "ワシントン")]),
    "japanese place and reporters with a title": (
        "【北京＝佐藤花子、鈴木一郎記者】",
        [("佐藤花子", "reporter", None, "北京"), ("鈴木一郎", "reporter", None, "北京")]),
    "japanese place and a news agency": ("（ワシントン＝共同）", []),
    "japanese author and translator": ("作者： Diogo Carleto 翻訳者 中村 真子",
                                       [("Diogo Carleto", "writer"), ("中村 真子", "translator")]),
    "japanese title and name": ("編集委員　中沢克二", [("中沢克二", "writer")]),
}


@pytest.mark.parametrize(("text", "expected"), CJK.values(), ids=CJK.keys())
def test_chinese_japanese_korean(text: str, expected: list[tuple[str | None, ...]]) -> None:
    assert parse_credit_line(text) == credits(*expected)


def test_language_chooses_the_grammar() -> None:
    assert parse_credit_line("김영남 기자", language="en") == []
    assert parse_credit_line("김영남 기자", language="ko") == credits(("김영남", "reporter"))


def _prose() -> list[str]:
    """News paragraphs with no credit in them: the seed article's body and both sides of the
    Korean-English news stories the translation bench uses."""
    paragraphs = [p for case in _lines("alignment_dev.jsonl") for p in case["old"] + case["new"]]
    ko_en = Path(__file__).resolve().parents[1] / "bench" / "data" / "ko_en" / "alignment_ko_en_dev.jsonl"
    for line in ko_en.open(encoding="utf-8"):
        case = json.loads(line)
        paragraphs += case["ko"] + case["en"]
    return paragraphs


def test_news_prose_names_nobody() -> None:
    prose = _prose()
    assert len(prose) >= 1400
    assert {p: parse_credit_line(p) for p in prose if parse_credit_line(p)} == {}
