"""What every handler shares: the store, settings, secret, templates and caches, and who is
asking (the account behind the session cookie or API token)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from sqlalchemy.orm import Session
from starlette.responses import Response

from newsdesk.config import Settings
from newsdesk.present.related import relative_time
from newsdesk.store.accounts import session_account, token_account
from newsdesk.store.db import Store
from newsdesk.store.models import utcnow
from newsdesk.web.cache import RecordCache
from newsdesk.web.security import SESSION_COOKIE, csrf_token

TEMPLATE_DIR = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Viewer:
    """The account making a request, as plain data."""

    id: int
    name: str
    role: str
    via_token: bool = False

    @property
    def is_moderator(self) -> bool:
        """True for moderators and admins."""
        return self.role in ("moderator", "admin")


@dataclass
class Reader:
    """The app's shared state, one per process."""

    settings: Settings
    store: Store
    secret: bytes
    templates: Jinja2Templates
    fronts: RecordCache = field(default_factory=lambda: RecordCache(size=64, max_age=300.0))


def make_templates() -> Jinja2Templates:
    """The Jinja2 environment (autoescaping on) with the reader's filters."""
    templates = Jinja2Templates(directory=TEMPLATE_DIR)
    templates.env.filters["when"] = _when
    templates.env.filters["ago"] = lambda moment: relative_time(moment, utcnow())
    templates.env.filters["marked"] = marked
    templates.env.filters["initials"] = outlet_initials
    templates.env.filters["hue"] = outlet_hue
    templates.env.globals["csrf_token"] = csrf_token
    return templates


def outlet_initials(outlet: str | None) -> str:
    """Up to two letters standing for an outlet in its mark ("Kyodo News" -> "KN")."""
    words = [w for w in (outlet or "").replace("-", " ").split() if w[:1].isalnum()]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][:2].upper()
    return (words[0][0] + words[1][0]).upper()


MARK_COLOURS = 12  # .mark.c0 to .mark.c11 in style.css (the CSP allows no inline style)


def outlet_hue(outlet: str | None) -> int:
    """Which of the MARK_COLOURS an outlet's mark wears, fixed by its name so it is the same
    on every page and process (a stable digest, not Python's salted hash)."""
    digest = hashlib.blake2s((outlet or "").encode(), digest_size=2).digest()
    return int.from_bytes(digest, "big") % MARK_COLOURS


def marked(text: str, spans: Sequence[Sequence[int]]) -> Markup:
    """The text HTML-escaped, with the (start, end) character spans wrapped in <mark>: the
    spans index the plain text, so each piece is escaped on its own before it is marked."""
    pieces: list[str] = []
    cursor = 0
    for start, end in sorted((int(a), int(b)) for a, b in spans):
        if start < cursor or end <= start or end > len(text):
            continue
        pieces.append(str(escape(text[cursor:start])))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    pieces.append(str(escape(text[cursor:])))
    return Markup("".join(pieces))


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else ""


def reader(request: Request) -> Reader:
    """The shared state of the app serving this request."""
    return request.app.state.reader


def viewer(request: Request, session: Session) -> Viewer | None:
    """The account behind the request's bearer token or session cookie, if any."""
    authorization = request.headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        account = token_account(session, authorization[7:].strip())
        return Viewer(account.id, account.name, account.role, via_token=True) if account else None
    token = request.cookies.get(SESSION_COOKIE)
    account = session_account(session, token) if token else None
    return Viewer(account.id, account.name, account.role) if account else None


def render(
    request: Request,
    template: str,
    values: dict[str, Any],
    *,
    user: Viewer | None = None,
    status_code: int = 200,
) -> Response:
    """A page from its template; every template also gets the viewer and the request."""
    return reader(request).templates.TemplateResponse(
        request, template, {"viewer": user, **values}, status_code=status_code
    )
