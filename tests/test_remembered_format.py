"""A document remembers the format it was imported in; revise and translate read files in it."""

import json

from sqlalchemy import text


def _write(tmp_path, name, paragraphs):
    path = tmp_path / name
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return str(path)


KO = ["시는 도서관을 다음 달부터 밤늦게까지 연다고 밝혔다.", "도서관은 1990년에 지어졌다."]
EN = ["The city said the library will open late from next month.", "The library was built in 1990."]


def _paragraphs(run, ref, language):
    return json.loads(run("show", ref, "--language", language, "--format", "json").stdout)


def test_revise_reads_a_text_file_as_the_document_was_imported(run, tmp_path):
    assert run("import", _write(tmp_path, "ko.txt", KO), "--format", "plain", "--language", "ko",
               "--story", "lib", "--by", "Min Park", "--role", "reporter").exit_code == 0
    edited = [KO[0].replace("다음 달부터", "내달부터"), KO[1]]
    result = run("revise", "lib", _write(tmp_path, "ko2.txt", edited), "--by", "Min Park",
                 "--role", "reporter")
    assert result.exit_code == 0, result.stderr
    # Read as an article, the lede would have become the title: "1 insert, 1 delete".
    assert result.stderr.splitlines()[0] == (
        "read ko2.txt as plain: the format its document was imported in (--format to choose another)")
    assert "revision 2 on top of 1: 1 edit" in result.stderr
    shown = _paragraphs(run, "lib", "ko")
    assert shown["title"] is None and shown["paragraphs"] == edited


def test_translate_reads_as_its_source_then_as_its_own_document(run, tmp_path):
    run("import", _write(tmp_path, "ko.txt", KO), "--format", "plain", "--language", "ko",
        "--story", "lib")
    result = run("translate", "lib", "--from", "ko", _write(tmp_path, "en.txt", EN), "--by", "Jo Lee")
    assert result.exit_code == 0, result.stderr
    assert "read en.txt as plain: the format its source was imported in" in result.stderr
    assert _paragraphs(run, "lib", "en")["paragraphs"] == EN
    again = run("translate", "lib", "--from", "ko", _write(tmp_path, "en2.txt", [EN[0], EN[1] + "!"]),
                "--by", "Jo Lee")
    assert "read en2.txt as plain: the format its document was imported in" in again.stderr
    assert _paragraphs(run, "lib", "en")["paragraphs"] == [EN[0], EN[1] + "!"]


def test_format_given_wins_and_an_old_document_is_read_by_name(run, tmp_path, engine):
    run("import", _write(tmp_path, "ko.txt", KO), "--format", "plain", "--language", "ko",
        "--story", "lib")
    article = ["Library to open late", *KO]
    asked = run("revise", "lib", _write(tmp_path, "ko2.txt", article), "--by", "Min Park",
                "--role", "reporter", "--format", "article")
    assert asked.exit_code == 0 and "read ko2.txt" not in asked.stderr
    assert _paragraphs(run, "lib", "ko")["title"] == "Library to open late"
    with engine.begin() as connection:  # a document imported before formats were remembered
        connection.execute(text("UPDATE document SET format = NULL"))
    guessed = run("revise", "lib", _write(tmp_path, "ko3.txt", ["Title again", *KO]), "--by",
                  "Min Park", "--role", "reporter")
    assert "read ko3.txt as article: guessed from the file's name" in guessed.stderr


def test_a_one_paragraph_translation_is_not_mistaken_for_an_article(run, tmp_path):
    run("import", _write(tmp_path, "ko.txt", KO[:1]), "--format", "plain", "--language", "ko",
        "--story", "one")
    result = run("translate", "one", "--from", "ko", _write(tmp_path, "en.txt", EN[:1]), "--by", "Jo Lee")
    assert result.exit_code == 0, result.stderr
    assert _paragraphs(run, "one", "en")["paragraphs"] == EN[:1]
