"""Enrichment throughput beside the bare spaCy pipeline, and the whole ingest path.

Run: `python bench/enrich.py [--articles 2000]`. The demo corpus's articles are repeated
to the count asked for, then timed four ways in one process:
(a) the bare spaCy pipeline (`nlp.pipe`) over the texts: the baseline;
(b) newsdesk's enrichment stage (language, spaCy, entities, quotes, dates, warnings);
(c) the whole ingest path: each text as a file, read, stored, extracted, enriched and
    resolved against the entities already stored, into a fresh SQLite store;
(d) the same with grouping too: embeddings, syndicated copies, stories, threads.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from newsdesk.config import Settings
from newsdesk.demo import ARTICLES_DIR, demo_hints
from newsdesk.enrich import ArticleText, enrich_texts
from newsdesk.enrich.nlp import BATCH_SIZE, english
from newsdesk.pipeline import ingest_paths
from newsdesk.store.db import open_store
from newsdesk.store.models import Article
from newsdesk.types import IngestHints, enrichment_text


def demo_texts(count: int) -> list[tuple[str, str]]:
    """(title, text) of the demo corpus's articles, repeated to `count`."""
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as folder:
        settings = Settings(data_dir=Path(folder))
        store = open_store(settings)
        ingest_paths(
            store, [ARTICLES_DIR], IngestHints(), settings, hints_for=demo_hints, enrich=False
        )
        with store.session() as session:
            rows = [
                (a.title, a.text)
                for a in session.scalars(select(Article).where(Article.is_stub.is_(False)))
            ]
        store.close()
    return [rows[i % len(rows)] for i in range(count)]


def timed(label: str, articles: int, words: int, run: Callable[[], object]) -> float:
    """Run, time and print one row; returns the seconds taken."""
    start = time.perf_counter()
    run()
    seconds = time.perf_counter() - start
    print(
        f"{label:44s} {articles:7d} {seconds:9.2f} {articles / seconds:11.1f} "
        f"{words / seconds:11.0f}"
    )
    return seconds


def main() -> None:
    """Print articles and words per second for the baseline and newsdesk's paths."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=2000)
    count = parser.parse_args().articles
    corpus = demo_texts(count)
    texts = [enrichment_text(title, text) for title, text in corpus]
    words = sum(len(text.split()) for text in texts)
    english()  # load the model outside every timing
    print(f"{len(texts)} articles, {words:,} words (the demo corpus repeated)\n")
    print(f"{'run':44s} {'articles':>7s} {'seconds':>9s} {'articles/s':>11s} {'words/s':>11s}")

    baseline = timed(
        "(a) bare spaCy nlp.pipe (baseline)",
        len(texts),
        words,
        lambda: list(english().pipe(texts, batch_size=BATCH_SIZE)),
    )

    def enrich_all() -> None:
        for first in range(0, len(texts), BATCH_SIZE):
            batch = corpus[first : first + BATCH_SIZE]
            enrich_texts([ArticleText(title, text) for title, text in batch])

    stage = timed("(b) newsdesk enrichment stage", len(texts), words, enrich_all)

    full = {}
    for grouped in (False, True):
        with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as folder:
            inputs = Path(folder) / "inputs"
            inputs.mkdir()
            for number, (title, text) in enumerate(corpus):
                # A number in each file keeps the copies from being folded as duplicates.
                body = f"{title}\n\n{text}\n\n(copy {number})\n"
                (inputs / f"article-{number:05d}.txt").write_text(body, encoding="utf-8")
            settings = Settings(data_dir=Path(folder) / "data")
            store = open_store(settings)
            label = "(d) ... + grouping (copies, stories)" if grouped else "(c) extract + enrich"
            full[grouped] = timed(
                label,
                len(texts),
                words,
                lambda store=store, settings=settings, inputs=inputs, grouped=grouped: ingest_paths(
                    store, [inputs], IngestHints(), settings, group=grouped
                ),
            )
            store.close()
    print()
    print(f"enrichment stage / bare spaCy: {baseline / stage:.2f}x the baseline's speed")
    for grouped, seconds in full.items():
        what = "whole ingest path with grouping" if grouped else "whole ingest path"
        print(
            f"{what}: {len(texts) / seconds:.1f} articles/s "
            f"= {len(texts) / seconds * 86400:,.0f} articles a day on this machine"
        )
    print(
        "note: the corpus is the demo repeated, so every wire story has dozens of "
        "near-copies; grouping folds each against its group's canonical."
    )


if __name__ == "__main__":
    main()
