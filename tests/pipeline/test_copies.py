"""Syndicated copies folded in the store, and stubs linked to the articles they tease."""

from __future__ import annotations

from sqlalchemy import select

from newsdesk.demo import load_labels
from newsdesk.pipeline import reprocess
from newsdesk.read.articles import article_view
from newsdesk.store.models import Article


def _canonical_groups(store) -> dict[str, str]:
    """Title of each article -> title of its canonical copy (itself when it is one)."""
    with store.session() as session:
        articles = list(session.scalars(select(Article).where(Article.is_stub.is_(False))))
        by_id = {a.id: a for a in articles}
        return {a.title: by_id[a.duplicate_of_id or a.id].title for a in articles}


def test_demo_copies_fold_and_stubs_link_to_their_articles(demo_store, demo_settings) -> None:
    store, settings = demo_store, demo_settings
    labels = {a["id"]: a for a in load_labels()["articles"]}
    expected = {
        a["title"]: labels[a["copy_of"]]["title"] if a["copy_of"] else a["title"]
        for a in labels.values()
    }
    assert _canonical_groups(store) == expected
    with store.session() as session:
        copies = session.scalars(
            select(Article.id).where(
                Article.duplicate_of_id.is_not(None), Article.is_stub.is_(False)
            )
        ).all()
    assert len(copies) == sum(1 for a in labels.values() if a["copy_of"])
    # Folding is stable: reprocessing every article gives the same groups.
    reprocess(store, settings, reenrich_all=True)
    assert _canonical_groups(store) == expected
    _assert_stubs_link_to_their_articles(store)
    _assert_copies_credit_their_wire_and_list_each_other(store, labels)


def _assert_stubs_link_to_their_articles(store) -> None:
    with store.session() as session:
        stubs = list(session.scalars(select(Article).where(Article.is_stub.is_(True))))
        full = {
            (a.outlet_id, a.title)
            for a in session.scalars(select(Article).where(Article.is_stub.is_(False)))
        }
        for stub in stubs:
            if (stub.outlet_id, stub.title) in full:
                target = session.get(Article, stub.duplicate_of_id)
                assert target is not None and target.title == stub.title, stub.title
            else:
                assert stub.duplicate_of_id is None
        assert sum(s.duplicate_of_id is not None for s in stubs) >= 8


def _assert_copies_credit_their_wire_and_list_each_other(store, labels) -> None:
    copy = next(a for a in labels.values() if a["copy_of"] and a["wire_service"])
    group = {
        a["outlet"]
        for a in labels.values()
        if a["id"] == copy["copy_of"] or a["copy_of"] == copy["copy_of"]
    }
    with store.session() as session:
        article = session.scalar(select(Article).where(Article.title == copy["title"]))
        record = article_view(session, article.id, summary=False).model_dump()
    assert record["credit"] == f"{copy['wire_service']}, via {copy['outlet']}"
    assert {c["outlet"] for c in record["also_published_by"]} == group - {copy["outlet"]}
    assert record["story_id"] is not None
