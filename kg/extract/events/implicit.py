"""Implicit agents: an event done by a body the text describes only by its country ("police in
Bolivia arrested …", "authorities in Peru seized …", "las autoridades en Perú decomisaron …").

In: the context, a trigger match (and its scope, without a parse). Out: the character ranges of
the countries that do the event, for :class:`kg.extract.records.EventScope` ``agents``. The
described heads and the prepositions come from the lexicon (``implicit_agents``). With a parse:
the head is the trigger verb's subject or its passive agent ("by authorities in Ecuador"), the
country the object of its preposition. Without one: the head, a preposition and the country
stand before the trigger in its clause, with no other actor between the country and the trigger.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.context import Context
from kg.extract.events.syntax import VERBAL, subjects, subtree
from kg.extract.records import EventScope, Range, TriggerMatch
from kg.model import ACTOR_TYPES
from kg.nlp.parsed import Token

DETERMINERS = r"(?:(?:the|la|el|los|las)\s+)?"
FROM_COUNTRY = re.compile(r"\s+(?:desde|from)\s+" + DETERMINERS, re.I)


@dataclass(frozen=True)
class ImplicitAgents:
    lex: dict

    def on_parse(self, ctx: Context, toks: list[Token]) -> tuple[Range, ...]:
        heads = frozenset(self.lex.get("en", []))
        preps = frozenset(self.lex.get("preps", {}).get("en", []))
        verb = next((t for t in toks if t.pos in VERBAL), None)
        if verb is None or not heads:
            return ()
        parsed = ctx.parsed
        cands = subjects(parsed, verb.i)
        for c in parsed.children.get(verb.i, []):
            if parsed.tokens[c].dep == "agent":
                cands += [parsed.tokens[g] for g in parsed.children.get(c, []) if parsed.tokens[g].dep == "pobj"]
        out: list[Range] = []
        for head in cands:
            if head.lemma.lower() not in heads and head.text.lower() not in heads:
                continue
            for p in parsed.children.get(head.i, []):
                if parsed.tokens[p].dep == "prep" and parsed.tokens[p].text.lower() in preps:
                    idx = subtree(parsed, p)
                    lo, hi = min(parsed.tokens[i].start for i in idx), max(parsed.tokens[i].end for i in idx)
                    out += [Range(m.span.start, m.span.end) for m in ctx.mentions
                            if m.type == "Country" and lo <= m.span.start < hi]
        return tuple(out)

    @staticmethod
    def removed_from(ctx: Context, toks: list[Token], match: TriggerMatch) -> tuple[Range, ...]:
        """"gang members deported from the United States": where the frame's role scheme makes a
        "from" phrase the agent, the country or body in it (on the parse)."""
        frame = match.trigger.frame
        if frame is None or frame.role_of(match.voice, "from") != "initiator":
            return ()
        parsed = ctx.parsed
        out: list[Range] = []
        for t in toks:
            for p in parsed.children.get(t.i, []):
                if parsed.tokens[p].dep == "prep" and parsed.tokens[p].text.lower() == "from":
                    idx = subtree(parsed, p)
                    lo, hi = min(parsed.tokens[i].start for i in idx), max(parsed.tokens[i].end for i in idx)
                    out += [Range(m.span.start, m.span.end) for m in ctx.mentions
                            if m.type in ACTOR_TYPES and lo <= m.span.start < hi]
        return tuple(out)

    def on_text(self, ctx: Context, match: TriggerMatch, scope: EventScope, lang: str) -> tuple[Range, ...]:
        frame = match.trigger.frame
        if frame is not None and frame.role_of(match.voice, "from") == "initiator":
            after = FROM_COUNTRY.match(ctx.text, match.end, match.sentence.end)
            found = [m for m in ctx.mentions if after and m.type in ACTOR_TYPES and m.span.start == after.end()]
            if found:
                return (Range(found[0].span.start, found[0].span.end),)  # "deportados desde México"
        heads, preps = self.lex.get(lang, []), self.lex.get("preps", {}).get(lang, [])
        if not heads or not preps or match.voice == "nominal" or not scope.region:
            return ()
        before = re.compile(rf"\b(?:{'|'.join(map(re.escape, heads))})\s+(?:[^\W\d]+\s+)?"
                            rf"(?:{'|'.join(map(re.escape, preps))})\s+{DETERMINERS}$", re.I)
        lo = min(r.start for r in scope.region)
        out = []
        for m in ctx.mentions:
            if m.type == "Country" and lo <= m.span.start and m.span.end <= match.start \
                    and before.search(ctx.text[max(match.sentence.start, m.span.start - 60):m.span.start]) \
                    and not any(x.type in ACTOR_TYPES and m.span.end <= x.span.start < match.start
                                for x in ctx.mentions):
                out.append(Range(m.span.start, m.span.end))
        return tuple(out)
