"""Messages speak the user's language, not Python's, and count correctly."""

import json


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_one_of_anything_is_singular(run, tmp_path):
    ko = _write(tmp_path, "ko.txt", "시는 도서관을 밤늦게까지 연다고 밝혔다.\n")
    imported = run("import", ko, "--format", "plain", "--language", "ko", "--story", "one",
                   "--no-credit", "--by", "Min Park", "--role", "reporter")
    assert imported.exit_code == 0, imported.stderr
    assert "imported one (ko) revision 1 as plain: 1 paragraph, 0 credits named" in imported.stderr
    en = _write(tmp_path, "en.txt", "The city said the library will open late.\n")
    translated = run("translate", "one", "--from", "ko", en, "--format", "plain", "--by", "Jo Lee",
                     "--no-credit")
    assert translated.exit_code == 0, translated.stderr
    assert ": 1 link aligned automatically, 0 credits added" in translated.stderr
    chain = run("chain", "one")
    assert "1 of 1 paragraph traces back to a source; 100% of the words are in them." in chain.stdout
    audit = run("audit", "one")
    assert audit.stderr.splitlines()[-1] == "2 findings"  # Min Park and Jo Lee are not credited
    run("credits", "one", "add", "Min Park", "--role", "reporter", "--by", "Desk")
    audit = run("audit", "one")
    assert audit.stderr.splitlines()[-1] == "1 finding"
    assert "Jo Lee wrote 8 words that stand in the en text" in audit.stdout
    too_far = run("chain", "one", "--paragraph", "2")
    assert too_far.exit_code == 1 and "revision 1 has 1 paragraph, not 2" in too_far.stderr
    out_of_range = run("credits", "one", "add", "Ann Lee", "--role", "editor", "--by", "Desk",
                       "--position", "5")
    assert "'one' has 1 credit, so a new one goes at 1 to 2" in out_of_range.stderr


def test_a_json_file_of_the_wrong_shape_is_described_in_json_terms(run, tmp_path):
    for content, message in (
        ([], "the JSON document must be an object {…}, not a list […]"),
        ({"paragraphs": {"a": 1}}, '"paragraphs" must be a list […], not an object {…}'),
        ({"title": "T"}, 'the JSON document has no "paragraphs"'),
    ):
        path = _write(tmp_path, "story.json", json.dumps(content))
        result = run("import", path, "--story", "shape")
        assert result.exit_code == 1
        assert message in result.stderr
        assert "dict" not in result.stderr and "NoneType" not in result.stderr
