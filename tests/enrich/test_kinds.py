"""What the article says a name is, and words that are no names."""

from newsdesk.enrich.kinds import article_kinds, not_names


def tag(text: str, *names: tuple[str, str]) -> list[tuple[int, int, str]]:
    """(start, end, label) of each (surface, label), at successive places in `text`."""
    found, position = [], 0
    for surface, label in names:
        start = text.index(surface, position)
        found.append((start, start + len(surface), label))
        position = start + len(surface)
    return found


def labels(text: str, found: list[tuple[int, int, str]]) -> list[tuple[str, str]]:
    return [(text[s:e], label) for s, e, label in found]


def test_a_browser_named_once_is_a_product_every_time():
    text = "Google must not sell its Chrome browser. Chrome keeps its users."
    found = tag(text, ("Google", "ORG"), ("Chrome", "ORG"), ("Chrome", "PERSON"))
    assert labels(text, article_kinds(text, found)) == [
        ("Google", "ORG"),
        ("Chrome", "PRODUCT"),
        ("Chrome", "PRODUCT"),
    ]


def test_weapons_and_lists_of_products():
    text = (
        "The U.S. will send Patriot air defence systems. Trump said the Patriots would go. "
        "Deals covered browsers such as Firefox and Safari."
    )
    found = tag(
        text,
        ("U.S.", "GPE"),
        ("Patriot", "NORP"),
        ("Trump", "PERSON"),
        ("Patriots", "ORG"),
        ("Firefox", "ORG"),
        ("Safari", "PERSON"),
    )
    assert labels(text, article_kinds(text, found)) == [
        ("U.S.", "GPE"),
        ("Patriot", "PRODUCT"),
        ("Trump", "PERSON"),
        ("Patriots", "PRODUCT"),
        ("Firefox", "PRODUCT"),
        ("Safari", "PRODUCT"),
    ]


def test_makers_and_nationalities_before_products_stay_what_they_are():
    text = "Samsung phones and Russian missiles. U.S. systems."
    found = tag(text, ("Samsung", "ORG"), ("Russian", "NORP"), ("U.S.", "GPE"))
    assert article_kinds(text, found) == found


def test_places_said_by_the_article():
    text = (
        "It struck the town of Shika and the Noto Peninsula. Waves hit Wajima port. "
        "The Sendai and Ikata nuclear plants were safe. Belgrade airport reopened."
    )
    found = tag(
        text,
        ("Shika", "ORG"),
        ("Noto Peninsula", "ORG"),
        ("Wajima", "PERSON"),
        ("Sendai", "ORG"),
        ("Ikata", "ORG"),
        ("Belgrade", "GPE"),
    )
    assert labels(text, article_kinds(text, found)) == [
        ("Shika", "GPE"),
        ("Noto Peninsula", "LOC"),
        ("Wajima", "GPE"),
        ("Sendai", "FAC"),
        ("Ikata", "FAC"),
        ("Belgrade", "GPE"),
    ]


def test_newsroom_words_zones_departments_and_sentence_openers_are_no_names():
    text = (
        "Explainer: what the yen did\n\nYen weakens at 0743 GMT. Secretary of State Marco "
        "Rubio and Defence Minister Rustem Umerov met. Chief Cabinet Secretary Hayashi spoke."
    )
    found = tag(
        text,
        ("Explainer", "PERSON"),
        ("Yen", "PERSON"),
        ("GMT", "ORG"),
        ("State", "ORG"),
        ("Marco Rubio", "PERSON"),
        ("Defence", "ORG"),
        ("Rustem Umerov", "PERSON"),
        ("Cabinet", "ORG"),
        ("Hayashi", "PERSON"),
    )
    assert labels(text, not_names(text, found)) == [
        ("Marco Rubio", "PERSON"),
        ("Rustem Umerov", "PERSON"),
        ("Hayashi", "PERSON"),
    ]


def test_a_headline_slug_is_no_name_but_the_news_after_it_is():
    text = "SOCCER - LENTINI MOVES TO ATALANTA\n\nLentini joined Atalanta."
    found = tag(text, ("SOCCER", "ORG"), ("LENTINI", "PERSON"), ("Atalanta", "ORG"))
    assert labels(text, not_names(text, found)) == [("LENTINI", "PERSON"), ("Atalanta", "ORG")]


def test_the_first_word_of_a_named_feature_and_a_resort_are_places():
    text = "A quake on the Nankai Trough. The first Nankai advisory. Guests at the Kalma resort."
    found = tag(text, ("Nankai Trough", "LOC"), ("Nankai", "ORG"), ("Kalma", "ORG"))
    assert labels(text, article_kinds(text, found)) == [
        ("Nankai Trough", "LOC"),
        ("Nankai", "LOC"),
        ("Kalma", "FAC"),
    ]
    # A nationality before a peninsula stays a nationality.
    text = "The Korean Peninsula. Korean officials met."
    found = tag(text, ("Korean Peninsula", "LOC"), ("Korean", "NORP"))
    assert article_kinds(text, found)[1][2] == "NORP"


def test_products_the_lexicon_knows_are_products_where_the_article_says_nothing():
    text = (
        "Google could keep Chrome and Android, and the default in Safari. Trump said the "
        "Patriots would go, including Patriot systems."
    )
    found = tag(
        text,
        ("Google", "ORG"),
        ("Chrome", "ORG"),
        ("Android", "PERSON"),
        ("Safari", "ORG"),
        ("Trump", "PERSON"),
        ("Patriots", "ORG"),
        ("Patriot", "ORG"),
    )
    assert labels(text, article_kinds(text, found)) == [
        ("Google", "ORG"),
        ("Chrome", "PRODUCT"),
        ("Android", "PRODUCT"),
        ("Safari", "PRODUCT"),
        ("Trump", "PERSON"),
        ("Patriots", "PRODUCT"),
        ("Patriot", "PRODUCT"),
    ]


def test_a_product_name_inside_a_longer_name_keeps_the_article_reading():
    text = "The New England Patriots beat the Jets. The Patriots scored twice."
    found = tag(text, ("New England Patriots", "ORG"), ("Jets", "ORG"), ("Patriots", "ORG"))
    assert article_kinds(text, found) == found


def test_common_nouns_in_capitals_and_sectors_are_no_names_but_longer_names_stay():
    text = "Critics of Big Tech fear AI. The AI Safety Institute and Ai Weiwei disagree. END"
    found = tag(
        text,
        ("Big Tech", "ORG"),
        ("AI", "ORG"),
        ("AI Safety Institute", "ORG"),
        ("Ai Weiwei", "PERSON"),
        ("END", "ORG"),
    )
    assert labels(text, not_names(text, found)) == [
        ("AI Safety Institute", "ORG"),
        ("Ai Weiwei", "PERSON"),
    ]


def test_a_contest_named_by_its_last_word_is_an_event_not_a_body():
    text = "Atalanta play in the UEFA Cup. Sukova lost at the U.S. Open. Open Society gave."
    found = tag(
        text,
        ("Atalanta", "ORG"),
        ("UEFA Cup", "ORG"),
        ("Sukova", "PERSON"),
        ("U.S. Open", "ORG"),
        ("Open Society", "ORG"),
    )
    assert labels(text, article_kinds(text, found)) == [
        ("Atalanta", "ORG"),
        ("UEFA Cup", "EVENT"),
        ("Sukova", "PERSON"),
        ("U.S. Open", "EVENT"),
        ("Open Society", "ORG"),
    ]


def test_a_country_taken_for_a_body_is_the_place_but_a_person_keeps_the_tag():
    text = "ROMANIA BEAT LITHUANIA\n\nThe United Arab Emirates and Jordan met. Jordan scored."
    found = tag(
        text,
        ("ROMANIA", "ORG"),
        ("LITHUANIA", "ORG"),
        ("United Arab Emirates", "ORG"),
        ("Jordan", "GPE"),
        ("Jordan", "PERSON"),
    )
    assert labels(text, article_kinds(text, found)) == [
        ("ROMANIA", "GPE"),
        ("LITHUANIA", "GPE"),
        ("United Arab Emirates", "GPE"),
        ("Jordan", "GPE"),
        ("Jordan", "PERSON"),
    ]


def test_people_said_to_be_in_a_name_are_in_a_place():
    text = "Port officials in Eastbridge said so. Eastbridge will check cargo for Google."
    found = tag(text, ("Eastbridge", "ORG"), ("Eastbridge", "ORG"), ("Google", "ORG"))
    assert labels(text, article_kinds(text, found)) == [
        ("Eastbridge", "GPE"),
        ("Eastbridge", "GPE"),
        ("Google", "ORG"),
    ]


def test_an_outlet_is_a_body_unless_the_article_names_a_person_by_it():
    text = "Axios reported the deal. Reuters saw it too."
    found = tag(text, ("Axios", "PERSON"), ("Reuters", "GPE"))
    assert labels(text, article_kinds(text, found)) == [("Axios", "ORG"), ("Reuters", "ORG")]
    text = "Politico Smith spoke. Politico nodded."
    found = tag(text, ("Politico Smith", "PERSON"), ("Politico", "PERSON"))
    assert article_kinds(text, found) == found


def test_a_base_named_after_a_person_is_a_place():
    text = "Trump spoke at Joint Base Andrews. Julie Andrews sang."
    found = tag(text, ("Trump", "PERSON"), ("Andrews", "PERSON"), ("Julie Andrews", "PERSON"))
    assert labels(text, article_kinds(text, found)) == [
        ("Trump", "PERSON"),
        ("Andrews", "FAC"),
        ("Julie Andrews", "PERSON"),
    ]


def test_a_square_or_street_taken_for_a_body_is_a_place_but_a_person_keeps_the_tag():
    text = "Crowds filled Tiananmen Square. Wall Street fell. Ji-sung Park scored."
    found = tag(
        text,
        ("Tiananmen Square", "ORG"),
        ("Wall Street", "FAC"),
        ("Ji-sung Park", "PERSON"),
    )
    assert labels(text, article_kinds(text, found)) == [
        ("Tiananmen Square", "LOC"),
        ("Wall Street", "LOC"),
        ("Ji-sung Park", "PERSON"),
    ]


def test_a_place_noun_one_word_on_says_a_place_but_a_makers_plant_stays_the_maker():
    text = (
        "The Wonsan-Kalma tourist zone opened. Guests filled the Kalma beach resort. "
        "Toyota car plant workers struck."
    )
    found = tag(text, ("Wonsan-Kalma", "ORG"), ("Kalma", "PERSON"), ("Toyota", "ORG"))
    assert labels(text, article_kinds(text, found)) == [
        ("Wonsan-Kalma", "GPE"),
        ("Kalma", "FAC"),
        ("Toyota", "ORG"),
    ]


def test_a_name_whose_shares_are_traded_is_a_company_but_a_market_stays_a_place():
    text = (
        "Alphabet shares dip. Shares of Alphabet fell. Tokyo shares rose and Tokyo's stock "
        "market gained. Shares of Japan rose. A breakup of Cerulean, Google's parent company."
    )
    found = tag(
        text,
        ("Alphabet", "GPE"),
        ("Alphabet", "GPE"),
        ("Tokyo", "GPE"),
        ("Tokyo", "GPE"),
        ("Japan", "GPE"),
        ("Cerulean", "GPE"),
        ("Google", "ORG"),
    )
    assert labels(text, article_kinds(text, found)) == [
        ("Alphabet", "ORG"),
        ("Alphabet", "ORG"),
        ("Tokyo", "GPE"),
        ("Tokyo", "GPE"),
        ("Japan", "GPE"),
        ("Cerulean", "ORG"),
        ("Google", "ORG"),
    ]


def test_a_one_word_name_whose_shares_move_is_a_company_unless_the_article_is_in_it():
    text = "A breakup of Cerulean is unlikely. Tokyo shares rose as trading in Tokyo resumed."
    found = tag(text, ("Cerulean", "GPE"), ("Tokyo", "GPE"), ("Tokyo", "GPE"))
    assert labels(text, article_kinds(text, found)) == [
        ("Cerulean", "ORG"),
        ("Tokyo", "GPE"),
        ("Tokyo", "GPE"),
    ]
    text = "Cerulean shares jumped 8%."
    assert labels(text, article_kinds(text, tag(text, ("Cerulean", "GPE")))) == [
        ("Cerulean", "ORG")
    ]
    # A dateline is a place too.
    text = "OSAKA (Reuters) - Osaka shares fell."
    found = tag(text, ("Osaka", "GPE"))
    assert labels(text, article_kinds(text, found)) == [("Osaka", "GPE")]
