"""The REST API under /api/v1 over the demo corpus: reads, comment writes by token and by
session, and ingest with an admin token."""

from __future__ import annotations

import html

from tests.web.conftest import account_with_token, csrf_of, register, unique


def test_openapi_schema_is_served(client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/stories/{story_id}",
        "/api/v1/articles/{article_id}",
        "/api/v1/search",
        "/api/v1/ask",
        "/api/v1/ingest",
        "/api/v1/articles/{article_id}/comments",
    ):
        assert path in paths
    assert not any(not p.startswith("/api/v1/") for p in paths)
    # Each operation documents its record and the errors it really returns; validation
    # errors are answered 400, so FastAPI's default 422 is nowhere.
    story = paths["/api/v1/stories/{story_id}"]["get"]["responses"]
    assert set(story) == {"200", "400", "404"}
    assert story["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/StoryView")
    post = paths["/api/v1/articles/{article_id}/comments"]["post"]["responses"]
    assert {"201", "400", "401", "403", "404", "413", "429"} <= set(post)
    assert not any("422" in op["responses"] for ops in paths.values() for op in ops.values())
    assert "HTTPValidationError" not in schema["components"]["schemas"]


def test_stories_and_a_story(client) -> None:
    listing = client.get("/api/v1/stories").json()
    assert listing["page"] == 1 and listing["total"] >= 10
    # 20 stories a page: the demo's 14 English stories and those of its articles in other
    # languages that joined none of them run onto a second page.
    assert listing["has_more"] is (listing["total"] > 20)
    assert len(listing["stories"]) == min(listing["total"], 20)
    top = listing["stories"][0]
    assert {"id", "title", "outlets", "lead", "last_seen", "thread_id"} <= set(top)
    story = client.get(f"/api/v1/stories/{top['id']}").json()
    assert story["summary"] and story["summary"][0]["article_id"]
    assert {"coverage", "quotes", "thread", "whos_who", "timeline", "articles"} <= set(story)
    assert client.get("/api/v1/stories", params={"page": 0}).status_code == 400


def test_stories_come_with_the_front_pages_sections(client) -> None:
    listing = client.get("/api/v1/stories").json()
    ranked = [story["id"] for story in listing["stories"]]
    sections = listing["sections"]
    filed = [story_id for section in sections for story_id in section["story_ids"]]
    assert sorted(filed) == sorted(ranked), "each story of the page in one section"
    for section in sections:
        order = [ranked.index(story_id) for story_id in section["story_ids"]]
        assert order == sorted(order), f"{section['name']} keeps the rank order"
    named = [section for section in sections if section["entity_id"] is not None]
    assert len(named) >= 2 and all(
        client.get(f"/entities/{s['entity_id']}").is_success for s in named
    )
    # The very sections the front page shows, under the anchors its jump links name.
    page = client.get("/").text
    for section in sections:
        assert f'id="{section["anchor"]}"' in page and section["name"] in html.unescape(page)


def test_articles_article_and_related(client) -> None:
    rows = client.get("/api/v1/articles", params={"limit": 5}).json()
    assert len(rows) == 5
    later = client.get("/api/v1/articles", params={"limit": 5, "offset": 5}).json()
    assert not {r["id"] for r in rows} & {r["id"] for r in later}
    full = next(r for r in rows if not r["is_stub"])
    article = client.get(f"/api/v1/articles/{full['id']}").json()
    assert article["text"] and "entities" in article and "summary" in article
    related = client.get(f"/api/v1/articles/{full['id']}/related").json()
    assert isinstance(related, list)
    # No more than an article's kept page holds: more would be computed per request.
    more = client.get(f"/api/v1/articles/{full['id']}/related", params={"limit": 11})
    assert more.status_code == 400
    assert client.get("/api/v1/articles/0").status_code == 404
    assert client.get("/api/v1/articles", params={"limit": 100000}).status_code == 400


def test_entities_search_ask_sources(client) -> None:
    entities = client.get("/api/v1/entities", params={"limit": 3}).json()
    assert len(entities) == 3 and entities[0]["articles"] >= entities[1]["articles"]
    entity = client.get(f"/api/v1/entities/{entities[0]['id']}").json()
    assert entity["volume"]["buckets"] and entity["stories"]
    found = client.get("/api/v1/search", params={"q": "Lavrov", "mode": "fulltext"}).json()
    assert found["stories"] and found["stories"][0]["hits"]
    kept = client.get("/api/v1/search", params={"q": "Lavrov Wonsan", "limit": 2}).json()
    assert kept["total"] >= 3 and sum(len(g["hits"]) for g in kept["stories"]) == 2
    for hit in [h for g in kept["stories"] for h in g["hits"]]:
        marked = {hit["snippet"][a:b].lower() for a, b in hit["snippet_matches"]}
        assert marked and marked <= {"lavrov", "wonsan"}
    assert kept["related"] and all("snippet_matches" in h for h in kept["related"])
    latest = client.get("/api/v1/search", params={"q": "Lavrov", "sort": "date"}).json()
    moments = [h["published_at"] for g in latest["stories"] for h in g["hits"]]
    assert latest["sort"] == "date" and moments[0] == max(moments)
    assert client.get("/api/v1/search", params={"q": "x", "sort": "newest"}).status_code == 400
    bad = client.get("/api/v1/search", params={"q": "Lavrov", "outlet": "Nobody"})
    assert bad.status_code == 400 and "no outlet named" in bad.json()["detail"]
    assert client.get("/api/v1/search").status_code == 400
    answer = client.get("/api/v1/ask", params={"q": "How strong was the Noto earthquake?"}).json()
    assert answer["found"] is True and answer["answer"][0]["article_id"]
    quake = client.get(f"/api/v1/articles/{answer['answer'][0]['article_id']}").json()["story_id"]
    listed = client.get("/api/v1/stories").json()["stories"]
    other = next(s["id"] for s in listed if s["id"] != quake)
    scoped = {"q": "How strong was the Noto earthquake?", "story": quake}
    within = client.get("/api/v1/ask", params=scoped).json()
    assert within["found"] and all(
        client.get(f"/api/v1/articles/{s['article_id']}").json()["story_id"] == quake
        for s in within["answer"]
    )
    when = client.get("/api/v1/ask", params={"q": "When did it happen?", "story": quake}).json()
    assert when["found"] and when["kind"] == "when"
    assert when["answer"][0]["date"].startswith("2024-01")
    elsewhere = client.get("/api/v1/ask", params={**scoped, "story": other}).json()
    assert not elsewhere["found"], "another story's articles do not answer it"
    assert any(s["articles"] for s in client.get("/api/v1/sources").json())


def test_comments_by_token(client, demo_settings) -> None:
    token = account_with_token(demo_settings, unique("api"))
    path = "/api/v1/articles/3/comments"
    assert client.post(path, json={"body": "no auth"}).status_code == 401
    bearer = {"Authorization": f"Bearer {token}"}
    posted = client.post(path, json={"body": "<b>bold</b> claim"}, headers=bearer)
    assert posted.status_code == 201
    comment = posted.json()
    assert comment["body"] == "<b>bold</b> claim" and comment["article_id"] == 3
    assert any(c["id"] == comment["id"] for c in client.get(path).json())
    edited = client.patch(
        f"/api/v1/comments/{comment['id']}", json={"body": "softer"}, headers=bearer
    )
    assert edited.json()["body"] == "softer" and edited.json()["edited_at"]
    other = {"Authorization": f"Bearer {account_with_token(demo_settings, unique('api'))}"}
    assert client.delete(f"/api/v1/comments/{comment['id']}", headers=other).status_code == 403
    assert (
        client.post(
            f"/api/v1/comments/{comment['id']}/hidden", json={"hidden": True}, headers=other
        ).status_code
        == 403
    )
    assert client.delete(f"/api/v1/comments/{comment['id']}", headers=bearer).status_code == 204
    assert client.post(path, json={"body": ""}, headers=bearer).status_code == 400
    assert (
        client.post(
            "/api/v1/stories/999999/comments", json={"body": "x"}, headers=bearer
        ).status_code
        == 404
    )
    bad_token = {"Authorization": "Bearer nd_not_a_token"}
    assert client.post(path, json={"body": "x"}, headers=bad_token).status_code == 401


def test_comments_by_session_need_the_csrf_header(client) -> None:
    register(client, unique("sess"))
    path = "/api/v1/stories/3/comments"
    assert client.post(path, json={"body": "no header"}).status_code == 403
    token = csrf_of(client)
    posted = client.post(path, json={"body": "with header"}, headers={"X-CSRF-Token": token})
    assert posted.status_code == 201


def test_ingest_needs_an_admin_token_and_runs_the_pipeline(client, demo_settings) -> None:
    document = {
        "content": "Lighthouse keepers vote to strike\n\nThe lighthouse keepers of the northern "
        "coast voted on Monday to strike over pay, their union said in a statement.\n",
        "format": "text",
        "source": "Coastal Bulletin",
        "published": "2001-03-05T09:00:00Z",
    }
    reader = {"Authorization": f"Bearer {account_with_token(demo_settings, unique('r'))}"}
    assert client.post("/api/v1/ingest", json=document).status_code == 401
    assert client.post("/api/v1/ingest", json=document, headers=reader).status_code == 403
    admin = {"Authorization": f"Bearer {account_with_token(demo_settings, unique('a'), 'admin')}"}
    answer = client.post("/api/v1/ingest", json=document, headers=admin)
    assert answer.status_code == 201, answer.text
    result = answer.json()
    assert result["report"]["new"] == 1 and result["report"]["enriched"] == 1
    article = client.get(f"/api/v1/articles/{result['article_ids'][0]}").json()
    assert article["outlet"] == "Coastal Bulletin" and article["story_id"] is not None
    again = client.post("/api/v1/ingest", json=document, headers=admin)
    assert again.status_code == 200 and again.json()["report"]["duplicate"] == 1
    broken = client.post(
        "/api/v1/ingest", json={"content": "<rss><channel>", "format": "feed"}, headers=admin
    )
    assert broken.status_code == 400 and broken.json()["report"]["errors"]
    assert client.post("/api/v1/ingest", json={"format": "text"}, headers=admin).status_code == 400


def test_ingest_by_url_is_guarded_and_runs_the_pipeline(demo_settings) -> None:
    from dataclasses import replace

    from fastapi.testclient import TestClient

    from newsdesk.testing.servers import LocalSite, Reply
    from newsdesk.web.app import create_app
    from tests.fetch.conftest import LOCAL_FETCH
    from tests.fetch.feeds import fixture

    token = account_with_token(demo_settings, unique("u"), "admin")
    admin = {"Authorization": f"Bearer {token}"}
    with LocalSite() as site:
        site.route("/robots.txt", Reply(404, b""))
        site.route(
            "/bridge.html",
            Reply(200, fixture("bridge-reopens.html"), {"Content-Type": "text/html"}),
        )
        wanted = {"url": site.url("/bridge.html"), "source": "Riverbank Post"}
        guarded = TestClient(create_app(demo_settings))
        refused = guarded.post("/api/v1/ingest/url", json=wanted, headers=admin)
        assert refused.status_code == 400
        assert "NEWSDESK_ALLOW_PRIVATE_NETWORKS" in refused.json()["detail"]
        assert not site.requests, "nothing was fetched from the refused address"
        assert guarded.post("/api/v1/ingest/url", json=wanted).status_code == 401

        allowed = TestClient(create_app(replace(demo_settings, fetch=LOCAL_FETCH)))
        answer = allowed.post("/api/v1/ingest/url", json=wanted, headers=admin)
        assert answer.status_code == 201, answer.text
        [article_id] = answer.json()["article_ids"]
        article = allowed.get(f"/api/v1/articles/{article_id}").json()
        assert article["outlet"] == "Riverbank Post"
        assert article["url"] == site.url("/bridge.html")
        missing = allowed.post(
            "/api/v1/ingest/url", json={"url": site.url("/gone.html")}, headers=admin
        )
        assert missing.status_code == 502 and "404" in missing.json()["detail"]
