"""Naming someone in a role on a revision credits them in it the first time; an empty byline says so."""

import json


def _write(tmp_path, name, paragraphs):
    path = tmp_path / name
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return str(path)


KO = ["시는 도서관을 다음 달부터 밤늦게까지 연다고 밝혔다.", "도서관은 1990년에 지어졌다."]
EN = ["The city said the library will open late from next month.", "The library was built in 1990."]


def _credits(run, slug="lib"):
    return [(c["name"], c["role"]) for c in
            json.loads(run("credits", slug, "--format", "json").stdout)]


def test_following_the_readme_gives_a_byline(run, tmp_path):
    imported = run("import", _write(tmp_path, "ko.txt", KO), "--format", "plain", "--language",
                   "ko", "--story", "lib", "--by", "A Reporter", "--role", "reporter")
    assert "credited A Reporter as reporter on lib" in imported.stderr
    translated = run("translate", "lib", "--from", "ko", _write(tmp_path, "en.txt", EN),
                     "--format", "plain", "--by", "A Translator")
    assert "credited A Translator as translator on lib" in translated.stderr
    edited = run("revise", "lib", _write(tmp_path, "en2.txt", [EN[0] + " Really.", EN[1]]),
                 "--language", "en", "--by", "An Editor", "--role", "editor", "-m", "tighten")
    assert "credited An Editor as editor on lib" in edited.stderr
    again = run("revise", "lib", _write(tmp_path, "en3.txt", EN), "--language", "en", "--by",
                "An Editor", "--role", "editor")
    assert again.exit_code == 0 and "credited" not in again.stderr
    assert _credits(run) == [("A Reporter", "reporter"), ("A Translator", "translator"),
                             ("An Editor", "editor")]
    byline = run("byline", "lib")
    assert byline.stdout == ("Reported by A Reporter. Translated by A Translator. "
                             "Edited by An Editor.\n")
    audit = json.loads(run("audit", "lib", "--format", "json").stdout)
    assert "uncredited-contributor" not in {f["code"] for f in audit["findings"]}
    history = json.loads(run("credits", "lib", "--history", "--format", "json").stdout)
    assert [(h["author"], h["message"]) for h in history][:1] == [
        ("An Editor", "named as editor on a revision")]


def test_no_credit_leaves_the_credits_alone(run, tmp_path):
    run("import", _write(tmp_path, "ko.txt", KO), "--format", "plain", "--language", "ko",
        "--story", "lib", "--by", "A Reporter", "--role", "reporter", "--no-credit")
    run("translate", "lib", "--from", "ko", _write(tmp_path, "en.txt", EN), "--by", "A Translator",
        "--no-credit")
    result = run("revise", "lib", _write(tmp_path, "en2.txt", [EN[0] + " Really.", EN[1]]),
                 "--language", "en", "--by", "An Editor", "--role", "editor", "--no-credit")
    assert result.exit_code == 0 and "credited" not in result.stderr
    assert _credits(run) == []


def test_an_empty_byline_is_a_clear_error(run, tmp_path):
    run("import", _write(tmp_path, "ko.txt", KO), "--format", "plain", "--language", "ko",
        "--story", "lib")
    result = run("byline", "lib")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == ("Error: nobody is credited on 'lib', so it has no byline: credit "
                             "someone with `provenance credits lib add NAME --role ROLE --by WHO`\n")
    as_json = json.loads(run("byline", "lib", "--format", "json").stdout)
    assert as_json["byline"] == ""
