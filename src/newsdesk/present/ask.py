"""Answers: the sentences of the corpus that answer a question, each citing its article.

Extractive on purpose: every sentence of an answer is a sentence an outlet published. When
no sentence is close enough to the question, there is no answer, rather than a guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from newsdesk.config import ReadingSettings
from newsdesk.group.terms import STOP_WORDS, WORD
from newsdesk.present.summarize import CitedSentence, word_set

ANSWER_SENTENCES = 3
# Question words and fillers that say nothing about what is asked.
_QUESTION_WORDS = frozenset({"who", "what", "when", "where", "why", "how", "which", "whom"})
# Capitalised for other reasons than being a name.
_NOT_NAMES = frozenset(
    {
        *("january", "february", "march", "april", "may", "june", "july", "august"),
        *("september", "october", "november", "december", "monday", "tuesday"),
        *("wednesday", "thursday", "friday", "saturday", "sunday", "i"),
    }
)
_NAME_JOINERS = frozenset({"of", "de", "al", "bin", "von", "van", "the"})
_POSSESSIVE = re.compile(r"['’]s$")


@dataclass(frozen=True)
class Answer:
    """The sentences that answer a question (empty when nothing does), with their scores."""

    question: str
    sentences: tuple[CitedSentence, ...]
    scores: tuple[float, ...]

    @property
    def found(self) -> bool:
        """Whether the corpus supports an answer."""
        return bool(self.sentences)


def content_words(text: str) -> frozenset[str]:
    """The words of a text that carry its meaning: no stop words, no question words."""
    words = (m.group().lower() for m in WORD.finditer(text))
    return frozenset(w for w in words if w not in STOP_WORDS and w not in _QUESTION_WORDS)


def question_names(question: str) -> list[str]:
    """The names a question asks about: runs of capitalised words ("Bank of England",
    "Choe Son Hui"), possessives dropped; the opening word, months and days left out."""
    names: list[str] = []
    run: list[str] = []
    tokens = question.replace("?", " ").split()
    for position, token in enumerate(tokens):
        word = _POSSESSIVE.sub("", token.strip(',.;:!"“”()'))
        capitalised = word[:1].isupper() and word.lower() not in _NOT_NAMES
        if capitalised and not (position == 0 and word.lower() in STOP_WORDS | _QUESTION_WORDS):
            run.append(word)
        elif run and word in _NAME_JOINERS and position + 1 < len(tokens):
            run.append(word)
            continue
        else:
            _close(run, names)
            run = []
        if word != token.strip(',.;:!"“”()'):
            _close(run, names)
            run = []
    _close(run, names)
    return names


def _close(run: list[str], names: list[str]) -> None:
    while run and run[-1] in _NAME_JOINERS:
        run.pop()
    if run:
        names.append(" ".join(run))


def pick_answer(
    question: str,
    question_vector: np.ndarray,
    candidates: Sequence[CitedSentence],
    vectors: np.ndarray,
    *,
    limit: int = ANSWER_SENTENCES,
    min_similarity: float = ReadingSettings.answer_floor,
) -> Answer:
    """The candidate sentences that answer the question best, each telling counted once.

    A sentence must be close in meaning and share a content word with the question;
    syndicated copies of one sentence count once, so three outlets do not fill the answer.
    """
    asked = content_words(question)
    kept = [
        row
        for row, (sentence, vector) in enumerate(zip(candidates, vectors, strict=True))
        if float(vector @ question_vector) >= min_similarity
        and asked & content_words(sentence.text)
    ]
    chosen = rank_by_question(
        question_vector, [candidates[row] for row in kept], vectors[kept], limit=limit
    )
    return Answer(
        question=question,
        sentences=tuple(sentence for sentence, _ in chosen),
        scores=tuple(score for _, score in chosen),
    )


# What a reader asks of a story, in the words readers use; each kind is answered from what
# the story view has already worked out (summary, key points, quotes, timeline, coverage).
Intent = Literal["facts", "happened", "agreed", "said", "speaker", "when", "disagree"]

_HAPPENED = re.compile(
    r"\bwhat(?:'s|’s| has| had| is| was)?\s+(?:just\s+)?(?:happened|happening|going on|new)\b"
    r"|\bwhat(?:'s|’s| is| was)\s+(?:this|it|the)(?:\s+story|\s+news)?\s+about\b"
    r"|\bthe (?:latest|gist|upshot)\b|^\s*(?:summari[sz]e|recap|tell me about|catch me up)\b"
    r"|\bin (?:a )?nutshell\b|\bwhat (?:is|was) the story\b",
    re.IGNORECASE,
)
_AGREED = re.compile(
    r"\b(?:agreed?|agreements?|deals?|decided|signed|sign|pacts?|treaty|accords?|settled"
    r"|pledged?|endorsed?|approved?|adopted?)\b",
    re.IGNORECASE,
)
# Sentences that report an agreement: the verbs and nouns newswriting uses for one.
_AGREEMENT_CUES = re.compile(
    r"\b(?:agree[sd]?|agreeing|signed|signs|signing|endorsed|endorses|endorsing|adopted"
    r"|approved|approves|ratified|pledged|pledges|voted to|clinched|sealed"
    r"|settled on|(?:reached|reach|reaches|produced|yielded) (?:an? |the )?"
    r"(?:\w+ )?(?:deal|agreement|accord|compromise|treaty|pact|understanding))\b",
    re.IGNORECASE,
)
_DISAGREE = re.compile(
    r"\b(?:disagree\w*|differ\w*|contradict\w*|conflict\w*|inconsisten\w*|discrepan\w*"
    r"|dispute[sd]?|at odds|don't agree|do not agree)\b",
    re.IGNORECASE,
)
_SOURCES = re.compile(
    r"\b(?:outlets?|reports?|reporters?|sources?|media|papers?|newspapers?|accounts?"
    r"|coverage|versions?|figures?|numbers?|they|sides?|stories|articles?)\b",
    re.IGNORECASE,
)
_WHO_SAID_WHAT = re.compile(
    r"\bwho said what\b|\bwho (?:said|says|is quoted|was quoted|spoke|commented|reacted)\b"
    r"|\bwhat (?:was|has been|is being) said\b|\b(?:the |main |key )*quotes\b"
    r"|\bwhat (?:did|do|have|has) (?:the |both |each |all )?(?:(?:main|key|other|two) )?"
    r"(?:they|people|players|officials|leaders|sides?|parties|participants|everyone"
    r"|countries|governments) (?:say|said|tell|told)\b"
    r"|\breactions?\b|\bwho (?:is|was) saying what\b",
    re.IGNORECASE,
)
_SPEAKER = re.compile(
    r"\bwhat (?:did|does|do|has|have|had|is|was|were)\s+(?P<who>.+?)\s+"
    r"(?:say|said|saying|tell|told|telling|warn|warned|warning|claim|claimed|claiming"
    r"|announce|announced|promise|promised|call|called|calling|describe|described"
    r"|think|argue|argued)\b(?P<rest>.*)$"
    r"|\bhow did\s+(?P<who2>.+?)\s+(?:respond|react|reply|answer)\b(?P<rest2>.*)$",
    re.IGNORECASE,
)
_SETTING = re.compile(
    r"^\W*(?:in|at|during|while|when|on (?:his|her|their) (?:visit|trip))\b", re.I
)
_WHEN = re.compile(
    r"^\s*when\b|\bwhat (?:day|date|time|year|month)\b|\bhow long ago\b|\bon which (?:day|date)\b",
    re.IGNORECASE,
)
# The words that say which kind of question it is, not what it is about.
_INTENT_WORDS = word_set(
    """happened happening going new latest gist upshot summarize summarise recap tell catch
    nutshell story news agreed agree agreement agreements deal deals decided signed sign
    pact pacts treaty accord accords settled pledge pledged endorse endorsed approve approved
    adopt adopted disagree disagreed disagreement differ different contradict conflicting
    conflict inconsistent discrepancy dispute disputed odds outlets outlet reports report
    reporters sources source media papers newspapers accounts coverage versions figures
    numbers sides side articles said say says saying told telling quoted quotes spoke
    commented reacted reaction reactions people happen happens take took place officials
    leaders parties everyone day date
    time year month ago long warn warned claim claimed announce announced promise promised
    call called describe described think argue argued respond react reply answer"""
)


@dataclass(frozen=True)
class Reading:
    """What a question asks: its kind, whose words (for "what did X say"), and the words
    left that say what it is about."""

    intent: Intent
    topic: frozenset[str]
    speaker: str | None = None
    # For words said "in Wonsan", "at the summit": where or when they were said, which
    # the article must be about, not what the words themselves must hold.
    setting: frozenset[str] = frozenset()


def read_question(question: str) -> Reading:
    """The kind of a question by the way readers phrase it; "facts" when it is none of the
    story-wide kinds, to be answered by the sentences closest to it."""
    text = " ".join(question.strip().split())
    topic = content_words(text) - _INTENT_WORDS
    if _DISAGREE.search(text) and _SOURCES.search(text):
        return Reading("disagree", topic)
    if _WHO_SAID_WHAT.search(text):
        return Reading("said", topic)
    spoken = _SPEAKER.search(text)
    if spoken:
        who = spoken.group("who") or spoken.group("who2") or ""
        names = question_names(who)
        if names:
            rest = (spoken.group("rest") if spoken.group("who") else spoken.group("rest2")) or ""
            where = _SETTING.match(rest)
            words = content_words(rest) - _INTENT_WORDS
            if where:
                return Reading("speaker", frozenset(), speaker=names[0], setting=words)
            return Reading("speaker", words, speaker=names[0])
    if _WHEN.search(text):
        return Reading("when", topic)
    if _HAPPENED.search(text):
        return Reading("happened", topic)
    if re.match(r"^\s*what\b", text, re.IGNORECASE) and _AGREED.search(text):
        return Reading("agreed", topic)
    return Reading("facts", topic)


def reports_agreement(text: str) -> bool:
    """Whether a sentence reports something agreed, signed, pledged or decided: by a verb
    that says it happened ("agreed to exchange", "reached a deal"), not a noun alone ("the
    deals must be renegotiated" reports no agreement)."""
    return _AGREEMENT_CUES.search(text) is not None


def rank_by_question(
    question_vector: np.ndarray,
    candidates: Sequence[CitedSentence],
    vectors: np.ndarray,
    *,
    topic: frozenset[str] = frozenset(),
    boost: Sequence[float] | None = None,
    keys: Sequence[str] | None = None,
    limit: int = ANSWER_SENTENCES,
    closeness: float = 1.0,
) -> list[tuple[CitedSentence, float]]:
    """Up to `limit` distinct candidates, closest to the question first: cosine (times
    `closeness`), plus a share of the topic's words found in the sentence, plus `boost` per
    candidate. Two candidates are the same when their `keys` (else their texts) are."""
    scored = []
    for row, (sentence, vector) in enumerate(zip(candidates, vectors, strict=True)):
        score = closeness * float(vector @ question_vector)
        if topic:
            score += 0.2 * len(topic & content_words(sentence.text)) / len(topic)
        if boost is not None:
            score += boost[row]
        scored.append((score, row))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    chosen: list[tuple[CitedSentence, float]] = []
    seen: set[str] = set()
    for score, row in scored:
        key = " ".join((keys[row] if keys is not None else candidates[row].text).lower().split())
        if key in seen:
            continue
        seen.add(key)
        chosen.append((candidates[row], round(score, 3)))
        if len(chosen) == limit:
            break
    return chosen


_UNSAID = re.compile(
    r"\b(?:did not|didn't|does not|doesn't|would not|wouldn't|will not|won't|declined to"
    r"|refused to|could not|couldn't)\s+(?:say|said|comment|specify|disclose|elaborate|confirm"
    r"|give|name|tell)\b",
    re.IGNORECASE,
)


def says_nothing(text: str) -> bool:
    """Whether a sentence reports that someone did not say something ("Trump did not say
    how many systems would be sent"): no words of theirs to answer with."""
    return _UNSAID.search(text) is not None


_BACKGROUND = re.compile(
    r"\b(?:last|before|previous(?:ly)?|first time|ago|since|earlier|prior|originally)\b",
    re.IGNORECASE,
)


def asks_background(question: str) -> bool:
    """Whether a "when" question asks about an earlier time than the story's own events
    ("When had the bank last raised rates?"), not when the story happened."""
    return _BACKGROUND.search(question) is not None
