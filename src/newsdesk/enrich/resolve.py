"""Entities across articles: each article's local entities matched to known ones.

A local entity joins the known entity whose name is compatible under romanisation
rules (`names`), with roles and co-occurring entities deciding between several
candidates; candidates are fetched by blocking keys, so a store need not scan them all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from newsdesk.enrich.descriptions import is_description
from newsdesk.enrich.entities import (
    LABEL_FAMILY,
    ORG_WORDS,
    ROLE_HEADS,
    ROLE_MODIFIERS,
    generic_institution,
    group_word,
    org_short_form,
    role_words,
)
from newsdesk.enrich.names import (
    acronym_of,
    blocking_keys,
    is_single_name,
    name_parts,
    name_similarity,
    near_spelling,
    org_key,
    skeleton,
    squash,
)
from newsdesk.types import LocalEntity


@dataclass(frozen=True)
class EntityProfile:
    """What is known of one canonical entity across articles.

    `context` holds keys of entities it appeared beside (`entity_context`) and
    nationality words from its roles; `aliases` every name it was seen under.
    """

    id: int
    name: str
    label: str
    aliases: frozenset[str]
    roles: frozenset[str] = frozenset()
    context: frozenset[str] = frozenset()


def entity_context(entities: list[LocalEntity], index: int) -> frozenset[str]:
    """Keys of the entities an entity appears beside in its article, and the
    nationality words of its roles: what tells two people of one name apart."""
    keys = {_context_key(e) for j, e in enumerate(entities) if j != index}
    for role in entities[index].roles:
        keys |= {
            "n:" + w.lower()
            for w in role.split()
            if w[:1].isupper() and w.lower() not in ROLE_HEADS | ROLE_MODIFIERS
        }
    return frozenset(keys)


def _context_key(entity: LocalEntity) -> str:
    if entity.label == "PERSON":
        # A name read from another script holds each reading of its family name: the first
        # is the one the English press writes.
        return "p:" + skeleton(name_parts(entity.name).family.partition("/")[0])
    return f"{LABEL_FAMILY.get(entity.label, entity.label)}:{squash(entity.name)}"


def match_entity(
    entity: LocalEntity, context: frozenset[str], candidates: list[EntityProfile]
) -> int | None:
    """The id of the candidate that is the same real entity as `entity`, or None.

    Names must be compatible first; context (shared roles and neighbours) then picks
    between several compatible candidates, and a surname alone is refused when two
    candidates fit it equally.
    """
    family = LABEL_FAMILY.get(entity.label, entity.label)
    names_by_id = {c.id: c.name for c in candidates}
    scored: list[tuple[float, float, int]] = []
    for candidate in candidates:
        if LABEL_FAMILY.get(candidate.label, candidate.label) != family:
            continue
        if family == "PERSON":
            similarity = name_similarity(entity.name, candidate.name)
        else:
            similarity = _org_similarity(entity, candidate)
        if similarity <= 0:
            continue
        scored.append((similarity, _context_score(entity, context, candidate), candidate.id))
    if not scored and family == "ORG" and _personal_shape(entity.name):
        # An article whose only mention of a known person the recogniser tagged ORG.
        people = [c for c in candidates if c.label == "PERSON"]
        scored = [
            (name_similarity(entity.name, c.name), 0.0, c.id)
            for c in people
            if name_similarity(entity.name, c.name) >= 0.8
        ]
    if not scored and _place_shaped_group(entity):
        # A "group" of a known place's name ("Ishikawa Governor" where other articles
        # name Ishikawa Prefecture's Ishikawa) is that place.
        key = squash(entity.name)
        scored = [
            (1.0, 0.0, c.id)
            for c in candidates
            if LABEL_FAMILY.get(c.label) == "PLACE"
            and key in {squash(n) for n in (c.name, *c.aliases)}
        ]
        if len(scored) > 1:
            return None
    if not scored:
        return None
    if family == "ORG" and generic_institution(entity.name) and len(scored) > 1:
        # A generic name alone ("Security Council") is the body of that very name if one
        # is known; else the one body whose article wrote it so; else, when it is only
        # the short form of several countries' bodies (the U.N.'s and Russia's), none.
        same = [s for s in scored if squash(names_by_id[s[2]]) == squash(entity.name)]
        if len(same) == 1:
            return same[0][2]
        written = [s for s in scored if s[0] >= 1.0]
        if len(written) == 1:
            return written[0][2]
        if not written:
            return None
    if family == "PERSON" and is_single_name(entity.name) and len(scored) > 1:
        scored.sort(key=lambda s: s[1], reverse=True)
        best, second = scored[0], scored[1]
        return best[2] if best[1] > 0 and best[1] >= second[1] + 0.1 else None
    scored.sort(key=lambda s: (s[0] >= 0.8, s[0] + s[1]), reverse=True)
    return scored[0][2]


def _place_shaped_group(entity: LocalEntity) -> bool:
    # The recogniser's groups are nationalities, creeds and parties, whose words have
    # a group's shape; one without it may be a place it did not know.
    return LABEL_FAMILY.get(entity.label) == "NORP" and not group_word(entity.name)


def _personal_shape(name: str) -> bool:
    words = name.split()
    return (
        2 <= len(words) <= 4
        and all(w[:1].isupper() and w.replace("-", "").replace(".", "").isalpha() for w in words)
        and not set(squash(name).split()) & ORG_WORDS
        and not name.isupper()
    )


def _context_score(entity: LocalEntity, context: frozenset[str], candidate: EntityProfile) -> float:
    shared = len(context & candidate.context) / max(1, min(len(context), len(candidate.context)))
    roles = role_words(entity.roles) & role_words(candidate.roles)
    return shared + 0.3 * bool(roles)


def _org_similarity(entity: LocalEntity, candidate: EntityProfile) -> float:
    ours, theirs = _names_of(entity), (candidate.name, *candidate.aliases)
    if generic_institution(candidate.name) and not generic_institution(entity.name):
        # A country's institution ("U.S. National Security Council") or initials ("NSC")
        # are not what a generic name stood for elsewhere (Seoul's "National Security
        # Council"), whatever forms they share.
        return 0.0
    return org_similarity(ours, theirs)


def org_similarity(ours: Sequence[str], theirs: Sequence[str]) -> float:
    """How likely an organisation seen in an article (`ours`: its full name, then every
    form it was written in) is a known one (`theirs`: likewise), 0.0 when it cannot be.

    1.0 for a shared form, 0.9 for a slip of spelling, 0.7 for a short form of ours
    ("Security Council" of "U.N. Security Council", "KCNA"). Two full names that are
    neither the same nor one a short form of the other never match, whatever short form
    they share: "National Security Council" is not the "U.N. Security Council".
    """
    mine, known = _org_forms(ours), _org_forms(theirs)
    if not mine or not known:
        return 0.0
    # The full names decide, as written (a legal form says more than a bare name:
    # "Apple Inc." is not the "Apple" of "Apple Corps"), unless one is a form of the other.
    written_mine, written_known = {squash(f) for f in ours}, {squash(f) for f in theirs}
    if (
        not _related(org_key(ours[0]), org_key(theirs[0]))
        and squash(ours[0]) not in written_known
        and squash(theirs[0]) not in written_mine
    ):
        return 0.0
    if mine & known or _compact(mine) & _compact(known):
        return 1.0
    initials = {org_key(f) for f in (*ours, *theirs) if _ACRONYM.fullmatch(f.strip())}
    best = 0.0
    for a in mine:
        for b in known:
            # Initials one letter apart ("UNSC", "NSC") are two bodies, not a slip.
            if near_spelling(a, b) and not {a, b} & initials:
                best = max(best, 0.9)
            # A clipping ("Fed") is only trusted beside its long form in one article; a
            # known short name is not taken for a longer one ("Air Force" for "Royal Air
            # Force"), except as its initials.
            elif org_short_form(a, b, clipped=False) or b in acronym_of(a):
                best = max(best, 0.7)
    return best


_ACRONYM = re.compile(r"(?:[A-Z]\.?){2,6}")


def _org_forms(forms: Iterable[str]) -> set[str]:
    return {org_key(f) for f in forms} - {""}


def _compact(keys: set[str]) -> set[str]:
    return {k.replace(" ", "") for k in keys}


def _related(a: str, b: str) -> bool:
    return (
        a == b
        or org_short_form(a, b, clipped=False)
        or org_short_form(b, a, clipped=False)
        or near_spelling(a, b)
        or a.replace(" ", "") == b.replace(" ", "")
    )


def new_profile(entity_id: int, entity: LocalEntity, context: frozenset[str]) -> EntityProfile:
    """A profile for an entity seen for the first time."""
    return EntityProfile(
        entity_id,
        entity.name,
        entity.label,
        frozenset(_names_of(entity)),
        frozenset(entity.roles),
        context,
    )


def profile_update(
    profile: EntityProfile, entity: LocalEntity, context: frozenset[str]
) -> EntityProfile:
    """The profile with the entity's aliases, roles and context merged in, and the
    fuller of the two names as canonical (the known one on a tie)."""
    name = profile.name
    if _name_weight(entity.name, entity.label) > _name_weight(profile.name, profile.label):
        name = entity.name
    return replace(
        profile,
        name=name,
        aliases=profile.aliases | set(_names_of(entity)),
        roles=profile.roles | set(entity.roles),
        context=profile.context | context,
    )


def _name_weight(name: str, label: str) -> tuple[int, int]:
    words = [w for w in re.split(r"[\s\-]+", name) if len(w.strip(".")) > 1]
    if label == "PERSON":
        return (len(words), 0)
    return (len(words), len(name))


def resolve_corpus(articles: list[list[LocalEntity]]) -> list[list[int]]:
    """Entity ids for every local entity of every article, resolved in order against an
    in-memory registry with candidates fetched by `blocking_keys`."""
    profiles: dict[int, EntityProfile] = {}
    blocks: dict[str, set[int]] = {}
    resolved: list[list[int]] = []
    for entities in articles:
        ids = []
        for index, entity in enumerate(entities):
            context = entity_context(entities, index)
            keys = candidate_keys(entity)
            seen = {pid for key in keys for pid in blocks.get(key, ())}
            found = match_entity(entity, context, [profiles[pid] for pid in sorted(seen)])
            if found is None:
                found = len(profiles) + 1
                profiles[found] = new_profile(found, entity, context)
            else:
                profiles[found] = profile_update(profiles[found], entity, context)
            for key in keys:
                blocks.setdefault(key, set()).add(found)
            ids.append(found)
        resolved.append(ids)
    return resolved


def candidate_keys(entity: LocalEntity) -> set[str]:
    """The blocking keys an entity is filed under and its candidates are fetched by.

    Keys carry the label family, so a person is never a candidate for a place; an
    organisation shaped like a person's name is also looked up among people, because
    the recogniser sometimes tags a surname as ORG, and a group without a group's shape
    among places ("Ishikawa" tagged NORP).
    """
    keys = _keys(entity.label, _names_of(entity))
    if LABEL_FAMILY.get(entity.label) == "ORG" and _personal_shape(entity.name):
        keys |= _keys("PERSON", (entity.name,))
    if _place_shaped_group(entity):
        keys |= _keys("GPE", (entity.name,))
    return keys


def lookup_keys(name: str) -> set[str]:
    """Keys to find a stored entity of any kind by a name someone typed."""
    return {
        f"{family}|{key}" for family in set(LABEL_FAMILY.values()) for key in blocking_keys(name)
    }


def _names_of(entity: LocalEntity) -> tuple[str, ...]:
    # "the foreign minister" refers to one person within one article only: as an alias
    # or key it would merge every foreign minister of every article.
    return (entity.name, *(f for f in entity.surface_forms if not is_description(f)))


def _keys(label: str, forms: Iterable[str]) -> set[str]:
    family = LABEL_FAMILY.get(label, label)
    # Organisations are also filed by their comparison key's words, so "US Labor
    # Department" meets "U.S. Department of Labor".
    spellings = {
        spelling
        for form in forms
        for spelling in ((form, org_key(form)) if family == "ORG" else (form,))
    }
    return {f"{family}|{key}" for form in spellings for key in blocking_keys(form)}
