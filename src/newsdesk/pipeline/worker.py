"""`newsdesk worker` without a broker: one process fetching, ingesting, enriching and
grouping in a loop, sleeping until the next source is due."""

from __future__ import annotations

import os
import socket
import threading
import uuid
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import func, select, update

from newsdesk.config import Settings
from newsdesk.pipeline import IngestReport, enrich_pending
from newsdesk.pipeline.fetching import CycleReport, FeedReport, fetch_once
from newsdesk.pipeline.grouping import group_under_lease
from newsdesk.pipeline.images import fetch_images
from newsdesk.pipeline.views import build_page_views
from newsdesk.store.db import Store
from newsdesk.store.models import Feed, utcnow
from newsdesk.store.sources import ACTIVE

# Renew WebSub subscriptions this long before the hub's lease runs out.
WEBSUB_RENEW_BEFORE = timedelta(days=1)


def seconds_until_due(store: Store, longest: float) -> float:
    """Seconds until the next active source is due (0 when one is due), at most `longest`."""
    with store.session() as session:
        soonest = session.scalar(select(func.min(Feed.next_fetch_at)).where(Feed.status == ACTIVE))
    if soonest is None:
        return longest
    return max(0.0, min(longest, (soonest - utcnow()).total_seconds()))


def expire_websub(store: Store) -> int:
    """Forget WebSub subscriptions about to lapse, so the next fetch subscribes again."""
    with store.session() as session:
        result = session.execute(
            update(Feed)
            .where(
                Feed.websub_state == "subscribed",
                Feed.websub_expires_at <= utcnow() + WEBSUB_RENEW_BEFORE,
            )
            .values(websub_state=None)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


def run_loop(
    store: Store,
    settings: Settings,
    *,
    stop: threading.Event,
    idle_seconds: float = 60.0,
    on_cycle: Callable[[CycleReport], None] | None = None,
    on_feed: Callable[[FeedReport], None] | None = None,
) -> None:
    """Fetch what is due, then enrich and group what came in (pushed entries too), until
    `stop` is set; between cycles, sleep until the next source is due."""
    holder = f"loop:{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    while not stop.is_set():
        expire_websub(store)
        cycle = fetch_once(store, settings, enrich=False, on_feed=on_feed)
        # Pushed (WebSub) entries were ingested by the web app: enrich them here too.
        report: IngestReport = cycle.ingest
        enrich_pending(store, report)
        # As Celery's group job does: beside other groupers on PostgreSQL, else under the
        # lease it takes too (a second loop, or queue workers on the same store, group
        # while this one waits for its next cycle).
        group_under_lease(store, report, settings.grouping, holder)
        fetch_images(store, settings, report.added, into=report)
        build_page_views(store, settings, report.grown)
        if on_cycle:
            on_cycle(cycle)
        stop.wait(max(1.0, seconds_until_due(store, idle_seconds)))
