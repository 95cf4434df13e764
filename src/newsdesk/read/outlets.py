"""Outlets with their article counts and latest articles, and the inputs that failed."""

from __future__ import annotations

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from newsdesk.read.records import FailedInput, OutletRow
from newsdesk.store.documents import FAILED
from newsdesk.store.models import Article, Document, Outlet


def outlet_rows(session: Session) -> list[OutletRow]:
    """Every outlet with its article count, latest publication and when an article of it
    last came in (read from one covering index, not the articles themselves)."""
    full = case((Article.is_stub.is_(False), Article.id))
    facts = {
        outlet_id: (count, latest, received)
        for outlet_id, count, latest, received in session.execute(
            select(
                Article.outlet_id,
                func.count(full),
                func.max(case((full.is_not(None), Article.published_at))),
                func.max(case((full.is_not(None), Article.created_at))),
            )
            # No is_stub condition here: the planner would leave the covering index for it.
            .where(Article.outlet_id.is_not(None))
            .group_by(Article.outlet_id)
        )
    }
    sources = session.execute(select(Outlet.id, Outlet.name, Outlet.url))
    rows = [
        OutletRow(
            id=outlet_id,
            name=name,
            url=url,
            articles=facts.get(outlet_id, (0, None, None))[0],
            latest_published=facts.get(outlet_id, (0, None, None))[1],
            last_received=facts.get(outlet_id, (0, None, None))[2],
        )
        for outlet_id, name, url in sources
    ]
    return sorted(rows, key=lambda row: (-row.articles, row.name))


def failed_inputs(session: Session, *, limit: int = 50) -> list[FailedInput]:
    """The latest inputs that failed, with the outlet they were meant for and the reason."""
    documents = session.execute(
        select(Document.id, Document.origin, Document.error, Document.received_at, Document.hints)
        .where(Document.status == FAILED)
        .order_by(Document.received_at.desc(), Document.id.desc())
        .limit(limit)
    )
    return [
        FailedInput(
            id=i,
            origin=origin,
            error=error,
            received_at=received,
            outlet=(hints or {}).get("source"),
        )
        for i, origin, error, received, hints in documents
    ]


def outlet_names(session: Session) -> list[str]:
    """Every outlet's name, in order (the search form's choices)."""
    return list(session.scalars(select(Outlet.name).order_by(Outlet.name)))
