"""The plain web reader, through its HTTP interface."""

from __future__ import annotations

from fastapi.testclient import TestClient

from newsdesk.pipeline import ingest_paths
from newsdesk.types import IngestHints
from tests.conftest import SEEDS


def test_front_page_lists_articles_and_article_page_shows_body(store, settings) -> None:
    ingest_paths(store, [SEEDS], IngestHints(), settings)
    from newsdesk.web.app import create_app

    client = TestClient(create_app(settings))
    front = client.get("/")
    assert front.status_code == 200
    assert "Russia warns U.S., South Korea and Japan" in front.text
    assert "teaser" in front.text
    article_link = front.text.split('<a href="/articles/')[1].split('"')[0]
    page = client.get(f"/articles/{article_link}")
    assert page.status_code == 200
    assert "<p>" in page.text
    assert client.get("/articles/99999").status_code == 404


def test_titles_are_escaped(store, settings, tmp_path) -> None:
    (tmp_path / "x.txt").write_text("<script>alert(1)</script> headline\n\nBody text here.\n")
    ingest_paths(store, [tmp_path], IngestHints(), settings)
    from newsdesk.web.app import create_app

    text = TestClient(create_app(settings)).get("/").text
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
