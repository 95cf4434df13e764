"""The grouping stage in batches: a pass stops when grouping is no longer its to do."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from newsdesk.demo import ARTICLES_DIR, demo_hints
from newsdesk.enrich.embed import DIMENSIONS, MULTILINGUAL_DIMENSIONS
from newsdesk.errors import VectorModelMismatch
from newsdesk.pipeline import IngestReport, group_pending, ingest_paths
from newsdesk.pipeline.grouping import group_under_lease, recluster
from newsdesk.read.article_vectors import CURRENT_MODELS, clear_vector_cache
from newsdesk.read.search import search
from newsdesk.store.models import Article
from newsdesk.store.sources import release_lease, take_lease
from newsdesk.store.vectors import ARTICLE, record_model, recorded_models
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
    for number in range(2):
        (tmp_path / f"report{number}.txt").write_text(
            f"Harbour crane toppled {number}\n\nA crane fell onto the quay at dawn on "
            "Tuesday, the port authority said, and no one was hurt.\n",
            encoding="utf-8",
        )
    ingest_paths(store, [tmp_path], IngestHints(source="Port Daily"), settings, group=False)
    # The lease path, as SQLite always runs it and PostgreSQL when told not to run parallel.
    under_lease = replace(settings.grouping, parallel=False)
    assert take_lease(store, "grouping", "another worker", timedelta(minutes=1))

    assert not group_under_lease(store, IngestReport(), under_lease, "this loop")
    assert _grouped(store) == (0, 2)

    release_lease(store, "grouping", "another worker")
    assert group_under_lease(store, IngestReport(), under_lease, "this loop")
    assert _grouped(store) == (2, 2)
    # and it gave the lease back when done
    assert take_lease(store, "grouping", "another worker", timedelta(minutes=1))


def test_postgresql_groups_beside_the_lease_by_default(store, settings, tmp_path) -> None:
    (tmp_path / "report.txt").write_text(
        "Ferry delayed by fog\n\nThe morning ferry left two hours late on Monday after "
        "fog closed the harbour mouth, the operator said.\n",
        encoding="utf-8",
    )
    ingest_paths(store, [tmp_path], IngestHints(source="Port Daily"), settings, group=False)
    assert take_lease(store, "grouping", "another worker", timedelta(minutes=1))
    # PostgreSQL groups in parallel (claims and locks, no lease); SQLite, one writer,
    # waits for the lease.
    parallel = store.engine.dialect.name == "postgresql"
    assert settings.grouping.parallel
    assert group_under_lease(store, IngestReport(), settings.grouping, "this loop") == parallel
    assert _grouped(store) == ((1, 1) if parallel else (0, 1))


def test_vectors_of_another_model_say_so_until_reclustered(store, settings, tmp_path) -> None:
    report = tmp_path / "report.txt"
    report.write_text(
        "Ferries resume on the bay\n\nThe harbour authority said ferries resumed their "
        "timetable on Monday after the storm, with the first boat leaving at six.\n",
        encoding="utf-8",
    )
    ingest_paths(store, [report], IngestHints(), settings)
    with store.session() as session:
        record_model(session, ARTICLE, "an-older-model")
    clear_vector_cache()
    with store.session() as session, pytest.raises(VectorModelMismatch, match="newsdesk recluster"):
        search(session, "ferries", mode="semantic")
    later = tmp_path / "later.txt"
    later.write_text("Ferries full again\n\nThe first weekend brought crowds.\n", encoding="utf-8")
    with pytest.raises(VectorModelMismatch, match="an-older-model"):
        ingest_paths(store, [later], IngestHints(), settings)
    recluster(store, IngestReport(), settings.grouping)
    with store.session() as session:
        assert recorded_models(session) == CURRENT_MODELS
        articles = list(session.scalars(select(Article)))
        assert articles and all(len(a.embedding) == DIMENSIONS * 4 for a in articles)
        assert all(len(a.embedding_multilingual) == MULTILINGUAL_DIMENSIONS * 4 for a in articles)
        assert search(session, "ferries", mode="semantic").hits
