"""The images step, against real local servers on both backends: each new article's lead
image fetched once through the guarded fetcher and kept, or its error kept while the batch
goes on; refused where the address rules refuse; never reached by a plain file ingest."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlalchemy import select

from newsdesk.config import ImageSettings, Settings
from newsdesk.pipeline import ingest_paths
from newsdesk.pipeline.fetching import fetch_once, ingest_url
from newsdesk.pipeline.images import fetch_images
from newsdesk.store.db import Store
from newsdesk.store.images import FAILED, FETCHED, PENDING
from newsdesk.store.models import Article, ArticleImage
from newsdesk.store.sources import add_feed
from newsdesk.testing.servers import LocalSite, Reply
from newsdesk.types import IngestHints
from tests.conftest import FIXTURES

IMAGES = FIXTURES / "images"
PICTURES = ("/img/harbour.jpg", "/img/market.png", "/img/lifeboat.webp")


def _media_feed(site: LocalSite) -> bytes:
    return (IMAGES / "media.rss").read_bytes().replace(b"{base}", site.url("").encode())


def _image(name: str, content_type: str) -> Reply:
    return Reply(200, (IMAGES / name).read_bytes(), {"Content-Type": content_type})


def _images(store: Store) -> dict[str, ArticleImage]:
    with store.session() as session:
        rows = session.execute(
            select(Article.title, ArticleImage).join(
                ArticleImage, ArticleImage.article_id == Article.id
            )
        )
        return {title: image for title, image in rows}


def _capped(settings: Settings, max_bytes: int = 10_000) -> Settings:
    return replace(settings, images=ImageSettings(max_bytes=max_bytes))


def _ingest_pictures(store: Store, settings: Settings, site: LocalSite, folder: Path) -> list[int]:
    """Ingest a feed file whose entries name the site's pictures; the articles' ids."""
    site.route("/img/harbour.jpg", _image("harbour.jpg", "image/jpeg"))
    feed = folder / "pictures.rss"
    feed.write_bytes(_media_feed(site))
    ingest_paths(store, [feed], IngestHints(), settings, enrich=False)
    with store.session() as session:
        return list(session.scalars(select(ArticleImage.article_id)))


def test_fetched_articles_images_are_kept_and_bad_ones_keep_their_error(
    store: Store, fetch_settings: Settings, site: LocalSite
) -> None:
    site.route(
        "/pictures.rss", Reply(200, _media_feed(site), {"Content-Type": "application/rss+xml"})
    )
    site.route("/img/harbour.jpg", _image("harbour.jpg", "image/jpeg"))
    site.route("/img/market.png", _image("harbour.png", "image/png"))  # 36 KB: over the cap
    site.route(
        "/img/lifeboat.webp", Reply(200, b"\x00junk, not a picture", {"Content-Type": "image/webp"})
    )
    with store.session() as session:
        add_feed(session, site.url("/pictures.rss"), kind="feed")
    report = fetch_once(store, _capped(fetch_settings))
    images = _images(store)
    harbour = images["Harbour reopens after a week of storms"]
    assert (harbour.status, harbour.content_type) == (FETCHED, "image/jpeg")
    assert harbour.data == (IMAGES / "harbour.jpg").read_bytes()
    assert (harbour.width, harbour.height, harbour.size) == (320, 180, len(harbour.data))
    assert harbour.sha256 and harbour.fetched_at is not None and harbour.error is None
    market = images["Fish market moves to the old customs hall"]
    assert market.status == FAILED and market.data is None
    assert (market.error or "").startswith(
        "too large: over the 0.0 MB limit (raise NEWSDESK_IMAGES_MAX_BYTES to accept it)"
    )
    lifeboat = images["Lifeboat crew honoured for January rescue"]
    assert lifeboat.status == FAILED
    assert "not a PNG, JPEG, GIF or WebP" in (lifeboat.error or "")
    # The article without an image has no row; the failures are the run's warnings.
    assert "Council rebuilds the sea wall by the old pier" not in images
    assert report.ingest.images == 1
    assert sum("lead image not kept" in w for w in report.ingest.warnings) == 2
    # One try per URL: a later run asks for none of them again.
    fetch_once(store, _capped(fetch_settings))
    assert [len(site.hits(path)) for path in PICTURES] == [1, 1, 1]


def test_a_page_fetched_by_url_gets_its_og_image_and_a_page_served_as_image_is_refused(
    store: Store, fetch_settings: Settings, site: LocalSite
) -> None:
    page = (IMAGES / "storm-page.html").read_bytes()
    site.route(
        "/2024/01/storm.html", Reply(200, page, {"Content-Type": "text/html; charset=utf-8"})
    )
    site.route("/img/harbour.jpg", Reply(200, b"<html>moved</html>", {"Content-Type": "text/html"}))
    report = ingest_url(store, site.url("/2024/01/storm.html"), fetch_settings)
    [image] = _images(store).values()
    assert image.source_url == site.url("/img/harbour.jpg")
    assert image.status == FAILED
    assert image.error == "not an image: the server sent text/html"
    assert report.images == 0


def test_a_private_address_is_refused_unless_the_operator_allows_it(
    store: Store, settings: Settings, site: LocalSite, tmp_path: Path
) -> None:
    # `settings` keep the default address rules: no loopback or private networks.
    opted_in = replace(settings, images=ImageSettings(from_files=True))
    ids = _ingest_pictures(store, opted_in, site, tmp_path)
    fetch_images(store, opted_in, ids)
    images = _images(store)
    assert {image.status for image in images.values()} == {FAILED}
    assert all(
        "private" in (image.error or "") or "loopback" in (image.error or "")
        for image in images.values()
    )
    assert not any(site.hits(path) for path in PICTURES)


def test_a_plain_file_ingest_never_reaches_the_network(
    store: Store, fetch_settings: Settings, site: LocalSite, tmp_path: Path
) -> None:
    _ingest_pictures(store, fetch_settings, site, tmp_path)
    assert {image.status for image in _images(store).values()} == {PENDING}
    assert not any(site.hits(path) for path in PICTURES)


def test_an_unchanged_url_keeps_its_image_and_a_new_one_is_pending_again(
    store: Store, fetch_settings: Settings, site: LocalSite, tmp_path: Path
) -> None:
    ids = _ingest_pictures(store, fetch_settings, site, tmp_path)
    fetch_images(store, fetch_settings, ids)
    assert _images(store)["Harbour reopens after a week of storms"].status == FETCHED
    # The same entry again (its file re-read): what was fetched stays.
    again = tmp_path / "again.rss"
    again.write_bytes(_media_feed(site).replace(b"<channel>", b"<channel><!-- again -->"))
    ingest_paths(store, [again], IngestHints(), fetch_settings, enrich=False)
    assert _images(store)["Harbour reopens after a week of storms"].status == FETCHED
    # A new version of the entry names another picture: pending again, the old bytes gone.
    moved = tmp_path / "moved.rss"
    moved.write_bytes(
        _media_feed(site)
        .replace(b"/img/harbour.jpg", b"/img/harbour-2.jpg")
        .replace(b"reopened on Monday after", b"reopened on Monday morning after")
    )
    ingest_paths(store, [moved], IngestHints(), fetch_settings, enrich=False)
    harbour = _images(store)["Harbour reopens after a week of storms"]
    assert (harbour.status, harbour.data) == (PENDING, None)
    assert harbour.source_url.endswith("/img/harbour-2.jpg")


def test_images_left_pending_are_fetched_later_and_a_push_fetches_its_own(
    store: Store, fetch_settings: Settings, site: LocalSite, tmp_path: Path
) -> None:
    import hashlib
    import hmac

    from fastapi.testclient import TestClient

    from newsdesk.pipeline.images import fetch_pending_images
    from newsdesk.web.app import create_app

    # What a file ingest (or a reprocess) noted is fetched by `reprocess --images`.
    _ingest_pictures(store, fetch_settings, site, tmp_path)
    assert fetch_pending_images(store, fetch_settings).fetched >= 1
    assert _images(store)["Harbour reopens after a week of storms"].status == FETCHED
    assert fetch_pending_images(store, fetch_settings).fetched == 0  # tried once each

    # Entries pushed by a hub get their images after the hub has its answer.
    base = site.url("/pushed")
    site.route("/pushed/img/harbour.jpg", _image("harbour.jpg", "image/jpeg"))
    body = (IMAGES / "media.rss").read_bytes().replace(b"{base}", base.encode())
    with store.session() as session:
        feed = add_feed(session, site.url("/pushed.rss"), kind="feed")
        feed.topic_url, feed.websub_secret, feed.websub_state = feed.url, "s3cret", "subscribed"
        session.flush()
        feed_id = feed.id
    signature = "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    client = TestClient(create_app(fetch_settings))
    answer = client.post(f"/websub/{feed_id}", content=body, headers={"X-Hub-Signature": signature})
    assert answer.status_code == 202
    with store.session() as session:
        pushed = session.scalars(
            select(ArticleImage).where(ArticleImage.source_url == f"{base}/img/harbour.jpg")
        ).one()
        assert pushed.status == FETCHED and pushed.data
