"""Real HTTP servers on 127.0.0.1 (ephemeral ports) answering as scripted, misbehaviour included."""

from __future__ import annotations

import contextlib
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    """One canned answer: status, headers, body, and ways to misbehave."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    stall: float = 0.0  # seconds to wait before answering
    truncate_to: int | None = None  # send only this many body bytes, then close
    stream: Iterator[bytes] | None = None  # body sent in chunks (no Content-Length)


@dataclass
class Seen:
    """A request the server received."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


Handler = Callable[[Seen], Reply]


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        return  # a client hanging up mid-answer is what several tests do on purpose


class LocalSite:
    """A threaded HTTP server on 127.0.0.1 serving routes; records every request."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Handler | Reply | list[Reply]] = {}
        self.requests: list[Seen] = []
        site = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                return

            def do_GET(self) -> None:
                site._answer(self, "GET")

            def do_POST(self) -> None:
                site._answer(self, "POST")

        self._server = _QuietServer((host, 0), _Handler)
        self._server.daemon_threads = True
        self.host = host
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path: str) -> str:
        """The full URL of `path` on this server."""
        return f"http://{self.host}:{self.port}{path}"

    def route(self, path: str, answer: Handler | Reply | list[Reply]) -> None:
        """Serve `path` with a reply, a list of replies in turn (last repeats), or a function."""
        self.routes[path] = answer

    def hits(self, path: str) -> list[Seen]:
        """The requests received for `path`."""
        return [r for r in self.requests if r.path == path]

    def __enter__(self) -> LocalSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _answer(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        seen = Seen(method, handler.path, {k.lower(): v for k, v in handler.headers.items()}, body)
        self.requests.append(seen)
        path = handler.path.split("?", 1)[0]
        answer = self.routes.get(handler.path) or self.routes.get(path)
        if answer is None:
            reply = Reply(404, b"not found")
        elif isinstance(answer, Reply):
            reply = answer
        elif isinstance(answer, list):
            index = sum(1 for r in self.requests if r.path.split("?", 1)[0] == path) - 1
            reply = answer[min(index, len(answer) - 1)]
        else:
            reply = answer(seen)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            _send(handler, reply)


def _send(handler: BaseHTTPRequestHandler, reply: Reply) -> None:
    if reply.stall:
        time.sleep(reply.stall)
    handler.send_response(reply.status)
    for name, value in reply.headers.items():
        handler.send_header(name, value)
    if reply.stream is not None:
        handler.send_header("Connection", "close")
        handler.end_headers()
        for chunk in reply.stream:
            handler.wfile.write(chunk)
        handler.close_connection = True
        return
    handler.send_header("Content-Length", str(len(reply.body)))
    if reply.truncate_to is not None:
        handler.send_header("Connection", "close")
    handler.end_headers()
    if reply.truncate_to is not None:
        handler.wfile.write(reply.body[: reply.truncate_to])
        handler.wfile.flush()
        handler.close_connection = True
        return
    handler.wfile.write(reply.body)


def gzip_bomb(expanded: int) -> bytes:
    """A gzip body of zeros that expands to `expanded` bytes (about 1000:1)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"\0" * (1 << 20)
    parts = [compressor.compress(block) for _ in range(expanded // len(block))]
    return b"".join(parts) + compressor.flush()


def big_stream(total: int, chunk: int = 1 << 16) -> Iterator[bytes]:
    """`total` bytes of an HTML-ish page, in chunks."""
    yield b"<html><body><p>"
    sent = 15
    filler = b"lorem ipsum " * (chunk // 12)
    while sent < total:
        yield filler
        sent += len(filler)
