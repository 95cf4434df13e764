"""HTTP fetching done carefully: guarded connections, robots.txt, per-host manners,
conditional GET, retries with backoff, a redirect limit and a size limit while streaming."""

from __future__ import annotations

import asyncio
import random
import ssl
import time
import zlib
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import certifi
import httpcore
import httpx

from newsdesk.config import FetchSettings
from newsdesk.errors import FetchError, HTTPStatusError, RobotsDisallowedError, UnsafeURLError
from newsdesk.fetch.politeness import HostLimits
from newsdesk.fetch.robots import ROBOTS_MAX_BYTES, RobotsCache
from newsdesk.fetch.safety import AddressPolicy, GuardedBackend, Resolver, check_scheme
from newsdesk.fetch.safety import system_resolver as _system_resolver

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.7, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
_REDIRECTS = (301, 302, 303, 307, 308)
_PERMANENT = (301, 308)
# A 503 or 5xx asking to wait longer than this ends the attempt; the schedule waits instead.
_MAX_INLINE_RETRY_AFTER = 30.0


@dataclass(frozen=True)
class FetchedResponse:
    """What one GET came back with, after redirects: status, headers, the decoded body."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes
    elapsed: float
    wire_bytes: int
    # Where the resource now lives when every redirect was permanent (301/308).
    moved_to: str | None = None
    redirects: tuple[str, ...] = field(default=())

    @property
    def not_modified(self) -> bool:
        """True for a 304: the copy we have is current."""
        return self.status == 304

    @property
    def mime(self) -> str:
        """The media type without parameters, lower case ("" when none was sent)."""
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    @property
    def charset(self) -> str | None:
        """The charset the Content-Type header declares, if any."""
        for parameter in self.headers.get("content-type", "").split(";")[1:]:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "charset" and value.strip():
                return value.strip().strip('"').lower()
        return None

    @property
    def etag(self) -> str | None:
        """The ETag to send back as If-None-Match."""
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        """The Last-Modified to send back as If-Modified-Since."""
        return self.headers.get("last-modified")


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds a Retry-After header asks to wait (delta-seconds or an HTTP date)."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


class Fetcher:
    """An async HTTP client for sources; use as `async with Fetcher(...) as fetcher`.

    Every connection goes through the SSRF guard; robots.txt and per-host limits
    apply to every request; `max_bytes` bounds the decoded body (`limit_setting` names the
    setting that raises it, for the error).
    """

    def __init__(
        self,
        settings: FetchSettings,
        max_bytes: int,
        *,
        resolver: Resolver | None = None,
        limits: HostLimits | None = None,
        obey_robots: bool = True,
        limit_setting: str = "NEWSDESK_MAX_INPUT_BYTES",
    ) -> None:
        self.settings = settings
        self.max_bytes = max_bytes
        self.limit_setting = limit_setting
        self.limits = limits or HostLimits(settings.host_concurrency, settings.host_delay_seconds)
        self._policy = AddressPolicy.from_settings(settings)
        self._resolver = resolver or _system_resolver
        self._obey_robots = obey_robots
        self._robots = RobotsCache(self._get_robots, settings.user_agent)
        self._client: httpx.AsyncClient | None = None

    async def __aenter__(self) -> Fetcher:
        """Open the connection pool."""
        self._client = _guarded_client(self.settings, self._policy, self._resolver)
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        """Close the connection pool."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = FEED_ACCEPT,
    ) -> FetchedResponse:
        """GET `url` (conditionally when given a validator), retrying network errors and 5xx.

        Raises UnsafeURLError, RobotsDisallowedError, HTTPStatusError (4xx at once, 5xx
        after the last attempt) or FetchError (timeouts, too large, redirect loops).
        """
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempts = max(1, self.settings.attempts)
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                return await self._get_once(url, headers, self.max_bytes)
            except HTTPStatusError as error:
                if error.status < 500 or last:
                    raise
                if error.retry_after is not None and error.retry_after > _MAX_INLINE_RETRY_AFTER:
                    raise
                wait = error.retry_after
            except _Transient as error:
                if last:
                    raise error.as_fetch_error() from None
                wait = None
            await asyncio.sleep(wait if wait is not None else self._backoff(attempt))
        raise AssertionError("unreachable")  # the loop returns or raises

    async def post_form(self, url: str, data: dict[str, str]) -> tuple[int, bytes]:
        """POST a form (a WebSub subscription) through the same guard; (status, body)."""
        check_scheme(url)
        client = self._require_client()
        host = urlsplit(url).hostname or ""
        try:
            async with self.limits.slot(host):
                response = await client.post(url, data=data)
        except httpx.TimeoutException:
            raise FetchError(url, "timed out") from None
        except httpx.TransportError as error:
            raise FetchError(url, f"network error: {_describe(error)}") from None
        return response.status_code, response.content[:ROBOTS_MAX_BYTES]

    def _backoff(self, attempt: int) -> float:
        # Exponential with jitter, so many sources failing together do not retry in step.
        return self.settings.backoff_seconds * (2**attempt) * (0.5 + random.random())

    def _require_client(self) -> httpx.AsyncClient:
        if self._client is None:
            raise RuntimeError("use the Fetcher inside `async with`")
        return self._client

    async def _get_robots(self, robots_url: str) -> tuple[int, bytes]:
        try:
            response = await self._get_once(
                robots_url, {"Accept": "text/plain"}, ROBOTS_MAX_BYTES, robots=False
            )
        except _Transient as error:
            raise error.as_fetch_error() from None
        except FetchError as error:
            if "too large" in error.reason:
                return 200, b""
            raise
        return response.status, response.body

    async def _check_robots(self, url: str) -> None:
        if not self._obey_robots:
            return
        allowed, why = await self._robots.allows(url)
        if not allowed:
            raise RobotsDisallowedError(url, why)
        rules = await self._robots.rules(url)
        delay = rules.crawl_delay(self.settings.user_agent)
        if delay:
            self.limits.set_crawl_delay(urlsplit(url).hostname or "", delay)

    async def _get_once(
        self, url: str, headers: dict[str, str], max_bytes: int, *, robots: bool = True
    ) -> FetchedResponse:
        client = self._require_client()
        started = time.monotonic()
        current = url
        seen = {url}
        hops: list[str] = []
        permanent = True
        deadline = self.settings.timeout_seconds * 3
        while True:
            check_scheme(current)
            host = urlsplit(current).hostname or ""
            try:
                if robots:
                    await self._check_robots(current)
                async with self.limits.slot(host), asyncio.timeout(deadline):
                    response = await client.send(
                        client.build_request("GET", current, headers=headers), stream=True
                    )
                    try:
                        target = _redirect_target(response, current)
                        if target is None:
                            body, wire = await _read_limited(
                                response, current, max_bytes, self.limit_setting
                            )
                    finally:
                        await response.aclose()
            except UnsafeURLError as error:
                if not hops:
                    raise UnsafeURLError(url, error.reason) from None
                raise UnsafeURLError(
                    url, f"redirect to {current} refused: {error.reason}"
                ) from None
            except TimeoutError:
                raise _Transient(url, f"timed out after {deadline:.0f} s in all") from None
            except httpx.TimeoutException:
                raise _Transient(
                    url, f"timed out (no answer within {self.settings.timeout_seconds:g} s)"
                ) from None
            except httpx.TransportError as error:
                raise _Transient(url, _describe(error)) from None
            if target is None:
                break
            permanent = permanent and response.status_code in _PERMANENT
            if target in seen:
                raise FetchError(url, f"redirect loop: {current} sends back to {target}")
            if len(hops) >= self.settings.max_redirects:
                raise FetchError(url, f"too many redirects (over {self.settings.max_redirects})")
            hops.append(target)
            seen.add(target)
            current = target
        fetched = FetchedResponse(
            url=url,
            final_url=current,
            status=response.status_code,
            headers={k.lower(): v for k, v in response.headers.items()},
            body=body,
            elapsed=time.monotonic() - started,
            wire_bytes=wire,
            moved_to=current if hops and permanent else None,
            redirects=tuple(hops),
        )
        _raise_for_status(fetched)
        return fetched


class _Transient(Exception):
    """A failure worth retrying: a network error, a timeout, a cut-short response."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(reason)
        self.url = url
        self.reason = reason

    def as_fetch_error(self) -> FetchError:
        return FetchError(self.url, self.reason)


def _guarded_client(
    settings: FetchSettings, policy: AddressPolicy, resolver: Resolver
) -> httpx.AsyncClient:
    transport = httpx.AsyncHTTPTransport(retries=0)
    # Swap the pool for one whose connections go through the SSRF guard; everything
    # else (exception mapping, request/response plumbing) stays httpx's own.
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=ssl.create_default_context(cafile=certifi.where()),
        max_connections=max(10, settings.concurrency * 2),
        max_keepalive_connections=max(10, settings.concurrency),
        keepalive_expiry=5.0,
        network_backend=GuardedBackend(policy, resolver),
    )
    timeout = httpx.Timeout(settings.timeout_seconds)
    return httpx.AsyncClient(
        transport=transport,
        timeout=timeout,
        follow_redirects=False,
        trust_env=False,  # a proxy from the environment would bypass the address check
        headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
    )


def _redirect_target(response: httpx.Response, current: str) -> str | None:
    if response.status_code not in _REDIRECTS:
        return None
    location = response.headers.get("location")
    if not location:
        return None
    return urljoin(current, location.strip())


def _raise_for_status(response: FetchedResponse) -> None:
    status = response.status
    if status < 400:
        return
    retry_after = retry_after_seconds(response.headers.get("retry-after"))
    if status == 410:
        reason = "410 Gone: the server says this address is gone for good"
    elif status == 429:
        reason = "429 Too Many Requests"
    else:
        reason = f"HTTP {status}"
    if retry_after is not None:
        reason += f" (retry after {retry_after:.0f} s)"
    raise HTTPStatusError(response.url, status, reason, retry_after=retry_after)


async def _read_limited(
    response: httpx.Response, url: str, max_bytes: int, setting: str = "NEWSDESK_MAX_INPUT_BYTES"
) -> tuple[bytes, int]:
    """The decoded body, refused as soon as it (or its compressed form) passes `max_bytes`."""
    limit_mb = max_bytes / 1e6
    too_large = f"too large: over the {limit_mb:.1f} MB limit (raise {setting} to accept it)"

    encoding = response.headers.get("content-encoding", "").strip().lower()
    declared = response.headers.get("content-length", "")
    if encoding in ("", "identity") and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(url, f"{too_large}; the server says {int(declared) / 1e6:.1f} MB")
    decoder = _Decoder(encoding, url)
    body = bytearray()
    wire = 0
    async for chunk in response.aiter_raw():
        wire += len(chunk)
        if wire > max_bytes:
            raise FetchError(url, too_large)
        body += decoder.feed(chunk, max_bytes - len(body) + 1)
        if len(body) > max_bytes:
            why = too_large if decoder.identity else f"decompresses to more than {limit_mb:.1f} MB"
            raise FetchError(url, why + (" (a compression bomb?)" if not decoder.identity else ""))
    body += decoder.flush()
    if len(body) > max_bytes:
        raise FetchError(url, too_large)
    return bytes(body), wire


class _Decoder:
    """gzip / deflate decoding that never produces more than it is asked for at once."""

    def __init__(self, encoding: str, url: str) -> None:
        if encoding not in ("", "identity", "gzip", "x-gzip", "deflate"):
            raise FetchError(url, f"unsupported Content-Encoding {encoding!r}")
        self.identity = encoding in ("", "identity")
        self._url = url
        self._deflate = encoding == "deflate"
        # 32 + MAX_WBITS reads gzip and zlib headers alike.
        self._zlib = zlib.decompressobj(32 + zlib.MAX_WBITS)
        self._started = False

    def feed(self, chunk: bytes, room: int) -> bytes:
        if self.identity:
            return chunk
        try:
            out = self._zlib.decompress(chunk, room)
        except zlib.error:
            if self._deflate and not self._started:
                # Some servers send raw deflate without the zlib header.
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                self._started = True
                return self.feed(chunk, room)
            raise FetchError(self._url, "the compressed response is corrupt") from None
        self._started = True
        return out

    def flush(self) -> bytes:
        if self.identity:
            return b""
        try:
            rest = self._zlib.flush()
        except zlib.error:
            rest = b""
        if not self._zlib.eof:
            raise FetchError(self._url, "the compressed response is cut short")
        return rest


def _describe(error: httpx.TransportError) -> str:
    if isinstance(error, httpx.RemoteProtocolError):
        return f"the response was cut short or malformed ({error})"
    if isinstance(error, httpx.ConnectError):
        return f"cannot connect ({error or 'connection refused'})"
    return f"network error ({type(error).__name__}: {error})"
