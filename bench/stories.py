"""The cost of adding one article to the grouping path as the corpus grows.

Run from anywhere: `python bench/stories.py` (about an hour for the default sizes;
`--sizes 1000,10000` for a quick look). A synthetic news stream (many stories over three
years, 200 outlets, syndicated copies, stories continued months later, a few countries
named by many stories) is written to a temporary SQLite store with its entities and
embeddings, bypassing extraction and NLP. The stream is grouped by the real grouping
stage (`group_pending`: copies, stubs, stories, threads) in batches up to each size;
then the next articles of the stream are added one at a time, each grouped on its own
as `newsdesk ingest` of a single file would, and the time per added article is printed,
each in turn with one added to a second store of the same stream held at the first size:
the ratio of the two is steady however busy the machine is. The stream runs at about
650 articles a week, so the smaller corpora cover its first weeks.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from sqlalchemy import insert

from newsdesk.config import GroupingSettings, Settings
from newsdesk.enrich.embed import DIMENSIONS, to_bytes
from newsdesk.pipeline.grouping import group_pending
from newsdesk.pipeline.report import IngestReport
from newsdesk.store.db import Store, open_store
from newsdesk.store.models import Article, Document, Entity, Mention, Outlet
from newsdesk.store.stories import story_count

sys.path.insert(0, str(Path(__file__).parent))
from search import _document, pseudo_words, unit

START = datetime(2023, 1, 1, tzinfo=UTC)
OUTLETS = 200
COUNTRIES = 30
PROBES = 100


@dataclass
class StreamStory:
    """A story of the stream: when it runs, who it names, where its articles embed."""

    start: datetime
    days: float
    articles: int
    entities: list[int]
    words: list[str]
    centre: np.ndarray


@dataclass
class Stream:
    """Synthetic articles in publication order, written to the store on demand."""

    rows: list[dict[str, object]] = field(default_factory=list)
    mentions: list[list[tuple[int, str]]] = field(default_factory=list)
    written: int = 0


def make_stream(total: int, seed: int) -> tuple[Stream, list[dict[str, object]]]:
    """`total` articles in publication order, and the entities they name."""
    rng = np.random.default_rng(seed)
    vocabulary = pseudo_words(rng, 8000, (1, 3))
    zipf = 1.0 / np.arange(1, len(vocabulary) + 1) ** 1.07
    zipf /= zipf.sum()
    names = pseudo_words(rng, total // 2 + 100, (2, 4))
    entities = [
        {"id": i + 1, "name": f"Country {i}", "label": "GPE", "context": []}
        for i in range(COUNTRIES)
    ]
    stories: list[StreamStory] = []
    planned = 0
    while planned < total:
        size = int(min(40, rng.geometric(0.15)))
        earlier = stories[-200:]
        if earlier and rng.random() < 0.15:
            # A story continued months later: the same people, new words, nearby vectors.
            before = earlier[int(rng.integers(0, len(earlier)))]
            people = before.entities[:]
            centre = unit(before.centre + 0.8 * unit(rng.standard_normal(DIMENSIONS)))
        else:
            people = []
            for _ in range(int(rng.integers(2, 5))):
                entities.append(
                    {
                        "id": len(entities) + 1,
                        "name": names[len(entities) % len(names)].capitalize(),
                        "label": "PERSON" if rng.random() < 0.6 else "ORG",
                        "context": [],
                    }
                )
                people.append(len(entities))
            people += [int(c) + 1 for c in rng.integers(0, COUNTRIES, int(rng.integers(1, 3)))]
            centre = unit(rng.standard_normal(DIMENSIONS))
        stories.append(
            StreamStory(
                start=START + timedelta(days=float(rng.uniform(0, 3 * 365))),
                days=float(rng.uniform(0.5, 5)),
                articles=size,
                entities=people,
                words=[vocabulary[int(i)] for i in rng.integers(200, 4000, 12)],
                centre=centre,
            )
        )
        planned += size
    stream = Stream()
    pending: list[tuple[datetime, int, dict[str, object], list[tuple[int, str]]]] = []
    for number, story in enumerate(stories):
        previous: dict[str, object] | None = None
        for _ in range(story.articles):
            published = story.start + timedelta(days=float(rng.uniform(0, story.days)))
            if previous is not None and rng.random() < 0.08:
                # A syndicated copy: the wire text under another outlet, with a local lead.
                row = dict(previous)
                row["text"] = f"Local desk note {number}. " + str(previous["text"])
                row["published_at"] = previous["published_at"] + timedelta(hours=1)  # type: ignore[operator]
            else:
                row = _article(rng, story, vocabulary, zipf)
                row["published_at"] = published
            row["outlet_id"] = int(rng.integers(1, OUTLETS + 1))
            named = [(e, entities[e - 1]["label"]) for e in story.entities if rng.random() < 0.85]
            pending.append((row["published_at"], len(pending), row, named))  # type: ignore[arg-type]
            previous = row
    pending.sort(key=lambda item: (item[0], item[1]))
    for _, _, row, named in pending[:total]:
        stream.rows.append(row)
        stream.mentions.append(named)
    return stream, entities


def _article(
    rng: np.random.Generator, story: StreamStory, vocabulary: list[str], zipf: np.ndarray
) -> dict[str, object]:
    body = [vocabulary[i] for i in rng.choice(len(vocabulary), int(rng.integers(150, 260)), p=zipf)]
    for position in rng.integers(0, len(body), 20):
        body[position] = story.words[int(rng.integers(0, len(story.words)))]
    sentences = [" ".join(body[i : i + 15]).capitalize() + "." for i in range(0, len(body), 15)]
    title = [story.words[int(i)] for i in rng.integers(0, len(story.words), 4)]
    title += [vocabulary[int(i)] for i in rng.choice(len(vocabulary), 4, p=zipf)]
    vector = unit(story.centre + 0.6 * unit(rng.standard_normal(DIMENSIONS)))
    return {
        "title": " ".join(title).capitalize(),
        "text": " ".join(sentences),
        "embedding": to_bytes(vector),
    }


def write(store: Store, stream: Stream, upto: int) -> None:
    """Write the stream's next articles, up to `upto` in all, as enriched but ungrouped."""
    first = stream.written
    if upto <= first:
        return
    ids = range(first + 1, upto + 1)
    articles, mentions = [], []
    for article_id in ids:
        row = stream.rows[article_id - 1]
        articles.append(
            {
                **row,
                "id": article_id,
                "document_id": article_id,
                "ordinal": 0,
                "is_stub": False,
                "sentences": [],
                "enriched_at": START,
            }
        )
        for entity_id, label in stream.mentions[article_id - 1]:
            mentions.append(
                {
                    "article_id": article_id,
                    "entity_id": entity_id,
                    "text": str(entity_id),
                    "label": label,
                    "start": 0,
                    "end": 1,
                    "sentence": 0,
                }
            )
    with store.session() as session:
        session.execute(insert(Document), [_document(i) for i in ids])
        session.execute(insert(Article), articles)
        if mentions:
            session.execute(insert(Mention), mentions)
    stream.written = upto


def main() -> None:
    """Grow the corpus to each size and time articles added one at a time."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--probes", type=int, default=PROBES)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    total = sizes[-1] + args.probes * len(sizes)
    stream, entities = make_stream(total, args.seed)
    # The reference: the same stream in a second store held near the first size, probed
    # in turn with the growing one, so both see the same machine at the same moment.
    reference, _ = make_stream(total, args.seed)
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        store = _open(Path(tmp) / "bench", entities)
        baseline = _open(Path(tmp) / "reference", entities)
        try:
            run(store, stream, baseline, reference, sizes, args.probes)
        finally:
            store.close()
            baseline.close()


def _open(folder: Path, entities: list[dict[str, object]]) -> Store:
    folder.mkdir()
    store = open_store(Settings(database_url=f"sqlite:///{folder}/bench.db", data_dir=folder))
    with store.session() as session:
        session.execute(insert(Outlet), [{"name": f"Outlet {i:03d}"} for i in range(OUTLETS)])
        session.execute(insert(Entity), entities)
    return store


def grow(store: Store, stream: Stream, size: int) -> None:
    """Group the stream into the store up to `size` articles, a thousand at a time."""
    while stream.written < size:
        write(store, stream, min(size, stream.written + 1000))
        group_pending(store, IngestReport(), GroupingSettings())


def probe(store: Store, stream: Stream) -> tuple[float, float]:
    """Add the stream's next article and group it on its own: (wall ms, CPU ms)."""
    write(store, stream, stream.written + 1)
    start, started = time.perf_counter(), time.process_time()
    group_pending(store, IngestReport(), GroupingSettings())
    return (time.perf_counter() - start) * 1000, (time.process_time() - started) * 1000


def run(
    store: Store,
    stream: Stream,
    baseline: Store,
    reference: Stream,
    sizes: list[int],
    probes: int,
) -> None:
    """Grow, probe (in turn with the reference store) and print."""
    print("Synthetic stream: stories of 1-40 articles over three years, 200 outlets, 8% copies,")
    print("15% of stories continued later, 30 countries named across stories; SQLite store.")
    print(f"Each size: the stream is grouped up to it, then {probes} more articles are added one")
    print("at a time, each grouped on its own (copies, stubs, story, threads), in turn with an")
    print(f"article added to a reference store of the same stream held at {sizes[0]:,} articles.")
    print()
    print("Times per added article: CPU time of this process, then wall-clock mean, p50 and p95;")
    print("'ref ms' is the reference store's CPU time over the same minutes, and the ratio")
    print("divides the two, so a machine busier during one size does not move it.")
    print(
        f"{'corpus':>9}{'stories':>9}{'grow s':>8}{'cpu ms':>8}{'wall ms':>9}{'p50 ms':>8}"
        f"{'p95 ms':>8}{'ref ms':>8}"
    )
    grow(baseline, reference, sizes[0])
    for size in sizes:
        grow_start = time.perf_counter()
        grow(store, stream, size)
        grown = time.perf_counter() - grow_start
        timings, cpu, reference_cpu = [], [], []
        for _ in range(probes):
            wall, spent = probe(store, stream)
            timings.append(wall)
            cpu.append(spent)
            reference_cpu.append(probe(baseline, reference)[1])
        with store.session() as session:
            stories = story_count(session)
        mean, reference_mean = float(np.mean(cpu)), float(np.mean(reference_cpu))
        p50, p95 = np.percentile(timings, [50, 95])
        print(
            f"{size:>9,}{stories:>9,}{grown:>8.0f}{mean:>8.1f}{np.mean(timings):>9.1f}"
            f"{p50:>8.1f}{p95:>8.1f}{reference_mean:>8.1f}"
            f"   ({mean / reference_mean:.2f}x the reference)",
            flush=True,
        )


if __name__ == "__main__":
    main()
