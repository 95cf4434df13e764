"""Names written in other scripts, read in Latin letters the way the English press spells them.

Hangul syllables are decomposed arithmetically (Unicode lays them out as initial × vowel ×
final) and read by Revised Romanization and McCune-Reischauer; Russian and Ukrainian
Cyrillic by their usual English transliterations; a Korean name written in Cyrillic
("Цой Сон Хи", "Ким Чен Ын", after Kontsevich and older Russian practice) back into the
Korean syllables it stands for; Japanese names in modified Hepburn (pykakasi's dictionaries)
and Chinese ones in pinyin (pypinyin's), both loaded only when such a name first comes.
Comparison (`names`) folds what the systems differ in.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import hanja
from anyascii import anyascii


def _spelled(text: str) -> tuple[str, ...]:
    # A table's spellings written as one line, "-" for none.
    return tuple(text.split())


HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3
# Unicode's Hangul block: 19 initials × 21 vowels × 28 finals (the first "final" is none).
VOWELS_TIMES_FINALS, FINALS = 21 * 28, 28

_RR_INITIALS = _spelled("g kk n d tt r m b pp s ss - j jj ch k t p h")
_MR_INITIALS = _spelled("k kk n t tt r m p pp s ss - ch tch ch k t p h")
_RR_VOWELS = _spelled("a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i")
# McCune-Reischauer's ŏ and ŭ without their breve, as the English press writes them.
_MR_VOWELS = _spelled("a ae ya yae o e yo ye o wa wae oe yo u wo we wi yu u ui i")
# Finals as pronounced at the end of a syllable (both systems agree there).
_FINALS = _spelled("- k k k n n n t l k m l l l p l m p p t t ng t t k t p t")


def hangul_syllable(char: str) -> tuple[int, int, int] | None:
    """The (initial, vowel, final) indices of a Hangul syllable, None for any other character."""
    code = ord(char) - HANGUL_FIRST if len(char) == 1 else -1
    if not 0 <= code <= HANGUL_LAST - HANGUL_FIRST:
        return None
    return code // VOWELS_TIMES_FINALS, code % VOWELS_TIMES_FINALS // FINALS, code % FINALS


@lru_cache(maxsize=16384)
def hangul_readings(char: str) -> tuple[str, ...]:
    """A Hangul syllable's Revised Romanization, then its McCune-Reischauer reading when
    that differs, each on its own as names are romanised ("선": seon, son); () otherwise."""
    parts = hangul_syllable(char)
    if parts is None:
        return ()
    initial, vowel, final = parts
    readings = []
    for initials, vowels in ((_RR_INITIALS, _RR_VOWELS), (_MR_INITIALS, _MR_VOWELS)):
        onset = initials[initial].strip("-")
        nucleus = vowels[vowel]
        if onset == "s" and initials is _MR_INITIALS and nucleus in ("i", "wi"):
            onset = "sh"  # McCune-Reischauer's "shi": 신 is "Shin"
        readings.append(onset + nucleus + _FINALS[final].strip("-"))
    return tuple(dict.fromkeys(readings))


# Japanese writes some characters of Korean names in its simplified forms, which the
# Hanja table reads otherwise (姫 for the 姬 of 崔善姬).
_KYUJITAI = str.maketrans({"姫": "姬"})


@lru_cache(maxsize=16384)
def sino_korean(name: str) -> str:
    """A name in Chinese characters read in Hangul, as Korean reads them ("崔善姬": 최선희);
    other characters unchanged."""
    reading = hanja.translate(name.translate(_KYUJITAI), "substitution")
    # 金 is read 금 (gold) but 김 as a family name, the commonest in Korea.
    return "김" + reading[1:] if name.startswith("金") else reading


@lru_cache(maxsize=1)
def _kakasi() -> Any:
    # Imported here: pykakasi's dictionaries take a second or two to open, which only a
    # process reading Japanese names need pay.
    import pykakasi

    return pykakasi.kakasi()


@lru_cache(maxsize=16384)
def japanese_reading(name: str) -> tuple[str, ...]:
    """A Japanese name in Hepburn as the English press writes it, one word per word of
    pykakasi's dictionary, family first and long vowels unmarked: 石破茂 gives ("ishiba",
    "shigeru"), 河野太郎 ("kono", "taro")."""
    words = (w["hepburn"].strip().lower() for w in _kakasi().convert(name))
    return tuple(_short_vowels(w) for w in words if w.isalpha() and w.isascii())


@lru_cache(maxsize=16384)
def kana_reading(text: str) -> str:
    """Kana read in Hepburn as one word ("ラブロフ": raburofu), what is no kana left out."""
    words = (w["hepburn"].strip().lower() for w in _kakasi().convert(text))
    return "".join(c for w in words for c in w if c.isascii() and c.isalpha())


def _short_vowels(word: str) -> str:
    # pykakasi spells a long o as "ou" or "oo" and a long u as "uu"; the press writes one
    # letter (Kōno, Shinzō: Kono, Shinzo), but "ou" before a vowel is two (Inoue).
    word = re.sub(r"o[ou](?![aeiou])", "o", word)
    return re.sub(r"uu(?![aeiou])", "u", word)


@lru_cache(maxsize=1)
def _pinyin() -> Any:
    # Imported here, as pykakasi is: its phrase dictionary costs a second to load.
    import pypinyin

    return pypinyin


@lru_cache(maxsize=16384)
def chinese_reading(name: str) -> tuple[tuple[str, ...], ...]:
    """A name in Chinese characters read in pinyin without tones, each character's
    readings: first as pypinyin reads it in its phrase (习近平: xi, jin, ping), then, for
    the family name, every other reading of its character (曾 is ceng in a word, zeng as
    a family name)."""
    pypinyin = _pinyin()
    style = pypinyin.Style.NORMAL
    read = pypinyin.lazy_pinyin(name, style=style, errors=lambda text: [""] * len(text))
    readings = []
    for index, (char, first) in enumerate(zip(name, read, strict=False)):
        others = pypinyin.pinyin(char, style=style, heteronym=True)[0] if index == 0 else []
        readings.append(tuple(dict.fromkeys(r for r in (first, *others) if r.isalpha())))
    return tuple(readings)


def is_cyrillic(text: str) -> bool:
    """True when the text has Cyrillic letters and no Latin ones."""
    return bool(_CYRILLIC.search(text)) and not re.search(r"[A-Za-z]", text)


def cyrillic_readings(text: str) -> tuple[str, ...]:
    """Latin readings of a Cyrillic text: Ukrainian when it has a letter only Ukrainian
    writes (і, ї, є, ґ), Russian when one only Russian writes (ё, ы, э, ъ), else both."""
    lowered = text.lower()
    ukrainian = bool(re.search("[іїєґ]", lowered))
    russian = bool(re.search("[ёыэъ]", lowered))
    tables = [_UKRAINIAN] if ukrainian and not russian else [_RUSSIAN]
    if not ukrainian and not russian:
        tables.append(_UKRAINIAN)
    readings = [_transliterate(text, table) for table in tables]
    if _RUSSIAN in tables and _FOREIGN_U.search(lowered):
        # Russian writes the u of a foreign name after a consonant as ю, for the ü it is in
        # Dutch and German or the soft sound Russian hears (Рютте is Rutte, Мюллер Muller).
        readings.append(_transliterate(_FOREIGN_U.sub(_plain_u, text), _RUSSIAN))
    return tuple(dict.fromkeys(readings))


def _plain_u(match: re.Match[str]) -> str:
    return match.group(1) + ("У" if match.group(2).isupper() else "у")


def _transliterate(text: str, table: dict[str, str]) -> str:
    out = []
    for i, char in enumerate(text):
        low = char.lower()
        if low not in table:
            out.append(anyascii(char))
            continue
        latin = table[low]
        before = text[i - 1].lower() if i else ""
        if low in "ея" and (not before.isalpha() or before in _CYRILLIC_VOWELS + "ъь'’"):
            # Е and я open with a "y" at the start of a word and after a vowel: Yevgeny, Yelena.
            latin = {"е": "ye", "я": "ya"}[low] if table is _RUSSIAN else latin
        if char.isupper() and latin:
            latin = latin[0].upper() + latin[1:]
        out.append(latin)
    return "".join(out)


_CYRILLIC = re.compile("[\u0400-\u04ff]")
_CYRILLIC_VOWELS = "аеёиоуыэюяіїє"
# A ю after a consonant letter, in any case.
_FOREIGN_U = re.compile("([бвгджзклмнпрстфхцчшщ])([юЮ])", re.IGNORECASE)
_COMMON = dict(
    zip(
        "абвдзклмнопрстуфцчшщъьюя",
        _spelled("a b v d z k l m n o p r s t u f ts ch sh shch - - yu ya"),
        strict=True,
    )
)
_COMMON = {k: v.strip("-") for k, v in _COMMON.items()}
_RUSSIAN = _COMMON | {
    "г": "g", "е": "e", "ё": "yo", "ж": "zh", "и": "i", "й": "y", "х": "kh", "ы": "y", "э": "e",
}  # fmt: skip
# Ukraine's national transliteration (2010), which its officials' English names follow.
_UKRAINIAN = _COMMON | {
    "г": "h", "ґ": "g", "е": "e", "є": "ye", "ж": "zh", "и": "y", "і": "i", "ї": "yi",
    "й": "y", "х": "kh", "'": "", "’": "",
}  # fmt: skip


@lru_cache(maxsize=16384)
def cyrillic_korean_syllable(word: str) -> tuple[str, ...] | None:
    """The Korean syllables a Cyrillic word may stand for, as Revised Romanization-like
    spellings ("чен": jen, jeon, jeng, jeong), or None when it is not one Korean syllable.

    Russian writes Korean by Kontsevich's system and older practice: чж and ч for ㅈ, ц
    for ㅊ in family names (Цой), ы for ㅡ, о for both ㅗ and ㅓ, ё for ㅕ, н for both
    final ㄴ and ㅇ, р for ㄹ;
    each reading is one the comparison of syllables can fold to its English spelling.
    """
    s = word.lower()
    onset, s = _longest(s, _KOREAN_ONSETS)
    vowel, s = _longest(s, _KOREAN_VOWELS)
    if vowel is None:
        return None
    coda, s = _longest(s, _KOREAN_CODAS)
    if s:
        return None
    onset_latin = (onset or ("", ""))[1]
    vowels = vowel[1].split()
    if onset_latin in ("j", "ch", "s") and vowel[0] == "е":
        vowels.append("eo")  # Ким Чен Ын: е after ч is ㅓ in the older spelling
    codas = (coda or ("", ""))[1].split() or [""]
    return tuple(dict.fromkeys(onset_latin + v + c for v in vowels for c in codas))


def _longest(text: str, table: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str] | None, str]:
    for cyrillic, latin in table:
        if text.startswith(cyrillic):
            return (cyrillic, latin), text[len(cyrillic) :]
    return None, text


# Longest first, so "чж" is read before "ч".
_KOREAN_ONSETS = (
    ("чж", "j"), ("чх", "ch"), ("кх", "k"), ("тх", "t"), ("пх", "p"), ("кк", "kk"),
    ("тт", "tt"), ("пп", "pp"), ("сс", "ss"), ("чч", "jj"), ("ч", "j"), ("ц", "ch"),
    ("к", "k"), ("г", "g"), ("т", "t"), ("д", "d"), ("п", "p"), ("б", "b"), ("с", "s"),
    ("ш", "s"), ("х", "h"), ("м", "m"), ("н", "n"), ("р", "r"), ("л", "r"),
)  # fmt: skip
_KOREAN_VOWELS = (
    ("ый", "ui"), ("ой", "oe"), ("ве", "we"), ("вэ", "wae"), ("ва", "wa"), ("во", "wo"),
    ("ви", "wi"), ("ё", "yeo"), ("ю", "yu"), ("я", "ya"), ("е", "e ye"), ("э", "ae"),
    ("ы", "eu"), ("о", "o eo"), ("у", "u"), ("и", "i"), ("а", "a"),
)  # fmt: skip
_KOREAN_CODAS = (
    ("нъ", "ng"), ("ль", "l"), ("н", "n ng"), ("м", "m"), ("р", "l"), ("л", "l"),
    ("к", "k"), ("г", "k"), ("п", "p"), ("б", "p"), ("т", "t"), ("д", "t"),
)  # fmt: skip
