"""OPML subscription lists: folders and the category attribute become categories, and what
is rendered reads back the same."""

from __future__ import annotations

import pytest

from newsdesk.errors import FormatError
from newsdesk.extract.opml import Subscription, parse_opml, render_opml
from tests.fetch.feeds import fixture


def test_folders_become_category_paths() -> None:
    by_url = {s.url: s for s in parse_opml(fixture("subscriptions.opml"))}
    assert by_url["https://harbour.example/news.rss"].category == "News/World"
    assert by_url["https://blog.example/atom.xml"].category == "Tech/Blogs"
    assert by_url["https://harbour.example/news.rss"].title == "Harbour Post"


def test_what_is_rendered_reads_back_the_same() -> None:
    subscriptions = [
        Subscription("https://a.example/feed", "A", "https://a.example/", "News/World"),
        Subscription("https://b.example/sitemap.xml", "B", None, None, kind="sitemap"),
    ]
    assert sorted(parse_opml(render_opml(subscriptions)), key=lambda s: s.url) == subscriptions


def test_a_file_that_is_not_opml_is_refused() -> None:
    with pytest.raises(FormatError, match="not an OPML file"):
        parse_opml(b"<rss version='2.0'/>")
    with pytest.raises(FormatError, match="not a readable OPML file"):
        parse_opml(b"<opml><body>")
