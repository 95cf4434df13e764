"""Runs the stages over documents: read, store raw, extract, store articles. I/O lives here."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newsdesk.config import Settings
from newsdesk.enrich import ArticleText, Enrichment, enrich_texts
from newsdesk.enrich.embed import embed_texts, headline_and_lead, to_bytes
from newsdesk.errors import IngestError
from newsdesk.extract import extract_document
from newsdesk.ingest.files import InputItem, collect_files, read_inputs, sha256_of
from newsdesk.store.db import Store
from newsdesk.store.documents import (
    add_document,
    fill_missing_hints,
    find_document_by_sha,
    iter_document_ids,
    mark_failed,
    raw_document,
    save_articles,
)
from newsdesk.store.enrichment import save_enrichment
from newsdesk.store.grouping import fold_copies, link_stubs
from newsdesk.store.models import Article, Document, utcnow
from newsdesk.store.stories import (
    article_features,
    clear_stories,
    place_in_story,
    relink_threads,
    story_count,
)
from newsdesk.types import IngestHints

Notify = Callable[[str], None]


@dataclass
class IngestReport:
    """What one ingest or reprocess run did, counted, with every problem in words."""

    files: int = 0
    documents: int = 0
    new: int = 0
    duplicate: int = 0
    failed: int = 0
    articles: int = 0
    stubs: int = 0
    copies: int = 0
    stories: int = 0
    enriched: int = 0
    enrich_skipped: int = 0
    enrich_failed: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        """The report as a JSON object (the `--json` shape of ingest and reprocess)."""
        return {
            "files": self.files,
            "documents": self.documents,
            "new": self.new,
            "duplicate": self.duplicate,
            "failed": self.failed,
            "articles": self.articles,
            "stubs": self.stubs,
            "copies": self.copies,
            "stories": self.stories,
            "enriched": self.enriched,
            "enrich_skipped": self.enrich_skipped,
            "enrich_failed": self.enrich_failed,
            "errors": self.errors,
            "warnings": self.warnings,
        }


def _ignore(_: str) -> None:
    return None


def ingest_paths(
    store: Store,
    paths: Iterable[Path],
    hints: IngestHints,
    settings: Settings,
    *,
    hints_for: Callable[[Path], IngestHints] | None = None,
    on_file: Notify = _ignore,
    on_problem: Notify = _ignore,
    on_files_found: Callable[[int], None] | None = None,
    enrich: bool = True,
    on_enriched: Notify = _ignore,
) -> IngestReport:
    """Ingest every supported file under `paths`; each document is committed on its own.

    Committing per document is what makes a killed run safe to repeat: what was
    committed is recognised as a duplicate, what was not is ingested again.
    """
    report = IngestReport()
    files, missing = collect_files(list(paths))
    for error in missing:
        _fail(report, str(error), on_problem)
    if on_files_found:
        on_files_found(len(files))
    for path in files:
        report.files += 1
        file_hints = hints_for(path) if hints_for else hints
        for item in read_inputs(path, file_hints, settings.max_input_bytes):
            ingest_item(store, item, report, on_problem)
        on_file(str(path))
    if enrich:
        enrich_pending(store, report, on_article=on_enriched, on_problem=on_problem)
        group_pending(store, report)
    return report


def ingest_item(store: Store, item: InputItem, report: IngestReport, on_problem: Notify) -> None:
    """Store one input's raw bytes and its articles, counting what happened in `report`."""
    if item.document is None:
        _fail(report, str(item.error), on_problem)
        return
    report.documents += 1
    raw = item.document
    sha256 = item.sha256 or sha256_of(raw.payload)
    try:
        with store.session() as session:
            known = find_document_by_sha(session, sha256)
            if known is not None:
                report.duplicate += 1
                if fill_missing_hints(known, raw.hints) and known.payload is not None:
                    # Told now what it lacked (a date, an outlet): extract again with it.
                    _re_extract(session, known, report, on_problem)
                return
            size = None if item.sha256 is None else _size_of(item)
            document = add_document(session, raw, sha256, size=size)
            if item.error is not None:
                mark_failed(document, item.error.reason)
                _fail(report, str(item.error), on_problem)
                return
            try:
                drafts = extract_document(raw)
            except IngestError as error:
                mark_failed(document, error.reason)
                _fail(report, str(error), on_problem)
                return
            articles = save_articles(session, document, drafts)
    except IntegrityError:
        # Another process stored the same bytes between our check and our insert.
        report.duplicate += 1
        return
    report.new += 1
    report.articles += sum(not a.is_stub for a in articles)
    report.stubs += sum(a.is_stub for a in articles)
    for draft in drafts:
        for warning in draft.warnings:
            message = f"{raw.origin}: {warning}"
            report.warnings.append(message)
            on_problem(f"warning: {message}")


def reprocess(
    store: Store,
    *,
    on_document: Notify = _ignore,
    on_problem: Notify = _ignore,
    on_enriched: Notify = _ignore,
    reenrich_all: bool = False,
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
        with store.session() as session:
            document = session.scalar(select(Document).where(Document.id == document_id))
            if document is None:
                continue
            if document.payload is None:
                report.failed += 1
            else:
                _re_extract(session, document, report, on_problem)
        on_document(str(document_id))
    enrich_pending(store, report, on_article=on_enriched, on_problem=on_problem)
    group_pending(store, report)
    return report


def _re_extract(
    session: Session, document: Document, report: IngestReport, on_problem: Notify
) -> None:
    raw = raw_document(document)
    if raw is None:
        return
    try:
        drafts = extract_document(raw)
    except IngestError as error:
        mark_failed(document, error.reason)
        _fail(report, str(error), on_problem)
        return
    articles = save_articles(session, document, drafts)
    report.articles += sum(not a.is_stub for a in articles)
    report.stubs += sum(a.is_stub for a in articles)


def _size_of(item: InputItem) -> int:
    return Path(item.origin).stat().st_size


def _fail(report: IngestReport, message: str, on_problem: Notify) -> None:
    report.failed += 1
    report.errors.append(message)
    on_problem(f"error: {message}")


ENRICH_BATCH = 32


def enrich_pending(
    store: Store,
    report: IngestReport,
    *,
    batch_size: int = ENRICH_BATCH,
    on_article: Notify = _ignore,
    on_problem: Notify = _ignore,
) -> IngestReport:
    """Enrich every article not enriched since its text last changed, oldest first, in batches.

    Each article's results are committed on their own, so a killed run loses at most
    the batch in hand, and the next run picks up exactly what is left.
    """
    with store.session() as session:
        pending = list(
            session.scalars(
                select(Article.id)
                .where(Article.enriched_at.is_(None))
                .order_by(Article.published_at.asc().nulls_last(), Article.id)
            )
        )
    for first in range(0, len(pending), batch_size):
        batch = pending[first : first + batch_size]
        with store.session() as session:
            texts = [
                ArticleText(a.title, a.text, a.published_at)
                for a in (session.get_one(Article, i) for i in batch)
            ]
        for article_id, outcome in zip(batch, _enrich_isolated(texts), strict=True):
            if isinstance(outcome, Exception):
                report.enrich_failed += 1
                message = f"article {article_id}: enrichment failed: {outcome}"
                report.errors.append(message)
                on_problem(f"error: {message}")
                on_article(str(article_id))
                continue
            with store.session() as session:
                save_enrichment(session, session.get_one(Article, article_id), outcome)
            if outcome.note:
                report.enrich_skipped += 1
                report.warnings.append(f"article {article_id}: {outcome.note}")
            else:
                report.enriched += 1
            on_article(str(article_id))
    return report


def _enrich_isolated(texts: list[ArticleText]) -> list[Enrichment | Exception]:
    # One bad article must not cost its whole batch: on failure, redo one by one.
    try:
        return list(enrich_texts(texts))
    except Exception:
        outcomes: list[Enrichment | Exception] = []
        for text in texts:
            try:
                outcomes.extend(enrich_texts([text]))
            except Exception as error:  # recorded per article; the run goes on
                outcomes.append(error)
        return outcomes


def group_pending(store: Store, report: IngestReport, *, batch_size: int = ENRICH_BATCH) -> None:
    """Embed, fold copies of, link stubs to, and place in a story every article not grouped
    since it changed; then relink threads. Articles go in publication order, so the
    earliest copy of a wire story and the first report of an event are met first."""
    with store.session() as session:
        pending = list(
            session.scalars(
                select(Article.id)
                .where(Article.grouped_at.is_(None), Article.is_stub.is_(False))
                .order_by(Article.published_at.asc().nulls_last(), Article.id)
            )
        )
    for first in range(0, len(pending), batch_size):
        batch = pending[first : first + batch_size]
        with store.session() as session:
            articles = [session.get_one(Article, i) for i in batch]
            unembedded = [a for a in articles if a.embedding is None]
            vectors = embed_texts([headline_and_lead(a.title, a.text) for a in unembedded])
            for article, vector in zip(unembedded, vectors, strict=True):
                article.embedding = to_bytes(vector)
        for article_id in batch:
            with store.session() as session:
                article = session.get_one(Article, article_id)
                if fold_copies(session, article) != article.id:
                    report.copies += 1
                link_stubs(session, article)
                place_in_story(session, article, article_features(session, article))
                article.grouped_at = utcnow()
    if pending:
        with store.session() as session:
            relink_threads(session)
    with store.session() as session:
        report.stories = story_count(session)


def recluster(store: Store, report: IngestReport) -> IngestReport:
    """Forget every story and group all articles again from scratch, in publication order."""
    with store.session() as session:
        clear_stories(session)
    group_pending(store, report)
    return report
