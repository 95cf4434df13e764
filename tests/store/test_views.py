"""Page views are kept per story and article, replaced whole, on SQLite and PostgreSQL, also by
two workers keeping the same one at once."""

from __future__ import annotations

import queue
import threading
import time

from sqlalchemy import select, text

from newsdesk.config import Settings
from newsdesk.store.db import Store, open_store
from newsdesk.store.models import PageView
from newsdesk.store.views import ARTICLE, STORY, keep_view, kept_versions, kept_view


def test_a_view_kept_is_read_back_and_replaced(store: Store) -> None:
    with store.session() as session:
        assert kept_view(session, STORY, 7) is None
        assert keep_view(session, STORY, 7, "v1", '{"id": 7}', with_session=True)
    with store.session() as session:
        assert kept_view(session, STORY, 7) == ("v1", '{"id": 7}')
        # Outside the pipeline, in a short transaction of its own.
        assert keep_view(session, STORY, 7, "v2", '{"id": 7, "title": "x"}')
    with store.session() as session:
        assert kept_view(session, STORY, 7) == ("v2", '{"id": 7, "title": "x"}')
        assert kept_view(session, ARTICLE, 7) is None


def test_versions_are_read_for_many_at_once(store: Store) -> None:
    with store.session() as session:
        for article_id in range(1, 1201):
            keep_view(session, ARTICLE, article_id, f"v{article_id}", "{}", with_session=True)
    with store.session() as session:
        found = kept_versions(session, ARTICLE, range(0, 1300))
    assert len(found) == 1200 and found[1] == "v1" and found[1200] == "v1200"


def test_two_workers_keeping_one_view_at_once_both_end_and_leave_one_row(
    postgres_schema_url: str,
) -> None:
    store = open_store(Settings(database_url=postgres_schema_url))
    second_pid: queue.Queue[int] = queue.Queue()
    errors: list[Exception] = []

    def second_worker() -> None:
        try:
            with store.session() as session:
                second_pid.put(session.scalar(text("SELECT pg_backend_pid()")))
                # Waits for the first worker's row, then replaces it; and goes on.
                keep_view(session, STORY, 7, "v2", '{"id": 7, "by": 2}', with_session=True)
                keep_view(session, STORY, 8, "v2", '{"id": 8}', with_session=True)
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)

    try:
        with store.session() as first:
            keep_view(first, STORY, 7, "v1", '{"id": 7, "by": 1}', with_session=True)
            worker = threading.Thread(target=second_worker)
            worker.start()
            assert _waits_for_a_lock(store, worker, second_pid), "never met the row"
        # Nothing holds the row once the first worker's transaction ends.
        worker.join()
        assert errors == []
        with store.session() as session:
            rows = session.execute(
                select(PageView.version, PageView.body).where(
                    PageView.kind == STORY, PageView.subject_id == 7
                )
            ).all()
            assert [tuple(row) for row in rows] == [("v2", '{"id": 7, "by": 2}')]
            assert kept_view(session, STORY, 8) == ("v2", '{"id": 8}')
    finally:
        store.close()


def _waits_for_a_lock(store: Store, worker: threading.Thread, pids: queue.Queue[int]) -> bool:
    """Whether the worker's backend comes to wait for a lock before the worker ends: bounded
    by the worker's progress, not by a clock (a loaded machine only makes it slower)."""
    pid = None
    while pid is None and worker.is_alive():
        try:
            pid = pids.get(timeout=0.1)
        except queue.Empty:
            continue
    if pid is None:
        return False
    with store.engine.connect() as watcher:
        while worker.is_alive():
            waiting = watcher.scalar(
                text("SELECT wait_event_type FROM pg_stat_activity WHERE pid = :pid"),
                {"pid": pid},
            )
            if waiting == "Lock":
                return True
            watcher.rollback()  # a fresh snapshot of pg_stat_activity
            time.sleep(0.1)
    return False
