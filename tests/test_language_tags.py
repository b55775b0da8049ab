import pytest

from provenance.errors import InputError
from provenance.text.language_tags import language_tag


@pytest.mark.parametrize(("given", "expected"), [
    ("en", "en"), ("KO", "ko"), ("zh-hant-tw", "zh-Hant-TW"), ("pt_br", "pt-BR"),
    ("es-419", "es-419"),
])
def test_tags_are_written_in_canonical_case(given, expected):
    assert language_tag(given) == expected


@pytest.mark.parametrize("bad", ["", "english!", "e", "en--us", "12"])
def test_malformed_tags_are_refused(bad):
    with pytest.raises(InputError, match="BCP 47"):
        language_tag(bad)
