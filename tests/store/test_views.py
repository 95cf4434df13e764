"""Page views are kept per story and article, replaced whole, on SQLite and PostgreSQL."""

from __future__ import annotations

from newsdesk.store.db import Store
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
