"""Plain dataclasses that carry data between the stages, the names of the types they use, and
the identifiers derived from them.

ingest -> Document; extract -> ArticleMentions (EntityMention, RoleMention, EventMention);
resolve -> Corpus (Entity, Role, Affiliation, Event per article); graph -> named graphs.
No stage passes spaCy objects or RDF terms to another: only these. Resolution and the graph
share the identifiers: :func:`slugify` (entity keys, post concept ids, IRI paths) and
:func:`article_summary` (what the corpus-level graphs need of one article).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

ENTITY_TYPES = (
    "Person",
    "Country",
    "Ministry",
    "Agency",
    "CriminalOrganization",
    "InternationalOrganization",
    "Place",
    "Media",
)
#: Types that can take part in events as actors.
ACTOR_TYPES = frozenset(
    {"Person", "Country", "Ministry", "Agency", "CriminalOrganization", "InternationalOrganization"}
)
#: A government's bodies: its ministries and agencies.
GOVERNMENT_TYPES = frozenset({"Ministry", "Agency"})
#: Organisations a post belongs to: government bodies and international organisations.
BODY_TYPES = GOVERNMENT_TYPES | {"InternationalOrganization"}
EVENT_TYPES = (
    "Communication",
    "Meeting",
    "Statement",
    "Demand",
    "Threat",
    "Agreement",
    "Rejection",
    "SecurityOperation",
    "Seizure",
    "Sanction",
    "Arrest",
)
#: Events in which the participants deal with each other directly (a call, a meeting): what is
#: said or agreed in one is part of it.
CONTACT_TYPES = frozenset({"Communication", "Meeting"})
STATUSES = ("occurred", "planned", "proposed", "rejected", "hypothetical", "negated")
MODES = ("phone", "video", "written", "post", "in_person", "working_group", "summit")
PARTICIPANT_ROLES = ("initiator", "recipient", "participant")


# ---------------------------------------------------------------------------- identifiers

_NON_SLUG = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1 << 16)
def slugify(text: str, max_len: int = 60) -> str:
    """ASCII slug for keys and IRIs: 'José María de la Vega' -> 'jose-maria-de-la-vega'."""
    norm = unicodedata.normalize("NFKD", text)
    norm = "".join(c for c in norm if not unicodedata.combining(c)).lower()
    slug = _NON_SLUG.sub("-", norm).strip("-")
    if len(slug) > max_len:
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
        slug = slug[: max_len - 9].rstrip("-") + "-" + digest
    return slug or hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def post_id(role_id: str | None, wording: str) -> str:
    """The id of a post concept: the title list's id, else the slug of the wording."""
    return role_id or slugify(wording)


@dataclass(frozen=True)
class Document:
    """One article. ``id`` is stable (the file stem or the JSONL id) and safe for IRIs."""

    id: str
    text: str
    lang: str  # "en" | "es"
    published: dt.date | None = None
    outlet: str | None = None
    url: str | None = None
    path: str | None = None
    sha256: str = ""
    lang_source: str = "manifest"  # manifest | detected


@dataclass(frozen=True)
class Span:
    """A character span of a document, with the sentence it lies in."""

    start: int
    end: int
    text: str
    sent_start: int = 0
    sent_end: int = 0
    sentence: str = ""


@dataclass
class EntityMention:
    span: Span
    type: str  # one of ENTITY_TYPES
    extractor: str  # e.g. "gazetteer", "ner", "pattern:title", "headword"
    confidence: float
    gazetteer_id: str | None = None
    country: str | None = None  # gazetteer id of a country, if the mention states one
    name: str | None = None  # normalised surface name, if different from span.text
    key: str | None = None  # entity key, set by resolution


@dataclass
class RoleMention:
    span: Span  # evidence: the title + name phrase
    person: EntityMention
    role: str  # as worded ("Secretary of State", "canciller")
    role_id: str | None  # normalised role concept id from kg/data/roles.jsonl
    org: EntityMention | None = None
    org_gazetteer_id: str | None = None
    country: str | None = None  # gazetteer id of the country
    former: bool = False
    extractor: str = "pattern:title"
    confidence: float = 0.8


@dataclass(frozen=True)
class TimeValue:
    """A resolved (or unresolved) time expression."""

    text: str
    value: str | None  # "2026-01-15", "2026-02", "2026" or None when unresolved
    precision: str | None  # day | month | year
    anchor: str = "absolute"  # absolute | published | document | unresolved

    @property
    def bounds(self) -> tuple[dt.date, dt.date] | None:
        if not self.value:
            return None
        parts = [int(p) for p in self.value.split("-")]
        if len(parts) == 3:
            d = dt.date(*parts)
            return d, d
        if len(parts) == 2:
            y, m = parts
            first = dt.date(y, m, 1)
            nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
            return first, nxt - dt.timedelta(days=1)
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


@dataclass
class Participant:
    mention: EntityMention
    role: str = "participant"  # initiator | recipient | participant


@dataclass
class EventMention:
    type: str
    trigger: Span
    evidence: Span
    participants: list[Participant] = field(default_factory=list)
    mode: str | None = None
    time: TimeValue | None = None
    place: EntityMention | None = None
    status: str = "occurred"
    quote: str | None = None
    extractor: str = "trigger"
    confidence: float = 0.7
    trigger_id: str | None = None
    channel: str | None = None  # readout, joint statement, post on X, press conference …
    anaphor: bool = False  # the subject is "they", "both officials", "los secretarios" …


@dataclass
class AffiliationMention:
    member: EntityMention
    parent: EntityMention
    span: Span
    extractor: str = "pattern:affiliation"
    confidence: float = 0.7


@dataclass
class ArticleMentions:
    """Everything extraction found in one document, before resolution."""

    doc: Document
    entities: list[EntityMention] = field(default_factory=list)
    roles: list[RoleMention] = field(default_factory=list)
    affiliations: list[AffiliationMention] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------- resolved facts


@dataclass
class Entity:
    """A canonical entity. ``key`` is stable across runs and becomes the IRI path."""

    key: str
    type: str
    name: str
    name_lang: str | None = None
    aliases: dict[str, str | None] = field(default_factory=dict)  # alias -> language or None
    labels: dict[str, str] = field(default_factory=dict)  # language -> the gazetteer's name in it
    country: str | None = None  # key of a Country entity
    parent: str | None = None  # key of the parent organisation (gazetteer)
    wikidata: str | None = None
    gazetteer_id: str | None = None
    merge_reasons: list[str] = field(default_factory=list)


@dataclass
class Role:
    person: str  # entity key
    role: str  # as worded
    role_id: str | None
    org: str | None  # entity key
    country: str | None  # entity key
    former: bool
    evidence: Span
    extractor: str
    confidence: float
    lang: str | None = None


@dataclass
class Affiliation:
    member: str
    parent: str
    evidence: Span | None  # None when it comes from the gazetteer
    extractor: str
    confidence: float


@dataclass
class Event:
    key: str  # stable; shared by reports of the same real-world event
    type: str
    mode: str | None
    participants: list[tuple[str, str]]  # (entity key, role)
    time: TimeValue | None
    place: str | None  # entity key
    status: str
    trigger: Span
    evidence: Span
    quote: str | None
    extractor: str
    confidence: float
    channel: str | None = None


@dataclass
class EntityOccurrence:
    """An entity as seen in one article: its mentions there."""

    key: str
    mentions: list[EntityMention] = field(default_factory=list)


@dataclass
class ArticleFacts:
    doc: Document
    entities: dict[str, EntityOccurrence] = field(default_factory=dict)
    roles: list[Role] = field(default_factory=list)
    affiliations: list[Affiliation] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    publisher: str | None = None  # entity key of the outlet (Media)


def article_summary(art: ArticleFacts) -> tuple[set[str], set[str], set[tuple]]:
    """What the corpus-level graphs need of one article: the keys of the entities it names
    (mentions, posts, publisher), the extractors of its facts, and the post concepts
    ``(post id, wording, language)`` of its posts."""
    used = set(art.entities)
    for role in art.roles:
        used.update(k for k in (role.org, role.country) if k)
    if art.publisher:
        used.add(art.publisher)
    extractors = {m.extractor for occ in art.entities.values() for m in occ.mentions}
    extractors.update(r.extractor for r in art.roles)
    extractors.update(a.extractor for a in art.affiliations if a.evidence is not None)
    extractors.update(ev.extractor for ev in art.events)
    concepts = {(post_id(r.role_id, r.role), r.role, r.lang) for r in art.roles}
    return used, extractors, concepts


@dataclass
class Corpus:
    """The resolved result of a build: canonical entities plus per-article facts."""

    entities: dict[str, Entity] = field(default_factory=dict)
    articles: list[ArticleFacts] = field(default_factory=list)
    gazetteer_affiliations: list[Affiliation] = field(default_factory=list)
