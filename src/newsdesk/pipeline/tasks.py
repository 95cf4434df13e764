"""Distributed mode: the Celery app, its jobs, and `newsdesk worker` with a broker.

Any number of workers on any machines share one broker (Redis or RabbitMQ) and one
PostgreSQL. Jobs are acknowledged only when done (acks_late) and handed back when a
worker dies (reject_on_worker_lost; Redis's visibility timeout), so a killed worker
loses nothing; ingest is idempotent by the document's SHA-256, so a job run twice
stores nothing twice. A lease per feed keeps each source with one fetcher at a time,
and a lease on grouping keeps story grouping, which is sequential, in one place; each
grouping pass queues the views step for the stories it grew, which any worker runs.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import os
import socket
import threading
import uuid
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from celery import Celery
from sqlalchemy import select

from newsdesk.config import Settings
from newsdesk.errors import ConfigError
from newsdesk.fetch.client import Fetcher
from newsdesk.ingest.files import InputItem, sha256_of
from newsdesk.pipeline import IngestReport, enrich_pending, ingest_item
from newsdesk.pipeline.fetching import claim_due_feeds, fetch_feed
from newsdesk.pipeline.grouping import group_under_lease
from newsdesk.pipeline.images import fetch_images
from newsdesk.pipeline.report import ignore
from newsdesk.pipeline.views import build_page_views
from newsdesk.pipeline.websub import ingest_pushed
from newsdesk.store.db import Store, open_store
from newsdesk.store.documents import find_document_by_sha, hints_from_json, hints_to_json
from newsdesk.store.models import Article, utcnow
from newsdesk.store.sources import release_lease, take_lease
from newsdesk.types import RawDocument

FETCH = "fetch"
PIPELINE = "pipeline"
SWEEP_LEASE = timedelta(minutes=10)
# Articles still unenriched this long after ingest were missed (a pushed entry, a
# crash between commits): a sweep enriches them.
STRAGGLER_AGE = timedelta(minutes=5)
# Stories whose pages one views job builds.
VIEWS_PER_JOB = 20
log = logging.getLogger("newsdesk.worker")


def queue_name(settings: Settings, kind: str) -> str:
    """The broker queue for `kind` (fetch or pipeline) under the configured prefix."""
    return f"{settings.queue}.{kind}"


def make_celery(settings: Settings) -> Celery:
    """The Celery app on the settings' broker, with newsdesk's jobs registered; ConfigError
    when no broker is set."""
    if not settings.broker_url:
        raise ConfigError("distributed mode needs NEWSDESK_BROKER_URL")
    app = Celery("newsdesk", broker=settings.broker_url, set_as_current=False)
    transport: dict[str, Any] = {"visibility_timeout": settings.broker_visibility_timeout}
    if settings.broker_url.startswith(("redis://", "rediss://")):
        transport.update(
            # Keys under the queue prefix: several deployments (or test runs) share a server.
            global_keyprefix=f"{settings.queue}:",
            unacked_restore_interval=max(1, min(10, settings.broker_visibility_timeout // 4)),
            unacked_restore_throttle=1,
            # A worker killed inside a restore sweep leaves its mutex held: kombu's 300 s
            # default then stops every survivor from handing back a dead worker's jobs.
            unacked_mutex_expire=max(5, min(300, settings.broker_visibility_timeout)),
        )
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_ignore_result=True,
        task_serializer="json",
        accept_content=["json"],
        broker_transport_options=transport,
        broker_connection_retry_on_startup=True,
        task_default_queue=queue_name(settings, PIPELINE),
        task_routes={"newsdesk.fetch_feed": {"queue": queue_name(settings, FETCH)}},
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
    )
    _register(app, settings)
    return app


def _register(app: Celery, settings: Settings) -> None:
    stores: dict[int, Store] = {}

    def store() -> Store:
        # One store per process: prefork children must not share the parent's connections.
        pid = os.getpid()
        if pid not in stores:
            stores[pid] = open_store(settings, migrate_schema=False)
        return stores[pid]

    # Not shared: each app's jobs close over its own settings, and a shared job would hand
    # an app made later in the process (another store's) the first app's.
    @app.task(name="newsdesk.fetch_feed", bind=True, shared=False)
    def fetch_feed_job(self: Any, feed_id: int) -> str:
        lease = f"feed:{feed_id}"
        holder = str(self.request.id)
        ttl = timedelta(seconds=max(60.0, settings.fetch.timeout_seconds * 10))
        if not take_lease(store(), lease, holder, ttl):
            return "busy"  # another worker is fetching this source right now

        def deliver(item: InputItem) -> bool:
            send_document(app, settings, item.document)  # type: ignore[arg-type]
            return True

        try:
            report = asyncio.run(_fetch_one(store(), feed_id, settings, deliver))
        finally:
            release_lease(store(), lease, holder)
        log.info("source %s: %s", feed_id, report)
        return report

    @app.task(name="newsdesk.ingest_document", shared=False)
    def ingest_document_job(
        payload: str, origin: str, content_type: str, hints: dict[str, Any]
    ) -> int:
        raw = RawDocument(base64.b64decode(payload), origin, content_type, hints_from_json(hints))
        report = IngestReport()
        ingest_item(store(), InputItem(origin, raw), report, ignore)
        # A redelivered job finds its document stored: it enriches what is still not.
        with store().session() as session:
            document = find_document_by_sha(session, sha256_of(raw.payload))
            pending = [a.id for a in document.articles if a.enriched_at is None] if document else []
            articles = [a.id for a in document.articles if not a.is_stub] if document else []
        if pending:
            enrich_pending(store(), report, article_ids=pending)
        # Queued documents are fetched ones: their lead images are fetched here (once each;
        # a redelivered job finds them tried).
        fetch_images(store(), settings, articles)
        # Grouping is left to the scheduler's tick: one pass over many articles batches
        # their embeddings, where a pass per document would queue hundreds of tiny jobs.
        return report.new

    @app.task(name="newsdesk.websub_push", shared=False)
    def websub_push_job(feed_id: int, payload: str, charset: str | None) -> int:
        # The web process acknowledged the hub at once; the entries are read here.
        report = ingest_pushed(
            store(), feed_id, base64.b64decode(payload), settings, charset=charset
        )
        if report.added:
            enrich_pending(store(), report, article_ids=report.added)
            # Pushed entries come from a configured source, as fetched ones do.
            fetch_images(store(), settings, report.added)
        return report.new

    @app.task(name="newsdesk.group", bind=True, shared=False)
    def group_job(self: Any) -> str:
        # On PostgreSQL runs group at once, each article claimed and placed under locks
        # (pipeline/parallel_grouping.py). Otherwise (SQLite, or NEWSDESK_GROUPING_PARALLEL=0)
        # each run holds the lease under its own name, renewed before every batch: a copy
        # of the job delivered again while this one still runs (a pass longer than the
        # broker's visibility timeout) finds it held, and a dead holder's lease expires
        # within GROUPING_LEASE. A pass that finds its lease taken stops after its batch.
        holder = f"{self.request.id}:{uuid.uuid4().hex[:8]}"
        report = IngestReport()
        if not group_under_lease(store(), report, settings.grouping, holder, enriched_only=True):
            return "busy"  # the holder, or the next scheduler tick, groups what is left
        send_page_views(app, settings, report.grown)
        return "grouped"

    @app.task(name="newsdesk.build_views", shared=False)
    def build_views_job(story_ids: list[int]) -> int:
        # Any worker may build them, beside the one grouping: a view is built from what
        # is committed, and one built twice is kept once (the later replaces it).
        return build_page_views(store(), settings, story_ids)

    @app.task(name="newsdesk.sweep", bind=True, shared=False)
    def sweep_job(self: Any) -> int:
        holder = str(self.request.id)
        if not take_lease(store(), "sweep", holder, SWEEP_LEASE):
            return 0
        try:
            cutoff = utcnow() - STRAGGLER_AGE
            with store().session() as session:
                ids = list(
                    session.scalars(
                        select(Article.id)
                        .where(Article.enriched_at.is_(None), Article.created_at <= cutoff)
                        .limit(500)
                    )
                )
            if ids:
                enrich_pending(store(), IngestReport(), article_ids=ids)
            return len(ids)
        finally:
            release_lease(store(), "sweep", holder)


async def _fetch_one(store: Store, feed_id: int, settings: Settings, deliver: Any) -> str:
    async with Fetcher(settings.fetch, settings.max_input_bytes) as fetcher:
        report = await fetch_feed(store, fetcher, feed_id, settings, deliver)
    return f"{report.outcome} ({report.new_documents} documents)"


def send_document(app: Celery, settings: Settings, raw: RawDocument) -> None:
    """Queue one raw document for the pipeline (any worker ingests and enriches it)."""
    app.send_task(
        "newsdesk.ingest_document",
        args=[
            base64.b64encode(raw.payload).decode("ascii"),
            raw.origin,
            raw.content_type,
            hints_to_json(raw.hints),
        ],
        queue=queue_name(settings, PIPELINE),
    )


def send_push(
    app: Celery, settings: Settings, feed_id: int, body: bytes, charset: str | None
) -> None:
    """Queue one signed WebSub push for the pipeline: a worker reads and ingests it."""
    app.send_task(
        "newsdesk.websub_push",
        args=[feed_id, base64.b64encode(body).decode("ascii"), charset],
        queue=queue_name(settings, PIPELINE),
    )


def send_page_views(app: Celery, settings: Settings, story_ids: Iterable[int]) -> None:
    """Queue the views step for these stories (grown by a grouping pass), a few a job, so
    that several workers share a big pass and each story's pages are ready soon after."""
    ordered = sorted(set(story_ids))
    for first in range(0, len(ordered), VIEWS_PER_JOB):
        app.send_task(
            "newsdesk.build_views",
            args=[ordered[first : first + VIEWS_PER_JOB]],
            queue=queue_name(settings, PIPELINE),
        )


def schedule_loop(app: Celery, settings: Settings, stop: threading.Event, tick: float) -> None:
    """Every `tick` seconds: queue the feeds that fell due (each claimed by exactly one
    scheduler, however many workers run one), a grouping pass and a straggler sweep."""
    store = open_store(settings, migrate_schema=False)
    try:
        while True:
            try:
                for feed_id in claim_due_feeds(store, utcnow()):
                    app.send_task(
                        "newsdesk.fetch_feed", args=[feed_id], queue=queue_name(settings, FETCH)
                    )
                app.send_task("newsdesk.group", queue=queue_name(settings, PIPELINE))
                app.send_task("newsdesk.sweep", queue=queue_name(settings, PIPELINE))
            except Exception:  # a broker or database blip: log it, try again next tick
                log.exception("scheduler tick failed")
            if stop.wait(tick):
                return
    finally:
        store.close()


def run_worker(
    settings: Settings, *, concurrency: int = 1, queues: str | None = None, tick: float = 30.0
) -> None:
    """Run a Celery worker on the settings' broker, with a scheduler thread beside it."""
    open_store(settings).close()  # migrate once, before any job needs the schema
    app = make_celery(settings)
    stop = threading.Event()
    scheduler = threading.Thread(
        target=schedule_loop, args=(app, settings, stop, tick), daemon=True, name="scheduler"
    )
    scheduler.start()
    kinds = [k.strip() for k in (queues or f"{FETCH},{PIPELINE}").split(",") if k.strip()]
    argv = [
        "worker",
        f"--concurrency={max(1, concurrency)}",
        # One job at a time needs no child processes: a solo worker is one process.
        "--pool=solo" if concurrency <= 1 else "--pool=prefork",
        "--queues=" + ",".join(queue_name(settings, k) for k in kinds),
        f"--hostname=newsdesk-{os.getpid()}@{socket.gethostname()}",
        "--without-gossip",
        "--without-mingle",
        "--loglevel=INFO",
    ]
    try:
        app.worker_main(argv)
    finally:
        stop.set()
