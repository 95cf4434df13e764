"""newsdesk's command line run in this process (Typer's CliRunner), as a user runs it from a
shell: arguments, environment, exit code, stdout and stderr apart."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from newsdesk.cli import app

RUNNER = CliRunner()


@dataclass(frozen=True)
class Ran:
    """What a command did: its exit code and what it printed on each stream."""

    returncode: int
    stdout: str
    stderr: str


def run(args: list[str], env: dict[str, str], *, check: bool = True) -> Ran:
    """Run `newsdesk ARGS` with `env` as its only NEWSDESK_* settings; with `check`, fail the
    test (showing stderr) when it exits non-zero."""
    unset = {key: None for key in os.environ if key.startswith("NEWSDESK_")}
    result = RUNNER.invoke(app, args, env={**unset, **env}, catch_exceptions=False)
    ran = Ran(result.exit_code, result.stdout, result.stderr)
    if check and ran.returncode != 0:
        raise AssertionError(f"{args} exited {ran.returncode}: {ran.stderr}")
    return ran


def env_for(tmp_path: Path, database_url: str | None = None, **more: str) -> dict[str, str]:
    """Settings for commands on a fresh data folder (and database, if given)."""
    env = {"NEWSDESK_DATA_DIR": str(tmp_path / "data"), **more}
    if database_url:
        env["NEWSDESK_DATABASE_URL"] = database_url
    return env
