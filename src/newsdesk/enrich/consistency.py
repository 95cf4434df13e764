"""What looks damaged or inconsistent in one article: numbers, references, names, quotes.

Machine translation and careless copying leave marks a reader should be shown, not
have silently repaired: "more than 9,2019 containers", "the second summit since 5",
one minister spelled two ways. Each warning carries the span it is about.
"""

from __future__ import annotations

import re

from newsdesk.enrich.descriptions import is_description
from newsdesk.enrich.names import normalise_name
from newsdesk.types import ConsistencyWarning, LocalEntity, MentionDraft, QuoteDraft, Sentence

MALFORMED_NUMBER = "malformed_number"
DANGLING_REFERENCE = "dangling_reference"
NAME_VARIANTS = "name_variants"
UNATTRIBUTED_QUOTE = "unattributed_quote"

# Digits joined by commas with no space; thousands groups are checked afterwards.
_COMMA_NUMBER = re.compile(r"(?<![\d.,])\d+(?:,\d+)+(?:\.\d+)?(?![\d,]*\d)")
_WELL_FORMED = re.compile(r"\d{1,3}(?:,\d{3})*(?:\.\d+)?")
# A preposition of time or order followed by a bare number and then nothing that could
# make it a quantity, a clock time or a date: "the second summit meeting since 5,".
_BARE_NUMBER = re.compile(
    r"\b(?P<prep>[Ss]ince|[Uu]ntil|[Tt]ill|[Ff]rom)\s+(?P<n>\d{1,3})(?=\s*(?:[,;:)]|\.(?!\d)|$))"
)
_MONTH_BEFORE = re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s*$")
# "The second summit meeting since 5": the counted phrase the dangling number belongs to.
_COUNTED_PHRASE = re.compile(
    r"\bthe\s+(?:first|second|third|fourth|fifth|sixth|\d+(?:st|nd|rd|th)|last|latest)"
    r"(?:\s+[\w-]+){1,4}\s+$",
    re.IGNORECASE,
)


def find_warnings(
    text: str,
    sentences: list[Sentence],
    entities: list[LocalEntity],
    mentions: list[MentionDraft],
    quotes: list[QuoteDraft],
) -> list[ConsistencyWarning]:
    """Everything in the article that looks damaged or inconsistent, in text order."""
    warnings = [
        *malformed_numbers(text),
        *dangling_references(text, sentences),
        *name_variants(entities, mentions),
        *unattributed_quotes(quotes),
    ]
    return sorted(warnings, key=lambda w: (w.start, w.end, w.kind))


def malformed_numbers(text: str) -> list[ConsistencyWarning]:
    """Comma-grouped digits that are no number: "9,2019", "1,00", "May 5,2019"."""
    warnings = []
    for match in _COMMA_NUMBER.finditer(text):
        if _WELL_FORMED.fullmatch(match.group(0)):
            continue
        warnings.append(
            ConsistencyWarning(
                MALFORMED_NUMBER,
                match.start(),
                match.end(),
                f"{match.group(0)!r} is not a well-formed number (digits lost or run together?)",
            )
        )
    return warnings


def dangling_references(text: str, sentences: list[Sentence]) -> list[ConsistencyWarning]:
    """A bare small number after "since", "until" or "from" that points at nothing."""
    warnings = []
    for match in _BARE_NUMBER.finditer(text):
        before = text[max(0, match.start() - 12) : match.start()]
        # "since May 5," and "from 1 to 5" are a date and a range, not a dangling number.
        if _MONTH_BEFORE.search(before):
            continue
        if match["prep"].lower() == "from" and _in_range_or_change(text, sentences, match):
            continue
        start = match.start()
        window = max(0, start - 80)
        phrase = _COUNTED_PHRASE.search(text[window:start])
        if phrase is not None:
            start = window + phrase.start()
        warnings.append(
            ConsistencyWarning(
                DANGLING_REFERENCE,
                start,
                match.end(),
                f"{match.group(0)!r} refers to a bare number: a date or name was probably lost",
            )
        )
    return warnings


def _in_range_or_change(text: str, sentences: list[Sentence], match: re.Match[str]) -> bool:
    # "Rose to 150 from 100." reports a change; the "from" number is a quantity.
    sentence = next((s for s in sentences if s.start <= match.start() < s.end), None)
    start = sentence.start if sentence is not None else max(0, match.start() - 200)
    return re.search(r"\bto\s+\d", text[start : match.start()]) is not None


def name_variants(
    entities: list[LocalEntity], mentions: list[MentionDraft]
) -> list[ConsistencyWarning]:
    """A person whose full name is spelled two different ways in the same article.

    Hyphenation and case ("Kim Jong-un", "Kim Jong Un") and a name inside a longer one
    ("Vladimir Putin", "Vladimir Vladimirovich Putin") are not counted as variants.
    """
    warnings = []
    for entity in entities:
        if entity.label != "PERSON":
            continue
        first: MentionDraft | None = None
        for index in sorted(entity.mentions, key=lambda i: mentions[i].start):
            mention = mentions[index]
            words = normalise_name(mention.text).split()
            # "the Russian foreign minister" names a person by role, not by a spelling.
            if len(words) < 2 or is_description(mention.text):
                continue
            if first is None:
                first = mention
                continue
            if _same_spelling(normalise_name(first.text).split(), words):
                continue
            warnings.append(
                ConsistencyWarning(
                    NAME_VARIANTS,
                    mention.start,
                    mention.end,
                    f"{first.text!r} and {mention.text!r} look like one person spelled two ways",
                )
            )
            break  # one warning per person: the reader needs to see it once
    return warnings


def _same_spelling(a: list[str], b: list[str]) -> bool:
    if "".join(a) == "".join(b):
        return True
    return set(a) <= set(b) or set(b) <= set(a)


def unattributed_quotes(quotes: list[QuoteDraft]) -> list[ConsistencyWarning]:
    """Direct quotes that nobody in the text is said to have said.

    A quote given to "a European diplomat in Seoul" is attributed, if anonymously: that
    is how news is written, so only quotes with no speaker or only a pronoun count.
    """
    return [
        ConsistencyWarning(
            UNATTRIBUTED_QUOTE,
            quote.start,
            quote.end,
            "direct quote with no resolvable speaker"
            + (f" ({quote.speaker_text!r} points at nobody)" if quote.speaker_text else ""),
        )
        for quote in quotes
        if quote.kind == "direct" and quote.speaker is None and _nobody(quote.speaker_text)
    ]


def _nobody(speaker_text: str | None) -> bool:
    return speaker_text is None or speaker_text.strip().lower() in _PRONOUNS


_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "who", "one"})
