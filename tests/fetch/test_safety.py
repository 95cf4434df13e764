"""The SSRF guard: every class of internal address refused, after DNS and on redirects."""

from __future__ import annotations

import asyncio
import ipaddress
from dataclasses import replace

import pytest

from newsdesk.config import FetchSettings, Settings
from newsdesk.errors import UnsafeURLError
from newsdesk.fetch.client import Fetcher
from newsdesk.fetch.safety import ALLOW_SETTING, address_problem, check_url
from newsdesk.testing.servers import LocalSite, Reply

GUARDED = FetchSettings(timeout_seconds=1.0, attempts=1, host_delay_seconds=0.0)


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("fd12:3456::1", "private"),
        ("169.254.10.10", "link-local"),
        ("fe80::1", "link-local"),
        ("169.254.169.254", "metadata"),
        ("100.100.100.200", "metadata"),
        ("fd00:ec2::254", "metadata"),
        ("0.0.0.0", "unspecified"),
        ("100.64.0.1", "shared"),
        ("224.0.0.1", "multicast"),
    ],
)
def test_each_class_of_internal_address_is_named(address: str, kind: str) -> None:
    problem = address_problem(ipaddress.ip_address(address))
    assert problem is not None and kind in problem


@pytest.mark.parametrize("address", ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111"])
def test_public_addresses_pass(address: str) -> None:
    assert address_problem(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/feed",
        "http://localhost:8080/feed",
        "http://[::1]/feed",
        "http://10.0.0.5/rss",
        "http://192.168.0.10/rss",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fe80::1]/",
        "http://0.0.0.0:8000/",
    ],
)
def test_check_url_refuses_internal_urls_and_names_the_setting(url: str) -> None:
    with pytest.raises(UnsafeURLError) as caught:
        check_url(url, Settings())
    assert ALLOW_SETTING in caught.value.reason
    assert "address" in caught.value.reason


@pytest.mark.parametrize("url", ["file:///etc/passwd", "gopher://x/", "ftp://example.com/a"])
def test_only_http_and_https_are_fetched(url: str) -> None:
    with pytest.raises(UnsafeURLError, match="only http and https"):
        check_url(url, Settings())


def test_the_operator_setting_allows_private_networks() -> None:
    check_url("http://127.0.0.1/feed", Settings(fetch=FetchSettings(allow_private_networks=True)))


def _fetch(settings: FetchSettings, url: str, **kwargs: object) -> object:
    async def run() -> object:
        async with Fetcher(settings, 1_000_000, **kwargs) as fetcher:  # type: ignore[arg-type]
            return await fetcher.get(url)

    return asyncio.run(run())


def test_fetching_a_loopback_server_is_refused_before_connecting() -> None:
    with LocalSite() as site:
        site.route("/feed.xml", Reply(200, b"<rss/>"))
        with pytest.raises(UnsafeURLError, match="loopback"):
            _fetch(GUARDED, site.url("/feed.xml"))
        assert site.requests == []


def test_a_redirect_to_127_0_0_1_is_refused() -> None:
    # The first hop is on 127.0.0.2, which the operator allowed by network; the
    # redirect to 127.0.0.1 is not covered by that and must be refused.
    with LocalSite() as inside, LocalSite(host="127.0.0.2") as outlet:
        inside.route("/admin", Reply(200, b"secret"))
        outlet.route("/robots.txt", Reply(404))
        outlet.route("/feed", Reply(302, headers={"Location": inside.url("/admin")}))
        settings = replace(GUARDED, allowed_private_networks=("127.0.0.2/32",))
        with pytest.raises(UnsafeURLError) as caught:
            _fetch(settings, outlet.url("/feed"))
        assert "redirect to http://127.0.0.1" in caught.value.reason
        assert "loopback" in caught.value.reason
        assert inside.requests == []
        assert len(outlet.hits("/feed")) == 1


def test_dns_rebinding_is_caught_at_connect_time() -> None:
    # The name resolves to a public address when first asked and to loopback after:
    # the connection goes to what the connect-time check saw, so it is refused.
    answers = iter([["93.184.216.34"], ["127.0.0.1"], ["127.0.0.1"]])

    async def rebinding(host: str, port: int) -> list[str]:
        return next(answers)

    async def first_check() -> None:
        from newsdesk.fetch.safety import AddressPolicy, resolve_checked

        await resolve_checked("rebind.example", 80, AddressPolicy(), rebinding)

    asyncio.run(first_check())
    with LocalSite() as site:
        site.route("/", Reply(200, b"internal"))
        with pytest.raises(UnsafeURLError, match="loopback"):
            _fetch(GUARDED, f"http://rebind.example:{site.port}/", resolver=rebinding)
        assert site.requests == []


def test_a_name_with_any_internal_address_is_refused() -> None:
    async def mixed(host: str, port: int) -> list[str]:
        return ["93.184.216.34", "10.0.0.1"]

    with pytest.raises(UnsafeURLError, match="private"):
        _fetch(GUARDED, "http://mixed.example/feed", resolver=mixed)


def test_ipv6_addresses_that_carry_a_private_ipv4_one_are_refused() -> None:
    import ipaddress

    from newsdesk.fetch.safety import address_problem

    for carried in (
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
        "2002:a9fe:a9fe::",  # 6to4 of the metadata address 169.254.169.254
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
        "::ffff:192.168.1.1",  # IPv4-mapped
        "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo, client 127.0.0.1
    ):
        problem = address_problem(ipaddress.ip_address(carried))
        assert problem is not None and "inside the IPv6 address" in problem, carried
    assert address_problem(ipaddress.ip_address("::ffff:8.8.8.8")) is None
