"""The reader's pages over the demo corpus, through HTTP: what each page shows, and how
unknown ids, malformed parameters and oversized bodies are answered."""

from __future__ import annotations

import html
import re

from sqlalchemy import select

from newsdesk.read.search import search
from newsdesk.store.db import open_store
from newsdesk.store.models import Article, Entity, Mention, Quote, Story
from tests.web.conftest import first_id


def _named_in(article_id: int):
    return select(Mention.entity_id).where(Mention.article_id == article_id)


def _ids(settings, model, *conditions):
    store = open_store(settings, migrate_schema=False)
    with store.session() as session:
        found = list(session.scalars(select(model.id).where(*conditions).order_by(model.id)))
    store.close()
    return found


def test_front_page_ranks_stories_with_outlets_lead_time_and_thread(client) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    cards = re.findall(r'<li class="story-card">(.*?)</li>', page.text, re.S)
    assert len(cards) >= 10
    outlets = [int(re.search(r"(\d+) outlets?:", card).group(1)) for card in cards]
    # The single-outlet stories never lead a corpus where many stories have several.
    assert outlets[0] >= 3
    assert all('class="lead"' in card for card in cards[:5])
    assert 'href="/threads/' in page.text
    assert "<h2>Latest</h2>" in page.text
    assert 'href="/static/style.css"' in page.text
    assert "http" not in re.sub(r'href="http://testserver[^"]*"', "", page.text.split("<body>")[0])


def test_front_page_files_each_story_once_under_sections_it_links_to(client) -> None:
    page = client.get("/").text
    bar = re.search(r'<nav class="toc sections"[^>]*>(.*?)</nav>', page, re.S).group(1)
    anchors = re.findall(r'href="#([\w-]+)"', bar)
    assert len(anchors) >= 3
    sections = re.findall(r'<section class="front-section" id="([\w-]+)">', page)
    assert sections == anchors
    # Named sections link to their entity's page; each story is on the page once.
    assert len(re.findall(r'<h2><a href="/entities/\d+">', page)) >= 2
    stories = re.findall(r'<h3><a href="/stories/(\d+)"', page)
    assert len(stories) == len(set(stories)) >= 10


def test_front_page_pagination(client) -> None:
    first = client.get("/").text
    second = client.get("/?page=2")
    assert second.status_code == 200
    titles = lambda html: set(re.findall(r'<h3><a href="/stories/(\d+)"', html))  # noqa: E731
    assert titles(first) and not titles(first) & titles(second.text)
    assert client.get("/?page=0").status_code == 400
    bad = client.get("/?page=two")
    assert bad.status_code == 400
    assert "page" in bad.text and "Traceback" not in bad.text


def test_a_page_past_the_end_says_so_and_links_the_last(client) -> None:
    page = client.get("/?page=500").text
    assert "Nothing here yet" not in page and "past the end" in page
    last = re.search(r'<a href="/\?page=(\d+)">Go to page', page).group(1)
    assert re.search(r'<h3><a href="/stories/\d+"', client.get(f"/?page={last}").text)


def test_favicon(client) -> None:
    assert 'rel="icon"' in client.get("/").text
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    assert "<svg" in icon.text


def test_story_page_full_coverage(client, demo_settings) -> None:
    story_id = first_id(client.get("/").text, "stories")
    page = client.get(f"/stories/{story_id}")
    assert page.status_code == 200
    text = page.text
    for section in ('id="summary"', 'id="coverage"', 'id="articles"', 'id="comments"'):
        assert section in text
    assert 'class="cite"' in text
    assert "First reported by" in text
    assert "Every article, by outlet" in text
    assert "No comments yet" in text
    assert 'rel="alternate" type="application/rss+xml"' in text


def test_story_page_quotes_cite_their_articles_by_headline(client, demo_settings) -> None:
    store = open_store(demo_settings, migrate_schema=False)
    with store.session() as session:
        story_id = session.scalar(
            select(Article.story_id)
            .join(Quote, Quote.article_id == Article.id)
            .where(Quote.speaker_id.is_not(None), Article.story_id.is_not(None))
            .order_by(Article.id)
        )
        articles = session.scalars(select(Article).where(Article.story_id == story_id))
        titles = {a.id: a.title for a in articles}
    store.close()
    text = client.get(f"/stories/{story_id}").text
    quotes = text.split('id="quotes"')[1].split("</details>")[0]
    cites = re.findall(r'class="cite" href="/articles/(\d+)" title="([^"]*)"', quotes)
    assert cites, "the story's quotes cite their articles"
    for article_id, title in cites:
        assert html.unescape(title).startswith(titles[int(article_id)] + " · "), title


def test_story_page_folds_syndicated_copies(client, demo_settings) -> None:
    copies = _ids(
        demo_settings, Article, Article.duplicate_of_id.is_not(None), Article.is_stub.is_(False)
    )
    store = open_store(demo_settings, migrate_schema=False)
    with store.session() as session:
        copy = session.get(Article, copies[0])
        story_id, canonical = copy.story_id, copy.duplicate_of_id
    store.close()
    text = client.get(f"/stories/{story_id}").text
    articles = text.split('id="articles"')[1].split("</section>")[0]
    assert "Also published by:" in articles
    # The copy is listed once, folded under its canonical article, not as an article of its own.
    assert articles.count(f'href="/articles/{copies[0]}"') == 1
    assert f'href="/articles/{canonical}"' in articles


def test_story_page_links_its_thread(client, demo_settings) -> None:
    store = open_store(demo_settings, migrate_schema=False)
    with store.session() as session:
        threads = session.execute(select(Story.thread_id, Story.id).order_by(Story.id)).all()
    store.close()
    by_thread: dict[int, list[int]] = {}
    for thread_id, story_id in threads:
        by_thread.setdefault(thread_id, []).append(story_id)
    thread, stories = next((t, s) for t, s in by_thread.items() if len(s) > 1)
    text = client.get(f"/stories/{stories[-1]}").text
    assert 'id="thread"' in text and "earlier" in text
    assert f'href="/stories/{stories[0]}"' in text
    assert client.get(f"/threads/{thread}").status_code == 200


def test_article_page_has_ai_panel_related_and_comments(client, demo_settings) -> None:
    article_id = _ids(
        demo_settings, Article, Article.is_stub.is_(False), Article.duplicate_of_id.is_(None)
    )[0]
    page = client.get(f"/articles/{article_id}")
    assert page.status_code == 200
    text = page.text
    assert 'id="ai-features"' in text
    for heading in ("Summary", "Entities", "Consistency warnings", "Ask about this story"):
        assert heading in text
    assert 'href="/entities/' in text
    related = text.split('id="related"')[1].split("</section>")[0]
    assert related.count('class="related-item"') >= 1
    assert "No comments yet" in text


def test_article_page_of_a_stub_links_its_page(client, demo_settings) -> None:
    stub = _ids(demo_settings, Article, Article.is_stub.is_(True))[0]
    text = client.get(f"/articles/{stub}").text
    assert "A teaser found on" in text


def test_entity_page_has_names_stories_and_chart(client, demo_settings) -> None:
    mentioned = select(Mention.entity_id).where(Mention.entity_id.is_not(None))
    store = open_store(demo_settings, migrate_schema=False)
    with store.session() as session:
        entity = session.scalar(
            select(Entity).where(Entity.name == "Sergey Lavrov", Entity.id.in_(mentioned))
        )
        entity_id = entity.id
    store.close()
    page = client.get(f"/entities/{entity_id}")
    assert page.status_code == 200
    assert "<svg" in page.text and '<rect class="bar"' in page.text
    assert "Also written as" in page.text
    assert "Sergei Lavrov" in page.text or "Lavrov" in page.text.split("Also written as")[1]
    assert 'href="/stories/' in page.text
    # Scannable as a story is: who he is first, then sections to jump to; names fold.
    head = page.text.split('<nav class="toc"')[0]
    assert "foreign minister" in head.split('class="description"')[1].lower()
    bar = re.search(r'<nav class="toc"[^>]*>(.*?)</nav>', page.text, re.S).group(1)
    anchors = re.findall(r'href="#([\w-]+)"', bar)
    assert {"stories", "timeline", "aliases"} <= set(anchors)
    assert all(f'id="{anchor}"' in page.text for anchor in anchors)
    assert '<details class="section" id="aliases">' in page.text
    # Its own name is what the page is under, not another spelling of it.
    aliases = page.text.split('id="aliases"')[1].split("</details>")[0]
    listed = [" ".join(a.split()).casefold() for a in re.findall(r"<li>([^<]*)</li>", aliases)]
    assert listed and "sergey lavrov" not in listed
    count = re.search(r'<span class="count">(\d+)</span>', aliases).group(1)
    assert int(count) == len(listed)
    # The timeline's dated events cite their articles by headline.
    timeline = page.text.split('id="timeline"')[1].split("</details>")[0]
    assert re.search(r'class="cite" href="/articles/\d+" title="[^"]+ · ', timeline)


def test_search_page_with_filters_groups_by_story(client) -> None:
    page = client.get("/search", params={"q": "Lavrov"})
    assert page.status_code == 200
    assert page.text.count('class="result-group"') >= 1
    filtered = client.get("/search", params={"q": "Lavrov", "since": "2025-01-01"})
    assert filtered.status_code == 200
    assert "2024-01-16" not in filtered.text.split("</form>")[1]
    unknown = client.get("/search", params={"q": "Lavrov", "outlet": "No Such Outlet"})
    assert unknown.status_code == 400 and "no outlet named" in unknown.text
    assert client.get("/search", params={"q": "x", "since": "yesterday"}).status_code == 400
    assert client.get("/search", params={"q": "x", "mode": "psychic"}).status_code == 400


def test_search_page_counts_marks_sorts_and_sets_neighbours_apart(client) -> None:
    page = client.get("/search", params={"q": "Lavrov Wonsan"})
    assert page.status_code == 200
    count = re.search(r'id="result-count">(\d+) articles match', page.text)
    assert count and int(count.group(1)) >= 3
    matches, _, related = page.text.partition('id="related-results"')
    assert "<mark>Wonsan</mark>" in matches and "<mark>Lavrov</mark>" in matches
    assert related and "Related by meaning" in related and "Ishiba" not in page.text
    assert "<mark>Wonsan</mark>" not in related.split("</section>")[0]

    latest = client.get("/search", params={"q": "Lavrov", "sort": "date"})
    shown = latest.text.split('id="related-results"')[0]
    times = re.findall(r'class="meta">[^<·]*· (\d{4}-\d\d-\d\d \d\d:\d\d) UTC', shown)
    assert times and times == sorted(times, reverse=True)
    assert "latest first" in latest.text
    assert client.get("/search", params={"q": "x", "sort": "newest"}).status_code == 400

    none = client.get("/search", params={"q": "bank of england"})
    assert "No articles match" in none.text and "Bank of Japan" not in none.text
    # The text is escaped before it is marked: a query's markup is never the page's.
    hostile = client.get("/search", params={"q": '<script>alert(1)</script> "military bloc"'})
    assert "<script>alert(1)</script>" not in hostile.text
    assert "&lt;script&gt;" in hostile.text


def test_ask_page_answers_what_the_story_box_suggests(client, demo_settings) -> None:
    store = open_store(demo_settings, migrate_schema=False)
    with store.session() as session:
        wonsan = search(session, "Lavrov Wonsan").hits[0].story_id
        istanbul = search(session, "Istanbul prisoner").hits[0].story_id
    store.close()
    agreed = client.get("/ask", params={"q": "What was agreed?", "story": istanbul}).text
    answer = agreed.split('id="answer"')[1]
    assert "Nothing in the stored articles" not in answer and "1,000" in answer
    said = client.get("/ask", params={"q": "Who said what?", "story": wonsan}).text
    answer = said.split('id="answer"')[1]
    assert answer.count('class="speaker"') >= 2 and 'class="cite"' in answer
    words = client.get("/ask", params={"q": "What did Lavrov say in Wonsan?"}).text
    answer = words.split('id="answer"')[1]
    assert "Lavrov" in answer and "Nothing in the stored articles" not in answer


def test_ask_page_answers_with_citations(client) -> None:
    page = client.get("/ask", params={"q": "How strong was the earthquake on the Noto Peninsula?"})
    assert page.status_code == 200
    answer = page.text.split('id="answer"')[1]
    assert 'class="cite"' in answer and "magnitude" in answer


def test_sources_page_lists_outlets(client) -> None:
    page = client.get("/sources")
    assert page.status_code == 200
    assert "The Harbour Chronicle" in page.text and "<table>" in page.text


def test_unknown_ids_are_404_pages(client) -> None:
    for path in (
        "/stories/999999",
        "/articles/999999",
        "/entities/999999",
        "/threads/999999",
        "/stories/abc",
        "/articles/99999999999999999999",
        "/no/such/page",
    ):
        page = client.get(path)
        assert page.status_code == 404, path
        assert "<h1>Not found</h1>" in page.text
    assert client.get("/api/v1/stories/999999").json() == {"detail": "There is no story 999999."}


def test_oversized_body_is_413(client) -> None:
    big = "x" * (100 * 1024)
    answer = client.post("/login", data={"name": "a", "password": big})
    assert answer.status_code == 413
    assert "too large" in answer.text


def test_errors_never_show_a_stack_trace(demo_settings, monkeypatch) -> None:
    from fastapi.testclient import TestClient

    from newsdesk.web import pages
    from newsdesk.web.app import create_app

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(pages, "outlet_rows", broken)
    client = TestClient(create_app(demo_settings), raise_server_exceptions=False)
    page = client.get("/sources")
    assert page.status_code == 500
    assert "secret internals" not in page.text and "Traceback" not in page.text
    assert "Something went wrong" in page.text


def test_security_headers(client) -> None:
    page = client.get("/")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    cookie = page.headers["set-cookie"]
    assert "newsdesk_csrf=" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_search_form_with_blank_filters(client) -> None:
    blank = {"q": "Lavrov", "outlet": "", "since": "", "until": "", "entity": "", "story": ""}
    page = client.get("/search", params={**blank, "mode": "fused"})
    assert page.status_code == 200 and 'class="result-group"' in page.text
    assert client.get("/search", params={**blank, "story": "x1"}).status_code == 400


def test_story_and_article_pages_only_read_the_views_the_pipeline_kept(
    client, demo_settings, monkeypatch
) -> None:
    from newsdesk.read import views

    def refused(*_args, **_kwargs):
        raise AssertionError("a page view built what the pipeline keeps")

    for builder in (
        "build_story_view",
        "build_article_page",
        "related_articles",
        "build_entity_view",
    ):
        monkeypatch.setattr(views, builder, refused)
    story_id = _ids(demo_settings, Story)[0]
    article_id = _ids(demo_settings, Article, Article.story_id == story_id)[0]
    entity_id = _ids(demo_settings, Entity, Entity.id.in_(_named_in(article_id)))[0]
    for path in (
        f"/stories/{story_id}",
        f"/articles/{article_id}",
        f"/entities/{entity_id}",
        f"/api/v1/stories/{story_id}",
        f"/api/v1/articles/{article_id}",
        f"/api/v1/articles/{article_id}/related",
        f"/api/v1/entities/{entity_id}",
    ):
        assert client.get(path).status_code == 200, path


def test_headlines_not_in_english_say_they_are_not_translated(client, demo_settings) -> None:
    [article_id] = _ids(demo_settings, Article, Article.title.startswith("최선희 외무상"))
    page = client.get(f"/articles/{article_id}").text
    assert '<h1 lang="ko">' in page and "ko · not translated" in page
    [story_id] = _ids(
        demo_settings, Story, Story.id.in_(select(Article.story_id).where(Article.id == article_id))
    )
    story = client.get(f"/stories/{story_id}").text
    assert 'lang="ko">최선희 외무상' in story and "ko · not translated" in story
    english = _ids(demo_settings, Article, Article.language == "en")[0]
    assert "not translated" not in client.get(f"/articles/{english}").text
