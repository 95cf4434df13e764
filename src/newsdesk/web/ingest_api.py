"""A document posted to the API, or a URL fetched for it, through the same pipeline as
`newsdesk ingest`: kept raw, extracted, enriched and grouped."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from newsdesk.config import Settings
from newsdesk.ingest.files import sha256_of
from newsdesk.pipeline import IngestReport
from newsdesk.pipeline.ingest import ingest_document
from newsdesk.store.db import Store
from newsdesk.types import FEED, HTML, JSONL_RECORD, TEXT, IngestHints, RawDocument

FORMATS = {"text": TEXT, "html": HTML, "feed": FEED, "jsonl": JSONL_RECORD}


class IngestSummary(BaseModel):
    """What an ingest did, counted (the `ingest --json` shape), with every problem in words."""

    files: int
    documents: int
    new: int
    duplicate: int
    failed: int
    articles: int
    revised: int
    stubs: int
    copies: int
    stories: int
    enriched: int
    enrich_skipped: int
    enrich_failed: int
    errors: list[str]
    warnings: list[str]


class IngestOutcome(BaseModel):
    """An ingested document: the report, the stored document's id and its articles' ids."""

    report: IngestSummary
    document_id: int | None
    article_ids: list[int]


def _outcome(
    report: IngestReport, document_id: int | None, article_ids: list[int]
) -> IngestOutcome:
    return IngestOutcome(
        report=IngestSummary(**report.as_json()), document_id=document_id, article_ids=article_ids
    )


class DocumentIn(BaseModel):
    """One document to ingest, and what it may not say itself."""

    # The example documents the API and is the first request schemathesis sends.
    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "content": "Harbour reopens after storm repairs\n\nThe harbour at Eastbridge "
                    "reopened on Monday after three weeks of repairs to its sea wall.",
                    "format": "text",
                    "source": "Eastbridge Times",
                }
            ]
        }
    }

    content: str = Field(
        min_length=1, description="The document: text, HTML, a feed, or one JSONL line."
    )
    format: Literal["text", "html", "feed", "jsonl"] = "text"
    source: str | None = Field(
        None, max_length=300, description="Outlet, when the document lacks one."
    )
    published: datetime | None = Field(None, description="Publication time, when it lacks one.")
    url: str | None = Field(None, max_length=2000)
    origin: str | None = Field(None, max_length=300, description="A name for the input in reports.")


def ingest_posted(store: Store, settings: Settings, document: DocumentIn) -> IngestOutcome:
    """Ingest one posted document; the ingest report, the document id and its article ids."""
    payload = document.content.encode("utf-8")
    sha256 = sha256_of(payload)
    origin = f"api:{document.origin or sha256[:12]}"
    report = IngestReport(files=1)
    if len(payload) > settings.max_input_bytes:
        reason = f"too large: over the {settings.max_input_bytes} byte limit"
        report.failed += 1
        report.errors.append(f"{origin}: {reason}")
        return _outcome(report, None, [])
    published = document.published
    hints = IngestHints(
        source=document.source or None,
        published=published,
        captured_at=published,
        url=document.url or None,
    )
    raw = RawDocument(payload, origin, FORMATS[document.format], hints)
    return _ingest_raw(store, settings, raw, report)


class UrlIn(BaseModel):
    """A URL to fetch and ingest, and what its page may not say itself."""

    url: str = Field(min_length=1, max_length=2000, description="An http(s) URL of an article.")
    source: str | None = Field(None, max_length=300, description="Outlet, when the page lacks one.")
    published: datetime | None = Field(None, description="Publication time, when it lacks one.")


def ingest_from_url(store: Store, settings: Settings, wanted: UrlIn) -> IngestOutcome:
    """Fetch a URL through the SSRF guard, robots.txt and the size limit, then ingest it.

    Raises UnsafeURLError or FetchError (with the reason) when it cannot be fetched.
    """
    from newsdesk.fetch.url import fetch_url_document

    raw = fetch_url_document(wanted.url, settings)
    hints = replace(
        raw.hints, source=wanted.source or None, published=wanted.published or raw.hints.published
    )
    return _ingest_raw(
        store, settings, replace(raw, hints=hints), IngestReport(files=1), images=True
    )


def _ingest_raw(
    store: Store,
    settings: Settings,
    raw: RawDocument,
    report: IngestReport,
    *,
    images: bool | None = None,
) -> IngestOutcome:
    done = ingest_document(store, raw, settings, report=report, images=images)
    return _outcome(done.report, done.document_id, done.article_ids)
