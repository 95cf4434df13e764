"""Demo-like articles in bulk for the throughput benches: the demo corpus's plain-text
articles varied (sentences shuffled, names and numbers changed, a date of their own) so that
no two files are copies and new names keep turning up, as in a real stream of news."""

from __future__ import annotations

import gzip
import random
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newsdesk.demo import ARTICLES_DIR

EXTRACTION_BENCHMARK = Path(__file__).parents[4] / "shared/data/article-extraction-benchmark"
# Made-up surnames are built from these, so a varied article names people no other has.
_SYLLABLES = ["ka", "lo", "mir", "ven", "sa", "to", "ria", "den", "bor", "el", "quin", "ha"]
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’]))\s+(?=[A-Z\"“‘])")
# A capitalised word inside a sentence: most are names (of people, places, outlets).
_NAME = re.compile(r"(?<=[a-z,] )[A-Z][a-z]{3,}\b")
# Days and months are capitalised too, but renaming them would make no new names.
_NOT_NAMES = frozenset(
    [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
)
_NUMBER = re.compile(r"\b\d+\b")
# Articles start a minute apart from here, so each file's bytes are its own.
_FIRST_PUBLISHED = datetime(2025, 7, 1, 6, 0, tzinfo=UTC)


@dataclass(frozen=True)
class DemoArticle:
    """One demo plain-text article: its headline, byline (or ""), and body paragraphs."""

    headline: str
    byline: str
    paragraphs: list[str]


def demo_articles() -> list[DemoArticle]:
    """The demo corpus's English plain-text articles, in file-name order."""
    articles = []
    for path in sorted((ARTICLES_DIR / "txt").glob("*.txt")):
        blocks = [b.strip() for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip()]
        head = blocks[0].splitlines()
        byline = head[1] if len(head) > 1 else ""
        articles.append(DemoArticle(head[0], byline, [" ".join(b.split()) for b in blocks[1:]]))
    return articles


def varied_article(article: DemoArticle, number: int, rng: random.Random) -> str:
    """A plain-text file's content: `article` with its later paragraphs and their sentences
    shuffled, up to three names and every number changed, 3 to 6 paragraphs kept, and a
    "Published:" line `number` minutes after the first article's."""
    renamed: dict[str, str] = {}
    names = sorted(set(_NAME.findall(" ".join(article.paragraphs))) - _NOT_NAMES)
    for name in rng.sample(names, min(3, len(names))):
        made_up = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))
        renamed[name] = made_up.capitalize()

    def changed(text: str) -> str:
        text = _NUMBER.sub(lambda m: str(rng.randint(2, 9) * 10 ** (len(m.group()) - 1)), text)
        for old, new in renamed.items():
            text = re.sub(rf"\b{old}\b", new, text)
        return text

    lead, rest = article.paragraphs[0], article.paragraphs[1:]
    rng.shuffle(rest)
    kept = [lead, *rest[: rng.randint(2, 5)]]
    body = []
    for index, paragraph in enumerate(kept):
        sentences = _SENTENCE_END.split(paragraph)
        if index:  # the lead keeps its dateline first
            rng.shuffle(sentences)
        body.append(changed(" ".join(sentences)))
    published = _FIRST_PUBLISHED + timedelta(minutes=number)
    head = [changed(article.headline)]
    if article.byline:
        head.append(article.byline)
    head.append(f"Published: {published:%Y-%m-%d %H:%M} UTC")
    return "\n".join(head) + "\n\n" + "\n\n".join(body) + "\n"


def write_demo_like(folder: Path, count: int, *, seed: int = 16, first: int = 0) -> list[Path]:
    """Write `count` varied demo articles as text files into `folder` (numbered from
    `first`, so two calls make no copies of each other); their paths."""
    rng = random.Random(seed * 1_000_003 + first)
    articles = demo_articles()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(first, first + count):
        path = folder / f"article-{number:06d}.txt"
        text = varied_article(articles[number % len(articles)], number, rng)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def write_benchmark_pages(folder: Path, count: int) -> list[Path]:
    """Write up to `count` real article pages of article-extraction-benchmark (decompressed,
    as fetched) into `folder`; their paths (fewer when the set holds fewer, none without it)."""
    pages = sorted((EXTRACTION_BENCHMARK / "html").glob("*.html.gz"))[:count]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for page in pages:
        path = folder / page.name.removesuffix(".gz")
        path.write_bytes(gzip.decompress(page.read_bytes()))
        paths.append(path)
    return paths
