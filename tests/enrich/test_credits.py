"""Bylines and credits found as lines; story sentences left alone."""

from newsdesk.enrich.credits import credit_spans, is_credit_line


def test_bylines_and_credits_are_credit_lines():
    for line in (
        "By Sam Whitfield",
        "By MARIA KOVAL, Associated Press",
        "By Eastbridge Times staff, with Associated Press",
        "By Lena Morozova · 14 July 2025, 22:00 GMT",
        "KIM TAE-HO, Associated Press",
        "Herald wire desk",
        "Reporting by Leo Grant; Editing by Ruth Adeyemi",
        "(Additional reporting by Hana Morikawa)",
        "Photo: Reuters",
        "Associated Press",
        "(Reuters)",
    ):
        assert is_credit_line(line), line


def test_story_sentences_are_not_credits():
    for line in (
        "By the time the flames died down, some 200 buildings had burned.",
        "Andy Colquhoun",
        "Sergey Lavrov said the talks were useful, according to Tass.",
        "Associated Press reporters were there.",
        "The staff of the embassy left on Monday and the desk was empty by noon, officials said.",
        "",
    ):
        assert not is_credit_line(line), line


def test_credit_spans_cover_credit_lines_and_the_agency_of_a_dateline():
    text = (
        "Trump says Ukraine will get Patriots\n\nBy Sam Whitfield\n\n"
        "JOINT BASE ANDREWS, Maryland (Reuters) - President Donald Trump said on Sunday"
    )
    spans = [text[s:e] for s, e in credit_spans(text)]
    assert spans == ["By Sam Whitfield", "Reuters"]


def test_photo_credits_and_copyright_inside_running_text():
    text = (
        "in an undisclosed location. REUTERS/Valentyn Ogirenko/File Photo By Steve Holland "
        "said. © Thomson Reuters 2025. The US/EU talks went on."
    )
    spans = [text[s:e] for s, e in credit_spans(text)]
    assert spans == [
        "REUTERS/Valentyn Ogirenko/File Photo",
        "in an undisclosed location. ",
        "© Thomson Reuters 2025",
    ]


def test_the_caption_before_a_photo_credit_is_no_content():
    text = (
        "Trump says\n\nA launcher of a Patriot system is seen in Ukraine. The war goes on. "
        "A Patriot launcher near Kyiv, August 4, 2024. REUTERS/Valentyn Ogirenko/File Photo "
        "By Steve Holland\n\nPresident Trump said."
    )
    spans = [text[s:e] for s, e in credit_spans(text)]
    assert "A Patriot launcher near Kyiv, August 4, 2024. " in spans
    assert not any("The war goes on" in span for span in spans)


def test_byline_names_after_a_photo_credit_or_opening_a_line():
    from newsdesk.enrich.credits import byline_names

    text = (
        "A soldier. REUTERS/Valentyn Ogirenko/File Photo By Steve Holland and Trevor "
        "Hunnicutt U.S. President Donald Trump said.\nBy Ann Lee, Bo Kim\nSaid By Carl Ray."
    )

    def at(name: str) -> tuple[int, int]:
        start = text.index(name)
        return start, start + len(name)

    names = ["Steve Holland", "Trevor Hunnicutt", "Donald Trump", "Ann Lee", "Bo Kim", "Carl Ray"]
    taken = byline_names(text, credit_spans(text), [at(n) for n in names])
    assert sorted(names[i] for i in taken) == [
        "Ann Lee",
        "Bo Kim",
        "Steve Holland",
        "Trevor Hunnicutt",
    ]
