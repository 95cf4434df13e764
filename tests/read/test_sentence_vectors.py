"""Sentence vectors are embedded once per article and kept, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace

import numpy as np
import pytest
from sqlalchemy import delete, select, text

from newsdesk.enrich.embed import embed_texts
from newsdesk.read import sentence_vectors as computed_vectors
from newsdesk.read.sentence_vectors import QUOTES, sentence_vectors
from newsdesk.read.sentences import body_sentences
from newsdesk.store import db
from newsdesk.store.db import Store
from newsdesk.store.models import Article, Document, SentenceVectors
from newsdesk.types import enrichment_text

HARBOUR = (
    "The harbour authority closed the northern pier on Monday after divers found cracks. "
    "Engineers expect the repairs to take at least three weeks of work. "
    "Ferry services will run from the southern terminal until the pier reopens."
)
ORCHARD = (
    "Apple growers in the valley reported the smallest harvest in twenty years. "
    "A late frost in April killed most of the blossom on the higher slopes."
)


def _add_article(session, title: str, body: str) -> Article:
    """An article with sentence spans, as enrichment would store them."""
    payload = f"{title}\n{body}".encode()
    document = Document(
        sha256=hashlib.sha256(payload).hexdigest(),
        origin=f"{title}.txt",
        content_type="text/plain",
        payload=payload,
        size=len(payload),
        status="extracted",
    )
    article = Article(document=document, ordinal=0, title=title, text=body)
    full = enrichment_text(title, body)
    article.sentences = [[m.start(), m.end()] for m in re.finditer(r"[^.]+\.", full)]
    session.add(article)
    session.flush()
    return article


def _count_embedded(monkeypatch) -> list[str]:
    embedded: list[str] = []

    def counting(texts: list[str]) -> np.ndarray:
        embedded.extend(texts)
        return embed_texts(texts)

    monkeypatch.setattr(computed_vectors, "embed_texts", counting)
    return embedded


def test_vectors_are_embedded_once_and_read_back(store: Store, monkeypatch) -> None:
    embedded = _count_embedded(monkeypatch)
    with store.session() as session:
        harbour = _add_article(session, "Pier closed", HARBOUR)
        orchard = _add_article(session, "Small harvest", ORCHARD)
    with store.session() as session:
        sentences = body_sentences(session.get(Article, harbour.id))
        sentences += body_sentences(session.get(Article, orchard.id))
        first = sentence_vectors(session, sentences)
    assert len(embedded) == len(sentences) == 5

    with store.session() as session:
        again = sentence_vectors(session, sentences)
        assert session.scalar(select(SentenceVectors.article_id).limit(1)) is not None
    assert len(embedded) == 5, "the second call embeds nothing"
    np.testing.assert_array_equal(first, again)
    exact = embed_texts([s.text for s in sentences])
    assert np.allclose(np.linalg.norm(again, axis=1), 1.0, atol=1e-5)
    assert float(np.min(np.sum(exact * again, axis=1))) > 0.999


def test_only_changed_articles_are_embedded_again(store: Store, monkeypatch) -> None:
    embedded = _count_embedded(monkeypatch)
    with store.session() as session:
        harbour = _add_article(session, "Pier closed", HARBOUR)
        orchard = _add_article(session, "Small harvest", ORCHARD)
    with store.session() as session:
        sentence_vectors(session, body_sentences(session.get(Article, harbour.id)))
    embedded.clear()
    with store.session() as session:
        # The orchard article is new to the story; the harbour article is re-extracted.
        changed = session.get(Article, harbour.id)
        changed.text = HARBOUR.replace("three weeks", "two months")
        session.flush()
        sentences = body_sentences(changed) + body_sentences(session.get(Article, orchard.id))
        vectors = sentence_vectors(session, sentences)
    assert sorted(embedded) == sorted(s.text for s in sentences)
    assert any("two months" in s for s in embedded)
    embedded.clear()
    with store.session() as session:
        np.testing.assert_array_equal(sentence_vectors(session, sentences), vectors)
    assert embedded == [], "kept from the session that had written the article"


def test_a_deleted_article_takes_its_vectors(store: Store) -> None:
    with store.session() as session:
        harbour = _add_article(session, "Pier closed", HARBOUR)
    with store.session() as session:
        sentence_vectors(session, body_sentences(session.get(Article, harbour.id)))
    with store.session() as session:
        session.execute(delete(Document))
    with store.session() as session:
        assert session.scalar(select(SentenceVectors.article_id)) is None


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
def test_a_locked_database_still_gets_its_vectors(store: Store, monkeypatch) -> None:
    monkeypatch.setattr(db, "KEEP_WAIT_MS", 50)
    with store.session() as session:
        harbour = _add_article(session, "Pier closed", HARBOUR)
    with store.session() as session:
        sentences = body_sentences(session.get(Article, harbour.id))
    # Another writer (an ingest batch) holds SQLite's write lock throughout.
    with store.engine.connect() as writer:
        writer.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            with store.session() as session:
                vectors = sentence_vectors(session, sentences)
        finally:
            writer.exec_driver_sql("ROLLBACK")
    assert vectors.shape == (3, 384) and np.all(np.linalg.norm(vectors, axis=1) > 0.99)
    with store.engine.connect() as reader:
        assert reader.execute(text("SELECT count(*) FROM sentence_vectors")).scalar() == 0


def test_vectors_for_an_article_not_yet_committed(store: Store) -> None:
    with store.session() as session:
        harbour = _add_article(session, "Pier closed", HARBOUR)
        vectors = sentence_vectors(session, body_sentences(harbour))
    assert vectors.shape == (3, 384)
    with store.session() as session:
        assert session.get(Article, harbour.id) is not None


def test_body_sentences_and_quotes_are_kept_apart(store: Store, monkeypatch) -> None:
    embedded = _count_embedded(monkeypatch)
    with store.session() as session:
        harbour = _add_article(session, "Pier closed", HARBOUR)
    with store.session() as session:
        sentences = body_sentences(session.get(Article, harbour.id))
        quotes = [replace(sentences[0], text="The pier is not safe for anyone")]
        body = sentence_vectors(session, sentences)
        said = sentence_vectors(session, quotes, part=QUOTES)
    embedded.clear()
    with store.session() as session:
        np.testing.assert_array_equal(sentence_vectors(session, sentences), body)
        np.testing.assert_array_equal(sentence_vectors(session, quotes, part=QUOTES), said)
    assert embedded == []
