"""People written by sound in Hangul, kana and Chinese characters, met under the English
names of their story's articles."""

from __future__ import annotations

import pytest

from newsdesk.enrich.romanise import hangul_readings, kana_reading
from newsdesk.enrich.sound_names import (
    english_skeleton,
    sibling_mentions,
    sounds_alike,
    written_skeleton,
)

STORY = [(1, "Sergey Lavrov"), (2, "Vladimir Putin"), (3, "Donald Trump"), (4, "Fumio Kishida")]


def _hangul(word: str) -> str:
    return "".join(hangul_readings(ch)[0] for ch in word)


@pytest.mark.parametrize(
    ("english", "written"),
    [
        ("Lavrov", _hangul("라브로프")),
        ("Lavrov", kana_reading("ラブロフ")),
        ("Lavrov", "lafuluofu"),
        ("Vladimir", _hangul("블라디미르")),
        ("Zelenskyy", _hangul("젤렌스키")),
        ("Trump", "telangpu"),
        ("Fumio", _hangul("후미오")),
        ("Rutte", _hangul("뤼터")),
    ],
)
def test_loan_word_spellings_sound_like_the_english_name(english: str, written: str) -> None:
    assert sounds_alike(english_skeleton(english), written_skeleton(written))


def test_different_names_do_not_sound_alike() -> None:
    assert not sounds_alike(english_skeleton("Putin"), written_skeleton(_hangul("트럼프")))
    assert not sounds_alike(english_skeleton("Lavrov"), written_skeleton(_hangul("페스코프")))
    # A written h stands for an English f, never an English f for a written h.
    assert not sounds_alike(english_skeleton("Hakan"), written_skeleton("fakan"))


def test_korean_full_names_and_titled_family_names_join_the_story_people() -> None:
    text = "세르게이 라브로프 외무장관이 왔다. 라브로프와 푸틴 대통령은 만났다. 트럼프가 말했다."
    found = {(m.text, entity) for m, entity in sibling_mentions(text, "ko", [], STORY)}
    # 트럼프 is neither named in full nor beside a title: a skeleton alone is too weak.
    assert found == {("세르게이 라브로프", 1), ("라브로프", 1), ("푸틴", 2)}


def test_a_japanese_name_in_hangul_is_written_family_name_first() -> None:
    text = "기시다 후미오 총리는 지시했다."
    mentions = sibling_mentions(text, "ko", [], STORY)
    assert [(m.text, entity) for m, entity in mentions] == [("기시다 후미오", 4)]


def test_katakana_and_chinese_family_names_beside_a_title() -> None:
    ja = sibling_mentions("ロシアのラブロフ外相が述べた。ラブロフ氏は語った。", "ja", [], STORY)
    assert [(m.text, m.start) for m, _ in ja] == [("ラブロフ", 4), ("ラブロフ", 15)]
    zh = sibling_mentions("美国总统特朗普此前提出设想。", "zh", [], STORY)
    assert [(m.text, entity) for m, entity in zh] == [("特朗普", 3)]


def test_a_form_two_story_people_fit_is_nobody_and_taken_spans_stay_taken() -> None:
    text = "푸틴 대통령은 말했다."
    namesakes = [(2, "Vladimir Putin"), (9, "Ivan Putin")]
    assert sibling_mentions(text, "ko", [], namesakes) == []
    assert sibling_mentions(text, "ko", [], STORY, taken=[(0, 2)]) == []
    # East Asian names are left to the recognisers of their own script.
    assert sibling_mentions("김 위원장은 말했다.", "ko", [], [(5, "Kim Jong Un")]) == []


def test_sentences_are_counted_and_other_languages_give_nothing() -> None:
    text = "첫 문장이다. 푸틴 대통령은 말했다."
    mentions = sibling_mentions(text, "ko", [(0, 7), (8, len(text))], STORY)
    assert [m.sentence for m, _ in mentions] == [1]
    assert sibling_mentions("Putin said.", "en", [], STORY) == []
