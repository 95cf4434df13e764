"""The reader's HTML pages at stable addresses: front page, story, article, entity, thread,
search, ask and sources. Handlers parse, call the store, and render."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.responses import Response

from newsdesk.store import present as present_store
from newsdesk.store.comments import comment_counts, comments_on
from newsdesk.store.documents import article_record
from newsdesk.store.enrichment import enrichment_record
from newsdesk.store.grouping import grouping_record
from newsdesk.store.models import Article, Source, Story, utcnow
from newsdesk.store.present import answer_record, article_summary_record, related_records
from newsdesk.store.reader import (
    FrontPage,
    corpus_version,
    entity_page,
    failed_documents,
    fold_copies,
    front_page,
    latest_articles,
    quotes_by_speaker,
    source_rows,
    thread_stories,
)
from newsdesk.store.search import SearchError, search
from newsdesk.web.chart import volume_chart
from newsdesk.web.context import Reader, Viewer, reader, render, viewer

router = APIRouter(include_in_schema=False)

# Ids are 32-bit on PostgreSQL; a larger number cannot name anything.
MAX_ID = 2**31 - 1
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
PER_PAGE = 20
Mode = Literal["fused", "fulltext", "semantic"]


@router.get("/", response_class=HTMLResponse)
def front(request: Request, page: Annotated[int, Query(ge=1, le=10_000)] = 1) -> Response:
    """Top stories ranked by freshness and breadth of coverage, and the latest articles."""
    state = reader(request)
    with state.store.session() as session:
        user = viewer(request, session)
        ranked, latest = cached_front(state, session, page)
        counts = comment_counts(session, story_ids=[s["id"] for s in ranked.stories])  # type: ignore[misc]
    return render(
        request,
        "front.html",
        {"front": ranked, "comment_counts": counts, "latest": latest},
        user=user,
    )


def cached_front(state: Reader, session: Session, page: int) -> tuple[FrontPage, list]:
    """A page of the front page and the latest articles, recomputed when the corpus changes."""
    return state.fronts.get_or_make(
        (page, corpus_version(session)),
        lambda: (
            front_page(session, page=page, per_page=PER_PAGE),
            latest_articles(session, limit=10) if page == 1 else [],
        ),
    )


def cached_story(state: Reader, session: Session, story: Story) -> dict[str, object]:
    """The story's record (summary, key points, ...), recomputed only when the story changes."""
    key = (story.id, story.updated_at, story.size)
    record = state.stories.get_or_make(
        key, lambda: present_store.story_record(session, story.id, utcnow())
    )
    assert record is not None  # the story exists: it was just read
    return record


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: Id) -> Response:
    """A story's full coverage: summary, key points, timeline, who's who, quotes,
    coverage comparison, articles by outlet, and its thread."""
    state = reader(request)
    with state.store.session() as session:
        user = viewer(request, session)
        story = session.get(Story, story_id)
        if story is None:
            raise HTTPException(404, f"There is no story {story_id}.")
        record = cached_story(state, session, story)
        article_ids = [a["id"] for a in record["articles"]]  # type: ignore[attr-defined]
        quotes = quotes_by_speaker(session, article_ids)
        thread = thread_stories(session, story.thread_id)
        comments = comments_on(session, story_id=story_id, include_hidden=bool(user))
        counts = comment_counts(session, article_ids=article_ids)
    return render(
        request,
        "story.html",
        {
            "story": record,
            "by_outlet": fold_copies(record["articles"]),  # type: ignore[arg-type]
            "quotes": quotes,
            "thread": thread,
            "coverage": record.get("coverage"),
            "comments": _visible(comments, user),
            "comment_target": f"/stories/{story_id}/comments",
            "comment_counts": counts,
        },
        user=user,
    )


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: Id) -> Response:
    """One article with its AI features panel, related articles and comments."""
    state = reader(request)
    with state.store.session() as session:
        user = viewer(request, session)
        article = session.get(Article, article_id)
        if article is None:
            raise HTTPException(404, f"There is no article {article_id}.")
        record = {
            **article_record(article),
            **grouping_record(session, article),
            **enrichment_record(session, article),
        }
        record["paragraphs"] = [p.strip() for p in article.text.split("\n\n") if p.strip()]
        record["url"] = _web_link(article.url)
        summary = state.articles.get_or_make(
            ("summary", article.id, article.updated_at),
            lambda: article_summary_record(session, article),
        )
        related = state.related.get_or_make(
            ("related", article.id), lambda: related_records(session, article.id, utcnow())
        )
        story = session.get(Story, article.story_id) if article.story_id else None
        key_points = []
        if story is not None:
            story_record = cached_story(state, session, story)
            key_points = [
                point
                for point in story_record["key_points"]  # type: ignore[attr-defined]
                if any(c["article_id"] == article.id for c in point["citations"])
            ]
        comments = comments_on(session, article_id=article_id, include_hidden=bool(user))
    return render(
        request,
        "article.html",
        {
            "article": record,
            "summary": summary,
            "key_points": key_points,
            "timeline": sorted((e for e in record["events"] if e["date"]), key=lambda e: e["date"]),
            "related": related or [],
            "story": story,
            "comments": _visible(comments, user),
            "comment_target": f"/articles/{article_id}/comments",
        },
        user=user,
    )


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_view(request: Request, entity_id: Id) -> Response:
    """An entity: names, roles over time, stories, quotes and mention volume."""
    with reader(request).store.session() as session:
        user = viewer(request, session)
        record = entity_page(session, entity_id)
    if record is None:
        raise HTTPException(404, f"There is no entity {entity_id}.")
    chart = volume_chart(record["volume"]["buckets"])  # type: ignore[index]
    return render(request, "entity.html", {"entity": record, "chart": chart}, user=user)


@router.get("/threads/{thread_id}", response_class=HTMLResponse)
def thread_view(request: Request, thread_id: Id) -> Response:
    """The stories of a thread, earliest first."""
    with reader(request).store.session() as session:
        user = viewer(request, session)
        stories = thread_stories(session, thread_id)
    if not stories:
        raise HTTPException(404, f"There is no thread {thread_id}.")
    return render(request, "thread.html", {"thread_id": thread_id, "stories": stories}, user=user)


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    q: Annotated[str, Query(max_length=500)] = "",
    outlet: Annotated[str | None, Query(max_length=300)] = None,
    since: Annotated[str, Query(max_length=40)] = "",
    until: Annotated[str, Query(max_length=40)] = "",
    entity: Annotated[str | None, Query(max_length=300)] = None,
    story: Annotated[str, Query(max_length=12)] = "",
    mode: Mode = "fused",
) -> Response:
    """Search with filters; results grouped by story. The form sends empty fields for
    filters left blank, so empty means none; anything else malformed is a 400."""
    since_day, until_day = _day(since, "since"), _day(until, "until")
    story_id = _story_id(story)
    filters = {
        "q": q,
        "outlet": outlet or "",
        "since": since_day,
        "until": until_day,
        "entity": entity or "",
        "story": story_id,
        "mode": mode,
    }
    results, error = None, None
    with reader(request).store.session() as session:
        user = viewer(request, session)
        outlets = list(session.scalars(select(Source.name).order_by(Source.name)))
        if q.strip():
            try:
                results = search(
                    session,
                    q,
                    outlet=outlet or None,
                    since=since_day,
                    until=until_day,
                    entity=entity_filter(entity),
                    story=story_id,
                    mode=mode,
                )
            except SearchError as found:
                error = str(found)
    return render(
        request,
        "search.html",
        {"filters": filters, "results": results, "error": error, "outlets": outlets},
        user=user,
        status_code=400 if error else 200,
    )


@router.get("/ask", response_class=HTMLResponse)
def ask_page(
    request: Request,
    q: Annotated[str, Query(max_length=500)] = "",
    story: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> Response:
    """A question answered from the stored articles, every sentence cited."""
    answer = None
    with reader(request).store.session() as session:
        user = viewer(request, session)
        about = session.get(Story, story) if story else None
        if q.strip():
            answer = answer_record(session, q, story=about.id if about else None)
    return render(request, "ask.html", {"q": q, "answer": answer, "about": about}, user=user)


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request) -> Response:
    """Outlets with article counts and when they last came in, and inputs that failed."""
    with reader(request).store.session() as session:
        user = viewer(request, session)
        sources = source_rows(session)
        failures = failed_documents(session)
    return render(request, "sources.html", {"sources": sources, "failures": failures}, user=user)


def _day(value: str, name: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise HTTPException(400, f"{name}: {value!r} is not a date like 2024-01-17") from None


def _story_id(value: str) -> int | None:
    if not value.strip():
        return None
    if not value.strip().isdigit() or not 1 <= int(value) <= MAX_ID:
        raise HTTPException(400, f"story: {value!r} is not a story id")
    return int(value)


def entity_filter(entity: str | None) -> str | int | None:
    if not entity:
        return None
    return int(entity) if entity.isdigit() and int(entity) <= MAX_ID else entity


def _visible(comments: list, user: Viewer | None) -> list:
    """Hidden comments only for moderators, who see them marked."""
    if user is not None and user.is_moderator:
        return comments
    return [c for c in comments if not c.hidden]


def _web_link(url: str | None) -> str | None:
    # Only web links become hrefs: a `javascript:` URL from a feed must not run.
    return url if (url or "").startswith(("http://", "https://")) else None
