"""The demo corpus: what the issue asks of it, and that newsdesk reads it as labelled."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from newsdesk.demo import ARTICLES_DIR, DEMO_DIR, demo_hints, load_labels
from newsdesk.extract.dates import parse_datetime
from newsdesk.store.models import Article

LABELS = load_labels()
ARTICLES = LABELS["articles"]


@pytest.fixture(scope="module")
def stored(sqlite_demo_store) -> list[Article]:
    """Every article of the demo corpus, as the pipeline stored it (the session's demo store)."""
    with sqlite_demo_store.session() as session:
        return list(session.scalars(select(Article).order_by(Article.id)))


def test_corpus_is_as_large_and_varied_as_promised() -> None:
    outlets = {a["outlet"] for a in ARTICLES}
    stories = {a["story"] for a in ARTICLES}
    formats = {a["format"] for a in ARTICLES}
    published = sorted(parse_datetime(a["published"]) for a in ARTICLES)
    assert len(ARTICLES) >= 60 and len(outlets) >= 8 and len(stories) >= 8
    assert published[-1] - published[0] >= timedelta(days=540)
    assert {"txt", "html", "rss", "atom", "json", "jsonl", "warc"} <= formats
    copies = Counter(a["copy_of"] for a in ARTICLES if a["copy_of"])
    assert sum(count >= 2 for count in copies.values()) >= 3, "wire stories syndicated 3+ times"
    assert sum(bool(a["stubs"]) for a in ARTICLES) >= 3
    assert set(LABELS["stories"]) == stories


def test_every_file_is_labelled_and_every_label_has_its_file() -> None:
    on_disk = {p.relative_to(DEMO_DIR).as_posix() for p in ARTICLES_DIR.rglob("*") if p.is_file()}
    assert on_disk == {a["file"] for a in ARTICLES}


def test_every_labelled_article_is_extracted_with_its_outlet_and_date(stored) -> None:
    by_title = {a.title: a for a in stored if not a.is_stub}
    assert len(by_title) == len(ARTICLES)
    for label in ARTICLES:
        article = by_title.get(label["title"])
        assert article is not None, f"{label['id']} {label['title']!r} not extracted"
        assert article.outlet is not None and article.outlet.name == label["outlet"], label["id"]
        expected = parse_datetime(label["published"])
        assert article.published_at is not None, label["id"]
        assert abs(article.published_at - expected) <= timedelta(hours=1), label["id"]


def test_wire_services_are_found_in_datelines(stored) -> None:
    by_title = {a.title: a for a in stored if not a.is_stub}
    wrong = {
        label["id"]: (label["wire_service"], by_title[label["title"]].wire_service)
        for label in ARTICLES
        if by_title[label["title"]].wire_service != label["wire_service"]
    }
    assert wrong == {}, "(labelled, found) wire service differ"


def test_captures_from_every_site_yield_their_teasers_as_stubs(stored) -> None:
    by_title = {a.title: a for a in stored if not a.is_stub}
    for label in (a for a in ARTICLES if a["stubs"]):
        page = by_title[label["title"]]
        stubs = [a for a in stored if a.found_on_id == page.id]
        assert [(s.outlet.name, s.title) for s in stubs] == [
            (t["outlet"], t["title"]) for t in label["stubs"]
        ], label["file"]
        for chrome in ("No comments yet", "Share this article", "Related Articles", "©"):
            assert chrome not in page.text, (label["file"], chrome)


def test_a_captured_page_times_its_teasers_from_the_capture() -> None:
    capture = next(a for a in ARTICLES if a["stubs"] and a["format"] == "txt")
    hints = demo_hints(DEMO_DIR / capture["file"])
    assert hints.captured_at is not None and hints.source == capture["outlet"]
