"""The embedding step after grouping: what story and article pages compare is kept by
ingest, so that a page view embeds nothing, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import delete, select, update

from newsdesk.demo import ARTICLES_DIR, demo_hints
from newsdesk.pipeline import IngestReport, group_pending, ingest_paths, recluster
from newsdesk.read import sentence_vectors as read_vectors
from newsdesk.read.articles import article_summary
from newsdesk.read.coverage import story_quotes
from newsdesk.read.sentence_vectors import BODY, QUOTES, fingerprint
from newsdesk.read.sentences import body_sentences
from newsdesk.read.stories import story_view
from newsdesk.store.models import Article, SentenceVectors, Story
from newsdesk.store.sentence_vectors import kept_fingerprints
from newsdesk.types import IngestHints

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def _no_embedding(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(texts: list[str]) -> np.ndarray:
        raise AssertionError(f"embedded {len(texts)} texts that ingest should have kept")

    monkeypatch.setattr(read_vectors, "embed_texts", refuse)


def _some_texts() -> list[Path]:
    """A few of the demo's text articles: what these steps do needs no whole corpus."""
    return sorted((ARTICLES_DIR / "txt").glob("*.txt"))[:6]


def _full_articles(session) -> list[Article]:
    return list(session.scalars(select(Article).where(Article.is_stub.is_(False))))


def test_ingest_keeps_every_articles_sentence_and_quote_vectors(demo_store) -> None:
    with demo_store.session() as session:
        articles = _full_articles(session)
        bodies = {a.id: [s.text for s in body_sentences(a)] for a in articles}
        quotes: dict[int, list[str]] = {}
        for quote in story_quotes(session, articles):
            quotes.setdefault(quote.quote.article_id, []).append(quote.quote.text)
        for part, texts_of in ((BODY, bodies), (QUOTES, quotes)):
            kept = kept_fingerprints(session, part, texts_of)
            wanted = {a: fingerprint(texts) for a, texts in texts_of.items() if texts}
            assert wanted and {a: kept.get(a) for a in wanted} == wanted, part


def test_story_and_article_pages_embed_nothing_after_ingest(
    demo_store, demo_settings, monkeypatch
) -> None:
    _no_embedding(monkeypatch)
    with demo_store.session() as session:
        stories = list(session.scalars(select(Story.id)))
        assert len(stories) > 5
        for story_id in stories:
            view = story_view(session, story_id, NOW, demo_settings)
            # Articles not in English are not split into sentences yet: a story of them
            # alone has no summary to build.
            assert view.summary or all(a.translation for a in view.articles)
        for article in _full_articles(session):
            article_summary(session, article)


def test_the_step_is_counted_and_shown_and_not_repeated(store, settings, monkeypatch) -> None:
    shown: list[str] = []
    report = ingest_paths(
        store,
        _some_texts(),
        IngestHints(),
        settings,
        hints_for=demo_hints,
        on_embedded=shown.append,
    )
    with store.session() as session:
        full = len(_full_articles(session))
    assert report.embedded == len(shown) == len(set(shown)) and 0 < report.embedded <= full
    assert report.as_json()["embedded"] == report.embedded

    # Regrouping what was embedded reads the kept fingerprints and embeds nothing.
    _no_embedding(monkeypatch)
    assert recluster(store, IngestReport(), settings.grouping).embedded == 0
    again = ingest_paths(store, _some_texts(), IngestHints(), settings)
    assert again.duplicate == again.documents and again.embedded == 0


def test_an_article_regrouped_without_its_vectors_gets_them_again(
    demo_store, demo_settings
) -> None:
    store, settings = demo_store, demo_settings
    with store.session() as session:
        article_id = session.scalars(select(SentenceVectors.article_id)).first()
        assert article_id is not None
        session.execute(delete(SentenceVectors).where(SentenceVectors.article_id == article_id))
        session.execute(update(Article).where(Article.id == article_id).values(grouped_at=None))
    report = IngestReport()
    group_pending(store, report, settings.grouping)
    assert report.embedded == 1
    with store.session() as session:
        assert kept_fingerprints(session, BODY, [article_id])


def test_a_run_for_grouping_alone_leaves_them_to_the_pages(store, settings) -> None:
    report = ingest_paths(
        store, _some_texts(), IngestHints(), settings, hints_for=demo_hints, embed_sentences=False
    )
    assert report.stories > 0 and report.embedded == 0
    with store.session() as session:
        assert session.scalars(select(SentenceVectors.article_id)).first() is None
