"""Which of a page's titles is its headline."""

from __future__ import annotations

from newsdesk.extract.headline import choose_headline, headings, title_core


def test_the_title_loses_the_site_name_on_either_side() -> None:
    page = "<title>Harbour Courier - Ferry quay reopens: what changes</title>"
    assert title_core(page, "Harbour Courier") == "Ferry quay reopens: what changes"
    assert title_core("<title>Ferry quay reopens | Harbour Courier</title>", None) == (
        "Ferry quay reopens"
    )


def test_a_chosen_title_the_page_title_does_not_back_is_kept_without_a_matching_heading() -> None:
    page = "<title>Short SEO title | Courier</title><h1>A longer headline on the page</h1>"
    assert choose_headline(page, "A longer headline on the page", "Courier") == (
        "A longer headline on the page"
    )
    assert choose_headline(page, "Section", "Courier") == "Section"


def test_headings_are_bounded_and_unescaped() -> None:
    page = "<h2>Fish &amp; chips <em>return</em></h2>" + "<h1>" * 1000 + "never closed"
    assert headings(page) == ["Fish & chips return"]
