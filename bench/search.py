"""Search latency at scale: full-text, semantic and fused search over a synthetic corpus.

Run from anywhere: `python bench/search.py` (about two minutes). Builds 100,000 synthetic
articles directly in a temporary SQLite store, bypassing the NLP pipeline (no extraction,
enrichment or grouping: rows, story ids and embeddings are generated), then times the
same queries in each mode and prints p50 and p95 latency and the size of the indexes.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy import func, insert, select, text

from newsdesk.config import SearchSettings, Settings
from newsdesk.enrich.embed import DIMENSIONS, embed_texts, to_bytes
from newsdesk.read.article_vectors import clear_vector_cache
from newsdesk.read.search import Mode, search
from newsdesk.store.db import Store, open_store
from newsdesk.store.models import Article, Document, Outlet, Story

TARGET_P95_MS = 50.0
SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]
START = datetime(2023, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Template:
    """A kind of story: the names and phrases its articles share, and where they embed."""

    words: list[str]
    phrases: list[str]
    centre: np.ndarray


@dataclass(frozen=True)
class Corpus:
    """What the queries are drawn from."""

    vocabulary: list[str]
    # How often each vocabulary word is drawn: Zipf's law, as in real text.
    zipf: np.ndarray
    templates: list[Template]


def pseudo_words(rng: np.random.Generator, count: int, syllables: tuple[int, int]) -> list[str]:
    """`count` distinct pronounceable made-up words of a few syllables each."""
    words: set[str] = set()
    while len(words) < count:
        size = int(rng.integers(*syllables, endpoint=True))
        words.add("".join(SYLLABLES[i] for i in rng.integers(0, len(SYLLABLES), size)))
    return sorted(words)


def unit(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length."""
    return vectors / np.linalg.norm(vectors, axis=-1, keepdims=True)


def story_kinds(rng: np.random.Generator, templates: int) -> Corpus:
    """A vocabulary with Zipf frequencies and `templates` kinds of story drawn from it."""
    vocabulary = pseudo_words(rng, 8000, (1, 3))
    zipf = 1.0 / np.arange(1, len(vocabulary) + 1) ** 1.07
    zipf /= zipf.sum()
    names = pseudo_words(rng, templates * 12, (2, 4))
    kinds = [
        Template(
            words=[n.capitalize() for n in names[i * 12 : i * 12 + 12]],
            phrases=[
                f"{names[i * 12 + j]} {vocabulary[rng.integers(200, 2000)]}" for j in range(4)
            ],
            centre=unit(rng.standard_normal(DIMENSIONS)),
        )
        for i in range(templates)
    ]
    return Corpus(vocabulary=vocabulary, zipf=zipf, templates=kinds)


def build_corpus(store: Store, articles: int, templates: int, seed: int) -> Corpus:
    """Write `articles` synthetic articles (5% syndicated copies) with stories, outlets and
    embeddings near their story's centre; the FTS triggers index them as they go in."""
    rng = np.random.default_rng(seed)
    corpus = story_kinds(rng, templates)
    vocabulary, zipf, kinds = corpus.vocabulary, corpus.zipf, corpus.templates
    stories_per_kind = max(1, articles // (templates * 20))
    with store.session() as session:
        session.execute(insert(Outlet), [{"name": f"Outlet {i:02d}"} for i in range(40)])
        session.execute(
            insert(Story),
            [
                {"title": f"Story {k}-{s}", "size": 0, "state": {}}
                for k in range(templates)
                for s in range(stories_per_kind)
            ],
        )
    story_count = templates * stories_per_kind
    story_centres = unit(
        np.repeat(np.stack([t.centre for t in kinds]), stories_per_kind, axis=0)
        + 0.6 * unit(rng.standard_normal((story_count, DIMENSIONS)))
    )
    story_start = [START + timedelta(days=int(d)) for d in rng.integers(0, 3 * 365, story_count)]
    batch = 5000
    article_id = 0
    for first in range(0, articles, batch):
        documents, rows = [], []
        for _ in range(min(batch, articles - first)):
            article_id += 1
            story = int(rng.integers(0, story_count))
            kind = kinds[story // stories_per_kind]
            copy_of = article_id - 1 if rows and rng.random() < 0.05 else None
            if copy_of is not None:
                row = dict(rows[-1], id=article_id, document_id=article_id, duplicate_of_id=copy_of)
                row["outlet_id"] = int(rng.integers(1, 41))
                row["published_at"] = rows[-1]["published_at"] + timedelta(hours=2)
            else:
                row = _article(rng, article_id, story, kind, vocabulary, zipf)
                row["published_at"] = story_start[story] + timedelta(
                    hours=float(rng.uniform(0, 120))
                )
                vector = unit(story_centres[story] + 0.7 * unit(rng.standard_normal(DIMENSIONS)))
                row["embedding"] = to_bytes(vector)
            documents.append(_document(article_id))
            rows.append(row)
        with store.session() as session:
            session.execute(insert(Document), documents)
            session.execute(insert(Article), rows)
    return corpus


def _article(
    rng: np.random.Generator,
    article_id: int,
    story: int,
    kind: Template,
    vocabulary: list[str],
    zipf: np.ndarray,
) -> dict[str, object]:
    body = [vocabulary[i] for i in rng.choice(len(vocabulary), int(rng.integers(150, 260)), p=zipf)]
    for position in rng.integers(0, len(body), 25):
        body[position] = kind.words[int(rng.integers(0, len(kind.words)))]
    for position in rng.integers(0, len(body), 3):
        body[position] = kind.phrases[int(rng.integers(0, len(kind.phrases)))]
    sentences = [" ".join(body[i : i + 15]).capitalize() + "." for i in range(0, len(body), 15)]
    title = [kind.words[int(i)] for i in rng.integers(0, len(kind.words), 3)]
    title += [vocabulary[int(i)] for i in rng.choice(len(vocabulary), 5, p=zipf)]
    return {
        "id": article_id,
        "document_id": article_id,
        "ordinal": 0,
        "outlet_id": int(rng.integers(1, 41)),
        "title": " ".join(title).capitalize(),
        "text": " ".join(sentences),
        "is_stub": False,
        "story_id": story + 1,
        "duplicate_of_id": None,
        "grouped_at": START,
    }


def _document(article_id: int) -> dict[str, object]:
    return {
        "id": article_id,
        "sha256": f"{article_id:064x}",
        "origin": f"synthetic:{article_id}",
        "content_type": "text/plain",
        "payload": None,
        "size": 0,
        "hints": {},
        "status": "extracted",
    }


def make_queries(corpus: Corpus, count: int, seed: int) -> list[str]:
    """Queries of the user syntax in a realistic mix: names, phrases, OR, exclusions, and
    a common word that matches a large share of the corpus."""
    rng = np.random.default_rng(seed + 1)
    queries = []
    for n in range(count):
        kind = corpus.templates[int(rng.integers(0, len(corpus.templates)))]
        other = corpus.templates[int(rng.integers(0, len(corpus.templates)))]
        word, second = (kind.words[int(i)] for i in rng.choice(len(kind.words), 2, replace=False))
        shape = n % 10
        if shape < 4:
            queries.append(f"{word} {second}")
        elif shape < 6:
            queries.append(f'"{kind.phrases[int(rng.integers(0, 4))]}"')
        elif shape < 8:
            queries.append(f"{word} OR {other.words[0]}")
        elif shape < 9:
            queries.append(f"{word} -{second}")
        else:
            queries.append(f"{corpus.vocabulary[int(rng.integers(5, 60))]} {word}")
    return queries


# No semantic floor: every query pays for ranking all its neighbours, the worst case.
EVERY_NEIGHBOUR = SearchSettings(semantic_floor=-1.0)


def time_queries(store: Store, queries: list[str], mode: Mode, **filters: object) -> list[float]:
    """Milliseconds each query took in `mode` (the search call, from parse to grouped hits)."""
    times = []
    with store.session() as session:
        for query in queries:
            start = time.perf_counter()
            search(session, query, mode=mode, tuning=EVERY_NEIGHBOUR, **filters)  # type: ignore[arg-type]
            times.append((time.perf_counter() - start) * 1000)
    return times


def index_sizes(store: Store) -> dict[str, int]:
    """Bytes of the FTS5 tables, of the stored embeddings, and of the whole database."""
    with store.session() as session:
        fts = session.scalar(text("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'article_fts%'"))
        database = session.scalar(text("SELECT sum(pgsize) FROM dbstat"))
        vectors = session.scalar(select(func.sum(func.length(Article.embedding))))
    return {"fts": int(fts or 0), "embeddings": int(vectors or 0), "database": int(database or 0)}


def main() -> None:
    """Build the corpus, time each mode, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--templates", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        settings = Settings(database_url=f"sqlite:///{tmp}/bench.db", data_dir=Path(tmp))
        store = open_store(settings)
        try:
            run(store, args.articles, min(args.queries, 1000), args.templates, args.seed)
        finally:
            store.close()


def run(store: Store, articles: int, queries: int, templates: int, seed: int) -> None:
    """Build, warm up, time and print."""
    print(f"Synthetic corpus: {articles:,} articles from {templates} story templates, built")
    print("directly in a temporary SQLite store (the NLP pipeline is bypassed: text, stories,")
    print("copies and embeddings are generated; the full-text index is filled by its triggers).")
    start = time.perf_counter()
    corpus = build_corpus(store, articles, templates, seed)
    print(f"  built and indexed in {time.perf_counter() - start:.0f} s")
    texts = make_queries(corpus, queries, seed)
    start = time.perf_counter()
    embed_texts(["warm up the embedding model"])
    model = time.perf_counter() - start
    clear_vector_cache()
    start = time.perf_counter()
    time_queries(store, texts[:1], "semantic")
    cold = time.perf_counter() - start
    print(
        f"  one-off costs: embedding model load {model:.1f} s, embedding matrix load {cold:.1f} s"
    )
    print()
    print(
        f"{len(texts)} queries per mode (words, phrases, OR, -exclusion, common words), limit 20;"
    )
    print("generated vectors sit far from real query embeddings, so the similarity floor is off")
    print("and every semantic list is full, as it would be for a real corpus.")
    print(f"{'mode':<34}{'p50 ms':>9}{'p95 ms':>9}")
    rows: list[tuple[str, Mode, dict[str, object]]] = [
        ("full-text (FTS5, bm25)", "fulltext", {}),
        ("semantic (MiniLM query + cosine)", "semantic", {}),
        ("fused (reciprocal-rank fusion)", "fused", {}),
        ("fused, outlet + date filters", "fused", _filters()),
    ]
    for label, mode, filters in rows:
        times = np.array(time_queries(store, texts, mode, **filters))
        p50, p95 = np.percentile(times, [50, 95])
        print(f"{label:<34}{p50:>9.1f}{p95:>9.1f}")
    print(f"target: fused p95 under {TARGET_P95_MS:.0f} ms at 100,000 articles")
    print()
    sizes = index_sizes(store)
    print(f"full-text index (article_fts*): {sizes['fts'] / 2**20:8.1f} MiB")
    embeddings = sizes["embeddings"] / 2**20
    print(f"stored embeddings (float32):    {embeddings:8.1f} MiB, held in memory as well")
    print(f"whole database:                 {sizes['database'] / 2**20:8.1f} MiB")


def _filters() -> dict[str, object]:
    return {"outlet": "Outlet 07", "since": START, "until": START + timedelta(days=540)}


if __name__ == "__main__":
    main()
