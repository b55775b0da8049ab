"""A Korean report with a Chinese and an English translation, through every command, on both
databases: every name and title stays in its own script."""

import json
from pathlib import Path

import pytest

XLIFF = Path(__file__).parent / "data" / "xliff"
KO_TITLE = "새빛시 도서관, 밤 11시까지 문 연다"
KO_REPORT = [
    "새빛시립도서관이 다음 달부터 밤 11시까지 문을 연다고 시 관계자가 월요일 밝혔다.",
    "시는 야간 운영을 위해 올해 예산 3억 2천만 원을 배정했다.",
    "교대 근무를 하는 시민들도 책을 빌릴 수 있어야 한다고 홍길동 시장은 말했다.",
]
EN_TITLE = "Saebit library to stay open until 11 p.m."


@pytest.fixture
def saebit(run, tmp_path):
    report = tmp_path / "saebit.json"
    report.write_text(json.dumps({
        "title": KO_TITLE, "language": "ko-KR", "paragraphs": KO_REPORT,
        "credits": [{"name": "김민수", "role": "reporter", "desk": "연합뉴스", "location": "서울"}],
        "credit_line": "(서울=연합뉴스) 김민수 기자 =",
    }, ensure_ascii=False), encoding="utf-8")
    steps = [
        ("import", str(report), "--story", "saebit", "--by", "김민수", "--role", "reporter"),
        # Trados: ko-KR to zh-CN; the story's document is ko-KR, found by lookup.
        ("translate", "saebit", str(XLIFF / "trados-1.2.sdlxliff"), "--by", "李华", "--no-credit"),
        # XLIFF 2.0 with no trgLang: the user says English.
        ("translate", "saebit", str(XLIFF / "title-2.0.xlf"), "--by", "Mina Cho", "--language", "en",
         "--no-credit"),
    ]
    for step in steps:
        result = run(*step)
        assert result.exit_code == 0, (step, result.stderr)
    return "saebit"


def test_the_documents_keep_their_scripts_and_titles(run, saebit):
    assert run("stories").stdout.split("\t")[:2] == ["saebit", "ko-KR,zh-CN,en"]
    ko = json.loads(run("show", "saebit", "--language", "ko", "--format", "json").stdout)
    assert (ko["language"], ko["title"], ko["paragraphs"], ko["author"]) == (
        "ko-KR", KO_TITLE, KO_REPORT, "김민수")
    zh = json.loads(run("show", "saebit", "--language", "zh-Hans", "--format", "json").stdout)
    assert (zh["language"], zh["author"]) == ("zh-CN", "李华")
    assert zh["paragraphs"][2] == "市长洪吉童表示，轮班工作的市民也应该能够借书。"
    en = json.loads(run("show", "saebit", "--language", "en", "--format", "json").stdout)
    assert en["title"] == EN_TITLE


def test_chain_traces_each_translation_to_the_korean_report(run, saebit):
    english = run("chain", "saebit")
    assert english.exit_code == 0, english.stderr
    assert english.stdout.startswith("saebit (en) revision 1")
    assert f"source ko-KR revision 1 ¶3: {KO_REPORT[2]}" in english.stdout
    assert "    report by 김민수 (reporter), ko-KR revision 1, " in english.stdout
    assert "    translate by Mina Cho, en revision 1, " in english.stdout
    chinese = json.loads(run("chain", "saebit", "--language", "zh", "--format", "json").stdout)
    assert [[s["text"] for s in p["sources"]] for p in chinese["paragraphs"]] == [[t] for t in KO_REPORT]
    assert {s["person"] for p in chinese["paragraphs"] for s in p["steps"]} == {"김민수", "李华"}


def test_bylines_in_each_documents_language(run, saebit):
    for who, role in (("李华", "translator"), ("Mina Cho", "translator")):
        result = run("credits", "saebit", "add", who, "--role", role, "--by", "박편집")
        assert result.exit_code == 0, result.stderr
    expected = {
        "ko": "(서울=연합뉴스) 김민수 기자 번역 李华 Mina Cho",
        "zh": "연합뉴스记者 김민수（翻译：李华 Mina Cho）",
        "en": "Reported by 김민수 for 연합뉴스 in 서울. Translated by 李华 and Mina Cho.",
    }
    for language, line in expected.items():
        result = run("byline", "saebit", "--language", language, "--format", "json")
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["byline"] == line
    japanese = run("byline", "saebit", "--style", "ja").stdout
    assert japanese == "【서울=연합뉴스】김민수記者、翻訳：李华、Mina Cho\n"
    # With no --language the article is the English document, so RFA's style.
    assert run("byline", "saebit").stdout == expected["en"] + "\n"


def test_json_ld_keeps_names_in_their_script_with_the_documents_language(run, saebit):
    article = json.loads(run("byline", "saebit", "--language", "ko", "--format", "jsonld").stdout)
    assert (article["inLanguage"], article["headline"]) == ("ko-KR", KO_TITLE)
    assert article["author"] == [{"@type": "Person", "name": "김민수",
                                  "affiliation": {"@type": "Organization", "name": "연합뉴스"}}]
    english = json.loads(run("byline", "saebit", "--format", "jsonld").stdout)
    assert (english["inLanguage"], english["headline"]) == ("en", EN_TITLE)
    assert english["translationOfWork"] == {"@type": "CreativeWork", "inLanguage": "ko-KR"}


def _byline_findings(run):
    findings = json.loads(run("audit", "saebit", "--format", "json").stdout)["findings"]
    return [f for f in findings if f["code"] == "byline-mismatch"]


def test_a_korean_credit_line_is_compared_in_its_own_style(run, saebit):
    # "(서울=연합뉴스) 김민수 기자 =" as Yonhap prints it is what the credits say: no finding.
    assert _byline_findings(run) == []
    run("credits", "saebit", "add", "이지은", "--role", "reporter", "--desk", "연합뉴스",
        "--location", "서울", "--by", "박편집")
    [finding] = _byline_findings(run)
    assert finding["evidence"]["published"] == "(서울=연합뉴스) 김민수 기자 ="
    assert finding["evidence"]["generated"] == "(서울=연합뉴스) 김민수 이지은 기자"


@pytest.mark.parametrize(("line", "credits"), [
    ("记者 张三（责编：李四）", [("张三", "reporter"), ("李四", "editor")]),
    ("记者张三 (责编:李四)", [("张三", "reporter"), ("李四", "editor")]),
    ("山田太郎記者", [("山田太郎", "reporter")]),
    ("(서울=연합뉴스) 김민수·이지은 기자 =", [("김민수", "reporter"), ("이지은", "reporter")]),
    # A correspondent's title the credits do not record: the line still names them as reporters.
    ("(서울=연합뉴스) 김민수 특파원 이지은 기자 =", [("김민수", "reporter"), ("이지은", "reporter")]),
])
def test_chinese_japanese_and_korean_lines_as_published_are_no_mismatch(run, tmp_path, line, credits):
    desk = {"desk": "연합뉴스", "location": "서울"} if "연합뉴스" in line else {}
    story = tmp_path / "story.json"
    story.write_text(json.dumps({
        "title": "标题", "language": "zh", "paragraphs": ["第一段。"], "credit_line": line,
        "credits": [{"name": name, "role": role, **desk} for name, role in credits],
    }, ensure_ascii=False), encoding="utf-8")
    assert run("import", str(story), "--story", "saebit").exit_code == 0
    assert _byline_findings(run) == []


def test_the_report_names_everyone_in_their_own_script(run, saebit):
    result = run("report", "saebit", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    for text in (EN_TITLE, "김민수", "李华", "Mina Cho", KO_REPORT[0]):
        assert text in result.stdout
