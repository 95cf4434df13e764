"""Pure pieces of the web layer's safety: redirects stay on the site, the record cache."""

from __future__ import annotations

from newsdesk.web.accounts import safe_next
from newsdesk.web.cache import RecordCache


def test_login_redirects_only_within_the_site() -> None:
    assert safe_next("/stories/3") == "/stories/3"
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example", "", None):
        assert safe_next(target) == "/"


def test_record_cache_keeps_the_newest_and_expires() -> None:
    cache = RecordCache(size=2, max_age=60)
    calls = []
    make = lambda key: lambda: calls.append(key) or key  # noqa: E731
    assert cache.get_or_make("a", make("a")) == "a"
    assert cache.get_or_make("a", make("a")) == "a"
    cache.get_or_make("b", make("b"))
    cache.get_or_make("c", make("c"))
    cache.get_or_make("a", make("a"))
    assert calls == ["a", "b", "c", "a"]
    expired = RecordCache(max_age=0)
    expired.get_or_make("x", make("x"))
    expired.get_or_make("x", make("x"))
    assert calls[-2:] == ["x", "x"]
