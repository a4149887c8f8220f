"""A government named after its leader: the leader and the state both act. "the Hollis
administration" (a country's mention in the gazetteer) names Hollis too; "the Dana Hollis
administration", "el gobierno Hollis" (a person's mention with the government noun) stand for the
state the gazetteer knows by that phrase too.

In: the context and the actors of an event. Out: the other mentions of the article they stand
for (a state's mention, the leader's fullest name), none made here. The nouns are the lexicon's
``government_nouns``; the states, the gazetteer's aliases of a country named after a leader
(of the "<leader> administration" and "gobierno de <leader>" kind).
"""
from __future__ import annotations

import re

from kg.extract.context import Context
from kg.extract.patterns import NAME_TOK, Patterns
from kg.model import EntityMention


class Governments:
    def __init__(self, pat: Patterns):
        nouns = pat.lex["government_nouns"]
        self.pat = pat
        en, es = "|".join(nouns["en"]), "|".join(nouns["es"])
        self.noun_after = re.compile(rf"(?:'s|’s)?\s+({en})\b", re.I)  # "Hollis administration"
        self.noun_before = re.compile(rf"\b({es})\s+(?:de\s+)?$", re.I)  # "gobierno (de) Hollis"
        self.state_named = re.compile(  # a state's mention named after its leader
            rf"^(?:the\s+)?(?P<a>{NAME_TOK})(?:'s|’s)?\s+(?:{en})$|^(?:{es})\s+(?:de\s+)?(?P<b>{NAME_TOK})$", re.I)

    def also(self, ctx: Context, actors: list[EntityMention]) -> list[EntityMention]:
        out: list[EntityMention] = []
        for m in actors:
            other = self._state_of(ctx, m) if m.type == "Person" else \
                self._leader_of(ctx, m) if m.type == "Country" else None
            if other is not None and other not in actors and other not in out:
                out.append(other)
        return out

    def _state_of(self, ctx: Context, m: EntityMention) -> EntityMention | None:
        surname = (m.name or m.span.text).split()[-1]
        forms = []
        a = self.noun_after.match(ctx.text, m.span.end)
        if a:
            forms += [f"{surname} {a.group(1).lower()}", f"{surname} {a.group(1).capitalize()}"]
        b = self.noun_before.search(ctx.text[max(0, m.span.start - 30):m.span.start])
        if b:
            forms += [f"{b.group(1).lower()} {surname}", f"{b.group(1).lower()} de {surname}"]
        cid = next((self.pat.country_forms[f] for f in forms if f in self.pat.country_forms), None)
        return next((x for x in ctx.mentions if x.type == "Country" and x.gazetteer_id == cid), None) \
            if cid else None

    def _leader_of(self, ctx: Context, m: EntityMention) -> EntityMention | None:
        named = self.state_named.match(m.span.text.strip())
        if named is None:
            return None
        name = named.group("a") or named.group("b")
        people = [x for x in ctx.mentions if x.type == "Person" and (x.name or x.span.text).split()[-1] == name]
        return max(people, key=lambda x: len(x.name or x.span.text), default=None)
