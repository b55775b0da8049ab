import json

import pytest

from conftest import snapshot
from provenance.text.quotes import quotes

KO = [
    "시는 도서관을 다음 달부터 밤늦게까지 연다고 밝혔다.",
    "김 과장은 \"모든 시민이 책을 빌릴 수 있어야 한다\"고 말했다.",
    "도서관은 1990년에 지어졌다.",
]
EN = [
    "The city council will keep the main library open at night from next month for all residents.",
    "\"Every citizen should be able to borrow books,\" Kim said.",
    "The library was built in 1990.",
]
# Each step keeps at least half of the words before it, so lineage holds, but together they keep
# less than half of the translation (similarity 0.40).
E1 = ("The council will keep the central library open late in the evening from March for every "
      "resident.")
E2 = ("Councillors agreed to keep the central library open late in the evening from March for "
      "students.")


def _file(tmp_path, name, paragraphs):
    path = tmp_path / name
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return str(path)


@pytest.fixture
def story(run, tmp_path):
    def ok(*args):
        result = run(*args)
        assert result.exit_code == 0, result.stderr

    ok("import", _file(tmp_path, "ko.txt", KO),
       "--format", "plain", "--story", "lib", "--language", "ko", "--by", "Min Park",
       "--role", "reporter")
    ok("translate", "lib", "--from", "ko", _file(tmp_path, "en.txt", EN), "--format", "plain",
       "--by", "Jo Lee", "--links", "1:1,2:2,3:3")
    # Naming them in their roles credited Min Park and Jo Lee.
    ok("credits", "lib", "add", "Pat Writer", "--role", "writer", "--by", "Desk")
    return "lib"


def _findings(run, story="lib"):
    return json.loads(run("audit", story, "--format", "json").stdout)["findings"]


def _codes(findings):
    return sorted(f["code"] for f in findings)


def test_quotes_in_every_style():
    text = 'He said "yes" and “no”, 「はい」 and «oui» and »ja«.'
    assert quotes(text) == ["yes", "no", "はい", "oui", "ja"]


def test_a_clean_translation_shows_only_the_missing_writer(run, story):
    findings = _findings(run)
    assert _codes(findings) == ["credit-without-trace"]
    assert findings[0]["evidence"] == {"person": "Pat Writer", "role": "writer"}
    assert run("audit", "lib", "--check").exit_code == 1


def test_edits_after_translation(run, story, tmp_path, database_url):
    altered = EN[1].replace("Every citizen should", "All citizens must")
    assert run("revise", "lib", _file(tmp_path, "e1.txt", [E1, altered, EN[2]]), "--format",
               "plain", "--language", "en", "--by", "Ed Itor", "--role", "editor", "--no-credit"
               ).exit_code == 0
    assert run("revise", "lib", _file(tmp_path, "e2.txt", [E2, altered, EN[2]]), "--format",
               "plain", "--language", "en", "--by", "Ed Itor", "--role", "editor", "--no-credit"
               ).exit_code == 0
    corrected = [KO[0], KO[1], KO[2].replace("1990", "1991")]
    assert run("revise", "lib", _file(tmp_path, "ko2.txt", corrected), "--format", "plain",
               "--language", "ko", "--by", "Min Park", "--role", "reporter").exit_code == 0
    before = snapshot(database_url)
    findings = _findings(run)
    assert snapshot(database_url) == before
    by_code = {}
    for f in findings:
        by_code.setdefault(f["code"], []).append(f)
    assert set(by_code) == {"quote-altered", "uncredited-contributor", "credit-without-trace",
                            "stale-translation", "heavy-rewrite"}
    [quote] = by_code["quote-altered"]
    assert (quote["severity"], quote["language"], quote["record"], quote["number"],
            quote["paragraph"]) == ("error", "en", "revision", 2, 2)
    assert quote["evidence"]["before"] == ["Every citizen should be able to borrow books,"]
    assert quote["evidence"]["after"] == ["All citizens must be able to borrow books,"]
    [uncredited] = by_code["uncredited-contributor"]
    assert uncredited["evidence"]["person"] == "Ed Itor"
    [stale] = by_code["stale-translation"]
    assert stale["paragraph"] == 3
    [heavy] = by_code["heavy-rewrite"]
    assert heavy["paragraph"] == 1 and heavy["evidence"]["similarity"] == 0.4
    assert findings[0]["severity"] == "error"


def test_a_message_explains_a_rewrite(run, story, tmp_path):
    assert run("revise", "lib", _file(tmp_path, "e1.txt", [E1, *EN[1:]]), "--format", "plain",
               "--language", "en", "--by", "Jo Lee", "--role", "writer").exit_code == 0
    assert run("revise", "lib", _file(tmp_path, "e2.txt", [E2, *EN[1:]]), "--format", "plain",
               "--language", "en", "--by", "Jo Lee", "--role", "writer", "-m",
               "lede rewritten for students").exit_code == 0
    assert "heavy-rewrite" not in _codes(_findings(run))


def test_a_paragraph_added_in_english_and_markup_in_the_text(run, story, tmp_path):
    added = "Councillors said the plan costs <b>too much</b> &amp; see javascript:alert(1)."
    assert run("revise", "lib", _file(tmp_path, "e1.txt", [*EN, added]), "--format", "plain",
               "--language", "en", "--by", "Jo Lee", "--role", "writer").exit_code == 0
    findings = [f for f in _findings(run) if f["code"] != "credit-without-trace"]  # Pat Writer
    assert _codes(findings) == ["markup-in-text", "unsourced-paragraph"]
    markup, unsourced = sorted(findings, key=lambda f: f["code"])
    assert (markup["severity"], markup["language"], markup["number"], markup["paragraph"]) == (
        "warning", "en", 2, 4)
    assert markup["evidence"]["markup"] == ["<b>", "</b>", "&amp;", "javascript:alert(1)."]
    assert (unsourced["severity"], unsourced["language"], unsourced["paragraph"]) == ("warning", "en", 4)
    assert unsourced["message"] == "no source-language paragraph: added in en by Jo Lee"
    chain = json.loads(run("chain", "lib", "--format", "json").stdout)
    assert [p["position"] for p in chain["paragraphs"] if "no-source" in p["flags"]] == [4]
    # The source document's own paragraphs have no source, and are not findings.
    assert all(f["language"] == "en" for f in findings)
    text = run("audit", "lib").stdout
    assert "warning unsourced-paragraph    en revision 2 ¶4: no source-language paragraph" in text


def test_an_ap_credit_line_matches_the_ap_byline(run, tmp_path):
    line = "By Jon Roe. Associated Press writer Nora Feld in Berlin contributed to this report."
    path = tmp_path / "ap.json"
    path.write_text(json.dumps({"title": "T", "paragraphs": ["Berlin was calm."], "credit_line": line}),
                    encoding="utf-8")
    assert run("import", str(path), "--story", "ap").exit_code == 0
    assert run("byline", "ap", "--style", "ap").stdout.strip() == line
    assert "byline-mismatch" not in _codes(_findings(run, "ap"))


def test_every_audit_code_is_documented_with_its_severity():
    from provenance import audit
    from provenance.findings import CODES

    for code in ("quote-altered", "byline-mismatch", "uncredited-contributor", "credit-without-trace",
                 "stale-translation", "heavy-rewrite", "unsourced-paragraph", "markup-in-text"):
        assert f"``{code}`` ({CODES[code]})" in (audit.__doc__ or "")


def test_audit_of_an_unknown_story(run, story):
    result = run("audit", "nope")
    assert result.exit_code == 1 and "no story 'nope'" in result.stderr


def test_log_all_filters_by_person_activity_and_time(run, story, tmp_path):
    assert run("revise", "lib", _file(tmp_path, "e1.txt", [E1, *EN[1:]]), "--format", "plain",
               "--language", "en", "--by", "Ed Itor", "--role", "editor").exit_code == 0
    everything = json.loads(run("log", "--all", "--format", "json").stdout)
    assert [(e["story"], e["language"], e["revision"]) for e in everything] == [
        ("lib", "en", 2), ("lib", "en", 1), ("lib", "ko", 1)]
    edits = json.loads(run("log", "--all", "--person", "Ed Itor", "--activity", "edit",
                           "--format", "json").stdout)
    assert len(edits) == 1 and edits[0]["counts"]["edit"] == 1
    assert edits[0]["words_added"] > 0 and edits[0]["words_removed"] > 0
    future = json.loads(run("log", "--all", "--since", "2999-01-01", "--format", "json").stdout)
    assert future == []
    assert run("log", "--all", "--person", "Nobody").exit_code == 1
    assert run("log").exit_code == 2
    assert run("log", "lib", "--all").exit_code == 2


def test_byline_mismatch_after_credits_change(run, tmp_path):
    from conftest import SEED

    assert run("import", str(SEED), "--story", "nk").exit_code == 0
    assert "byline-mismatch" not in _codes(_findings(run, "nk"))
    assert run("credits", "nk", "add", "Ann Editor", "--role", "editor", "--by", "Desk").exit_code == 0
    [mismatch] = [f for f in _findings(run, "nk") if f["code"] == "byline-mismatch"]
    assert mismatch["severity"] == "error"
    assert mismatch["evidence"]["published"].endswith("Written in English by Eugene Whong.")
    assert mismatch["evidence"]["generated"].endswith("Edited by Ann Editor.")
    assert run("credits", "nk", "remove", "Ann Editor", "--by", "Desk").exit_code == 0
    assert "byline-mismatch" not in _codes(_findings(run, "nk"))


def test_a_merged_spelling_reads_as_the_survivor_everywhere(run, story, tmp_path):
    edited = [EN[0].replace("main library", "central library"), *EN[1:]]
    assert run("revise", "lib", _file(tmp_path, "e.txt", edited), "--format", "plain",
               "--language", "en", "--by", "Joe Lee", "--role", "translator", "--no-credit"
               ).exit_code == 0
    [flagged] = [f for f in _findings(run) if f["code"] == "uncredited-contributor"]
    assert flagged["evidence"]["person"] == "Joe Lee"
    assert run("people", "merge", "Joe Lee", "Jo Lee", "--by", "Desk").exit_code == 0
    assert "uncredited-contributor" not in _codes(_findings(run))
    blame = json.loads(run("blame", "lib", "--language", "en", "--format", "json").stdout)
    assert {s["person"] for s in blame[0]["shares"]} == {"Jo Lee"}
    log = json.loads(run("log", "lib", "--language", "en", "--format", "json").stdout)
    assert [e["author"] for e in log["revisions"]] == ["Jo Lee", "Jo Lee"]
    mine = json.loads(run("log", "--all", "--person", "Jo Lee", "--format", "json").stdout)
    assert [(e["language"], e["revision"]) for e in mine] == [("en", 2), ("en", 1)]
