"""Reported speech: what someone said, thought or vowed, in the reporter's words.

A cue verb with its subject as the speaker and its complement as what was said: "Peskov
said the leaders would meet" (a clause), "Kim reaffirmed his support" (an object), "Cruz
vowed to stay in the race" (an infinitive), "the talks will go on, Lavrov said" (a clause
before the verb), and "the drills will go on, according to Tass" (Tass is the source).
Each cue gives one paraphrase, so a sentence may hold several, one inside another.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from newsdesk.enrich.parsed import person_named, token_end, word_set
from newsdesk.enrich.quote_marks import DOUBLE_MARKS, SINGLE_MARKS
from newsdesk.enrich.speakers import COLON, REPORTING_VERBS
from newsdesk.extract.dateline import parse_dateline
from newsdesk.types import QuoteDraft

if TYPE_CHECKING:
    from newsdesk.enrich.quotes import _Article

PARAPHRASE = "paraphrase"

# Verbs whose complement is what someone said or holds: saying proper, judging someone
# ("criticized the plan", "endorsed Cruz"), believing ("fears that ...") and committing
# to something ("vowed to stay"). News writing attributes all of them to their subject.
# Not "know" and "show": "knew that ..." presupposes a fact, and "the poll shows" gives
# a figure; on PolNeAR's training part their paraphrases were mostly outside any
# attribution, and nearly every one they got right another cue found too. Nor verbs of
# acting for a cause ("campaign", "lobby", "champion", "embrace", "favor", "unveil"): most
# of what follows them there was the reporter's account, not anyone's stance.
CUE_VERBS = REPORTING_VERBS - word_set("continue answer respond") | word_set(
    """
        announce report reveal disclose mention inform allege contend maintain observe
        indicate concede boast brag joke lament assure recount testify propose recommend
        estimate forecast question wonder signal acknowledge highlight point
        criticize criticise praise blame endorse oppose defend attack reject slam blast
        condemn applaud welcome thank cite refer talk express discuss denounce tout mock
        echo challenge portray repeat remind encourage press hail dispute contradict
        decry rail credit assail voice speculate order list reference shout chant plead
        remember label imply deem quote congratulate outline email respond apologize
        think feel fear expect worry doubt suspect
        realize realise understand assume guess imagine reckon recognize recognise
        hint swear guarantee disagree advise dub brand characterize characterise
        want plan intend seek decline refuse threaten offer
        find
        speak compare liken bemoan lambast lambaste deride laud proclaim protest rip
        grill support back tout urge advocate prefer promote chide vouch trumpet
        articulate retweet
        """
)
# Verbs that report a thought only through a clause: "knows the area" reports nothing.
CLAUSE_ONLY = word_set(
    """
    think know feel fear expect worry doubt suspect hope believe find show realize realise
    understand assume guess imagine reckon recognize recognise
    """
)
# Verbs of saying proper report a clause; "said of the claim" names only what it was about.
SAY_ONLY = word_set(
    "say add tell write state declare note explain reply remark comment ask tweet post"
)
# Verbs that report only an intention: "wants to run", never "wants a car".
INFINITIVE_ONLY = word_set("want plan intend seek decline refuse threaten offer agree")
# Prepositions that carry what was said when a cue has no object: "called for a ban",
# "talked about the wall", "warned of war", "agreed with the analysis".
SAID_PREPS = word_set("for about of against to on with")
# Verbs of talking whose "to" or "with" is who listened, not what was said: "spoke to
# reporters", "talked with voters"; only "spoke about the wall" reports something.
TALK_VERBS = word_set("speak talk")
TALK_PREPS = word_set("about of on")
# Verbs by which an outlet carries words: when the words are someone's, the outlet is the
# chain of that report, not a speaker of its own.
CARRIERS = word_set("report")
# Verbs whose object is the person addressed: what was said is their clause or infinitive.
ADDRESSEE_FIRST = word_set("tell ask inform assure remind")
# Children of a verb that are part of what was said when it has no clause of its own.
OBJECT_DEPS = frozenset({"dobj", "dative", "oprd", "prep", "xcomp", "ccomp", "attr", "acomp"})
# "said on Tuesday that ...": a time or place before the clause is not what was said.
NOT_SAID_PREPS = word_set("on at in during after before since")
# 'Sen. Lindsey Graham: ...' names its speaker in a few words before the colon.
MAX_COLON_NAME_CHARS = 60
QUOTE_MARKS = DOUBLE_MARKS + SINGLE_MARKS
# A transcript's turn: a paragraph opening (inside a quotation or not) with a name in
# capitals and a colon.
TRANSCRIPT_TURN = re.compile(
    r"^[\"“‘']?(?P<name>[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,2}): ", re.MULTILINE
)
# Heads of a subject that counts people rather than naming one.
SHARES = word_set("percent half third quarter majority minority most plurality share number")
# A paraphrase mostly inside a direct quote is the quote's own attribution; one nearly
# all inside a partial quote repeats it.
MAX_QUOTED_SHARE = 0.5
MAX_PARTIAL_SHARE = 0.8


def reported_speech(article: _Article) -> list[QuoteDraft]:
    """One paraphrase per cue verb (and per "according to") that has a speaker, and one
    per paragraph that opens with a name and a colon ("Graham: Trump Is Destroying ...")."""
    found: list[QuoteDraft] = _colon_statements(article)
    seen: set[tuple[int, int]] = {(q.start, q.end) for q in found}
    for token in article.doc:
        if article.in_quote(token.idx):
            continue
        if token.lower_ == "according":
            draft = _according_to(article, token)
        elif token.pos_ == "VERB" and _lemma(token) in CUE_VERBS:
            draft = _cue(article, token)
        else:
            continue
        if draft is not None and (draft.start, draft.end) not in seen:
            seen.add((draft.start, draft.end))
            found.append(draft)
    return found


def _cue(article: _Article, verb: Token) -> QuoteDraft | None:
    span = _said(verb)
    if span is None and verb.idx < article.headline_end:
        span = _headline_said(verb)
    if span is None:
        return None
    start, end = _within_paragraph(article, verb, *span)
    if start >= end or _mostly_quoted(article, start, end):
        return None
    if _counted(verb) or _addressed(verb):
        return None
    if _lemma(verb) in CARRIERS and _reports_someone(verb.doc.char_span(start, end, "expand")):
        # "Tass reported that Lavrov said ...": Tass carries Lavrov's words (his chain).
        return None
    speaker = article.speaker_of_verb(verb, article.outside_quotes(*_sentence_bounds(verb)))
    if speaker.text is None:
        return None
    return article.draft(start, end, article.sentence_at(start), PARAPHRASE, speaker)


def _said(verb: Token) -> tuple[int, int] | None:
    """The character span of what `verb` reports, or None when it reports nothing."""
    lemma = _lemma(verb)
    children = [c for c in verb.children if not c.is_punct]
    clauses = [c for c in children if c.dep_ == "ccomp" and c.i > verb.i]
    if clauses:
        # "said his rival is ready to lead, secure the border and ...": the parser may
        # split one list of what was said into several clauses of the verb.
        clause = clauses[0]
        start, end = _subtree_span(clause)
        end = max(end, token_end(clauses[-1].right_edge))
        # "said Obama enjoys the event, in part, because ...": the parser hangs the reason
        # on the verb of saying, but it is part of what was said; "..., adding that"
        # is another report.
        reasons = [
            c
            for c in children
            if c.dep_ == "advcl" and c.i > clause.i and _lemma(c) not in CUE_VERBS
        ]
        if reasons:
            end = max(end, token_end(reasons[-1].right_edge))
        return start, end
    that = _that_clause(verb)
    if that is not None:
        return _subtree_span(that)
    if lemma in ADDRESSEE_FIRST:
        # "told CNN", "asked the senator": the object is who heard it, not what was said.
        children = [c for c in children if c.dep_ not in ("dobj", "dative", "iobj")]
    if lemma in CLAUSE_ONLY:
        before = next((c for c in children if c.dep_ == "ccomp"), None)
        return _subtree_span(before) if before is not None else None
    if lemma in SAY_ONLY:
        return _clause_before(verb, children)
    infinitive = next((c for c in children if c.dep_ == "xcomp" and c.i > verb.i), None)
    if lemma in INFINITIVE_ONLY:
        return _subtree_span(infinitive, keep_to=True) if infinitive is not None else None
    if verb.dep_ == "relcl" and infinitive is None:
        # "Trump, who has promised to end the war": an aside, not the news.
        return None
    objects = [c for c in children if c.dep_ in OBJECT_DEPS and c.i > verb.i]
    objects = [c for c in objects if not (c.dep_ == "prep" and c.lower_ in NOT_SAID_PREPS)]
    if any(c.dep_ in ("dobj", "xcomp", "dative") for c in objects):
        return objects[0].left_edge.idx, token_end(objects[-1].right_edge)
    prep = objects[0] if objects and objects[0].dep_ == "prep" else None
    preps = TALK_PREPS if lemma in TALK_VERBS else SAID_PREPS
    if prep is not None and prep.lower_ in preps:
        said = [t for t in prep.subtree if t.i != prep.i]
        if said:
            return said[0].idx, token_end(objects[-1].right_edge)
    return _clause_before(verb, children)


def _that_clause(verb: Token) -> Token | None:
    # "said in '08 that the early support threw doubt ...": the parser hangs the clause
    # on the preposition before it, but a "that" clause under the verb is what it says.
    for token in verb.subtree:
        if token.i <= verb.i or token.dep_ != "mark" or token.lower_ != "that":
            continue
        clause = token.head
        path = clause
        while path.i != verb.i and path.dep_ in ("pcomp", "pobj", "prep", "npadvmod"):
            path = path.head
        return clause if path.i == verb.i and clause.pos_ in ("VERB", "AUX") else None
    return None


def _headline_said(verb: Token) -> tuple[int, int] | None:
    # Headlines drop the verb of what was said ("Flynn Says Trump 'Absolutely Right'"),
    # so the parser finds no clause: the words after a verb of saying are what it says.
    if _lemma(verb) not in SAY_ONLY or not any(c.dep_ == "nsubj" for c in verb.children):
        return None
    tokens = [t for t in verb.doc[verb.i + 1 : verb.sent.end] if not t.is_space]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    if len(tokens) < 2 or tokens[0].is_punct:
        return None
    return tokens[0].idx, token_end(tokens[-1])


def _clause_before(verb: Token, children: list[Token]) -> tuple[int, int] | None:
    # "The talks will go on, Lavrov said": the clause comes first, set off by a comma,
    # and the parser hangs it on the verb or the verb on it; "has pointed out that Seoul
    # is asking" is no such clause.
    doc = verb.doc
    # The parser labels a clause before the verb "dep" as often as "ccomp" when the
    # sentence is a headline's ("Clinton Hid Health Problems, Former Doctor Says").
    clauses = [c for c in children if c.dep_ in ("ccomp", "dep") and c.i < verb.i]
    if clauses:
        # "The program is hardly formal, but it has attracted a following, said Ms. Gil":
        # the clauses before the verb are all what was said.
        after = clauses[-1].right_edge.i + 1
        if after < len(doc) and doc[after].is_punct:
            start, _ = _subtree_span(clauses[0])
            _, end = _subtree_span(clauses[-1])
            return start, end
        return None
    marked = any(c.dep_ == "mark" for c in verb.children)
    if verb.dep_ not in ("parataxis", "ccomp") or marked:
        return None
    edge = _attribution_start(verb)
    if edge == 0 or not doc[edge - 1].is_punct:
        return None
    close = _closing_comma(verb)
    if verb.head.i < verb.i or (verb.dep_ == "parataxis" and close is not None):
        # "Lenox was a juggernaut, Mr. Clarke said, until it went bankrupt" and "The
        # museum, Mr. Bush said, celebrated his heroes": the attribution set off by
        # commas inside the sentence; the words on both sides of it were said.
        return _around(verb.head, verb, close)
    return None


def _attribution_start(verb: Token) -> int:
    # The verb's first word, its subject's included; the parser often hangs the comma
    # that opens the attribution on the verb.
    edge = verb.left_edge.i
    while edge < verb.i and verb.doc[edge].is_punct:
        edge += 1
    return edge


def _closing_comma(verb: Token) -> int | None:
    # The comma or dash that ends a parenthetical attribution (", Mr. Bush said, "): the
    # first punctuation after the verb, before any clause of its own.
    doc = verb.doc
    for i in range(verb.i + 1, verb.sent.end):
        token = doc[i]
        if token.is_punct:
            return i if token.text in (",", "—", "–", "--") else None
        if token.pos_ == "VERB" or token.dep_ in ("mark", "nsubj"):
            return None
    return None


def _lemma(verb: Token) -> str:
    # The small English model lemmatises "hopes" as "hop".
    lemma = verb.lemma_.lower()
    return "hope" if lemma == "hop" else lemma


def _according_to(article: _Article, according: Token) -> QuoteDraft | None:
    doc = article.doc
    if according.i + 1 >= len(doc) or doc[according.i + 1].lower_ != "to":
        return None
    to = doc[according.i + 1]
    sources = [c for c in to.children if c.dep_ == "pobj"]
    head = according.head
    if not sources or head.i == according.i or _reports_someone(according.sent):
        # "..., he said, according to Tass": Tass carries the words; the chain says so.
        return None
    # The clause it hangs on, without the phrase: "X, according to Tass" or "According to
    # Tass, X".
    last = max(t.i for t in sources[0].subtree)
    tokens = [t for t in head.subtree if not t.is_punct and not t.is_space]
    before = [t for t in tokens if t.i < according.i]
    after = [t for t in tokens if t.i > last]
    tokens = before if len(before) >= len(after) else after
    if not tokens:
        return None
    start, end = _within_paragraph(article, head, tokens[0].idx, token_end(tokens[-1]))
    if start >= end or _mostly_quoted(article, start, end):
        return None
    speaker = article.speaker_of_source(sources[0])
    return article.draft(start, end, article.sentence_at(start), PARAPHRASE, speaker)


def _colon_statements(article: _Article) -> list[QuoteDraft]:
    # Headline style puts the speaker before a colon and their words, in the writer's
    # paraphrase, after it; words in quotation marks there are a direct quote instead.
    found = []
    start = 0
    for line in article.text.split("\n"):
        end = start + len(line)
        colon = line.find(":")
        if 0 < colon <= MAX_COLON_NAME_CHARS and not article.in_quote(start + colon):
            said_start, said_end = article.trim(start + colon + 1, end)
            opens = article.text[said_start : said_start + 1]
            before = article.tokens_between(start, start + colon + 1)
            named = article.named_before_colon(before) if opens not in QUOTE_MARKS else None
            said = said_start < said_end and not _mostly_quoted(article, said_start, said_end)
            # Only a name the recogniser knows: "WATCH:", "Update:" head no statement.
            if named is not None and said and article.mention_at(named.idx) is not None:
                speaker = article.speaker_of_source(named, COLON)
                sentence = article.sentence_at(said_start)
                found.append(article.draft(said_start, said_end, sentence, PARAPHRASE, speaker))
        start = end + 1
    return found + _transcript_turns(article)


def _transcript_turns(article: _Article) -> list[QuoteDraft]:
    # A transcript gives each turn a paragraph headed by its speaker's name in capitals
    # and a colon ('"WALLACE: Let's start ...', "PENCE: Well, ..."), often all inside one
    # quotation: each turn is its speaker's. A head is a speaker when it is the surname of
    # one of the article's people, or when two heads take turns ("UPDATE:" heads none).
    heads = [(m, m["name"].strip()) for m in TRANSCRIPT_TURN.finditer(article.text)]
    counts = Counter(name for _, name in heads)
    dialogue = sum(n >= 2 for n in counts.values()) >= 2
    found = []
    for match, name in heads:
        person = person_named(article.entities, name.title().split()[-1])
        if person is None and not (dialogue and counts[name] >= 2):
            continue
        said_start, said_end = article.trim(match.end(), _line_end(article.text, match.end()))
        token = article.token_at(match.start("name"))
        if said_start >= said_end or token is None:
            continue
        speaker = replace(article.speaker_of_source(token, COLON), text=name.title())
        if person is not None:
            speaker = replace(speaker, entity=person, text=article.entities[person].name)
        sentence = article.sentence_at(said_start)
        found.append(article.draft(said_start, said_end, sentence, PARAPHRASE, speaker))
    return found


def _line_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    end = len(text) if end < 0 else end
    # A turn inside a quotation ends before its closing mark.
    while end > offset and text[end - 1] in QUOTE_MARKS + " ":
        end -= 1
    return end


def _reports_someone(span: Span | None) -> bool:
    """Whether `span` holds a verb of saying with its own subject."""
    return span is not None and any(
        t.pos_ == "VERB"
        and _lemma(t) in REPORTING_VERBS & CUE_VERBS
        and any(c.dep_ == "nsubj" for c in t.children)
        for t in span
    )


def _addressed(verb: Token) -> bool:
    # "Asked whether he would run, Ban demurred": a passive cue's subject was spoken to.
    own = {c.dep_ for c in verb.children}
    return (verb.tag_ == "VBN" and not own & {"nsubj", "aux"}) or "nsubjpass" in own


def _counted(verb: Token) -> bool:
    # "Nearly half said", "61 percent of voters say": a poll's count, not anyone's words;
    # "That said, ..." is a turn of phrase.
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects:
        return False
    subject = subjects[0]
    if subject.lower_ == "that" and verb.i == subject.i + 1 and verb.lower_ == "said":
        return True
    # "One pastor said" is one person, not a count.
    counts = [c for c in subject.children if c.dep_ == "nummod" and c.lower_ not in ("one", "1")]
    return subject.lemma_.lower() in SHARES or bool(counts)


def _subtree_span(head: Token, keep_to: bool = False) -> tuple[int, int]:
    tokens = list(head.subtree)
    while tokens and (
        (tokens[0].dep_ == "mark" and not (keep_to and tokens[0].lower_ == "to"))
        or tokens[0].is_punct
    ):
        tokens = tokens[1:]
    if not tokens:
        return head.idx, token_end(head)
    return tokens[0].idx, token_end(tokens[-1])


def _around(head: Token, verb: Token, close: int | None) -> tuple[int, int] | None:
    # "The emails were on many topics, the Times said, including speeches": the words on
    # both sides of the attribution are what was said; the attribution ends at its
    # closing comma, and what the parser hangs on the verb after it was said too.
    first = _attribution_start(verb)
    last = close if close is not None else verb.right_edge.i
    # ", he said, adding that ...": another report, not more of this one.
    reports = {
        t.i for c in verb.children if c.i > last and _lemma(c) in CUE_VERBS for t in c.subtree
    }
    tokens = [
        t
        for t in head.subtree
        if (t.i < first or t.i > last) and t.i not in reports and not t.is_space
    ]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    if not tokens:
        return None
    return tokens[0].idx, token_end(tokens[-1])


def _sentence_bounds(token: Token) -> tuple[int, int]:
    sentence = token.sent
    return sentence.start_char, sentence.end_char


def _within_paragraph(article: _Article, anchor: Token, start: int, end: int) -> tuple[int, int]:
    # What was said never runs past the paragraph of its verb, so a headline never glues
    # onto the dateline and lead after it, and never starts with the dateline.
    first = article.text.rfind("\n", 0, anchor.idx) + 1
    last = article.text.find("\n", anchor.idx)
    last = len(article.text) if last < 0 else last
    start, end = max(start, first), min(end, last)
    if start == first:
        paragraph = article.text[first:last]
        rest = parse_dateline(paragraph).rest
        if rest != paragraph:
            start = max(start, first + paragraph.index(rest))
    return article.trim(start, end)


def _mostly_quoted(article: _Article, start: int, end: int) -> bool:
    letters = [i for i in range(start, end) if article.text[i].isalnum()]
    if not letters:
        return True
    # Quoted words inside the clause ('said the plan was "a disaster"') are part of it.
    # A clause that opens with a direct quote, or is mostly one, is the quote's
    # attribution; a clause mostly one partial quote ('stated that "we are ready"') is
    # that quote again.
    if article.in_direct_quote(letters[0]):
        return True
    direct = sum(article.in_direct_quote(i) for i in letters)
    # Only one partial quote filling the clause repeats it: a clause of several ('he's
    # "looking forward to it" because "these are matches you play for"') is reported.
    quoted = Counter(article.quote_at(i) for i in letters)
    quoted.pop(None, None)
    most = max(quoted.values(), default=0)
    return direct > MAX_QUOTED_SHARE * len(letters) or most > MAX_PARTIAL_SHARE * len(letters)
