"""Search: full text fused with meaning by reciprocal-rank fusion, filtered, syndicated
copies collapsed, grouped by story.

One query syntax on both backends: words (all must match), "quoted phrases", `OR` between
two terms, and `-term` to exclude.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

import numpy as np
from sqlalchemy.orm import Session

from newsdesk.config import SearchSettings
from newsdesk.enrich.embed import embed_across_languages, embed_texts, is_english
from newsdesk.enrich.foreign import KOREAN_PARTICLES
from newsdesk.enrich.language import detect_language
from newsdesk.enrich.names import normalise_name
from newsdesk.enrich.resolve import lookup_keys
from newsdesk.errors import SearchError
from newsdesk.read.article_vectors import ArticleVectors, article_vectors
from newsdesk.read.entities import find_entities
from newsdesk.read.records import CopyHit, SearchHit, SearchResults, StoryHits
from newsdesk.store.entities import entities_under
from newsdesk.store.models import Entity
from newsdesk.store.search import (
    Filters,
    Match,
    copy_groups,
    count_matches,
    fulltext_matches,
    hit_rows,
    matching_ids,
    mentioning,
    outlet_ids_named,
    story_titles,
)
from newsdesk.store.search_query import Query, make_snippet, match_spans, parse_query

DEFAULT_SEARCH = SearchSettings()
Mode = Literal["fused", "fulltext", "semantic"]
Sort = Literal["relevance", "date"]

MODES: tuple[Mode, ...] = ("fused", "fulltext", "semantic")
SORTS: tuple[Sort, ...] = ("relevance", "date")


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
    outlet_ids = None
    if isinstance(outlet, int):
        outlet_ids = (outlet,)
    elif outlet is not None:
        outlet_ids = outlet_ids_named(session, outlet)
        if not outlet_ids:
            raise SearchError(f"no outlet named {outlet!r}")
    entity_ids = None
    if isinstance(entity, int):
        entity_ids = (entity,)
    elif entity is not None:
        entity_ids = tuple(found.id for found, _ in find_entities(session, entity))
        if not entity_ids:
            raise SearchError(f"no entity known as {entity!r}")
    return Filters(
        outlet_ids=outlet_ids,
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
    rankings: Sequence[Sequence[int]], *, k: int = SearchSettings.rrf_k
) -> list[tuple[int, float]]:
    """Fuse ranked id lists: each id scores the sum of 1/(k + rank) over the lists it is in."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, key in enumerate(ranking, start=1):
            scores[key] = scores.get(key, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


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
    sort: Sort = "relevance",
    include_stubs: bool = False,
    tuning: SearchSettings = DEFAULT_SEARCH,
    query_vector: np.ndarray | None = None,
    related_per_story: int = 1,
) -> SearchResults:
    """Find up to `limit` articles (copies folded into their canonical) that satisfy `query`,
    grouped by story, best first or latest first (`sort`), with how many match in all; and,
    apart, up to `tuning.related_limit` articles close in meaning that do not. `query_vector`
    is the query's embedding when the caller has it already; `related_per_story` how many
    related articles one story may give (an answer reads several). Raises SearchError for an
    unknown mode, sort, outlet or entity."""
    if mode not in MODES:
        raise SearchError(f"unknown search mode {mode!r} (expected one of {', '.join(MODES)})")
    if sort not in SORTS:
        raise SearchError(f"unknown sort {sort!r} (expected one of {', '.join(SORTS)})")
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
    matched: set[int] = set()
    neighbours: list[Match] = []
    # Matches that hold none of the query's words: reports in other languages.
    by_meaning_alone: set[int] = set()
    # Set when the full-text list holds every match: nothing then needs asking again.
    every_match: set[int] | None = None
    if mode in ("fused", "fulltext"):
        found = fulltext_matches(
            session, parsed, filters, depth, tuning.title_weight, newest_first=sort == "date"
        )
        matched |= {m.article_id for m in found}
        lists["fulltext"] = _collapse(found)
        if len(found) < depth:
            every_match = {m.article_id for m in found}
    if mode in ("fused", "semantic"):
        found = _without_excluded(
            session,
            parsed,
            semantic_matches(
                session, parsed, filters, depth, tuning.semantic_floor, vector=query_vector
            ),
        )
        # Meaning ranks the articles that satisfy the query; the others are only related.
        candidates = [m.article_id for m in found]
        if every_match is not None:
            satisfied = every_match.intersection(candidates)
        else:
            satisfied = matching_ids(session, parsed, candidates) if found else set()
        by_words = set(satisfied)
        # Words cannot match across languages: there meaning decides, alone or, nearer
        # the semantic floor, with every person and organisation the query names.
        across = [m for m in found if m.across_languages]
        satisfied |= {m.article_id for m in across if m.score >= tuning.across_languages_floor}
        nearer = [
            m.article_id
            for m in across
            if m.article_id not in satisfied and m.score >= tuning.across_languages_named_floor
        ]
        if nearer:
            satisfied |= naming_all(session, named_in_query(session, parsed), nearer)
        matched |= satisfied
        lists["semantic"] = _collapse([m for m in found if m.article_id in satisfied])
        worded = {m.canonical_id for m in lists.get("fulltext", [])}
        by_meaning_alone = {
            m.canonical_id
            for m in lists["semantic"]
            if m.article_id not in by_words and m.canonical_id not in worded
        }
        shown = {m.canonical_id for ranked in lists.values() for m in ranked}
        # Asked for meaning alone, a reader gets every neighbour above the semantic floor.
        floor = tuning.semantic_floor if mode == "semantic" else tuning.related_floor
        neighbours = [
            m
            for m in _collapse([m for m in found if m.article_id not in satisfied])
            if m.canonical_id not in shown and m.score >= floor
        ]
    fused = reciprocal_rank_fusion(
        [[m.canonical_id for m in ranked] for ranked in lists.values()], k=tuning.rrf_k
    )
    if sort == "date" and "fulltext" in lists:
        # The full-text list holds the latest matches already; meaning adds none later.
        scores = dict(fused)
        fused = [(m.canonical_id, scores[m.canonical_id]) for m in lists["fulltext"]]
    # A few spare, for hits the cache nominated that the database no longer agrees with.
    hits = _hits(session, parsed, filters, fused[: limit + 5], lists, limit, matched)
    if sort == "date":
        hits.sort(key=lambda h: -(h.published_at.timestamp() if h.published_at else 0.0))
    if every_match is not None:
        total = len(lists["fulltext"])
    else:
        total = count_matches(session, parsed, filters, tuning.count_cap)
    # The reports in other languages that meaning matched count as matches too.
    total += len(by_meaning_alone)
    return SearchResults(
        query=query,
        mode=mode,
        sort=sort,
        total=min(total, tuning.count_cap),
        total_capped=total > tuning.count_cap,
        stories=_by_story(session, hits),
        related=_related(
            session, parsed, filters, neighbours, tuning.related_limit, related_per_story
        ),
    )


# The kinds of entity a query names that tie a report in another language to it: places
# are named by too many reports of other events ("Japan").
_TYING_LABELS = frozenset({"PERSON", "ORG"})
# The longest name looked up, in words ("Ким Чен Ын").
_NAME_WORDS = 3


def named_in_query(session: Session, query: Query) -> list[set[int]]:
    """The people and organisations a query's words name, in any script or spelling: for
    each name, the entities it may be ("라브로프" is Lavrov by his alias); longer names first,
    a word taken once."""
    words = [word for term in query.positive_terms() for word in term.text.split()]
    named: list[set[int]] = []
    start = 0
    while start < len(words):
        for length in range(min(_NAME_WORDS, len(words) - start), 0, -1):
            ids = _entities_named(session, words[start : start + length])
            if ids:
                named.append(ids)
                start += length
                break
        else:
            start += 1
    return named


def _entities_named(session: Session, words: list[str]) -> set[int]:
    name = " ".join(words)
    # A Korean word carries its particle ("라브로프와"): the name is the word without it.
    spellings = {name, *(name[: -len(p)] for p in KOREAN_PARTICLES if name.endswith(p))}
    wanted = {normalise_name(s) for s in spellings if len(s) >= 2}
    # One of its names as written, not a compatible one: "minister" names no ministry.
    return {
        entity.id
        for spelling in spellings
        if len(spelling) >= 2
        for entity in entities_under(session, lookup_keys(spelling), spelling)
        if entity.label in _TYING_LABELS
        and any(
            normalise_name(n) in wanted for n in (entity.name, *(a.alias for a in entity.aliases))
        )
    }


def _names(entity: Entity) -> list[str]:
    return [entity.name, *(alias.alias for alias in entity.aliases)]


def naming_all(session: Session, named: list[set[int]], article_ids: list[int]) -> set[int]:
    """Those of the articles that name one of the entities of every name in `named`;
    none when nothing is named."""
    if not named:
        return set()
    left = set(article_ids)
    for ids in named:
        left &= set(mentioning(session, tuple(ids)))
    return left


def _related(
    session: Session,
    query: Query,
    filters: Filters,
    neighbours: list[Match],
    limit: int,
    per_story: int,
) -> list[SearchHit]:
    # One article per story for a reader: the list says which other stories are near, not
    # how many articles one of them has.
    if not neighbours or limit <= 0:
        return []
    ranked = [(m.canonical_id, m.score) for m in neighbours]
    return _hits(session, query, filters, ranked, {"semantic": neighbours}, limit, set(), per_story)


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
    hit = matching_ids(session, Query(clauses=(query.excluded,)), [m.article_id for m in matches])
    return [m for m in matches if m.article_id not in hit]


# The highest article id and the latest grouping time: one changes whenever an article is
# added or (re)embedded, since embedding is part of grouping.
def semantic_matches(
    session: Session,
    query: Query,
    filters: Filters,
    depth: int,
    min_similarity: float,
    *,
    vector: np.ndarray | None = None,
) -> list[Match]:
    """Articles nearest the query's embedding by cosine, best first, at least
    `min_similarity`: English articles by the English model, others by the multilingual
    one (a query not in English by it alone). `vector` is the query's English embedding
    when the caller has it: then every article is compared by it, as an answer reads them."""
    if query.empty:
        return []
    vectors = article_vectors(session)
    if not len(vectors.ids):
        return []
    wording = " ".join(term.text for term in query.positive_terms())
    english_query = vector is not None or is_english(detect_language(wording))
    across = None
    if vector is None:
        vector = embed_texts([wording])[0]
        across = embed_across_languages([wording])[0]
    allowed = _allowed(session, vectors, filters)
    rows = np.flatnonzero(allowed) if allowed is not None else np.arange(len(vectors.ids))
    scores = _scores(vectors, rows, vector, across, english_query)
    if allowed is not None:
        scores[~allowed[rows]] = -np.inf
    if not len(scores):
        return []
    depth = min(depth, len(scores))
    top = np.argpartition(-scores, depth - 1)[:depth]
    top = top[np.argsort(-scores[top], kind="stable")]
    return [
        Match(
            int(vectors.ids[rows[i]]),
            int(vectors.canonical[rows[i]]),
            float(scores[i]),
            across_languages=across is not None and bool(vectors.english[rows[i]] != english_query),
        )
        for i in top
        if scores[i] >= min_similarity
    ]


def _scores(
    vectors: ArticleVectors,
    rows: np.ndarray,
    english: np.ndarray,
    across: np.ndarray | None,
    english_query: bool,
) -> np.ndarray:
    # Each row by the model its pair of languages is compared by (see enrich/embed.py).
    if not len(rows):
        return np.empty(0, np.float32)
    whole = len(rows) == len(vectors.ids)
    if across is None:
        return (vectors.matrix if whole else vectors.matrix[rows]) @ english
    if not english_query:
        return (vectors.multilingual if whole else vectors.multilingual[rows]) @ across
    scores = (vectors.matrix if whole else vectors.matrix[rows]) @ english
    foreign = np.flatnonzero(~vectors.english[rows])
    scores[foreign] = vectors.multilingual[rows[foreign]] @ across
    return scores


def _allowed(session: Session, vectors: ArticleVectors, filters: Filters) -> np.ndarray | None:
    # The same conditions as Filters.sql, over the cached columns; hits are checked in SQL again.
    masks = []
    if not filters.include_stubs and vectors.stub.any():
        masks.append(~vectors.stub)
    if filters.outlet_ids is not None:
        masks.append(np.isin(vectors.outlet, filters.outlet_ids))
    if filters.since is not None:
        masks.append(vectors.published >= filters.since.timestamp())
    if filters.until is not None:
        masks.append(vectors.published < filters.until.timestamp())
    if filters.story_id is not None:
        masks.append(vectors.story == filters.story_id)
    if filters.entity_ids is not None:
        mentioned = mentioning(session, filters.entity_ids)
        masks.append(np.isin(vectors.ids, np.fromiter(mentioned, np.int64)))
    return np.logical_and.reduce(masks) if masks else None


def _hits(
    session: Session,
    query: Query,
    filters: Filters,
    fused: list[tuple[int, float]],
    lists: dict[str, list[Match]],
    limit: int,
    matched: set[int],
    per_story: int | None = None,
) -> list[SearchHit]:
    # A hit shows its canonical article when that passes the filters (and, for a match,
    # satisfies the query itself), else the copy that matched; at most `per_story` hits of
    # one story when given. Snippets are cut only for the hits kept: that is the cost.
    ranks = {
        name: {m.canonical_id: (r, m) for r, m in enumerate(ranked, 1)}
        for name, ranked in lists.items()
    }
    wanted = {key for key, _ in fused}
    for ranked in ranks.values():
        wanted |= {ranked[key][1].article_id for key, _ in fused if key in ranked}
    if not wanted:
        return []
    rows = hit_rows(session, wanted, filters)
    members = {
        key: [CopyHit(id=i, outlet=outlet) for i, outlet in group]
        for key, group in copy_groups(session, [key for key, _ in fused]).items()
    }
    hits = []
    taken: dict[int, int] = {}
    for key, score in fused:
        if len(hits) == limit:
            break
        full = ranks.get("fulltext", {}).get(key)
        near = ranks.get("semantic", {}).get(key)
        own = rows.get(key) if not matched or key in matched else None
        row = own or next(
            (rows[m.article_id] for _, m in filter(None, (full, near)) if m.article_id in rows),
            None,
        )
        if row is None:
            continue
        if per_story is not None and row.story_id is not None:
            if taken.get(row.story_id, 0) >= per_story:
                continue
            taken[row.story_id] = taken.get(row.story_id, 0) + 1
        snippet = make_snippet(row.text, query)
        hits.append(
            SearchHit(
                id=row.id,
                title=row.title,
                outlet=row.name,
                published_at=row.published_at,
                story_id=row.story_id,
                snippet=snippet,
                score=score,
                title_matches=match_spans(row.title, query),
                snippet_matches=match_spans(snippet, query),
                fulltext_rank=full[0] if full else None,
                fulltext_score=full[1].score if full else None,
                semantic_rank=near[0] if near else None,
                similarity=near[1].score if near else None,
                copies=[c for c in members.get(key, []) if c.id != row.id],
            )
        )
    return hits


def _by_story(session: Session, hits: list[SearchHit]) -> list[StoryHits]:
    story_ids = {h.story_id for h in hits if h.story_id is not None}
    titles = story_titles(session, story_ids)
    groups: dict[tuple[str, int], list[SearchHit]] = {}
    for hit in hits:
        key = ("story", hit.story_id) if hit.story_id is not None else ("article", hit.id)
        groups.setdefault(key, []).append(hit)
    return [
        StoryHits(
            story_id=found[0].story_id,
            title=titles.get(found[0].story_id, found[0].title)
            if found[0].story_id is not None
            else found[0].title,
            hits=found,
        )
        for found in groups.values()
    ]
