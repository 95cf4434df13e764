"""Lead image rows on both backends: a URL noted once, its fetched copy kept only for the URL
it was fetched from, and forgotten when the article names none."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import select

from newsdesk.config import Settings
from newsdesk.pipeline import ingest_paths
from newsdesk.store.db import Store
from newsdesk.store.images import (
    FETCHED,
    PENDING,
    keep_image_sources,
    pending_images,
    record_image,
    record_image_failure,
    stored_image,
)
from newsdesk.store.models import Article, ArticleImage
from newsdesk.types import IngestHints
from tests.conftest import FIXTURES

PAGE_URL = "https://harbour-post.test/2024/01/storm.html"
IMAGE_URL = "https://harbour-post.test/img/harbour.jpg"


def _article(store: Store, settings: Settings, tmp_path: Path) -> int:
    page = tmp_path / "storm.html"
    shutil.copyfile(FIXTURES / "images" / "storm-page.html", page)
    ingest_paths(store, [page], IngestHints(url=PAGE_URL), settings, enrich=False)
    with store.session() as session:
        return session.scalars(select(Article.id)).one()


def test_an_image_row_goes_pending_fetched_and_forgotten(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    article_id = _article(store, settings, tmp_path)
    with store.session() as session:
        assert [(p.article_id, p.source_url) for p in pending_images(session, [article_id])] == [
            (article_id, IMAGE_URL)
        ]
        assert stored_image(session, article_id) is None
        # A copy fetched from another URL than the article now names is not kept.
        assert not record_image(
            session, article_id, IMAGE_URL + "?old", data=b"x", content_type="image/png",
            sha256="0" * 64, width=None, height=None,
        )  # fmt: skip
        assert record_image(
            session, article_id, IMAGE_URL, data=b"\xff\xd8\xff", content_type="image/jpeg",
            sha256="a" * 64, width=320, height=180,
        )  # fmt: skip
    with store.session() as session:
        image = stored_image(session, article_id)
        assert image is not None and (image.status, image.data) == (FETCHED, b"\xff\xd8\xff")
        assert pending_images(session, [article_id]) == []
        # Named again with the same URL: what was fetched stays.
        article = session.get_one(Article, article_id)
        keep_image_sources(session, [(article, IMAGE_URL)])
    with store.session() as session:
        assert session.get_one(ArticleImage, article_id).status == FETCHED
        keep_image_sources(session, [(session.get_one(Article, article_id), None)])
    with store.session() as session:
        assert session.get(ArticleImage, article_id) is None


def test_a_failure_is_kept_and_never_served(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    article_id = _article(store, settings, tmp_path)
    with store.session() as session:
        assert record_image_failure(session, article_id, IMAGE_URL, "HTTP 404")
    with store.session() as session:
        row = session.get_one(ArticleImage, article_id)
        assert (row.status, row.error) == ("failed", "HTTP 404")
        assert row.status != PENDING and stored_image(session, article_id) is None


def test_a_storys_lead_image_is_its_earliest_full_articles_fetched_one(store: Store) -> None:
    from datetime import UTC, datetime

    from newsdesk.store.images import FAILED, story_images
    from newsdesk.store.models import Document, Story

    day = datetime(2024, 1, 10, tzinfo=UTC)
    with store.session() as session:
        pictured, plain = Story(title="Storm", size=4, state={}), Story(title="Q", size=1, state={})
        session.add_all([pictured, plain])
        session.flush()
        # (published day, a stub?, the image's status): the stub and the failed copy come
        # first but are passed over; undated goes last.
        made = [(1, True, FETCHED), (2, False, FAILED), (None, False, FETCHED), (4, False, FETCHED)]
        made += [(3, False, FETCHED), (1, False, None)]
        ids = []
        for n, (published, stub, status) in enumerate(made):
            document = Document(
                sha256=f"{n:064x}", origin=f"test:{n}", content_type="text/plain", size=0,
                hints={}, status="extracted",
            )  # fmt: skip
            session.add(document)
            session.flush()
            article = Article(
                document_id=document.id, ordinal=0, title=f"Headline {n}", text="Body.",
                is_stub=stub, story_id=plain.id if status is None else pictured.id,
                published_at=None if published is None else day.replace(day=published),
            )  # fmt: skip
            session.add(article)
            session.flush()
            ids.append(article.id)
            if status is not None:
                session.add(
                    ArticleImage(
                        article_id=article.id, source_url=IMAGE_URL, status=status,
                        sha256=f"{n:064x}" if status == FETCHED else None, width=320, height=180,
                    )
                )  # fmt: skip
        session.flush()
        found = story_images(session, [pictured.id, plain.id])
    assert list(found) == [pictured.id]
    lead = found[pictured.id]
    assert (lead.article_id, lead.title, lead.width) == (ids[4], "Headline 4", 320)
