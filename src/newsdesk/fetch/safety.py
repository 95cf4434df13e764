"""The SSRF guard: a URL a user gives may not make the server reach its own network.

Addresses are checked after DNS resolution, and the connection is made to the very
address that was checked (see `GuardedBackend`), so a DNS answer that changes between
the check and the connection (rebinding) cannot slip through. Every redirect opens a
new connection, so every redirect is checked the same way.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpcore

from newsdesk.config import FetchSettings, Settings
from newsdesk.errors import UnsafeURLError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# Resolves a host name to its addresses (strings); injectable so tests control DNS.
Resolver = Callable[[str, int], Awaitable[list[str]]]

ALLOW_SETTING = "NEWSDESK_ALLOW_PRIVATE_NETWORKS=1"

# Cloud metadata services answer on these; some sit outside the link-local range.
_METADATA = {
    ipaddress.ip_address("169.254.169.254"),  # AWS, GCP, Azure, OpenStack
    ipaddress.ip_address("169.254.170.2"),  # AWS ECS task metadata
    ipaddress.ip_address("100.100.100.200"),  # Alibaba Cloud
    ipaddress.ip_address("fd00:ec2::254"),  # AWS over IPv6
}
_SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT, often internal
# The well-known NAT64 prefix (RFC 6052): the last 32 bits are the IPv4 address reached.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


@dataclass(frozen=True)
class AddressPolicy:
    """Which addresses may be fetched: public ones, plus what the operator allowed."""

    allow_private: bool = False
    allowed_networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()

    @classmethod
    def from_settings(cls, settings: FetchSettings) -> AddressPolicy:
        """The policy the fetch settings describe."""
        return cls(
            allow_private=settings.allow_private_networks,
            allowed_networks=tuple(
                ipaddress.ip_network(n, strict=False) for n in settings.allowed_private_networks
            ),
        )


def address_problem(address: IPAddress) -> str | None:
    """Why an address must not be fetched ("loopback", "private", ...), or None if public.
    An IPv6 address carrying an IPv4 one (mapped, 6to4, NAT64, Teredo) is judged by the
    address it reaches: 2002:7f00:1:: is 127.0.0.1 through a 6to4 relay."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            problem = address_problem(embedded)
            if problem is not None:
                return f"{problem} (inside the IPv6 address {address})"
            if address.ipv4_mapped:
                return None
    if address in _METADATA:
        return "a cloud metadata address"
    checks = (
        (address.is_loopback, "a loopback address"),
        (address.is_link_local, "a link-local address"),
        (address.is_unspecified, "an unspecified address"),
        (address.is_multicast, "a multicast address"),
        (isinstance(address, ipaddress.IPv4Address) and address in _SHARED, "a shared address"),
        (address.is_private, "a private address"),
        (address.is_reserved, "a reserved address"),
        (not address.is_global, "not a public address"),
    )
    return next((why for bad, why in checks if bad), None)


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped:
        return address.ipv4_mapped
    if address.sixtofour:
        return address.sixtofour
    if address.teredo:
        return address.teredo[1]
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def check_address(host: str, address: str, policy: AddressPolicy) -> None:
    """Refuse (UnsafeURLError) an address of `host` the policy does not allow."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    problem = address_problem(ip)
    if problem is None or policy.allow_private:
        return
    if any(ip in network for network in policy.allowed_networks):
        return
    shown = host if host == address else f"{host} ({address})"
    raise UnsafeURLError(
        host,
        f"{shown} is {problem}; newsdesk does not fetch the server's own network "
        f"unless the operator sets {ALLOW_SETTING}",
    )


def check_scheme(url: str) -> tuple[str, str, int]:
    """The (scheme, host, port) of an http(s) URL; UnsafeURLError for anything else."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise UnsafeURLError(url, f"only http and https URLs are fetched, not {scheme or 'none'!r}")
    if not parts.hostname:
        raise UnsafeURLError(url, "the URL has no host")
    if parts.username or parts.password:
        raise UnsafeURLError(url, "URLs with a user name or password are not fetched")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise UnsafeURLError(url, "the URL's port is not a number from 1 to 65535") from None
    return scheme, parts.hostname, port


async def system_resolver(host: str, port: int) -> list[str]:
    """The addresses the system resolver gives for `host` (IPv4 and IPv6)."""
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return _unique(str(info[4][0]) for info in infos)


async def resolve_checked(
    host: str, port: int, policy: AddressPolicy, resolver: Resolver = system_resolver
) -> list[str]:
    """The addresses of `host`, all checked; UnsafeURLError if any one is not allowed.

    One bad address refuses the host: a name that round-robins between a public and
    a private address must not win on a lucky draw.
    """
    try:
        addresses = await resolver(host, port)
    except (OSError, UnicodeError) as error:
        raise UnsafeURLError(host, f"cannot resolve {host}: {error}") from None
    if not addresses:
        raise UnsafeURLError(host, f"{host} has no address")
    for address in addresses:
        check_address(host, address, policy)
    return addresses


def check_url(url: str, settings: Settings | FetchSettings) -> None:
    """Refuse (UnsafeURLError, naming the reason and the setting) a URL newsdesk must not fetch.

    Blocking: resolves the host with the system resolver. Fetching checks again at
    connect time, so passing here is necessary, not sufficient.
    """
    fetch = settings.fetch if isinstance(settings, Settings) else settings
    _scheme, host, port = check_scheme(url)
    policy = AddressPolicy.from_settings(fetch)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise UnsafeURLError(url, f"cannot resolve {host}: {error}") from None
    for address in _unique(str(info[4][0]) for info in infos):
        try:
            check_address(host, address, policy)
        except UnsafeURLError as error:
            raise UnsafeURLError(url, error.reason) from None


def check_url_syntax(url: str, settings: FetchSettings) -> None:
    """Refuse, without DNS, a URL that is not http(s) or names a forbidden address literally.

    For bulk imports: names are resolved and checked when fetched.
    """
    _scheme, host, _port = check_scheme(url)
    policy = AddressPolicy.from_settings(settings)
    literal = "127.0.0.1" if host.lower() in ("localhost", "localhost.localdomain") else host
    try:
        ipaddress.ip_address(literal.split("%", 1)[0])
    except ValueError:
        return
    try:
        check_address(host, literal, policy)
    except UnsafeURLError as error:
        raise UnsafeURLError(url, error.reason) from None


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """A network backend that resolves, checks, then connects to the checked address itself.

    TLS still names the original host (httpcore passes it as server_hostname), so
    certificates are verified against the name, while the socket goes to the address.
    """

    def __init__(self, policy: AddressPolicy, resolver: Resolver = system_resolver) -> None:
        self._policy = policy
        self._resolver = resolver
        self._backend = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[object] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Connect to the first reachable checked address of `host`."""
        addresses = await resolve_checked(host, port, self._policy, self._resolver)
        last_error: Exception | None = None
        for address in addresses:
            try:
                return await self._backend.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,  # type: ignore[arg-type]
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                last_error = error
        assert last_error is not None
        raise last_error

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[object] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Refused: sources are reached over TCP only."""
        raise UnsafeURLError(path, "unix sockets are not fetched")

    async def sleep(self, seconds: float) -> None:
        """Sleep as the underlying backend does."""
        await self._backend.sleep(seconds)


def _unique(addresses: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(addresses))
