"""Ingest and reprocess: read inputs, keep the raw bytes, extract, then run the later stages.

Each document is committed on its own, so a killed run can simply be run again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newsdesk.config import Settings
from newsdesk.errors import IngestError
from newsdesk.extract import extract_document
from newsdesk.ingest.files import InputItem, collect_files, read_inputs, sha256_of
from newsdesk.pipeline.enrichment import enrich_pending
from newsdesk.pipeline.grouping import group_pending
from newsdesk.pipeline.images import fetch_images
from newsdesk.pipeline.report import IngestReport, Notify, OnProblem, fail, ignore, warn
from newsdesk.pipeline.views import build_page_views
from newsdesk.store.db import Store
from newsdesk.store.documents import (
    FAILED,
    add_document,
    document_articles,
    fill_missing_hints,
    find_document_by_sha,
    iter_document_ids,
    mark_failed,
    raw_document,
    save_articles,
)
from newsdesk.store.models import Article, Document
from newsdesk.store.stories import touch_stories
from newsdesk.types import ArticleDraft, IngestHints, RawDocument


def ingest_paths(
    store: Store,
    paths: Iterable[Path],
    hints: IngestHints,
    settings: Settings,
    *,
    hints_for: Callable[[Path], IngestHints] | None = None,
    on_file: Notify = ignore,
    on_problem: OnProblem = ignore,
    on_files_found: Callable[[int], None] | None = None,
    enrich: bool = True,
    group: bool = True,
    on_enriched: Notify = ignore,
    on_embedded: Notify = ignore,
    embed_sentences: bool = True,
    jobs: int = 1,
) -> IngestReport:
    """Ingest every supported file under `paths`; each document is committed on its own.
    `embed_sentences` off leaves the pages' sentence vectors and views to be computed when
    viewed (for a run no page reads, such as an evaluation of grouping); `jobs` processes
    enrich.

    Committing per document is what makes a killed run safe to repeat: what was
    committed is recognised as a duplicate, what was not is ingested again. One bad
    input never stops the batch: whatever goes wrong with it is its error, named.
    """
    report = IngestReport()
    found = collect_files(list(paths))
    for error in found.missing:
        fail(report, str(error), on_problem)
    for passed_over in found.skipped:
        report.skipped += 1
        warn(report, str(passed_over), on_problem)
    if on_files_found:
        on_files_found(len(found.files))
    for path in found.files:
        report.files += 1
        try:
            file_hints = hints_for(path) if hints_for else hints
            for item in read_inputs(path, file_hints, settings.max_input_bytes):
                ingest_item(store, item, report, on_problem)
        except Exception as error:
            # A file that breaks the reader mid-way costs only what it had left.
            fail(report, f"{path}: cannot read it: {_described(error)}", on_problem)
        on_file(str(path))
    if enrich:
        enrich_pending(store, report, on_article=on_enriched, on_problem=on_problem, jobs=jobs)
        # Grouping reads the entities enrichment resolved, so it needs enrichment first.
        if group:
            group_pending(
                store,
                report,
                settings.grouping,
                on_embedded=on_embedded,
                embed_sentences=embed_sentences,
            )
            # A file's images only when the operator asks: ingesting a file stays offline.
            if settings.images.from_files:
                fetch_images(store, settings, report.added, into=report, on_problem=on_problem)
            # The pages of what grouping changed, so that no reader waits for them.
            if embed_sentences:
                build_page_views(store, settings, report.grown)
    return report


@dataclass
class IngestedDocument:
    """One document ingested on its own: the run's report, the stored document's id (None
    when it could not be stored) and its articles' ids, in page order."""

    report: IngestReport
    document_id: int | None
    article_ids: list[int]


def ingest_document(
    store: Store,
    raw: RawDocument,
    settings: Settings,
    *,
    report: IngestReport | None = None,
    enrich: bool = True,
    images: bool | None = None,
) -> IngestedDocument:
    """Ingest one raw document (a body posted to the API, a page fetched by URL) and, when
    it is new, enrich and group its articles at once, then fetch their lead images when
    `images` says so (None: `settings.images.from_files`; a fetched page passes True)."""
    report = report or IngestReport()
    sha256 = sha256_of(raw.payload)
    ingest_item(store, InputItem(raw.origin, raw), report, ignore)
    with store.session() as session:
        document_id, article_ids = document_articles(session, sha256)
    if enrich and article_ids:
        # A duplicate too: an earlier request killed after storing it left its articles
        # unenriched or ungrouped, and sending it again must finish that work.
        enrich_pending(store, report, article_ids=article_ids)
        group_pending(store, report, settings.grouping)
        if settings.images.from_files if images is None else images:
            fetch_images(store, settings, article_ids, into=report)
        build_page_views(store, settings, report.grown)
    return IngestedDocument(report, document_id, article_ids)


def ingest_item(store: Store, item: InputItem, report: IngestReport, on_problem: OnProblem) -> None:
    """Store one input's raw bytes and its articles, counting what happened in `report`.

    Never raises for the input's sake: an error no rule foresaw is reported as this
    input's, and its session is rolled back, so nothing of it is left half-stored.
    """
    if item.warning:
        warn(report, item.warning, on_problem)
    if item.document is None:
        if item.error is not None:
            fail(report, str(item.error), on_problem)
        return
    try:
        _store_item(store, item, report, on_problem)
    except Exception as error:
        fail(report, f"{item.origin}: cannot store it: {_described(error)}", on_problem)


def _store_item(store: Store, item: InputItem, report: IngestReport, on_problem: OnProblem) -> None:
    assert item.document is not None
    report.documents += 1
    raw = item.document
    sha256 = item.sha256 or sha256_of(raw.payload)
    try:
        with store.session() as session:
            known = find_document_by_sha(session, sha256)
            if known is not None:
                report.duplicate += 1
                told_more = fill_missing_hints(known, raw.hints)
                # Told now what it lacked (a date, an outlet), or failed before (a run
                # that broke on it, an extractor since mended): extract it again.
                if (told_more or known.status == FAILED) and known.payload is not None:
                    _re_extract(session, known, report, on_problem)
                return
            size = None if item.sha256 is None else _size_of(item)
            document = add_document(session, raw, sha256, size=size)
            if item.error is not None:
                mark_failed(document, item.error.reason)
                fail(report, str(item.error), on_problem)
                return
            drafts = _extract_and_save(session, document, raw, report, on_problem)
            if drafts is None:
                return
    except IntegrityError:
        # Another process stored the same bytes between our check and our insert.
        report.duplicate += 1
        return
    report.new += 1
    for draft in drafts:
        for warning in draft.warnings:
            warn(report, f"{raw.origin}: {warning}", on_problem)


def reprocess(
    store: Store,
    settings: Settings,
    *,
    on_document: Notify = ignore,
    on_problem: OnProblem = ignore,
    on_enriched: Notify = ignore,
    reenrich_all: bool = False,
    on_embedded: Notify = ignore,
) -> IngestReport:
    """Re-run extraction over every stored document, updating its articles in place.

    Articles whose text or date changed are enriched again; `reenrich_all` redoes
    enrichment for every article (after the NLP stages improve).
    """
    report = IngestReport()
    if reenrich_all:
        with store.session() as session:
            session.execute(update(Article).values(enriched_at=None))
    with store.session() as session:
        ids = iter_document_ids(session)
    for document_id in ids:
        report.documents += 1
        try:
            with store.session() as session:
                document = session.scalar(select(Document).where(Document.id == document_id))
                if document is None:
                    continue
                if document.payload is None:
                    report.failed += 1
                else:
                    _re_extract(session, document, report, on_problem)
        except Exception as error:
            fail(
                report, f"document {document_id}: cannot store it: {_described(error)}", on_problem
            )
        on_document(str(document_id))
    enrich_pending(store, report, on_article=on_enriched, on_problem=on_problem)
    if reenrich_all:
        with store.session() as session:
            # Every story's people, quotes and timeline were read again: its pages too.
            report.grown |= touch_stories(session)
    group_pending(store, report, settings.grouping, on_embedded=on_embedded)
    build_page_views(store, settings, report.grown)
    return report


def _re_extract(
    session: Session, document: Document, report: IngestReport, on_problem: OnProblem
) -> None:
    raw = raw_document(document)
    if raw is not None:
        _extract_and_save(session, document, raw, report, on_problem)


def _extract_and_save(
    session: Session,
    document: Document,
    raw: RawDocument,
    report: IngestReport,
    on_problem: OnProblem,
) -> list[ArticleDraft] | None:
    """Extract a stored document's articles and save them; None (and the error kept) on failure."""
    try:
        drafts = extract_document(raw)
    except IngestError as error:
        mark_failed(document, error.reason)
        fail(report, str(error), on_problem)
        return None
    except Exception as error:
        # The raw bytes stay stored with why; a re-run or `reprocess` tries them again.
        reason = f"extraction failed: {_described(error)}"
        mark_failed(document, reason)
        fail(report, f"{raw.origin}: {reason}", on_problem)
        return None
    saved = save_articles(session, document, drafts)
    report.articles += sum(not a.is_stub for a in saved.articles)
    report.added.extend(a.id for a in saved.articles if not a.is_stub)
    report.stubs += sum(a.is_stub for a in saved.articles)
    report.revised += saved.revised
    return drafts


def _size_of(item: InputItem) -> int:
    return Path(item.origin).stat().st_size


def _described(error: Exception) -> str:
    # The kind of error is kept: "KeyError: 'x'" says more than "'x'" alone; and only its
    # first line, since a database error goes on with the statement and its parameters.
    first = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {first}"
