"""How sure newsdesk is that a name in a story is what it says it is: a person, a body, a place.

The recogniser gives no score of its own, so the evidence is what the articles say of the
name, the way a reader weighs it: a person is introduced in full ("Yoon Suk Yeol") or by
a title ("President Yoon"); a lone word called a person once, with nothing said of it
("Axios reported"), is the recogniser's guess; a name in Chinese, Japanese or Korean
characters, written without spaces, is in full from two characters (王毅, 石破茂). A name
the story's articles file under another kind most of the time ("Patriot" a product in 15
mentions out of 17) is not the kind this entity claims. One rule serves who's who and
`newsdesk eval ner`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Chinese, Japanese and Korean names are written without spaces: 石破茂, 王毅, 최선희.
_CHARACTER_NAME = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af々]{2,}")


@dataclass(frozen=True)
class Evidence:
    """What a story (or one article) says of one entity.

    `agreeing` of `written` mentions of the entity's names carry a label of its kind;
    `described` is true when a role or title was seen with it.
    """

    label: str
    name: str
    mentions: int
    articles: int
    agreeing: int
    written: int
    described: bool = False


# How often a name of each shape is what it claims, read off CoNLL-2003 dev (entities
# per document whose mentions mostly overlap a gold name of their kind): a person with a
# title 1.00, named in full 0.94, a lone word 0.38; a body or place about 0.7 to 0.9
# whatever its shape. A second article naming it is evidence CoNLL cannot show.
PERSON_DESCRIBED = 1.0
PERSON_IN_FULL = 0.9
LONE_PERSON = 0.4
LONE_PERSON_ELSEWHERE = 0.7
OTHER = 0.8
OTHER_ONCE = 0.6


def entity_confidence(evidence: Evidence) -> float:
    """A confidence in [0, 1]: how often a name of this shape is of its kind, times the
    share of the name's mentions the story labels as that kind."""
    agreement = evidence.agreeing / evidence.written if evidence.written else 1.0
    words = [w for w in evidence.name.split() if len(w.strip(".")) > 1]
    if evidence.label == "PERSON":
        if evidence.described:
            strength = PERSON_DESCRIBED
        elif len(words) >= 2 or _CHARACTER_NAME.fullmatch(evidence.name):
            strength = PERSON_IN_FULL
        elif evidence.articles >= 2:
            strength = LONE_PERSON_ELSEWHERE
        else:
            strength = LONE_PERSON
    elif len(words) >= 2 or evidence.mentions >= 2 or evidence.articles >= 2:
        strength = OTHER
    else:
        strength = OTHER_ONCE
    return round(strength * agreement, 3)
