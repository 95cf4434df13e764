"""HTML pages: main text and metadata through trafilatura, teaser stubs from the page."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsdesk.errors import IngestError
from newsdesk.extract.html import (
    _keeps_the_text,
    _may_hold_relative_times,
    _nests_deep,
    _paragraphs,
    _parse,
    _read_as_layout_table,
    extract_html,
    html_to_main_text,
    page_lines,
)
from newsdesk.types import IngestHints

HTML = Path(__file__).resolve().parents[1] / "fixtures" / "html"
CAPTURED_AT = datetime(2025, 7, 14, 12, 0)


def _read(name: str) -> str:
    return (HTML / name).read_text(encoding="utf-8")


def test_aggregator_capture_metadata_and_body():
    main, *_ = extract_html(_read("aggregator_capture.html"), IngestHints())
    assert main.title == "Glacier melt speeds up in the Andes, survey finds"
    assert main.author == "Lucia Ferreyra"
    assert main.published_at == datetime(2024, 5, 21, 9, 30, tzinfo=UTC)
    assert main.outlet == "Skyline Briefs"
    assert main.url == "https://skyline-briefs.example/world/andes-glacier-melt"
    assert (main.dateline, main.wire_service) == ("LIMA, Peru", "AP")
    assert main.text.startswith("Glaciers in the tropical Andes lost ice")
    assert main.text.endswith("share its data with water utilities in the region.")
    assert len(main.text.split("\n\n")) == 5
    for chrome in ("Try Our AI Features", "Related Articles", "Bolivia plans", "AI Digest", "©"):
        assert chrome not in main.text


def test_aggregator_capture_teasers_become_stubs():
    _, *stubs = extract_html(_read("aggregator_capture.html"), IngestHints(captured_at=CAPTURED_AT))
    assert [(s.ordinal, s.outlet, s.title, s.published_at) for s in stubs] == [
        (
            1,
            "Andes Observer",
            "Bolivia plans three reservoirs to replace shrinking glaciers",
            CAPTURED_AT - timedelta(hours=2),
        ),
        (
            2,
            "Polar and Peaks Review",
            "Satellites show Alpine glaciers thinning at record pace",
            CAPTURED_AT - timedelta(days=1),
        ),
    ]
    assert all(s.is_stub for s in stubs)
    assert stubs[0].text.startswith("The government in La Paz says")


def test_plain_article_metadata():
    drafts = extract_html(_read("plain_article.html"), IngestHints(captured_at=CAPTURED_AT))
    # Readers' comments carry names and time stamps, and the related list has
    # headlines, but neither is another outlet's article.
    assert len(drafts) == 1
    (main,) = drafts
    assert main.title == "City council approves night bus network"
    assert main.author == "Daniel Okoro"
    assert main.published_at == datetime(2024, 2, 8, tzinfo=UTC)
    assert main.outlet == "The Riverside Courier"
    assert main.url == "https://riverside-courier.example/local/2024/02/08/night-buses"
    assert main.dateline is None


def test_comment_section_does_not_leak_into_text():
    (main,) = extract_html(_read("plain_article.html"), IngestHints())
    for chrome in (
        "nightnurse",
        "Finally!",
        "west side",
        "Comments",
        "Tram extension",
        "Subscribe",
        "Copyright",
        "Advertise",
    ):
        assert chrome not in main.text
    assert main.text.startswith("Riverside will get its first night bus network")
    assert main.text.endswith("a grant from the regional transport fund.")


def test_source_hint_names_the_outlet():
    (main,) = extract_html(_read("plain_article.html"), IngestHints(source="Courier feed"))
    assert main.outlet == "Courier feed"


def test_main_text_for_benchmark():
    text = html_to_main_text(_read("plain_article.html"))
    assert text.split("\n\n")[0].startswith("Riverside will get its first night bus network")
    assert len(text.split("\n\n")) == 4
    assert "nightnurse" not in text


def test_page_lines_leave_out_scripts_and_comments():
    lines = page_lines(_read("plain_article.html"))
    assert "City council approves night bus network" in lines
    assert not any("nightnurse" in line for line in lines)
    lines = page_lines(_read("aggregator_capture.html"))
    assert "Andes Observer · 2 hours ago" in lines
    assert not any("dataLayer" in line for line in lines)


@pytest.mark.parametrize(
    "html",
    [
        "",
        "<html><body></body></html>",
        "<html><body><nav><a href='/'>Home</a></nav><script>var x = 1;</script></body></html>",
    ],
)
def test_page_without_text_is_refused(html):
    with pytest.raises(IngestError) as caught:
        extract_html(html, IngestHints(), origin="https://example.test/empty")
    assert caught.value.origin == "https://example.test/empty"
    assert "no article text found" in caught.value.reason


def test_teasers_inside_the_article_element_end_the_body():
    # Some sites keep the related rail inside <article>; the story still ends before it.
    html = _read("aggregator_capture.html").replace("</article>", "")
    html = html.replace("<footer>", "</article><footer>")
    main, *stubs = extract_html(html, IngestHints(captured_at=CAPTURED_AT))
    assert main.text.endswith("share its data with water utilities in the region.")
    assert "Bolivia plans" not in main.text
    assert [s.outlet for s in stubs] == ["Andes Observer", "Polar and Peaks Review"]


def test_a_page_of_100000_nested_divs_keeps_its_text():
    # libxml2 drops what lies deeper than 256 levels: the whole article, on such a page.
    paragraph = (
        "<p>The harbour council voted on Tuesday to reopen the old ferry quay after a year "
        "of repairs, officials said.</p>"
    )
    page = (
        "<html><head><title>Harbour quay reopens after repairs</title></head><body>"
        + "<div>" * 100_000
        + paragraph * 6
        + "</div>" * 100_000
        + "</body></html>"
    )
    main, *_ = extract_html(page, IngestHints())
    assert main.title == "Harbour quay reopens after repairs"
    assert main.text.count("reopen the old ferry quay") == 6


def test_a_site_section_in_og_title_and_h1_is_not_the_headline():
    main, *_ = extract_html(_read("section_headline.html"), IngestHints())
    # og:title and the first <h1> say "Health A-Z"; the <title> less the site's name
    # agrees with the article's own heading.
    assert main.title == "Sleep Apnea Treatments: What Works and What Doesn't"
    assert main.text.startswith("Sleep apnea makes the airway close")


def test_the_headline_everyone_agrees_on_is_kept():
    main, *_ = extract_html(_read("plain_article.html"), IngestHints())
    assert main.title == "City council approves night bus network"


def test_a_body_in_an_old_table_layout_is_kept_as_paragraphs():
    main, *_ = extract_html(_read("table_layout.html"), IngestHints())
    assert main.title == "Fire closes Millbrook town hall"
    paragraphs = main.text.split("\n\n")
    assert any(p.startswith("A fire that started in the basement") for p in paragraphs)
    assert paragraphs[-1] == (
        "The cause of the fire is being investigated, a spokesman for the fire service said."
    )
    assert len([p for p in paragraphs if len(p.split()) > 10]) == 4
    for chrome in ("Front page", "Copyright", "|"):
        assert chrome not in main.text


def _prose(words: int, seed: str = "council") -> str:
    return " ".join(f"{seed}{n % 7}" for n in range(words)) + "."


def test_an_end_marker_before_a_short_tail_ends_the_body():
    text = "\n".join([_prose(200), _prose(150), "Related articles", _prose(40, "teaser")])
    paragraphs = _paragraphs(text, None)
    assert paragraphs == [_prose(200), _prose(150)]


def test_an_end_marker_above_most_of_the_text_heads_a_section_and_stays():
    # A listing or a forum: "Comments" over the posts, which are the page's text.
    text = "\n".join([_prose(30), "Comments", _prose(200, "post"), _prose(200, "reply")])
    assert _paragraphs(text, None) == [
        _prose(30),
        "Comments",
        _prose(200, "post"),
        _prose(200, "reply"),
    ]


def test_the_headline_repeated_above_the_body_is_dropped_but_a_lone_headline_stays():
    title = "Harbour quay reopens after repairs"
    assert _paragraphs(f"{title}\n{_prose(50)}", title) == [_prose(50)]
    assert _paragraphs(title, title) == [title]


def test_lines_without_words_and_pieces_of_sentences_are_not_chrome():
    text = "\n".join(["Home", "if (ready) {", "}", "the", "Subscribe", _prose(20)])
    assert _paragraphs(text, None) == ["if (ready) {", "}", "the", _prose(20)]


def test_rows_of_short_items_are_kept_but_chrome_words_are_not():
    # Breadcrumbs and a product's parts: trafilatura keeps them, and so do labelled bodies.
    text = "\n".join(["Home > Kitchen > Cast Iron Pans", "Share", _prose(30)])
    assert _paragraphs(text, None) == ["Home > Kitchen > Cast Iron Pans", _prose(30)]


def test_a_wrapped_line_that_reads_like_a_marker_does_not_end_the_body():
    text = "\n".join([_prose(200), "or RFC to indicate a request for", "comments.", _prose(40)])
    assert _paragraphs(text, None)[-1] == _prose(40)
    # Written as a heading, after a finished sentence, it ends the body.
    text = "\n".join([_prose(200), _prose(150), "comments", _prose(40, "reader")])
    assert _paragraphs(text, None) == [_prose(200), _prose(150)]


def test_a_copyright_line_is_left_where_trafilatura_puts_it():
    text = "\n".join([_prose(200), "© 2019 Associated Press. All rights reserved.", _prose(40)])
    assert _paragraphs(text, None)[1:] == [
        "© 2019 Associated Press. All rights reserved.",
        _prose(40),
    ]


def test_an_untabled_reading_that_lost_most_of_the_text_is_not_taken():
    rows = ["| " + _prose(80, "post") + " |", "| " + _prose(80, "reply") + " |"]
    assert _keeps_the_text([_prose(80, "post"), _prose(80, "reply")], rows)
    # A discussion laid out in a table, its posts taken for comments once untabled.
    assert not _keeps_the_text([_prose(20)], rows)
    assert not _keeps_the_text([], rows)


def test_only_a_page_read_mostly_as_table_rows_is_read_again_untabled():
    row = "| " + _prose(80) + " | more |"
    assert _read_as_layout_table([row, _prose(10)])
    # One data table with a long cell among prose is data, as trafilatura read it.
    assert not _read_as_layout_table([_prose(300), row, _prose(300)])
    assert _read_as_layout_table([])


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("<p>Posted 3 hours ago</p>", True),
        ("<span>5 min</span><span>Ago</span>", True),
        ("<p>Yesterday</p>", True),
        ("<p>just\n now</p>", True),
        ("<p>Just Now</p>", True),
        ("<p>JUST NOW</p>", True),
        ("<p>adjust nowhere</p>", True),
        ("<p>justify: now</p>", False),
        ("<p>JUST now</p>", False),
        ("<p>Chicago and Santiago agonise over agora pagodas.</p>", False),
        ("<p>A quiet page.</p>", False),
    ],
)
def test_relative_times_are_looked_for_as_words(page, expected):
    assert _may_hold_relative_times(page) is expected


def test_a_deep_page_is_recognised_on_its_parsed_tree():
    assert not _nests_deep(_parse("<html><body>" + "<div>" * 50 + "x" + "</div>" * 50))
    assert _nests_deep(_parse("<html><body>" + "<div>" * 300 + "x" + "</div>" * 300))
