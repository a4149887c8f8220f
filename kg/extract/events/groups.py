"""Which event types behave alike: ``kg/data/lexicon.json`` "event_type_groups".

In: the lexicon. Out: :class:`EventTypeGroups` (sets of event types), checked against
:data:`kg.model.EVENT_TYPES`; an unknown type raises :class:`kg.data.DataFileError`.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

from kg.data import DataFileError
from kg.model import EVENT_TYPES


@dataclass(frozen=True)
class EventTypeGroups:
    speech: frozenset[str]  # said: may carry a quotation and a channel
    need_a_speaker: frozenset[str]  # no event with a thing as subject ("arms that threaten security")
    own_actors: frozenset[str]  # actors may all be elsewhere: no fallback to the person the text is about
    physical: frozenset[str]  # happen somewhere: a country after "in" is their place, not an actor
    refusable: frozenset[str]  # can be refused or ruled out ("ruled out a military intervention")
    sited_in_country: frozenset[str]  # their place may be a country ("an operation in Mexico")
    destination_takes_part: frozenset[str]  # "extradited to the United States": that country acts
    credited: frozenset[str]  # with no agent of their own, the body they are credited to acts
    possessor_undergoes: frozenset[str]  # "X's arrest", "the arrest of X": X is the patient

    @classmethod
    def from_lexicon(cls, lex: dict) -> EventTypeGroups:
        groups = lex.get("event_type_groups", {})
        found = {}
        for f in fields(cls):
            types = groups.get(f.name)
            if not isinstance(types, list):
                raise DataFileError(f"lexicon.json: event_type_groups needs a list '{f.name}'")
            unknown = sorted(set(types) - set(EVENT_TYPES))
            if unknown:
                raise DataFileError(f"lexicon.json: event_type_groups.{f.name}: unknown event type(s) "
                                    f"{', '.join(unknown)} (known: {', '.join(EVENT_TYPES)})")
            found[f.name] = frozenset(types)
        return cls(**found)
