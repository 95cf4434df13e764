"""The web server: a plain reader over the stored articles (the full reader comes later)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from newsdesk.config import Settings
from newsdesk.store.db import open_store
from newsdesk.store.documents import article_record, count_rows, iter_articles
from newsdesk.store.models import Article

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
PAGE_SIZE = 100


def create_app(settings: Settings) -> FastAPI:
    """The FastAPI app over the store the settings name (migrated on start)."""
    store = open_store(settings)
    app = FastAPI(title="newsdesk", openapi_url="/api/v1/openapi.json", docs_url=None)

    @app.get("/", response_class=HTMLResponse)
    def front_page(request: Request, page: int = 1) -> HTMLResponse:
        page = max(page, 1)
        with store.session() as session:
            articles = list(iter_articles(session, limit=PAGE_SIZE * page))[
                PAGE_SIZE * (page - 1) :
            ]
            counts = count_rows(session)
            rows = [_article_row(article) for article in articles]
        return TEMPLATES.TemplateResponse(
            request, "index.html", {"articles": rows, "counts": counts, "page": page}
        )

    @app.get("/articles/{article_id}", response_class=HTMLResponse)
    def article_page(request: Request, article_id: int) -> HTMLResponse:
        with store.session() as session:
            article = session.get(Article, article_id)
            if article is None:
                raise HTTPException(status_code=404, detail=f"no article {article_id}")
            row = _article_row(article)
            row["paragraphs"] = [p for p in article.text.split("\n\n") if p.strip()]
            row["found_on_id"] = article.found_on_id
        return TEMPLATES.TemplateResponse(request, "article.html", {"article": row})

    @app.get("/healthz")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


def _article_row(article: Article) -> dict[str, object]:
    row = article_record(article)
    # Only web links become hrefs: a `javascript:` URL from a feed must not run.
    if not (article.url or "").startswith(("http://", "https://")):
        row["url"] = None
    return row
