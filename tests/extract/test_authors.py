"""The author fallback read in one walk finds what trafilatura's `extract_author` finds."""

import gzip
from pathlib import Path

import pytest
from lxml import etree
from trafilatura.metadata import extract_author
from trafilatura.utils import load_html

from newsdesk.extract.authors import markup_author

BENCHMARK = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "data"
    / ("article-extraction-benchmark")
)

PAGES = {
    "specific class": '<html><body><p class="author-name">Jane Roe</p></body></html>',
    "rel author link": '<html><body><a rel="author" href="/jr">Jane Roe</a></body></html>',
    "generic byline": '<html><body><div class="byline">By Jane Roe</div></body></html>',
    "any element": '<html><body><em class="article-writer">Jane Roe</em></body></html>',
    "itemprop": '<html><body><span itemprop="author">Jane Roe</span></body></html>',
    "author element": "<html><body><author>Jane Roe</author></body></html>",
    # The first expression wins over a later one even when the later comes first in the page.
    "ranked": '<html><body><span class="byline">Ann Lee</span><p class="authorName">Jane Roe'
    "</p></body></html>",
    # Comments, dates and figures are deleted first: their authors are not the page's.
    "in comments": '<html><body><div id="comments"><span class="author">Troll Name</span></div>'
    '<span class="author">Jane Roe</span></body></html>',
    "figure credit": '<html><body><figure><span class="author">Photo Agency</span></figure>'
    "</body></html>",
    # A deleted element's tail joins the text before it with no space between.
    "tail joined": '<html><body><span class="author">Jane<time>May 1</time>Roe and'
    ' <span class="date">today</span>Ann Lee</span></body></html>',
    "too long": '<html><body><span class="author">' + "word " * 40 + "</span></body></html>",
    "none": "<html><body><p>No byline here.</p></body></html>",
    "rel child": "<html><body><p>Jane Roe<rel>me</rel></p></body></html>",
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_markup_author_is_trafilaturas(name):
    tree = load_html(PAGES[name])
    assert markup_author(tree) == extract_author(tree)


def test_real_pages_agree_and_the_tree_is_left_as_it_was():
    pages = sorted((BENCHMARK / "html").glob("*.html.gz"))[::6]
    assert pages, f"no pages under {BENCHMARK}"
    found = 0
    for path in pages:
        tree = load_html(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"))
        before = etree.tostring(tree)
        ours = markup_author(tree)
        assert etree.tostring(tree) == before
        assert ours == extract_author(tree), path.name
        found += ours is not None
    assert found > 0
