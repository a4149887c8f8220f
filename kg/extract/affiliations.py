"""Part-of relations between organisations named in the text.

Reads: ``mentions``, ``part_of``, ``text``, ``parsed``. Adds: ``affiliations``
(:class:`kg.model.AffiliationMention`, one per member and parent): from one capitalised run
naming two bodies ("Oficina del Portavoz del Departamento de Estado", "pattern:genitive"), from
a possessive ("the State Department's Bureau of …", "pattern:possessive") and from a list after a
body ("Department of Justice (including the FBI and U.S. Marshals Service)", "Department of
Homeland Security agencies such as CBP and HSI", "pattern:including"; the lexicon's
"member_lists"), from cue words or a description between two bodies ("X, a unit of Y", "X, the
investigative arm of Y", "X, which falls under Y", "X, una célula del Y", "X, a Y agency";
"part_of_cues", "part_of_frames"). Two kinds of member are named here first: a unit after a
body's possessive ("the Justice Department's Criminal Division") and an untyped group described
as one of a criminal organisation ("'Los Toros', a criminal group linked to the Red Viper Cartel").
"""
from __future__ import annotations

import re

from kg.extract.context import Context
from kg.extract.patterns import CAP_RUN, QUOTES, alt, phrases
from kg.model import BODY_TYPES, GOVERNMENT_TYPES, AffiliationMention, EntityMention

#: the bodies that may be part of one another, by kind: a government's, international, criminal
KINDS = {"Ministry": "gov", "Agency": "gov", "InternationalOrganization": "io", "CriminalOrganization": "crime"}
#: "X de la Y", "X of the Y" between two bodies found apart (the member's acronym may come
#: between: "Agencia de Investigación Criminal (AIC) de la Y")
GENITIVE_GAP = re.compile(r"(?:\s*\([^()\s]{2,12}\))?\s+(?:de(?:\s+la|\s+los|\s+las)?|del|of(?:\s+the)?)\s+")
DETERMINER = r"(?:the|a|an|its|el|la|los|las|un|una|su)"
OPEN, CLOSE = "'\"‘“«", "'\"’”»"

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
        frames = lex["part_of_frames"]
        nouns, links, verbs = (phrases([w for ws in frames[k].values() for w in ws])
                               for k in ("nouns", "links", "verbs"))
        rel = r"(?:(?:which|that)\s+(?:is|are|was|were)\s+|que\s+(?:es|son|era|fue)\s+)?"
        # "X, the investigative arm of Y", "X, una célula del Y"
        self.part_frame = re.compile(
            rf"[\s{CLOSE}]*[,(]\s*{rel}(?i:{DETERMINER})\s+(?:[a-záéíóúñü\-]+\s+){{0,3}}?(?i:{nouns})\s+"
            rf"(?i:{links})\s+(?:(?i:the|la|el|los|las)\s+)?[{OPEN}]?")
        # "X, which falls under Y", "X, que depende de la Y"
        self.part_verb = re.compile(
            rf"\s*[,(]?\s*(?:(?:which|that|que)\s+)?(?i:{verbs})\s+(?:(?i:the|la|el|los|las)\s+)?")
        # "X, a Y agency": the described parent, then one of the nouns
        self.compound_gap = re.compile(r"\s*,\s*(?:a|an|the)\s+")
        self.compound_noun = re.compile(rf"\s+(?:{nouns})\b")
        crime = phrases([w for ws in frames["crime_nouns"].values() for w in ws])
        # "'Los Toros', a criminal group linked to the": an untyped name described as a group
        self.crime_member = re.compile(
            rf"(?:[{OPEN}](?P<q>[^{OPEN}{CLOSE}\n]{{2,40}}?)[{CLOSE}]|(?P<n>{CAP_RUN.pattern}))"
            rf"[\s{CLOSE}]*[,(]\s*{rel}(?i:{DETERMINER})\s+(?:[a-záéíóúñü\-]+\s+){{0,3}}?"
            rf"(?i:{crime})\s+(?i:{links})\s+(?:(?i:the|la|el|los|las)\s+)?[{OPEN}]?$")
        heads = frames["sub_body_heads"] + lex["agency_heads"]
        self.sub_body = re.compile(rf"{CAP_RUN.pattern}")
        self.sub_heads = tuple(heads)
        self.gaz = gaz

    def run(self, ctx: Context) -> None:
        self._described_groups(ctx)
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
            if ctx.text[p.span.end:p.span.end + 3].translate(QUOTES).startswith("'s ") and \
                    KINDS.get(p.type) == "gov":
                nxt = next((o for o in orgs[i + 1:] if o.span.start == p.span.end + 3), None)
                if nxt is None:
                    nxt = self._unit_after(ctx, p)
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

    def _described_groups(self, ctx: Context) -> None:
        """"'Los Toros', a criminal group linked to the Red Viper Cartel": the untyped name before
        a group's description whose parent is a criminal organisation is one too (a new
        mention; the part-of is then found like any other)."""
        added, dropped = [], []
        for b in ctx.mentions:
            if b.type != "CriminalOrganization":
                continue
            m = self.crime_member.search(ctx.text, b.span.sent_start, b.span.start)
            if not m:
                continue
            s, e = m.span("q" if m.group("q") else "n")
            overlap = [o for o in ctx.mentions if o.span.start < e and s < o.span.end]
            if all(o.extractor == "ner" for o in overlap):  # the description outweighs NER's type
                dropped += overlap
                added.append(EntityMention(ctx.span(s, e), "CriminalOrganization",
                                           "pattern:described-group", 0.7))
        ctx.update_mentions(added, dropped)

    def _unit_after(self, ctx: Context, p: EntityMention) -> EntityMention | None:
        """"the Justice Department's Criminal Division": a capitalised name right after a
        body's possessive that ends in a unit's headword names a unit of that body (a new
        Agency mention, of the body's country)."""
        m = self.sub_body.match(ctx.text, p.span.end + 3)
        if not m or not m.group(0).endswith(self.sub_heads) or \
                any(o.span.start < m.end() and m.start() < o.span.end for o in ctx.mentions):
            return None
        unit = EntityMention(ctx.span(m.start(), m.end()), "Agency", "pattern:possessive-unit",
                             0.7, country=p.country)
        ctx.update_mentions([unit])
        return unit

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
        ms = [m for i, m in enumerate(ctx.mentions)
              if not (i and _bracketed_after(ctx.text, ctx.mentions[i - 1], m))]
        for a, b in zip(ms, ms[1:]):
            ka, kb = KINDS.get(a.type), KINDS.get(b.type)
            if ka is None or ka != kb or (a.gazetteer_id and a.gazetteer_id == b.gazetteer_id):
                continue
            gap = ctx.text[a.span.end:b.span.start]
            if self.part_cue.fullmatch(gap) or self.part_frame.fullmatch(gap) or \
                    self.part_verb.fullmatch(gap):
                extractor = "pattern:part-of-cue"
            elif self.compound_gap.fullmatch(gap) and self.compound_noun.match(ctx.text, b.span.end):
                extractor = "pattern:described-parent"
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
            hit = _parent_in_name(m.span.text.translate(QUOTES), parent)
            if hit:
                s = m.span.start + hit[0]
                pm = EntityMention(ctx.span(s, s + hit[1]), parent.type, "gazetteer", 0.9,
                                   gazetteer_id=parent.id, country=parent.country)
                added.append(pm)
                out.append(AffiliationMention(m, pm, m.span, "pattern:embedded-parent", 0.8))
        ctx.update_mentions(added)
        return out


def _parent_in_name(text: str, parent) -> tuple[int, int] | None:
    """Where a name of ``parent`` is inside the body's name ``text``: one of its names, or a
    possessive with the last word of one ("Treasury's Office of Foreign Assets Control")."""
    for form in sorted(parent.surface_forms(), key=len, reverse=True):
        f = form.translate(QUOTES)
        hit = re.search(rf"(?<![\w@]){re.escape(f)}(?![\w])", text) if len(f) >= 2 and f != text else None
        if hit:
            return hit.start(), len(f)
    owner = re.match(r"(?:the\s+)?([A-Z][\w.\-]+)'s\s", text)
    if owner and any(f.split()[-1] == owner.group(1) for f in parent.surface_forms() if " " in f):
        return owner.start(1), len(owner.group(1))
    return None


def _bracketed_after(text: str, prev: EntityMention, m: EntityMention) -> bool:
    """``m`` is the bracketed short name right after ``prev``: "Unidad de Inteligencia
    Financiera (UIF)"."""
    return text[prev.span.end:m.span.start].strip() == "(" and text[m.span.end:m.span.end + 1] == ")"
