"""Settling the candidates: one entity mention per stretch of text.

Reads: ``candidates``, ``ignore``, ``text``. Adds: ``mentions`` (in text order). Candidates in
boilerplate are dropped; where candidates overlap, the most trusted source wins
(:data:`kg.extract.records.TRUST`), then the longer span. A mention takes the country of its
gazetteer entry, else of a country named just before it ("Mexican", "Canada's"). A person named by
the front of one full name of the article ("Juan Ramón", "Lin") takes that full name; a "person"
with a plural article ("Los Cabrera") is a criminal group where its sentence speaks of one.
"""
from __future__ import annotations

import re

from kg.extract.context import Context
from kg.extract.patterns import Patterns, any_word
from kg.extract.records import Candidate
from kg.model import EntityMention

#: sources whose candidates only claim their words: a social network as a channel, a nickname
NO_ENTITY = ("pattern:channel", "pattern:nickname")

#: a name with a plural article: a family or a group, not one person ("Los Cabrera")
PLURAL_NAME = re.compile(r"(?:Los|Las|The)\s+[A-ZÁÉÍÓÚÑ]")


class Settle:
    reads = ("candidates", "ignore", "doc", "text", "parsed")
    adds = ("mentions",)

    def __init__(self, pat: Patterns):
        self.pat = pat
        self.criminal_cues = any_word(pat.lex["criminal_cues"])

    def run(self, ctx: Context) -> None:
        cands = [c for c in ctx.candidates if not ctx.ignored(c.start)]
        cands.sort(key=lambda c: (-c.trust, -(c.end - c.start), c.start))
        taken: list[tuple[int, int]] = []
        out = []
        for c in cands:
            if any(c.start < e and s < c.end for s, e in taken):
                continue
            if c.extractor == "ner" and c.type == "Place":
                # unknown GPE/LOC: a country only if the gazetteer says so; else a place
                ids = self.pat.form_index.get(ctx.text[c.start:c.end])
                c = Candidate(c.start, c.end, "Place", c.extractor, c.confidence, ids[0] if ids else None)
            taken.append((c.start, c.end))
            if c.extractor in NO_ENTITY:
                continue  # a social network as a channel, a nickname: no entity
            e = self.pat.gaz.get(c.gazetteer_id)
            out.append(EntityMention(
                span=ctx.span(c.start, c.end), type=c.type, extractor=c.extractor,
                confidence=c.confidence, gazetteer_id=c.gazetteer_id,
                country=(e.country if e else None) or c.country or self._country_before(ctx.text, c.start),
                name=c.name))
        out.sort(key=lambda m: m.span.start)
        self._front_forms(out)
        ctx.mentions = [self._plural_name(ctx, m) for m in out]

    def _plural_name(self, ctx: Context, m: EntityMention) -> EntityMention:
        """A 'person' named with a plural article ("Los Cabrera") is a family's criminal group
        where its sentence speaks of one (the lexicon's "criminal_cues")."""
        if m.type != "Person" or m.gazetteer_id or not PLURAL_NAME.match(m.span.text):
            return m
        ss, se = ctx.parsed.sentence_of(m.span.start)
        if not self.criminal_cues.search(ctx.text[ss:se]):
            return m
        return EntityMention(m.span, "CriminalOrganization", m.extractor, m.confidence, country=m.country)

    @staticmethod
    def _front_forms(mentions: list[EntityMention]) -> None:
        """A person named by the front of one full name of the article ("Juan Ramón" of "Juan
        María Ruiz", "Tao" of "Tao Wen"): that person, where no other full name of the
        article begins so."""
        fulls = {m.name or m.span.text for m in mentions if m.type == "Person"}
        fulls = {f for f in fulls if len(f.split()) >= 2}
        for m in mentions:
            if m.type != "Person" or m.name:
                continue
            toks = m.span.text.split()
            if not toks or toks[0][:1].islower():
                continue
            longer = {f for f in fulls if f.split()[:len(toks)] == toks and len(f.split()) > len(toks)}
            if len(longer) == 1:
                m.name = next(iter(longer))

    def _country_before(self, text: str, start: int) -> str | None:
        m = re.search(r"([\w.]+(?:\s[\w.]+)?)(?:'s)?\s+$", text[max(0, start - 20):start])
        return self.pat.country_of(m.group(1)) if m else None
