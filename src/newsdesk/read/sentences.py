"""An article's body as cited sentences: the stored sentence spans cut at paragraph breaks,
bylines and fragments left out, each sentence citing its article, outlet and credit."""

from __future__ import annotations

import re
from collections.abc import Mapping

from newsdesk.group.dedupe import credit_line
from newsdesk.present.summarize import Citation, CitedSentence
from newsdesk.read.records import CitationRecord, CitedSentenceRecord
from newsdesk.store.models import Article
from newsdesk.types import enrichment_text

LEAD_CHARS = 240


# A summary sentence has a few words and ends like a sentence; bylines ("Herald wire
# desk"), datelines and captions left in the body do neither.
MIN_WORDS = 6


_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*$|[\"”’]$")


_PARAGRAPH = re.compile(r"\n\s*\n")


def outlet_of(article: Article) -> str | None:
    """The outlet's name, when the article has one."""
    return article.outlet.name if article.outlet else None


def telling_of(article: Article) -> int:
    """The canonical article of the article's syndicated-copy group (itself without copies)."""
    return article.duplicate_of_id or article.id


def body_sentences(article: Article, *, all_pieces: bool = False) -> list[CitedSentence]:
    """The article's body sentences, headline left out, cited; bylines and fragments skipped
    unless `all_pieces`. Stored sentences that run across a paragraph break are split there.
    """
    text = enrichment_text(article.title, article.text)
    headline_end = len(article.title) if article.title.strip() else 0
    outlet = outlet_of(article)
    credit = credit_line(article.wire_service, outlet)
    found = []
    for index, (start, end) in enumerate(article.sentences or []):
        for piece_start, piece_end in _pieces(text, start, end):
            if piece_end <= headline_end:
                continue
            piece = text[piece_start:piece_end]
            if not all_pieces and not _is_sentence(piece):
                continue
            found.append(
                CitedSentence(
                    text=piece,
                    article_id=article.id,
                    outlet=outlet,
                    published=article.published_at,
                    sentence_index=index,
                    start=piece_start,
                    end=piece_end,
                    copy_of=telling_of(article),
                    credit=credit,
                    headline=article.title,
                )
            )
    return found


def lead(article: Article) -> str:
    """An article's first body sentence, or the opening of its text when it has none."""
    sentences = body_sentences(article)
    if sentences:
        return sentences[0].text
    return opening(article.text)


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces = []
    cursor = start
    for brk in _PARAGRAPH.finditer(text, start, end):
        pieces.append((cursor, brk.start()))
        cursor = brk.end()
    pieces.append((cursor, end))
    trimmed = []
    for a, b in pieces:
        chunk = text[a:b]
        a += len(chunk) - len(chunk.lstrip())
        b -= len(chunk) - len(chunk.rstrip())
        if b > a:
            trimmed.append((a, b))
    return trimmed


def _is_sentence(piece: str) -> bool:
    return len(piece.split()) >= MIN_WORDS and bool(_SENTENCE_END.search(piece))


def sentence_around(article: Article, index: int, offset: int) -> str | None:
    """The piece of the article's sentence `index` that holds `offset`."""
    spans = article.sentences or []
    if not 0 <= index < len(spans):
        return None
    text = enrichment_text(article.title, article.text)
    start, end = spans[index]
    pieces = _pieces(text, start, end)
    for a, b in pieces:
        if a <= offset < b:
            return text[a:b]
    return text[pieces[0][0] : pieces[-1][1]] if pieces else None


def sentence_record(sentence: CitedSentence) -> CitedSentenceRecord:
    """A cited sentence as shown: text, its article's headline, outlet and credit, sentence
    and span."""
    return CitedSentenceRecord(
        text=sentence.text,
        article_id=sentence.article_id,
        headline=sentence.headline or None,
        outlet=sentence.outlet,
        credit=sentence.credit,
        published=sentence.published,
        sentence=sentence.sentence_index,
        span=(sentence.start, sentence.end),
    )


def citation_record(
    citation: Citation, headlines: Mapping[int, str] | None = None
) -> CitationRecord:
    """A citation as shown, named by its article's headline when `headlines` (article id ->
    title) has it."""
    return CitationRecord(
        article_id=citation.article_id,
        headline=(headlines or {}).get(citation.article_id),
        outlet=citation.outlet,
        credit=citation.credit,
        published=citation.published,
        sentence=citation.sentence_index,
    )


def opening(text: str, limit: int = LEAD_CHARS) -> str:
    """The start of a text, flattened, cut at a word before `limit` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit].rsplit(" ", 1)[0] + "…"
