"""The enrichment stage: article texts in, `Enrichment`s out (see `newsdesk.enrich`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from spacy.tokens import Doc

from newsdesk.enrich.casing import reading_text
from newsdesk.enrich.consistency import find_warnings
from newsdesk.enrich.descriptions import article_entities
from newsdesk.enrich.foreign import foreign_names, reads_names
from newsdesk.enrich.language import detect_language
from newsdesk.enrich.nlp import mentions_of, parse, sentences_of
from newsdesk.enrich.quotes import find_quotes
from newsdesk.enrich.timex import find_events
from newsdesk.types import (
    ConsistencyWarning,
    EventDraft,
    LocalEntity,
    MentionDraft,
    QuoteDraft,
    Sentence,
    enrichment_text,
)

# spaCy needs about 1 GB per 100,000 characters of parse; news articles are far shorter,
# so anything longer is a dump, not an article, and is skipped with a reason.
MAX_ENRICH_CHARS = 100_000
# A text where more than this share of characters is markup or control characters was
# not cleaned by extraction; NLP over it would only find noise.
MAX_NOISE_SHARE = 0.2
_NOISE = re.compile(r"[<>{}\x00-\x08\x0b\x0c\x0e-\x1f]")  # control characters but \t \n \r
ENGLISH = "en"


@dataclass(frozen=True)
class ArticleText:
    """What enrichment needs of an article: headline, body, and when it was published."""

    title: str
    body: str
    published: datetime | None = None

    @property
    def text(self) -> str:
        """The text enrichment reads, and every stored offset points into."""
        return enrichment_text(self.title, self.body)


@dataclass
class Enrichment:
    """Everything the NLP stages found in one article; `note` says why some were skipped."""

    language: str
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[MentionDraft] = field(default_factory=list)
    entities: list[LocalEntity] = field(default_factory=list)
    quotes: list[QuoteDraft] = field(default_factory=list)
    events: list[EventDraft] = field(default_factory=list)
    warnings: list[ConsistencyWarning] = field(default_factory=list)
    note: str | None = None


def enrich_texts(articles: list[ArticleText]) -> list[Enrichment]:
    """Enrich a batch of articles, in order; unsuitable texts get a `note` instead of NLP."""
    results: list[Enrichment | None] = []
    english: list[int] = []
    for index, article in enumerate(articles):
        refusal = _refusal(article.body, article.text)
        if refusal is not None:
            results.append(Enrichment(language=refusal[0], note=refusal[1]))
            continue
        language = detect_language(article.body, title=article.title)
        if language != ENGLISH:
            results.append(_enrich_foreign(article, language))
            continue
        results.append(None)
        english.append(index)
    # The recogniser reads all-caps headlines and datelines recased; offsets are unchanged.
    docs = parse(reading_text(articles[i].text) for i in english)
    for index, doc in zip(english, docs, strict=True):
        results[index] = _enrich_english(articles[index], doc)
    return [r for r in results if r is not None]


def _refusal(text: str, whole: str) -> tuple[str, str] | None:
    if not text.strip():
        return "und", "no text to enrich"
    # The headline is parsed too: a feed's megabyte of title must not reach spaCy.
    if len(whole) > MAX_ENRICH_CHARS:
        return "und", f"too long to enrich: {len(whole):,} characters (limit {MAX_ENRICH_CHARS:,})"
    noise = len(_NOISE.findall(text))
    if noise > MAX_NOISE_SHARE * len(text):
        return "und", "the text is mostly markup or control characters, not prose"
    return None


def _enrich_foreign(article: ArticleText, language: str) -> Enrichment:
    # Names are read where a recogniser for the language ships; quotes and dates are not.
    sentences, mentions, entities = foreign_names(article.text, language)
    if reads_names(language):
        note = f"language {language!r}: names are read; quotes and dates in English only"
    else:
        note = f"language {language!r}: entities, quotes and dates are read in English only"
    return Enrichment(language, sentences, mentions, entities, note=note)


def _enrich_english(article: ArticleText, doc: Doc) -> Enrichment:
    text = article.text
    sentences = sentences_of(doc)
    mentions = mentions_of(doc, sentences, text)
    mentions, entities = article_entities(text, sentences, mentions)
    headline_end = len(article.title) if text != article.body else 0
    quotes = find_quotes(text, doc, sentences, mentions, entities, headline_end)
    events = find_events(text, doc, sentences, mentions, article.published)
    warnings = find_warnings(text, sentences, entities, mentions, quotes)
    return Enrichment(ENGLISH, sentences, mentions, entities, quotes, events, warnings)
