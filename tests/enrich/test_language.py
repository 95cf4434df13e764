"""Language of a text: all-caps headlines and name-heavy reports are still English."""

from newsdesk.enrich.language import detect_language


def test_an_all_caps_headline_does_not_pass_for_swedish():
    text = (
        "SOCCER - MILAN'S LENTINI MOVES TO ATALANTA.\n\nMILAN 1996-08-30\n\n"
        "Former Italian international winger Gianluigi Lentini has been loaned to Atalanta "
        "for a year, newspapers reported on Friday."
    )
    assert detect_language(text) == "en"


def test_a_team_sheet_with_one_line_of_prose_is_english():
    names = "\n\n".join(
        f"{a} {b}"
        for a, b in [
            ("Joost", "van der Westhuizen"),
            ("Andre", "Joubert"),
            ("Japie", "Mulder"),
            ("Os", "du Randt"),
            ("Kobus", "Wiese"),
            ("Henry", "Honiball"),
        ]
    )
    text = (
        "RUGBY UNION - SPRINGBOKS BREAK ALL BLACK SPELL\n\n"
        "South Africa ended a run of defeats with a victory over the All Blacks on Saturday "
        "in front of a crowd of fifty thousand.\n\n" + names
    )
    assert detect_language(text) == "en"


def test_other_languages_stay_what_they_are():
    assert detect_language("Министр иностранных дел России провёл переговоры в Москве.") == "ru"
    assert (
        detect_language("Der Bundeskanzler traf am Montag in Berlin den französischen Präsidenten.")
        == "de"
    )
    assert detect_language("12 345 678") == "und"
