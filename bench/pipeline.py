"""The whole path on PostgreSQL + Redis: ingest and extract, enrich, group, views, with 1, 2
and 4 `newsdesk worker` processes (Celery), and what N machines would give.

The articles are demo-like text files (`newsdesk.testing.corpus`: the demo's articles
varied) with real pages from article-extraction-benchmark mixed in; each is queued as one
`ingest_document` job (as a fetcher queues what it fetched), and the workers' schedulers
queue the grouping passes and these the views jobs, as in production. Each worker is
`newsdesk worker` run from this script, which first loads the models (so start-up is not
timed) and times every stage call (wall span and the process's CPU). Printed per stage:
articles/s over the stage's span (first call's start to last call's end) and CPU ms per
article (the stage's CPU over every article); then the model of N machines from the
per-stage CPU costs, grouping in parallel (PostgreSQL's default) or, with --grouping-lease,
serial under one lease.
PostgreSQL's and Redis's own CPU is not counted (they ran on this machine too).

Run from the checkout with Redis at 127.0.0.1:6379 and PostgreSQL at 127.0.0.1:5432:
`python bench/pipeline.py [--articles 500] [--workers 1,2,4]`; the full report is
`python bench/pipeline.py --articles 5000` (hours on 2 cores: each article costs about a
second of CPU over the stages).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, select, text

from newsdesk.config import load_settings
from newsdesk.ingest.files import read_inputs
from newsdesk.store.db import open_store
from newsdesk.store.models import Article
from newsdesk.testing.corpus import write_benchmark_pages, write_demo_like
from newsdesk.testing.workers import (
    Stalled,
    clear_queue,
    stop_workers,
    stored,
    wait_for_progress,
    worker_env,
)
from newsdesk.types import IngestHints

POSTGRES = os.environ.get(
    "NEWSDESK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
TARGET = 30.0  # articles/s with 2 processes on 2 cores
# The share of real benchmark pages in the corpus (at most the set's 181).
REAL_SHARE = 0.1
# The stage each timed function of pipeline/tasks.py is counted in.
TIMED = {
    "ingest_item": "ingest+extract",
    "enrich_pending": "enrich",
    "group_under_lease": "group",
    "build_page_views": "views",
}
STAGES = list(TIMED.values())
# After grouping ends, the views still queued get this long.
VIEWS_WAIT_S = 300.0
TICKS = os.sysconf("SC_CLK_TCK")


def tree_cpu(pid: int) -> float:
    """CPU seconds of a process and of its reaped children (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(f) for f in fields[11:15]) / TICKS


def work_as_worker(stats: Path) -> None:
    """Be a `newsdesk worker`: load the models, time each stage call of the jobs into
    `stats` (one JSON line a call), say "ready" there, then run the worker."""
    from newsdesk.enrich import ArticleText, enrich_texts
    from newsdesk.enrich.embed import embed_across_languages, embed_texts
    from newsdesk.pipeline import tasks

    out = stats.open("a", buffering=1)

    def timed(stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(function)
        def run(*args: Any, **kwargs: Any) -> Any:
            # Grouping passes run every tick, mostly finding nothing: one that grouped
            # nothing is no part of the stage's span. The counting is not timed.
            before = _grouped(args[0]) if stage == "group" else 0
            wall, cpu = time.time(), time.process_time()
            result = function(*args, **kwargs)
            spent = time.process_time() - cpu
            line = {"stage": stage, "start": wall, "end": time.time(), "cpu": spent}
            if stage == "group":
                line["count"] = _grouped(args[0]) - before
            elif stage == "views":
                line["count"] = result
            out.write(json.dumps(line) + "\n")
            return result

        return run

    for name, stage in TIMED.items():
        setattr(tasks, name, timed(stage, getattr(tasks, name)))
    list(enrich_texts([ArticleText("Council meets", "The council met in Paris on Monday.", None)]))
    embed_texts(["warm"])
    embed_across_languages(["warm"])
    out.write(json.dumps({"ready": time.time()}) + "\n")
    from newsdesk.cli import app

    sys.argv = ["newsdesk", "worker", "--tick", "1"]
    app(prog_name="newsdesk")


def _grouped(store: Any) -> int:
    with store.session() as session:
        return session.scalar(select(func.count(Article.id)).where(Article.grouped_at.is_not(None)))


@dataclass
class Measured:
    """One run: articles stored, the stage calls' records, and the workers' CPU seconds
    from ready to done (Celery and the schedulers included)."""

    articles: int
    calls: list[dict[str, Any]]
    worker_cpu: float


def run(workers: int, corpus: Path, parallel: bool) -> Measured:
    """Queue every file of `corpus` to `workers` fresh workers on a fresh schema and wait
    until all is grouped and its views built."""
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{POSTGRES}?options=-csearch_path%3D{schema}"
    queue = f"nd-pipe-{uuid.uuid4().hex[:8]}"
    env = worker_env(url, queue)
    # A page names its lead image: the bench must not reach the outlets for it.
    env.update(NEWSDESK_IMAGES_FETCH="0", PYTHONUNBUFFERED="1")
    # Said either way: the default (parallel on PostgreSQL) must not decide the model's sum.
    env["NEWSDESK_GROUPING_PARALLEL"] = "1" if parallel else "0"
    settings = load_settings(env)
    store = open_store(settings)
    processes: list[subprocess.Popen[bytes]] = []
    with tempfile.TemporaryDirectory(prefix="newsdesk-pipe-") as tmp:
        stats = [Path(tmp) / f"w{i}.jsonl" for i in range(workers)]
        try:
            for i, path in enumerate(stats):
                with (Path(tmp) / f"w{i}.log").open("wb") as log:
                    command = [sys.executable, __file__, "--as-worker", str(path)]
                    processes.append(
                        subprocess.Popen(
                            command,
                            env=env,
                            stdout=log,
                            stderr=subprocess.STDOUT,
                            start_new_session=True,
                        )
                    )
            _queue_corpus(settings, corpus)
            while not all(p.exists() and '"ready"' in p.read_text() for p in stats):
                if any(p.poll() is not None for p in processes):
                    raise RuntimeError((Path(tmp) / "w0.log").read_text()[-3000:])
                time.sleep(0.5)
            cpu_ready = sum(tree_cpu(p.pid) for p in processes)
            files = sum(1 for _ in corpus.iterdir())
            wait_for_progress(
                lambda c: c["documents"] >= files and c["grouped"] >= c["articles"] > 0,
                lambda: stored(store),
                "every document ingested and every article grouped",
            )
            _wait_for_views(stats)
            cpu_done = sum(tree_cpu(p.pid) for p in processes)
            with store.session() as session:
                articles = session.scalar(
                    select(func.count(Article.id)).where(Article.is_stub.is_(False))
                )
            calls = [
                json.loads(line)
                for path in stats
                for line in path.read_text().splitlines()
                if '"stage"' in line
            ]
            return Measured(articles or 0, calls, cpu_done - cpu_ready)
        finally:
            stop_workers(processes)
            store.close()
            clear_queue(queue)
            with admin.begin() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


def _queue_corpus(settings: Any, corpus: Path) -> None:
    from newsdesk.pipeline.tasks import make_celery, send_document

    app = make_celery(settings)
    for path in sorted(corpus.iterdir()):
        for item in read_inputs(path, IngestHints(), settings.max_input_bytes):
            if item.document is not None:
                send_document(app, settings, item.document)


def _wait_for_views(stats: list[Path]) -> None:
    """Until no views job has run for 5 s (the last queued after the last grouping pass)."""
    give_up = time.monotonic() + VIEWS_WAIT_S
    while time.monotonic() < give_up:
        last = 0.0
        for path in stats:
            for line in path.read_text().splitlines():
                if '"views"' in line:
                    last = max(last, json.loads(line)["end"])
        if last and time.time() - last > 5.0:
            return
        time.sleep(1.0)


def _working(calls: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The stage calls that did something (a pass that grouped or built nothing did not)."""
    return [c for c in calls if c.get("count", 1)]


def stage_figures(measured: Measured) -> dict[str, tuple[float, float, float]]:
    """Per stage: articles/s over its span, CPU ms per article, and its busy seconds
    (the calls' summed wall time)."""
    figures = {}
    for stage in STAGES:
        calls = [c for c in _working(measured.calls) if c["stage"] == stage]
        if not calls:
            continue
        span = max(c["end"] for c in calls) - min(c["start"] for c in calls)
        cpu = sum(c["cpu"] for c in calls)
        busy = sum(c["end"] - c["start"] for c in calls)
        figures[stage] = (measured.articles / span, 1000 * cpu / measured.articles, busy)
    return figures


def print_run(workers: int, measured: Measured) -> dict[str, tuple[float, float, float]]:
    """Print one run's figures; its stage figures."""
    figures = stage_figures(measured)
    start = min(c["start"] for c in _working(measured.calls))
    end = max(c["end"] for c in _working(measured.calls))
    overall = measured.articles / (end - start)
    staged = sum(cpu for _, cpu, _ in figures.values())
    worker_cpu = 1000 * measured.worker_cpu / measured.articles
    met = "met" if overall >= TARGET else "NOT met"
    print(
        f"{workers} worker process{'es' if workers > 1 else ''}: {measured.articles} articles "
        f"in {end - start:.1f} s, {overall:.1f} articles/s (target {TARGET:.0f} with 2: "
        f"{met if workers == 2 else '-'}); workers' CPU {worker_cpu:.0f} ms/article "
        f"({staged:.0f} in the stages, {worker_cpu - staged:.0f} in Celery and the schedulers)"
    )
    for stage, (rate, cpu, busy) in figures.items():
        print(
            f"  {stage:15s} {rate:7.1f} articles/s over its span, "
            f"{measured.articles / busy:7.1f} while busy ({busy:6.1f} s in its calls), "
            f"{cpu:6.1f} ms CPU/article"
        )
    return figures


def print_model(figures: dict[str, tuple[float, float, float]], cores: int, parallel: bool) -> None:
    """What N machines of `cores` cores would give, from one run's per-stage CPU costs:
    the stages that run anywhere share N × cores; grouping under its one lease runs at
    its own pace on one core, whatever N is."""
    per_article = {stage: cpu / 1000 for stage, (_, cpu, _) in figures.items()}
    serial = 0.0 if parallel else per_article.get("group", 0.0)
    anywhere = sum(per_article.values()) - serial
    print(
        f"model ({cores} cores a machine; CPU s/article: anywhere {anywhere:.3f}, "
        f"serial grouping {serial:.3f}; database and broker assumed elsewhere and not limiting):"
    )
    for machines in (1, 2, 4, 8, 16):
        spread = machines * cores / anywhere if anywhere else float("inf")
        cap = 1 / serial if serial else float("inf")
        rate = min(spread, cap)
        limit = "grouping's one lease" if cap < spread else "CPU"
        print(
            f"  {machines:2d} machine{'s' if machines > 1 else ' '}: {rate:7.1f} articles/s "
            f"({rate * 86400 / 1e6:5.2f} million a day), limited by {limit}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--workers", default="1,2,4", help="worker process counts, comma-separated")
    parser.add_argument(
        "--grouping-lease",
        action="store_true",
        help="group under the one lease (NEWSDESK_GROUPING_PARALLEL=0), as before the default",
    )
    parser.add_argument("--as-worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.as_worker:
        work_as_worker(args.as_worker)
        return
    with tempfile.TemporaryDirectory(prefix="newsdesk-pipe-corpus-") as tmp:
        corpus = Path(tmp)
        real = write_benchmark_pages(corpus, round(args.articles * REAL_SHARE))
        write_demo_like(corpus, args.articles - len(real))
        print(
            f"{args.articles} files ({len(real)} real pages of article-extraction-benchmark), "
            f"PostgreSQL + Redis, {os.cpu_count()} cores, load average "
            f"{os.getloadavg()[0]:.1f} at the start"
        )
        for workers in (int(w) for w in args.workers.split(",")):
            try:
                measured = run(workers, corpus, not args.grouping_lease)
            except Stalled as stalled:  # say so and go on: the other runs still count
                print(f"{workers} worker processes: {str(stalled).splitlines()[0]}")
                continue
            figures = print_run(workers, measured)
            print_model(figures, os.cpu_count() or 2, not args.grouping_lease)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
