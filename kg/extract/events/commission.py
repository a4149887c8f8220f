"""Commissioning adjuncts: "por instrucciones de X", "at the request of X" (lexicon
``commission_cues``).

In: the context and a trigger match. Out: a :class:`Commission` (the adjunct's range, who asked,
who was asked) or None. The one who asked initiates the Demand the adjunct describes and takes no
part in the main clause's event; the one who was asked is the main clause's subject: before the
adjunct in its own clause ("X habló con Y por instrucciones de Z"), or right after it where the
adjunct opens the sentence ("Atendiendo las instrucciones de Z, hoy X sostuvo …").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.context import Context
from kg.extract.records import TriggerMatch
from kg.model import ACTOR_TYPES, EntityMention

#: where the agent phrase after the cue ends: punctuation or a relative / complement clause
AGENT_END = re.compile(r"[,;:.()]|\s(?:quien|quienes|que|who|which|that|y|and)\s", re.I)
#: what closes the agent phrase of an adjunct that opens its clause
AFTER_AGENT = re.compile(r"(?:\s*\([^)]{0,40}\))?\s*,")
#: a clause boundary before the adjunct
CLAUSE_START = re.compile(r"[,;:]|\s(?:que|that)\s", re.I)
#: an actor right after one of these is no subject
PREP_BEFORE = re.compile(r"\b(?:con|with|a|to|de|del|of|por|by|para|for|en|in|ante|entre|between)"
                         r"(?:\s+(?:el|la|los|las|the|su|sus|his|her|their))?"
                         r"(?:\s+[a-záéíóúñ]+){0,3}\s*$", re.I)


@dataclass(frozen=True, slots=True)
class Commission:
    start: int
    end: int  # end of the agent phrase
    askers: tuple[EntityMention, ...]
    asked: tuple[EntityMention, ...]


class Commissions:
    def __init__(self, cues: list[str]):
        words = sorted(cues, key=len, reverse=True)
        alts = [re.sub(r"\\ de$", r"\\s+(?:de|del)", re.escape(c)).replace(r"\ ", r"\s+") for c in words]
        self.cue = re.compile(r"\b(?:" + "|".join(alts) + r")\b", re.I)

    def spans(self, ctx: Context, match: TriggerMatch) -> list[tuple[int, int]]:
        """The commissioning adjuncts of the trigger's sentence (cue to end of the agent phrase)."""
        ss, se = match.sentence
        out = []
        for m in self.cue.finditer(ctx.text, ss, se):
            stop = AGENT_END.search(ctx.text, m.end(), se)
            out.append((m.start(), stop.start() if stop else se))
        return out

    def of(self, ctx: Context, match: TriggerMatch) -> Commission | None:
        """The adjunct whose cue holds the trigger ("instrucciones", "request"), if any."""
        ss, se = match.sentence
        for a, b in self.spans(ctx, match):
            if not a <= match.start < b:
                continue
            actors = [m for m in ctx.mentions if m.type in ACTOR_TYPES and ss <= m.span.start < se
                      and (m.span.start, m.span.end) not in ctx.modifier_spans]
            askers = tuple(m for m in actors if match.end <= m.span.start < b)
            return Commission(a, b, askers, tuple(_asked(ctx, actors, a, b, ss, se)))
        return None


def _asked(ctx: Context, actors: list[EntityMention], a: int, b: int, ss: int, se: int) -> list[EntityMention]:
    """The main clause's subject: the first actor of the adjunct's clause that follows no
    preposition."""
    text = ctx.text
    starts = [m.end() for m in CLAUSE_START.finditer(text, ss, a)]
    left = starts[-1] if starts else ss
    if not text[left:a].strip(" ,"):  # the adjunct opens its clause: the subject follows it
        nxt = AFTER_AGENT.match(text, b, se)  # "de X (@handle), hoy Y …"
        lo = nxt.end() if nxt else b
        stop = CLAUSE_START.search(text, lo, se)
        left, right = lo, stop.start() if stop else se
    else:
        right = a
    for m in actors:
        if left <= m.span.start < right and not PREP_BEFORE.search(text[max(left, m.span.start - 30):m.span.start]):
            return [m]
    return []
