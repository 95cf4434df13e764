"""Fixtures for the fetch tests: local sites and fetch settings that may reach them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from newsdesk.config import FetchSettings, Settings
from newsdesk.testing.servers import LocalSite, Reply

# Quick to retry, no pauses: the servers are local. A loaded machine has taken over a second
# to answer (a robots.txt timed out at 1 s); the tests of timeouts set their own.
LOCAL_FETCH = FetchSettings(
    allow_private_networks=True,
    timeout_seconds=10.0,
    attempts=3,
    backoff_seconds=0.01,
    host_delay_seconds=0.0,
    host_concurrency=4,
)


@pytest.fixture
def site() -> Iterator[LocalSite]:
    """An HTTP server on 127.0.0.1 with a robots.txt that allows everything."""
    with LocalSite() as local:
        local.route("/robots.txt", Reply(404, b"no robots here"))
        yield local


@pytest.fixture
def fetch_settings(settings: Settings) -> Settings:
    """The store's settings with fetching allowed to reach the local servers."""
    return replace(settings, fetch=LOCAL_FETCH)
