"""Web reader latency at scale: the demo corpus plus synthetic articles to 50,000, served by
uvicorn with 2 workers, driven from this (second) process.

Run from anywhere: `python bench/web.py` (a few minutes). The demo corpus goes through the
whole pipeline; the synthetic articles are written directly (bulk inserts, with the
generator of bench/search.py: text, sentence spans, stories, copies and embeddings; no NLP).
Each page kind gets a fixed count of requests from 4 client threads over a fixed sample of
ids; the first request for each id in each server process is timed apart ("cold"), then the
same pages again ("warm"). Ingest keeps the sentence vectors and the page views (story,
article, entity and front page) that pages read. For the synthetic articles the pages show
(the sampled stories', and the sampled articles' stories'), the sentence vectors are written
directly, near each article's embedding as the article embeddings are (`--model-vectors`
embeds them with the model, ingest's own step: minutes more), then ingest's views step
(pipeline/views.py) builds those pages; `--no-vectors` / `--no-views` leave them to the first
view (a store older than those steps). Last, while the server runs, copies of demo articles
from another outlet are ingested through the pipeline in this process, each joining its
story: the lag from the start of each ingest to its story's kept view being current, and that
page's time. Each phase of the setup prints a line with its counts as it goes.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import httpx
import numpy as np
from sqlalchemy import func, insert, select, update

sys.path.insert(0, str(Path(__file__).parent))
from search import (
    DIMENSIONS,
    START,
    _article,
    _document,
    story_kinds,
    unit,
)

from newsdesk.config import Settings
from newsdesk.demo import ARTICLES_DIR, demo_hints
from newsdesk.enrich.embed import MULTILINGUAL_DIMENSIONS, from_bytes, to_bytes
from newsdesk.pipeline import IngestReport, ingest_paths
from newsdesk.pipeline.enrichment import ENRICH_BATCH
from newsdesk.pipeline.sentence_vectors import embed_page_sentences
from newsdesk.pipeline.views import build_page_views
from newsdesk.read.sentence_vectors import BODY, fingerprint
from newsdesk.read.sentences import body_sentences
from newsdesk.read.views import story_version
from newsdesk.store.db import Store, open_store
from newsdesk.store.models import Article, Document, Mention, Outlet, PageView, Story, utcnow
from newsdesk.store.sentence_vectors import keep_vectors, kept_fingerprints
from newsdesk.store.views import STORY
from newsdesk.testing.web import serving
from newsdesk.types import IngestHints, enrichment_text

TARGET_P95_MS = 100.0
TARGET_LAG_S = 2.0
CLIENTS = 4
_SENTENCE = re.compile(r"[^.]+\.")
# How far a synthetic sentence's vector strays from its article's embedding.
SENTENCE_NOISE = 0.5
BEGAN = time.perf_counter()


def note(text: str) -> None:
    """Print a progress line, stamped with the seconds since the bench began."""
    print(f"[{time.perf_counter() - BEGAN:6.0f} s] {text}", flush=True)


class Tally:
    """Counts one phase's items as the pipeline reports them, printing a line every `every`."""

    def __init__(self, what: str, every: int) -> None:
        self.what, self.every, self.done, self.total = what, every, 0, 0

    def found(self, total: int) -> None:
        """Note how many items the phase has to do."""
        self.total = total

    def __call__(self, _name: str = "") -> None:
        self.done += 1
        if self.done % self.every == 0 or self.done == self.total:
            of = f" of {self.total:,}" if self.total else ""
            note(f"  {self.what} {self.done:,}{of}")


def add_synthetic(store: Store, total: int, templates: int, seed: int) -> int:
    """Top the store up to `total` articles with synthetic ones (5% syndicated copies), in
    stories of about 20 articles with real first/last seen times; returns how many."""
    rng = np.random.default_rng(seed)
    with store.session() as session:
        have = session.scalar(select(func.count(Article.id))) or 0
        next_article = (session.scalar(select(func.max(Article.id))) or 0) + 1
        next_document = (session.scalar(select(func.max(Document.id))) or 0) + 1
        next_story = (session.scalar(select(func.max(Story.id))) or 0) + 1
    count = max(total - have, 0)
    corpus = story_kinds(rng, templates)
    vocabulary, zipf, kinds = corpus.vocabulary, corpus.zipf, corpus.templates
    stories = max(1, count // 20)
    with store.session() as session:
        session.execute(insert(Outlet), [{"name": f"Synthetic Outlet {i:02d}"} for i in range(40)])
        outlets = list(
            session.scalars(select(Outlet.id).where(Outlet.name.like("Synthetic Outlet %")))
        )
        session.execute(
            insert(Story),
            [
                {
                    "id": next_story + s,
                    "title": f"Synthetic story {s}",
                    "size": 0,
                    "state": {},
                    "thread_id": next_story + s,
                }
                for s in range(stories)
            ],
        )
    centres = unit(
        np.stack([kinds[s % templates].centre for s in range(stories)])
        + 0.6 * unit(rng.standard_normal((stories, DIMENSIONS)))
    )
    # The multilingual (USE) vectors enrichment keeps beside MiniLM's: without them every
    # related-articles list embeds its up to 2,000 candidates again, for minutes a page.
    across = unit(rng.standard_normal((stories, MULTILINGUAL_DIMENSIONS)))
    starts = [START + timedelta(days=int(d)) for d in rng.integers(0, 3 * 365, stories)]
    batch = 5000
    for first in range(0, count, batch):
        documents, rows = [], []
        for n in range(first, min(first + batch, count)):
            article_id, document_id = next_article + n, next_document + n
            story = int(rng.integers(0, stories))
            if rows and rng.random() < 0.05:
                row = dict(rows[-1], id=article_id, document_id=document_id)
                row["duplicate_of_id"] = rows[-1]["id"]
                row["published_at"] = rows[-1]["published_at"] + timedelta(hours=2)
            else:
                row = _article(rng, article_id, story, kinds[story % templates], vocabulary, zipf)
                row.update(document_id=document_id, story_id=next_story + story)
                row["published_at"] = starts[story] + timedelta(hours=float(rng.uniform(0, 120)))
                noise = 0.7 * unit(rng.standard_normal(DIMENSIONS))
                row["embedding"] = to_bytes(unit(centres[story] + noise))
                noise = 0.7 * unit(rng.standard_normal(MULTILINGUAL_DIMENSIONS))
                row["embedding_multilingual"] = to_bytes(unit(across[story] + noise))
            row["outlet_id"] = int(outlets[int(rng.integers(0, len(outlets)))])
            row["sentences"] = _spans(row["title"], row["text"])
            row["enriched_at"] = START
            documents.append(_document(document_id))
            rows.append(row)
        with store.session() as session:
            session.execute(insert(Document), documents)
            session.execute(insert(Article), rows)
        note(f"  synthetic articles written: {first + len(rows):,} of {count:,}")
    with store.session() as session:
        facts = (
            select(
                Article.story_id,
                func.count(Article.id).label("size"),
                func.min(Article.published_at).label("first"),
                func.max(Article.published_at).label("last"),
            )
            .where(Article.story_id >= next_story)
            .group_by(Article.story_id)
        )
        session.execute(
            update(Story),
            [
                {
                    "id": story_id,
                    "size": size,
                    "first_seen": first_seen,
                    "last_seen": last_seen,
                    "centroid": to_bytes(centres[story_id - next_story]),
                    "centroid_multilingual": to_bytes(across[story_id - next_story]),
                }
                for story_id, size, first_seen, last_seen in session.execute(facts)
            ],
        )
    return count


def keep_sentence_vectors(store: Store, article_ids: list[int], seed: int) -> int:
    """Keep the body sentence vectors of these articles where none are current, as ingest's
    step would, but drawn near each article's embedding instead of by the model (as the
    synthetic embeddings are): pages then build from them as from the model's. How many."""
    rng = np.random.default_rng(seed + 1)
    with store.session() as session:
        articles = list(
            session.scalars(
                select(Article).where(Article.id.in_(article_ids), Article.is_stub.is_(False))
            )
        )
        current = kept_fingerprints(session, BODY, [a.id for a in articles])
        kept = {}
        for article in articles:
            texts = [s.text for s in body_sentences(article)]
            digest = fingerprint(texts)
            if not texts or article.embedding is None or current.get(article.id) == digest:
                continue
            noise = SENTENCE_NOISE * unit(rng.standard_normal((len(texts), DIMENSIONS)))
            vectors = unit(from_bytes(article.embedding) + noise)
            kept[article.id] = (digest, vectors.astype("<f2").tobytes())
        keep_vectors(session, BODY, kept, with_session=True)
    return len(kept)


def _spans(title: str, text: str) -> list[list[int]]:
    full = enrichment_text(title, text)
    offset = len(full) - len(text)
    return [[offset + m.start(), offset + m.end()] for m in _SENTENCE.finditer(text)]


def drive(base: str, paths: list[str], requests: int) -> tuple[np.ndarray, float, int]:
    """Time `requests` GETs cycling over paths from CLIENTS threads: ms each, req/s, errors
    (answers other than 200, and timeouts)."""
    todo = [paths[i % len(paths)] for i in range(requests)]
    local = [httpx.Client(base_url=base, timeout=120) for _ in range(CLIENTS)]
    errors = 0

    def one(index: int) -> float:
        nonlocal errors
        start = time.perf_counter()
        try:
            failed = local[index % CLIENTS].get(todo[index]).status_code != 200
        except httpx.TransportError:
            # A request that timed out counts as an error, at the time it took to fail: one
            # must not throw away the run's other figures.
            failed = True
        errors += failed
        return (time.perf_counter() - start) * 1000

    start = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        times = np.array(list(pool.map(one, range(len(todo)))))
    elapsed = time.perf_counter() - start
    for client in local:
        client.close()
    return times, len(todo) / elapsed, errors


# Demo articles copied under another outlet for the ingest-to-ready lag: each copy joins
# the original's story as a syndicated copy.
LAG_SOURCES = (
    "txt/trump-patriots-ukraine.txt",
    "txt/boj-ends-negative-rates.txt",
    "txt/noto-quake-tsunami-warning.txt",
)


def ingest_lags(
    store: Store, settings: Settings, base: str, folder: Path
) -> list[tuple[float, float, float, bool]]:
    """For each of LAG_SOURCES, copied under another outlet an hour later and ingested:
    seconds from the start of its ingest to its story's kept view being current (when the
    views step kept it, before the story's article and entity pages), to the ingest's end
    (those pages, and the front pages, kept too), the story page's ms right after, and
    whether the page shows the new article."""
    found = []
    folder.mkdir(parents=True, exist_ok=True)
    with httpx.Client(base_url=base, timeout=120) as client:
        for n, relative in enumerate(LAG_SOURCES):
            original = ARTICLES_DIR / relative
            copy = folder / f"lag-{n}.txt"
            copy.write_text(original.read_text() + "\nThe Bench Courier's desk contributed.\n")
            told = demo_hints(original)
            later = told.published + timedelta(hours=1) if told.published else None
            start, began = time.perf_counter(), utcnow()
            report = ingest_paths(
                store, [copy], IngestHints(source="Bench Courier", published=later), settings
            )
            with store.session() as session:
                article = session.get(Article, report.added[0]) if report.added else None
                story = (
                    session.get(Story, article.story_id) if article and article.story_id else None
                )
                if story is None:
                    continue
                kept = session.execute(
                    select(PageView.version, PageView.built_at).where(
                        PageView.kind == STORY, PageView.subject_id == story.id
                    )
                ).first()
                ready = kept is not None and kept.version == story_version(story, settings)
            ended = time.perf_counter() - start
            lag = (kept.built_at - began).total_seconds() if kept and ready else float("nan")
            start = time.perf_counter()
            page = client.get(f"/stories/{story.id}")
            took = (time.perf_counter() - start) * 1000
            found.append((lag, ended, took, f'href="/articles/{article.id}"' in page.text))
    return found


def main() -> None:
    """Build the store, serve it, drive each page kind, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=300, help="per page kind")
    parser.add_argument("--sample", type=int, default=12, help="distinct ids per page kind")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--no-vectors",
        action="store_true",
        help="leave the synthetic articles' sentence vectors to the first page view",
    )
    parser.add_argument(
        "--model-vectors",
        action="store_true",
        help="embed the shown synthetic articles' sentences with the model (ingest's step)",
    )
    parser.add_argument(
        "--no-views",
        action="store_true",
        help="leave the synthetic stories' and articles' page views to the first page view",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-web-") as tmp:
        data_dir = Path(tmp)
        settings = Settings(data_dir=data_dir)
        store = open_store(settings)
        note("demo corpus through the pipeline (extract, enrich, group, vectors, views)")
        files, enriched = Tally("files read", 10), Tally("articles enriched", 25)
        start = time.perf_counter()
        ingest_paths(
            store,
            [ARTICLES_DIR],
            IngestHints(),
            settings,
            hints_for=demo_hints,
            on_files_found=files.found,
            on_file=files,
            on_enriched=enriched,
        )
        demo = time.perf_counter() - start
        note(f"demo corpus ingested in {demo:.0f} s; synthetic articles to {args.articles:,}")
        start = time.perf_counter()
        added = add_synthetic(store, args.articles, 300, args.seed)
        built = time.perf_counter() - start
        rng = np.random.default_rng(args.seed)
        with store.session() as session:
            total = session.scalar(select(func.count(Article.id)))
            story_ids = list(session.scalars(select(Story.id)))
            article_ids = list(
                session.scalars(select(Article.id).where(Article.is_stub.is_(False)))
            )
            entity_ids = list(
                session.scalars(
                    select(Mention.entity_id).where(Mention.entity_id.is_not(None)).distinct()
                )
            )
        stories = [int(i) for i in rng.choice(story_ids, args.sample, replace=False)]
        articles = [int(i) for i in rng.choice(article_ids, args.sample, replace=False)]
        entities = [
            int(i) for i in rng.choice(entity_ids, min(args.sample, len(entity_ids)), False)
        ]
        with store.session() as session:
            # An article page shows its story's summary and key points too.
            of_articles = session.scalars(select(Article.story_id).where(Article.id.in_(articles)))
            shown_stories = set(stories) | {i for i in of_articles if i is not None}
            shown_ids = sorted(
                set(articles)
                | set(
                    session.scalars(select(Article.id).where(Article.story_id.in_(shown_stories)))
                )
            )
        note(
            f"{added:,} synthetic articles written in {built:.0f} s; sentence vectors of the "
            f"{len(shown_ids):,} articles of {len(shown_stories)} stories the sampled pages show"
        )
        embedded = 0
        start = time.perf_counter()
        for first in range(0, 0 if args.no_vectors else len(shown_ids), ENRICH_BATCH):
            batch = shown_ids[first : first + ENRICH_BATCH]
            if args.model_vectors:
                report = IngestReport()
                embed_page_sentences(store, report, batch)
                embedded += report.embedded
            else:
                embedded += keep_sentence_vectors(store, batch, args.seed + first)
            if args.model_vectors:
                note(f"  articles embedded: {embedded:,} (of {first + len(batch):,})")
        embedding = time.perf_counter() - start
        note(f"page views of the {len(shown_stories)} stories, their articles and entities")
        built_views = Tally("stories' views built", 4)
        built_views.found(len(shown_stories))
        start = time.perf_counter()
        views = (
            0
            if args.no_views
            else build_page_views(store, settings, shown_stories, on_built=built_views)
        )
        viewing = time.perf_counter() - start
        note(f"{views:,} page views kept in {viewing:.0f} s")
        print()
        print(f"Store: {total:,} articles (the demo corpus through the pipeline in {demo:.0f} s,")
        print(f"{added:,} synthetic ones written directly in {built:.0f} s),")
        print(f"{len(story_ids):,} stories; SQLite; uvicorn with {args.workers} workers;")
        print(f"{CLIENTS} client threads in this process, {args.requests} requests per page kind.")
        if args.no_vectors:
            print("Synthetic articles' sentence vectors left to the first page view.")
        else:
            how = "embedded by ingest's step" if args.model_vectors else "drawn and kept"
            print(
                f"Sentence vectors of {embedded:,} synthetic articles of the sampled pages "
                f"{how} in {embedding:.0f} s."
            )
        if args.no_views:
            print("Synthetic stories' and articles' page views left to the first page view.")
        else:
            print(
                f"{views:,} page views of the sampled stories, their articles and entities and "
                f"the first {settings.reading.front_pages_kept} front pages kept by ingest's "
                f"views step in {viewing:.0f} s."
            )
        queries = ["Lavrov", "earthquake tsunami", "Google search", "Korea OR Japan", "ceasefire"]
        kinds = {
            "front page (/?page=1..5)": [f"/?page={p}" for p in range(1, 6)],
            "story page": [f"/stories/{i}" for i in stories],
            "article page": [f"/articles/{i}" for i in articles],
            "entity page": [f"/entities/{i}" for i in entities],
            "search page": [f"/search?q={q}" for q in queries],
            "API story": [f"/api/v1/stories/{i}" for i in stories],
            "API article": [f"/api/v1/articles/{i}" for i in articles],
            "API search": [f"/api/v1/search?q={q}" for q in queries],
        }
        env = {**os.environ, "NEWSDESK_DATA_DIR": str(data_dir)}
        env.pop("NEWSDESK_DATABASE_URL", None)
        note(f"starting uvicorn with {args.workers} workers")
        with serving(env, workers=args.workers) as base:
            note(f"serving at {base}; each page kind cold, warmed, then timed")
            print()
            print(f"{'page':<26}{'cold p50':>9}{'cold p95':>9}", end="")
            print(f"{'p50 ms':>8}{'p95 ms':>8}{'req/s':>7}{'errors':>7}")
            for label, paths in kinds.items():
                # Each id once per worker, roughly: the costs paid once, timed apart.
                cold, _, _ = drive(base, paths * args.workers, len(paths) * args.workers)
                # Connections land on either worker: warm both before timing.
                drive(base, paths, len(paths) * args.workers * 3)
                times, rate, errors = drive(base, paths, args.requests)
                c50, c95 = np.percentile(cold, [50, 95])
                p50, p95 = np.percentile(times, [50, 95])
                print(
                    f"{label:<28}{c50:>9.0f}{c95:>9.0f}{p50:>8.1f}{p95:>8.1f}{rate:>8.0f}{errors:>8}",
                    flush=True,
                )
            note("ingesting the copies for the lag, the server still running")
            lags = ingest_lags(store, settings, base, data_dir / "lag")
        store.close()
        print(
            f"target: cold and warm p95 under {TARGET_P95_MS:.0f} ms for front, story, article "
            "and entity pages"
        )
        print()
        print("A story's last article ingested (enrich, group, views) to its kept view current:")
        for lag, ended, took, shown in lags:
            print(
                f"  {lag:5.2f} s (the ingest, every page kept, {ended:.2f} s); the story page "
                f"then {took:.0f} ms, {'showing' if shown else 'NOT showing'} the new article"
            )
        print(f"target: under {TARGET_LAG_S:.0f} s")


if __name__ == "__main__":
    main()
