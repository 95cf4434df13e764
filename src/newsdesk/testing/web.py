"""The web app served on an ephemeral 127.0.0.1 port: by uvicorn in a subprocess (as
deployed, workers included), or an ASGI app in a thread of this process."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator, Mapping
from typing import Any

import uvicorn
from fastapi import FastAPI

# How long a server may take to answer its first request: model-free, but a fresh Python
# importing the app on a loaded machine can be slow.
START_SECONDS = 300.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serving(env: Mapping[str, str], *, workers: int = 1) -> Iterator[str]:
    """Run `newsdesk.web.app:app_from_environment` under uvicorn with `env` (and `workers`
    processes); yields its base URL once /healthz answers, and stops it on the way out.

    RuntimeError when the server exits or does not answer within START_SECONDS.
    """
    port = free_port()
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "uvicorn", "--factory"),
            "newsdesk.web.app:app_from_environment",
            *("--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"),
            *("--http", "newsdesk.web.server:HeaderDeadline"),
            *(("--workers", str(workers)) if workers > 1 else ()),
        ],
        env=dict(env),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


@contextlib.contextmanager
def serving_app(app: FastAPI, port: int | None = None, **options: Any) -> Iterator[str]:
    """Serve an ASGI app with uvicorn in a thread of this process, with newsdesk's serving
    options (and `options` over them); yields its base URL once it listens, and stops it on
    the way out. RuntimeError when it does not start."""
    from newsdesk.web.server import uvicorn_options

    port = port or free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, **{**uvicorn_options(), **options})
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError(f"uvicorn did not start on 127.0.0.1:{port}")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def _wait_for(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                return
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited ({process.returncode})") from None
            if time.monotonic() > deadline:
                process.kill()
                why = f"the server did not answer within {START_SECONDS:.0f} s"
                raise RuntimeError(why) from None
            time.sleep(0.2)
