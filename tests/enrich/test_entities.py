"""Entities: roles, clustering within an article, and matching across articles."""

from __future__ import annotations

import re
from collections import Counter
from itertools import combinations

import pytest
from sqlalchemy import select

from newsdesk.config import Settings
from newsdesk.demo import ARTICLES_DIR, demo_hints, load_labels
from newsdesk.enrich.entities import (
    EntityProfile,
    entity_context,
    extract_roles,
    local_entities,
    match_entity,
    profile_update,
    resolve_corpus,
)
from newsdesk.enrich.nlp import mentions_of, parse, sentences_of
from newsdesk.pipeline import ingest_paths
from newsdesk.store.db import open_store
from newsdesk.store.models import Article
from newsdesk.types import IngestHints, LocalEntity, MentionDraft
from tests.conftest import SEEDS


def mention(text: str, surface: str, label: str = "PERSON", nth: int = 0) -> MentionDraft:
    """A mention of the nth occurrence of `surface` in `text`, as the recogniser gives it."""
    starts = [m.start() for m in re.finditer(re.escape(surface), text)]
    start = starts[nth]
    return MentionDraft(surface, label, start, start + len(surface), 0)


def mentions_in(text: str, *spans: tuple[str, str]) -> list[MentionDraft]:
    """Mentions of every occurrence of each (surface, label), in text order."""
    found = []
    for surface, label in spans:
        for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
            sentence = text[: m.start()].count(". ")
            found.append(MentionDraft(surface, label, m.start(), m.end(), sentence))
    found.sort(key=lambda m: m.start)
    # A surface inside a longer one is the longer one's, as the recogniser gives it.
    return [
        m for m in found if not any(o.start <= m.start and m.end <= o.end and o != m for o in found)
    ]


def entity_with(entities: list[LocalEntity], surface: str) -> LocalEntity:
    return next(e for e in entities if surface in e.surface_forms)


def parsed(text: str) -> list[LocalEntity]:
    doc = next(parse([text]))
    sentences = sentences_of(doc)
    return local_entities(text, sentences, mentions_of(doc, sentences))


# --- Roles ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "roles"),
    [
        (
            "Russian Foreign Minister Sergei Lavrov met envoys.",
            "Sergei Lavrov",
            ("Russian Foreign Minister",),
        ),
        (
            "Kremlin spokesman Dmitry Peskov told reporters.",
            "Dmitry Peskov",
            ("Kremlin spokesman",),
        ),
        (
            "Talks with North Korean leader Kim Jong Un began.",
            "Kim Jong Un",
            ("North Korean leader",),
        ),
        (
            "In addition, Peskov, a spokesman for the Russian President's Office, said so.",
            "Peskov",
            ("spokesman for the Russian President's Office",),
        ),
        (
            "He beat economic security minister Sanae Takaichi.",
            "Sanae Takaichi",
            ("economic security minister",),
        ),
        ("It cost Secretary of State Marco Rubio a day.", "Marco Rubio", ("Secretary of State",)),
        (
            "By Steve Holland and Trevor Hunnicutt U.S. President Donald Trump said.",
            "Donald Trump",
            ("President",),
        ),
        ("Lavrov met Choe in Moscow.", "Choe", ()),
        ("Sergey Lavrov, who arrived on Friday, spoke.", "Sergey Lavrov", ()),
    ],
)
def test_roles_before_and_after_a_person(text: str, surface: str, roles: tuple[str, ...]) -> None:
    assert extract_roles(text, mention(text, surface)) == roles


# --- One article ---------------------------------------------------------------------


def test_seed_surnames_and_titled_surnames_join_the_full_name() -> None:
    text = (SEEDS / "000_6097e309b78d2792.txt").read_text(encoding="utf-8")
    entities = parsed(text)
    choi = entity_with(entities, "Choi So-hee")
    assert {"Choi So-hee", "Choi Soni", "Choi"} <= set(choi.surface_forms)
    assert choi.name == "Choi So-hee"
    assert any("Foreign Minister" in r for r in choi.roles)
    lavrov = entity_with(entities, "Sergei Lavrov")
    assert "Lavrov" in lavrov.surface_forms and "Russian Foreign Minister" in lavrov.roles
    kim = entity_with(entities, "Kim Jong-un")
    assert "Kim" in kim.surface_forms and "General Secretary" in kim.roles
    peskov = entity_with(entities, "Peskov")
    assert "spokesman for the Russian President's Office" in peskov.roles
    people = [e for e in entities if e.label == "PERSON"]
    assert len({e.name for e in people}) == len(people)


def test_seed_capture_resolves_surnames_of_the_main_story() -> None:
    text = (SEEDS / "003_53dc6bc4e3217d5a.txt").read_text(encoding="utf-8")
    entities = parsed(text)
    assert {"Sergey Lavrov", "Lavrov"} <= set(entity_with(entities, "Sergey Lavrov").surface_forms)
    assert {"Kim Jong Un", "Kim"} <= set(entity_with(entities, "Kim Jong Un").surface_forms)
    assert {"Andrii Yermak", "Yermak"} <= set(entity_with(entities, "Andrii Yermak").surface_forms)
    assert "North Korean leader" in entity_with(entities, "Kim Jong Un").roles


def test_two_people_sharing_a_surname_stay_apart() -> None:
    text = (
        "Shinjiro Koizumi, the environment minister, ran for the party leadership on Friday. "
        "His father, former prime minister Junichiro Koizumi, stayed away from the count. "
        "Koizumi won 136 votes in the first round."
    )
    spans = [("Shinjiro Koizumi", "PERSON"), ("Junichiro Koizumi", "PERSON"), ("Koizumi", "PERSON")]
    entities = local_entities(text, [], mentions_in(text, *spans))
    shinjiro = entity_with(entities, "Shinjiro Koizumi")
    junichiro = entity_with(entities, "Junichiro Koizumi")
    assert shinjiro != junichiro
    assert "environment minister" in shinjiro.roles
    assert "former prime minister" in junichiro.roles
    # The bare surname is the person the story introduced first, sentences earlier.
    assert "Koizumi" in shinjiro.surface_forms and "Koizumi" not in junichiro.surface_forms


def test_a_surname_before_a_namesake_is_introduced_means_the_one_already_named() -> None:
    text = (
        "North Korean leader Kim Jong Un met the delegation. His sister Kim Yo Jong "
        "was not seen. Kim later toured a factory his father Kim Jong Il opened."
    )
    spans = [
        ("Kim Jong Un", "PERSON"),
        ("Kim Yo Jong", "PERSON"),
        ("Kim Jong Il", "PERSON"),
        ("Kim", "PERSON"),
    ]
    entities = local_entities(text, [], mentions_in(text, *spans))
    people = [e for e in entities if e.label == "PERSON"]
    assert len(people) == 3
    assert "Kim" in entity_with(entities, "Kim Jong Un").surface_forms


def test_two_namesakes_with_nothing_to_choose_leave_the_surname_apart() -> None:
    text = "Anna Berg and Tomas Berg spoke. Berg left."
    spans = [("Anna Berg", "PERSON"), ("Tomas Berg", "PERSON"), ("Berg", "PERSON")]
    entities = local_entities(text, [], mentions_in(text, *spans))
    assert [e.surface_forms for e in entities] == [("Anna Berg",), ("Tomas Berg",), ("Berg",)]


def test_a_surname_tagged_org_joins_the_person() -> None:
    text = "Sergei Lavrov arrived. Officials said Lavrov would stay. Then Lavrov left."
    mentions = [
        mention(text, "Sergei Lavrov"),
        mention(text, "Lavrov", "ORG", 1),
        mention(text, "Lavrov", "PERSON", 2),
    ]
    (lavrov,) = local_entities(text, [], mentions)
    assert lavrov.label == "PERSON" and lavrov.mentions == (0, 1, 2)


def test_a_titled_name_tagged_org_is_a_person() -> None:
    text = "Talks with Foreign Minister Choi Son-hui followed. Choi said little."
    mentions = [mention(text, "Choi Son-hui", "ORG"), mention(text, "Choi", "ORG", 1)]
    (choi,) = local_entities(text, [], mentions)
    assert choi.label == "PERSON" and choi.name == "Choi Son-hui"
    assert choi.roles == ("Foreign Minister",)


def test_a_name_cut_short_by_the_recogniser_is_completed() -> None:
    text = "It began with a visit by North Korean Foreign Minister Choe Son Hui in January."
    (choe,) = local_entities(text, [], [mention(text, "Choe Son")])
    assert choe.name == "Choe Son Hui"


def test_organisations_join_acronyms_clippings_and_trailing_parts() -> None:
    text = (
        "The Korean Central News Agency (KCNA) said the U.N. Security Council met; "
        "the Security Council and the Federal Reserve, or Fed, were named, as was KCNA."
    )
    spans = [
        ("Korean Central News Agency", "ORG"),
        ("KCNA", "ORG"),
        ("U.N. Security Council", "ORG"),
        ("Security Council", "ORG"),
        ("Federal Reserve", "ORG"),
        ("Fed", "ORG"),
    ]
    entities = local_entities(text, [], mentions_in(text, *spans))
    assert sorted(e.surface_forms for e in entities) == [
        ("Federal Reserve", "Fed"),
        ("Korean Central News Agency", "KCNA"),
        ("U.N. Security Council", "Security Council"),
    ]
    assert entity_with(entities, "KCNA").name == "Korean Central News Agency"


def test_place_named_after_a_person_is_not_that_person() -> None:
    text = "Kim Jong Un spoke in Kim Il Sung Square. Kim waved."
    spans = [("Kim Jong Un", "PERSON"), ("Kim Il Sung Square", "PERSON"), ("Kim", "PERSON")]
    entities = local_entities(text, [], mentions_in(text, *spans))
    assert entity_with(entities, "Kim Il Sung Square").label == "FAC"
    assert entity_with(entities, "Kim Jong Un").surface_forms == ("Kim Jong Un", "Kim")


# --- Across articles -------------------------------------------------------------------


def person(name: str, *forms: str, roles: tuple[str, ...] = ()) -> LocalEntity:
    return LocalEntity(name, "PERSON", (0,), (name, *forms), roles)


def profile(pid: int, name: str, roles: tuple[str, ...] = (), context: tuple[str, ...] = ()):
    return EntityProfile(
        pid, name, "PERSON", frozenset({name}), frozenset(roles), frozenset(context)
    )


KIMS = [profile(1, "Kim Jong Un"), profile(2, "Kim Yo Jong"), profile(3, "Kim Jong Il")]


def test_match_takes_the_compatible_full_name_among_namesakes() -> None:
    assert match_entity(person("Kim Jong-un"), frozenset(), KIMS) == 1
    assert match_entity(person("Kim Jong Il"), frozenset(), KIMS) == 3
    assert match_entity(person("Kim Il Sung"), frozenset(), KIMS) is None


def test_a_surname_alone_matches_only_an_unambiguous_candidate() -> None:
    peskov = [profile(7, "Dmitry Peskov")]
    assert match_entity(person("Peskov"), frozenset(), peskov) == 7
    choes = [
        profile(1, "Choe Son Hui", ("Foreign Minister",), ("p:lavrov", "GPE:moscow")),
        profile(2, "Choe Ryong Hae", ("chairman",), ("ORG:supreme peoples assembly",)),
    ]
    assert match_entity(person("Choe"), frozenset(), choes) is None
    by_context = frozenset({"p:lavrov", "GPE:moscow"})
    assert match_entity(person("Choe"), by_context, choes) == 1


def test_variants_match_across_articles() -> None:
    known = [profile(1, "Choe Son Hui"), profile(2, "Sergey Lavrov"), profile(3, "Zelenskyy")]
    assert match_entity(person("Choi So-hee"), frozenset(), known) == 1
    assert match_entity(person("Choi Soni"), frozenset(), known) == 1
    assert match_entity(person("Sergei Lavrov"), frozenset(), known) == 2
    assert match_entity(person("Volodymyr Zelenskiy"), frozenset(), known) == 3


def test_profile_update_merges_aliases_roles_context_and_keeps_the_fuller_name() -> None:
    known = profile(5, "Peskov", ("Kremlin spokesman",), ("p:putin",))
    entity = person(
        "Dmitry Peskov", "Peskov", roles=("spokesman for the Russian President's Office",)
    )
    updated = profile_update(known, entity, frozenset({"ORG:kremlin"}))
    assert updated.name == "Dmitry Peskov" and updated.id == 5
    assert updated.aliases == {"Peskov", "Dmitry Peskov"}
    assert updated.roles == {"Kremlin spokesman", "spokesman for the Russian President's Office"}
    assert updated.context == {"p:putin", "ORG:kremlin"}
    again = profile_update(updated, person("Peskov"), frozenset())
    assert again.name == "Dmitry Peskov"


def test_resolve_corpus_gives_one_id_per_real_entity() -> None:
    articles = [
        [person("Sergey Lavrov", "Lavrov"), person("Choe Son Hui", "Choe")],
        [person("Sergei Lavrov"), person("Choi So-hee", "Choi Soni")],
        [person("Kim Jong Un"), person("Kim Yo Jong"), person("Lavrov")],
        [person("Kim Jong-un", "Kim"), person("Choe Ryong Hae")],
    ]
    ids = resolve_corpus(articles)
    lavrov, choe = ids[0]
    assert ids[1] == [lavrov, choe]
    assert ids[2][2] == lavrov and len({*ids[2]}) == 3
    assert ids[3][0] == ids[2][0] and ids[3][1] not in {choe, *ids[2]}
    assert entity_context(articles[0], 0) == {"p:" + "choe"}


# --- The demo corpus ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_resolved(tmp_path_factory: pytest.TempPathFactory):
    """Every demo article parsed once, clustered and resolved across the corpus."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("entities"))
    store = open_store(settings)
    ingest_paths(store, [ARTICLES_DIR], IngestHints(), settings, hints_for=demo_hints)
    with store.session() as session:
        query = select(Article).where(Article.is_stub.is_(False))
        query = query.order_by(Article.published_at, Article.id)
        articles = [(a.title, a.text) for a in session.scalars(query)]
    store.close()
    parsed_articles = []
    for (title, text), doc in zip(articles, parse(t for _, t in articles), strict=True):
        sentences = sentences_of(doc)
        mentions = mentions_of(doc, sentences)
        parsed_articles.append((title, text, mentions, local_entities(text, sentences, mentions)))
    ids = resolve_corpus([p[3] for p in parsed_articles])
    return parsed_articles, ids


def labelled_items(demo_resolved, kind: str) -> list[tuple[str, str, str, int]]:
    """(article, surface form, gold entity, predicted entity) for labelled surface forms
    the recogniser's mentions cover; forms labelled for two entities in one article
    ("Koizumi" for father and son) have no single truth and are left out."""
    by_title = {a["title"]: a for a in load_labels()["articles"]}
    items = []
    for (title, text, mentions, entities), ids in zip(*demo_resolved, strict=True):
        label = by_title[title]
        entity_of = {i: eid for e, eid in zip(entities, ids, strict=True) for i in e.mentions}
        owners: dict[str, set[str]] = {}
        for canonical, forms in label[kind].items():
            for form in forms:
                owners.setdefault(form, set()).add(canonical)
        every_form = {
            f for k in ("people", "organisations") for fs in label[k].values() for f in fs
        }
        spans = [
            (m.start(), m.end(), form)
            for form in every_form
            for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text)
        ]
        spans = [
            s
            for s in spans
            if not any(o[0] <= s[0] and s[1] <= o[1] and o[1] - o[0] > s[1] - s[0] for o in spans)
        ]
        for form, canonicals in owners.items():
            if len(canonicals) > 1:
                continue
            votes = Counter(
                entity_of[i]
                for start, end, f in spans
                if f == form
                for i, m in enumerate(mentions)
                if m.start < end
                and start < m.end
                and i in entity_of
                and 2 * (min(end, m.end) - max(start, m.start)) >= m.end - m.start
            )
            if votes:
                items.append(
                    (label["id"], form, next(iter(canonicals)), votes.most_common(1)[0][0])
                )
    return items


def pairwise(items: list[tuple[str, str, str, int]]) -> tuple[float, float, float]:
    """Precision, recall and F1 of "same entity" over all pairs of items."""
    tp = fp = fn = 0
    for a, b in combinations(items, 2):
        gold, predicted = a[2] == b[2], a[3] == b[3]
        tp += gold and predicted
        fp += predicted and not gold
        fn += gold and not predicted
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, 2 * precision * recall / (precision + recall)


def test_demo_corpus_people_and_organisations_resolve_as_labelled(demo_resolved) -> None:
    people = labelled_items(demo_resolved, "people")
    organisations = labelled_items(demo_resolved, "organisations")
    figures = {
        "PERSON": pairwise(people),
        "ORG": pairwise(organisations),
        "ALL": pairwise(people + organisations),
    }
    for kind, (p, r, f) in figures.items():
        print(f"{kind}: pairwise P={p:.3f} R={r:.3f} F1={f:.3f}")
    assert len(people) >= 300 and len(organisations) >= 150
    for p, r, f in figures.values():
        assert p >= 0.98 and r >= 0.97 and f >= 0.98
