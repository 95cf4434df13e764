"""Distributed-mode throughput: documents through the whole pipeline (fetch, ingest,
enrichment, grouping) with 1 and with 2 `newsdesk worker` processes on Redis and
PostgreSQL, from the first fetch to the last article grouped (model loading included).

Run from the checkout with Redis at 127.0.0.1:6379 and PostgreSQL at 127.0.0.1:5432:
`python bench/workers.py [--documents 400]`.
"""

from __future__ import annotations

import argparse
import os
import signal
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text

from newsdesk.config import Settings
from newsdesk.store.db import open_store
from newsdesk.store.sources import add_feed
from newsdesk.testing.feeds import serve_feeds
from newsdesk.testing.servers import LocalSite, Reply
from newsdesk.testing.workers import clear_queue, start_worker, stored, worker_env

POSTGRES = os.environ.get(
    "NEWSDESK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def run(workers: int, documents: int, feeds: int) -> tuple[float, float, float]:
    """Seconds until the first document is stored, every article is enriched, and every
    article is grouped, for `workers` workers taking `documents` through the pipeline."""
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{POSTGRES}?options=-csearch_path%3D{schema}"
    queue = f"nd-bench-{uuid.uuid4().hex[:8]}"
    store = open_store(Settings(database_url=url))
    processes = []
    try:
        with LocalSite() as site, tempfile.TemporaryDirectory() as tmp:
            site.route("/robots.txt", Reply(404))
            for feed_url in serve_feeds(site, feeds, documents // feeds):
                with store.session() as session:
                    add_feed(session, feed_url, kind="feed")
            env = worker_env(url, queue)
            started = time.perf_counter()
            processes = [start_worker(env, Path(tmp) / f"w{i}.log") for i in range(workers)]
            first = enriched = 0.0
            while (counts := stored(store))["grouped"] < documents:
                now = time.perf_counter() - started
                first = first or (now if counts["documents"] else 0.0)
                enriched = enriched or (now if counts["enriched"] >= documents else 0.0)
                time.sleep(0.2)
            grouped = time.perf_counter() - started
            return first, enriched or grouped, grouped
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        store.close()
        clear_queue(queue)
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=400)
    parser.add_argument("--feeds", type=int, default=10)
    args = parser.parse_args()
    print(f"{args.documents} short documents (about 50 words) in {args.feeds} feeds")
    for workers in (1, 2):
        first, enriched, grouped = run(workers, args.documents, args.feeds)
        rate = args.documents / (enriched - first)
        print(
            f"{workers} worker{'s' if workers > 1 else ' '}: first document stored at "
            f"{first:5.1f} s, all enriched at {enriched:5.1f} s ({rate:5.1f} documents/s), "
            f"all grouped at {grouped:5.1f} s ({args.documents / grouped:4.1f} documents/s overall)"
        )


if __name__ == "__main__":
    main()
