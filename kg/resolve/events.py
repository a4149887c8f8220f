"""One article's event mentions (with keyed participants) -> its events, one per happening.

In: an :class:`kg.model.ArticleMentions` whose entity mentions have their keys. Out: the
article's :class:`kg.model.Event` list, each with an article-level key (events reported by
several articles get their shared key later, from :mod:`kg.resolve.coref`).

- An anaphoric mention ("the call", "la conversación") with no participants of its own joins the
  latest event of its type.
- An act described as part of a call or meeting ("in which he asked …", "during the
  conversation …", "they agreed …") takes the actors of that call or meeting.
- Mentions of the same type, status and compatible date that share participants are one event.
- Mentions of a sanction (a tariff) that share an actor are one measure ("a 25% tariff on X" … "the
  tariffs on X were paused").
- Two arrests of the same person are one ("X was arrested in … During his arrest, …").
- One speaker's later statements that name nobody new are the same public statement ("…," he
  said; "He added that …").
- A statement in the same sentence as a more specific act of the same actor is that act.
- Demands, agreements and statements with no date of their own take the date of the call or
  meeting they were part of.
- A speaker's undated words or posts take the date of that speaker's latest dated words, call or
  post before them (the occasion the article reports).
- A dated mention that names nobody ("the capture took place on November 11") dates the
  latest event of its type.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from kg.model import CONTACT_TYPES, ArticleMentions, Event, EventMention, TimeValue
from kg.resolve.keys import PERSON_PREFIX, entity_key, event_key

_COUNTRY_PREFIX = entity_key("Country", "")
#: Acts that can be described as part of the call or meeting before them.
_PART_OF_CONTACT = frozenset({"Demand", "Agreement", "Statement", "Rejection", "Meeting"})
#: Acts that take the date of the call or meeting they were made in.
_DATED_BY_CONTACT = frozenset({"Demand", "Agreement", "Statement"})
#: Acts done by saying or posting: undated, they are of the speaker's dated occasion before them.
_SPOKEN = frozenset({"Statement", "Demand", "Threat", "Rejection", "Communication"})
#: Acts that a statement in the same sentence by the same actor is only the wording of.
_SPECIFIC_ACTS = frozenset({"Demand", "Threat", "Agreement", "Rejection"})
#: Acts a person undergoes once in an article: two mentions with the same person as patient are one.
_ONE_PER_PATIENT = frozenset({"Arrest"})
#: Measures an article reports again and again: mentions sharing an actor are one.
_ONE_MEASURE = frozenset({"Sanction"})
#: Statuses of one measure as it is announced and applied.
_MEASURE_STATUSES = frozenset({"planned", "occurred"})
#: Words before an anaphoric trigger that make it a definite or demonstrative noun phrase.
_DETERMINERS = ("the", "this", "that", "la", "el", "esta", "este", "dicha", "dicho", "their",
                "his", "her", "su", "del", "al")
#: Words before a trigger that introduce another happening of its kind, not the one reported.
_INDEFINITE = ("another", "a", "an", "new", "second", "otra", "otro", "una", "un", "nueva", "nuevo",
               "segunda", "segundo")

AGAIN = re.compile(r"\b(?:again|once more|de nuevo|nuevamente|otra vez)\b", re.I)
RELATIVE = re.compile(r"\b(?:en la que|en el que|en la cual|in which|during which|durante la cual)\b", re.I)
_DURING = re.compile(r"\b(?:during|durante)\b", re.I)
_ANAPHORIC = re.compile(r"call|conversa|llamada|intercambio|di[aá]logo|statement|readout|"
                        r"message|communiqu|mensaje|meeting|encuentro|reuni[oó]n|arrest|detenci[oó]n|"
                        r"captur|extradi|operation|operativo|operaci[oó]n")
_WORD = re.compile(r"[a-záéíóúñü]{3,}")
_STOP = set("the a an of to and in on for that with by from as at is was were be has have had it its this "
            "their his her el la los las de del y en que por con para un una se su sus al lo".split())


def text_after(em: EventMention, width: int = 25) -> str:
    """The words right after the trigger, within its sentence."""
    sent, start = em.evidence.sentence, em.trigger.end - em.evidence.start
    return sent[start:start + width] if sent else ""


def _content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def _similar(a: str, b: str, threshold: float = 0.35) -> bool:
    """Do two sentences share enough content words to report the same act?"""
    wa, wb = _content_words(a), _content_words(b)
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) >= threshold


def _dated(t: TimeValue | None) -> bool:
    return t is not None and bool(t.value)


def _compatible_time(a: TimeValue | None, b: TimeValue | None) -> bool:
    if not _dated(a) or not _dated(b):
        return True
    return a.value == b.value


def _persons(keys) -> set[str]:
    return {k for k in keys if k.startswith(PERSON_PREFIX)}


@dataclass(slots=True)
class EventDraft:
    """An event of the article while its mentions are merged: the first mention and what the
    merged mentions say."""

    m: EventMention
    parts: list[tuple[str, str]]  # (entity key, role), each key once
    time: TimeValue | None
    mode: str | None
    place: str | None
    status: str
    quote: str | None
    channel: str | None
    sentences: set[int] = field(default_factory=set)  # where its mentions are (sentence starts)

    @classmethod
    def of(cls, em: EventMention) -> EventDraft:
        parts: list[tuple[str, str]] = []
        for p in em.participants:
            if p.mention.key and all(p.mention.key != k for k, _ in parts):
                parts.append((p.mention.key, p.role))
        return cls(em, parts, em.time, em.mode, em.place.key if em.place is not None else None,
                   em.status, em.quote, em.channel, {em.evidence.start})

    def keys(self) -> set[str]:
        return {k for k, _ in self.parts}

    def patients(self) -> set[str]:
        return {k for k, role in self.parts if role == "recipient" and k.startswith(PERSON_PREFIX)}

    def speakers(self) -> set[str]:
        return {k for k, role in self.parts if role == "initiator"}

    def absorb(self, other: EventDraft) -> None:
        """Take what another mention of this event adds."""
        for k, role in other.parts:
            if all(k != k2 for k2, _ in self.parts):
                self.parts.append((k, role))
        if not _dated(self.time) and _dated(other.time):
            self.time = other.time
        if self.mode is None and other.mode:
            self.mode = other.mode
        self.place = self.place or other.place
        self.quote = self.quote or other.quote
        self.channel = self.channel or other.channel
        self.sentences |= other.sentences

    def _same_status(self, other: EventDraft) -> bool:
        """The same status; a measure announced ("will be implementing a tariff") and then
        reported as in force ("the new tariffs") is one measure."""
        return self.status == other.status or (self.m.type in _ONE_MEASURE and
                                               {self.status, other.status} <= _MEASURE_STATUSES)

    def same_as(self, other: EventDraft) -> bool:
        """Does ``other`` (a later mention) report this event?"""
        if self.m.type != other.m.type or not self._same_status(other):
            return False
        if self.mode and other.mode and self.mode != other.mode:
            return False  # a post about a call, a summit after a phone call: two happenings
        if not _compatible_time(self.time, other.time):
            return False
        a, b = self.keys(), other.keys()
        same_sentence = self.m.evidence.start == other.m.evidence.start
        after = other.m.trigger.text + " " + text_after(other.m)
        if AGAIN.search(after) and not same_sentence:
            return False  # "spoke again with Vasquel": another call
        if other.m.type in _ONE_PER_PATIENT and self.patients() & other.patients():
            return True  # "X was arrested in … During his arrest, …": one arrest of X
        if other.m.type == "Statement" and _dated(other.time) and not _dated(self.time) and not same_sentence:
            return False  # "On Wednesday she said …": a date of its own, another occasion
        if other.m.type == "Statement" and self.speakers() and self.speakers() == other.speakers() \
                and other.keys() <= self.keys():
            return True  # "…," he said: the same speaker's statement goes on
        if other.m.type == "Statement" and not same_sentence and _persons(b) - _persons(a):
            return False  # "Both X and Y said …" after X's statement: someone new speaks
        if other.m.type in _ONE_MEASURE and not same_sentence and a & b:
            return True  # "a 25% tariff on X" … "the tariffs": one measure against X
        if other.m.type not in CONTACT_TYPES:
            # distinct sentences usually report distinct acts (one sentence, one act per type),
            # unless they say the same thing of the same actors ("stressed the need for tangible
            # results" twice)
            if same_sentence:
                return bool(a & b or not a or not b)
            return bool(a & b) and _similar(self.m.evidence.sentence, other.m.evidence.sentence)
        if a == b:
            return True
        persons = _persons(a & b)
        return len(persons) >= 2 or (len(persons) == 1 and (
            len(_persons(a)) == 1 or len(_persons(b)) == 1))


def _anaphoric(em: EventMention) -> bool:
    return bool(_ANAPHORIC.search(em.trigger.text.lower()))


def _definite(text: str, em: EventMention) -> bool:
    """A definite or demonstrative noun phrase for an event of an anaphoric kind."""
    if not _anaphoric(em):
        return False
    before = text[max(0, em.trigger.start - 12):em.trigger.start].lower().split()
    return bool(before) and before[-1].lstrip("\"“«'(") in _DETERMINERS  # '"La detención …


def _reported_before(merged: list[EventDraft], text: str, draft: EventDraft,
                     persons: set[str]) -> EventDraft | None:
    """"the call", "la conversación": the event already reported, unless the phrase names other
    people ("the call held on Monday between the two presidents, X and Y")."""
    em = draft.m
    prev = next((r for r in reversed(merged) if r.m.type == em.type), None)
    if _definite(text, em) and prev is not None and (persons <= prev.keys() or (
            em.type == "Statement" and not draft.parts)) and _compatible_time(prev.time, draft.time):
        return prev
    return None


def _join_focus(merged: list[EventDraft], text: str, draft: EventDraft, persons: set[str]) -> None:
    """"in which he asked …", "during the conversation …", "they agreed …": the actors of the
    call or meeting being described (the latest event with two people or more)."""
    em = draft.m
    focus = next((r for r in reversed(merged) if len(_persons(r.keys())) >= 2), None)
    lead = text[em.evidence.start:em.trigger.start]
    states = {k for k in draft.keys() if k.startswith(_COUNTRY_PREFIX)}
    if len(states) >= 2 and em.anaphor:
        return  # "both governments agreed": the two states, not the people of the call
    if focus is not None and not persons and em.type in _PART_OF_CONTACT and (
            em.anaphor or RELATIVE.search(lead[-40:]) or (not draft.parts and _DURING.search(lead))):
        draft.parts = [(k, "participant") for k, _ in focus.parts if k.startswith(PERSON_PREFIX)] + \
            [p for p in draft.parts if not p[0].startswith(PERSON_PREFIX)]
        if not _dated(draft.time) and focus.status == "occurred":
            draft.time = focus.time


def _date_back(merged: list[EventDraft], text: str, draft: EventDraft) -> None:
    """A dated mention that names nobody ("La captura ocurrió el 11 de noviembre", "he was
    recaptured on June 25") speaks of the latest event of its type: it gives it its date, unless
    that event has a date already or the mention is of another one ("another arrest …")."""
    before = text[max(0, draft.m.trigger.start - 12):draft.m.trigger.start].lower().split()
    if not _dated(draft.time) or draft.status != "occurred" or (before and before[-1] in _INDEFINITE):
        return
    prev = next((r for r in reversed(merged) if r.m.type == draft.m.type), None)
    if prev is not None and prev.status == "occurred" and not _dated(prev.time):
        prev.time = draft.time


def _merge_mentions(art: ArticleMentions) -> list[EventDraft]:
    """The article's event mentions merged into one draft per happening, in order."""
    merged: list[EventDraft] = []
    text = art.doc.text
    for em in art.events:
        draft = EventDraft.of(em)
        persons = _persons(draft.keys())
        prev = _reported_before(merged, text, draft, persons)
        if prev is not None:
            prev.absorb(replace(draft, parts=[p for p in draft.parts if p[0] in persons]))
            continue
        _join_focus(merged, text, draft, persons)
        if not draft.parts:
            _date_back(merged, text, draft)
            continue
        target = next((r for r in reversed(merged) if r.same_as(draft)), None)
        if target is not None:
            target.absorb(draft)
            continue
        merged.append(draft)
    return merged


def _within_contact(em: EventMention) -> bool:
    """"… the call was friendly, during which he requested …": an act of the call the relative
    clause describes, not the wording of the statement around it."""
    sent = em.evidence.sentence or ""
    lead = sent[:max(0, em.trigger.start - em.evidence.start)]
    return bool(RELATIVE.search(lead[-40:]))


def _drop_subsumed_statements(merged: list[EventDraft]) -> list[EventDraft]:
    """A statement in the same sentence as a more specific act of the same actor (a demand,
    threat, agreement, rejection or post) is that act, not a second event; not an act a relative
    clause places in a call ("… during which he requested …")."""
    out = []
    for r in merged:
        if r.m.type == "Statement":
            mine = {k for k, role in r.parts if role == "initiator"} or r.keys()
            again = len(r.sentences) > 1  # said again elsewhere: more than the wording of that act
            if any(o is not r and ((o.m.type in _SPECIFIC_ACTS and not again and not _within_contact(o.m))
                                   or o.mode == "post")
                   and o.m.evidence.start == r.m.evidence.start
                   and mine & o.keys() for o in merged):
                continue
        out.append(r)
    return out


def _date_from_contacts(merged: list[EventDraft]) -> None:
    """A demand, agreement or statement made during a call takes the call's date."""
    for i, rec in enumerate(merged):
        if rec.m.type in _DATED_BY_CONTACT and not (rec.time and rec.time.value):
            keys = _persons(rec.keys())
            sent = rec.m.evidence.start
            same_sentence = [r for r in merged[i + 1:] if r.m.evidence.start == sent]
            for prev in same_sentence + list(reversed(merged[:i])):
                if prev.m.type in CONTACT_TYPES and prev.status == "occurred":
                    near = prev.m.evidence.start == sent
                    if (keys & prev.keys() or near) and prev.time and prev.time.value:
                        rec.time = prev.time
                        break


def _date_from_occasion(merged: list[EventDraft]) -> None:
    """Undated words of a speaker (a statement, demand, threat, rejection or post) are of the
    occasion of that speaker's latest dated words or call before them ("Hollis said on Wednesday he
    held a call …" … "Hollis said on his platform that …", "On Tuesday X told Y …" … "…," he
    said)."""
    for i, rec in enumerate(merged):
        if rec.m.type not in _SPOKEN or _dated(rec.time) or rec.status != "occurred":
            continue
        mine = rec.speakers() or rec.keys()
        prev = next((r for r in reversed(merged[:i]) if r.m.type in _SPOKEN and r.status == "occurred"
                     and _dated(r.time) and mine & (r.speakers() or r.keys())), None)
        if prev is not None:
            rec.time = prev.time


def article_events(art: ArticleMentions) -> list[Event]:
    """The article's events (see the module docstring), keyed by article, type and trigger."""
    merged = _drop_subsumed_statements(_merge_mentions(art))
    _date_from_contacts(merged)
    _date_from_occasion(merged)
    out = []
    for rec in merged:
        em = rec.m
        ident = "|".join([art.doc.id, em.type, str(em.trigger.start)])
        out.append(Event(
            key=event_key(em.type, ident), type=em.type, mode=rec.mode, participants=rec.parts,
            time=rec.time, place=rec.place, status=rec.status, trigger=em.trigger,
            evidence=em.evidence, quote=rec.quote, extractor=em.extractor,
            confidence=em.confidence, channel=rec.channel))
    return out
