"""The demo corpus in a store shared by the web tests of a session (one per backend), and
helpers for driving the reader through its HTTP interface."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsdesk.config import AccountSettings, Settings
from newsdesk.store.accounts import create_account, create_api_token
from newsdesk.store.db import open_store
from tests.conftest import demo_copy


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def demo_settings(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Settings]:
    """Settings on a copy of the demo store that every web test of the session shares. Every
    test client comes from one address: registrations from it are not limited here (the
    limit has tests of its own)."""
    for settings in demo_copy(request, request.param, tmp_path_factory.mktemp("web-demo") / "data"):
        yield replace(
            settings,
            accounts=AccountSettings(
                registrations_per_address=10_000, failed_logins_per_address=10_000
            ),
        )


@pytest.fixture(scope="session")
def demo_app(demo_settings: Settings):
    """The app over the demo store."""
    from newsdesk.web.app import create_app

    app = create_app(demo_settings)
    yield app
    app.state.reader.store.close()


@pytest.fixture
def client(demo_app) -> TestClient:
    """A fresh browser (no cookies) on the demo app."""
    return TestClient(demo_app)


def csrf_of(client: TestClient, path: str = "/") -> str:
    """The CSRF token of a page's forms (fetching it sets the browser's CSRF cookie)."""
    page = client.get(path)
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', page.text).group(1)


def register(client: TestClient, name: str, password: str = "correct horse") -> None:
    """Register through the form; the client is then logged in."""
    answer = client.post(
        "/register",
        data={"name": name, "password": password, "csrf_token": csrf_of(client, "/register")},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text


def account_with_token(settings: Settings, name: str, role: str = "reader") -> str:
    """Create an account directly in the store and return an API token for it."""
    store = open_store(settings, migrate_schema=False)
    with store.session() as session:
        account = create_account(session, name, "a long password", role)
        token = create_api_token(session, account)
    store.close()
    return token


def unique(prefix: str) -> str:
    """An account name no other test uses."""
    return f"{prefix}{uuid.uuid4().hex[:8]}"


def first_id(html: str, kind: str) -> int:
    """The first /{kind}/ID link on a page."""
    return int(re.search(rf'href="/{kind}/(\d+)', html).group(1))


ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
