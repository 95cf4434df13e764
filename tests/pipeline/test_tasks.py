"""Distributed mode for real: two `newsdesk worker` processes on Redis and PostgreSQL share
500 documents; one is killed with SIGKILL mid-run; every document is ingested exactly once.

The waits give up only when nothing stored has changed for a long while
(`wait_for_progress`), so a loaded machine makes the test slower, not red.
"""

from __future__ import annotations

import os
import signal
import uuid
from pathlib import Path

import pytest

from newsdesk.config import Settings
from newsdesk.errors import ConfigError
from newsdesk.pipeline.tasks import make_celery
from newsdesk.store.db import open_store
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
from tests.conftest import IN_CI

FEEDS, ENTRIES = 10, 50


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
                lambda c: c["documents"] >= 120, progress, "120 documents", context=tails
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
