"""Ingest throughput of newsdesk beside bare trafilatura, and the extraction F1 of both.

Run from anywhere: `python bench/ingest.py`. Prints documents per second for
(a) the demo corpus and (b) the article-extraction-benchmark pages, each ingested
into a fresh temporary SQLite store, and (c) `trafilatura.extract` alone over the
same benchmark pages; then precision, recall and F1 on the benchmark; then, on both labelled
sets (the benchmark and extraction-dev, `--extraction-dev`), each dataset apart, newsdesk's
HTML extraction beside bare `trafilatura.extract` in the same run: shingle F1, must-include
found, must-exclude leaked, pages per CPU-second and newsdesk's speed as a share of
trafilatura's (issue 16 asks at least 0.8); then (d) one RSS
feed file of 1,000, 10,000 and 100,000 entries (`--feed-sizes`), each ingested without NLP
into a fresh store, with seconds, milliseconds per entry and the cost per entry against
the smallest feed's (1.00 means flat). `--feeds-only` runs the feed series alone.
"""

from __future__ import annotations

import argparse
import gzip
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from newsdesk.config import Settings
from newsdesk.errors import IngestError
from newsdesk.eval.extraction import (
    ExtractionScore,
    SetScore,
    compare_extractors,
    evaluate_benchmark,
    read_labelled_pages,
)
from newsdesk.extract.html import extract_html, html_to_main_text
from newsdesk.pipeline import ingest_paths
from newsdesk.store.db import open_store
from newsdesk.testing.feeds import rss_feed
from newsdesk.types import IngestHints

REPO = Path(__file__).resolve().parents[1]
DEMO_ARTICLES = REPO / "src" / "newsdesk" / "demo" / "articles"
BENCHMARK = REPO.parent / "shared" / "data" / "article-extraction-benchmark"
EXTRACTION_DEV = REPO.parent / "shared" / "data" / "extraction-dev"
# Published on the benchmark's README for trafilatura 2.0.0 (see shared/data/README.md).
PUBLISHED_TRAFILATURA = ExtractionScore(precision=0.938, recall=0.978, f1=0.958, pages=181)


@dataclass(frozen=True)
class Throughput:
    """How many documents a run handled and how long it took."""

    label: str
    documents: int
    seconds: float
    note: str = ""

    @property
    def per_second(self) -> float:
        """Documents per second (0 when nothing was timed)."""
        return self.documents / self.seconds if self.seconds else 0.0


def time_ingest(label: str, path: Path) -> Throughput:
    """Ingest `path` into a fresh SQLite store in a temporary folder and time it."""
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        settings = Settings(database_url=f"sqlite:///{tmp}/bench.db", data_dir=Path(tmp))
        store = open_store(settings)
        try:
            start = time.perf_counter()
            report = ingest_paths(store, [path], IngestHints(), settings, enrich=False)
            seconds = time.perf_counter() - start
        finally:
            store.close()
    note = (
        f"{report.files} files; new {report.new}, duplicate {report.duplicate}, "
        f"failed {report.failed}; {report.articles} articles, {report.stubs} stubs"
    )
    if report.errors:
        note += f"; first error: {report.errors[0]}"
    return Throughput(label, report.documents, seconds, note)


def time_feed(entries: int) -> Throughput:
    """Ingest one RSS file of `entries` entries into a fresh SQLite store, without NLP."""
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-feed-") as tmp:
        feed = Path(tmp) / f"feed-{entries}.rss"
        feed.write_bytes(rss_feed("Bench Courier", 0, entries, lambda n: f"https://e.test/{n}"))
        settings = Settings(
            database_url=f"sqlite:///{tmp}/bench.db",
            data_dir=Path(tmp),
            max_input_bytes=max(feed.stat().st_size + 1, Settings().max_input_bytes),
        )
        store = open_store(settings)
        try:
            start = time.perf_counter()
            report = ingest_paths(store, [feed], IngestHints(), settings, enrich=False)
            seconds = time.perf_counter() - start
        finally:
            store.close()
    note = f"{report.articles} articles, {report.failed} failed"
    return Throughput(f"(d) feed of {entries:,} entries", report.articles, seconds, note)


def print_feed_series(rows: list[Throughput]) -> None:
    """Seconds and milliseconds per entry per feed size, and the cost per entry against the
    first (smallest) feed's: 1.00 throughout means an entry costs the same in any feed."""
    base = rows[0].seconds / rows[0].documents if rows and rows[0].documents else 0.0
    width = max(len(row.label) for row in rows)
    header = f"{'entries':>7}  {'seconds':>8}  {'ms/entry':>8}  ratio"
    print(f"\n{'feed file, no NLP':<{width}}  {header}")
    for row in rows:
        per_entry = row.seconds / row.documents if row.documents else 0.0
        ratio = per_entry / base if base else 0.0
        print(
            f"{row.label:<{width}}  {row.documents:>7}  {row.seconds:>8.2f}  "
            f"{per_entry * 1000:>8.2f}  {ratio:>5.2f}  {row.note}"
        )


def time_trafilatura(label: str, pages: list[Path]) -> Throughput:
    """Time bare `trafilatura.extract` over `pages`, reading each file as newsdesk must."""
    start = time.perf_counter()
    extracted = 0
    for page in pages:
        if trafilatura.extract(page.read_text(encoding="utf-8", errors="replace")):
            extracted += 1
    seconds = time.perf_counter() - start
    return Throughput(label, len(pages), seconds, f"{extracted} with text")


def decompress_benchmark(benchmark: Path, folder: Path) -> list[Path]:
    """Write each `html/<id>.html.gz` of the benchmark to `folder/<id>.html`; their paths."""
    pages = []
    for packed in sorted((benchmark / "html").glob("*.html.gz")):
        page = folder / packed.name.removesuffix(".gz")
        page.write_bytes(gzip.decompress(packed.read_bytes()))
        pages.append(page)
    return pages


def warm_up(page: Path) -> None:
    """Load what each side loads once per process, so the timings measure steady work."""
    trafilatura.extract(page.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="newsdesk-warmup-") as tmp:
        settings = Settings(database_url=f"sqlite:///{tmp}/warmup.db", data_dir=Path(tmp))
        store = open_store(settings)
        try:
            ingest_paths(store, [page], IngestHints(), settings, enrich=False)
        finally:
            store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", type=Path, default=DEMO_ARTICLES)
    parser.add_argument("--benchmark", type=Path, default=BENCHMARK)
    parser.add_argument(
        "--feed-sizes",
        default="1000,10000,100000",
        help="entries per feed file in the feed series, comma-separated, smallest first",
    )
    parser.add_argument("--extraction-dev", type=Path, default=EXTRACTION_DEV)
    parser.add_argument("--feeds-only", action="store_true", help="run the feed series alone")
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.feed_sizes.split(",") if size.strip())
    if not args.feeds_only:
        time_pages(args)
    if sizes:
        time_feed(100)  # warm-up: imports and statement caches, so the series times steady work
        print_feed_series([time_feed(size) for size in sizes])


def time_pages(args: argparse.Namespace) -> None:
    """Runs (a) to (c) and the extraction scores."""
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-html-") as tmp:
        html_folder = Path(tmp)
        pages = decompress_benchmark(args.benchmark, html_folder)
        warm_up(pages[0])
        demo = time_ingest("(a) newsdesk ingest, demo corpus", args.demo)
        ours = time_ingest("(b) newsdesk ingest, benchmark pages", html_folder)
        baseline = time_trafilatura("(c) trafilatura.extract, benchmark pages", pages)

    print_throughput([demo, ours, baseline])
    print(f"\nnewsdesk / baseline on benchmark pages: {ours.per_second / baseline.per_second:.2f}x")

    extractors: list[tuple[str, Callable[[str], str | None]]] = [
        ("newsdesk html_to_main_text", html_to_main_text),
        ("trafilatura.extract (bare)", trafilatura.extract),
        (
            "trafilatura, benchmark's settings",
            lambda html: trafilatura.extract(html, include_comments=False),
        ),
    ]
    scores = [(name, evaluate_benchmark(args.benchmark, extract)) for name, extract in extractors]
    scores.append(("trafilatura 2.0.0, published", PUBLISHED_TRAFILATURA))
    print_scores(scores)
    print_labelled_sets([args.benchmark, args.extraction_dev])


def print_labelled_sets(paths: list[Path]) -> None:
    """Newsdesk's extraction beside bare trafilatura on each labelled set, each dataset
    apart: F1, snippets found and leaked, pages per CPU-second and the speed ratio."""
    extractors = {
        "newsdesk": html_to_main_text,
        "newsdesk page": _page_text,
        "trafilatura": trafilatura.extract,
    }
    rows: list[tuple[SetScore, SetScore, SetScore]] = []
    for path in paths:
        if not path.is_dir():
            print(f"\n{path}: not found, skipped")
            continue
        scores = compare_extractors(read_labelled_pages(path), extractors)
        by_key = {(score.dataset, score.extractor): score for score in scores}
        rows += [
            (
                by_key[dataset, "newsdesk"],
                by_key[dataset, "newsdesk page"],
                by_key[dataset, "trafilatura"],
            )
            for dataset in dict.fromkeys(score.dataset for score in scores)
        ]
    if not rows:
        return
    width = max(len(ours.dataset) for ours, _, _ in rows)
    print(
        f"\n{'dataset (newsdesk / bare trafilatura)':<{width}}  {'F1':>13}  "
        f"{'must-include':>13}  {'must-exclude':>13}  {'pages/CPU-s':>13}  speed  "
        "whole page read (with date, headline, teasers)"
    )
    for ours, page, bare in rows:
        print(
            f"{ours.dataset:<{width}}  {_pair(ours.shingles.f1, bare.shingles.f1)}  "
            f"{_pair(ours.included, bare.included)}  {_pair(ours.leaked, bare.leaked)}  "
            f"{ours.pages_per_second:>6.1f}/{bare.pages_per_second:<6.1f}  "
            f"{ours.pages_per_second / bare.pages_per_second:.2f}x  "
            f"{page.pages_per_second:.1f} pages/CPU-s, "
            f"{page.pages_per_second / bare.pages_per_second:.2f}x"
        )


def _page_text(html: str) -> str:
    """The main article's text as HTML ingest reads a page (`extract_html`), "" if none."""
    try:
        return extract_html(html, IngestHints())[0].text
    except IngestError:
        return ""


def _pair(ours: float | None, bare: float | None) -> str:
    if ours is None or bare is None:
        return f"{'':>13}"
    return f"{ours:.3f}/{bare:.3f}".rjust(13)


def print_throughput(rows: list[Throughput]) -> None:
    """A table of documents, seconds and documents per second."""
    width = max(len(row.label) for row in rows)
    print(f"{'run':<{width}}  {'docs':>5}  {'seconds':>8}  {'docs/s':>8}  notes")
    for row in rows:
        print(
            f"{row.label:<{width}}  {row.documents:>5}  {row.seconds:>8.2f}  "
            f"{row.per_second:>8.1f}  {row.note}"
        )


def print_scores(scores: list[tuple[str, ExtractionScore]]) -> None:
    """A table of benchmark precision, recall and F1 per extractor."""
    width = max(len(name) for name, _ in scores)
    print(f"\n{'extractor (181 benchmark pages)':<{width}}  {'P':>5}  {'R':>5}  {'F1':>5}")
    for name, score in scores:
        print(f"{name:<{width}}  {score.precision:.3f}  {score.recall:.3f}  {score.f1:.3f}")


if __name__ == "__main__":
    main()
