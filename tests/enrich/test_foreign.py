"""Names in articles not in English: Russian by natasha; Korean, Japanese and Chinese by a
name beside a title."""

from __future__ import annotations

from newsdesk.enrich.foreign import (
    foreign_names,
    korean_nominative,
    reads_names,
    russian,
    story_korean_names,
)
from newsdesk.enrich.names import compatible_names


def test_natasha_loads_once_per_process_from_the_package() -> None:
    assert russian() is russian()


def test_russian_names_are_found_and_named_in_the_nominative() -> None:
    text = "Цой Сон Хи встретилась с Сергеем Лавровым в Москве. Лавров сказал, что МИД доволен."
    sentences, mentions, entities = foreign_names(text, "ru")
    assert len(sentences) == 2
    assert all(text[m.start : m.end] == m.text for m in mentions)
    people = {e.name: e for e in entities if e.label == "PERSON"}
    assert "Сергей Лавров" in people and "Лавров" not in people
    assert set(people["Сергей Лавров"].surface_forms) == {"Сергеем Лавровым", "Лавров"}
    assert any(compatible_names(name, "Choe Son Hui") for name in people)


def test_korean_names_need_a_title_once_then_count_wherever_repeated() -> None:
    text = "북한의 최선희 외무상이 회담했다. 한반도 정세는 김정은 위원장이 말했다. 최선희는 떠났다."
    _, mentions, entities = foreign_names(text, "ko")
    assert [m.text for m in mentions] == ["최선희", "김정은", "최선희"]
    assert {e.name: len(e.mentions) for e in entities} == {"최선희": 2, "김정은": 1}
    assert compatible_names(entities[0].name, "Choe Son Hui")


def test_japanese_names_need_a_title_then_count_with_their_family_name() -> None:
    text = "石破茂元幹事長が高市早苗経済安全保障相を破った。石破氏は述べた。自民党総裁は語った。"
    _, mentions, entities = foreign_names(text, "ja")
    assert all(text[m.start : m.end] == m.text for m in mentions)
    assert [m.text for m in mentions] == ["石破茂", "高市早苗", "石破"]
    people = {e.name: e for e in entities}
    assert set(people) == {"石破茂", "高市早苗"}  # 自民党 before a title is no person
    assert compatible_names("石破茂", "Shigeru Ishiba")
    assert compatible_names("高市早苗", "Sanae Takaichi")


def test_a_korean_name_in_a_japanese_article_keeps_its_hanja_reading() -> None:
    text = "金正恩総書記は崔善姫外相と会談した。金総書記は述べた。"
    _, mentions, entities = foreign_names(text, "ja")
    assert [m.text for m in mentions] == ["金正恩", "崔善姫", "金"]
    names = [e.name for e in entities]
    assert compatible_names(names[0], "Kim Jong Un") and compatible_names(names[1], "Choe Son Hui")


def test_chinese_names_beside_a_title_before_or_after_them() -> None:
    text = "国家主席习近平表示，外交部长王毅和俄罗斯外长拉夫罗夫会谈。李强总理说。习近平说。"
    _, mentions, entities = foreign_names(text, "zh")
    assert [m.text for m in mentions] == ["习近平", "王毅", "李强", "习近平"]
    assert {e.name: len(e.mentions) for e in entities} == {"习近平": 2, "王毅": 1, "李强": 1}
    assert compatible_names("习近平", "Xi Jinping") and compatible_names("王毅", "Wang Yi")


def test_a_korean_name_in_an_oblique_case_is_named_in_the_nominative() -> None:
    text = "Лавров передал послание Ким Чен Ыну. Позже посол встретился с Ким Чен Ыном."
    _, _, entities = foreign_names(text, "ru")
    kim = next(e for e in entities if e.name.startswith("Ким"))
    assert kim.name == "Ким Чен Ын"
    assert set(kim.surface_forms) == {"Ким Чен Ыну", "Ким Чен Ыном"}
    assert compatible_names(korean_nominative("Ким Чен Ына"), "Kim Jong Un")
    assert not compatible_names(korean_nominative("Ким Чен Ира"), "Kim Jong Un")
    # Russian names are natasha's to decline; a Korean one in the nominative stays.
    assert korean_nominative("Сергея Лаврова") == "Сергея Лаврова"
    assert korean_nominative("Цой Сон Хи") == "Цой Сон Хи"


def test_a_language_without_a_recogniser_gives_nothing() -> None:
    assert not reads_names("ar")
    assert foreign_names("قال الرئيس", "ar") == ([], [], [])


def test_a_russian_name_after_a_place_noun_is_the_place_named_after_the_person() -> None:
    text = (
        "Днём на площади Ким Ир Сена состоялась церемония. В аэропорту Ким Чен Ын встретил "
        "Путина. Затем на площади Путин выступил."
    )
    _, mentions, entities = foreign_names(text, "ru")
    assert all(text[m.start : m.end] == m.text for m in mentions)
    by_label = {(e.label, e.name) for e in entities}
    assert ("FAC", "площадь Ким Ир Сена") in by_label
    people = {name for label, name in by_label if label == "PERSON"}
    # The name in the nominative after a place noun is the person, not a place.
    assert {"Ким Чен Ын", "Путин"} <= people
    assert not any("Ким Ир" in name for name in people)


def test_a_russian_word_opening_a_sentence_and_written_in_lowercase_elsewhere_is_no_name() -> None:
    text = (
        "В Стамбуле прошли переговоры России и Украины\n\nДелегации России и Украины провели "
        "в пятницу в Стамбуле первые с 2022 года прямые переговоры. Российскую делегацию "
        "возглавил Владимир Мединский."
    )
    _, mentions, _ = foreign_names(text, "ru")
    assert "Делегации" not in [m.text for m in mentions]
    assert {"Стамбуле", "Владимир Мединский"} <= {m.text for m in mentions}


def test_a_story_s_korean_person_is_named_without_a_title_in_its_korean_article() -> None:
    story = [(1, "Chang Ho-jin"), (2, "Vladimir Putin"), (3, "Cho Tae-yong")]
    text = "장호진 실장은 말했다. 장호진은 정부가 대응한다고 했다. 조태열과 장관들이 왔다."
    found = [(m.text, m.start, entity) for m, entity in story_korean_names(text, [], story)]
    # 조태열 is no Cho Tae-yong, and a word a name only opens (장관들이) is none.
    assert found == [("장호진", 0, 1), ("장호진", 13, 1)]
    # Written given name first, a person's name is not read from Hangul this way.
    assert story_korean_names("푸틴은 말했다.", [], story) == []
    assert story_korean_names("장호진은 말했다.", [], story, taken=[(0, 3)]) == []
