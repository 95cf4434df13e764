"""The shared dataclasses that flow between the stages of the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

# What an account may do: read and comment; also hide others' comments; also ingest.
ROLES = ("reader", "moderator", "admin")


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
    # The lead image the page or feed entry names (og:image, media:content...), absolute.
    image_url: str | None = None
    warnings: list[str] = field(default_factory=list)


# --- Enrichment: what the NLP stages find in an article's text. -----------------
# Offsets are character offsets into the article's `text`; `sentence` indexes the
# article's sentences.


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article, by character offsets into its text."""

    start: int
    end: int


@dataclass(frozen=True)
class MentionDraft:
    """A named entity as the recogniser found it in one article.

    `label` is spaCy's: PERSON, ORG, GPE, LOC, NORP, EVENT, FAC, and PRODUCT, WORK_OF_ART,
    LAW, LANGUAGE (kept as what they are, never made entities); readers see it in words
    (`enrich.labels.reader_type`).
    """

    text: str
    label: str
    start: int
    end: int
    sentence: int


@dataclass(frozen=True)
class LocalEntity:
    """One entity within one article: its mentions (indexes), best full name and roles.

    `name` is the fullest form the article gives ("Choe Son Hui" for "Choe",
    "Foreign Minister Choe"); `roles` are titles seen attached ("Foreign Minister").
    """

    name: str
    label: str
    mentions: tuple[int, ...]
    surface_forms: tuple[str, ...]
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuoteDraft:
    """Something said: a direct quote or a paraphrase, with who said it and who reports it.

    `speaker` is the index of a LocalEntity (None when unresolved); `attribution` is
    the reporting chain as written ("according to Russia's state Tass news agency");
    `confidence` ranks how the speaker was found (enrich/speakers.py, 0.0 for nobody).
    """

    text: str
    start: int
    end: int
    sentence: int
    kind: str  # "direct", "partial" (quoted words inside reported speech) or "paraphrase"
    speaker: int | None = None
    speaker_text: str | None = None
    attribution: tuple[str, ...] = ()
    # How surely `speaker` (or `speaker_text`) was found, from the rule that found it.
    confidence: float = 0.0


@dataclass(frozen=True)
class EventDraft:
    """A dated sentence: the time expression, what it resolves to, and how precisely.

    `date` is ISO 8601 at the precision given ("2024-01-16", "2023-09", "2023"), or
    None when there was no publication date to resolve against; `end` is set for spans.
    """

    sentence: int
    expression: str
    start: int
    end: int
    precision: str  # "day", "month", "year", "span", or "unresolved"
    date: str | None = None
    date_end: str | None = None
    entities: tuple[int, ...] = ()
    # How sure the date is, by how it was read (`enrich.timex.date_confidence`): an
    # explicit date 1.0, a relative one the day of writing fixes less, a vague one least.
    confidence: float = 1.0


@dataclass(frozen=True)
class ConsistencyWarning:
    """Something in an article that looks damaged or inconsistent, with its span."""

    kind: str
    start: int
    end: int
    message: str


def enrichment_text(title: str, body: str) -> str:
    """Headline and body as one text, as enrichment reads it and every stored offset points
    into: headlines name people too, often spelled otherwise."""
    return f"{title}\n\n{body}" if title.strip() else body
