"""Settings, read once from the environment and passed down."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from newsdesk.errors import ConfigError

DEFAULT_DATA_DIR = Path("data")
DEFAULT_MAX_INPUT_BYTES = 20 * 1024 * 1024
DEFAULT_LLM_MODEL = "llama3.2"
DEFAULT_LLM_TIMEOUT = 60.0
DEFAULT_USER_AGENT = "newsdesk/0.1 (self-hosted news desk; feed fetcher; respects robots.txt)"


@dataclass(frozen=True)
class FetchSettings:
    """How sources are fetched: safety, limits, politeness and the schedule's bounds."""

    # Fetch loopback, private, link-local and metadata addresses (off: a user's URL
    # must not reach the server's own network).
    allow_private_networks: bool = False
    # Networks (CIDR) allowed although private, for an operator's own feed servers.
    allowed_private_networks: tuple[str, ...] = ()
    user_agent: str = DEFAULT_USER_AGENT
    timeout_seconds: float = 30.0
    max_redirects: int = 5
    attempts: int = 3
    backoff_seconds: float = 1.0
    concurrency: int = 20
    host_concurrency: int = 2
    host_delay_seconds: float = 1.0
    min_interval_seconds: int = 15 * 60
    max_interval_seconds: int = 24 * 60 * 60
    # Public base URL of the web app, for WebSub hubs to call back; None: no WebSub.
    websub_callback_url: str | None = None


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
    fetch: FetchSettings = field(default_factory=FetchSettings)
    # Distributed mode: a Celery broker (Redis or RabbitMQ) shared by every worker.
    broker_url: str | None = None
    queue: str = "newsdesk"
    # Seconds before a job a worker took but never finished is handed to another (Redis).
    broker_visibility_timeout: int = 3600
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
        llm_timeout=_number(env, "NEWSDESK_LLM_TIMEOUT", DEFAULT_LLM_TIMEOUT),
        fetch=_fetch_settings(env),
        broker_url=env.get("NEWSDESK_BROKER_URL") or None,
        queue=env.get("NEWSDESK_QUEUE") or "newsdesk",
        broker_visibility_timeout=int(_number(env, "NEWSDESK_BROKER_VISIBILITY_TIMEOUT", 3600)),
        secret_key=env.get("NEWSDESK_SECRET_KEY") or None,
    )


def _fetch_settings(env: Mapping[str, str]) -> FetchSettings:
    defaults = FetchSettings()
    networks = env.get("NEWSDESK_ALLOWED_PRIVATE_NETWORKS", "")
    return FetchSettings(
        allow_private_networks=_flag(env, "NEWSDESK_ALLOW_PRIVATE_NETWORKS"),
        allowed_private_networks=tuple(n.strip() for n in networks.split(",") if n.strip()),
        user_agent=env.get("NEWSDESK_USER_AGENT") or defaults.user_agent,
        timeout_seconds=_number(env, "NEWSDESK_FETCH_TIMEOUT", defaults.timeout_seconds),
        host_concurrency=int(
            _number(env, "NEWSDESK_FETCH_HOST_CONCURRENCY", defaults.host_concurrency)
        ),
        host_delay_seconds=_number(env, "NEWSDESK_FETCH_HOST_DELAY", defaults.host_delay_seconds),
        concurrency=int(_number(env, "NEWSDESK_FETCH_CONCURRENCY", defaults.concurrency)),
        min_interval_seconds=int(
            _number(env, "NEWSDESK_FETCH_MIN_INTERVAL", defaults.min_interval_seconds)
        ),
        max_interval_seconds=int(
            _number(env, "NEWSDESK_FETCH_MAX_INTERVAL", defaults.max_interval_seconds)
        ),
        websub_callback_url=env.get("NEWSDESK_WEBSUB_CALLBACK_URL") or None,
    )


def _flag(env: Mapping[str, str], name: str) -> bool:
    return env.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, not {raw!r}") from None
