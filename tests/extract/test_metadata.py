"""A page's metadata read over the parsed tree, as trafilatura's own extract_metadata reads it."""

from pathlib import Path

import pytest
import trafilatura
from trafilatura.utils import load_html

from newsdesk.extract.metadata import page_metadata

HTML = Path(__file__).resolve().parents[1] / "fixtures" / "html"
_FIELDS = ("title", "author", "url", "date", "sitename")


@pytest.mark.parametrize("name", sorted(path.name for path in HTML.glob("*.html")))
def test_the_fields_newsdesk_reads_are_trafilaturas(name):
    page = (HTML / name).read_text(encoding="utf-8")
    params = {"extensive_search": True, "original_date": True}
    ours = page_metadata(load_html(page), None, params)
    theirs = trafilatura.extract_metadata(page, date_config=params)
    assert [getattr(ours, f) for f in _FIELDS] == [getattr(theirs, f) for f in _FIELDS]


def test_the_tree_is_left_as_it_was():
    page = (HTML / "plain_article.html").read_text(encoding="utf-8")
    tree = load_html(page)
    before = len(list(tree.iter()))
    page_metadata(tree, None)
    assert len(list(tree.iter())) == before


@pytest.mark.parametrize("name", sorted(path.name for path in HTML.glob("*.html")))
def test_the_text_path_reads_the_same_title_and_url(name):
    # html_to_main_text drops the headline's repeat and passes the URL on: both must be
    # what the whole page read finds, or the body would differ between the two.
    tree = load_html((HTML / name).read_text(encoding="utf-8"))
    whole = page_metadata(tree, "https://example.test/page")
    lean = page_metadata(tree, "https://example.test/page", text_only=True)
    assert (lean.title, lean.url) == (whole.title, whole.url)


def test_the_text_path_skips_the_bylines_search():
    # An author named only in the page's text is found by the fallback the text path skips.
    page = (
        "<html><head><title>Rates held</title></head><body><article><h1>Rates held</h1>"
        '<p class="byline">By <a rel="author" href="/staff/ana">Ana Lima</a></p>'
        "<p>The central bank held its rate on Tuesday, as markets had expected it to.</p>"
        "</article></body></html>"
    )
    tree = load_html(page)
    assert page_metadata(tree, None).author == "Ana Lima"
    assert page_metadata(tree, None, text_only=True).author is None
