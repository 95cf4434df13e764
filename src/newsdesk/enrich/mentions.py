"""The recogniser's entities made into clean name mentions, agreeing across the article.

spaCy reads one sentence at a time and often runs a name into its neighbours in results
tables and lists ("Millwall 2 Burnley 1", "Healy b Fleming", "Associated Press\\n\\nSergey
Lavrov"). A name is capitalised words and the few lowercase particles names carry, so a
span is cut at anything else. Then the article is read as a whole, as a reader does: a
name written twice names the same thing both times, and a surname after a full name is
that person.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from newsdesk.enrich.credits import byline_names, credit_spans
from newsdesk.enrich.entities import DEMONYM
from newsdesk.enrich.kinds import article_kinds, not_names
from newsdesk.enrich.parsed import word_set
from newsdesk.enrich.places import article_places
from newsdesk.enrich.tables import team_spans

# Kinds of entity whose names are made of capitalised words; titles of works, laws and
# events may hold any word ("On the Waterfront", "Euro 96") and are left whole.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
# Lowercase words that sit inside names: particles of people's names ("Joost van der
# Westhuizen", "Ata-ur-Rehman") and the connectives of institutions' ("Bank of England").
NAME_PARTICLES = word_set(
    """
    of the and for on in at upon de du des la le les los las van von der den del della da
    di dos das al el ul ur bin ibn bint ben y e ter ten zu &
    """
)
_LEADING = frozenset({"the", "a", "an"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
# Punctuation that never stands inside a name: a name that spans it is two names.
_BREAKS = frozenset(',;:()[]{}"“”|/')
_PLACES = ("GPE", "LOC", "FAC")
# "agencies in Vladivostok": a one-word "person" after these is where, not who.
_LOCATIVE = re.compile(r"\b(?:in|near|outside|across)\s$")
# First words of places named by their direction, written out or as an initial.
_COMPASS = word_set("North South East West Northern Southern Eastern Western N. S. E. W.")
_PARTICLE_NAME = re.compile(r" (?:(?:el|al|ad|as|ash|az)-|(?:bin|ibn|bint) )[A-Z][\w\-]*")
_MIDDLE_NAME = re.compile(r" ([A-Z][a-z]+) ")
_CALENDAR = word_set(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december
    """
)
_DOTTED = re.compile(r"^(?:[A-Z]\.){2,}$")
_DASHES = frozenset({"-", "--", "–", "—"})
_LOWER_WORD = re.compile(r"(?<![\w\-])[a-z][\w\-]*(?![\w\-])")
# A surface form shorter than this is too often an initial or a stray capital to spread.
MIN_SPREAD_CHARS = 3
# A place's possessive before a nationality word: "Eastbridge's Arab community council".
_POSSESSED = re.compile(r"(.+?)['’]s ([A-Z][\w\-]*)")
# Nouns for the people of a place, after its possessive and a nationality word.
_PEOPLE_NOUNS = word_set(
    """
    community communities population minority minorities diaspora residents voters
    citizens people immigrants migrants families neighbourhood neighborhood quarter
    """
)


@dataclass(frozen=True)
class Found:
    """One entity as character offsets and a spaCy label."""

    start: int
    end: int
    label: str


def name_spans(doc: Doc, text: str, labels: Iterable[str]) -> list[Found]:
    """The document's entities of `labels`, cut into clean names and agreed across the
    article: one label per surface form, and every later mention of a name found."""
    wanted = frozenset(labels)
    credits = credit_spans(text)
    found = [
        piece
        for span in doc.ents
        if span.label_ in wanted
        for piece in clean(span)
        if not _credited(piece.start, credits)
    ]
    found = join_names(found, text)
    found = possessed_groups(found, text)
    people = [f for f in found if f.label == "PERSON"]
    bylined = byline_names(text, credits, [(f.start, f.end) for f in people])
    if bylined:
        dropped = {id(people[i]) for i in bylined}
        found = [f for f in found if id(f) not in dropped]
    found = _tagged(not_names, text, found)
    found = agree(found, text)
    # A town's name in a results line is its club's, everywhere in the article.
    found = _tagged(team_spans, text, found)
    found = _tagged(article_kinds, text, found)
    found = _tagged(article_places, text, found)
    found = spread(found, doc, text, credits)
    return sorted(found, key=lambda f: (f.start, f.end))


def _credited(start: int, credits: Sequence[tuple[int, int]]) -> bool:
    return any(s <= start < e for s, e in credits)


def _tagged(
    step: Callable[[str, Sequence[tuple[int, int, str]]], list[tuple[int, int, str]]],
    text: str,
    found: Sequence[Found],
) -> list[Found]:
    return [Found(*t) for t in step(text, [(f.start, f.end, f.label) for f in found])]


def clean(span: Span) -> list[Found]:
    """A recognised span as the names in it: cut at line breaks, numbers, punctuation no
    name holds and lowercase words that are no name particles; trimmed of a leading "the"
    and a possessive. A "person" written as an acronym ("KCNA") is an organisation."""
    names = span.label_ in NAME_LABELS
    pieces: list[list[Token]] = [[]]
    for token in span:
        if _breaks_name(token) if names else token.is_space:
            pieces.append([])
        else:
            pieces[-1].append(token)
    found = []
    for piece in pieces:
        trimmed = _trim(piece) if names else _trim_ends(piece)
        if not trimmed:
            continue
        label = span.label_
        # "By ... Trevor Hunnicutt U.S. President Donald Trump": no name ends in "U.S.".
        while label == "PERSON" and len(trimmed) > 1 and _DOTTED.match(trimmed[-1].text):
            trimmed = trimmed[:-1]
        if label == "PERSON" and len(trimmed) == 1 and _acronym(trimmed[0].text):
            label = "ORG"
        found.append(Found(trimmed[0].idx, _end(trimmed[-1]), label))
    return found


def _acronym(word: str) -> bool:
    # Outside a shouting line (read recased) people's names are never set in capitals.
    return len(word) >= 2 and word.isalpha() and word.isupper()


def join_names(found: Sequence[Found], text: str) -> list[Found]:
    """A person's name and a name with only a space between are one person's: the
    recogniser sometimes ends a name at a particle ("Abdel Fattah" + "el-Sisi")."""
    forms = Counter(text[f.start : f.end] for f in found)
    joined: list[Found] = []
    for f in found:
        last = joined[-1] if joined else None
        # The second part may carry another label ("Yoon Suk" + "Yeol", "Abdel-Fattah" +
        # "el-Sissi") when it is one word the article names nowhere else: "Thomson" +
        # "Reuters" is a company the article cites throughout.
        form = text[f.start : f.end]
        second = f.label == "PERSON" or (
            f.label in NAME_LABELS and " " not in form and forms[form] == 1
        )
        if (
            last is not None
            and last.label == "PERSON"
            and second
            and _name_gap(text[last.end : f.start], f.label)
        ):
            joined[-1] = Found(last.start, f.end, "PERSON")
        else:
            joined.append(f)
    # "Abdel-Fattah el-Sissi" where the recogniser stopped before the particle's name.
    extended = [_with_particle_name(f, text) if f.label == "PERSON" else f for f in joined]
    return [
        f
        for f in extended
        if not any(o is not f and o.start <= f.start and f.end <= o.end for o in extended)
    ]


def possessed_groups(found: Sequence[Found], text: str) -> list[Found]:
    """A name that is a possessive glued to a nationality word ("Eastbridge's Arab" of
    "Eastbridge's Arab community council", the body cut at its lowercase words) as the
    two names it holds: the owner (a place when the people of it follow) and the group.
    The word is a nationality where the article tags it one elsewhere, or where it has a
    nationality's ending before the people of a place ("Huawei" of "China's Huawei" has
    one too)."""
    groups = {text[f.start : f.end] for f in found if f.label == "NORP"}
    read: list[Found] = []
    for f in found:
        glued = _POSSESSED.fullmatch(text, f.start, f.end)
        if f.label == "NORP" or f.label not in NAME_LABELS or glued is None:
            read.append(f)
            continue
        after = _LOWER_WORD.match(text, f.end + 1) if text[f.end : f.end + 1] == " " else None
        people = after is not None and after.group() in _PEOPLE_NOUNS
        group = glued.group(2)
        if group not in groups and not (people and DEMONYM.search(group)):
            read.append(f)
            continue
        owner_end = f.start + len(glued.group(1))
        read.append(Found(f.start, owner_end, "GPE" if people else f.label))
        read.append(Found(glued.start(2), f.end, "NORP"))
    return read


def _name_gap(between: str, label: str) -> bool:
    """Whether two names with `between` between them are one person's: a space, or (for a
    last part tagged a person or a body) one capitalised word the recogniser left out
    ("Yoon" + "Suk" + "Yeol")."""
    if between == " ":
        return True
    middle = _MIDDLE_NAME.fullmatch(between)
    return (
        middle is not None
        and label in {"PERSON", "ORG"}
        and middle.group(1).lower() not in STOP_WORDS | _CALENDAR
    )


def _with_particle_name(f: Found, text: str) -> Found:
    after = _PARTICLE_NAME.match(text, f.end)
    return Found(f.start, after.end(), f.label) if after else f


def _breaks_name(token: Token) -> bool:
    if token.is_space or "\n" in token.text:
        return True
    if token.text in _BREAKS:
        return True
    # A dash between spaces joins a headline's topic to its news ("CRICKET - AUSTRALIA").
    spaced = token.i > 0 and bool(token.doc[token.i - 1].whitespace_ and token.whitespace_)
    if token.text in _DASHES and spaced:
        return True
    if any(c.isdigit() for c in token.text):
        return True
    # A lowercase word ends a name unless it is a particle; a lowercase part joined to the
    # word before ("So-hee", "Jong-un", "Putin's") is still that word.
    opens_word = token.i == 0 or bool(token.doc[token.i - 1].whitespace_)
    return opens_word and token.text[:1].islower() and token.lower_ not in NAME_PARTICLES | _LEADING


def _trim(tokens: list[Token]) -> list[Token]:
    # "the United States" and "North Korea's" name the same entities as "United States"
    # and "North Korea": mentions stay comparable across articles.
    while tokens and (tokens[0].lower_ in _LEADING or _is_particle(tokens[0])):
        tokens = tokens[1:]
    while tokens and (
        tokens[-1].text in _POSSESSIVE
        or (tokens[-1].is_punct and tokens[-1].text != ".")
        or _is_particle(tokens[-1])
    ):
        tokens = tokens[:-1]
    if not any(any(c.isupper() for c in t.text) for t in tokens):
        return []
    return tokens


def _trim_ends(tokens: list[Token]) -> list[Token]:
    # Titles of events and works may hold any word, but not a leading "the" or a possessive.
    if tokens and tokens[0].lower_ == "the" and len(tokens) > 1:
        tokens = tokens[1:]
    if tokens and tokens[-1].text in _POSSESSIVE:
        tokens = tokens[:-1]
    return tokens


def _is_particle(token: Token) -> bool:
    # A name may start with "de" ("de Silva") but never ends with a particle.
    return (
        token.text[:1].islower()
        and token.lower_ in NAME_PARTICLES
        and token.lower_
        not in {
            "de",
            "van",
            "von",
            "al",
            "el",
            "da",
            "di",
            "du",
            "la",
            "le",
            "del",
            "dos",
            "das",
            "bin",
        }
    ) or token.text in {"&", "-", "–", "—"}


def _end(token: Token) -> int:
    return token.idx + len(token.text)


def agree(found: Sequence[Found], text: str) -> list[Found]:
    """Every mention of a surface form given the label the article gives it most; a tie
    keeps each mention's own. A person's surname alone is that person."""
    found = _not_people(found, text)
    by_form: dict[str, Counter[str]] = defaultdict(Counter)
    for f in found:
        by_form[text[f.start : f.end]][f.label] += 1
    people = _surnames(found, text)
    agreed = []
    for f in found:
        form = text[f.start : f.end]
        if f.label in NAME_LABELS and form in people:
            agreed.append(Found(f.start, f.end, "PERSON"))
            continue
        counts = by_form[form].most_common()
        if len(counts) >= 2 and counts[0][1] == counts[1][1]:
            # A lone word called a person once and a place once ("in Wajima", "Wajima's
            # morning market") is the place: a person the article names is named in full.
            tied = {label for label, n in counts if n == counts[0][1]}
            place = next((label for label in _PLACES if label in tied), None)
            if " " not in form and f.label == "PERSON" and place is not None:
                agreed.append(Found(f.start, f.end, place))
            else:
                agreed.append(f)
        else:
            agreed.append(Found(f.start, f.end, counts[0][0]))
    return _coordinated(agreed, text)


def _coordinated(found: list[Found], text: str) -> list[Found]:
    """A lone word called a person that the article never names in full, set beside an
    organisation or a product ("keep Chrome and Android"), is of that kind: things are
    listed with things."""
    named = {w for f in found if f.label == "PERSON" for w in text[f.start : f.end].split()[1:]}
    named |= {
        text[f.start : f.end].split()[0]
        for f in found
        if f.label == "PERSON" and " " in text[f.start : f.end]
    }
    read = list(found)
    for i, f in enumerate(found):
        form = text[f.start : f.end]
        if f.label != "PERSON" or " " in form or form in named:
            continue
        for j in (i - 1, i + 1):
            if not 0 <= j < len(found) or found[j].label not in {"ORG", "PRODUCT"}:
                continue
            first, second = sorted((f, found[j]), key=lambda x: x.start)
            if re.fullmatch(r",? (?:and|or) |, ", text[first.end : second.start]):
                read[i] = Found(f.start, f.end, found[j].label)
                break
    return read


def _not_people(found: Sequence[Found], text: str) -> list[Found]:
    """ "People" that are the article's other names read wrong: a question opening a
    headline ("Will Google ...") and a place shortened ("N. Korea" beside "North Korea")."""
    places = {text[f.start : f.end].split()[-1] for f in found if f.label in _PLACES}
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    for f in found:
        labels[text[f.start : f.end]][f.label] += 1
    read = []
    for f in found:
        words = text[f.start : f.end].split()
        if f.label in NAME_LABELS and len(words) == 2 and words[0].lower() in STOP_WORDS:
            # "Will Smith" beside "Smith" is a person's full name; "Will Google" opening a
            # question beside "Google" is not.
            elsewhere = labels[words[1]]
            question = _opens(text, f.start) and not (f.label == "PERSON" == _top(elsewhere))
            if elsewhere and question:
                start = f.end - len(words[1])
                read.append(Found(start, f.end, _top(elsewhere)))
                continue
        if f.label == "PERSON" and (
            (len(words) == 1 and _after_locative(text, f))
            or (len(words) == 2 and words[0] in _COMPASS and words[1] in places)
        ):
            read.append(Found(f.start, f.end, "GPE"))
            continue
        read.append(f)
    return read


def _top(counts: Counter[str]) -> str | None:
    return counts.most_common(1)[0][0] if counts else None


def _opens(text: str, start: int) -> bool:
    """Whether `start` opens a line or a sentence, where capitals say nothing."""
    before = text[max(0, start - 3) : start]
    return start == 0 or before.endswith("\n") or bool(re.search(r"[.!?:\"“]\s+$", before))


def _after_locative(text: str, f: Found) -> bool:
    # "in Putin's view" is still Putin.
    possessive = text[f.end : f.end + 1] in {"'", "’"}
    return not possessive and bool(_LOCATIVE.search(text, max(0, f.start - 8), f.start))


def _surnames(found: Sequence[Found], text: str) -> set[str]:
    """Last words of the article's people named in full ("Andrew Mehrtens" gives
    "Mehrtens"), unless the article calls that word alone a place more often than not:
    the recogniser takes many surnames for organisations ("Trump", "Lavrov"), few for
    places, and a "Washington" beside a George Washington is most often the city."""
    surnames: set[str] = set()
    for f in found:
        words = text[f.start : f.end].split()
        if f.label == "PERSON" and len(words) >= 2 and words[-1][:1].isupper():
            surnames.add(words[-1])
    alone: Counter[tuple[str, str]] = Counter(
        (text[f.start : f.end], f.label) for f in found if " " not in text[f.start : f.end]
    )
    places: Counter[str] = Counter()
    lone: Counter[str] = Counter()
    for (form, label), count in alone.items():
        lone[form] += count
        if label in _PLACES:
            places[form] += count
    return {name for name in surnames if 2 * places[name] <= lone[name]}


def spread(
    found: Sequence[Found], doc: Doc, text: str, credits: Sequence[tuple[int, int]] = ()
) -> list[Found]:
    """Mentions added where the article writes again a name it has tagged elsewhere,
    whole tokens only, nowhere already inside a mention and never in a credit (the
    outlet of "By Eastbridge Times staff" is not the town the story is about)."""
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    for f in found:
        if f.label in NAME_LABELS:
            labels[text[f.start : f.end]][f.label] += 1
    # A surname the article writes alone after the full name ("Trump did not say") is
    # that person, where the recogniser tagged it or not.
    for surname in _surnames(found, text):
        labels[surname]["PERSON"] += len(found)
    lowercase = set(_LOWER_WORD.findall(text))
    forms = {
        form: counts.most_common(1)[0][0]
        for form, counts in labels.items()
        if len(form) >= MIN_SPREAD_CHARS and _spreadable(form, lowercase)
    }
    if not forms:
        return list(found)
    covered = bytearray(len(text))
    for f in found:
        covered[f.start : f.end] = b"\x01" * (f.end - f.start)
    pattern = re.compile(
        r"(?<![\w'’\-])(?:"
        + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
        + r")(?![\w\-])"
    )
    added = []
    for match in pattern.finditer(text):
        start, end = match.span()
        # Whole tokens only, never a part of a longer one.
        if any(covered[start:end]) or doc.char_span(start, end) is None:
            continue
        if _credited(start, credits):
            continue
        added.append(Found(start, end, forms[match.group()]))
        covered[start:end] = b"\x01" * (end - start)
    return [*found, *added]


def _spreadable(form: str, lowercase: set[str]) -> bool:
    # A single word the article also writes in lowercase ("Reading", "Bush") is a word
    # as often as a name; a lone capitalised word is a name only where tagged.
    return " " in form or form.lower() not in lowercase
