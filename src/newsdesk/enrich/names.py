"""Personal and organisation names: normalisation, structure and romanisation-aware comparison.

The same person is spelled many ways in the press ("Choe Son Hui", "Choi So-hee",
"Choi Soni"), while different people have near-identical names ("Kim Jong Un",
"Kim Jong Il"). String similarity cannot tell these apart, so names are compared by
structure: family name and given name separately, syllable by syllable for East
Asian given names, after folding romanisation variants to one spelling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from anyascii import anyascii
from rapidfuzz.distance import Levenshtein

from newsdesk.enrich.romanise import (
    chinese_reading,
    cyrillic_korean_syllable,
    cyrillic_readings,
    hangul_readings,
    is_cyrillic,
    japanese_reading,
    sino_korean,
)


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of a vocabulary written as text."""
    return frozenset(text.split())


# Words that stand before a name but are not part of it: titles, ranks, honorifics.
TITLE_WORDS = word_set(
    """
    mr mrs ms miss dr prof sir dame lord lady sen senator rep gen general lt col colonel
    adm admiral maj major capt captain sgt president vice prime minister foreign defence
    defense secretary chancellor premier king queen prince princess crown sheikh emir
    sultan pope judge justice governor mayor ambassador envoy spokesman spokeswoman
    spokesperson leader chairman chairwoman chair comrade marshal supreme deputy former
    first lady the
    """
)
# Particles that join a family name to what precedes it ("bin Salman", "el-Sisi").
# Longest romanised East Asian syllable: "Hwang", "Pyeong", "Gyeong" (Revised Romanization).
MAX_SYLLABLE = 6
# Longest given name of two syllables written as one word that may be East Asian
# ("Soni", "Jinping", "Seungryeol"); longer one-word given names are read as Western only.
MAX_FUSED = 10
PATRONYMIC_PARTICLES = frozenset({"bin", "ibn", "bint", "ben"})
ARTICLE_PARTICLES = frozenset({"al", "el", "ad", "as", "ash", "at", "az", "ul"})


@dataclass(frozen=True)
class NameParts:
    """A personal name split into family name and given name parts, all normalised.

    `given` holds words (Western order) or syllables ("son", "hui") of an East Asian
    given name, which may also be one fused word ("soni"); `family_first` says which.
    A name read syllable by syllable from another script (`native`: Hangul, Chinese
    characters, Korean in Cyrillic) is certainly family-first, and each of its parts holds
    every reading of the syllable, joined by "/" ("seon/son").
    """

    given: tuple[str, ...]
    family: str
    family_first: bool = False
    patronymic: bool = False
    native: bool = False


def normalise_name(text: str) -> str:
    """Casefolded ASCII name without titles, possessive, dots and hyphens: "Foreign
    Minister Choi So-hee's" gives "choi so hee"."""
    return " ".join(_name_tokens(text, keep_hyphens=False))


def name_parts(name: str) -> NameParts:
    """The most likely split of a personal name into given and family parts."""
    return name_parses(name)[0]


@lru_cache(maxsize=65536)
def name_parses(name: str) -> tuple[NameParts, ...]:
    """Every plausible split of a personal name, most likely first.

    A two-word name of short words ("Choi Soni") may be family-name-first or not:
    both splits are returned so comparison can try each.
    """
    native = _native_parts(name)
    japanese = _japanese_parts(name)
    if native is not None and not is_cyrillic(name):
        korean = _hangul_parts(sino_korean(name)) if _HAN_NAME.fullmatch(name.strip()) else None
        # A name in Chinese characters is read as Chinese, Korean ("崔善姬") and Japanese
        # (石破茂) read them: the script does not say whose name it is.
        return tuple(dict.fromkeys(p for p in (native, korean, japanese) if p is not None))
    if japanese is not None:
        return (japanese,)
    if is_cyrillic(name):
        # A Korean name in Cyrillic is also tried as the Russian or Ukrainian name it
        # spells, and a Slavic one under each of those readings.
        readings = (p for reading in cyrillic_readings(name) for p in name_parses(reading))
        return tuple(dict.fromkeys((*([native] if native else []), *readings)))
    raw = _name_tokens(name, keep_hyphens=True)
    # A particle joins two names: "Ben Lee" (a capitalised first word of two) and "Ha Soo
    # Bin" (a last word) are given names.
    given_first = len(raw) == 2 and name.strip()[:1].isupper()
    particle = [
        t in PATRONYMIC_PARTICLES and not (given_first and i == 0) and i < len(raw) - 1
        for i, t in enumerate(raw)
    ]
    patronymic = any(particle)
    tokens = [t for t, p in zip(raw, particle, strict=True) if not p and t not in ARTICLE_PARTICLES]
    tokens = [_strip_article_prefix(t) for t in tokens]
    if not tokens:
        return (NameParts((), ""),)
    if len(tokens) == 1:
        return (NameParts((), tokens[0].replace("-", ""), patronymic=patronymic),)
    western = NameParts(
        tuple(p for t in tokens[:-1] for p in t.split("-") if p),
        tokens[-1].replace("-", ""),
        patronymic=patronymic,
    )
    first, rest = tokens[0], tokens[1:]
    if "-" not in first and _one_syllable(first) and len(first) <= MAX_SYLLABLE:
        syllables = tuple(p for t in rest for p in t.split("-") if p)
        east_asian = NameParts(syllables, first, family_first=True)
        hyphenated = len(rest) == 1 and len(syllables) == 2
        spaced = len(rest) == 2 and all("-" not in t for t in rest)
        if (hyphenated or spaced) and all(
            _one_syllable(s) and len(s) <= MAX_SYLLABLE for s in syllables
        ):
            return (east_asian,)  # "Choe Son-hui", "Kim Jong Un"
        if (
            len(rest) == 1
            and "-" not in rest[0]
            and len(rest[0]) <= MAX_FUSED
            and _syllables(rest[0]) <= 2
        ):
            return (western, east_asian)  # "Choi Soni", but also "Mark Rutte"
    return (western,)


def is_single_name(name: str) -> bool:
    """True when the name is one word once titles are gone: a surname-only mention."""
    parts = name_parts(name)
    return bool(parts.family) and not parts.given


def compatible_names(a: str, b: str) -> bool:
    """True when two personal names may name the same person under romanisation rules.

    Family names must agree; given names must agree word by word (Western, initials
    allowed) or syllable by syllable (East Asian). A surname alone fits any full name
    with that surname.
    """
    return name_similarity(a, b) > 0.0


def name_similarity(a: str, b: str) -> float:
    """How alike two personal names are, 0.0 when they cannot be the same person, 1.0 for
    the same spelling; a surname alone against a full name scores 0.6."""
    if _written_in_characters(a) and _written_in_characters(b):
        # Chinese characters have many homophones (高市, 高石): two names written in them
        # are one name only when their characters are.
        return 1.0 if a.strip() == b.strip() else 0.0
    best = 0.0
    for pa, pb in product(name_parses(a), name_parses(b)):
        best = max(best, _parts_similarity(pa, pb))
    if best == 0.0:
        # "Chang Sik Kim" may be Western order, its family name last: tried only against
        # family-first names, where nothing else could match.
        for pa, pb in product(_rotations(a), name_parses(b)):
            best = max(best, _parts_similarity(pa, pb) if pb.family_first else 0.0)
        for pb, pa in product(_rotations(b), name_parses(a)):
            best = max(best, _parts_similarity(pa, pb) if pa.family_first else 0.0)
    if best == 0.0:
        # Russian lists write the family name first, without a comma ("Ротенберг
        # Аркадий"): tried only where nothing else could match.
        for pa, pb in product(_cyrillic_rotations(a), name_parses(b)):
            best = max(best, _parts_similarity(pa, pb))
        for pb, pa in product(_cyrillic_rotations(b), name_parses(a)):
            best = max(best, _parts_similarity(pa, pb))
    return best


def _cyrillic_rotations(name: str) -> list[NameParts]:
    words = name.split()
    if not is_cyrillic(name) or not 2 <= len(words) <= 3 or _native_parts(name):
        return []
    return list(name_parses(" ".join(words[1:] + words[:1])))


def _rotations(name: str) -> list[NameParts]:
    return [
        NameParts((p.family, p.given[0]), p.given[1])
        for p in name_parses(name)
        if p.family_first and len(p.given) == 2 and not p.native
    ]


def blocking_keys(name: str) -> set[str]:
    """Short keys that every spelling of the same name shares at least one of.

    Keys are consonant skeletons of the words that may be the family name (first and
    last), folded East Asian family names, plus the initials of a multi-word name, so
    "UN" meets "United Nations".
    """
    tokens = [
        _strip_article_prefix(t).replace("-", "")
        for t in _name_tokens(name, keep_hyphens=True)
        if t not in PATRONYMIC_PARTICLES and t not in ARTICLE_PARTICLES
    ]
    tokens = [t for t in tokens if t]
    if not tokens:
        return set()
    if is_cyrillic(name):
        # Filed under each reading, so "Гончаренко" meets Honcharenko and Goncharenko.
        others = {k for r in cyrillic_readings(name)[1:] for k in blocking_keys(r)}
    elif _written_in_characters(name):
        # Filed under its Korean and Japanese readings too, so 崔善姬 meets Choe and 石破茂
        # meets Ishiba.
        others = {k for r in _character_readings(name) for k in blocking_keys(r)}
    else:
        others = set()
    keys = others | {"k:" + _consonant_key(tokens[0]), "k:" + _consonant_key(tokens[-1])}
    # A one-syllable end word may be an East Asian family name, spelled many ways
    # ("Kim", "Gim"; "Xi", "Hsi"): filed under its folded spelling too.
    for token in {tokens[0], tokens[-1]}:
        if _one_syllable(token) and len(token) <= MAX_SYLLABLE:
            keys.add("e:" + _korean_family(token))
    if len(tokens) == 1 and len(tokens[0]) <= 6:
        keys.add("a:" + tokens[0])
    if len(tokens) >= 2:
        keys.add("a:" + "".join(t[0] for t in tokens))
        keys.add("a:" + "".join(t[0] for t in tokens if t not in _CONNECTIVES))
    return keys


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """One spelling for the romanisation variants of a word: "Sergey" and "Sergei",
    "Choe" and "Choi", "Zelenskiy" and "Zelenskyy", "hui" and "hee" fold together."""
    s = re.sub(r"[^a-z]", "", anyascii(word).lower())
    s = s.replace("x", "ks").replace("ph", "f").replace("ck", "k").replace("kh", "h")
    s = re.sub(r"ey$", "ei", s)
    s = re.sub(r"(iy|yy|ii|ij|yj)$", "i", s)
    s = re.sub(r"(?<=[^aeiouy])y$", "i", s)
    # Korean and Slavic vowel spellings: oe/oi, eo/o, ee/ui/i, oo/u, ou/u.
    s = s.replace("ee", "i").replace("oo", "u").replace("ou", "u").replace("eo", "o")
    s = s.replace("oi", "oe").replace("ui", "i").replace("ie", "i")
    return re.sub(r"(.)\1+", r"\1", s)


def _initial(word: str) -> str:
    # "U.S." (or "us" in a key) stands for two words: "U.N. Security Council" is the
    # UNSC, not a "USC", and "U.S. National Security Council" no UNSC.
    if _DOTTED_INITIALS.fullmatch(word):
        return word.replace(".", "")
    return word if word.lower() in _COUNTRY_SHORT else word[0]


_DOTTED_INITIALS = re.compile(r"(?:[A-Za-z]\.){2,}")
_COUNTRY_SHORT = frozenset({"us", "uk", "un", "eu"})


# Cached, as the other keys here are: resolution compares each organisation with every
# candidate filed under its keys, so the same few names are keyed over and over.
@lru_cache(maxsize=65536)
def acronym_of(name: str) -> frozenset[str]:
    """The initialisms a multi-word name may be shortened to ("Bank of Japan": BJ, BOJ),
    with and without its legal form ("European ... Space Company NV" is also EADS)."""
    words = [w for w in re.split(r"[\s\-]+", anyascii(name)) if w and w[0].isalpha()]
    plain = words
    while len(plain) > 2 and squash(plain[-1]) in _LEGAL_WORDS:
        plain = plain[:-1]
    found: set[str] = set()
    for chosen in (words, plain):
        if len(chosen) >= 2:
            found.add("".join(_initial(w) for w in chosen).lower())
            found.add("".join(_initial(w) for w in chosen if w.lower() not in _CONNECTIVES).lower())
    # A name that carries its own initials ("European ... Space Company EADS").
    if len(plain) >= 3 and squash(plain[-1]) in acronym_of(" ".join(plain[:-1])):
        found.add(squash(plain[-1]))
    return frozenset(found)


@lru_cache(maxsize=65536)
def squash(text: str) -> str:
    """An organisation or place name as a comparison key: ASCII, casefolded, no dots,
    possessive or leading "the", and British "-isation" spelled "-ization"."""
    s = anyascii(text).replace("’", "'").strip()
    s = re.sub(r"'s?$", "", s)
    s = re.sub(r"^(the)\s+", "", s, flags=re.IGNORECASE)
    s = s.replace(".", "").lower()
    s = re.sub(r"isation", "ization", s)
    s = re.sub(r"[^a-z0-9&]+", " ", s)
    return " ".join(s.split())


@lru_cache(maxsize=65536)
def org_key(text: str) -> str:
    """An organisation's name as a comparison key: `squash`ed, "&" read "and", without its
    legal form ("Corp.", "AG", "JSC"), countries by their initials inside the name ("United
    States Air Force" is "US Air Force") and "Ministry of X" as "X Ministry"."""
    s = squash(re.sub(r"['’]s\b", "", anyascii(text)))
    s = " ".join(s.replace("&", " and ").split()).replace(" of the ", " of ")
    for long_, short in _COUNTRY_INITIALS:
        s = re.sub(rf"\b{long_}\b", short, s)
    for british, american in _SPELLINGS:
        s = re.sub(british, american, s)
    s = _LEGAL_PHRASES.sub(" ", f" {s} ").strip() or s
    words = s.split()
    while len(words) > 1 and (words[-1] in _LEGAL_WORDS or words[-1] in _CONNECTIVES):
        words = words[:-1]
    # A name that carries its own initials ("... Space Company EADS N.V.").
    if len(words) >= 3 and words[-1] in acronym_of(" ".join(words[:-1])):
        words = words[:-1]
        while len(words) > 1 and words[-1] in _LEGAL_WORDS:
            words = words[:-1]
    while len(words) > 1 and words[0] in _LEADING_LEGAL_WORDS:
        words = words[1:]
    s = " ".join(words)
    return _BODY_OF.sub(r"\1\3 \2", s)


def near_spelling(a: str, b: str) -> bool:
    """Two keys one typing slip apart in one long word, all else equal ("Gazprom",
    "Gasprom"); digits never differ, nor first letters, nor a short word."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb):
        return False
    differing = [(x, y) for x, y in zip(wa, wb, strict=True) if x != y]
    if len(differing) != 1:
        return False
    x, y = differing[0]
    return (
        min(len(x), len(y)) >= MIN_SLIP_WORD
        and x.isalpha()
        and y.isalpha()
        and x[0] == y[0]
        and Levenshtein.distance(x, y) == 1
    )


# A slip in a word shorter than this more often makes another name ("Chad", "China").
MIN_SLIP_WORD = 5
# Legal forms of companies, and their words: dropped when names are compared, as
# "Microsoft Corp." is "Microsoft Corporation" is "Microsoft".
_LEGAL_WORDS = word_set(
    """
    inc incorporated corp corporation co company ltd limited llc llp lp plc ag gmbh
    aktiengesellschaft aktiengeselschaft sa nv bv se ab asa oyj spa srl sarl kk pty jsc
    pjsc ojsc oao ooo zao pao
    """
)
_LEGAL_PHRASES = re.compile(
    r"^ (?:(?:open|closed|public) )?joint stock company | limited liability company "
    r"| (?:(?:open|closed|public) )?joint stock company $| limited liability company $"
    r"| gesellschaft mit beschrankter haftung $| sp z o ?o $"
)
# British and American spellings of words in institutions' names.
_SPELLINGS = (
    (r"\b(defen|offen|licen)ce\b", r"\1se"),
    (r"\blabour\b", "labor"),
    (r"\bcentre\b", "center"),
    (r"\bprogramme\b", "program"),
)
# Legal forms written before the name (Russian practice: "OAO Gazprom").
_LEADING_LEGAL_WORDS = word_set("oao ooo zao pao ao jsc pjsc ojsc llc")
# Countries written by their initials inside organisations' names.
_COUNTRY_INITIALS = (
    ("united states of america", "us"),
    ("united states", "us"),
    ("united kingdom", "uk"),
    ("united nations", "un"),
    ("european union", "eu"),
)
# "Ministry of Defence" is the "Defence Ministry": bodies named both ways.
_BODY_OF = re.compile(
    r"^(.*?)\b(department|ministry|office|bureau|commission) of (?:the )?(\w+(?: \w+)?)$"
)


_CONNECTIVES = frozenset({"of", "and", "the", "for", "de", "&"})


def _name_tokens(text: str, *, keep_hyphens: bool) -> list[str]:
    native = _native_parts(text)
    if native is not None:
        given = [_first_reading(g) for g in native.given]
        return [_first_reading(native.family), "-".join(given) if keep_hyphens else " ".join(given)]
    # Japanese writes a foreign name's words apart with a middle dot: "バラク・オバマ".
    text = _surname_last(text).replace("・", " ").replace("･", " ")
    s = (cyrillic_readings(text)[0] if is_cyrillic(text) else anyascii(text)).replace("’", "'")
    s = s.strip()
    s = re.sub(r"'s?$", "", s)
    s = s.replace(".", " ").lower()
    s = re.sub(r"[^a-z\s\-]", " ", s)
    s = re.sub(r"\s*-\s*", "-" if keep_hyphens else " ", s)
    tokens = [t.strip("-") for t in s.split()]
    tokens = [t for t in tokens if t]
    # Titles only count at the front: "Prince Mohammed", not "Mohammed bin Salman".
    while len(tokens) > 1 and tokens[0] in TITLE_WORDS:
        tokens = tokens[1:]
    # Generational suffixes follow the family name: "Martin Luther King Jr." is a King.
    while len(tokens) > 2 and tokens[-1] in _SUFFIXES:
        tokens = tokens[:-1]
    return tokens


_SUFFIXES = word_set("jr sr ii iii iv")


# Korean family names of two syllables; all others are of one.
_COMPOUND_FAMILIES = word_set("남궁 황보 제갈 선우 독고 사공 서문 동방")
_HANGUL_NAME = re.compile(r"[\uac00-\ud7a3]{2,5}")
_HAN_NAME = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{2,4}")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff々]")
# A Japanese name: Chinese characters and kana, up to six (小泉進次郎).
_JAPANESE_NAME = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff々]{1,6}")
# "Smith, John": a list's surname-first order, a comma after the family name.
_SURNAME_COMMA = re.compile(r"\s*([^\W\d][\w'’\-]*),\s+((?:[^\W\d][\w.'’\-]*\s*){1,3})")


def _native_parts(name: str) -> NameParts | None:
    """An East Asian name in its own script (Hangul, Chinese characters) or a Korean one
    in Cyrillic, split into family name and given syllables."""
    return _hangul_parts(name) or _han_parts(name) or _cyrillic_korean_parts(name)


def _han_parts(name: str) -> NameParts | None:
    """A name in Chinese characters, family first, read syllable by syllable in pinyin
    ("习近平": xi, jin, ping); four characters hold a family name of two (欧阳, 司马)."""
    text = name.strip()
    if not _HAN_NAME.fullmatch(text):
        return None
    split = 2 if len(text) == 4 else 1
    readings = chinese_reading(text)
    if len(readings) != len(text) or not all(readings):
        return None
    # A family name of two characters is read as one word, each in its phrase reading.
    family = "/".join(readings[0]) if split == 1 else "".join(r[0] for r in readings[:split])
    given = tuple("/".join(r) for r in readings[split:])
    return NameParts(given, family, family_first=True, native=True)


def _japanese_parts(name: str) -> NameParts | None:
    """A name in Japanese script read in Hepburn, as the English press orders it: given
    name first (石破茂 is Shigeru Ishiba); None unless the dictionary reads a family and
    a given name in it."""
    text = name.strip()
    if not _JAPANESE_NAME.fullmatch(text) or not _HAN.search(text):
        return None
    # A reading of one word is no name in two parts: a surname alone (石破), a Chinese
    # name read as one Japanese word (王毅 "Oki"), or a common noun.
    words = japanese_reading(text)
    if not 2 <= len(words) <= 3:
        return None
    return NameParts(tuple(words[1:]), words[0])


def _written_in_characters(name: str) -> bool:
    # Chinese characters, with the kana a Japanese name may hold: no Latin reading of
    # its own, so two such names are compared by their characters.
    text = name.strip()
    return bool(_JAPANESE_NAME.fullmatch(text) and _HAN.search(text))


def _character_readings(name: str) -> list[str]:
    # The Latin and Hangul spellings a name in characters is also filed under.
    readings = []
    japanese = _japanese_parts(name)
    if japanese is not None:
        readings.append(" ".join((*japanese.given, japanese.family)))
    if _HAN_NAME.fullmatch(name.strip()):
        readings.append(sino_korean(name.strip()))
    return [r for r in readings if not _written_in_characters(r)]


def _hangul_parts(name: str) -> NameParts | None:
    """A Korean name in Hangul split into family name and given syllables, each romanised
    on its own ("최선희": choe, seon/son, hui), so the syllables meet their spellings."""
    text = name.strip()
    if not _HANGUL_NAME.fullmatch(text):
        return None
    split = 2 if text[:2] in _COMPOUND_FAMILIES and len(text) >= 3 else 1
    if len(text) - split > 3:
        return None
    # McCune-Reischauer first for the family name: the press writes Kim, Kang, Cho more
    # often than Gim, Gang, Jo.
    mr, rr = ("".join(hangul_readings(ch)[i] for ch in text[:split]) for i in (-1, 0))
    family = "/".join(dict.fromkeys((mr, rr)))
    given = tuple("/".join(hangul_readings(ch)) for ch in text[split:])
    return NameParts(given, family, family_first=True, native=True)


def _cyrillic_korean_parts(name: str) -> NameParts | None:
    """A Korean name as Russian writes it, one word a syllable, family first ("Цой Сон Хи",
    "Ким Чен Ын"), with every Korean reading of each syllable; None for other names."""
    words = name.replace("-", " ").split()
    if not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words):
        return None  # checked before the cache, which whole texts would fill
    return _cyrillic_korean_words(tuple(words))


@lru_cache(maxsize=16384)
def _cyrillic_korean_words(words: tuple[str, ...]) -> NameParts | None:
    readings = [cyrillic_korean_syllable(w) for w in words]
    if any(r is None for r in readings):
        return None
    family, *given = ("/".join(r) for r in readings if r)
    return NameParts(tuple(given), family, family_first=True, native=True)


def _first_reading(part: str) -> str:
    return part.partition("/")[0]


def _readings(part: str) -> list[str]:
    return part.split("/")


def _surname_last(text: str) -> str:
    match = _SURNAME_COMMA.fullmatch(text)
    if match and all(w[:1].isupper() for w in match.group(2).split()):
        return f"{match.group(2).strip()} {match.group(1)}"
    return text


def _strip_article_prefix(token: str) -> str:
    head, _, tail = token.partition("-")
    if tail and head in ARTICLE_PARTICLES:
        return tail  # "el-sisi" is "sisi", as "al-Sisi" and plain "Sisi" are
    return token


def _syllables(word: str) -> int:
    # "y" before a vowel is a consonant ("yeol", "ryong"); elsewhere a vowel.
    groups = re.findall(r"[aeiou]+|y(?![aeiou])", word.replace("-", " "))
    return len(groups)


def _one_syllable(word: str) -> bool:
    return _syllables(word) == 1


def _consonant_key(word: str) -> str:
    s = skeleton(word)
    if not s:
        return ""
    head, tail = s[0], re.sub(r"[aeiouy]", "", s[1:])
    return (head + tail)[:5]


def _word_match(a: str, b: str) -> bool:
    sa, sb = skeleton(a), skeleton(b)
    if sa == sb:
        return True
    # Long names transcribed from Arabic and Persian differ mostly in vowels
    # ("Mohammed", "Muhammad"; "Abdel", "Abdul"): compare consonants then.
    return min(len(sa), len(sb)) >= 5 and sa[0] == sb[0] and _consonant_key(a) == _consonant_key(b)


def _family_match(a: NameParts, b: NameParts) -> bool:
    for x, y in product(_readings(a.family), _readings(b.family)):
        if _word_match(x, y):
            return True
        if (a.family_first or b.family_first) and _korean_family(x) == _korean_family(y):
            return True
    return False


def _korean_family(word: str) -> str:
    # One Korean surname, several romanisations: Lee/Yi/Ri/Rhee, Park/Pak/Bak, Kim/Gim,
    # Jeong/Jung/Chung, Seo/Suh, Heo/Hur.
    s = re.sub(r"[^a-z]", "", anyascii(word).lower())
    s = re.sub(r"^rh", "r", s)
    s = re.sub(r"(?<=[aeiou])r(?=[^aeiouy]|$)", "", s) if len(s) > 2 else s
    s = syllable_key(s)
    # South Korea drops an initial r before i and y and reads it n before other vowels
    # (North Korea keeps it): Ri/Lee/Yi, Ryu/Yoo, Rim/Lim/Im, Ro/Roh/Noh.
    s = re.sub(r"^[ln](?=[iy])", "", s)
    s = re.sub(r"^y(?=i)", "", s)
    return re.sub(r"^l(?=[aeou])", "n", s)


@lru_cache(maxsize=65536)
def syllable_key(word: str) -> str:
    """One spelling for the romanisations of an East Asian syllable: Revised, McCune-
    Reischauer and popular Korean ("Seon", "Son", "Sun"; "Gyeong", "Kyung"), pinyin and
    Wade-Giles ("Xi", "Hsi"; "Zedong", "Tse-tung"). Voicing, aspiration and the eo/o/u
    vowels are what they differ in, so those fold together."""
    s = re.sub(r"[^a-z]", "", anyascii(word).lower())
    for pattern, replacement in _SYLLABLE_FOLDS:
        s = re.sub(pattern, replacement, s)
    if re.match(r"[^aeiou]", s):
        # Eo, o and u are one vowel in popular spellings after a consonant ("Jeong",
        # "Jung", "Chong"); alone they name different syllables ("O", "U").
        s = s.replace("o", "u")
    return re.sub(r"(.)\1+", r"\1", s)


_SYLLABLE_FOLDS = (
    # North Korean spellings mark aspiration with an "h" ("Thae", "Phyo"); "wh" is "hw"
    # ("Kyung-wha"); 이 is also "Yi"; "ck" ends a syllable as "k" does ("Duck").
    (r"^(p|t|k)h(?=[aeiouwy])", r"\1"),
    (r"^wh", "hw"),
    (r"^yi$", "i"),
    (r"ck$", "k"),
    (r"^(hs|x|sh)", "s"),
    (r"^(tch|ch|zh|ts|tz|j|q|z)", "c"),
    (r"^(kk|g)", "k"),
    (r"^(tt|d)", "t"),
    (r"^(pp|b)", "p"),
    (r"^r", "l"),
    (r"eo", "o"),
    (r"eu", "u"),
    (r"(oo|ou)", "u"),
    (r"(ee|ui)", "i"),
    (r"(?<=[aeiouy])h", ""),
    (r"(ai|ae)", "e"),
    (r"oi", "oe"),
    (r"^w(?=u)", ""),
    (r"^l(?=y)", ""),
    (r"(?<=[aeiou])g$", "k"),
    (r"(?<=[aeiou])b$", "p"),
    (r"(?<=[aeiou])d$", "t"),
    (r"^wu", "u"),
)


def _parts_similarity(a: NameParts, b: NameParts) -> float:
    if not a.family or not b.family:
        return 0.0
    if not a.given or not b.given:
        single, full = (a, b) if not a.given else (b, a)
        if not single.given and not full.given:
            return 1.0 if _family_match(a, b) else 0.0
        if _family_match(single, full):
            return 0.6
        # Arabic names with "bin" are shortened to the first name ("Prince Mohammed").
        if full.patronymic and not full.native and _word_match(single.family, full.given[0]):
            return 0.5
        return 0.0
    if a.family_first != b.family_first:
        # "Heung-min Son" is "Son Heung-min" written in Western order; a one-word given
        # name ("Mark Rutte") is too common a shape to be read both ways, unless the other
        # name is written in Korean script, whose syllables it must then spell ("Hoesung
        # Lee" for 이회성).
        west, east = (b, a) if a.family_first else (a, b)
        fused = len(west.given) == 1 and east.native and len(west.given[0]) <= MAX_FUSED
        if not fused and (
            len(west.given) < 2
            or not all(_one_syllable(g) and len(g) <= MAX_SYLLABLE for g in west.given)
        ):
            return 0.0
        if not _family_match(a, b):
            return 0.0
        return min(0.85, _korean_given(a.given, b.given, (a.native, b.native)))
    if not _family_match(a, b):
        return 0.0
    if a.family_first:
        return _korean_given(a.given, b.given, (a.native, b.native))
    return _western_given(a.given, b.given)


def _western_given(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    first_a, first_b = a[0], b[0]
    # Middle names and patronymics may be left out, never changed: "Sergey Viktorovich"
    # and "Sergey Ivanovich" are two men.
    if not (_subsequence(a[1:], b[1:]) or _subsequence(b[1:], a[1:])):
        return 0.0
    if len(first_a) == 1 or len(first_b) == 1:
        return 0.8 if first_a[0] == first_b[0] else 0.0
    if not _word_match(first_a, first_b):
        return 0.0
    full_a = [w for w in a if len(w) > 1]
    full_b = [w for w in b if len(w) > 1]
    same = len(full_a) == len(full_b) and all(map(_word_match, full_a, full_b))
    return 1.0 if same else 0.9


def _subsequence(short: tuple[str, ...], long_: tuple[str, ...]) -> bool:
    # Each word of `short` in order in `long_`; an initial stands for any word it opens.
    remaining = iter(long_)
    return all(any(_given_word_match(w, v) for v in remaining) for w in short)


def _given_word_match(a: str, b: str) -> bool:
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return _word_match(a, b)


def _korean_given(
    a: tuple[str, ...], b: tuple[str, ...], native: tuple[bool, bool] = (False, False)
) -> float:
    for split_a in _syllable_splits(a):
        for split_b in _syllable_splits(b):
            if len(split_a) == len(split_b) and all(
                _syllable_match(x, y, i > 0, native, _liaison(split_a, split_b, i))
                for i, (x, y) in enumerate(zip(split_a, split_b, strict=True))
            ):
                exact = all(
                    {skeleton(r) for r in _readings(x)} & {skeleton(r) for r in _readings(y)}
                    for x, y in zip(split_a, split_b, strict=True)
                )
                return 1.0 if exact else 0.85
    return 0.0


def _liaison(a: tuple[str, ...], b: tuple[str, ...], index: int) -> bool:
    # A syllable's final consonant is carried over when the next syllable opens with a
    # vowel or a silent h (선희 is said "Soni"), and may then be lost from its spelling
    # ("So-hee"); before any other consonant it is heard, and written.
    if index + 1 >= len(a):
        return False
    return any(
        re.match(r"[aeiouwyh]", r) for part in (a[index + 1], b[index + 1]) for r in _readings(part)
    )


def _syllable_splits(given: tuple[str, ...]) -> list[tuple[str, ...]]:
    # A fused given name ("Soni") is tried at every split into two syllables.
    if len(given) != 1 or "/" in given[0]:
        return [given]
    word = given[0]
    return [given] + [(word[:i], word[i:]) for i in range(1, len(word))]


def _syllable_match(
    a: str,
    b: str,
    later: bool,
    native: tuple[bool, bool] = (False, False),
    liaison: bool = True,
) -> bool:
    """Whether two spellings may be one syllable. A spelling may drop the h opening a later
    syllable ("Soni") and, before a `liaison`, the final consonant ("So-hee"); when one
    was read from Korean script (`native`), the other must be a spelling of it: it may
    drop what the script has, never add, and its "eu" and "eo" each spell one vowel."""
    lossy = None
    if native[0] != native[1]:
        script, latin = (a, b) if native[0] else (b, a)
        if not _vowels_fit(_readings(script), latin):
            return False
        lossy = 1 if native[0] else 0
    # The script's h may be silent in the spelling (희 as "i"), not the spelling's in the
    # script (이 is no "hee").
    variants_a = [v for r in _readings(a) for v in _silent_h(r, later and lossy != 0)]
    variants_b = [v for r in _readings(b) for v in _silent_h(r, later and lossy != 1)]
    return any(
        _same_syllable(sa, sb, lossy if liaison else -1)
        for x, y in product(variants_a, variants_b)
        for sa, sb in ((skeleton(x), skeleton(y)), _keys(x, y))
    )


def _silent_h(reading: str, droppable: bool) -> list[str]:
    # The h is dropped before the spelling is folded: 호 without it is "o", not 우 "u".
    if droppable and len(reading) > 1 and reading.startswith("h"):
        return [reading, reading[1:]]
    return [reading]


def _vowels_fit(readings: list[str], latin: str) -> bool:
    # Popular spellings write ㅓ as eo, o or u and ㅡ as eu or u; "eo" and "eu" themselves
    # are seldom written for another vowel (성 is "Sung" or "Seong", rarely "Seung"), save
    # ㅢ "eui" and ㅝ "weo".
    word = latin.lower()
    return all(
        mark not in word or any(m in r for r in readings for m in marks)
        for mark, marks in _VOWEL_MARKS
    )


_VOWEL_MARKS = (("eu", ("eu", "ui")), ("eo", ("eo", "wo")))


def _keys(a: str, b: str) -> tuple[str, str]:
    return syllable_key(a), syllable_key(b)


def _same_syllable(sa: str, sb: str, lossy: int | None = None) -> bool:
    """Equal spellings, or one that lost the final consonant of the other ("So", "Son"):
    either may have when `lossy` is None, only the first or second when it is 0 or 1,
    neither when it is -1."""
    if sa == sb:
        return True
    if lossy == -1:
        return False
    short, long_ = sorted((sa, sb), key=len)
    if lossy is not None and short != (sa, sb)[lossy]:
        return False
    return (
        len(short) >= 2
        and short[0] == long_[0]
        and long_.startswith(short)
        and long_[len(short) :] in {"n", "ng", "m", "l"}
    )
