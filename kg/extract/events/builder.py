"""Event mentions: a trigger match and the article's parse -> one :class:`kg.model.EventMention`.

:class:`Events` is the part the extractor runs. Reads: ``text``, ``parsed``, ``mentions``,
``modifier_spans``, ``embeds``, the anchors. Adds: ``times`` (every time expression of the
text), ``events`` (in text order) and ``warnings``. A post embedded with its signature
("— Name (@handle) date") is a Communication by that person; every other event comes from a
trigger (:mod:`~kg.extract.events.triggers`), built by :class:`EventBuilder` from its scope
(:mod:`~kg.extract.events.scope`), participants (:mod:`~kg.extract.events.participants`), time
(:mod:`~kg.extract.events.timing`), status (:mod:`~kg.extract.events.status`) and other
attributes (:mod:`~kg.extract.events.attributes`).
"""
from __future__ import annotations

import re

from kg.data import Trigger
from kg.extract.context import Context
from kg.extract.events.attributes import Attributes
from kg.extract.events.condition import Conditions
from kg.extract.events.groups import EventTypeGroups
from kg.extract.events.modality import Modality
from kg.extract.events.participants import Participants
from kg.extract.events.scope import Scope
from kg.extract.events.speech import announces_own, postposed, unattributed
from kg.extract.events.status import Status
from kg.extract.events.timing import Timing
from kg.extract.events.triggers import TriggerFinder
from kg.extract.patterns import Patterns
from kg.extract.records import TriggerMatch
from kg.extract.time import timex
from kg.model import EventMention, Participant

CONTINUATION_SENTENCES = 2  # how far back the same speaker's statement makes one occasion
UNREAL = ("hypothetical", "planned", "proposed")  # statuses of what was said, not of saying it


class EventBuilder:
    """One trigger match -> an event mention, or None where it is no event."""

    def __init__(self, pat: Patterns, lex: dict):
        self.groups = EventTypeGroups.from_lexicon(lex)
        self.scope = Scope(pat)
        self.participants = Participants(pat, self.groups)
        self.status = Status(lex, self.groups)
        self.timing = Timing(lex)
        self.attributes = Attributes(pat, lex, self.groups)
        self.conditions = Conditions(lex)

    def build(self, ctx: Context, match: TriggerMatch) -> EventMention | None:
        trig = match.trigger
        if self.conditions.opens(ctx, match, trig.lang if trig.lang != "any" else ctx.doc.lang):
            return None  # "unless Mexico agrees": a condition, not an event
        scope = self.scope.of(ctx, match, keep_content=trig.type == "Statement")
        if scope.inanimate_subject and trig.type in self.groups.need_a_speaker and match.voice != "passive":
            return None  # (a passive's subject undergoes it: "the strike was condemned by X")
        if scope.described or (trig.type == "Statement" and unattributed(ctx, match)):
            return None  # "he is accused of …", "I already said it", "la dependencia detalló": no named speaker
        parts = self.participants.of(ctx, match, scope)
        if trig.type == "Threat" and not any(p.role == "initiator" for p in parts):
            return None  # a threat needs someone who threatens ("arms that threaten security")
        modality = self.status.modality(ctx, match)
        if trig.type in self.groups.need_a_speaker and modality.status in UNREAL and postposed(ctx, match):
            modality = Modality()  # "si no actúa, impondrá aranceles, advirtió": the warning was made
        time = self.timing.of(ctx, match, scope, modality.future)
        place = self.attributes.place(ctx, match, scope)
        status = trig.status or self.status.of(ctx, modality, time)
        mode = self.attributes.mode(match, parts)
        if trig.type == "Communication" and mode == "post" and any(p.role == "initiator" for p in parts):
            parts = [p for p in parts if p.role == "initiator"]  # who posts; those the post names take no part
        return EventMention(
            type=trig.type, trigger=ctx.span(match.start, match.end), evidence=ctx.span(*match.sentence),
            participants=parts, mode=mode, time=time, place=place,
            status=status, quote=self.attributes.quote(ctx, match), extractor=f"trigger:{trig.id}",
            confidence=trig.confidence, trigger_id=trig.id, anaphor=scope.anaphor,
            channel=self.attributes.channel(ctx, match))


def _dated_before(ev: EventMention) -> bool:
    """Does the event's own time expression stand before its trigger ("On Tuesday, she added")?"""
    if ev.time is None or not ev.time.value or not ev.time.text:
        return False
    at = ev.evidence.text.find(ev.time.text)
    return 0 <= at < ev.trigger.start - ev.evidence.start


def _surname(p: Participant) -> str:
    """The last word of a participant's name ("Ferrer" for "Lucía Ferrer")."""
    return (p.mention.name or p.mention.span.text).split()[-1].lower()


class Events:
    reads = ("doc", "text", "parsed", "mentions", "modifier_spans", "embeds", "anchor", "local_anchors", "ignore")
    adds = ("times", "events", "warnings")

    def __init__(self, pat: Patterns, triggers: list[Trigger], lex: dict):
        self.triggers = TriggerFinder(triggers)
        self.builder = EventBuilder(pat, lex)
        self.light_verbs = frozenset(pat.light_verbs)
        self.own_acts = frozenset(lex.get("own_act_verbs", []))
        self.continuations = frozenset(lex.get("continuation_triggers", []))
        occasions = "|".join(map(re.escape, lex.get("exchange_occasions", []))) or "(?!)"
        self.exchange = re.compile(rf"\b(?:{occasions})\b", re.I)

    def run(self, ctx: Context) -> None:
        dateline = timex.news_dateline_span(ctx.text)  # the article's date, no event's
        ctx.times = [t for t in timex.find_times(ctx.text) if not (dateline and dateline[0] <= t.start < dateline[1])]
        out = self._embedded_posts(ctx)
        built = [(m, self.builder.build(ctx, m)) for m in self.triggers.find(ctx)]
        built = [(m, ev) for m, ev in built if ev is not None]
        out += [ev for m, ev in built if not self._announcement(ctx, m, built, self.light_verbs, self.own_acts)]
        out.sort(key=lambda ev: ev.trigger.start)
        ctx.events = [ev for ev in out if not self._continues(ctx, ev, out)]

    def _continues(self, ctx: Context, ev: EventMention, events: list[EventMention]) -> bool:
        """"Ferrer said in a statement that … Ferrer stressed …", "During the call, X and Y
        underscored …": a continuation verb (lexicon ``continuation_triggers``) of a speaker who
        spoke or communicated in the sentences just before is the same occasion, no new Statement."""
        if ev.trigger_id not in self.continuations or _dated_before(ev):
            return False  # ("On Tuesday, she added that …": another occasion)
        if self.exchange.search(ev.evidence.text):
            return True  # "During the call, X and Y underscored …"
        speakers = {_surname(p) for p in ev.participants}
        first = ev.trigger.start
        for _ in range(CONTINUATION_SENTENCES):
            first = ctx.parsed.sentence_of(max(0, first - 1))[0] if first > 0 else 0
        return any(o is not ev and o.type in ("Statement", "Communication")
                   and first <= o.trigger.start < ev.trigger.start
                   and (speakers & {_surname(p) for p in o.participants} or (ev.anaphor and not speakers))
                   for o in events)  # ("They specifically emphasized …" after what both said)

    @staticmethod
    def _announcement(ctx: Context, match: TriggerMatch, built: list, light_verbs: frozenset[str],
                      own_acts: frozenset[str]) -> bool:
        """A statement that only announces the speaker's own act, which is an event of its own
        ("Brazil announced tariffs", "dijo que rechaza la propuesta", "said he held a call with"):
        no separate Statement."""
        if match.type != "Statement":
            return False
        others = [m for m, ev in built if m.sentence == match.sentence and m.start != match.start
                  and ev.type != "Statement" and ev.status != "negated"]
        return bool(others) and announces_own(ctx, match, others, light_verbs, own_acts)

    @staticmethod
    def _embedded_posts(ctx: Context) -> list[EventMention]:
        out = []
        for post in ctx.embeds:
            ent = next((x for x in ctx.mentions if post.name.start <= x.span.start < post.span.end), None)
            if ent is not None:
                out.append(EventMention(
                    "Communication", ctx.span(*post.handle), ctx.span(*post.span), [Participant(ent, "initiator")],
                    mode="post", time=post.time, status="occurred", extractor="pattern:embedded-post",
                    confidence=0.85, trigger_id="embedded-post"))
        return out
