"""All-caps lines recased from the article's own spelling, offsets kept."""

from newsdesk.enrich.casing import reading_text


def test_a_headline_takes_the_bodys_spelling():
    text = (
        "CRICKET - LEICESTERSHIRE TAKE OVER AT TOP AFTER INNINGS VICTORY\n\n"
        "Leicestershire beat Somerset by an innings to take over at the top after a victory."
    )
    read = reading_text(text)
    assert read.split("\n")[0] == "Cricket - Leicestershire take over at top after innings victory"
    assert read.split("\n", 1)[1] == text.split("\n", 1)[1]


def test_recasing_keeps_every_offset():
    text = "SOCCER - MILAN'S LENTINI MOVES TO ATALANTA.\n\nMILAN 1996-08-30\n\nLentini left Milan."
    read = reading_text(text)
    assert len(read) == len(text)
    assert read.lower() == text.lower()
    assert read.startswith("Soccer - Milan's Lentini moves to atalanta.")


def test_a_short_line_unknown_to_the_body_reads_as_a_name():
    # A dateline or a table row: its words are names more often than not.
    read = reading_text("NEW YORK 74 58 .561\n\nThe standings after Thursday's games.")
    assert read.startswith("New York 74 58")


def test_acronyms_and_ordinary_text_stay():
    text = "NATO AND EU LEADERS MEET IN BRUSSELS\n\nThe leaders of NATO met on Monday."
    assert reading_text(text).startswith("NATO and EU leaders meet in ")
    plain = "The U.S. and the IMF agreed. Lavrov met Choe."
    assert reading_text(plain) is plain


def test_a_line_with_one_capitalised_acronym_does_not_shout():
    text = "The NATO chief met the Pentagon's top brass.\n\nNo more."
    assert reading_text(text) == text
