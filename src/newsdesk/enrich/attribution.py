"""Attribution chains: through whom words went out ("told reporters", "according to Tass").

A chain lists the verb's own channel or audience first ("said in a statement"), then the
outlets that carry the words ("KCNA reported", "according to Tass"), each phrase once.
"""

from __future__ import annotations

from spacy.tokens import Token

from newsdesk.enrich.parsed import ParsedArticle, token_end, word_set
from newsdesk.enrich.speakers import PERSON_NOUNS

# "told reporters" is part of the chain; "told his guest" is not.
AUDIENCE_NOUNS = word_set(
    """
    reporter reporters journalist journalists conference briefing television tv
    broadcaster radio newspaper agency press media outlet channel network station
    magazine daily podcast parliament lawmakers audience crowd interviewer correspondent
    """
)
# "said in a statement": the channel the words went out through.
CHANNEL_NOUNS = word_set(
    """
    statement interview post message speech briefing release broadcast letter address
    tweet video communique remarks comments conference telegram x facebook television
    """
)


def attribution_chain(
    article: ParsedArticle, tokens: list[Token], verb: Token | None
) -> tuple[str, ...]:
    """The attribution phrases among `tokens`: `verb`'s channel or audience first, then
    the outlets carrying the words, in text order and each once."""
    inner: list[tuple[int, str]] = []
    outer: list[tuple[int, str]] = []
    allowed = {t.i for t in tokens}
    for token in tokens:
        if token.lower_ == "according" and token.i + 1 < len(article.doc):
            to = article.doc[token.i + 1]
            if to.lower_ == "to":
                outer.append((token.idx, _clipped(article, token, to, allowed)))
        elif token.lemma_ == "report" and token.pos_ == "VERB":
            subjects = [c for c in token.children if c.dep_ == "nsubj"]
            if subjects and _is_outlet(article, subjects[0]):
                first = subjects[0].left_edge
                outer.append((first.idx, article.span_text(first.idx, token_end(token))))
    if verb is not None:
        for child in verb.children:
            phrase = _channel(article, verb, child)
            if phrase is not None and child.i in allowed:
                inner.append((child.idx, phrase))
    phrases = [p for _, p in sorted(inner)] + [p for _, p in sorted(outer)]
    return tuple(dict.fromkeys(p for p in phrases if p))


def _is_outlet(article: ParsedArticle, subject: Token) -> bool:
    # "KCNA reported" carries words; "its leader, Medinsky, reported to" does not.
    if subject.pos_ == "PRON" or subject.lower_ in PERSON_NOUNS:
        return False
    mention = article.mention_at(subject.idx)
    return mention is None or article.person_of_mention[mention] is None


def _channel(article: ParsedArticle, verb: Token, child: Token) -> str | None:
    if verb.lemma_ == "tell" and child.dep_ in ("dobj", "dative", "iobj"):
        mention = article.mention_at(child.idx)
        is_org = mention is not None and article.mentions[mention].label == "ORG"
        if is_org or child.lower_ in AUDIENCE_NOUNS:
            return article.span_text(verb.idx, token_end(child.right_edge))
    if child.dep_ == "prep" and child.lower_ in ("in", "on", "to"):
        objects = [c for c in child.children if c.dep_ == "pobj"]
        if objects and (
            objects[0].lower_ in CHANNEL_NOUNS
            or (child.lower_ == "to" and objects[0].lower_ in AUDIENCE_NOUNS)
        ):
            return article.span_text(verb.idx, token_end(child.right_edge))
    return None


def _clipped(article: ParsedArticle, first: Token, to: Token, allowed: set[int]) -> str:
    objects = [c for c in to.children if c.dep_ == "pobj"]
    last = objects[0].right_edge if objects else to
    end = first.i
    while end + 1 <= last.i and end + 1 in allowed and article.doc[end + 1].text not in ",;":
        end += 1
    return article.span_text(first.idx, token_end(article.doc[end]))
