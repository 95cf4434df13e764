"""Organisations written word for word in Hangul, Japanese and Chinese, met under the
English names of their story's articles."""

from __future__ import annotations

from newsdesk.enrich.translated_names import english_words, sibling_organisations

STORY = [
    (1, "Korean Central News Agency"),
    (2, "Japan Meteorological Agency"),
    (3, "NATO"),
    (4, "United Nations Security Council"),
    (5, "Hokuriku Electric Power Co."),
    (6, "Kremlin"),
]


def _found(text: str, language: str, story: list[tuple[int, str]] = STORY) -> set[tuple[str, int]]:
    return {(m.text, entity) for m, entity in sibling_organisations(text, language, [], story)}


def test_english_words_leave_out_what_no_other_script_writes() -> None:
    assert english_words("Hokuriku Electric Power Co.") == ["hokuriku", "electric", "power"]
    assert english_words("Bank of Japan") == ["bank", "japan"]


def test_korean_names_read_word_for_word_and_by_sound() -> None:
    text = "조선중앙통신은 나토와 유엔 안보리를 비판했다고 크렘린궁이 밝혔다. 노토반도는 조용했다."
    # 노토 is no NATO: an acronym said as a word is written letter for letter.
    assert _found(text, "ko") == {
        ("조선중앙통신", 1),
        ("나토", 3),
        ("유엔 안보리", 4),
        ("크렘린궁", 6),
    }


def test_an_article_leaves_out_only_its_own_country() -> None:
    # A Japanese article's 気象庁 is Japan's; a Korean article's 기상청 is Korea's own.
    assert _found("気象庁によると、北陸電力の発電所に異常はない。", "ja") == {
        ("気象庁", 2),
        ("北陸電力", 5),
    }
    assert _found("기상청은 경보를 냈다.", "ko") == set()
    assert _found("일본 기상청은 경보를 냈다.", "ko") == {("일본 기상청", 2)}


def test_a_katakana_name_is_its_whole_run() -> None:
    # "マグ" of "マグニチュード" does not stand for an acronym, nor a word in a longer word.
    story = [(1, "NHK"), (2, "Magna")]
    assert _found("マグニチュード7.6の地震", "ja", story) == set()


def test_a_form_two_organisations_fit_names_neither() -> None:
    story = [(1, "United Nations"), (2, "UN")]
    assert _found("联合国秘书长表示", "zh", story) == set()
    assert _found("联合国秘书长表示", "zh", story[:1]) == {("联合国", 1)}


def test_parts_that_give_a_word_the_name_lacks_name_nothing() -> None:
    # 외교부 is a foreign ministry; "Russian Foreign Ministry" needs its country said.
    story = [(1, "Russian Foreign Ministry"), (2, "Bank of Japan")]
    assert _found("외교부는 성명을 냈다. 중앙은행은 침묵했다.", "ko", story) == set()
    assert _found("러시아 외교부는 성명을 냈다.", "ko", story) == {("러시아 외교부", 1)}
