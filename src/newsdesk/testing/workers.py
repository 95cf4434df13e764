"""`newsdesk worker` processes on Redis and PostgreSQL, counts of what they stored, and a
wait that gives up only when the work stops moving (not after a fixed time)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import redis
from sqlalchemy import func, select

from newsdesk.store.db import Store
from newsdesk.store.models import Article, Document

REDIS_URL = os.environ.get("NEWSDESK_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
# A wait fails only after this long without any change in what was stored. A new worker
# loads spaCy and the embedding model before its first enrichment and stores nothing
# meanwhile: under load that alone can take a minute or two.
STALL_SECONDS = 180.0
POLL_SECONDS = 0.5


class Stalled(AssertionError):
    """Background work stopped moving before it was done; the message says where it stood."""


def redis_problem() -> str | None:
    """None when Redis answers at REDIS_URL, else why not."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        return str(error)
    return None


def worker_env(database_url: str, queue: str) -> dict[str, str]:
    """The environment of a `newsdesk worker` on the test broker and database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSDESK_")}
    env.update(
        NEWSDESK_DATABASE_URL=database_url,
        NEWSDESK_BROKER_URL=REDIS_URL,
        NEWSDESK_QUEUE=queue,
        NEWSDESK_BROKER_VISIBILITY_TIMEOUT="8",
        NEWSDESK_ALLOW_PRIVATE_NETWORKS="1",
        NEWSDESK_FETCH_HOST_DELAY="0",
        NEWSDESK_FETCH_HOST_CONCURRENCY="8",
        NEWSDESK_FETCH_TIMEOUT="5",
    )
    return env


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """A `newsdesk worker` process in a session of its own (so it can be killed whole)."""
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "newsdesk", "worker", "--tick", "1"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stored(store: Store) -> dict[str, int]:
    """Documents, articles, distinct article URLs, enriched and grouped articles."""
    with store.session() as session:
        return {
            "documents": session.scalar(select(func.count(Document.id))) or 0,
            "articles": session.scalar(select(func.count(Article.id))) or 0,
            "urls": session.scalar(select(func.count(func.distinct(Article.url)))) or 0,
            "enriched": session.scalar(
                select(func.count(Article.id)).where(Article.enriched_at.is_not(None))
            )
            or 0,
            "grouped": session.scalar(
                select(func.count(Article.id)).where(Article.grouped_at.is_not(None))
            )
            or 0,
        }


def wait_for_progress(
    done: Callable[[dict[str, int]], bool],
    progress: Callable[[], dict[str, int]],
    what: str,
    *,
    stall_seconds: float = STALL_SECONDS,
    context: Callable[[], str] = lambda: "",
) -> dict[str, int]:
    """Poll `progress()` until `done` says so, and return the last counts; Stalled (with
    `context()`, e.g. the workers' logs) when the counts stay the same for `stall_seconds`."""
    last = progress()
    changed = time.monotonic()
    while not done(last):
        time.sleep(POLL_SECONDS)
        counts = progress()
        if counts != last:
            last, changed = counts, time.monotonic()
        elif time.monotonic() - changed > stall_seconds:
            raise Stalled(
                f"waiting for {what}: nothing moved for {stall_seconds:.0f} s at {last}\n"
                + context()
            )
    return last


def clear_queue(queue: str) -> None:
    """Delete every broker key of this queue prefix."""
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(match=f"{queue}:*", count=1000):
        client.delete(key)


def stop_workers(processes: list[subprocess.Popen[bytes]]) -> None:
    """End the bench's worker processes (each its own process group): asked first, then
    killed when one is stuck in a job."""
    for process in processes:
        os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=60)
