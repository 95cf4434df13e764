"""Other scripts read in Latin letters: Hangul by syllable, Russian and Ukrainian Cyrillic,
Korean names written in Cyrillic."""

from __future__ import annotations

from newsdesk.enrich.romanise import (
    cyrillic_korean_syllable,
    cyrillic_readings,
    hangul_readings,
    hangul_syllable,
    is_cyrillic,
    sino_korean,
)


def test_hangul_syllables_decompose_into_initial_vowel_and_final() -> None:
    assert hangul_syllable("가") == (0, 0, 0)
    assert hangul_syllable("한") == (18, 0, 4)  # ㅎ, ㅏ, ㄴ
    assert hangul_syllable("힣") == (18, 20, 27)
    assert hangul_syllable("a") is None and hangul_syllable("ㄱ") is None


def test_hangul_is_read_by_revised_romanization_then_mccune_reischauer() -> None:
    assert hangul_readings("선") == ("seon", "son")
    assert hangul_readings("석") == ("seok", "sok")  # a final ㄱ is heard as k
    assert hangul_readings("김") == ("gim", "kim")
    assert hangul_readings("신") == ("sin", "shin")
    assert hangul_readings("은") == ("eun", "un")
    assert hangul_readings("희") == ("hui",)
    assert hangul_readings("x") == ()


def test_cyrillic_is_read_as_russian_or_ukrainian_by_its_letters() -> None:
    assert is_cyrillic("Сергей Лавров") and not is_cyrillic("Sergey Лавров")
    # No letter tells the language: both readings.
    assert cyrillic_readings("Володимир Зеленський") == (
        "Volodimir Zelenskiy",
        "Volodymyr Zelenskyy",
    )
    # і is only Ukrainian, ы only Russian.
    assert cyrillic_readings("Андрій Сибіга") == ("Andriy Sybiha",)
    assert cyrillic_readings("Дмитрий Быков") == ("Dmitriy Bykov",)
    # Russian opens a word's е with a "y" (Yevgeniy); Ukrainian writes that sound є.
    assert cyrillic_readings("Евгений") == ("Yevgeniy", "Evhenyy")
    assert cyrillic_readings("Євген") == ("Yevhen",)


def test_a_korean_syllable_in_cyrillic_gives_its_korean_readings() -> None:
    # Final н is ㄴ or ㅇ; е after ч is also the older spelling of ㅓ.
    assert {"jeong", "jeon"} <= set(cyrillic_korean_syllable("Чен") or ())
    assert cyrillic_korean_syllable("Ын") == ("eun", "eung")
    assert cyrillic_korean_syllable("Цой") == ("choe",)
    assert cyrillic_korean_syllable("Чжон") == ("jon", "jong", "jeon", "jeong")  # о: ㅗ or ㅓ
    assert cyrillic_korean_syllable("Ир") == ("il",)
    # Words of more than one syllable, or ending in no Korean final, are not Korean.
    assert cyrillic_korean_syllable("Сергей") is None
    assert cyrillic_korean_syllable("Лев") is None


def test_chinese_characters_of_a_korean_name_are_read_in_hangul() -> None:
    assert sino_korean("崔善姬") == "최선희"
    assert sino_korean("崔善姫") == sino_korean("崔善姬")  # Japanese 姫 is Korean 姬
    assert sino_korean("金正恩").startswith("김")  # the family name, not 금 (gold)
