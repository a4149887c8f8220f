"""The occasion a news lead gives: "BEIJING, March 4 -- A spokesperson on Tuesday told …",
"Arango pleaded not guilty on Monday …". The words quoted after the lead ("…," he said) were said
on that occasion: an undated statement, demand, threat or rejection of the lead's speaker (or of
anyone, when the lead names its speaker by a title only: "a spokesperson") takes the lead's date.

Reads: ``text``, ``parsed``, ``times``, ``mentions``, ``events``, the anchors. Changes: the time
of those events. Only where the article has a parse; the lead is the sentence of the article's
first time expression among its first ``lead_sentences`` sentences, whose verb (the first verb
above the expression) is a verb of saying or appearing (lexicon ``occasion_verbs``).
"""
from __future__ import annotations

from kg.extract.context import Context
from kg.extract.events.syntax import VERBAL, subjects
from kg.extract.time import timex
from kg.extract.time.anchors import anchor_at
from kg.model import ACTOR_TYPES, EntityMention

SPOKEN = frozenset({"Statement", "Demand", "Threat", "Rejection"})


class LeadOccasion:
    reads = ("text", "parsed", "times", "mentions", "events", "anchor", "local_anchors")
    adds = ("events",)  # changed: participants or time of the events already there

    def __init__(self, lex: dict):
        conf = lex["occasion_verbs"]
        self.verbs = frozenset(conf["lemmas"])
        self.lead_sentences = int(conf["lead_sentences"])

    def run(self, ctx: Context) -> None:
        if not ctx.parsed.has_parse or not ctx.times:
            return
        t = ctx.times[0]
        if t.start >= self._lead_end(ctx) or ctx.foreign(t.start):
            return
        verb = self._verb(ctx, t.start)
        if verb is None or verb.lemma.lower() not in self.verbs:
            return
        anchor = anchor_at(ctx, t.start)
        time, _ = timex.resolve(t, anchor.date, anchor.kind, "past", us_dates=ctx.doc.lang == "en")
        if time is None or not time.value or time.precision != "day":
            return
        speakers = self._subject_actors(ctx, verb)
        for ev in ctx.events:
            if ev.type in SPOKEN and ev.time is None and ev.status == "occurred" and ev.trigger.start > t.start \
                    and self._by(ev, speakers):
                ev.time = time

    def _lead_end(self, ctx: Context) -> int:
        """The end of the article's first ``lead_sentences`` sentences (a title, a dateline or a
        blank line is none)."""
        end, n = 0, 0
        while n < self.lead_sentences and end < len(ctx.text):
            s, e = ctx.parsed.sentence_of(end)
            end = max(e, end + 1)
            n += len(ctx.text[s:e].split()) > 3
        return end

    @staticmethod
    def _verb(ctx: Context, pos: int):
        tok, seen = ctx.parsed.token_at(pos), set()
        while tok is not None and tok.i not in seen:
            seen.add(tok.i)
            if tok.pos in VERBAL:
                return tok
            if tok.head == tok.i:
                return None
            tok = ctx.parsed.tokens[tok.head]
        return None

    @staticmethod
    def _subject_actors(ctx: Context, verb) -> set[str]:
        """The actors the verb's subject names by its head ("Arango", "the Foreign Ministry"); none
        for a title only ("A Chinese spokesperson": the demonym only qualifies it)."""
        heads = [u for u in subjects(ctx.parsed, verb.i)]
        return {_name(m) for m in ctx.mentions if m.type in ACTOR_TYPES
                and any(m.span.start <= u.start < m.span.end for u in heads)}

    @staticmethod
    def _by(ev, speakers: set[str]) -> bool:
        """Is the event said by the lead's speaker (anyone's, when the lead names none)?"""
        said_by = {_name(p.mention) for p in ev.participants if p.role == "initiator"} or \
            {_name(p.mention) for p in ev.participants}
        return not speakers or bool(said_by & speakers) or any(s.split()[-1] in said_by for s in speakers)


def _name(m: EntityMention) -> str:
    return m.name or m.span.text
