"""Grouping by three workers at once on PostgreSQL gives one worker's stories on the demo
corpus and on ECB+ dev topics (undated: one window, the most contended case), each worker
on its own store (its own connections), the workers embedding the ECB+ articles afresh."""

from __future__ import annotations

import json
import threading
from collections.abc import Collection, Iterator
from itertools import combinations

import pytest
from sqlalchemy import func, select, update

from newsdesk.config import Settings
from newsdesk.demo import load_labels
from newsdesk.eval.stories import bcubed, headline_and_body, load_jsonl
from newsdesk.pipeline import ingest_paths
from newsdesk.pipeline.grouping import group_pending
from newsdesk.pipeline.parallel_grouping import group_in_parallel
from newsdesk.pipeline.report import IngestReport
from newsdesk.store.db import Store, open_store
from newsdesk.store.models import Article, Story
from newsdesk.store.stories import clear_stories
from newsdesk.types import IngestHints

from ..conftest import SHARED, demo_copy

ECBPLUS = SHARED / "data" / "ecbplus-dev" / "docs.jsonl"
# Three dev topics (odd: the tuning half), enriched once; each holds two events of one kind.
ECB_TOPICS = {"1", "3", "5"}
WORKERS = 3


@pytest.fixture(scope="module")
def labelled_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Settings, dict[int, str]]]:
    """A PostgreSQL copy of the demo store with ECB+ dev topics added (not grouped), and
    the gold story of each article by id."""
    if not ECBPLUS.exists():
        pytest.skip("ECB+ dev set not in ../shared/data")
    folder = tmp_path_factory.mktemp("pargroup")
    copy = demo_copy(request, "postgres", folder / "data")
    settings = next(copy)
    store = open_store(settings)
    gold = {a["title"]: a["story"] for a in load_labels()["articles"]}
    export = folder / "ecb.jsonl"
    with export.open("w", encoding="utf-8") as stream:
        for article in load_jsonl(ECBPLUS):
            if str(article.topic) in ECB_TOPICS:
                title, body = headline_and_body(article)
                url = f"urn:ecb:{article.doc_id}"
                gold[url] = f"ecb:{article.story}"
                stream.write(json.dumps({"title": title, "text": body, "url": url}) + "\n")
    ingest_paths(store, [export], IngestHints(), settings, group=False)
    with store.session() as session:
        rows = session.execute(
            select(Article.id, Article.url, Article.title).where(~Article.is_stub)
        )
        by_id = {
            row.id: gold.get(row.url or "") or gold.get(row.title, f"unlabelled:{row.id}")
            for row in rows
        }
    store.close()
    yield settings, by_id
    next(copy, None)  # drops the copy


def _placements(store: Store) -> dict[int, int | None]:
    with store.session() as session:
        rows = session.execute(select(Article.id, Article.story_id).where(~Article.is_stub))
        return {row.id: row.story_id for row in rows}


def _corpus(label: str) -> str:
    return "ecb" if label.startswith("ecb:") else "demo"


def _scores(placed: dict[int, int | None], gold: dict[int, str]) -> dict[str, float]:
    scores = {}
    for corpus in ("demo", "ecb"):
        ids = [i for i in gold if _corpus(gold[i]) == corpus]
        scores[corpus] = bcubed([gold[i] for i in ids], [placed[i] or -1 for i in ids])[2]
    return scores


def _split(alone: dict[int, int | None], together: dict[int, int | None]) -> int:
    """Pairs of articles one worker put in one story and three workers put apart."""
    members: dict[int | None, list[int]] = {}
    for article, story in alone.items():
        members.setdefault(story, []).append(article)
    return sum(
        1
        for group in members.values()
        for a, b in combinations(group, 2)
        if together[a] != together[b]
    )


def _forget_stories(store: Store, *, vectors_of: Collection[int] = ()) -> None:
    with store.session() as session:
        clear_stories(session)
        if vectors_of:
            session.execute(
                update(Article)
                .where(Article.id.in_(list(vectors_of)))
                .values(embedding=None, embedding_multilingual=None)
            )


def test_three_workers_group_as_one(labelled_store: tuple[Settings, dict[int, str]]) -> None:
    settings, gold = labelled_store
    store = open_store(settings)
    try:
        _forget_stories(store)
        group_pending(store, IngestReport(), settings.grouping, embed_sentences=False)
        alone = _placements(store)
        # The workers embed the ECB+ articles themselves: their vectors (both models')
        # must group as the one worker's did. The demo's are kept (embedding them all
        # again was a third of this test's time).
        _forget_stories(store, vectors_of=[i for i in gold if _corpus(gold[i]) == "ecb"])
        reports = [IngestReport() for _ in range(WORKERS)]
        failures: list[BaseException] = []

        def worker(report: IngestReport) -> None:
            own = open_store(settings, migrate_schema=False)  # migrated; alembic is not thread-safe
            try:
                group_in_parallel(own, report, settings.grouping, embed_sentences=False)
            except BaseException as error:  # re-raised in the test thread
                failures.append(error)
            finally:
                own.close()

        threads = [threading.Thread(target=worker, args=(r,)) for r in reports]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not failures, failures
        together = _placements(store)
        with store.session() as session:
            articles = session.scalar(select(func.count(Article.id)).where(~Article.is_stub))
            sizes = session.scalar(select(func.sum(Story.size)))
            ungrouped = session.scalar(
                select(func.count(Article.id)).where(Article.grouped_at.is_(None))
            )
            unembedded = session.scalar(
                select(func.count(Article.id)).where(
                    Article.embedding.is_(None) | Article.embedding_multilingual.is_(None)
                )
            )
    finally:
        store.close()
    scores_alone, scores_together = _scores(alone, gold), _scores(together, gold)
    split = {
        corpus: _split({i: s for i, s in alone.items() if _corpus(gold[i]) == corpus}, together)
        for corpus in ("demo", "ecb")
    }
    print(
        f"B-cubed F1, one worker {scores_alone}, {WORKERS} workers {scores_together}; "
        f"pairs one worker joined and {WORKERS} split: {split}; "
        f"stories {len(set(alone.values()))} and {len(set(together.values()))}"
    )
    # Each article in one story, counted once: none placed twice, no story lost; every
    # article (stubs too) with both vectors, as the one-worker path makes them.
    assert None not in together.values() and ungrouped == 0
    assert sizes == articles
    assert unembedded == 0
    # The work was shared: more than one worker placed articles.
    assert sum(1 for r in reports if r.grown) > 1
    for corpus in ("demo", "ecb"):
        assert abs(scores_together[corpus] - scores_alone[corpus]) <= 0.01, corpus
    # No story split by a race: what one worker put together, three did too.
    assert split == {"demo": 0, "ecb": 0}
