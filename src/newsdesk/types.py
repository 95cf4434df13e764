"""The shared dataclasses that flow between the stages of the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class IngestHints:
    """What the user told us about an input that the input may not say itself."""

    source: str | None = None
    published: datetime | None = None
    captured_at: datetime | None = None
    url: str | None = None


@dataclass(frozen=True)
class RawDocument:
    """One unit of raw input, exactly as received, ready for extraction.

    `content_type` is one of the newsdesk kinds in `CONTENT_TYPES`; `origin` names
    the input for people (a path, a path with a line number, or a URL).
    """

    payload: bytes
    origin: str
    content_type: str
    hints: IngestHints = field(default_factory=IngestHints)


# The kinds of raw document newsdesk knows how to extract, by MIME type.
TEXT = "text/plain"
HTML = "text/html"
FEED = "application/feed"  # RSS, Atom or JSON Feed: feedparser tells which
JSONL_RECORD = "application/x-newsdesk-jsonl-record"
CONTENT_TYPES = (TEXT, HTML, FEED, JSONL_RECORD)


@dataclass
class ArticleDraft:
    """An article as extraction found it, before it is stored.

    A page capture yields one main draft and a stub draft per teaser it carried
    (`is_stub` true); `ordinal` is the draft's place in its document, so a
    re-extraction updates the same stored article instead of adding another.
    """

    title: str
    text: str
    ordinal: int = 0
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    published_at: datetime | None = None
    dateline: str | None = None
    wire_service: str | None = None
    is_stub: bool = False
    warnings: list[str] = field(default_factory=list)
