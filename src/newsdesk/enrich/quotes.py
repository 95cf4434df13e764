"""Who said what: direct quotes and reported speech, with speaker and attribution chain.

`find_quotes` reads an article's quotation marks and reporting verbs. A quote split by
its attribution ('"We will go," he said. "Soon."') gives one QuoteDraft per part, each
with its own offsets and the same speaker, so offsets never cover the attribution.
Marks are found in `quote_marks`, speakers resolved in `speakers`, chains read in
`attribution`.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Doc, Token

from newsdesk.enrich.attribution import attribution_chain
from newsdesk.enrich.parsed import ParsedArticle, token_end, word_set
from newsdesk.enrich.quote_marks import CLOSERS, DOUBLE_MARKS, PAIRED_APOSTROPHES, Marks
from newsdesk.enrich.speakers import REPORTING_VERBS, Speakers, is_reporting, subject_of
from newsdesk.types import LocalEntity, MentionDraft, QuoteDraft, Sentence

DIRECT = "direct"
# Quoted words inside the reporter's own sentence: 'Kim said Pyongyang would "unconditionally
# support" Moscow'. The words are the speaker's, the sentence is reported speech.
PARTIAL = "partial"
PARAPHRASE = "paraphrase"

# Verbs whose object, not only a clause, is what was said: "Kim reaffirmed his commitment".
STANCE_VERBS = word_set(
    """
    reaffirm reiterate stress emphasise emphasize warn urge accuse pledge vow promise
    underline underscore call demand deny
    """
)
# A paraphrase needs a verb of saying proper; "believe" or "hope" report thoughts.
PARAPHRASE_VERBS = REPORTING_VERBS - word_set(
    "ask describe dismiss continue hope believe agree answer post respond"
)
# Characters before an opening mark that set the quote off from the sentence's syntax.
SET_OFF_BY = ",:;—–-(.!?…\n"
TERMINALS = ".!?"
# Titles written with a full stop before a name: the stop ends no sentence.
ABBREVIATIONS = word_set("mr mrs ms dr sen rep gov gen lt col sgt capt prof rev st jr sr")
SHORT_QUOTE_WORDS = 3
# 'Sen. Lindsey Graham: "..."' names its speaker in a few words; a longer stretch before
# the colon is a sentence of the reporter's, not a name.
MAX_COLON_NAME_WORDS = 6


@dataclass(frozen=True)
class _Speaker:
    """What a reporting verb says about who spoke and through whom."""

    entity: int | None
    text: str | None
    attribution: tuple[str, ...]


def find_quotes(
    text: str,
    doc: Doc,
    sentences: list[Sentence],
    mentions: list[MentionDraft],
    entities: list[LocalEntity],
) -> list[QuoteDraft]:
    """Direct quotes and paraphrases in `text` (parsed as `doc`), in text order.

    Speakers are indexes into `entities`; a direct quote nobody can be found for is kept
    when it is a full clause, and dropped when it is only a scare-quoted phrase.
    """
    article = _Article(text, doc, sentences, mentions, entities)
    quotes = article.direct_quotes()
    quotes += article.paraphrases()
    return sorted(quotes, key=lambda q: (q.start, q.kind))


class _Article(ParsedArticle):
    """One article, read for its quotes: its look-ups, and who its speakers are."""

    @cached_property
    def speakers(self) -> Speakers:
        """Who the article's reporting verbs name, resolved on first need."""
        return Speakers(self)

    # Direct quotes.

    def direct_quotes(self) -> list[QuoteDraft]:
        """Every quoted stretch worth keeping, with its speaker and attribution: direct
        when it stands on its own, partial when it is words inside the reporter's sentence."""
        quotes: list[QuoteDraft] = []
        previous: tuple[Marks, _Speaker] | None = None
        for parts in self._stretches():
            marks = Marks(parts[0].open, parts[-1].close)
            start, end = self._content(marks)
            if start >= end:
                continue
            set_off = self._set_off(parts[0])
            speaker = self._speaker_of_parts(parts)
            if speaker is None and set_off and previous and self._continues(previous[0], marks):
                speaker = previous[1]
            if set_off and speaker is not None:
                previous = (marks, speaker)
            unnamed = speaker is None or speaker.entity is None
            if unnamed and not set_off and not self._is_clause(start, end):
                continue
            speaker = speaker or _Speaker(None, None, ())
            kind = DIRECT if set_off or self._object_of_verb(parts[0]) else PARTIAL
            quotes.append(self._draft(start, end, self.sentence_at(start), kind, speaker))
        return quotes

    def _stretches(self) -> list[list[Marks]]:
        # A quote running over paragraphs is one quote: news style leaves each paragraph
        # open and reopens the next, so the marks of each paragraph are parts of it.
        stretches: list[list[Marks]] = []
        for marks in self.marks:
            if stretches and stretches[-1][-1].runs_on:
                stretches[-1].append(marks)
            else:
                stretches.append([marks])
        return stretches

    def _speaker_of_parts(self, parts: list[Marks]) -> _Speaker | None:
        # The attribution of a long quote sits after its first paragraph or its last.
        for marks in (parts[0], *parts[:0:-1]):
            speaker = self._speaker_of_quote(marks)
            if speaker is not None:
                return speaker
        return None

    def _object_of_verb(self, marks: Marks) -> bool:
        # 'yelled "Stay there!"' and 'said "it gets me mad"': the quote is all the verb
        # reports, so it is direct; 'said the plan was "a disaster"' quotes only part.
        token = self.token_at(self._mark_start(marks) - 1)
        return token is not None and token.pos_ == "VERB"

    def _mark_start(self, marks: Marks) -> int:
        # The first character of the opening mark, two for an opening "''".
        pair = self.text[marks.open - 1 : marks.open + 1]
        return marks.open - 1 if pair in PAIRED_APOSTROPHES else marks.open

    def _content(self, marks: Marks) -> tuple[int, int]:
        start, end = marks.open + 1, marks.close
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and (self.text[end - 1].isspace() or self.text[end - 1] == ","):
            end -= 1
        return start, end

    def _set_off(self, marks: Marks) -> bool:
        # A quote after "said," or at a sentence start stands on its own; one after
        # "that" or "called it" is a phrase inside the reporter's own sentence.
        i = self._mark_start(marks) - 1
        while i >= 0 and self.text[i] in " \t":
            i -= 1
        if i < 0 or self.text[i] in SET_OFF_BY or self.text[i] in CLOSERS + DOUBLE_MARKS:
            return True
        sentence = self.sentence_of(marks.open)
        return (
            sentence is not None and not self.text[sentence.start : self._mark_start(marks)].strip()
        )

    def _is_clause(self, start: int, end: int) -> bool:
        tokens = self.tokens_between(start, end)
        inside = {t.i for t in tokens}
        return (
            any(t.dep_ in ("nsubj", "nsubjpass", "expl") and t.head.i in inside for t in tokens)
            and len(self.text[start:end].split()) > SHORT_QUOTE_WORDS
        )

    def _continues(self, previous: Marks, marks: Marks) -> bool:
        # A quote with no attribution of its own is the last speaker's when it is in the
        # same paragraph, or opens the paragraph right after: news style attributes every
        # change of speaker, so a paragraph that only quotes goes on with the one before.
        between = self.text[previous.close : self._mark_start(marks)]
        if "\n" not in between:
            return True
        return self._opens_paragraph(marks) and "\n" not in between.strip()

    def _opens_paragraph(self, marks: Marks) -> bool:
        start = self._mark_start(marks)
        line_start = self.text.rfind("\n", 0, start) + 1
        return not self.text[line_start:start].strip()

    def _speaker_of_quote(self, marks: Marks) -> _Speaker | None:
        before = self.outside_quotes(self._before_window(marks), marks.open)
        after = self.outside_quotes(marks.close + 1, self._after_window(marks))
        tail = self.outside_quotes(marks.close + 1, self._after_window(marks, clip=False))
        before_verbs = self._governing_first([t for t in before if is_reporting(t)], marks)
        after_verbs = [t for t in after if is_reporting(t)]
        content = self.text[marks.open + 1 : marks.close].rstrip()
        next_char = self.text[marks.close + 1 : marks.close + 2]
        leads_on = content[-1:] in ",?!" or next_char == ","
        if after_verbs and (leads_on or not before_verbs):
            verb = after_verbs[0]
        elif before_verbs:
            verb = before_verbs[-1]
        else:
            verb = None
        context = before + tail
        if verb is None:
            verb = self._introducing_verb(marks, before)
        if verb is None:
            named = self._named_before_colon(marks, before)
            if named is not None:
                entity, text = self.speakers.resolve(named)
                return _Speaker(entity, text, attribution_chain(self, context, None))
            chain = attribution_chain(self, context, None)
            return _Speaker(None, None, chain) if chain else None
        return self._speaker_of_verb(verb, context)

    def _introducing_verb(self, marks: Marks, before: list[Token]) -> Token | None:
        # "Cruz continued:" or "Breitbart News responded:" ending the paragraph before
        # introduces the quote that opens the next one, whatever its verb.
        if before and before[-1].text == ":":
            sentence = before[-1].sent
        elif self._opens_paragraph(marks):
            line_end = self.text.rfind("\n", 0, self._mark_start(marks))
            previous = self.text[:line_end].rstrip()
            if not previous.endswith(":"):
                return None
            colon = self.token_at(len(previous) - 1)
            if colon is None or colon.text != ":":
                return None
            sentence = colon.sent
        else:
            return None
        root = sentence.root
        if root.pos_ == "VERB" and any(c.dep_ in ("nsubj", "nsubjpass") for c in root.children):
            return root
        return None

    def _named_before_colon(self, marks: Marks, before: list[Token]) -> Token | None:
        # Headline style: 'Trump: "I am the worst thing that ever happened to them"'.
        if len(before) < 2 or before[-1].text != ":":
            return None
        words = [t for t in before[:-1] if not t.is_space]
        if not words or len(words) > MAX_COLON_NAME_WORDS:
            return None
        head = next((t for t in words if t.head.i == t.i or t.head not in words), None)
        if head is None or head.pos_ != "PROPN" or any(t.pos_ == "VERB" for t in words):
            return None
        return head

    def _before_window(self, marks: Marks) -> int:
        sentence = self.sentence_of(marks.open)
        start = sentence.start if sentence and sentence.start <= marks.open else 0
        for i in range(marks.open - 1, start - 1, -1):
            ch = self.text[i]
            ends = ch == "\n" or (self._ends_sentence(i) and self.text[i + 1 : i + 2].isspace())
            if ends and not self.in_quote(i):
                return i + 1
        return start

    def _ends_sentence(self, i: int) -> bool:
        # "Mr. Biden said" goes on after its full stop; so do initials ("George W. Bush").
        if self.text[i] not in TERMINALS:
            return False
        if self.text[i] != ".":
            return True
        word = self.text[max(0, i - 5) : i].split()[-1:] or [""]
        return not (word[0].lower() in ABBREVIATIONS or (len(word[0]) == 1 and word[0].isupper()))

    def _governing_first(self, verbs: list[Token], marks: Marks) -> list[Token]:
        # In "Peskov said the Kremlin would not comment on "unfounded reports"" the quote
        # belongs to the outermost verb of saying above it, not to the nearest one.
        token = self.token_at(marks.open + 1)
        chain: list[Token] = []
        while token is not None and token.head.i != token.i:
            # A relative clause ("a prospect the Kremlin said was ...") owns its quote.
            if token.dep_ in ("relcl", "acl", "appos"):
                break
            token = token.head
            chain.append(token)
        governing = [t for t in chain if t in verbs]
        rest = [t for t in verbs if t not in governing]
        return rest + governing[-1:] if governing else verbs

    def _after_window(self, marks: Marks, clip: bool = True) -> int:
        content = self.text[marks.open + 1 : marks.close].rstrip()
        if content.endswith(".") or marks.runs_on:
            return marks.close + 1
        index = self.sentence_at(marks.close)
        end = self.sentences[index].end if self.sentences else len(self.text)
        if end <= marks.close:
            end = self.sentences[index + 1].end if index + 1 < len(self.sentences) else end
        following = bisect_right(self.mark_starts, marks.close)
        if clip and following < len(self.marks):
            end = min(end, self.marks[following].open)
        for i in range(marks.close + 1, end):
            ch = self.text[i]
            if ch == "\n" or (
                self._ends_sentence(i) and self.text[i + 1 : i + 2] in ("", " ", "\n")
            ):
                return i
        return end

    def _speaker_of_verb(self, verb: Token, context: list[Token]) -> _Speaker:
        subject, cited_by = subject_of(verb)
        chain = attribution_chain(self, context, verb)
        if cited_by is not None:
            chain = (*chain, cited_by)
        if subject is None:
            return _Speaker(None, None, chain)
        entity, named = self.speakers.resolve(subject)
        return _Speaker(entity, named, chain)

    # Paraphrases.

    def paraphrases(self) -> list[QuoteDraft]:
        """One paraphrase per sentence that reports a person's words without quoting them."""
        quoted = self._sentences_with_set_off_quotes()
        found = []
        for index, sentence in enumerate(self.sentences):
            if index in quoted:
                continue
            tokens = self.outside_quotes(sentence.start, sentence.end)
            paraphrase = self._paraphrase_in(index, sentence, tokens)
            if paraphrase is not None:
                found.append(paraphrase)
        return found

    def _sentences_with_set_off_quotes(self) -> set[int]:
        quoted = set()
        for marks in self.marks:
            if self._set_off(marks):
                first = self.sentence_at(marks.open)
                last = self.sentence_at(marks.close)
                quoted.update(range(first, last + 1))
        return quoted

    def _paraphrase_in(
        self, index: int, sentence: Sentence, tokens: list[Token]
    ) -> QuoteDraft | None:
        candidates = []
        for token in tokens:
            if token.pos_ != "VERB" or token.lemma_.lower() not in PARAPHRASE_VERBS:
                continue
            clause = next((c for c in token.children if c.dep_ == "ccomp"), None)
            if clause is None and not _says_by_object(token) and token.dep_ != "parataxis":
                continue
            if clause is None and token.dep_ == "relcl":
                # "Trump, who has promised to end the war": an aside, not the news.
                continue
            candidates.append((clause is None, token.i, token, clause))
        for _, _, verb, clause in sorted(candidates, key=lambda c: (c[0], c[1])):
            speaker = self._speaker_of_verb(verb, tokens)
            if speaker.entity is None or self.entities[speaker.entity].label != "PERSON":
                continue
            start, end = (
                self._clause_span(clause) if clause is not None else (sentence.start, sentence.end)
            )
            start, end = self._trim(start, end)
            return self._draft(start, end, index, PARAPHRASE, speaker)
        return None

    def _clause_span(self, clause: Token) -> tuple[int, int]:
        tokens = [t for t in clause.subtree]
        while tokens and (tokens[0].dep_ == "mark" or tokens[0].is_punct):
            tokens = tokens[1:]
        if not tokens:
            return clause.idx, token_end(clause)
        return tokens[0].idx, token_end(tokens[-1])

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        while end > start and (self.text[end - 1].isspace() or self.text[end - 1] in ",;:."):
            end -= 1
        while start < end and self.text[start].isspace():
            start += 1
        return start, end

    def _draft(
        self, start: int, end: int, sentence: int, kind: str, speaker: _Speaker
    ) -> QuoteDraft:
        return QuoteDraft(
            text=self.text[start:end],
            start=start,
            end=end,
            sentence=sentence,
            kind=kind,
            speaker=speaker.entity,
            speaker_text=speaker.text,
            attribution=speaker.attribution,
        )


def _says_by_object(verb: Token) -> bool:
    if verb.lemma_.lower() not in STANCE_VERBS:
        return False
    if verb.lemma_.lower() == "call":
        # "called for"/"called on" report a demand; "called it X" only names something.
        following = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
        return following is not None and following.lower_ in ("for", "on")
    return any(c.dep_ in ("dobj", "xcomp", "prep") for c in verb.children)
