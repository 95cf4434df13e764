"""Entity resolution scored on labelled corpora: pairwise and B-cubed precision, recall, F1.

Demo corpus: each labelled (article, surface form) of a person or organisation is an
item. Two items are truly the same when the labels give them one canonical name, and
predicted the same when newsdesk resolved them to one stored entity.

MEANTIME (`evaluate_meantime`): each gold name mention of a person or organisation is an
item, truly the same as the mentions of its gold instance across all documents, and
predicted the same as the mentions newsdesk stored under one entity. The articles go
through the production pipeline into a throwaway store; each gold mention is aligned to
the stored mention of its kind that overlaps it most, in the text as stored.

In both, items newsdesk never recognised count as entities of their own, so missed
mentions cost recall and never precision.

The demo's pairwise scores are over its English articles, so they stay comparable as
articles in other languages are added; the names those articles write (in their own
script) are scored apart (`CrossLanguageNames`): recognised, resolved to the entity of
the same name's English forms, or to the entity of another name's.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from math import comb
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsdesk.config import Settings
from newsdesk.demo import ARTICLES_DIR, demo_hints, in_english, load_labels
from newsdesk.enrich.entities import LABEL_FAMILY, ROLE_HEADS
from newsdesk.enrich.names import TITLE_WORDS, normalise_name, squash, word_set
from newsdesk.eval.ner import EntityPrecision
from newsdesk.pipeline import ingest_paths
from newsdesk.store.db import Store, open_store
from newsdesk.store.models import Article, Entity, Mention
from newsdesk.types import IngestHints, enrichment_text

KINDS = {"people": "PERSON", "organisations": "ORG"}


@dataclass(frozen=True)
class PairScore:
    """Pairwise precision, recall and F1 of merges, with the counts behind them."""

    precision: float
    recall: float
    f1: float
    items: int
    recognised: int


def pairwise_score(gold: list[str], predicted: list[str]) -> PairScore:
    """Score a clustering given each item's true and predicted cluster names."""
    true_pairs, predicted_pairs, both = _pair_counts(gold, predicted)
    precision = both / predicted_pairs if predicted_pairs else 1.0
    recall = both / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    recognised = sum(not p.startswith("missed:") for p in predicted)
    return PairScore(precision, recall, f1, len(gold), recognised)


def score_store(
    store: Store, kinds: tuple[str, ...], *, recognised_only: bool = False
) -> PairScore:
    """Score the entities stored for the demo corpus against its labels, for some kinds.

    `recognised_only` leaves out forms the recogniser never found, scoring resolution alone.
    """
    gold: list[str] = []
    predicted: list[str] = []
    with store.session() as session:
        articles = _article_ids(session)
        for label in load_labels()["articles"]:
            if not in_english(label):
                continue
            article_id = articles.get(label["title"])
            for kind in kinds:
                for canonical, forms in label.get(kind, {}).items():
                    for form in forms:
                        resolved = _resolved(session, article_id, form)
                        if recognised_only and resolved.startswith("missed:"):
                            continue
                        gold.append(f"{kind}:{canonical}")
                        predicted.append(resolved)
    return pairwise_score(gold, predicted)


def _article_ids(session: Session) -> dict[str, int]:
    """The stored full articles' ids by title (the labels name articles by title)."""
    return {
        a.title: a.id for a in session.scalars(select(Article).where(Article.is_stub.is_(False)))
    }


def _resolved(session: Session, article_id: int | None, form: str) -> str:
    if article_id is None:
        return f"missed:{form}"
    entities = Counter(
        session.scalars(
            select(Mention.entity_id).where(Mention.article_id == article_id, Mention.text == form)
        )
    )
    entities.pop(None, None)
    if not entities:
        return f"missed:{article_id}:{form}"
    return f"entity:{entities.most_common(1)[0][0]}"


@dataclass(frozen=True)
class CrossLanguageNames:
    """Names labelled in the demo's articles not in English: how many forms newsdesk
    recognised, resolved to the entity their name's English forms resolved to, or to the
    entity of another labelled name."""

    forms: int
    articles: int
    recognised: int
    joined: int
    wrong: int

    def as_json(self) -> dict[str, int]:
        """The figures as plain data."""
        return {
            "forms": self.forms,
            "articles": self.articles,
            "recognised": self.recognised,
            "joined_english_entity": self.joined,
            "wrong_joins": self.wrong,
        }

    def line(self) -> str:
        """One line for a reader."""
        return (
            f"cross-language names: {self.joined}/{self.forms} forms joined the entity of their"
            f" English forms, {self.wrong} wrong joins ({self.recognised} recognised, in"
            f" {self.articles} articles not in English)"
        )


def cross_language_names(store: Store) -> CrossLanguageNames:
    """Score the people and organisations labelled in the demo's articles not in English
    against the entities the same labelled names' English forms resolved to."""
    english: dict[str, set[str]] = {}
    foreign: list[tuple[str, str]] = []
    articles_seen = 0
    with store.session() as session:
        articles = _article_ids(session)
        for label in load_labels()["articles"]:
            article_id = articles.get(label["title"])
            english_label = in_english(label)
            articles_seen += not english_label
            for kind in KINDS:
                for canonical, forms in label.get(kind, {}).items():
                    for form in forms:
                        resolved = _resolved(session, article_id, form)
                        if english_label:
                            english.setdefault(f"{kind}:{canonical}", set()).add(resolved)
                        else:
                            foreign.append((f"{kind}:{canonical}", resolved))
    recognised = [(name, r) for name, r in foreign if not r.startswith("missed:")]
    joined = sum(r in english.get(name, set()) for name, r in recognised)
    wrong = sum(
        any(r in found for other, found in english.items() if other != name)
        and r not in english.get(name, set())
        for name, r in recognised
    )
    return CrossLanguageNames(len(foreign), articles_seen, len(recognised), joined, wrong)


@dataclass(frozen=True)
class DemoEntityScore:
    """The demo corpus: pairwise merge scores per kind (English articles), who's who's
    precision, and the names of its articles in other languages."""

    pairs: dict[str, PairScore]
    whos_who: dict[str, EntityPrecision]
    floor: float
    cross_language: CrossLanguageNames


def _bears_out(form: str, labelled: set[str]) -> bool:
    # "Prince Mohammed bin Salman" is the labelled "Mohammed bin Salman" with his title.
    return any(
        form == name or re.search(rf"(?<!\w){re.escape(name)}(?!\w)", form) for name in labelled
    )


def evaluate_demo_entities(floor: float | None = None) -> DemoEntityScore:
    """Ingest the demo corpus into a throwaway store and score people, organisations, both;
    and who's who above the confidence `floor` (the default setting's when not given)."""
    settings = Settings()
    floor = settings.reading.whos_who_confidence if floor is None else floor
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(data_dir=Path(folder))
        store = open_store(settings)
        ingest_paths(store, [ARTICLES_DIR], IngestHints(), settings, hints_for=demo_hints)
        scores = {KINDS[kind]: score_store(store, (kind,)) for kind in KINDS}
        scores["ALL"] = score_store(store, tuple(KINDS))
        scores["ALL, recognised forms only"] = score_store(
            store, tuple(KINDS), recognised_only=True
        )
        whos_who = whos_who_score(store, floor)
        cross = cross_language_names(store)
        store.close()
    return DemoEntityScore(scores, whos_who, floor, cross)


def whos_who_score(store: Store, floor: float) -> dict[str, EntityPrecision]:
    """Every person and organisation a demo story's who's who could show, scored against
    the labels: right when one of the forms its articles wrote is labelled a name of its
    kind in one of them (a "Patriot" filed as an organisation is not)."""
    from newsdesk.read.stories import story_articles, story_entities

    labelled: dict[str, dict[str, set[str]]] = {}
    for label in load_labels()["articles"]:
        forms = labelled.setdefault(label["title"], {"PERSON": set(), "ORG": set()})
        for kind, family in KINDS.items():
            forms[family] |= {f for names in label.get(kind, {}).values() for f in names}
    counts: dict[str, list[int]] = {kind: [0, 0, 0, 0] for kind in (*KINDS.values(), "ALL")}
    with store.session() as session:
        for story_id in session.scalars(select(Article.story_id).distinct()):
            if story_id is None:
                continue
            articles = story_articles(session, story_id)
            known = {
                family: set().union(
                    *(labelled.get(a.title, {}).get(family, set()) for a in articles)
                )
                for family in KINDS.values()
            }
            for entity in story_entities(session, articles):
                # Who's who lists people and organisations (not buildings, filed with them).
                family = entity.label
                if family not in known:
                    continue
                right = any(_bears_out(f, known[family]) for f in entity.surface_forms)
                above = entity.confidence >= floor
                for key in (family, "ALL"):
                    row = counts[key]
                    row[0] += right
                    row[1] += 1
                    row[2] += right and above
                    row[3] += above
    return {kind: EntityPrecision(kind, *row) for kind, row in counts.items()}


def _pair_counts(
    gold: Sequence[Hashable], predicted: Sequence[Hashable], groups: Sequence[Hashable] = ()
) -> tuple[int, int, int]:
    """Pairs in one gold cluster, in one predicted cluster, and in both; with `groups`
    (each item's document), pairs within one group are left out."""

    def pairs(keys: Sequence[tuple[Hashable, ...]]) -> int:
        total = sum(comb(n, 2) for n in Counter(keys).values())
        if groups:
            within = Counter((*k, g) for k, g in zip(keys, groups, strict=True))
            total -= sum(comb(n, 2) for n in within.values())
        return total

    both = list(zip(gold, predicted, strict=True))
    return (
        pairs([(g,) for g in gold]),
        pairs([(p,) for p in predicted]),
        pairs(both),
    )


# --- MEANTIME -------------------------------------------------------------------------

# MEANTIME's entity types scored, as newsdesk's label families.
MEANTIME_KINDS = {"PER": "PERSON", "ORG": "ORG"}
# Syntactic types of name mentions. MEANTIME leaves the type off most mentions past an
# article's first sentences; those count as names when written as names (`_written_as_name`).
NAME_TYPES = frozenset({"NAM", "PRE.NAM"})
_PRONOUNS = word_set(
    """
    i me my mine we us our ours you your he him his she her it its they them their who
    whom whose which that this these those themselves itself himself herself ourselves
    """
)
_DETERMINERS = frozenset({"the", "a", "an"})
_CONNECTIVES = frozenset({"of", "and", "the", "for", "de", "&", "du", "von", "van"})
_WORD = re.compile(r"[^\W\d_][\w'’.&-]*")
_TOKEN = re.compile(r"\S+")


@dataclass(frozen=True)
class GoldMention:
    """One gold name mention: where it is in its document, its kind and its true entity."""

    document: int
    start: int
    end: int
    text: str
    kind: str
    entity: str


@dataclass(frozen=True)
class ClusterScore:
    """B-cubed and pairwise precision, recall and F1 of one clustering of mentions, and the
    pairwise figures over pairs from different documents only."""

    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    pairwise_precision: float
    pairwise_recall: float
    pairwise_f1: float
    cross_precision: float
    cross_recall: float
    cross_f1: float

    def as_json(self) -> dict[str, float]:
        """The nine rates, rounded for reading."""
        return {k: round(v, 4) for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class MeantimeScore:
    """newsdesk's clustering of MEANTIME's person and organisation names, per kind and
    overall, beside the same-name baselines; counts of what was scored."""

    documents: int
    mentions: dict[str, int]
    recognised: dict[str, int]
    entities: dict[str, int]
    newsdesk: dict[str, ClusterScore]
    baselines: dict[str, dict[str, ClusterScore]]

    def as_json(self) -> dict[str, object]:
        """The score as plain JSON, baselines beside newsdesk's."""
        return {
            "documents": self.documents,
            "mentions": self.mentions,
            "recognised": self.recognised,
            "gold_entities": self.entities,
            "newsdesk": {k: s.as_json() for k, s in self.newsdesk.items()},
            "baselines": {
                name: {k: s.as_json() for k, s in scores.items()}
                for name, scores in self.baselines.items()
            },
            "target": {"pairwise_precision": PAIRWISE_PRECISION_TARGET},
        }


# Issue 12's target for cross-document resolution on unseen labelled news.
PAIRWISE_PRECISION_TARGET = 0.97
BASELINES = {
    "same name": "recognised mentions with the same normalised text are one entity",
    "same name, gold spans": "gold mentions with the same normalised text are one entity",
}


def cluster_score(
    gold: Sequence[Hashable], predicted: Sequence[Hashable], documents: Sequence[Hashable]
) -> ClusterScore:
    """B-cubed and pairwise scores of a clustering, each item's document given for the
    cross-document pairwise figures."""
    from newsdesk.eval.stories import bcubed

    def rates(counts: tuple[int, int, int]) -> tuple[float, float, float]:
        true_pairs, predicted_pairs, both = counts
        p = both / predicted_pairs if predicted_pairs else 1.0
        r = both / true_pairs if true_pairs else 1.0
        return p, r, 2 * p * r / (p + r) if p + r else 0.0

    return ClusterScore(
        *bcubed(list(gold), list(predicted)),  # type: ignore[arg-type]
        *rates(_pair_counts(gold, predicted)),
        *rates(_pair_counts(gold, predicted, documents)),
    )


def load_meantime(path: Path) -> list[dict]:
    """The documents of a MEANTIME JSONL (`{doc_id, title, dct, text, entities, ...}`)."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def gold_mentions(document: dict, index: int) -> list[GoldMention]:
    """The person and organisation name mentions of one MEANTIME document: those typed as
    names, and the untyped ones (MEANTIME types a document's first sentences only) that
    are written as names, neither pronoun nor title.

    A mention holding a shorter one of its own entity ("JSA Research analyst Paul
    Nesbit" around "Paul Nesbit") gives way to it, as does an unlinked one holding any
    (a conjunction); an unlinked name is an entity of its own.
    """
    found = [
        e
        for e in document["entities"]
        if e.get("ent_type") in MEANTIME_KINDS
        and "start" in e
        and (e.get("syntactic_type") in NAME_TYPES or _written_as_name(e))
        and (e.get("instance_id") or e.get("syntactic_type") in NAME_TYPES)
    ]

    def holds(outer: dict, inner: dict) -> bool:
        return (
            outer is not inner
            and outer["start"] <= inner["start"]
            and inner["end"] <= outer["end"]
            and (outer["end"] - outer["start"]) > (inner["end"] - inner["start"])
        )

    kept: dict[tuple[int, int, str], GoldMention] = {}
    for e in found:
        instance = e.get("instance_id")
        if any(holds(e, o) and (not instance or o.get("instance_id") == instance) for o in found):
            continue
        kind = MEANTIME_KINDS[e["ent_type"]]
        entity = instance or f"unlinked:{index}:{e['start']}:{e['end']}"
        kept.setdefault(
            (e["start"], e["end"], kind),
            GoldMention(index, e["start"], e["end"], e["text"], kind, entity),
        )
    return sorted(kept.values(), key=lambda m: (m.start, m.end))


def _written_as_name(entity: dict) -> bool:
    # Untyped mentions: every content word capitalised, not a lone pronoun, and not a
    # title ("Apple CEO", "the Prime Minister of Singapore"): its head is no role word.
    if entity.get("syntactic_type") is not None:
        return False
    words = [w.rstrip("'’.,") for w in _WORD.findall(entity["text"])]
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    head = words[: words.index("of")] if "of" in words else words
    if head and head[-1].lower() in ROLE_HEADS | TITLE_WORDS:
        return False
    content = [w for w in words if w and w.lower() not in _CONNECTIVES]
    if not content or (len(content) == 1 and content[0].lower() in _PRONOUNS):
        return False
    return all(w[0].isupper() for w in content)


def meantime_record(document: dict, index: int) -> dict[str, str | None]:
    """The JSONL record newsdesk ingests for one MEANTIME document: its first line is the
    headline, the rest the body, its creation date the publication date."""
    text = document["text"]
    first, _, rest = text.partition("\n")
    title = document.get("title") or first
    body = rest if first.strip() == title.strip() and rest.strip() else text
    return {
        "title": title,
        "text": body,
        "url": f"urn:newsdesk-eval:meantime:{index}",
        "published": document.get("dct"),
    }


def offset_map(source: str, target: str) -> dict[int, int]:
    """Where each character of `source` is in `target`, for the characters of words the
    two texts share in order (spacing and cleaning may differ)."""
    a = [(m.group(), m.start()) for m in _TOKEN.finditer(source)]
    b = [(m.group(), m.start()) for m in _TOKEN.finditer(target)]
    matcher = SequenceMatcher(None, [w for w, _ in a], [w for w, _ in b], autojunk=False)
    mapped: dict[int, int] = {}
    for i, j, size in matcher.get_matching_blocks():
        for k in range(size):
            word, start = a[i + k]
            target_start = b[j + k][1]
            for offset in range(len(word)):
                mapped[start + offset] = target_start + offset
    return mapped


@dataclass(frozen=True)
class StoredMention:
    """A stored mention with the entity it was resolved to and that entity's kind."""

    start: int
    end: int
    text: str
    entity_id: int
    kind: str


def align(
    mention: GoldMention, mapped: dict[int, int], stored: Sequence[StoredMention]
) -> StoredMention | None:
    """The stored mention of the gold mention's kind overlapping it most, or None."""
    positions = [mapped[i] for i in range(mention.start, mention.end) if i in mapped]
    if not positions:
        return None
    start, end = min(positions), max(positions) + 1
    best, best_overlap = None, 0
    for candidate in stored:
        if candidate.kind != mention.kind:
            continue
        overlap = min(end, candidate.end) - max(start, candidate.start)
        if overlap > best_overlap:
            best, best_overlap = candidate, overlap
    return best


def evaluate_meantime(path: Path) -> MeantimeScore:
    """Ingest MEANTIME's articles into a throwaway store through the pipeline and score the
    entities it resolved their person and organisation names to."""
    documents = load_meantime(path)
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "meantime.jsonl"
        with export.open("w", encoding="utf-8") as stream:
            for index, document in enumerate(documents):
                stream.write(json.dumps(meantime_record(document, index)) + "\n")
        settings = Settings(data_dir=Path(folder) / "data")
        store = open_store(settings)
        try:
            ingest_paths(store, [export], IngestHints(), settings, group=False)
            with store.session() as session:
                stored = _stored_mentions(session)
        finally:
            store.close()
    return score_meantime(documents, stored)


def _stored_mentions(session: Session) -> dict[int, tuple[str, list[StoredMention]]]:
    # Per document index: the text offsets point into, and the resolved mentions.
    found: dict[int, tuple[str, list[StoredMention]]] = {}
    for article in session.scalars(select(Article).where(Article.is_stub.is_(False))):
        index = int((article.url or "").rsplit(":", 1)[-1])
        rows = session.execute(
            select(Mention.start, Mention.end, Mention.text, Entity.id, Entity.label)
            .join(Entity, Entity.id == Mention.entity_id)
            .where(Mention.article_id == article.id)
        ).all()
        mentions = [
            StoredMention(s, e, t, i, LABEL_FAMILY.get(label, label)) for s, e, t, i, label in rows
        ]
        found[index] = (enrichment_text(article.title, article.text), mentions)
    return found


def score_meantime(
    documents: Sequence[dict], stored: dict[int, tuple[str, list[StoredMention]]]
) -> MeantimeScore:
    """Score stored mentions (per document index: text and resolved mentions) against
    MEANTIME's gold name mentions, with the same-name baselines beside."""
    items: list[tuple[GoldMention, StoredMention | None]] = []
    for index, document in enumerate(documents):
        text, mentions = stored.get(index, ("", []))
        mapped = offset_map(document["text"], text) if text else {}
        items += [(g, align(g, mapped, mentions)) for g in gold_mentions(document, index)]
    predicted = {
        "newsdesk": [
            f"entity:{s.entity_id}" if s else f"missed:{g.document}:{g.start}" for g, s in items
        ],
        "same name": [
            f"{g.kind}:{_same_name_key(s.text, g.kind)}" if s else f"missed:{g.document}:{g.start}"
            for g, s in items
        ],
        "same name, gold spans": [f"{g.kind}:{_same_name_key(g.text, g.kind)}" for g, _ in items],
    }
    scores: dict[str, dict[str, ClusterScore]] = {}
    for name, labels in predicted.items():
        scores[name] = {}
        for kind in (*MEANTIME_KINDS.values(), "ALL"):
            chosen = [i for i, (g, _) in enumerate(items) if kind in (g.kind, "ALL")]
            scores[name][kind] = cluster_score(
                [items[i][0].entity for i in chosen],
                [labels[i] for i in chosen],
                [items[i][0].document for i in chosen],
            )
    kinds = (*MEANTIME_KINDS.values(), "ALL")
    return MeantimeScore(
        documents=len(documents),
        mentions={k: sum(k in (g.kind, "ALL") for g, _ in items) for k in kinds},
        recognised={
            k: sum(k in (g.kind, "ALL") and s is not None for g, s in items) for k in kinds
        },
        entities={k: len({g.entity for g, _ in items if k in (g.kind, "ALL")}) for k in kinds},
        newsdesk=scores.pop("newsdesk"),
        baselines=scores,
    )


def _same_name_key(text: str, kind: str) -> str:
    return normalise_name(text) if kind == "PERSON" else squash(text)


def format_meantime(score: MeantimeScore) -> str:
    """The score as a table: B-cubed and pairwise figures per kind, the baselines below."""
    rows = [
        f"Cross-document entities on MEANTIME ({score.documents} documents): name mentions "
        "of people and organisations",
        f"{'':24s} {'kind':7s} {'B3 P':>6s} {'B3 R':>6s} {'B3 F1':>6s}  "
        f"{'pair P':>6s} {'pair R':>6s} {'pair F1':>7s}  {'cross P':>7s} {'cross R':>7s}",
    ]
    for name, scores in [("newsdesk", score.newsdesk), *score.baselines.items()]:
        for kind, s in scores.items():
            rows.append(
                f"{name:24s} {kind:7s} {s.bcubed_precision:6.3f} {s.bcubed_recall:6.3f} "
                f"{s.bcubed_f1:6.3f}  {s.pairwise_precision:6.3f} {s.pairwise_recall:6.3f} "
                f"{s.pairwise_f1:7.3f}  {s.cross_precision:7.3f} {s.cross_recall:7.3f}"
            )
    counts = ", ".join(
        f"{k} {score.recognised[k]}/{score.mentions[k]} ({score.entities[k]} entities)"
        for k in score.mentions
    )
    rows.append(f"gold mentions recognised: {counts}; the rest count as singletons")
    rows.append(f"target: pairwise precision >= {PAIRWISE_PRECISION_TARGET}")
    rows += [f"baseline '{name}': {meaning}" for name, meaning in BASELINES.items()]
    rows.append("cross: pairwise over pairs of mentions in different documents only")
    return "\n".join(rows)
