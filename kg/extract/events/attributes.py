"""Event attributes besides participants, time and status: place, mode, quote and channel.

In: the context, a :class:`kg.extract.records.TriggerMatch`, its
:class:`kg.extract.records.EventScope` and participants. Out: the place (a Place mention in the
scope after a preposition of place; for operations and seizures also a country after "in"), the
mode (the trigger's, or a working-group meeting when a group takes part: the lexicon's
"working_group_words"), the longest quotation
of the sentence for speech acts, and the channel a statement went out by ("readout", "post on X",
from ``kg/data/lexicon.json`` "channels").
"""
from __future__ import annotations

import re

from kg.extract.context import Context
from kg.extract.events.groups import EventTypeGroups
from kg.extract.patterns import NEVER, QUOTE, Patterns, alt, any_word
from kg.extract.records import EventScope, TriggerMatch
from kg.model import EntityMention, Participant


class Attributes:
    def __init__(self, pat: Patterns, lex: dict, groups: EventTypeGroups):
        self.pat, self.groups = pat, groups
        self.working_group = re.compile(rf"\b(?:{alt(lex['working_group_words'])})\b")
        self.channel_of = {f.lower(): name for name, forms in lex.get("channels", {}).items() for f in forms}
        self.channel_cue = any_word(self.channel_of) if self.channel_of else NEVER

    def place(self, ctx: Context, match: TriggerMatch, scope: EventScope) -> EntityMention | None:
        ss, se = match.sentence
        for m in ctx.mentions:
            if m.type == "Place" and ss <= m.span.start < se and scope.holds(m.span.start) and \
                    self.pat.after_place_prep(ctx.text, m.span.start):
                return m
        if match.type in self.groups.sited_in_country:
            for m in ctx.mentions:
                if m.type == "Country" and scope.holds(m.span.start) and \
                        ctx.text[max(0, m.span.start - 8):m.span.start].strip().lower() in ("in", "within", "en"):
                    return m
        return None

    def mode(self, match: TriggerMatch, participants: list[Participant]) -> str | None:
        if match.type == "Meeting" and any(p.mention.type == "Agency" and self.working_group.search(p.mention.span.text)
                                           for p in participants):
            return "working_group"
        return match.trigger.mode

    def quote(self, ctx: Context, match: TriggerMatch) -> str | None:
        if match.type not in self.groups.speech:
            return None
        ss, se = match.sentence
        quotes = list(QUOTE.finditer(ctx.text[ss:se]))
        return max(quotes, key=lambda qm: len(qm.group(1))).group(1).strip() if quotes else None

    def channel(self, ctx: Context, match: TriggerMatch) -> str | None:
        """How a statement reached the public, where the text says so near the trigger."""
        if match.type not in self.groups.speech:
            return None
        s, e = match.start, match.end
        ss, se = match.sentence
        for window in (ctx.text[s:e], ctx.text[max(ss, s - 60):min(se, e + 60)]):
            m = self.channel_cue.search(window)
            if m:
                return self.channel_of[m.group(0).lower()]
        return None
