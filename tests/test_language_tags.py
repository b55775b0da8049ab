import pytest

from provenance.errors import InputError
from provenance.text.language_tags import language_tag, match_language, script_of_language


@pytest.mark.parametrize(("given", "expected"), [
    ("en", "en"), ("KO", "ko"), ("zh-hant-tw", "zh-Hant-TW"), ("es-419", "es-419"),
    # The registry's replacements: a deprecated code, an extlang, a script the language always has.
    ("iw", "he"), ("zh-cmn-Hans", "zh-Hans"), ("ko-Kore-KR", "ko-KR"), (" en-gb ", "en-GB"),
    # CAT tools and gettext write locales with an underscore; it is read as a hyphen.
    ("pt_br", "pt-BR"), ("en_US", "en-US"), ("zh_Hans", "zh-Hans"),
])
def test_tags_are_written_in_canonical_form(given, expected):
    assert language_tag(given) == expected


@pytest.mark.parametrize("bad", ["", "english!", "e", "en--us", "12", "xx-YY", "xx", "korean"])
def test_malformed_and_unregistered_tags_are_refused_in_one_line(bad):
    with pytest.raises(InputError, match=r"^not a BCP 47 language tag.*\(for example: en, ko") as raised:
        language_tag(bad)
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(("requested", "available", "found"), [
    ("ko", ["ko", "en"], "ko"),
    ("ko-KR", ["ko", "en"], "ko"),                 # lookup: ko-KR falls back to ko
    ("zh-Hant-TW", ["zh-Hant", "en"], "zh-Hant"),
    ("en", ["ko", "en-GB"], "en-GB"),              # the story's only English variant
    ("en", ["en", "en-GB"], "en"),                 # an exact match comes first
    ("en-GB", ["en", "en-GB"], "en-GB"),
    ("zh-Hans", ["zh-Hant"], None),                # scripts of Chinese never stand in for each other
    ("zh-Hant", ["zh-Hans", "zh-Hant"], "zh-Hant"),
    ("en-US", ["en-GB"], None),                    # nor do regions
    ("ja", ["ko", "en"], None),
    ("iw", ["he"], "he"),                          # compared in canonical form
    ("KO", ["ko"], "ko"),
    # Likely subtags: the region a CAT tool adds implies the script the story's document names.
    ("zh-CN", ["zh-Hant", "zh-Hans"], "zh-Hans"),
    ("zh-HK", ["zh-Hant", "zh-Hans"], "zh-Hant"),
    ("zh-Hans", ["zh-TW", "zh-CN"], "zh-CN"),
    ("zh-TW", ["zh-Hans"], None),
])
def test_documents_are_found_by_rfc_4647_lookup(requested, available, found):
    assert match_language(requested, available) == found


def test_a_range_that_covers_several_documents_says_which_there_are():
    with pytest.raises(InputError, match=r"^'zh' could be any of zh-Hans, zh-Hant: say which$"):
        match_language("zh", ["zh-Hant", "zh-Hans", "ko"])


def test_a_tag_stored_before_tags_were_checked_still_matches_itself():
    assert match_language("en", ["x-old", "en"]) == "en"


@pytest.mark.parametrize(("tag", "script"), [
    ("ko", "Kore"), ("ko-KR", "Kore"), ("ja", "Jpan"), ("zh", "Hans"), ("zh-TW", "Hant"),
    ("zh-Hant", "Hant"), ("en-US", "Latn"), ("ru", "Cyrl"),
])
def test_the_script_a_language_is_written_in(tag, script):
    assert script_of_language(tag) == script
