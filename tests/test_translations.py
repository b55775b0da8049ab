import json
from pathlib import Path

import pytest

from conftest import snapshot
from provenance.errors import InputError
from provenance.translations import parse_links

KO = [
    "시는 2024년 예산 3억 원을 배정했다.",
    "시장은 \"도서관을 밤늦게까지 열겠다\"고 말했다. 주민들은 환영했다.",
    "일부 주민들은 주차 문제를 걱정한다.",
]
EN = [
    "The city set aside 300 million won in its 2024 budget.",
    "\"We will keep the library open late,\" the mayor said.",
    "Residents welcomed the plan.",
    "A researcher said other cities had mixed results.",
]


def _file(tmp_path, name, paragraphs):
    path = tmp_path / name
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return str(path)


@pytest.fixture
def story(run, tmp_path):
    result = run("import", _file(tmp_path, "ko.txt", KO), "--format", "plain", "--story", "lib",
                 "--language", "ko", "--by", "Min Park", "--role", "reporter")
    assert result.exit_code == 0, result.stderr
    return "lib"


def _links(run, language="en"):
    data = json.loads(run("links", "lib", "--language", language, "--format", "json").stdout)
    return [(p["position"], [(s["language"], s["position"]) for s in p["sources"]]) for p in data]


def test_parse_links_reads_ranges_and_empty_sides():
    assert [(link.op, link.source, link.target) for link in parse_links("1:1, 2:2-3, 3:, 5-6:4", 6, 4)] == [
        ("translation", (0,), (0,)), ("translation", (1,), (1, 2)), ("translation", (2,), ()),
        ("translation", (4, 5), (3,))]


@pytest.mark.parametrize(("spec", "message"), [
    ("1:1,1:2", "overlaps"),
    ("1:1,2:1", "overlaps"),
    ("4:1", "source position 4 is out of range 1-3"),
    ("1:9", "target position 9 is out of range 1-4"),
    ("1-", "not SOURCE:TARGET"),
    ("x:1", "not a position"),
    ("3-2:1", "out of range"),
    (":", "links nothing to nothing"),
    ("", "is empty"),
    (" ", "is empty"),
    (" , ", "is empty"),
])
def test_bad_link_specs(spec, message):
    with pytest.raises(InputError, match=message):
        parse_links(spec, 3, 4)


def test_translate_with_explicit_links(run, story, tmp_path):
    result = run("translate", "lib", "--from", "ko", _file(tmp_path, "en.txt", EN), "--format",
                 "plain", "--by", "Jo Lee", "--links", "1:1,2:2-3,3:")
    assert result.exit_code == 0, result.stderr
    assert "3 links as given" in result.stderr
    assert _links(run) == [(1, [("ko", 1)]), (2, [("ko", 2)]), (3, [("ko", 2)]), (4, [])]
    shown = json.loads(run("show", "lib", "--language", "en", "--format", "json").stdout)
    assert (shown["author"], shown["activity"]) == ("Jo Lee", "translate")


def test_links_as_a_json_mapping(run, story, tmp_path):
    result = run("translate", "lib", "--from", "ko@1", _file(tmp_path, "en.txt", EN), "--format",
                 "plain", "--by", "Jo Lee", "--links", '{"1": [1], "2": [2, 3], "3": []}')
    assert result.exit_code == 0, result.stderr
    assert _links(run) == [(1, [("ko", 1)]), (2, [("ko", 2)]), (3, [("ko", 2)]), (4, [])]


def test_automatic_links_follow_numbers_and_quotes(run, story, tmp_path):
    result = run("translate", "lib", "--from", "ko", _file(tmp_path, "en.txt", EN[:2] + EN[3:]),
                 "--format", "plain", "--by", "Jo Lee")
    assert result.exit_code == 0, result.stderr
    assert "aligned automatically" in result.stderr
    links = dict(_links(run))
    assert links[1] == [("ko", 1)]
    assert links[2] == [("ko", 2)]


@pytest.mark.parametrize(("args", "message"), [
    (["--from", "fr"], "has no 'fr' document"),
    (["--from", "ko@5"], "has no revision 5"),
    (["--from", "ko", "--links", "1:1,1:2"], "overlaps"),
    (["--from", "ko", "--links", "9:1"], "out of range"),
    (["--from", "ko", "--language", "ko"], "are in the same language"),
])
def test_bad_translations_change_nothing(run, story, tmp_path, database_url, args, message):
    before = snapshot(database_url)
    result = run("translate", "lib", _file(tmp_path, "en.txt", EN), "--format", "plain",
                 "--by", "Jo Lee", *args)
    assert result.exit_code == 1
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert snapshot(database_url) == before


def test_correcting_links_keeps_the_words_authors(run, story, tmp_path):
    assert run("translate", "lib", "--from", "ko", _file(tmp_path, "en.txt", EN), "--format",
               "plain", "--by", "Jo Lee", "--links", "1:1,2:2,3:3").exit_code == 0
    before = json.loads(run("blame", "lib", "--language", "en", "--format", "json").stdout)
    fixed = run("links", "lib", "set", "1:1,2:2-3", "--language", "en", "--by", "Ann Editor")
    assert fixed.exit_code == 0, fixed.stderr
    assert _links(run) == [(1, [("ko", 1)]), (2, [("ko", 2)]), (3, [("ko", 2)]), (4, [])]
    log = json.loads(run("log", "lib", "--language", "en", "--format", "json").stdout)
    assert (log["revisions"][0]["author"], log["revisions"][0]["activity"]) == ("Ann Editor",
                                                                                  "correct")
    after = json.loads(run("blame", "lib", "--language", "en", "--format", "json").stdout)
    assert [p["shares"] for p in after] == [p["shares"] for p in before]


def test_a_translation_can_be_the_source_of_another(run, story, tmp_path):
    assert run("translate", "lib", "--from", "ko", _file(tmp_path, "en.txt", EN), "--format",
               "plain", "--by", "Jo Lee", "--links", "1:1,2:2-3,3:").exit_code == 0
    fr = ["La ville a prévu 300 millions de wons dans son budget 2024."]
    result = run("translate", "lib", "--from", "en", _file(tmp_path, "fr.txt", fr), "--format",
                 "plain", "--by", "Luc Martin", "--language", "fr", "--links", "1:1")
    assert result.exit_code == 0, result.stderr
    assert _links(run, "fr") == [(1, [("en", 1)])]


@pytest.mark.parametrize("spec", [" ", ","])
def test_a_blank_links_set_is_refused_and_changes_nothing(run, story, tmp_path, database_url, spec):
    assert run("translate", "lib", "--from", "ko", _file(tmp_path, "en.txt", EN), "--format",
               "plain", "--by", "Jo Lee", "--links", "1:1,2:2-3,3:").exit_code == 0
    before = snapshot(database_url)
    result = run("links", "lib", "set", spec, "--language", "en", "--by", "Ann Editor")
    assert (result.exit_code, result.stderr.count("\n")) == (1, 1)
    assert "is empty" in result.stderr
    assert snapshot(database_url) == before


def test_a_source_cannot_become_a_translation_of_its_own_translation(run, story, tmp_path,
                                                                     database_url):
    assert run("translate", "lib", "--from", "ko", _file(tmp_path, "en.txt", EN), "--format",
               "plain", "--by", "Jo Lee", "--links", "1:1,2:2-3,3:").exit_code == 0
    fr = ["La ville a prévu 300 millions de wons dans son budget 2024."]
    assert run("translate", "lib", "--from", "en", _file(tmp_path, "fr.txt", fr), "--format", "plain",
               "--by", "Luc Martin", "--language", "fr", "--links", "1:1").exit_code == 0
    before = snapshot(database_url)
    message = ("Error: the {} document is itself translated, directly or through others, from the 'ko' "
               "one: 'ko' cannot also be translated from it (translations run one way)\n")
    direct = run("links", "lib", "set", "1:1", "--language", "ko", "--from", "en", "--by", "Ann Editor")
    assert (direct.exit_code, direct.stderr) == (1, message.format("'en'"))
    through = run("links", "lib", "set", "1:1", "--language", "ko", "--from", "fr", "--by", "Ann Editor")
    assert (through.exit_code, through.stderr) == (1, message.format("'fr'"))
    back = run("translate", "lib", "--from", "fr", _file(tmp_path, "ko.txt", KO), "--format", "plain",
               "--by", "Jo Lee", "--language", "ko", "--links", "1:1")
    assert (back.exit_code, back.stderr) == (1, message.format("'fr'"))
    assert snapshot(database_url) == before


def test_chain_and_log_name_stale_and_sourceless_paragraphs(run, story, tmp_path):
    assert run("translate", "lib", "--from", "ko", _file(tmp_path, "en.txt", EN), "--format",
               "plain", "--by", "Jo Lee", "--links", "1:1,2:2-3,3:").exit_code == 0
    corrected = [KO[0].replace("3억", "4억"), *KO[1:]]
    assert run("revise", "lib", _file(tmp_path, "ko2.txt", corrected), "--format", "plain",
               "--language", "ko", "--by", "Min Park", "--role", "reporter", "--activity",
               "correct").exit_code == 0
    chain = json.loads(run("chain", "lib", "--format", "json").stdout)
    by_position = {p["position"]: p for p in chain["paragraphs"]}
    assert by_position[1]["flags"] == ["stale"]
    assert by_position[1]["stale_sources"][0]["text"].startswith("시는 2024년 예산 4억")
    assert by_position[4]["flags"] == ["no-source"]
    assert by_position[4]["added_by"] == "Jo Lee"
    assert [s["activity"] for s in by_position[2]["steps"]] == ["report", "translate"]
    assert by_position[2]["sources"][0]["text"] == KO[1]
    assert chain["summary"]["stale"] == [1] and chain["summary"]["no_source"] == [4]
    log = run("log", "lib", "--language", "en").stdout
    assert "stale: ¶1 was translated from a source that has changed: ko ¶1 (revision 2)" in log
    one = json.loads(run("chain", "lib", "--paragraph", "4", "--format", "json").stdout)
    assert [p["position"] for p in one["paragraphs"]] == [4]
    assert run("chain", "lib", "--paragraph", "9").exit_code == 1
    markdown = run("chain", "lib", "--format", "markdown").stdout
    assert markdown.startswith("# lib (en), revision 1") and "## ¶4" in markdown


XLIFF = Path(__file__).parent / "data" / "xliff"


def test_an_xliff_file_becomes_both_documents_and_their_links(run):
    result = run("translate", "nk", str(XLIFF / "companies-2.0.xlf"))
    assert result.exit_code == 0, result.stderr
    assert "by Leejin Jun" in result.stderr
    ko = json.loads(run("show", "nk", "--language", "ko", "--format", "json").stdout)
    assert ko["paragraphs"][0] == (
        "북한이 국영기업 관리를 지방 간부들에게 맡겼다. 기업 간부들은 불만을 나타냈다.")
    assert len(ko["paragraphs"]) == 4
    en = json.loads(run("show", "nk", "--language", "en", "--format", "json").stdout)
    assert (en["author"], en["activity"]) == ("Leejin Jun", "translate")
    # The third unit has no target: its source stays unlinked, the rest link one to one.
    assert _links_of(run, "nk") == [(1, [("ko", 1)]), (2, [("ko", 2)]), (3, [("ko", 4)])]


def _links_of(run, slug):
    data = json.loads(run("links", slug, "--language", "en", "--format", "json").stdout)
    return [(p["position"], [(s["language"], s["position"]) for s in p["sources"]]) for p in data]


@pytest.mark.parametrize(("name", "args", "code", "message"), [
    ("no-targets-2.0.xlf", ["--by", "X"], 1, "has no target text"),
    ("malformed-1.2.xlf", ["--by", "X"], 1, "malformed XML"),
    ("companies-2.0.xlf", ["--links", "1:1"], 2, "brings its own links"),
    ("companies-2.0.xlf", ["--from", "ja"], 1, "source text is written in Hangul, not in 'ja'"),
])
def test_bad_xliff_changes_nothing(run, story, database_url, name, args, code, message):
    before = snapshot(database_url)
    result = run("translate", "other", str(XLIFF / name), *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert snapshot(database_url) == before


def test_xliff_whose_source_differs_from_the_story(run, story, database_url):
    before = snapshot(database_url)
    result = run("translate", "lib", str(XLIFF / "companies-2.0.xlf"))
    assert result.exit_code == 1
    assert "differs from ko revision 1" in result.stderr
    assert snapshot(database_url) == before


KO_REPORT = [
    "새빛시립도서관이 다음 달부터 밤 11시까지 문을 연다고 시 관계자가 월요일 밝혔다.",
    "시는 야간 운영을 위해 올해 예산 3억 2천만 원을 배정했다.",
    "교대 근무를 하는 시민들도 책을 빌릴 수 있어야 한다고 홍길동 시장은 말했다.",
]


@pytest.fixture
def saebit(run, tmp_path):
    result = run("import", _file(tmp_path, "ko.txt", KO_REPORT), "--format", "plain", "--story", "saebit",
                 "--language", "ko", "--by", "홍길동", "--role", "reporter")
    assert result.exit_code == 0, result.stderr
    return "saebit"


def _show(run, slug, language):
    result = run("show", slug, "--language", language, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_cat_tool_files_with_region_subtags_find_the_storys_documents(run, saebit):
    # Trados names ko-KR and zh-CN: the source is the story's ko, the target a new zh-CN document.
    result = run("translate", "saebit", str(XLIFF / "trados-1.2.sdlxliff"), "--no-credit")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ("recorded saebit (zh-CN) revision 1 by NEWSROOM\\lhua, translated from ko "
                             "revision 1: 3 links from the XLIFF file\n")
    # Weblate's zh_Hans is the same written Chinese as zh-CN: its title lands as revision 2.
    result = run("translate", "saebit", str(XLIFF / "weblate-1.2.xlf"), "--by", "Li Hua")
    assert result.exit_code == 0, result.stderr
    zh = _show(run, "saebit", "zh-Hans")
    assert (zh["language"], zh["revision"], zh["title"]) == ("zh-CN", 2, "新光市图书馆将开放至晚上11点")
    assert _links_of_language(run, "saebit", "zh") == [(1, [("ko", 1)]), (2, [("ko", 2)])]
    # Okapi's lower-case ko-kr and en-us.
    assert run("translate", "saebit", str(XLIFF / "okapi-1.2.xlf"), "--by", "Mina Cho").exit_code == 0
    assert _show(run, "saebit", "en")["language"] == "en-US"
    assert run("translate", "saebit", str(XLIFF / "omegat-1.2.xlf"), "--by", "山田花子").exit_code == 0
    assert run("stories").stdout.split("\t")[1] == "ko,zh-CN,en-US,ja-JP"


def _links_of_language(run, slug, language):
    data = json.loads(run("links", slug, "--language", language, "--format", "json").stdout)
    return [(p["position"], [(s["language"], s["position"]) for s in p["sources"]]) for p in data]


def _po2xliff(tmp_path, target_language=None):
    """The XLIFF translate-toolkit's po2xliff makes of a PO translation of the report."""
    import subprocess
    import sys

    from translate.storage.po import pofile

    store = pofile()
    if target_language:
        store.updateheader(add=True, Language=target_language)
    english = ["Saebit City's municipal library will open until 11 p.m. from next month.",
               "The city has set aside 320 million won for the late hours.",
               "Citizens who work shifts should also be able to borrow books, the mayor said."]
    for source, target in zip(KO_REPORT, english, strict=True):
        store.addsourceunit(source).target = target
    po = tmp_path / "saebit.po"
    po.write_bytes(bytes(store))
    xlf = tmp_path / "saebit.xlf"
    subprocess.run([str(Path(sys.executable).with_name("po2xliff")), str(po), str(xlf)], check=True,
                   capture_output=True)
    assert b'source-language="en-US"' in xlf.read_bytes()  # the tool's default, over Korean text
    return str(xlf)


def test_po2xliff_output_the_story_decides_the_source_and_language_the_target(run, saebit, tmp_path,
                                                                            database_url):
    xlf = _po2xliff(tmp_path)
    before = snapshot(database_url)
    result = run("translate", "saebit", xlf, "--by", "Mina Cho")
    assert (result.exit_code, result.stderr) == (
        1, "Error: the XLIFF file does not say its target language: give --language LANG\n")
    result = run("translate", "saebit", xlf, "--by", "Mina Cho", "--from", "en")
    assert (result.exit_code, result.stderr) == (
        1, "Error: the XLIFF source text is written in Hangul, not in 'en'\n")
    assert snapshot(database_url) == before
    result = run("translate", "saebit", xlf, "--by", "Mina Cho", "--language", "en")
    assert result.exit_code == 0, result.stderr
    assert "recorded saebit (en) revision 1 by Mina Cho, translated from ko revision 1" in result.stderr
    # With the story holding one English document, a second file needs no --language.
    result = run("translate", "saebit", _po2xliff(tmp_path), "--by", "Mina Cho")
    assert result.exit_code == 0, result.stderr
    assert "recorded saebit (en) revision 2" in result.stderr


def test_a_declared_target_language_the_user_contradicts_is_refused(run, saebit, tmp_path):
    xlf = _po2xliff(tmp_path, target_language="en_GB")
    result = run("translate", "saebit", xlf, "--by", "Mina Cho", "--language", "fr")
    assert (result.exit_code, result.stderr) == (
        1, "Error: the XLIFF file's target language is 'en-GB', not 'fr'\n")
    result = run("translate", "saebit", xlf, "--by", "Mina Cho", "--language", "en")
    assert result.exit_code == 0, result.stderr
    assert _show(run, "saebit", "en")["language"] == "en-GB"


def test_xliff_into_a_story_that_lacks_its_source_language_is_one_line(run, tmp_path, database_url):
    english = ["Saebit City's library will open late.", "The city set aside money."]
    assert run("import", _file(tmp_path, "en.txt", english), "--format", "plain", "--story", "saebit",
               "--language", "en").exit_code == 0
    before = snapshot(database_url)
    result = run("translate", "saebit", str(XLIFF / "crowdin-1.2.xliff"), "--by", "Li Hua")
    assert (result.exit_code, result.stderr) == (1, (
        "Error: story 'saebit' has no 'ko' document to translate from (its languages: en): import "
        "the ko text first, or give a new story name to start one from the XLIFF file\n"))
    assert snapshot(database_url) == before


def test_a_new_story_from_xliff_takes_both_titles_from_the_title_unit(run):
    result = run("translate", "saebit", str(XLIFF / "crowdin-1.2.xliff"), "--by", "Li Hua")
    assert result.exit_code == 0, result.stderr
    ko, zh = _show(run, "saebit", "ko"), _show(run, "saebit", "zh")
    assert (ko["title"], ko["paragraphs"]) == ("새빛시 도서관, 밤 11시까지 문 연다", KO_REPORT)
    assert (zh["language"], zh["title"]) == ("zh-CN", "新光市图书馆将开放至晚上11点")
    okapi = run("translate", "other", str(XLIFF / "okapi-1.2.xlf"), "--by", "Mina Cho")
    assert okapi.exit_code == 0, okapi.stderr
    # No title unit: no title, rather than the name of the file the job was made from.
    assert _show(run, "other", "en")["title"] is None


AMBIGUOUS_KO = ["시장은 도서관을 밤늦게까지 열겠다고 말했다.", "주민들은 대체로 그 계획을 환영했다.",
                "시는 2024년 예산 3억 원을 배정했다."]
AMBIGUOUS_EN = ["The mayor said the library would open late.",
                "The city set aside 300 million won in its 2024 budget."]


def test_an_uncertain_automatic_link_is_flagged_until_someone_sets_it(run, tmp_path):
    # Korean ¶2 has no English: the aligner cannot tell whether it was left out or joined to ¶3.
    assert run("import", _file(tmp_path, "ko.txt", AMBIGUOUS_KO), "--format", "plain", "--story",
               "amb", "--language", "ko", "--by", "Min Park", "--role", "reporter").exit_code == 0
    result = run("translate", "amb", "--from", "ko", _file(tmp_path, "en.txt", AMBIGUOUS_EN),
                 "--format", "plain", "--by", "Jo Lee")
    assert result.exit_code == 0, result.stderr
    assert "uncertain link: ko ¶2+¶3 -> en ¶2 (confidence 0." in result.stderr
    shown = json.loads(run("links", "amb", "--format", "json").stdout)
    assert [p["uncertain"] for p in shown] == [False, True]
    assert shown[0]["confidence"] >= 0.8 > shown[1]["confidence"]
    assert "! uncertain: linked automatically with confidence" in run("links", "amb").stdout
    chain = json.loads(run("chain", "amb", "--format", "json").stdout)
    assert [p["flags"] for p in chain["paragraphs"]] == [[], ["uncertain"]]
    assert chain["summary"]["uncertain"] == [2]
    assert "Uncertain: ¶2." in run("chain", "amb").stdout
    assert "**uncertain**" in run("report", "amb", "--format", "markdown").stdout

    # Links a person sets are certain: the flag goes, and the ledger says who settled it.
    assert run("links", "amb", "set", "1:1,2:,3:2", "--by", "Ann Editor").exit_code == 0
    shown = json.loads(run("links", "amb", "--format", "json").stdout)
    assert [(p["confidence"], p["uncertain"]) for p in shown] == [(1.0, False), (1.0, False)]
    assert json.loads(run("chain", "amb", "--format", "json").stdout)["summary"]["uncertain"] == []


def test_links_given_by_hand_are_stored_as_certain(run, story, tmp_path):
    assert run("translate", "lib", "--from", "ko", _file(tmp_path, "en.txt", EN), "--format",
               "plain", "--by", "Jo Lee", "--links", "1:1,2:2-3").exit_code == 0
    shown = json.loads(run("links", "lib", "--format", "json").stdout)
    assert [p["confidence"] for p in shown] == [1.0, 1.0, 1.0, None]
