"""Documents found by their language tag the way a newsroom writes it, on both databases."""

import pytest

from conftest import snapshot

KO = ["시는 2024년 예산 3억 원을 배정했다.", "일부 주민들은 주차 문제를 걱정한다."]
EN = ["The city set aside 300 million won in its 2024 budget.", "Some residents worry about parking."]


def _file(tmp_path, name, paragraphs):
    path = tmp_path / name
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return str(path)


@pytest.fixture
def story(run, tmp_path):
    """A ko-KR report and its en-GB translation."""
    result = run("import", _file(tmp_path, "ko.txt", KO), "--format", "plain", "--story", "lib",
                 "--language", "ko-kr", "--by", "김민수", "--role", "reporter")
    assert result.exit_code == 0, result.stderr
    result = run("translate", "lib", "--from", "ko", _file(tmp_path, "en.txt", EN), "--format", "plain",
                 "--language", "en_GB", "--by", "Mina Cho", "--links", "1:1,2:2")
    assert result.exit_code == 0, result.stderr
    return "lib"


def test_tags_are_stored_in_canonical_form(run, story):
    assert run("stories").stdout.split("\t")[1] == "ko-KR,en-GB"


def test_chain_finds_the_stories_only_english_document(run, story):
    result = run("chain", "lib")  # --language en by default
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("lib (en-GB) revision 1")
    assert "source ko-KR revision 1 ¶1: 시는 2024년" in result.stdout


@pytest.mark.parametrize(("command", "language", "expected"), [
    ("show", "ko", "시는 2024년 예산 3억 원을 배정했다."),
    ("show", "ko-Kore-KR", "시는 2024년 예산 3억 원을 배정했다."),
    ("show", "en", "The city set aside 300 million won in its 2024 budget."),
    ("show", "EN-gb", "The city set aside 300 million won in its 2024 budget."),
    ("blame", "en", "The city set aside 300 million won in its 2024 budget."),
])
def test_every_command_finds_documents_by_lookup(run, story, command, language, expected):
    result = run(command, "lib", "--language", language)
    assert result.exit_code == 0, result.stderr
    assert expected in result.stdout


@pytest.mark.parametrize(("args", "code", "message"), [
    (["chain", "lib", "--language", "en-US"],
     1, "Error: story 'lib' has no 'en-US' document (its languages: ko-KR, en-GB)\n"),
    (["chain", "lib", "--language", "zh-Hant"],
     1, "Error: story 'lib' has no 'zh-Hant' document (its languages: ko-KR, en-GB)\n"),
    (["show", "lib", "--language", "xx-YY"], 1,
     "Error: not a BCP 47 language tag in the IANA registry: 'xx-YY' "
     "(for example: en, ko, zh-Hant, en-GB)\n"),
    (["log", "lib", "--language", "english"], 1,
     "Error: not a BCP 47 language tag: 'english' (for example: en, ko, zh-Hant, en-GB)\n"),
])
def test_a_missing_document_or_a_bad_tag_is_one_line(run, story, args, code, message):
    result = run(*args)
    assert (result.exit_code, result.stderr) == (code, message)


def test_a_tag_that_names_an_existing_document_cannot_start_a_second(run, story, tmp_path, database_url):
    before = snapshot(database_url)
    result = run("import", _file(tmp_path, "ko2.txt", KO), "--format", "plain", "--story", "lib",
                 "--language", "ko")
    assert result.exit_code == 1
    assert "already has a 'ko-KR' document" in result.stderr
    assert snapshot(database_url) == before


def test_zh_hant_and_zh_hans_are_two_documents(run, story, tmp_path):
    for tag, text in (("zh-Hant", ["市政府在2024年預算中撥款3億韓元。", "部分居民擔心停車問題。"]),
                      ("zh-Hans", ["市政府在2024年预算中拨款3亿韩元。", "部分居民担心停车问题。"])):
        result = run("translate", "lib", "--from", "ko", _file(tmp_path, f"{tag}.txt", text),
                     "--format", "plain", "--language", tag, "--by", "Li Hua", "--links", "1:1,2:2")
        assert result.exit_code == 0, result.stderr
    assert "預算" in run("show", "lib", "--language", "zh-Hant").stdout
    assert "预算" in run("show", "lib", "--language", "zh-Hans").stdout
    result = run("show", "lib", "--language", "zh")
    assert (result.exit_code, result.stderr) == (
        1, "Error: 'zh' could be any of zh-Hans, zh-Hant: say which\n")
