"""Commands that write: init, ingest, demo, reprocess, recluster."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from newsdesk.cli.options import JsonOption, settings_of, store_of
from newsdesk.cli.output import FAILURE_EXIT, print_json, progress, report_problem, say
from newsdesk.errors import InputError
from newsdesk.types import IngestHints

if TYPE_CHECKING:
    from newsdesk.pipeline.report import IngestReport
    from newsdesk.read.records import AddedArticle


def init(ctx: typer.Context) -> None:
    """Create the database (or migrate it to the newest schema)."""
    store = store_of(ctx)
    say(f"database ready: {store.engine.url.render_as_string(hide_password=True)}")


def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Files and folders (read recursively).")],
    source: Annotated[
        str | None, typer.Option(help="Outlet name for inputs that lack one.")
    ] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date (ISO 8601) for inputs that lack one.")
    ] = None,
    jobs: Annotated[
        int,
        typer.Option(min=1, help="Processes that enrich (each loads the model once)."),
    ] = 1,
    as_json: JsonOption = False,
) -> None:
    """Ingest text, HTML, feed, JSONL and WARC files; exits 1 if any input failed."""
    from newsdesk.extract.dates import parse_datetime

    published_at = parse_datetime(published) if published else None
    if published and published_at is None:
        raise InputError(f"--published {published!r} is not a date like 2024-01-17")
    hints = IngestHints(source=source, published=published_at)
    finish(ctx, run_ingest(ctx, paths, hints, quiet=as_json, jobs=jobs), as_json)


def demo(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Ingest the bundled demo corpus (a second run finds every document a duplicate)."""
    from newsdesk.demo import ARTICLES_DIR, demo_hints

    report = run_ingest(ctx, [ARTICLES_DIR], IngestHints(), quiet=as_json, hints_for=demo_hints)
    finish(ctx, report, as_json)


def reprocess(
    ctx: typer.Context,
    reenrich: Annotated[
        bool, typer.Option("--reenrich", help="Also redo enrichment of unchanged articles.")
    ] = False,
    images: Annotated[
        bool,
        typer.Option(
            "--images",
            help="Then fetch every lead image noted and never tried (the network: off by default).",
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Re-run extraction (and enrichment where needed) over every stored document; with
    --images, fetch the lead images it noted."""
    from newsdesk.pipeline import reprocess as reprocess_documents

    store = store_of(ctx)
    with progress(quiet=as_json) as shown:
        task = shown.add_task("reprocessing", total=None)
        enriching = shown.add_task("enriching", total=None)
        embedding = shown.add_task("embedding sentences", total=None)
        report = reprocess_documents(
            store,
            settings_of(ctx),
            on_document=lambda _: shown.advance(task),
            on_problem=lambda problem: report_problem(problem, quiet=as_json),
            on_enriched=lambda _: shown.advance(enriching),
            on_embedded=lambda _: shown.advance(embedding),
            reenrich_all=reenrich,
        )
        if images:
            from newsdesk.pipeline.images import fetch_pending_images

            shown.add_task("fetching lead images", total=None)
            fetch_pending_images(
                store,
                settings_of(ctx),
                into=report,
                on_problem=lambda problem: report_problem(problem, quiet=as_json),
            )
    finish(ctx, report, as_json)


def recluster(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Forget every story and group all articles again from scratch."""
    from newsdesk.pipeline import IngestReport
    from newsdesk.pipeline import recluster as group_again

    store = store_of(ctx)
    with progress(quiet=as_json) as shown:
        shown.add_task("grouping", total=None)
        report = group_again(store, IngestReport(), settings_of(ctx).grouping)
    finish(ctx, report, as_json)


def run_ingest(
    ctx: typer.Context,
    paths: list[Path],
    hints: IngestHints,
    *,
    quiet: bool,
    hints_for: Callable[[Path], IngestHints] | None = None,
    jobs: int = 1,
) -> IngestReport:
    """Ingest paths with a progress display, printing each problem as it is met."""
    from newsdesk.pipeline import ingest_paths

    store = store_of(ctx)
    with progress(quiet=quiet) as shown:
        task = shown.add_task("ingesting", total=None)
        enriching = shown.add_task("enriching", total=None)
        embedding = shown.add_task("embedding sentences", total=None)
        return ingest_paths(
            store,
            paths,
            hints,
            settings_of(ctx),
            hints_for=hints_for,
            on_file=lambda _: shown.advance(task),
            on_problem=lambda problem: report_problem(problem, quiet=quiet),
            on_files_found=lambda count: shown.update(task, total=count),
            on_enriched=lambda _: shown.advance(enriching),
            on_embedded=lambda _: shown.advance(embedding),
            jobs=jobs,
        )


# New articles listed one per line at most; `--json` carries them all.
LISTED = 20


def finish(ctx: typer.Context, report: IngestReport, as_json: bool) -> None:
    """Print what a run did: the new articles and where each went, then the counts (or it
    all as JSON, errors listed); exit 1 if any input failed, after printing."""
    if as_json:
        added = _added(ctx, report.added)
        print_json({**report.as_json(), "added": [a.model_dump(mode="json") for a in added]})
    else:
        # Only the listed ones are read: a bulk ingest of 100,000 files would otherwise
        # load every new article (text and all) to print twenty.
        for article in _added(ctx, report.added[:LISTED]):
            say(f"article {article.id} · {_placed(article)} · {article.title}")
        if len(report.added) > LISTED:
            more = len(report.added) - LISTED
            say(f"... and {more} more new articles (--json lists them all)")
        # New versions of stored articles are only mentioned when there are some.
        revised = f" (new versions of stored ones {report.revised})" if report.revised else ""
        # So are files passed over in folders (each was named in a warning above).
        skipped = f" · skipped {report.skipped}" if report.skipped else ""
        # And lead images, fetched only for fetched pages or when the operator opts in.
        images = f" · lead images {report.images}" if report.images else ""
        say(
            f"files {report.files}{skipped} · documents {report.documents} · new {report.new} · "
            f"duplicate {report.duplicate} · failed {report.failed} · "
            f"articles {report.articles}{revised} · stubs {report.stubs} · "
            f"enriched {report.enriched} · not enriched {report.enrich_skipped} · "
            f"enrichment failed {report.enrich_failed} · "
            f"sentences embedded (articles) {report.embedded}{images}"
        )
    if report.failed:
        raise typer.Exit(FAILURE_EXIT)


def _added(ctx: typer.Context, ids: list[int]) -> list[AddedArticle]:
    from newsdesk.read.articles import added_articles

    if not ids:
        return []
    with store_of(ctx).session() as session:
        return added_articles(session, ids)


def _placed(article: AddedArticle) -> str:
    """Where a new article went, in words."""
    if article.copy_of is not None:
        return f"copy of article {article.copy_of}"
    if article.story_id is not None:
        return f"story {article.story_id}"
    return "no story yet"
