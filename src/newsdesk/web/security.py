"""Secrets, CSRF tokens, session cookies, request size limits and security headers.

CSRF uses signed double-submit: every browser gets a random `newsdesk_csrf` cookie, and
every form carries HMAC(secret, cookie); a page on another site can send the cookie but
cannot read it, so it cannot compute the token.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsdesk.config import Settings

SESSION_COOKIE = "newsdesk_session"
CSRF_COOKIE = "newsdesk_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SECRET_FILE = "secret_key"
# Forms and comments are small; only ingest takes whole documents.
FORM_LIMIT = 64 * 1024
# Everything from this site only; no inline script can run even if one got through.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def load_secret(settings: Settings) -> bytes:
    """The key that signs CSRF tokens: NEWSDESK_SECRET_KEY, else one generated once and
    kept in data_dir/secret_key (readable by its owner only)."""
    if settings.secret_key:
        return settings.secret_key.encode()
    path = Path(settings.data_dir) / SECRET_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = secrets.token_hex(32)
        # O_EXCL: when two workers start at once, the first file written wins.
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(descriptor, "w") as stream:
                stream.write(fresh)
    return path.read_text().strip().encode()


def csrf_token(request: Request) -> str:
    """The CSRF token forms on this page must send back."""
    seed = getattr(request.state, "csrf_seed", None) or request.cookies.get(CSRF_COOKIE, "")
    return _sign(request.app.state.reader.secret, seed)


def csrf_valid(request: Request, token: str | None) -> bool:
    """True when `token` matches this browser's CSRF cookie."""
    seed = request.cookies.get(CSRF_COOKIE)
    if not seed or not token:
        return False
    return hmac.compare_digest(_sign(request.app.state.reader.secret, seed), token)


def _sign(secret: bytes, seed: str) -> str:
    return hmac.new(secret, b"csrf:" + seed.encode(), hashlib.sha256).hexdigest()


def is_https(request: Request) -> bool:
    """True when the client reached us over https (behind a proxy: as uvicorn was told)."""
    return request.url.scheme == "https"


def set_session_cookie(response: Response, request: Request, token: str) -> None:
    """Put the session token in an HttpOnly, SameSite=Lax cookie (Secure over https)."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=30 * 24 * 3600,
        httponly=True,
        samesite="lax",
        secure=is_https(request),
        path="/",
    )


def clear_session_cookie(response: Response, request: Request) -> None:
    """Remove the session cookie."""
    response.delete_cookie(
        SESSION_COOKIE, httponly=True, samesite="lax", secure=is_https(request), path="/"
    )


class GuardMiddleware:
    """Refuses oversized bodies with 413, gives each browser a CSRF cookie, and adds
    security headers to every response."""

    def __init__(self, app: ASGIApp, *, ingest_limit: int) -> None:
        self.app = app
        self.ingest_limit = ingest_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the request through the limits and headers."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # Documents come in whole through the ingest API and WebSub pushes; forms are small.
        bulky = scope["path"].startswith(("/api/v1/ingest", "/websub/"))
        limit = self.ingest_limit if bulky else FORM_LIMIT
        request = Request(scope)
        declared = request.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _too_large(scope, receive, send, limit)
            return
        new_seed = None if request.cookies.get(CSRF_COOKIE) else secrets.token_urlsafe(24)
        scope.setdefault("state", {})["csrf_seed"] = new_seed
        secure = scope.get("scheme") == "https"
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _BodyTooLarge
            return message

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", CSP)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "same-origin")
                headers.setdefault("X-Frame-Options", "DENY")
                if new_seed:
                    cookie = f"{CSRF_COOKIE}={new_seed}; Path=/; HttpOnly; SameSite=Lax"
                    headers.append("Set-Cookie", cookie + ("; Secure" if secure else ""))
            await send(message)

        try:
            await self.app(scope, counting_receive, send_with_headers)
        except _BodyTooLarge:
            if not started:
                await _too_large(scope, receive, send, limit)


class _BodyTooLarge(Exception):
    pass


async def _too_large(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    message = f"The request body is too large: at most {limit} bytes are accepted here."
    response: Response
    if scope["path"].startswith("/api/"):
        response = JSONResponse({"detail": message}, status_code=413)
    else:
        response = PlainTextResponse(message, status_code=413)
    await response(scope, receive, send)
