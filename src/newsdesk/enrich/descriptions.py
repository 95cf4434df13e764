"""Definite descriptions of people ("the Russian foreign minister") found and attached.

A description names nobody, so the recogniser misses it; a reader takes it for the one
person the article introduced earlier under a role it repeats ("Russian Foreign Minister
Sergei Lavrov" ... "the Russian foreign minister"). When two people fit, it stays apart.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from newsdesk.enrich.entities import ROLE_HEADS, ROLE_MODIFIERS, local_entities
from newsdesk.enrich.names import squash
from newsdesk.types import LocalEntity, MentionDraft, Sentence

ROLE_WORDS = ROLE_HEADS | ROLE_MODIFIERS
# A role stops at its complement: "Secretary of State" is a secretary, "spokesman for the
# Russian President's Office" a spokesman, and "the minister of X" is X's minister, not
# necessarily the one named earlier.
_COMPLEMENTS = frozenset({"of", "for", "to", "at", "in", "on", "with", "from", "and"})
_TOKEN = re.compile(r"[^\s\"“”()\[\]]+")
_THE = re.compile(r"\b[Tt]he +")
# A qualifier of two words ("North Korean"), a job of four ("former deputy prime minister").
MAX_QUALIFIER_WORDS = 2
MAX_PHRASE_WORDS = 4


@dataclass(frozen=True)
class _Role:
    qualifier: str  # squashed nationality or institution, "" when the role has none
    words: tuple[str, ...]  # the job, lowercased: ("foreign", "minister")


def is_description(form: str) -> bool:
    """Whether a surface form is a definite description, not a name: names reach
    `local_entities` with their "the" trimmed, descriptions keep it."""
    return form[:4].lower() == "the "


def article_entities(
    text: str, sentences: list[Sentence], mentions: list[MentionDraft]
) -> tuple[list[MentionDraft], list[LocalEntity]]:
    """One article's mentions with its people's definite descriptions added (text order),
    and its local entities, each description attached to the person it refers to."""
    entities = local_entities(text, sentences, mentions)
    found = find_descriptions(text, sentences, mentions, entities)
    if not found:
        return mentions, entities
    every = [*mentions, *(draft for draft, _ in found)]
    order = sorted(range(len(every)), key=lambda k: (every[k].start, every[k].end))
    position = {k: i for i, k in enumerate(order)}
    merged = [every[k] for k in order]
    described: dict[int, list[int]] = {}
    for offset, (_, owner) in enumerate(found):
        described.setdefault(owner, []).append(position[len(mentions) + offset])
    updated = []
    for index, entity in enumerate(entities):
        indexes = sorted([position[i] for i in entity.mentions] + described.get(index, []))
        forms = tuple(dict.fromkeys(merged[i].text for i in indexes))
        updated.append(replace(entity, mentions=tuple(indexes), surface_forms=forms))
    return merged, updated


def find_descriptions(
    text: str,
    sentences: list[Sentence],
    mentions: list[MentionDraft],
    entities: list[LocalEntity],
) -> list[tuple[MentionDraft, int]]:
    """Definite descriptions of the article's people, each with the index in `entities` of
    the one person it fits; only after that person's first mention, and never ambiguous."""
    roles = {
        index: [r for r in map(_role_shape, entity.roles) if r is not None]
        for index, entity in enumerate(entities)
        if entity.label == "PERSON"
    }
    roles = {index: shapes for index, shapes in roles.items() if shapes}
    if not roles:
        return []
    introduced = {index: min(mentions[i].end for i in entities[index].mentions) for index in roles}
    starts = [s.start for s in sentences]
    nationality_at = {m.start: m for m in mentions if m.label == "NORP"}
    found = []
    for the in _THE.finditer(text):
        span = _description_at(text, the.start(), the.end(), mentions, nationality_at)
        if span is None:
            continue
        end, qualifier, words = span
        fits = [
            index
            for index, shapes in roles.items()
            if any(r.words[-len(words) :] == words for r in shapes)
            and (not qualifier or qualifier in {r.qualifier for r in shapes})
        ]
        if len(fits) != 1 or introduced[fits[0]] > the.start():
            continue
        sentence = max(bisect_right(starts, the.start()) - 1, 0)
        draft = MentionDraft(text[the.start() : end], "PERSON", the.start(), end, sentence)
        found.append((draft, fits[0]))
    return found


def _role_shape(role: str) -> _Role | None:
    """A role as nationality and job: "Russian Foreign Minister" is ("russian",
    ("foreign", "minister")); None when no role word ends it."""
    words = role.split()
    while words and words[0].lower() in {"a", "an", "the"}:
        words = words[1:]
    cut = next((i for i, w in enumerate(words) if w.lower() in _COMPLEMENTS), len(words))
    words = [_bare(w) for w in words[:cut]]
    if not words or words[-1].lower() not in ROLE_HEADS:
        return None
    start = len(words)
    while start > 0 and (words[start - 1].lower() in ROLE_WORDS or words[start - 1].islower()):
        start -= 1
    return _Role(squash(" ".join(words[:start])), tuple(w.lower() for w in words[start:]))


def _description_at(
    text: str,
    start: int,
    after_the: int,
    mentions: list[MentionDraft],
    nationality_at: dict[int, MentionDraft],
) -> tuple[int, str, tuple[str, ...]] | None:
    """The end, squashed qualifier and job words of a description starting with "the" at
    `start`, or None when what follows is no job or names its holder."""
    line_end = text.find("\n", after_the)
    line_end = len(text) if line_end < 0 else line_end
    tokens = list(_TOKEN.finditer(text, after_the, min(line_end, after_the + 120)))
    # The qualifier is a nationality the recogniser found ("North Korean") or up to two
    # capitalised words that are no role ("Kremlin"); it may be absent.
    taken = 0
    norp = nationality_at.get(after_the)
    if norp is not None:
        taken = sum(1 for t in tokens if t.end() <= norp.end)
    else:
        while (
            taken < min(MAX_QUALIFIER_WORDS, len(tokens))
            and tokens[taken].group()[:1].isupper()
            and _bare(tokens[taken].group()).lower() not in ROLE_WORDS
            and not _stops(tokens[taken].group())
        ):
            taken += 1
    if taken and _stops(tokens[taken - 1].group()):
        return None
    qualifier = squash(text[after_the : tokens[taken - 1].end()]) if taken else ""
    job: list[str] = []
    last = None
    for token in tokens[taken : taken + MAX_PHRASE_WORDS]:
        word = _bare(token.group())
        if not (word.lower() in ROLE_WORDS or (word.isalpha() and word.islower())):
            break
        job.append(word.lower())
        if word.lower() in ROLE_HEADS:
            last = (len(job), token)
        if _stops(token.group()):
            break
    if last is None:
        return None
    count, head = last
    words = tuple(job[:count])
    following = tokens[taken + count] if taken + count < len(tokens) else None
    # "the foreign minister Sergei Lavrov" titles the name after it; "the minister of"
    # is someone else's minister; a bare "the minister" is too common to trust.
    if following is not None and not _stops(head.group()):
        nxt = _bare(following.group())
        if nxt[:1].isupper() or nxt.lower() in _COMPLEMENTS:
            return None
    if not qualifier and len(words) < 2:
        return None
    end = head.start() + len(_bare(head.group()))
    # The qualifier may be a mention of its own ("Russian", "Kremlin"); "the" and the job
    # may not: inside a recognised name they are part of that name.
    job_start = tokens[taken].start()
    if any(m.start <= start < m.end or (m.start < end and job_start < m.end) for m in mentions):
        return None
    return end, qualifier, words


def _bare(token: str) -> str:
    """A token without trailing punctuation or possessive ("minister's" is "minister")."""
    word = token if _abbreviation(token) else token.rstrip(",;:!?.")
    return re.sub(r"['’]s?$", "", word)


def _stops(token: str) -> bool:
    """Whether punctuation after a token ends the phrase it is in."""
    return not _abbreviation(token) and token.rstrip(",;:!?.") != token


def _abbreviation(token: str) -> bool:
    # "U.S." and "Sen." end in a dot that ends no sentence.
    return token.endswith(".") and ("." in token[:-1] or token[:-1].lower() + "." in ROLE_WORDS)
