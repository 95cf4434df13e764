"""The cost of presenting one story as it grows: summary, key points, coverage comparison.

A synthetic story of N articles of 25 sentences: half its sentences drawn from a pool of
60 facts the outlets share (some giving a figure, one in five of their tellings a different
one), the rest its own; 30% of its articles are syndicated copies of
an earlier one; a quote is read from every seventh sentence. Sentence vectors are given
(as `sentence_vectors` reads them from the store), so only the comparison is timed: CPU
time of this process, best of `--repeat` runs. The ratio is the cost per sentence against
the smallest story: comparing every sentence with every other in Python would make it grow
with the story (16x at 160 articles against 10).

Run from anywhere: `python bench/story_page.py` (under a minute; `--sizes 10,40,160`).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from newsdesk.present.coverage import CoveredArticle, StoryQuote, compare_coverage
from newsdesk.present.summarize import CitedSentence, key_points, summarize_story

sys.path.insert(0, str(Path(__file__).parent))
from search import pseudo_words, unit

START = datetime(2025, 1, 1, tzinfo=UTC)
SENTENCES = 25
SHARED_FACTS = 60


def synthetic_story(
    rng: np.random.Generator, vocabulary: list[str], articles: int
) -> tuple[list[CoveredArticle], list[CitedSentence], np.ndarray, list[StoryQuote]]:
    """A story's articles, their sentences with unit vectors, and quotes read from them."""
    # Some facts give a figure, which some outlets report differently.
    facts = [
        " ".join(rng.choice(vocabulary, 15)).capitalize()
        + (" with {} units." if rng.random() < 0.4 else ".")
        for _ in range(SHARED_FACTS)
    ]
    figures = rng.integers(2, 500, SHARED_FACTS)
    fact_vectors = unit(rng.standard_normal((SHARED_FACTS, 384)))
    covered, sentences, vectors = [], [], []
    for article_id in range(1, articles + 1):
        copies = article_id > 2 and rng.random() < 0.3
        copy_of = int(rng.integers(1, article_id)) if copies else article_id
        published = START + timedelta(hours=article_id)
        outlet = f"Outlet {article_id}"
        covered.append(CoveredArticle(article_id, outlet, published, copy_of, ""))
        for index in range(SENTENCES):
            fact = index if copies else int(rng.integers(0, SHARED_FACTS))
            if rng.random() < 0.5:
                figure = figures[fact] if rng.random() < 0.8 else rng.integers(2, 500)
                text, vector = facts[fact].format(figure), fact_vectors[fact]
            else:
                text = " ".join(rng.choice(vocabulary, 15)).capitalize() + "."
                vector = unit(rng.standard_normal(384))
            sentences.append(
                CitedSentence(text, article_id, outlet, published, index, copy_of=copy_of)
            )
            vectors.append(vector)
    quotes = [
        StoryQuote(
            CitedSentence(
                " ".join(s.text.split()[2:12]),
                s.article_id,
                s.outlet,
                s.published,
                s.sentence_index,
                copy_of=s.copy_of,
            ),
            int(rng.integers(1, 4)),
            "Speaker",
            "direct",
        )
        for s in sentences[::7]
    ]
    return covered, sentences, np.array(vectors, dtype=np.float32), quotes


def best_cpu_seconds(repeat: int, work: Callable[..., object], *inputs: object) -> float:
    """The least CPU time of `repeat` runs of work(*inputs)."""
    times = []
    for _ in range(repeat):
        started = time.process_time()
        work(*inputs)
        times.append(time.process_time() - started)
    return min(times)


def main() -> None:
    """Time the story page's comparisons at each size and print them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,20,40,80,160")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    vocabulary = pseudo_words(rng, 4000, (1, 3))
    print(__doc__.split("\n\n")[1])
    print()
    print(f"{'articles':>9} {'sentences':>10} {'summary ms':>11} {'key points ms':>14}", end="")
    print(f" {'coverage ms':>12} {'total ms':>9} {'per sentence':>13}")
    baseline = None
    for size in [int(s) for s in args.sizes.split(",")]:
        covered, sentences, vectors, quotes = synthetic_story(rng, vocabulary, size)
        quote_vectors = unit(rng.standard_normal((len(quotes), 384))).astype(np.float32)
        tellings = [i for i, s in enumerate(sentences) if s.copy_of == s.article_id]
        told = [sentences[i] for i in tellings]
        told_vectors = vectors[tellings]
        summary = best_cpu_seconds(args.repeat, summarize_story, told, told_vectors)
        points = best_cpu_seconds(args.repeat, key_points, told, told_vectors)
        coverage = best_cpu_seconds(
            args.repeat, compare_coverage, covered, sentences, vectors, quotes, quote_vectors
        )
        total = summary + points + coverage
        per_sentence = total / len(sentences)
        baseline = baseline or per_sentence
        print(
            f"{size:>9,} {len(sentences):>10,} {summary * 1000:>11.1f} {points * 1000:>14.1f}"
            f" {coverage * 1000:>12.1f} {total * 1000:>9.1f} {per_sentence / baseline:>12.2f}x"
        )


if __name__ == "__main__":
    main()
