"""The article read model: its quotes carry what the store holds."""

from __future__ import annotations

from sqlalchemy import select

from newsdesk.read.articles import article_view
from newsdesk.read.records import ArticleView
from newsdesk.store.models import Quote


def test_article_quotes_carry_their_stored_confidence(shared_demo_store) -> None:
    with shared_demo_store.session() as session:
        quotes = list(session.scalars(select(Quote).order_by(Quote.article_id, Quote.start)))
        assert quotes
        # An article whose speakers were found with differing certainty, if the demo has one.
        by_article: dict[int, set[float]] = {}
        for q in quotes:
            by_article.setdefault(q.article_id, set()).add(q.confidence)
        article_id = max(by_article, key=lambda a: len(by_article[a]))
        view = article_view(session, article_id, embed=False, summary=False)
        stored = [q for q in quotes if q.article_id == article_id]
    # Two quotes may open at one place (a quote and the quote inside it): compare as sets.
    assert sorted((q.span, q.confidence) for q in view.quotes) == sorted(
        ((q.start, q.end), q.confidence) for q in stored
    )
    assert len({q.confidence for q in view.quotes}) > 1
    assert all(0.0 <= q.confidence <= 1.0 for q in view.quotes)


def test_quote_confidence_is_in_the_api_schema() -> None:
    quote = ArticleView.model_json_schema()["$defs"]["ArticleQuote"]
    assert quote["properties"]["confidence"]["type"] == "number"
    assert "confidence" in quote["required"]
