"""The REST API under /api/v1: JSON for articles, stories, entities, search, answers and
comments (read freely; write with a session and CSRF header, or an API token), and
ingest with an admin token through the same pipeline as `newsdesk ingest`.

Every response is a read-layer record (`newsdesk.read.records`), the same one the CLI
prints with `--json`; the OpenAPI schema lists the errors each operation really returns.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi import Path as FastPath
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session
from starlette.responses import JSONResponse, Response

from newsdesk.errors import FetchError, UnsafeURLError
from newsdesk.read.answers import answer
from newsdesk.read.articles import article_rows
from newsdesk.read.comments import comment_record, comments_for, require_target
from newsdesk.read.entities import entity_rows
from newsdesk.read.following import Following, following
from newsdesk.read.outlets import outlet_rows
from newsdesk.read.records import (
    Answer,
    ArticleRow,
    ArticleView,
    CommentRecord,
    EntityRecord,
    EntityView,
    FrontStories,
    OutletRow,
    RelatedArticle,
    SearchResults,
    StoryView,
)
from newsdesk.read.search import search
from newsdesk.read.views import RELATED_KEPT, stored_entity_view, stored_related
from newsdesk.store.comments import (
    delete_comment,
    edit_comment,
    hide_comment,
    post_comment,
)
from newsdesk.store.follows import follow, is_following, last_visit, unfollow
from newsdesk.store.models import Account, utcnow
from newsdesk.web.context import Viewer, reader, viewer
from newsdesk.web.ingest_api import (
    DocumentIn,
    IngestOutcome,
    UrlIn,
    ingest_from_url,
    ingest_posted,
)
from newsdesk.web.pages import MAX_ID, Id, cached_article, cached_front, cached_story, entity_filter
from newsdesk.web.security import CSRF_HEADER, csrf_valid


class ErrorDetail(BaseModel):
    """What went wrong, in words."""

    detail: str


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The error responses an operation documents: each status with the `{"detail"}` body."""
    words = {
        400: "A malformed parameter or body, named in the detail",
        401: "No API token or session",
        403: "The account may not do this (or the CSRF header is missing)",
        404: "No such record",
        413: "The request body is over the size limit",
        429: "Too many comments; Retry-After says when to try again",
        502: "The URL could not be fetched",
    }
    return {status: {"model": ErrorDetail, "description": words[status]} for status in statuses}


# An ingest that could not read its document answers its outcome (the reason in
# report.errors); a malformed request answers {"detail"}, as everywhere.
UNREADABLE: dict[int | str, dict[str, Any]] = {
    400: {
        "model": IngestOutcome | ErrorDetail,
        "description": "The document could not be read, or the request is malformed",
    }
}
READ = _errors(400)
ONE = _errors(400, 404)
WRITE = _errors(400, 401, 403, 404, 413)

router = APIRouter(prefix="/api/v1", tags=["newsdesk"])

Limit = Annotated[int, Query(ge=1, le=200)]
# As many as an article's kept page holds: more would be computed in the request, which
# anonymous readers could repeat at will.
RelatedLimit = Annotated[int, Query(ge=1, le=RELATED_KEPT)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]


class CommentIn(BaseModel):
    """A comment's text."""

    body: str = Field(min_length=1, max_length=5000)


class HiddenIn(BaseModel):
    """Whether a comment is hidden from readers."""

    hidden: bool = True


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


@router.get("/stories", response_model=FrontStories, responses=READ)
def list_stories(
    request: Request, page: Annotated[int, Query(ge=1, le=10_000)] = 1
) -> FrontStories:
    """Stories as on the front page: ranked by freshness and outlet count, 20 a page, and
    the sections they are filed in (a place, organisation or person, or the rest), each
    listing its stories' ids in rank order."""
    state = reader(request)
    with state.store.session() as session:
        kept = cached_front(state, session, page)
    return FrontStories(**dict(kept.front), sections=kept.sections)


@router.get("/stories/{story_id}", response_model=StoryView, responses=ONE)
def get_story(request: Request, story_id: Id) -> StoryView:
    """A story: cited summary, key points, who's who, timeline, coverage, quotes by speaker,
    articles, and the stories of its thread."""
    state = reader(request)
    with state.store.session() as session:
        return cached_story(state, session, story_id)


@router.get("/articles", response_model=list[ArticleRow], responses=READ)
def list_articles(request: Request, limit: Limit = 50, offset: Offset = 0) -> list[ArticleRow]:
    """Articles, newest first (teaser stubs included, marked)."""
    with reader(request).store.session() as session:
        return article_rows(session, limit=limit, offset=offset)


@router.get("/articles/{article_id}", response_model=ArticleView, responses=ONE)
def get_article(request: Request, article_id: Id) -> ArticleView:
    """An article with every stored field and its summary (the `show --json` shape)."""
    state = reader(request)
    with state.store.session() as session:
        return cached_article(state, session, article_id)


@router.get("/articles/{article_id}/related", response_model=list[RelatedArticle], responses=ONE)
def get_related(
    request: Request, article_id: Id, limit: RelatedLimit = RELATED_KEPT
) -> list[RelatedArticle]:
    """Articles related to one: its story from other outlets first, then its thread."""
    state = reader(request)
    with state.store.session() as session:
        return stored_related(session, article_id, state.settings, utcnow(), limit=limit)


@router.get("/entities", response_model=list[EntityRecord], responses=READ)
def list_entities(request: Request, limit: Limit = 50) -> list[EntityRecord]:
    """Entities with aliases and article counts, most mentioned first."""
    with reader(request).store.session() as session:
        return entity_rows(session, limit=limit)


@router.get("/entities/{entity_id}", response_model=EntityView, responses=ONE)
def get_entity(request: Request, entity_id: Id) -> EntityView:
    """An entity: names, roles, stories, quotes and mention volume over time."""
    state = reader(request)
    with state.store.session() as session:
        return stored_entity_view(session, entity_id, state.settings)


@router.get("/sources", response_model=list[OutletRow])
def list_sources(request: Request) -> list[OutletRow]:
    """Outlets with article counts, latest publication and last received."""
    with reader(request).store.session() as session:
        return outlet_rows(session)


@router.get("/search", response_model=SearchResults, responses=READ)
def search_articles(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=500)],
    outlet: Annotated[str | None, Query(max_length=300)] = None,
    since: date | None = None,
    until: date | None = None,
    entity: Annotated[str | None, Query(max_length=300)] = None,
    story: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    mode: Literal["fused", "fulltext", "semantic"] = "fused",
    sort: Literal["relevance", "date"] = "relevance",
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> SearchResults:
    """The articles that satisfy the query (every word and phrase, no excluded term), best
    or latest first, grouped by story, with `total` and the offsets of the words matched
    (`title_matches`, `snippet_matches`, into the plain text); apart, `related` articles
    close in meaning that do not satisfy it (the `search --json` shape); 400 naming an
    unknown outlet or entity."""
    state = reader(request)
    with state.store.session() as session:
        return search(
            session,
            q,
            outlet=outlet,
            since=since,
            until=until,
            entity=entity_filter(entity),
            story=story,
            mode=mode,
            sort=sort,
            limit=limit,
            tuning=state.settings.search,
        )


@router.get("/ask", response_model=Answer, responses=READ)
def ask(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=500)],
    story: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> Answer:
    """An extractive answer (from one story's articles, if given), every sentence cited, or
    found=false with a message."""
    state = reader(request)
    with state.store.session() as session:
        return answer(
            session,
            q,
            story=story,
            floor=state.settings.reading.answer_floor,
            search_tuning=state.settings.search,
        )


@router.get("/articles/{article_id}/comments", response_model=list[CommentRecord], responses=ONE)
def article_comments(request: Request, article_id: Id) -> list[CommentRecord]:
    """The visible comments on an article, oldest first."""
    return _comments(request, article_id=article_id)


@router.get("/stories/{story_id}/comments", response_model=list[CommentRecord], responses=ONE)
def story_comments(request: Request, story_id: Id) -> list[CommentRecord]:
    """The visible comments on a story, oldest first."""
    return _comments(request, story_id=story_id)


def _comments(request: Request, **target: int) -> list[CommentRecord]:
    with reader(request).store.session() as session:
        return comments_for(session, **target)


@router.post(
    "/articles/{article_id}/comments",
    status_code=201,
    response_model=CommentRecord,
    responses={**WRITE, **_errors(429)},
)
def post_article_comment(request: Request, article_id: Id, comment: CommentIn) -> CommentRecord:
    """Comment on an article (token or session with CSRF header); 429 when rate limited."""
    return _post(request, comment, article_id=article_id)


@router.post(
    "/stories/{story_id}/comments",
    status_code=201,
    response_model=CommentRecord,
    responses={**WRITE, **_errors(429)},
)
def post_story_comment(request: Request, story_id: Id, comment: CommentIn) -> CommentRecord:
    """Comment on a story (token or session with CSRF header); 429 when rate limited."""
    return _post(request, comment, story_id=story_id)


def _post(request: Request, comment: CommentIn, **target: int) -> CommentRecord:
    with reader(request).store.session() as session:
        account = writer(request, session)
        require_target(session, **target)
        return comment_record(post_comment(session, account, comment.body, **target))


FollowKind = Annotated[Literal["story", "entity"], FastPath()]


class FollowState(BaseModel):
    """Whether the account follows a story or an entity."""

    kind: Literal["story", "entity"]
    id: int
    following: bool


@router.get("/following", response_model=Following, responses=_errors(401))
def get_following(request: Request) -> Following:
    """What the account follows, with the newest articles of each; those after the last
    visit to the Following page are marked new (reading here does not count as a visit)."""
    with reader(request).store.session() as session:
        user = viewer(request, session)
        account = session.get(Account, user.id) if user is not None else None
        if account is None:
            raise HTTPException(
                401,
                "Send an API token (Authorization: Bearer ...) or log in.",
                headers={"WWW-Authenticate": "Bearer"},
            )
        return following(session, account, since=last_visit(session, account))


@router.put("/following/{kind}/{target_id}", response_model=FollowState, responses=WRITE)
def put_follow(request: Request, kind: FollowKind, target_id: Id) -> FollowState:
    """Follow a story or an entity (following twice is one follow)."""
    with reader(request).store.session() as session:
        account = writer(request, session)
        follow(session, account, kind, target_id)
        return FollowState(kind=kind, id=target_id, following=True)


@router.delete("/following/{kind}/{target_id}", response_model=FollowState, responses=WRITE)
def delete_follow(request: Request, kind: FollowKind, target_id: Id) -> FollowState:
    """Stop following a story or an entity."""
    with reader(request).store.session() as session:
        account = writer(request, session)
        unfollow(session, account, kind, target_id)
        return FollowState(
            kind=kind, id=target_id, following=is_following(session, account, kind, target_id)
        )


@router.patch("/comments/{comment_id}", response_model=CommentRecord, responses=WRITE)
def patch_comment(request: Request, comment_id: Id, comment: CommentIn) -> CommentRecord:
    """Edit one's own comment."""
    with reader(request).store.session() as session:
        account = writer(request, session)
        return comment_record(edit_comment(session, account, comment_id, comment.body))


@router.delete("/comments/{comment_id}", status_code=204, responses=WRITE)
def remove_comment(request: Request, comment_id: Id) -> Response:
    """Delete one's own comment, or any as a moderator."""
    with reader(request).store.session() as session:
        account = writer(request, session)
        delete_comment(session, account, comment_id)
    return Response(status_code=204)


@router.post("/comments/{comment_id}/hidden", response_model=CommentRecord, responses=WRITE)
def set_hidden(request: Request, comment_id: Id, change: HiddenIn) -> CommentRecord:
    """Hide a comment from readers or show it again (moderators)."""
    with reader(request).store.session() as session:
        account = writer(request, session)
        return comment_record(hide_comment(session, account, comment_id, change.hidden))


@router.post(
    "/ingest/url",
    status_code=201,
    response_model=IngestOutcome,
    responses={**_errors(401, 403, 413, 502), **UNREADABLE, 200: {"model": IngestOutcome}},
)
def ingest_url(request: Request, wanted: UrlIn) -> Response:
    """Fetch a URL and ingest it with an admin token, as `POST /ingest` does a body. A URL
    reaching a private or local address is refused (400) unless the operator allows it;
    one that cannot be fetched gives 502 with the reason."""
    state = reader(request)
    with state.store.session() as session:
        writer(request, session, role="admin")
    try:
        outcome = ingest_from_url(state.store, state.settings, wanted)
    except UnsafeURLError as error:
        return JSONResponse({"detail": str(error)}, status_code=400)
    except FetchError as error:
        return JSONResponse({"detail": str(error)}, status_code=502)
    return _outcome(outcome)


@router.post(
    "/ingest",
    status_code=201,
    response_model=IngestOutcome,
    responses={**_errors(401, 403, 413), **UNREADABLE, 200: {"model": IngestOutcome}},
)
def ingest(request: Request, document: DocumentIn) -> Response:
    """Ingest one document (text, HTML, a feed or a JSONL record) with an admin token:
    stored raw, extracted, enriched and grouped as `newsdesk ingest` does. 201 when new,
    200 for a duplicate, 400 (with the reason) when it cannot be read."""
    state = reader(request)
    with state.store.session() as session:
        writer(request, session, role="admin")
    return _outcome(ingest_posted(state.store, state.settings, document))


def _outcome(outcome: IngestOutcome) -> Response:
    status = 400 if outcome.report.failed else 200 if outcome.report.duplicate else 201
    return JSONResponse(outcome.model_dump(mode="json"), status_code=status)
