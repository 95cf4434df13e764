"""Raw documents to article drafts: one extractor per kind of input, chosen here."""

from __future__ import annotations

from dataclasses import replace

from newsdesk.errors import IngestError
from newsdesk.extract.charset import decode_text
from newsdesk.extract.dateline import split_dateline
from newsdesk.extract.feed import extract_feed
from newsdesk.extract.html import extract_html
from newsdesk.extract.record import extract_jsonl_record
from newsdesk.extract.text import extract_text_capture
from newsdesk.types import FEED, HTML, JSONL_RECORD, TEXT, ArticleDraft, RawDocument


def extract_document(document: RawDocument) -> list[ArticleDraft]:
    """The articles in one raw document, main article first; IngestError when there are none."""
    warnings: list[str] = []
    if document.content_type == FEED:
        drafts = extract_feed(document.payload, document.origin)
    else:
        decoded = decode_text(document.payload, document.origin)
        if decoded.guessed:
            warnings.append(f"no charset declared; decoded as {decoded.encoding}")
        if document.content_type == TEXT:
            drafts = extract_text_capture(decoded.text, document.hints, origin=document.origin)
        elif document.content_type == HTML:
            drafts = extract_html(decoded.text, document.hints, origin=document.origin)
        elif document.content_type == JSONL_RECORD:
            drafts = [extract_jsonl_record(decoded.text, document.origin)]
        else:
            raise IngestError(document.origin, f"unknown content type {document.content_type!r}")
    drafts = [draft for draft in drafts if draft.title.strip()]
    if not drafts:
        raise IngestError(document.origin, "no article found in it")
    drafts[0].warnings[:0] = warnings
    return [_with_hints(draft, document) for draft in drafts]


def _with_hints(draft: ArticleDraft, document: RawDocument) -> ArticleDraft:
    # Hints fill what the input lacks; they never overwrite what it says itself.
    # Stubs are other outlets' articles, so the page's hints do not apply to them.
    if draft.is_stub:
        return draft
    hints = document.hints
    draft = replace(
        draft,
        outlet=draft.outlet or hints.source,
        published_at=draft.published_at or hints.published,
        url=draft.url or hints.url,
    )
    if draft.dateline is None:
        text, dateline = split_dateline(draft.text)
        if dateline.place:
            draft = replace(
                draft,
                text=text,
                dateline=dateline.place,
                wire_service=draft.wire_service or dateline.wire_service,
            )
    return draft
