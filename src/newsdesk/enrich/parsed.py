"""One parsed article indexed by offset: the look-ups quote, speaker and attribution finding share.

Offsets are characters into the article's text; tokens, mentions, sentences and quote
marks are each kept sorted by start, so every look-up is a bisection.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.attrs import IDX
from spacy.tokens import Doc, Token

from newsdesk.enrich.quote_marks import scan_marks
from newsdesk.extract.dateline import parse_dateline
from newsdesk.types import LocalEntity, MentionDraft, Sentence


def word_set(words: str) -> frozenset[str]:
    """The words of a whitespace-separated list, as a set: long vocabularies read as prose."""
    return frozenset(words.split())


def sentence_index(starts: list[int], offset: int) -> int:
    """Index of the sentence holding `offset`, given the sentences' start offsets in order."""
    return max(bisect_right(starts, offset) - 1, 0)


def token_end(token: Token) -> int:
    """The character offset just after `token`."""
    return token.idx + len(token.text)


def person_named(entities: list[LocalEntity], text: str) -> int | None:
    """The one PERSON entity spelled `text` (in full, or a lone first or last name), or None."""
    matches = []
    for index, entity in enumerate(entities):
        if entity.label != "PERSON":
            continue
        forms = {entity.name, *entity.surface_forms}
        words = {w for form in forms for w in (form.split()[:1] + form.split()[-1:])}
        if text in forms or (" " not in text and text in words):
            matches.append(index)
    return matches[0] if len(matches) == 1 else None


class ParsedArticle:
    """One article's text, parse, sentences, mentions and entities, with offset look-ups."""

    def __init__(
        self,
        text: str,
        doc: Doc,
        sentences: list[Sentence],
        mentions: list[MentionDraft],
        entities: list[LocalEntity],
        headline_end: int = 0,
    ) -> None:
        self.text = text
        # Where the headline stops (0: no headline): nothing said runs across it.
        self.headline_end = headline_end
        self.doc = doc
        self.sentences = sentences
        self.sentence_starts = [s.start for s in sentences]
        self.mentions = mentions
        self.entities = entities
        self.marks = scan_marks(text, headline_end)
        self.mark_spans = [(m.open, m.close) for m in self.marks]
        self.mark_starts = [m.open for m in self.marks]
        self.token_starts = doc.to_array(IDX).tolist()
        entity_of = {}
        for index, entity in enumerate(entities):
            for mention in entity.mentions:
                entity_of.setdefault(mention, index)
        self.entity_of_mention = entity_of
        self.person_of_mention = [self._person_for(i) for i in range(len(mentions))]
        self.mention_starts = [m.start for m in mentions]

    def sentence_at(self, offset: int) -> int:
        """Index of the sentence holding `offset` (0 when there are no sentences)."""
        return sentence_index(self.sentence_starts, offset)

    def sentence_of(self, offset: int) -> Sentence | None:
        """The sentence holding `offset`, or None when the article has no sentences."""
        return self.sentences[self.sentence_at(offset)] if self.sentences else None

    def quote_at(self, offset: int) -> int | None:
        """Index (in `marks`) of the quoted stretch holding `offset`, its marks included."""
        index = bisect_right(self.mark_starts, offset) - 1
        if index >= 0 and self.mark_spans[index][0] <= offset <= self.mark_spans[index][1]:
            return index
        return None

    def in_quote(self, offset: int) -> bool:
        """Whether `offset` lies inside a quoted stretch, its marks included."""
        index = bisect_right(self.mark_starts, offset) - 1
        return index >= 0 and self.mark_spans[index][0] <= offset <= self.mark_spans[index][1]

    def tokens_between(self, start: int, end: int) -> list[Token]:
        """The tokens starting in [start, end)."""
        first = bisect_right(self.token_starts, start - 1)
        last = bisect_right(self.token_starts, end - 1)
        return list(self.doc[first:last])

    def outside_quotes(self, start: int, end: int) -> list[Token]:
        """The tokens starting in [start, end) that are not inside a quote."""
        return [t for t in self.tokens_between(start, end) if not self.in_quote(t.idx)]

    def token_at(self, offset: int) -> Token | None:
        """The token starting at or last before `offset`, or None before the first."""
        index = bisect_right(self.token_starts, offset) - 1
        return self.doc[index] if index >= 0 else None

    def mention_at(self, offset: int) -> int | None:
        """Index of the mention covering `offset`, or None."""
        index = bisect_right(self.mention_starts, offset) - 1
        if index >= 0 and self.mentions[index].start <= offset < self.mentions[index].end:
            return index
        return None

    def dateline_end(self, offset: int) -> int:
        """Where the dateline of the paragraph holding `offset` ends ("SEOUL -- "), or the
        paragraph's start when it has none."""
        first = self.text.rfind("\n", 0, offset) + 1
        last = self.text.find("\n", offset)
        paragraph = self.text[first : len(self.text) if last < 0 else last]
        rest = parse_dateline(paragraph).rest
        return first if rest == paragraph or not rest else first + paragraph.index(rest)

    def span_text(self, start: int, end: int) -> str:
        """The text of [start, end) without the spaces and commas around it."""
        return self.text[start:end].strip(" ,")

    def _person_for(self, mention: int) -> int | None:
        entity = self.entity_of_mention.get(mention)
        if entity is not None and self.entities[entity].label == "PERSON":
            return entity
        # The recogniser calls "Lavrov" an ORG as often as a PERSON; a mention spelled
        # like one of the article's people is that person.
        return person_named(self.entities, self.mentions[mention].text)
