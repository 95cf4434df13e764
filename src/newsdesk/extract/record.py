"""JSON Lines exports: one article per line, `title` plus `text` or `html`."""

from __future__ import annotations

import json

from newsdesk.errors import IngestError
from newsdesk.extract.charset import without_controls
from newsdesk.extract.dates import parse_datetime
from newsdesk.extract.html import html_to_main_text
from newsdesk.extract.images import absolute_image_url
from newsdesk.types import ArticleDraft


def extract_jsonl_record(line: str, origin: str) -> ArticleDraft:
    """The article one JSONL line describes; IngestError says what the line lacks."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise IngestError(origin, f"not valid JSON ({error.msg} at column {error.colno})") from None
    except RecursionError:
        # Python's parser gives up past about a thousand levels; no article nests so.
        raise IngestError(origin, "not an article record: JSON nested too deeply") from None
    if not isinstance(record, dict):
        raise IngestError(origin, "expected a JSON object with `title` and `text` or `html`")
    title = _string(record, "title", origin)
    text = _string(record, "text", origin)
    html = _string(record, "html", origin)
    if not title or not title.strip():
        raise IngestError(origin, "the record has no `title`")
    body = text.strip() if text and text.strip() else html_to_main_text(html) if html else ""
    # A feed entry with a headline (and a link) but no text (its record says `stub`) is a
    # teaser of the article behind the link, as teasers on pages are.
    is_stub = not body and record.get("stub") is True
    if not body and not is_stub:
        raise IngestError(origin, "the record has no `text` or `html` with article text")
    published_raw = _string(record, "published", origin)
    published = parse_datetime(published_raw)
    draft = ArticleDraft(
        title=title.strip(),
        text=body,
        outlet=_string(record, "source", origin),
        url=_string(record, "url", origin),
        author=_string(record, "author", origin),
        published_at=published,
        is_stub=is_stub,
        # `image`: the lead image a feed entry named (ingest/entries.py), or an export's.
        image_url=absolute_image_url(
            _string(record, "image", origin), _string(record, "url", origin)
        ),
    )
    if published_raw and published is None:
        draft.warnings.append(f"`published` {published_raw!r} is not an ISO 8601 or RFC 822 date")
    return draft


def _string(record: dict[str, object], key: str, origin: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        # JSON may escape a NUL ("\u0000"): text keeps none (PostgreSQL refuses them).
        return without_controls(value)
    raise IngestError(origin, f"`{key}` must be a string, not {type(value).__name__}")
