"""`byline --format jsonld`: a schema.org NewsArticle that a real JSON-LD processor reads as meant."""

import json

import pytest
from pyld import jsonld

from conftest import DATA, SEED, snapshot
from provenance.render.jsonld import news_article
from provenance.text.credit_parsing import ParsedCredit

S = "http://schema.org/"
# No network here: the loader serves schema.org's context as a vocabulary mapping, which is what the
# terms used (author, translator, Person, Role, roleName …) resolve through.
SCHEMA_CONTEXT = {"@context": {"@vocab": S}}


def _loader(url, options=None):
    assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
    return {"contextUrl": None, "documentUrl": url, "document": SCHEMA_CONTEXT}


def _expand(document):
    [node] = jsonld.expand(document, {"documentLoader": _loader})
    return node


def _names(node, prop):
    return [n[S + "name"][0]["@value"] for n in node.get(S + prop, [])]


def _value(node, prop):
    return node[S + prop][0]["@value"]


def test_every_role_lands_on_its_schema_org_property():
    credits = [
        ParsedCredit("Hyemin Son", "reporter", desk="RFA’s Korean Service"),
        ParsedCredit("RFA’s Myanmar Service", "reporter", desk="RFA’s Myanmar Service"),
        ParsedCredit("Jack Kim", "additional_reporter", location="Seoul"),
        ParsedCredit("Leejin Jun", "translator"),
        ParsedCredit("Leejin Jun", "writer"),
        ParsedCredit("Hyemin Son", "writer"),
        ParsedCredit("Ed Davies", "editor"),
        ParsedCredit("Ann Copy", "copy_editor"),
        ParsedCredit("Jane Doe", "photographer"),
        ParsedCredit("Sam Helper", "contributor"),
    ]
    document = news_article(credits, headline="A headline", language="en", source_language="ko")
    assert document["@context"] == "https://schema.org" and document["@type"] == "NewsArticle"
    node = _expand(document)
    assert node["@type"] == [S + "NewsArticle"]
    assert (_value(node, "headline"), _value(node, "inLanguage")) == ("A headline", "en")
    # A reporter who also wrote is one author; a desk credited in its own name is an Organization.
    assert _names(node, "author") == ["Hyemin Son", "RFA’s Myanmar Service", "Jack Kim", "Leejin Jun"]
    authors = node[S + "author"]
    assert [a["@type"] for a in authors] == [[S + "Person"], [S + "Organization"], [S + "Person"],
                                             [S + "Person"]]
    affiliation = authors[0][S + "affiliation"][0]
    assert (affiliation["@type"], _value(affiliation, "name")) == ([S + "Organization"],
                                                                   "RFA’s Korean Service")
    assert S + "affiliation" not in authors[2]
    assert _names(node, "translator") == ["Leejin Jun"]
    assert _names(node, "editor") == ["Ed Davies", "Ann Copy"]
    roles = node[S + "contributor"]
    assert [r["@type"] for r in roles] == [[S + "Role"], [S + "Role"]]
    assert [(_value(r, "roleName"), _names(r, "contributor")) for r in roles] == [
        ("photographer", ["Jane Doe"]), ("contributor", ["Sam Helper"])]
    source = node[S + "translationOfWork"][0]
    assert (source["@type"], _value(source, "inLanguage")) == ([S + "CreativeWork"], "ko")


def test_fields_without_data_are_left_out():
    assert news_article([]) == {"@context": "https://schema.org", "@type": "NewsArticle"}
    same = news_article([], language="en", source_language="en")
    assert "translationOfWork" not in same


def _byline(run, slug):
    result = run("byline", slug, "--format", "jsonld")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_the_seed_article_as_a_news_article(run):
    assert run("import", str(SEED), "--story", "nk").exit_code == 0
    node = _expand(_byline(run, "nk"))
    assert _value(node, "headline") == (
        "North Korea Gives Control of State-Run Companies to Local Government Officials")
    assert _value(node, "inLanguage") == "en"
    assert _names(node, "author") == ["Hyemin Son", "Hee Jung Yang", "Eugene Whong"]
    assert _names(node, "translator") == ["Leejin Jun"]
    assert S + "editor" not in node and S + "translationOfWork" not in node


def test_a_translated_story_names_its_source_language(run):
    demo = DATA / "demo"
    assert run("import", str(demo / "library-ko.json"), "--story", "lib").exit_code == 0
    only_korean = _expand(_byline(run, "lib"))
    assert _value(only_korean, "inLanguage") == "ko"
    assert _value(only_korean, "headline") == "[예시] 새빛시립도서관, 다음 달부터 밤 11시까지 문 연다"
    assert S + "translationOfWork" not in only_korean

    assert run("import", str(demo / "library-en.json"), "--story", "lib").exit_code == 0
    assert run("credits", "lib", "add", "Ruth Okafor", "--role", "editor", "--by", "A").exit_code == 0
    node = _expand(_byline(run, "lib"))
    assert _value(node, "inLanguage") == "en"
    assert _value(node, "headline") == "[Illustrative] Saebit City library to stay open until 11 p.m."
    assert _value(node[S + "translationOfWork"][0], "inLanguage") == "ko"
    assert _names(node, "author") == ["Seo-yeon Park", "Ji-ho Lim", "Daniel Reyes"]
    assert _names(node, "translator") == ["Mina Cho"]
    assert _names(node, "editor") == ["Ruth Okafor"]


def test_a_merged_person_is_named_as_the_survivor(run):
    assert run("import", str(SEED), "--story", "nk").exit_code == 0
    assert run("credits", "nk", "add", "Lee-jin Jun", "--role", "editor", "--by", "A").exit_code == 0
    assert run("people", "merge", "Lee-jin Jun", "Leejin Jun").exit_code == 0
    node = _expand(_byline(run, "nk"))
    assert _names(node, "editor") == ["Leejin Jun"]


@pytest.mark.parametrize("args", [["byline", "nope", "--format", "jsonld"]])
def test_unknown_story_is_one_line(run, database_url, args):
    before = snapshot(database_url)
    result = run(*args)
    assert result.exit_code == 1 and result.stderr == "Error: no story 'nope' (see `provenance stories`)\n"
    assert snapshot(database_url) == before
