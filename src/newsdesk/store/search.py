"""Full-text search in the store: SQLite FTS5 or PostgreSQL tsvector, one query syntax,
and the rows a search shows. Fusion with meaning is the read layer's (read/search.py).

Every user value reaches SQL as a bound parameter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, literal_column, select, table, union_all
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from newsdesk.store.models import Article, Mention, Outlet, Story
from newsdesk.store.search_query import Query, to_fts5, to_tsquery


@dataclass(frozen=True)
class Filters:
    """What a result must satisfy, resolved to ids; `until` is exclusive."""

    outlet_ids: tuple[int, ...] | None = None
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
        if self.outlet_ids is not None:
            conditions.append(Article.outlet_id.in_(self.outlet_ids))
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


@dataclass(frozen=True)
class Match:
    """An article in one ranked list: its id, its copy group's canonical id, its score, and
    whether it is in another language than the query (so its words cannot match)."""

    article_id: int
    canonical_id: int
    score: float
    across_languages: bool = False


def fulltext_matches(
    session: Session,
    query: Query,
    filters: Filters,
    depth: int,
    title_weight: float,
    *,
    newest_first: bool = False,
) -> list[Match]:
    """Articles matching `query` by full text, best first (bm25 on SQLite, a headline word
    counting `title_weight` body words; ts_rank_cd on PostgreSQL), or the latest published
    first with `newest_first`; scores are larger for better matches on both."""
    if query.empty:
        return []
    if _dialect(session) == "sqlite":
        index = literal_column("article_fts")
        rank = func.bm25(index, title_weight, 1.0)
        statement = (
            select(Article.id, Article.duplicate_of_id, rank)
            .select_from(table("article_fts"))
            .join(Article, Article.id == literal_column("article_fts.rowid"))
            .where(index.op("MATCH")(to_fts5(query)), *filters.sql())
        )
        order = [rank, Article.id]
        sign = -1.0
    else:
        vector = literal_column("articles.search_vector")
        tsquery = to_tsquery(query)
        rank = func.ts_rank_cd(vector, tsquery)
        statement = select(Article.id, Article.duplicate_of_id, rank).where(
            vector.op("@@")(tsquery), *filters.sql()
        )
        order = [rank.desc(), Article.id]
        sign = 1.0
    if newest_first:
        order = [Article.published_at.desc().nulls_last(), *order]
    statement = statement.order_by(*order).limit(depth)
    return [Match(i, dup or i, sign * float(s)) for i, dup, s in session.execute(statement)]


def count_matches(session: Session, query: Query, filters: Filters, cap: int) -> int:
    """How many articles match `query` by full text and pass `filters`, a syndicated copy
    group counted once (as search shows it), counting no further than `cap` + 1."""
    if query.empty:
        return 0
    group = func.coalesce(Article.duplicate_of_id, Article.id)
    if _dialect(session) == "sqlite":
        statement = (
            select(group.label("copy_group"))
            .select_from(table("article_fts"))
            .join(Article, Article.id == literal_column("article_fts.rowid"))
            .where(literal_column("article_fts").op("MATCH")(to_fts5(query)), *filters.sql())
        )
    else:
        vector = literal_column("articles.search_vector")
        statement = select(group.label("copy_group")).where(
            vector.op("@@")(to_tsquery(query)), *filters.sql()
        )
    # A common word matches most of the corpus: counting all of it costs a second a query.
    groups = statement.distinct().limit(cap + 1).subquery()
    return int(session.scalar(select(func.count()).select_from(groups)) or 0)


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def matching_ids(session: Session, query: Query, article_ids: list[int]) -> set[int]:
    """Which of these articles match the query by full text."""
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


def copy_groups(
    session: Session, canonical_ids: list[int]
) -> dict[int, list[tuple[int, str | None]]]:
    """The (article id, outlet) members of each copy group led by these canonical articles,
    earliest first; groups of one left out."""
    # Two indexed lookups in a union: an OR of the two would scan `articles`.
    columns = (Article.id, Article.duplicate_of_id, Outlet.name, Article.published_at)
    members = union_all(
        select(*columns)
        .outerjoin(Outlet, Outlet.id == Article.outlet_id)
        .where(Article.id.in_(canonical_ids)),
        select(*columns)
        .outerjoin(Outlet, Outlet.id == Article.outlet_id)
        .where(Article.duplicate_of_id.in_(canonical_ids), Article.is_stub.is_(False)),
    ).subquery()
    statement = select(members.c.id, members.c.duplicate_of_id, members.c.name).order_by(
        members.c.published_at.asc().nulls_last(), members.c.id
    )
    groups: dict[int, list[tuple[int, str | None]]] = {}
    for article_id, duplicate_of_id, outlet in session.execute(statement):
        groups.setdefault(duplicate_of_id or article_id, []).append((article_id, outlet))
    # A group of one is no copy group.
    return {key: members for key, members in groups.items() if len(members) > 1}


def rebuild_search_index(session: Session) -> None:
    """Rebuild the full-text index from `articles` (SQLite; PostgreSQL's is a generated
    column, always current). Only needed after writing articles with triggers disabled."""
    if _dialect(session) == "sqlite":
        session.execute(sql_text("INSERT INTO article_fts(article_fts) VALUES ('rebuild')"))


def outlet_ids_named(session: Session, name: str) -> tuple[int, ...]:
    """The ids of the outlets with this name, in any case."""
    wanted = name.strip().lower()
    return tuple(session.scalars(select(Outlet.id).where(func.lower(Outlet.name) == wanted)))


def mentioning(session: Session, entity_ids: tuple[int, ...]) -> list[int]:
    """Ids of the articles that mention any of these entities."""
    return list(
        session.scalars(select(Mention.article_id).where(Mention.entity_id.in_(entity_ids)))
    )


def hit_rows(session: Session, ids: set[int], filters: Filters) -> dict[int, Any]:
    """Id, title, text, outlet name, publication and story of those articles that pass."""
    return {
        row.id: row
        for row in session.execute(
            select(
                Article.id,
                Article.title,
                Article.text,
                Outlet.name,
                Article.published_at,
                Article.story_id,
            )
            .outerjoin(Outlet, Outlet.id == Article.outlet_id)
            .where(Article.id.in_(ids), *filters.sql())
        )
    }


def story_titles(session: Session, story_ids: set[int]) -> dict[int, str]:
    """The titles of these stories."""
    if not story_ids:
        return {}
    return dict(session.execute(select(Story.id, Story.title).where(Story.id.in_(story_ids))).all())
