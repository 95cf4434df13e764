"""The web app served by uvicorn in a subprocess on an ephemeral 127.0.0.1 port."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping

import pytest


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serving(env: Mapping[str, str]) -> Iterator[str]:
    """Run `newsdesk.web.app:app_from_environment` under uvicorn with `env`; yields its base
    URL once /healthz answers, and stops the server on the way out."""
    port = free_port()
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "uvicorn", "--factory"),
            "newsdesk.web.app:app_from_environment",
            *("--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"),
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


def _wait_for(base: str, process: subprocess.Popen) -> None:
    # Fail, naming why, if the server exits or takes over a minute to answer.
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("the server did not start")
            time.sleep(0.2)
