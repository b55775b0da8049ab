import hashlib
import unicodedata

from provenance.text.normalize import normalize_paragraph, split_blocks, text_hash, unify_line_endings


def test_line_endings_are_unified():
    assert unify_line_endings("a\r\nb\rc\n") == "a\nb\nc\n"


def test_paragraph_is_nfc_and_white_space_folded():
    decomposed = "Cafe\u0301  au\n lait\t"  # e + combining acute, double space, line break, tab
    assert normalize_paragraph(decomposed) == "Caf\u00e9 au lait"


def test_blocks_split_on_blank_lines_of_any_ending():
    text = "First line\nstill first\r\n\r\nSecond\r\r  \n\nThird\n\n\n"
    assert split_blocks(text) == ["First line still first", "Second", "Third"]


def test_text_hash_is_sha256_of_nfc_utf8():
    assert text_hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    composed, decomposed = "\uc548\ub155", unicodedata.normalize("NFD", "\uc548\ub155")
    assert composed != decomposed
    expected = hashlib.sha256(composed.encode("utf-8")).hexdigest()
    assert text_hash(decomposed) == text_hash(composed) == expected
