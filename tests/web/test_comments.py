"""Accounts and comments through the forms: CSRF, escaping, limits, moderation."""

from __future__ import annotations

import re

from sqlalchemy import select

from newsdesk.store.comments import MAX_BODY_CHARS, RATE_COUNT
from newsdesk.store.db import open_store
from newsdesk.store.models import Article
from newsdesk.web.security import SESSION_COOKIE
from tests.web.conftest import account_with_token, csrf_of, register, unique


def _article_id(settings) -> int:
    store = open_store(settings, migrate_schema=False)
    with store.session() as session:
        found = session.scalar(
            select(Article.id).where(Article.is_stub.is_(False)).order_by(Article.id.desc())
        )
    store.close()
    return found


def _comment(client, path, body):
    return client.post(
        f"{path}/comments",
        data={"body": body, "csrf_token": csrf_of(client, path)},
        follow_redirects=False,
    )


def test_register_sets_a_secure_session_cookie_and_logout_ends_it(client) -> None:
    name = unique("reader")
    answer = client.post(
        "/register",
        data={
            "name": name,
            "password": "correct horse",
            "csrf_token": csrf_of(client, "/register"),
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303
    cookie = answer.headers["set-cookie"]
    assert f"{SESSION_COOKIE}=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert name in client.get("/").text
    token = client.cookies.get(SESSION_COOKIE)
    client.post("/logout", data={"csrf_token": csrf_of(client)})
    assert name not in client.get("/").text
    # The old token no longer logs anyone in.
    client.cookies.set(SESSION_COOKIE, token)
    assert name not in client.get("/").text


def test_session_cookie_is_secure_over_https(demo_app) -> None:
    from fastapi.testclient import TestClient

    browser = TestClient(demo_app, base_url="https://testserver")
    answer = browser.post(
        "/register",
        data={"name": unique("tls"), "password": "correct horse", "csrf_token": csrf_of(browser)},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert "; Secure" in answer.headers["set-cookie"]
    assert "Secure" not in TestClient(demo_app).get("/").headers["set-cookie"]
    login = browser.post(
        "/login",
        data={"name": "nobody", "password": "x" * 8, "csrf_token": csrf_of(browser, "/login")},
    )
    assert login.status_code == 400 and "Wrong name or password" in login.text


def test_login_and_bad_registration(client) -> None:
    name = unique("ann")
    register(client, name, "a fine password")
    client.post("/logout", data={"csrf_token": csrf_of(client)})
    wrong = client.post(
        "/login",
        data={"name": name, "password": "nope nope", "csrf_token": csrf_of(client, "/login")},
    )
    assert wrong.status_code == 400
    right = client.post(
        "/login",
        data={
            "name": name.upper(),
            "password": "a fine password",
            "csrf_token": csrf_of(client, "/login"),
            "next": "//evil.example/",
        },
        follow_redirects=False,
    )
    assert right.status_code == 303 and right.headers["location"] == "/"
    taken = client.post(
        "/register", data={"name": name, "password": "another one", "csrf_token": csrf_of(client)}
    )
    assert taken.status_code == 400 and "taken" in taken.text
    short = client.post(
        "/register", data={"name": unique("b"), "password": "short", "csrf_token": csrf_of(client)}
    )
    assert short.status_code == 400 and "8 to 200 characters" in short.text


def test_forms_without_csrf_token_are_refused(client, demo_settings) -> None:
    register(client, unique("csrf"))
    article = f"/articles/{_article_id(demo_settings)}"
    missing = client.post(f"{article}/comments", data={"body": "hello"})
    assert missing.status_code == 403 and "expired or came from another site" in missing.text
    forged = client.post(f"{article}/comments", data={"body": "hello", "csrf_token": "0" * 64})
    assert forged.status_code == 403
    assert "hello" not in client.get(article).text


def test_comment_posts_escaped_and_counts(client, demo_settings) -> None:
    register(client, unique("poster"))
    article = f"/articles/{_article_id(demo_settings)}"
    assert _comment(client, article, "A fair summary of the talks.").status_code == 303
    answer = _comment(client, article, '<script>alert("x")</script>')
    assert answer.status_code == 303
    page = client.get(article).text
    assert "A fair summary of the talks." in page
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert re.search(r"<h2>Comments \((\d+)\)</h2>", page).group(1) != "0"
    assert "No comments yet" not in page


def test_comment_limits(client, demo_settings) -> None:
    register(client, unique("limits"))
    article = f"/articles/{_article_id(demo_settings)}"
    too_long = _comment(client, article, "x" * (MAX_BODY_CHARS + 1))
    assert too_long.status_code == 400 and f"at most {MAX_BODY_CHARS} characters" in too_long.text
    assert _comment(client, article, "   ").status_code == 400
    for n in range(RATE_COUNT):
        assert _comment(client, article, f"comment number {n}").status_code == 303
    limited = _comment(client, article, "one too many <b>bold</b>")
    assert limited.status_code == 429
    assert f"You can post {RATE_COUNT} comments a minute" in limited.text
    assert int(limited.headers["retry-after"]) > 0
    # The draft is kept, escaped, in a form that posts it again; the reader is still shown
    # as logged in.
    assert "one too many &lt;b&gt;bold&lt;/b&gt;</textarea>" in limited.text
    assert f'action="{article}/comments"' in limited.text
    assert "Log out" in limited.text and "1 seconds" not in limited.text


def test_a_deleted_comments_anchor_is_never_given_to_the_next(client, demo_settings) -> None:
    register(client, unique("anchors"))
    story = "/stories/2"
    first = _comment(client, story, "soon gone")
    first_id = int(first.headers["location"].split("comment-")[1])
    client.post(f"/comments/{first_id}/delete", data={"csrf_token": csrf_of(client, story)})
    second = _comment(client, story, "the next one")
    assert int(second.headers["location"].split("comment-")[1]) > first_id


def test_error_pages_show_who_is_logged_in(client) -> None:
    name = unique("lost")
    register(client, name)
    for path in ("/stories/99999999", "/search?mode=nonsense&q=x", "/?page=nope"):
        page = client.get(path)
        assert page.status_code in (400, 404), path
        assert name in page.text and "Log out" in page.text, path


def test_registering_returns_to_the_page_the_reader_came_from(client) -> None:
    story = client.get("/stories/1").text
    assert 'href="/register?next=/stories/1"' in story
    form = client.get("/register?next=/stories/1").text
    assert 'name="next" value="/stories/1"' in form
    answer = client.post(
        "/register",
        data={
            "name": unique("returning"),
            "password": "correct horse",
            "csrf_token": csrf_of(client, "/register"),
            "next": "/stories/1",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/stories/1"
    away = client.post(
        "/register",
        data={
            "name": unique("away"),
            "password": "correct horse",
            "csrf_token": csrf_of(client, "/register"),
            "next": "//evil.example/",
        },
        follow_redirects=False,
    )
    assert away.headers["location"] == "/"


def test_not_logged_in_cannot_comment(client, demo_settings) -> None:
    article = f"/articles/{_article_id(demo_settings)}"
    assert "to comment" in client.get(article).text
    assert _comment(client, article, "anonymous").status_code == 401


def test_edit_and_delete_own_but_not_others(client, demo_app, demo_settings) -> None:
    from fastapi.testclient import TestClient

    register(client, unique("author"))
    story = "/stories/1"
    answer = _comment(client, story, "First version")
    comment_id = int(answer.headers["location"].split("comment-")[1])
    edited = client.post(
        f"/comments/{comment_id}/edit",
        data={"body": "Second version", "csrf_token": csrf_of(client, story)},
        follow_redirects=False,
    )
    assert edited.status_code == 303
    page = client.get(story).text
    assert "Second version" in page and "First version" not in page and "edited" in page
    other = TestClient(demo_app)
    register(other, unique("other"))
    for action in ("edit", "delete"):
        refused = other.post(
            f"/comments/{comment_id}/{action}",
            data={"body": "hijacked", "csrf_token": csrf_of(other, story)},
        )
        assert refused.status_code == 403
    assert (
        client.post(
            f"/comments/{comment_id}/delete", data={"csrf_token": csrf_of(client, story)}
        ).status_code
        == 200
    )
    assert "Second version" not in client.get(story).text
    assert (
        client.post(
            f"/comments/{comment_id}/delete", data={"csrf_token": csrf_of(client, story)}
        ).status_code
        == 404
    )


def test_moderators_hide_and_delete_any(client, demo_app, demo_settings) -> None:
    from fastapi.testclient import TestClient

    moderator_name = unique("mod")
    account_with_token(demo_settings, moderator_name, role="moderator")
    register(client, unique("writer"))
    story = "/stories/2"
    comment_id = int(
        _comment(client, story, "Spam spam spam").headers["location"].split("comment-")[1]
    )
    moderator = TestClient(demo_app)
    moderator.post(
        "/login",
        data={
            "name": moderator_name,
            "password": "a long password",
            "csrf_token": csrf_of(moderator, "/login"),
        },
    )
    assert "Hide" in moderator.get(story).text
    hidden = moderator.post(
        f"/comments/{comment_id}/hide", data={"csrf_token": csrf_of(moderator, story)}
    )
    assert hidden.status_code == 200
    assert "Spam spam spam" not in client.get(story).text
    assert "hidden by a moderator" in moderator.get(story).text
    # A reader may not hide.
    assert (
        client.post(
            f"/comments/{comment_id}/show", data={"csrf_token": csrf_of(client, story)}
        ).status_code
        == 403
    )
    moderator.post(f"/comments/{comment_id}/delete", data={"csrf_token": csrf_of(moderator, story)})
    assert "Spam spam spam" not in moderator.get(story).text
