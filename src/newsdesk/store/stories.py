"""Stories in the store: rows, the keys they are filed under, and the corpus counts.

Grouping decides (pipeline/stories.py over group/); this module only reads and writes
what it decides, each read bounded by an index so it costs the same at any corpus size.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from newsdesk.store.db import insert_or_update
from newsdesk.store.models import Article, CorpusCount, PageView, Story, StoryKey, utcnow

# Keys and counted terms are cut to this length, as their columns are.
MAX_KEY = 120
# Corpus counts are read this many keys to a query.
LOOKUP_CHUNK = 500


def stories_under_keys(session: Session, keys: Iterable[str]) -> list[Story]:
    """The stories filed under any of `keys`."""
    keyed = select(StoryKey.story_id).where(StoryKey.key.in_([k[:MAX_KEY] for k in keys]))
    return list(session.scalars(select(Story).where(Story.id.in_(keyed))))


def stories_in_window(
    session: Session, published: datetime | None, window: timedelta, limit: int
) -> list[int]:
    """Ids of at most `limit` stories active within `window` of a time, newest first;
    for no time, the latest undated stories."""
    if published is None:
        undated = select(Story.id).where(Story.last_seen.is_(None)).order_by(Story.id.desc())
        return list(session.scalars(undated.limit(limit)))
    # No ORDER BY here: with one, SQLite walks every story by id instead of using the
    # last_seen index, and the cost grows with the corpus. The window is small.
    in_window = select(Story.id).where(
        Story.last_seen >= published - window,
        Story.first_seen <= published + window,
    )
    return sorted(session.scalars(in_window), reverse=True)[:limit]


def story_centroids(
    session: Session, ids: Iterable[int], *, multilingual: bool = False
) -> list[tuple[int, bytes]]:
    """(id, stored centroid) of those stories that have one, newest first: the English
    model's, or with `multilingual` the multilingual model's."""
    column = Story.centroid_multilingual if multilingual else Story.centroid
    rows = session.execute(
        select(Story.id, column.label("centroid")).where(
            Story.id.in_(list(ids)), column.is_not(None)
        )
    ).all()
    return sorted(((row.id, row.centroid) for row in rows), key=lambda row: -row[0])


def stories_by_id(session: Session, ids: Iterable[int]) -> dict[int, Story]:
    """The stories with these ids, by id."""
    return {s.id: s for s in session.scalars(select(Story).where(Story.id.in_(list(ids))))}


def lock_stories(session: Session, ids: Iterable[int]) -> dict[int, Story]:
    """The stories with these ids, by id, locked for this transaction (on PostgreSQL) in
    id order and read again as last committed: a concurrent grouper's write is not lost."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    locked = (
        select(Story)
        .where(Story.id.in_(wanted))
        .order_by(Story.id)
        .with_for_update(of=Story)
        .execution_options(populate_existing=True)
    )
    return {s.id: s for s in session.scalars(locked)}


def file_story_keys(session: Session, story_id: int, keys: Iterable[str]) -> None:
    """File the story under each key it is not filed under yet."""
    known = set(session.scalars(select(StoryKey.key).where(StoryKey.story_id == story_id)))
    wanted = {key[:MAX_KEY] for key in keys}
    session.add_all(StoryKey(story_id=story_id, key=key) for key in sorted(wanted - known))


def replace_story_keys(session: Session, story_id: int, prefix: str, keys: Iterable[str]) -> None:
    """Make `keys` the story's only keys starting with `prefix` (its keys of one kind)."""
    wanted = set(keys)
    filed = set(
        session.scalars(
            select(StoryKey.key).where(
                StoryKey.story_id == story_id, StoryKey.key.startswith(prefix)
            )
        )
    )
    stale = filed - wanted
    if stale:
        session.execute(
            delete(StoryKey).where(StoryKey.story_id == story_id, StoryKey.key.in_(stale))
        )
    session.add_all(StoryKey(story_id=story_id, key=k) for k in sorted(wanted - filed))
    session.flush()


def stories_per_key(session: Session, keys: Iterable[str]) -> dict[str, int]:
    """How many stories are filed under each of `keys` (absent: none)."""
    return dict(
        session.execute(
            select(StoryKey.key, func.count(StoryKey.id))
            .where(StoryKey.key.in_(list(keys)))
            .group_by(StoryKey.key)
        ).all()
    )


def latest_under_key(session: Session, key: str, *, other_than: int, limit: int) -> list[int]:
    """Ids of the latest stories filed under `key`, leaving out one story."""
    return list(
        session.scalars(
            select(StoryKey.story_id)
            .where(StoryKey.key == key, StoryKey.story_id != other_than)
            .order_by(StoryKey.story_id.desc())
            .limit(limit)
        )
    )


def merge_threads(session: Session, first: int, second: int) -> None:
    """Make two threads one; a thread is named by its first story's id, so the smaller
    id names the merged one."""
    if first == second:
        return
    keep, drop = min(first, second), max(first, second)
    session.execute(update(Story).where(Story.thread_id == drop).values(thread_id=keep))
    session.expire_all()


def count_in_corpus(session: Session, counted: Iterable[tuple[str, str]]) -> None:
    """Add one document to the corpus counts of each (kind, key): n/all, t/term, e/entity."""
    # Sorted: two groupers at once on PostgreSQL lock these rows in one order, never in
    # opposite orders (a deadlock).
    rows = sorted({("n", "all"), *((kind, key[:MAX_KEY]) for kind, key in counted)})
    connection = session.connection()
    statement = insert_or_update(connection)(CorpusCount.__table__).on_conflict_do_update(
        index_elements=["kind", "key"],
        set_={"documents": CorpusCount.documents + 1},
    )
    # One statement run for many rows: compiled once, not once per article.
    connection.execute(
        statement, [{"kind": kind, "key": key, "documents": 1} for kind, key in rows]
    )


def corpus_counts(session: Session, kind: str, keys: Iterable[str]) -> dict[str, int]:
    """How many documents counted each key of one kind (keys never counted are absent)."""
    wanted = [key[:MAX_KEY] for key in keys]
    found: dict[str, int] = {}
    for first in range(0, len(wanted), LOOKUP_CHUNK):
        chunk = wanted[first : first + LOOKUP_CHUNK]
        found.update(
            session.execute(
                select(CorpusCount.key, CorpusCount.documents).where(
                    CorpusCount.kind == kind, CorpusCount.key.in_(chunk)
                )
            ).all()
        )
    return found


def stories_in_order(session: Session) -> list[Story]:
    """Every story, earliest first."""
    return list(session.scalars(select(Story).order_by(Story.first_seen, Story.id)))


def clear_stories(session: Session) -> None:
    """Forget every story and the corpus counts, so grouping can start from scratch."""
    session.execute(update(Article).values(story_id=None, grouped_at=None))
    session.execute(delete(StoryKey))
    session.execute(delete(Story))
    session.execute(delete(CorpusCount))
    # Story ids may be given again to new stories: views of the old ones must not pass.
    session.execute(delete(PageView).where(PageView.kind == "story"))


def touch_stories(session: Session) -> set[int]:
    """Stamp every story changed now (what its pages show was read again); their ids."""
    session.execute(update(Story).values(updated_at=utcnow()))
    return set(session.scalars(select(Story.id)))


def story_count(session: Session) -> int:
    """How many stories are stored."""
    return session.scalar(select(func.count(Story.id))) or 0
