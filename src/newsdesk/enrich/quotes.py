"""Who said what: direct quotes and reported speech, with speaker and attribution chain.

`find_quotes` reads an article's quotation marks and reporting verbs. A quote split by
its attribution ('"We will go," he said. "Soon."') gives one QuoteDraft per part, each
with its own offsets and the same speaker, so offsets never cover the attribution.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newsdesk.types import LocalEntity, MentionDraft, QuoteDraft, Sentence

DIRECT = "direct"
PARAPHRASE = "paraphrase"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Lemmas of verbs that introduce someone's words. "report" is left out on purpose:
# "KCNA reported" names who carries the words, not who spoke them (see ATTRIBUTION).
REPORTING_VERBS = _words(
    """
    say tell add warn stress note declare reaffirm reiterate emphasise emphasize state
    write ask insist urge accuse call announce explain argue claim comment remark reply
    respond answer admit acknowledge confirm deny vow pledge promise predict suggest
    recall complain caution tweet post assert affirm underline underscore concede
    describe dismiss quip continue conclude agree believe hope demand
    """
)
# Verbs whose object, not only a clause, is what was said: "Kim reaffirmed his commitment".
STANCE_VERBS = _words(
    """
    reaffirm reiterate stress emphasise emphasize warn urge accuse pledge vow promise
    underline underscore call demand deny
    """
)
# A paraphrase needs a verb of saying proper; "believe" or "hope" report thoughts.
PARAPHRASE_VERBS = REPORTING_VERBS - _words(
    "ask describe dismiss continue hope believe agree answer post respond"
)
# "told reporters" is part of the chain; "told his guest" is not.
AUDIENCE_NOUNS = _words(
    """
    reporter reporters journalist journalists conference briefing television tv
    broadcaster radio newspaper agency press media outlet channel network station
    magazine daily podcast parliament lawmakers audience crowd interviewer correspondent
    """
)
# "said in a statement": the channel the words went out through.
CHANNEL_NOUNS = _words(
    """
    statement interview post message speech briefing release broadcast letter address
    tweet video communique remarks comments conference telegram x facebook television
    """
)
# Heads of descriptions that stand for a person ("the minister", "the de facto ruler").
PERSON_NOUNS = _words(
    """
    minister president premier chancellor secretary spokesman spokeswoman spokesperson
    leader ruler king queen prince princess governor mayor senator ambassador envoy
    chief head director chairman chairwoman chair official diplomat general commander
    aide adviser advisor judge prosecutor emperor pope dictator monarch lawmaker
    representative deputy negotiator man woman founder executive ceo analyst expert
    economist
    """
)
MALE = frozenset({"he", "him", "his", "himself"})
FEMALE = frozenset({"she", "her", "hers", "herself"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
INDEFINITE = frozenset({"a", "an", "one", "another", "some", "several", "many", "two"})

DOUBLE_MARKS = '"“”„'
SINGLE_MARKS = "'‘’‚"
OPENERS = "“„‘‚"
CLOSERS = "”’"
# A closing mark is followed by the end, a space or punctuation; an apostrophe
# ("Korea's", "don't") is followed by a letter, so it never closes a quote.
AFTER_CLOSE = ".,;:!?)]}—–-…" + DOUBLE_MARKS + SINGLE_MARKS
BEFORE_OPEN = "([{—–-/" + DOUBLE_MARKS + SINGLE_MARKS
# Characters before an opening mark that set the quote off from the sentence's syntax.
SET_OFF_BY = ",:;—–-(.!?…\n"
TERMINALS = ".!?"
SHORT_QUOTE_WORDS = 3
MAX_SUBJECT_CLIMB = 4


@dataclass(frozen=True)
class _Marks:
    """One quoted stretch: the indexes of its marks, and whether it runs on into the
    next paragraph (a multi-paragraph quote leaves its paragraphs open)."""

    open: int
    close: int
    runs_on: bool = False


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


def quote_marks(text: str) -> list[tuple[int, int]]:
    """(opening, closing) mark indexes of every quoted stretch, apostrophes left alone."""
    return [(m.open, m.close) for m in _scan(text)]


# --- Finding quotation marks -----------------------------------------------------


def _scan(text: str) -> list[_Marks]:
    found: list[_Marks] = []
    start = 0
    for end in _paragraph_ends(text):
        found += _scan_paragraph(text, start, end)
        start = end
    return found


def _paragraph_ends(text: str) -> list[int]:
    ends = [i for i, ch in enumerate(text) if ch == "\n"]
    return [*ends, len(text)]


def _scan_paragraph(text: str, start: int, end: int) -> list[_Marks]:
    # An opening mark never closed in its paragraph was an apostrophe or a typo, unless
    # the next paragraph opens again (news style for quotes running over paragraphs):
    # ban it and scan again, so it does not swallow the real quotes after it.
    banned: set[int] = set()
    while True:
        found, dangling = _pair_marks(text, start, end, banned)
        if dangling is None:
            return found
        if _reopens(text, end, text[dangling] in DOUBLE_MARKS):
            return [*found, _Marks(dangling, _rstrip(text, dangling, end), runs_on=True)]
        banned.add(dangling)


def _pair_marks(
    text: str, start: int, end: int, banned: set[int]
) -> tuple[list[_Marks], int | None]:
    found = []
    opened: int | None = None
    for i in range(start, end):
        ch = text[i]
        if ch not in DOUBLE_MARKS and ch not in SINGLE_MARKS:
            continue
        if opened is None:
            if i not in banned and _can_open(text, i):
                opened = i
        elif _same_family(text[opened], ch) and i > opened + 1 and _can_close(text, i):
            found.append(_Marks(opened, i))
            opened = None
    return found, opened


def _same_family(a: str, b: str) -> bool:
    return (a in DOUBLE_MARKS) == (b in DOUBLE_MARKS)


def _can_open(text: str, i: int) -> bool:
    after = text[i + 1] if i + 1 < len(text) else " "
    if after.isspace():
        return False
    if text[i] in OPENERS:
        return True
    if text[i] in CLOSERS:
        return False
    before = text[i - 1] if i > 0 else " "
    if not (before.isspace() or before in BEFORE_OPEN):
        return False
    # '90s and 'em are elisions, not quotes.
    return not (text[i] == "'" and after.isdigit())


def _can_close(text: str, i: int) -> bool:
    if text[i] in OPENERS:
        return False
    before = text[i - 1]
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or after in AFTER_CLOSE)


def _reopens(text: str, end: int, double: bool) -> bool:
    i = end
    while i < len(text) and text[i].isspace():
        i += 1
    marks = DOUBLE_MARKS if double else SINGLE_MARKS
    return i < len(text) and text[i] in marks and _can_open(text, i)


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    return end


# --- The article: quotes, speakers, attributions ------------------------------------


class _Article:
    """One article's text, parse and entities, with the look-ups quote finding needs."""

    def __init__(
        self,
        text: str,
        doc: Doc,
        sentences: list[Sentence],
        mentions: list[MentionDraft],
        entities: list[LocalEntity],
    ) -> None:
        self.text = text
        self.doc = doc
        self.sentences = sentences
        self.sentence_starts = [s.start for s in sentences]
        self.mentions = mentions
        self.entities = entities
        self.marks = _scan(text)
        self.mark_spans = [(m.open, m.close) for m in self.marks]
        self.mark_starts = [m.open for m in self.marks]
        self.token_starts = [t.idx for t in doc]
        entity_of = {}
        for index, entity in enumerate(entities):
            for mention in entity.mentions:
                entity_of.setdefault(mention, index)
        self.entity_of_mention = entity_of
        self.person_of_mention = [self._person_for(i) for i in range(len(mentions))]
        self.mention_starts = [m.start for m in mentions]
        self._genders: dict[int, str] | None = None

    # Direct quotes.

    def direct_quotes(self) -> list[QuoteDraft]:
        """Every quoted stretch worth keeping, with its speaker and attribution."""
        quotes: list[QuoteDraft] = []
        previous: tuple[_Marks, _Speaker] | None = None
        for marks in self.marks:
            start, end = self._content(marks)
            if start >= end:
                continue
            set_off = self._set_off(marks)
            speaker = self._speaker_of_quote(marks)
            if speaker is None and set_off and previous and self._continues(previous[0], marks):
                speaker = previous[1]
            if set_off and speaker is not None:
                previous = (marks, speaker)
            unnamed = speaker is None or speaker.entity is None
            if unnamed and not set_off and not self._is_clause(start, end):
                continue
            speaker = speaker or _Speaker(None, None, ())
            quotes.append(
                QuoteDraft(
                    text=self.text[start:end],
                    start=start,
                    end=end,
                    sentence=self._sentence_at(start),
                    kind=DIRECT,
                    speaker=speaker.entity,
                    speaker_text=speaker.text,
                    attribution=speaker.attribution,
                )
            )
        return quotes

    def _content(self, marks: _Marks) -> tuple[int, int]:
        start, end = marks.open + 1, marks.close
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and (self.text[end - 1].isspace() or self.text[end - 1] == ","):
            end -= 1
        return start, end

    def _set_off(self, marks: _Marks) -> bool:
        # A quote after "said," or at a sentence start stands on its own; one after
        # "that" or "called it" is a phrase inside the reporter's own sentence.
        i = marks.open - 1
        while i >= 0 and self.text[i] in " \t":
            i -= 1
        if i < 0 or self.text[i] in SET_OFF_BY or self.text[i] in CLOSERS + DOUBLE_MARKS:
            return True
        sentence = self.sentences[self._sentence_at(marks.open)] if self.sentences else None
        return sentence is not None and not self.text[sentence.start : marks.open].strip()

    def _is_clause(self, start: int, end: int) -> bool:
        tokens = self._tokens_between(start, end)
        inside = {t.i for t in tokens}
        return (
            any(t.dep_ in ("nsubj", "nsubjpass", "expl") and t.head.i in inside for t in tokens)
            and len(self.text[start:end].split()) > SHORT_QUOTE_WORDS
        )

    def _continues(self, previous: _Marks, marks: _Marks) -> bool:
        return previous.runs_on or "\n" not in self.text[previous.close : marks.open]

    def _speaker_of_quote(self, marks: _Marks) -> _Speaker | None:
        before = self._outside_quotes(self._before_window(marks), marks.open)
        after = self._outside_quotes(marks.close + 1, self._after_window(marks))
        tail = self._outside_quotes(marks.close + 1, self._after_window(marks, clip=False))
        before_verbs = self._governing_first([t for t in before if _is_reporting(t)], marks)
        after_verbs = [t for t in after if _is_reporting(t)]
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
            chain = self._attribution(context, None)
            return _Speaker(None, None, chain) if chain else None
        return self._speaker_of_verb(verb, context)

    def _before_window(self, marks: _Marks) -> int:
        sentence = self.sentences[self._sentence_at(marks.open)] if self.sentences else None
        start = sentence.start if sentence and sentence.start <= marks.open else 0
        for i in range(marks.open - 1, start - 1, -1):
            ch = self.text[i]
            ends = ch == "\n" or (ch in TERMINALS and self.text[i + 1 : i + 2].isspace())
            if ends and not self._in_quote(i):
                return i + 1
        return start

    def _governing_first(self, verbs: list[Token], marks: _Marks) -> list[Token]:
        # In "Peskov said the Kremlin would not comment on "unfounded reports"" the quote
        # belongs to the outermost verb of saying above it, not to the nearest one.
        token = self._token_at(marks.open + 1)
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

    def _after_window(self, marks: _Marks, clip: bool = True) -> int:
        content = self.text[marks.open + 1 : marks.close].rstrip()
        if content.endswith(".") or marks.runs_on:
            return marks.close + 1
        index = self._sentence_at(marks.close)
        end = self.sentences[index].end if self.sentences else len(self.text)
        if end <= marks.close:
            end = self.sentences[index + 1].end if index + 1 < len(self.sentences) else end
        following = bisect_right(self.mark_starts, marks.close)
        if clip and following < len(self.marks):
            end = min(end, self.marks[following].open)
        for i in range(marks.close + 1, end):
            ch = self.text[i]
            if ch == "\n" or (ch in TERMINALS and self.text[i + 1 : i + 2] in ("", " ", "\n")):
                return i
        return end

    # Speakers.

    def _speaker_of_verb(self, verb: Token, context: list[Token]) -> _Speaker:
        subject, cited_by = _subject_of(verb)
        chain = self._attribution(context, verb)
        if cited_by is not None:
            chain = (*chain, cited_by)
        if subject is None:
            return _Speaker(None, None, chain)
        entity, named = self._resolve(subject)
        return _Speaker(entity, named, chain)

    def _resolve(self, subject: Token) -> tuple[int | None, str]:
        if subject.lower_ in RELATIVE_PRONOUNS and subject.head.dep_ == "relcl":
            subject = subject.head.head
        if subject.dep_ == "appos" and subject.head.pos_ == "PROPN":
            subject = subject.head
        named = self._named_in_apposition(subject)
        if named is not None:
            return named
        for token in (
            subject,
            *(c for c in subject.children if c.dep_ in ("appos", "compound", "flat")),
        ):
            mention = self._mention_at(token.idx)
            if mention is not None:
                entity = self.person_of_mention[mention]
                if entity is None:
                    entity = self.entity_of_mention.get(mention)
                return entity, self.mentions[mention].text
        if subject.pos_ == "PROPN":
            name = " ".join(t.text for t in subject.subtree if t.dep_ in ("compound", "flat"))
            for form in (f"{name} {subject.text}".strip(), subject.text):
                person = _person_named(self.entities, form)
                if person is not None:
                    return person, form
        if subject.pos_ == "PRON":
            gender = "f" if subject.lower_ in FEMALE else "m" if subject.lower_ in MALE else None
            if gender is None:
                return None, subject.text
            return self._antecedent(subject.idx, gender=gender), subject.text
        return self._description(subject)

    def _named_in_apposition(self, subject: Token) -> tuple[int | None, str] | None:
        # "the head of Ukraine's presidential office, Andrii Yermak": the parser often
        # hangs the name on the last noun, not on "head", so look through the phrase.
        if subject.pos_ == "PROPN":
            return None
        for token in subject.subtree:
            if token.dep_ != "appos" or token.i < subject.i:
                continue
            mention = self._mention_at(token.idx)
            if mention is not None and self.person_of_mention[mention] is not None:
                return self.person_of_mention[mention], self.mentions[mention].text
            if token.pos_ == "PROPN":
                # Named, but not someone the recogniser found: better no speaker than
                # the nearest other person.
                words = [t for t in token.subtree if t.dep_ in ("compound", "flat")]
                name = " ".join(t.text for t in [*words, token])
                return _person_named(self.entities, name), name
        return None

    def _description(self, head: Token) -> tuple[int | None, str]:
        cut = {t.i for c in head.children if c.dep_ in ("relcl", "acl", "appos") for t in c.subtree}
        words = [t for t in head.subtree if t.i not in cut]
        named = self._phrase(head, words)
        determiners = {c.lower_ for c in head.children if c.dep_ in ("det", "nummod")}
        if determiners & INDEFINITE or head.tag_ in ("NNS", "NNPS"):
            return None, named
        noun = head.lower_
        role_match = self._antecedent(head.idx, role=noun)
        if role_match is not None:
            return role_match, named
        following = self._follower(head.idx, role=noun)
        if following is not None:
            return following, named
        if noun in PERSON_NOUNS:
            return self._antecedent(head.idx), named
        return None, named

    def _phrase(self, head: Token, words: list[Token]) -> str:
        # The description as written, without its relative clause or apposition.
        keep = {t.i for t in words}
        left = head.i
        while left - 1 >= 0 and left - 1 in keep and left - 1 >= head.left_edge.i:
            left -= 1
        right = head.i
        while (
            right + 1 in keep and right + 1 <= head.right_edge.i and self.doc[right + 1].text != ","
        ):
            right += 1
        span = self.doc[left : right + 1]
        return span.text.strip(" ,")

    def _antecedent(
        self, offset: int, role: str | None = None, gender: str | None = None
    ) -> int | None:
        """The nearest PERSON before `offset`; a grammatical subject nearby is preferred."""
        nearest: int | None = None
        here = self._sentence_at(offset)
        # "a hotel manager said ... 'We are ready,' she said": the nearest speaker has
        # no name, and a named person further back must not take her words.
        unnamed = self._unnamed_speaker_before(offset, here) if gender else None
        limit = bisect_right(self.mention_starts, offset)
        if gender == "f":
            # "she" after "Choe ... her government" and "Lavrov thanked ...": the
            # person the article has shown to be a "she" wins over a nearer unknown.
            # Not so for "he": most people in the news are men, so a nearer subject of
            # unknown gender is the likelier "he" (seed 000's Lavrov, whose counterpart
            # a translation calls "his").
            for index in range(limit - 1, -1, -1):
                entity = self.person_of_mention[index]
                if entity is None or self.mentions[index].end > offset:
                    continue
                mention = self.mentions[index]
                if mention.sentence < here - 2 or (unnamed and mention.start < unnamed):
                    break
                if self._gender(entity) == gender:
                    return entity
        for index in range(limit - 1, -1, -1):
            entity = self.person_of_mention[index]
            if entity is None or self.mentions[index].end > offset:
                continue
            if unnamed is not None and self.mentions[index].start < unnamed:
                return None
            if role is not None:
                if _has_role(self.entities[entity], role):
                    return entity
                continue
            if gender is not None and self._gender(entity) not in (None, gender):
                continue
            if nearest is None:
                nearest = entity
            if self.mentions[index].sentence < here - 2:
                break
            if self._is_subject(index):
                return entity
        return None if unnamed is not None else nearest

    def _unnamed_speaker_before(self, offset: int, here: int) -> int | None:
        first = self.sentences[max(here - 2, 0)].start if self.sentences else 0
        for token in reversed(self._outside_quotes(first, offset)):
            if (
                token.dep_ == "nsubj"
                and token.pos_ == "NOUN"
                and token.tag_ == "NN"
                and _is_reporting(token.head)
                and self._mention_at(token.idx) is None
            ):
                return token.idx
        return None

    def _follower(self, offset: int, role: str) -> int | None:
        # A lead names a person by title before by name ("Russia's foreign minister
        # warned ..."); only a role match may point forward.
        start = bisect_right(self.mention_starts, offset)
        for index in range(start, len(self.mentions)):
            entity = self.person_of_mention[index]
            if entity is not None and _has_role(self.entities[entity], role):
                return entity
        return None

    def _gender(self, entity: int) -> str | None:
        # Only what the article shows: a sentence naming one person alone and using
        # "she" or "her" (or "he"/"his") outside quotes.
        if self._genders is None:
            self._genders = self._collect_genders()
        return self._genders.get(entity)

    def _collect_genders(self) -> dict[int, str]:
        votes: dict[int, set[str]] = {}
        for index in range(len(self.mentions)):
            person = self.person_of_mention[index]
            subject = self._subject_token(index)
            if person is None or subject is None:
                continue
            clause = subject.head
            mine = {t.i for t in subject.subtree}
            words = {
                t.lower_
                for t in clause.subtree
                if t.i not in mine and t.pos_ == "PRON" and not self._in_quote(t.idx)
            }
            if words & FEMALE:
                votes.setdefault(person, set()).add("f")
            if words & MALE:
                votes.setdefault(person, set()).add("m")
        return {e: next(iter(v)) for e, v in votes.items() if len(v) == 1}

    def _is_subject(self, mention: int) -> bool:
        return self._subject_token(mention) is not None

    def _subject_token(self, mention: int) -> Token | None:
        token = self._token_at(self.mentions[mention].start)
        if token is None:
            return None
        steps = 0
        while token.dep_ in ("compound", "flat", "appos") and steps < MAX_SUBJECT_CLIMB:
            token = token.head
            steps += 1
        return token if token.dep_ in ("nsubj", "nsubjpass") else None

    def _person_for(self, mention: int) -> int | None:
        entity = self.entity_of_mention.get(mention)
        if entity is not None and self.entities[entity].label == "PERSON":
            return entity
        # The recogniser calls "Lavrov" an ORG as often as a PERSON; a mention spelled
        # like one of the article's people is that person.
        return _person_named(self.entities, self.mentions[mention].text)

    # Attribution.

    def _attribution(self, tokens: list[Token], verb: Token | None) -> tuple[str, ...]:
        inner: list[tuple[int, str]] = []
        outer: list[tuple[int, str]] = []
        allowed = {t.i for t in tokens}
        for token in tokens:
            if token.lower_ == "according" and token.i + 1 < len(self.doc):
                to = self.doc[token.i + 1]
                if to.lower_ == "to":
                    outer.append((token.idx, self._clipped(token, to, allowed)))
            elif token.lemma_ == "report" and token.pos_ == "VERB":
                subjects = [c for c in token.children if c.dep_ == "nsubj"]
                if subjects and self._is_outlet(subjects[0]):
                    first = subjects[0].left_edge
                    outer.append((first.idx, self._span_text(first.idx, _end(token))))
        if verb is not None:
            for child in verb.children:
                phrase = self._channel(verb, child)
                if phrase is not None and child.i in allowed:
                    inner.append((child.idx, phrase))
        phrases = [p for _, p in sorted(inner)] + [p for _, p in sorted(outer)]
        return tuple(dict.fromkeys(p for p in phrases if p))

    def _is_outlet(self, subject: Token) -> bool:
        # "KCNA reported" carries words; "its leader, Medinsky, reported to" does not.
        if subject.pos_ == "PRON" or subject.lower_ in PERSON_NOUNS:
            return False
        mention = self._mention_at(subject.idx)
        return mention is None or self.person_of_mention[mention] is None

    def _channel(self, verb: Token, child: Token) -> str | None:
        if verb.lemma_ == "tell" and child.dep_ in ("dobj", "dative", "iobj"):
            mention = self._mention_at(child.idx)
            is_org = mention is not None and self.mentions[mention].label == "ORG"
            if is_org or child.lower_ in AUDIENCE_NOUNS:
                return self._span_text(verb.idx, _end(child.right_edge))
        if child.dep_ == "prep" and child.lower_ in ("in", "on", "to"):
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects and (
                objects[0].lower_ in CHANNEL_NOUNS
                or (child.lower_ == "to" and objects[0].lower_ in AUDIENCE_NOUNS)
            ):
                return self._span_text(verb.idx, _end(child.right_edge))
        return None

    def _clipped(self, first: Token, to: Token, allowed: set[int]) -> str:
        objects = [c for c in to.children if c.dep_ == "pobj"]
        last = objects[0].right_edge if objects else to
        end = first.i
        while end + 1 <= last.i and end + 1 in allowed and self.doc[end + 1].text not in ",;":
            end += 1
        return self._span_text(first.idx, _end(self.doc[end]))

    # Paraphrases.

    def paraphrases(self) -> list[QuoteDraft]:
        """One paraphrase per sentence that reports a person's words without quoting them."""
        quoted = self._sentences_with_set_off_quotes()
        found = []
        for index, sentence in enumerate(self.sentences):
            if index in quoted:
                continue
            tokens = self._outside_quotes(sentence.start, sentence.end)
            paraphrase = self._paraphrase_in(index, sentence, tokens)
            if paraphrase is not None:
                found.append(paraphrase)
        return found

    def _sentences_with_set_off_quotes(self) -> set[int]:
        quoted = set()
        for marks in self.marks:
            if self._set_off(marks):
                first = self._sentence_at(marks.open)
                last = self._sentence_at(marks.close)
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
            return QuoteDraft(
                text=self.text[start:end],
                start=start,
                end=end,
                sentence=index,
                kind=PARAPHRASE,
                speaker=speaker.entity,
                speaker_text=speaker.text,
                attribution=speaker.attribution,
            )
        return None

    def _clause_span(self, clause: Token) -> tuple[int, int]:
        tokens = [t for t in clause.subtree]
        while tokens and (tokens[0].dep_ == "mark" or tokens[0].is_punct):
            tokens = tokens[1:]
        if not tokens:
            return clause.idx, _end(clause)
        return tokens[0].idx, _end(tokens[-1])

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        while end > start and (self.text[end - 1].isspace() or self.text[end - 1] in ",;:."):
            end -= 1
        while start < end and self.text[start].isspace():
            start += 1
        return start, end

    # Look-ups.

    def _sentence_at(self, offset: int) -> int:
        return max(bisect_right(self.sentence_starts, offset) - 1, 0)

    def _in_quote(self, offset: int) -> bool:
        index = bisect_right(self.mark_starts, offset) - 1
        return index >= 0 and self.mark_spans[index][0] <= offset <= self.mark_spans[index][1]

    def _tokens_between(self, start: int, end: int) -> list[Token]:
        first = bisect_right(self.token_starts, start - 1)
        last = bisect_right(self.token_starts, end - 1)
        return [self.doc[i] for i in range(first, last)]

    def _outside_quotes(self, start: int, end: int) -> list[Token]:
        return [t for t in self._tokens_between(start, end) if not self._in_quote(t.idx)]

    def _token_at(self, offset: int) -> Token | None:
        index = bisect_right(self.token_starts, offset) - 1
        return self.doc[index] if index >= 0 else None

    def _mention_at(self, offset: int) -> int | None:
        index = bisect_right(self.mention_starts, offset) - 1
        if index >= 0 and self.mentions[index].start <= offset < self.mentions[index].end:
            return index
        return None

    def _span_text(self, start: int, end: int) -> str:
        return self.text[start:end].strip(" ,")


# --- Small pure helpers ---------------------------------------------------------------


def _is_reporting(token: Token) -> bool:
    return token.pos_ == "VERB" and token.lemma_.lower() in REPORTING_VERBS


def _says_by_object(verb: Token) -> bool:
    if verb.lemma_.lower() not in STANCE_VERBS:
        return False
    if verb.lemma_.lower() == "call":
        # "called for"/"called on" report a demand; "called it X" only names something.
        following = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
        return following is not None and following.lower_ in ("for", "on")
    return any(c.dep_ in ("dobj", "xcomp", "prep") for c in verb.children)


def _subject_of(verb: Token) -> tuple[Token | None, str | None]:
    """The subject of a reporting verb, climbing from "saying"/"adding" to the clause
    that has one; "Tass cited Lavrov as saying" gives Lavrov, with Tass's phrase."""
    token = verb
    for _ in range(MAX_SUBJECT_CLIMB):
        if token.lemma_ in ("cite", "quote") and token.i != verb.i:
            objects = [c for c in token.children if c.dep_ == "dobj"]
            if objects:
                subjects = [c for c in token.children if c.dep_ == "nsubj"]
                first = subjects[0].left_edge if subjects else token
                phrase = verb.doc.text[first.idx : _end(verb)]
                return objects[0], phrase
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return subjects[0], None
        if token.dep_ not in ("advcl", "xcomp", "conj", "pcomp", "prep") or token.head.i == token.i:
            break
        token = token.head
    return None, None


def _has_role(entity: LocalEntity, noun: str) -> bool:
    return any(noun in role.lower().split() for role in entity.roles)


def _person_named(entities: list[LocalEntity], text: str) -> int | None:
    matches = []
    for index, entity in enumerate(entities):
        if entity.label != "PERSON":
            continue
        forms = {entity.name, *entity.surface_forms}
        words = {w for form in forms for w in (form.split()[:1] + form.split()[-1:])}
        if text in forms or (" " not in text and text in words):
            matches.append(index)
    return matches[0] if len(matches) == 1 else None


def _end(token: Token) -> int:
    return token.idx + len(token.text)
