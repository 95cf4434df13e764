"""Secrets, CSRF tokens, session cookies, request size limits and security headers.

CSRF uses signed double-submit bound to the session: every browser gets a random
`newsdesk_csrf` cookie, and every form carries HMAC(secret, cookie + session); a page on
another site can send the cookies but cannot read them, so it cannot compute the token, and a
token taken from one session (a cookie planted by a sibling site) is worth nothing in
another. Unsafe requests that name a foreign Origin are refused whatever their token.
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


def path_is_image(path: str) -> bool:
    """Whether a path is a served lead image (`/images/{article_id}`)."""
    return path.startswith("/images/")


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
    """The CSRF token forms on this page must send back: for this browser and session."""
    seed = getattr(request.state, "csrf_seed", None) or request.cookies.get(CSRF_COOKIE, "")
    session = request.cookies.get(SESSION_COOKIE, "")
    return _sign(request.app.state.reader.secret, seed, session)


def csrf_valid(request: Request, token: str | None) -> bool:
    """True when `token` matches this browser's CSRF cookie and session."""
    seed = request.cookies.get(CSRF_COOKIE)
    if not seed or not token:
        return False
    session = request.cookies.get(SESSION_COOKIE, "")
    return hmac.compare_digest(_sign(request.app.state.reader.secret, seed, session), token)


def _sign(secret: bytes, seed: str, session: str) -> str:
    # The session token is hashed in, never stored: the token changes when the session does.
    message = b"csrf:" + seed.encode() + b":" + hashlib.sha256(session.encode()).digest()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def same_origin(request: Request, public_url: str) -> bool:
    """False when the request names an Origin other than this site (as reached, or as its
    public address says): a browser sends a foreign page's origin with its forms."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    own = f"{request.url.scheme}://{request.url.netloc}"
    return origin.rstrip("/") in (own, public_url.rstrip("/"))


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
    """Refuses oversized bodies with 413 (declared or sent in chunks), unsafe requests from
    a foreign Origin with 403, gives each browser a CSRF cookie, and adds security headers
    to every response (and Cache-Control: private, no-store for a logged-in reader)."""

    def __init__(self, app: ASGIApp, *, ingest_limit: int, public_url: str) -> None:
        self.app = app
        self.ingest_limit = ingest_limit
        self.public_url = public_url

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
        if scope["method"] not in SAFE_METHODS and not same_origin(request, self.public_url):
            await _refused(scope, receive, send)
            return
        if declared is None and scope["method"] not in SAFE_METHODS:
            # A body sent in chunks says nothing of its size: it is read here, up to the
            # limit, so that one over it is a 413 before the app sees any of it.
            body = await _read_at_most(receive, limit)
            if body is None:
                await _too_large(scope, receive, send, limit)
                return
            receive = _replay(body, receive)
        new_seed = None if request.cookies.get(CSRF_COOKIE) else secrets.token_urlsafe(24)
        scope.setdefault("state", {})["csrf_seed"] = new_seed
        secure = scope.get("scheme") == "https"
        # An image is the same for every reader: it keeps its long Cache-Control.
        per_reader = SESSION_COOKIE in request.cookies and not path_is_image(scope["path"])

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", CSP)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "same-origin")
                headers.setdefault("X-Frame-Options", "DENY")
                if per_reader:
                    # A page for one reader (their name, their CSRF token) must not be kept
                    # by a shared cache or shown from history to the next user.
                    headers["Cache-Control"] = "private, no-store"
                    headers.append("Vary", "Cookie")
                if new_seed:
                    cookie = f"{CSRF_COOKIE}={new_seed}; Path=/; HttpOnly; SameSite=Lax"
                    headers.append("Set-Cookie", cookie + ("; Secure" if secure else ""))
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _read_at_most(receive: Receive, limit: int) -> bytes | None:
    """The whole request body, or None as soon as it grows past `limit` bytes."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _refused(scope: Scope, receive: Receive, send: Send) -> None:
    message = "This request came from another site; it was refused."
    response: Response
    if scope["path"].startswith("/api/"):
        response = JSONResponse({"detail": message}, status_code=403)
    else:
        response = PlainTextResponse(message, status_code=403)
    await response(scope, receive, send)


async def _too_large(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    message = f"The request body is too large: at most {limit} bytes are accepted here."
    response: Response
    if scope["path"].startswith("/api/"):
        response = JSONResponse({"detail": message}, status_code=413)
    else:
        response = PlainTextResponse(message, status_code=413)
    await response(scope, receive, send)
