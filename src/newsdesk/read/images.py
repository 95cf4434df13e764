"""Lead images for pages: each story's, from the first of its articles with a fetched image."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from newsdesk.read.records import LeadImage
from newsdesk.store.images import story_images


def image_src(article_id: int, sha256: str) -> str:
    """Where newsdesk serves an article's image; the digest in the query changes with the
    bytes, so a browser's copy is never stale."""
    return f"/images/{article_id}?v={sha256[:16]}"


def lead_images(session: Session, story_ids: Sequence[int]) -> dict[int, LeadImage]:
    """The lead image of each of these stories that has one (its earliest full article
    with a fetched image), by story id; alt text is that article's headline."""
    return {
        story_id: LeadImage(
            article_id=row.article_id,
            src=image_src(row.article_id, row.sha256),
            alt=row.title,
            width=row.width,
            height=row.height,
        )
        for story_id, row in story_images(session, story_ids).items()
    }
