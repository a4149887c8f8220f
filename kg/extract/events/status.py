"""Event status: occurred, planned, hypothetical, negated or rejected, from cue words near the
trigger (``kg/data/lexicon.json`` "status_cues") and the event's date.

In: the context, a :class:`kg.extract.records.TriggerMatch` and the event's time. Out: a status
(:data:`kg.model.STATUSES`); also whether the sentence speaks of the future (the tense that
decides which "Thursday" a date means).
"""
from __future__ import annotations

import re

from kg.extract.context import Context
from kg.extract.patterns import any_word
from kg.extract.records import TriggerMatch
from kg.model import TimeValue

NEGATION = re.compile(r"(?:^|\s)(?:(?:no|not|never|nunca|without|sin|ni|nor|neither)\s+(?:[\w,]+\s+){0,5}|"
                      r"(?:ningún|ninguna|ninguno|nadie|none of|no one)\s+(?:[\w,]+\s+){0,7})$", re.I)
CONTRAST = re.compile(r"\b(?:but|pero|sino)\b", re.I)
INSTEAD = re.compile(r"\b(?:rather than|instead of|en lugar de|en vez de)\s+$", re.I)
REFUSAL = re.compile(r"\b(?:refus\w*|reject\w*|rule[sd]? out|rechaz\w*|descart\w*|se neg\w*)\s+"
                     r"(?:to\s+|a\s+)?(?:\w+\s+){0,4}$", re.I)
#: events that someone can refuse or rule out ("ruled out a military intervention")
REFUSABLE = ("SecurityOperation", "Meeting", "Agreement", "Sanction", "Arrest")


class Status:
    def __init__(self, lex: dict):
        cues = lex["status_cues"]
        self.planned_cue = any_word(cues["planned"])
        self.hypothetical_cue = any_word(cues["hypothetical"])
        self.rejected_cue = any_word(cues["rejected"])

    def planned(self, ctx: Context, match: TriggerMatch) -> bool:
        """A planning cue near the trigger ("will", "scheduled", "se reunirán")."""
        ss, se = match.sentence
        return bool(self.planned_cue.search(ctx.text[max(ss, match.start - 60):min(se, match.end + 40)]))

    def of(self, ctx: Context, match: TriggerMatch, time: TimeValue | None) -> str:
        s, e = match.start, match.end
        ss, se = match.sentence
        etype = match.type
        before = ctx.text[max(ss, s - 40):s]
        if etype != "Rejection" and NEGATION.search(before) and not CONTRAST.search(before[-30:]):
            return "negated"
        if INSTEAD.search(before):
            return "negated"
        if etype in REFUSABLE and (REFUSAL.search(before) or self.rejected_cue.search(ctx.text[e:min(se, e + 80)])):
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
