"""How the app is served: uvicorn's HTTP/1.1 protocol with a deadline on request headers.

uvicorn times out idle keep-alive connections but not a client that opens a connection and
sends its headers a byte at a time; enough of them hold every socket (slowloris). Here a
connection whose request headers are not complete within `header_seconds` of its opening,
or of the previous response, is closed.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

# Long enough for a slow phone on a bad line to send a few hundred bytes of headers.
HEADER_SECONDS = 10.0


class HeaderDeadline(H11Protocol):
    """H11Protocol that closes a connection still waiting for its request headers after
    `header_seconds` (pass `http=HeaderDeadline` to uvicorn)."""

    header_seconds = HEADER_SECONDS

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Start the connection with its deadline for the first request's headers."""
        super().connection_made(transport)
        self._headers_due: asyncio.TimerHandle | None = None
        self._arm()

    def handle_events(self) -> None:
        """Read events as uvicorn does; headers complete, the deadline is off."""
        super().handle_events()
        if self.conn.their_state is not h11.IDLE and self._headers_due is not None:
            self._headers_due.cancel()
            self._headers_due = None

    def on_response_complete(self) -> None:
        """After a response, the next request on the connection gets its own deadline."""
        super().on_response_complete()
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        """Drop the deadline with the connection."""
        if self._headers_due is not None:
            self._headers_due.cancel()
            self._headers_due = None
        super().connection_lost(exc)

    def _arm(self) -> None:
        if self._headers_due is not None:
            self._headers_due.cancel()
        self._headers_due = self.loop.call_later(self.header_seconds, self._headers_late)

    def _headers_late(self) -> None:
        self._headers_due = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()


def uvicorn_options() -> dict[str, Any]:
    """The options newsdesk serves with, for `uvicorn.run` and `uvicorn.Config`."""
    return {"http": HeaderDeadline, "log_level": "warning"}
