"""How many feeds one core follows: 1,000 feeds served from a local server, fetched cold
(every entry new, ingested without NLP) and warm (every feed answers 304).

Run from the checkout: `python bench/fetch.py [--feeds 1000] [--entries 10]`. The server
runs in its own process so its CPU is not counted; the figures are the fetcher's own
CPU (user + system of this process) and wall time. Politeness (per-host delay) is off
because every feed is on one local host; a real instance spreads feeds over many hosts.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from newsdesk.config import FetchSettings, Settings
from newsdesk.pipeline.fetching import fetch_once
from newsdesk.store.db import open_store
from newsdesk.store.models import Feed
from newsdesk.store.sources import add_feed
from newsdesk.testing.feeds import serve_feeds
from newsdesk.testing.servers import LocalSite, Reply


def serve(feeds: int, entries: int, port_out: multiprocessing.Queue, stop: object) -> None:
    """Serve the feeds (ETag "v1"; a matching If-None-Match gets 304) until stopped."""
    with LocalSite() as site:
        site.route("/robots.txt", Reply(404))
        for url in serve_feeds(site, feeds, entries):
            path = url.removeprefix(site.url(""))
            body = site.routes[path].body  # type: ignore[union-attr]

            def answer(seen: object, body: bytes = body) -> Reply:
                if getattr(seen, "headers", {}).get("if-none-match") == '"v1"':
                    return Reply(304, headers={"ETag": '"v1"'})
                return Reply(200, body, {"Content-Type": "application/rss+xml", "ETag": '"v1"'})

            site.route(path, answer)
        site.requests = _Discard()  # type: ignore[assignment]
        port_out.put(site.port)
        stop.wait()  # type: ignore[attr-defined]


class _Discard(list):  # type: ignore[type-arg]
    def append(self, item: object) -> None:
        return


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--entries", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()
    ports: multiprocessing.Queue = multiprocessing.Queue()
    stop = multiprocessing.Event()
    server = multiprocessing.Process(target=serve, args=(args.feeds, args.entries, ports, stop))
    server.start()
    port = ports.get(timeout=60)
    fetch = FetchSettings(
        allow_private_networks=True,
        host_delay_seconds=0.0,
        host_concurrency=args.concurrency,
        concurrency=args.concurrency,
        timeout_seconds=30.0,
    )
    with tempfile.TemporaryDirectory() as tmp:
        settings = replace(Settings(data_dir=Path(tmp)), fetch=fetch)
        store = open_store(settings)
        with store.session() as session:
            for f in range(args.feeds):
                add_feed(session, f"http://127.0.0.1:{port}/feed{f}.rss", kind="feed")
        print(
            f"{args.feeds} feeds x {args.entries} entries, {args.concurrency} at once, "
            "SQLite, no NLP"
        )
        results = {}
        for cycle in ("cold", "warm"):
            with store.session() as session:
                session.query(Feed).update({Feed.next_fetch_at: None})
            wall, cpu = time.perf_counter(), cpu_seconds()
            report = fetch_once(store, settings, enrich=False)
            wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
            outcomes = {
                o: sum(f.outcome == o for f in report.feeds) for o in ("ok", "not_modified")
            }
            results[cycle] = cpu / args.feeds
            print(
                f"{cycle:>5}: {len(report.feeds) / wall:7.1f} feeds/s  "
                f"{1000 * cpu / args.feeds:6.2f} ms CPU per feed  "
                f"({outcomes['ok']} new, {outcomes['not_modified']} unchanged, "
                f"{report.ingest.new} documents, {wall:.1f} s)"
            )
        store.close()
    stop.set()
    server.join(timeout=10)
    interval = 15 * 60
    print(
        f"one core at a 15-minute interval: ~{interval / results['warm']:,.0f} feeds when "
        f"unchanged (304), ~{interval / results['cold']:,.0f} when each brings "
        f"{args.entries} new entries (before NLP enrichment)"
    )


if __name__ == "__main__":
    main()
