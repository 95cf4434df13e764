"""Page views kept per story, article, entity and front page, as stored text: read, and replaced.

What a view holds and which version of its inputs is current is the read layer's
(read/views.py); this module only keeps the rows.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from newsdesk.store.db import insert_or_update, write_aside
from newsdesk.store.models import PageView, utcnow

STORY = "story"
ARTICLE = "article"
ENTITY = "entity"
# The front page: `subject_id` is the page number.
FRONT = "front"


def kept_view(reader: Session | Connection, kind: str, subject_id: int) -> tuple[str, str] | None:
    """(version, body) of the view kept for one story, article, entity or front page, None
    when none is."""
    row = reader.execute(
        select(PageView.version, PageView.body).where(
            PageView.kind == kind, PageView.subject_id == subject_id
        )
    ).first()
    return None if row is None else (row.version, row.body)


def kept_versions(session: Session, kind: str, subject_ids: Iterable[int]) -> dict[int, str]:
    """The version of the view kept for each of these subjects (stories, articles, entities
    or front pages) that has one."""
    ids = list(subject_ids)
    found: dict[int, str] = {}
    # In chunks: a big story has more articles than one statement may bind.
    for first in range(0, len(ids), 500):
        rows = session.execute(
            select(PageView.subject_id, PageView.version).where(
                PageView.kind == kind, PageView.subject_id.in_(ids[first : first + 500])
            )
        )
        found.update((subject_id, version) for subject_id, version in rows)
    return found


def keep_view(
    session: Session,
    kind: str,
    subject_id: int,
    version: str,
    body: str,
    *,
    with_session: bool = False,
) -> bool:
    """Keep a view, replacing the one kept before. With `with_session` (the pipeline's
    writes) it goes with the session's work; otherwise best effort (False when it could
    not be kept now), so that a page never fails or waits long for want of it."""

    def replace(connection: Connection) -> None:
        # One upsert, not a delete and an insert: two workers keeping the same view at once
        # on PostgreSQL then wait for each other (the later replaces it) instead of one
        # failing on the primary key.
        statement = insert_or_update(connection)(PageView).values(
            kind=kind, subject_id=subject_id, version=version, built_at=utcnow(), body=body
        )
        connection.execute(
            statement.on_conflict_do_update(
                index_elements=["kind", "subject_id"],
                set_={
                    "version": statement.excluded.version,
                    "built_at": statement.excluded.built_at,
                    "body": statement.excluded.body,
                },
            )
        )

    return write_aside(session, replace, with_session=with_session)
