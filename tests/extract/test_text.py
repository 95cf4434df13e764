"""Plain-text articles and text page captures: headline, body, chrome and teasers."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsdesk.errors import IngestError
from newsdesk.extract.teasers import find_teasers
from newsdesk.extract.text import (
    extract_text_capture,
    is_chrome_line,
    is_chrome_phrase,
    is_end_marker,
    is_tail_heading,
    parse_date_line,
)
from newsdesk.types import IngestHints

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
CAPTURES = Path(__file__).resolve().parents[1] / "fixtures" / "captures"
CAPTURED_AT = datetime(2025, 7, 14, 12, 0, tzinfo=UTC)
HINTS = IngestHints(captured_at=CAPTURED_AT)
CHROME_WORDS = (
    "Try Our AI Features",
    "Comments",
    "No comments yet",
    "Related Articles",
    "hours ago",
    "Advertisement",
    "Share this article",
    "More coverage",
    "You may also like",
    "Read more",
    "Sign up",
    "©",
    "Skip to content",
    "Reader42",
)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _assert_clean(text: str) -> None:
    for word in CHROME_WORDS:
        assert word not in text, word


def test_seed_003_main_article_and_three_teasers():
    drafts = extract_text_capture(_read(SEEDS / "003_53dc6bc4e3217d5a.txt"), HINTS)
    main, *stubs = drafts
    assert main.title == (
        "Russia warns U.S., South Korea and Japan against forming security alliance "
        "targeting North Korea"
    )
    assert (main.ordinal, main.is_stub, main.dateline) == (0, False, "SEOUL")
    assert main.text.startswith("Russia's foreign minister warned")
    last = main.text.split("\n\n")[-1]
    assert last.startswith("The Wonsan-Kalma tourist zone")
    _assert_clean(main.text)
    assert [s.outlet for s in stubs] == ["The Mainichi", "Nikkei Asia", "Japan Today"]
    assert [s.ordinal for s in stubs] == [1, 2, 3]
    assert all(s.is_stub for s in stubs)
    assert [s.published_at for s in stubs] == [
        CAPTURED_AT - timedelta(hours=3),
        CAPTURED_AT - timedelta(hours=3),
        CAPTURED_AT - timedelta(hours=4),
    ]
    assert stubs[0].title == "Trump envoy arrives in Kyiv as US pledges Patriot missiles to Ukraine"
    assert stubs[1].title == "US strikes on Iranian nuclear sites won't faze North Korea"
    assert stubs[2].title == "Trump says U.S. will send Patriot missiles to Ukraine"
    # The first teaser's lead carries its own AP dateline.
    assert (stubs[0].dateline, stubs[0].wire_service) == ("KYIV, Ukraine", "AP")
    assert stubs[0].text.startswith("U.S. President Donald Trump's special envoy")
    assert stubs[1].text.startswith("U.S. President Donald Trump, left, meets")
    assert stubs[2].text.startswith("FILE PHOTO: A launcher")


def test_seed_003_stub_times_fall_back_to_published_hint():
    hints = IngestHints(published=CAPTURED_AT)
    stubs = extract_text_capture(_read(SEEDS / "003_53dc6bc4e3217d5a.txt"), hints)[1:]
    assert stubs[2].published_at == CAPTURED_AT - timedelta(hours=4)


def test_seed_003_without_capture_time_has_undated_stubs():
    stubs = extract_text_capture(_read(SEEDS / "003_53dc6bc4e3217d5a.txt"), IngestHints())[1:]
    assert len(stubs) == 3
    assert all(s.published_at is None for s in stubs)


def test_seed_000_plain_wire_article():
    text = _read(SEEDS / "000_6097e309b78d2792.txt")
    drafts = extract_text_capture(text, IngestHints(source="Wire desk"))
    assert len(drafts) == 1
    (main,) = drafts
    assert main.title == text.splitlines()[0].strip()
    paragraphs = main.text.split("\n\n")
    assert len(paragraphs) >= 8
    assert paragraphs[0].startswith("Russian Foreign Minister Sergei Lavrov met with")
    assert paragraphs[-1].startswith("The U.S. government has pointed out")
    assert main.dateline is None and main.wire_service is None
    assert main.outlet == "Wire desk"
    assert "Russia and North Korea Rapidly Strengthen Military Cooperation" in paragraphs


def test_layout_a_capture():
    main, *stubs = extract_text_capture(_read(CAPTURES / "harbourline_layout_a.txt"), HINTS)
    assert main.title == "Port workers in Lisbon end three-week strike after wage deal"
    assert main.author == "Priya Nair and Tom Okafor"
    assert main.published_at == datetime(2024, 1, 17, 15, 15, tzinfo=UTC)
    assert (main.dateline, main.wire_service) == ("LISBON", "Coastal Wire")
    assert main.text.startswith("Dock workers at Portugal's largest container terminal")
    assert main.text.endswith("once a backlog of about forty ships has been cleared.")
    assert len(main.text.split("\n\n")) == 5
    _assert_clean(main.text)
    # The reader's comment has a name and a time stamp but is not a teaser.
    assert [(s.outlet, s.title) for s in stubs] == [
        (
            "Iberia Shipping Review",
            "Spanish ports report record transshipment volumes as Lisbon strike ends",
        ),
        ("Atlantic Trade Journal", "Cork exporters count the cost of the dock stoppage"),
    ]
    assert [s.published_at for s in stubs] == [
        CAPTURED_AT - timedelta(hours=2),
        CAPTURED_AT - timedelta(hours=5),
    ]
    assert stubs[0].wire_service == "Reuters"
    assert stubs[1].text.startswith("Producers in the Alentejo")


def test_layout_b_capture_rejoins_hard_wrapped_paragraphs():
    main, *stubs = extract_text_capture(_read(CAPTURES / "meridian_layout_b.txt"), HINTS)
    assert main.title == "Kenya's central bank holds its key rate as inflation eases"
    assert main.published_at == datetime(2024, 3, 2, 8, 40, tzinfo=UTC)
    assert (main.dateline, main.wire_service) == ("NAIROBI, Kenya", "AFP")
    paragraphs = main.text.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("The Central Bank of Kenya kept its benchmark lending rate")
    assert "\n" not in paragraphs[0]
    assert main.text.endswith("if the currency held its ground.")
    _assert_clean(main.text)
    # "You may also like" headlines carry no time stamp, so they are not stubs.
    assert [(s.outlet, s.title, s.published_at) for s in stubs] == [
        (
            "East Africa Ledger",
            "Shilling posts its best month against the dollar since 2019",
            CAPTURED_AT - timedelta(hours=2),
        ),
        (
            "Savanna Business Post",
            "Kenyan farmers brace for higher fertiliser prices",
            CAPTURED_AT - timedelta(days=1),
        ),
    ]
    assert stubs[0].text.startswith("Traders in Nairobi said")


def test_layout_c_capture_headline_above_time_stamp():
    main, *stubs = extract_text_capture(_read(CAPTURES / "pinecrest_layout_c.txt"), HINTS)
    assert main.title == "Senate panel advances bill on wildfire insurance"
    assert main.author == "Maria Koval"
    assert (main.dateline, main.wire_service) == ("WASHINGTON", "Reuters")
    assert main.text.startswith("A Senate committee on Thursday approved")
    assert main.text.endswith("before the spring recess.")
    assert len(main.text.split("\n\n")) == 4
    _assert_clean(main.text)
    assert [(s.outlet, s.title, s.published_at) for s in stubs] == [
        (
            "Western Herald",
            "Insurers retreat from fire-prone counties in three states",
            CAPTURED_AT - timedelta(hours=5),
        ),
        (
            "Mountain Ledger",
            "Homeowners turn to community fire crews as premiums soar",
            CAPTURED_AT - timedelta(minutes=45),
        ),
    ]
    assert stubs[1].text.startswith("Volunteer brigades in the foothills")
    assert [s.ordinal for s in stubs] == [1, 2]


def test_hints_fill_url_and_outlet():
    hints = IngestHints(source="Harbourline", url="https://harbourline.example/a", captured_at=None)
    main = extract_text_capture(_read(CAPTURES / "harbourline_layout_a.txt"), hints)[0]
    assert (main.outlet, main.url) == ("Harbourline", "https://harbourline.example/a")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "Skip to content\nHome  World  Business  Tech\n",
        "A headline and nothing else\n",
        "Lone headline\n\nComments\nNo comments yet...\n",
    ],
)
def test_text_without_body_is_refused(text):
    with pytest.raises(IngestError) as caught:
        extract_text_capture(text, IngestHints(), origin="inbox/empty.txt")
    assert caught.value.origin == "inbox/empty.txt"
    assert caught.value.reason


def test_isolated_advertisement_does_not_end_body():
    text = "Headline here\n\nFirst paragraph.\n\nAdvertisement\n\nSecond paragraph.\n"
    (main,) = extract_text_capture(text, IngestHints())
    assert main.text == "First paragraph.\n\nSecond paragraph."


def test_teasers_need_a_headline_and_a_time_stamp():
    lines = ["Related", "Some Outlet", "Another headline without any time", "Lead text here."]
    assert find_teasers(lines, CAPTURED_AT, 1) == []


def test_teasers_layout_b_ordinals_start_where_asked():
    lines = [
        "Daily Ledger · 2 hours ago",
        "Ports reopen after the storm",
        "Crews cleared the channel overnight.",
        "",
        "Harbour Times | yesterday",
        "Ferry fares to rise in spring",
        "The operator blamed fuel costs.",
    ]
    stubs = find_teasers(lines, CAPTURED_AT, first_ordinal=4)
    assert [(s.ordinal, s.outlet, s.title, s.text) for s in stubs] == [
        (4, "Daily Ledger", "Ports reopen after the storm", "Crews cleared the channel overnight."),
        (5, "Harbour Times", "Ferry fares to rise in spring", "The operator blamed fuel costs."),
    ]
    assert stubs[1].published_at == CAPTURED_AT - timedelta(days=1)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Published 3:15 PM, January 17, 2024", datetime(2024, 1, 17, 15, 15, tzinfo=UTC)),
        ("Updated 2024-01-17 08:05", datetime(2024, 1, 17, 8, 5, tzinfo=UTC)),
        ("17 Jan 2024", datetime(2024, 1, 17, tzinfo=UTC)),
        ("Posted 3 hours ago", CAPTURED_AT - timedelta(hours=3)),
        ("Published recently", None),
    ],
)
def test_date_lines(line, expected):
    assert parse_date_line(line, CAPTURED_AT) == expected


def test_a_menu_row_is_chrome_in_a_capture_but_not_a_chrome_phrase():
    # HTML bodies drop chrome phrases only (extract/html.py); captures drop menu rows too.
    assert is_chrome_line("Home | World | Asia Pacific | Markets")
    assert not is_chrome_phrase("Home | World | Asia Pacific | Markets")
    for phrase in ("Advertisement", "5 min read", "Sign in"):
        assert is_chrome_line(phrase) and is_chrome_phrase(phrase)
    assert not is_chrome_phrase("The council met on Tuesday.")


def test_a_copyright_line_ends_a_capture_but_is_not_a_tail_heading():
    assert is_end_marker("© 2024 Riverside Courier") and not is_tail_heading(
        "© 2024 Riverside Courier"
    )
    for heading in ("Related articles", "Comments", "You may also like:"):
        assert is_end_marker(heading) and is_tail_heading(heading)
