"""Who said what: direct quotes and reported speech, with speaker and attribution chain.

`find_quotes` reads an article's quotation marks and reporting verbs. A quote that
stands on its own is direct; words quoted inside the reporter's sentence ('said the plan
was "a disaster"') are partial. A quote split by its attribution ('"We will go," he
said. "Soon."') gives one QuoteDraft per part, each with its own offsets and the same
speaker, so offsets never cover the attribution; a quote running over paragraphs (each
reopened with a mark) is one. Marks are found in `quote_marks`, speakers resolved in
`speakers`, chains read in `attribution`, reported speech in `reported`.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import cached_property

from spacy.tokens import Doc, Token

from newsdesk.enrich.attribution import attribution_chain
from newsdesk.enrich.parsed import ParsedArticle, word_set
from newsdesk.enrich.quote_marks import (
    CLOSERS,
    DOUBLE_MARKS,
    PAIRED_APOSTROPHES,
    SINGLE_MARKS,
    Marks,
)
from newsdesk.enrich.reported import PARAPHRASE, reported_speech
from newsdesk.enrich.speakers import (
    COLON,
    CONTINUED,
    NAMED,
    NOBODY,
    Speakers,
    is_reporting,
    subject_of,
)
from newsdesk.types import LocalEntity, MentionDraft, QuoteDraft, Sentence

__all__ = ["DIRECT", "PARAPHRASE", "PARTIAL", "find_quotes"]

DIRECT = "direct"
# Quoted words inside the reporter's own sentence: 'Kim said Pyongyang would "unconditionally
# support" Moscow'. The words are the speaker's, the sentence is reported speech.
PARTIAL = "partial"

# Verbs that voice a quote without being verbs of reporting: 'the crowd chanted "USA!"'.
OUTCRY_VERBS = word_set("yell shout chant scream cry exclaim read sing whisper mutter")
SIGNATURE_DASHES = "―—–"
# Characters before an opening mark that set the quote off from the sentence's syntax.
SET_OFF_BY = ",:;—–-(.!?…\n"
TERMINALS = ".!?"
# Titles written with a full stop before a name: the stop ends no sentence.
ABBREVIATIONS = word_set("mr mrs ms dr sen rep gov gen lt col sgt capt prof rev st jr sr")
SHORT_QUOTE_WORDS = 3
# 'Sen. Lindsey Graham: "..."' names its speaker in a few words; a longer stretch before
# the colon is a sentence of the reporter's, not a name.
MAX_COLON_NAME_WORDS = 6
# '"...," Texas delegate Bill Eastland said': the attribution after a quote starts within
# a few words of it.
MAX_ATTRIBUTION_TOKENS = 8
# 'his memoir, "Gifted Hands,"', 'the HBO series "Tales From the Crypt"': a title in capitals
# after one of these words names a work, and nobody says it.
WORK_WORDS = word_set(
    """book memoir autobiography novel biography manifesto collection anthology essay column
    newsletter blog show series sitcom program programme podcast documentary film movie biopic
    drama thriller episode album song play musical concert ad advert commercial video videos
    class course project slogan nickname calls called titled entitled dubbed"""
)
# How far before the opening mark a work's word is looked for, in words.
WORK_WORD_WINDOW = 6
# Words left in lower case inside a title ("Orange is the New Black").
TITLE_SMALL_WORDS = word_set("a an the of and or to in on at for with by from is as vs but nor")
MAX_TITLE_WORDS = 8


@dataclass(frozen=True)
class _Speaker:
    """What a reporting verb says about who spoke and through whom, and how surely."""

    entity: int | None
    text: str | None
    attribution: tuple[str, ...]
    confidence: float = NOBODY


def find_quotes(
    text: str,
    doc: Doc,
    sentences: list[Sentence],
    mentions: list[MentionDraft],
    entities: list[LocalEntity],
    headline_end: int = 0,
) -> list[QuoteDraft]:
    """Direct quotes and paraphrases in `text` (parsed as `doc`), in text order.

    Speakers are indexes into `entities`; a direct quote nobody can be found for is kept
    when it is a full clause, and dropped when it is only a scare-quoted phrase. The
    headline (up to `headline_end`; 0 for none) shares no quote or speaker with the body.
    """
    article = _Article(text, doc, sentences, mentions, entities, headline_end)
    quotes = article.direct_quotes()
    quotes += reported_speech(article)
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
                before = previous[1]
                speaker = replace(before, confidence=min(before.confidence, CONTINUED))
            if speaker is not None and (set_off or speaker.entity is not None):
                # 'because "most people don't know," she said. "We have no context ..."':
                # a named speaker's partial quote is what the next quote goes on from.
                previous = (marks, speaker)
            unnamed = speaker is None or speaker.entity is None
            if unnamed and not set_off and not self._is_clause(start, end):
                continue
            short = len(self.text[start:end].split()) <= SHORT_QUOTE_WORDS
            if speaker is None and short and not self._is_clause(start, end, min_words=1):
                # '"The Apprentice."', '"Friends"': a title or a name nobody says.
                continue
            if self._names_a_work(marks, start, end):
                continue
            speaker = speaker or _Speaker(None, None, ())
            kind = DIRECT if set_off or self._object_of_verb(parts[0]) else PARTIAL
            quotes.append(self.draft(start, end, self.sentence_at(start), kind, speaker))
        self.direct_spans = [(q.start, q.end) for q in quotes if q.kind == DIRECT]
        self.direct_starts = [start for start, _ in self.direct_spans]
        return quotes

    def in_direct_quote(self, offset: int) -> bool:
        """Whether `offset` lies in a direct quote found by `direct_quotes`."""
        index = bisect_right(self.direct_starts, offset) - 1
        return index >= 0 and offset < self.direct_spans[index][1]

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
        # of saying reports, so it is direct; 'said the plan was "a disaster"' and 'the
        # league has gone "soft"' quote only part of a sentence.
        token = self.token_at(self._mark_start(marks) - 1)
        return (
            token is not None
            and token.pos_ == "VERB"
            and (is_reporting(token) or token.lemma_.lower() in OUTCRY_VERBS)
        )

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

    def _names_a_work(self, marks: Marks, start: int, end: int) -> bool:
        # 'in his 2012 book, "An American Son."': capitals after a word for a work are its
        # title, whoever the sentence goes on to name; 'she said "Of Course"' stays a quote.
        if not _title_cased(self.text[start:end]):
            return False
        opening = self._mark_start(marks)
        sentence = self.sentence_of(opening)
        first = max(sentence.start if sentence else 0, opening - 80)
        words = [t.lower_ for t in self.tokens_between(first, opening) if t.is_alpha]
        return not WORK_WORDS.isdisjoint(words[-WORK_WORD_WINDOW:])

    def _is_clause(self, start: int, end: int, min_words: int = SHORT_QUOTE_WORDS + 1) -> bool:
        tokens = self.tokens_between(start, end)
        inside = {t.i for t in tokens}
        return (
            any(t.dep_ in ("nsubj", "nsubjpass", "expl") and t.head.i in inside for t in tokens)
            and len(self.text[start:end].split()) >= min_words
        )

    def _continues(self, previous: Marks, marks: Marks) -> bool:
        # A quote with no attribution of its own is the last speaker's when it is in the
        # same paragraph, or opens the paragraph right after: news style attributes every
        # change of speaker, so a paragraph that only quotes goes on with the one before.
        between = self.text[previous.close : self._mark_start(marks)]
        if previous.close < self.headline_end <= marks.open:
            return False
        if "\n" not in between:
            return True
        return self._opens_paragraph(marks) and "\n" not in between.strip()

    def _opens_paragraph(self, marks: Marks) -> bool:
        start = self._mark_start(marks)
        line_start = self.text.rfind("\n", 0, start) + 1
        return not self.text[line_start:start].strip()

    def _speaker_of_quote(self, marks: Marks) -> _Speaker | None:
        before = self.outside_quotes(self._before_window(marks), self._mark_start(marks))
        after = self.outside_quotes(marks.close + 1, self._after_window(marks))
        tail = self.outside_quotes(marks.close + 1, self._after_window(marks, clip=False))
        before_verbs = self._governing_first([t for t in before if is_reporting(t)], marks)
        after_verbs = [t for t in after if is_reporting(t)]
        content = self.text[marks.open + 1 : marks.close].rstrip()
        next_char = self.text[marks.close + 1 : marks.close + 2]
        leads_on = content[-1:] in ",?!" or next_char == ","
        if not after_verbs and not before_verbs and leads_on:
            after_verbs = self._attributing_verbs(after)
        if not after_verbs and not before_verbs and before and before[-1].text in ",:":
            # 'Hillary Clinton cracked, "I'm a progressive"': the verb that sets the quote
            # off voices it, whichever verb it is.
            before_verbs = self._attributing_verbs(before[::-1])
        if (
            after_verbs
            and (leads_on or not before_verbs)
            and not self._said_inside(after_verbs[0], marks, before_verbs)
        ):
            verb = after_verbs[0]
        elif before_verbs:
            verb = before_verbs[-1]
        else:
            verb = None
        context = before + tail
        if verb is None:
            verb = self._introducing_verb(marks, before)
        if verb is None:
            named = self.named_before_colon(before) or self._signed(marks) or _according_to(before)
            if named is not None:
                entity, text, _ = self.speakers.resolve(named)
                return _Speaker(entity, text, attribution_chain(self, context, None), COLON)
            chain = attribution_chain(self, context, None)
            return _Speaker(None, None, chain) if chain else None
        return self.speaker_of_verb(verb, context)

    def _introducing_verb(self, marks: Marks, before: list[Token]) -> Token | None:
        # "Cruz continued:" or "Breitbart News responded:" ending the paragraph before
        # introduces the quote that opens the next one, whatever its verb.
        if before and before[-1].text == ":":
            colon = before[-1]
            sentence = colon.sent
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
        if root.i > colon.i:
            # The parser ran the sentence on past the colon: its verb is not the one
            # that introduces the quote.
            return None
        if root.pos_ == "VERB" and any(c.dep_ in ("nsubj", "nsubjpass") for c in root.children):
            return root
        # "Said Ellis:" puts the speaker after the verb.
        return root if is_reporting(root) else None

    def named_before_colon(self, before: list[Token]) -> Token | None:
        """The name heading `before` when it is a few words and a colon, headline style:
        'Trump: "I am the worst thing that ever happened to them"'."""
        if len(before) < 2 or before[-1].text != ":":
            return None
        words = [t for t in before[:-1] if not t.is_space]
        if not words or len(words) > MAX_COLON_NAME_WORDS:
            return None
        head = next((t for t in words if t.head.i == t.i or t.head not in words), None)
        if head is None or any(t.pos_ == "VERB" for t in words):
            return None
        # The small model tags a headline's lone name as a noun ("Trump: ...").
        named = head.pos_ == "PROPN" or (head.pos_ == "NOUN" and head.text.istitle())
        return head if named else None

    def _signed(self, marks: Marks) -> Token | None:
        # A quote signed with a dash and a name: '"He scares me." ― Krystal Correa'.
        i = marks.close + 1
        while i < len(self.text) and self.text[i] in " \t\u00a0":
            i += 1
        if i >= len(self.text) or self.text[i] not in SIGNATURE_DASHES:
            return None
        token = self.token_at(i + 1)
        while token is not None and (token.idx <= i or token.is_space):
            token = token.nbor() if token.i + 1 < len(token.doc) else None
        if token is None or token.pos_ != "PROPN" or "\n" in self.text[i : token.idx]:
            return None
        while token.dep_ in ("compound", "flat") and token.head.i > token.i:
            token = token.head
        return token

    def _said_inside(self, verb: Token, marks: Marks, before_verbs: list[Token]) -> bool:
        # "Lavrov said, "I would like to ...," and emphasized ...": a verb after the quote
        # that shares a subject inside it continues the quote's own clause, not its speaker's.
        subject, _ = subject_of(verb)
        return bool(before_verbs) and subject is not None and marks.open < subject.idx < marks.close

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
        if not self.text[marks.close + 1 : end].strip(" " + DOUBLE_MARKS + SINGLE_MARKS):
            # The parser often ends a sentence at the closing mark: '"Is that all?" Trump said.'
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

    def _attributing_verbs(self, after: list[Token]) -> list[Token]:
        # '"Go back to Univision," Trump barked': a verb with its subject right after a
        # quote that leads on is how the quote was said, whichever verb it is.
        words = [t for t in after if not t.is_punct and not t.is_space]
        if words and words[0].pos_ == "CCONJ":
            return []
        for token in words[:MAX_ATTRIBUTION_TOKENS]:
            if token.pos_ == "VERB" and any(
                c.dep_ == "nsubj" and not self.in_quote(c.idx) for c in token.children
            ):
                return [token]
        return []

    def _subject_outside(self, verb: Token, subject: Token | None) -> Token | None:
        # The parser may take a subject from inside the quote ('"They were professionals,"
        # Daley said' with "They" for subject); the speaker is the noun beside the verb.
        if subject is None or not self.in_quote(subject.idx) or self.in_quote(verb.idx):
            return subject
        # '"... One of the brightest members," Rep. Elijah Cummings (D-Md.) said': the
        # parser gives the verb both subjects; the one outside the quote spoke.
        outside = [
            c
            for c in verb.children
            if c.dep_ in ("nsubj", "nsubjpass") and not self.in_quote(c.idx)
        ]
        if outside:
            return outside[-1]
        doc = verb.doc
        for index in (verb.i - 1, verb.i + 1):
            if 0 <= index < len(doc) and doc[index].pos_ in ("PROPN", "NOUN", "PRON"):
                token = doc[index]
                while token.dep_ in ("compound", "flat") and token.head.i != token.i:
                    token = token.head
                if not self.in_quote(token.idx):
                    return token
        return None

    def _person_before(self, verb: Token) -> Token | None:
        # "In a Bloomberg interview Trump declared": the parser runs the name into the
        # phrase before it, but a person named right before a verb of saying is its subject.
        if verb.i == 0 or not is_reporting(verb):
            return None
        token = verb.doc[verb.i - 1]
        mention = self.mention_at(token.idx)
        if mention is None or self.in_quote(token.idx):
            return None
        return token if self.person_of_mention[mention] is not None else None

    def speaker_of_source(self, source: Token, most: float = NAMED) -> _Speaker:
        """The speaker a source phrase names ("according to Tass"), with no chain, at
        most as sure as `most` (the rule that found the phrase)."""
        entity, named, confidence = self.speakers.resolve(source)
        return _Speaker(entity, named, (), min(confidence, most))

    def speaker_of_verb(self, verb: Token, context: list[Token]) -> _Speaker:
        """Who `verb` says spoke (its subject, resolved) and the chain in `context`."""
        subject, cited_by = subject_of(verb)
        subject = self._subject_outside(verb, subject)
        if subject is None:
            subject = self._person_before(verb)
        chain = attribution_chain(self, context, verb)
        if cited_by is not None:
            chain = (*chain, cited_by)
        if subject is None:
            return _Speaker(None, None, chain)
        entity, named, confidence = self.speakers.resolve(subject)
        return _Speaker(entity, named, chain, confidence)

    def trim(self, start: int, end: int) -> tuple[int, int]:
        """[start, end) without the spaces around it and the punctuation that ends it."""
        while end > start and (self.text[end - 1].isspace() or self.text[end - 1] in ",;:."):
            end -= 1
        while start < end and self.text[start].isspace():
            start += 1
        return start, end

    def draft(
        self, start: int, end: int, sentence: int, kind: str, speaker: _Speaker
    ) -> QuoteDraft:
        """The QuoteDraft of [start, end) said by `speaker`."""
        named = speaker.text
        if named is not None and "\n" in named:
            # The parser runs a headline or byline into the next paragraph's subject
            # ("Associated Press\n\nSergey Lavrov"); the speaker is the part by the verb.
            named = named.rsplit("\n", 1)[-1].strip() or None
        return QuoteDraft(
            text=self.text[start:end],
            start=start,
            end=end,
            sentence=sentence,
            kind=kind,
            speaker=speaker.entity,
            speaker_text=named,
            attribution=speaker.attribution,
            confidence=speaker.confidence if speaker.entity is not None or named else NOBODY,
        )


def _according_to(tokens: list[Token]) -> Token | None:
    # 'According to Limbaugh, "if it was left up to Hillary ..."': with no verb of its
    # own, the quote is the source's.
    for token in tokens:
        if token.lower_ == "according" and token.i + 1 < len(token.doc):
            to = token.doc[token.i + 1]
            objects = [c for c in to.children if c.dep_ == "pobj"] if to.lower_ == "to" else []
            if objects:
                return objects[0]
    return None


def _title_cased(text: str) -> bool:
    """Whether `text` is written as a title: a few words, each capitalised but the small ones."""
    words = [w for w in text.split() if any(c.isalpha() for c in w)]
    if not words or len(words) > MAX_TITLE_WORDS:
        return False
    letters = [w.lstrip("'‘’\"“(") for w in words]
    capitalised = [w for w in letters if w.lower().strip(".,!?:;'’") not in TITLE_SMALL_WORDS]
    return (
        bool(capitalised)
        and letters[0][:1].isupper()
        and all(w[:1].isupper() or not w[:1].isalpha() for w in capitalised)
    )
