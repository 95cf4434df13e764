"""The command line for following sources: `source ...`, `opml ...`, `fetch`, `worker`."""

from __future__ import annotations

import json
import threading
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from newsdesk.config import Settings
from newsdesk.errors import NewsdeskError
from newsdesk.store.db import Store, open_store

source_app = typer.Typer(help="Follow feeds, sites and sitemaps.", no_args_is_help=True)
opml_app = typer.Typer(help="Import and export the sources as OPML.", no_args_is_help=True)
console = Console()
errors = Console(stderr=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
SourceRef = Annotated[str, typer.Argument(help="The source's id (see `source list`) or URL.")]


def _open(ctx: typer.Context) -> Store:
    try:
        return open_store(_settings(ctx))
    except NewsdeskError as error:
        _fail(error, 2)


def _settings(ctx: typer.Context) -> Settings:
    root = ctx.find_root()
    return root.obj  # type: ignore[no-any-return]


def _fail(error: object, code: int = 1) -> NoReturn:
    errors.print(f"[red]error:[/red] {error}", markup=True, highlight=False, soft_wrap=True)
    raise typer.Exit(code)


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
    from newsdesk.fetch.follow import add_source

    store = _open(ctx)
    try:
        record = add_source(store, _settings(ctx), url, category=category, full_text=full_text)
    except NewsdeskError as error:
        _fail(error)
    if as_json:
        _print_json(record)
        return
    console.print(
        f"following source {record['id']}: {record['title'] or record['url']} "
        f"({record['kind']}, {record['url']})",
        markup=False,
        soft_wrap=True,
    )


@source_app.command("list")
def source_list(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List followed sources with their health and schedule."""
    from newsdesk.store.sources import feed_row, list_feeds

    store = _open(ctx)
    with store.session() as session:
        rows = [feed_row(feed) for feed in list_feeds(session)]
    if as_json:
        _print_json(rows)
        return
    table = Table("id", "health", "kind", "category", "title", "next fetch", "last error")
    for row in rows:
        table.add_row(
            str(row["id"]),
            str(row["health"]),
            str(row["kind"]),
            str(row["category"] or ""),
            str(row["title"] or row["url"]),
            _when(row["next_fetch_at"]),
            str(row["last_error"] or ""),
        )
    console.print(table)


@source_app.command("show")
def source_show(ctx: typer.Context, ref: SourceRef, as_json: JsonOption = False) -> None:
    """Show a source: state, schedule, WebSub, and its fetch log (status, bytes, time, error)."""
    from newsdesk.store.sources import feed_record, require_feed

    store = _open(ctx)
    try:
        with store.session() as session:
            record = feed_record(session, require_feed(session, ref))
    except NewsdeskError as error:
        _fail(error)
    if as_json:
        _print_json(record)
        return
    console.print(f"{record['title'] or record['url']}", style="bold", markup=False)
    for key in ("url", "kind", "outlet", "category", "status", "health", "full_text"):
        console.print(f"  {key}: {record[key] or ''}", markup=False, soft_wrap=True)
    if record["failures"]:
        console.print(
            f"  failing: {record['failures']} in a row, backed off until "
            f"{_when(record['next_fetch_at'])}: {record['last_error']}",
            style="red",
            markup=False,
            soft_wrap=True,
        )
    console.print(
        f"  every {record['interval_seconds'] // 60} min · next {_when(record['next_fetch_at'])}"
        f" · entries seen {record['entries_seen']} · WebSub {record['websub_state'] or 'no'}",
        markup=False,
    )
    table = Table("when", "outcome", "status", "bytes", "ms", "entries", "new", "error")
    for row in record["log"]:
        table.add_row(
            _when(row["started_at"]),
            str(row["outcome"]),
            str(row["status"] or ""),
            str(row["bytes"]),
            str(row["duration_ms"]),
            str(row["entries"]),
            str(row["new_documents"]),
            str(row["error"] or ""),
        )
    console.print(table)


@source_app.command("remove")
def source_remove(ctx: typer.Context, ref: SourceRef) -> None:
    """Stop following a source (its articles stay)."""
    from newsdesk.store.sources import remove_feed, require_feed

    store = _open(ctx)
    try:
        with store.session() as session:
            feed = require_feed(session, ref)
            url = feed.url
            remove_feed(session, feed)
    except NewsdeskError as error:
        _fail(error)
    console.print(f"no longer following {url}", markup=False)


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

    store = _open(ctx)
    try:
        with store.session() as session:
            feed = require_feed(session, ref)
            set_paused(feed, paused)
            url = feed.url
    except NewsdeskError as error:
        _fail(error)
    console.print(f"{'paused' if paused else 'resumed'} {url}", markup=False)


@opml_app.command("import")
def opml_import(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="An OPML file (folders become categories).")],
    as_json: JsonOption = False,
) -> None:
    """Follow every feed an OPML file lists; exits 1 if any URL was refused."""
    from newsdesk.fetch.follow import import_opml

    store = _open(ctx)
    try:
        report = import_opml(store, _settings(ctx), path.read_bytes())
    except OSError as error:
        _fail(f"{path}: {error.strerror}", 2)
    except ValueError as error:
        _fail(f"{path}: {error}", 2)
    refused = report.refused or []
    if as_json:
        _print_json({"added": report.added, "known": report.known, "refused": refused})
    else:
        for problem in refused:
            errors.print(problem, style="red", markup=False, soft_wrap=True)
        console.print(
            f"added {report.added} · already followed {report.known} · refused {len(refused)}"
        )
    if refused:
        raise typer.Exit(1)


@opml_app.command("export")
def opml_export(
    ctx: typer.Context,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File (default stdout).")
    ] = None,
) -> None:
    """Write every followed source as OPML 2.0, folders by category."""
    from newsdesk.fetch.follow import export_opml

    data = export_opml(_open(ctx))
    if output is None:
        typer.echo(data.decode(), nl=False)
    else:
        output.write_bytes(data)


def fetch_command(
    ctx: typer.Context,
    once: Annotated[bool, typer.Option("--once", help="Fetch what is due, then exit.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Fetch every source that is due and ingest what is new; --once exits after one pass."""
    from newsdesk.fetch.run import fetch_once

    if not once:
        worker_command(ctx, concurrency=1, queues=None, tick=60.0)
        return
    store = _open(ctx)
    cycle = fetch_once(store, _settings(ctx), on_feed=None if as_json else _print_feed)
    summary = {
        "feeds": len(cycle.feeds),
        "failed": cycle.failed,
        "new_documents": sum(f.new_documents for f in cycle.feeds),
        "ingest": cycle.ingest.as_json(),
        "sources": [vars(f) for f in cycle.feeds],
    }
    if as_json:
        _print_json(summary)
    else:
        console.print(
            f"sources fetched {summary['feeds']} · failed {summary['failed']} · "
            f"new documents {summary['new_documents']} · articles {cycle.ingest.articles}"
        )
    if cycle.failed:
        raise typer.Exit(1)


def worker_command(
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
    settings = _settings(ctx)
    if settings.broker_url:
        from newsdesk.fetch.tasks import run_worker

        run_worker(settings, concurrency=concurrency, queues=queues, tick=tick)
        return
    from newsdesk.fetch.worker import run_loop

    store = _open(ctx)
    stop = threading.Event()
    console.print("newsdesk worker: fetching sources as they fall due (Ctrl-C to stop)")
    try:
        run_loop(store, settings, stop=stop, idle_seconds=tick, on_feed=_print_feed)
    except KeyboardInterrupt:
        stop.set()


def _print_feed(report: Any) -> None:
    if report.outcome in ("ok", "not_modified"):
        line = (
            f"{report.url}: {report.outcome}, {report.entries} entries, {report.new_documents} new"
        )
        console.print(line, markup=False, soft_wrap=True)
    else:
        errors.print(f"{report.url}: {report.error}", style="red", markup=False, soft_wrap=True)


def _when(value: object) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else ""


def _print_json(value: object) -> None:
    typer.echo(json.dumps(value, default=_json_default, ensure_ascii=False, indent=2))


def _json_default(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")
