"""The typed records the read layer gives: what `--json` prints, what the API returns (its
OpenAPI schema), and what the pages render. One shape per thing a reader is shown."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, PlainSerializer

# Times as `datetime.isoformat()` writes them ("+00:00", not pydantic's "Z"), as every
# earlier release printed them.
Moment = Annotated[
    datetime, PlainSerializer(lambda moment: moment.isoformat(), return_type=str, when_used="json")
]


class Record(BaseModel):
    """A read model: plain, immutable data."""

    model_config = ConfigDict(frozen=True)


# Articles


class Revision(Record):
    """An earlier version of an article: the same URL read before with other text."""

    document_id: int
    title: str
    text: str
    published_at: Moment | None
    replaced_at: Moment


class DocumentInfo(Record):
    """The raw input an article came from."""

    id: int
    origin: str
    sha256: str
    content_type: str
    size: int | None
    status: str
    error: str | None
    received_at: Moment
    hints: dict[str, Any] | None


class ArticleRow(Record):
    """An article in a list (`articles --json`)."""

    id: int
    title: str
    outlet: str | None
    url: str | None
    published_at: Moment | None
    is_stub: bool


class CopyRef(Record):
    """Another outlet's copy of the same wire story."""

    id: int
    outlet: str | None
    title: str


class ArticleEntity(Record):
    """An entity an article names, with the forms it is written in there."""

    id: int
    name: str
    type: str
    # The type in a reader's words: person, organisation, place, group, event.
    kind: str
    surface_forms: list[str]


class ArticleQuote(Record):
    """A quote in an article: who said it, according to whom, where in the text."""

    text: str
    kind: str
    speaker: str | None
    speaker_id: int | None
    speaker_text: str | None
    attribution: list[str]
    span: tuple[int, int]
    # How surely the speaker was found (enrich/speakers.py): 1.0 a named subject of a verb
    # of saying, down to the nearest person named before; 0.0 nobody.
    confidence: float


class ArticleEvent(Record):
    """A dated event read in an article: its date at its precision and its sentence."""

    date: str | None
    date_end: str | None
    precision: str
    expression: str
    sentence: str | None
    entity_ids: list[int]
    # How sure the date is, as stored (`enrich.timex.date_confidence`); None for older events.
    confidence: float | None = None


class ArticleWarningRecord(Record):
    """Something in an article's text that does not add up."""

    kind: str
    span: tuple[int, int]
    text: str
    message: str


class CitedSentenceRecord(Record):
    """A sentence quoted from an article, citing it: outlet, wire credit, sentence, span."""

    text: str
    article_id: int
    outlet: str | None
    credit: str
    published: Moment | None
    sentence: int
    span: tuple[int, int]
    headline: str | None = None


class ArticleView(ArticleRow):
    """One article with every stored field (`show --json`, the API's article, its page):
    its document and earlier versions, where it sits among copies and stories, what
    enrichment read in it, and its summary."""

    text: str
    author: str | None
    dateline: str | None
    wire_service: str | None
    found_on_id: int | None
    ordinal: int
    document_id: int
    created_at: Moment
    updated_at: Moment
    revisions: list[Revision]
    document: DocumentInfo
    story_id: int | None
    thread_id: int | None
    duplicate_of_id: int | None
    also_published_by: list[CopyRef]
    credit: str
    full_article_id: int | None
    language: str | None
    enriched_at: Moment | None
    enrich_note: str | None
    sentences: int
    entities: list[ArticleEntity]
    quotes: list[ArticleQuote]
    events: list[ArticleEvent]
    warnings: list[ArticleWarningRecord]
    summary: list[CitedSentenceRecord]


class Translation(Record):
    """The English of a headline and lead not in English, when a model gave one: `title`
    None (with `error` saying why) is shown as "not translated"."""

    language: str
    title: str | None
    lead: str | None
    model: str | None
    error: str | None


class ArticlePage(Record):
    """What an article's page shows of it, as kept by the pipeline: the article with its
    summary, the articles related to it, and the English of its headline and lead when it
    is in another language."""

    article: ArticleView
    related: list[RelatedArticle]
    translation: Translation | None = None


class LatestArticle(Record):
    """A recent article on the front page."""

    id: int
    title: str
    outlet: str | None
    published: Moment | None
    story_id: int | None


class AddedArticle(Record):
    """An article an ingest run stored: where it went (its story, or the article it copies)."""

    id: int
    title: str
    outlet: str | None
    story_id: int | None
    copy_of: int | None


class FeedArticle(Record):
    """An article as a feed out carries it."""

    id: int
    title: str
    outlet: str | None
    author: str | None
    published: Moment | None
    summary: str


class RelatedArticle(Record):
    """An article related to another, and why."""

    id: int
    outlet: str | None
    title: str
    lead: str
    url: str | None
    published: Moment | None
    relative_time: str
    reason: str
    similarity: float | None
    is_stub: bool
    also_published_by: list[str]


# Stories


class CitationRecord(Record):
    """Where a statement comes from: the article (and its headline), its outlet and credit,
    the sentence."""

    article_id: int
    outlet: str | None
    credit: str
    published: Moment | None
    sentence: int
    headline: str | None = None


class KeyPoint(Record):
    """A fact reported by two or more independent outlets, citing them all."""

    text: str
    citations: list[CitationRecord]


class WhoRecord(Record):
    """A person or organisation in a story, with the role held at the time."""

    entity_id: int
    name: str
    type: str
    kind: str
    role: str | None
    roles: list[str]
    mentions: int
    articles: int
    surface_forms: list[str]
    # How sure newsdesk is of the name's kind (present.confidence); who's who shows only
    # entities at or above NEWSDESK_READING_WHOS_WHO_CONFIDENCE.
    confidence: float = 1.0


class TimelineEntry(Record):
    """A dated event of a story, merged across the outlets that report it."""

    date: str
    date_end: str | None
    precision: str
    sentence: str
    citations: list[CitationRecord]


class ArticleLink(Record):
    """An article as a page links to it: by its headline, not its id."""

    id: int
    title: str


class OutletCoverage(Record):
    """How one outlet covered a story: when first, which articles, copies, exclusives."""

    outlet: str | None
    first_published: Moment | None
    article_ids: list[int]
    copies: int
    exclusives: int
    # The same articles with their headlines, in article_ids' order (pages link by headline).
    articles: list[ArticleLink] = []


class Exclusive(CitationRecord):
    """A sentence or direct quote only one telling of the story carries."""

    kind: str
    text: str
    speaker: str | None


class DisagreementSide(CitationRecord):
    """One side of a disagreement: the value given, in its sentence."""

    value: str
    text: str


class DisagreementRecord(Record):
    """Figures or quotes that outlets give differently, each side cited."""

    kind: str
    about: str
    sides: list[DisagreementSide]


class CoverageRecord(Record):
    """A story's coverage compared across outlets."""

    tellings: int
    outlets: list[OutletCoverage]
    first: CitationRecord | None
    only_here: list[Exclusive]
    disagreements: list[DisagreementRecord]


class StoryArticle(Record):
    """An article of a story, with its own short summary."""

    id: int
    outlet: str | None
    credit: str
    title: str
    url: str | None
    published: Moment | None
    relative_time: str
    duplicate_of_id: int | None
    summary: list[CitedSentenceRecord]
    language: str | None = None
    translation: Translation | None = None


class FoldedArticle(StoryArticle):
    """A story's article with the syndicated copies folded under it."""

    copies: list[StoryArticle]


class SaidQuote(Record):
    """A quote as listed under its speaker, citing its article by headline, outlet and
    credit as a summary's citations do."""

    text: str
    kind: str
    attribution: list[str]
    # How surely the speaker was found, as on ArticleQuote.
    confidence: float
    article_id: int
    outlet: str | None
    published: Moment | None
    headline: str | None = None
    credit: str = ""


class SpeakerQuotes(Record):
    """A speaker and what they said in a story's articles."""

    speaker: str
    speaker_id: int | None
    quotes: list[SaidQuote]


class ThreadStory(Record):
    """A story of a thread."""

    id: int
    title: str
    first_seen: Moment | None
    last_seen: Moment | None
    articles: int


class GroundedSentence(Record):
    """A sentence a model wrote, with the cited sentences it rests on."""

    text: str
    citations: list[dict[str, Any]]


class Abstract(Record):
    """A model-written summary grounded in a story's cited sentences; `error` says why
    there is none."""

    model: str
    sentences: list[GroundedSentence]
    error: str | None


class StoryView(Record):
    """A story (`story --json`, the API's story, its page): cited summary, key points,
    who's who, timeline, coverage, its articles, its quotes by speaker, its thread, and
    the model-written summary when a model is configured."""

    id: int
    title: str
    thread_id: int | None
    first_seen: Moment | None
    last_seen: Moment | None
    outlets: list[str]
    summary: list[CitedSentenceRecord]
    key_points: list[KeyPoint]
    whos_who: list[WhoRecord]
    timeline: list[TimelineEntry]
    coverage: CoverageRecord
    articles: list[StoryArticle]
    quotes: list[SpeakerQuotes]
    thread: list[ThreadStory]
    abstract: Abstract | None = None


class StoryRow(Record):
    """A story in a list (`stories --json`)."""

    id: int
    title: str
    articles: int
    outlets: int
    first_seen: Moment | None
    last_seen: Moment | None
    thread_id: int | None


class StoryLead(Record):
    """The opening sentence of the first article that told a story."""

    text: str
    article_id: int
    outlet: str | None


class LeadImage(Record):
    """A story's lead image as pages show it: newsdesk's copy (`src`, never the outlet's
    URL), the headline of the article it leads as its alt text, and its size if known."""

    article_id: int
    src: str
    alt: str
    width: int | None = None
    height: int | None = None


class StoryCard(Record):
    """A story on the front page."""

    id: int
    title: str
    articles: int
    outlets: list[str]
    first_seen: Moment | None
    last_seen: Moment | None
    thread_id: int | None
    lead: StoryLead | None


class FrontPage(Record):
    """One page of the front page: its stories, ranked, and whether more follow."""

    page: int
    has_more: bool
    total: int
    stories: list[StoryCard]


class FrontSection(Record):
    """A section of a front page: the stories filed under a place, organisation or person
    (`entity_id`), or the rest (`entity_id` None), by id in the page's order; `anchor` is
    the fragment the page's jump links name."""

    name: str
    anchor: str
    entity_id: int | None
    kind: str | None
    story_ids: list[int]


class FrontStories(FrontPage):
    """One page of the front page with the sections its stories are filed in, as the
    reader's front page shows them (`GET /api/v1/stories`)."""

    sections: list[FrontSection]


class FrontView(Record):
    """A page of the front page as the reader sees it: the ranked stories, the sections
    they are filed in, and on the first page the latest articles."""

    front: FrontPage
    latest: list[LatestArticle]
    sections: list[FrontSection] = []


# Entities


class RoleRecord(Record):
    """A role an entity was seen holding, and when."""

    role: str
    first_seen: Moment | None
    last_seen: Moment | None


class EntityRecord(Record):
    """An entity: canonical name, type, every spelling, roles, how many articles name it."""

    id: int
    name: str
    type: str
    kind: str
    aliases: list[str]
    roles: list[RoleRecord]
    articles: int


class EntityStory(Record):
    """A story naming an entity."""

    id: int
    title: str
    last_seen: Moment | None
    articles: int


class EntityQuote(Record):
    """Something an entity said, and the article (by headline) that reported it."""

    text: str
    kind: str
    attribution: list[str]
    article_id: int
    outlet: str | None
    headline: str | None = None


class VolumeBucket(Record):
    """How many articles named an entity in one day or week."""

    start: str
    count: int


class Volume(Record):
    """Articles naming an entity per day or week."""

    unit: Literal["day", "week"]
    buckets: list[VolumeBucket]


class EntityView(EntityRecord):
    """An entity's page: its record, latest stories (and how many name it in all), latest
    quotes (and how many in all), the timeline of the dated events naming it, and mention
    volume."""

    stories: list[EntityStory]
    story_count: int = 0
    quotes: list[EntityQuote]
    quote_count: int = 0
    volume: Volume
    timeline: list[TimelineEntry] = []
    description: str | None = None


# Answers and search


class AnswerSentence(CitedSentenceRecord):
    """A sentence of an answer, with how close it is to the question; for words said, who
    said them; for a date, the date; for a disagreement, what it is about and the value."""

    score: float
    speaker: str | None = None
    date: str | None = None
    about: str | None = None


class Answer(Record):
    """An extractive answer, every sentence cited; `found` false with a message otherwise.
    `kind` says what was answered: "facts" (the sentences closest to the question),
    "happened", "agreed", "said" (who said what), "speaker" (one person's words), "when",
    "disagree" (where outlets disagree)."""

    question: str
    found: bool
    answer: list[AnswerSentence]
    message: str | None
    kind: str = "facts"
    story_id: int | None = None


class CopyHit(Record):
    """A syndicated copy folded into a search hit."""

    id: int
    outlet: str | None


class SearchHit(Record):
    """One article found (standing for its copies), with why it ranks where it does and
    where the query's words are in its headline and snippet: (start, end) character
    offsets into the plain text, so a page escapes the text and then marks them."""

    id: int
    title: str
    outlet: str | None
    published_at: Moment | None
    story_id: int | None
    snippet: str
    score: float
    title_matches: list[tuple[int, int]] = []
    snippet_matches: list[tuple[int, int]] = []
    fulltext_rank: int | None = None
    fulltext_score: float | None = None
    semantic_rank: int | None = None
    similarity: float | None = None
    copies: list[CopyHit] = []


class StoryHits(Record):
    """The hits of one story, best first; an ungrouped article is a story of its own."""

    story_id: int | None
    title: str
    hits: list[SearchHit]


class SearchResults(Record):
    """What a search found: the articles that satisfy the query (every word and phrase,
    no excluded term), `total` of them in all (or at least, when `total_capped`), grouped by
    story in the order of each story's first hit (best or latest, as `sort` says); and apart,
    `related`, articles close in meaning that do not satisfy it, one per story."""

    query: str
    mode: Literal["fused", "fulltext", "semantic"]
    sort: Literal["relevance", "date"] = "relevance"
    total: int = 0
    total_capped: bool = False
    stories: list[StoryHits]
    related: list[SearchHit] = []

    @property
    def counted(self) -> str:
        """The number of matches as a reader reads it: "12", or "1,000+" past the count cap."""
        return f"{self.total:,}" + ("+" if self.total_capped else "")

    @property
    def hits(self) -> list[SearchHit]:
        """Every matching hit in the order asked for (best or latest first), whatever its story."""
        found = [h for g in self.stories for h in g.hits]
        if self.sort == "date":
            return sorted(
                found, key=lambda h: -(h.published_at.timestamp() if h.published_at else 0)
            )
        return sorted(found, key=lambda h: -h.score)


# Outlets, comments, accounts


class OutletRow(Record):
    """An outlet with its article count, latest publication and last arrival."""

    id: int
    name: str
    url: str | None
    articles: int
    latest_published: Moment | None
    last_received: Moment | None


class FailedInput(Record):
    """An input that could not be read, and why."""

    id: int
    origin: str
    error: str | None
    received_at: Moment
    outlet: str | None


class CommentRecord(Record):
    """A comment as the API shows it."""

    id: int
    author: str
    article_id: int | None
    story_id: int | None
    body: str
    hidden: bool
    created_at: Moment
    edited_at: Moment | None


class FeedRow(Record):
    """A followed source: what it is, how it is doing, when it is fetched next."""

    id: int
    url: str
    kind: str
    title: str | None
    outlet: str | None
    category: str | None
    status: str
    health: str
    failures: int
    last_error: str | None
    last_fetched_at: Moment | None
    next_fetch_at: Moment | None
    interval_seconds: int


class FetchRecord(Record):
    """One fetch of a source, as its log keeps it."""

    started_at: Moment
    outcome: str
    status: int | None
    bytes: int
    duration_ms: int
    entries: int
    new_documents: int
    error: str | None


class FeedView(FeedRow):
    """A followed source with every field and its recent fetch log (`source show`)."""

    site_url: str | None
    full_text: str
    etag: str | None
    last_modified: str | None
    last_success_at: Moment | None
    last_new_at: Moment | None
    hub_url: str | None
    websub_state: str | None
    websub_expires_at: Moment | None
    entries_seen: int
    created_at: Moment
    log: list[FetchRecord]


class AccountRecord(Record):
    """An account as the API shows it (never its password hash)."""

    id: int
    name: str
    role: str
