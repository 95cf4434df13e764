"""Fixture feeds and pages for the fetch tests, served with the local server's address."""

from __future__ import annotations

from pathlib import Path

from newsdesk.testing.servers import LocalSite, Reply

FETCH_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "fetch"
RSS = "application/rss+xml"
HTML_TYPE = "text/html; charset=utf-8"


def fixture(name: str, site: LocalSite | None = None) -> bytes:
    """A fixture file, with {base} replaced by the site's address when given."""
    data = (FETCH_FIXTURES / name).read_bytes()
    return data.replace(b"{base}", site.url("").encode()) if site else data


def serve(site: LocalSite, path: str, name: str, content_type: str = RSS, **headers: str) -> None:
    """Serve a fixture at `path` on the site."""
    site.route(path, Reply(200, fixture(name, site), {"Content-Type": content_type, **headers}))
