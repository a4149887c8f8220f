"""The typed records that travel between the extraction parts (inside the stage only).

In: nothing (records). Out: character ranges, entity candidates, title matches, part-of pairs,
time anchors, embedded posts, trigger matches and event scopes. What leaves the stage is
:class:`kg.model.ArticleMentions`; these records never do.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from kg.data import Trigger
from kg.model import TimeValue

#: how far each source of entity candidates is trusted when two overlap (higher wins)
TRUST = {"pattern:channel": 8, "pattern:nickname": 8, "pattern:alias": 8, "pattern:initial": 5, "pattern:list": 7, "gazetteer": 6, "pattern:dateline": 7, "pattern:facility": 7, "pattern:handle": 6, "pattern:title": 5, "pattern:surname": 4,
         "headword": 3, "pattern:media": 3, "ner": 2, "given-name": 2,
         "pattern:place": 1}


class Range(NamedTuple):
    """A character range [start, end) of the article's text."""
    start: int
    end: int

    def holds(self, pos: int) -> bool:
        return self.start <= pos < self.end


class CountryHit(NamedTuple):
    """A country's name or demonym in the text, and the country's gazetteer id."""
    start: int
    end: int
    country: str


@dataclass(frozen=True)
class Candidate:
    """A possible entity mention from one source, before overlaps are settled."""
    start: int
    end: int
    type: str
    extractor: str
    confidence: float
    gazetteer_id: str | None = None
    name: str | None = None  # the full name, where the text gives less ("Lopez" for Ana Lopez)
    country: str | None = None  # a generic body's country, where no gazetteer entry is its

    @property
    def trust(self) -> int:
        return TRUST.get(self.extractor, 0)

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


@dataclass(frozen=True)
class OrgPiece:
    """A capitalised run (or part of one) typed by its headword."""
    start: int
    end: int
    type: str
    facility: bool = False  # a facility's name (a Place even with a known name inside it)


@dataclass(frozen=True)
class PartOf:
    """Two organisations named in one run, the first part of the second ("Office of the
    Spokesperson of the Department of State")."""
    member: Range
    parent: Range


@dataclass(frozen=True)
class OrgSplit:
    """What the headwords make of a capitalised run: the organisations it names, in order, and
    which of them are part of which."""
    pieces: tuple[OrgPiece, ...] = ()
    part_of: tuple[PartOf, ...] = ()

    def __add__(self, other: OrgSplit) -> OrgSplit:
        return OrgSplit(self.pieces + other.pieces, self.part_of + other.part_of)


@dataclass(frozen=True)
class TitleMatch:
    """A title next to a name ("Secretary of State Ana Lopez", "X, Mexico's Foreign Secretary"):
    what becomes a post once the name is settled as a person."""
    title: str
    name: Range
    span: Range
    kind: str  # pre (title before the name) | post (apposition after it)
    former: bool = False
    country: str | None = None  # from a country or demonym in the phrase
    country_span: Range | None = None
    org_span: Range | None = None  # "… of the Department of State"
    complement: str | None = None  # "de Minería" after a bare title, where no body is named there


@dataclass(frozen=True)
class Anchor:
    """The date relative expressions resolve against, and what kind of date it is."""
    date: dt.date | None = None
    kind: str = "unresolved"  # published | document | unresolved


@dataclass(frozen=True)
class LocalAnchor:
    """A block of text dated by an embedded post: its range and its date."""
    range: Range
    date: dt.date


@dataclass(frozen=True)
class EmbeddedPost:
    """"— Name (@handle) January 12, 2026" under a quoted post."""
    span: Range
    name: Range
    handle: Range
    time: TimeValue


@dataclass(frozen=True)
class TriggerMatch:
    """A trigger pattern matched in a sentence, with the other triggers kept in that sentence."""
    start: int
    end: int
    trigger: Trigger
    sentence: Range
    others: tuple[Range, ...] = ()
    voice: str | None = None  # a frame's trigger: active | passive | impersonal | nominal

    @property
    def type(self) -> str:
        return self.trigger.type

    @property
    def frame(self):
        """The lexicon frame (:class:`kg.data.frames.Frame`: type, mode, role slots per voice), or
        None for a pattern trigger; ``frame.role_of(match.voice, "by")`` is the role of a by-phrase."""
        return self.trigger.frame


@dataclass(frozen=True)
class EventScope:
    """The part of the sentence that belongs to a trigger (ranges), and what its subject is."""
    region: tuple[Range, ...]
    anaphor: bool = False  # "both officials", "they"
    inanimate_subject: bool = False  # "flows of arms that threaten security"
    pronoun_subject: bool = False  # "she rejected"
    patients: tuple[Range, ...] = ()  # "he remains in detention": who undergoes the event
    agents: tuple[Range, ...] = ()  # "…», dijo el ministro X": who does it, where order does not say
    described: bool = False  # "la dependencia detalló …": a speaker described, not named

    def holds(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.region)

    def acts(self, pos: int) -> bool:
        """Is ``pos`` inside one of the agents' ranges?"""
        return any(a <= pos < b for a, b in self.agents)
