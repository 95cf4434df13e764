"""Errors as the client sees them: a page for browsers, JSON under /api; 404 for unknown
ids, 400 with the reason for malformed parameters, never a stack trace."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.responses import Response

from newsdesk.errors import (
    AccountError,
    CommentError,
    InputError,
    NotAllowed,
    NotFound,
    RateLimited,
    SearchError,
)

if TYPE_CHECKING:
    from newsdesk.web.context import Viewer

log = logging.getLogger("newsdesk.web")

TITLES = {
    400: "Bad request",
    401: "Log in needed",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    413: "Too large",
    429: "Too many requests",
    500: "Something went wrong",
}


def error_response(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> Response:
    """JSON `{"detail": message}` for the API, else the error page."""
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": message}, status_code=status, headers=headers)
    from newsdesk.web.context import render

    page = render(
        request,
        "error.html",
        {"title": TITLES.get(status, "Error"), "message": message},
        user=_viewer_or_none(request),
        status_code=status,
    )
    if headers:
        page.headers.update(headers)
    return page


def _viewer_or_none(request: Request) -> Viewer | None:
    """Who is asking, so an error page shows a logged-in reader as logged in; nobody when
    the store itself is what failed."""
    from newsdesk.web.context import reader, viewer

    try:
        with reader(request).store.session() as session:
            return viewer(request, session)
    except Exception:  # the error page must render even when the database does not answer
        log.warning("no viewer for the error page of %s", request.url.path, exc_info=True)
        return None


def validation_message(error: RequestValidationError) -> str:
    """The validation errors as one sentence naming each parameter and what is wrong."""
    parts = []
    for problem in error.errors():
        where = ".".join(str(p) for p in problem.get("loc", ()) if p not in ("query", "body"))
        parts.append(f"{where or 'request'}: {problem.get('msg', 'invalid')}")
    return "Malformed request: " + "; ".join(parts)


def install(app: FastAPI) -> None:
    """Register the handlers on the app."""

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        # A path id that is not a number (or out of range) names nothing: that is a 404.
        if any(p.get("loc", ("",))[0] == "path" for p in error.errors()):
            return error_response(request, 404, "There is nothing at this address.")
        return error_response(request, 400, validation_message(error))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        message = error.detail if isinstance(error.detail, str) else TITLES.get(error.status_code)
        if error.status_code == 404 and error.detail == "Not Found":
            message = "There is nothing at this address."
        return error_response(request, error.status_code, str(message), error.headers)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, error: NotFound) -> Response:
        return error_response(request, 404, str(error))

    @app.exception_handler(RateLimited)
    async def rate_limited(request: Request, error: RateLimited) -> Response:
        return error_response(request, 429, str(error), {"Retry-After": str(error.retry_after)})

    @app.exception_handler(NotAllowed)
    async def not_allowed(request: Request, error: NotAllowed) -> Response:
        return error_response(request, 403, str(error))

    @app.exception_handler(CommentError)
    async def bad_comment(request: Request, error: CommentError) -> Response:
        return error_response(request, 400, str(error))

    @app.exception_handler(AccountError)
    async def bad_account(request: Request, error: AccountError) -> Response:
        return error_response(request, 400, str(error))

    @app.exception_handler(SearchError)
    async def bad_search(request: Request, error: SearchError) -> Response:
        return error_response(request, 400, str(error))

    @app.exception_handler(InputError)
    async def bad_input(request: Request, error: InputError) -> Response:
        return error_response(request, 400, str(error))

    @app.exception_handler(Exception)
    async def crashed(request: Request, error: Exception) -> Response:
        log.exception("error serving %s %s", request.method, request.url.path)
        return error_response(request, 500, "Something went wrong on our side; it was logged.")
