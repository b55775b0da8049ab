"""Story slugs keep the letters of every script, never come out empty, never collide silently."""

import json

import pytest

from provenance.text.slugs import fallback_slug, is_slug, slugify


@pytest.mark.parametrize(("title", "slug"), [
    ("북한 국영기업", "북한-국영기업"),
    ("북한, 국영기업 관리권 지방에 넘겨", "북한-국영기업-관리권-지방에-넘겨"),
    ("朝鲜将国企管理权下放地方", "朝鲜将国企管理权下放地方"),
    ("北朝鮮、国営企業を地方に", "北朝鮮-国営企業を地方に"),
    ("Café «Über» 2021", "café-über-2021"),
    ("Москва и Seoul", "москва-и-seoul"),
    ("\u200fשלום עולם", "שלום-עולם"),  # a right-to-left mark is formatting, not a letter
    ("مرحبا بالعالم", "مرحبا-بالعالم"),
    ("हिन्दी समाचार", "हिन्दी-समाचार"),  # vowel signs (marks) stay with their letters
    ("Cafe\u0301", "café"),  # NFC
])
def test_slugs_keep_letters_of_every_script(title, slug):
    assert slugify(title) == slug
    assert is_slug(slug)


@pytest.mark.parametrize("title", ["!!!", "🎉🎉 🎉", "— … —", ""])
def test_a_title_without_letters_makes_no_slug(title):
    assert slugify(title) == ""


def test_a_slug_is_at_most_sixty_characters_of_whole_words():
    assert slugify("word " * 30) == "-".join(["word"] * 12)
    assert len(slugify("가" * 100)) == 60


def test_the_fallback_is_stable_and_ascii():
    assert fallback_slug("plone", "3f2a") == fallback_slug("plone", "3f2a")
    assert fallback_slug("plone", "3f2a") != fallback_slug("plone", "3f2b")
    assert fallback_slug("plone", "3f2a").startswith("plone-")
    assert is_slug(fallback_slug("plone", "3f2a"))


@pytest.mark.parametrize("text", ["Upper", "two--hyphens", "-lead", "under_score", "spa ce", ""])
def test_what_is_not_a_slug(text):
    assert not is_slug(text)


def _article(tmp_path, name, title):
    path = tmp_path / name
    path.write_text(f"{title}\n\nFirst paragraph of {name}.\n\nSecond paragraph.\n", encoding="utf-8")
    return path


def test_an_imported_korean_title_makes_a_korean_slug(run, tmp_path):
    result = run("import", str(_article(tmp_path, "ko.txt", "북한 국영기업 (VOA 10)")),
                 "--language", "ko")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("imported 북한-국영기업-voa-10 (ko) revision 1")


def test_a_taken_slug_is_never_attached_silently(run, tmp_path):
    assert run("import", str(_article(tmp_path, "ko.txt", "VOA")), "--language", "ko").exit_code == 0
    other = run("import", str(_article(tmp_path, "en.txt", "VOA")), "--language", "en")
    assert other.exit_code == 0, other.stderr
    assert other.stderr.splitlines()[0] == ("another story is voa: this one is voa-2 (to add a "
                                            "language to that story, give --story)")
    stories = {s["slug"]: s["languages"] for s in json.loads(run("stories", "--format", "json").stdout)}
    assert stories == {"voa": ["ko"], "voa-2": ["en"]}
    # Only an explicit --story attaches.
    attached = run("import", str(_article(tmp_path, "en2.txt", "VOA")), "--language", "en",
                   "--story", "voa")
    assert attached.exit_code == 0, attached.stderr
    stories = {s["slug"]: s["languages"] for s in json.loads(run("stories", "--format", "json").stdout)}
    assert stories["voa"] == ["ko", "en"]


@pytest.mark.parametrize("title", ["🎉🎉🎉", "!!!"])
def test_a_title_of_only_emoji_or_punctuation_gets_a_stable_id(run, tmp_path, title):
    result = run("import", str(_article(tmp_path, "e.txt", title)))
    assert result.exit_code == 0, result.stderr
    slug = result.stderr.split()[1]
    assert slug.startswith("story-") and len(slug) == len("story-") + 12


def test_a_story_option_in_any_script(run, tmp_path):
    ok = run("import", str(_article(tmp_path, "a.txt", "x")), "--story", "북한-국영기업")
    assert ok.exit_code == 0, ok.stderr
    bad = run("import", str(_article(tmp_path, "b.txt", "x")), "--story", "Bad Slug")
    assert bad.exit_code == 1
    assert bad.stderr.startswith("Error: not a story slug: 'Bad Slug'")
