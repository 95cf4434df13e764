"""Distributed-mode throughput: documents through the whole pipeline (fetch, ingest,
enrichment, grouping) with 1 and with 2 `newsdesk worker` processes on Redis and
PostgreSQL, from the first fetch to the last article grouped (model loading included);
then the view-ready lag: how long after its last article was stored each story's kept page
view was current (the `group` job queues `build_views` jobs, which any worker runs).

Run from the checkout with Redis at 127.0.0.1:6379 and PostgreSQL at 127.0.0.1:5432:
`python bench/workers.py [--documents 400]`.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import uuid
from pathlib import Path

import numpy as np
from sqlalchemy import create_engine, func, select, text

from newsdesk.config import Settings
from newsdesk.read.views import story_version
from newsdesk.store.db import Store, open_store
from newsdesk.store.models import Article, PageView, Story
from newsdesk.store.sources import add_feed
from newsdesk.store.views import STORY
from newsdesk.testing.feeds import serve_feeds
from newsdesk.testing.servers import LocalSite, Reply
from newsdesk.testing.workers import clear_queue, start_worker, stop_workers, stored, worker_env

POSTGRES = os.environ.get(
    "NEWSDESK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
TARGET_LAG_S = 2.0
# After the last article is grouped, the views still queued get this long to be built.
VIEWS_WAIT_S = 300.0


def view_lags(store: Store, settings: Settings) -> tuple[list[float], int]:
    """Seconds from each story's last article stored to its kept view being built, for the
    stories whose kept view is current, and how many stories have none current yet."""
    with store.session() as session:
        last_stored = dict(
            session.execute(
                select(Article.story_id, func.max(Article.created_at))
                .where(Article.story_id.is_not(None))
                .group_by(Article.story_id)
            ).all()
        )
        kept = {
            subject_id: (version, built_at)
            for subject_id, version, built_at in session.execute(
                select(PageView.subject_id, PageView.version, PageView.built_at).where(
                    PageView.kind == STORY
                )
            )
        }
        lags, waiting = [], 0
        for story in session.scalars(select(Story)):
            view = kept.get(story.id)
            if view is None or view[0] != story_version(story, settings):
                waiting += 1
            elif story.id in last_stored:
                lags.append((view[1] - last_stored[story.id]).total_seconds())
    return lags, waiting


def run(workers: int, documents: int, feeds: int) -> tuple[float, float, float, list[float], int]:
    """Seconds until the first document is stored, every article is enriched, and every
    article is grouped, for `workers` workers taking `documents` through the pipeline; then
    each story's view-ready lag (view_lags), and how many stories had no current view
    VIEWS_WAIT_S after the last grouping."""
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{POSTGRES}?options=-csearch_path%3D{schema}"
    queue = f"nd-bench-{uuid.uuid4().hex[:8]}"
    settings = Settings(database_url=url)
    store = open_store(settings)
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
            waited = time.perf_counter() + VIEWS_WAIT_S
            while (found := view_lags(store, settings))[1] and time.perf_counter() < waited:
                time.sleep(0.5)
            return first, enriched or grouped, grouped, *found
    finally:
        stop_workers(processes)
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
        first, enriched, grouped, lags, waiting = run(workers, args.documents, args.feeds)
        rate = args.documents / (enriched - first)
        print(
            f"{workers} worker{'s' if workers > 1 else ' '}: first document stored at "
            f"{first:5.1f} s, all enriched at {enriched:5.1f} s ({rate:5.1f} documents/s), "
            f"all grouped at {grouped:5.1f} s ({args.documents / grouped:4.1f} documents/s overall)"
        )
        if lags:
            p50, p95 = np.percentile(lags, [50, 95])
            print(
                f"  a story's kept view current after its last article was stored: p50 "
                f"{p50:.2f} s, p95 {p95:.2f} s, max {max(lags):.2f} s over {len(lags)} stories"
                + (f"; {waiting} still without a current view" if waiting else "")
            )
        else:
            print(f"  no story had a current kept view ({waiting} stories)")
    print(f"target: a story's view ready within {TARGET_LAG_S:.0f} s of its last article")


if __name__ == "__main__":
    main()
