"""Enrichment inside the pipeline, stored and shown, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
from sqlalchemy import func, select

from newsdesk.enrich.embed import from_bytes
from newsdesk.enrich.speakers import NAMED, PRONOUN
from newsdesk.pipeline import ingest_paths, reprocess
from newsdesk.read.articles import article_view
from newsdesk.read.entities import entity_rows, find_entities
from newsdesk.store.models import Article, Entity, Event, Mention, Quote
from newsdesk.types import IngestHints
from tests.conftest import SEEDS

PUBLISHED = datetime(2024, 1, 17, tzinfo=UTC)


def _record(store, title_start: str) -> dict:
    with store.session() as session:
        article = session.scalar(select(Article).where(Article.title.startswith(title_start)))
        return article_view(session, article.id, summary=False).model_dump()


def test_seeds_are_enriched_and_their_people_resolved_across_articles(store, settings) -> None:
    report = ingest_paths(store, [SEEDS], IngestHints(published=PUBLISHED), settings)
    assert report.enriched == 5 and report.enrich_failed == 0
    capture = _record(store, "Russia warns")
    assert capture["language"] == "en" and capture["sentences"] > 10
    names = {e["name"] for e in capture["entities"] if e["type"] == "PERSON"}
    assert any("Lavrov" in n for n in names)
    warn = next(q for q in capture["quotes"] if q["text"].startswith("We warn against"))
    assert "Lavrov" in warn["speaker"]
    assert any("Tass" in a for a in warn["attribution"])
    with store.session() as session:
        found = find_entities(session, "Sergei Lavrov")
        assert len(found) == 1
        lavrov, articles = found[0]
        assert articles == 2, "one Lavrov across both seeds"
        assert {"Sergei Lavrov", "Sergey Lavrov"} <= {a.alias for a in lavrov.aliases}
        assert entity_rows(session, limit=5)
        # Each quote is stored with how surely its speaker was found: "he said" after
        # Lavrov spoke is a pronoun's confidence, below a named subject's.
        stored = {q.text: q for q in session.scalars(select(Quote))}
        warned = next(q for t, q in stored.items() if t.startswith("We warn against"))
        assert PRONOUN <= warned.confidence < NAMED
        assert any(q.confidence == NAMED for q in stored.values())


def test_seed_000_dates_and_warnings(store, settings) -> None:
    ingest_paths(
        store, [SEEDS / "000_6097e309b78d2792.txt"], IngestHints(published=PUBLISHED), settings
    )
    record = _record(store, "Russian Foreign Minister Sergei Lavrov met")
    dates = {(e["expression"], e["date"], e["precision"]) for e in record["events"]}
    assert ("the 16th", "2024-01-16", "day") in dates or (
        "on the 16th",
        "2024-01-16",
        "day",
    ) in dates
    assert any(d == "2023-09" and p == "month" for _, d, p in dates)
    # The read record carries each event's stored date confidence, not a default.
    with store.session() as session:
        stored = sorted(e.confidence for e in session.scalars(select(Event)))
    shown = sorted(e["confidence"] for e in record["events"])
    assert shown == stored and all(c is not None and 0 < c <= 1 for c in shown)
    kinds = {w["kind"] for w in record["warnings"]}
    assert {"malformed_number", "dangling_reference", "name_variants"} <= kinds
    grateful = next(q for q in record["quotes"] if q["text"].startswith("I am grateful"))
    assert "Lavrov" in grateful["speaker"]


def test_dates_resolve_when_a_publication_date_arrives_later(store, settings, tmp_path) -> None:
    seed = (SEEDS / "000_6097e309b78d2792.txt").read_bytes()
    (tmp_path / "undated.txt").write_bytes(seed)
    ingest_paths(store, [tmp_path], IngestHints(), settings)
    before = _record(store, "Russian Foreign Minister Sergei Lavrov met")
    assert before["events"] and all(e["date"] is None for e in before["events"])
    assert all(e["precision"] == "unresolved" for e in before["events"])
    again = ingest_paths(store, [tmp_path], IngestHints(published=PUBLISHED), settings)
    assert (again.new, again.duplicate) == (0, 1)
    after = _record(store, "Russian Foreign Minister Sergei Lavrov met")
    assert any(e["date"] == "2024-01-16" for e in after["events"])


def test_reenrichment_replaces_rather_than_adds(store, settings) -> None:
    ingest_paths(store, [SEEDS], IngestHints(published=PUBLISHED), settings)
    with store.session() as session:
        mentions = session.scalar(select(func.count(Mention.id)))
        entities = session.scalar(select(func.count(Entity.id)))
    reprocess(store, settings, reenrich_all=True)
    with store.session() as session:
        assert session.scalar(select(func.count(Mention.id))) == mentions
        assert session.scalar(select(func.count(Entity.id))) == entities


def test_the_seeds_name_one_foreign_minister_under_three_spellings(store, settings) -> None:
    # Issue 12, item 5: seed 000 as published on 17 January 2024, seed 003 on 12 July 2025.
    for seed, published in (
        ("000_6097e309b78d2792.txt", datetime(2024, 1, 17, tzinfo=UTC)),
        ("003_53dc6bc4e3217d5a.txt", datetime(2025, 7, 12, tzinfo=UTC)),
    ):
        ingest_paths(store, [SEEDS / seed], IngestHints(published=published), settings)
    spellings = {"Choi So-hee", "Choi Soni", "Choe Son Hui"}
    with store.session() as session:
        holders = [
            e
            for e in session.scalars(select(Entity))
            if spellings & {a.alias for a in e.aliases} or e.name in spellings
        ]
        assert len(holders) == 1, [(e.name, e.label) for e in holders]
        (minister,) = holders
        assert minister.label == "PERSON"
        assert spellings <= {a.alias for a in minister.aliases}
        assert any("Foreign Minister" in r.role for r in minister.roles)
        articles = set(
            session.scalars(select(Mention.article_id).where(Mention.entity_id == minister.id))
        )
        assert len(articles) == 2


def _enriched_rows(store) -> list[tuple]:
    with store.session() as session:
        mentions = session.execute(
            select(Article.title, Mention.text, Mention.label, Mention.start, Entity.name)
            .join(Mention, Mention.article_id == Article.id)
            .outerjoin(Entity, Entity.id == Mention.entity_id)
        ).all()
        quotes = session.execute(
            select(Article.title, Quote.text, Quote.kind, Quote.speaker_text).join(
                Quote, Quote.article_id == Article.id
            )
        ).all()
        events = session.execute(
            select(Article.title, Event.expression, Event.date).join(
                Event, Event.article_id == Article.id
            )
        ).all()
    return sorted(map(tuple, mentions + quotes + events), key=repr)


def test_two_enriching_processes_store_what_one_does(tmp_path) -> None:
    from newsdesk.config import Settings
    from newsdesk.demo import ARTICLES_DIR, demo_hints
    from newsdesk.pipeline import IngestReport, enrich_pending
    from newsdesk.store.db import open_store

    found, vectors = [], []
    for jobs in (1, 2):
        settings = Settings(data_dir=tmp_path / f"jobs-{jobs}")
        store = open_store(settings)
        paths = [ARTICLES_DIR / "txt"]
        ingest_paths(store, paths, IngestHints(), settings, hints_for=demo_hints, enrich=False)
        enriched: list[str] = []
        report = enrich_pending(
            store, IngestReport(), batch_size=4, jobs=jobs, on_article=enriched.append
        )
        assert report.enrich_failed == 0 and report.enriched > 10
        assert len(enriched) == len(set(enriched)) == report.enriched + report.enrich_skipped
        found.append(_enriched_rows(store))
        # Made beside the NLP, so that grouping, in one process, only compares them.
        with store.session() as session:
            made = session.execute(
                select(Article.id, Article.embedding, Article.embedding_multilingual)
                .where(~Article.is_stub)
                .order_by(Article.id)
            ).all()
        assert made and all(english and across for _, english, across in made)
        vectors.append(made)
        store.close()
    assert found[0] and found[0] == found[1]
    for one, two in zip(*vectors, strict=True):
        assert one[0] == two[0]
        assert np.allclose(from_bytes(one[1]), from_bytes(two[1]), atol=1e-5)
        assert np.allclose(from_bytes(one[2]), from_bytes(two[2]), atol=1e-5)


def test_an_article_whose_save_collides_with_another_worker_is_saved_again(
    store, settings, monkeypatch
) -> None:
    # Two workers adding one spelling to one entity at once: PostgreSQL refuses the second
    # insert (unique violation, 23505) and the article's transaction must run again, not
    # leave the article unenriched until the sweep.
    from psycopg.errors import UniqueViolation
    from sqlalchemy.exc import IntegrityError

    from newsdesk.pipeline import enrichment
    from newsdesk.pipeline.report import IngestReport

    seed = sorted(SEEDS.glob("003_*.txt"))[0]
    ingest_paths(store, [seed], IngestHints(published=PUBLISHED), settings, group=False)
    with store.session() as session:
        article = session.scalar(select(Article).where(~Article.is_stub))
        article.enriched_at = None
        article_id = article.id
    calls = []
    save = enrichment.save_enrichment

    def colliding(session, article, outcome) -> None:
        calls.append(article.id)
        if len(calls) == 1:
            save(session, article, outcome)  # written, then refused at commit: rolled back
            raise IntegrityError("INSERT INTO entity_aliases", {}, UniqueViolation("taken"))
        save(session, article, outcome)

    monkeypatch.setattr(enrichment, "save_enrichment", colliding)
    report = enrichment.enrich_pending(store, IngestReport())
    assert calls == [article_id, article_id]
    assert (report.enriched, report.enrich_failed) == (1, 0)
    with store.session() as session:
        assert session.get_one(Article, article_id).enriched_at is not None
        # Saved once: the refused attempt left no second set of mentions behind.
        spans = session.execute(
            select(Mention.start, Mention.end).where(Mention.article_id == article_id)
        ).all()
    assert spans and len(spans) == len(set(spans))
