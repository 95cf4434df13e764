"""The grouping stage in batches: a pass stops when grouping is no longer its to do."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from newsdesk.demo import ARTICLES_DIR, demo_hints
from newsdesk.pipeline import IngestReport, group_pending, ingest_paths
from newsdesk.pipeline.grouping import group_under_lease
from newsdesk.store.models import Article
from newsdesk.store.sources import release_lease, take_lease
from newsdesk.types import IngestHints


def _grouped(store) -> tuple[int, int]:
    with store.session() as session:
        full = select(func.count(Article.id)).where(Article.is_stub.is_(False))
        done = session.scalar(full.where(Article.grouped_at.is_not(None))) or 0
        return done, session.scalar(full) or 0


def test_a_pass_that_loses_its_lease_stops_after_its_batch(store, settings) -> None:
    ingest_paths(
        store, [ARTICLES_DIR / "txt"], IngestHints(), settings, hints_for=demo_hints, group=False
    )
    assert _grouped(store)[0] == 0
    answers = iter([True, True, False])
    asked = []

    def still_mine() -> bool:
        asked.append(True)
        return next(answers)

    group_pending(store, IngestReport(), settings.grouping, batch_size=3, still_mine=still_mine)
    done, total = _grouped(store)
    assert len(asked) == 3 and done == 6 and total > 6

    group_pending(store, IngestReport(), settings.grouping, batch_size=3)
    assert _grouped(store) == (total, total)


def test_grouping_is_left_to_the_process_that_holds_the_lease(store, settings, tmp_path) -> None:
    if store.engine.dialect.name == "postgresql":
        pytest.skip("on PostgreSQL grouping takes no lease: see test_parallel_grouping.py")
    for number in range(2):
        (tmp_path / f"report{number}.txt").write_text(
            f"Harbour crane toppled {number}\n\nA crane fell onto the quay at dawn on "
            "Tuesday, the port authority said, and no one was hurt.\n",
            encoding="utf-8",
        )
    ingest_paths(store, [tmp_path], IngestHints(source="Port Daily"), settings, group=False)
    assert take_lease(store, "grouping", "another worker", timedelta(minutes=1))

    assert not group_under_lease(store, IngestReport(), settings.grouping, "this loop")
    assert _grouped(store) == (0, 2)

    release_lease(store, "grouping", "another worker")
    assert group_under_lease(store, IngestReport(), settings.grouping, "this loop")
    assert _grouped(store) == (2, 2)
    # and it gave the lease back when done
    assert take_lease(store, "grouping", "another worker", timedelta(minutes=1))
