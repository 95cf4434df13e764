"""Following through the pages, the API and the private feed: forms need the CSRF token,
the API its auth, and the feed its secret token; all escape what they carry."""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree as ET

from tests.web.conftest import account_with_token, csrf_of, first_id, register, unique


def test_follow_a_story_from_its_page_and_see_it_on_following(client) -> None:
    story = first_id(client.get("/").text, "stories")
    assert 'action="/following/story/' not in client.get(f"/stories/{story}").text
    register(client, unique("fol"))
    page = f"/stories/{story}"
    assert f'action="/following/story/{story}"' in client.get(page).text
    refused = client.post(f"/following/story/{story}", data={"csrf_token": "forged"})
    assert refused.status_code == 403
    answer = client.post(
        f"/following/story/{story}",
        data={"csrf_token": csrf_of(client, page)},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    first = client.get("/following").text
    assert f'href="/stories/{story}"' in first
    assert "Your first visit" in first
    assert "New since your last visit" in client.get("/following").text
    client.post(
        f"/following/story/{story}/unfollow",
        data={"csrf_token": csrf_of(client, "/following")},
    )
    assert f'href="/stories/{story}"' not in client.get("/following").text


def test_following_page_needs_a_login(client) -> None:
    assert client.get("/following").status_code == 401


def test_api_follow_unfollow_and_list(client, demo_settings) -> None:
    token = account_with_token(demo_settings, unique("api"))
    auth = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/following").status_code == 401
    story = first_id(client.get("/").text, "stories")
    put = client.put(f"/api/v1/following/story/{story}", headers=auth)
    assert put.json() == {"kind": "story", "id": story, "following": True}
    assert client.put("/api/v1/following/story/999999", headers=auth).status_code == 404
    listed = client.get("/api/v1/following", headers=auth).json()
    assert [(f["kind"], f["id"]) for f in listed["follows"]] == [("story", story)]
    assert listed["follows"][0]["articles"]
    gone = client.delete(f"/api/v1/following/story/{story}", headers=auth)
    assert gone.json()["following"] is False
    assert client.get("/api/v1/following", headers=auth).json()["follows"] == []


def test_session_api_writes_need_the_csrf_header(client) -> None:
    register(client, unique("csrf"))
    story = first_id(client.get("/").text, "stories")
    assert client.put(f"/api/v1/following/story/{story}").status_code == 403


def test_private_feed_opens_by_token_and_revocation_closes_it(client) -> None:
    register(client, unique("feed"))
    story = first_id(client.get("/").text, "stories")
    client.post(
        f"/following/story/{story}", data={"csrf_token": csrf_of(client, f"/stories/{story}")}
    )
    made = client.post("/following/feed-token", data={"csrf_token": csrf_of(client, "/following")})
    token = re.search(r"/following/feed\.rss\?token=([\w-]+)", made.text).group(1)
    stranger = type(client)(client.app)
    rss = stranger.get("/following/feed.rss", params={"token": token})
    assert rss.status_code == 200
    assert ET.fromstring(rss.content).find("channel/item/link") is not None
    assert token not in rss.text
    ET.fromstring(stranger.get("/following/feed.atom", params={"token": token}).content)
    items = json.loads(stranger.get("/following/feed.json", params={"token": token}).text)["items"]
    assert items and all(item["url"].startswith("http") for item in items)
    assert stranger.get("/following/feed.rss", params={"token": "nd_guess"}).status_code == 404
    client.post("/following/feed-token/revoke", data={"csrf_token": csrf_of(client, "/following")})
    assert stranger.get("/following/feed.rss", params={"token": token}).status_code == 404
