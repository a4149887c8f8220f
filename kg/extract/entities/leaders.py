"""Leaders named by their government: "the Hollis administration", "the Ferrer government", "la
administración Hollis", "el gobierno de Montalvo".

Reads: ``mentions``, ``text``. Adds: ``mentions`` (a Person mention for the leader's name, also
where the whole phrase is a country's mention: "the Hollis administration" stands for its country
and names Hollis). The name is one or two capitalised words that are no country,
demonym, known body or cue word; the lexicon's "government_nouns".
"""
from __future__ import annotations

import re

from kg.extract.context import Context
from kg.extract.patterns import NAME_TOK, Patterns, phrases
from kg.model import EntityMention

HYPHEN = r"[\-‐‑–]"


class LeaderMentions:
    reads = ("mentions", "text")
    adds = ("mentions",)

    def __init__(self, pat: Patterns):
        self.pat = pat
        nouns = pat.lex["government_nouns"]
        self.not_names = set(nouns["not_names"])
        name = rf"{NAME_TOK}(?:{HYPHEN}{NAME_TOK})?"
        self.before = re.compile(  # "the Hollis administration", "the Hollis-Quist administration"
            rf"(?<![\w.])(?P<name>{name})(?:'s|’s)?\s+(?:{phrases(nouns['en'])})\b")
        self.after = re.compile(  # "la administración Hollis", "el gobierno de Montalvo"
            rf"\b(?:{phrases(nouns['es'])})\s+(?:(?:de|del)\s+(?:(?:presidente|presidenta)\s+)?)?"
            rf"(?P<name>{name})(?![\w.]|\s+{NAME_TOK})")

    def run(self, ctx: Context) -> None:
        added, dropped = [], []
        for rx in (self.before, self.after):
            for m in rx.finditer(ctx.text):
                for s, e in self._names(ctx.text, *m.span("name")):
                    if not self._leader_name(ctx, s, e):
                        continue
                    # statistical NER's other reading of the same name gives way ("Ferrer" a place)
                    same = [o for o in ctx.mentions if (o.span.start, o.span.end) == (s, e)]
                    if all(o.extractor == "ner" and o.type != "Person" for o in same):
                        dropped += same
                        added.append(EntityMention(ctx.span(s, e), "Person",
                                                   "pattern:government-of", 0.7))
        ctx.update_mentions(added, dropped)

    @staticmethod
    def _names(text: str, start: int, end: int) -> list[tuple[int, int]]:
        """"Hollis-Quist": two names."""
        out, pos = [], start
        for part in re.split(HYPHEN, text[start:end]):
            out.append((pos, pos + len(part)))
            pos += len(part) + 1
        return out

    def _leader_name(self, ctx: Context, s: int, e: int) -> bool:
        word = ctx.text[s:e]
        before = ctx.text[max(0, s - 30):s].split()
        if before and before[-1][:1].isupper() and not ctx.sentence_initial(s - len(before[-1]) - 1):
            return False  # the end of a longer name ("Estados Unidos", "Casa Blanca")
        if word in self.pat.non_entity or word in self.not_names or word in self.pat.country_forms or \
                self.pat.country_of(word) or self.pat.form_index.get(word) or \
                word.lower() in self.pat.title_forms or ctx.sentence_initial(s) and word in ("The", "El", "La"):
            return False
        # not inside a longer mention of a person or an unknown body: that one says who it is
        return not any(m.span.start <= s and e <= m.span.end and (m.span.start, m.span.end) != (s, e)
                       and (m.type == "Person" or not m.gazetteer_id) for m in ctx.mentions)
