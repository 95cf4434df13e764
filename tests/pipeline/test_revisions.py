"""The same URL read again with other text is a new version of its article, not another
article: on SQLite and PostgreSQL, through ingest, grouping, search and reprocess."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from newsdesk.config import Settings
from newsdesk.pipeline import IngestReport, ingest_paths, reprocess
from newsdesk.read.search import search
from newsdesk.store.db import Store
from newsdesk.store.models import Article, ArticleRevision, Document, Mention, Story
from newsdesk.types import IngestHints

PAGE = """<html><head><title>{title}</title>
<link rel="canonical" href="https://coastal.example/news/pier">
<meta property="og:site_name" content="Coastal Times">
<meta property="article:published_time" content="2025-03-03T09:00:00Z"></head>
<body><article><h1>{title}</h1>
<p>The harbour authority in Portmere closed the northern pier on Monday after divers found
cracks in two of its concrete supports, officials said.</p>
<p>Engineers expect the repairs to take at least {repair}. Ferry services will run from the
southern terminal until the pier reopens.</p>
<p>"Nobody will walk on that pier until we know it is safe," harbour master {speaker} told
reporters.</p>
<p>The pier was last inspected in 2021, when no damage was found.</p>
<!-- {note} --></article></body></html>"""

FIRST = {
    "title": "Portmere pier closed after divers find cracks",
    "repair": "three weeks",
    "speaker": "Ines Duarte",
    "note": "v1",
}
UPDATED = {**FIRST, "repair": "two months", "speaker": "Tomas Okafor", "note": "v2"}


def _ingest_version(store: Store, settings: Settings, folder: Path, **version: str) -> IngestReport:
    page = folder / f"pier-{version['note']}.html"
    page.write_text(PAGE.format(**version), encoding="utf-8")
    return ingest_paths(store, [page], IngestHints(), settings)


def test_an_updated_page_is_a_new_version_of_its_article(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    _ingest_version(store, settings, tmp_path, **FIRST)
    with store.session() as session:
        first = session.scalars(select(Article)).one()
        article_id, story_id = first.id, first.story_id
        story_changed = session.get_one(Story, story_id).updated_at
    assert story_id is not None

    report = _ingest_version(store, settings, tmp_path, **UPDATED)
    assert (report.new, report.articles, report.revised) == (1, 1, 1)
    with store.session() as session:
        article = session.scalars(select(Article)).one()
        assert article.id == article_id, "the same article, not a second one"
        story = session.get_one(Story, story_id)
        assert article.story_id == story_id and story.size == 1
        assert story.updated_at > story_changed, "pages cached per story version see the change"
        assert "two months" in article.text and "three weeks" not in article.text
        assert article.document.origin.endswith("pier-v2.html")
        (revision,) = article.revisions
        assert "three weeks" in revision.text
        assert session.get_one(Document, revision.document_id).origin.endswith("pier-v1.html")
        # Enriched again: the new speaker is recognised, the old one is gone.
        names = {
            m.text for m in session.scalars(select(Mention).where(Mention.article_id == article.id))
        }
        assert "Tomas Okafor" in names and "Ines Duarte" not in names
        assert [h.id for h in search(session, "Okafor").hits] == [article_id]
        assert search(session, "Duarte").hits == []
        assert session.scalar(select(Document.id).where(Document.origin.endswith("v1.html")))


def test_the_same_page_read_again_unchanged_adds_nothing(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    _ingest_version(store, settings, tmp_path, **FIRST)
    # Other bytes (a comment in the markup), the same article text.
    report = _ingest_version(store, settings, tmp_path, **{**FIRST, "note": "v1-again"})
    assert (report.new, report.articles, report.revised) == (1, 0, 0)
    with store.session() as session:
        assert len(session.scalars(select(Document)).all()) == 2
        article = session.scalars(select(Article)).one()
        assert article.document.origin.endswith("pier-v1.html")
        assert session.scalars(select(ArticleRevision)).all() == []


def test_reprocess_keeps_versions_in_order(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    _ingest_version(store, settings, tmp_path, **FIRST)
    _ingest_version(store, settings, tmp_path, **UPDATED)
    third = {**UPDATED, "title": "Portmere pier to stay shut until summer", "note": "v3"}
    _ingest_version(store, settings, tmp_path, **third)
    with store.session() as session:
        article = session.scalars(select(Article)).one()
        before = (article.id, article.title, [(r.document_id, r.text) for r in article.revisions])
    assert [("three weeks" in t, "two months" in t) for _, t in before[2]] == [
        (True, False),
        (False, True),
    ]

    reprocess(store, settings)
    with store.session() as session:
        article = session.scalars(select(Article)).one()
        after = (article.id, article.title, [(r.document_id, r.text) for r in article.revisions])
    assert after == before
    assert after[1] == third["title"]


def test_the_article_page_and_api_show_earlier_versions(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    from fastapi.testclient import TestClient

    from newsdesk.web.app import create_app

    _ingest_version(store, settings, tmp_path, **FIRST)
    _ingest_version(store, settings, tmp_path, **UPDATED)
    with store.session() as session:
        article_id = session.scalars(select(Article.id)).one()
    app = create_app(settings)
    try:
        with TestClient(app) as client:
            page = client.get(f"/articles/{article_id}")
            record = client.get(f"/api/v1/articles/{article_id}").json()
    finally:
        app.state.reader.store.close()
    assert page.status_code == 200
    shown, earlier = page.text.split('id="revisions"')
    assert "two months" in shown and "three weeks" not in shown
    assert "Earlier versions" in earlier and "three weeks" in earlier
    assert [("three weeks" in r["text"]) for r in record["revisions"]] == [True]
    assert "two months" in record["text"]
