"""What the web reader's pages need beyond present.py: the front page ranked by freshness
and breadth of coverage, a story's thread and quotes by speaker, an entity's stories,
quotes and mention volume, and the outlets with their counts and errors."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, selectinload

from newsdesk.store.documents import FAILED
from newsdesk.store.enrichment import entity_record
from newsdesk.store.models import Article, Document, Entity, Mention, Quote, Source, Story
from newsdesk.store.present import body_sentences, outlet_of

# The most recently active stories are ranked; older pages list the rest by recency.
RANK_POOL = 300
# How fast a story sinks: its breadth is divided by (1 + age in days) to this power.
GRAVITY = 1.5
# Mention volume is counted by day over short spans, by week over longer ones.
DAILY_SPAN = timedelta(days=60)
MIN_BUCKETS = 7


@dataclass(frozen=True)
class FrontPage:
    """One page of the front page: its stories, ranked, and whether more follow."""

    stories: list[dict[str, object]]
    page: int
    has_more: bool
    total: int


def story_score(outlets: int, last_seen: datetime | None, as_of: datetime) -> float:
    """Breadth of coverage (log of the outlet count) damped by age in days since as_of."""
    if last_seen is None:
        return 0.0
    age_days = max((as_of - last_seen).total_seconds(), 0.0) / 86400
    return math.log2(1 + outlets) / (1 + age_days) ** GRAVITY


def front_page(session: Session, *, page: int = 1, per_page: int = 20) -> FrontPage:
    """Stories ranked by freshness and outlet count (age counted from the newest story, so an
    archive reads as it did on its last day), each with outlets, lead and thread."""
    total = session.scalar(select(func.count(Story.id))) or 0
    pool = list(
        session.execute(
            select(Story.id, Story.last_seen)
            .order_by(Story.last_seen.desc().nulls_last(), Story.id.desc())
            .limit(RANK_POOL)
        )
    )
    start = (page - 1) * per_page
    if start < len(pool):
        outlets = _outlet_ids(session, [story_id for story_id, _ in pool])
        as_of = max((seen for _, seen in pool if seen), default=None)
        ranked = sorted(
            pool,
            key=lambda row: (
                -story_score(len(outlets.get(row[0], ())), row[1], as_of) if as_of else 0.0,
                -row[0],
            ),
        )
        ids = [story_id for story_id, _ in ranked[start : start + per_page]]
        # The last ranked page is topped up from the unranked rest.
        if len(ids) < per_page and total > len(pool):
            ids += _by_recency(session, len(pool), per_page - len(ids))
    else:
        ids = _by_recency(session, start, per_page)
    return FrontPage(
        stories=story_cards(session, ids),
        page=page,
        has_more=start + per_page < total,
        total=total,
    )


def corpus_version(session: Session) -> tuple[object, ...]:
    """What changes whenever an article is stored or grouped or a story added: a cache key
    for the front page, read from indexes in a millisecond."""
    return (
        session.scalar(select(func.max(Article.id))),
        session.scalar(select(func.max(Article.grouped_at))),
        session.scalar(select(func.count(Story.id))),
    )


def _by_recency(session: Session, offset: int, limit: int) -> list[int]:
    return list(
        session.scalars(
            select(Story.id)
            .order_by(Story.last_seen.desc().nulls_last(), Story.id.desc())
            .offset(offset)
            .limit(limit)
        )
    )


def _outlet_ids(session: Session, story_ids: Sequence[int]) -> dict[int, set[int]]:
    rows = session.execute(
        select(Article.story_id, Article.source_id)
        .where(Article.story_id.in_(story_ids), Article.source_id.is_not(None))
        .distinct()
    )
    found: dict[int, set[int]] = {}
    for story_id, source_id in rows:
        found.setdefault(story_id, set()).add(source_id)
    return found


def story_cards(session: Session, story_ids: Sequence[int]) -> list[dict[str, object]]:
    """Stories in the order given, as front-page cards: title, outlets, article count, times,
    thread, and the lead sentence of the first article that told it."""
    if not story_ids:
        return []
    stories = {s.id: s for s in session.scalars(select(Story).where(Story.id.in_(story_ids)))}
    names = _outlet_names(session, story_ids)
    leads = _leads(session, story_ids)
    cards = []
    for story_id in story_ids:
        story = stories.get(story_id)
        if story is None:
            continue
        cards.append(
            {
                "id": story.id,
                "title": story.title,
                "articles": story.size,
                "outlets": sorted(names.get(story.id, ())),
                "first_seen": story.first_seen,
                "last_seen": story.last_seen,
                "thread_id": story.thread_id,
                "lead": leads.get(story.id),
            }
        )
    return cards


def _outlet_names(session: Session, story_ids: Sequence[int]) -> dict[int, set[str]]:
    rows = session.execute(
        select(Article.story_id, Source.name)
        .join(Source, Source.id == Article.source_id)
        .where(Article.story_id.in_(story_ids))
        .distinct()
    )
    names: dict[int, set[str]] = {}
    for story_id, name in rows:
        names.setdefault(story_id, set()).add(name)
    return names


def _leads(session: Session, story_ids: Sequence[int]) -> dict[int, dict[str, object]]:
    """The first sentence of each story's earliest independent, full article."""
    # Filtered here rather than in SQL: SQLite's planner would take `duplicate_of_id IS
    # NULL` for a selective index and scan nearly every article.
    rows = session.execute(
        select(
            Article.story_id,
            Article.id,
            Article.published_at,
            Article.is_stub,
            Article.duplicate_of_id,
        ).where(Article.story_id.in_(story_ids))
    )
    first: dict[int, tuple[object, ...]] = {}
    for story_id, article_id, published, is_stub, duplicate_of in rows:
        if is_stub or duplicate_of is not None:
            continue
        key = (published is None, published or 0, article_id)
        if story_id not in first or key < first[story_id][0]:  # type: ignore[operator]
            first[story_id] = (key, article_id)
    chosen = [article_id for _, article_id in first.values()]
    articles = session.scalars(select(Article).where(Article.id.in_(chosen)))
    leads = {}
    for article in articles:
        sentences = body_sentences(article)
        text = sentences[0].text if sentences else _opening(article.text)
        leads[article.story_id or 0] = {
            "text": text,
            "article_id": article.id,
            "outlet": outlet_of(article),
        }
    return leads


def _opening(text: str, limit: int = 240) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit].rsplit(" ", 1)[0] + "…"


def latest_articles(session: Session, *, limit: int = 10) -> list[dict[str, object]]:
    """The newest full articles, one per syndicated-copy group."""
    articles = session.scalars(
        select(Article)
        .where(Article.is_stub.is_(False), Article.duplicate_of_id.is_(None))
        .order_by(Article.published_at.desc().nulls_last(), Article.id.desc())
        .limit(limit)
    )
    return [
        {
            "id": a.id,
            "title": a.title,
            "outlet": outlet_of(a),
            "published": a.published_at,
            "story_id": a.story_id,
        }
        for a in articles
    ]


def feed_articles(
    session: Session,
    *,
    story_id: int | None = None,
    entity_id: int | None = None,
    limit: int = 30,
) -> list[dict[str, object]]:
    """The newest full articles of a story or naming an entity, one per copy group, for
    feeds: id, title, outlet, author, published and opening."""
    query = select(Article).where(Article.is_stub.is_(False), Article.duplicate_of_id.is_(None))
    if story_id is not None:
        query = query.where(Article.story_id == story_id)
    if entity_id is not None:
        mentioned = select(Mention.article_id).where(Mention.entity_id == entity_id)
        query = query.where(Article.id.in_(mentioned))
    articles = session.scalars(
        query.order_by(Article.published_at.desc().nulls_last(), Article.id.desc()).limit(limit)
    )
    return [
        {
            "id": a.id,
            "title": a.title,
            "outlet": outlet_of(a),
            "author": a.author,
            "published": a.published_at,
            "summary": _opening(a.text, 400),
        }
        for a in articles
    ]


def thread_stories(session: Session, thread_id: int | None) -> list[dict[str, object]]:
    """The stories of a thread, earliest first (empty for no thread)."""
    if thread_id is None:
        return []
    stories = session.scalars(
        select(Story)
        .where(Story.thread_id == thread_id)
        .order_by(Story.first_seen.asc().nulls_last(), Story.id)
    )
    return [
        {
            "id": s.id,
            "title": s.title,
            "first_seen": s.first_seen,
            "last_seen": s.last_seen,
            "articles": s.size,
        }
        for s in stories
    ]


def fold_copies(articles: Sequence[dict[str, object]]) -> dict[str, list[dict[str, object]]]:
    """A story's article rows (story_record's) grouped by outlet, each syndicated copy
    folded under its canonical article as `copies`; outlets in order of first report."""
    by_id = {row["id"]: row for row in articles}
    canonical: list[dict[str, object]] = []
    copies: dict[object, list[dict[str, object]]] = {}
    for row in articles:
        head = row.get("duplicate_of_id")
        if head is not None and head in by_id:
            copies.setdefault(head, []).append(row)
        else:
            canonical.append(row)
    grouped: dict[str, list[dict[str, object]]] = {}
    for row in canonical:
        outlet = str(row.get("outlet") or "Unknown outlet")
        grouped.setdefault(outlet, []).append({**row, "copies": copies.get(row["id"], [])})
    return grouped


def quotes_by_speaker(session: Session, article_ids: Sequence[int]) -> list[dict[str, object]]:
    """The quotes of these articles grouped by speaker (most quoted first); a quote repeated
    by syndicated copies appears once, citing the first article that carried it."""
    if not article_ids:
        return []
    rows = session.execute(
        select(Quote, Article.id, Article.published_at, Source.name)
        .join(Article, Article.id == Quote.article_id)
        .outerjoin(Source, Source.id == Article.source_id)
        .where(Quote.article_id.in_(list(article_ids)))
        .order_by(Article.published_at.asc().nulls_last(), Quote.start)
    )
    speakers: dict[str, dict[str, object]] = {}
    seen: set[str] = set()
    for quote, article_id, published, outlet in rows:
        key = " ".join(quote.text.lower().split())
        if key in seen:
            continue
        seen.add(key)
        name = quote.speaker.name if quote.speaker else quote.speaker_text or "Unattributed"
        entry = speakers.setdefault(
            name, {"speaker": name, "speaker_id": quote.speaker_id, "quotes": []}
        )
        entry["quotes"].append(  # type: ignore[attr-defined]
            {
                "text": quote.text,
                "kind": quote.kind,
                "attribution": quote.attribution,
                "article_id": article_id,
                "outlet": outlet,
                "published": published,
            }
        )
    return sorted(
        speakers.values(),
        key=lambda s: (s["speaker"] == "Unattributed", -len(s["quotes"])),  # type: ignore[arg-type]
    )


def entity_page(session: Session, entity_id: int, *, limit: int = 20) -> dict[str, object] | None:
    """An entity for its page: name, aliases and roles, its latest stories, quotes it said,
    and how many articles named it per day or week; None when there is no such entity."""
    entity = session.scalar(
        select(Entity)
        .where(Entity.id == entity_id)
        .options(selectinload(Entity.aliases), selectinload(Entity.roles))
    )
    if entity is None:
        return None
    mentioned = select(Mention.article_id).where(Mention.entity_id == entity_id).distinct()
    dates = [
        moment
        for moment in session.scalars(
            select(Article.published_at).where(
                Article.id.in_(mentioned), Article.is_stub.is_(False)
            )
        )
    ]
    story_rows = session.execute(
        select(Story.id, Story.title, Story.last_seen, func.count(Article.id))
        .join(Article, Article.story_id == Story.id)
        .where(Article.id.in_(mentioned))
        .group_by(Story.id, Story.title, Story.last_seen)
        .order_by(Story.last_seen.desc().nulls_last(), Story.id.desc())
        .limit(limit)
    )
    quotes = session.execute(
        select(Quote.text, Quote.kind, Quote.attribution, Article.id, Source.name)
        .join(Article, Article.id == Quote.article_id)
        .outerjoin(Source, Source.id == Article.source_id)
        .where(Quote.speaker_id == entity_id, Article.duplicate_of_id.is_(None))
        .order_by(Article.published_at.desc().nulls_last(), Quote.id)
        .limit(limit)
    )
    return {
        **entity_record(entity, len(dates)),
        "stories": [
            {"id": i, "title": t, "last_seen": seen, "articles": n} for i, t, seen, n in story_rows
        ],
        "quotes": [
            {"text": t, "kind": k, "attribution": a, "article_id": i, "outlet": o}
            for t, k, a, i, o in quotes
        ],
        "volume": mention_volume([d for d in dates if d is not None]),
    }


def mention_volume(moments: Sequence[datetime]) -> dict[str, object]:
    """Counts of moments per day (spans up to 60 days) or per week (Monday-start), every
    bucket from the first to the last present, empty ones as zero."""
    if not moments:
        return {"unit": "day", "buckets": []}
    days = sorted(m.date() for m in moments)
    weekly = days[-1] - days[0] > DAILY_SPAN
    step = timedelta(days=7 if weekly else 1)

    def bucket(day: date) -> date:
        return day - timedelta(days=day.weekday()) if weekly else day

    counts: dict[date, int] = {}
    for day in days:
        counts[bucket(day)] = counts.get(bucket(day), 0) + 1
    buckets = []
    cursor, last = bucket(days[0]), bucket(days[-1])
    # A week of context at least, so one busy day reads as a spike, not a wall.
    cursor = min(cursor, last - step * (MIN_BUCKETS - 1))
    while cursor <= last:
        buckets.append({"start": cursor.isoformat(), "count": counts.get(cursor, 0)})
        cursor += step
    return {"unit": "week" if weekly else "day", "buckets": buckets}


def source_rows(session: Session) -> list[dict[str, object]]:
    """Every outlet with its article count, latest publication and when an article of it
    last came in (read from one covering index, not the articles themselves)."""
    full = case((Article.is_stub.is_(False), Article.id))
    facts = {
        source_id: (count, latest, received)
        for source_id, count, latest, received in session.execute(
            select(
                Article.source_id,
                func.count(full),
                func.max(case((full.is_not(None), Article.published_at))),
                func.max(case((full.is_not(None), Article.created_at))),
            )
            # No is_stub condition here: the planner would leave the covering index for it.
            .where(Article.source_id.is_not(None))
            .group_by(Article.source_id)
        )
    }
    sources = session.execute(select(Source.id, Source.name, Source.url))
    rows = [
        {
            "id": source_id,
            "name": name,
            "url": url,
            "articles": facts.get(source_id, (0, None, None))[0],
            "latest_published": facts.get(source_id, (0, None, None))[1],
            "last_received": facts.get(source_id, (0, None, None))[2],
        }
        for source_id, name, url in sources
    ]
    return sorted(rows, key=lambda row: (-row["articles"], row["name"]))  # type: ignore[operator]


def failed_documents(session: Session, *, limit: int = 50) -> list[dict[str, object]]:
    """The latest inputs that failed, with the outlet they were meant for and the reason."""
    documents = session.execute(
        select(Document.id, Document.origin, Document.error, Document.received_at, Document.hints)
        .where(Document.status == FAILED)
        .order_by(Document.received_at.desc(), Document.id.desc())
        .limit(limit)
    )
    return [
        {
            "id": i,
            "origin": origin,
            "error": error,
            "received_at": received,
            "outlet": (hints or {}).get("source"),
        }
        for i, origin, error, received, hints in documents
    ]
