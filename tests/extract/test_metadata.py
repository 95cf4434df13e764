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
