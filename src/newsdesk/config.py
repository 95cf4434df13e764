"""Settings, read once from the environment and passed down."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from newsdesk.errors import ConfigError

DEFAULT_DATA_DIR = Path("data")
DEFAULT_MAX_INPUT_BYTES = 20 * 1024 * 1024
DEFAULT_LLM_MODEL = "llama3.2"
DEFAULT_LLM_TIMEOUT = 60.0
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"
DEFAULT_USER_AGENT = "newsdesk/0.1 (self-hosted news desk; feed fetcher; respects robots.txt)"


@dataclass(frozen=True)
class StoryTuning:
    """The knobs of story assignment, chosen on the demo corpus and odd ECB+ topics only."""

    embedding: float = 0.3
    # TF-IDF cosine of the words, and of the numbers on their own (see group/cluster.py).
    tfidf: float = 0.4
    numbers: float = 0.3
    # Shared evenly between how far the story names the article's entities and how far
    # the article names the story's key ones.
    entity: float = 0.3
    threshold: float = 0.4
    # A story names an entity fully when this share of its articles name it.
    entity_share: float = 0.5
    window_days: float = 7.0
    time_penalty: float = 0.2
    # Added for an article within the story's span, falling to 0 at `window_days`:
    # on the demo the Noto quake's toll and aftermath reports join the quake's story.
    time_bonus: float = 0.15
    profile_terms: int = 300
    key_entities: int = 12
    neighbours: int = 10
    # Both sides name entities and share none: most likely two events of one kind.
    disjoint_penalty: float = 0.1
    # How many stories active in the window are compared by centroid at most.
    recent_stories: int = 500
    # Headline words count this many times a body word in an article's TF-IDF terms.
    title_weight: float = 2.0
    # A story is split in two when its articles form two groups of at least `split_min`
    # whose mean similarity across is under `split_ratio` of the looser group's own: two
    # events of one kind (two title defences of one boxer) merged by an early join. It is
    # looked at each time it doubles, up to `split_max` articles.
    split_ratio: float = 0.8
    split_min: int = 3
    split_max: int = 64
    # How two articles of a story are compared for a split: embedding, TF-IDF and entity
    # cosines, in these shares.
    split_embedding: float = 0.4
    split_tfidf: float = 0.4
    split_entity: float = 0.2


@dataclass(frozen=True)
class ThreadTuning:
    """The knobs of thread linking: key entities are named by `key_share` of a story's
    articles; two stories continue each other above `threshold`."""

    key_share: float = 0.5
    threshold: float = 0.25
    terms_weight: float = 0.5
    # How many stories a grown story is compared with for threads at most.
    candidates: int = 50


@dataclass(frozen=True)
class CopyRules:
    """How close two bodies must be, and how near in time, to be one syndicated story."""

    min_containment: float = 0.6
    min_jaccard: float = 0.25
    # Same outlet, conflicting wire credits, or very short bodies: only a re-post of
    # the same text folds, since two different items there can share a long passage.
    strict_jaccard: float = 0.9
    min_shingles: int = 20
    window: timedelta = timedelta(days=7)
    # Copies of one group compared at most, when its canonical is not itself a match.
    max_compared: int = 20


@dataclass(frozen=True)
class GroupingSettings:
    """Everything grouping can be told: stories, threads and syndicated copies."""

    stories: StoryTuning = field(default_factory=StoryTuning)
    threads: ThreadTuning = field(default_factory=ThreadTuning)
    copies: CopyRules = field(default_factory=CopyRules)
    # PostgreSQL only: workers place articles at once under advisory locks instead of one
    # lease (pipeline/parallel_grouping.py), with one worker's results (B-cubed within
    # 0.01 on the demo and ECB+: docs/parallel-grouping.md). SQLite keeps the lease.
    parallel: bool = True


@dataclass(frozen=True)
class SearchSettings:
    """The knobs of search: how full text and meaning are fused, and what counts as close."""

    # Reciprocal-rank fusion constant: 60 is the value of Cormack et al. (2009).
    rrf_k: int = 60
    # Cosine below which an article is not a semantic match at all.
    semantic_floor: float = 0.25
    # An article in another language than the query's cannot match its words: it is a
    # match when its multilingual (USE) cosine to the query is at least this (on the demo,
    # "Noto earthquake" scores 0.37-0.38 with the Japanese and Korean reports of the quake,
    # and up to 0.48 with reports of neighbouring events: the floor lets a few of those in).
    across_languages_floor: float = 0.35
    # Below it, down to this, such an article still matches when it names every person and
    # organisation the query names, in its own script ("라브로프" for "Lavrov"): on the demo
    # the Korean and Russian reports of Lavrov's visits score 0.30-0.34 with their English
    # ones.
    across_languages_named_floor: float = 0.3
    # bm25 weight of a headline match against a body match.
    title_weight: float = 3.0
    # Articles close in meaning that miss a word of the query are shown apart, as related:
    # at most this many (one per story), and only this close (MiniLM cosine: on the demo
    # corpus other Lavrov visits score 0.35-0.40 for "Lavrov Wonsan", while a Patriot story
    # scores 0.31 for "military bloc" and the Bank of Japan 0.28 for "bank of england").
    related_limit: int = 5
    related_floor: float = 0.35
    # Matches are counted up to this many; past it a search says "1,000+".
    count_cap: int = 1000


@dataclass(frozen=True)
class ReadingSettings:
    """The knobs of what a reader is shown: answers, related articles and the front page."""

    # Cosine (MiniLM) between question and sentence below which a sentence is about the
    # topic at best, not an answer; set by hand, measured by `newsdesk eval answers`.
    answer_floor: float = 0.45
    # Cosine below which an article outside the story and thread is not related.
    related_floor: float = 0.45
    related_window_days: int = 30
    # How many articles of that window are compared by vector at most.
    related_nearest: int = 2000
    # Front page: a story's breadth is divided by (1 + age in days) to this power.
    gravity: float = 1.5
    # The most recently active stories ranked for the front page.
    rank_pool: int = 300
    # Front pages the views step keeps built after grouping (later ones are built on their
    # first view and kept).
    front_pages_kept: int = 5
    # Front-page sections: a story is filed under one of its `topics_per_story` most named
    # entities of these kinds (earlier kinds win ties: a reader scans by place first) that
    # at least this share of its independent articles name; a section needs this many
    # stories, the rest go under "More stories".
    topic_kinds: tuple[str, ...] = ("place", "organisation", "person")
    topic_share: float = 0.5
    topics_per_story: int = 4
    topic_min_stories: int = 2
    # A story's timeline shows the dated events at least this sure of their date
    # (`enrich.timex.date_confidence`: 1.0 named in full, 0.8 fixed by a relative word or
    # the tense, 0.6 the nearer guess, 0.4 vague); `newsdesk eval dates` prints what it buys.
    timeline_confidence: float = 0.6
    # Who's who shows a story's people and organisations at this confidence or above
    # (present.confidence: label agreement times full name, title, repeats, articles);
    # 0.5 wants one piece of evidence beyond the name, measured by `newsdesk eval ner`.
    whos_who_confidence: float = 0.5
    # Quotes by speaker (story and entity pages) list a quote under its speaker only when
    # the speaker was found at least this surely (enrich/speakers.py: 1.0 named subject of
    # a verb of saying, 0.9 colon or carried on, 0.7 pronoun of the last speaker, 0.45
    # role, 0.3 nearest person); `newsdesk eval quotes` prints the precision this buys.
    quote_confidence: float = 0.5


@dataclass(frozen=True)
class AccountSettings:
    """How far sign-ins are trusted: failed logins and registrations allowed in a window,
    per account name and per client address, before the next ones wait."""

    failed_logins: int = 5
    failed_logins_per_address: int = 20
    registrations_per_address: int = 10
    window_minutes: int = 15


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
class ImageSettings:
    """Lead images: whether the pipeline fetches the ones articles name (through the same
    guarded fetcher and address rules as sources), for which inputs, and how big one may be."""

    # Off: images are never fetched, pages show outlet marks only.
    fetch: bool = True
    # Also for articles of ingested files and posted documents (off: only for what newsdesk
    # fetched itself, so a plain `newsdesk ingest FILE` never reaches the network).
    from_files: bool = False
    max_bytes: int = 5_000_000


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
    # Where readers reach the web app: the base of every absolute link it gives out (feeds).
    public_url: str = DEFAULT_PUBLIC_URL
    grouping: GroupingSettings = field(default_factory=GroupingSettings)
    search: SearchSettings = field(default_factory=SearchSettings)
    reading: ReadingSettings = field(default_factory=ReadingSettings)
    accounts: AccountSettings = field(default_factory=AccountSettings)
    images: ImageSettings = field(default_factory=ImageSettings)

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
        public_url=_public_url(env),
        grouping=GroupingSettings(
            stories=_tuned(StoryTuning(), "NEWSDESK_STORY_", env),
            threads=_tuned(ThreadTuning(), "NEWSDESK_THREAD_", env),
            copies=_tuned(CopyRules(), "NEWSDESK_COPY_", env),
            parallel=_flag(env, "NEWSDESK_GROUPING_PARALLEL", default=True),
        ),
        search=_tuned(SearchSettings(), "NEWSDESK_SEARCH_", env),
        reading=_tuned(ReadingSettings(), "NEWSDESK_READING_", env),
        accounts=_tuned(AccountSettings(), "NEWSDESK_ACCOUNTS_", env),
        images=_tuned(ImageSettings(), "NEWSDESK_IMAGES_", env),
    )


# The prefix of each group of tuning knobs: NEWSDESK_STORY_THRESHOLD sets
# grouping.stories.threshold, NEWSDESK_SEARCH_RRF_K sets search.rrf_k, and so on.
TUNING_PREFIXES = {
    "NEWSDESK_STORY_": StoryTuning,
    "NEWSDESK_THREAD_": ThreadTuning,
    "NEWSDESK_COPY_": CopyRules,
    "NEWSDESK_SEARCH_": SearchSettings,
    "NEWSDESK_READING_": ReadingSettings,
    "NEWSDESK_ACCOUNTS_": AccountSettings,
}


def _tuned(defaults: Any, prefix: str, env: Mapping[str, str]) -> Any:
    """The knobs of `defaults` with each one the environment sets (`prefix` + FIELD)."""
    known = {prefix + knob.name.upper() for knob in dataclasses.fields(defaults)}
    # A mistyped knob would otherwise change nothing and say nothing.
    unknown = sorted(name for name in env if name.startswith(prefix) and name not in known)
    if unknown:
        raise ConfigError(
            f"{unknown[0]} is no setting; the {prefix}* settings are {', '.join(sorted(known))}"
        )
    changes: dict[str, object] = {}
    for knob in dataclasses.fields(defaults):
        name = prefix + knob.name.upper()
        raw = env.get(name)
        if raw is None or not raw.strip():
            continue
        current = getattr(defaults, knob.name)
        if isinstance(current, bool):
            changes[knob.name] = _flag(env, name)
        elif isinstance(current, timedelta):
            changes[knob.name] = timedelta(days=_number(env, name, current.days))
        elif isinstance(current, tuple):
            changes[knob.name] = tuple(part.strip() for part in raw.split(",") if part.strip())
        elif isinstance(current, int):
            value = _number(env, name, current)
            if value != int(value):
                raise ConfigError(f"{name} must be a whole number, not {raw!r}")
            changes[knob.name] = int(value)
        else:
            changes[knob.name] = _number(env, name, current)
    return replace(defaults, **changes)


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


def _public_url(env: Mapping[str, str]) -> str:
    url = (env.get("NEWSDESK_PUBLIC_URL") or DEFAULT_PUBLIC_URL).strip()
    if not url.startswith(("http://", "https://")) or "://" not in url or url.endswith("://"):
        raise ConfigError(f"NEWSDESK_PUBLIC_URL must be an http(s) address, not {url!r}")
    return url


def _flag(env: Mapping[str, str], name: str, *, default: bool = False) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    return raw in ("1", "true", "yes", "on")


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, not {raw!r}") from None
