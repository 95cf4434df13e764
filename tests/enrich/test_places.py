"""Names the article shows to be places: groups that are prefectures and islands, rooms."""

from newsdesk.enrich.places import article_places

from .test_kinds import labels, tag


def test_a_group_the_article_names_as_a_place_is_that_place():
    text = (
        "Ishikawa Governor Hiroshi Hase spoke in Ishikawa Prefecture. Plants on Kyushu and "
        "Shikoku were safe. Miyazaki reported damage; Miyazaki officials met."
    )
    found = tag(
        text,
        ("Ishikawa", "NORP"),
        ("Hiroshi Hase", "PERSON"),
        ("Ishikawa Prefecture", "GPE"),
        ("Kyushu", "GPE"),
        ("Shikoku", "NORP"),
        ("Miyazaki", "GPE"),
        ("Miyazaki", "NORP"),
    )
    assert labels(text, article_places(text, found)) == [
        ("Ishikawa", "GPE"),
        ("Hiroshi Hase", "PERSON"),
        ("Ishikawa Prefecture", "GPE"),
        ("Kyushu", "GPE"),
        ("Shikoku", "GPE"),
        ("Miyazaki", "GPE"),
        ("Miyazaki", "GPE"),
    ]


def test_a_governors_group_is_the_place_he_governs_but_a_party_stays_a_group():
    text = "Ishikawa Governor Hiroshi Hase and Republican Governor Greg Abbott met."
    found = tag(
        text,
        ("Ishikawa", "NORP"),
        ("Hiroshi Hase", "PERSON"),
        ("Republican", "NORP"),
        ("Greg Abbott", "PERSON"),
    )
    assert [label for _, label in labels(text, article_places(text, found))] == [
        "GPE",
        "PERSON",
        "NORP",
        "PERSON",
    ]


def test_nationalities_creeds_and_plurals_stay_groups_beside_places():
    text = (
        "Tensions on the Korean Peninsula worried Korean officials. Israelis and Gaza "
        "residents, Russia and Ukrainian troops, Islam and Mecca."
    )
    found = tag(
        text,
        ("Korean Peninsula", "LOC"),
        ("Korean", "NORP"),
        ("Israelis", "NORP"),
        ("Gaza", "GPE"),
        ("Russia", "GPE"),
        ("Ukrainian", "NORP"),
        ("Islam", "NORP"),
        ("Mecca", "GPE"),
    )
    assert article_places(text, found) == found


def test_a_body_named_by_a_prefectures_name_is_the_prefecture_but_a_city_club_stays():
    text = "Ishikawa said roads were cut in Ishikawa Prefecture. Leicester beat Leicester City."
    found = tag(
        text,
        ("Ishikawa", "ORG"),
        ("Ishikawa Prefecture", "GPE"),
        ("Leicester", "ORG"),
        ("Leicester City", "GPE"),
    )
    assert labels(text, article_places(text, found)) == [
        ("Ishikawa", "GPE"),
        ("Ishikawa Prefecture", "GPE"),
        ("Leicester", "ORG"),
        ("Leicester City", "GPE"),
    ]


def test_a_room_things_happen_in_is_a_place_but_an_office_that_acts_is_a_body():
    text = (
        "Speaking in the Oval Office, Trump said so. Later, at the Oval Office, he signed. "
        "The Foreign Office said it was concerned. The Press Office said nothing, though "
        "reporters waited in the Press Office."
    )
    found = tag(
        text,
        ("Oval Office", "ORG"),
        ("Trump", "PERSON"),
        ("Oval Office", "ORG"),
        ("Foreign Office", "ORG"),
        ("Press Office", "ORG"),
        ("Press Office", "ORG"),
    )
    assert labels(text, article_places(text, found)) == [
        ("Oval Office", "FAC"),
        ("Trump", "PERSON"),
        ("Oval Office", "FAC"),
        ("Foreign Office", "ORG"),
        ("Press Office", "ORG"),
        ("Press Office", "ORG"),
    ]
