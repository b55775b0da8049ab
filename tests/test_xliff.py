import itertools
import socket
import unicodedata
from pathlib import Path

import pytest

from provenance.errors import InputError
from provenance.readers.xliff import XliffDocument, read_xliff
from provenance.text.links import Link


def T(source: tuple[int, ...], target: tuple[int, ...]) -> Link:
    """A translation link, as the reader makes one per unit."""
    return Link("translation", source, target)

XLIFF_DATA = Path(__file__).resolve().parent / "data" / "xliff"
UNIT_IDS = itertools.count(1)


def read_fixture(name: str) -> XliffDocument:
    return read_xliff((XLIFF_DATA / name).read_bytes())


def xliff_1_2(body: str, file_attributes: str = 'source-language="ko" target-language="en"',
              head: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>{head}'
            '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
            f'<file original="a.txt" datatype="plaintext" {file_attributes}><body>{body}</body></file>'
            "</xliff>").encode()


def unit(source: str, target: str) -> str:
    return (f'<trans-unit id="{next(UNIT_IDS)}">'
            f"<source>{source}</source><target>{target}</target></trans-unit>")


ONE_UNIT = unit("하나.", "One.")


def test_xliff_1_2_paragraphs_links_languages_translator_and_title():
    assert read_fixture("companies-1.2.xlf") == XliffDocument(
        source_language="ko-KR",
        target_language="en-US",
        source=[
            "북한이 지방 간부들에게 국영기업 관리를 맡겼다.",
            "김정은 위원장은 시, 군 책임비서 강습에서 이 지시를 내렸다.",
            "소식통은 자유아시아방송에 이같이 전했다.",
            "한국 기업 간부들은 불만을 나타냈다.",
        ],
        target=[
            "North Korea has given local officials control of state-run companies.",
            "Kim Jong Un gave the directive at a seminar for chief secretaries.",
            "Company managers complained.",
        ],
        links=[T((0,), (0,)), T((1,), (1,)), T((2,), ()), T((3,), (2,))],
        author="Leejin Jun",
        title=None,  # the file it was made from names the job, not the story
    )


def test_inline_codes_leave_their_words_and_drop_the_original_formats_code():
    document = read_fixture("companies-1.2.xlf")
    assert document.target[1] == "Kim Jong Un gave the directive at a seminar for chief secretaries."
    assert not any("<" in p or "&lt;" in p for p in document.source + document.target)


def test_text_is_nfc_and_its_white_space_folded():
    document = read_fixture("companies-1.2.xlf")
    # The fixture spells 한국 in decomposed jamo and breaks unit 1 over two indented lines.
    assert document.source[3].startswith("한국 ")
    assert all(unicodedata.is_normalized("NFC", p) for p in document.source + document.target)
    assert document.target[0] == "North Korea has given local officials control of state-run companies."


def test_alternative_translations_and_notes_are_not_the_target():
    document = read_fixture("companies-1.2.xlf")
    assert not any("suggestion" in p or "Headline" in p for p in document.target)


def test_xliff_2_0_joins_a_units_segments_and_puts_targets_in_their_order():
    assert read_fixture("companies-2.0.xlf") == XliffDocument(
        source_language="ko",
        target_language="en",
        source=[
            "북한이 국영기업 관리를 지방 간부들에게 맡겼다. 기업 간부들은 불만을 나타냈다.",
            "김정은 위원장이 지시했다…",
            "소식통이 전했다.",
            "첫째 문장. 둘째 문장.",
        ],
        target=[
            "North Korea has given local officials control of state-run companies. "
            "Company managers complained.",
            "Kim Jong Un gave the directive…",
            "Second sentence. First sentence.",
        ],
        links=[T((0,), (0,)), T((1,), (1,)), T((2,), ()), T((3,), (2,))],
        author="Leejin Jun",
        title=None,
    )


def test_memoq_translator_is_the_user_who_confirmed_most_units():
    document = read_fixture("memoq-1.2.mqxliff")
    assert document.author == "ljun"
    assert document.links == [T((0,), (0,)), T((1,), (1,)), T((2,), (2,)), T((3,), (3,))]


def test_trados_translator_is_the_segments_creator():
    body = ('<trans-unit id="1"><source>하나.</source><target>One.</target>'
            '<sdl:seg-defs xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0"><sdl:seg id="1">'
            '<sdl:value key="created_by">RFA\\ljun</sdl:value>'
            '<sdl:value key="last_modified_by">RFA\\editor</sdl:value>'
            "</sdl:seg></sdl:seg-defs></trans-unit>")
    assert read_xliff(xliff_1_2(body)).author == "RFA\\ljun"


def test_a_review_phase_alone_names_no_translator():
    header = ('<header><phase-group><phase phase-name="r" process-name="review" contact-name="Copy Desk"/>'
              "</phase-group></header>")
    data = xliff_1_2(ONE_UNIT).replace(b"<body>", header.encode() + b"<body>")
    assert read_xliff(data).author is None


def test_a_file_name_is_never_the_title():
    assert read_xliff(xliff_1_2(ONE_UNIT)).title is None
    assert read_xliff(xliff_1_2(ONE_UNIT).replace(b'original="a.txt"', b'original="NoName"')).title is None


def test_a_unit_with_only_a_target_gets_a_target_paragraph_and_empty_units_are_dropped():
    body = unit("하나.", "One.") + unit("", "Added in English.") + unit("<x id='1'/>", "")
    document = read_xliff(xliff_1_2(body))
    assert (document.source, document.target) == (["하나."], ["One.", "Added in English."])
    assert document.links == [T((0,), (0,)), T((), (1,))]


def test_a_utf_16_file_is_read():
    text = (XLIFF_DATA / "memoq-1.2.mqxliff").read_text(encoding="utf-8")
    data = text.replace('encoding="utf-8"', 'encoding="UTF-16"').encode("utf-16")
    assert read_xliff(data).source[0] == "첫째 문단."


def test_a_file_with_no_target_at_all_is_refused():
    with pytest.raises(InputError, match=r"^the XLIFF file has no target text: nothing was translated$"):
        read_fixture("no-targets-2.0.xlf")


def test_malformed_xml_is_one_line_naming_where():
    with pytest.raises(InputError) as raised:
        read_fixture("malformed-1.2.xlf")
    message = str(raised.value)
    assert message.startswith("malformed XML: Opening and ending tag mismatch")
    assert "line 7" in message
    assert "\n" not in message


XLIFF_2 = ('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" {}>'
           '<file id="f">{}</file></xliff>')
UNIT_2 = "<unit id='u'><segment><source>하나.</source><target>One.</target></segment></unit>"


@pytest.mark.parametrize(("data", "message"), [
    (b"", r"^malformed XML: Document is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", r"^malformed XML: "),
    (b"<html><body><p>Hi</p></body></html>", r"^not XLIFF: the root element is <html>, not <xliff>$"),
    (b'<xliff xmlns="urn:example:other" version="1.2"/>', r"^not XLIFF: "),
    (b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2"/>', r"^the <xliff> element has no version"),
    (b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="3.0" srcLang="ko"/>',
     r"^XLIFF version '3.0' is not supported \(1.1, 1.2, 2.0 and 2.1 are\)$"),
    (b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"/>',
     r"^the XLIFF file has no <file> element$"),
    (xliff_1_2(ONE_UNIT, 'source-language="korean!" target-language="en"'),
     r"^source-language: not a BCP 47 language tag: 'korean!'"),
    (XLIFF_2.format('srcLang="ko" trgLang="en"', "").encode(),
     r"^the XLIFF file has no translation units with text$"),
    (XLIFF_2.format('srcLang="ko" trgLang="en"', UNIT_2.replace("One.", "<cp hex='zz'/>")).encode(),
     r"^<cp hex='zz'> is not a Unicode code point$"),
])
def test_unusable_files_are_refused_in_one_line(data, message):
    with pytest.raises(InputError, match=message):
        read_xliff(data)


def test_files_that_disagree_on_the_source_language_are_refused():
    data = xliff_1_2(ONE_UNIT).replace(
        b"</xliff>", b'<file original="b.txt" datatype="plaintext" source-language="ja" target-language="en">'
        b"<body></body></file></xliff>")
    with pytest.raises(InputError, match=r"disagree on source-language: ja, ko$"):
        read_xliff(data)


def test_reading_loads_no_dtd_or_entity_and_touches_no_network(tmp_path, monkeypatch):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET")
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    head = (f'<!DOCTYPE xliff SYSTEM "http://127.0.0.1:{port}/xliff.dtd" ['
            f'<!ENTITY remote SYSTEM "http://127.0.0.1:{port}/remote.txt">'
            f'<!ENTITY local SYSTEM "{secret.as_uri()}">]>')

    def refuse(*args, **kwargs):
        raise AssertionError("read_xliff opened a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    try:
        document = read_xliff(xliff_1_2(unit("하나 &remote;&local;.", "One &remote;&local;."), head=head))
        listener.settimeout(0.2)
        # libxml2 would fetch a URL in C, past the patches above; only the listener would see that.
        with pytest.raises(TimeoutError):
            listener.accept()
    finally:
        listener.close()
    assert (document.source, document.target) == (["하나 ."], ["One ."])


KO_REPORT = [
    "새빛시립도서관이 다음 달부터 밤 11시까지 문을 연다고 시 관계자가 월요일 밝혔다.",
    "시는 야간 운영을 위해 올해 예산 3억 2천만 원을 배정했다.",
    "교대 근무를 하는 시민들도 책을 빌릴 수 있어야 한다고 홍길동 시장은 말했다.",
]
KO_TITLE = "새빛시 도서관, 밤 11시까지 문 연다"
ZH_TITLE = "新光市图书馆将开放至晚上11点"
ONE_TO_ONE = [T((0,), (0,)), T((1,), (1,)), T((2,), (2,))]


@pytest.mark.parametrize(("name", "languages", "author", "titles", "links"), [
    # Okapi: lower-case tags, segmented <mrk>s, an empty unit for a <br/>.
    ("okapi-1.2.xlf", ("ko-KR", "en-US"), None, (None, None), ONE_TO_ONE),
    # Trados: a locked structure unit, segments in <mrk>s, the creator in sdl:seg-defs.
    ("trados-1.2.sdlxliff", ("ko-KR", "zh-CN"), "NEWSROOM\\lhua", (None, None), ONE_TO_ONE),
    # Crowdin: string keys as resname, the title as the string "title".
    ("crowdin-1.2.xliff", ("ko", "zh-CN"), None, (KO_TITLE, ZH_TITLE), ONE_TO_ONE),
    # Weblate: zh_Hans with an underscore, id="title", a string not yet translated.
    ("weblate-1.2.xlf", ("ko", "zh-Hans"), None, (KO_TITLE, ZH_TITLE),
     [T((0,), (0,)), T((1,), (1,)), T((2,), ())]),
    ("omegat-1.2.xlf", ("ko-KR", "ja-JP"), None, (None, None), ONE_TO_ONE),
    # XLIFF 2.0 without trgLang, the title a unit named "title".
    ("title-2.0.xlf", ("ko", None), None, (KO_TITLE, "Saebit library to stay open until 11 p.m."),
     ONE_TO_ONE),
])
def test_files_in_the_shapes_cat_tools_write(name, languages, author, titles, links):
    document = read_fixture(name)
    assert (document.source_language, document.target_language) == languages
    assert document.source == KO_REPORT
    assert (document.source_title, document.title) == titles
    assert document.author == author
    assert document.links == links
    assert not any("<" in p for p in document.target)


def test_okapi_and_trados_keep_the_words_inside_inline_codes():
    assert read_fixture("okapi-1.2.xlf").target[2] == (
        "Citizens who work shifts should also be able to borrow books, Mayor Hong Gil-dong said.")
    assert read_fixture("trados-1.2.sdlxliff").target[2] == "市长洪吉童表示，轮班工作的市民也应该能够借书。"


def _translate_toolkit(tmp_path: Path, converter: str, source: Path, *args: str) -> Path:
    """Run one of translate-toolkit's converters, as a translator would from the shell."""
    import subprocess
    import sys

    out = tmp_path / f"{source.stem}.{'xlf' if converter == 'po2xliff' else 'po'}"
    script = Path(sys.executable).with_name(converter)
    subprocess.run([str(script), *args, str(source), str(out)], check=True, capture_output=True)
    return out


def _fill(po: Path, translations: dict[str, str], header: dict[str, str] | None = None) -> None:
    """Translate a PO file as a translator would in Poedit: msgstrs and the header's fields."""
    from translate.storage.po import pofile

    store = pofile.parsefile(str(po))
    for unit in store.units:
        if unit.isheader():
            if header:
                store.updateheader(add=True, **header)
        elif unit.source in translations:
            unit.target = translations[unit.source]
    po.write_bytes(bytes(store))


ZH_REPORT = {
    KO_REPORT[0]: "新光市立图书馆将从下个月起开放至晚上11点，市政府官员周一表示。",
    KO_REPORT[1]: "市政府为夜间运营拨出今年预算3.2亿韩元。",
}


def test_a_po_file_made_by_txt2po_and_po2xliff(tmp_path):
    text = tmp_path / "saebit.txt"
    text.write_text("\n\n".join(KO_REPORT) + "\n", encoding="utf-8")
    po = _translate_toolkit(tmp_path, "txt2po", text)
    _fill(po, ZH_REPORT, {"Language": "zh_Hans", "Last_Translator": "Li Hua <lihua@example.org>"})
    data = _translate_toolkit(tmp_path, "po2xliff", po).read_bytes()
    assert b'version="1.1"' in data and b"x-gettext-domain-header" in data  # what the tool wrote
    document = read_xliff(data)
    # po2xliff declares en-US over any source; the caller checks it against the text.
    assert (document.source_language, document.target_language) == ("en-US", "zh-Hans")
    assert document.source == KO_REPORT  # the PO header is not a paragraph
    assert document.target == list(ZH_REPORT.values())
    assert document.links == [T((0,), (0,)), T((1,), (1,)), T((2,), ())]
    assert (document.author, document.title) == ("Li Hua", None)


def test_a_html_page_made_by_html2po_and_po2xliff_gives_its_title(tmp_path):
    page = tmp_path / "saebit.html"
    page.write_text(f"<html><head><title>{KO_TITLE}</title></head><body><h1>{KO_TITLE}</h1>"
                    + "".join(f"<p>{p}</p>" for p in KO_REPORT) + "</body></html>", encoding="utf-8")
    po = _translate_toolkit(tmp_path, "html2po", page)
    _fill(po, {KO_TITLE: ZH_TITLE, **ZH_REPORT})
    document = read_xliff(_translate_toolkit(tmp_path, "po2xliff", po).read_bytes())
    assert document.target_language is None  # the PO header named no language
    assert (document.source_title, document.title) == (KO_TITLE, ZH_TITLE)
    assert document.source == KO_REPORT  # neither <title> nor <h1> is a paragraph
    assert document.author is None  # the template's FULL NAME is nobody


def test_an_xliff_1_1_file_is_read():
    data = xliff_1_2(ONE_UNIT).replace(b'version="1.2"', b'version="1.1"').replace(
        b"document:1.2", b"document:1.1")
    assert read_xliff(data).target == ["One."]


def test_a_po_header_from_another_tool_is_not_a_paragraph():
    header = unit("", "Project-Id-Version: story\nContent-Type: text/plain; charset=UTF-8\n"
                      "Last-Translator: Mina Cho &lt;mina@example.org&gt;\n")
    document = read_xliff(xliff_1_2(header + ONE_UNIT))
    assert (document.source, document.target, document.author) == (["하나."], ["One."], "Mina Cho")


def test_undeclared_languages_are_none():
    document = read_xliff(xliff_1_2(ONE_UNIT, ''))
    assert (document.source_language, document.target_language) == (None, None)
