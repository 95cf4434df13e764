"""Other scripts read in Latin letters: Hangul by syllable, Russian and Ukrainian Cyrillic,
Korean names written in Cyrillic."""

from __future__ import annotations

from newsdesk.enrich.romanise import (
    chinese_reading,
    cyrillic_korean_syllable,
    cyrillic_readings,
    hangul_readings,
    hangul_syllable,
    is_cyrillic,
    japanese_reading,
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
    # A ю after a consonant is also read u, as a foreign name's ü or u; at a word's
    # start it stays yu.
    assert cyrillic_readings("Марк Рютте") == ("Mark Ryutte", "Mark Rutte")
    assert cyrillic_readings("Юрий Ушаков")[0] == "Yuriy Ushakov"
    assert all(r.startswith("Yu") for r in cyrillic_readings("Юрий Ушаков"))


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


def test_the_japanese_and_chinese_dictionaries_load_from_their_packages() -> None:
    import pykakasi
    import pypinyin

    assert pykakasi.kakasi().convert("東京")[0]["hepburn"] == "toukyou"
    assert pypinyin.lazy_pinyin("北京") == ["bei", "jing"]


def test_japanese_names_are_read_in_hepburn_without_long_vowel_marks() -> None:
    assert japanese_reading("石破茂") == ("ishiba", "shigeru")
    assert japanese_reading("河野太郎") == ("kono", "taro")  # ou of a long o is one letter
    assert japanese_reading("井上") == ("inoue",)  # but o then u before a vowel stays two


def test_chinese_names_are_read_in_pinyin_the_family_name_in_every_reading() -> None:
    assert chinese_reading("习近平") == (("xi",), ("jin",), ("ping",))
    assert "zeng" in chinese_reading("曾庆红")[0]  # 曾 as a family name, not only "ceng"
