"""Settings, read once from the environment and passed down."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from newsdesk.errors import ConfigError

DEFAULT_DATA_DIR = Path("data")
DEFAULT_MAX_INPUT_BYTES = 20 * 1024 * 1024
DEFAULT_LLM_MODEL = "llama3.2"
DEFAULT_LLM_TIMEOUT = 60.0


@dataclass(frozen=True)
class Settings:
    """Everything newsdesk can be told: where data lives and the limits it works within."""

    data_dir: Path = DEFAULT_DATA_DIR
    database_url: str | None = None
    max_input_bytes: int = DEFAULT_MAX_INPUT_BYTES
    # An OpenAI-compatible endpoint (".../v1") for optional abstractive summaries; None: off.
    llm_url: str | None = None
    llm_model: str = DEFAULT_LLM_MODEL
    llm_timeout: float = DEFAULT_LLM_TIMEOUT
    # Signs session and CSRF tokens; when unset the web app keeps one in data_dir/secret_key.
    secret_key: str | None = None

    @property
    def resolved_database_url(self) -> str:
        """The database URL to use: the configured one, else SQLite under the data dir."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'newsdesk.db').resolve()}"

    def with_database(self, url: str | None) -> Settings:
        """These settings with another database URL (None keeps the current one)."""
        return replace(self, database_url=url) if url else self


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from `NEWSDESK_*` environment variables, defaults for the rest."""
    env = os.environ if environ is None else environ
    max_bytes = env.get("NEWSDESK_MAX_INPUT_BYTES", str(DEFAULT_MAX_INPUT_BYTES))
    try:
        max_input_bytes = int(max_bytes)
    except ValueError:
        raise ConfigError(
            f"NEWSDESK_MAX_INPUT_BYTES must be a number of bytes, not {max_bytes!r}"
        ) from None
    return Settings(
        data_dir=Path(env.get("NEWSDESK_DATA_DIR", str(DEFAULT_DATA_DIR))),
        database_url=env.get("NEWSDESK_DATABASE_URL") or None,
        max_input_bytes=max_input_bytes,
        llm_url=env.get("NEWSDESK_LLM_URL") or None,
        llm_model=env.get("NEWSDESK_LLM_MODEL") or DEFAULT_LLM_MODEL,
        llm_timeout=_number(env, "NEWSDESK_LLM_TIMEOUT", DEFAULT_LLM_TIMEOUT, "seconds"),
        secret_key=env.get("NEWSDESK_SECRET_KEY") or None,
    )


def _number(env: Mapping[str, str], name: str, default: float, unit: str) -> float:
    value = env.get(name)
    if not value:
        return default
    try:
        return float(value)
    except ValueError:
        raise ConfigError(f"{name} must be a number of {unit}, not {value!r}") from None
