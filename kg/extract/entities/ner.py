"""Entity candidates from the statistical NER (where the language's model has one).

Reads: ``text``, ``parsed`` (entity spans). Adds: ``candidates`` (extractor "ner") and
``part_of``. Persons without the titles the model took in ("President X"); places (GPE, LOC,
FAC), joined to a demonym just before ("Latin America"); organisations only where headwords
type them or a media cue precedes them; a lone capitalised word called ORG is, in this domain,
more often a surname than a firm (low confidence). Headlines, sentences in another language and
spans that are common words elsewhere in the text are left out.
"""
from __future__ import annotations

import re

from kg.extract.context import Context
from kg.extract.entities.headwords import HeadwordTyper
from kg.extract.patterns import Patterns, phrases
from kg.extract.records import Candidate
from kg.nlp.parsed import NerSpan


class NerCandidates:
    reads = ("doc", "text", "parsed")
    adds = ("candidates", "part_of")

    def __init__(self, pat: Patterns, typer: HeadwordTyper):
        self.pat, self.typer = pat, typer
        cues = [p for p in pat.lex["place_preps"] if p.isascii()] + pat.lex["place_nouns"]
        self.place_before = re.compile(rf"\b(?:{phrases(cues)})\s+$")

    def run(self, ctx: Context) -> None:
        for ent in ctx.parsed.ents:
            text = ctx.text[ent.start:ent.end]
            s, e = ent.start, ent.end
            if text.lower().startswith("the "):
                s += 4
                text = text[4:]
            if ctx.is_headline(s) or not text or not text[0].isupper() or ctx.foreign(s):
                continue
            if text.split()[0] in self.pat.non_entity or any(c.isdigit() for c in text):
                continue
            if ent.label in ("PERSON", "PER"):
                self._person(ctx, s, e, text)
            elif ent.label in ("GPE", "LOC", "FAC"):
                self._place(ctx, ent, s, e, text)
            elif ent.label == "ORG":
                self._organisation(ctx, s, e, text)

    def _person(self, ctx: Context, s: int, e: int, text: str) -> None:
        if re.search(r"[()\[\]{}<>]", text):
            return  # "Juan (Valencia": a tokenisation slip, not a name
        words = text.split()
        # strip titles the model took into the name ("President Vasquel")
        while words and words[0] in self.pat.title_words:
            s = ctx.text.index(words[1], s + len(words[0])) if len(words) > 1 else e
            words = words[1:]
        if not words or any(self._common_word(ctx, w) or w in self.pat.title_words for w in words):
            return
        if self._common_noun(ctx, s, e):
            return  # a capitalised common noun ("our two Countries"), no name
        if self._placed(ctx, s, e, words):
            ctx.candidates.append(Candidate(s, e, "Place", "ner", 0.6))
            return
        ctx.candidates.append(Candidate(s, e, "Person", "ner", 0.75))

    def _placed(self, ctx: Context, s: int, e: int, words: list[str]) -> bool:
        """A "person" right after a place preposition or noun ("arrested in Guayaquil", "the port
        of Callao") that starts with no given name and is no one's possessive is a place the
        model took for a person."""
        if words[0] in self.pat.given or ctx.text[e:e + 2] in ("'s", "’s") or len(words) > 3:
            return False
        return bool(self.place_before.search(ctx.text, max(0, s - 30), s))

    @staticmethod
    def _common_noun(ctx: Context, s: int, e: int) -> bool:
        """Are the words common nouns the parse lemmatises in lower case ("Countries": country)?"""
        toks = ctx.parsed.tokens_in(s, e)
        return bool(toks) and all(t.pos == "NOUN" and t.lemma.islower() for t in toks)

    def _common_word(self, ctx: Context, word: str) -> bool:
        """Does ``word`` also appear in lower case in the text (not as a name particle), so is not
        only a name?"""
        return word.lower() in ctx.lower_words and word.lower() not in self.pat.particles

    def _place(self, ctx: Context, ent: NerSpan, s: int, e: int, text: str) -> None:
        if len(text.split()) == 1 and ctx.sentence_initial(s) and text not in self.pat.form_index:
            return
        toks = ctx.parsed.tokens_in(s, e)
        if len(toks) > 1 and toks[-1].text.islower() and toks[-1].dep == "compound":
            return  # "Canada's Pacific coast province": a description of the place, no name
        prev = next((x for x in ctx.parsed.ents if x.label == "NORP" and x.end + 1 == ent.start), None)
        if prev is not None:
            s = prev.start  # "Hispanic America", "Latin America"
        ctx.candidates.append(Candidate(s, e, "Place", "ner", 0.6))

    def _organisation(self, ctx: Context, s: int, e: int, text: str) -> None:
        """Only organisations we can type; the rest (companies, universities) are not actors."""
        typed = self.typer.split(ctx.text, s, e)
        ctx.part_of.extend(typed.part_of)
        if typed.pieces:
            ctx.candidates.extend(self.typer.candidate(ctx.text, p, "ner", 0.7) for p in typed.pieces)
        elif self.pat.media_before.search(ctx.text[max(0, s - 25):s]):
            ctx.candidates.append(Candidate(s, e, "Media", "ner", 0.6))
        elif len(text.split()) == 1 and not text.isupper() and text not in self.pat.title_words \
                and text not in self.pat.org_heads and not self._common_word(ctx, text) \
                and not self._common_noun(ctx, s, e):
            # a lone capitalised word the model calls ORG is, in this domain, more often a
            # surname ("Ferrer confirmed") than a firm; resolution joins it to a full name from
            # the corpus (low confidence: kg explain shows it); after "in", "port of" a place
            placed = self._placed(ctx, s, e, text.split())
            ctx.candidates.append(Candidate(s, e, "Place" if placed else "Person", "ner", 0.5))
