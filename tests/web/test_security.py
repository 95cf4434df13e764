"""The web layer's safety: redirects stay on the site, the record cache, body limits, CSRF
bound to the session, foreign origins refused, private pages never cached."""

from __future__ import annotations

from newsdesk.web.accounts import safe_next
from newsdesk.web.cache import RecordCache
from tests.web.conftest import csrf_of, first_id, register, unique


def test_login_redirects_only_within_the_site() -> None:
    assert safe_next("/stories/3") == "/stories/3"
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example", "", None):
        assert safe_next(target) == "/"


def test_record_cache_keeps_the_newest_and_expires() -> None:
    cache = RecordCache(size=2, max_age=60)
    calls = []
    make = lambda key: lambda: calls.append(key) or key  # noqa: E731
    assert cache.get_or_make("a", make("a")) == "a"
    assert cache.get_or_make("a", make("a")) == "a"
    cache.get_or_make("b", make("b"))
    cache.get_or_make("c", make("c"))
    cache.get_or_make("a", make("a"))
    assert calls == ["a", "b", "c", "a"]
    expired = RecordCache(max_age=0)
    expired.get_or_make("x", make("x"))
    expired.get_or_make("x", make("x"))
    assert calls[-2:] == ["x", "x"]


# --- Through the app: limits, CSRF, origins, caching ---------------------------------------


def _story_path(client) -> str:
    return f"/stories/{first_id(client.get('/').text, 'stories')}"


def test_a_chunked_body_over_the_limit_is_413_before_the_app_reads_it(client) -> None:
    path = _story_path(client)
    token = csrf_of(client, path)

    def chunks():
        yield f"csrf_token={token}&body=".encode()
        for _ in range(40):
            yield b"x" * 4096  # 160 KiB in all, sent without a Content-Length

    answer = client.post(
        f"{path}/comments",
        content=chunks(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )
    assert answer.status_code == 413
    assert "too large" in answer.text


def test_a_csrf_token_is_worth_nothing_in_another_session(client) -> None:
    register(client, unique("first"))
    path = _story_path(client)
    stolen = csrf_of(client, path)
    # Same browser (same CSRF cookie), another account: the first session's token fails.
    client.post("/logout", data={"csrf_token": csrf_of(client)})
    register(client, unique("second"))
    answer = client.post(
        f"{path}/comments",
        data={"body": "Planted.", "csrf_token": stolen},
        follow_redirects=False,
    )
    assert answer.status_code == 403
    fresh = client.post(
        f"{path}/comments",
        data={"body": "Mine.", "csrf_token": csrf_of(client, path)},
        follow_redirects=False,
    )
    assert fresh.status_code == 303


def test_a_foreign_origin_is_refused_even_with_a_valid_token(client) -> None:
    register(client, unique("origin"))
    path = _story_path(client)
    form = {"body": "From elsewhere.", "csrf_token": csrf_of(client, path)}
    foreign = client.post(
        f"{path}/comments",
        data=form,
        headers={"Origin": "https://evil.example"},
        follow_redirects=False,
    )
    assert foreign.status_code == 403
    own = client.post(
        f"{path}/comments",
        data=form,
        headers={"Origin": "http://testserver"},
        follow_redirects=False,
    )
    assert own.status_code == 303


def test_pages_for_a_logged_in_reader_are_never_cached(client) -> None:
    assert "no-store" not in client.get("/").headers.get("cache-control", "")
    register(client, unique("cache"))
    for path in ("/", _story_path(client)):
        answer = client.get(path)
        assert answer.headers["cache-control"] == "private, no-store"
        assert "Cookie" in answer.headers["vary"]


def test_password_guessing_through_the_form_is_stopped_with_429(client, demo_app) -> None:
    name = unique("guessed")
    register(client, name)
    client.post("/logout", data={"csrf_token": csrf_of(client)})
    limit = demo_app.state.reader.settings.accounts.failed_logins
    statuses = []
    for _ in range(limit + 1):
        form = {"name": name, "password": "not it at all", "csrf_token": csrf_of(client, "/login")}
        statuses.append(client.post("/login", data=form, follow_redirects=False).status_code)
    assert statuses[:limit] == [400] * limit and statuses[limit] == 429
    right = {"name": name, "password": "correct horse", "csrf_token": csrf_of(client, "/login")}
    refused = client.post("/login", data=right, follow_redirects=False)
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
    assert "Too many failed logins" in refused.text


def test_record_cache_makes_a_missed_key_once_for_concurrent_readers() -> None:
    import threading

    cache = RecordCache(size=8, max_age=60)
    started, release = threading.Event(), threading.Event()
    made: list[int] = []

    def slow() -> str:
        made.append(1)
        started.set()
        release.wait()
        return "story"

    results: list[str] = []
    together = threading.Barrier(8)

    def read() -> None:
        together.wait()
        results.append(cache.get_or_make("s", slow))

    readers = [threading.Thread(target=read) for _ in range(8)]
    for reader in readers:
        reader.start()
    started.wait()
    release.set()
    for reader in readers:
        reader.join()
    assert made == [1] and results == ["story"] * 8


def test_concurrent_first_views_of_a_story_are_one_computation_and_healthz_answers(
    demo_settings, monkeypatch
) -> None:
    import threading
    import urllib.request

    from sqlalchemy import delete

    from newsdesk.read import views
    from newsdesk.store.models import PageView
    from newsdesk.store.views import STORY
    from newsdesk.testing.web import serving_app
    from newsdesk.web.app import create_app

    computed: list[int] = []
    real = views.build_story_view

    def counted(*args, **kwargs):
        computed.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(views, "build_story_view", counted)
    app = create_app(demo_settings)
    with serving_app(app) as base:
        with urllib.request.urlopen(f"{base}/", timeout=120) as front:
            story = first_id(front.read().decode(), "stories")
        # As in a store kept before views were: the first views must build it.
        with app.state.reader.store.session() as session:
            session.execute(
                delete(PageView).where(PageView.kind == STORY, PageView.subject_id == int(story))
            )
        statuses: list[int] = []

        def view() -> None:
            with urllib.request.urlopen(f"{base}/stories/{story}", timeout=600) as answer:
                statuses.append(answer.status)

        viewers = [threading.Thread(target=view) for _ in range(8)]
        for viewer in viewers:
            viewer.start()
        healthy = 0
        while any(v.is_alive() for v in viewers):
            with urllib.request.urlopen(f"{base}/healthz", timeout=120) as health:
                healthy += health.status == 200
        for viewer in viewers:
            viewer.join()
    app.state.reader.store.close()
    assert statuses == [200] * 8
    assert computed == [1], "eight first views compute the story once"
    assert healthy >= 1
