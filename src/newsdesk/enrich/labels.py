"""The recogniser's labels in a reader's words: "person", "organisation", "place", "group"."""

from __future__ import annotations

# OntoNotes labels as a reader says them. FAC is a building, an airport or a square
# ("Dolmabahce Palace", "Vnukovo"): a place to a reader, though the recogniser tags some
# institutions by their buildings ("White House"), which entities files as organisations.
READER_TYPES = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
    "EVENT": "event",
    "PRODUCT": "product",
    "WORK_OF_ART": "work",
    "LAW": "law",
    "LANGUAGE": "language",
}
# What a reader sees for a label newsdesk does not know: never the raw code.
UNKNOWN_TYPE = "name"


def reader_type(label: str) -> str:
    """The word a reader sees for an entity label ("GPE" is "place"); "name" for others."""
    return READER_TYPES.get(label.upper(), UNKNOWN_TYPE)
