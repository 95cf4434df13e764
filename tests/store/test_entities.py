"""Entities filed under their keys, read back as plain rows for name resolution."""

from __future__ import annotations

from newsdesk.store.db import Store
from newsdesk.store.entities import filed_entities
from newsdesk.store.models import Entity, EntityAlias, EntityKey, EntityRole


def test_filed_entities_reads_each_entity_once_with_its_names_roles_and_context(
    store: Store,
) -> None:
    with store.session() as session:
        kim = Entity(name="Kim Jong Un", label="PERSON", context=["p:choe"])
        kim.aliases = [EntityAlias(alias="Kim Jong Un"), EntityAlias(alias="Kim Jong-un")]
        kim.roles = [EntityRole(role="leader")]
        kim.keys = [EntityKey(key="PERSON|k:km"), EntityKey(key="PERSON|e:kim")]
        other = Entity(name="Kim Yo Jong", label="PERSON", context=[])
        other.keys = [EntityKey(key="PERSON|k:km")]
        elsewhere = Entity(name="Seoul", label="GPE", context=[])
        elsewhere.keys = [EntityKey(key="PLACE|k:sl")]
        session.add_all([kim, other, elsewhere])
    with store.session() as session:
        filed, known = filed_entities(session, {"PERSON|k:km", "PERSON|e:kim", "PERSON|k:nn"})
    assert sorted(filed["PERSON|k:km"]) == sorted([kim.id, other.id])
    assert filed["PERSON|e:kim"] == [kim.id] and "PERSON|k:nn" not in filed
    assert set(known) == {kim.id, other.id}
    assert sorted(known[kim.id].aliases) == ["Kim Jong Un", "Kim Jong-un"]
    assert known[kim.id].roles == ("leader",) and known[kim.id].context == ("p:choe",)
    assert known[other.id].aliases == () and known[other.id].roles == ()
    with store.session() as session:
        assert filed_entities(session, set()) == ({}, {})
