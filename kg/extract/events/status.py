"""Event status: occurred, planned, hypothetical, negated or rejected, from cue words near the
trigger (``kg/data/lexicon.json`` "status_cues", "negation") and the event's date.

In: the context, a :class:`kg.extract.records.TriggerMatch` and the event's time. Out: a status
(:data:`kg.model.STATUSES`); also whether the sentence speaks of the future (the tense that
decides which "Thursday" a date means).
"""
from __future__ import annotations

import re

from kg.extract.context import Context
from kg.extract.events.groups import EventTypeGroups
from kg.extract.patterns import alt, any_word
from kg.extract.records import TriggerMatch
from kg.model import TimeValue


class Status:
    def __init__(self, lex: dict, groups: EventTypeGroups):
        cues = lex["status_cues"]
        self.planned_cue = any_word(cues["planned"])
        self.hypothetical_cue = any_word(cues["hypothetical"])
        self.rejected_cue = any_word(cues["rejected"])
        self.refusable = groups.refusable
        neg = lex["negation"]
        ci = {"ignore_case": True}
        self.negation = re.compile(rf"(?:^|\s)(?:(?:{alt(neg['negators'], **ci)})\s+(?:[\w,]+\s+){{0,5}}|"
                                   rf"(?:{alt(neg['quantifiers'], **ci)})\s+(?:[\w,]+\s+){{0,7}})$", re.I)
        self.contrast = re.compile(rf"\b(?:{alt(neg['contrast'], **ci)})\b", re.I)
        self.instead = re.compile(rf"\b(?:{alt(neg['instead'], **ci)})\s+$", re.I)
        self.refusal = re.compile(rf"\b(?:(?:{alt(neg['refusal_stems'], **ci)})\w*|{alt(neg['refusal_phrases'], **ci)})"
                                  r"\s+(?:to\s+|a\s+)?(?:\w+\s+){0,4}$", re.I)

    def planned(self, ctx: Context, match: TriggerMatch) -> bool:
        """A planning cue near the trigger ("will", "scheduled", "se reunirán")."""
        ss, se = match.sentence
        return bool(self.planned_cue.search(ctx.text[max(ss, match.start - 60):min(se, match.end + 40)]))

    def of(self, ctx: Context, match: TriggerMatch, time: TimeValue | None) -> str:
        s, e = match.start, match.end
        ss, se = match.sentence
        etype = match.type
        before = ctx.text[max(ss, s - 40):s]
        if etype != "Rejection" and self.negation.search(before) and not self.contrast.search(before[-30:]):
            return "negated"
        if self.instead.search(before):
            return "negated"
        if etype in self.refusable and (self.refusal.search(before) or
                                        self.rejected_cue.search(ctx.text[e:min(se, e + 80)])):
            return "rejected"
        if etype != "Threat" and self.hypothetical_cue.search(before[-30:]):
            return "hypothetical"
        if self.planned(ctx, match):
            return "planned"
        anchor = ctx.anchor
        if time and time.value and anchor.date and anchor.kind == "published":
            lo, _ = time.bounds
            if lo > anchor.date:
                return "planned"
        return "occurred"
