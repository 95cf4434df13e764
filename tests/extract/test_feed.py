"""Feeds to entries and articles, the one parser for files, fetches and pushes: RSS, Atom,
JSON Feed by its spec, the outlet behind a feed's title, and what is not a feed."""

from __future__ import annotations

import json

import pytest

from newsdesk.errors import FormatError, IngestError
from newsdesk.extract.feed import entry_key, extract_feed, outlet_from_feed_title, parse_feed
from tests.conftest import FIXTURES
from tests.fetch.feeds import fixture


@pytest.mark.parametrize(
    ("title", "outlet"),
    [
        ("Pacific Courier — Top Stories", "Pacific Courier"),
        ("Eastbridge Times | World", "Eastbridge Times"),
        ("Daily Lantern - Business", "Daily Lantern"),
        ("Kanto Daily English", "Kanto Daily English"),
        ("Anglo-Korean Review", "Anglo-Korean Review"),
        (None, None),
    ],
)
def test_outlet_from_feed_title(title, outlet) -> None:
    assert outlet_from_feed_title(title) == outlet


def test_rss_entry_keeps_full_content_over_summary() -> None:
    [entry] = extract_feed((FIXTURES / "inputs" / "eastbridge.rss").read_bytes(), "feed.rss")
    assert entry.outlet == "Eastbridge Times"
    assert entry.text == "The whole story, paragraph one.\n\nParagraph two."
    assert entry.url == "https://eastbridge.example/full"


def test_html_page_where_a_feed_was_expected_is_refused() -> None:
    with pytest.raises(IngestError, match="HTML page, not RSS"):
        extract_feed(b"<html><body><p>Hello</p></body></html>", "page.xml")


def test_truncated_feed_keeps_the_entries_it_has() -> None:
    whole = (FIXTURES / "inputs" / "eastbridge.rss").read_bytes()
    cut = whole[: whole.index(b"</item>") + len(b"</item>")]
    [entry] = extract_feed(cut, "cut.rss")
    assert entry.title == "Full entry"
    assert any("malformed feed" in w for w in entry.warnings)


def test_json_feed_without_items_is_an_error() -> None:
    payload = b'{"version": "https://jsonfeed.org/version/1.1", "title": "X", "items": []}'
    with pytest.raises(IngestError, match="no items"):
        extract_feed(payload, "empty.json")


def _json_feed(*items: dict, **feed: object) -> bytes:
    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Example Wire",
            **feed,
            "items": list(items),
        }
    ).encode()


def test_files_and_fetches_read_a_feed_the_same_way() -> None:
    payload = fixture("news.rss")
    parsed = parse_feed(payload)
    drafts = extract_feed(payload, "news.rss")
    assert [(d.title, d.text, d.url, d.published_at, d.ordinal) for d in drafts] == [
        (e.title, e.text, e.url, e.published, e.position) for e in parsed.entries
    ]
    assert {d.outlet for d in drafts} == {parsed.outlet} == {"Harbour Post"}
    assert (parsed.ttl_minutes, parsed.self_url) == (60, "{base}/news.rss")
    assert all(e.has_full_content and e.guid for e in parsed.entries)


def test_json_feed_content_html_is_preferred_and_content_text_stays_plain() -> None:
    both = {"id": "1", "title": "Both", "content_html": "<p>One.</p><p>Two.</p>",
            "content_text": "One. Two."}  # fmt: skip
    text_only = {"id": "2", "title": "Text", "content_text": "a < b\n\nand c > d"}
    [first, second] = extract_feed(_json_feed(both, text_only), "wire.json")
    assert first.text == "One.\n\nTwo."
    assert second.text == "a < b\n\nand c > d"


def test_json_feed_items_fall_back_to_the_feeds_authors() -> None:
    own = {"id": "1", "title": "Own", "content_text": "x", "authors": [{"name": "Ana Ruiz"}]}
    none = {"id": "2", "title": "None", "content_text": "y"}
    payload = _json_feed(own, none, authors=[{"name": "Wire Desk"}, {"url": "https://x"}])
    assert [d.author for d in extract_feed(payload, "wire.json")] == ["Ana Ruiz", "Wire Desk"]
    assert [e.author for e in parse_feed(payload).entries] == ["Ana Ruiz", "Wire Desk"]


def test_json_feed_untitled_items_are_named_by_their_first_words_and_empty_ones_skipped() -> None:
    words = " ".join(f"w{i}" for i in range(20))
    payload = _json_feed("not an item", {"id": "a"}, {"id": "b", "content_text": words})
    [entry] = parse_feed(payload).entries
    assert entry.title == " ".join(f"w{i}" for i in range(12))
    assert entry.position == 2  # its place in the feed, as a file's article ordinal


def test_an_entry_key_is_its_id_and_its_digest_changes_with_its_content() -> None:
    [a] = parse_feed(
        _json_feed({"id": "7", "url": "https://x/a", "title": "T", "content_text": "one"})
    ).entries
    [b] = parse_feed(
        _json_feed({"id": "7", "url": "https://x/b", "title": "T", "content_text": "two"})
    ).entries
    assert a.key == b.key == entry_key("7", None, "")
    assert a.digest != b.digest


@pytest.mark.parametrize(
    ("payload", "why"),
    [
        (b"<html><body><p>Hello</p></body></html>", "HTML page, not RSS"),
        (b"just some words", r"malformed \(.*syntax error"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": 3}', "no items list"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": [', "malformed JSON Feed"),
    ],
)
def test_bytes_that_are_not_a_feed_are_a_format_error(payload: bytes, why: str) -> None:
    with pytest.raises(FormatError, match=why) as caught:
        parse_feed(payload)
    assert str(caught.value).startswith("not a readable feed")


def test_an_empty_feed_is_no_error_for_a_fetch_but_is_for_a_file() -> None:
    empty = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'
    assert parse_feed(empty).entries == []
    with pytest.raises(IngestError, match=r"empty\.rss: the feed has no entries"):
        extract_feed(empty, "empty.rss")


# --- Hostile feeds (issue 14): wrong types, legacy encodings, entities, odd shapes. -------


@pytest.mark.parametrize(
    "feed_fields",
    [
        {"title": 5},
        {"title": ["Example Wire"]},
        {"hubs": 3},
        {"hubs": [3, {"url": 4}]},
        {"authors": 7},
        {"author": "Wire Desk"},
        {"home_page_url": 5, "feed_url": {"href": "x"}},
    ],
)
def test_a_json_feed_with_wrong_typed_feed_fields_is_read(feed_fields: dict) -> None:
    item = {"id": "1", "title": "Harbour reopens", "content_text": "The harbour reopened."}
    parsed = parse_feed(_json_feed(item, **feed_fields))
    [entry] = parsed.entries
    assert entry.title == "Harbour reopens"
    assert parsed.title is None or isinstance(parsed.title, str)
    assert all(v is None or isinstance(v, str) for v in (parsed.site_url, parsed.self_url))
    assert parsed.hub_url is None


@pytest.mark.parametrize(
    "item_fields",
    [
        {"title": 5},
        {"title": {"text": "x"}, "summary": 3},
        {"content_text": 42},
        {"content_html": ["<p>x</p>"]},
        {"date_published": 1_700_000_000, "date_modified": ["2024"]},
        {"authors": 3},
        {"authors": [1, "Ana", {"name": 2}]},
        {"author": 9},
        {"url": 5, "external_url": False},
        {"id": {"nested": True}},
        {"tags": "x", "attachments": 1},
    ],
)
def test_a_json_feed_item_with_wrong_typed_fields_keeps_what_is_usable(item_fields: dict) -> None:
    good = {"id": "2", "title": "Second story", "content_text": "Words of the second story."}
    bad = {"id": "1", "title": "First story", "content_text": "Words of the first.", **item_fields}
    drafts = extract_feed(_json_feed(bad, good), "wire.json")
    assert drafts[-1].title == "Second story"
    assert all(isinstance(d.title, str) and d.title for d in drafts)
    assert all(d.author is None or isinstance(d.author, str) for d in drafts)
    assert all(d.url is None or isinstance(d.url, str) for d in drafts)


def test_a_json_feed_item_with_nothing_usable_is_skipped_with_a_reason() -> None:
    good = {"id": "2", "title": "Kept", "content_text": "Words."}
    parsed = parse_feed(_json_feed({"id": "1", "title": 3, "content_text": 4}, good))
    assert [e.title for e in parsed.entries] == ["Kept"]
    assert any(w.startswith("item 0 skipped") for w in parsed.warnings)


def test_a_json_feed_whose_version_comes_last_is_read_as_json() -> None:
    items = [{"id": str(i), "title": f"Story {i}", "content_text": "x " * 200} for i in range(5)]
    payload = json.dumps({"title": "Example Wire", "items": items,
                          "version": "https://jsonfeed.org/version/1.1"}).encode()  # fmt: skip
    assert len(parse_feed(payload).entries) == 5


def test_a_json_feed_with_an_unknown_version_is_read_with_a_warning() -> None:
    payload = json.dumps({"version": "1.1", "items": [{"id": "1", "title": "T"}]}).encode()
    parsed = parse_feed(payload)
    assert [e.title for e in parsed.entries] == ["T"]
    assert any("version" in w for w in parsed.warnings)


@pytest.mark.parametrize(
    ("payload", "why"),
    [
        (b'{"name": "a package manifest", "dependencies": {}}', "JSON, but not a JSON Feed"),
        (b"  [1, 2, 3]", "JSON, but not a JSON Feed"),
        (b'{"items": [1, 2', "malformed JSON"),
    ],
)
def test_json_that_is_no_feed_gets_a_json_error_not_an_xml_one(payload: bytes, why: str) -> None:
    with pytest.raises(FormatError, match=why) as caught:
        parse_feed(payload)
    assert "syntax error" not in str(caught.value)


# Short news texts in the languages each legacy encoding was made for (written for these tests).
_LEGACY_TEXTS = {
    "euc_jp": ("港の再開", "横浜港は三日ぶりに再開し、漁船が朝早く戻ってきた。"),
    "shift_jis": ("港の再開", "横浜港は三日ぶりに再開し、漁船が朝早く戻ってきた。"),
    "euc_kr": ("항구 재개장", "부산항이 사흘 만에 다시 문을 열었고 어선들이 아침 일찍 돌아왔다."),
    "gb2312": ("港口重新开放", "上海港三天后重新开放，渔船一早就回来了。"),
    "koi8_r": ("Порт открылся", "Порт Мурманска снова открылся через три дня, и рыбаки вернулись."),
    "cp1251": ("Порт открылся", "Порт Мурманска снова открылся через три дня, и рыбаки вернулись."),
    "tis_620": ("ท่าเรือเปิดอีกครั้ง", "ท่าเรือกรุงเทพเปิดอีกครั้งหลังจากปิดไปสามวัน"),
    "cp1255": ("הנמל נפתח מחדש", "נמל חיפה נפתח מחדש אחרי שלושה ימים והדייגים חזרו."),
}


def _legacy_rss(codec: str, *, declare: bool = True) -> bytes:
    title, text = _LEGACY_TEXTS[codec]
    prolog = f'<?xml version="1.0" encoding="{codec}"?>' if declare else '<?xml version="1.0"?>'
    items = "".join(
        f"<item><title>{title} {n}</title><link>https://port.example/{n}</link>"
        f"<description>{text} {text}</description></item>"
        for n in range(3)
    )
    body = f'{prolog}<rss version="2.0"><channel><title>{title}</title>{items}</channel></rss>'
    return body.encode(codec)


@pytest.mark.parametrize("codec", sorted(_LEGACY_TEXTS))
def test_a_feed_in_a_legacy_encoding_declared_in_its_prolog_is_decoded(codec: str) -> None:
    title, text = _LEGACY_TEXTS[codec]
    first = parse_feed(_legacy_rss(codec)).entries[0]
    assert first.title == f"{title} 0"
    assert first.text.startswith(text)


@pytest.mark.parametrize("codec", ["euc_jp", "koi8_r", "tis_620", "cp1255"])
def test_a_feed_in_a_legacy_encoding_declared_by_http_is_decoded(codec: str) -> None:
    title, _ = _LEGACY_TEXTS[codec]
    parsed = parse_feed(_legacy_rss(codec, declare=False), charset=codec)
    assert parsed.entries[0].title == f"{title} 0"


@pytest.mark.parametrize("codec", ["cp1251", "shift_jis"])
def test_a_feed_in_an_undeclared_legacy_encoding_is_detected(codec: str) -> None:
    title, text = _LEGACY_TEXTS[codec]
    parsed = parse_feed(_legacy_rss(codec, declare=False))
    assert parsed.entries[0].title == f"{title} 0"
    assert parsed.entries[0].text.startswith(text)
    assert any("no charset declared" in w for w in parsed.warnings)


def test_a_utf16_feed_with_a_bom_is_decoded() -> None:
    rss = (
        '<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel><title>T</title>'
        "<item><title>Café reopens</title><description>Wörds.</description></item></channel></rss>"
    )
    [entry] = parse_feed(rss.encode("utf-16")).entries
    assert entry.title == "Café reopens"


def _rss_item(inner: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>'
        f"<item>{inner}</item></channel></rss>"
    ).encode()


@pytest.mark.parametrize(
    ("inner", "title", "text"),
    [
        ("<title>AT&amp;amp;T deal</title><description>AT&amp;amp;T agreed.</description>",
         "AT&T deal", "AT&T agreed."),
        ("<title>It&amp;#x2019;s over</title>"
         "<description>Q&amp;amp;A &amp;#8212; done</description>",
         "It\u2019s over", "Q&A \u2014 done"),
        ("<title><![CDATA[AT&T Q&A]]></title>"
         "<description><![CDATA[AT&T & Q&A]]></description>",
         "AT&T Q&A", "AT&T & Q&A"),
        ("<title>Fish &amp;amp;chips</title>"
         "<description>&lt;p&gt;AT&amp;amp;amp;T&lt;/p&gt;</description>",
         "Fish &chips", "AT&amp;T"),
    ],
)  # fmt: skip
def test_html_entities_in_feed_text_are_unescaped_once(inner: str, title: str, text: str) -> None:
    [entry] = parse_feed(_rss_item(inner)).entries
    assert (entry.title, entry.text) == (title, text)


def test_html_entities_in_json_feed_plain_text_fields_are_unescaped_once() -> None:
    item = {"id": "1", "title": "AT&amp;T&#x2019;s deal", "content_text": "R&amp;D & more"}
    [entry] = parse_feed(_json_feed(item)).entries
    assert (entry.title, entry.text) == ("AT&T\u2019s deal", "R&D & more")


def test_content_only_atom_entries_are_kept() -> None:
    import base64

    encoded = base64.b64encode(b"<p>The port reopened after three days.</p>").decode()
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://purl.org/atom/ns#" '
        'version="0.3"><title>Wire</title><entry><id>urn:1</id>'
        f'<content type="text/html" mode="base64">{encoded}</content></entry></feed>'
    ).encode()
    [entry] = parse_feed(atom).entries
    assert entry.text == "The port reopened after three days."


def test_link_and_enclosure_only_entries_become_stubs() -> None:
    payload = _rss_item(
        "<title>Port reopens</title><link>https://port.example/reopens</link></item>"
        "<item><link>https://port.example/bare</link></item>"
        '<item><enclosure url="https://port.example/audio/briefing.mp3" type="audio/mpeg" '
        'length="1"/>'
    )
    drafts = extract_feed(payload, "wire.rss")
    audio = "https://port.example/audio/briefing.mp3"
    assert [(d.title, d.url, d.is_stub, d.text) for d in drafts] == [
        ("Port reopens", "https://port.example/reopens", True, ""),
        ("https://port.example/bare", "https://port.example/bare", True, ""),
        (audio, audio, True, ""),
    ]
    assert {d.outlet for d in drafts} == {"Wire"}


def test_an_entry_with_nothing_at_all_is_skipped_with_a_reason() -> None:
    parsed = parse_feed(
        _rss_item('<guid isPermaLink="false">x</guid></item><item><title>Kept</title>')
    )
    assert [e.title for e in parsed.entries] == ["Kept"]
    assert any(w.startswith("entry 0 skipped") for w in parsed.warnings)


def test_a_utf8_feed_under_a_catch_all_http_charset_stays_utf8() -> None:
    # Servers label XML "charset=ISO-8859-1" by default; the UTF-8 bytes are what count.
    title, text = _LEGACY_TEXTS["koi8_r"]
    rss = (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
        f"<item><title>{title}</title><description>{text}</description></item></channel></rss>"
    )
    [entry] = parse_feed(rss.encode("utf-8"), charset="ISO-8859-1").entries
    assert entry.title == title


def test_a_latin1_feed_declared_so_is_read_as_latin1() -> None:
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        "<item><title>Café à Genève</title><description>Déjà vu.</description></item>"
        "</channel></rss>"
    )
    [entry] = parse_feed(rss.encode("latin-1"), charset="iso-8859-1").entries
    assert entry.title == "Café à Genève"
