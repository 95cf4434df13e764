"""The images step after grouping: each new article's lead image fetched once, through the
guarded fetcher (the same address rules, robots.txt and per-host manners as sources), checked
to be a PNG, JPEG, GIF or WebP within the size cap, and kept, or its error kept."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from newsdesk.config import Settings
from newsdesk.errors import FetchError
from newsdesk.extract.images import ImageKind, sniff_image
from newsdesk.fetch.client import Fetcher
from newsdesk.fetch.safety import Resolver
from newsdesk.pipeline.report import IngestReport, OnProblem, ignore, warn
from newsdesk.store.db import Store
from newsdesk.store.images import (
    PendingImage,
    pending_image_articles,
    pending_images,
    record_image,
    record_image_failure,
)

IMAGE_ACCEPT = "image/webp, image/png, image/jpeg, image/gif;q=0.9, image/*;q=0.5"


@dataclass
class ImageReport:
    """What the images step did: images kept, and each one refused with why."""

    fetched: int = 0
    failed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Outcome:
    image: PendingImage
    data: bytes | None = None
    kind: ImageKind | None = None
    error: str | None = None


def fetch_images(
    store: Store,
    settings: Settings,
    article_ids: Sequence[int],
    *,
    into: IngestReport | None = None,
    on_problem: OnProblem = ignore,
    resolver: Resolver | None = None,
) -> ImageReport:
    """Fetch the lead images these articles name and were never tried (not from inside an
    event loop); one bad image costs itself only, a warning in `into`. Nothing is fetched
    when `settings.images.fetch` is off."""
    report = ImageReport()
    if not settings.images.fetch or not article_ids:
        return report
    with store.session() as session:
        pending = pending_images(session, article_ids)
    if pending:
        outcomes = asyncio.run(_fetch_all(pending, settings, resolver))
        _keep(store, outcomes, report)
    if into is not None:
        into.images += report.fetched
        for failure in report.failed:
            warn(into, f"lead image not kept: {failure}", on_problem)
    return report


def fetch_pending_images(
    store: Store,
    settings: Settings,
    *,
    into: IngestReport | None = None,
    on_problem: OnProblem = ignore,
    resolver: Resolver | None = None,
) -> ImageReport:
    """Fetch every lead image noted and never tried, whoever noted it (`newsdesk reprocess
    --images` after a reprocess reads new image URLs); as fetch_images otherwise."""
    with store.session() as session:
        article_ids = pending_image_articles(session)
    return fetch_images(
        store, settings, article_ids, into=into, on_problem=on_problem, resolver=resolver
    )


def _keep(store: Store, outcomes: list[_Outcome], report: ImageReport) -> None:
    with store.session() as session:
        for outcome in outcomes:
            image, kind = outcome.image, outcome.kind
            if outcome.data is not None and kind is not None:
                report.fetched += record_image(
                    session,
                    image.article_id,
                    image.source_url,
                    data=outcome.data,
                    content_type=kind.content_type,
                    sha256=hashlib.sha256(outcome.data).hexdigest(),
                    width=kind.width,
                    height=kind.height,
                )
                continue
            error = outcome.error or "not a PNG, JPEG, GIF or WebP image"
            record_image_failure(session, image.article_id, image.source_url, error)
            report.failed.append(f"{image.source_url}: {error}")


async def _fetch_all(
    pending: list[PendingImage], settings: Settings, resolver: Resolver | None
) -> list[_Outcome]:
    # One try per URL: a failed image is kept failed, never retried until its URL changes.
    fetch_settings = replace(settings.fetch, attempts=1)
    async with Fetcher(
        fetch_settings,
        settings.images.max_bytes,
        resolver=resolver,
        limit_setting="NEWSDESK_IMAGES_MAX_BYTES",
    ) as fetcher:
        gate = asyncio.Semaphore(max(1, settings.fetch.concurrency))

        async def one(image: PendingImage) -> _Outcome:
            async with gate:
                return await _fetch_one(fetcher, image)

        return await asyncio.gather(*(one(image) for image in pending))


async def _fetch_one(fetcher: Fetcher, image: PendingImage) -> _Outcome:
    try:
        response = await fetcher.get(image.source_url, accept=IMAGE_ACCEPT)
    except FetchError as error:
        return _Outcome(image, error=error.reason)
    except Exception as error:  # an address no rule foresaw is this image's error alone
        return _Outcome(image, error=f"{type(error).__name__}: {error}")
    # The declared type must say image; the bytes decide which (a server's label is a claim).
    if not response.mime.startswith("image/"):
        return _Outcome(image, error=f"not an image: the server sent {response.mime or 'no type'}")
    kind = sniff_image(response.body)
    if kind is None:
        return _Outcome(image, error=f"not a PNG, JPEG, GIF or WebP image ({response.mime})")
    return _Outcome(image, data=response.body, kind=kind)
