"""Event triggers: where a trigger pattern of ``kg/data/triggers.jsonl`` matches a sentence.

In: the context (``text``, ``parsed`` sentences, ``mentions``, ``ignore``). Out: a list of
:class:`kg.extract.records.TriggerMatch` in text order, each with the other triggers kept in its
sentence. Headlines, section titles, questions, boilerplate and sentences of fewer than four
words have no events; a sentence in the other language than the article's is matched with that
language's patterns; where matches overlap the earlier (then longer) one is kept, and a match
inside an entity's name ("Operation Northern Border") is no trigger.
"""
from __future__ import annotations

from dataclasses import replace

from kg.data import Trigger
from kg.extract.context import Context
from kg.extract.events.frames import announced_threat, frame_matches, restyle
from kg.extract.records import Range, TriggerMatch

OTHER_LANGUAGE = {"en": "es", "es": "en"}


class TriggerFinder:
    def __init__(self, triggers: list[Trigger]):
        self.triggers = triggers

    def find(self, ctx: Context) -> list[TriggerMatch]:
        out: list[TriggerMatch] = []
        for ss, se in ctx.parsed.sentences:
            if self._has_events(ctx, ss, se):
                kept = self._kept(ctx, Range(ss, se))
                out += [replace(k, others=tuple(Range(o.start, o.end) for o in kept if o.start != k.start))
                        for k in kept]
        return out

    def _kept(self, ctx: Context, sentence: Range) -> list[TriggerMatch]:
        """The sentence's matches without overlaps and without those inside names (the other
        triggers of the sentence not yet filled in)."""
        ss, se = sentence
        lang = OTHER_LANGUAGE.get(ctx.doc.lang, ctx.doc.lang) if ctx.foreign(ss) else ctx.doc.lang
        sent = ctx.text[ss:se]
        matches = []
        use_parse = ctx.parsed.has_parse and not ctx.foreign(ss)
        for trig in self.triggers:
            if trig.lang not in (lang, "any"):
                continue  # English patterns on English sentences, Spanish on Spanish
            if trig.frame is not None:
                matches += frame_matches(ctx, sentence, trig, lang, use_parse)
                continue
            for m in trig.pattern.finditer(sent):
                matches.append(TriggerMatch(ss + m.start(), ss + m.end(), trig, sentence))
        matches.sort(key=lambda x: (x.start, -(x.end - x.start)))
        kept: list[TriggerMatch] = []
        names = ctx.mention_spans()
        for t in matches:
            if any(t.start < k.end and k.start < t.end for k in kept):
                continue
            if any(t.start >= ms and t.end <= me for ms, me in names):
                continue  # inside a name ("Security Implementation Group", "Operation Northern Border")
            kept.append(t)
        restylers = [t for t in self.triggers if t.restyles and t.lang == lang]
        kept = [restyle(ctx, k, restylers, kept) for k in kept]
        announcing = {t.type: t.announced_threat for t in self.triggers if t.announced_threat and t.lang == lang}
        threats = [announced_threat(ctx, k, use_parse, announcing.get(k.type)) for k in kept]
        return sorted(kept + [t for t in threats if t is not None], key=lambda x: x.start)

    @staticmethod
    def _has_events(ctx: Context, ss: int, se: int) -> bool:
        sent = ctx.text[ss:se]
        return not (ctx.is_headline(ss) or len(sent.split()) < 4 or sent.rstrip().endswith("?")
                    or ctx.ignored(ss) or _title_line(ctx.text, ss, se))


def _title_line(text: str, ss: int, se: int) -> bool:
    """A line of its own with no closing punctuation: a headline or section title."""
    sent = text[ss:se].strip()
    ls = text.rfind("\n", 0, ss) + 1
    le = text.find("\n", ss)
    line = text[ls:le if le >= 0 else len(text)].strip()
    return sent == line and not line.endswith(('.', '"', ':', '!', '?', ')')) and len(line.split()) <= 16
