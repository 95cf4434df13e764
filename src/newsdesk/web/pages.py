"""The reader's HTML pages at stable addresses: front page, story, article, entity, thread,
search, ask and sources. Handlers parse, call the store, and render."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from newsdesk.errors import InputError, NotFound, SearchError
from newsdesk.read.answers import answer
from newsdesk.read.entities import other_names
from newsdesk.read.front import FRONT_PER_PAGE
from newsdesk.read.images import article_image, lead_images
from newsdesk.read.outlets import failed_inputs, outlet_names, outlet_rows
from newsdesk.read.records import ArticleView, FrontView, StoryView
from newsdesk.read.search import search
from newsdesk.read.stories import group_by_outlet, thread_stories
from newsdesk.read.views import (
    front_version,
    stored_article_page,
    stored_entity_view,
    stored_front_view,
    stored_story_view,
)
from newsdesk.store.comments import comment_counts, comments_on
from newsdesk.store.follows import is_following
from newsdesk.store.models import Account, Story, utcnow
from newsdesk.web.chart import volume_chart
from newsdesk.web.context import Reader, Viewer, reader, render, viewer

router = APIRouter(include_in_schema=False)

# Ids are 32-bit on PostgreSQL; a larger number cannot name anything.
MAX_ID = 2**31 - 1
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
PER_PAGE = FRONT_PER_PAGE
Mode = Literal["fused", "fulltext", "semantic"]
Sort = Literal["relevance", "date"]


@router.get("/", response_class=HTMLResponse)
def front(request: Request, page: Annotated[int, Query(ge=1, le=10_000)] = 1) -> Response:
    """Top stories ranked by freshness and breadth of coverage, and the latest articles."""
    state = reader(request)
    with state.store.session() as session:
        user = viewer(request, session)
        kept = cached_front(state, session, page)
        ranked = kept.front
        counts = comment_counts(session, story_ids=[s.id for s in ranked.stories])
        images = lead_images(session, [s.id for s in ranked.stories])
    return render(
        request,
        "front.html",
        {
            "front": ranked,
            "comment_counts": counts,
            "latest": kept.latest,
            "sections": kept.sections,
            "cards": {card.id: card for card in ranked.stories},
            "per_page": PER_PAGE,
            "images": images,
        },
        user=user,
    )


def cached_front(state: Reader, session: Session, page: int) -> FrontView:
    """A page of the front page (ranked stories, their sections, the latest articles) as
    the pipeline kept it (built once, and kept, if it is not), held by this process until
    the corpus changes."""
    version = front_version(session, state.settings)
    return state.fronts.get_or_make(
        (page, version), lambda: stored_front_view(session, page, state.settings, version)
    )


def cached_story(state: Reader, session: Session, story_id: int) -> StoryView:
    """The story's view as the pipeline kept it (built once, and kept, if it is not);
    NotFound when there is no such story."""
    return stored_story_view(session, story_id, state.settings, utcnow())


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: Id) -> Response:
    """A story's full coverage: summary, key points, timeline, who's who, quotes,
    coverage comparison, articles by outlet, and its thread."""
    state = reader(request)
    with state.store.session() as session:
        user = viewer(request, session)
        view = cached_story(state, session, story_id)
        comments = comments_on(session, story_id=story_id, include_hidden=bool(user))
        counts = comment_counts(session, article_ids=[a.id for a in view.articles])
        following = follows_it(session, user, "story", story_id)
        image = lead_images(session, [story_id]).get(story_id)
    return render(
        request,
        "story.html",
        {
            "story": view,
            "lead_image": image,
            "by_outlet": group_by_outlet(view.articles),
            "quotes": view.quotes,
            "thread": view.thread,
            "coverage": view.coverage,
            "comments": _visible(comments, user),
            "comment_target": f"/stories/{story_id}/comments",
            "comment_counts": counts,
            "following": following,
        },
        user=user,
    )


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: Id) -> Response:
    """One article with its AI features panel, related articles and comments."""
    state = reader(request)
    with state.store.session() as session:
        user = viewer(request, session)
        page = stored_article_page(session, article_id, state.settings, utcnow())
        view, related = page.article, page.related
        story = cached_story(state, session, view.story_id) if view.story_id else None
        key_points = [
            point
            for point in (story.key_points if story else [])
            if any(c.article_id == article_id for c in point.citations)
        ]
        comments = comments_on(session, article_id=article_id, include_hidden=bool(user))
        image = article_image(session, article_id)
    return render(
        request,
        "article.html",
        {
            "article": view,
            "lead_image": image,
            "translation": page.translation,
            "paragraphs": [p.strip() for p in view.text.split("\n\n") if p.strip()],
            "web_link": _web_link(view.url),
            "summary": view.summary,
            "key_points": key_points,
            "timeline": sorted((e for e in view.events if e.date), key=lambda e: e.date or ""),
            "related": related,
            "story": story,
            "comments": _visible(comments, user),
            "comment_target": f"/articles/{article_id}/comments",
        },
        user=user,
    )


def cached_article(state: Reader, session: Session, article_id: int) -> ArticleView:
    """The article's view as the pipeline kept it (built once, and kept, if it is not);
    NotFound when there is no such article."""
    return stored_article_page(session, article_id, state.settings, utcnow()).article


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: Id) -> Response:
    """An entity: names, roles over time, stories, quotes and mention volume."""
    state = reader(request)
    with state.store.session() as session:
        user = viewer(request, session)
        view = stored_entity_view(session, entity_id, state.settings)
        following = follows_it(session, user, "entity", entity_id)
    chart = volume_chart(view.volume.buckets)
    return render(
        request,
        "entity.html",
        {
            "entity": view,
            "also_written_as": other_names(view.name, view.aliases),
            "chart": chart,
            "following": following,
        },
        user=user,
    )


@router.get("/threads/{thread_id}", response_class=HTMLResponse)
def thread_view(request: Request, thread_id: Id) -> Response:
    """The stories of a thread, earliest first."""
    with reader(request).store.session() as session:
        user = viewer(request, session)
        stories = thread_stories(session, thread_id)
    if not stories:
        raise NotFound(f"There is no thread {thread_id}.")
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
    sort: Sort = "relevance",
) -> Response:
    """Search with filters; matches grouped by story (best or latest first), how many match,
    the words marked, and apart the articles related by meaning. The form sends empty fields
    for filters left blank, so empty means none; anything else malformed is a 400."""
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
        "sort": sort,
    }
    results, error = None, None
    state = reader(request)
    with state.store.session() as session:
        user = viewer(request, session)
        outlets = outlet_names(session)
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
                    sort=sort,
                    tuning=state.settings.search,
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
    found = None
    state = reader(request)
    with state.store.session() as session:
        user = viewer(request, session)
        about = session.get(Story, story) if story else None
        if q.strip():
            found = answer(
                session,
                q,
                story=about.id if about else None,
                floor=state.settings.reading.answer_floor,
                search_tuning=state.settings.search,
            )
    return render(request, "ask.html", {"q": q, "answer": found, "about": about}, user=user)


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request) -> Response:
    """Outlets with article counts and when they last came in, and inputs that failed."""
    with reader(request).store.session() as session:
        user = viewer(request, session)
        sources = outlet_rows(session)
        failures = failed_inputs(session)
    return render(request, "sources.html", {"sources": sources, "failures": failures}, user=user)


def _day(value: str, name: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"{name}: {value!r} is not a date like 2024-01-17") from None


def _story_id(value: str) -> int | None:
    if not value.strip():
        return None
    if not value.strip().isdigit() or not 1 <= int(value) <= MAX_ID:
        raise InputError(f"story: {value!r} is not a story id")
    return int(value)


def entity_filter(entity: str | None) -> str | int | None:
    if not entity:
        return None
    return int(entity) if entity.isdigit() and int(entity) <= MAX_ID else entity


def follows_it(session: Session, user: Viewer | None, kind: str, target_id: int) -> bool:
    """True when the viewer is logged in and follows this story or entity."""
    account = session.get(Account, user.id) if user is not None else None
    return account is not None and is_following(session, account, kind, target_id)


def _visible(comments: list, user: Viewer | None) -> list:
    """Hidden comments only for moderators, who see them marked."""
    if user is not None and user.is_moderator:
        return comments
    return [c for c in comments if not c.hidden]


def _web_link(url: str | None) -> str | None:
    # Only web links become hrefs: a `javascript:` URL from a feed must not run.
    return url if (url or "").startswith(("http://", "https://")) else None
