"""Register, log in and log out (HTML forms, each with a CSRF token)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.responses import Response

from newsdesk.errors import AccountError, RateLimited
from newsdesk.store.accounts import (
    allow_registration,
    authenticate,
    create_account,
    end_session,
    start_session,
)
from newsdesk.web.context import reader, render, viewer
from newsdesk.web.security import (
    SESSION_COOKIE,
    clear_session_cookie,
    csrf_valid,
    set_session_cookie,
)

router = APIRouter(include_in_schema=False)

CSRF_FAILED = "This form has expired or came from another site. Reload the page and try again."
FormText = Annotated[str, Form(max_length=1000)]


def require_csrf(request: Request, token: str | None) -> None:
    """Refuse (403) a form whose CSRF token does not match this browser's cookie."""
    if not csrf_valid(request, token):
        raise HTTPException(403, CSRF_FAILED)


def client_address(request: Request) -> str:
    """The address the request came from (behind a proxy, as uvicorn was told to trust)."""
    return request.client.host if request.client else ""


def safe_next(target: str | None) -> str:
    """Where to go after logging in: a path on this site only, never another host."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


@router.get("/register", response_class=HTMLResponse)
def register_form(request: Request, next: str = "/") -> Response:
    """The registration form; `next` is where the new account goes once created."""
    with reader(request).store.session() as session:
        user = viewer(request, session)
    values = {"name": "", "error": None, "next": safe_next(next)}
    return render(request, "register.html", values, user=user)


@router.post("/register")
def register(
    request: Request,
    name: FormText,
    password: FormText,
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    next: FormText = "/",
) -> Response:
    """Create an account, log it in and go back where the reader was; the form again with
    the reason when refused."""
    require_csrf(request, csrf_token)
    state = reader(request)
    try:
        with state.store.session() as session:
            allow_registration(session, client_address(request), state.settings.accounts)
        with state.store.session() as session:
            account = create_account(session, name.strip(), password)
            token = start_session(session, account)
    except RateLimited as error:
        values = {"name": name, "error": str(error), "next": safe_next(next)}
        page = render(request, "register.html", values, status_code=429)
        page.headers["Retry-After"] = str(error.retry_after)
        return page
    except AccountError as error:
        values = {"name": name, "error": str(error), "next": safe_next(next)}
        return render(request, "register.html", values, status_code=400)
    response = RedirectResponse(safe_next(next), status_code=303)
    set_session_cookie(response, request, token)
    return response


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> Response:
    """The login form."""
    with reader(request).store.session() as session:
        user = viewer(request, session)
    values = {"name": "", "error": None, "next": safe_next(next)}
    return render(request, "login.html", values, user=user)


@router.post("/login")
def login(
    request: Request,
    name: FormText,
    password: FormText,
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    next: FormText = "/",
) -> Response:
    """Log in and go back where the reader was; the form again on a wrong password."""
    require_csrf(request, csrf_token)
    state = reader(request)
    try:
        with state.store.session() as session:
            account = authenticate(
                session,
                name,
                password,
                address=client_address(request),
                limits=state.settings.accounts,
            )
            token = start_session(session, account) if account else None
    except RateLimited as error:
        values = {"name": name, "error": str(error), "next": safe_next(next)}
        page = render(request, "login.html", values, status_code=429)
        page.headers["Retry-After"] = str(error.retry_after)
        return page
    if token is None:
        values = {"name": name, "error": "Wrong name or password.", "next": safe_next(next)}
        return render(request, "login.html", values, status_code=400)
    response = RedirectResponse(safe_next(next), status_code=303)
    set_session_cookie(response, request, token)
    return response


@router.post("/logout")
def logout(request: Request, csrf_token: Annotated[str, Form(max_length=200)] = "") -> Response:
    """End the session (the cookie's token stops working) and clear the cookie."""
    require_csrf(request, csrf_token)
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        with reader(request).store.session() as session:
            end_session(session, token)
    response = RedirectResponse("/", status_code=303)
    clear_session_cookie(response, request)
    return response
