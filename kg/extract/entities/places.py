"""Place candidates from location prepositions and nouns of place.

Reads: ``text``, ``parsed``, ``candidates``. Adds: ``candidates`` (extractor "pattern:place", the
least trusted source: any other reading of the words wins). A capitalised run after a preposition
of place ("en Tacna", "desde La Paz", "en el Beni"; the lexicon's "place_preps") or a noun of
place ("municipio de Saric", "ejido San Vicente", 'rancho "El Venado"'; "place_nouns"),
and the single capitalised words that follow it after commas or "y" ("en Tacna, Moquegua",
"hacia Estados Unidos y Europa"), are places unless a
word of the run is a title, a headword of a body, a given name, a calendar word or a word the
lexicon says is no entity, or a demonym ("in Mexican territory"). Without statistical entities (the
Spanish path) nothing else finds places outside the gazetteer; with them, this finds the names the
model misses ("in Paraíso de Cuernavaca, Morelos"), and any other reading wins.
"""
from __future__ import annotations

import re

from kg.extract.context import Context
from kg.extract.patterns import CAP_TOK, Patterns, phrases
from kg.extract.records import Candidate
from kg.extract.time.timex import CALENDAR_WORDS

#: a place's name: capitalised words, with "de", "del", "la", "los" inside ("Paraíso de Cuernavaca")
PLACE_NAME = rf"(?:(?:El|La|Los|Las)\s+)?{CAP_TOK}(?:\s+(?:(?:de|del|de la|de los)\s+)?{CAP_TOK}){{0,4}}"


class PlaceCandidates:
    reads = ("text", "parsed", "candidates")
    adds = ("candidates",)

    def __init__(self, pat: Patterns):
        self.pat = pat
        self.after_prep = re.compile(
            rf"(?<![\w])(?:(?:{phrases(pat.lex['place_preps'])})\s+(?:(?:el|la|los|las)\s+)?|"
            rf"(?:{phrases(pat.lex['place_nouns'])})\s+[\"']?)(?P<place>{PLACE_NAME})"
            rf"(?P<more>(?:(?:,\s+|\s+(?:y|and)\s+){PLACE_NAME})*)")
        self.name = re.compile(PLACE_NAME)
        self.not_place = set(pat.title_words) | pat.org_heads | pat.non_entity | pat.media_heads
        self.languages = set(pat.lex["language_names"]["names"])
        self.given = pat.given  # a run that starts with a given name is a person's ("San Vicente" is not)

    def run(self, ctx: Context) -> None:
        for m in self.after_prep.finditer(ctx.text):
            if ctx.is_headline(m.start()):
                continue
            spans = [m.span("place")]
            pos = m.start("more")
            for n in self.name.finditer(ctx.text, pos, m.end("more")):
                if " " not in n.group(0):  # "en Tacna, Perú"; not "en México, Ana Ruiz"
                    spans.append(n.span())
            if ctx.parsed.has_ner and not self._toponym(ctx.text, m):
                continue  # the model read the rest; a plain "in X" there is a team, a cup, a text
            if not self._plausible(ctx.text[slice(*spans[0])]):
                continue  # "in Arabic, Mills said": what follows a non-place is no place either
            for s, e in spans:
                if self._plausible(ctx.text[s:e]):
                    ctx.candidates.append(Candidate(s, e, "Place", "pattern:place", 0.55))

    @staticmethod
    def _toponym(text: str, m: re.Match) -> bool:
        """Where a statistical model ran: only names shaped as Spanish toponyms ("Paraíso de
        Cuernavaca") or followed by their region ("Kelowna, British Columbia")."""
        name = m.group("place")
        return bool(re.search(r"\s(?:de|del|de la|de los)\s", name)) or bool(m.group("more")) \
            or bool(re.match(r",\s+[A-ZÁÉÍÓÚÑ]", text[m.end("place"):m.end("place") + 3]))

    def _plausible(self, name: str) -> bool:
        words = [w for w in name.split() if w[:1].isupper()]
        if not words or words[0] in self.languages or "'" in words[0] or "’" in words[0]:
            return False  # "in Arabic", "and I'm"
        return words[0].rstrip(".,") not in self.given and not any(
            w.rstrip(".,") in self.not_place or w.lower() in CALENDAR_WORDS or w.isupper()
            or w.lower() in self.pat.demonym_forms for w in words)
