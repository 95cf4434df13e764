"""Commands for following sources: `source ...`, `opml ...`, `fetch`, `worker`."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Annotated, Any

import typer

from newsdesk.cli.options import JsonOption, settings_of, store_of
from newsdesk.cli.output import FAILURE_EXIT, print_json, print_table, say, when
from newsdesk.errors import InputError

source_app = typer.Typer(help="Follow feeds, sites and sitemaps.", no_args_is_help=True)
opml_app = typer.Typer(help="Import and export the sources as OPML.", no_args_is_help=True)

SourceRef = Annotated[str, typer.Argument(help="The source's id (see `source list`) or URL.")]


@source_app.command("add")
def source_add(
    ctx: typer.Context,
    url: Annotated[
        str, typer.Argument(help="A feed (RSS, Atom, JSON Feed), a site, or a sitemap.")
    ],
    category: Annotated[str | None, typer.Option(help='Folder, e.g. "News/World".')] = None,
    full_text: Annotated[
        str, typer.Option(help="Fetch each entry's page: auto (summaries only), always, never.")
    ] = "auto",
    as_json: JsonOption = False,
) -> None:
    """Follow a feed, a site (its feed found from <link rel="alternate">) or a sitemap."""
    from newsdesk.pipeline.following import add_source

    record = add_source(
        store_of(ctx), settings_of(ctx), url, category=category, full_text=full_text
    )
    if as_json:
        print_json(record)
        return
    say(f"following source {record.id}: {record.title or record.url} ({record.kind}, {record.url})")


@source_app.command("list")
def source_list(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List followed sources with their health and schedule."""
    from newsdesk.read.feeds import feed_rows

    with store_of(ctx).session() as session:
        rows = feed_rows(session)
    if as_json:
        print_json(rows)
        return
    print_table(
        ("id", "health", "kind", "category", "title", "next fetch", "last error"),
        (
            (
                row.id,
                row.health,
                row.kind,
                row.category,
                row.title or row.url,
                when(row.next_fetch_at),
                row.last_error,
            )
            for row in rows
        ),
    )


@source_app.command("show")
def source_show(ctx: typer.Context, ref: SourceRef, as_json: JsonOption = False) -> None:
    """Show a source: state, schedule, WebSub, and its fetch log (status, bytes, time, error)."""
    from newsdesk.read.feeds import feed_view
    from newsdesk.store.sources import require_feed

    with store_of(ctx).session() as session:
        record = feed_view(session, require_feed(session, ref))
    if as_json:
        print_json(record)
        return
    say(record.title or record.url, style="bold")
    for key in ("url", "kind", "outlet", "category", "status", "health", "full_text"):
        say(f"  {key}: {getattr(record, key) or ''}")
    if record.failures:
        say(
            f"  failing: {record.failures} in a row, backed off until "
            f"{when(record.next_fetch_at)}: {record.last_error}",
            style="red",
        )
    say(
        f"  every {record.interval_seconds // 60} min · next {when(record.next_fetch_at)}"
        f" · entries seen {record.entries_seen} · WebSub {record.websub_state or 'no'}"
    )
    print_table(
        ("when", "outcome", "status", "bytes", "ms", "entries", "new", "error"),
        (
            (
                when(row.started_at),
                row.outcome,
                row.status,
                row.bytes,
                row.duration_ms,
                row.entries,
                row.new_documents,
                row.error,
            )
            for row in record.log
        ),
    )


@source_app.command("remove")
def source_remove(ctx: typer.Context, ref: SourceRef) -> None:
    """Stop following a source (its articles stay)."""
    from newsdesk.store.sources import remove_feed, require_feed

    with store_of(ctx).session() as session:
        feed = require_feed(session, ref)
        url = feed.url
        remove_feed(session, feed)
    say(f"no longer following {url}")


@source_app.command("pause")
def source_pause(ctx: typer.Context, ref: SourceRef) -> None:
    """Stop fetching a source until it is resumed."""
    _set_paused(ctx, ref, paused=True)


@source_app.command("resume")
def source_resume(ctx: typer.Context, ref: SourceRef) -> None:
    """Fetch a paused, gone or failing source again, from now."""
    _set_paused(ctx, ref, paused=False)


def _set_paused(ctx: typer.Context, ref: str, *, paused: bool) -> None:
    from newsdesk.store.sources import require_feed, set_paused

    with store_of(ctx).session() as session:
        feed = require_feed(session, ref)
        set_paused(feed, paused)
        url = feed.url
    say(f"{'paused' if paused else 'resumed'} {url}")


@opml_app.command("import")
def opml_import(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="An OPML file (folders become categories).")],
    as_json: JsonOption = False,
) -> None:
    """Follow every feed an OPML file lists; exits 1 if any URL was refused."""
    from newsdesk.pipeline.following import import_opml

    store = store_of(ctx)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: {error.strerror}") from None
    report = import_opml(store, settings_of(ctx), data, origin=str(path))
    refused = report.refused or []
    if as_json:
        print_json({"added": report.added, "known": report.known, "refused": refused})
    else:
        for problem in refused:
            say(problem, style="red", err=True)
        say(f"added {report.added} · already followed {report.known} · refused {len(refused)}")
    if refused:
        raise typer.Exit(FAILURE_EXIT)


@opml_app.command("export")
def opml_export(
    ctx: typer.Context,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File (default stdout).")
    ] = None,
) -> None:
    """Write every followed source as OPML 2.0, folders by category."""
    from newsdesk.pipeline.following import export_opml

    data = export_opml(store_of(ctx))
    if output is None:
        typer.echo(data.decode(), nl=False)
    else:
        output.write_bytes(data)


def fetch(
    ctx: typer.Context,
    once: Annotated[bool, typer.Option("--once", help="Fetch what is due, then exit.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Fetch every source that is due and ingest what is new; --once exits after one pass."""
    from newsdesk.pipeline.fetching import fetch_once

    if not once:
        worker(ctx, concurrency=1, queues=None, tick=60.0)
        return
    cycle = fetch_once(store_of(ctx), settings_of(ctx), on_feed=None if as_json else _print_feed)
    summary = {
        "feeds": len(cycle.feeds),
        "failed": cycle.failed,
        "new_documents": sum(f.new_documents for f in cycle.feeds),
        "ingest": cycle.ingest.as_json(),
        "sources": [vars(f) for f in cycle.feeds],
    }
    if as_json:
        print_json(summary)
    else:
        say(
            f"sources fetched {summary['feeds']} · failed {summary['failed']} · "
            f"new documents {summary['new_documents']} · articles {cycle.ingest.articles} · "
            f"lead images {cycle.ingest.images}"
        )
    if cycle.failed:
        raise typer.Exit(FAILURE_EXIT)


def worker(
    ctx: typer.Context,
    concurrency: Annotated[int, typer.Option(help="Jobs at once (processes) with a broker.")] = 1,
    queues: Annotated[
        str | None, typer.Option(help="With a broker: fetch, pipeline, or both (default).")
    ] = None,
    tick: Annotated[
        float, typer.Option(help="Seconds between looks for sources that fell due.")
    ] = 30.0,
) -> None:
    """Run continuously: fetch sources as they fall due and put what comes through the
    pipeline. With NEWSDESK_BROKER_URL, join the Celery workers sharing that broker."""
    settings = settings_of(ctx)
    if settings.broker_url:
        from newsdesk.pipeline.tasks import run_worker

        run_worker(settings, concurrency=concurrency, queues=queues, tick=tick)
        return
    from newsdesk.pipeline.worker import run_loop

    store = store_of(ctx)
    stop = threading.Event()
    say("newsdesk worker: fetching sources as they fall due (Ctrl-C to stop)")
    try:
        run_loop(store, settings, stop=stop, idle_seconds=tick, on_feed=_print_feed)
    except KeyboardInterrupt:
        stop.set()


def _print_feed(report: Any) -> None:
    if report.outcome in ("ok", "not_modified"):
        say(f"{report.url}: {report.outcome}, {report.entries} entries, {report.new_documents} new")
    else:
        say(f"{report.url}: {report.error}", style="red", err=True)
