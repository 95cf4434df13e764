"""The tables that last: outlets, raw documents, and the articles extracted from them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    event,
    false,
    inspect,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from newsdesk.store.search_query import character_pairs


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime stored in UTC and read back aware on every backend.

    SQLite keeps no zone, so without this it would hand back naive datetimes
    while PostgreSQL hands back aware ones.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        """Normalise to UTC before storing; naive values are taken to be UTC."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        """Give back an aware UTC datetime."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Base of every newsdesk table."""


class Outlet(Base):
    """An outlet articles come from: a newspaper, a broadcaster, a wire service's site. (Its
    table keeps the first schema's name, `sources`; a followed feed is a `Feed`.)"""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    url: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Document(Base):
    """One raw input exactly as received, kept compressed so extraction can be re-run."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    origin: Mapped[str] = mapped_column(Text)
    content_type: Mapped[str] = mapped_column(String(100))
    # zlib-compressed raw bytes; None only when the input was over the size limit.
    payload: Mapped[bytes | None] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(BigInteger)
    hints: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(20))
    error: Mapped[str | None] = mapped_column(Text)
    extracted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    articles: Mapped[list[Article]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="Article.ordinal"
    )


class Article(Base):
    """An article extracted from a document: the main one, or a teaser stub found on a page."""

    __tablename__ = "articles"
    __table_args__ = (
        UniqueConstraint("document_id", "ordinal", name="uq_articles_document_ordinal"),
        Index("ix_articles_published_at", "published_at"),
        Index("ix_articles_url", "url"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    ordinal: Mapped[int] = mapped_column(Integer)
    outlet_id: Mapped[int | None] = mapped_column("source_id", ForeignKey("sources.id"))
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    dateline: Mapped[str | None] = mapped_column(Text)
    wire_service: Mapped[str | None] = mapped_column(String(100))
    is_stub: Mapped[bool] = mapped_column(Boolean, default=False)
    found_on_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Enrichment: set together when the NLP stages have run over this version of the text.
    language: Mapped[str | None] = mapped_column(String(12))
    sentences: Mapped[list[list[int]] | None] = mapped_column(JSON)
    enriched_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    enrich_note: Mapped[str | None] = mapped_column(Text)
    # Grouping: syndicated copies point at their canonical article; vectors for stories.
    duplicate_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL", name="fk_articles_duplicate_of"), index=True
    )
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary)
    # The USE vector, compared with articles and stories in other languages.
    embedding_multilingual: Mapped[bytes | None] = mapped_column(LargeBinary)
    story_id: Mapped[int | None] = mapped_column(
        ForeignKey("stories.id", ondelete="SET NULL", name="fk_articles_story"), index=True
    )
    grouped_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # The headline's and text's Chinese, Japanese and Korean characters as pairs, which the
    # full-text index reads beside them (store/search_query.py); None for other scripts.
    # Deferred: no page reads it, only the index.
    search_characters: Mapped[str | None] = mapped_column(Text, deferred=True)

    document: Mapped[Document] = relationship(back_populates="articles")
    outlet: Mapped[Outlet | None] = relationship(lazy="joined")
    # Earlier versions of the page, oldest first (written by store.documents, deleted by
    # the database with the article).
    revisions: Mapped[list[ArticleRevision]] = relationship(
        order_by="ArticleRevision.replaced_at", viewonly=True
    )


@event.listens_for(Article, "before_insert")
@event.listens_for(Article, "before_update")
def _index_characters(_mapper: Any, _connection: Any, article: Article) -> None:
    # Kept with the row that is written, as the index itself is; a write that leaves the
    # headline and text alone (grouping, enrichment) leaves the pairs alone.
    state = inspect(article)
    if state.pending or any(state.attrs[k].history.has_changes() for k in ("title", "text")):
        article.search_characters = character_pairs(f"{article.title or ''}\n{article.text or ''}")


class ArticleRevision(Base):
    """An earlier version of an article: what it said when read from an earlier document of
    the same URL. The article itself always holds the latest version."""

    __tablename__ = "article_revisions"
    __table_args__ = (
        UniqueConstraint("article_id", "document_id", name="uq_article_revisions_document"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE", name="fk_article_revisions_article"),
        index=True,
    )
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE", name="fk_article_revisions_document")
    )
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When a later version replaced it.
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ArticleImage(Base):
    """An article's lead image: the URL its page or feed entry named, and the copy newsdesk
    fetched of it (one try per URL: `status` "pending", then "fetched" or "failed" with why)."""

    __tablename__ = "article_images"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE", name="fk_article_images_article"),
        primary_key=True,
    )
    source_url: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), index=True)
    content_type: Mapped[str | None] = mapped_column(String(40))
    # SHA-256 of the bytes: the served copy's ETag.
    sha256: Mapped[str | None] = mapped_column(String(64))
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    size: Mapped[int | None] = mapped_column(Integer)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str | None] = mapped_column(Text)


class Entity(Base):
    """A person, organisation, place, group or event, one row under every spelling."""

    __tablename__ = "entities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    label: Mapped[str] = mapped_column(String(20), index=True)
    # Normalised names of what it co-occurs with: context that tells namesakes apart.
    context: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    aliases: Mapped[list[EntityAlias]] = relationship(
        back_populates="entity", cascade="all, delete-orphan"
    )
    roles: Mapped[list[EntityRole]] = relationship(
        back_populates="entity", cascade="all, delete-orphan", order_by="EntityRole.first_seen"
    )
    keys: Mapped[list[EntityKey]] = relationship(cascade="all, delete-orphan")


class EntityAlias(Base):
    """One spelling an entity was seen under."""

    __tablename__ = "entity_aliases"
    __table_args__ = (UniqueConstraint("entity_id", "alias", name="uq_entity_aliases"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(300), index=True)

    entity: Mapped[Entity] = relationship(back_populates="aliases")


class EntityKey(Base):
    """A blocking key of an entity's names: candidates for a new mention share one."""

    __tablename__ = "entity_keys"
    __table_args__ = (UniqueConstraint("entity_id", "key", name="uq_entity_keys"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(120), index=True)


class EntityRole(Base):
    """A role an entity was described with ("Foreign Minister"), and when it was seen."""

    __tablename__ = "entity_roles"
    __table_args__ = (UniqueConstraint("entity_id", "role", name="uq_entity_roles"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(300))
    first_seen: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_seen: Mapped[datetime | None] = mapped_column(UTCDateTime)

    entity: Mapped[Entity] = relationship(back_populates="roles")


class Mention(Base):
    """Where an entity is named in an article: the text as written, offsets, sentence."""

    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    entity_id: Mapped[int | None] = mapped_column(
        ForeignKey("entities.id", ondelete="SET NULL"), index=True
    )
    text: Mapped[str] = mapped_column(String(300))
    label: Mapped[str] = mapped_column(String(20))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[int] = mapped_column(Integer)
    # Added from the article's story (a name written by sound or word for word,
    # `join_story_names`), not found by its own enrichment: it goes when the article
    # leaves the story.
    from_story: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    entity: Mapped[Entity | None] = relationship(lazy="joined")


class Quote(Base):
    """Something said in an article: a direct quote or a paraphrase, its speaker and source."""

    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    speaker_id: Mapped[int | None] = mapped_column(
        ForeignKey("entities.id", ondelete="SET NULL"), index=True
    )
    speaker_text: Mapped[str | None] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[int] = mapped_column(Integer)
    attribution: Mapped[list[str]] = mapped_column(JSON, default=list)
    # How surely the speaker was found (see enrich/speakers.py): 1.0 a named subject of a
    # verb of saying, down to the nearest person named before; 0.0 nobody.
    confidence: Mapped[float] = mapped_column(Float, default=1.0, server_default="1.0")

    speaker: Mapped[Entity | None] = relationship(lazy="joined")


class Event(Base):
    """A dated sentence of an article: the time expression and what it resolves to."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    sentence: Mapped[int] = mapped_column(Integer)
    expression: Mapped[str] = mapped_column(String(300))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    precision: Mapped[str] = mapped_column(String(12))
    date: Mapped[str | None] = mapped_column(String(10), index=True)
    date_end: Mapped[str | None] = mapped_column(String(10))
    entity_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    # How sure the date is (`enrich.timex.date_confidence`); NULL for events stored before.
    confidence: Mapped[float | None] = mapped_column(Float, nullable=True)


class ArticleWarning(Base):
    """Something in an article that looks damaged or inconsistent, with its span."""

    __tablename__ = "article_warnings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    message: Mapped[str] = mapped_column(Text)


class ArticleBand(Base):
    """An LSH band key of an article's MinHash: articles sharing one may be copies."""

    __tablename__ = "article_bands"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(40), index=True)


class SentenceVectors(Base):
    """Embeddings of an article's sentences or quotes, kept once a story or answer needs them."""

    __tablename__ = "sentence_vectors"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE", name="fk_sentence_vectors_article"),
        primary_key=True,
    )
    # Which of the article's texts: "body" sentences or "quotes".
    part: Mapped[str] = mapped_column(String(10), primary_key=True)
    # Hash of the model and the sentences embedded: re-extracted text is a miss.
    fingerprint: Mapped[str] = mapped_column(String(40))
    # float16 little-endian, one row of DIMENSIONS per sentence.
    vectors: Mapped[bytes] = mapped_column(LargeBinary)


class PageView(Base):
    """The read model of one story, article, entity or front page, as the pipeline built it,
    with the version of its inputs (read/views.py says what that is) it was built from."""

    __tablename__ = "page_views"

    # "story", "article", "entity" or "front"; `subject_id` is that story's, article's or
    # entity's id, or the front page's page number.
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    subject_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[str] = mapped_column(String(120))
    built_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The view's JSON, as the read model serialises it.
    body: Mapped[str] = mapped_column(Text)


class Story(Base):
    """One event as told by every outlet: its articles, and the state that new ones join."""

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Stories that continue each other share a thread, named by its first story's id.
    thread_id: Mapped[int | None] = mapped_column(Integer, index=True)
    title: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer, default=0)
    first_seen: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    last_seen: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # The mean MiniLM vector of its English articles, and the mean USE vector of them all.
    centroid: Mapped[bytes | None] = mapped_column(LargeBinary)
    centroid_multilingual: Mapped[bytes | None] = mapped_column(LargeBinary)
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class StoryKey(Base):
    """A blocking key of a story (an entity, a time bucket): candidates for a new article."""

    __tablename__ = "story_keys"
    __table_args__ = (UniqueConstraint("story_id", "key", name="uq_story_keys"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(120), index=True)


class CorpusCount(Base):
    """How many grouped articles hold a term ("t") or name an entity ("e"); "n" counts all.

    Story grouping weighs words and names by their rarity among the articles seen so far.
    """

    __tablename__ = "corpus_counts"

    kind: Mapped[str] = mapped_column(String(1), primary_key=True)
    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    documents: Mapped[int] = mapped_column(Integer, default=0)


# --- Following sources: the feeds and sitemaps fetched, what they gave, how it went. ---


class Feed(Base):
    """A feed or sitemap newsdesk follows for an outlet, with its fetch state and schedule.

    `status` is "active", "paused" or "gone" (the server said 410); repeated failures
    keep it active but push `next_fetch_at` back, and `last_error` says why.
    """

    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="feed")
    title: Mapped[str | None] = mapped_column(Text)
    site_url: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(300))
    outlet_id: Mapped[int | None] = mapped_column(
        "source_id", ForeignKey("sources.id", ondelete="SET NULL", name="fk_feeds_source")
    )
    status: Mapped[str] = mapped_column(String(20), default="active", index=True)
    full_text: Mapped[str] = mapped_column(String(10), default="auto")
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    interval_seconds: Mapped[int] = mapped_column(Integer, default=3600)
    next_fetch_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    last_fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_new_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    hub_url: Mapped[str | None] = mapped_column(Text)
    topic_url: Mapped[str | None] = mapped_column(Text)
    websub_secret: Mapped[str | None] = mapped_column(String(64))
    websub_state: Mapped[str | None] = mapped_column(String(20))
    websub_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    outlet: Mapped[Outlet | None] = relationship(lazy="joined")


class FeedEntry(Base):
    """An entry (or sitemap URL) already taken from a feed, so it is not fetched again."""

    __tablename__ = "feed_entries"
    __table_args__ = (UniqueConstraint("feed_id", "key", name="uq_feed_entries"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feed_id: Mapped[int] = mapped_column(
        ForeignKey("feeds.id", ondelete="CASCADE", name="fk_feed_entries_feed")
    )
    # SHA-256 of the entry's id (guid), else its link.
    key: Mapped[str] = mapped_column(String(64))
    url: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # SHA-256 of the entry's title and content when last taken: a change is an update.
    digest: Mapped[str | None] = mapped_column(String(64))


class FetchLog(Base):
    """One fetch of a feed: when, the HTTP status, bytes, time taken, what came of it."""

    __tablename__ = "fetch_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feed_id: Mapped[int] = mapped_column(
        ForeignKey("feeds.id", ondelete="CASCADE", name="fk_fetch_log_feed"), index=True
    )
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[int | None] = mapped_column(Integer)
    # "ok", "not_modified", "error", "gone", "pushed" (WebSub)
    outcome: Mapped[str] = mapped_column(String(20))
    bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    entries: Mapped[int] = mapped_column(Integer, default=0)
    new_documents: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)


class Lease(Base):
    """A named lease one worker holds until it expires: one fetcher per feed, one grouper."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class VectorModel(Base):
    """Which model made the stored vectors of one kind ("article", "article_multilingual")."""

    __tablename__ = "vector_models"

    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    model: Mapped[str] = mapped_column(String(200))


class Account(Base):
    """A reader who can comment; moderators hide and delete comments, admins also ingest."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    # The name folded to lower case: "Ann" and "ann" are one account.
    name_key: Mapped[str] = mapped_column(String(40), unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(12), default="reader")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when an admin disables the account: it opens nothing until enabled again.
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class SignInAttempt(Base):
    """A failed login or a registration, counted per account name or client address."""

    __tablename__ = "sign_in_attempts"
    __table_args__ = (Index("ix_sign_in_attempts_lookup", "kind", "key", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WebSession(Base):
    """A logged-in browser: the SHA-256 of its cookie token, never the token itself."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE", name="fk_web_sessions_account"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)

    account: Mapped[Account] = relationship(lazy="joined")


class ApiToken(Base):
    """A bearer token for the REST API, acting as its account (stored as a SHA-256)."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE", name="fk_api_tokens_account"), index=True
    )
    label: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    account: Mapped[Account] = relationship(lazy="joined")


class Comment(Base):
    """A reader's comment on an article or a story (exactly one of the two)."""

    __tablename__ = "comments"
    __table_args__ = (
        Index("ix_comments_article", "article_id", "created_at"),
        Index("ix_comments_story", "story_id", "created_at"),
        Index("ix_comments_account_created", "account_id", "created_at"),
        # Ids are anchors on the page: never handed to a later comment (SQLite).
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE", name="fk_comments_account")
    )
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE", name="fk_comments_article")
    )
    story_id: Mapped[int | None] = mapped_column(
        ForeignKey("stories.id", ondelete="CASCADE", name="fk_comments_story")
    )
    # A story comment's first article: how it finds its story again after a recluster.
    anchor_article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL", name="fk_comments_anchor")
    )
    body: Mapped[str] = mapped_column(Text)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    account: Mapped[Account] = relationship(lazy="joined")


# Reader indexes (migration 0006): the outlets of a set of stories read from the index
# alone, the latest canonical full articles in publication order, per-outlet counts, and the
# latest failed inputs. ix_articles_source also serves grouping's lookup of an outlet's
# teaser stubs, which otherwise reads the whole table for every grouped article.
Index("ix_articles_story_source", Article.story_id, Article.outlet_id)
Index("ix_articles_latest", Article.is_stub, Article.duplicate_of_id, Article.published_at)
Index("ix_documents_status", Document.status, Document.received_at)
Index(
    "ix_articles_source",
    Article.outlet_id,
    Article.is_stub,
    Article.published_at,
    Article.created_at,
)


class Follow(Base):
    """A reader following a story or an entity (exactly one of the two)."""

    __tablename__ = "follows"
    __table_args__ = (
        # One follow per reader and target. Partial indexes, one per kind: a unique
        # constraint over both columns lets duplicates in, since one of them is always NULL.
        Index(
            "uq_follows_story",
            "account_id",
            "story_id",
            unique=True,
            sqlite_where=text("story_id IS NOT NULL"),
            postgresql_where=text("story_id IS NOT NULL"),
        ),
        Index(
            "uq_follows_entity",
            "account_id",
            "entity_id",
            unique=True,
            sqlite_where=text("entity_id IS NOT NULL"),
            postgresql_where=text("entity_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE", name="fk_follows_account"), index=True
    )
    story_id: Mapped[int | None] = mapped_column(
        ForeignKey("stories.id", ondelete="CASCADE", name="fk_follows_story"), index=True
    )
    entity_id: Mapped[int | None] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE", name="fk_follows_entity"), index=True
    )
    # A story follow's first article: how it finds its story again after a recluster.
    anchor_article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL", name="fk_follows_anchor")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FollowState(Base):
    """Per reader: when the Following page was last opened, and the private feed's token hash."""

    __tablename__ = "follow_states"

    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE", name="fk_follow_states_account"),
        primary_key=True,
    )
    last_visit: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # SHA-256 of the feed token: feed readers cannot log in, so the URL carries a secret.
    feed_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
