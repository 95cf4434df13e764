"""Markup nested past the parser's depth limit, flattened with its text kept."""

from __future__ import annotations

from newsdesk.extract.markup import html_fragment_to_text
from newsdesk.extract.nesting import flatten_deep_nesting, nesting_depth


def test_a_page_within_the_limit_is_left_as_it_is() -> None:
    page = "<html><body><div><p>One<br>two</p><ul><li>a<li>b</ul></div></body></html>"
    assert nesting_depth(page) == 5  # html body div ul li: a <li> closes the <li> before it
    assert flatten_deep_nesting(page) is page


def test_deep_nesting_is_cut_below_the_limit_and_keeps_every_paragraph() -> None:
    deep = "<div>" * 5000 + "<p>First para.</p><div><p>Second para.</div>" + "</div>" * 5000
    flat = flatten_deep_nesting(f"<body>{deep}</body>", max_depth=50)
    assert nesting_depth(flat) <= 52
    assert flat.index("<p>First para.</p>") < flat.index("<p>Second para.")


def test_script_comments_and_stray_closing_tags_do_not_count() -> None:
    page = "<body><script>var s = '<div><div><div>';</script><!-- <div> -->" + "</div>" * 9
    assert nesting_depth(page) == 1


def test_a_deeply_nested_feed_fragment_keeps_its_text() -> None:
    fragment = "<div>" * 20_000 + "Harbour reopens." + "</div>" * 20_000
    assert html_fragment_to_text(fragment) == "Harbour reopens."
