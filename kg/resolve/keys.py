"""Keys: the stable identifiers resolution gives entities and events.

In: a type and a slug, gazetteer id or identity string. Out: ``<type>/<id>`` strings, of which
:class:`kg.graph.iris.IRIs` makes the IRIs: the same input gives the same keys on every run.
"""
from __future__ import annotations

import hashlib


def type_slug(etype: str) -> str:
    """The type's part of a key: 'Person' -> 'person'."""
    return etype.lower()


def entity_key(etype: str, ident: str) -> str:
    """``<type>/<gazetteer id or slug of the canonical name>``."""
    return f"{type_slug(etype)}/{ident}"


#: What every person's key starts with.
PERSON_PREFIX = entity_key("Person", "")


def event_key(etype: str, ident: str) -> str:
    """``<type>/<hash of what identifies the event>``."""
    return f"{type_slug(etype)}/{hashlib.sha1(ident.encode()).hexdigest()[:16]}"
