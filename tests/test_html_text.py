"""HTML bodies to paragraphs: the one helper every reader of HTML uses."""

from provenance.readers.html_text import html_inline_text, html_paragraphs


def test_block_elements_and_double_line_breaks_make_paragraphs():
    markup = ("Loose words<br><br>after two breaks<br>and one break"
              "<h2>A heading</h2><ul><li>first item</li><li>second item</li></ul>"
              "<blockquote><p>A quoted paragraph.</p></blockquote><p>Last.</p>")
    assert html_paragraphs(markup).paragraphs == [
        "Loose words", "after two breaks and one break", "A heading", "first item", "second item",
        "A quoted paragraph.", "Last."]


def test_inline_markup_is_dropped_and_entities_decoded():
    markup = ('<p>The <b>board</b> chair, <a href="/x">Maria&nbsp;Okonkwo</a>, '
              "said &#8220;no&#8221; &amp; left.</p>")
    assert html_paragraphs(markup).paragraphs == ["The board chair, Maria Okonkwo, said “no” & left."]


def test_scripts_styles_and_comments_are_never_kept():
    markup = ("<p>Before<script>document.write('<p>injected</p>')</script> after.</p>"
              "<style>p { color: red }</style><!-- an editor's note --><noscript>Enable JS</noscript>"
              "<p>Kept.</p>")
    assert html_paragraphs(markup).paragraphs == ["Before after.", "Kept."]


def test_figure_captions_come_apart_from_the_body():
    found = html_paragraphs('<figure><img src="a.jpg"><figcaption>The <i>bridge</i> at night</figcaption>'
                            "</figure><p>Body.</p>")
    assert (found.paragraphs, found.captions) == (["Body."], ["The bridge at night"])


def test_a_line_break_between_chinese_characters_is_not_a_space_but_between_hangul_it_is():
    joined = "新光市首座跨江步行桥正式通车"
    assert html_paragraphs("<p>新光市首座跨江步行桥\n正式通车</p>").paragraphs == [joined]
    assert html_paragraphs("<p>시립도서관이\n문을 연다</p>").paragraphs == ["시립도서관이 문을 연다"]
    # A space typed between Chinese characters stays: it is the writer's.
    assert html_paragraphs("<p>（记者 林晓雨）</p>").paragraphs == ["（记者 林晓雨）"]


def test_inline_text_and_empty_input():
    assert html_inline_text("Harbor ferry fares &#8211; <em>spring</em>") == "Harbor ferry fares – spring"
    assert html_paragraphs("").paragraphs == []
    assert html_paragraphs("   <p> </p> ").paragraphs == []
