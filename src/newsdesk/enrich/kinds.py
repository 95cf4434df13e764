"""What kind of thing a name is, as the article says it, and words that are no names at all.

The recogniser guesses a name's kind from the name; the article usually says it outright:
"the Chrome browser" and "Patriot air defence systems" are products, "the town of Shika"
and "Wajima port" places, "the Noto Peninsula" a place by its own last word. What the
article says holds for every mention of that name in it. Some capitalised words are not
names at all: newsroom labels ("Explainer:"), time zones, common nouns in capitals ("AI"),
the department words of a title ("Secretary of State", "Defence Minister"), and a word
that opens a sentence which the article elsewhere writes in lowercase ("Yen weakens"
beside "the yen"). Where the article says nothing, two lexicons in `data/` name the
well-known products (browsers, operating systems, weapons systems) and the words that
are no names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from newsdesk.enrich.entities import DEMONYM, ROLE_HEADS, ROLE_MODIFIERS
from newsdesk.enrich.parsed import word_set

Tagged = tuple[int, int, str]  # start, end, spaCy label

# Nouns that say the name before them is a product: a browser, a weapon, a vehicle.
PRODUCT_NOUNS = word_set(
    """
    browser browsers app apps software system systems interceptor interceptors battery
    batteries missile missiles rocket rockets jet jets drone drones tank tanks rifle
    rifles train trains phone phones smartphone smartphones handset handsets chip chips
    console consoles vaccine vaccines
    """
)
# Words that may stand between a product's name and its noun ("Patriot air defence systems").
_PRODUCT_MODIFIERS = word_set("air defence defense operating search mobile missile web nuclear")
# Nouns that say the name before them is a facility or a place ("Shika nuclear plant").
FACILITY_NOUNS = word_set("plant plants airport station reactor reactors dam stadium resort")
PLACE_NOUNS = word_set(
    "port area region prefecture province county district coast city town village island zone"
)
EVENT_NOUNS = word_set("holiday holidays festival")
_RESORTS = word_set("resort resorts")
# The capitalised word before a military base's name, when the recogniser kept only the name.
_BASE_BEFORE = re.compile(r"\b(?:Base|Fort|Camp|Station) $")
# Last words of places open to the sky, which no institution is housed in (a person's
# "Ji-sung Park" keeps the tag: only bodies and buildings are read so).
OPEN_PLACE_HEADS = word_set("square street avenue road boulevard bridge park")
# People said to be in a place: "officials in Ishikawa", "residents in Eastbridge".
_PEOPLE_IN = re.compile(
    r"\b(?:officials|residents|people|authorities|police|voters|villagers|citizens|"
    r"locals|protesters|families|survivors|evacuees|farmers|fishermen) in $"
)
# Last words that make a name an event's, whatever the recogniser took it for: a contest
# ("UEFA Cup", "U.S. Open", "Atlanta Games", "Berlin Grand Prix") is not a body.
EVENT_HEADS = word_set(
    """
    cup open games olympics paralympics championship championships prix final finals
    trophy marathon tournament
    """
)
# Nouns that, before "of" or as the word just before a name, say it is a place
# ("the town of Bilopillia", "the Far East city Vladivostok", "sister city, Nanao,").
PLACE_BEFORE = word_set("city town village port prefecture province county district capital")
# Last words that make a name a place of its own ("Noto Peninsula", "Nankai Trough").
GEOGRAPHIC_HEADS = word_set(
    """
    peninsula sea trough island islands mountain mountains river bay strait gulf coast
    valley ocean lake desert plain plateau
    """
)
DATA_DIR = Path(__file__).parent / "data"
# Relabel these only: a place ("U.S. systems") or a nationality ("Russian missiles") before
# a product noun is its maker, not its name.
_RELABELLED = frozenset({"PERSON", "ORG", "NORP", "FAC", "PRODUCT", "EVENT"})
# What only a company has: shares of it, a stake in it, its share price; a name set
# beside "parent company" is one. Not "X shares" alone: "Tokyo shares" are a market's.
# Places only: a person's shares are the person's ("Musk's shares"), and a nationality
# opens a longer phrase ("shares of Japanese exporters").
_COMPANY_RELABELLED = frozenset({"GPE", "LOC"})
_COMPANY_BEFORE = re.compile(
    r"\b(?:shares|stock|stockholders|shareholders) of $|\bstake in $", re.IGNORECASE
)
_COMPANY_AFTER = re.compile(
    r"['’]s (?:shares|stock|share price|market value)\b(?! market| exchange| index)"
    r"|, (?:the |its |a |[A-Z][\w.\-]*['’]s )?(?:parent company|parent|holding company)\b"
)
# A market's shares move too ("Tokyo shares rose"), but its articles put things in it.
_SHARES_MOVE = re.compile(
    r" shares (?:up|down|rose|rise|rises|fell|fall|falls|jumped|jump|jumps|dipped|dip|dips|"
    r"climbed|climb|slid|slide|slipped|gained|dropped|surged|tumbled|sank|soared|plunged|"
    r"reacted|closed|ended|traded|were|are|have|had)\b"
)
_BREAKUP_BEFORE = re.compile(r"\bbreak-?up of $", re.IGNORECASE)
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|from|to|into|near|across|around|outside) (?:the )?$")
_MARKET_AFTER = re.compile(r"['’]?s? (?:stocks?|bourse|index|market|exchange|stock market)\b")
_NEXT_WORDS = re.compile(r"[\w'’\-]+")
_SUCH_AS = re.compile(r"\b(\w+) such as (?:[A-Z][\w'’\-]*(?: [A-Z][\w'’\-]*)*(?:, | and | or ))*$")
_DEPARTMENTS = word_set(
    """
    cabinet state defence defense foreign interior justice health education energy trade
    treasury commerce labor labour agriculture transport environment culture
    """
)


def article_kinds(text: str, found: Sequence[Tagged]) -> list[Tagged]:
    """`found` relabelled where the article says what a name is, every mention of that
    name alike (a plural "Patriots" with its "Patriot")."""
    said: dict[str, str] = {}
    for index, (start, end, label) in enumerate(found):
        kind = _said_kind(text, start, end, label, found, index)
        if kind is not None:
            said.setdefault(_key(text[start:end]), kind)
    # Where the article says nothing, a product the lexicon knows is that product, unless
    # the article holds it inside a longer name ("New England Patriots", "Siri Hustvedt").
    longer = [text[s:e] for s, e, _ in found if " " in text[s:e]]
    for start, end, label in found:
        name = text[start:end]
        known = label in _RELABELLED and _key(name) not in said and known_product(name)
        if known and not _inside_longer(name, longer):
            said[_key(name)] = "PRODUCT"
    outlets = {
        name
        for s, e, _ in found
        if (name := text[s:e]) in lexicon("outlets") and not _inside_longer(name, longer)
    }
    # "Shares of Alphabet", "Alphabet's shares": a company, which the recogniser took for
    # a place by its name; a country stays one ("shares of Japan" are its companies').
    placed = {_key(text[s:e]) for s, e, _ in found if _placed(text, s, e)}
    companies = {
        _key(name)
        for s, e, label in found
        if label in _COMPANY_RELABELLED
        and _company_said(text, s, e, _key(text[s:e]) in placed)
        and not is_country(name := text[s:e])
    }
    # "the Nankai Trough" ... "the first Nankai advisory": the first word of a place named
    # by its geographic head is that place, where the recogniser took it for a body.
    shortened = {
        words[0]
        for start, end, label in found
        if label in {"LOC", "GPE"}
        and len(words := text[start:end].split()) >= 2
        and words[-1].lower() in GEOGRAPHIC_HEADS
    }
    relabelled = []
    for start, end, label in found:
        if label in {"PERSON", "ORG"} and text[start:end] in shortened:
            relabelled.append((start, end, "LOC"))
            continue
        # A country the recogniser took for a body ("United Arab Emirates", a national
        # side) is the place; a person keeps the tag ("Jordan", "Chad" are names too).
        if label == "ORG" and is_country(text[start:end]):
            relabelled.append((start, end, "GPE"))
            continue
        # "Axios reported": an outlet is a body, not a person or a place.
        if label != "ORG" and text[start:end] in outlets:
            relabelled.append((start, end, "ORG"))
            continue
        if label in _COMPANY_RELABELLED and _key(text[start:end]) in companies:
            relabelled.append((start, end, "ORG"))
            continue
        kind = said.get(_key(text[start:end]))
        # A place keeps its label before "airport" ("Belgrade airport"); a nationality
        # before "region" stays a nationality.
        if kind is not None and label in _RELABELLED and not (label == "NORP" and kind == "GPE"):
            label = kind
        relabelled.append((start, end, label))
    return relabelled


def _company_said(text: str, start: int, end: int, placed: bool) -> bool:
    """Whether the article says a name is a company's: its shares or stock are traded
    ("shares of Alphabet", "Alphabet's shares", "a stake in Alphabet"), or it is called one
    ("Alphabet, Google's parent company"); or, for a one-word name the article never puts
    anything in (`placed`: "in Tokyo"), its shares move ("Alphabet shares jumped") or it
    may be broken up ("a breakup of Alphabet")."""
    before = text[max(0, start - 30) : start]
    after = text[end : end + 40]
    if _COMPANY_BEFORE.search(before) or _COMPANY_AFTER.match(after):
        return True
    weak = bool(_SHARES_MOVE.match(after) or _BREAKUP_BEFORE.search(before))
    return weak and not placed and " " not in text[start:end]


def _placed(text: str, start: int, end: int) -> bool:
    """Whether the article puts something in a name ("in Tokyo"), writes its market
    ("Tokyo stocks", "the Tokyo bourse") or sets it as its dateline ("TOKYO (Reuters)")."""
    name = text[start:end]
    dateline = re.search(rf"(?:^|\n){re.escape(name.upper())}\b", text) is not None
    return (
        dateline
        or bool(_LOCATIVE_BEFORE.search(text, max(0, start - 12), start))
        or bool(_MARKET_AFTER.match(text, end))
    )


def _inside_longer(name: str, longer: Sequence[str]) -> bool:
    """Whether the article holds `name` inside a longer name ("New England Patriots")."""
    inside = re.compile(rf"(?<![\w\-]){re.escape(name)}(?![\w\-])")
    return any(other != name and inside.search(other) for other in longer)


def is_country(name: str) -> bool:
    """Whether a name is a country or territory the lexicon knows, in capitals too."""
    # Headlines shout ("SRI LANKA BEAT AUSTRALIA"): a country is one in capitals too.
    countries = lexicon("countries")
    return name in countries or (name.isupper() and name.title() in countries)


@cache
def lexicon(name: str) -> frozenset[str]:
    """The entries of `data/<name>.txt`, one a line, without comments and blank lines."""
    lines = (DATA_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def known_product(name: str) -> bool:
    """Whether a name is a product the lexicon knows ("Chrome", "Patriots")."""
    products = lexicon("products")
    return name in products or _key(name) in products


def is_no_name(name: str) -> bool:
    """Whether a mention is, whole, a word the lexicon says names nothing: an entry in
    lowercase in any case ("EXPLAINER"), one with capitals as written ("AI", "Big Tech")."""
    words = lexicon("not_names")
    return name in words or name.lower() in words


def not_names(text: str, found: Sequence[Tagged]) -> list[Tagged]:
    """`found` without what is no name: newsroom labels, time zones, common nouns in
    capitals, the department words of a title, sentence openers the article writes in
    lowercase elsewhere, and the section word opening a headline ("SOCCER - ...")."""
    lowercase = set(re.findall(r"(?<![\w\-])[a-z][a-z\-]+(?![\w\-])", text))
    kept = []
    for start, end, label in found:
        name = text[start:end]
        words = name.split()
        if is_no_name(name):
            continue
        if label != "NORP" and _title_words(text, start, end, words):
            continue
        if len(words) == 1 and name.lower() in lowercase and _opens_sentence(text, start):
            continue
        if len(words) == 1 and label != "PERSON" and _slug(text, start, end):
            continue
        kept.append((start, end, label))
    return kept


def _said_kind(
    text: str, start: int, end: int, label: str, found: Sequence[Tagged], index: int
) -> str | None:
    name = text[start:end]
    last = name.split()[-1].lower()
    if last in GEOGRAPHIC_HEADS and label not in {"GPE", "LOC"}:
        return "LOC"
    if last in EVENT_HEADS and " " in name and label in {"ORG", "PERSON", "FAC"}:
        return "EVENT"
    if last in OPEN_PLACE_HEADS and " " in name and label in {"ORG", "FAC"}:
        return "LOC"  # "Tiananmen Square", "Wall Street": a place, never an institution
    before = text[max(0, start - 40) : start].lower()
    if re.search(r"\b(?:" + "|".join(PLACE_BEFORE) + r")(?: of|,)? $", before):
        return "GPE"
    if label in {"ORG", "PERSON"} and " " not in name and _PEOPLE_IN.search(before):
        return "GPE"  # "Port officials in Eastbridge", "residents in Ishikawa"
    if label == "PERSON" and _BASE_BEFORE.search(text, max(0, start - 12), start):
        return "FAC"  # "Joint Base Andrews", "Fort Bragg", where the recogniser kept the name
    listed = _SUCH_AS.search(text[max(0, start - 80) : start])
    if listed and listed.group(1).lower() in PRODUCT_NOUNS:
        return "PRODUCT"  # "browsers such as Firefox and Safari"
    noun = _noun_after(text, end, found, index)
    if noun is None:
        return None
    if noun in PRODUCT_NOUNS and _may_be_product(name, label, text, start):
        return "PRODUCT"
    if noun in FACILITY_NOUNS:
        return "FAC"
    if noun in PLACE_NOUNS and label not in {"GPE", "LOC"}:
        return "GPE"
    if noun in EVENT_NOUNS:
        return "EVENT"
    # "the Wonsan-Kalma tourist zone", "the Kalma beach resort": a place's noun one word
    # on. A facility's is not read so: "Toyota car plant" is the maker's.
    further = _NEXT_WORDS.findall(text[end : end + 40].split("\n", 1)[0])[1:2]
    if further and label in {"ORG", "PERSON"}:
        if further[0] in PLACE_NOUNS:
            return "GPE"
        if further[0] in _RESORTS:
            return "FAC"
    return None


def _noun_after(text: str, end: int, found: Sequence[Tagged], index: int) -> str | None:
    """The lowercase noun a name modifies ("Chrome browser"), looking past the other
    names coordinated with it ("Sendai and Ikata nuclear plants") and past modifiers."""
    position = end
    # "Sendai and Ikata nuclear plants": the noun after the last of the coordinated names.
    for start, stop, _ in found[index + 1 : index + 4]:
        between = text[position:start]
        if re.fullmatch(r",? (?:and|or) |, ", between):
            position = stop
        else:
            break
    words = _NEXT_WORDS.findall(text[position : position + 60].split("\n", 1)[0])
    if not text[position : position + 1].isspace():
        return None
    for word in words[:4]:
        if word in _PRODUCT_MODIFIERS:
            continue
        return word if word.islower() else None
    return None


def _may_be_product(name: str, label: str, text: str, start: int) -> bool:
    if label not in _RELABELLED:
        return False
    if label == "NORP" and DEMONYM.search(name):
        return False
    # A company before a plural is its products' maker ("Samsung phones"); before one
    # product it names it ("the Chrome browser", "its Chrome browser").
    if label == "ORG":
        return bool(
            re.search(r"\b(?:the|its|their|his|her|a)\s+$", text[max(0, start - 8) : start])
        )
    return True


def _key(name: str) -> str:
    # "Patriots" is the plural of the "Patriot" the article describes.
    return name.removesuffix("s") if len(name) > 3 and name.endswith("s") else name


def _title_words(text: str, start: int, end: int, words: list[str]) -> bool:
    """Whether a mention is the department of a title before a name or after "of":
    "Defence" of "Defence Minister Rustem Umerov", "State" of "Secretary of State"."""
    if not all(w.lower() in ROLE_MODIFIERS | _DEPARTMENTS for w in words):
        return False
    after = text[end : end + 30].split()
    before = text[max(0, start - 30) : start].split()
    heads = ROLE_HEADS
    return bool(after and after[0].lower().rstrip(",") in heads) or (
        len(before) >= 2 and before[-1] == "of" and before[-2].lower() in heads
    )


def _slug(text: str, start: int, end: int) -> bool:
    # "SOCCER - MILAN'S LENTINI MOVES": the desk's section word opening the headline.
    return (
        "\n" not in text[:start]
        and not text[:start].strip()
        and bool(re.match(r" [-–—] ", text[end : end + 3]))
    )


def _opens_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start]
    return start == 0 or before.endswith("\n") or bool(re.search(r"[.!?:\"“]\s+$", before))
