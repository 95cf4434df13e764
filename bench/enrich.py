"""Enrichment throughput beside the bare spaCy pipeline, and the whole ingest path.

Run: `python bench/enrich.py [--articles 2000] [--stage-only]`. The demo corpus's
articles are repeated to the count asked for, then timed in one process:
(a) the stock en_core_web_md pipeline as shipped (`nlp.pipe`): the baseline;
(b) the enrichment stage over the stock pipeline: the stage before `enrich/tagging.py`;
(a') newsdesk's pipeline: the same model, its attribute rules and lemmas as look-ups;
(b') newsdesk's enrichment stage (language, spaCy, entities, quotes, dates, warnings);
(c) the whole ingest path: each text as a file, read, stored, extracted, enriched and
    resolved against the entities already stored, into a fresh SQLite store;
(d) the same with grouping too: embeddings, syndicated copies, stories, threads.
Each row gives wall-clock and CPU time (`time.process_time`): on a shared machine the
CPU time per article is the steadier figure, the ratio to (a) the fairer comparison.
"""

from __future__ import annotations

import argparse
import importlib
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from newsdesk.config import Settings
from newsdesk.demo import ARTICLES_DIR, demo_hints
from newsdesk.enrich import ArticleText, enrich_texts, stage
from newsdesk.enrich.nlp import BATCH_SIZE, MODEL_PACKAGE, PARAGRAPHS, english
from newsdesk.pipeline import ingest_paths
from newsdesk.store.db import open_store
from newsdesk.store.models import Article
from newsdesk.types import IngestHints, enrichment_text

if TYPE_CHECKING:  # spaCy loads numpy: newsdesk first, which sets its BLAS threads
    from spacy.language import Language
    from spacy.tokens import Doc


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


def stock_pipeline() -> Language:
    """en_core_web_md as shipped, plus newsdesk's paragraph breaks (which change the parse)."""
    import spacy

    nlp = spacy.load(importlib.import_module(MODEL_PACKAGE).model_path())
    nlp.add_pipe(PARAGRAPHS, before="parser")
    return nlp


@contextmanager
def stage_parsing_with(nlp: Language) -> Iterator[None]:
    """Run the enrichment stage over `nlp` instead of newsdesk's pipeline, for a before row."""
    production = stage.parse

    def parse(texts: Iterable[str], *, batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
        yield from nlp.pipe(texts, batch_size=batch_size)

    stage.parse = parse
    try:
        yield
    finally:
        stage.parse = production


def timed(label: str, articles: int, words: int, run: Callable[[], object]) -> float:
    """Run, time and print one row; returns the seconds taken."""
    start, cpu = time.perf_counter(), time.process_time()
    run()
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu
    print(
        f"{label:54s} {articles:7d} {seconds:9.2f} {articles / seconds:11.1f} "
        f"{words / seconds:11.0f} {1000 * cpu / articles:12.1f}"
    )
    return seconds


def main() -> None:
    """Print articles and words per second for the baseline and newsdesk's paths."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--stage-only", action="store_true", help="skip (c) and (d)")
    options = parser.parse_args()
    corpus = demo_texts(options.articles)
    texts = [enrichment_text(title, text) for title, text in corpus]
    words = sum(len(text.split()) for text in texts)
    stock = stock_pipeline()
    # Load the models, and run each once, outside every timing.
    for nlp in (stock, english()):
        list(nlp.pipe(texts[:BATCH_SIZE], batch_size=BATCH_SIZE))
    print(f"{len(texts)} articles, {words:,} words (the demo corpus repeated)\n")
    print(
        f"{'run':54s} {'articles':>7s} {'seconds':>9s} {'articles/s':>11s} {'words/s':>11s} "
        f"{'CPU ms/art.':>12s}"
    )

    def enrich_all() -> None:
        for first in range(0, len(texts), BATCH_SIZE):
            batch = corpus[first : first + BATCH_SIZE]
            enrich_texts([ArticleText(title, text) for title, text in batch])

    def enrich_all_on_stock() -> None:
        with stage_parsing_with(stock):
            enrich_all()

    baseline = timed(
        "(a) stock en_core_web_md nlp.pipe (baseline)",
        len(texts),
        words,
        lambda: list(stock.pipe(texts, batch_size=BATCH_SIZE)),
    )
    before = timed(
        "(b) enrichment stage on the stock pipeline", len(texts), words, enrich_all_on_stock
    )
    ours = timed(
        "(a') newsdesk's pipeline nlp.pipe (rules as look-ups)",
        len(texts),
        words,
        lambda: list(english().pipe(texts, batch_size=BATCH_SIZE)),
    )
    after = timed("(b') newsdesk's enrichment stage", len(texts), words, enrich_all)
    print()
    print(f"newsdesk's pipeline / stock: {baseline / ours:.2f}x the baseline's speed")
    print(f"enrichment stage before / stock: {baseline / before:.2f}x the baseline's speed")
    print(f"enrichment stage now / stock: {baseline / after:.2f}x the baseline's speed")
    if options.stage_only:
        return

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
