"""The app as a whole: escaping of stored text, local assets, the persisted secret key."""

from __future__ import annotations

from fastapi.testclient import TestClient

from newsdesk.config import Settings
from newsdesk.pipeline import ingest_paths
from newsdesk.types import IngestHints
from newsdesk.web.app import create_app
from newsdesk.web.security import SECRET_FILE, load_secret


def test_titles_are_escaped(store, settings, tmp_path) -> None:
    (tmp_path / "x.txt").write_text("<script>alert(1)</script> headline\n\nBody text here.\n")
    ingest_paths(store, [tmp_path], IngestHints(), settings, enrich=False)
    client = TestClient(create_app(settings))
    text = client.get("/").text
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert client.get("/healthz").json() == {"status": "ok"}


def test_stylesheet_is_served_locally(tmp_path) -> None:
    client = TestClient(create_app(Settings(data_dir=tmp_path)))
    sheet = client.get("/static/style.css")
    assert sheet.status_code == 200 and "max-width" in sheet.text


def test_secret_key_is_generated_once_and_kept(tmp_path) -> None:
    settings = Settings(data_dir=tmp_path)
    first = load_secret(settings)
    assert len(first) == 64 and (tmp_path / SECRET_FILE).stat().st_mode & 0o777 == 0o600
    assert load_secret(settings) == first
    assert load_secret(Settings(data_dir=tmp_path, secret_key="given")) == b"given"
