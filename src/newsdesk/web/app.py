"""The web app: HTML reader, REST API under /api/v1 and feeds out, over one store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from newsdesk.config import Settings, load_settings
from newsdesk.store.db import open_store
from newsdesk.web import accounts, api, comments, feeds_out, following, handlers, images, pages
from newsdesk.web.context import Reader, make_templates
from newsdesk.web.security import GuardMiddleware, load_secret
from newsdesk.web.websub import websub_router

STATIC_DIR = Path(__file__).parent / "static"
# Room for the JSON around a document posted to /api/v1/ingest.
INGEST_OVERHEAD = 64 * 1024


def create_app(settings: Settings) -> FastAPI:
    """The FastAPI app over the store the settings name (migrated on start)."""
    app = FastAPI(
        title="newsdesk",
        version="1",
        description="Stories, articles, entities, search, answers and comments.",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.reader = Reader(
        settings=settings,
        store=open_store(settings),
        secret=load_secret(settings),
        templates=make_templates(),
    )
    app.add_middleware(
        GuardMiddleware,
        ingest_limit=settings.max_input_bytes * 2 + INGEST_OVERHEAD,
        public_url=settings.public_url,
    )
    handlers.install(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module in (pages, images, accounts, comments, following, feeds_out, api):
        app.include_router(module.router)
    # Hubs call back here with pushed entries of the feeds newsdesk subscribed to.
    app.include_router(websub_router(app.state.reader.store, settings), include_in_schema=False)

    # Browsers ask for /favicon.ico whatever the page links; it is the same mark.
    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        return FileResponse(STATIC_DIR / "favicon.svg", media_type="image/svg+xml")

    @app.get("/healthz", include_in_schema=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    app.openapi = lambda: _schema(app)  # type: ignore[method-assign]
    return app


def _schema(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI schema as the API answers: its handlers turn a validation error into 400
    (a bad path id into 404), so FastAPI's default 422 is never returned and is left out."""
    if app.openapi_schema is None:
        schema = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
        )
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                operation.get("responses", {}).pop("422", None)
        components = schema.get("components", {}).get("schemas", {})
        for name in ("HTTPValidationError", "ValidationError"):
            components.pop(name, None)
        app.openapi_schema = schema
    return app.openapi_schema


def app_from_environment() -> FastAPI:
    """The app on the settings of the environment: `uvicorn --factory` with workers."""
    return create_app(load_settings())
