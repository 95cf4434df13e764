"""Named-entity recognition scored on CoNLL-2003: newsdesk's stored mentions against its labels.

Each CoNLL document becomes one article (its first sentence the headline, each further
sentence a paragraph) and goes through `enrich_texts`, the stage ingest runs. The
mentions it returns are mapped back to token spans and scored the CoNLL way: a mention
counts only with exactly the gold span and label; micro precision, recall and F1.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsdesk.config import ReadingSettings
from newsdesk.enrich import ArticleText, enrich_texts
from newsdesk.enrich.descriptions import is_description
from newsdesk.enrich.stage import Enrichment
from newsdesk.present.confidence import Evidence, entity_confidence
from newsdesk.types import MentionDraft

# OntoNotes labels (what spaCy's English pipelines give) as CoNLL's four; the mapping is
# the one the published anchors used. Labels absent here have no CoNLL counterpart.
CONLL_LABELS = {
    "PERSON": "PER",
    "ORG": "ORG",
    "FAC": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
}
LABELS = ("PER", "ORG", "LOC", "MISC")
DEV_FILE = "eng.testa"
# Published F1 of OntoNotes-trained spaCy pipelines out of the box on this dev set.
ANCHORS = {
    "en_core_web_lg": {"overall": 0.695, "ORG": 0.385},
    "en_core_web_trf": {"overall": 0.747, "ORG": 0.548},
}
# CoNLL tokens are split off words; a reader's text is not: no space before these.
_NO_SPACE_BEFORE = frozenset(
    {
        ",",
        ".",
        ";",
        ":",
        "?",
        "!",
        "%",
        ")",
        "]",
        "}",
        "'s",
        "'S",
        "n't",
        "'re",
        "'ve",
        "'ll",
        "'d",
        "'m",
    }
)
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "$"})
PARAGRAPH = "\n\n"

Span = tuple[int, int, str]  # first token, token after the last, CoNLL label


@dataclass(frozen=True)
class ConllDocument:
    """One CoNLL document: its tokens, its sentences as token ranges, its gold entities."""

    tokens: tuple[str, ...]
    sentences: tuple[tuple[int, int], ...]
    entities: frozenset[Span]


@dataclass(frozen=True)
class LabelScore:
    """Exact-span matches, predictions and gold entities of one label (or all), and P/R/F1."""

    correct: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        """Correct over predicted; 0.0 when nothing was predicted."""
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        """Correct over gold; 0.0 when there is no gold entity."""
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_json(self) -> dict[str, float | int]:
        """The counts and the three rates, rounded for reading."""
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "correct": self.correct,
            "predicted": self.predicted,
            "gold": self.gold,
        }


@dataclass(frozen=True)
class EntityPrecision:
    """Entities of one kind that are right, of all and of those at or above who's who's
    confidence floor: the question a reader asks of who's who (is this a person?), not
    where a span ends.

    On CoNLL (`entity_precision`) an article's local entity is right when most of its
    mentions overlap a gold name of its kind; on the demo (`eval.entities.whos_who_score`)
    a story's who's who line is right when the labels name one of its forms as its kind.
    """

    label: str
    right: int
    entities: int
    right_above: int
    above: int

    @property
    def precision(self) -> float:
        """Right over all entities of the kind."""
        return self.right / self.entities if self.entities else 0.0

    @property
    def precision_above(self) -> float:
        """Right over the entities at or above the confidence floor."""
        return self.right_above / self.above if self.above else 0.0

    @property
    def kept(self) -> float:
        """The share of right entities the floor keeps."""
        return self.right_above / self.right if self.right else 0.0

    def as_json(self) -> dict[str, float | int]:
        """The counts and rates, rounded for reading."""
        return {
            "precision": round(self.precision, 4),
            "precision_above": round(self.precision_above, 4),
            "kept": round(self.kept, 4),
            "entities": self.entities,
            "above": self.above,
        }


@dataclass(frozen=True)
class NerScore:
    """Micro scores overall and per CoNLL label over `documents` documents.

    `descriptions` counts the definite descriptions ("the foreign minister") enrichment
    attached to people: they are mentions but not names, so CoNLL does not score them.
    """

    overall: LabelScore
    labels: dict[str, LabelScore]
    documents: int
    descriptions: int = 0
    unscored: dict[str, int] = field(default_factory=dict)
    entities: dict[str, EntityPrecision] = field(default_factory=dict)
    confidence_floor: float = 0.0

    def as_json(self) -> dict[str, object]:
        """The score as plain JSON, with the published anchors beside it."""
        return {
            "overall": self.overall.as_json(),
            "labels": {label: s.as_json() for label, s in self.labels.items()},
            "documents": self.documents,
            "descriptions": self.descriptions,
            "unscored": self.unscored,
            "anchors": ANCHORS,
            "entities": {label: e.as_json() for label, e in self.entities.items()},
            "confidence_floor": self.confidence_floor,
        }


def iob_spans(tags: Sequence[str]) -> list[Span]:
    """Entity spans of a tag sequence in IOB1 or IOB2: an I- tag continues an entity of
    its label, a B- tag (or a change of label) starts a new one."""
    spans: list[Span] = []
    start, label = None, None
    for index, tag in enumerate([*tags, "O"]):
        prefix, _, kind = tag.partition("-")
        continues = prefix == "I" and kind == label
        if start is not None and label is not None and not continues:
            spans.append((start, index, label))
            start, label = None, None
        if prefix in {"B", "I"} and not continues:
            start, label = index, kind
    return spans


def read_conll(path: Path) -> list[ConllDocument]:
    """The documents of a CoNLL-2003 file (`token POS chunk NER` lines, blank lines between
    sentences, `-DOCSTART-` between documents); empty documents are left out."""
    documents: list[ConllDocument] = []
    tokens: list[str] = []
    tags: list[str] = []
    sentences: list[tuple[int, int]] = []
    sentence_start = 0

    def close_sentence() -> None:
        nonlocal sentence_start
        if len(tokens) > sentence_start:
            sentences.append((sentence_start, len(tokens)))
        sentence_start = len(tokens)

    def close_document() -> None:
        nonlocal sentence_start
        close_sentence()
        if tokens:
            # Entities never cross a sentence boundary, even when two sentences meet on
            # one label ("... Simmons" / "Lara ...").
            entities = frozenset(
                (first + start, first + end, label)
                for first, last in sentences
                for start, end, label in iob_spans(tags[first:last])
            )
            documents.append(ConllDocument(tuple(tokens), tuple(sentences), entities))
        tokens.clear()
        tags.clear()
        sentences.clear()
        sentence_start = 0

    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if not fields:
            close_sentence()
        elif fields[0] == "-DOCSTART-":
            close_document()
        else:
            tokens.append(fields[0])
            tags.append(fields[-1])
    close_document()
    return documents


def detokenise(tokens: Sequence[str]) -> tuple[str, list[int]]:
    """Tokens as a reader's text ("Reuters' view, (he said)"), with each token's start."""
    parts: list[str] = []
    starts: list[int] = []
    length = 0
    previous = None
    double_quotes = 0
    for token in tokens:
        space = previous is not None and token not in _NO_SPACE_BEFORE
        if previous in _NO_SPACE_AFTER or (previous == '"' and double_quotes % 2 == 1):
            space = False
        if token == '"':
            double_quotes += 1
            if double_quotes % 2 == 0:
                space = False
        if space:
            parts.append(" ")
            length += 1
        starts.append(length)
        parts.append(token)
        length += len(token)
        previous = token
    return "".join(parts), starts


def as_article(document: ConllDocument) -> tuple[ArticleText, list[int]]:
    """The document as an article, with each token's start offset in the article's text."""
    lines = [detokenise(document.tokens[first:last]) for first, last in document.sentences]
    article = ArticleText(title=lines[0][0], body=PARAGRAPH.join(text for text, _ in lines[1:]))
    full = article.text
    token_starts: list[int] = []
    position = 0
    for text, offsets in lines:
        position = full.index(text, position)
        token_starts += [position + offset for offset in offsets]
        position += len(text)
    return article, token_starts


def token_span(
    mention: MentionDraft, starts: dict[int, int], ends: dict[int, int]
) -> tuple[int, int] | None:
    """The tokens a mention covers exactly, or None when it cuts a token."""
    first, last = starts.get(mention.start), ends.get(mention.end)
    if first is None or last is None or last < first:
        return None
    return first, last + 1


def predicted_spans(
    mentions: Iterable[MentionDraft], token_starts: Sequence[int], tokens: Sequence[str]
) -> tuple[set[Span], int, Counter[str]]:
    """Mentions as CoNLL spans, with how many were descriptions and which labels had no
    CoNLL counterpart. A mention cutting a token keeps an impossible span (a miss)."""
    starts = {offset: i for i, offset in enumerate(token_starts)}
    ends = {offset + len(tokens[i]): i for i, offset in enumerate(token_starts)}
    spans: set[Span] = set()
    descriptions = 0
    unscored: Counter[str] = Counter()
    for mention in mentions:
        if is_description(mention.text):
            descriptions += 1
            continue
        label = CONLL_LABELS.get(mention.label)
        if label is None:
            unscored[mention.label] += 1
            continue
        span = token_span(mention, starts, ends)
        # A cut token can match no gold span; negative offsets keep it counted as predicted.
        spans.add((*span, label) if span else (-mention.start - 1, -mention.end - 1, label))
    return spans, descriptions, unscored


def score_spans(pairs: Iterable[tuple[set[Span], set[Span]]]) -> tuple[LabelScore, dict]:
    """Micro scores over (gold, predicted) span sets, overall and per label."""
    correct: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    gold: Counter[str] = Counter()
    for truth, guess in pairs:
        for _, _, label in truth:
            gold[label] += 1
        for _, _, label in guess:
            predicted[label] += 1
        for _, _, label in truth & guess:
            correct[label] += 1
    labels = {
        label: LabelScore(correct[label], predicted[label], gold[label])
        for label in sorted(set(LABELS) | set(gold) | set(predicted), key=_label_order)
    }
    overall = LabelScore(sum(correct.values()), sum(predicted.values()), sum(gold.values()))
    return overall, labels


def _label_order(label: str) -> tuple[int, str]:
    return (LABELS.index(label) if label in LABELS else len(LABELS), label)


# The kinds who's who shows, and places, scored as entities per document.
ENTITY_LABELS = ("PER", "ORG", "LOC")


def entity_precision(
    scored: Iterable[tuple[ConllDocument, Sequence[int], Enrichment]], floor: float
) -> dict[str, EntityPrecision]:
    """Per kind (and ALL), how many of each document's local entities are right, of all
    and of those whose confidence (`present.confidence`, one article's evidence) reaches
    `floor`."""
    counts: dict[str, list[int]] = {label: [0, 0, 0, 0] for label in (*ENTITY_LABELS, "ALL")}
    for document, token_starts, enrichment in scored:
        gold = [
            (token_starts[a], token_starts[b - 1] + len(document.tokens[b - 1]), label)
            for a, b, label in document.entities
        ]
        for entity in enrichment.entities:
            label = CONLL_LABELS.get(entity.label)
            mentions = [
                enrichment.mentions[i]
                for i in entity.mentions
                if not is_description(enrichment.mentions[i].text)
            ]
            if label not in ENTITY_LABELS or not mentions:
                continue
            overlapping = sum(
                any(g == label and s < m.end and m.start < e for s, e, g in gold) for m in mentions
            )
            right = 2 * overlapping > len(mentions)
            evidence = Evidence(
                label=entity.label,
                name=entity.name,
                mentions=len(mentions),
                articles=1,
                agreeing=sum(CONLL_LABELS.get(m.label) == label for m in mentions),
                written=len(mentions),
                described=bool(entity.roles),
            )
            above = entity_confidence(evidence) >= floor
            for key in (label, "ALL"):
                row = counts[key]
                row[0] += right
                row[1] += 1
                row[2] += right and above
                row[3] += above
    return {label: EntityPrecision(label, *row) for label, row in counts.items()}


def evaluate_ner(path: Path, *, floor: float | None = None) -> NerScore:
    """Score enrichment's mentions on a CoNLL-2003 file (or a folder holding eng.testa),
    and its entities per document above who's who's confidence `floor` (the default
    setting's when not given)."""
    if floor is None:
        floor = ReadingSettings().whos_who_confidence
    if path.is_dir():
        path = path / DEV_FILE
    documents = read_conll(path)
    articles = [as_article(d) for d in documents]
    enrichments = enrich_texts([article for article, _ in articles])
    pairs = []
    descriptions = 0
    unscored: Counter[str] = Counter()
    for document, (_, starts), enrichment in zip(documents, articles, enrichments, strict=True):
        spans, described, missing = predicted_spans(enrichment.mentions, starts, document.tokens)
        descriptions += described
        unscored.update(missing)
        pairs.append((set(document.entities), spans))
    overall, labels = score_spans(pairs)
    entities = entity_precision(
        (
            (document, starts, enrichment)
            for document, (_, starts), enrichment in zip(
                documents, articles, enrichments, strict=True
            )
        ),
        floor,
    )
    return NerScore(overall, labels, len(documents), descriptions, dict(unscored), entities, floor)


def format_ner(score: NerScore) -> str:
    """The score as a table: precision, recall and F1 per label, the anchors beside F1."""
    models = list(ANCHORS)
    header = f"{'label':8s} {'P':>6s} {'R':>6s} {'F1':>6s} {'gold':>6s}  " + "  ".join(
        f"{m.removeprefix('en_core_web_'):>6s}" for m in models
    )
    rows = [f"NER on CoNLL-2003 ({score.documents} documents), exact spans, micro", header]
    for name, s in [("overall", score.overall), *score.labels.items()]:
        anchors = "  ".join(
            f"{ANCHORS[m][name]:6.3f}" if name in ANCHORS[m] else f"{'-':>6s}" for m in models
        )
        rows.append(
            f"{name:8s} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.gold:6d}  {anchors}"
        )
    rows.append("anchors: F1 of spaCy's en_core_web_lg and en_core_web_trf out of the box")
    if score.entities:
        rows.append(
            f"entities per document, right kind (most mentions overlap a gold name of it); "
            f"who's who shows confidence >= {score.confidence_floor:g}"
        )
        rows.append(f"{'kind':8s} {'P all':>6s} {'P above':>8s} {'kept':>6s} {'entities':>9s}")
        for label, e in score.entities.items():
            rows.append(
                f"{label:8s} {e.precision:6.3f} {e.precision_above:8.3f} {e.kept:6.3f} "
                f"{e.above:4d}/{e.entities:<4d}"
            )
    if score.descriptions:
        rows.append(f"not scored: {score.descriptions} definite descriptions (not names)")
    if score.unscored:
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(score.unscored.items()))
        rows.append(f"not scored: labels with no CoNLL counterpart ({kinds})")
    return "\n".join(rows)
