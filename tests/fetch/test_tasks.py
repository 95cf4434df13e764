"""Distributed mode for real: two `newsdesk worker` processes on Redis and PostgreSQL share
500 documents; one is killed with SIGKILL mid-run; every document is ingested exactly once."""

from __future__ import annotations

import os
import signal
import time
import uuid
from pathlib import Path

import pytest

from newsdesk.config import Settings
from newsdesk.store.db import open_store
from newsdesk.store.sources import add_feed
from tests.conftest import IN_CI
from tests.fetch.distributed import (
    REDIS_URL,
    clear_queue,
    redis_problem,
    serve_feeds,
    start_worker,
    stored,
    worker_env,
)
from tests.fetch.servers import LocalSite, Reply

FEEDS, ENTRIES = 10, 50


@pytest.fixture
def redis_url() -> str:
    problem = redis_problem()
    if problem:
        if IN_CI:
            pytest.fail(f"Redis is required in CI but {REDIS_URL} fails: {problem}")
        pytest.skip(f"Redis not available at {REDIS_URL}: {problem}")
    return REDIS_URL


def _wait(condition: object, seconds: float, what: str, logs: list[Path]) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.5)
    tails = "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in logs if p.exists())
    raise AssertionError(f"timed out waiting for {what}\n{tails}")


def test_two_workers_one_killed_ingest_every_document_exactly_once(
    redis_url: str, postgres_schema_url: str, tmp_path: Path
) -> None:
    queue = f"nd-test-{uuid.uuid4().hex[:10]}"
    store = open_store(Settings(database_url=postgres_schema_url))
    env = worker_env(postgres_schema_url, queue)
    logs = [tmp_path / "worker-a.log", tmp_path / "worker-b.log"]
    workers = []
    try:
        with LocalSite() as site:
            site.route("/robots.txt", Reply(404))
            for url in serve_feeds(site, FEEDS, ENTRIES):
                with store.session() as session:
                    add_feed(session, url, kind="feed")
            workers = [start_worker(env, log) for log in logs]
            _wait(lambda: stored(store)["documents"] >= 120, 180, "120 documents", logs)
            os.killpg(workers[0].pid, signal.SIGKILL)
            workers[0].wait(timeout=10)
            total = FEEDS * ENTRIES

            def done() -> bool:
                counts = stored(store)
                return counts["enriched"] >= total and counts["grouped"] >= total

            _wait(done, 300, "every article enriched and grouped", logs)
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
