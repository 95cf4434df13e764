"""Following through the pages, the API and the private feed: forms need the CSRF token,
the API its auth, and the feed its secret token; all escape what they carry.

One registered reader per backend serves the module (registration hashes a password with
argon2, the dearest step here), and each test walks a whole flow on it."""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree as ET

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import account_with_token, csrf_of, first_id, register, unique


@pytest.fixture(scope="module")
def follower(demo_app) -> TestClient:
    """A browser logged in as a reader who follows nothing yet."""
    browser = TestClient(demo_app)
    register(browser, unique("fol"))
    return browser


def _follows_on_following(browser: TestClient, href: str) -> int:
    return browser.get("/following").text.count(f'<a href="{href}">')


def test_follow_and_unfollow_from_the_page_with_its_state_shown(client, follower) -> None:
    story = first_id(client.get("/").text, "stories")
    page = f"/stories/{story}"
    logged_out = client.get(page).text
    assert 'action="/following/story/' not in logged_out
    assert f"/login?next=/stories/{story}" in logged_out
    assert client.get("/following").status_code == 401

    first_visit = follower.get("/following").text
    assert "Your first visit" in first_visit and "You follow nothing yet" in first_visit
    before = follower.get(page).text
    assert f'action="/following/story/{story}"' in before and "+ Follow" in before
    forged = follower.post(f"/following/story/{story}", data={"csrf_token": "forged"})
    assert forged.status_code == 403
    token = csrf_of(follower, page)
    for _ in range(2):  # following twice is one follow
        answer = follower.post(
            f"/following/story/{story}", data={"csrf_token": token}, follow_redirects=False
        )
        assert (answer.status_code, answer.headers["location"]) == (303, page)
    after = follower.get(page).text
    assert "✓ Following" in after and f'action="/following/story/{story}/unfollow"' in after
    assert "+ Follow" not in after
    assert _follows_on_following(follower, page) == 1
    assert "since your last visit" in follower.get("/following").text
    # A session's API writes need the CSRF header, as its forms need the token.
    assert follower.put(f"/api/v1/following/story/{story}").status_code == 403

    entity = first_id(after, "entities")
    entity_page = f"/entities/{entity}"
    follower.post(f"/following/entity/{entity}", data={"csrf_token": token})
    assert "✓ Following" in follower.get(entity_page).text
    back = follower.post(
        f"/following/story/{story}/unfollow",
        data={"csrf_token": token, "back": "page"},
        follow_redirects=False,
    )
    assert back.headers["location"] == page
    assert "+ Follow" in follower.get(page).text
    gone = follower.post(
        f"/following/entity/{entity}/unfollow", data={"csrf_token": token}, follow_redirects=False
    )
    assert gone.headers["location"] == "/following"
    assert _follows_on_following(follower, page) == 0
    assert _follows_on_following(follower, entity_page) == 0


def test_private_feed_state_opens_by_token_and_revocation_closes_it(follower) -> None:
    story = first_id(follower.get("/").text, "stories")
    token = csrf_of(follower, "/following")
    follower.post(f"/following/story/{story}", data={"csrf_token": token})
    off = follower.get("/following").text
    assert "private feed is <strong>off</strong>" in off and "Turn the feed off" not in off
    made = follower.post("/following/feed-token", data={"csrf_token": token})
    secret = re.search(r"/following/feed\.rss\?token=([\w-]+)", made.text).group(1)
    shown_later = follower.get("/following").text
    assert "private feed is <strong>on</strong>" in shown_later and secret not in shown_later
    assert "Make a new feed address" in shown_later and "Turn the feed off" in shown_later
    stranger = TestClient(follower.app)
    rss = stranger.get("/following/feed.rss", params={"token": secret})
    assert rss.status_code == 200
    assert ET.fromstring(rss.content).find("channel/item/link") is not None
    assert secret not in rss.text
    ET.fromstring(stranger.get("/following/feed.atom", params={"token": secret}).content)
    items = json.loads(stranger.get("/following/feed.json", params={"token": secret}).text)
    assert items["items"] and all(i["url"].startswith("http") for i in items["items"])
    assert stranger.get("/following/feed.rss", params={"token": "nd_guess"}).status_code == 404
    follower.post("/following/feed-token/revoke", data={"csrf_token": token})
    assert stranger.get("/following/feed.rss", params={"token": secret}).status_code == 404
    assert "private feed is <strong>off</strong>" in follower.get("/following").text
    follower.post(f"/following/story/{story}/unfollow", data={"csrf_token": token})


def test_api_follow_unfollow_and_list(client, demo_settings) -> None:
    token = account_with_token(demo_settings, unique("api"))
    auth = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/following").status_code == 401
    story = first_id(client.get("/").text, "stories")
    for _ in range(2):
        put = client.put(f"/api/v1/following/story/{story}", headers=auth)
        assert put.json() == {"kind": "story", "id": story, "following": True}
    assert client.put("/api/v1/following/story/999999", headers=auth).status_code == 404
    listed = client.get("/api/v1/following", headers=auth).json()
    assert [(f["kind"], f["id"]) for f in listed["follows"]] == [("story", story)]
    assert listed["follows"][0]["articles"]
    gone = client.delete(f"/api/v1/following/story/{story}", headers=auth)
    assert gone.json()["following"] is False
    assert client.get("/api/v1/following", headers=auth).json()["follows"] == []
