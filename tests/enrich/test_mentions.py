"""Recognised spans cut into clean names and agreed across the article, on hand-set entities."""

import spacy
from spacy.tokens import Doc, Span

from newsdesk.enrich.mentions import Found, agree, clean, join_names, name_spans, spread

BLANK = spacy.blank("en")


def doc_with(text: str, *entities: tuple[str, str]) -> Doc:
    """`text` tokenised, with each (surface, label) set as an entity at its first place."""
    doc = BLANK(text)
    spans = []
    for surface, label in entities:
        start = text.index(surface)
        span = doc.char_span(start, start + len(surface), label=label)
        assert span is not None, surface
        spans.append(span)
    doc.ents = spans
    return doc


def texts(doc: Doc, found: list[Found]) -> list[tuple[str, str]]:
    return [(doc.text[f.start : f.end], f.label) for f in found]


def cleaned(text: str, surface: str, label: str) -> list[tuple[str, str]]:
    doc = doc_with(text, (surface, label))
    return texts(doc, clean(doc.ents[0]))


def test_a_results_line_is_cut_at_its_scores():
    assert cleaned("Millwall 2 Burnley 1", "Millwall 2 Burnley 1", "ORG") == [
        ("Millwall", "ORG"),
        ("Burnley", "ORG"),
    ]


def test_a_byline_glued_to_the_lead_is_two_names():
    text = "Associated Press\n\nSergey Lavrov said"
    assert cleaned(text, "Associated Press\n\nSergey Lavrov", "PERSON") == [
        ("Associated Press", "PERSON"),
        ("Sergey Lavrov", "PERSON"),
    ]


def test_lowercase_words_end_a_name_but_particles_and_hyphenated_parts_do_not():
    assert cleaned("Healy b Fleming 3", "Healy b Fleming", "PERSON") == [
        ("Healy", "PERSON"),
        ("Fleming", "PERSON"),
    ]
    assert cleaned("Joost van der Westhuizen ran", "Joost van der Westhuizen", "PERSON") == [
        ("Joost van der Westhuizen", "PERSON")
    ]
    assert cleaned("Minister Choi So-hee said", "Choi So-hee", "PERSON") == [
        ("Choi So-hee", "PERSON")
    ]
    assert cleaned("the Bank of England said", "Bank of England", "ORG") == [
        ("Bank of England", "ORG")
    ]


def test_the_and_possessives_are_trimmed_and_punctuation_splits():
    assert cleaned("the United States's view", "the United States's", "GPE") == [
        ("United States", "GPE")
    ]
    assert cleaned("Vaas, Muralitharan took", "Vaas, Muralitharan", "PERSON") == [
        ("Vaas", "PERSON"),
        ("Muralitharan", "PERSON"),
    ]
    assert cleaned("CRICKET - AUSTRALIA WIN", "CRICKET - AUSTRALIA", "ORG") == [
        ("CRICKET", "ORG"),
        ("AUSTRALIA", "ORG"),
    ]


def test_an_acronym_is_no_person_and_titles_of_works_stay_whole():
    assert cleaned("KCNA reported on Monday", "KCNA", "PERSON") == [("KCNA", "ORG")]
    assert cleaned("He starred in On the Waterfront.", "On the Waterfront", "WORK_OF_ART") == [
        ("On the Waterfront", "WORK_OF_ART")
    ]


def test_names_cut_at_a_particle_are_joined():
    text = "Egyptian President Abdel Fattah el-Sisi said"
    found = [Found(19, 31, "PERSON"), Found(32, 39, "PERSON")]
    assert texts(BLANK(text), join_names(found, text)) == [("Abdel Fattah el-Sisi", "PERSON")]
    # A name of several words after a person's, or apart by more than a space, stays apart.
    text = "Abdel Fattah North Korea, Abdel Fattah, el-Sisi"
    other = [Found(0, 12, "PERSON"), Found(13, 24, "GPE"), Found(26, 38, "PERSON")]
    other.append(Found(40, 47, "PERSON"))
    assert join_names(other, text) == other


def test_a_surname_after_the_full_name_is_that_person():
    text = "Andrew Mehrtens kicked. Mehrtens missed. Later Mehrtens scored."
    found = [Found(0, 15, "PERSON"), Found(24, 32, "ORG"), Found(47, 55, "GPE")]
    assert [f.label for f in agree(found, text)] == ["PERSON", "PERSON", "PERSON"]


def test_a_surname_the_article_uses_for_a_place_more_often_stays_a_place():
    text = "George Washington spoke. Washington agreed. Washington is far."
    found = [Found(0, 17, "PERSON"), Found(25, 35, "GPE"), Found(44, 54, "GPE")]
    assert [f.label for f in agree(found, text)] == ["PERSON", "GPE", "GPE"]


def test_one_label_per_surface_form_by_majority():
    text = "Somerset won. Somerset lost. Somerset drew."
    found = [Found(0, 8, "ORG"), Found(14, 22, "GPE"), Found(29, 37, "ORG")]
    assert [f.label for f in agree(found, text)] == ["ORG", "ORG", "ORG"]
    tie = [Found(0, 8, "ORG"), Found(14, 22, "GPE")]
    assert agree(tie, text) == tie


def test_a_name_tagged_once_is_found_again_but_not_a_word_written_in_lowercase():
    text = (
        "Springboks beat the All Blacks. The All Blacks and Reading lost. "
        "Reading is fun, reading too."
    )
    doc = doc_with(text, ("All Blacks", "ORG"), ("Reading", "ORG"))
    found = [Found(s.start_char, s.end_char, s.label_) for s in doc.ents]
    spread_out = texts(doc, spread(found, doc, text))
    assert spread_out.count(("All Blacks", "ORG")) == 2
    assert spread_out.count(("Reading", "ORG")) == 1


def test_the_surname_spreads_as_the_person_where_untagged():
    text = "President Donald Trump spoke. Trump did not say more."
    doc = doc_with(text, ("Donald Trump", "PERSON"))
    found = name_spans(doc, text, {"PERSON"})
    assert texts(doc, found) == [("Donald Trump", "PERSON"), ("Trump", "PERSON")]


def test_spread_needs_whole_tokens_and_no_overlap():
    text = "Kent won. Kentucky lost. Kent's day."
    doc = doc_with(text, ("Kent", "ORG"))
    found = [Found(0, 4, "ORG")]
    assert texts(doc, spread(found, doc, text)) == [("Kent", "ORG"), ("Kent", "ORG")]


def test_name_spans_keep_only_the_labels_asked_for():
    text = "Angela Merkel visited Paris on Monday"
    doc = doc_with(text, ("Angela Merkel", "PERSON"), ("Paris", "GPE"), ("Monday", "DATE"))
    assert texts(doc, name_spans(doc, text, {"PERSON", "GPE"})) == [
        ("Angela Merkel", "PERSON"),
        ("Paris", "GPE"),
    ]


def test_a_span_of_a_foreign_doc_is_cut_the_same():
    doc = doc_with("Bradford 1 Tranmere 0", ("Bradford 1 Tranmere", "ORG"))
    assert isinstance(doc.ents[0], Span)
    assert texts(doc, clean(doc.ents[0])) == [("Bradford", "ORG"), ("Tranmere", "ORG")]


def test_a_persons_name_runs_on_into_a_one_word_name_of_another_label():
    text = "President Yoon Suk Yeol's office said"
    found = [Found(10, 18, "PERSON"), Found(19, 23, "ORG")]
    assert texts(BLANK(text), join_names(found, text)) == [("Yoon Suk Yeol", "PERSON")]


def test_questions_places_and_shortened_places_are_no_people():
    text = (
        "Will Google be broken up? Google said no. Agencies in Vladivostok say so. "
        "N. Korea's envoy left North Korea."
    )
    doc = BLANK(text)

    def at(surface: str, label: str) -> Found:
        start = text.index(surface)
        return Found(start, start + len(surface), label)

    found = [
        at("Will Google", "PERSON"),
        at("Google said", "ORG"),
        at("Vladivostok", "PERSON"),
        at("N. Korea", "PERSON"),
        at("North Korea", "GPE"),
    ]
    found[1] = Found(found[1].start, found[1].start + 6, "ORG")
    assert texts(doc, agree(found, text)) == [
        ("Google", "ORG"),
        ("Google", "ORG"),
        ("Vladivostok", "GPE"),
        ("N. Korea", "GPE"),
        ("North Korea", "GPE"),
    ]


def test_a_particles_name_left_out_is_taken_in():
    text = "Egyptian President Abdel-Fattah el-Sissi, Turkish President"
    found = [Found(19, 31, "PERSON"), Found(35, 40, "GPE")]
    assert texts(BLANK(text), join_names(found, text)) == [("Abdel-Fattah el-Sissi", "PERSON")]


def test_a_lone_person_listed_with_products_is_a_product_but_a_named_person_stays():
    text = "Google could keep Chrome and Android. Amit Mehta and Google. Mehta and Google."
    found = [
        Found(0, 6, "ORG"),
        Found(18, 24, "PERSON"),
        Found(29, 36, "PRODUCT"),
        Found(38, 48, "PERSON"),
        Found(53, 59, "ORG"),
        Found(61, 66, "PERSON"),
        Found(71, 77, "ORG"),
    ]
    labels = [f.label for f in agree(found, text)]
    assert labels == ["ORG", "PRODUCT", "PRODUCT", "PERSON", "ORG", "PERSON", "ORG"]


def test_will_smith_is_a_name_but_will_google_opening_a_question_is_not():
    text = "Will Smith spoke. Smith left. Will Google split? Google said no."

    def at(surface: str, label: str) -> Found:
        start = text.index(surface)
        return Found(start, start + len(surface), label)

    found = [at("Will Smith", "PERSON"), at("Smith left", "PERSON"), at("Will Google", "ORG")]
    found[1] = Found(found[1].start, found[1].start + 5, "PERSON")
    google = text.index("Google said")
    found.append(Found(google, google + 6, "ORG"))
    assert texts(BLANK(text), agree(found, text)) == [
        ("Will Smith", "PERSON"),
        ("Smith", "PERSON"),
        ("Google", "ORG"),
        ("Google", "ORG"),
    ]


def test_a_byline_glued_after_a_photo_credit_names_no_one_in_the_story():
    text = (
        "Ukraine war\n\nA soldier at his post. REUTERS/Valentyn Ogirenko/File Photo By Steve "
        "Holland and Trevor Hunnicutt U.S. President Donald Trump said on Sunday.\n\n"
        "By the time Maria Koval arrived, Trump had left."
    )
    doc = doc_with(
        text,
        ("Steve Holland", "PERSON"),
        ("Trevor Hunnicutt", "PERSON"),
        ("Donald Trump", "PERSON"),
        ("Maria Koval", "PERSON"),
    )
    found = texts(doc, name_spans(doc, text, {"PERSON"}))
    assert ("Steve Holland", "PERSON") not in found
    assert ("Trevor Hunnicutt", "PERSON") not in found
    assert ("Donald Trump", "PERSON") in found
    assert ("Maria Koval", "PERSON") in found, "'By the time' opens a sentence, not a byline"


def test_a_name_is_not_spread_into_a_byline():
    text = "Port news\n\nBy Eastbridge Times staff\n\nPort officials in Eastbridge said so."
    doc = BLANK(text)
    start = text.rindex("Eastbridge")
    doc.ents = [doc.char_span(start, start + len("Eastbridge"), label="GPE")]
    found = name_spans(doc, text, {"GPE"})
    assert [f.start for f in found] == [start]


def test_a_middle_name_the_recogniser_left_out_joins_the_name():
    text = "President Yoon Suk Yeol's office said"
    found = [Found(10, 14, "PERSON"), Found(19, 23, "ORG")]
    assert texts(BLANK(text), join_names(found, text)) == [("Yoon Suk Yeol", "PERSON")]
    # A weekday or a function word between two names is no middle name.
    text = "Putin Monday Lavrov"
    found = [Found(0, 5, "PERSON"), Found(13, 19, "PERSON")]
    assert join_names(found, text) == found


def test_a_lone_word_tied_between_person_and_place_is_the_place():
    text = "Stalls stood in Wajima. Wajima's market burned."
    found = [Found(16, 22, "GPE"), Found(24, 30, "PERSON")]
    assert [f.label for f in agree(found, text)] == ["GPE", "GPE"]
    # A person named in full keeps the surname as a person.
    text = "Ann Wajima spoke. She lives in Wajima. Wajima said more."
    found = [Found(0, 10, "PERSON"), Found(31, 37, "GPE"), Found(39, 45, "PERSON")]
    assert agree(found, text)[2].label == "PERSON"


def test_a_possessive_glued_to_a_nationality_is_the_place_and_the_group():
    text = (
        "Arab leaders met. Eastbridge's Arab community council held a vigil. "
        "China's Huawei said sales rose. Russia's Security Council met."
    )
    doc = doc_with(
        text,
        ("Arab", "NORP"),
        ("Eastbridge's Arab community council", "ORG"),
        ("China's Huawei", "ORG"),
        ("Russia's Security Council", "ORG"),
    )
    assert texts(doc, name_spans(doc, text, ["ORG", "NORP", "GPE"])) == [
        ("Arab", "NORP"),
        ("Eastbridge", "GPE"),
        ("Arab", "NORP"),
        ("China's Huawei", "ORG"),
        ("Russia's Security Council", "ORG"),
    ]
