"""Distributed mode for real: two `newsdesk worker` processes on Redis and PostgreSQL share
120 documents; one is killed with SIGKILL mid-run; every document is ingested exactly once.

The waits give up only when nothing stored has changed for a long while
(`wait_for_progress`), so a loaded machine makes the test slower, not red.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import signal
import uuid
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from newsdesk.config import Settings
from newsdesk.errors import ConfigError
from newsdesk.pipeline.tasks import PIPELINE, make_celery, queue_name
from newsdesk.store.db import Store, open_store
from newsdesk.store.models import Article
from newsdesk.store.sources import add_feed
from newsdesk.testing.feeds import serve_feeds
from newsdesk.testing.servers import LocalSite, Reply
from newsdesk.testing.workers import (
    REDIS_URL,
    clear_queue,
    redis_problem,
    start_worker,
    stored,
    wait_for_progress,
    worker_env,
)
from newsdesk.web.app import create_app
from tests.conftest import IN_CI

FEEDS, ENTRIES = 6, 20


@pytest.fixture
def redis_url() -> str:
    problem = redis_problem()
    if problem:
        if IN_CI:
            pytest.fail(f"Redis is required in CI but {REDIS_URL} fails: {problem}")
        pytest.skip(f"Redis not available at {REDIS_URL}: {problem}")
    return REDIS_URL


def _tails(logs: list[Path]) -> str:
    return "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in logs if p.exists())


def test_two_workers_one_killed_ingest_every_document_exactly_once(
    redis_url: str, postgres_schema_url: str, tmp_path: Path
) -> None:
    queue = f"nd-test-{uuid.uuid4().hex[:10]}"
    store = open_store(Settings(database_url=postgres_schema_url))
    env = worker_env(postgres_schema_url, queue)
    logs = [tmp_path / "worker-a.log", tmp_path / "worker-b.log"]
    workers = []
    total = FEEDS * ENTRIES
    try:
        with LocalSite() as site:
            site.route("/robots.txt", Reply(404))
            for url in serve_feeds(site, FEEDS, ENTRIES):
                with store.session() as session:
                    add_feed(session, url, kind="feed")
            workers = [start_worker(env, log) for log in logs]

            def progress() -> dict[str, int]:
                return stored(store)

            def tails() -> str:
                return _tails(logs)

            wait_for_progress(
                lambda c: c["documents"] >= 45, progress, "45 documents", context=tails
            )
            os.killpg(workers[0].pid, signal.SIGKILL)
            workers[0].wait(timeout=10)
            wait_for_progress(
                lambda c: c["enriched"] >= total and c["grouped"] >= total,
                progress,
                "every article enriched and grouped",
                context=tails,
            )
        counts = stored(store)
        assert counts == {
            "documents": total,
            "articles": total,
            "urls": total,
            "enriched": total,
            "grouped": total,
        }
        assert workers[0].returncode == -signal.SIGKILL
        assert workers[1].poll() is None  # the survivor did the rest
    finally:
        for worker in workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGTERM)
                try:
                    worker.wait(timeout=15)
                except Exception:
                    os.killpg(worker.pid, signal.SIGKILL)
                    worker.wait(timeout=5)
        store.close()
        clear_queue(queue)


def test_distributed_mode_without_a_broker_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="NEWSDESK_BROKER_URL"):
        make_celery(Settings())


def test_a_push_with_a_broker_is_acknowledged_at_once_and_ingested_by_a_worker(
    redis_url: str, store: Store, settings: Settings
) -> None:
    settings = replace(settings, broker_url=redis_url, queue=f"nd-test-{uuid.uuid4().hex[:10]}")
    with store.session() as session:
        feed = add_feed(session, "https://outlet.example/news.rss", kind="feed")
        feed.websub_secret, feed.websub_state = "s3cret", "subscribed"
        session.flush()
        feed_id = feed.id
    body = (
        b'<?xml version="1.0"?><rss version="2.0" '
        b'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title>'
        b"<item><title>Ferry back on the island run</title><guid>f-1</guid>"
        b"<link>https://outlet.example/ferry</link><content:encoded><![CDATA[<p>"
        + b"The ferry is back on the island run after a week of repairs in the yard. " * 6
        + b"</p>]]></content:encoded></item></channel></rss>"
    )
    signature = "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    try:
        client = TestClient(create_app(settings))
        answer = client.post(
            f"/websub/{feed_id}", content=body, headers={"X-Hub-Signature": signature}
        )
        assert answer.status_code == 202
        with store.session() as session:  # queued, not ingested by the web process
            assert session.scalar(select(func.count(Article.id))) == 0
        app = make_celery(settings)
        with app.connection_for_read() as connection:
            message = connection.SimpleQueue(queue_name(settings, PIPELINE)).get(timeout=30)
            assert message.headers["task"] == "newsdesk.websub_push"
            args, kwargs, _ = message.decode()
            assert app.tasks["newsdesk.websub_push"](*args, **kwargs) == 1
            message.ack()
        with store.session() as session:
            article = session.scalars(select(Article)).one()
            assert article.title == "Ferry back on the island run"
            assert article.enriched_at is not None
    finally:
        clear_queue(settings.queue)
