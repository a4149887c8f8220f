"""Whom a measure targets: the country of a demonym in the measure's own phrase ("tariffs on
Mexican imports", "aranceles del 25% a los productos colombianos", "sanciones contra funcionarios
venezolanos") takes part in it.

In: the context, a :class:`kg.extract.records.TriggerMatch`. Out: the country mentions of the
article for those demonyms (a mention of that country elsewhere in the article; none is made
here). The lexicon's ``measure_targets``: the event types, the prepositions that open the target
and how far (characters) after the trigger the demonym may stand.
"""
from __future__ import annotations

import re

from kg.extract.context import Context
from kg.extract.patterns import Patterns
from kg.extract.records import TriggerMatch
from kg.model import EntityMention

#: what ends the measure's phrase before a demonym: another clause or sentence
CLAUSE_END = re.compile(r"[.;:]|\b(?:that|which|who|que|quien|cual)\b", re.I)


class MeasureTargets:
    def __init__(self, pat: Patterns):
        conf = pat.lex["measure_targets"]
        self.pat = pat
        self.types = frozenset(conf["types"])
        self.prep = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in conf["preps"]) + r")\b", re.I)
        self.window = int(conf["window"])

    def of(self, ctx: Context, match: TriggerMatch) -> list[EntityMention]:
        if match.type not in self.types:
            return []
        end = min(match.sentence.end, match.end + self.window)
        out: list[EntityMention] = []
        for hit in self.pat.country_hits(ctx.text[match.end:end]):
            s = match.end + hit.start
            between = ctx.text[match.end:s]
            word = ctx.text[s:match.end + hit.end]
            if word.lower() not in self.pat.demonym_forms or CLAUSE_END.search(between) \
                    or not self.prep.search(between):
                continue
            country = next((m for m in ctx.mentions if m.type == "Country" and m.gazetteer_id == hit.country), None)
            if country is not None and country not in out:
                out.append(country)
        return out
