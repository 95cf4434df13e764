"""The REST API under /api/v1: JSON for articles, stories, entities, search, answers and
comments (read freely; write with a session and CSRF header, or an API token), and
ingest with an admin token through the same pipeline as `newsdesk ingest`."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated, Any, Literal

import numpy as np
from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.responses import Response

from newsdesk.errors import FetchError, UnsafeURLError
from newsdesk.store.comments import (
    comment_json,
    comments_on,
    delete_comment,
    edit_comment,
    hide_comment,
    post_comment,
)
from newsdesk.store.documents import article_record, article_summary
from newsdesk.store.enrichment import enrichment_record, entity_rows
from newsdesk.store.grouping import grouping_record
from newsdesk.store.models import Account, Article, Story, utcnow
from newsdesk.store.present import answer_record, article_summary_record, related_records
from newsdesk.store.reader import (
    entity_page,
    quotes_by_speaker,
    source_rows,
    thread_stories,
)
from newsdesk.store.search import SearchError, search
from newsdesk.web.context import Viewer, reader, viewer
from newsdesk.web.ingest_api import DocumentIn, UrlIn, ingest_document, ingest_from_url
from newsdesk.web.pages import MAX_ID, Id, cached_front, cached_story, entity_filter
from newsdesk.web.security import CSRF_HEADER, csrf_valid

router = APIRouter(prefix="/api/v1", tags=["newsdesk"])

Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]


class CommentIn(BaseModel):
    """A comment's text."""

    body: str = Field(min_length=1, max_length=5000)


class HiddenIn(BaseModel):
    """Whether a comment is hidden from readers."""

    hidden: bool = True


def as_json(value: Any, status_code: int = 200) -> Response:
    """A JSON response; datetimes as ISO 8601, numpy numbers as plain ones."""
    return Response(
        json.dumps(value, default=_encode, ensure_ascii=False),
        status_code=status_code,
        media_type="application/json",
    )


def _encode(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def writer(request: Request, session: Session, *, role: str | None = None) -> Account:
    """The account writing: by API token, or by session cookie with the CSRF header;
    401 without either, 403 with a bad CSRF header or without the role asked for."""
    user: Viewer | None = viewer(request, session)
    if user is None:
        raise HTTPException(
            401,
            "Send an API token (Authorization: Bearer ...) or log in.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not user.via_token and not csrf_valid(request, request.headers.get(CSRF_HEADER)):
        raise HTTPException(403, "A session-authenticated write needs the X-CSRF-Token header.")
    if role == "admin" and user.role != "admin":
        raise HTTPException(403, "Only an admin token can do this.")
    account = session.get(Account, user.id)
    if account is None:
        raise HTTPException(401, "This account no longer exists.")
    return account


@router.get("/stories")
def list_stories(request: Request, page: Annotated[int, Query(ge=1, le=10_000)] = 1) -> Response:
    """Stories as on the front page: ranked by freshness and outlet count, 20 a page."""
    state = reader(request)
    with state.store.session() as session:
        found, _ = cached_front(state, session, page)
    return as_json(
        {
            "page": found.page,
            "has_more": found.has_more,
            "total": found.total,
            "stories": found.stories,
        }
    )


@router.get("/stories/{story_id}")
def get_story(request: Request, story_id: Id) -> Response:
    """A story: cited summary, key points, who's who, timeline, coverage, quotes by speaker,
    articles, and the stories of its thread."""
    state = reader(request)
    with state.store.session() as session:
        story = session.get(Story, story_id)
        if story is None:
            raise HTTPException(404, f"There is no story {story_id}.")
        record = dict(cached_story(state, session, story))
        ids = [a["id"] for a in record["articles"]]  # type: ignore[attr-defined]
        record["quotes"] = quotes_by_speaker(session, ids)
        record["thread"] = thread_stories(session, story.thread_id)
    return as_json(record)


@router.get("/articles")
def list_articles(request: Request, limit: Limit = 50, offset: Offset = 0) -> Response:
    """Articles, newest first (teaser stubs included, marked)."""
    with reader(request).store.session() as session:
        articles = session.scalars(
            select(Article)
            .order_by(Article.published_at.desc().nulls_last(), Article.id.desc())
            .offset(offset)
            .limit(limit)
        )
        rows = [article_summary(a) for a in articles]
    return as_json(rows)


@router.get("/articles/{article_id}")
def get_article(request: Request, article_id: Id) -> Response:
    """An article with every stored field (the `show --json` shape) and its summary."""
    state = reader(request)
    with state.store.session() as session:
        article = session.get(Article, article_id)
        if article is None:
            raise HTTPException(404, f"There is no article {article_id}.")
        record = {
            **article_record(article),
            **grouping_record(session, article),
            **enrichment_record(session, article),
        }
        record["summary"] = state.articles.get_or_make(
            ("summary", article.id, article.updated_at),
            lambda: article_summary_record(session, article),
        )
    return as_json(record)


@router.get("/articles/{article_id}/related")
def get_related(request: Request, article_id: Id, limit: Limit = 10) -> Response:
    """Articles related to one: its story from other outlets first, then its thread."""
    with reader(request).store.session() as session:
        rows = related_records(session, article_id, utcnow(), limit=limit)
    if rows is None:
        raise HTTPException(404, f"There is no article {article_id}.")
    return as_json(rows)


@router.get("/entities")
def list_entities(request: Request, limit: Limit = 50) -> Response:
    """Entities with aliases and article counts, most mentioned first."""
    with reader(request).store.session() as session:
        rows = entity_rows(session, limit=limit)
    return as_json(rows)


@router.get("/entities/{entity_id}")
def get_entity(request: Request, entity_id: Id) -> Response:
    """An entity: names, roles, stories, quotes and mention volume over time."""
    with reader(request).store.session() as session:
        record = entity_page(session, entity_id)
    if record is None:
        raise HTTPException(404, f"There is no entity {entity_id}.")
    return as_json(record)


@router.get("/sources")
def list_sources(request: Request) -> Response:
    """Outlets with article counts, latest publication and last received."""
    with reader(request).store.session() as session:
        rows = source_rows(session)
    return as_json(rows)


@router.get("/search")
def search_articles(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=500)],
    outlet: Annotated[str | None, Query(max_length=300)] = None,
    since: date | None = None,
    until: date | None = None,
    entity: Annotated[str | None, Query(max_length=300)] = None,
    story: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    mode: Literal["fused", "fulltext", "semantic"] = "fused",
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> Response:
    """Full-text and semantic search fused, grouped by story (the `search --json` shape)."""
    with reader(request).store.session() as session:
        try:
            results = search(
                session,
                q,
                outlet=outlet,
                since=since,
                until=until,
                entity=entity_filter(entity),
                story=story,
                mode=mode,
                limit=limit,
            )
        except SearchError as error:
            raise HTTPException(400, str(error)) from None
    return as_json(results.as_json())


@router.get("/ask")
def ask(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=500)],
    story: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> Response:
    """An extractive answer (from one story's articles, if given), every sentence cited, or
    found=false with a message."""
    with reader(request).store.session() as session:
        record = answer_record(session, q, story=story)
    return as_json(record)


@router.get("/articles/{article_id}/comments")
def article_comments(request: Request, article_id: Id) -> Response:
    """The visible comments on an article, oldest first."""
    return _comments(request, article_id=article_id)


@router.get("/stories/{story_id}/comments")
def story_comments(request: Request, story_id: Id) -> Response:
    """The visible comments on a story, oldest first."""
    return _comments(request, story_id=story_id)


def _comments(request: Request, **target: int) -> Response:
    with reader(request).store.session() as session:
        model = Article if "article_id" in target else Story
        if session.get(model, next(iter(target.values()))) is None:
            raise HTTPException(404, "There is no such article or story.")
        rows = [comment_json(c) for c in comments_on(session, **target)]
    return as_json(rows)


@router.post("/articles/{article_id}/comments", status_code=201)
def post_article_comment(request: Request, article_id: Id, comment: CommentIn) -> Response:
    """Comment on an article (token or session with CSRF header); 429 when rate limited."""
    return _post(request, comment, article_id=article_id)


@router.post("/stories/{story_id}/comments", status_code=201)
def post_story_comment(request: Request, story_id: Id, comment: CommentIn) -> Response:
    """Comment on a story (token or session with CSRF header); 429 when rate limited."""
    return _post(request, comment, story_id=story_id)


def _post(request: Request, comment: CommentIn, **target: int) -> Response:
    with reader(request).store.session() as session:
        account = writer(request, session)
        model = Article if "article_id" in target else Story
        if session.get(model, next(iter(target.values()))) is None:
            raise HTTPException(404, "There is no such article or story.")
        stored = post_comment(session, account, comment.body, **target)
        record = comment_json(stored)
    return as_json(record, status_code=201)


@router.patch("/comments/{comment_id}")
def patch_comment(request: Request, comment_id: Id, comment: CommentIn) -> Response:
    """Edit one's own comment."""
    with reader(request).store.session() as session:
        account = writer(request, session)
        record = comment_json(edit_comment(session, account, comment_id, comment.body))
    return as_json(record)


@router.delete("/comments/{comment_id}", status_code=204)
def remove_comment(request: Request, comment_id: Id) -> Response:
    """Delete one's own comment, or any as a moderator."""
    with reader(request).store.session() as session:
        account = writer(request, session)
        delete_comment(session, account, comment_id)
    return Response(status_code=204)


@router.post("/comments/{comment_id}/hidden")
def set_hidden(request: Request, comment_id: Id, change: HiddenIn) -> Response:
    """Hide a comment from readers or show it again (moderators)."""
    with reader(request).store.session() as session:
        account = writer(request, session)
        record = comment_json(hide_comment(session, account, comment_id, change.hidden))
    return as_json(record)


@router.post("/ingest/url", status_code=201)
def ingest_url(request: Request, wanted: UrlIn) -> Response:
    """Fetch a URL and ingest it with an admin token, as `POST /ingest` does a body. A URL
    reaching a private or local address is refused (400) unless the operator allows it;
    one that cannot be fetched gives 502 with the reason."""
    state = reader(request)
    with state.store.session() as session:
        writer(request, session, role="admin")
    try:
        result = ingest_from_url(state.store, state.settings, wanted)
    except UnsafeURLError as error:
        return as_json({"error": str(error)}, status_code=400)
    except FetchError as error:
        return as_json({"error": str(error)}, status_code=502)
    status = 400 if result["report"]["failed"] else 200 if result["report"]["duplicate"] else 201  # type: ignore[index]
    return as_json(result, status_code=status)


@router.post("/ingest", status_code=201)
def ingest(request: Request, document: DocumentIn) -> Response:
    """Ingest one document (text, HTML, a feed or a JSONL record) with an admin token:
    stored raw, extracted, enriched and grouped as `newsdesk ingest` does. 201 when new,
    200 for a duplicate, 400 (with the reason) when it cannot be read."""
    state = reader(request)
    with state.store.session() as session:
        writer(request, session, role="admin")
    result = ingest_document(state.store, state.settings, document)
    status = 400 if result["report"]["failed"] else 200 if result["report"]["duplicate"] else 201  # type: ignore[index]
    return as_json(result, status_code=status)
