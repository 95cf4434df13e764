"""Lead images in the reader, over a copy of the demo corpus given one fetched image: served
by newsdesk with its type, a long Cache-Control and nosniff; shown on the story's lead and its
front-page card with the headline as alt text; never the outlet's own URL."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from newsdesk.config import Settings
from newsdesk.read.front import front_page
from newsdesk.store.db import open_store
from newsdesk.store.images import FAILED, FETCHED
from newsdesk.store.models import Article, ArticleImage
from tests.conftest import FIXTURES, IN_CI
from tests.web import test_browser

PICTURE = (FIXTURES / "images" / "harbour.jpg").read_bytes()
OUTLET_URL = "https://cdn.outlet.test/img/lead.jpg"


@pytest.fixture(scope="module")
def chromium() -> str:
    """The system chromium, as the browser tests find it: missing fails in CI, else skips."""
    if not Path(test_browser.CHROMIUM).exists():
        message = "chromium is not installed: run `make browser` (apt-get install chromium)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return test_browser.CHROMIUM


@pytest.fixture(scope="module")
def pictured(shared_demo_settings: Settings) -> dict[str, int]:
    """The top story's first article given a fetched image; another article a failed one."""
    store = open_store(shared_demo_settings, migrate_schema=False)
    with store.session() as session:
        story_id = front_page(session).stories[0].id
        first, other = session.scalars(
            select(Article.id)
            .where(Article.story_id == story_id, Article.is_stub.is_(False))
            .order_by(Article.published_at, Article.id)
            .limit(2)
        )
        session.add(
            ArticleImage(
                article_id=first,
                source_url=OUTLET_URL,
                status=FETCHED,
                content_type="image/jpeg",
                sha256=hashlib.sha256(PICTURE).hexdigest(),
                data=PICTURE,
                size=len(PICTURE),
                width=320,
                height=180,
            )
        )
        session.add(
            ArticleImage(article_id=other, source_url=OUTLET_URL, status=FAILED, error="HTTP 404")
        )
        title = session.get_one(Article, first).title
    store.close()
    return {"story": story_id, "article": first, "failed": other, "title": title}


@pytest.fixture(scope="module")
def app(shared_demo_settings: Settings, pictured: dict[str, int]):
    from newsdesk.web.app import create_app

    made = create_app(shared_demo_settings)
    yield made
    made.state.reader.store.close()


def test_an_image_is_served_with_its_type_a_long_cache_and_nosniff(app, pictured) -> None:
    client = TestClient(app)
    answer = client.get(f"/images/{pictured['article']}")
    assert answer.status_code == 200
    assert answer.content == PICTURE
    assert answer.headers["content-type"] == "image/jpeg"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["cache-control"] == "public, max-age=604800"
    # The site's policy still holds for images: nothing else changes it.
    assert "img-src 'self' data:" in answer.headers["content-security-policy"]
    again = client.get(
        f"/images/{pictured['article']}", headers={"If-None-Match": answer.headers["etag"]}
    )
    assert again.status_code == 304 and again.content == b""


@pytest.mark.parametrize("which", ["failed", "none"])
def test_an_article_without_a_fetched_image_is_a_404(app, pictured, which) -> None:
    article_id = pictured["failed"] if which == "failed" else pictured["article"] + 100_000
    assert TestClient(app).get(f"/images/{article_id}").status_code == 404


def test_the_story_lead_its_front_card_and_the_article_show_newsdesks_copy(app, pictured) -> None:
    client = TestClient(app)
    story = client.get(f"/stories/{pictured['story']}").text
    figure = re.search(r'<figure class="lead-image">(.*?)</figure>', story, re.S)
    assert figure is not None
    assert f'src="/images/{pictured["article"]}?v=' in figure.group(1)
    alt = re.search(r'alt="([^"]*)"', figure.group(1)).group(1)
    assert alt == pictured["title"].replace("'", "&#39;").replace('"', "&#34;")
    assert 'width="320" height="180"' in figure.group(1)
    front = client.get("/").text
    cards = re.findall(r'<li class="story-card with-image">(.*?)</li>', front, re.S)
    assert len(cards) == 1 and f'href="/stories/{pictured["story"]}"' in cards[0]
    article = client.get(f"/articles/{pictured['article']}").text
    assert f'src="/images/{pictured["article"]}?v=' in article.split('<div class="body">')[0]
    # An article whose image failed shows none (the outlet mark in its byline stands).
    failed = client.get(f"/articles/{pictured['failed']}").text
    assert "/images/" not in failed and 'class="mark' in failed
    # Pages never hot-link the outlet's copy.
    assert OUTLET_URL not in story and OUTLET_URL not in front and OUTLET_URL not in article


def test_a_logged_in_reader_gets_the_image_cacheable_too(app, pictured) -> None:
    client = TestClient(app)
    client.cookies.set("newsdesk_session", "anything")
    answer = client.get(f"/images/{pictured['article']}")
    assert answer.headers["cache-control"] == "public, max-age=604800"
    # Pages for a logged-in reader stay private.
    assert client.get("/").headers["cache-control"] == "private, no-store"


@pytest.mark.parametrize("width", [1280, 390])
def test_the_lead_image_in_a_real_browser(app, pictured, chromium, width) -> None:
    from playwright.sync_api import sync_playwright

    from newsdesk.testing.web import serving_app

    with serving_app(app) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=test_browser.CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(f"{base}/stories/{pictured['story']}")
        image = page.locator(".lead-image img")
        image.wait_for()
        assert image.evaluate("img => img.complete && img.naturalWidth") == 320
        box, headline = image.bounding_box(), page.locator(".story-head h1").bounding_box()
        assert box is not None and headline is not None
        if width > 640:
            # Beside the headline (level with it, in the right-hand part of the column),
            # a third of the column or so: the summary stays in view.
            assert box["y"] < headline["y"] + headline["height"]
            assert box["x"] > headline["x"] + headline["width"] / 2
            assert box["width"] < width / 2
        else:
            # Under the headline and counts, as wide as the text.
            assert box["y"] > headline["y"] + headline["height"]
            assert box["width"] > width * 0.85
        page.screenshot(path=test_browser._artifacts() / f"story-lead-image-{width}.png")
        page.goto(f"{base}/")
        card = page.locator(".story-card.with-image .card-image img")
        assert card.evaluate("img => img.complete && img.naturalWidth") == 320
        page.screenshot(path=test_browser._artifacts() / f"front-lead-image-{width}.png")
        browser.close()
