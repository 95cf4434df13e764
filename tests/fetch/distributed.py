"""Shared by the distributed-mode test and bench/workers.py: many feeds on a local site,
`newsdesk worker` processes on Redis and PostgreSQL, and counts of what got stored."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import redis
from sqlalchemy import func, select

from newsdesk.store.db import Store
from newsdesk.store.models import Article, Document
from tests.fetch.servers import LocalSite, Reply

REDIS_URL = os.environ.get("NEWSDESK_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
WORDS = [
    "council",
    "harbour",
    "ferry",
    "storm",
    "market",
    "bridge",
    "river",
    "school",
    "choir",
    "engineers",
    "workers",
    "traders",
    "officials",
    "town",
    "county",
    "road",
    "quay",
    "crane",
    "trawler",
    "lifeboat",
    "volunteers",
]


def redis_problem() -> str | None:
    """None when Redis answers at REDIS_URL, else why not."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        return str(error)
    return None


def serve_feeds(site: LocalSite, feeds: int, entries: int) -> list[str]:
    """`feeds` RSS feeds of `entries` short full-content entries each; their URLs."""
    start = datetime(2025, 7, 1, tzinfo=UTC)
    urls = []
    for f in range(feeds):
        items = []
        for e in range(entries):
            n = f * entries + e
            words = " ".join(WORDS[(n + i) % len(WORDS)] for i in range(45))
            when = format_datetime(start + timedelta(minutes=n))
            items.append(
                f"<item><title>Report {n}: {WORDS[n % len(WORDS)]} news</title>"
                f"<guid>doc-{n}</guid><link>{site.url(f'/a/{n}.html')}</link>"
                f"<pubDate>{when}</pubDate>"
                f"<description>Number {n}. The {words}.</description></item>"
            )
        body = (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>Outlet {f}</title>'
            f"{''.join(items)}</channel></rss>"
        ).encode()
        site.route(f"/feed{f}.rss", Reply(200, body, {"Content-Type": "application/rss+xml"}))
        urls.append(site.url(f"/feed{f}.rss"))
    return urls


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


def clear_queue(queue: str) -> None:
    """Delete every broker key of this queue prefix."""
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(match=f"{queue}:*", count=1000):
        client.delete(key)
