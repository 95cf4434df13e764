"""Search over stored articles: full text (SQLite FTS5, PostgreSQL tsvector) fused with
embedding similarity by reciprocal-rank fusion, filtered, copies collapsed, grouped by story.

One query syntax on both backends: words (all must match), "quoted phrases", `OR` between
two terms, and `-term` to exclude. Every user value reaches SQL as a bound parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal

import numpy as np
from sqlalchemy import ColumnElement, func, literal_column, select, table, union_all
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from newsdesk.enrich.embed import embed_texts
from newsdesk.errors import NewsdeskError
from newsdesk.store.enrichment import find_entities
from newsdesk.store.models import Article, Mention, Source, Story
from newsdesk.store.search_query import Query, make_snippet, parse_query, to_fts5, to_tsquery
from newsdesk.store.vectors import ArticleVectors, article_vectors

Mode = Literal["fused", "fulltext", "semantic"]
MODES: tuple[Mode, ...] = ("fused", "fulltext", "semantic")
# The k of reciprocal-rank fusion: 60 is the value of Cormack et al., and damps the
# difference between first and fifth place so neither list dominates the other.
RRF_K = 60
# Below this cosine a MiniLM neighbour shares little more than the language with the query.
MIN_SIMILARITY = 0.25
# A headline word counts this many times a body word in SQLite's bm25.
TITLE_WEIGHT = 3.0


class SearchError(NewsdeskError):
    """A search could not be run as asked (an unknown outlet or entity, a bad mode)."""


@dataclass(frozen=True)
class Filters:
    """What a result must satisfy, resolved to ids; `until` is exclusive."""

    source_ids: tuple[int, ...] | None = None
    since: datetime | None = None
    until: datetime | None = None
    entity_ids: tuple[int, ...] | None = None
    story_id: int | None = None
    include_stubs: bool = False

    def sql(self) -> list[ColumnElement[bool]]:
        """The filters as WHERE conditions on `articles`."""
        conditions: list[ColumnElement[bool]] = []
        if not self.include_stubs:
            conditions.append(Article.is_stub.is_(False))
        if self.source_ids is not None:
            conditions.append(Article.source_id.in_(self.source_ids))
        if self.since is not None:
            conditions.append(Article.published_at >= self.since)
        if self.until is not None:
            conditions.append(Article.published_at < self.until)
        if self.entity_ids is not None:
            mentioned = select(Mention.article_id).where(Mention.entity_id.in_(self.entity_ids))
            conditions.append(Article.id.in_(mentioned))
        if self.story_id is not None:
            conditions.append(Article.story_id == self.story_id)
        return conditions


def resolve_filters(
    session: Session,
    *,
    outlet: str | int | None = None,
    since: date | datetime | None = None,
    until: date | datetime | None = None,
    entity: str | int | None = None,
    story: int | None = None,
    include_stubs: bool = False,
) -> Filters:
    """Filters with names resolved: an outlet by name (any case) or id, an entity by any
    spelling or id; a date `until` covers that whole day. Raises SearchError on unknown names."""
    source_ids = None
    if isinstance(outlet, int):
        source_ids = (outlet,)
    elif outlet is not None:
        wanted = outlet.strip().lower()
        source_ids = tuple(
            session.scalars(select(Source.id).where(func.lower(Source.name) == wanted))
        )
        if not source_ids:
            raise SearchError(f"no outlet named {outlet!r}")
    entity_ids = None
    if isinstance(entity, int):
        entity_ids = (entity,)
    elif entity is not None:
        entity_ids = tuple(found.id for found, _ in find_entities(session, entity))
        if not entity_ids:
            raise SearchError(f"no entity known as {entity!r}")
    return Filters(
        source_ids=source_ids,
        since=_moment(since, end_of_day=False),
        until=_moment(until, end_of_day=True),
        entity_ids=entity_ids,
        story_id=story,
        include_stubs=include_stubs,
    )


def _moment(value: date | datetime | None, *, end_of_day: bool) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return aware + timedelta(microseconds=1) if end_of_day else aware
    moment = datetime.combine(value, time(), tzinfo=UTC)
    return moment + timedelta(days=1) if end_of_day else moment


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[int]], *, k: int = RRF_K
) -> list[tuple[int, float]]:
    """Fuse ranked id lists: each id scores the sum of 1/(k + rank) over the lists it is in."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, key in enumerate(ranking, start=1):
            scores[key] = scores.get(key, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


@dataclass
class Copy:
    """A syndicated copy folded into a hit: its article id and outlet."""

    id: int
    outlet: str | None


@dataclass
class SearchHit:
    """One article found (standing for its copies), with why it ranks where it does."""

    id: int
    title: str
    outlet: str | None
    published_at: datetime | None
    story_id: int | None
    snippet: str
    score: float
    fulltext_rank: int | None = None
    fulltext_score: float | None = None
    semantic_rank: int | None = None
    similarity: float | None = None
    copies: list[Copy] = field(default_factory=list)


@dataclass
class StoryHits:
    """The hits of one story, best first; an ungrouped article is a story of its own."""

    story_id: int | None
    title: str
    hits: list[SearchHit]


@dataclass
class SearchResults:
    """What a search found, grouped by story in the order of each story's best hit."""

    query: str
    mode: Mode
    groups: list[StoryHits]

    @property
    def hits(self) -> list[SearchHit]:
        """Every hit in rank order, whatever its story."""
        return sorted((h for g in self.groups for h in g.hits), key=lambda h: -h.score)

    def as_json(self) -> dict[str, Any]:
        """The results as a JSON object (the `search --json` shape); datetimes stay objects."""
        return {"query": self.query, "mode": self.mode, "stories": [asdict(g) for g in self.groups]}


@dataclass(frozen=True)
class Match:
    """An article in one ranked list: its id, its copy group's canonical id, its score."""

    article_id: int
    canonical_id: int
    score: float


def search(
    session: Session,
    query: str,
    *,
    outlet: str | int | None = None,
    since: date | datetime | None = None,
    until: date | datetime | None = None,
    entity: str | int | None = None,
    story: int | None = None,
    limit: int = 20,
    mode: Mode = "fused",
    include_stubs: bool = False,
    min_similarity: float = MIN_SIMILARITY,
) -> SearchResults:
    """Find up to `limit` articles (copies folded into their canonical) for `query`, grouped
    by story. Raises SearchError for an unknown mode, outlet or entity."""
    if mode not in MODES:
        raise SearchError(f"unknown search mode {mode!r} (expected one of {', '.join(MODES)})")
    parsed = parse_query(query)
    filters = resolve_filters(
        session,
        outlet=outlet,
        since=since,
        until=until,
        entity=entity,
        story=story,
        include_stubs=include_stubs,
    )
    depth = max(limit * 5, 100)
    lists: dict[str, list[Match]] = {}
    if mode in ("fused", "fulltext"):
        lists["fulltext"] = _collapse(fulltext_matches(session, parsed, filters, depth))
    if mode in ("fused", "semantic"):
        found = semantic_matches(session, parsed, filters, depth, min_similarity)
        lists["semantic"] = _collapse(_without_excluded(session, parsed, found))
    fused = reciprocal_rank_fusion([[m.canonical_id for m in ranked] for ranked in lists.values()])
    # A few spare, for hits the cache nominated that the database no longer agrees with.
    hits = _hits(session, parsed, filters, fused[: limit + 5], lists, limit)
    return SearchResults(query=query, mode=mode, groups=_by_story(session, hits))


def fulltext_matches(session: Session, query: Query, filters: Filters, depth: int) -> list[Match]:
    """Articles matching `query` by full text, best first (bm25 on SQLite, ts_rank_cd on
    PostgreSQL); scores are larger for better matches on both."""
    if query.empty:
        return []
    if _dialect(session) == "sqlite":
        index = literal_column("article_fts")
        rank = func.bm25(index, TITLE_WEIGHT, 1.0)
        statement = (
            select(Article.id, Article.duplicate_of_id, rank)
            .select_from(table("article_fts"))
            .join(Article, Article.id == literal_column("article_fts.rowid"))
            .where(index.op("MATCH")(to_fts5(query)), *filters.sql())
            .order_by(rank, Article.id)
            .limit(depth)
        )
        sign = -1.0
    else:
        vector = literal_column("articles.search_vector")
        tsquery = to_tsquery(query)
        rank = func.ts_rank_cd(vector, tsquery)
        statement = (
            select(Article.id, Article.duplicate_of_id, rank)
            .where(vector.op("@@")(tsquery), *filters.sql())
            .order_by(rank.desc(), Article.id)
            .limit(depth)
        )
        sign = 1.0
    return [Match(i, dup or i, sign * float(s)) for i, dup, s in session.execute(statement)]


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _collapse(matches: list[Match]) -> list[Match]:
    # A copy ranks where its best-ranked member of the copy group does, once.
    seen: set[int] = set()
    kept = []
    for match in matches:
        if match.canonical_id not in seen:
            seen.add(match.canonical_id)
            kept.append(match)
    return kept


def _without_excluded(session: Session, query: Query, matches: list[Match]) -> list[Match]:
    # An excluded word holds for the whole result, so semantic neighbours that contain it go.
    if not query.excluded or not matches:
        return matches
    hit = _matching_ids(session, Query(clauses=(query.excluded,)), [m.article_id for m in matches])
    return [m for m in matches if m.article_id not in hit]


def _matching_ids(session: Session, query: Query, article_ids: list[int]) -> set[int]:
    if _dialect(session) == "sqlite":
        condition = literal_column("article_fts").op("MATCH")(to_fts5(query))
        statement = select(literal_column("article_fts.rowid")).select_from(table("article_fts"))
        statement = statement.where(condition, literal_column("article_fts.rowid").in_(article_ids))
    else:
        vector = literal_column("articles.search_vector")
        statement = select(Article.id).where(
            vector.op("@@")(to_tsquery(query)), Article.id.in_(article_ids)
        )
    return set(session.scalars(statement))


# The highest article id and the latest grouping time: one changes whenever an article is
# added or (re)embedded, since embedding is part of grouping.
def semantic_matches(
    session: Session, query: Query, filters: Filters, depth: int, min_similarity: float
) -> list[Match]:
    """Articles nearest the query's embedding by cosine, best first, at least `min_similarity`."""
    if query.empty:
        return []
    vectors = article_vectors(session)
    if not len(vectors.ids):
        return []
    wording = " ".join(term.text for term in query.positive_terms())
    vector = embed_texts([wording])[0]
    allowed = _allowed(session, vectors, filters)
    rows = np.flatnonzero(allowed) if allowed is not None else None
    if rows is not None and len(rows) < len(vectors.ids) // 4:
        # Copying out the rows that pass costs less than scoring all only when they are few.
        scores = vectors.matrix[rows] @ vector if len(rows) else np.empty(0, np.float32)
    else:
        scores = vectors.matrix @ vector
        if allowed is not None:
            scores[~allowed] = -np.inf
        rows = np.arange(len(vectors.ids))
    if not len(scores):
        return []
    depth = min(depth, len(scores))
    top = np.argpartition(-scores, depth - 1)[:depth]
    top = top[np.argsort(-scores[top], kind="stable")]
    return [
        Match(int(vectors.ids[rows[i]]), int(vectors.canonical[rows[i]]), float(scores[i]))
        for i in top
        if scores[i] >= min_similarity
    ]


def _allowed(session: Session, vectors: ArticleVectors, filters: Filters) -> np.ndarray | None:
    # The same conditions as Filters.sql, over the cached columns; hits are checked in SQL again.
    masks = []
    if not filters.include_stubs and vectors.stub.any():
        masks.append(~vectors.stub)
    if filters.source_ids is not None:
        masks.append(np.isin(vectors.source, filters.source_ids))
    if filters.since is not None:
        masks.append(vectors.published >= filters.since.timestamp())
    if filters.until is not None:
        masks.append(vectors.published < filters.until.timestamp())
    if filters.story_id is not None:
        masks.append(vectors.story == filters.story_id)
    if filters.entity_ids is not None:
        mentioned = select(Mention.article_id).where(Mention.entity_id.in_(filters.entity_ids))
        masks.append(np.isin(vectors.ids, np.fromiter(session.scalars(mentioned), np.int64)))
    return np.logical_and.reduce(masks) if masks else None


def _hits(
    session: Session,
    query: Query,
    filters: Filters,
    fused: list[tuple[int, float]],
    lists: dict[str, list[Match]],
    limit: int,
) -> list[SearchHit]:
    # A hit shows its canonical article when that passes the filters, else the copy that matched.
    ranks = {
        name: {m.canonical_id: (r, m) for r, m in enumerate(ranked, 1)}
        for name, ranked in lists.items()
    }
    wanted = {key for key, _ in fused}
    for ranked in ranks.values():
        wanted |= {ranked[key][1].article_id for key, _ in fused if key in ranked}
    if not wanted:
        return []
    rows = {
        row.id: row
        for row in session.execute(
            select(
                Article.id,
                Article.title,
                Article.text,
                Source.name,
                Article.published_at,
                Article.story_id,
            )
            .outerjoin(Source, Source.id == Article.source_id)
            .where(Article.id.in_(wanted), *filters.sql())
        )
    }
    members = _copy_groups(session, [key for key, _ in fused])
    hits = []
    for key, score in fused:
        if len(hits) == limit:
            break
        full = ranks.get("fulltext", {}).get(key)
        near = ranks.get("semantic", {}).get(key)
        row = rows.get(key) or next(
            (rows[m.article_id] for _, m in filter(None, (full, near)) if m.article_id in rows),
            None,
        )
        if row is None:
            continue
        hits.append(
            SearchHit(
                id=row.id,
                title=row.title,
                outlet=row.name,
                published_at=row.published_at,
                story_id=row.story_id,
                snippet=make_snippet(row.text, query),
                score=score,
                fulltext_rank=full[0] if full else None,
                fulltext_score=full[1].score if full else None,
                semantic_rank=near[0] if near else None,
                similarity=near[1].score if near else None,
                copies=[c for c in members.get(key, []) if c.id != row.id],
            )
        )
    return hits


def _copy_groups(session: Session, canonical_ids: list[int]) -> dict[int, list[Copy]]:
    # Two indexed lookups in a union: an OR of the two would scan `articles`.
    columns = (Article.id, Article.duplicate_of_id, Source.name, Article.published_at)
    members = union_all(
        select(*columns)
        .outerjoin(Source, Source.id == Article.source_id)
        .where(Article.id.in_(canonical_ids)),
        select(*columns)
        .outerjoin(Source, Source.id == Article.source_id)
        .where(Article.duplicate_of_id.in_(canonical_ids), Article.is_stub.is_(False)),
    ).subquery()
    statement = select(members.c.id, members.c.duplicate_of_id, members.c.name).order_by(
        members.c.published_at.asc().nulls_last(), members.c.id
    )
    groups: dict[int, list[Copy]] = {}
    for article_id, duplicate_of_id, outlet in session.execute(statement):
        groups.setdefault(duplicate_of_id or article_id, []).append(Copy(article_id, outlet))
    # A group of one is no copy group.
    return {key: members for key, members in groups.items() if len(members) > 1}


def _by_story(session: Session, hits: list[SearchHit]) -> list[StoryHits]:
    story_ids = {h.story_id for h in hits if h.story_id is not None}
    titles = (
        dict(session.execute(select(Story.id, Story.title).where(Story.id.in_(story_ids))).all())
        if story_ids
        else {}
    )
    groups: dict[tuple[str, int], StoryHits] = {}
    for hit in hits:
        key = ("story", hit.story_id) if hit.story_id is not None else ("article", hit.id)
        if key not in groups:
            title = titles.get(hit.story_id, hit.title) if hit.story_id is not None else hit.title
            groups[key] = StoryHits(story_id=hit.story_id, title=title, hits=[])
        groups[key].hits.append(hit)
    return list(groups.values())


def rebuild_search_index(session: Session) -> None:
    """Rebuild the full-text index from `articles` (SQLite; PostgreSQL's is a generated
    column, always current). Only needed after writing articles with triggers disabled."""
    if _dialect(session) == "sqlite":
        session.execute(sql_text("INSERT INTO article_fts(article_fts) VALUES ('rebuild')"))
