"""Part-of relations between organisations named in the text.

Reads: ``mentions``, ``part_of``, ``text``, ``parsed``. Adds: ``affiliations``
(:class:`kg.model.AffiliationMention`, one per member and parent): from one capitalised run
naming two bodies ("Oficina del Portavoz del Departamento de Estado", "pattern:genitive"), from
a possessive ("the State Department's Bureau of …", "pattern:possessive") and from a list after a
body ("Department of Justice (including the FBI and U.S. Marshals Service)", "Department of
Homeland Security agencies such as CBP and HSI", "pattern:including"; the lexicon's
"member_lists").
"""
from __future__ import annotations

import re

from kg.extract.context import Context
from kg.extract.patterns import QUOTES, alt, phrases
from kg.model import BODY_TYPES, GOVERNMENT_TYPES, AffiliationMention, EntityMention

#: the bodies that may be part of one another, by kind: a government's, international, criminal
KINDS = {"Ministry": "gov", "Agency": "gov", "InternationalOrganization": "io", "CriminalOrganization": "crime"}
#: "X de la Y", "X of the Y" between two bodies found apart
GENITIVE_GAP = re.compile(r"\s+(?:de(?:\s+la|\s+los|\s+las)?|del|of(?:\s+the)?)\s+")

LIST_GAP = re.compile(r"[\s,/]*(?:(?:and|or|y|o)\s+)?(?:the\s+|la\s+|el\s+)?|"
                      r"\s*\([^)]*\)[\s,/]*(?:(?:and|or|y)\s+)?(?:the\s+)?")
SHORT_GAP = re.compile(r"[\s,/()A-Za-z]{0,12}")


class Affiliations:
    reads = ("mentions", "part_of", "doc", "text", "parsed")
    adds = ("affiliations", "mentions")

    def __init__(self, lex: dict, gaz=None):
        cue = lex["member_lists"]
        self.including = re.compile(rf"\s*(?:{alt(cue['nouns'])})?\s*[(,]?\s*(?:{alt(cue['cues'])})\s+")
        part = [c for cs in lex["part_of_cues"].values() for c in cs]
        self.part_cue = re.compile(
            rf"\s*[,(]?\s*(?:(?:which|that)\s+(?:is|are|was|were)\s+|que\s+(?:es|son|era)\s+|(?:is|are|es|son)\s+)?"
            rf"(?:(?:a|an|un|una)\s+)?(?:{phrases(part)})\s+(?:(?:the|la|el|los|las)\s+)?", re.IGNORECASE)
        self.gaz = gaz

    def run(self, ctx: Context) -> None:
        orgs = [m for m in ctx.mentions if m.type in BODY_TYPES]
        out: list[AffiliationMention] = []
        by_start = {m.span.start: m for m in orgs}
        for rel in ctx.part_of:
            mem, par = by_start.get(rel.member.start), by_start.get(rel.parent.start)
            if mem and par and mem.span.end == rel.member.end and par.span.end == rel.parent.end:
                out.append(AffiliationMention(mem, par, ctx.span(rel.member.start, rel.parent.end),
                                              "pattern:genitive", 0.7))
        for i, p in enumerate(orgs):
            # possessive: "the State Department's Bureau of Western Hemisphere Affairs"
            if ctx.text[p.span.end:p.span.end + 3].startswith("'s "):
                nxt = next((o for o in orgs[i + 1:] if o.span.start == p.span.end + 3), None)
                if nxt is not None and nxt.type == "Agency":
                    out.append(AffiliationMention(nxt, p, ctx.span(p.span.start, nxt.span.end),
                                                  "pattern:possessive", 0.75))
            out += self._listed(ctx, p, orgs[i + 1:])
        out += self._cued(ctx) + self._embedded(ctx)
        seen, uniq = set(), []
        for a in out:  # one per (member, parent)
            k = (a.member.span.start, a.parent.span.start)
            if k not in seen:
                seen.add(k)
                uniq.append(a)
        ctx.affiliations = uniq

    def _listed(self, ctx: Context, p: EntityMention, after: list[EntityMention]) -> list[AffiliationMention]:
        """The agencies and ministries listed after ``p`` ("including …", "such as …"): those
        separated only by commas, and/or, an acronym in brackets, or a slash."""
        m = self.including.match(ctx.text, p.span.end)
        if not m:
            return []
        start = m.end()
        close = ctx.text.find(")", start) if "(" in m.group(0) else -1
        stop = min(close if close >= 0 else len(ctx.text), ctx.parsed.sentence_of(start)[1])
        out = []
        prev_end = start
        for o in after:
            if o.span.start >= stop or (o.type == "Ministry" and p.type == "Ministry"
                                        and o.gazetteer_id != p.gazetteer_id and o.span.start > start + 2
                                        and not re.search(r"\(\s*$", ctx.text[prev_end:o.span.start])):
                break
            gap = ctx.text[prev_end:o.span.start]
            if o.span.start > start and not LIST_GAP.fullmatch(gap) and not SHORT_GAP.fullmatch(gap):
                break
            if o.type in GOVERNMENT_TYPES and o.gazetteer_id != p.gazetteer_id:
                out.append(AffiliationMention(o, p, ctx.span(p.span.start, o.span.end), "pattern:including", 0.7))
            prev_end = o.span.end
        return out

    def _cued(self, ctx: Context) -> list[AffiliationMention]:
        """Two bodies of one kind next to each other, with part-of cue words ("X, a unit of Y",
        "X, dependiente de Y") or a genitive ("X de la Y", member not a ministry) between them."""
        out = []
        ms = ctx.mentions
        for a, b in zip(ms, ms[1:]):
            ka, kb = KINDS.get(a.type), KINDS.get(b.type)
            if ka is None or ka != kb or (a.gazetteer_id and a.gazetteer_id == b.gazetteer_id):
                continue
            gap = ctx.text[a.span.end:b.span.start]
            if self.part_cue.fullmatch(gap):
                extractor = "pattern:part-of-cue"
            elif GENITIVE_GAP.fullmatch(gap) and a.type != "Ministry" and not (a.type == "Agency" and b.type == "Agency" and a.gazetteer_id and b.gazetteer_id):
                extractor = "pattern:genitive"
            else:
                continue
            if a.type == "Ministry" and b.type == "Agency":
                continue  # a ministry is not part of an agency
            out.append(AffiliationMention(a, b, ctx.span(a.span.start, b.span.end), extractor, 0.7))
        return out

    def _embedded(self, ctx: Context) -> list[AffiliationMention]:
        """A known body whose name holds a name of its known parent ("U.N. Security Council",
        "Consejo de Seguridad de la ONU"): the parent is named too, and the body is part of it."""
        if self.gaz is None:
            return []
        out, added = [], []
        for m in ctx.mentions:
            e = self.gaz.get(m.gazetteer_id)
            parent = self.gaz.get(e.parent) if e and e.parent else None
            if parent is None:
                continue
            text = m.span.text.translate(QUOTES)
            for form in sorted(parent.surface_forms(), key=len, reverse=True):
                f = form.translate(QUOTES)
                hit = re.search(rf"(?<![\w@]){re.escape(f)}(?![\w])", text) if len(f) >= 2 and f != text else None
                if hit:
                    s = m.span.start + hit.start()
                    pm = EntityMention(ctx.span(s, s + len(f)), parent.type, "gazetteer", 0.9,
                                       gazetteer_id=parent.id, country=parent.country)
                    added.append(pm)
                    out.append(AffiliationMention(m, pm, m.span, "pattern:embedded-parent", 0.8))
                    break
        ctx.mentions = sorted(ctx.mentions + added, key=lambda x: x.span.start)
        return out
