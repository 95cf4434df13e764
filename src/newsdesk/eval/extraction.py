"""Score main-text extraction the way scrapinghub's article-extraction-benchmark does.

The metric follows the benchmark's own `evaluate.py`: case-sensitive `\\w+` tokens,
4-token shingles counted as a multiset, per-page TP/FP/FN normalised to sum to 1,
precision and recall averaged over pages, F1 from the two averages.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

SHINGLE_SIZE = 4
# compare_extractors warms each extractor up on every this many-th page, untimed.
WARM_UP_EVERY = 20

# The benchmark compiles this with IGNORECASE, which changes nothing for `\w`:
# tokens keep their case, so "The" and "the" are different words here too.
_TOKEN_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class PageScore:
    """One page's shared, extra and missing shingles, as fractions of their sum."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        """TP / (TP + FP); 1.0 when nothing is extra or missing, 0.0 when nothing was predicted."""
        if self.fp == self.fn == 0:
            return 1.0
        if self.tp == self.fp == 0:
            return 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        """TP / (TP + FN); 1.0 when nothing is extra or missing, 0.0 when nothing was expected."""
        if self.fp == self.fn == 0:
            return 1.0
        if self.tp == self.fn == 0:
            return 0.0
        return self.tp / (self.tp + self.fn)


@dataclass(frozen=True)
class ExtractionScore:
    """Benchmark precision, recall and F1 over `pages` scored pages."""

    precision: float
    recall: float
    f1: float
    pages: int


@dataclass(frozen=True)
class BenchmarkPage:
    """One benchmark page: its id, its HTML as fetched, and its human-checked article body."""

    page_id: str
    html: str
    article_body: str


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """The overlapping 4-token shingles of `text`, with their counts.

    A text of fewer than four tokens is one shingle; an empty text has none.
    """
    tokens = _TOKEN_RE.findall(text)
    if not tokens:
        return Counter()
    last_start = max(1, len(tokens) - SHINGLE_SIZE + 1)
    return Counter(tuple(tokens[i : i + SHINGLE_SIZE]) for i in range(last_start))


def score_page(predicted: str, truth: str) -> PageScore:
    """Shared (TP), extra (FP) and missing (FN) shingles of `predicted` against `truth`.

    The three are divided by their sum so that a long article weighs no more than a
    short one; a page where both texts are empty scores (0, 0, 0).
    """
    predicted_shingles = shingles(predicted)
    true_shingles = shingles(truth)
    # Multiset arithmetic, as in the benchmark: a shingle repeated in the truth
    # must be repeated in the prediction to count twice.
    tp = sum((predicted_shingles & true_shingles).values())
    fp = sum((predicted_shingles - true_shingles).values())
    fn = sum((true_shingles - predicted_shingles).values())
    total = tp + fp + fn
    if total == 0:
        return PageScore(0.0, 0.0, 0.0)
    return PageScore(tp / total, fp / total, fn / total)


def score_pages(pairs: Iterable[tuple[str, str]]) -> ExtractionScore:
    """Benchmark scores over `(predicted, truth)` pairs; refuses an empty iterable.

    Precision is the mean over pages that predicted something, recall the mean over
    pages that expected something; with no such page the mean is 0.0, as is F1.
    """
    page_scores = [score_page(predicted, truth) for predicted, truth in pairs]
    if not page_scores:
        raise ValueError("no pages to score")
    precisions = [page.precision for page in page_scores if page.tp + page.fp > 0]
    recalls = [page.recall for page in page_scores if page.tp + page.fn > 0]
    precision = statistics.fmean(precisions) if precisions else 0.0
    recall = statistics.fmean(recalls) if recalls else 0.0
    denominator = precision + recall
    f1 = 2 * precision * recall / denominator if denominator else 0.0
    return ExtractionScore(precision=precision, recall=recall, f1=f1, pages=len(page_scores))


def read_benchmark(path: Path) -> list[BenchmarkPage]:
    """The pages of the benchmark in folder `path`, in id order.

    Reads `ground-truth.json` and `html/<id>.html.gz`; a missing page file raises
    FileNotFoundError, since a partial run would not be comparable with published figures.
    """
    ground_truth = json.loads((path / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(ground_truth):
        raw = gzip.decompress((path / "html" / f"{page_id}.html.gz").read_bytes())
        # The benchmark's own runners read every page as UTF-8; all 181 pages are
        # UTF-8 or undeclared, so following the meta charset would change nothing.
        html = raw.decode("utf-8", errors="replace")
        body = ground_truth[page_id].get("articleBody") or ""
        pages.append(BenchmarkPage(page_id=page_id, html=html, article_body=body))
    return pages


def evaluate_benchmark(path: Path, extract: Callable[[str], str | None]) -> ExtractionScore:
    """Run `extract` on every page of a labelled set at `path` (the benchmark or
    extraction-dev, as `read_labelled_pages` reads them) and score it against the truth.

    An extractor that returns None for a page is scored as having returned "".
    """
    pages = read_labelled_pages(path)
    return score_pages((extract(page.html) or "", page.main_text) for page in pages)


@dataclass(frozen=True)
class LabelledPage:
    """One page of a labelled extraction set: its HTML, its main text, the snippets its
    text must hold and must not, and which dataset (and kind of page) it comes from."""

    page_id: str
    dataset: str
    html: str
    main_text: str
    must_include: tuple[str, ...] = ()
    must_exclude: tuple[str, ...] = ()
    page_type: str | None = None


@dataclass(frozen=True)
class SetScore:
    """One extractor over one dataset: shingle scores, snippets found and leaked, pages/s."""

    dataset: str
    extractor: str
    shingles: ExtractionScore
    included: float | None  # share of must-include snippets found; None when there are none
    leaked: float | None  # share of must-exclude snippets found (lower is better)
    pages_per_second: float

    def as_json(self) -> dict[str, object]:
        """Plain data, rounded to four places."""
        return {
            "dataset": self.dataset,
            "extractor": self.extractor,
            "pages": self.shingles.pages,
            "precision": round(self.shingles.precision, 4),
            "recall": round(self.shingles.recall, 4),
            "f1": round(self.shingles.f1, 4),
            "must_include_found": None if self.included is None else round(self.included, 4),
            "must_exclude_leaked": None if self.leaked is None else round(self.leaked, 4),
            "pages_per_second": round(self.pages_per_second, 1),
        }


def read_labelled_pages(path: Path) -> list[LabelledPage]:
    """The pages of an extraction set: article-extraction-benchmark's folder (ground-truth.json)
    or a folder of `pages.jsonl` with gzipped HTML beside it (extraction-dev)."""
    if (path / "ground-truth.json").is_file():
        return [
            LabelledPage(p.page_id, "article-extraction-benchmark", p.html, p.article_body)
            for p in read_benchmark(path)
        ]
    pages = []
    with (path / "pages.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            raw = gzip.decompress((path / row["html_path"]).read_bytes())
            while raw[:2] == b"\x1f\x8b":  # some pages were gzipped twice
                raw = gzip.decompress(raw)
            pages.append(
                LabelledPage(
                    page_id=str(row["page_id"]),
                    dataset=row["dataset"],
                    html=raw.decode("utf-8", errors="replace"),
                    main_text=row.get("main_text") or "",
                    must_include=tuple(row.get("must_include") or ()),
                    must_exclude=tuple(row.get("must_exclude") or ()),
                    page_type=row.get("page_type"),
                )
            )
    return pages


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def snippet_share(text: str, snippets: Iterable[str]) -> tuple[int, int]:
    """How many of `snippets` occur in `text` (case and spacing aside), and how many there are."""
    folded = _folded(text)
    wanted = [_folded(s) for s in snippets if s.strip()]
    return sum(s in folded for s in wanted), len(wanted)


def score_set(
    name: str, extractor: str, pages: list[LabelledPage], texts: list[str], seconds: float
) -> SetScore:
    """Shingle and snippet scores of one extractor's `texts` for `pages`."""
    found = [snippet_share(t, p.must_include) for p, t in zip(pages, texts, strict=True)]
    leaked = [snippet_share(t, p.must_exclude) for p, t in zip(pages, texts, strict=True)]
    return SetScore(
        dataset=name,
        extractor=extractor,
        shingles=score_pages((t, p.main_text) for p, t in zip(pages, texts, strict=True)),
        included=_share(found),
        leaked=_share(leaked),
        pages_per_second=len(pages) / seconds if seconds else 0.0,
    )


def _share(counts: list[tuple[int, int]]) -> float | None:
    total = sum(n for _, n in counts)
    return sum(k for k, _ in counts) / total if total else None


def compare_extractors(
    pages: list[LabelledPage], extractors: dict[str, Callable[[str], str | None]]
) -> list[SetScore]:
    """Each extractor over every page (timed by CPU), scored per dataset, and for a dataset
    that labels kinds of page, over its articles apart.

    The extractors take turns page by page, so a busy machine slows them alike, after an
    untimed pass over every `WARM_UP_EVERY`-th page: what a process loads once (dateparser's
    locale tables, on the first date written in words) is not charged to one page.
    """
    for page in pages[::WARM_UP_EVERY]:
        for extract in extractors.values():
            extract(page.html)
    outputs: dict[str, tuple[list[str], list[float]]] = {name: ([], []) for name in extractors}
    for page in pages:
        for name, extract in extractors.items():
            texts, costs = outputs[name]
            started = time.process_time()
            texts.append(extract(page.html) or "")
            costs.append(time.process_time() - started)
    groups: dict[str, list[int]] = {}
    for index, page in enumerate(pages):
        groups.setdefault(page.dataset, []).append(index)
        if page.page_type is not None:
            kind = "articles" if page.page_type == "article" else "other pages"
            groups.setdefault(f"{page.dataset} ({kind})", []).append(index)
    scores = []
    for group, rows in groups.items():
        chosen = [pages[i] for i in rows]
        for name, (texts, costs) in outputs.items():
            scores.append(
                score_set(
                    group, name, chosen, [texts[i] for i in rows], sum(costs[i] for i in rows)
                )
            )
    return scores
