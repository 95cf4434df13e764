"""Serving: a client that sends its request headers too slowly is cut off, while a normal
request on the same server is answered."""

from __future__ import annotations

import socket
import urllib.request

from fastapi import FastAPI

from newsdesk.testing.web import serving_app
from newsdesk.web.server import HeaderDeadline

# Waits for the server are bounded by its own deadline, many times over, not by this test.
PATIENCE_SECONDS = 120.0


class QuickDeadline(HeaderDeadline):
    """The protocol as served, with a deadline short enough for a test."""

    header_seconds = 0.5


def test_slow_headers_are_cut_off_and_normal_requests_answered() -> None:
    app = FastAPI()

    @app.get("/healthz")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    with serving_app(app, http=QuickDeadline) as base:
        port = int(base.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=PATIENCE_SECONDS) as slow:
            slow.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            # Never finished: the server must close the connection, answering nothing.
            assert slow.recv(1024) == b""
        with urllib.request.urlopen(f"{base}/healthz", timeout=PATIENCE_SECONDS) as answer:
            assert answer.status == 200
